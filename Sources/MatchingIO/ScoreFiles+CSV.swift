import Compatibility
import Foundation
import MatchingCore

extension ScoreFiles {
    /// Parses a score CSV as spreadsheets, NumPy, pandas and R write it;
    /// `name` is used in messages and in the notes.
    ///
    /// One line per mentor, one cell per mentee, and:
    /// - **Encoding** as ``TextEncoding`` decides for participant files too: UTF-8
    ///   with or without a byte-order mark, UTF-16 LE or BE with or without one
    ///   (Excel's "Unicode text", pandas' `encoding="utf-16"`), Windows-1252 when the
    ///   bytes are not UTF-8. Other text holding NUL bytes is refused.
    /// - **Lines** end with LF, CRLF or CR. Blank lines at the end are ignored; a
    ///   blank line inside the matrix is an error.
    /// - **Delimiter**: `DelimitedText.detectDelimiter(utf8:)`, the participant
    ///   reader's rule (a semicolon or tab as often on every one of the first lines,
    ///   else the most frequent on line 1).
    /// - **Numbers**: ``CellText/reading(_:decimalComma:)`` (the fast path for plain
    ///   numbers takes the same decisions). Decimal commas (`0,5`) in `;`-separated
    ///   files; in tab-separated files too, except that a comma followed by exactly
    ///   three digits (`1,500`: 1.5 or 1500?) is an error naming the cell unless
    ///   another number of the file has a decimal comma (`0,5`). A comma file never
    ///   has decimal commas (`"0,5"` there is an error).
    /// - **Quotes** (`"5"`, `"Smith, J"`, `""` for a quote inside) and spaces around
    ///   a cell are allowed; a quoted cell may span lines.
    /// - **A trailing delimiter on every line** (Excel) makes a last column empty on
    ///   every line: it is left out, with a note.
    /// - **Header row and id column**: `layout` says yes or no for each, or `auto`
    ///   (the default) for the rules documented on ``ScoreCSVLayout``: text decides,
    ///   and whole numbers are ids only where pandas' ways of writing them say so.
    ///   Ids are trimmed of surrounding spaces unless quoted; empty and duplicate ids
    ///   are errors naming both lines (or columns).
    /// - **Cells**: numbers (`1`, `-0.5`, `2.5e-3`); `-inf`, `-Inf`, `-infinity`,
    ///   `-∞`, `−∞` (any case) for a forbidden pair; `+inf` is an error; NaN (an empty
    ///   cell and pandas' NaN strings `nan`, `NaN`, `NA`, `#N/A`, `NULL`, …) is an
    ///   error unless `nanForbidden`. Numbers that overflow a Double (`1e999`) are
    ///   errors, never infinities.
    ///
    /// - Returns: the table; a forbidden cell holds the score `0`; ``ScoreTable/notes``
    ///   says how the file was read (`read s.csv as UTF-8, comma-separated, with a
    ///   header row of mentee ids and a first column of mentor ids: 3 mentors × 4
    ///   mentees`), and why where the layout was not plain to see.
    /// - Throws: ``/MatchingCore/MatchingError`` with code ``/MatchingCore/MatchingError/Code/invalidFile`` as
    ///   `name:line: column c: …` (1-based line and column of the file, the id
    ///   column included) or `name: …` for the whole file.
    /// - Complexity: O(bytes); plain ASCII numbers are parsed in place without
    ///   allocating (millions of cells per second).
    public static func parseCSV(_ data: Data, name: String, nanForbidden: Bool = false,
                                layout: ScoreCSVLayout = ScoreCSVLayout()) throws -> ScoreTable {
        try parseCSV(data, name: name, nanForbidden: nanForbidden, layout: layout, pool: false)
    }

    /// ``parseCSV(_:name:nanForbidden:layout:)``; with `pool`, the cells that
    /// pair a person with themselves are not read (any number, NaN, an empty
    /// cell or ±inf; text is still an error): the cells whose row id equals
    /// their column id when the file has both, else the diagonal.
    static func parseCSV(_ data: Data, name: String, nanForbidden: Bool, layout: ScoreCSVLayout, pool: Bool) throws -> ScoreTable {
        var (bytes, encoding) = try TextEncoding.utf8(data, name: name)
        let delimiter = DelimitedText.detectDelimiter(utf8: bytes)
        bytes.append(0)   // so `strtod` always stops inside the buffer
        return try bytes.withUnsafeBufferPointer { buffer in
            var parser = _ScoreCSVParser(bytes: buffer, name: name, nanForbidden: nanForbidden, delimiter: delimiter,
                                         encoding: encoding, layout: layout, pool: pool)
            return try parser.parse()
        }
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
    /// A number written with a decimal comma (`0,5`).
    case commaNumber(Double)
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
    let delimiter: UInt8
    let delimiterName: String
    let encoding: String
    let layout: ScoreCSVLayout
    /// A pool's matrix: the cells pairing a person with themselves are not read.
    let pool: Bool
    /// Whether a comma may be a decimal comma (semicolon- and tab-separated text).
    let decimalComma: Bool
    /// `strtod` reads `.` as the decimal point only in a C-like locale.
    let strtodIsSafe: Bool
    var position = 0
    /// The 1-based line the next byte is on.
    var line = 1
    /// A score written with a decimal comma that is not thousands-like (`0,5`).
    var sawDecimalComma = false
    /// The first thousands-like score (`1,500`) of a tab-separated file.
    var firstAmbiguous: (line: Int, column: Int, text: String)?

    static let quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
    static let tab = UInt8(ascii: "\t"), space = UInt8(ascii: " ")

    init(bytes: UnsafeBufferPointer<UInt8>, name: String, nanForbidden: Bool,
         delimiter: (scalar: Unicode.Scalar, name: String), encoding: String, layout: ScoreCSVLayout, pool: Bool = false) {
        self.bytes = bytes
        self.count = bytes.count - 1
        self.name = name
        self.nanForbidden = nanForbidden
        self.delimiter = UInt8(delimiter.scalar.value)
        self.delimiterName = delimiter.name
        self.encoding = encoding
        self.layout = layout
        self.pool = pool
        self.decimalComma = delimiter.scalar != ","
        self.strtodIsSafe = localeconv().pointee.decimal_point.map { Int($0.pointee) == 46 && Int($0[1]) == 0 } ?? false
    }

    func fail(_ line: Int, _ column: Int?, _ message: String) -> MatchingError {
        MatchingError(.invalidFile, "\(name):\(line): \(column.map { "column \($0): " } ?? "")\(message)")
    }

    @inline(__always) func isPad(_ b: UInt8) -> Bool {
        b == Self.space || (b == Self.tab && delimiter != Self.tab)
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

    /// The fast path of ``CellText/reading(_:decimalComma:)``: a field of plain
    /// ASCII number bytes (with at most one decimal comma and no point where
    /// those are allowed) parsed by `strtod` without allocating; `nil` when the
    /// field needs the general path.
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
            return v.isFinite ? .commaNumber(v) : .tooLarge
        }
    }

    /// What the field holds: the score words (`-inf`, NaN strings), then
    /// ``CellText/reading(_:decimalComma:)``.
    func cell(_ f: _CSVField) -> _CSVCell {
        if let fast = fastNumber(f) { return fast }
        guard let s = text(f)?.trimmed() else { return .text }
        if s.isEmpty || ScoreFiles.nanWords.contains(s) { return .nan }
        if let c = s.first, c == "-" || c == "−" || c == "+" {
            let magnitude = s.dropFirst().lowercased()
            if magnitude == "inf" || magnitude == "infinity" || magnitude == "∞" {
                return c == "+" ? .positiveInfinity : .negativeInfinity
            }
        }
        let lower = s.lowercased()
        if lower == "inf" || lower == "infinity" || s == "∞" { return .positiveInfinity }
        switch CellText.reading(s, decimalComma: decimalComma) {
        case .number(let v): return decimalComma && s.containsByte(",") ? .commaNumber(v) : .number(v)
        case .outOfRange: return .tooLarge
        case .notANumber: return .text
        }
    }

    /// The score of a cell, or `nil` for a forbidden pair; notes decimal
    /// commas, and the first ambiguous one (`1,500`) of a tab-separated file.
    mutating func score(_ f: _CSVField, line: Int, column: Int) throws -> Double? {
        switch cell(f) {
        case .number(let v): return v
        case .commaNumber(let v):
            let raw = UnsafeBufferPointer(rebasing: bytes[f.start..<f.end])
            if CellText.isDecimalCommaEvidence(raw) {
                sawDecimalComma = true
            } else if delimiter == Self.tab && firstAmbiguous == nil {
                firstAmbiguous = (line, column, shown(f))
            }
            return v
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

    /// Whether a number cell is written as a decimal (`1.0`, `2e3`, `0,5`), as
    /// pandas and NumPy write floats, rather than as a whole number (`1`).
    func writtenAsDecimal(_ f: _CSVField) -> Bool {
        for k in f.start..<f.end {
            let b = bytes[k]
            if b == 46 || b == 101 || b == 69 || b == UInt8(ascii: ",") { return true }
        }
        return false
    }

    /// An id cell's text: trimmed unless quoted; errors for empty or non-UTF-8 ids.
    func id(_ f: _CSVField, line: Int, column: Int, side: String) throws -> PersonID {
        guard let raw = text(f) else { throw fail(line, column, "the \(side) id is not valid UTF-8 text") }
        let s = f.quoted ? raw : raw.trimmed()
        guard !s.isEmpty else { throw fail(line, column, "empty \(side) id") }
        return PersonID(s)
    }

    /// What a cell tells about the layout.
    func layoutCell(_ f: _CSVField) -> _LayoutCell {
        var kind: _LayoutCell.Kind
        if f.start == f.end {
            kind = .empty
        } else if let n = wholeNumber(f) {
            kind = .integer(n)
        } else {
            switch cell(f) {
            case .number, .commaNumber: kind = .number
            case .text: kind = .text
            default: kind = .scoreWord
            }
        }
        return _LayoutCell(kind: kind, text: text(f) ?? shown(f), quoted: f.quoted)
    }

    /// The value of a cell written as a whole number (`7`, `-12`), else `nil`.
    func wholeNumber(_ f: _CSVField) -> Int? {
        var k = f.start
        if k < f.end && (bytes[k] == 45 || bytes[k] == 43) { k += 1 }
        guard k < f.end, f.end - k <= 18 else { return nil }
        var n = 0
        for p in k..<f.end {
            let b = bytes[p]
            guard b >= 48 && b <= 57 else { return nil }
            n = n * 10 + Int(b - 48)
        }
        return bytes[f.start] == 45 ? -n : n
    }

    // MARK: The table

    mutating func parse() throws -> ScoreTable {
        var fields = [_CSVField]()
        fields.reserveCapacity(64)

        // Line 1 (the first non-blank record): blank lines before it are errors like any inside.
        func isBlank(_ fields: [_CSVField]) -> Bool {
            fields.count == 1 && !fields[0].quoted && fields[0].start == fields[0].end
        }
        guard let topLine = try nextRecord(into: &fields) else {
            throw MatchingError(.invalidFile, "\(name): the file holds no scores")
        }
        if isBlank(fields) {
            while let l = try nextRecord(into: &fields) {
                if !isBlank(fields) { throw fail(topLine, nil, "blank line before the matrix (line \(l) is its first line)") }
            }
            throw MatchingError(.invalidFile, "\(name): the file holds no scores")
        }
        var top = fields

        // The other lines. Their cells after the first are scores whatever the
        // layout, read as they come; the first cell of each and the empty last
        // cells wait for the layout (ids or scores, a trailing column or NaN).
        var data = ContiguousArray<Double>()
        var dataForbidden = [Int]()          // indices into `data`
        // A pool's cells that are not scores (NaN, +inf, too large), kept until the ids
        // say whether they pair a person with themselves (not read) or two people (an error).
        var deferred = [(index: Int, error: MatchingError)]()
        var firstColumn = [_CSVField](), rowLines = [Int]()
        var emptyLast = [Int]()              // rows whose last cell is empty
        var width = 0, firstRowLine = 0, rows = 0, pendingBlank = 0
        var decimalData = true, sawNumber = false
        while let lineNumber = try nextRecord(into: &fields) {
            if isBlank(fields) {
                if pendingBlank == 0 { pendingBlank = lineNumber }
                continue
            }
            if pendingBlank > 0 { throw fail(pendingBlank, nil, "blank line inside the matrix") }
            if rows == 0 {
                width = fields.count
                firstRowLine = lineNumber
                data.reserveCapacity(max(0, width - 1) * 64)
            }
            guard fields.count == width else {
                throw fail(lineNumber, nil, "\(fields.count) cells, but line \(firstRowLine) has \(width)")
            }
            firstColumn.append(fields[0])
            rowLines.append(lineNumber)
            if width >= 2 {
                for k in 1..<width {
                    let f = fields[k]
                    if k == width - 1 && f.start == f.end {
                        emptyLast.append(rows)
                        data.append(0)
                        continue
                    }
                    let value: Double?
                    do { value = try score(f, line: lineNumber, column: k + 1) } catch let e as MatchingError where pool && cell(f).isNumberLike {
                        deferred.append((data.count, e))
                        data.append(0)
                        continue
                    }
                    if let v = value {
                        data.append(v)
                        if decimalData { sawNumber = true; decimalData = writtenAsDecimal(f) }
                    } else {
                        dataForbidden.append(data.count)
                        data.append(0)
                    }
                }
            }
            rows += 1
        }
        let stride = max(0, width - 1)
        if rows == 0 { width = top.count }   // a file of one line
        var notes = [String]()

        // A trailing delimiter on every line: the last column is empty throughout.
        if rows > 0 && width >= 2 && emptyLast.count == rows
            && (top.count == width - 1 || (top.count == width && top[width - 1].start == top[width - 1].end)) {
            width -= 1
            if top.count > width { top.removeLast() }
            emptyLast = []
            notes.append("a trailing empty column left out (every line ends with a delimiter)")
        }

        // The layout: header row? id column?
        let decision = try _ScoreLayoutRules(
            top: top.map(layoutCell), column: firstColumn.map(layoutCell), width: width,
            decimalData: decimalData && sawNumber, layout: layout, topLine: topLine, firstRowLine: firstRowLine, name: name
        ).decide(dataRowCounts: { offset, n in
                // Whether some line after line 1 holds the scores 0, 1, …, n-1 from column `offset` + 1.
                (0..<rows).contains { r in
                    (0..<n).allSatisfy { j in
                        let k = offset + j
                        if k == 0 { return self.wholeNumber(firstColumn[r]) == 0 }
                        return data[r * stride + k - 1] == Double(j)
                    }
                }
            })
        let header = decision.header, index = decision.index
        notes.insert(contentsOf: decision.notes, at: 0)

        // Ids.
        var menteeIDs: [PersonID]?
        if header {
            let labels = top.count == width - 1 ? top[...] : top[(index ? 1 : 0)...]
            var ids = [PersonID](), columnOf = [PersonID: Int]()
            for (k, f) in zip(labels.indices, labels) {
                let column = k + 1
                let id = try id(f, line: topLine, column: column, side: "mentee")
                if let other = columnOf[id] {
                    throw fail(topLine, column, "mentee id '\(id)' appears twice: in column \(other) and column \(column)")
                }
                columnOf[id] = column
                ids.append(id)
            }
            menteeIDs = ids
        }
        var mentorIDs: [PersonID]?
        if index {
            var ids = [PersonID](), lineOf = [PersonID: Int]()
            let cells = (header ? [] : [(top[0], topLine)]) + zip(firstColumn, rowLines).map { ($0, $1) }
            for (f, l) in cells {
                let id = try id(f, line: l, column: 1, side: "mentor")
                if let other = lineOf[id] {
                    throw fail(l, 1, "mentor id '\(id)' appears twice: on line \(other) and line \(l)")
                }
                lineOf[id] = l
                ids.append(id)
            }
            mentorIDs = ids
        }

        // Scores.
        let offset = index ? 1 : 0
        let columns = width - offset
        let mentors = rows + (header ? 0 : 1)
        guard columns > 0 else {
            throw fail(firstRowLine > 0 ? firstRowLine : topLine, nil, "no scores: the only column holds mentor ids")
        }
        var values = ContiguousArray<Double>()
        values.reserveCapacity(mentors * columns)
        var forbidden = Set<Pair>()
        // A pool's cell pairing a person with themselves: the same id on both sides when
        // the header row and the id column name the same people, else the diagonal (the
        // pool reader then names ids that differ, rather than a cell here).
        var sameIDs = false
        if pool, let mentorIDs, let menteeIDs { sameIDs = Set(mentorIDs) == Set(menteeIDs) }
        func isSelf(_ i: Int, _ j: Int) -> Bool {
            guard pool else { return false }
            if sameIDs, let mentorIDs, let menteeIDs { return mentorIDs[i] == menteeIDs[j] }
            return i == j
        }
        // The score of a cell outside the data block (line 1, column 1); a pool's self cell is not read.
        func edgeScore(_ f: _CSVField, line: Int, column: Int, _ i: Int, _ j: Int) throws {
            if isSelf(i, j) && cell(f).isNumberLike { values.append(0); return }
            if let v = try score(f, line: line, column: column) { values.append(v) } else {
                values.append(0)
                forbidden.insert(Pair(mentor: i, mentee: j))
            }
        }
        if !header {
            for k in offset..<width { try edgeScore(top[k], line: topLine, column: k + 1, 0, k - offset) }
        }
        let firstDataMentor = header ? 0 : 1
        for r in 0..<rows {
            if !index { try edgeScore(firstColumn[r], line: rowLines[r], column: 1, firstDataMentor + r, 0) }
            if width >= 2 { values.append(contentsOf: data[(r * stride)..<(r * stride + width - 1)]) }
        }
        for (p, error) in deferred where p % stride < width - 1 && !isSelf(firstDataMentor + p / stride, p % stride + 1 - offset) {
            throw error
        }
        for p in dataForbidden where p % stride < width - 1 && !isSelf(firstDataMentor + p / stride, p % stride + 1 - offset) {
            forbidden.insert(Pair(mentor: firstDataMentor + p / stride, mentee: p % stride + 1 - offset))
        }
        for r in emptyLast where !isSelf(firstDataMentor + r, width - 1 - offset) {   // empty last cells of a column that stays: NaN
            if !nanForbidden {
                throw fail(rowLines[r], width, "an empty cell is not a score (NaN); read NaN as a forbidden pair with --nan-forbidden (nanForbidden: true), or write -inf for a forbidden pair")
            }
            forbidden.insert(Pair(mentor: firstDataMentor + r, mentee: width - 1 - offset))
        }
        if let a = firstAmbiguous, !sawDecimalComma {
            throw fail(a.line, a.column, "'\(a.text)' could be \(a.text.replacingOccurrences(of: ",", with: ".")) (a decimal comma) or \(a.text.replacingOccurrences(of: ",", with: "")) (a thousands separator), and no other number in this tab-separated file has a decimal comma; write it without the comma or with a point")
        }

        let matrix: ScoreMatrix
        do { matrix = try ScoreMatrix(mentors: mentors, mentees: columns, values: values) } catch let e as MatchingError {
            throw MatchingError(.invalidFile, "\(name): \(e.message)")
        }
        let separated = width == 1 && top.count == 1 ? "one column"
            : "\(delimiterName)-separated" + (decimalComma && sawDecimalComma ? " (decimal commas)" : "")
        let layoutText = (header ? "a header row of mentee ids" : "no header row") + " and "
            + (index ? "a first column of mentor ids" : "no id column")
        notes.insert("read \(name) as \(encoding), \(separated), with \(layoutText): \(mentors) mentor\(mentors == 1 ? "" : "s") × \(columns) mentee\(columns == 1 ? "" : "s")", at: 0)
        return ScoreTable(scores: matrix, forbidden: forbidden, ids: ScoreIDs(mentors: mentorIDs, mentees: menteeIDs), notes: notes)
    }
}
