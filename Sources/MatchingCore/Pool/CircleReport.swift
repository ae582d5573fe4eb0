/// How the upper bound of a ``CircleReport`` was proven.
public enum CircleBoundMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// The LP relaxation of the maximum-weight simple b-matching with
    /// b = max group size − 1 (the within-group pairs of any partition form
    /// one), solved exactly on its bipartite double cover by min-cost flow.
    case bMatching
    /// Half the sum, over people, of each one's best (max group size − 1)
    /// positive scores: the fallback when the b-matching is not solved to optimality.
    case perPerson
    /// The Lagrangian dual of the set-partitioning formulation over every
    /// allowed group (one multiplier per person), improved by subgradient
    /// steps: bounds the objective by `Σ_i u_i + Σ_i max_{G ∋ i} (v(G) − u(G)) / |G|`.
    case groupLagrangian
    /// No bound (n = 0, or the problem has no partition).
    case none
}

/// What a circle solve did, as values.
public struct CircleStatistics: Hashable, Sendable, Codable {
    /// The search budget used, over all parallel searches: tabu moves plus perturbation moves.
    public var iterations: Int
    /// Moves applied in all: the descents', the tabu walks' and the perturbations'.
    public var moves: Int
    /// The number of groups of the partition reported.
    public var groupCount: Int
    /// The numbers of groups the search tried (each a separate search when
    /// the sizes allow several).
    public var groupCountsTried: [Int]
    /// The method behind ``CircleReport/bound``.
    public var boundMethod: CircleBoundMethod
    /// The b-matching bound, when it was solved to optimality.
    public var bMatchingBound: Double?
    /// The per-person bound.
    public var perPersonBound: Double?
    /// The Lagrangian group bound, when it was computed.
    public var lagrangianBound: Double?
    /// Subgradient steps of the Lagrangian group bound (0 when not computed).
    public var lagrangianSteps: Int
    /// Seconds in the search (start and local search; the longest of the parallel searches).
    public var searchSeconds: Double
    /// Seconds computing the bounds.
    public var boundSeconds: Double

    /// Creates statistics.
    public init(iterations: Int = 0, moves: Int = 0, groupCount: Int = 0, groupCountsTried: [Int] = [],
                boundMethod: CircleBoundMethod = .none, bMatchingBound: Double? = nil, perPersonBound: Double? = nil,
                lagrangianBound: Double? = nil, lagrangianSteps: Int = 0, searchSeconds: Double = 0, boundSeconds: Double = 0) {
        self.iterations = iterations
        self.moves = moves
        self.groupCount = groupCount
        self.groupCountsTried = groupCountsTried
        self.boundMethod = boundMethod
        self.bMatchingBound = bMatchingBound
        self.perPersonBound = perPersonBound
        self.lagrangianBound = lagrangianBound
        self.lagrangianSteps = lagrangianSteps
        self.searchSeconds = searchSeconds
        self.boundSeconds = boundSeconds
    }
}

/// A partition of one pool into circles, and what is proven about it.
public struct CircleReport: Hashable, Sendable, Codable {
    /// Why the solve stopped: `optimal` when the objective meets the bound,
    /// `feasible` otherwise (with ``Termination/limit`` `.time` or
    /// `.cancelled` when a cap stopped the search), `infeasible` when the
    /// rules provably admit no partition, `noSolutionFound` when none was found.
    public var termination: Termination
    /// The groups: person indices, each group ascending, groups sorted by
    /// their first member; `nil` when there is no partition.
    public var groups: [[Int]]?
    /// The objective of ``groups``: the sum of the scores of the pairs within each group.
    public var objective: Double?
    /// A proven upper bound on the objective of every partition that keeps
    /// the sizes and the forbidden pairs (``CircleStatistics/boundMethod`` says how).
    public var bound: Double?
    /// Who made it.
    public var solver: SolverIdentity
    /// Seconds spent (build: reading the scores; solve: search and bounds).
    public var timings: SolveTimings
    /// Counters and the bounds of each method.
    public var statistics: CircleStatistics
    /// Plain-language notes: why infeasible, which bound, a time cap.
    public var diagnostics: [String]

    /// Creates a report.
    public init(termination: Termination, groups: [[Int]]?, objective: Double?, bound: Double?, solver: SolverIdentity,
                timings: SolveTimings, statistics: CircleStatistics = CircleStatistics(), diagnostics: [String] = []) {
        self.termination = termination
        self.groups = groups
        self.objective = objective
        self.bound = bound
        self.solver = solver
        self.timings = timings
        self.statistics = statistics
        self.diagnostics = diagnostics
    }

    /// The relative gap `(bound − objective) / max(1, |objective|)` (≥ 0),
    /// as ``SolveReport/gap`` defines it, or `nil` without both.
    public var gap: Double? { SolveReport.relativeGap(objective: objective, bound: bound) }

    /// Per person, the index of their group in ``groups``; `nil` without groups.
    public func groupIndex(count n: Int) -> [Int]? {
        guard let groups else { return nil }
        var index = [Int](repeating: -1, count: n)
        for (g, members) in groups.enumerated() { for i in members where i >= 0 && i < n { index[i] = g } }
        return index
    }
}
