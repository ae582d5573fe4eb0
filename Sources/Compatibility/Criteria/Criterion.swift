/// A built-in compatibility criterion: each scores a (mentor, mentee) pair in
/// 0…1 with a short reason.
public enum Criterion: String, Hashable, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
    /// How well the mentor's proficiency covers the mentee's learning goals,
    /// weighted by priority — the central criterion.
    case skillGap
    /// Shared interests (Jaccard similarity of the tags).
    case interests
    /// Shared values (Jaccard similarity of the tags).
    case values
    /// Personality fit, trait by trait "similar" or "complementary".
    case personality
    /// Communication-style similarity.
    case communication
    /// Seniority gap inside the ideal window.
    case careerStage
    /// Shared weekly hours.
    case availability
    /// Time-zone distance.
    case timeZone
    /// A shared language.
    case language
    /// Exposure across departments (or, configured, staying within one).
    case crossDepartment
    /// Mutual ranked preferences.
    case preferences
    /// MBTI type fit, dichotomy by dichotomy "similar" or "complementary";
    /// weight 0 by default (weak evidence, see ``MBTIType``).
    case mbti
}

/// A criterion's value for one pair, with the reason in plain words.
public struct CriterionScore: Hashable, Sendable {
    /// The value, 0…1.
    public var value: Double
    /// A short reason, e.g. "covers Swift (4 of goal 4) and SQL (3 of 4)".
    public var reason: String
    /// Creates a score.
    public init(value: Double, reason: String) {
        self.value = value
        self.reason = reason
    }
}

/// A criterion an embedding tool adds to the model, scoring a pair from the
/// two profiles. Its name is used in weights and must-haves like a built-in
/// criterion's.
///
/// The model calls ``score(mentor:mentee:)`` for every pair, from several
/// threads at once: it must be pure and fast.
public protocol CompatibilityCriterion: Sendable {
    /// The name used in configs; must differ from every built-in criterion.
    var name: String { get }
    /// The pair's value (clamped to 0…1 is *not* done: return a value in 0…1)
    /// with its reason.
    func score(mentor: Profile, mentee: Profile) -> CriterionScore
}
