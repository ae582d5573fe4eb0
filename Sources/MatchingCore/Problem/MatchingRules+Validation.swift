extension MatchingRules {
    /// Checks every rule of the model for `mentors` × `mentees` people and
    /// throws the first violation found. Both problem kinds call it: this is
    /// the one validator.
    ///
    /// Checked, in this order: sizes (each side below 2³¹); array sizes;
    /// penalties finite and ≥ 0; load, demand and rule bounds non-negative
    /// and not inverted; indices of forbidden pairs, fixed pairs and
    /// separations in range; fixed pairs not duplicated, not forbidden, and
    /// within every mentor's and mentee's maximum; separations not joining a
    /// mentee with itself nor two mentees fixed to the same mentor;
    /// attributes of the right length; rules naming attributes and values
    /// that exist.
    ///
    /// Infeasibility that needs more than one rule to show (capacity below
    /// demand, say) is not an error: solvers report it as an infeasible result
    /// with ``FeasibilityCheck`` diagnostics.
    ///
    /// - Throws: ``MatchingError`` with code ``MatchingError/Code/invalidProblem``
    ///   (``MatchingError/Code/tooLarge`` for a side of 2³¹ or more), whose
    ///   message names the mentor, mentee, pair or rule at fault.
    /// - Complexity: O(M + N + fixed + forbidden + separations + rules · (M + N)).
    public func validate(mentors m: Int, mentees n: Int) throws {
        func fail(_ message: String) -> MatchingError { MatchingError(.invalidProblem, message) }
        guard m >= 0, n >= 0 else { throw fail("the problem has \(m) mentors and \(n) mentees") }
        guard m < Int(Int32.max), n < Int(Int32.max) else {
            throw MatchingError(.tooLarge, "\(m) mentors × \(n) mentees: each side must stay below 2³¹")
        }
        guard mentorLoad.count == m else {
            throw fail("mentorLoad has \(mentorLoad.count) entries for \(m) mentors")
        }
        guard menteeDemand.count == n else {
            throw fail("menteeDemand has \(menteeDemand.count) entries for \(n) mentees")
        }
        guard unmatchedPenalty.count == n else {
            throw fail("unmatchedPenalty has \(unmatchedPenalty.count) entries for \(n) mentees")
        }
        for (j, p) in unmatchedPenalty.enumerated() {
            guard p.isFinite, p >= 0 else {
                throw fail("unmatched penalty of mentee \(j) is \(p); it must be a finite number ≥ 0")
            }
        }
        for (i, r) in mentorLoad.enumerated() {
            guard r.min >= 0 else { throw fail("mentor \(i) has a negative minimum load \(r.min)") }
            guard r.min <= r.max else { throw fail("mentor \(i) has load bounds \(r.min)…\(r.max): minimum above maximum") }
        }
        for (j, r) in menteeDemand.enumerated() {
            guard r.min >= 0 else { throw fail("mentee \(j) has a negative minimum demand \(r.min)") }
            guard r.min <= r.max else { throw fail("mentee \(j) has demand bounds \(r.min)…\(r.max): minimum above maximum") }
        }
        func checkPair(_ p: Pair, _ what: String) throws {
            guard (0..<m).contains(p.mentor.rawValue) else {
                throw fail("\(what) \(p.mentor.rawValue),\(p.mentee.rawValue): mentor \(p.mentor.rawValue) is out of range 0..<\(m)")
            }
            guard (0..<n).contains(p.mentee.rawValue) else {
                throw fail("\(what) \(p.mentor.rawValue),\(p.mentee.rawValue): mentee \(p.mentee.rawValue) is out of range 0..<\(n)")
            }
        }
        // The smallest pair out of range is named (the same message every run); sorting only when one is.
        let inRange = { (p: Pair) in (0..<m).contains(p.mentor.rawValue) && (0..<n).contains(p.mentee.rawValue) }
        // (Whether all are in range is kept with the rules: a sweep validates a hundred programs under them.)
        if !forbiddenInRange.value(_ProblemSize(mentors: m, mentees: n), { forbidden.allSatisfy(inRange) }),
           let p = forbidden.filter({ !inRange($0) }).min() { try checkPair(p, "forbidden pair") }
        var fixedSet = Set<Pair>()
        var fixedPerMentor = [Int](repeating: 0, count: m)
        var fixedPerMentee = [Int](repeating: 0, count: n)
        for p in fixed {
            try checkPair(p, "fixed pair")
            guard fixedSet.insert(p).inserted else { throw fail("fixed pair \(p) is listed twice") }
            guard !forbidden.contains(p) else { throw fail("fixed pair \(p) is also forbidden") }
            fixedPerMentor[p.mentor.rawValue] += 1
            fixedPerMentee[p.mentee.rawValue] += 1
        }
        for i in 0..<m where fixedPerMentor[i] > mentorLoad[i].max {
            throw fail("mentor \(i) has \(fixedPerMentor[i]) fixed pairs but a maximum load of \(mentorLoad[i].max)")
        }
        for j in 0..<n where fixedPerMentee[j] > menteeDemand[j].max {
            throw fail("mentee \(j) has \(fixedPerMentee[j]) fixed pairs but a maximum demand of \(menteeDemand[j].max)")
        }
        var fixedMentors = [Int: [Int]]()
        for p in fixed { fixedMentors[p.mentee.rawValue, default: []].append(p.mentor.rawValue) }
        for (s, sep) in separations.enumerated() {
            for j in [sep.first.rawValue, sep.second.rawValue] where !(0..<n).contains(j) {
                throw fail("separation \(s) (\(sep)): mentee \(j) is out of range 0..<\(n)")
            }
            guard sep.first != sep.second else {
                throw fail("separation \(s) joins mentee \(sep.first.rawValue) with itself")
            }
            let shared = Set(fixedMentors[sep.first.rawValue] ?? []).intersection(fixedMentors[sep.second.rawValue] ?? [])
            if let i = shared.min() {
                throw fail("separation \(s) (\(sep)) contradicts fixed pairs: both are fixed to mentor \(i)")
            }
        }
        for (name, values) in mentorAttributes.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty else { throw fail("a mentor attribute has an empty name") }
            guard values.count == m else {
                throw fail("mentor attribute '\(name)' has \(values.count) values for \(m) mentors")
            }
        }
        for (name, values) in menteeAttributes.sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty else { throw fail("a mentee attribute has an empty name") }
            guard values.count == n else {
                throw fail("mentee attribute '\(name)' has \(values.count) values for \(n) mentees")
            }
        }
        for (c, rule) in constraints.enumerated() {
            let at = "constraints[\(c)] (\(rule))"
            func menteeValues(_ a: String) throws -> [String] {
                guard let v = menteeAttributes[a] else { throw fail("\(at): no mentee attribute named '\(a)'") }
                return v
            }
            func mentorValues(_ a: String) throws -> [String] {
                guard let v = mentorAttributes[a] else { throw fail("\(at): no mentor attribute named '\(a)'") }
                return v
            }
            func checkCount(_ r: CountRange) throws {
                guard r.min >= 0 else { throw fail("\(at): negative minimum \(r.min)") }
                guard r.min <= r.max else { throw fail("\(at): minimum \(r.min) is above maximum \(r.max)") }
            }
            switch rule {
            case .maxPerMentor(let a, let limit):
                _ = try menteeValues(a)
                guard limit >= 0 else { throw fail("\(at): negative limit \(limit)") }
            case .quota(let a, let value, let count):
                guard try menteeValues(a).contains(value) else {
                    throw fail("\(at): no mentee has the value '\(value)' for '\(a)'")
                }
                try checkCount(count)
            case .composition(let a, let value, let count):
                guard try mentorValues(a).contains(value) else {
                    throw fail("\(at): no mentor has the value '\(value)' for '\(a)'")
                }
                try checkCount(count)
            case .crossShare(let a, let share):
                _ = try mentorValues(a)
                _ = try menteeValues(a)
                guard share.isFinite, (0...1).contains(share) else {
                    throw fail("\(at): share \(share) must lie in 0…1")
                }
            case .parity(let a, let margin):
                _ = try menteeValues(a)
                guard margin.isFinite, (0...1).contains(margin) else {
                    throw fail("\(at): margin \(margin) must lie in 0…1")
                }
            case .scoreParity(let a, let margin):
                _ = try menteeValues(a)
                guard margin.isFinite, margin >= 0 else {
                    throw fail("\(at): margin \(margin) must be a number of score points, 0 or more")
                }
            }
        }
    }
}

extension MatchingRules {
    /// The rules without the rules that cannot bind — a `quota` or
    /// `composition` at minimum 0 on a value nobody on its side has (a
    /// config reused for a new cohort) — and one line for each rule left out
    /// ("constraints[2] quota(track = zzz) …: no mentee has 'zzz'; with
    /// minimum 0 it binds nothing"). ``validate(mentors:mentees:)`` rejects such rules, so
    /// readers that want to accept them call this first.
    ///
    /// - Complexity: O(rules · (M + N)).
    public func removingVacuousRules() -> (rules: MatchingRules, removed: [String]) {
        var kept = [MatchingConstraint](), removed = [String]()
        for (c, rule) in constraints.enumerated() {
            switch rule {
            case .quota(let a, let value, let count) where count.min == 0 && menteeAttributes[a] != nil && !menteeAttributes[a]!.contains(value):
                removed.append("constraints[\(c)] \(rule): no mentee has '\(value)' for '\(a)'; with minimum 0 it binds nothing and is left out")
            case .composition(let a, let value, let count) where count.min == 0 && mentorAttributes[a] != nil && !mentorAttributes[a]!.contains(value):
                removed.append("constraints[\(c)] \(rule): no mentor has '\(value)' for '\(a)'; with minimum 0 it binds nothing and is left out")
            default:
                kept.append(rule)
            }
        }
        var out = self
        out.constraints = kept
        return (out, removed)
    }
}
