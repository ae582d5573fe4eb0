import MatchingCore

/// Upper bounds on the objective of every partition of a ``/MatchingCore/CircleProblem``
/// that keeps its group sizes and forbidden pairs, computed from the
/// problem alone (never from a search's partition), so that a search's gap
/// to them is proven.
///
/// With `b = groupSize.max − 1`, the pairs within the groups of any
/// partition form a simple b-matching: everyone has at most b partners.
/// Dropping the pairs of negative score can only raise a partition's
/// objective, so every bound on the positive part of a b-matching bounds the
/// partition (even one forced to hold negative pairs).
public enum CircleBounds {
    /// The maximum-weight fractional b-matching (b = max group size − 1),
    /// exactly: on the bipartite double cover — everyone once as a "mentor"
    /// with load 0…b and once as a "mentee" with demand 0…b, pair {i, j} as
    /// (i, j) and (j, i) at score max(0, s_ij), the diagonal and forbidden
    /// pairs forbidden — solved by ``NetworkFlowSolver``; the bound is its
    /// proven optimum / 2 (each pair is counted in both directions, and a
    /// symmetric solution is a fractional b-matching of the same value).
    ///
    /// - Returns: the bound, or `nil` when the network solve does not end
    ///   `optimal` (a time limit, cancellation or an error).
    /// - Throws: `invalidProblem` from ``/MatchingCore/CircleProblem/validate()``.
    /// - Complexity: O(n²) memory; successive shortest paths route n · b
    ///   units, each O(n²) on the dense network (``NetworkFlowSolver``).
    public static func bMatching(_ problem: CircleProblem, options: SolveOptions = SolveOptions()) async throws -> Double? {
        try problem.validate()
        return await bMatching(_CircleData(problem), options: options)
    }

    /// Half the sum, over people, of each person's best `groupSize.max − 1`
    /// positive scores with people they may share a group with: each pair
    /// of a group is counted once from each side.
    ///
    /// - Throws: `invalidProblem` from ``/MatchingCore/CircleProblem/validate()``.
    /// - Complexity: O(n² log n).
    public static func perPerson(_ problem: CircleProblem) throws -> Double {
        try problem.validate()
        return perPerson(_CircleData(problem))
    }

    /// The Lagrangian bound of the set-partitioning formulation (see
    /// ``/MatchingCore/CircleBoundMethod/groupLagrangian``): the smallest of `steps`
    /// subgradient evaluations, each enumerating every allowed group (sizes
    /// in range, no forbidden pair, every rule kept) in parallel over the cores.
    ///
    /// - Parameters:
    ///   - problem: the circles to bound.
    ///   - steps: evaluations at most (each one a valid bound).
    ///   - target: the objective of a known partition: Polyak's steps aim at
    ///     it, and the descent stops once the bound reaches it (it is then
    ///     proven optimal). It steers the steps only; the bound holds whatever it is.
    /// - Returns: the bound, or `nil` when some person belongs to no allowed
    ///   group (no partition exists) or `steps` is 0.
    /// - Throws: `invalidProblem` from ``/MatchingCore/CircleProblem/validate()``.
    /// - Complexity: O(steps · Σ_s C(n, s)) for the sizes s in range, O(n²) memory.
    public static func groupLagrangian(_ problem: CircleProblem, steps: Int, target: Double) throws -> Double? {
        try problem.validate()
        let tolerance = 1e-9 * Swift.max(1, abs(target))
        return _GroupLagrangian(_CircleData(problem)).minimise(steps: steps, target: target, tolerance: tolerance, shouldStop: { false }).bound
    }

    static func bMatching(_ data: _CircleData, options: SolveOptions) async -> Double? {
        let n = data.n, b = data.sizes.max - 1
        guard n >= 2, b >= 1 else { return 0 }
        let scores = ScoreMatrix(mentors: n, mentees: n) { i, j in Swift.max(0, data.w[i * n + j]) }
        var forbidden = Set<Pair>()
        for i in 0..<n {
            forbidden.insert(Pair(MentorIndex(i), MenteeIndex(i)))
            if data.hasForbidden {
                for j in 0..<n where data.forbidden[i * n + j] { forbidden.insert(Pair(MentorIndex(i), MenteeIndex(j))) }
            }
        }
        let cover = MatchingProblem(scores: scores, mentorLoad: CountRange(0...b), menteeDemand: CountRange(0...b), forbidden: forbidden)
        var flowOptions = SolveOptions(timeLimit: options.timeLimit)
        flowOptions.logger = options.logger
        guard let report = try? await NetworkFlowSolver().solve(cover, options: flowOptions),
              report.termination.reason == .optimal, let objective = report.objective else { return nil }
        // The certified dual bound when there is one (never below the optimum).
        return Swift.max(objective, report.bound ?? objective) / 2
    }

    static func perPerson(_ data: _CircleData) -> Double {
        let n = data.n, b = data.sizes.max - 1
        guard b >= 1 else { return 0 }
        var total = 0.0
        var row = [Double]()
        row.reserveCapacity(n)
        for i in 0..<n {
            row.removeAll(keepingCapacity: true)
            for j in 0..<n where j != i && !data.isForbidden(i, j) && data.w[i * n + j] > 0 { row.append(data.w[i * n + j]) }
            row.sort(by: >)
            total += row.prefix(b).reduce(0, +)
        }
        return total / 2
    }
}
