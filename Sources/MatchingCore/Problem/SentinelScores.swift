/// Sentinel scores: "never" pairs marked with a huge negative score
/// (`-1e15`, `-1e300`, even `-Double.greatestFiniteMagnitude`) instead of a
/// ``MatchingProblem/forbidden`` pair, and the exact rule by which every
/// solver handles them.
///
/// Floating-point solvers cannot add `-1e15` and `-24` and still tell `-24`
/// from `-25` reliably (GLPK's tolerances are relative; `-1e300 + 10` is
/// `-1e300`). So such scores are replaced, before any solver sees them, by
/// small equivalents that leave the set of optimal matchings unchanged.
///
/// **The rule.** Let `U` bound the pairs any matching can have
/// (`max(1, min(Σ_i min(L_i, allowed_i), Σ_j min(D_j, allowed_j)))`), `P` the sum of
/// the unmatched penalties, and split the distinct scores of allowed pairs
/// into *ordinary* ones (the largest, down to some value `o`; possibly none,
/// when `W_0 = P`) and *levels*
/// `v_1 > v_2 > … > v_k` below them. The ordinary part `g(x)` of a matching's
/// objective (ordinary pairs minus penalties) lies in an interval of width at
/// most `W_0 = U·(max(0, max score) − min(0, o)) + P`. The split is valid when
/// `|v_1| > W_0` and each `|v_ℓ| > W_{ℓ−1} = W_0 + U·(|v_1| + … + |v_{ℓ−1}|)`,
/// the widest swing of everything above level `ℓ`. Then
/// `f(x) = g(x) + Σ_ℓ v_ℓ·c_ℓ(x)` (`c_ℓ` the number of pairs scoring `v_ℓ`)
/// is maximised exactly by the lexicographic order: fewest pairs of the
/// lowest level first, then of the next, …, then the largest `g`.
///
/// *Proof* (induction on ℓ): write `f_ℓ = f_{ℓ−1} + v_ℓ·c_ℓ`, `f_0 = g`. The
/// range of `f_{ℓ−1}` is at most `W_{ℓ−1}`, so for matchings `x`, `y` with
/// `c_ℓ(x) < c_ℓ(y)`, `f_ℓ(x) − f_ℓ(y) ≥ |v_ℓ| − W_{ℓ−1} > 0`: every maximiser
/// of `f_ℓ` minimises `c_ℓ`, and among those maximises `f_{ℓ−1}`. ∎
///
/// Any other values `−M_ℓ` with the same property give the same order, hence
/// the same optimal matchings. The replacements are the smallest such
/// values: `M_ℓ = ⌈W'_{ℓ−1}·(1 + 2⁻²⁰)⌉ + 1` with `W'_0 = W_0` and
/// `W'_ℓ = W_0 + U·(M_1 + … + M_ℓ)`. They also keep the order of every score
/// and penalty (`M_1 > W_0 ≥ |o|, P`), so the ``Objective/maxMin`` objective's
/// thresholds keep their meaning too.
///
/// The smallest valid ordinary set (the most levels) is taken, and the rule
/// applies only when it shrinks the lowest level's magnitude at least 2²⁰-fold
/// (sentinels are far out of scale; ordinary data is left as given), which
/// also makes it idempotent. When no valid split exists (e.g. `-1e15` and
/// `-1e15 + 1` side by side) nothing is replaced and the solvers' own checks
/// decide what they may claim.
///
/// - Complexity: one O(M·N) pass; when a score is negative enough to pass
///   the quick test, O(M·N·log(M·N)) to sort the distinct scores.
public struct SentinelScores: Hashable, Sendable, CustomStringConvertible {
    /// One level of sentinel scores.
    public struct Level: Hashable, Sendable {
        /// The score as given, e.g. `-1e15`.
        public var value: Double
        /// The exact equivalent the solvers see.
        public var replacement: Double
        /// How many allowed pairs have it.
        public var pairs: Int
    }

    /// The levels, the least negative first.
    public var levels: [Level]
    /// `W_0`: the widest possible swing of the ordinary part of the objective.
    public var ordinaryRange: Double
    /// `U`: an upper bound on the pairs of a matching (at least 1).
    public var maxPairs: Int

    /// Finds the sentinel levels of a valid problem, or `nil` when it has
    /// none worth replacing (see the type's documentation).
    public init?(_ problem: MatchingProblem) {
        let m = problem.mentorCount, n = problem.menteeCount
        guard m > 0, n > 0, !problem.scores.knownFiniteNonNegative else { return nil }
        // Quick exits without the counts and masks: no score below 0; or none
        // below −(largest score + penalties) (the test below at its least U,
        // one pair) when nothing is forbidden; or none below −penalties
        // whatever is forbidden (a forbidden pair's score is not a level).
        // Whether any score is negative, from the sign bits alone (integer operations without an
        // exit: one quick pass); the extremes only when one is.
        var signs: UInt64 = 0
        for v in problem.scores.values { signs |= v.bitPattern >> 63 }
        guard signs != 0 else { return nil }
        var anyMin = Double.infinity, anyMax = -Double.infinity
        for v in problem.scores.values {
            anyMin = Swift.min(anyMin, v)
            anyMax = Swift.max(anyMax, v)
        }
        guard anyMin < 0 else { return nil }
        let penalties = problem.unmatchedPenalty.reduce(0, +)
        if -anyMin <= (problem.forbidden.isEmpty ? Swift.max(0, anyMax) + penalties : penalties) * (1 + 1e-6) { return nil }
        let (allowedOfMentor, allowedOfMentee) = problem.allowedCounts()
        var mentorSide = 0, menteeSide = 0
        for i in 0..<m { mentorSide = mentorSide.addingReportingOverflow(Swift.min(problem.mentorLoad[i].max, allowedOfMentor[i])).partialValue }
        for j in 0..<n { menteeSide = menteeSide.addingReportingOverflow(Swift.min(problem.menteeDemand[j].max, allowedOfMentee[j])).partialValue }
        // Any upper bound on the pairs of a matching will do; at least 1 keeps
        // the replacements in order when no pair can be matched at all.
        let u = Swift.max(1, Swift.min(mentorSide, menteeSide))
        let pairsBound = Double(u)
        let forbidden = problem.forbidden.isEmpty ? nil : problem.forbiddenMask()
        // Quick test: a level must lie below −(U·max(0, largest score) + P).
        var smin = anyMin, smax = anyMax
        if let forbidden {
            // The allowed pairs' extremes, a forbidden pair read as ±∞ (no branch per pair).
            smin = .infinity
            smax = -.infinity
            problem.scores.values.withUnsafeBufferPointer { s in
                forbidden.withUnsafeBufferPointer { x in
                    for k in s.indices {
                        smin = Swift.min(smin, x[k] ? .infinity : s[k])
                        smax = Swift.max(smax, x[k] ? -.infinity : s[k])
                    }
                }
            }
        }
        func exceeds(_ v: Double, _ w: Double) -> Bool { v < 0 && -v > w * (1 + 1e-6) }
        guard smin < 0, exceeds(smin, pairsBound * Swift.max(0, smax) + penalties) else { return nil }
        var values = [Double]()
        values.reserveCapacity(problem.scores.values.count)
        for (k, v) in problem.scores.values.enumerated() where forbidden?[k] != true { values.append(v) }
        values.sort(by: >)
        var distinct = [Double](), counts = [Int]()
        for v in values {
            if let last = distinct.last, last == v { counts[counts.count - 1] += 1 } else { distinct.append(v); counts.append(1) }
        }
        // The smallest valid ordinary set: distinct[0..<k] (possibly empty:
        // then the ordinary part is the penalties alone).
        var found: (k: Int, w0: Double)?
        splits: for k in 0..<distinct.count where distinct[k] < 0 {
            let w0 = k == 0 ? penalties : pairsBound * (Swift.max(0, distinct[0]) - Swift.min(0, distinct[k - 1])) + penalties
            guard exceeds(distinct[k], w0) else { continue }
            var w = w0
            for i in k..<distinct.count {
                guard exceeds(distinct[i], w) else { continue splits }
                w += pairsBound * -distinct[i]
            }
            found = (k, w0)
            break
        }
        guard let (k, w0) = found else { return nil }
        var levels = [Level]()
        var w = w0
        for i in k..<distinct.count {
            let replacement = (w * (1 + 0x1p-20)).rounded(.up) + 1
            levels.append(Level(value: distinct[i], replacement: -replacement, pairs: counts[i]))
            w += pairsBound * replacement
        }
        // Only sentinels far out of scale are replaced (the lowest at least
        // 2²⁰ times its replacement): ordinary data is left exactly as given,
        // and the rule is idempotent.
        guard let lowest = levels.last, lowest.value <= 0x1p20 * lowest.replacement, w.isFinite, w < 0x1p52 * Swift.max(1, w0) else { return nil }
        self.levels = levels
        ordinaryRange = w0
        maxPairs = u
    }

    /// `problem` with every sentinel score replaced by its equivalent.
    public func apply(to problem: MatchingProblem) -> MatchingProblem {
        var out = problem
        var replacement = [Double: Double]()
        for level in levels { replacement[level.value] = level.replacement }
        let highestLevel = levels[0].value
        var values = problem.scores.values
        values.withUnsafeMutableBufferPointer { s in
            for k in s.indices where s[k] <= highestLevel {
                if let r = replacement[s[k]] { s[k] = r }
            }
        }
        out.scores = try! ScoreMatrix(mentors: problem.mentorCount, mentees: problem.menteeCount, values: values)
        return out
    }

    /// One line for the report's diagnostics.
    public var description: String {
        let what = levels.map { "\($0.pairs) pair(s) scoring \($0.value)" }.joined(separator: ", ")
        return "sentinel scores: \(what) lie below everything the other scores and penalties can add up to (at most \(ordinaryRange) apart), "
            + "so an optimal matching uses as few of them as it can (the lowest first), then maximises the rest; they were solved as the exact equivalents "
            + levels.map { "\($0.replacement)" }.joined(separator: ", ")
            + ". To exclude such pairs outright, list them under the problem's `forbidden` key"
    }

    /// How many of `matching`'s pairs score each level (in ``levels``' order).
    public func pairsUsed(by matching: Matching, in problem: MatchingProblem) -> [Int] {
        var index = [Double: Int]()
        for (k, level) in levels.enumerated() { index[level.value] = k }
        var out = [Int](repeating: 0, count: levels.count)
        for p in matching.pairs {
            if let k = index[problem.scores[p]] { out[k] += 1 }
        }
        return out
    }

    /// Solves `problem` by solving its equivalent with `body`, then reports
    /// in the original scores: the matching is the same; the objective and
    /// worst outcome are recomputed by ``MatchingValidator`` on `problem`; an
    /// `optimal` result (no limit) stays optimal, with its bound equal to the
    /// objective (exact by the rule); any other bound stays valid because
    /// every matching scores at most as much with the original sentinels as
    /// with their replacements. Duals are kept only when they still prove a
    /// bound that meets the objective on `problem` (``DualBound``).
    /// ``SolveReport/sentinelPairs`` counts the matching's sentinel pairs.
    ///
    /// When the original scores of the matching add up beyond a `Double`
    /// (two pairs of `-Double.greatestFiniteMagnitude`, say), no finite
    /// objective exists on that scale: the objective and bound are then
    /// reported on the equivalent scale (``ObjectiveScale/sentinelEquivalent``),
    /// where they are exact and finite and order matchings as the original
    /// scores do, and a diagnostic says how many sentinel pairs the matching
    /// uses and that the original sum overflows.
    ///
    /// - Throws: whatever `body` throws.
    public func solve(_ problem: MatchingProblem, with body: (MatchingProblem) async throws -> SolveReport) async rethrows -> SolveReport {
        let equivalent = apply(to: problem)
        var report = try await body(equivalent)
        report.diagnostics.append(description)
        guard let matching = report.matching else { return report }
        let used = pairsUsed(by: matching, in: problem)
        report.sentinelPairs = used.reduce(0, +)
        let check = MatchingValidator.check(matching, against: problem)
        if problem.objective == .maxMin { report.worstOutcome = check.worstOutcome }
        let exact = report.termination.reason == .optimal && report.termination.limit == .none
        guard check.objective.isFinite else {
            // The original sum overflows: report on the equivalent scale, where it is exact.
            let onEquivalent = MatchingValidator.check(matching, against: equivalent).objective
            report.objective = onEquivalent
            report.objectiveScale = .sentinelEquivalent
            report.bound = exact ? onEquivalent : report.bound.map { Swift.max($0, onEquivalent) }
            let byLevel = zip(levels, used).filter { $0.1 > 0 }
                .map { "\($0.1) scoring \($0.0.value) (solved as \($0.0.replacement))" }.joined(separator: ", ")
            report.diagnostics.append("the matching uses \(report.sentinelPairs!) sentinel pair(s): \(byLevel); "
                + "its sum in the original scores overflows a Double (below \(-Double.greatestFiniteMagnitude)), "
                + "so objective and bound are given on the equivalent scale: \(onEquivalent)")
            if report.duals != nil, !(DualBound.bound(of: equivalent, duals: report.duals!) - onEquivalent <= 1e-9 * Swift.max(1, abs(onEquivalent))) {
                report.duals = nil
            }
            return report
        }
        report.objective = check.objective
        if exact {
            report.bound = check.objective
        } else {
            report.bound = report.bound.map { Swift.max($0, check.objective) }
            if report.termination.reason == .optimal {
                // Optimal within a relative gap of the equivalent: that gap does not carry over.
                report.termination.reason = .feasible
                report.termination.detail += "; the gap was met on the equivalent scores, not proven on the original ones"
            }
        }
        if let duals = report.duals {
            let bound = DualBound.bound(of: problem, duals: duals)
            if !(bound.isFinite && bound - check.objective <= 1e-9 * Swift.max(1, abs(check.objective))) { report.duals = nil }
        }
        return report
    }
}

extension MatchingSolver {
    /// `problem` solved as its exact small equivalent by this solver when
    /// its scores hold huge negative "never" values (``SentinelScores``);
    /// `nil` when they do not. Every solver's prologue asks it first.
    ///
    /// - Throws: ``MatchingError/Code/invalidProblem`` when a `scoreParity`
    ///   rule compares mean pair scores: the replacements keep the best
    ///   matchings, not the means, and a mean counting a "never" pair says
    ///   nothing; otherwise as the solver's `solve`.
    public func solvingSentinels(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport? {
        guard let sentinels = SentinelScores(problem) else { return nil }
        if let k = problem.constraints.firstIndex(where: { if case .scoreParity = $0 { true } else { false } }), let low = sentinels.levels.last {
            let pairs = sentinels.levels.reduce(0) { $0 + $1.pairs }
            throw MatchingError(.invalidProblem, "constraints[\(k)] \(problem.constraints[k]): \(pairs) allowed pair(s) score as low as \(low.value), a \"never\" mark far below the other scores, and a mean pair score counting them says nothing: forbid those pairs (or give them -inf) to use this rule")
        }
        return try await sentinels.solve(problem) { try await self.solve($0, options: options) }
    }
}

extension SolveReport {
    /// The report with `route` recorded, unless a solver it ran inside already recorded one.
    public func routed(_ route: SolveStatistics.Route) -> SolveReport {
        var report = self
        if report.statistics.route == nil { report.statistics.route = route }
        return report
    }
}
