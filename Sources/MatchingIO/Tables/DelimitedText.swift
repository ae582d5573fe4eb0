import CSV
import Foundation
import MatchingCore

/// Reads delimited text as spreadsheets and HR systems export it: the
/// encoding (``TextEncoding``), the delimiter (comma, semicolon or tab,
/// detected from the first lines: `detectDelimiter(utf8:)`), CRLF, CR or LF line endings, quoted
/// cells holding delimiters, quotes and line breaks, blank rows, and
/// trailing empty columns. Parsing is yaslab/CSV.swift's (RFC 4180); this
/// type adds the detection and the physical line of every row.
public enum DelimitedText {
    /// The delimiters recognised, in order of preference on a tie.
    public static let delimiters: [(scalar: Unicode.Scalar, name: String)] = [(",", "comma"), (";", "semicolon"), ("\t", "tab")]

    /// Reads a table from a file's bytes.
    ///
    /// - Parameters:
    ///   - data: the file's bytes.
    ///   - name: the file's name, for messages.
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` when the
    ///   text cannot be decoded or holds no header row.
    /// - Complexity: O(bytes).
    public static func table(_ data: Data, name: String) throws -> Table {
        let (text, encoding) = try TextEncoding.decode(data, name: name)
        return try table(text: text, name: name, encoding: encoding)
    }

    /// Reads a table from text already decoded.
    public static func table(text: String, name: String, encoding: String = "UTF-8") throws -> Table {
        let delimiter = detectDelimiter(utf8: text.utf8)
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
            let cells = raw.map { $0.composed }
            if cells.allSatisfy({ $0.isBlank(newlines: true) }) {
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
        if delimiter.scalar == "\t" {
            // Tab-separated text comes with decimal commas (European Excel) or
            // thousands separators (US): a number like 1,500 needs evidence.
            let evidence = table.rows.contains { row in
                row.cells.contains { c in
                    c.containsByte(",") && CellText.number(c, decimalComma: true) != nil
                        && CellText.isDecimalCommaEvidence(c.trimmed().utf8)
                }
            }
            table.ambiguousThousands = !evidence
        }
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

    /// The delimiter of delimited text, from its first lines (up to
    /// ``sampleLines`` non-blank ones; a quoted line break does not end a line).
    /// One rule for participant and score files:
    ///
    /// 1. A tab is not a candidate when line 1 has a comma next to a tab (spaces
    ///    apart): a comma file padded with tabs.
    /// 2. A delimiter is *steady* when line 1 has it and every later sampled line
    ///    has it as often, once more (a header without a label over the id column,
    ///    as R writes) or once less (a trailing one in the header only). The first
    ///    steady one of semicolon, tab, comma is the delimiter: semicolon and tab
    ///    first, because their files use commas as decimal commas (`0,5`), which
    ///    can be just as steady.
    /// 3. Otherwise the one that occurs most often on line 1 (comma, then
    ///    semicolon, then tab on a tie); comma when none occurs.
    ///
    /// - Parameter utf8: the text's UTF-8 bytes (only the first lines are read).
    /// - Complexity: O(length of the first ``sampleLines`` lines).
    static func detectDelimiter<Bytes: Sequence<UInt8>>(utf8: Bytes) -> (scalar: Unicode.Scalar, name: String) {
        var lines = [[Int]]()          // per non-blank line: counts of comma, semicolon, tab
        var counts = [0, 0, 0]
        var quoted = false, sawText = false, commaNextToTab = false
        var previous: UInt8 = 0        // the last byte that is not a space, on this line
        for b in utf8 {
            if b == UInt8(ascii: "\"") { quoted.toggle(); sawText = true; previous = b; continue }
            if !quoted && (b == 0x0A || b == 0x0D) {
                if sawText { lines.append(counts); if lines.count >= sampleLines { break } }
                counts = [0, 0, 0]; sawText = false; previous = 0
                continue
            }
            if !quoted {
                switch b {
                case UInt8(ascii: ","): counts[0] += 1
                case UInt8(ascii: ";"): counts[1] += 1
                case 0x09: counts[2] += 1
                default: break
                }
                if lines.isEmpty && ((b == 0x09 && previous == UInt8(ascii: ",")) || (b == UInt8(ascii: ",") && previous == 0x09)) {
                    commaNextToTab = true
                }
            }
            if b != UInt8(ascii: " ") { sawText = true; previous = b }
        }
        if sawText && lines.count < sampleLines { lines.append(counts) }
        guard let first = lines.first else { return delimiters[0] }
        func steady(_ k: Int) -> Bool {
            first[k] > 0 && lines.dropFirst().allSatisfy { abs($0[k] - first[k]) <= 1 }
        }
        let tabAllowed = !commaNextToTab
        for k in [1, 2, 0] where steady(k) && (k != 2 || tabAllowed) { return delimiters[k] }
        var best = 0
        for k in 1..<3 where first[k] > first[best] && (k != 2 || tabAllowed) { best = k }
        return delimiters[best]
    }

    /// How many non-blank lines ``detectDelimiter(utf8:)`` looks at.
    static let sampleLines = 20

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
