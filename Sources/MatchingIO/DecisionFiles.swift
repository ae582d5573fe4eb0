import Compatibility
import Foundation
import MatchingCore

/// An administrator's decisions for one run, as files: locked pairs
/// (`--lock`), people excluded (`--exclude`) and per-person changes
/// (`--overrides`). CSV, semicolon- or tab-separated text in any common
/// encoding, or `.xlsx`; headers compared loosely; every problem one line
/// naming the file and line.
public enum DecisionFiles {
    /// The largest file read (bytes).
    public static let maxBytes = 16 << 20

    /// A per-person change: a capacity, and/or whether they take part.
    public struct Override: Hashable, Sendable {
        /// The person.
        public var id: PersonID
        /// Their capacity this run (mentors: mentees; mentees: the most mentors they take; mutual: partners), ≥ 0.
        public var capacity: Int?
        /// Whether they take part this run.
        public var active: Bool?
        /// The line it is on.
        public var line: Int
    }

    /// Locked pairs: columns `mentor_id` and `mentee_id` (aliases as in
    /// ``OutcomesFile``), one pair per row.
    ///
    /// - Throws: `invalidFile` naming the file and line of the first problem
    ///   (a missing column, a blank id, a pair listed twice).
    public static func lockedPairs(path: String) throws -> [(mentor: PersonID, mentee: PersonID, line: Int)] {
        let (table, cell) = try read(path, columns: [("mentor_id", ["mentor", "person_id", "person"]), ("mentee_id", ["mentee", "partner_id", "partner"])], required: ["mentor_id", "mentee_id"])
        var out = [(mentor: PersonID, mentee: PersonID, line: Int)](), seen = [String: Int]()
        for row in table.rows {
            let m = cell(row, "mentor_id"), e = cell(row, "mentee_id")
            let at = "\(table.place(path)): \(table.lineWord) \(row.line)"
            guard !m.isEmpty, !e.isEmpty else { throw MatchingError(.invalidFile, "\(at): \(m.isEmpty ? "mentor_id" : "mentee_id") is blank") }
            if let earlier = seen["\(m)\u{0}\(e)"] { throw MatchingError(.invalidFile, "\(at): the pair \(m)–\(e) is already on \(table.lineWord) \(earlier)") }
            seen["\(m)\u{0}\(e)"] = row.line
            out.append((PersonID(m), PersonID(e), row.line))
        }
        return out
    }

    /// A reviewer's verdict on a proposed pair (`review.csv`).
    public enum Verdict: String, Hashable, Sendable {
        /// Keep the pair: it is locked in the next run.
        case accept
        /// Never pair these two: forbidden in the next run.
        case reject
    }

    /// A matching committee's review of the proposed pairs: the `review.csv`
    /// a run writes, with its `decision` column filled in — `accept` (or
    /// `lock`, `keep`, `yes`, `approve`) locks the pair in the next run,
    /// `reject` (or `no`, `decline`) forbids it, blank leaves it to the
    /// matching. Columns `mentor_id`, `mentee_id` (aliases as in
    /// ``lockedPairs(path:)``) and `decision` (alias `verdict`, `review`);
    /// the file's other columns (score, reasons) are read past.
    ///
    /// - Throws: `invalidFile` naming the file and line of the first problem
    ///   (a blank id, a pair listed twice, a decision that is none of those).
    public static func review(path: String) throws -> [(mentor: PersonID, mentee: PersonID, verdict: Verdict, line: Int)] {
        let table = try Table.read(path: path, maxBytes: maxBytes)
        // The proposal's own columns — score, reasons, each side's carried columns (mentor_name, …) —
        // are read past; any other column is refused with a did-you-mean (a mistyped decision column).
        let keys: [(name: String, aliases: [String])] = [("mentor_id", ["mentor", "person_id", "person"]), ("mentee_id", ["mentee", "partner_id", "partner"]),
                                                         ("decision", ["verdict", "review"])]
        let known = Set(keys.flatMap { [$0.name] + $0.aliases }.map(FieldNames.normalized))
        let proposal = table.header.filter { h in
            let n = FieldNames.normalized(h)
            return !known.contains(n) && (n == "score" || n == "reasons" || ["mentor", "mentee", "person", "partner"].contains { n.hasPrefix($0) && n.count > $0.count })
        }
        let named = NamedColumns(table, place: table.place(path), columns: keys + proposal.map { ($0, []) },
                                 required: ["mentor_id", "mentee_id", "decision"], what: "a column of a review file")
        if let first = named.problems.first { throw MatchingError(.invalidFile, first) }
        var out = [(mentor: PersonID, mentee: PersonID, verdict: Verdict, line: Int)](), seen = [String: Int]()
        for row in table.rows {
            let m = named.cell(row, "mentor_id"), e = named.cell(row, "mentee_id"), d = named.cell(row, "decision")
            let at = "\(table.place(path)): \(table.lineWord) \(row.line)"
            guard !m.isEmpty, !e.isEmpty else { throw MatchingError(.invalidFile, "\(at): \(m.isEmpty ? "mentor_id" : "mentee_id") is blank") }
            if let earlier = seen["\(m)\u{0}\(e)"] { throw MatchingError(.invalidFile, "\(at): the pair \(m)–\(e) is already on \(table.lineWord) \(earlier)") }
            seen["\(m)\u{0}\(e)"] = row.line
            switch d.lowercased() {
            case "": continue
            case "accept", "accepted", "lock", "locked", "keep", "yes", "approve", "approved": out.append((PersonID(m), PersonID(e), .accept, row.line))
            case "reject", "rejected", "no", "decline", "declined": out.append((PersonID(m), PersonID(e), .reject, row.line))
            default: throw MatchingError(.invalidFile, "\(at): decision '\(d.prefix(20))' for \(m)–\(e) is not accept, reject or blank")
            }
        }
        return out
    }

    /// The scores a review file shows (its `score` column, as the run that
    /// wrote it scored each pair), for the rows that have one: compared with
    /// today's scores, they tell a review of another program or cohort;
    /// `nil` when the file has no `score` column (it cannot be checked).
    ///
    /// - Throws: as ``review(path:)``.
    public static func reviewScores(path: String) throws -> [(mentor: PersonID, mentee: PersonID, score: Double, line: Int)]? {
        let table = try Table.read(path: path, maxBytes: maxBytes)
        guard let column = table.header.firstIndex(where: { FieldNames.normalized($0) == "score" }) else { return nil }
        let named = NamedColumns(table, place: table.place(path),
                                 columns: [("mentor_id", ["mentor", "person_id", "person"]), ("mentee_id", ["mentee", "partner_id", "partner"])]
                                     + table.header.filter { !["mentorid", "mentor", "personid", "person", "menteeid", "mentee", "partnerid", "partner"].contains(FieldNames.normalized($0)) }.map { ($0, []) },
                                 required: ["mentor_id", "mentee_id"], what: "a column of a review file")
        return table.rows.compactMap { row in
            guard column < row.cells.count, let score = CellText.number(row.cells[column].trimmed(), decimalComma: table.decimalComma) else { return nil }
            let m = named.cell(row, "mentor_id"), e = named.cell(row, "mentee_id")
            return m.isEmpty || e.isEmpty ? nil : (PersonID(m), PersonID(e), score, row.line)
        }
    }

    /// People excluded this run: an `id` column (aliases `person_id`,
    /// `mentor_id`, `mentee_id`, `participant`).
    ///
    /// - Throws: `invalidFile` naming the file and line of the first problem.
    public static func excluded(path: String) throws -> [(id: PersonID, line: Int)] {
        let (table, cell) = try read(path, columns: [("id", ["person_id", "mentor_id", "mentee_id", "participant", "participant_id"])], required: ["id"])
        var out = [(id: PersonID, line: Int)]()
        for row in table.rows {
            let id = cell(row, "id")
            guard !id.isEmpty else { throw MatchingError(.invalidFile, "\(table.place(path)): \(table.lineWord) \(row.line): the id is blank") }
            out.append((PersonID(id), row.line))
        }
        return out
    }

    /// Per-person changes: an `id` column and `capacity` (a whole number ≥ 0;
    /// aliases `max_mentees`, `partners`, `demand`, `max_mentors`)
    /// and/or `active` (yes/no; alias `eligible`); a blank cell changes nothing.
    ///
    /// - Throws: `invalidFile` naming the file, line and column of the first problem.
    public static func overrides(path: String) throws -> [Override] {
        let (table, cell) = try read(path, columns: [("id", ["person_id", "participant"]), ("capacity", ["max_mentees", "partners", "demand", "max_mentors"]), ("active", ["eligible"])], required: ["id"])
        var out = [Override]()
        for row in table.rows {
            let at = "\(table.place(path)): \(table.lineWord) \(row.line)"
            let id = cell(row, "id")
            guard !id.isEmpty else { throw MatchingError(.invalidFile, "\(at): the id is blank") }
            var o = Override(id: PersonID(id), capacity: nil, active: nil, line: row.line)
            let capacity = cell(row, "capacity"), active = cell(row, "active")
            if !capacity.isEmpty {
                guard let c = CellText.wholeNumber(capacity, decimalComma: table.decimalComma), c >= 0 else {
                    throw MatchingError(.invalidFile, "\(at): capacity '\(capacity.prefix(20))' is not a whole number ≥ 0")
                }
                o.capacity = c
            }
            if !active.isEmpty {
                guard let a = CellText.boolean(active) else { throw MatchingError(.invalidFile, "\(at): active '\(active.prefix(20))' is not yes or no") }
                o.active = a
            }
            guard o.capacity != nil || o.active != nil else { throw MatchingError(.invalidFile, "\(at): \(id) changes nothing: give a capacity or active") }
            out.append(o)
        }
        return out
    }

    /// The table and a cell reader by column name; unknown columns are refused with a did-you-mean.
    static func read(_ path: String, columns: [(name: String, aliases: [String])], required: [String]) throws
        -> (Table, (Table.Row, String) -> String) {
        let table = try Table.read(path: path, maxBytes: maxBytes)
        let named = NamedColumns(table, place: table.place(path), columns: columns, required: required, what: "a column of this file")
        if let first = named.problems.first { throw MatchingError(.invalidFile, first) }
        return (table, named.cell)
    }
}
