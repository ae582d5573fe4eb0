import MatchingCore

/// A validated set of profiles: unique ids, known managers and no cycle in
/// the reporting lines, values in range. Everything the compatibility model
/// reads has been checked here, so scoring cannot fail.
public struct Cohort: Hashable, Sendable {
    /// The profiles, in input order.
    public let profiles: [Profile]
    /// Each profile's position by id.
    public let index: [PersonID: Int]
    /// Each profile's time-zone offset in hours (`nil` when absent).
    let offsets: [Double?]
    /// Each profile's managers, nearest first (the whole chain).
    let managerChain: [[Int]]

    /// Validates `profiles`.
    ///
    /// - Throws: ``MatchingError/Code/invalidProfile`` naming the person and
    ///   field: an empty or duplicate id, an unknown manager or a cycle in the
    ///   reporting line, a level, trait or style outside its range, a bad
    ///   availability window or time zone, a negative capacity, a preference
    ///   or block naming nobody in the cohort.
    public init(_ profiles: [Profile], maxSkillLevel: Double = 5) throws {
        func fail(_ p: Profile, _ what: String) -> MatchingError {
            MatchingError(.invalidProfile, "person '\(p.id)': \(what)")
        }
        var index = [PersonID: Int]()
        for (k, p) in profiles.enumerated() {
            if p.id.rawValue.trimmingCharacters(in: .whitespaces).isEmpty {
                throw MatchingError(.invalidProfile, "profile \(k + 1): the id is empty")
            }
            if let first = index[p.id] {
                throw MatchingError(.invalidProfile, "person '\(p.id)': duplicate id (profiles \(first + 1) and \(k + 1))")
            }
            index[p.id] = k
        }
        func inRange(_ x: Double, _ lo: Double, _ hi: Double) -> Bool { x.isFinite && x >= lo && x <= hi }
        var offsets = [Double?]()
        for p in profiles {
            if let m = p.managerID {
                guard index[m] != nil else { throw fail(p, "managerId '\(m)' is not in the cohort") }
                if m == p.id { throw fail(p, "managerId is the person themself") }
            }
            if let s = p.seniority {
                guard s.level.isFinite, inRange(s.years, 0, 80) else { throw fail(p, "seniority (level \(s.level), years \(s.years)) is out of range") }
            }
            for (skill, level) in p.skills.sorted(by: { $0.key < $1.key }) {
                if skill.isEmpty { throw fail(p, "a skill has an empty name") }
                guard inRange(level, 0, maxSkillLevel) else { throw fail(p, "skill '\(skill)' level \(level) is outside 0…\(maxSkillLevel)") }
            }
            for g in p.goals {
                if g.skill.isEmpty { throw fail(p, "a goal has an empty skill name") }
                guard inRange(g.desiredLevel, 0, maxSkillLevel) else { throw fail(p, "goal '\(g.skill)' desired level \(g.desiredLevel) is outside 0…\(maxSkillLevel)") }
                guard inRange(g.priority, 1, 3) else { throw fail(p, "goal '\(g.skill)' priority \(g.priority) is outside 1…3") }
            }
            if let b = p.personality {
                for (t, v) in zip(BigFive.Trait.allCases, b.values) where !inRange(v, 0, 1) {
                    throw fail(p, "personality.\(t.rawValue) \(v) is outside 0…1")
                }
            }
            if let c = p.communication {
                for (name, v) in zip(["collaborative", "flexible", "bigPicture"], c.values) where !inRange(v, 0, 1) {
                    throw fail(p, "communication.\(name) \(v) is outside 0…1")
                }
            }
            for s in p.availability {
                guard (0...6).contains(s.day), (0...23).contains(s.startHour), (1...24).contains(s.endHour), s.startHour < s.endHour else {
                    throw fail(p, "availability window (day \(s.day), \(s.startHour)–\(s.endHour)) is not a day 0…6 with 0 ≤ start < end ≤ 24")
                }
            }
            if let tz = p.timeZone {
                guard let h = _TimeZoneOffset.hours(tz) else { throw fail(p, "time zone '\(tz)' is neither an IANA name nor a UTC offset like UTC+5:30") }
                offsets.append(h)
            } else {
                offsets.append(nil)
            }
            if let c = p.capacity, c < 0 { throw fail(p, "capacity \(c) is below zero") }
            for other in p.preferences where index[other] == nil { throw fail(p, "preference '\(other)' is not in the cohort") }
            for other in p.blocked where index[other] == nil { throw fail(p, "blocked person '\(other)' is not in the cohort") }
        }
        // Reporting lines: walk each chain; a person met twice is a cycle.
        var chains = [[Int]]()
        for (k, p) in profiles.enumerated() {
            var chain = [Int]()
            var seen: Set<Int> = [k]
            var next = p.managerID.flatMap { index[$0] }
            while let m = next {
                if !seen.insert(m).inserted {
                    throw fail(p, "the reporting line loops (through '\(profiles[m].id)')")
                }
                chain.append(m)
                next = profiles[m].managerID.flatMap { index[$0] }
            }
            chains.append(chain)
        }
        self.profiles = profiles
        self.index = index
        self.offsets = offsets
        self.managerChain = chains
    }

    /// Whether `a` is in `b`'s reporting line or `b` in `a`'s.
    func sameReportingLine(_ a: Int, _ b: Int) -> Bool {
        managerChain[a].contains(b) || managerChain[b].contains(a)
    }
}
