/// The position of a mentor in a ``MatchingProblem``: a row of the score matrix.
///
/// Indices are 0-based. They are typed so that a mentor can never be passed
/// where a mentee is expected.
public struct MentorIndex: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 0-based row of the score matrix.
    public var rawValue: Int

    /// Creates the index of the mentor in row `rawValue`.
    @inlinable
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    /// Orders mentors by row.
    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `mentor <row>`.
    public var description: String { "mentor \(rawValue)" }

    /// Decodes a bare integer.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    /// Encodes a bare integer.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// The position of a mentee in a ``MatchingProblem``: a column of the score matrix.
///
/// Indices are 0-based. They are typed so that a mentee can never be passed
/// where a mentor is expected.
public struct MenteeIndex: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The 0-based column of the score matrix.
    public var rawValue: Int

    /// Creates the index of the mentee in column `rawValue`.
    @inlinable
    public init(_ rawValue: Int) { self.rawValue = rawValue }

    /// Orders mentees by column.
    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// `mentee <column>`.
    public var description: String { "mentee \(rawValue)" }

    /// Decodes a bare integer.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(Int.self)
    }

    /// Encodes a bare integer.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// A (mentor, mentee) pair: one cell of the score matrix.
///
/// Pairs order by mentor, then mentee, which is the order every result uses.
public struct Pair: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The mentor of the pair.
    public var mentor: MentorIndex
    /// The mentee of the pair.
    public var mentee: MenteeIndex

    /// Creates the pair of `mentor` and `mentee`.
    @inlinable
    public init(_ mentor: MentorIndex, _ mentee: MenteeIndex) {
        self.mentor = mentor
        self.mentee = mentee
    }

    /// Creates the pair from raw 0-based indices.
    @inlinable
    public init(mentor: Int, mentee: Int) {
        self.mentor = MentorIndex(mentor)
        self.mentee = MenteeIndex(mentee)
    }

    /// Orders by mentor, then mentee.
    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.mentor.rawValue, lhs.mentee.rawValue) < (rhs.mentor.rawValue, rhs.mentee.rawValue)
    }

    /// `(mentor i, mentee j)`.
    public var description: String { "(\(mentor), \(mentee))" }

    /// Decodes `[mentor, mentee]`.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        let i = try c.decode(Int.self)
        let j = try c.decode(Int.self)
        self.init(mentor: i, mentee: j)
    }

    /// Encodes `[mentor, mentee]`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(mentor.rawValue)
        try c.encode(mentee.rawValue)
    }
}

/// Two mentees who must not share a mentor.
public struct Separation: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The first mentee.
    public var first: MenteeIndex
    /// The second mentee.
    public var second: MenteeIndex

    /// Creates the rule that `first` and `second` never share a mentor.
    public init(_ first: MenteeIndex, _ second: MenteeIndex) {
        self.first = first
        self.second = second
    }

    /// `mentees j and k`.
    public var description: String { "mentees \(first.rawValue) and \(second.rawValue)" }

    /// Decodes `[j, k]`.
    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        first = MenteeIndex(try c.decode(Int.self))
        second = MenteeIndex(try c.decode(Int.self))
    }

    /// Encodes `[j, k]`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(first.rawValue)
        try c.encode(second.rawValue)
    }
}
