/// Cheap necessary conditions for a matching to exist, each stated in users'
/// terms ("mentee 17 must be matched but has no allowed mentor").
///
/// When any condition fails the problem is certainly infeasible; when all
/// hold it may still be infeasible, and a solver's elastic re-solve names the
/// rules to relax.
public enum FeasibilityCheck {
    /// Every failed necessary condition of a valid problem; empty when none fails.
    ///
    /// - Parameters:
    ///   - problem: a problem that passed validation.
    ///   - perPerson: one line per person short of partners (for
    ///     `--verbose` and JSON), instead of one line per cause listing the first few.
    /// - Complexity: O(M·N + rules).
    public static func failedConditions(of problem: MatchingProblem, perPerson: Bool = false) -> [String] {
        let m = problem.mentorCount, n = problem.menteeCount
        let (allowedOfMentor, allowedOfMentee) = problem.allowedCounts()
        var out = [String]()
        if !perPerson, let line = noPairAllowed(problem, allowedOfMentor: allowedOfMentor) { return [line] }
        // One line per cause, never one per person: people with the same
        // fault are listed together.
        var menteesWithNone = [Int](), menteesShort = [(Int, Int, Int)]()
        for j in 0..<n {
            let need = problem.menteeDemand[j].min, have = allowedOfMentee[j]
            if need > have {
                if have == 0 { menteesWithNone.append(j) } else { menteesShort.append((j, need, have)) }
            }
        }
        var mentorsWithNone = [Int](), mentorsShort = [(Int, Int, Int)]()
        for i in 0..<m {
            let need = problem.mentorLoad[i].min, have = allowedOfMentor[i]
            if need > have {
                if have == 0 { mentorsWithNone.append(i) } else { mentorsShort.append((i, need, have)) }
            }
        }
        out += shortLines(.mentees, none: menteesWithNone, short: menteesShort, perPerson: perPerson)
        out += shortLines(.mentors, none: mentorsWithNone, short: mentorsShort, perPerson: perPerson)
        // Capacity against demand, each side limited by what it is allowed.
        var capacity = 0, minDemand = 0, demandRoom = 0, minLoad = 0, plainCapacity = 0, plainDemand = 0
        for i in 0..<m {
            capacity = capacity.addingSaturating(Swift.min(problem.mentorLoad[i].max, allowedOfMentor[i]))
            plainCapacity = plainCapacity.addingSaturating(problem.mentorLoad[i].max)
            minLoad = minLoad.addingSaturating(problem.mentorLoad[i].min)
        }
        for j in 0..<n {
            demandRoom = demandRoom.addingSaturating(Swift.min(problem.menteeDemand[j].max, allowedOfMentee[j]))
            plainDemand = plainDemand.addingSaturating(problem.menteeDemand[j].max)
            minDemand = minDemand.addingSaturating(problem.menteeDemand[j].min)
        }
        // A total limited by the pairs allowed says so, with the total the settings give.
        func limited(_ total: Int, _ plain: Int, _ who: String) -> String {
            total == plain ? "" : " (limited to the pairs \(who) are allowed; \(plain) without that limit)"
        }
        // A total short only because every person owing a minimum is short
        // on their own is the same cause, already named above.
        let shortMentees = Set(menteesWithNone + menteesShort.map(\.0)), shortMentors = Set(mentorsWithNone + mentorsShort.map(\.0))
        let menteesExplained = (0..<n).allSatisfy { problem.menteeDemand[$0].min == 0 || shortMentees.contains($0) }
        let mentorsExplained = (0..<m).allSatisfy { problem.mentorLoad[$0].min == 0 || shortMentors.contains($0) }
        if capacity < minDemand && !menteesExplained {
            out.append("mentors' total capacity \(capacity)\(limited(capacity, plainCapacity, "they")) is below the mentees' minimum demand \(minDemand)")
        }
        if demandRoom < minLoad && !mentorsExplained {
            out.append("mentees' total demand \(demandRoom)\(limited(demandRoom, plainDemand, "they")) is below the mentors' minimum load \(minLoad)")
        }
        for (c, rule) in problem.constraints.enumerated() {
            switch rule {
            case .quota(let a, let value, let count):
                let values = problem.menteeAttributes[a] ?? []
                var room = 0, fixed = 0
                for j in 0..<n where values[j] == value {
                    room = room.addingSaturating(Swift.min(problem.menteeDemand[j].max, allowedOfMentee[j]))
                }
                for p in problem.fixed where values[p.mentee.rawValue] == value { fixed += 1 }
                // What the mentors allowed to the group's mentees can give it.
                var groupAllowed = [Int](repeating: 0, count: m), groupSize = 0
                for j in 0..<n where values[j] == value { groupSize += 1 }
                for i in 0..<m { groupAllowed[i] = groupSize }
                for p in problem.forbidden where values[p.mentee.rawValue] == value { groupAllowed[p.mentor.rawValue] -= 1 }
                var given = 0
                for i in 0..<m { given = given.addingSaturating(Swift.min(problem.mentorLoad[i].max, groupAllowed[i])) }
                if room < count.min {
                    out.append("constraints[\(c)] \(rule) needs at least \(count.min) pairs, but mentees with \(a) = \(value) can take at most \(room)")
                } else if given < count.min {
                    out.append("constraints[\(c)] \(rule) needs at least \(count.min) pairs, but the mentors allowed to mentees with \(a) = \(value) can take at most \(given) of them (their capacities): short by \(count.min - given)")
                }
                if fixed > count.max {
                    out.append("constraints[\(c)] \(rule) allows at most \(count.max) pairs, but \(fixed) fixed pairs have \(a) = \(value)")
                }
            case .composition(let a, let value, let count):
                let values = problem.mentorAttributes[a] ?? []
                var groupCapacity = 0
                for i in 0..<m where values[i] == value {
                    groupCapacity = groupCapacity.addingSaturating(Swift.min(problem.mentorLoad[i].max, allowedOfMentor[i]))
                }
                let groupDemand = count.min.multipliedReportingOverflow(by: n)
                if groupDemand.overflow || groupCapacity < groupDemand.partialValue {
                    out.append("constraints[\(c)] \(rule) needs \(count.min) such mentor(s) for each of \(n) mentees, but mentors with \(a) = \(value) can take at most \(groupCapacity) mentees in all")
                }
                // Mentors with the value, minus those forbidden to each mentee.
                let inGroup = values.map { $0 == value }
                let groupSize = inGroup.reduce(0) { $0 + ($1 ? 1 : 0) }
                var forbiddenInGroup = [Int](repeating: 0, count: n)
                for p in problem.forbidden where inGroup[p.mentor.rawValue] { forbiddenInGroup[p.mentee.rawValue] += 1 }
                var fixedInGroup = [Int](repeating: 0, count: n)
                for p in problem.fixed where inGroup[p.mentor.rawValue] { fixedInGroup[p.mentee.rawValue] += 1 }
                for j in 0..<n {
                    let have = groupSize - forbiddenInGroup[j]
                    let room = Swift.min(have, problem.menteeDemand[j].max)
                    if room < count.min {
                        out.append("constraints[\(c)] \(rule): mentee \(j) needs at least \(count.min) mentors with \(a) = \(value) but can have at most \(room)")
                    }
                    if fixedInGroup[j] > count.max {
                        out.append("constraints[\(c)] \(rule): mentee \(j) has \(fixedInGroup[j]) fixed mentors with \(a) = \(value)")
                    }
                }
            case .maxPerMentor(let a, let limit):
                let values = problem.menteeAttributes[a] ?? []
                out += maxPerMentorShortfalls(problem, constraint: c, attribute: a, limit: limit)
                var fixedCount = [Pair: Int]()
                for p in problem.fixed {
                    // Key by mentor and a representative mentee with the same value.
                    let key = Pair(mentor: p.mentor.rawValue, mentee: values.firstIndex(of: values[p.mentee.rawValue]) ?? 0)
                    fixedCount[key, default: 0] += 1
                }
                for (key, k) in fixedCount.sorted(by: { $0.key < $1.key }) where k > limit {
                    out.append("constraints[\(c)] \(rule): mentor \(key.mentor.rawValue) has \(k) fixed mentees with \(a) = \(values[key.mentee.rawValue])")
                }
            case .crossShare, .scoreParity:
                break
            case .parity(let a, let margin):
                if let line = parityShortfall(problem, attribute: a, margin: margin) { out.append("constraints[\(c)] \(rule): \(line)") }
            }
        }
        return out
    }
}

extension FeasibilityCheck {
    /// The people of one side owed a minimum they cannot get: those with no
    /// allowed partner and those with too few, one line each group (or, with
    /// `perPerson`, one line each person), people named as "mentor N"/"mentee N".
    static func shortLines(_ side: HallViolation.Side, none: [Int], short: [(Int, Int, Int)], perPerson: Bool) -> [String] {
        let (own, other, must) = side == .mentees ? ("mentee", "mentor", "must be matched") : ("mentor", "mentee", "must take a mentee")
        func noneLine(_ k: Int) -> String { "\(own) \(k) \(must) but has no allowed \(other)" }
        func shortLine(_ p: (Int, Int, Int)) -> String { "\(own) \(p.0) needs at least \(p.1) \(other)s but has only \(p.2) allowed" }
        if perPerson { return none.map(noneLine) + short.map(shortLine) }
        var out = [String]()
        if none.count == 1 { out.append(noneLine(none[0])) } else if !none.isEmpty {
            out.append("\(none.count) \(own)s \(must) but have no allowed \(other): \(HallCondition.listed(none.map { "\(own) \($0)" }))")
        }
        if short.count == 1 { out.append(shortLine(short[0])) } else if !short.isEmpty {
            out.append("\(short.count) \(own)s need more \(other)s than they are allowed: \(HallCondition.listed(short.map { "\(own) \($0.0) needs \($0.1), has \($0.2)" }))")
        }
        return out
    }

    /// One line when no pair at all may be matched but someone owes a
    /// minimum (or a rule needs pairs): every other condition would only
    /// repeat that one cause.
    static func noPairAllowed(_ problem: MatchingProblem, allowedOfMentor: [Int]) -> String? {
        let m = problem.mentorCount, n = problem.menteeCount
        guard m > 0, n > 0, allowedOfMentor.allSatisfy({ $0 == 0 }) else { return nil }
        var owed = [String]()
        let mentees = (0..<n).filter { problem.menteeDemand[$0].min > 0 }
        let mentors = (0..<m).filter { problem.mentorLoad[$0].min > 0 }
        if !mentees.isEmpty {
            owed.append(mentees.count == 1 ? "mentee \(mentees[0]) must be matched"
                        : "\(mentees.count) mentees must be matched (\(HallCondition.listed(mentees.map { "mentee \($0)" })))")
        }
        if !mentors.isEmpty {
            owed.append(mentors.count == 1 ? "mentor \(mentors[0]) must take a mentee"
                        : "\(mentors.count) mentors must take a mentee (\(HallCondition.listed(mentors.map { "mentor \($0)" })))")
        }
        for (c, rule) in problem.constraints.enumerated() {
            switch rule {
            case .quota(_, _, let count) where count.min > 0: owed.append("constraints[\(c)] \(rule) needs at least \(count.min) pairs")
            case .composition(_, _, let count) where count.min > 0: owed.append("constraints[\(c)] \(rule) needs mentors for every mentee")
            default: break
            }
        }
        guard !owed.isEmpty else { return nil }
        return "no pair is allowed (all \(m * n) mentor–mentee pairs are forbidden or excluded), but " + owed.joined(separator: "; ")
    }

    /// Mentors whose minimum load a `maxPerMentor` rule leaves out of reach
    /// (at most `limit` mentees per value, of those each is allowed), and,
    /// for a limit of 0, mentees who must be matched: one line per side.
    static func maxPerMentorShortfalls(_ problem: MatchingProblem, constraint c: Int, attribute a: String, limit: Int) -> [String] {
        let m = problem.mentorCount, n = problem.menteeCount
        let rule = problem.constraints[c]
        let coding = AttributeCoding(problem.menteeAttributes[a] ?? [])
        let k = coding.values.count
        var ofValue = [Int](repeating: 0, count: k)
        for j in 0..<n { ofValue[Int(coding.codes[j])] += 1 }
        var forbiddenOf = [Int](repeating: 0, count: m * k)
        for p in problem.forbidden { forbiddenOf[p.mentor.rawValue * k + Int(coding.codes[p.mentee.rawValue])] += 1 }
        var short = [(mentor: Int, most: Int, need: Int)]()
        for i in 0..<m where problem.mentorLoad[i].min > 0 {
            var most = 0
            for v in 0..<k { most += Swift.min(limit, ofValue[v] - forbiddenOf[i * k + v]) }
            if most < problem.mentorLoad[i].min { short.append((i, most, problem.mentorLoad[i].min)) }
        }
        var out = [String]()
        let mentees = limit == 0 ? (0..<n).filter { problem.menteeDemand[$0].min > 0 } : []
        if limit == 0 && (!short.isEmpty || !mentees.isEmpty) {
            var owed = [String]()
            if !short.isEmpty {
                owed.append(short.count == 1 ? "mentor \(short[0].mentor) must take \(short[0].need)"
                            : "\(short.count) mentors must take at least \(short.map(\.need).min()!) each (\(HallCondition.listed(short.map { "mentor \($0.mentor)" }, limit: 3)))")
            }
            if !mentees.isEmpty {
                owed.append(mentees.count == 1 ? "mentee \(mentees[0]) must be matched"
                            : "\(mentees.count) mentees must be matched (\(HallCondition.listed(mentees.map { "mentee \($0)" }, limit: 3)))")
            }
            out.append("constraints[\(c)] \(rule) has limit 0, which allows no pair, but " + owed.joined(separator: "; "))
        } else if short.count == 1 {
            let s = short[0]
            out.append("constraints[\(c)] \(rule) lets mentor \(s.mentor) take at most \(s.most) mentee(s), below its minimum load \(s.need)")
        } else if !short.isEmpty {
            out.append("constraints[\(c)] \(rule) leaves \(short.count) mentors below their minimum load: \(HallCondition.listed(short.map { "mentor \($0.mentor) at most \($0.most), needs \($0.need)" }))")
        }
        return out
    }
}

extension Int {
    /// `self + other`, stopping at `Int.max` instead of trapping.
    fileprivate func addingSaturating(_ other: Int) -> Int {
        let (r, o) = addingReportingOverflow(other)
        return o ? .max : r
    }
}

extension FeasibilityCheck {
    /// The report every solver gives before solving when a necessary
    /// condition fails (``failedConditions(of:perPerson:)``): infeasible, the
    /// conditions as diagnostics; `nil` when every condition holds.
    ///
    /// - Complexity: O(M·N + rules).
    public static func infeasibleReport(of problem: MatchingProblem, solver: SolverIdentity,
                                        started: ContinuousClock.Instant? = nil) -> SolveReport? {
        let failed = failedConditions(of: problem)
        guard !failed.isEmpty else { return nil }
        return SolveReport(termination: Termination(.infeasible, detail: "a necessary condition fails"),
                           timings: SolveTimings(build: started?.secondsElapsed ?? 0), solver: solver, diagnostics: failed)
    }
}

extension FeasibilityCheck {
    /// Whether some number of matched mentees lets every group of a parity
    /// rule have a matched share within `margin` of the whole's, by counting
    /// alone: the total K runs over what the loads and demands allow (at
    /// least the mentees who must be matched, and enough mentees for the
    /// mentors' minimum loads; at most the counted mentees and the mentors'
    /// capacity), and each group's count must be a whole number in
    /// `[(K/N − margin)·n_v, (K/N + margin)·n_v]`, at least its mentees who
    /// must be matched, summing to K. `nil` when some K works; else the
    /// shortfall in one line.
    ///
    /// - Complexity: O(N · groups).
    static func parityShortfall(_ problem: MatchingProblem, attribute: String, margin: Double) -> String? {
        let groups = ParityGroups(problem, attribute: attribute)
        let N = groups.counted.count
        guard N > 0, groups.values.count > 1 else { return nil }
        let mustMatch = groups.members.map { $0.filter { problem.menteeDemand[$0].min > 0 }.count }
        let widest = groups.counted.map { problem.menteeDemand[$0].max }.max() ?? 1
        let minPairs = problem.mentorLoad.reduce(0) { $0.addingSaturating($1.min) }
        let capacity = problem.mentorLoad.reduce(0) { $0.addingSaturating($1.max) }
        let low = Swift.max(mustMatch.reduce(0, +), (minPairs + widest - 1) / Swift.max(1, widest))
        let high = Swift.min(N, capacity)
        guard low <= high else { return nil }   // the loads' own shortfall is reported elsewhere
        for k in low...high {
            let r = Double(k) / Double(N)
            var lo = 0, hi = 0, possible = true
            for (v, members) in groups.members.enumerated() {
                let n = Double(members.count)
                let a = Swift.max(mustMatch[v], Int(((r - margin) * n - 1e-9).rounded(.up)))
                let b = Swift.min(members.count, Int(((r + margin) * n + 1e-9).rounded(.down)))
                if a > b { possible = false; break }
                lo += a; hi += b
            }
            if possible && lo <= k && k <= hi { return nil }
        }
        let sizes = zip(groups.values, groups.members).map { "\($0) \($1.count)" }.joined(separator: ", ")
        return "no number of matched mentees from \(low) to \(high) (what the loads and demands allow) gives every group (\(sizes)) a matched share within \(margin) of the whole's: widen the margin"
    }
}
