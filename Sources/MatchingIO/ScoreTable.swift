import Compatibility
import Foundation
import MatchingCore

/// A score matrix as a file gives it: the scores, the pairs the file marks as
/// forbidden, and the people's ids when the file names them.
///
/// Read one with ``ScoreFiles/read(path:nanForbidden:)``. A cell holding
/// `-inf` (and, with `nanForbidden`, NaN) is not a score but a forbidden pair:
/// it is listed in ``forbidden`` and holds the placeholder score `0` in
/// ``scores`` (any finite value would do: a forbidden pair is never matched,
/// so its score never counts).
public struct ScoreTable: Hashable, Sendable {
    /// The scores, mentors (rows) × mentees (columns), higher is better;
    /// `0` in every forbidden cell.
    public var scores: ScoreMatrix
    /// The cells the file marks as forbidden, as (row, column) pairs.
    public var forbidden: Set<Pair>
    /// The mentors' and mentees' ids, when the file has a header row or an
    /// id column (`pandas.DataFrame.to_csv` writes both).
    public var ids: ScoreIDs

    /// Creates a table. Nothing is checked here: a forbidden pair or an id
    /// list out of the matrix's range is caught by ``MatchingCore/MatchingProblem/validate()``
    /// or by ``ScoreIDs`` (which only names people it has an id for).
    public init(scores: ScoreMatrix, forbidden: Set<Pair> = [], ids: ScoreIDs = ScoreIDs()) {
        self.scores = scores
        self.forbidden = forbidden
        self.ids = ids
    }

    /// The matching problem of these scores and forbidden pairs, with the
    /// same bounds for every mentor and every mentee.
    ///
    /// - Complexity: O(mentors × mentees) to copy the scores, O(forbidden) for the set.
    public func problem(
        mentorLoad: CountRange = CountRange(min: 0, max: 1),
        menteeDemand: CountRange = CountRange(min: 0, max: 1)
    ) -> MatchingProblem {
        MatchingProblem(scores: scores, mentorLoad: mentorLoad, menteeDemand: menteeDemand, forbidden: forbidden)
    }
}

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
