import MatchingCore

/// A Myers–Briggs type as corporate surveys record it (`INTJ`, `enfp`,
/// `ISTJ-A`): four dichotomies, each one letter.
///
/// The evidence that MBTI types predict how well two people work together
/// is weak (its dichotomies have poor test–retest reliability, and the Big
/// Five outperforms it in validity studies: Pittenger 2005, "Cautionary
/// comments regarding the Myers–Briggs Type Indicator", Consulting
/// Psychology Journal 57(3)). MentorMatch reads it because many HR surveys
/// hold it, scores it like the Big Five — each dichotomy similar or
/// complementary — and gives it weight 0 by default: a program opts in.
public struct MBTIType: Hashable, Sendable, Codable, CustomStringConvertible {
    /// One of the four dichotomies.
    public enum Dichotomy: String, Hashable, Sendable, Codable, CaseIterable, CodingKeyRepresentable {
        /// Extraversion (E) or introversion (I).
        case energy
        /// Sensing (S) or intuition (N).
        case information
        /// Thinking (T) or feeling (F).
        case decisions
        /// Judging (J) or perceiving (P).
        case lifestyle
    }

    /// E (true) or I.
    public var extraverted: Bool
    /// S (true) or N.
    public var sensing: Bool
    /// T (true) or F.
    public var thinking: Bool
    /// J (true) or P.
    public var judging: Bool

    /// Creates a type from its four preferences.
    public init(extraverted: Bool, sensing: Bool, thinking: Bool, judging: Bool) {
        self.extraverted = extraverted
        self.sensing = sensing
        self.thinking = thinking
        self.judging = judging
    }

    /// Reads `INTJ` in any case, with or without the `-A`/`-T` identity
    /// suffix some tests add (not part of the MBTI, not scored); `nil` for
    /// anything else.
    public init?(_ text: String) {
        var t = Substring(text.trimmed().uppercased())
        if t.count == 6, t.hasSuffix("-A") || t.hasSuffix("-T") { t = t.dropLast(2) }
        let c = Array(t)
        guard c.count == 4, "EI".contains(c[0]), "SN".contains(c[1]), "TF".contains(c[2]), "JP".contains(c[3]) else { return nil }
        self.init(extraverted: c[0] == "E", sensing: c[1] == "S", thinking: c[2] == "T", judging: c[3] == "J")
    }

    /// The preferences in ``Dichotomy`` order.
    public var preferences: [Bool] { [extraverted, sensing, thinking, judging] }

    /// `INTJ`.
    public var description: String {
        (extraverted ? "E" : "I") + (sensing ? "S" : "N") + (thinking ? "T" : "F") + (judging ? "J" : "P")
    }

    /// Decodes the four-letter form.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let value = MBTIType(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "mbti '\(text)' is not a type like INTJ")
        }
        self = value
    }

    /// Encodes the four-letter form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
