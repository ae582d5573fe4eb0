import Compatibility

/// The ids of the people behind a score matrix's rows and columns, when the
/// file names them; `nil` for a side the file does not name.
public struct ScoreIDs: Hashable, Sendable {
    /// One id per mentor (row), in row order, or `nil`.
    public var mentors: [PersonID]?
    /// One id per mentee (column), in column order, or `nil`.
    public var mentees: [PersonID]?

    /// Creates the ids of both sides (either may be `nil`).
    public init(mentors: [PersonID]? = nil, mentees: [PersonID]? = nil) {
        self.mentors = mentors
        self.mentees = mentees
    }

    /// Whether neither side has ids.
    public var isEmpty: Bool { mentors == nil && mentees == nil }

    /// The id of mentor `i` (0-based row), or `nil` when rows have no ids or `i` is out of range.
    public func mentor(_ i: Int) -> PersonID? {
        guard let mentors, mentors.indices.contains(i) else { return nil }
        return mentors[i]
    }

    /// The id of mentee `j` (0-based column), or `nil` when columns have no ids or `j` is out of range.
    public func mentee(_ j: Int) -> PersonID? {
        guard let mentees, mentees.indices.contains(j) else { return nil }
        return mentees[j]
    }

    /// `text` with every `mentor N` and `mentee N` that has an id followed by
    /// that id: `mentee 1 is forbidden to everyone` becomes
    /// `mentee 1 (id 'bob') is forbidden to everyone`. The index stays, so a
    /// message means the same with or without ids; text without such
    /// phrases comes back unchanged.
    ///
    /// - Complexity: O(length of `text`).
    public func annotate(_ text: String) -> String {
        guard !isEmpty else { return text }
        var out = ""
        var rest = Substring(text)
        while let r = rest.firstRange(of: /\b(mentor|mentee) ([0-9]+)\b/) {
            out += rest[..<r.upperBound]
            let match = rest[r]
            let isMentor = match.hasPrefix("mentor")
            if let k = Int(match.split(separator: " ").last ?? ""),
               let id = isMentor ? mentor(k) : mentee(k) {
                out += " (id '\(id.rawValue)')"
            }
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
