import Foundation
import MatchingCore

/// A table as people export it: a header row and data rows, each row with
/// the line (text files) or sheet row (workbooks) it starts on, so that
/// every problem can be named by file, line and column.
///
/// Produced by ``DelimitedText`` (CSV, semicolon- or tab-separated text in
/// any common encoding) and ``Workbook`` (`.xlsx`). Cells are text in Unicode
/// NFC; blank rows are left out (they hold nothing to lose).
public struct Table: Hashable, Sendable {
    /// One data row.
    public struct Row: Hashable, Sendable {
        /// The 1-based line (or sheet row) the row starts on.
        public var line: Int
        /// The cells, as many as the header has.
        public var cells: [String]
        /// Creates a row.
        public init(line: Int, cells: [String]) {
            self.line = line
            self.cells = cells
        }
    }

    /// The header's cells (column names as written).
    public var header: [String]
    /// The 1-based line (or sheet row) of the header.
    public var headerLine: Int
    /// The data rows, in file order.
    public var rows: [Row]
    /// How the table was read, for `check`: `"UTF-8, comma-separated"`,
    /// `"Windows-1252 (not valid UTF-8), semicolon-separated"`, `"sheet 'Export'"`.
    public var format: String
    /// Things done to the table worth telling the user (trailing empty
    /// columns left out, …), one line per cause.
    public var notes: [String]
    /// What "line" means in messages: `line` for text, `row` for sheets.
    public var lineWord: String
    /// Whether numbers may use a decimal comma (`2,5`) besides the point:
    /// true in semicolon- and tab-separated text (European spreadsheet exports).
    public var decimalComma: Bool

    /// Whether a number like `1,500` is ambiguous (tab-separated text in
    /// which no other number shows a decimal comma): such a cell is a
    /// problem naming it, never silently 1.5 or 1500.
    public var ambiguousThousands = false
    /// The workbook sheet the table comes from (`nil` for text files).
    public var sheet: String? = nil
    /// Whether columns are named by letter (`C`), as in spreadsheets, or by number (`3`).
    public var columnLetters = false

    /// A column's name in messages: its number, or its letter in a sheet.
    public func columnLabel(_ index: Int) -> String {
        columnLetters ? Workbook.columnLetters(index + 1) : String(index + 1)
    }

    /// The name of the source in messages: the file, and the sheet if any.
    public func place(_ file: String) -> String {
        sheet.map { "\(file), sheet '\($0)'" } ?? file
    }

    /// Creates a table.
    public init(header: [String], headerLine: Int = 1, rows: [Row], format: String, notes: [String] = [],
                lineWord: String = "line", decimalComma: Bool = false) {
        self.header = header
        self.headerLine = headerLine
        self.rows = rows
        self.format = format
        self.notes = notes
        self.lineWord = lineWord
        self.decimalComma = decimalComma
    }

    /// Trailing header cells that are empty in the header and in every row
    /// are left out (spreadsheets write them after the last real column),
    /// and rows longer than the header only by empty cells are trimmed.
    mutating func dropTrailingEmptyColumns() {
        var width = header.count
        while width > 0 && header[width - 1].isBlank()
                && rows.allSatisfy({ $0.cells.count < width || $0.cells[width - 1].isBlank() }) {
            width -= 1
        }
        if width < header.count {
            let dropped = header.count - width
            notes.append("\(dropped) trailing empty column(s)" + (width > 0 ? " after '\(header[width - 1])'" : "") + " left out")
            header.removeLast(dropped)
        }
        for k in rows.indices where rows[k].cells.count > width {
            if rows[k].cells[width...].allSatisfy({ $0.isBlank() }) {
                rows[k].cells.removeLast(rows[k].cells.count - width)
            }
        }
    }
}

extension Table {
    /// The table in a file: an `.xlsx` workbook (by name or by its ZIP
    /// signature under another name) or delimited text in any common encoding.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - sheet: the workbook sheet to read (default: the first); refused for text.
    ///   - maxBytes: the largest file read.
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file when it is missing, too large, not text, or not a workbook.
    public static func read(path: String, sheet: String? = nil, maxBytes: Int) throws -> Table {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int else {
            throw MatchingError(.invalidFile, "\(path): cannot be read")
        }
        guard size <= maxBytes else { throw MatchingError(.invalidFile, "\(path): \(size) bytes is larger than the \(maxBytes >> 20) MB limit") }
        // A workbook is read from its file by ZIPFoundation: never loaded here first.
        if path.lowercased().hasSuffix(".xlsx") { return try Workbook.table(path: path, sheet: sheet) }
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else { throw MatchingError(.invalidFile, "\(path): cannot be read") }
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try Workbook.table(path: path, sheet: sheet) }   // a workbook under another name
        if sheet != nil { throw MatchingError(.invalidFile, "\(path): --sheet goes with an .xlsx workbook, not a text file") }
        return try DelimitedText.table(data, name: path)
    }
}

/// A table's known columns found by name: each header cell matched to a
/// column or one of its aliases, compared loosely
/// (``/MatchingCore/FieldNames/normalized(_:)``), with one line per header
/// problem — an unknown column (with a did-you-mean), a column given twice,
/// a required column missing — naming the place and the header line.
public struct NamedColumns: Sendable {
    /// Each found column's position in the rows.
    public let index: [String: Int]
    /// The header's problems, one line each; empty when every cell is known.
    public let problems: [String]

    /// Matches `table`'s header against `columns`.
    ///
    /// - Parameters:
    ///   - table: the table whose header row is read.
    ///   - place: the file as messages name it (``Table/place(_:)``).
    ///   - columns: the known columns, each with its other spellings.
    ///   - required: the columns that must be present.
    ///   - what: what an unknown cell is not, e.g. `an outcomes column`.
    /// - Complexity: O(header + aliases).
    public init(_ table: Table, place: String, columns: [(name: String, aliases: [String])], required: [String], what: String) {
        var byName = [String: String]()
        for c in columns { for n in [c.name] + c.aliases { byName[FieldNames.normalized(n)] = c.name } }
        let at = "\(place): \(table.lineWord) \(table.headerLine)"
        let names = columns.map(\.name)
        var index = [String: Int](), problems = [String]()
        for (k, header) in table.header.enumerated() {
            guard let column = byName[FieldNames.normalized(header)] else {
                let hint = FieldNames.closest(to: header, among: names, maxDistance: FieldNames.suggestionDistance(header)).map { "; did you mean '\($0)'?" } ?? ""
                problems.append("\(at): column \(table.columnLabel(k)) '\(header)' is not \(what) (\(names.joined(separator: ", ")))\(hint)")
                continue
            }
            if let earlier = index[column] {
                problems.append("\(at): columns \(table.columnLabel(earlier)) and \(table.columnLabel(k)) are both \(column): keep one")
                continue
            }
            index[column] = k
        }
        for r in required where index[r] == nil {
            problems.append("\(at): no \(r) column (the header has \(table.header.joined(separator: ", ")))")
        }
        self.index = index
        self.problems = problems
    }

    /// The trimmed cell of `column` in `row`; "" when the column is absent
    /// or the row stops short of it (spreadsheets drop empty trailing cells).
    public func cell(_ row: Table.Row, _ column: String) -> String {
        index[column].map { $0 < row.cells.count ? row.cells[$0].trimmed() : "" } ?? ""
    }
}
