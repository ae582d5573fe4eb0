import MatchingCore

extension SyntheticCohort {
    /// Every distribution the generator draws from, with its parameters: what
    /// a scenario file (`mentor-match generate --scenario-file`) sets. The
    /// defaults of a ``Scenario`` (``defaults(for:)``) are the built-in
    /// populations; a file states only what it changes, and so does code:
    /// start from ``defaults(for:)`` and set the fields to change.
    ///
    /// Three kinds of distribution, each drawn from the seeded SplitMix64
    /// stream in a fixed order, so that one seed and one set of parameters
    /// give one population, bit for bit:
    /// - a **bag** (a list) is drawn uniformly: one element, each position
    ///   equally likely; repeat a value to weight it (`[1, 2, 2, 3]`);
    /// - a ``Chance`` `"k/n"` happens when a uniform draw from `0..<n` is
    ///   below `k`, with probability `k/n`;
    /// - a ``Normal`` is drawn by Box–Muller and clamped to 0…1, rounded to
    ///   two decimals (traits and styles).
    public struct Distributions: Hashable, Sendable, Codable {
        /// Which program the population is for: traditional, reverse or
        /// mutual (one pool with role `both`). It decides the ids, the roles,
        /// who has goals and the reverse scenario's new skills.
        public var scenario: Scenario
        /// Seniority levels (1…7) of mentors and mentees (in mutual mode,
        /// the people drawn as givers and the others).
        public var levels: Levels
        /// Years of experience: `level × perLevel + offset + a draw from
        /// spread`, at least 0.
        public var years: Years
        /// Departments, drawn uniformly (repeat one to weight it), each with
        /// the skill areas its people know.
        public var departments: [Department]
        /// Teams per department: team `xyz-1` … `xyz-k`, drawn uniformly.
        public var teamsPerDepartment: Int
        /// Regions, drawn by weight, each with its time zones (drawn
        /// uniformly) and regional languages.
        public var regions: [Region]
        /// Skills: the taxonomy and how levels are drawn.
        public var skills: Skills
        /// Learning goals of mentees (and of everyone in mutual mode).
        public var goals: Goals
        /// Big Five traits, each a ``Normal``.
        public var personality: Personality
        /// Communication styles, each a ``Normal``.
        public var communication: Communication
        /// Interests: each kept with ``Tagged/chance``.
        public var interests: Tagged
        /// Work values: each kept with ``Tagged/chance``.
        public var values: Tagged
        /// Languages: English unless ``Languages/noEnglish``, a regional one with ``Languages/regional``.
        public var languages: Languages
        /// Weekly availability.
        public var availability: Availability
        /// Mentor capacity (and every peer's in mutual mode), a bag.
        public var capacity: [Int]
        /// The `gender` column: with ``Gender/chance`` a draw from
        /// ``Gender/values``, otherwise ``Gender/otherwise``.
        public var gender: Gender
        /// The `track` column by seniority level: the first track whose
        /// `upToLevel` is at least the person's level (the last has none).
        public var tracks: [Track]
        /// Chance that someone is not eligible this round.
        public var ineligible: Chance
        /// Mutual mode only: chance that a person is drawn as a giver (their
        /// level, skills and capacity as a mentor's).
        public var mutualGiver: Chance
        /// Reporting lines.
        public var reportingLines: ReportingLines
        /// Mentees' (peers') ranked preferences of mentors.
        public var preferences: Preferences
        /// Chance that a mentee blocks one mentor drawn uniformly.
        public var blocks: Chance
        /// Past pairings.
        public var pastPairings: PastPairings

        /// A probability `k/n`, written `"k/n"`: it happens when a uniform
        /// draw from `0..<n` is below `k`.
        public struct Chance: Hashable, Sendable, Codable, CustomStringConvertible {
            /// Favourable outcomes, 0…n.
            public var k: Int
            /// Outcomes, ≥ 1.
            public var n: Int

            /// `k` in `n`.
            /// - Precondition: `0 ≤ k ≤ n`, `n ≥ 1`.
            public init(_ k: Int, in n: Int) {
                precondition(n >= 1 && (0...n).contains(k))
                self.k = k
                self.n = n
            }

            /// `k/n`.
            public var description: String { "\(k)/\(n)" }

            /// Decodes `"k/n"`.
            public init(from decoder: any Decoder) throws {
                guard let text = try? decoder.singleValueContainer().decode(String.self) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a chance is written k/n in quotes, e.g. \"1/5\""))
                }
                let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0.trimmed()) }
                guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, (0...n).contains(k) else {
                    throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                            debugDescription: "'\(text)' is not a chance k/n with 0 ≤ k ≤ n and n ≥ 1 (e.g. \"1/5\")"))
                }
                self.init(k, in: n)
            }

            /// Encodes `"k/n"`.
            public func encode(to encoder: any Encoder) throws {
                var c = encoder.singleValueContainer()
                try c.encode(description)
            }
        }

        /// A normal distribution, clamped to 0…1 and rounded to 0.01.
        public struct Normal: Hashable, Sendable, Codable {
            /// Mean.
            public var mean: Double
            /// Standard deviation, ≥ 0.
            public var sd: Double
            /// `N(mean, sd²)`.
            public init(_ mean: Double, _ sd: Double) {
                self.mean = mean
                self.sd = sd
            }
        }

        /// Seniority levels, bags.
        public struct Levels: Hashable, Sendable, Codable {
            /// Mentors' (givers') levels.
            public var mentors: [Int]
            /// Mentees' levels.
            public var mentees: [Int]
        }

        /// Years of experience.
        public struct Years: Hashable, Sendable, Codable {
            /// Years per seniority level.
            public var perLevel: Int
            /// Added to every person's years.
            public var offset: Int
            /// A bag of extra years.
            public var spread: [Int]
        }

        /// A department and the skill areas of its people.
        public struct Department: Hashable, Sendable, Codable {
            /// Its name.
            public var name: String
            /// Areas of ``Skills/taxonomy`` its people know (their "home" skills).
            public var areas: [String]
        }

        /// A region.
        public struct Region: Hashable, Sendable, Codable {
            /// Its name (the `region` column).
            public var name: String
            /// How many times it is in the bag of regions.
            public var weight: Int
            /// Its time zones, drawn uniformly (`UTC`, `UTC+5:30`, …).
            public var zones: [String]
            /// Its regional languages, drawn uniformly.
            public var languages: [String]
        }

        /// A skill area of the taxonomy.
        public struct Area: Hashable, Sendable, Codable {
            /// Its name.
            public var name: String
            /// Its skills.
            public var skills: [String]
        }

        /// Skills and their levels (0…``maxLevel``).
        public struct Skills: Hashable, Sendable, Codable {
            /// The taxonomy: areas and their skills.
            public var taxonomy: [Area]
            /// Skills juniors master first: the reverse scenario's subjects.
            public var newSkills: [String]
            /// Chance that a home skill (of the department's areas) is left out.
            public var homeLeftOut: Chance
            /// A home skill's level: `level / 2` (whole division) plus a draw from this bag.
            public var homeBonus: [Int]
            /// Skills drawn uniformly from the whole taxonomy besides the home ones.
            public var extraCount: Int
            /// Their levels, a bag.
            public var extraLevels: [Int]
            /// The largest level.
            public var maxLevel: Int
            /// Reverse mentors: chance that a new skill is left out.
            public var reverseMentorLeftOut: Chance
            /// Reverse mentors' new-skill levels, a bag.
            public var reverseMentorLevels: [Int]
            /// Reverse mentees' new-skill levels, a bag.
            public var reverseMenteeLevels: [Int]
        }

        /// Learning goals.
        public struct Goals: Hashable, Sendable, Codable {
            /// Skills drawn (with repeats dropped), a bag.
            public var count: [Int]
            /// The desired level above today's (capped at the largest), a bag.
            public var gain: [Int]
            /// Priority 1 (highest) … 3, a bag.
            public var priority: [Int]
            /// From this level on, ``aiSkills`` join the skills a goal is drawn from.
            public var aiSkillsFromLevel: Int
            /// Skills senior people also want.
            public var aiSkills: [String]
            /// An area whose skills everyone's goals may name, beside the home skills.
            public var sharedArea: String
        }

        /// The Big Five traits, each a ``Normal``.
        public struct Personality: Hashable, Sendable, Codable {
            /// Openness.
            public var openness: Normal
            /// Conscientiousness.
            public var conscientiousness: Normal
            /// Extraversion.
            public var extraversion: Normal
            /// Agreeableness.
            public var agreeableness: Normal
            /// Neuroticism.
            public var neuroticism: Normal
        }

        /// Communication styles, each a ``Normal``.
        public struct Communication: Hashable, Sendable, Codable {
            /// Collaborative.
            public var collaborative: Normal
            /// Flexible.
            public var flexible: Normal
            /// Big-picture, below ``seniorFromLevel``.
            public var bigPicture: Normal
            /// Big-picture from ``seniorFromLevel`` on.
            public var bigPictureSenior: Normal
            /// The level from which ``bigPictureSenior`` applies.
            public var seniorFromLevel: Int
        }

        /// Tags kept one by one with a chance (interests, values).
        public struct Tagged: Hashable, Sendable, Codable {
            /// The tags, in order.
            public var tags: [String]
            /// Chance that each is kept.
            public var chance: Chance
        }

        /// Languages.
        public struct Languages: Hashable, Sendable, Codable {
            /// The language everyone speaks unless ``noEnglish``.
            public var common: String
            /// Chance of not speaking it.
            public var noEnglish: Chance
            /// Chance of a regional language (everyone without the common language has one).
            public var regional: Chance
        }

        /// Weekly availability: one window, on a few weekdays.
        public struct Availability: Hashable, Sendable, Codable {
            /// Windows `[start, end]` in whole local hours, a bag.
            public var windows: [[Int]]
            /// How many days are drawn (repeats merge), a bag.
            public var days: [Int]
            /// The days drawn from, 0 = Monday … 6 = Sunday, a bag.
            public var weekdays: [Int]
        }

        /// The `gender` column.
        public struct Gender: Hashable, Sendable, Codable {
            /// Chance of a draw from ``values``.
            public var chance: Chance
            /// A bag.
            public var values: [String]
            /// The value otherwise.
            public var otherwise: String
        }

        /// A track of the `track` column.
        public struct Track: Hashable, Sendable, Codable {
            /// Its name.
            public var name: String
            /// The highest level on it; `nil` for the last track.
            public var upToLevel: Int?
        }

        /// Reporting lines: a manager is a more senior person of the same
        /// department earlier in the list.
        public struct ReportingLines: Hashable, Sendable, Codable {
            /// Chance that a person has no manager (no search).
            public var none: Chance
            /// People of the department tried before giving up.
            public var attempts: Int
        }

        /// Ranked preferences.
        public struct Preferences: Hashable, Sendable, Codable {
            /// Chance that a mentee lists preferences.
            public var chance: Chance
            /// Mentors drawn (repeats dropped), a bag.
            public var count: [Int]
        }

        /// Past pairings.
        public struct PastPairings: Hashable, Sendable, Codable {
            /// Chance that a mentee has one, with a mentor drawn uniformly.
            public var chance: Chance
            /// Chance that it failed (otherwise it succeeded).
            public var failed: Chance
        }

        /// The built-in population of `scenario`.
        public static func defaults(for scenario: Scenario) -> Distributions {
            let levels: Levels
            switch scenario {
            case .traditional: levels = Levels(mentors: [4, 4, 4, 5, 5, 6, 7], mentees: [1, 1, 1, 2, 2, 3, 4])
            case .reverse: levels = Levels(mentors: [1, 1, 2, 2, 3], mentees: [5, 5, 6, 7])
            case .mutual: levels = Levels(mentors: [2, 2, 3, 3, 4, 5], mentees: [2, 2, 3, 3, 4, 5])
            }
            return Distributions(
                scenario: scenario, levels: levels, years: Years(perLevel: 3, offset: -2, spread: [0, 1, 2, 3]),
                departments: [
                    Department(name: "Engineering", areas: ["engineering", "security"]), Department(name: "Data & AI", areas: ["data-ai", "engineering"]),
                    Department(name: "Product", areas: ["product", "data-ai"]), Department(name: "Design", areas: ["design", "product"]),
                    Department(name: "Security", areas: ["security", "engineering"]), Department(name: "Operations", areas: ["engineering", "leadership"]),
                    Department(name: "Sales", areas: ["product", "leadership"]), Department(name: "People", areas: ["leadership", "product"]),
                ],
                teamsPerDepartment: 4,
                regions: [
                    Region(name: "Americas", weight: 2, zones: ["UTC-8", "UTC-5", "UTC-3"], languages: ["spanish", "portuguese"]),
                    Region(name: "EMEA", weight: 3, zones: ["UTC", "UTC+1", "UTC+2"], languages: ["french", "german"]),
                    Region(name: "APAC", weight: 2, zones: ["UTC+5:30", "UTC+8", "UTC+9", "UTC+10"], languages: ["hindi", "japanese", "mandarin"]),
                ],
                skills: Skills(taxonomy: taxonomy.map { Area(name: $0.area, skills: $0.skills) }, newSkills: newSkills,
                               homeLeftOut: Chance(1, in: 3), homeBonus: [0, 1, 2], extraCount: 2, extraLevels: [0, 1, 2, 3], maxLevel: 5,
                               reverseMentorLeftOut: Chance(1, in: 4), reverseMentorLevels: [4, 5], reverseMenteeLevels: [0, 1]),
                goals: Goals(count: [2, 3, 4], gain: [1, 2, 3], priority: [1, 2, 3], aiSkillsFromLevel: 3, aiSkills: ["llm-apps", "ai-tools"],
                             sharedArea: "leadership"),
                personality: Personality(openness: Normal(0.6, 0.18), conscientiousness: Normal(0.6, 0.16), extraversion: Normal(0.5, 0.2),
                                         agreeableness: Normal(0.6, 0.15), neuroticism: Normal(0.4, 0.18)),
                communication: Communication(collaborative: Normal(0.55, 0.22), flexible: Normal(0.5, 0.22), bigPicture: Normal(0.45, 0.2),
                                             bigPictureSenior: Normal(0.65, 0.2), seniorFromLevel: 5),
                interests: Tagged(tags: SyntheticCohort.interests, chance: Chance(1, in: 5)),
                values: Tagged(tags: SyntheticCohort.values, chance: Chance(1, in: 4)),
                languages: Languages(common: "english", noEnglish: Chance(1, in: 30), regional: Chance(1, in: 2)),
                availability: Availability(windows: [[8, 10], [12, 14], [15, 18], [18, 20]], days: [2, 3], weekdays: [0, 1, 2, 3, 4]),
                capacity: [1, 2, 2, 3, 3, 4],
                gender: Gender(chance: Chance(4, in: 5), values: ["woman", "man", "woman", "man"], otherwise: "nonbinary"),
                tracks: [Track(name: "early", upToLevel: 2), Track(name: "mid", upToLevel: 4), Track(name: "senior", upToLevel: nil)],
                ineligible: Chance(1, in: 60), mutualGiver: Chance(1, in: 2),
                reportingLines: ReportingLines(none: Chance(1, in: 3), attempts: 4),
                preferences: Preferences(chance: Chance(1, in: 5), count: [1, 2, 3]),
                blocks: Chance(1, in: 40),
                pastPairings: PastPairings(chance: Chance(1, in: 20), failed: Chance(3, in: 10)))
        }

        /// Every parameter that no draw can use, one line each naming its
        /// key: empty bags, areas or skills that do not exist, windows that
        /// are not hours of one day, tracks out of order, negative counts.
        public func problems() -> [String] {
            var out = [String]()
            func bag<T>(_ key: String, _ xs: [T]) { if xs.isEmpty { out.append("\(key): an empty list has nothing to draw") } }
            bag("levels.mentors", levels.mentors); bag("levels.mentees", levels.mentees)
            for (key, xs) in [("levels.mentors", levels.mentors), ("levels.mentees", levels.mentees)] where xs.contains(where: { !(1...7).contains($0) }) {
                out.append("\(key): seniority levels lie in 1…7")
            }
            bag("years.spread", years.spread)
            bag("departments", departments)
            let areas = Set(skills.taxonomy.map(\.name))
            for (k, d) in departments.enumerated() {
                if d.name.isEmpty { out.append("departments[\(k)].name: empty") }
                for a in d.areas where !areas.contains(a) { out.append("departments[\(k)].areas: '\(a)' is not an area of skills.taxonomy") }
            }
            if teamsPerDepartment < 1 { out.append("teamsPerDepartment: at least 1") }
            bag("regions", regions)
            for (k, r) in regions.enumerated() {
                if r.weight < 0 { out.append("regions[\(k)].weight: 0 or more") }
                bag("regions[\(k)].zones", r.zones); bag("regions[\(k)].languages", r.languages)
                for z in r.zones where _TimeZoneOffset.hours(z) == nil { out.append("regions[\(k)].zones: '\(z)' is not a time zone (e.g. UTC+5:30)") }
            }
            if !regions.isEmpty && regions.allSatisfy({ $0.weight == 0 }) { out.append("regions: every weight is 0") }
            bag("skills.taxonomy", skills.taxonomy)
            for (k, a) in skills.taxonomy.enumerated() { bag("skills.taxonomy[\(k)].skills", a.skills) }
            bag("skills.homeBonus", skills.homeBonus); bag("skills.extraLevels", skills.extraLevels)
            bag("skills.reverseMentorLevels", skills.reverseMentorLevels); bag("skills.reverseMenteeLevels", skills.reverseMenteeLevels)
            if skills.extraCount < 0 { out.append("skills.extraCount: 0 or more") }
            if skills.maxLevel < 1 { out.append("skills.maxLevel: at least 1") }
            let known = Set(skills.taxonomy.flatMap(\.skills))
            for s in skills.newSkills + goals.aiSkills where !known.contains(s) { out.append("'\(s)' (skills.newSkills or goals.aiSkills) is not a skill of skills.taxonomy") }
            if scenario == .reverse { bag("skills.newSkills", skills.newSkills) }
            bag("goals.count", goals.count); bag("goals.gain", goals.gain); bag("goals.priority", goals.priority)
            for (key, xs) in [("goals.count", goals.count), ("goals.gain", goals.gain), ("preferences.count", preferences.count),
                              ("skills.extraLevels", skills.extraLevels),
                              ("skills.reverseMentorLevels", skills.reverseMentorLevels), ("skills.reverseMenteeLevels", skills.reverseMenteeLevels)]
                where xs.contains(where: { $0 < 0 }) {
                out.append("\(key): 0 or more")
            }
            let chances: [(String, Chance)] = [
                ("skills.homeLeftOut", skills.homeLeftOut), ("skills.reverseMentorLeftOut", skills.reverseMentorLeftOut),
                ("interests.chance", interests.chance), ("values.chance", values.chance), ("languages.noEnglish", languages.noEnglish),
                ("languages.regional", languages.regional), ("gender.chance", gender.chance), ("ineligible", ineligible), ("mutualGiver", mutualGiver),
                ("reportingLines.none", reportingLines.none), ("preferences.chance", preferences.chance), ("blocks", blocks),
                ("pastPairings.chance", pastPairings.chance), ("pastPairings.failed", pastPairings.failed),
            ]
            for (key, c) in chances where !(c.n >= 1 && (0...c.n).contains(c.k)) { out.append("\(key): a chance k/n needs 0 ≤ k ≤ n and n ≥ 1") }
            if goals.priority.contains(where: { !(1...3).contains($0) }) { out.append("goals.priority: priorities lie in 1…3") }
            if !areas.contains(goals.sharedArea) { out.append("goals.sharedArea: '\(goals.sharedArea)' is not an area of skills.taxonomy") }
            let normals: [(String, Normal)] = [
                ("personality.openness", personality.openness), ("personality.conscientiousness", personality.conscientiousness),
                ("personality.extraversion", personality.extraversion), ("personality.agreeableness", personality.agreeableness),
                ("personality.neuroticism", personality.neuroticism), ("communication.collaborative", communication.collaborative),
                ("communication.flexible", communication.flexible), ("communication.bigPicture", communication.bigPicture),
                ("communication.bigPictureSenior", communication.bigPictureSenior),
            ]
            for (key, d) in normals where !(d.mean.isFinite && d.sd.isFinite && d.sd >= 0) { out.append("\(key): a finite mean and an sd ≥ 0") }
            bag("availability.windows", availability.windows); bag("availability.days", availability.days); bag("availability.weekdays", availability.weekdays)
            for w in availability.windows where !(w.count == 2 && 0 <= w[0] && w[0] < w[1] && w[1] <= 24) {
                out.append("availability.windows: \(w) is not [start, end] in hours with 0 ≤ start < end ≤ 24")
            }
            if availability.weekdays.contains(where: { !(0...6).contains($0) }) { out.append("availability.weekdays: days are 0 (Monday) … 6 (Sunday)") }
            if availability.days.contains(where: { $0 < 0 }) { out.append("availability.days: 0 or more") }
            bag("capacity", capacity)
            if capacity.contains(where: { $0 < 0 }) { out.append("capacity: 0 or more") }
            bag("gender.values", gender.values)
            bag("tracks", tracks)
            for (k, t) in tracks.enumerated() {
                let last = k == tracks.count - 1
                if last != (t.upToLevel == nil) { out.append("tracks[\(k)]: every track but the last has an upToLevel, the last has none") }
                if k > 0, let a = tracks[k - 1].upToLevel, let b = t.upToLevel, b <= a { out.append("tracks[\(k)].upToLevel: above the track before") }
            }
            if reportingLines.attempts < 0 { out.append("reportingLines.attempts: 0 or more") }
            bag("preferences.count", preferences.count)
            return out
        }
    }
}
