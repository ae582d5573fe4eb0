import Foundation
import MatchingCore

/// A score matrix as a file gives it: the scores, the pairs the file marks as
/// forbidden, and the people's ids when the file names them.
///
/// Read one with ``ScoreFiles/read(path:nanForbidden:layout:)``. A cell holding
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
    /// How the file was read, for the user (one line per note): the
    /// encoding, delimiter, header row and id column of a CSV, why an
    /// undecided layout was read as it was, columns left out.
    public var notes: [String]

    /// Creates a table. Nothing is checked here: a forbidden pair or an id
    /// list out of the matrix's range is caught by ``/MatchingCore/MatchingProblem/validate()``
    /// or by ``ScoreIDs`` (which only names people it has an id for).
    public init(scores: ScoreMatrix, forbidden: Set<Pair> = [], ids: ScoreIDs = ScoreIDs(), notes: [String] = []) {
        self.scores = scores
        self.forbidden = forbidden
        self.ids = ids
        self.notes = notes
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
