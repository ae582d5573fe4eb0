/// The threshold search behind the ``Objective/maxMin`` objective, shared by
/// the solvers.
///
/// The worst outcome of a matching is the smallest score among its pairs,
/// where a mentee left with no mentor counts as minus its penalty. A threshold
/// `τ` is reachable when some matching keeps every pair at `τ` or above and
/// matches every mentee whose unmatched outcome is below `τ`; reachability only
/// shrinks as `τ` grows, so bisection over the candidate values finds the best
/// worst outcome, and each probe's own worst outcome lets it jump ahead.
public enum MaxMinSearch {
    /// What a probe at one threshold found.
    public enum Probe: Sendable, Equatable {
        /// A matching reaching the threshold, with its own worst outcome (at least the threshold).
        case found(worstOutcome: Double)
        /// Proven: no matching reaches the threshold.
        case infeasible
        /// The probe stopped at a limit before deciding.
        case stopped(Termination.Limit)
    }

    /// Candidate worst outcomes, ascending: every allowed pair's score and
    /// minus every mentee's penalty, none above the smallest fixed pair's score.
    public static func candidates(of problem: MatchingProblem) -> [Double] {
        var values = Set<Double>()
        let mask = problem.forbidden.isEmpty ? [] : problem.forbiddenMask()
        problem.scores.values.withUnsafeBufferPointer { s in
            for k in s.indices where mask.isEmpty || !mask[k] { values.insert(s[k]) }
        }
        for p in problem.unmatchedPenalty { values.insert(-p) }
        let fixedMin = problem.fixed.map { problem.scores[$0] }.min() ?? .infinity
        return values.filter { $0 <= fixedMin }.sorted()
    }

    /// The index of the largest reachable candidate, found by bisection with
    /// `probe`; `nil` when the smallest candidate is not reachable (then
    /// `first` says why). `stopped` names a limit that ended the search early
    /// (the index is then the best proven so far).
    public static func largestReachable(
        _ candidates: [Double], probe: (Double) async throws -> Probe
    ) async rethrows -> (best: Int?, first: Probe, stopped: Termination.Limit) {
        guard !candidates.isEmpty else { return (nil, .infeasible, .none) }
        let first = try await probe(candidates[0])
        guard case .found(let w0) = first else { return (nil, first, .none) }
        var lo = candidates.lastIndex(where: { $0 <= w0 }) ?? 0
        var hi = candidates.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            switch try await probe(candidates[mid]) {
            case .found(let w): lo = Swift.max(mid, candidates.lastIndex(where: { $0 <= w }) ?? mid)
            case .infeasible: hi = mid - 1
            case .stopped(let limit): return (lo, first, limit)
            }
        }
        return (lo, first, .none)
    }
}

extension MatchingProblem {
    /// This problem at a maxMin threshold `tau`, with the total objective:
    /// pairs scoring below `tau` are forbidden (fixed pairs excepted), and
    /// every mentee whose unmatched outcome (minus its penalty) is below `tau`
    /// must get a mentor.
    public func restricted(toThreshold tau: Double) -> MatchingProblem {
        var p = forbiddingPairs(below: tau)
        p.objective = .total
        let n = menteeCount
        for j in 0..<n where -unmatchedPenalty[j] < tau {
            p.menteeDemand[j].min = Swift.max(p.menteeDemand[j].min, 1)
        }
        return p
    }

    /// This problem with every pair scoring below `tau` forbidden, fixed
    /// pairs excepted (the threshold of ``restricted(toThreshold:)``, and a
    /// worst-pair level of a Pareto front).
    ///
    /// - Complexity: O(M·N) plus the pairs forbidden.
    public func forbiddingPairs(below tau: Double) -> MatchingProblem {
        var p = self
        let n = menteeCount
        let fixedSet = Set(fixed)
        scores.values.withUnsafeBufferPointer { s in
            for k in s.indices where s[k] < tau {
                let pair = Pair(mentor: k / n, mentee: k % n)
                if !fixedSet.contains(pair) { p.forbidden.insert(pair) }
            }
        }
        return p
    }
}
