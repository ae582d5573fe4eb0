import Foundation
import MatchingCore

/// Seeded, realistic populations of a technology organisation, for demos,
/// tests and benchmarks: a skills taxonomy of 40 skills in six areas, a
/// seniority pyramid, departments with reporting lines, time zones across
/// three regions, Big Five traits, communication styles, weekly availability
/// patterns, languages, interests, values, preferences and past pairings.
/// The same arguments always give the same profiles.
public enum SyntheticCohort {
    /// What kind of program the population is for.
    public enum Scenario: String, Hashable, Sendable, Codable, CaseIterable {
        /// Senior mentors, junior mentees who want their skills.
        case traditional
        /// Junior mentors strong in new skills (AI tools, social media, new
        /// frameworks), senior mentees who want them.
        case reverse
        /// One pool of peers (role `both`), each with skills to give and goals.
        case mutual
    }

    /// The skills taxonomy: area and skills.
    public static let taxonomy: [(area: String, skills: [String])] = [
        ("engineering", ["swift", "kotlin", "typescript", "react", "go", "rust", "java", "python", "kubernetes", "terraform", "ci-cd", "distributed-systems"]),
        ("data-ai", ["sql", "data-modeling", "statistics", "machine-learning", "deep-learning", "llm-apps", "ai-tools", "prompt-engineering", "data-visualization"]),
        ("product", ["product-strategy", "roadmapping", "user-research", "experimentation", "social-media"]),
        ("design", ["ux-design", "ui-design", "design-systems", "accessibility"]),
        ("security", ["appsec", "cloud-security", "threat-modeling", "incident-response"]),
        ("leadership", ["people-management", "public-speaking", "negotiation", "stakeholder-management", "hiring", "coaching"]),
    ]
    /// Skills juniors tend to master first (the reverse scenario's subjects).
    public static let newSkills = ["ai-tools", "prompt-engineering", "social-media", "llm-apps", "react", "rust"]

    static let interests = ["running", "music", "chess", "reading", "travel", "cooking", "photography", "gaming", "hiking",
                            "open-source", "volunteering", "startups", "writing", "climbing", "film", "gardening"]
    static let values = ["growth", "balance", "impact", "craft", "autonomy", "teamwork", "diversity", "curiosity", "integrity", "customer-focus"]

    /// `mentors` mentors and `mentees` mentees (in the mutual scenario,
    /// `mentors + mentees` peers), mentors first, from the built-in
    /// distributions of `scenario` (``Distributions/defaults(for:)``).
    public static func generate(mentors: Int, mentees: Int, seed: UInt64, scenario: Scenario = .traditional) -> [Profile] {
        generate(mentors: mentors, mentees: mentees, seed: seed, distributions: .defaults(for: scenario))
    }

    /// `mentors` mentors and `mentees` mentees (in the mutual scenario,
    /// `mentors + mentees` peers), mentors first, drawn from `d` with the
    /// seeded SplitMix64 stream: the same arguments give the same profiles.
    ///
    /// - Precondition: `d.problems()` is empty.
    /// - Complexity: O(people · (skills + tags) + mentees · preferences).
    public static func generate(mentors: Int, mentees: Int, seed: UInt64, distributions d: Distributions) -> [Profile] {
        precondition(d.problems().isEmpty, "distributions that no draw can use: \(d.problems().joined(separator: "; "))")
        let scenario = d.scenario
        var g = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 0x51)
        func int(_ n: Int) -> Int { g.below(n) }
        func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
        func happens(_ c: Distributions.Chance) -> Bool { int(c.n) < c.k }
        func normal(_ n: Distributions.Normal) -> Double { clamp01(g.normal(n.mean, n.sd)) }
        func clamp01(_ x: Double) -> Double { (Swift.min(1, Swift.max(0, x)) * 100).rounded() / 100 }
        let areaSkills = Dictionary(d.skills.taxonomy.map { ($0.name, $0.skills) }, uniquingKeysWith: { a, _ in a })
        let allSkills = d.skills.taxonomy.flatMap(\.skills)
        let regionBag = d.regions.flatMap { r in Array(repeating: r, count: Swift.max(0, r.weight)) }
        let maxLevel = Double(d.skills.maxLevel)
        let total = mentors + mentees
        // M001…, E001… (P001… for one pool), zero-padded to the side's size.
        func id(_ k: Int) -> PersonID {
            let (prefix, number, size) = scenario == .mutual ? ("P", k + 1, total) : (k < mentors ? ("M", k + 1, mentors) : ("E", k - mentors + 1, mentees))
            let digits = String(number), width = Swift.max(3, String(size).count)
            return PersonID(prefix + String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits)
        }
        var people = [Profile]()
        people.reserveCapacity(total)
        for k in 0..<total {
            let isMentor = scenario == .mutual ? happens(d.mutualGiver) : k < mentors
            let role: Role = scenario == .mutual ? .both : (k < mentors ? .mentor : .mentee)
            let level = pick(isMentor ? d.levels.mentors : d.levels.mentees)
            let dept = pick(d.departments)
            let region = pick(regionBag)
            let prefix = dept.name.prefix(3).lowercased()
            var p = Profile(id: id(k), role: role, department: dept.name, team: "\(prefix)-\(1 + int(d.teamsPerDepartment))")
            p.seniority = Seniority(level: Double(level), years: Double(Swift.max(0, level * d.years.perLevel + d.years.offset + pick(d.years.spread))))
            // Skills: the department's areas at levels that grow with seniority, a few others.
            let home = dept.areas.flatMap { areaSkills[$0] ?? [] }
            for s in home where !happens(d.skills.homeLeftOut) {
                p.skills[s] = Swift.min(maxLevel, Swift.max(0, Double(level / 2 + pick(d.skills.homeBonus))))
            }
            for _ in 0..<d.skills.extraCount { p.skills[pick(allSkills)] = Double(pick(d.skills.extraLevels)) }
            if scenario == .reverse && isMentor {
                for s in d.skills.newSkills where !happens(d.skills.reverseMentorLeftOut) { p.skills[s] = Double(pick(d.skills.reverseMentorLevels)) }
            }
            if scenario == .reverse && !isMentor {
                for s in d.skills.newSkills { p.skills[s] = Double(pick(d.skills.reverseMenteeLevels)) }
            }
            // Goals: mentees (and peers) want skills they are weak in.
            if !isMentor || scenario == .mutual {
                let pool = scenario == .reverse
                    ? d.skills.newSkills
                    : home + (areaSkills[d.goals.sharedArea] ?? []) + (level >= d.goals.aiSkillsFromLevel ? d.goals.aiSkills : [])
                var chosen = Set<String>()
                for _ in 0..<pick(d.goals.count) where !pool.isEmpty {
                    let s = pick(pool)
                    guard chosen.insert(s).inserted else { continue }
                    let now = p.skills[s] ?? 0
                    guard now < maxLevel else { continue }
                    p.goals.append(LearningGoal(skill: s, desiredLevel: Swift.min(maxLevel, now + Double(pick(d.goals.gain))),
                                                priority: Double(pick(d.goals.priority))))
                }
            }
            let t = d.personality, c = d.communication
            p.personality = BigFive(openness: normal(t.openness), conscientiousness: normal(t.conscientiousness),
                                    extraversion: normal(t.extraversion), agreeableness: normal(t.agreeableness),
                                    neuroticism: normal(t.neuroticism))
            p.communication = CommunicationStyle(collaborative: normal(c.collaborative), flexible: normal(c.flexible),
                                                 bigPicture: normal(level >= c.seniorFromLevel ? c.bigPictureSenior : c.bigPicture))
            p.interests = d.interests.tags.filter { _ in happens(d.interests.chance) }
            p.values = d.values.tags.filter { _ in happens(d.values.chance) }
            p.languages = (happens(d.languages.noEnglish) ? [] : [d.languages.common]) + (happens(d.languages.regional) ? [pick(region.languages)] : [])
            if p.languages.isEmpty { p.languages = [pick(region.languages)] }
            p.timeZone = pick(region.zones)
            // Availability: one window on a few days.
            let window = pick(d.availability.windows)
            var days = Set<Int>()
            for _ in 0..<pick(d.availability.days) { days.insert(pick(d.availability.weekdays)) }
            p.availability = days.sorted().map { WeeklySlot(day: $0, startHour: window[0], endHour: window[1]) }
            if isMentor || scenario == .mutual { p.capacity = pick(d.capacity) }
            p.attributes = [
                "gender": happens(d.gender.chance) ? pick(d.gender.values) : d.gender.otherwise,
                "region": region.name,
                "track": (d.tracks.first { $0.upToLevel.map { level <= $0 } ?? true } ?? d.tracks[d.tracks.count - 1]).name,
            ]
            p.eligible = !happens(d.ineligible)
            people.append(p)
        }
        // Reporting lines: within a department, a more senior person earlier in the list.
        var byDept = [String: [Int]]()
        for (k, p) in people.enumerated() { byDept[p.department!, default: []].append(k) }
        for (k, p) in people.enumerated() where !happens(d.reportingLines.none) {
            let candidates = byDept[p.department!]!
            for _ in 0..<d.reportingLines.attempts {
                let q = candidates[int(candidates.count)]
                if q < k && people[q].seniority!.level > p.seniority!.level { people[k].managerID = people[q].id; break }
            }
        }
        // Preferences, blocks and past pairings across the two sides.
        let mentorRange = scenario == .mutual ? 0..<total : 0..<mentors
        let menteeRange = scenario == .mutual ? 0..<total : mentors..<total
        if !mentorRange.isEmpty && !menteeRange.isEmpty {
            for k in menteeRange {
                if happens(d.preferences.chance) {
                    var prefs = [PersonID]()
                    for _ in 0..<pick(d.preferences.count) {
                        let q = mentorRange.lowerBound + int(mentorRange.count)
                        if q != k && !prefs.contains(people[q].id) { prefs.append(people[q].id) }
                    }
                    people[k].preferences = prefs
                }
                if happens(d.blocks) {
                    let q = mentorRange.lowerBound + int(mentorRange.count)
                    if q != k { people[k].blocked = [people[q].id] }
                }
                if happens(d.pastPairings.chance) {
                    let q = mentorRange.lowerBound + int(mentorRange.count)
                    if q != k { people[k].pastPairings = [PastPairing(partner: people[q].id, outcome: happens(d.pastPairings.failed) ? .failed : .succeeded)] }
                }
            }
        }
        return people
    }
}
