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

    static let departments: [(name: String, areas: [String])] = [
        ("Engineering", ["engineering", "security"]), ("Data & AI", ["data-ai", "engineering"]),
        ("Product", ["product", "data-ai"]), ("Design", ["design", "product"]),
        ("Security", ["security", "engineering"]), ("Operations", ["engineering", "leadership"]),
        ("Sales", ["product", "leadership"]), ("People", ["leadership", "product"]),
    ]
    static let regions: [(name: String, zones: [String], languages: [String])] = [
        ("Americas", ["UTC-8", "UTC-5", "UTC-3"], ["spanish", "portuguese"]),
        ("EMEA", ["UTC", "UTC+1", "UTC+2"], ["french", "german"]),
        ("APAC", ["UTC+5:30", "UTC+8", "UTC+9", "UTC+10"], ["hindi", "japanese", "mandarin"]),
    ]
    static let interests = ["running", "music", "chess", "reading", "travel", "cooking", "photography", "gaming", "hiking",
                            "open-source", "volunteering", "startups", "writing", "climbing", "film", "gardening"]
    static let values = ["growth", "balance", "impact", "craft", "autonomy", "teamwork", "diversity", "curiosity", "integrity", "customer-focus"]

    /// `mentors` mentors and `mentees` mentees (in the mutual scenario,
    /// `mentors + mentees` peers), mentors first.
    public static func generate(mentors: Int, mentees: Int, seed: UInt64, scenario: Scenario = .traditional) -> [Profile] {
        var g = SplitMix64(seed: seed &* 0x9E37_79B9 &+ 0x51)
        func unit() -> Double { g.unit() }
        func int(_ n: Int) -> Int { g.below(n) }
        func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
        func normal(_ mean: Double, _ sd: Double) -> Double { g.normal(mean, sd) }
        func clamp01(_ x: Double) -> Double { (Swift.min(1, Swift.max(0, x)) * 100).rounded() / 100 }
        let areaSkills = Dictionary(uniqueKeysWithValues: taxonomy.map { ($0.area, $0.skills) })
        let allSkills = taxonomy.flatMap(\.skills)
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
            let isMentor = scenario == .mutual ? int(2) == 0 : k < mentors
            let role: Role = scenario == .mutual ? .both : (k < mentors ? .mentor : .mentee)
            // Seniority pyramid: levels 1…7, fewer at the top; traditional
            // mentors are senior, reverse mentors junior.
            let level: Int
            switch (scenario, isMentor) {
            case (.traditional, true): level = 4 + [0, 0, 0, 1, 1, 2, 3][int(7)]
            case (.traditional, false): level = 1 + [0, 0, 0, 1, 1, 2, 3][int(7)]
            case (.reverse, true): level = 1 + [0, 0, 1, 1, 2][int(5)]
            case (.reverse, false): level = 5 + [0, 0, 1, 2][int(4)]
            case (.mutual, _): level = 2 + [0, 0, 1, 1, 2, 3][int(6)]
            }
            let dept = pick(departments)
            let region = regions[[0, 0, 1, 1, 1, 2, 2][int(7)]]
            var p = Profile(id: id(k), role: role, department: dept.name, team: "\(dept.name.prefix(3).lowercased())-\(1 + int(4))")
            p.seniority = Seniority(level: Double(level), years: Double(Swift.max(0, level * 3 - 2 + int(4))))
            // Skills: the department's areas at levels that grow with seniority, a few others.
            let home = dept.areas.flatMap { areaSkills[$0]! }
            for s in home where int(3) != 0 {
                p.skills[s] = Double(Swift.min(5, Swift.max(0, level / 2 + int(3))))
            }
            for _ in 0..<2 { p.skills[pick(allSkills)] = Double(int(4)) }
            if scenario == .reverse && isMentor {
                for s in newSkills where int(4) != 0 { p.skills[s] = Double(4 + int(2)) }
            }
            if scenario == .reverse && !isMentor {
                for s in newSkills { p.skills[s] = Double(int(2)) }
            }
            // Goals: mentees (and peers) want skills they are weak in.
            if !isMentor || scenario == .mutual {
                let pool = scenario == .reverse ? newSkills : (home + (areaSkills["leadership"]!) + (level >= 3 ? ["llm-apps", "ai-tools"] : []))
                var chosen = Set<String>()
                for _ in 0..<(2 + int(3)) {
                    let s = pick(pool)
                    guard chosen.insert(s).inserted else { continue }
                    let now = p.skills[s] ?? 0
                    guard now < 5 else { continue }
                    p.goals.append(LearningGoal(skill: s, desiredLevel: Swift.min(5, now + Double(1 + int(3))), priority: Double(1 + int(3))))
                }
            }
            p.personality = BigFive(openness: clamp01(normal(0.6, 0.18)), conscientiousness: clamp01(normal(0.6, 0.16)),
                                    extraversion: clamp01(normal(0.5, 0.2)), agreeableness: clamp01(normal(0.6, 0.15)),
                                    neuroticism: clamp01(normal(0.4, 0.18)))
            p.communication = CommunicationStyle(collaborative: clamp01(normal(0.55, 0.22)), flexible: clamp01(normal(0.5, 0.22)),
                                                 bigPicture: clamp01(normal(level >= 5 ? 0.65 : 0.45, 0.2)))
            p.interests = interests.filter { _ in int(5) == 0 }
            p.values = values.filter { _ in int(4) == 0 }
            p.languages = (int(30) == 0 ? [] : ["english"]) + (int(2) == 0 ? [pick(region.languages)] : [])
            if p.languages.isEmpty { p.languages = [pick(region.languages)] }
            p.timeZone = pick(region.zones)
            // Availability: two or three weekday blocks in a personal pattern.
            let pattern = [(8, 10), (12, 14), (15, 18), (18, 20)][int(4)]
            var days = Set<Int>()
            for _ in 0..<(2 + int(2)) { days.insert(int(5)) }
            p.availability = days.sorted().map { WeeklySlot(day: $0, startHour: pattern.0, endHour: pattern.1) }
            if isMentor || scenario == .mutual { p.capacity = [1, 2, 2, 3, 3, 4][int(6)] }
            p.attributes = [
                "gender": ["woman", "man", "woman", "man", "nonbinary"][int(5) < 4 ? int(4) : 4],
                "region": region.name,
                "track": level <= 2 ? "early" : (level <= 4 ? "mid" : "senior"),
            ]
            p.eligible = int(60) != 0
            people.append(p)
        }
        // Reporting lines: within a department, a more senior person earlier in the list.
        var byDept = [String: [Int]]()
        for (k, p) in people.enumerated() { byDept[p.department!, default: []].append(k) }
        for (k, p) in people.enumerated() where int(3) != 0 {
            let candidates = byDept[p.department!]!
            for _ in 0..<4 {
                let q = candidates[int(candidates.count)]
                if q < k && people[q].seniority!.level > p.seniority!.level { people[k].managerID = people[q].id; break }
            }
        }
        // Preferences, blocks and past pairings across the two sides.
        let mentorRange = scenario == .mutual ? 0..<total : 0..<mentors
        let menteeRange = scenario == .mutual ? 0..<total : mentors..<total
        if !mentorRange.isEmpty && !menteeRange.isEmpty {
            for k in menteeRange {
                if int(5) == 0 {
                    var prefs = [PersonID]()
                    for _ in 0..<(1 + int(3)) {
                        let q = mentorRange.lowerBound + int(mentorRange.count)
                        if q != k && !prefs.contains(people[q].id) { prefs.append(people[q].id) }
                    }
                    people[k].preferences = prefs
                }
                if int(40) == 0 {
                    let q = mentorRange.lowerBound + int(mentorRange.count)
                    if q != k { people[k].blocked = [people[q].id] }
                }
                if int(20) == 0 {
                    let q = mentorRange.lowerBound + int(mentorRange.count)
                    if q != k { people[k].pastPairings = [PastPairing(partner: people[q].id, outcome: int(10) < 3 ? .failed : .succeeded)] }
                }
            }
        }
        return people
    }
}
