import MatchingCore

/// The exact answer of a tiny problem by enumeration: every way to give each
/// mentee a set of allowed mentors within its demand (its fixed mentors
/// included) and each mentor at most its maximum load, kept when
/// ``MatchingValidator`` accepts it. It shares nothing with the solvers but
/// the validator.
public enum BruteForce {
    /// The best matching of a problem.
    public struct Answer: Hashable, Sendable {
        /// A best matching (the first found in enumeration order).
        public var matching: Matching
        /// Its objective (total score minus penalties), as the validator computes it.
        public var objective: Double
        /// Its worst outcome, as the validator computes it.
        public var worstOutcome: Double
    }

    /// The most candidate matchings (before the validator) brute force takes on.
    public static let searchLimit = 1 << 20

    /// The best matching under the problem's objective — the largest
    /// objective for ``Objective/total``; the largest worst outcome, then the
    /// largest objective, for ``Objective/maxMin`` — or `nil` when no matching
    /// satisfies every rule.
    ///
    /// - Precondition: the search is within ``searchLimit``.
    public static func solve(_ p: MatchingProblem) -> Answer? {
        let best = best(of: p, value: { $1 }, isBetter: { a, b in
            switch p.objective {
            case .total: a.objective > b.objective
            case .maxMin: a.worstOutcome > b.worstOutcome || (a.worstOutcome == b.worstOutcome && a.objective > b.objective)
            }
        })
        return best.map { Answer(matching: $0.matching, objective: $0.value.objective, worstOutcome: $0.value.worstOutcome) }
    }

    /// The feasible matching whose `value` is best by `isBetter` (the first
    /// found among equals), or `nil` when there is none.
    public static func best<Value>(
        of p: MatchingProblem,
        value: (Matching, MatchingValidator.Result) -> Value,
        isBetter: (Value, Value) -> Bool
    ) -> (matching: Matching, value: Value)? {
        var best: (matching: Matching, value: Value)?
        forEachFeasibleMatching(of: p) { matching, check in
            let v = value(matching, check)
            if best == nil || isBetter(v, best!.value) { best = (matching, v) }
        }
        return best
    }

    /// Calls `body` with every matching of `p` that satisfies every rule,
    /// and the validator's result for it.
    ///
    /// - Precondition: the search is within ``searchLimit``.
    public static func forEachFeasibleMatching(of p: MatchingProblem, _ body: (Matching, MatchingValidator.Result) -> Void) {
        let m = p.mentorCount, n = p.menteeCount
        // Per mentee: every set of allowed mentors with its fixed ones and a size within its demand.
        var choices = [[[Int]]](repeating: [], count: n)
        var search = 1
        for j in 0..<n {
            let fixed = Set(p.fixed.filter { $0.mentee.rawValue == j }.map(\.mentor.rawValue))
            let free = (0..<m).filter { !fixed.contains($0) && p.isAllowed(Pair(mentor: $0, mentee: j)) }
            precondition(free.count <= 20, "too many allowed mentors for brute force")
            for mask in 0..<(1 << free.count) {
                let set = fixed.sorted() + free.indices.filter { mask & (1 << $0) != 0 }.map { free[$0] }
                if p.menteeDemand[j].contains(set.count) { choices[j].append(set) }
            }
            search = search.multipliedReportingOverflow(by: Swift.max(1, choices[j].count)).partialValue
            precondition(search <= searchLimit, "too many candidate matchings for brute force")
        }
        var load = [Int](repeating: 0, count: m)
        var chosen = [[Int]](repeating: [], count: n)
        func visit(_ j: Int) {
            if j == n {
                guard (0..<m).allSatisfy({ load[$0] >= p.mentorLoad[$0].min }) else { return }
                let matching = Matching(pairs: (0..<n).flatMap { j in chosen[j].map { Pair(mentor: $0, mentee: j) } })
                let check = MatchingValidator.check(matching, against: p)
                if check.isFeasible { body(matching, check) }
                return
            }
            for set in choices[j] where set.allSatisfy({ load[$0] < p.mentorLoad[$0].max }) {
                for i in set { load[i] += 1 }
                chosen[j] = set
                visit(j + 1)
                for i in set { load[i] -= 1 }
            }
        }
        visit(0)
    }
}
