import Compatibility
import Foundation
import MatchingCore

/// How the pairs of earlier rounds went: CSV, semicolon- or tab-separated
/// text in any common encoding, or an `.xlsx` workbook, one row per pair.
///
/// | column | aliases | content |
/// |---|---|---|
/// | `mentor_id` | `mentor`, `person_id`, `person` | the mentor (mutual mode: one of the two) |
/// | `mentee_id` | `mentee`, `partner_id`, `partner` | the mentee (mutual mode: the other) |
/// | `outcome` | `result`, `status` | `continuing`, `succeeded`, `failed` or `ended` (``/Compatibility/PairOutcome/Result/aliases`` too) |
/// | `mentor_rating` | `person_rating` | 1…5 |
/// | `mentee_rating` | `partner_rating` | 1…5 |
/// | `round` | | the round the pair was matched in: 1, 2, … |
/// | `date` | | `YYYY-MM-DD` |
/// | `comment` | `comments`, `notes` | free text: kept, never logged |
///
/// Every row needs an outcome or a rating. Names are compared loosely
/// (case, spaces, `-`, `_`); an unknown column is refused with a
/// did-you-mean, never ignored.
public enum OutcomesFile {
    /// The largest file read (bytes).
    public static let maxBytes = 64 << 20

    /// The columns by name, and the aliases that stand for them.
    static let columns: [(name: String, aliases: [String])] = [
        ("mentor_id", ["mentor", "person_id", "person"]), ("mentee_id", ["mentee", "partner_id", "partner"]),
        ("outcome", ["result", "status"]), ("mentor_rating", ["person_rating"]), ("mentee_rating", ["partner_rating"]),
        ("round", []), ("date", []), ("comment", ["comments", "notes"]),
    ]

    /// The outcomes in the file.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file and line of the first problem and how many more there are:
    ///   an unknown or missing column, a blank id, a pair of one person with
    ///   themself, an outcome word or rating that is not one, a row with
    ///   neither, a bad round or date, the same pair twice in one round, a
    ///   row with more or fewer fields than the header.
    /// - Complexity: O(rows).
    public static func read(path: String, sheet: String? = nil) throws -> [PairOutcome] {
        let (outcomes, problems) = try check(path: path, sheet: sheet)
        if let first = problems.first {
            throw MatchingError(.invalidFile, first + (problems.count > 1 ? " (and \(problems.count - 1) more problem(s))" : ""))
        }
        return outcomes
    }

    /// The rows without problems and one line per problem found.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` only when the
    ///   file cannot be read as a table at all.
    public static func check(path: String, sheet: String? = nil) throws -> (outcomes: [PairOutcome], problems: [String]) {
        parse(try Table.read(path: path, sheet: sheet, maxBytes: maxBytes), name: path)
    }

    /// The outcomes of a table read from `name`.
    public static func parse(_ table: Table, name: String) -> (outcomes: [PairOutcome], problems: [String]) {
        let place = table.place(name)
        let named = NamedColumns(table, place: place, columns: columns, required: ["mentor_id", "mentee_id"], what: "an outcomes column")
        var problems = named.problems
        guard problems.isEmpty else { return ([], problems) }

        var outcomes = [PairOutcome]()
        var firstLine = [String: Int]()
        for row in table.rows {
            // Spreadsheets drop empty trailing cells: a short row reads them as blank.
            func cell(_ column: String) -> String { named.cell(row, column) }
            let at = "\(place): \(table.lineWord) \(row.line)"
            var bad = false
            func problem(_ text: String) { problems.append("\(at): \(text)"); bad = true }
            if row.cells.count > table.header.count, row.cells[table.header.count...].contains(where: { !$0.isBlank() }) {
                problem("\(row.cells.count) fields, the header has \(table.header.count): name the extra column or remove its cells")
            }
            let mentor = cell("mentor_id"), mentee = cell("mentee_id")
            if mentor.isEmpty || mentee.isEmpty { problem("\(mentor.isEmpty ? "mentor_id" : "mentee_id") is blank") }
            if !mentor.isEmpty && mentor == mentee { problem("'\(mentor)' is paired with themself") }
            var result: PairOutcome.Result? = nil
            let word = cell("outcome")
            if !word.isEmpty {
                let key = word.lowercased()
                result = PairOutcome.Result(rawValue: key) ?? PairOutcome.Result.aliases[key]
                if result == nil {
                    let hint = FieldNames.closest(to: word, among: PairOutcome.Result.allCases.map(\.rawValue), maxDistance: 3).map { "; did you mean '\($0)'?" } ?? ""
                    problem("outcome '\(word.prefix(40))' is not continuing, succeeded, failed or ended\(hint)")
                }
            }
            func rating(_ column: String) -> Int? {
                let text = cell(column)
                guard !text.isEmpty else { return nil }
                guard let x = CellText.number(text, decimalComma: table.decimalComma), x == x.rounded(), (1...5).contains(x) else {
                    problem("\(column) '\(text.prefix(20))' is not a whole number from 1 to 5")
                    return nil
                }
                return Int(x)
            }
            let mentorRating = rating("mentor_rating"), menteeRating = rating("mentee_rating")
            var round: Int? = nil
            let roundText = cell("round")
            if !roundText.isEmpty {
                if let r = CellText.wholeNumber(roundText, decimalComma: table.decimalComma), r >= 1 { round = r } else { problem("round '\(roundText.prefix(20))' is not a whole number of at least 1") }
            }
            var date = cell("date")
            // A date cell of a workbook arrives as its serial number (days since 1899-12-30).
            if table.sheet != nil, let serial = Int(date), (1...2_958_465).contains(serial) { date = Self.excelDate(serial) }
            if !date.isEmpty && !isISODate(date) { problem("date '\(date.prefix(20))' is not a calendar date written YYYY-MM-DD") }
            if result == nil && mentorRating == nil && menteeRating == nil && word.isEmpty && !bad {
                problem("gives neither an outcome nor a rating: write continuing, succeeded, failed or ended, or a rating from 1 to 5")
            }
            guard !bad else { continue }
            let key = "\(round ?? 0)\u{0}\(mentor)\u{0}\(mentee)"
            if let earlier = firstLine[key] {
                problems.append("\(at): the pair \(mentor)–\(mentee)\(round.map { " (round \($0))" } ?? "") is already on \(table.lineWord) \(earlier): keep one row per pair and round")
                continue
            }
            firstLine[key] = row.line
            let comment = cell("comment")
            outcomes.append(PairOutcome(mentor: PersonID(mentor), mentee: PersonID(mentee), result: result,
                                        mentorRating: mentorRating, menteeRating: menteeRating, round: round,
                                        date: date.isEmpty ? nil : date, comment: comment.isEmpty ? nil : comment, line: row.line))
        }
        return (outcomes, problems)
    }

    /// The problems of outcomes against the people and the pairs they may
    /// report on, one line each naming the file and line: an id that is not
    /// a participant, a pair that was never matched (when `pairs` is given).
    ///
    /// - Parameters:
    ///   - outcomes: the rows read from the file.
    ///   - file: the file's name, for messages.
    ///   - people: every participant's id.
    ///   - pairs: the pairs matched in the rounds the file reports on, as
    ///     (mentor, mentee); `nil` to skip that check.
    public static func problems(of outcomes: [PairOutcome], file: String, people: Set<PersonID>,
                                pairs: Set<[PersonID]>? = nil) -> [String] {
        var out = [String]()
        for o in outcomes {
            let unknown = [o.mentor, o.mentee].filter { !people.contains($0) }
            if !unknown.isEmpty {
                out.append("\(file): line \(o.line): \(unknown.map { "'\($0)'" }.joined(separator: " and ")) \(unknown.count == 1 ? "is" : "are") not a participant")
            } else if let pairs, !pairs.contains([o.mentor, o.mentee]) {
                let swapped = pairs.contains([o.mentee, o.mentor]) ? " (the other way round it was: swap the columns)" : ""
                out.append("\(file): line \(o.line): \(o.mentor)–\(o.mentee) was never matched\(o.round.map { " in round \($0)" } ?? "")\(swapped)")
            }
        }
        return out
    }

    /// The date `YYYY-MM-DD` of an Excel serial day number (the 1900 date
    /// system: day 1 is 1900-01-01, and day 60 the 1900-02-29 Excel keeps
    /// for Lotus compatibility, read here as 1900-02-28).
    static func excelDate(_ serial: Int) -> String {
        // Days since 1899-12-30 (serials from 61 on), then the civil date (Hinnant's days_from_civil inverse).
        let days = (serial >= 60 ? Swift.max(serial, 61) - (serial == 60 ? 1 : 0) : serial + 1) - 25_569   // days since 1970-01-01
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// Whether `text` is a real calendar date `YYYY-MM-DD` (proleptic Gregorian).
    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }
}
