/// A set of matched (mentor, mentee) pairs, sorted by mentor then mentee.
public struct Matching: Hashable, Sendable, Codable {
    /// The pairs, sorted and without duplicates.
    public private(set) var pairs: [Pair]

    /// Creates a matching from pairs in any order; duplicates are kept so
    /// that ``MatchingValidator`` can report them.
    public init(pairs: some Sequence<Pair>) {
        self.pairs = pairs.sorted()
    }

    /// The mentees with no mentor, ascending, for a problem with `menteeCount` mentees.
    public func unmatchedMentees(menteeCount: Int) -> [MenteeIndex] {
        var has = [Bool](repeating: false, count: menteeCount)
        for p in pairs where p.mentee.rawValue >= 0 && p.mentee.rawValue < menteeCount {
            has[p.mentee.rawValue] = true
        }
        return (0..<menteeCount).filter { !has[$0] }.map(MenteeIndex.init)
    }

    /// Number of pairs.
    public var count: Int { pairs.count }
}
