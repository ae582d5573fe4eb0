import MatchingCore

/// The shape of a mentoring program.
public enum MentoringMode: String, Hashable, Sendable, Codable, CaseIterable {
    /// The more experienced mentor teaches the mentee's goals.
    case traditional
    /// A junior mentors a senior: the skill direction decides who teaches,
    /// and the career-stage window is read the other way round.
    case reverse
    /// Peers in one pool teach each other; a pair's score combines both
    /// directions, the weaker counting most.
    case mutual
}

/// Who forms the one pool of a mutual-mode model.
public enum PeerPool: String, Hashable, Sendable, Codable {
    /// Everyone in the cohort (a mutual program).
    case everyone
    /// The people who may be mentored (role `mentee` or `both`): the peer
    /// circles of a traditional or reverse program's mentees.
    case mentees
}

/// Whether a Big Five trait should be alike or opposite in a pair.
public enum TraitFit: String, Hashable, Sendable, Codable {
    /// Close values score high.
    case similar
    /// Distant values score high.
    case complementary
}

/// Whether a pair across departments is preferred or avoided.
public enum DepartmentPreference: String, Hashable, Sendable, Codable {
    /// Different departments score 1 (exposure, no line politics).
    case across
    /// The same department scores 1.
    case within
}

/// Pairs that must never happen. Each excluded pair is reported with its reason.
public struct HardFilters: Hashable, Sendable, Codable {
    /// Exclude a mentor in the mentee's reporting line (either direction, any depth).
    public var reportingLine: Bool = true
    /// Exclude pairs from the same team.
    public var sameTeam: Bool = false
    /// Exclude pairs either person blocked.
    public var blocked: Bool = true
    /// Exclude pairs whose earlier pairing failed.
    public var pastFailures: Bool = true
    /// Exclude people not eligible this round.
    public var ineligible: Bool = true
    /// Exclude pairs whose time zones differ by more than this many hours.
    public var maxTimeZoneGapHours: Double? = nil
    /// Exclude pairs with no shared language (when both list languages).
    public var sharedLanguage: Bool = true

    /// The defaults: reporting line, blocked, past failures, ineligible and
    /// shared language on; same team and the time-zone cap off.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case reportingLine, sameTeam, blocked, pastFailures, ineligible, maxTimeZoneGapHours, sharedLanguage
    }

    /// Decodes filters; absent keys keep their defaults, unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "filters")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reportingLine = try c.decodeIfPresent(Bool.self, forKey: .reportingLine) ?? true
        sameTeam = try c.decodeIfPresent(Bool.self, forKey: .sameTeam) ?? false
        blocked = try c.decodeIfPresent(Bool.self, forKey: .blocked) ?? true
        pastFailures = try c.decodeIfPresent(Bool.self, forKey: .pastFailures) ?? true
        ineligible = try c.decodeIfPresent(Bool.self, forKey: .ineligible) ?? true
        maxTimeZoneGapHours = try c.decodeIfPresent(Double.self, forKey: .maxTimeZoneGapHours)
        sharedLanguage = try c.decodeIfPresent(Bool.self, forKey: .sharedLanguage) ?? true
    }
}

/// How the compatibility model scores pairs: the mode, each criterion's weight
/// (0…10) and optional must-have threshold, and the criteria's settings.
///
/// Default weights, and why:
/// - `skillGap` 10 — the reason mentoring exists is that the mentor can teach
///   what the mentee wants to learn;
/// - `availability` 6 — pairs that cannot meet do not happen;
/// - `careerStage` 5 and `preferences` 5 — a suitable seniority gap and the
///   participants' own choices predict satisfaction;
/// - `values` 4 and `communication` 4 — deep-level similarity matters more
///   than surface similarity;
/// - `interests` 3 and `timeZone` 3 — helpful, rarely decisive;
/// - `personality` 2 and `crossDepartment` 2 — weak predictors on their own;
/// - `language` 0 — handled as a hard filter by default;
/// - `mbti` 0 — weak evidence (``MBTIType``); a program opts in.
///
/// The total score of a pair is `100 · Σ wᵢ·sᵢ / Σ wᵢ` — a match percentage.
///
/// Missing answers are neutral: a criterion that one or both people did not
/// answer (no languages, no time zone, a mentor who listed no skills, …)
/// scores 0.5, says so in the pair's reasons, and never triggers a
/// must-have or a filter. A must-have or filter on a question one side of
/// the program left blank is reported by
/// ``CompatibilityModel/unansweredSettings(_:)`` (`check` and `match` print it
/// as a warning) instead of excluding every pair.
public struct CompatibilityConfig: Hashable, Sendable, Codable {
    /// The program's mode.
    public var mode: MentoringMode = .traditional
    /// In mutual mode, who is in the one pool (default: everyone); not read
    /// from config files — a program sets it for circles of mentees.
    public var pool: PeerPool = .everyone
    /// Weight (0…10) per criterion name (built-in or custom); absent built-ins
    /// take their defaults, absent custom criteria weigh 1.
    public var weights: [String: Double] = [:]
    /// Minimum value (0…1) per criterion name: a pair below it is not allowed.
    public var mustHave: [String: Double] = [:]
    /// Per trait, similar or complementary (default: similar, except
    /// extraversion, where a talker and a listener pair well).
    public var personality: [BigFive.Trait: TraitFit] = [:]
    /// Per MBTI dichotomy, similar or complementary (default: as the Big
    /// Five — complementary on energy (E/I), similar on the others).
    public var mbtiFit: [MBTIType.Dichotomy: TraitFit] = [:]
    /// The ideal seniority gap in levels (mentor minus mentee; mentee minus
    /// mentor in reverse mode; its absolute value in mutual mode).
    public var idealGap: ClosedRange<Double> = 1...3
    /// Levels outside the window at which the career-stage score reaches 0.
    public var gapFalloff: Double = 3
    /// The top of the proficiency scale.
    public var maxSkillLevel: Double = 5
    /// Shared weekly hours that score 1.
    public var availabilityHours: Double = 2
    /// Time-zone distance (hours) at which the time-zone score reaches 0.
    public var timeZoneScaleHours: Double = 8
    /// Across or within departments.
    public var department: DepartmentPreference = .across
    /// Pairs that must never happen.
    public var filters = HardFilters()
    /// The scale of Big Five answers in participant files (``SurveyScale``;
    /// default `auto`, stated by `check`).
    public var personalityScale: SurveyScale = .auto
    /// The scale of communication-style answers in participant files.
    public var communicationScale: SurveyScale = .auto

    /// The default configuration (traditional mode, default weights).
    public init(mode: MentoringMode = .traditional) {
        self.mode = mode
        if mode == .mutual { idealGap = 0...1 }
    }

    /// The default weight of each built-in criterion.
    public static let defaultWeights: [Criterion: Double] = [
        .skillGap: 10, .interests: 3, .values: 4, .personality: 2, .communication: 4, .careerStage: 5,
        .availability: 6, .timeZone: 3, .language: 0, .crossDepartment: 2, .preferences: 5, .mbti: 0,
    ]

    /// The weight of a built-in criterion.
    public func weight(_ c: Criterion) -> Double { weights[c.rawValue] ?? Self.defaultWeights[c]! }

    /// The fit asked for an MBTI dichotomy.
    public func fit(_ d: MBTIType.Dichotomy) -> TraitFit {
        mbtiFit[d] ?? (d == .energy ? .complementary : .similar)
    }

    /// The fit asked for a trait.
    public func fit(_ trait: BigFive.Trait) -> TraitFit {
        personality[trait] ?? (trait == .extraversion ? .complementary : .similar)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case mode, weights, mustHave, personality, idealGap, gapFalloff, maxSkillLevel, availabilityHours
        case timeZoneScaleHours, department, filters, personalityScale, communicationScale, mbtiFit
    }

    /// Decodes a config; absent keys keep their defaults, unknown keys are
    /// errors. `idealGap` is `[low, high]`.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(mode: try c.decodeIfPresent(MentoringMode.self, forKey: .mode) ?? .traditional)
        weights = try c.decodeIfPresent([String: Double].self, forKey: .weights) ?? [:]
        mustHave = try c.decodeIfPresent([String: Double].self, forKey: .mustHave) ?? [:]
        personality = try c.decodeIfPresent([BigFive.Trait: TraitFit].self, forKey: .personality) ?? [:]
        if let gap = try c.decodeIfPresent([Double].self, forKey: .idealGap) {
            guard gap.count == 2, gap[0].isFinite, gap[1].isFinite, gap[0] <= gap[1] else {
                throw DecodingError.dataCorruptedError(forKey: .idealGap, in: c, debugDescription: "idealGap must be [low, high] with low ≤ high")
            }
            idealGap = gap[0]...gap[1]
        }
        gapFalloff = try c.decodeIfPresent(Double.self, forKey: .gapFalloff) ?? gapFalloff
        maxSkillLevel = try c.decodeIfPresent(Double.self, forKey: .maxSkillLevel) ?? maxSkillLevel
        availabilityHours = try c.decodeIfPresent(Double.self, forKey: .availabilityHours) ?? availabilityHours
        timeZoneScaleHours = try c.decodeIfPresent(Double.self, forKey: .timeZoneScaleHours) ?? timeZoneScaleHours
        department = try c.decodeIfPresent(DepartmentPreference.self, forKey: .department) ?? department
        filters = try c.decodeIfPresent(HardFilters.self, forKey: .filters) ?? HardFilters()
        personalityScale = try c.decodeIfPresent(SurveyScale.self, forKey: .personalityScale) ?? .auto
        communicationScale = try c.decodeIfPresent(SurveyScale.self, forKey: .communicationScale) ?? .auto
        mbtiFit = try c.decodeIfPresent([MBTIType.Dichotomy: TraitFit].self, forKey: .mbtiFit) ?? [:]
    }

    /// Encodes the config (`idealGap` as `[low, high]`).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mode, forKey: .mode)
        try c.encode(weights, forKey: .weights)
        try c.encode(mustHave, forKey: .mustHave)
        try c.encode(personality, forKey: .personality)
        try c.encode([idealGap.lowerBound, idealGap.upperBound], forKey: .idealGap)
        try c.encode(gapFalloff, forKey: .gapFalloff)
        try c.encode(maxSkillLevel, forKey: .maxSkillLevel)
        try c.encode(availabilityHours, forKey: .availabilityHours)
        try c.encode(timeZoneScaleHours, forKey: .timeZoneScaleHours)
        try c.encode(department, forKey: .department)
        try c.encode(filters, forKey: .filters)
        try c.encode(personalityScale, forKey: .personalityScale)
        try c.encode(communicationScale, forKey: .communicationScale)
        try c.encode(mbtiFit, forKey: .mbtiFit)
    }
}

extension BigFive.Trait: CodingKeyRepresentable {}
