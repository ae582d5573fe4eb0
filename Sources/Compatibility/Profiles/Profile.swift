import Foundation
import MatchingCore

/// A participant's identifier as the organisation knows it (an employee id,
/// an e-mail, a survey row id).
public struct PersonID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The identifier's text.
    public var rawValue: String
    /// Creates an identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    /// Creates an identifier from a literal.
    public init(stringLiteral value: String) { rawValue = value }
    /// Decodes an identifier from a plain string.
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    /// Encodes the identifier as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
    /// Orders identifiers by their text.
    public static func < (a: PersonID, b: PersonID) -> Bool { a.rawValue < b.rawValue }
    /// The identifier's text.
    public var description: String { rawValue }
}

/// Which side of a program a person enrols on.
public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
    /// Gives guidance.
    case mentor
    /// Receives guidance.
    case mentee
    /// Both sides: in traditional and reverse mode the person may mentor
    /// someone and be mentored by someone else (never themself); in mutual
    /// mode everyone is in one pool.
    case both
}

/// Seniority: a level on the organisation's ladder (higher is more senior)
/// and years of experience.
public struct Seniority: Hashable, Sendable, Codable {
    /// The level, e.g. 1 (entry) … 8 (executive).
    public var level: Double
    /// Years of professional experience.
    public var years: Double
    /// Creates a seniority.
    public init(level: Double, years: Double = 0) {
        self.level = level
        self.years = years
    }
}

/// What a mentee wants to learn: a skill, the level they want to reach, and
/// how much it matters to them.
public struct LearningGoal: Hashable, Sendable, Codable {
    /// The skill's name, as in ``Profile/skills``.
    public var skill: String
    /// The level the mentee wants to reach, on the proficiency scale.
    public var desiredLevel: Double
    /// The goal's priority, 1 (nice to have) … 3 (essential).
    public var priority: Double
    /// Creates a goal.
    public init(skill: String, desiredLevel: Double, priority: Double = 2) {
        self.skill = skill
        self.desiredLevel = desiredLevel
        self.priority = priority
    }
}

/// The Big Five personality traits, each in 0…1.
public struct BigFive: Hashable, Sendable, Codable {
    /// Openness to experience.
    public var openness: Double
    /// Conscientiousness.
    public var conscientiousness: Double
    /// Extraversion.
    public var extraversion: Double
    /// Agreeableness.
    public var agreeableness: Double
    /// Neuroticism (emotional reactivity).
    public var neuroticism: Double
    /// Creates a trait profile.
    public init(openness: Double, conscientiousness: Double, extraversion: Double, agreeableness: Double, neuroticism: Double) {
        self.openness = openness
        self.conscientiousness = conscientiousness
        self.extraversion = extraversion
        self.agreeableness = agreeableness
        self.neuroticism = neuroticism
    }
    /// The traits in the order of `Trait.allCases`.
    public var values: [Double] { [openness, conscientiousness, extraversion, agreeableness, neuroticism] }

    /// One trait, for per-trait settings.
    public enum Trait: String, Hashable, Sendable, Codable, CaseIterable {
        /// Openness to experience.
        case openness
        /// Conscientiousness.
        case conscientiousness
        /// Extraversion.
        case extraversion
        /// Agreeableness.
        case agreeableness
        /// Neuroticism.
        case neuroticism
    }
}

/// How a person prefers to communicate, each axis in 0…1.
public struct CommunicationStyle: Hashable, Sendable, Codable {
    /// 0 directive … 1 collaborative.
    public var collaborative: Double
    /// 0 structured … 1 flexible.
    public var flexible: Double
    /// 0 detail … 1 big picture.
    public var bigPicture: Double
    /// Creates a style.
    public init(collaborative: Double, flexible: Double, bigPicture: Double) {
        self.collaborative = collaborative
        self.flexible = flexible
        self.bigPicture = bigPicture
    }
    /// The axes in declaration order.
    public var values: [Double] { [collaborative, flexible, bigPicture] }
}

/// A weekly availability window in the person's local time, to the
/// quarter-hour: `Mon 9:30-17:15` is day 0, 9 h 30 to 17 h 15.
///
/// In JSON the minutes are optional (`{"day": 0, "startHour": 9,
/// "startMinute": 30, "endHour": 17, "endMinute": 15}`; absent: 0) and
/// written only when not 0.
public struct WeeklySlot: Hashable, Sendable, Codable {
    /// Day of the week, 0 = Monday … 6 = Sunday.
    public var day: Int
    /// First hour, 0…23.
    public var startHour: Int
    /// Hour of the end, 0…24 (the window ends at `endHour:endMinute`, after its start).
    public var endHour: Int
    /// Minutes past ``startHour``: 0, 15, 30 or 45.
    public var startMinute: Int
    /// Minutes past ``endHour``: 0, 15, 30 or 45 (0 when `endHour` is 24).
    public var endMinute: Int
    /// Creates a window.
    public init(day: Int, startHour: Int, endHour: Int, startMinute: Int = 0, endMinute: Int = 0) {
        self.day = day
        self.startHour = startHour
        self.endHour = endHour
        self.startMinute = startMinute
        self.endMinute = endMinute
    }

    /// The start in quarter-hours of the day, 0…95.
    public var startQuarter: Int { startHour * 4 + startMinute / 15 }
    /// The end in quarter-hours of the day, 1…96 (after ``startQuarter``).
    public var endQuarter: Int { endHour * 4 + endMinute / 15 }
    /// The window's length in hours.
    public var hours: Double { Double(endQuarter - startQuarter) / 4 }

    /// Why the window is not a day 0…6 with 0:00 ≤ start < end ≤ 24:00 on
    /// quarter-hours, or `nil`.
    public var problem: String? {
        let quarters: Set<Int> = [0, 15, 30, 45]
        guard (0...6).contains(day), (0...23).contains(startHour), (0...24).contains(endHour),
              quarters.contains(startMinute), quarters.contains(endMinute), endHour < 24 || endMinute == 0, startQuarter < endQuarter else {
            return "availability window (day \(day), \(startHour):\(startMinute)–\(endHour):\(endMinute)) is not a day 0…6 with 0:00 ≤ start < end ≤ 24:00 on quarter-hours (minutes 0, 15, 30 or 45)"
        }
        return nil
    }

    /// `9-12`, `9:30-17:15`: the hours as a participants file writes them.
    public var hoursText: String {
        func time(_ h: Int, _ m: Int) -> String { m == 0 ? "\(h)" : "\(h):\(m < 10 ? "0" : "")\(m)" }
        return "\(time(startHour, startMinute))-\(time(endHour, endMinute))"
    }

    enum CodingKeys: String, CodingKey { case day, startHour, startMinute, endHour, endMinute }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        day = try c.decode(Int.self, forKey: .day)
        startHour = try c.decode(Int.self, forKey: .startHour)
        endHour = try c.decode(Int.self, forKey: .endHour)
        startMinute = try c.decodeIfPresent(Int.self, forKey: .startMinute) ?? 0
        endMinute = try c.decodeIfPresent(Int.self, forKey: .endMinute) ?? 0
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(day, forKey: .day)
        try c.encode(startHour, forKey: .startHour)
        if startMinute != 0 { try c.encode(startMinute, forKey: .startMinute) }
        try c.encode(endHour, forKey: .endHour)
        if endMinute != 0 { try c.encode(endMinute, forKey: .endMinute) }
    }
}

/// How an earlier pairing ended.
public enum PairingOutcome: String, Hashable, Sendable, Codable {
    /// It worked; pairing again is allowed.
    case succeeded
    /// It failed; the pair is never proposed again.
    case failed
    /// No verdict.
    case neutral
}

/// An earlier pairing of this person with someone else.
public struct PastPairing: Hashable, Sendable, Codable {
    /// The other person.
    public var partner: PersonID
    /// How it ended.
    public var outcome: PairingOutcome
    /// Creates a record.
    public init(partner: PersonID, outcome: PairingOutcome) {
        self.partner = partner
        self.outcome = outcome
    }
}

/// Where a person works from. Coded as text: `remote`, `onsite:SITE` or
/// `hybrid:SITE`.
public enum WorkLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Remote only.
    case remote
    /// On site at a named location.
    case onSite(String)
    /// Both, with a home location.
    case hybrid(String)

    /// Reads `remote`, `onsite:SITE` or `hybrid:SITE` (case-insensitive kind), or `nil`.
    public init?(_ text: String) {
        let t = text.trimmed()
        if t.lowercased() == "remote" { self = .remote; return }
        guard let colon = t.firstIndex(of: ":") else { return nil }
        let kind = t[..<colon].lowercased(), site = t[t.index(after: colon)...].trimmed()
        guard !site.isEmpty else { return nil }
        switch kind {
        case "onsite", "on-site": self = .onSite(site)
        case "hybrid": self = .hybrid(site)
        default: return nil
        }
    }

    /// `remote`, `onsite:SITE` or `hybrid:SITE`.
    public var description: String {
        switch self {
        case .remote: "remote"
        case .onSite(let s): "onsite:\(s)"
        case .hybrid(let s): "hybrid:\(s)"
        }
    }

    /// Decodes the text form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let value = WorkLocation(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "location '\(text)' is not remote, onsite:SITE or hybrid:SITE")
        }
        self = value
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// One participant of a mentoring program: everything the compatibility model
/// reads. Only ``id`` and ``role`` are required; a missing answer scores the
/// neutral 0.5 on the criteria that read it (and says so in the reasons).
public struct Profile: Hashable, Sendable, Codable {
    /// The person's identifier, unique in a cohort.
    public var id: PersonID
    /// The side the person enrols on.
    public var role: Role
    /// Department.
    public var department: String?
    /// Team within the department.
    public var team: String?
    /// The person's manager (reporting line), if enrolled in the same data.
    public var managerID: PersonID?
    /// Seniority.
    public var seniority: Seniority?
    /// Skills with a proficiency level (0 … the config's maximum level, 5 by default).
    public var skills: [String: Double]
    /// Learning goals (read for mentees, and for everyone in mutual mode).
    public var goals: [LearningGoal]
    /// Big Five traits.
    public var personality: BigFive?
    /// Myers–Briggs type (weak evidence; see ``MBTIType``).
    public var mbti: MBTIType?
    /// Communication style.
    public var communication: CommunicationStyle?
    /// Interest tags.
    public var interests: [String]
    /// Value tags.
    public var values: [String]
    /// Languages spoken.
    public var languages: [String]
    /// Time zone: an IANA name (`Europe/Paris`) or a UTC offset (`UTC+5:30`).
    public var timeZone: String?
    /// Weekly availability in local time.
    public var availability: [WeeklySlot]
    /// Where the person works from.
    public var location: WorkLocation?
    /// How many partners the person takes: for a mentor, mentees (the
    /// program's `defaultCapacity` when absent); for a mentee (role
    /// `mentee`), at most this many mentors (the program's `menteeDemand`
    /// when absent); in mutual mode, partners.
    public var capacity: Int?
    /// People this person would like to be paired with, best first.
    public var preferences: [PersonID]
    /// People this person must not be paired with.
    public var blocked: [PersonID]
    /// Free attributes for diversity rules (`gender: f`, `site: Lyon`).
    public var attributes: [String: String]
    /// Whether the person takes part in this round.
    public var eligible: Bool
    /// Earlier pairings and how they ended.
    public var pastPairings: [PastPairing]

    /// Creates a profile; every field but the id and role is optional.
    public init(
        id: PersonID, role: Role, department: String? = nil, team: String? = nil, managerID: PersonID? = nil,
        seniority: Seniority? = nil, skills: [String: Double] = [:], goals: [LearningGoal] = [],
        personality: BigFive? = nil, mbti: MBTIType? = nil, communication: CommunicationStyle? = nil,
        interests: [String] = [], values: [String] = [], languages: [String] = [], timeZone: String? = nil,
        availability: [WeeklySlot] = [], location: WorkLocation? = nil, capacity: Int? = nil,
        preferences: [PersonID] = [], blocked: [PersonID] = [], attributes: [String: String] = [:],
        eligible: Bool = true, pastPairings: [PastPairing] = []
    ) {
        self.id = id
        self.role = role
        self.department = department
        self.team = team
        self.managerID = managerID
        self.seniority = seniority
        self.skills = skills
        self.goals = goals
        self.personality = personality
        self.mbti = mbti
        self.communication = communication
        self.interests = interests
        self.values = values
        self.languages = languages
        self.timeZone = timeZone
        self.availability = availability
        self.location = location
        self.capacity = capacity
        self.preferences = preferences
        self.blocked = blocked
        self.attributes = attributes
        self.eligible = eligible
        self.pastPairings = pastPairings
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, role, department, team, managerID = "managerId", seniority, skills, goals, personality, mbti, communication
        case interests, values, languages, timeZone, availability, location, capacity, preferences, blocked, attributes
        case eligible, pastPairings
    }

    /// Decodes a profile; absent collections are empty, `eligible` defaults
    /// to true, and an unknown key is an error.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "profile")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(PersonID.self, forKey: .id), role: try c.decode(Role.self, forKey: .role),
            department: try c.decodeIfPresent(String.self, forKey: .department),
            team: try c.decodeIfPresent(String.self, forKey: .team),
            managerID: try c.decodeIfPresent(PersonID.self, forKey: .managerID),
            seniority: try c.decodeIfPresent(Seniority.self, forKey: .seniority),
            skills: try c.decodeIfPresent([String: Double].self, forKey: .skills) ?? [:],
            goals: try c.decodeIfPresent([LearningGoal].self, forKey: .goals) ?? [],
            personality: try c.decodeIfPresent(BigFive.self, forKey: .personality),
            mbti: try c.decodeIfPresent(MBTIType.self, forKey: .mbti),
            communication: try c.decodeIfPresent(CommunicationStyle.self, forKey: .communication),
            interests: try c.decodeIfPresent([String].self, forKey: .interests) ?? [],
            values: try c.decodeIfPresent([String].self, forKey: .values) ?? [],
            languages: try c.decodeIfPresent([String].self, forKey: .languages) ?? [],
            timeZone: try c.decodeIfPresent(String.self, forKey: .timeZone),
            availability: try c.decodeIfPresent([WeeklySlot].self, forKey: .availability) ?? [],
            location: try c.decodeIfPresent(WorkLocation.self, forKey: .location),
            capacity: try c.decodeIfPresent(Int.self, forKey: .capacity),
            preferences: try c.decodeIfPresent([PersonID].self, forKey: .preferences) ?? [],
            blocked: try c.decodeIfPresent([PersonID].self, forKey: .blocked) ?? [],
            attributes: try c.decodeIfPresent([String: String].self, forKey: .attributes) ?? [:],
            eligible: try c.decodeIfPresent(Bool.self, forKey: .eligible) ?? true,
            pastPairings: try c.decodeIfPresent([PastPairing].self, forKey: .pastPairings) ?? [])
    }
}
