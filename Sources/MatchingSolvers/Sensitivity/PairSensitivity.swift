import MatchingCore

/// How far one pair's score may move before the optimal matching changes —
/// by re-solving, not by LP ranging, whose answer degenerate assignment
/// problems (many ties, many zero reduced costs) make unreliable.
///
/// For a pair in the optimum with objective `OPT`, forbidding the pair gives
/// `OPT'`; the matching stays optimal while the pair's score is at least
/// `s − (OPT − OPT')` (the objective falls one for one with the score, and
/// the best matching without the pair does not move). For a pair not in the
/// optimum, forcing it gives `OPT'`; the matching stays optimal while the
/// score is at most `s + (OPT − OPT')`. A pair every matching needs has no
/// lower end (`-infinity`); a pair no matching can hold, no upper end.
/// At the end itself the two matchings tie.
public enum PairSensitivity {
    /// The scores of one pair within which the matching stays optimal.
    public struct Range: Hashable, Sendable {
        /// The pair.
        public var pair: Pair
        /// Whether it is in the matching.
        public var matched: Bool
        /// Its score now.
        public var score: Double
        /// The lowest score at which the matching is still optimal (`-infinity`: any).
        public var lower: Double
        /// The highest (`+infinity`: any).
        public var upper: Double
        /// Whether both solves were proven optimal (else the ends are estimates).
        public var proven: Bool
    }

    /// The range of `pair`'s score within which `matching` (optimal, with
    /// objective `optimum`) stays optimal for `problem`.
    ///
    /// - Complexity: one solve of the problem with the pair forbidden or fixed.
    /// - Throws: as `solver`.
    public static func range(of pair: Pair, matching: Matching, optimum: Double, in problem: MatchingProblem,
                             solver: any MatchingSolver, options: SolveOptions = SolveOptions()) async throws -> Range {
        let score = problem.scores[pair]
        let matched = matching.pairs.contains(pair)
        var variant = problem
        if matched {
            variant.forbidden.insert(pair)
            variant.fixed.removeAll { $0 == pair }
        } else {
            guard !problem.forbidden.contains(pair) else {
                return Range(pair: pair, matched: false, score: score, lower: -.infinity, upper: .infinity, proven: true)
            }
            variant.fixed.append(pair)
        }
        let report: SolveReport
        do { report = try await solver.solve(variant, options: options) } catch let e as MatchingError where e.code == .invalidProblem {
            // Fixing the pair breaks a maximum: no matching can hold it.
            return Range(pair: pair, matched: false, score: score, lower: -.infinity, upper: .infinity, proven: true)
        }
        let proven = report.termination.reason == .optimal
        guard let other = report.objective else {
            // Infeasible without the pair (it is needed), or with it (it never fits).
            let infeasible = report.termination.reason == .infeasible
            return matched
                ? Range(pair: pair, matched: true, score: score, lower: -.infinity, upper: .infinity, proven: infeasible)
                : Range(pair: pair, matched: false, score: score, lower: -.infinity, upper: .infinity, proven: infeasible)
        }
        let gap = Swift.max(0, optimum - other)
        return matched
            ? Range(pair: pair, matched: true, score: score, lower: score - gap, upper: .infinity, proven: proven)
            : Range(pair: pair, matched: false, score: score, lower: -.infinity, upper: score + gap, proven: proven)
    }
}
