import Compatibility
import Foundation
import MatchingCore

/// Pools in the JSON problem file: `"pool": true` makes the file one group
/// of people matched among themselves (``MatchingCore/PoolProblem``).
///
/// Keys of a pool file (all but `scores` and `pool` optional):
/// - `scores`: a square, symmetric matrix (a path to a CSV or `.npy` file, or
///   a nested array): row i column j is the score of i and j together, the
///   same both ways; the diagonal (a person with themselves) is not read, so
///   any number, NaN, an empty cell or ±inf may stand there. A CSV with both a
///   header row and an id column must name the same people in both: the same
///   ids in another order are matched by id (the columns put in the rows'
///   order, with a note), different ids are an error naming the first
///   position that differs and the id with no counterpart;
/// - `partners`: one `{"min": a, "max": b}` for everyone or one per person
///   (default `{"min": 0, "max": 1}`: pairs; `{"min": 1, "max": 2}` makes
///   circles of up to two exchange partners);
/// - `forbidden`, `fixed`: `[[i, j], …]` (either order);
/// - `unmatchedPenalty`: a number or one per person, lost for each person with no partner.
///
/// A key of the bipartite problem (`mentorLoad`, `separations`, …) is an
/// error naming it, as is any unknown key.
extension ProblemFile {
    /// Whether the JSON file at `path` says `"pool": true` (false for any file it cannot read: the reader then says why).
    public static func isPool(path: String) -> Bool {
        guard let (data, _) = try? contents(of: path),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return false }
        return root["pool"] as? Bool == true
    }

    /// Reads a pool problem file (`"pool": true`) and the ids of its score file.
    ///
    /// - Returns: the pool; the people's ids (the same list as ``ScoreIDs/mentors``
    ///   and ``ScoreIDs/mentees``, from the score file's id column or header row;
    ///   empty when it has neither); and notes for the user, one line each
    ///   (columns matched to rows by id).
    /// - Throws: ``/MatchingCore/MatchingError`` naming the file and the key
    ///   at fault, the first pair scored differently both ways, a header row
    ///   and id column naming different people, or the rule that is broken.
    public static func readPool(path: String, nanForbidden: Bool = false) throws -> (pool: PoolProblem, ids: ScoreIDs, notes: [String]) {
        let (data, base) = try contents(of: path)
        return try parsePool(data, name: path, baseDirectory: base, nanForbidden: nanForbidden)
    }

    /// Parses pool JSON; see ``readPool(path:nanForbidden:)``.
    public static func parsePool(_ data: Data, name: String, baseDirectory: String, nanForbidden: Bool = false) throws -> (pool: PoolProblem, ids: ScoreIDs, notes: [String]) {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw MatchingError(.invalidFile, "\(name): not valid JSON (\(error.localizedDescription))")
        }
        let r = _JSONReader(file: name)
        let top = try r.object(root, "")
        let bipartite = ["mentorLoad", "menteeDemand", "separations", "mentorAttributes", "menteeAttributes", "constraints", "objective"]
        if let key = bipartite.first(where: { top[$0] != nil }) {
            throw r.fail(key, "is a key of a mentor–mentee problem, not of a pool (\"pool\": true): a pool has partners, forbidden, fixed and unmatchedPenalty")
        }
        try r.onlyKeys(top, ["pool", "scores", "partners", "forbidden", "fixed", "unmatchedPenalty"], "")
        guard let scoresValue = top["scores"] else { throw r.fail("", "the key 'scores' is missing") }
        var (scores, fileForbidden, fileIDs) = try Self.scores(scoresValue, r: r, baseDirectory: baseDirectory, nanForbidden: nanForbidden, pool: true)
        let n = scores.mentors
        guard scores.mentees == n else { throw r.fail("scores", "a pool's matrix is square (one row and one column per person); this one is \(n) × \(scores.mentees)") }
        var notes = [String]()
        if let rows = fileIDs.mentors, let columns = fileIDs.mentees,
           let reordered = try Self.columnsInRowOrder(scores, fileForbidden, rows: rows, columns: columns, file: scoresValue as? String ?? "the score file", r: r) {
            (scores, fileForbidden) = (reordered.scores, reordered.forbidden)
            notes.append(reordered.note)
        }
        // Rows and columns are the same people: one list of ids for both.
        let people = fileIDs.mentors ?? fileIDs.mentees
        let ids = ScoreIDs(mentors: people, mentees: people)
        func named(_ i: Int) -> String { people.map { " ('\($0[i].rawValue)')" } ?? "" }
        // The matrix is the pool: the same score both ways.
        for i in 0..<n {
            for j in (i + 1)..<n {
                let a = scores[i, j], b = scores[j, i]
                if a != b && !(a.isNaN && b.isNaN) {
                    throw r.fail("scores", "row \(i)\(named(i)) column \(j)\(named(j)) is \(a) but row \(j) column \(i) is \(b): a pool's pair scores the same both ways (make the matrix symmetric, e.g. (S + Sᵀ)/2)")
                }
            }
        }
        // `forbidden` and `fixed`: pairs of two different people of the pool, as Pair(i, j) with i < j.
        func peerPairs(_ key: String) throws -> [Pair] {
            try r.pairs(top[key], key).enumerated().map { k, p in
                guard (0..<n).contains(p.0), (0..<n).contains(p.1), p.0 != p.1 else {
                    throw r.fail("\(key)[\(k)]", "[\(p.0), \(p.1)] needs two different people among 0…\(n - 1)")
                }
                return Pair(mentor: Swift.min(p.0, p.1), mentee: Swift.max(p.0, p.1))
            }
        }
        var forbidden = Set(try peerPairs("forbidden"))
        forbidden.formUnion(fileForbidden.filter { $0.mentor.rawValue != $0.mentee.rawValue })
        let fixed = try peerPairs("fixed")
        let partners = try r.ranges(top["partners"], "partners", count: n)
        let penalty = try r.penalties(top["unmatchedPenalty"], count: n)
        let pool = PoolProblem(scores: scores, forbidden: forbidden, partners: partners, unmatchedPenalty: penalty, fixed: fixed)
        do { try pool.validate() } catch let e as MatchingError {
            throw MatchingError(e.code, "\(name): \(ids.annotate(e.message))")
        }
        return (pool, ids, notes)
    }

    /// A pool's score file whose header row (`columns`) and id column (`rows`)
    /// list the same people in another order: the scores and forbidden cells
    /// with the columns put in the rows' order, and a note saying so; `nil`
    /// when the orders already agree.
    ///
    /// - Throws: ``MatchingCore/MatchingError`` when the two lists name
    ///   different people: the first position where they differ, both ids
    ///   there, and the first column id that is no row's id.
    /// - Complexity: O(n²) to copy the matrix.
    static func columnsInRowOrder(_ scores: ScoreMatrix, _ forbidden: Set<Pair>, rows: [PersonID], columns: [PersonID], file: String,
                                  r: _JSONReader) throws -> (scores: ScoreMatrix, forbidden: Set<Pair>, note: String)? {
        guard rows != columns else { return nil }
        let n = rows.count
        // Both lists hold n distinct ids (the reader refuses duplicates): the same people exactly when every column id is a row's.
        let rowOf = Dictionary(uniqueKeysWithValues: rows.enumerated().map { ($1, $0) })
        let k = (0..<n).first { rows[$0] != columns[$0] }!
        let first = "person \(k) (0-based) is '\(rows[k].rawValue)' in the id column of \(file) but '\(columns[k].rawValue)' in its header row"
        if let c = columns.firstIndex(where: { rowOf[$0] == nil }) {
            throw r.fail("scores", "\(first), '\(columns[c].rawValue)' (position \(c) of the header row) is in no row: a pool's rows and columns are the same people — list the same ids in the header row and the id column")
        }
        let columnOf = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        let source = rows.map { columnOf[$0]! }   // new column j reads old column source[j]
        let reordered = ScoreMatrix(mentors: n, mentees: n) { i, j in scores[i, source[j]] }
        let moved = Set(forbidden.map { Pair(mentor: $0.mentor.rawValue, mentee: rowOf[columns[$0.mentee.rawValue]]!) })
        return (reordered, moved, "\(file): the header row lists the same people as the id column in another order (\(first)): the columns were matched to the rows by id")
    }
}
