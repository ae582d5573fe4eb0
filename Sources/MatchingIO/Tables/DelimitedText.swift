import CSV
import Foundation
import MatchingCore

/// Reads delimited text as spreadsheets and HR systems export it: the
/// encoding (``TextEncoding``), the delimiter (comma, semicolon or tab,
/// detected from the header line), CRLF, CR or LF line endings, quoted
/// cells holding delimiters, quotes and line breaks, blank rows, and
/// trailing empty columns. Parsing is yaslab/CSV.swift's (RFC 4180); this
/// type adds the detection and the physical line of every row.
public enum DelimitedText {
    /// The delimiters recognised, in order of preference on a tie.
    public static let delimiters: [(scalar: Unicode.Scalar, name: String)] = [(",", "comma"), (";", "semicolon"), ("\t", "tab")]

    /// Reads a table from a file's bytes.
    ///
    /// - Parameter name: the file's name, for messages.
    /// - Throws: ``MatchingCore/MatchingError/Code/invalidFile`` when the
    ///   text cannot be decoded or holds no header row.
    /// - Complexity: O(bytes).
    public static func table(_ data: Data, name: String) throws -> Table {
        let (text, encoding) = try TextEncoding.decode(data, name: name)
        return try table(text: text, name: name, encoding: encoding)
    }

    /// Reads a table from text already decoded.
    public static func table(text: String, name: String, encoding: String = "UTF-8") throws -> Table {
        let delimiter = detectDelimiter(text)
        if let problem = quoteProblem(text, delimiter: delimiter.scalar) { throw MatchingError(.invalidFile, "\(name): \(problem)") }
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: delimiter.scalar) else {
            throw MatchingError(.invalidFile, "\(name): empty file, expected a header row")
        }
        var line = 1
        var header: [String]? = nil, headerLine = 1
        var rows = [Table.Row]()
        var blank = 0, pendingBlank = 0   // blank rows between filled ones; blank rows at the end are how files end
        while let raw = reader.next() {
            let start = line
            line += 1 + raw.reduce(0) { $0 + lineBreaks($1) }
            let cells = raw.map { $0.precomposedStringWithCanonicalMapping }
            if cells.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
                if header != nil { pendingBlank += 1 }
                continue
            }
            blank += header == nil ? 0 : pendingBlank
            pendingBlank = 0
            if header == nil {
                header = cells
                headerLine = start
            } else {
                rows.append(Table.Row(line: start, cells: cells))
            }
        }
        guard let header else { throw MatchingError(.invalidFile, "\(name): empty file, expected a header row") }
        var table = Table(header: header, headerLine: headerLine, rows: rows,
                          format: "\(encoding), \(delimiter.name)-separated", decimalComma: delimiter.scalar != ",")
        table.dropTrailingEmptyColumns()
        if blank > 0 { table.notes.append("\(blank) blank row(s) between filled rows left out") }
        return table
    }

    /// The first malformed quote, as RFC 4180 and CSV.swift read quotes: a
    /// cell that opens a quote and never closes it (it would swallow every
    /// later line), or text right after a closing quote. `nil` when the
    /// quotes are well formed.
    ///
    /// - Complexity: O(characters).
    static func quoteProblem(_ text: String, delimiter: Unicode.Scalar) -> String? {
        enum State { case fieldStart, unquoted, quoted, afterQuote }
        var state = State.fieldStart, line = 1, openedOn = 1
        var previousCR = false
        for c in text.unicodeScalars {
            let newline = c == "\n" || c == "\r"
            defer {
                if c == "\r" || (c == "\n" && !previousCR) { line += 1 }
                previousCR = c == "\r"
            }
            switch state {
            case .fieldStart, .unquoted:
                if c == "\"" && state == .fieldStart { state = .quoted; openedOn = line }
                else if c == delimiter || newline { state = .fieldStart }
                else { state = .unquoted }
            case .quoted:
                if c == "\"" { state = .afterQuote }
            case .afterQuote:
                if c == "\"" { state = .quoted }   // "" inside a quoted cell
                else if c == delimiter || newline { state = .fieldStart }
                else { return "line \(line): text after the closing quote of a cell opened on line \(openedOn) (a quote inside a quoted cell is written \"\")" }
            }
        }
        return state == .quoted ? "line \(openedOn): a quoted cell opens here and never closes (every later line would be part of it)" : nil
    }

    /// The delimiter that occurs most often outside quotes on the first
    /// non-blank line (comma when none occurs).
    static func detectDelimiter(_ text: String) -> (scalar: Unicode.Scalar, name: String) {
        var counts = [Int](repeating: 0, count: delimiters.count)
        var quoted = false, sawText = false
        for c in text.unicodeScalars {
            if c == "\"" { quoted.toggle(); sawText = true; continue }
            if !quoted && (c == "\n" || c == "\r") {
                if sawText { break }
                continue
            }
            if !quoted, let k = delimiters.firstIndex(where: { $0.scalar == c }) { counts[k] += 1 }
            if c != " " { sawText = true }
        }
        var best = 0
        for k in counts.indices where counts[k] > counts[best] { best = k }
        return delimiters[best]
    }

    /// The line breaks inside a cell (CRLF counts once).
    static func lineBreaks(_ cell: String) -> Int {
        var n = 0
        var previousCR = false
        for c in cell.unicodeScalars {
            if c == "\r" { n += 1; previousCR = true; continue }
            if c == "\n" && !previousCR { n += 1 }
            previousCR = false
        }
        return n
    }
}
