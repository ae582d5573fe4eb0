import Compatibility

/// One change between a program's last round and the next, with its reason
/// in plain words (`changes.csv`, the report).
public struct RoundChange: Hashable, Sendable {
    /// What happened to the pair.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A continuing pair that stays.
        case kept
        /// A pair matched this round.
        case new
        /// A continuing pair the matching changed (only with a change price).
        case changed
        /// A pair the outcomes ended (failed, succeeded or ended).
        case ended
        /// A continuing pair that cannot continue today (someone left, a filter, a capacity).
        case dissolved
    }

    /// The mentor.
    public var mentor: PersonID
    /// The mentee.
    public var mentee: PersonID
    /// What happened.
    public var kind: Kind
    /// Why, in plain words.
    public var reason: String
    /// The pair's score today (kept, new, changed), or when it was matched (ended, dissolved), 0…100.
    public var score: Double?

    /// A change.
    public init(mentor: PersonID, mentee: PersonID, kind: Kind, reason: String, score: Double? = nil) {
        self.mentor = mentor
        self.mentee = mentee
        self.kind = kind
        self.reason = reason
        self.score = score
    }
}
