/// Re-checks a matching against every rule of a problem and recomputes its
/// objective, independently of any solver or formulation.
///
/// It reads the rules straight from ``MatchingProblem``; it shares no code
/// with the integer-program formulation, so a wrong row in a formulation
/// shows up as a violation here.
public enum MatchingValidator {
    /// One broken rule.
    public struct Violation: Hashable, Sendable, CustomStringConvertible {
        /// The rule family: `pair`, `fixed`, `mentorLoad`, `menteeDemand`,
        /// `separation`, or a constraint kind.
        public var rule: String
        /// What is wrong, naming the mentor, mentee or constraint.
        public var message: String
        /// `rule: message`.
        public var description: String { "\(rule): \(message)" }
    }

    /// The outcome of a check.
    public struct Result: Hashable, Sendable {
        /// Every violation found (empty when the matching is feasible).
        public var violations: [Violation]
        /// Total score of the pairs minus the penalty of every mentee without a mentor.
        public var objective: Double
        /// The worst outcome: the smallest matched score, or minus the penalty
        /// of a mentee without a mentor; `+∞` when there is neither.
        public var worstOutcome: Double
        /// Whether no rule is broken.
        public var isFeasible: Bool { violations.isEmpty }
    }

    /// Checks `matching` against every rule of `problem`.
    ///
    /// - Parameters:
    ///   - matching: the pairs to check.
    ///   - problem: the rules to check them against.
    ///   - tolerance: slack allowed on the fractional `crossShare` rule.
    /// - Precondition: `problem` is valid (see ``MatchingProblem/validate()``).
    /// - Complexity: O(M + N + P log P) for P pairs, plus each rule's pass
    ///   (O(M · N) for `scoreParity`'s score range).
    public static func check(_ matching: Matching, against problem: MatchingProblem, tolerance: Double = 1e-9) -> Result {
        let m = problem.mentorCount, n = problem.menteeCount
        var violations = [Violation]()
        func add(_ rule: String, _ message: String) { violations.append(Violation(rule: rule, message: message)) }

        var load = [Int](repeating: 0, count: m)
        var demand = [Int](repeating: 0, count: n)
        var seen = Set<Pair>(minimumCapacity: matching.pairs.count)
        var total = 0.0
        var worst = Double.infinity
        var valid = [Pair]()
        valid.reserveCapacity(matching.pairs.count)
        // The forbidden cells as a mask (kept with the rules): one read per pair, not a hash lookup.
        let forbiddenCells = problem.forbidden.isEmpty ? [] : problem.forbiddenMask()
        for p in matching.pairs {
            let i = p.mentor.rawValue, j = p.mentee.rawValue
            guard (0..<m).contains(i), (0..<n).contains(j) else {
                add("pair", "\(p) is out of range for \(m) mentors and \(n) mentees")
                continue
            }
            guard seen.insert(p).inserted else {
                add("pair", "\(p) appears more than once")
                continue
            }
            if !forbiddenCells.isEmpty && forbiddenCells[i * n + j] { add("pair", "\(p) is forbidden") }
            load[i] += 1
            demand[j] += 1
            let s = problem.scores[i, j]
            total += s
            worst = Swift.min(worst, s)
            valid.append(p)
        }
        // Each mentee's mentors, for the rules that read them (separations, composition).
        let composition = problem.constraints.contains { if case .composition = $0 { true } else { false } }
        let mentorsOf: [[Int]] = problem.separations.isEmpty && !composition ? [] : {
            var of = [[Int]](repeating: [], count: n)
            for p in valid { of[p.mentee.rawValue].append(p.mentor.rawValue) }
            return of
        }()
        for p in problem.fixed where !seen.contains(p) { add("fixed", "fixed pair \(p) is not matched") }
        for i in 0..<m where !problem.mentorLoad[i].contains(load[i]) {
            add("mentorLoad", "mentor \(i) has \(load[i]) mentees, allowed \(problem.mentorLoad[i])")
        }
        for j in 0..<n {
            if !problem.menteeDemand[j].contains(demand[j]) {
                add("menteeDemand", "mentee \(j) has \(demand[j]) mentors, allowed \(problem.menteeDemand[j])")
            }
            if demand[j] == 0 {
                total -= problem.unmatchedPenalty[j]
                worst = Swift.min(worst, -problem.unmatchedPenalty[j])
            }
        }
        for sep in problem.separations {
            let a = Set(mentorsOf[sep.first.rawValue])
            for i in mentorsOf[sep.second.rawValue] where a.contains(i) {
                add("separation", "\(sep) share mentor \(i)")
            }
        }
        for (c, rule) in problem.constraints.enumerated() {
            let at = "constraints[\(c)] \(rule)"
            switch rule {
            case .maxPerMentor(let a, let limit):
                let values = problem.menteeAttributes[a] ?? []
                // The (mentor, value) of every pair, sorted, counted in runs (the values as written:
                // no coding shared with the solvers): the violations come in mentor, then value order.
                let keys = valid.map { (mentor: $0.mentor.rawValue, value: values[$0.mentee.rawValue]) }
                    .sorted { ($0.mentor, $0.value) < ($1.mentor, $1.value) }
                var start = 0
                while start < keys.count {
                    var end = start + 1
                    while end < keys.count && keys[end] == keys[start] { end += 1 }
                    if end - start > limit {
                        add(rule.kind, "\(at): mentor \(keys[start].mentor) has \(end - start) mentees with \(a) = \(keys[start].value)")
                    }
                    start = end
                }
            case .quota(let a, let value, let count):
                let values = problem.menteeAttributes[a] ?? []
                let k = valid.reduce(0) { $0 + (values[$1.mentee.rawValue] == value ? 1 : 0) }
                if !count.contains(k) { add(rule.kind, "\(at): \(k) pairs") }
            case .composition(let a, let value, let count):
                let values = problem.mentorAttributes[a] ?? []
                for j in 0..<n {
                    let k = mentorsOf[j].reduce(0) { $0 + (values[$1] == value ? 1 : 0) }
                    if !count.contains(k) { add(rule.kind, "\(at): mentee \(j) has \(k) such mentors") }
                }
            case .crossShare(let a, let share):
                let mv = problem.mentorAttributes[a] ?? [], ev = problem.menteeAttributes[a] ?? []
                let differ = valid.reduce(0) { $0 + (mv[$1.mentor.rawValue] != ev[$1.mentee.rawValue] ? 1 : 0) }
                if Double(differ) < share * Double(valid.count) - tolerance {
                    add(rule.kind, "\(at): \(differ) of \(valid.count) pairs differ")
                }
            case .parity(let a, let margin):
                let groups = ParityGroups(problem, attribute: a)
                let (whole, shares) = groups.shares { demand[$0] > 0 }
                for (v, share) in zip(groups.values, shares) where abs(share - whole) > margin + 1e-9 {
                    add(rule.kind, "\(at): \(a) = \(v) has a matched share \(share) against \(whole) overall")
                }
            case .scoreParity(let a, let margin):
                // Means of the pairs of counted mentees: the whole's, and each group's that has a pair.
                let groups = ParityGroups(problem, attribute: a)
                let groupOf = groups.groupOf
                var score = [Double](repeating: 0, count: groups.values.count), count = [Int](repeating: 0, count: groups.values.count)
                for p in valid where groupOf[p.mentee.rawValue] >= 0 {
                    score[groupOf[p.mentee.rawValue]] += problem.scores[p]
                    count[groupOf[p.mentee.rawValue]] += 1
                }
                let pairs = count.reduce(0, +)
                guard pairs > 0, groups.values.count > 1 else { break }
                let whole = score.reduce(0, +) / Double(pairs)
                // The integer program holds the rule on scores normalised by their range over the counted
                // mentees' allowed pairs, to GLPK's feasibility tolerance: allow that much of the range.
                var lowest = Double.infinity, highest = -Double.infinity
                let forbidden = problem.forbidden.isEmpty ? [] : problem.forbiddenMask()
                for i in 0..<m {
                    for j in groups.counted where forbidden.isEmpty || !forbidden[i * n + j] {
                        lowest = Swift.min(lowest, problem.scores[i, j]); highest = Swift.max(highest, problem.scores[i, j])
                    }
                }
                let slack = Swift.max(tolerance, 1e-6 * Swift.max(1, highest - lowest))
                for v in groups.values.indices where count[v] > 0 {
                    let mean = score[v] / Double(count[v])
                    if abs(mean - whole) > margin + slack {
                        add(rule.kind, "\(at): \(a) = \(groups.values[v]) has a mean pair score \(mean) against \(whole) overall")
                    }
                }
            }
        }
        return Result(violations: violations, objective: total, worstOutcome: worst)
    }
}
