/// How a result was reached, as values tests and tools can read (instead of
/// the English of ``SolveReport/diagnostics``): the route a solver took, what
/// proves an `optimal` claim, and the sizes of the candidate-pair path.
public struct SolveStatistics: Hashable, Sendable {
    /// The path a solve took.
    public enum Route: String, Hashable, Sendable, CaseIterable {
        /// The exact min-cost-flow solver (`NetworkFlowSolver`, Hungarian family) on the dense problem.
        case network
        /// Candidate pairs with pricing of every other pair (column generation) on the network.
        case candidatePricing
        /// The integer program, solved by GLPK's branch and bound.
        case integerProgram
        /// The integer program on priced candidate pairs (price and branch).
        case pricedIntegerProgram
        /// The Lagrangian heuristic with its subgradient bound.
        case lagrangian
        /// Edmonds' blossom algorithm on a pool's candidate pairs, with pricing (``PoolProblem``).
        case blossom
    }

    /// What proves an `optimal` claim.
    public enum Proof: String, Hashable, Sendable, CaseIterable {
        /// Dual potentials whose bound, recomputed by ``DualBound``, meets the objective.
        case dualPotentials
        /// Branch and bound, confirmed by an independent network relaxation's dual bound.
        case branchAndBoundConfirmed
        /// Branch and bound alone, within a tolerance below the smallest score gap.
        case branchAndBound
        /// The LP relaxation over every pair meets the matching.
        case linearRelaxation
        /// The Lagrangian bound meets the matching.
        case lagrangianBound
        /// Odd-set (blossom) duals whose bound, recomputed by ``OddSetBound``, meets the matching.
        case oddSetDuals
    }

    /// The route, when a solver recorded it.
    public var route: Route?
    /// The proof of an `optimal` claim; `nil` for other results.
    public var proof: Proof?
    /// Pricing rounds of the candidate-pair path (see ``rounds`` for each).
    public var pricingRounds: Int?
    /// Candidate pairs in the last round.
    public var candidatePairs: Int?
    /// Pairs allowed in all (every one priced).
    public var allowedPairs: Int?
    /// Each round of solve-then-price of the candidate-pair path, in order (empty on other routes).
    public var rounds: [PricingRound]
    /// The largest number of scores a streamed pass held at once, in bytes (candidate-pair path).
    public var blockBytes: Int?

    /// The route and the proof; the candidate-pair fields are set by that path.
    public init(route: Route? = nil, proof: Proof? = nil) {
        self.route = route
        self.proof = proof
        rounds = []
    }
}

/// One round of the candidate-pair path (column generation): the network
/// solve on the candidates, then the pricing pass over every pair.
public struct PricingRound: Hashable, Sendable, Codable {
    /// Candidate pairs in this round's network.
    public var candidates: Int
    /// The matching's objective on them.
    public var objective: Double
    /// The bound the round's duals prove for the full problem (`nil` when the
    /// pass was stopped).
    public var bound: Double?
    /// Pairs with a positive reduced profit found by the pricing pass (added
    /// to the next round, up to the per-mentor limit).
    public var improving: Int
    /// Seconds in the network solve.
    public var solveSeconds: Double
    /// Seconds in the pricing pass.
    public var pricingSeconds: Double
    /// Nodes the network solve's shortest-path searches settled: its work,
    /// which does not depend on the machine (0 when not recorded).
    public var nodesSettled: Int

    /// Creates a round's record.
    public init(candidates: Int, objective: Double, bound: Double?, improving: Int, solveSeconds: Double, pricingSeconds: Double,
                nodesSettled: Int = 0) {
        self.candidates = candidates
        self.objective = objective
        self.bound = bound
        self.improving = improving
        self.solveSeconds = solveSeconds
        self.pricingSeconds = pricingSeconds
        self.nodesSettled = nodesSettled
    }

    private enum CodingKeys: String, CodingKey {
        case candidates, objective, bound, improving, solveSeconds, pricingSeconds, nodesSettled
    }

    /// Decodes a round; a record written before ``nodesSettled`` existed reads as 0.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        candidates = try c.decode(Int.self, forKey: .candidates)
        objective = try c.decode(Double.self, forKey: .objective)
        bound = try c.decodeIfPresent(Double.self, forKey: .bound)
        improving = try c.decode(Int.self, forKey: .improving)
        solveSeconds = try c.decode(Double.self, forKey: .solveSeconds)
        pricingSeconds = try c.decode(Double.self, forKey: .pricingSeconds)
        nodesSettled = try c.decodeIfPresent(Int.self, forKey: .nodesSettled) ?? 0
    }
}
