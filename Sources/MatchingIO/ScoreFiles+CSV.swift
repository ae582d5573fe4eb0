import Compatibility
import Foundation
import MatchingCore

extension ScoreFiles {
    /// Parses a score CSV as spreadsheets, NumPy, pandas and R write it;
    /// `name` is used in error messages.
    ///
    /// One line per mentor, one cell per mentee, and:
    /// - **Encoding**: UTF-8, with or without a byte-order mark; UTF-16 (LE or BE)
    ///   with a byte-order mark (Excel's "Unicode text"). Other text without a
    ///   mark is refused when it holds NUL bytes.
    /// - **Lines** end with LF, CRLF or CR. Blank lines at the end are ignored; a
    ///   blank line inside the matrix is an error.
    /// - **Delimiter**: `;` when the first line has one outside quotes (and the
    ///   second line as many, or one more); otherwise tab when the first line has a
    ///   tab outside quotes that is not next to a comma (a comma file padded with
    ///   tabs stays a comma file); otherwise `,`.
    /// - **Decimal commas** (`0,5`) in `;`- and tab-separated files: a cell with one
    ///   comma and no point is read with the comma as the decimal point. A comma
    ///   file never has decimal commas (`"0,5"` there is an error).
    /// - **Quotes** (`"5"`, `"Smith, J"`, `""` for a quote inside) and spaces around
    ///   a cell are allowed; a quoted cell may span lines.
    /// - **Header row and id column** (`pandas.DataFrame.to_csv`, R's `write.csv`):
    ///   an *empty first cell* means line 1 is a header of mentee ids and the first
    ///   column holds mentor ids, as pandas writes with an unnamed index. Otherwise
    ///   line 1 is a header when every cell after its first is not a number (a line 1
    ///   that mixes numbers and other text is an error: it is neither), and the first
    ///   column holds ids when the first cell of the first data line is not a number
    ///   (then it is an id on every line, even one that looks like a number, but a
    ///   file where only that one cell is not a number is an error). A header may
    ///   lack the id column's label (R's `write.table`). Ids are trimmed of
    ///   surrounding spaces unless quoted; empty and duplicate ids are errors naming
    ///   both lines (or columns). A header whose mentee ids all look like numbers is
    ///   read as a header only with the empty first cell: `to_csv(index=False)` of
    ///   integer column labels cannot be told from a line of scores, so write such
    ///   files with `header=False`.
    /// - **Cells**: numbers (`1`, `-0.5`, `2.5e-3`); `-inf`, `-Inf`, `-infinity`,
    ///   `-∞`, `−∞` (any case) for a forbidden pair; `+inf` is an error; NaN (an empty
    ///   cell and pandas' NaN strings `nan`, `NaN`, `NA`, `#N/A`, `NULL`, …) is an
    ///   error unless `nanForbidden`. Numbers that overflow a Double (`1e999`) are
    ///   errors, never infinities.
    ///
    /// - Returns: the table; a forbidden cell holds the score `0`.
    /// - Throws: ``MatchingError`` with code ``MatchingError/Code/invalidFile`` as
    ///   `name:line: column c: …` (1-based line and column of the file, the id
    ///   column included) or `name: …` for the whole file.
    /// - Complexity: O(bytes); plain ASCII numbers are parsed in place without
    ///   allocating (millions of cells per second).
    public static func parseCSV(_ data: Data, name: String, nanForbidden: Bool = false) throws -> ScoreTable {
        let bytes = try _decodeText(data, name: name)
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = _ScoreCSVParser(bytes: buffer, name: name, nanForbidden: nanForbidden)
            return try parser.parse()
        }
    }

    /// The file as UTF-8 bytes without a byte-order mark, followed by one NUL
    /// byte (so `strtod` always stops inside the buffer).
    static func _decodeText(_ data: Data, name: String) throws -> [UInt8] {
        var bytes: [UInt8]
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = [UInt8](data.dropFirst(3))
        } else if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            let little = data.first == 0xFF
            let body = data.dropFirst(2)
            guard body.count % 2 == 0, let text = String(data: Data(body), encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw MatchingError(.invalidFile, "\(name): starts with a UTF-16 \(little ? "LE" : "BE") byte-order mark but is not valid UTF-16 text")
            }
            bytes = Array(text.utf8)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }   // a decoder that kept the mark
        } else {
            bytes = [UInt8](data)
            if let k = bytes.firstIndex(of: 0) {
                throw MatchingError(.invalidFile, "\(name): byte \(k) is a NUL byte: not UTF-8 text (UTF-16 needs a byte-order mark); save the file as CSV UTF-8")
            }
        }
        bytes.append(0)
        return bytes
    }
}

/// One field of a CSV record: a byte range of the buffer (without quotes and
/// surrounding spaces), and where it starts.
struct _CSVField {
    var start: Int
    var end: Int
    var quoted: Bool
    /// The field holds `""` pairs that stand for one quote each.
    var escapedQuotes: Bool
}

/// What a CSV cell holds.
enum _CSVCell {
    case number(Double)
    case negativeInfinity
    case positiveInfinity
    case nan
    case tooLarge
    case text

    var isNumberLike: Bool { if case .text = self { false } else { true } }
}

/// The score CSV tokenizer and reader: one pass over the bytes, a reused
/// field buffer per record, numbers parsed in place by `strtod`.
struct _ScoreCSVParser {
    let bytes: UnsafeBufferPointer<UInt8>
    /// Bytes of text (the buffer ends with one NUL byte after them).
    let count: Int
    let name: String
    let nanForbidden: Bool
    var delimiter = UInt8(ascii: ",")
    var decimalComma = false
    /// `strtod` reads `.` as the decimal point only in a C-like locale.
    let strtodIsSafe: Bool
    var position = 0
    /// The 1-based line the next byte is on.
    var line = 1

    static let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    static let tab = UInt8(ascii: "\t"), space = UInt8(ascii: " ")

    init(bytes: UnsafeBufferPointer<UInt8>, name: String, nanForbidden: Bool) {
        self.bytes = bytes
        self.count = bytes.count - 1
        self.name = name
        self.nanForbidden = nanForbidden
        self.strtodIsSafe = localeconv().pointee.decimal_point.map { Int($0.pointee) == 46 && Int($0[1]) == 0 } ?? false
    }

    func fail(_ line: Int, _ column: Int?, _ message: String) -> MatchingError {
        MatchingError(.invalidFile, "\(name):\(line): \(column.map { "column \($0): " } ?? "")\(message)")
    }

    @inline(__always) func isPad(_ b: UInt8) -> Bool {
        b == Self.space || (b == Self.tab && delimiter != Self.tab)
    }

    // MARK: Delimiter

    /// Counts `,`, `;` and tabs outside quotes on the line starting at `start`,
    /// and whether a comma sits next to a tab (spaces apart); returns where the next line starts.
    func delimiterCounts(from start: Int) -> (comma: Int, semicolon: Int, tab: Int, commaNextToTab: Bool, next: Int) {
        var comma = 0, semicolon = 0, tab = 0, nextToTab = false
        var inQuotes = false
        var lastNonSpace: UInt8 = 0
        var p = start
        while p < count {
            let b = bytes[p]
            p += 1
            if b == Self.quote { inQuotes.toggle(); continue }
            if inQuotes { continue }
            if b == Self.lf || b == Self.cr {
                if b == Self.cr && p < count && bytes[p] == Self.lf { p += 1 }
                break
            }
            switch b {
            case UInt8(ascii: ","): comma += 1; if lastNonSpace == Self.tab { nextToTab = true }
            case UInt8(ascii: ";"): semicolon += 1
            case Self.tab: tab += 1; if lastNonSpace == UInt8(ascii: ",") { nextToTab = true }
            default: break
            }
            if b != Self.space { lastNonSpace = b }
        }
        return (comma, semicolon, tab, nextToTab, p)
    }

    /// Chooses the delimiter from the first two non-blank lines.
    mutating func detectDelimiter() {
        var p = 0
        var lines = [(comma: Int, semicolon: Int, tab: Int, commaNextToTab: Bool, next: Int)]()
        while p < count && lines.count < 2 {
            let c = delimiterCounts(from: p)
            let blank = (p..<c.next).allSatisfy { [Self.space, Self.tab, Self.lf, Self.cr].contains(bytes[$0]) }
            if !blank { lines.append(c) }
            p = c.next
        }
        guard let first = lines.first else { return }
        let second = lines.count > 1 ? lines[1] : nil
        func agrees(_ a: Int, _ b: Int?) -> Bool { b.map { $0 == a || $0 == a + 1 } ?? true }
        if first.semicolon > 0 && agrees(first.semicolon, second?.semicolon) {
            delimiter = UInt8(ascii: ";")
        } else if first.tab > 0 && !first.commaNextToTab && agrees(first.tab, second?.tab) {
            delimiter = Self.tab
        }
        decimalComma = delimiter != UInt8(ascii: ",")
    }

    // MARK: Records

    /// Reads the next record into `fields`; returns the line it starts on, or
    /// `nil` at the end of the text.
    mutating func nextRecord(into fields: inout [_CSVField]) throws -> Int? {
        guard position < count else { return nil }
        fields.removeAll(keepingCapacity: true)
        let recordLine = line
        var p = position
        while true {
            while p < count && isPad(bytes[p]) { p += 1 }
            if p < count && bytes[p] == Self.quote {
                let openLine = line
                p += 1
                let start = p
                var escaped = false
                while true {
                    guard p < count else {
                        throw fail(openLine, fields.count + 1, "the quote opened here is never closed")
                    }
                    let b = bytes[p]
                    if b == Self.quote {
                        if p + 1 < count && bytes[p + 1] == Self.quote { escaped = true; p += 2; continue }
                        break
                    }
                    if b == Self.lf || (b == Self.cr && !(p + 1 < count && bytes[p + 1] == Self.lf)) { line += 1 }
                    p += 1
                }
                fields.append(_CSVField(start: start, end: p, quoted: true, escapedQuotes: escaped))
                p += 1
                while p < count && isPad(bytes[p]) { p += 1 }
                if p < count && bytes[p] != delimiter && bytes[p] != Self.lf && bytes[p] != Self.cr {
                    throw fail(line, fields.count, "text after the closing quote")
                }
            } else {
                let start = p
                while p < count, bytes[p] != delimiter, bytes[p] != Self.lf, bytes[p] != Self.cr { p += 1 }
                var end = p
                while end > start && isPad(bytes[end - 1]) { end -= 1 }
                fields.append(_CSVField(start: start, end: end, quoted: false, escapedQuotes: false))
            }
            if p < count && bytes[p] == delimiter { p += 1; continue }
            break
        }
        if p < count {
            p += bytes[p] == Self.cr && p + 1 < count && bytes[p + 1] == Self.lf ? 2 : 1
            line += 1
        }
        position = p
        return recordLine
    }

    // MARK: Cells

    /// The field's text, quotes undone; `nil` when it is not valid UTF-8.
    func text(_ f: _CSVField) -> String? {
        let raw = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
        guard var s = String(validating: raw, as: UTF8.self) else { return nil }
        if f.escapedQuotes { s = s.replacingOccurrences(of: "\"\"", with: "\"") }
        return s
    }

    /// The field's text for messages (at most 40 characters, invalid UTF-8 shown as �).
    func shown(_ f: _CSVField) -> String {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[f.start..<f.end]), as: UTF8.self)
        return s.count > 40 ? String(s.prefix(40)) + "…" : s
    }

    @inline(__always) static func isNumberByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || b == 46 || b == 43 || b == 45 || b == 101 || b == 69   // 0-9 . + - e E
    }

    /// The fast path: a field of plain ASCII number bytes (with at most one
    /// decimal comma where those are allowed) parsed by `strtod` without
    /// allocating; `nil` when the field needs the general path.
    @inline(__always) func fastNumber(_ f: _CSVField) -> _CSVCell? {
        let length = f.end - f.start
        guard strtodIsSafe, !f.escapedQuotes, length > 0, length < 64, let base = bytes.baseAddress else { return nil }
        var comma = -1, point = false
        for k in f.start..<f.end {
            let b = bytes[k]
            if Self.isNumberByte(b) { if b == 46 { point = true }; continue }
            guard decimalComma, b == UInt8(ascii: ","), comma < 0 else { return nil }
            comma = k
        }
        if comma < 0 {
            // In place: the byte after the field is a delimiter, space, quote, line
            // end or the final NUL, none of which continues a number.
            let start = UnsafeRawPointer(base + f.start).assumingMemoryBound(to: CChar.self)
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(start, &end)
            guard let end, start.distance(to: UnsafePointer<CChar>(end)) == length else { return .text }
            return v.isFinite ? .number(v) : .tooLarge
        }
        guard !point else { return .text }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> _CSVCell in
            for k in 0..<length {
                let b = bytes[f.start + k]
                buffer[k] = CChar(bitPattern: b == UInt8(ascii: ",") ? UInt8(ascii: ".") : b)
            }
            buffer[length] = 0
            guard let start = buffer.baseAddress else { return .text }
            var end: UnsafeMutablePointer<CChar>?
            let v = strtod(start, &end)
            guard let end, UnsafePointer(start).distance(to: UnsafePointer<CChar>(end)) == length else { return .text }
            return v.isFinite ? .number(v) : .tooLarge
        }
    }

    /// What the field holds.
    func cell(_ f: _CSVField) -> _CSVCell {
        if let fast = fastNumber(f) { return fast }
        guard var s = text(f)?.trimmingCharacters(in: .whitespaces) else { return .text }
        if s.isEmpty || ScoreFiles.nanWords.contains(s) { return .nan }
        var sign = 1.0
        if let c = s.first, c == "-" || c == "−" || c == "+" {
            if c != "+" { sign = -1 }
            let magnitude = s.dropFirst().lowercased()
            if magnitude == "inf" || magnitude == "infinity" || magnitude == "∞" {
                return sign < 0 ? .negativeInfinity : .positiveInfinity
            }
        }
        let lower = s.lowercased()
        if lower == "inf" || lower == "infinity" || s == "∞" { return .positiveInfinity }
        if decimalComma, s.utf8.count(where: { $0 == UInt8(ascii: ",") }) == 1, !s.contains(".") {
            s = s.replacingOccurrences(of: ",", with: ".")
        }
        guard !s.isEmpty, s.utf8.allSatisfy(Self.isNumberByte), let v = Double(s) else { return .text }
        return v.isFinite ? .number(v) : .tooLarge
    }

    /// The score of a cell, or `nil` for a forbidden pair.
    func score(_ f: _CSVField, line: Int, column: Int) throws -> Double? {
        switch cell(f) {
        case .number(let v): return v
        case .negativeInfinity: return nil
        case .positiveInfinity:
            throw fail(line, column, "\(shown(f)) is not a score; only -inf has a meaning (a forbidden pair)")
        case .nan:
            if nanForbidden { return nil }
            let what = f.start == f.end ? "an empty cell" : shown(f)
            throw fail(line, column, "\(what) is not a score (NaN); read NaN as a forbidden pair with --nan-forbidden (nanForbidden: true), or write -inf for a forbidden pair")
        case .tooLarge:
            throw fail(line, column, "\(shown(f)) is beyond the range of a Double")
        case .text:
            throw fail(line, column, "'\(shown(f))' is not a number")
        }
    }

    /// An id cell's text: trimmed unless quoted; errors for empty or non-UTF-8 ids.
    func id(_ f: _CSVField, line: Int, column: Int, side: String) throws -> PersonID {
        guard let raw = text(f) else { throw fail(line, column, "the \(side) id is not valid UTF-8 text") }
        let s = f.quoted ? raw : raw.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty else { throw fail(line, column, "empty \(side) id") }
        return PersonID(s)
    }

    // MARK: The table

    /// The mentee ids of the header row, for data rows of `width` cells.
    func headerIDs(_ header: (line: Int, fields: [_CSVField]), width: Int, idColumn: Bool, forced: Bool, dataLine: Int) throws -> [PersonID] {
        let labels: ArraySlice<_CSVField>
        if header.fields.count == width {
            labels = header.fields[(idColumn ? 1 : 0)...]
        } else if idColumn && !forced && header.fields.count == width - 1 {
            labels = header.fields[...]   // R's write.table: no label over the id column
        } else {
            throw fail(header.line, nil, "the header has \(header.fields.count) cells, but line \(dataLine) has \(width)")
        }
        var ids = [PersonID](), columnOf = [PersonID: Int]()
        for (k, f) in zip(labels.indices, labels) {
            let column = k + 1
            let id = try id(f, line: header.line, column: column, side: "mentee")
            if let other = columnOf[id] {
                throw fail(header.line, column, "mentee id '\(id)' appears twice: in column \(other) and column \(column)")
            }
            columnOf[id] = column
            ids.append(id)
        }
        return ids
    }

    mutating func parse() throws -> ScoreTable {
        detectDelimiter()
        var fields = [_CSVField]()
        fields.reserveCapacity(64)
        var values = ContiguousArray<Double>()
        var forbidden = Set<Pair>()

        // Skip to the first non-blank record: blank lines before it are errors like any inside.
        func isBlank(_ fields: [_CSVField]) -> Bool {
            fields.count == 1 && !fields[0].quoted && fields[0].start == fields[0].end
        }
        guard let firstLine = try nextRecord(into: &fields) else {
            throw MatchingError(.invalidFile, "\(name): the file holds no scores")
        }
        if isBlank(fields) {
            while let l = try nextRecord(into: &fields) {
                if !isBlank(fields) { throw fail(firstLine, nil, "blank line before the matrix (line \(l) is its first line)") }
            }
            throw MatchingError(.invalidFile, "\(name): the file holds no scores")
        }

        // Line 1: a header or the first row of scores?
        var header: (line: Int, fields: [_CSVField])?
        var idColumn = false, idColumnForced = false
        let topLeftEmpty = fields[0].start == fields[0].end
        if topLeftEmpty && fields.count >= 2 {
            header = (firstLine, fields)
            idColumn = true
            idColumnForced = true
        } else if fields.count >= 2 {
            let kinds = fields.dropFirst().map { cell($0).isNumberLike }
            if kinds.allSatisfy({ !$0 }) {
                header = (firstLine, fields)
            } else if let k = kinds.firstIndex(of: false) {
                let column = k + 2
                throw fail(firstLine, column, "'\(shown(fields[column - 1]))' is not a number; line 1 mixes numbers and other text, so it is neither a row of scores nor a header of mentee ids (a header needs every id after the first cell to be text, or an empty first cell as pandas writes)")
            }
        }

        // The data rows; the first one fixes the width and whether column 1 holds ids.
        var rowFields = fields
        var current: Int? = header == nil ? firstLine : try nextRecord(into: &rowFields)
        var width = 0, offset = 0, firstRowLine = 0
        var menteeIDs: [PersonID]?
        var mentorIDs = [PersonID](), lineOfMentor = [PersonID: Int]()
        var numberLikeIDs = 0
        var rows = 0
        var pendingBlank = 0
        while let lineNumber = current {
            if isBlank(rowFields) {
                if pendingBlank == 0 { pendingBlank = lineNumber }
                current = try nextRecord(into: &rowFields)
                continue
            }
            if pendingBlank > 0 { throw fail(pendingBlank, nil, "blank line inside the matrix") }
            if rows == 0 {
                firstRowLine = lineNumber
                if !idColumnForced { idColumn = rowFields.count >= 2 && !cell(rowFields[0]).isNumberLike }
                width = rowFields.count
                offset = idColumn ? 1 : 0
                if let header { menteeIDs = try headerIDs(header, width: width, idColumn: idColumn, forced: idColumnForced, dataLine: lineNumber) }
            }
            guard rowFields.count == width else {
                throw fail(lineNumber, nil, "\(rowFields.count) cells, but line \(firstRowLine) has \(width)")
            }
            if idColumn {
                let id = try id(rowFields[0], line: lineNumber, column: 1, side: "mentor")
                if let other = lineOfMentor[id] {
                    throw fail(lineNumber, 1, "mentor id '\(id)' appears twice: on line \(other) and line \(lineNumber)")
                }
                if rows > 0 && cell(rowFields[0]).isNumberLike { numberLikeIDs += 1 }
                lineOfMentor[id] = lineNumber
                mentorIDs.append(id)
            }
            for k in offset..<width {
                if let v = try score(rowFields[k], line: lineNumber, column: k + 1) {
                    values.append(v)
                } else {
                    values.append(0)
                    forbidden.insert(Pair(mentor: rows, mentee: k - offset))
                }
            }
            rows += 1
            current = try nextRecord(into: &rowFields)
        }
        guard rows > 0 else {
            throw MatchingError(.invalidFile, "\(name): the file holds a header (line \(firstLine)) but no scores")
        }
        let columns = width - offset
        if idColumn && !idColumnForced && rows > 1 && numberLikeIDs == rows - 1 {
            throw fail(firstRowLine, 1, "'\(mentorIDs[0])' is not a number (every other line starts with a number, so the first column is not one of mentor ids)")
        }
        let matrix: ScoreMatrix
        do { matrix = try ScoreMatrix(mentors: rows, mentees: columns, values: values) } catch let e as MatchingError {
            throw MatchingError(.invalidFile, "\(name): \(e.message)")
        }
        return ScoreTable(scores: matrix, forbidden: forbidden,
                          ids: ScoreIDs(mentors: idColumn ? mentorIDs : nil, mentees: menteeIDs))
    }
}
