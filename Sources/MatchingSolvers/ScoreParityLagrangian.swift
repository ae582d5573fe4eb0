import MatchingCore

/// A first matching for programs with `scoreParity` rules
/// (``/MatchingCore/MatchingConstraint/scoreParity(attribute:margin:)``),
/// for the integer program to start from: the rules are moved into the
/// scores by Lagrange multipliers and the rest — a network problem — is
/// solved exactly, again and again, by ``NetworkFlowSolver``.
///
/// With `μ` the whole's mean pair score in the last matching, a group `v`
/// whose mean lies above `μ + δ` has multiplier `λ_v` on `S_v − (μ + δ)·P_v ≤ 0`,
/// and one below `μ − δ` has `ν_v` on the other side; the pair scores become
/// `s − λ_v·(s − μ − δ) + ν_v·(s − μ + δ)` for the group's pairs: a group
/// too far above the whole weighs its best pairs less, one too far below
/// weighs them more. The multipliers move by a subgradient step (Held, Wolfe
/// and Crowder, "Validation of subgradient optimization", 1974) on each
/// group's gap in units of the score range, with a step that shrinks, and
/// every matching met on the way that keeps every rule
/// (``/MatchingCore/MatchingValidator``) is a candidate; the best is returned.
///
/// It claims no bound and no optimality (its answer is `feasible`, or
/// `noSolutionFound` when no matching met on the way keeps the rules);
/// ``WarmStartedSolver`` (a tenth of the time limit, in the automatic route) hands the matching to the integer program, which
/// proves what it can and returns this matching at worst.
///
/// - Throws: ``/MatchingCore/MatchingError/Code/unsupported`` without a
///   `scoreParity` rule, when the problem without them is not a network
///   problem, or for the `maxMin` objective.
/// - Complexity: per iteration one O(M·N) re-scoring and one exact network
///   solve; at most ``iterations`` of them within the time limit.
public struct ScoreParityLagrangian: MatchingSolver {
    /// The solver's name and version in reports.
    public static let identity = SolverIdentity(name: "score-parity-lagrangian", version: "subgradient-1")

    /// The most network solves.
    public var iterations: Int

    /// Creates the heuristic.
    public init(iterations: Int = 40) {
        self.iterations = iterations
    }

    /// Searches for a matching that keeps every `scoreParity` rule; see the type's documentation.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        let started = ContinuousClock.now
        try problem.validate()
        let rules = problem.constraints.indices.compactMap { k -> (index: Int, groups: ParityGroups, margin: Double)? in
            guard case .scoreParity(let a, let margin) = problem.constraints[k] else { return nil }
            return (k, ParityGroups(problem, attribute: a), margin)
        }
        guard !rules.isEmpty, problem.objective == .total else {
            throw MatchingError(.unsupported, "the score-parity Lagrangian heuristic takes scoreParity rules and the total objective")
        }
        var relaxed = problem
        relaxed.constraints = problem.constraints.filter { if case .scoreParity = $0 { false } else { true } }
        guard relaxed.shape.isNetwork else {
            throw MatchingError(.unsupported, "the score-parity Lagrangian heuristic needs the program without its scoreParity rules to be a network problem")
        }
        let m = problem.mentorCount, n = problem.menteeCount
        let clock = Deadline(timeLimit: options.timeLimit, from: started)
        let base = problem.scores.values
        // The score range that scales the steps.
        let range = Swift.max(1e-9, (base.max() ?? 0) - (base.filter { $0 > -.infinity }.min() ?? 0))
        var lambda = rules.map { [Double](repeating: 0, count: $0.groups.values.count) }
        var nu = lambda
        var best: (matching: Matching, objective: Double)?
        var solves = 0
        for t in 0..<iterations {
            if Task.isCancelled || (clock.remaining.map { $0 <= 0 } ?? false) { break }
            var quick = options
            quick.timeLimit = clock.remaining
            quick.warmStart = nil
            let r = try await NetworkFlowSolver().solve(relaxed, options: quick)
            solves += 1
            guard let matching = r.matching else { break }
            let check = MatchingValidator.check(matching, against: problem)
            if check.isFeasible, best.map({ check.objective > $0.objective }) ?? true { best = (matching, check.objective) }
            // Each group's gap to the whole under the true scores, and the subgradient step.
            var moved = false
            let step = 0.5 / Double(t + 1).squareRoot()
            var means = [Double](repeating: 0, count: rules.count)
            for (k, rule) in rules.enumerated() {
                let totals = rule.groups.pairTotals(matching.pairs, scores: problem.scores)
                let pairs = totals.reduce(0) { $0 + $1.pairs }
                guard pairs > 0 else { continue }
                let whole = totals.reduce(0) { $0 + $1.score } / Double(pairs)
                means[k] = whole
                for (v, t) in totals.enumerated() where t.pairs > 0 {
                    let gap = t.score / Double(t.pairs) - whole
                    let over = (gap - rule.margin) / range, under = (-gap - rule.margin) / range
                    let l = Swift.min(2, Swift.max(0, lambda[k][v] + step * over * 10)), u = Swift.min(2, Swift.max(0, nu[k][v] + step * under * 10))
                    if l != lambda[k][v] || u != nu[k][v] { moved = true }
                    lambda[k][v] = l; nu[k][v] = u
                }
            }
            if !moved && check.isFeasible { break }
            // The scores with the multipliers folded in, pair by pair.
            relaxed.scores = try ScoreMatrix(mentors: m, mentees: n, values: ContiguousArray((0..<(m * n)).map { cell in
                let j = cell % n
                var s = base[cell]
                guard s > -.infinity else { return s }
                for (k, rule) in rules.enumerated() where rule.groups.groupOf[j] >= 0 {
                    let v = rule.groups.groupOf[j]
                    s += -lambda[k][v] * (base[cell] - means[k] - rule.margin) + nu[k][v] * (base[cell] - means[k] + rule.margin)
                }
                return s
            }))
        }
        let timings = SolveTimings(build: 0, solve: started.secondsElapsed)
        guard let best else {
            return SolveReport(termination: Termination(.noSolutionFound, detail: "no matching met in \(solves) network solve(s) keeps every scoreParity rule"),
                               timings: timings, solver: Self.identity)
        }
        return SolveReport(termination: Termination(.feasible, detail: "keeps every scoreParity rule (found in \(solves) network solve(s); no bound)"),
                           matching: best.matching, objective: best.objective, timings: timings, solver: Self.identity)
    }
}
