import Compatibility
import MatchingCore

/// A mentoring program's configuration, as administrators write it (YAML or
/// JSON): the mode, how pairs are scored, how they are matched, and which
/// solver runs with what time limit.
///
/// ```yaml
/// mode: traditional
/// compatibility:            # CompatibilityConfig: weights, mustHave, filters, …
///   weights: {skillGap: 10, availability: 8}
///   mustHave: {language: 1}
/// matching:
///   defaultCapacity: 2      # mentors without a capacity
///   minimumLoad: 1          # each mentor takes at least this many (capped by capacity)
///   menteeDemand: {min: 0, max: 1}
///   unmatchedPenalty: 20    # score points lost per mentee left out
///   objective: total        # or maxMin
///   rules:
///     - {kind: maxPerMentor, attribute: department, limit: 2}
///     - {kind: quota, attribute: track, value: early, min: 20}
///   # circles: {size: 4, maxPerGroup: {department: 2}}   # groups instead of pairs (of the mentees, outside mutual mode)
///   # exploration: {share: 0.1, within: 2, seed: 1}   # a tenth of the mentees matched at random among near-optimal partners
/// solver: {name: auto, timeLimit: 60}   # timeLimit default: 60 s for searches, none for network problems
/// rounds: {waitingBonus: 10, changePrice: null}   # RoundSettings: how `rematch` treats the last round
/// ```
public struct ProgramConfig: Hashable, Sendable, Codable {
    /// The program's mode (also the compatibility model's).
    public var mode: MentoringMode = .traditional
    /// How pairs are scored.
    public var compatibility = CompatibilityConfig()

    /// ``compatibility`` with the program's ``mode``: what every model of
    /// this program is built from (the mode is set once, here).
    ///
    /// Circles in traditional or reverse mode (``circlesOfMentees``) score
    /// the mentees as peers: mutual mode over the pool of mentees.
    public var compatibilityInMode: CompatibilityConfig {
        var c = compatibility
        c.mode = circlesOfMentees ? .mutual : mode
        c.pool = circlesOfMentees ? .mentees : .everyone
        return c
    }
    /// Whether the program matches within one pool: mutual mode, or circles
    /// of a traditional or reverse program's mentees.
    public var isOnePool: Bool { mode == .mutual || matching.circles != nil }
    /// Whether the program forms circles of its mentees (traditional or
    /// reverse mode with `matching.circles`): the people with role `mentee`
    /// or `both`, scored as peers; mentors are not placed.
    public var circlesOfMentees: Bool { mode != .mutual && matching.circles != nil }
    /// How pairs are matched.
    public var matching = MatchingSettings()
    /// The solver and its limits.
    public var solver = SolverSettings()
    /// How a next round (`rematch`) treats the last one.
    public var rounds = RoundSettings()
    /// Participant columns carried into the outputs (assignments, JSON,
    /// report, mail merge) — never into logs; `nil`: `name` and `email`
    /// when the participants file has them.
    public var carry: [String]? = nil
    /// What the bias audit of every matching flags.
    public var audit = AuditSettings()

    /// The defaults: traditional mode, default weights, one mentee per mentor.
    public init(mode: MentoringMode = .traditional) {
        self.mode = mode
        compatibility = CompatibilityConfig(mode: mode)
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case mode, compatibility, matching, solver, rounds, carry, audit }

    /// Decodes a config; absent sections keep their defaults, unknown keys
    /// are errors, and `compatibility.mode`, if given, must equal `mode`.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "program config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let mode = try c.decodeIfPresent(MentoringMode.self, forKey: .mode) ?? .traditional
        self.init(mode: mode)
        if var compatibility = try c.decodeIfPresent(CompatibilityConfig.self, forKey: .compatibility) {
            let inner = try c.nestedContainer(keyedBy: StrictDecoding.AnyKey.self, forKey: .compatibility)
            if inner.contains(StrictDecoding.AnyKey("mode")), compatibility.mode != mode {
                throw DecodingError.dataCorruptedError(forKey: .compatibility, in: c,
                    debugDescription: "compatibility.mode '\(compatibility.mode.rawValue)' differs from mode '\(mode.rawValue)'; set the mode once, at the top")
            }
            if !inner.contains(StrictDecoding.AnyKey("idealGap")) && mode == .mutual { compatibility.idealGap = 0...1 }
            compatibility.mode = mode
            self.compatibility = compatibility
        }
        matching = try c.decodeIfPresent(MatchingSettings.self, forKey: .matching) ?? MatchingSettings()
        // Circles of mentees pair peers: their seniority window is mutual mode's unless given.
        if circlesOfMentees, !((try? c.nestedContainer(keyedBy: StrictDecoding.AnyKey.self, forKey: .compatibility))?.contains(StrictDecoding.AnyKey("idealGap")) ?? false) {
            compatibility.idealGap = 0...1
        }
        solver = try c.decodeIfPresent(SolverSettings.self, forKey: .solver) ?? SolverSettings()
        rounds = try c.decodeIfPresent(RoundSettings.self, forKey: .rounds) ?? RoundSettings()
        carry = try c.decodeIfPresent([String].self, forKey: .carry)
        audit = try c.decodeIfPresent(AuditSettings.self, forKey: .audit) ?? AuditSettings()
    }
}

/// How pairs are matched once scored.
public struct MatchingSettings: Hashable, Sendable, Codable {
    /// Capacity of a mentor whose profile gives none.
    public var defaultCapacity: Int = 1
    /// Each mentor takes at least this many mentees (capped by their capacity).
    public var minimumLoad: Int = 0
    /// How many mentors each mentee gets (more than one: a committee of distinct mentors).
    public var menteeDemand = CountRange(min: 0, max: 1)
    /// Score points lost per mentee left with no mentor (0…100): above 0,
    /// the matching prefers to match more mentees even at a lower average score.
    public var unmatchedPenalty: Double = 0
    /// What to maximise.
    public var objective: Objective = .total
    /// Diversity and composition rules on named attributes.
    public var rules: [RuleSpec] = []
    /// Groups (circles) instead of pairs — of everyone in mutual mode, of
    /// the mentees in traditional and reverse mode; `nil`: pairs.
    public var circles: CircleSettings?
    /// Pairs the administrator locked: every matching contains them (still
    /// checked against the filters and capacities; `--lock pairs.csv` adds more).
    public var fixed: [LockedPair] = []
    /// Pairs a matching committee rejected (`matching.rejected: [{mentor: M001,
    /// mentee: E010}]`; `--review` adds its rejections): never matched,
    /// reported as rejected — not as a block by either person.
    public var rejected: [LockedPair] = []
    /// A stated share of mentees matched with randomisation among
    /// near-optimal partners, so later rounds can learn from pairs the
    /// scores alone would not choose (``ExplorationSettings``); `nil`: none.
    public var exploration: ExplorationSettings?

    /// The defaults: capacity 1, no minimum load, at most one mentor per mentee.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case defaultCapacity, minimumLoad, menteeDemand, unmatchedPenalty, objective, rules, circles, fixed, rejected, exploration }

    /// Decodes the settings; unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "matching")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        defaultCapacity = try c.decodeIfPresent(Int.self, forKey: .defaultCapacity) ?? 1
        minimumLoad = try c.decodeIfPresent(Int.self, forKey: .minimumLoad) ?? 0
        menteeDemand = try c.decodeIfPresent(CountRange.self, forKey: .menteeDemand) ?? CountRange(min: 0, max: 1)
        unmatchedPenalty = try c.decodeIfPresent(Double.self, forKey: .unmatchedPenalty) ?? 0
        objective = try c.decodeIfPresent(Objective.self, forKey: .objective) ?? .total
        rules = try c.decodeIfPresent([RuleSpec].self, forKey: .rules) ?? []
        if c.contains(.circles), try c.decodeNil(forKey: .circles) {
            throw DecodingError.dataCorruptedError(forKey: .circles, in: c, debugDescription: "circles is empty: give at least a size, e.g. circles: {size: 4}")
        }
        circles = try c.decodeIfPresent(CircleSettings.self, forKey: .circles)
        fixed = try c.decodeIfPresent([LockedPair].self, forKey: .fixed) ?? []
        rejected = try c.decodeIfPresent([LockedPair].self, forKey: .rejected) ?? []
        exploration = try c.decodeIfPresent(ExplorationSettings.self, forKey: .exploration)
    }
}

/// A pair an administrator locked (`matching.fixed: [{mentor: M001, mentee: E010}]`);
/// in mutual mode, the two people.
public struct LockedPair: Hashable, Sendable, Codable {
    /// The mentor (mutual mode: one of the two).
    public var mentor: PersonID
    /// The mentee (mutual mode: the other).
    public var mentee: PersonID
    /// Where it was locked, for messages (`lock.csv: line 3`); `nil`: the config's `matching.fixed`.
    public var source: String? = nil
    /// A locked pair.
    public init(mentor: PersonID, mentee: PersonID, source: String? = nil) {
        self.mentor = mentor
        self.mentee = mentee
        self.source = source
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case mentor, mentee }

    /// Decodes `{mentor, mentee}`; unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "matching.fixed")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        mentor = try c.decode(PersonID.self, forKey: .mentor)
        mentee = try c.decode(PersonID.self, forKey: .mentee)
    }
}

/// Peer-mentoring circles, as written in a program config: in mutual mode of
/// everyone, in traditional and reverse mode of the mentees (role `mentee`
/// or `both`, scored as peers; mentors are not placed):
///
/// ```yaml
/// matching:
///   circles:
///     size: 4                      # or {min: 3, max: 5}
///     maxPerGroup: {department: 2} # at most 2 from one department in a circle
/// ```
///
/// Everyone eligible joins exactly one circle; pairs that may not be
/// matched (the filters, blocks, past failures) never share one.
public struct CircleSettings: Hashable, Sendable, Codable {
    /// The size of every circle: a whole number or `{min, max}` (min ≥ 2).
    public var size: CountRange
    /// At most this many people with the same value of an attribute in one
    /// circle (attribute → limit ≥ 1).
    public var maxPerGroup: [String: Int]

    /// Circles of `size` with `maxPerGroup` limits.
    public init(size: CountRange, maxPerGroup: [String: Int] = [:]) {
        self.size = size
        self.maxPerGroup = maxPerGroup
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case size, maxPerGroup }

    /// Decodes the settings; unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "matching.circles")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let exact = try? c.decode(Int.self, forKey: .size) {
            size = CountRange(min: exact, max: exact)
        } else if let range = try? c.decode(SizeRange.self, forKey: .size) {
            size = CountRange(min: range.min, max: range.max)
        } else {
            _ = try c.decode(AnyDecodable.self, forKey: .size)   // a missing size says so
            throw DecodingError.dataCorruptedError(forKey: .size, in: c, debugDescription: "expected a whole number of at least 2, or {min, max}")
        }
        maxPerGroup = try c.decodeIfPresent([String: Int].self, forKey: .maxPerGroup) ?? [:]
    }

    /// Encodes the settings (`size` as a whole number when fixed).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if size.min == size.max { try c.encode(size.min, forKey: .size) } else { try c.encode(size, forKey: .size) }
        if !maxPerGroup.isEmpty { try c.encode(maxPerGroup, forKey: .maxPerGroup) }
    }
}

/// A rule as written in a program config:
/// `{kind: maxPerMentor, attribute: department, limit: 2}`,
/// `{kind: quota, attribute: track, value: early, min: 20, max: 60}`,
/// `{kind: composition, attribute: region, value: EMEA, min: 0, max: 1}`,
/// `{kind: crossShare, attribute: department, minShare: 0.8}`,
/// `{kind: parity, attribute: gender, margin: 0.1}` (each group's matched
/// share within 10 percentage points of the whole's),
/// `{kind: scoreParity, attribute: gender, margin: 5}` (each group's mean
/// pair score within 5 points of the whole's).
/// The attribute is a profile field (`department`, `team`, `role`,
/// `location`, `timezone`) or a free attribute (a CSV column such as `gender`).
public struct RuleSpec: Hashable, Sendable, Codable {
    /// `maxPerMentor`, `quota`, `composition`, `crossShare`, `parity` or `scoreParity`.
    public var kind: String
    /// The attribute the rule reads.
    public var attribute: String
    /// The value, for `quota` and `composition`.
    public var value: String?
    /// The limit, for `maxPerMentor`.
    public var limit: Int?
    /// The smallest count, for `quota` and `composition` (default 0).
    public var min: Int?
    /// The largest count, for `quota` and `composition` (default unbounded).
    public var max: Int?
    /// The smallest share, for `crossShare`.
    public var minShare: Double?
    /// How far each group's measure may be from the whole's: for `parity`,
    /// its matched share (0…1); for `scoreParity`, its mean pair score
    /// (score points, 0…100).
    public var margin: Double?

    /// Creates a rule.
    public init(kind: String, attribute: String, value: String? = nil, limit: Int? = nil, min: Int? = nil, max: Int? = nil, minShare: Double? = nil,
                margin: Double? = nil) {
        self.kind = kind
        self.attribute = attribute
        self.value = value
        self.limit = limit
        self.min = min
        self.max = max
        self.minShare = minShare
        self.margin = margin
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case kind, attribute, value, limit, min, max, minShare, margin }

    /// Decodes a rule; unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "rule")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(String.self, forKey: .kind)
        attribute = try c.decode(String.self, forKey: .attribute)
        value = try c.decodeIfPresent(String.self, forKey: .value)
        limit = try c.decodeIfPresent(Int.self, forKey: .limit)
        min = try c.decodeIfPresent(Int.self, forKey: .min)
        max = try c.decodeIfPresent(Int.self, forKey: .max)
        minShare = try c.decodeIfPresent(Double.self, forKey: .minShare)
        margin = try c.decodeIfPresent(Double.self, forKey: .margin)
    }

    /// The rule in the problem model's terms.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidConfig`` naming
    ///   `rules[index]` when a field the kind needs is missing or out of range.
    public func constraint(index: Int) throws -> MatchingConstraint {
        func fail(_ message: String) -> MatchingError { MatchingError(.invalidConfig, "matching.rules[\(index)] (\(kind) on \(attribute)): \(message)") }
        func count() throws -> CountRange {
            let lo = min ?? 0, hi = max ?? Int.max
            guard lo >= 0, lo <= hi else { throw fail("min \(lo) and max \(max.map(String.init) ?? "none") do not make a range") }
            return CountRange(min: lo, max: hi)
        }
        // Each kind's own keys only: another kind's key would be silently ignored.
        let keysOfKind: [String: [String]] = ["maxPerMentor": ["limit"], "quota": ["value", "min", "max"], "composition": ["value", "min", "max"],
                                              "crossShare": ["minShare"], "parity": ["margin"], "scoreParity": ["margin"]]
        if let own = keysOfKind[kind] {
            let given: [(String, Bool)] = [("value", value != nil), ("limit", limit != nil), ("min", min != nil), ("max", max != nil),
                                           ("minShare", minShare != nil), ("margin", margin != nil)]
            if let stray = given.first(where: { $0.1 && !own.contains($0.0) }) {
                throw fail("'\(stray.0)' is not a key of a \(kind) rule (its keys: kind, attribute, \(own.joined(separator: ", ")))")
            }
        }
        switch kind {
        case "maxPerMentor":
            guard let limit, limit >= 0 else { throw fail("needs a limit of 0 or more") }
            return .maxPerMentor(attribute: attribute, limit: limit)
        case "quota":
            guard let value else { throw fail("needs a value") }
            return .quota(attribute: attribute, value: value, count: try count())
        case "composition":
            guard let value else { throw fail("needs a value") }
            return .composition(attribute: attribute, value: value, count: try count())
        case "crossShare":
            guard let minShare, (0...1).contains(minShare) else { throw fail("needs a minShare in 0…1") }
            return .crossShare(attribute: attribute, minShare: minShare)
        case "parity":
            guard let margin, margin.isFinite, (0...1).contains(margin) else { throw fail("needs a margin in 0…1 (how far each group's matched share may be from the whole's)") }
            return .parity(attribute: attribute, margin: margin)
        case "scoreParity":
            guard let margin, margin.isFinite, (0...100).contains(margin) else {
                throw fail("needs a margin in 0…100 (how many score points each group's mean pair score may be from the whole's)")
            }
            return .scoreParity(attribute: attribute, margin: margin)
        default:
            throw fail("unknown kind (known: maxPerMentor, quota, composition, crossShare, parity, scoreParity)")
        }
    }
}

/// Which solver runs, and its limits.
public struct SolverSettings: Hashable, Sendable, Codable {
    /// One of ``names``: `auto` (default), `network-flow` (alias `hungarian`),
    /// `candidate-pricing`, `glpk`, `glpk-pricing` or `lagrangian`; the
    /// umbrella module's `makeSolver(presolve:)` turns it into a solver.
    public var name: String = "auto"
    /// Seconds, or `nil` for the default (``defaultTimeLimit``): 60 s for a
    /// program solved by search (an integer program, circles), none for a
    /// network problem, which the exact network solvers finish in
    /// polynomial time whatever its size (a fixed 60 s stopped the generated
    /// 10,000 × 50,000 cohort before it had a matching). For `match` and
    /// `rematch` it bounds the whole run, from the command's start (reading,
    /// scoring, solving and writing share it); `sweep`, `front`, `explain`
    /// and `stability` give it to each solve.
    public var timeLimit: Double? = nil
    /// Relative gap at which an integer-programming solve may stop.
    public var mipGap: Double? = nil

    /// The time limit of a search (integer programs, circles) when the config states none.
    public static let defaultTimeLimit = 60.0

    /// The defaults: automatic choice, the default time limit.
    public init() {}

    /// The solver names a config (and the CLI's `--solver`) accepts.
    public static let names = ["auto", "network-flow", "hungarian", "candidate-pricing", "glpk", "glpk-pricing", "lagrangian"]

    /// ``names`` in words, for messages.
    public static var namesInWords: String { names.dropLast().joined(separator: ", ") + " or " + names.last! }

    enum CodingKeys: String, CodingKey, CaseIterable { case name, timeLimit, mipGap }

    /// Decodes the settings; unknown keys are errors.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "solver")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? "auto"
        timeLimit = try c.decodeIfPresent(Double.self, forKey: .timeLimit)
        mipGap = try c.decodeIfPresent(Double.self, forKey: .mipGap)
        guard Self.names.contains(name) else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "solver '\(name)' is not \(Self.namesInWords)")
        }
        if let t = timeLimit, !(t.isFinite && t > 0) {
            throw DecodingError.dataCorruptedError(forKey: .timeLimit, in: c, debugDescription: "timeLimit must be a positive number of seconds")
        }
    }
}

/// Any value, to tell a missing key from a mistyped one.
private struct AnyDecodable: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// `{min, max}` of circles' sizes, unknown keys refused.
private struct SizeRange: Decodable {
    let min: Int, max: Int
    enum CodingKeys: String, CodingKey, CaseIterable { case min, max }
    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "matching.circles.size")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        min = try c.decode(Int.self, forKey: .min)
        max = try c.decode(Int.self, forKey: .max)
    }
}
