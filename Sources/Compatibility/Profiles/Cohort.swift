import MatchingCore

/// A validated set of profiles: unique ids, no cycle in the reporting lines,
/// values in range. Everything the compatibility model reads has been
/// checked here, so scoring cannot fail.
///
/// People named but not in the cohort — a manager who does not take part
/// (the normal case), a preference, block or past partner who left — are
/// not errors: they are kept where they still mean something (the
/// reporting-line filter stops at such a manager) and listed, aggregated,
/// in ``notes``.
public struct Cohort: Hashable, Sendable {
    /// The profiles, in input order.
    public let profiles: [Profile]
    /// Each profile's position by id.
    public let index: [PersonID: Int]
    /// One line per kind of reference to people outside the cohort, with
    /// counts and what was done about it.
    public let notes: [String]
    /// Each profile's time-zone offset in hours (`nil` when absent).
    let offsets: [Double?]
    /// Each profile's managers in the cohort, nearest first (the whole chain
    /// as far as it runs through the cohort).
    let managerChain: [[Int]]

    /// Validates `profiles`.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidProfile`` for the first problem
    ///   of ``problems(in:maxSkillLevel:)``, saying how many more there are.
    public init(_ profiles: [Profile], maxSkillLevel: Double = 5) throws {
        let a = _CohortAnalysis(profiles, maxSkillLevel: maxSkillLevel)
        if let first = a.problems.first {
            let more = a.problems.count > 1 ? " (and \(a.problems.count - 1) more problem(s))" : ""
            throw MatchingError(.invalidProfile, first.message + more)
        }
        self.profiles = profiles
        self.index = a.index
        self.notes = a.notes
        self.offsets = a.offsets
        self.managerChain = a.chains
    }

    /// Every problem in `profiles`, each naming the person and field: an
    /// empty or duplicate id, a manager who is the person themself or a
    /// cycle in the reporting line (once per cycle), a level, trait or style
    /// outside its range, a bad availability window or time zone, a
    /// negative capacity.
    ///
    /// - Complexity: O(P · D) for P profiles and reporting lines D deep.
    public static func problems(in profiles: [Profile], maxSkillLevel: Double = 5) -> [MatchingError] {
        _CohortAnalysis(profiles, maxSkillLevel: maxSkillLevel).problems
    }

    /// ``problems(in:maxSkillLevel:)`` with the position in `profiles` of the
    /// person each one is about (`nil` for none), so a reader can name the line.
    public static func locatedProblems(in profiles: [Profile], maxSkillLevel: Double = 5) -> [(profile: Int?, error: MatchingError)] {
        let a = _CohortAnalysis(profiles, maxSkillLevel: maxSkillLevel)
        return Array(zip(a.problemProfiles, a.problems))
    }

    /// Whether `a` is in `b`'s reporting line or `b` in `a`'s.
    func sameReportingLine(_ a: Int, _ b: Int) -> Bool {
        managerChain[a].contains(b) || managerChain[b].contains(a)
    }
}

/// The checks behind ``Cohort``: every problem, not just the first.
struct _CohortAnalysis {
    var problems = [MatchingError]()
    /// The profile each problem is about, in step with `problems`.
    var problemProfiles = [Int?]()
    var notes = [String]()
    var index = [PersonID: Int]()
    var offsets = [Double?]()
    var chains = [[Int]]()

    init(_ profiles: [Profile], maxSkillLevel: Double) {
        var current: Int? = nil
        func fail(_ p: Profile, _ what: String) {
            problems.append(MatchingError(.invalidProfile, "person '\(p.id)': \(what)"))
            problemProfiles.append(current)
        }
        func fail(at k: Int?, _ message: String) {
            problems.append(MatchingError(.invalidProfile, message))
            problemProfiles.append(k)
        }
        for (k, p) in profiles.enumerated() {
            if p.id.rawValue.isBlank() {
                fail(at: k, "profile \(k + 1): the id is empty")
                continue
            }
            if let first = index[p.id] {
                fail(at: k, "person '\(p.id)': duplicate id (profiles \(first + 1) and \(k + 1))")
                continue
            }
            index[p.id] = k
        }
        func inRange(_ x: Double, _ lo: Double, _ hi: Double) -> Bool { x.isFinite && x >= lo && x <= hi }
        var outside = [String: (people: Int, named: Set<PersonID>)]()
        func outsider(_ field: String, _ other: PersonID) {
            outside[field, default: (0, [])].people += 1
            outside[field]!.named.insert(other)
        }
        for (k, p) in profiles.enumerated() {
            current = k
            if let m = p.managerID {
                if m == p.id { fail(p, "managerId is the person themself") } else if index[m] == nil { outsider("managerId", m) }
            }
            if let s = p.seniority, !(s.level.isFinite && inRange(s.years, 0, 80)) {
                fail(p, "seniority (level \(s.level), years \(s.years)) is out of range")
            }
            for (skill, level) in p.skills.sorted(by: { $0.key < $1.key }) {
                if skill.isEmpty { fail(p, "a skill has an empty name") }
                if !inRange(level, 0, maxSkillLevel) { fail(p, "skill '\(skill)' level \(level) is outside 0…\(maxSkillLevel)") }
            }
            for g in p.goals {
                if g.skill.isEmpty { fail(p, "a goal has an empty skill name") }
                if !inRange(g.desiredLevel, 0, maxSkillLevel) { fail(p, "goal '\(g.skill)' desired level \(g.desiredLevel) is outside 0…\(maxSkillLevel)") }
                if !inRange(g.priority, 1, 3) { fail(p, "goal '\(g.skill)' priority \(g.priority) is outside 1…3") }
            }
            if let b = p.personality {
                for (t, v) in zip(BigFive.Trait.allCases, b.values) where !inRange(v, 0, 1) {
                    fail(p, "personality.\(t.rawValue) \(v) is outside 0…1")
                }
            }
            if let c = p.communication {
                for (name, v) in zip(["collaborative", "flexible", "bigPicture"], c.values) where !inRange(v, 0, 1) {
                    fail(p, "communication.\(name) \(v) is outside 0…1")
                }
            }
            for s in p.availability { if let why = s.problem { fail(p, why) } }
            if let tz = p.timeZone {
                let h = _TimeZoneOffset.hours(tz)
                if h == nil { fail(p, "time zone '\(tz)' is neither an IANA name (Europe/Paris), an abbreviation (CET) nor a UTC offset (UTC+5:30)") }
                offsets.append(h)
            } else {
                offsets.append(nil)
            }
            if let c = p.capacity, c < 0 { fail(p, "capacity \(c) is below zero") }
            for other in p.preferences where index[other] == nil { outsider("preferences", other) }
            for other in p.blocked where index[other] == nil { outsider("blocked", other) }
            for past in p.pastPairings where index[past.partner] == nil { outsider("pastPairings", past.partner) }
        }
        // Reporting lines: walk each chain through the cohort; a person met
        // twice is a cycle, reported once (by its smallest member).
        var cycles = Set<Int>()
        for (k, p) in profiles.enumerated() {
            var chain = [Int]()
            var seen: Set<Int> = [k]
            var next = p.managerID.flatMap { index[$0] }.flatMap { $0 == k ? nil : $0 }
            while let m = next {
                if !seen.insert(m).inserted {
                    let loop = m == k ? [k] + chain : Array(chain[(chain.firstIndex(of: m) ?? 0)...])
                    if let smallest = loop.min(), cycles.insert(smallest).inserted {
                        fail(at: smallest, "person '\(profiles[smallest].id)': the reporting line loops (\(loop.count) people: \(loop.prefix(4).map { "'\(profiles[$0].id)'" }.joined(separator: " → "))\(loop.count > 4 ? " → …" : ""))")
                    }
                    break
                }
                chain.append(m)
                next = profiles[m].managerID.flatMap { index[$0] }
            }
            chains.append(chain)
        }
        let what: [String: String] = [
            "managerId": "the reporting-line filter stops there",
            "preferences": "left out of the preference ranks",
            "blocked": "nothing to block",
            "pastPairings": "nothing to avoid",
        ]
        for field in ["managerId", "preferences", "blocked", "pastPairings"] {
            guard let o = outside[field] else { continue }
            let examples = o.named.sorted().prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            notes.append("\(field): \(o.people) reference(s) to \(o.named.count) people not in the file (\(examples)\(o.named.count > 3 ? ", …" : "")); \(what[field]!)")
        }
    }
}
