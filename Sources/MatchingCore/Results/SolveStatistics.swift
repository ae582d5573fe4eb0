/// How a result was reached, as values tests and tools can read (instead of
/// the English of ``SolveReport/diagnostics``): the route a solver took, what
/// proves an `optimal` claim, and the sizes of the candidate-pair path.
public struct SolveStatistics: Hashable, Sendable {
    /// The path a solve took.
    public enum Route: String, Hashable, Sendable, CaseIterable {
        /// The exact min-cost-flow (Hungarian-family) solver on the dense problem.
        case network
        /// Candidate pairs with pricing of every other pair (column generation) on the network.
        case candidatePricing
        /// The integer program, solved by GLPK's branch and bound.
        case integerProgram
        /// The integer program on priced candidate pairs (price and branch).
        case pricedIntegerProgram
        /// The Lagrangian heuristic with its subgradient bound.
        case lagrangian
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
    }

    /// The route, when a solver recorded it.
    public var route: Route?
    /// The proof of an `optimal` claim; `nil` for other results.
    public var proof: Proof?
    /// Pricing rounds of the candidate-pair path.
    public var pricingRounds: Int?
    /// Candidate pairs in the last round.
    public var candidatePairs: Int?
    /// Pairs allowed in all (every one priced).
    public var allowedPairs: Int?

    /// No statistics yet.
    public init(route: Route? = nil, proof: Proof? = nil, pricingRounds: Int? = nil, candidatePairs: Int? = nil, allowedPairs: Int? = nil) {
        self.route = route
        self.proof = proof
        self.pricingRounds = pricingRounds
        self.candidatePairs = candidatePairs
        self.allowedPairs = allowedPairs
    }
}
