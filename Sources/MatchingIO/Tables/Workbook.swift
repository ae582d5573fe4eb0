import Foundation
import MatchingCore
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first sheet (or a named one) of an Excel workbook (`.xlsx`,
/// Office Open XML, ECMA-376 Part 1 §18) as a ``Table`` — the form most HR
/// systems and survey tools export. The archive is opened with
/// weichsel/ZIPFoundation and each part is read with Foundation's streaming
/// `XMLParser`; shared strings, inline strings, numbers, booleans and error
/// values are read as the text a spreadsheet shows (whole numbers without a
/// fraction, `TRUE`/`FALSE`, `#N/A`). Formulas are read by their cached
/// value. Rows are named by their sheet row number and columns by letter.
public enum Workbook {
    /// The largest uncompressed part read (bytes): a guard against archives
    /// that inflate without end.
    public static let maxPartBytes = 512 << 20

    /// The sheet named `sheet` (case-insensitive), or the first sheet, of
    /// the workbook at `path`, as a table.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file (and sheet) when it is not a workbook, the sheet does not exist
    ///   (listing the sheets), a part is malformed, or the sheet has no header row.
    /// - Complexity: O(bytes of the sheet and the shared strings).
    public static func table(path: String, sheet: String? = nil) throws -> Table {
        try table(url: URL(fileURLWithPath: path), name: path, sheet: sheet)
    }

    /// The sheet of a workbook held in memory (written to a temporary file
    /// first: ZIPFoundation's in-memory archives trap on entries that point
    /// past the end, found by the fuzz tests; its file reader does not).
    ///
    /// - Throws: as ``table(path:sheet:)``.
    public static func table(_ data: Data, name: String, sheet: String? = nil) throws -> Table {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mentormatch-\(UUID().uuidString).xlsx")
        do { try data.write(to: url) } catch { throw MatchingError(.invalidFile, "\(name): cannot stage the workbook for reading (\(error.localizedDescription))") }
        defer { try? FileManager.default.removeItem(at: url) }
        return try table(url: url, name: name, sheet: sheet)
    }

    static func table(url: URL, name: String, sheet: String?) throws -> Table {
        func fail(_ what: String) -> MatchingError { MatchingError(.invalidFile, "\(name): \(what)") }
        let archive: Archive
        do { archive = try Archive(url: url, accessMode: .read) } catch { throw fail("not an .xlsx workbook (the ZIP archive cannot be opened)") }
        func part(_ path: String) throws -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(maxPartBytes) else { throw fail("\(path) inflates to \(entry.uncompressedSize) bytes, over the \(maxPartBytes >> 20) MB limit") }
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    out.append(chunk)
                    if out.count > maxPartBytes { throw MatchingError(.invalidFile, "\(name): \(path) inflates past the \(maxPartBytes >> 20) MB limit") }
                }
            } catch let e as MatchingError { throw e } catch { throw fail("\(path) cannot be inflated (\(error))") }
            return out
        }
        guard let workbookXML = try part("xl/workbook.xml") else { throw fail("not an .xlsx workbook (no xl/workbook.xml)") }
        let sheets = try _SheetList(workbookXML, name: name)
        guard !sheets.entries.isEmpty else { throw fail("the workbook has no sheets") }
        let chosen: _SheetList.Entry
        if let sheet {
            guard let found = sheets.entries.first(where: { $0.name.lowercased() == sheet.lowercased() }) else {
                throw fail("no sheet named '\(sheet)' (sheets: \(sheets.entries.map { "'\($0.name)'" }.joined(separator: ", ")))")
            }
            chosen = found
        } else {
            chosen = sheets.entries[0]
        }
        guard let rels = try part("xl/_rels/workbook.xml.rels") else { throw fail("not an .xlsx workbook (no xl/_rels/workbook.xml.rels)") }
        guard let relation = try _Relations(rels, name: name).targets[chosen.relation] else {
            throw fail("sheet '\(chosen.name)': relation '\(chosen.relation)' is not in xl/_rels/workbook.xml.rels")
        }
        let target = relation.hasPrefix("/") ? String(relation.dropFirst()) : "xl/" + relation
        let strings = try part("xl/sharedStrings.xml").map { try _SharedStrings($0, name: name).strings } ?? []
        guard let sheetXML = try part(target) else { throw fail("sheet '\(chosen.name)': its part \(target) is missing") }
        let place = "\(name), sheet '\(chosen.name)'"
        let sheetRows = try _SheetRows(sheetXML, strings: strings, name: place)
        if let first = sheetRows.unsavedFormulas.first {
            throw MatchingError(.invalidFile, "\(place): \(sheetRows.unsavedFormulas.count) formula cell(s) with no saved value (first: \(first)); open the workbook in a spreadsheet and save it, or export the values")
        }
        let rows = sheetRows.rows
        guard let header = rows.first else { throw fail("sheet '\(chosen.name)' is empty, expected a header row") }
        // The table is as wide as the widest of the top rows (a title row may
        // precede the header); a value further right is named, not dropped.
        let width = rows.prefix(11).map { $0.cells.last?.column ?? 0 }.max() ?? 0
        func dense(_ row: _SheetRows.Row) throws -> [String] {
            var cells = [String](repeating: "", count: width)
            for (c, text) in row.cells {
                guard c <= width else {
                    throw MatchingError(.invalidFile, "\(place): row \(row.number), column \(columnLetters(c)): a value right of the header's last column (\(columnLetters(width)))")
                }
                cells[c - 1] = text
            }
            return cells
        }
        var body = [Table.Row]()
        for row in rows.dropFirst() { body.append(Table.Row(line: row.number, cells: try dense(row))) }
        var table = Table(header: try dense(header), headerLine: header.number,
                          rows: body, format: "sheet '\(chosen.name)' of \(sheets.entries.count)", lineWord: "row", decimalComma: false)
        table.sheet = chosen.name
        table.columnLetters = true
        if sheets.entries.count > 1 {
            table.notes.append("the workbook's sheets: \(sheets.entries.map { "'\($0.name)'" }.joined(separator: ", ")); --sheet NAME reads another")
        }
        table.dropTrailingEmptyColumns()
        return table
    }

    /// `A` for column 1, `Z` for 26, `AA` for 27.
    public static func columnLetters(_ column: Int) -> String {
        var n = column, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    /// Column 1 for `A`, from a cell reference such as `AB12` (the letters); `nil` when malformed.
    static func column(ofReference reference: String) -> Int? {
        var n = 0, letters = 0
        for c in reference.unicodeScalars {
            guard c.value >= 65 && c.value <= 90 else { break }
            n = n * 26 + Int(c.value - 64)
            letters += 1
            if letters > 3 { return nil }
        }
        return letters == 0 || n > 16_384 ? nil : n
    }
}

/// Parses one XML part with Foundation's streaming parser; subclasses
/// override ``start(_:_:)``, ``characters(_:)`` and ``end(_:)`` (the
/// delegate methods themselves live here: on Linux, XMLParserDelegate's
/// defaults come from a protocol extension, so a subclass's methods would
/// not be called). Errors name the part.
class _XMLPart: NSObject, XMLParserDelegate {
    let label: String
    var failure: MatchingError?
    private var parser: XMLParser?
    init(label: String) { self.label = label }

    func run(_ data: Data) throws {
        // FoundationXML traps on names that are not UTF-8 (found by the fuzz
        // tests), so a part must be valid UTF-8 before it is parsed.
        guard Self.isUTF8(data) else { throw MatchingError(.invalidFile, "\(label): not UTF-8 XML") }
        let parser = XMLParser(data: data)
        self.parser = parser
        defer { self.parser = nil }
        parser.delegate = self
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let failure { throw failure }
        guard ok else {
            throw MatchingError(.invalidFile, "\(label): malformed XML at line \(parser.lineNumber) (\(parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"))")
        }
    }

    /// Whether `data` is valid UTF-8 (the encoding every workbook part is written in).
    static func isUTF8(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) != nil }
    }

    /// Stops parsing with a problem naming the part.
    func fail(_ what: String) {
        if failure == nil { failure = MatchingError(.invalidFile, "\(label): \(what)") }
        parser?.abortParsing()
    }

    func start(_ element: Substring, _ attributes: [String: String]) {}
    func characters(_ text: String) {}
    func end(_ element: Substring) {}

    /// The local part of a possibly prefixed element name.
    func local(_ name: String) -> Substring { name.split(separator: ":").last ?? Substring(name) }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        start(local(elementName), attributes)
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { characters(string) }
    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        end(local(elementName))
    }
}

/// `xl/workbook.xml`: the sheets in order, with their relation ids.
final class _SheetList: _XMLPart {
    struct Entry { var name: String; var relation: String }
    var entries = [Entry]()
    init(_ data: Data, name: String) throws {
        super.init(label: "\(name): xl/workbook.xml")
        try run(data)
    }
    override func start(_ element: Substring, _ attributes: [String: String]) {
        guard element == "sheet" else { return }
        let relation = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") || $0.key == "id" }?.value ?? ""
        entries.append(Entry(name: attributes["name"] ?? "Sheet\(entries.count + 1)", relation: relation))
    }
}

/// `xl/_rels/workbook.xml.rels`: relation id → part path.
final class _Relations: _XMLPart {
    var targets = [String: String]()
    init(_ data: Data, name: String) throws {
        super.init(label: "\(name): xl/_rels/workbook.xml.rels")
        try run(data)
    }
    override func start(_ element: Substring, _ attributes: [String: String]) {
        guard element == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        targets[id] = target
    }
}

/// `xl/sharedStrings.xml`: each `<si>`'s text (runs joined; phonetic runs left out).
final class _SharedStrings: _XMLPart {
    var strings = [String]()
    private var current = "", inText = false, phonetic = 0, inItem = false
    init(_ data: Data, name: String) throws {
        super.init(label: "\(name): xl/sharedStrings.xml")
        try run(data)
    }
    override func start(_ element: Substring, _ attributes: [String: String]) {
        switch element {
        case "si": inItem = true; current = ""
        case "rPh": phonetic += 1
        case "t": inText = inItem && phonetic == 0
        default: break
        }
    }
    override func characters(_ text: String) { if inText { current += text } }
    override func end(_ element: Substring) {
        switch element {
        case "si": strings.append(current.composed); inItem = false
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }
}

/// A worksheet's rows: each row's number and its non-empty cells' shown
/// text by column (sparse: a lone cell far to the right costs one entry).
final class _SheetRows: _XMLPart {
    struct Row { var number: Int; var cells: [(column: Int, text: String)] }
    var rows = [Row]()
    /// Formula cells with no saved value, as `row, column` labels.
    var unsavedFormulas = [String]()
    let strings: [String]
    private var row: Row? = nil
    private var lastColumn = 0
    private var cellColumn = 0, cellType = "", text = "", inValue = false, inInline = false, inInlineText = false
    private var hasFormula = false, hasValue = false
    init(_ data: Data, strings: [String], name: String) throws {
        self.strings = strings
        super.init(label: name)
        try run(data)
    }
    override func start(_ element: Substring, _ attributes: [String: String]) {
        switch element {
        case "row":
            let number = attributes["r"].flatMap { Int($0) } ?? ((rows.last?.number ?? 0) + 1)
            guard number > (rows.last?.number ?? 0), number <= 1_048_576 else {
                fail("row number \(attributes["r"] ?? "?") is out of order or out of range"); return
            }
            row = Row(number: number, cells: [])
            lastColumn = 0
        case "c":
            if let r = attributes["r"] {
                guard let c = Workbook.column(ofReference: r), c > lastColumn else { fail("cell reference '\(r.prefix(12))' is malformed or out of order"); return }
                cellColumn = c
            } else {
                cellColumn = lastColumn + 1
            }
            guard cellColumn <= 16_384 else { fail("a cell past column XFD"); return }
            lastColumn = cellColumn
            cellType = attributes["t"] ?? "n"
            text = ""
            hasFormula = false
            hasValue = false
        case "v": inValue = true; hasValue = true
        case "f": hasFormula = true
        case "is": inInline = true; hasValue = true
        case "t": inInlineText = inInline
        default: break
        }
    }
    override func characters(_ string: String) {
        if inValue || inInlineText { text += string }
    }
    override func end(_ element: Substring) {
        switch element {
        case "v": inValue = false
        case "t": inInlineText = false
        case "is": inInline = false
        case "c":
            guard row != nil, failure == nil else { return }
            if hasFormula && (!hasValue || text.isEmpty) {   // openpyxl writes <v /> for a formula it did not compute
                unsavedFormulas.append("\(Workbook.columnLetters(cellColumn))\(row!.number)")
                return
            }
            let shown: String
            switch cellType {
            case "s":
                guard let k = Int(text.trimmed()), k >= 0, k < strings.count else {
                    fail("row \(row!.number), column \(Workbook.columnLetters(cellColumn)): shared string \(text.prefix(12)) does not exist"); return
                }
                shown = strings[k]
            case "b": shown = text.trimmed() == "1" ? "TRUE" : "FALSE"
            case "n": shown = Self.number(text)
            default: shown = text.composed   // str, inlineStr, e (error values such as #N/A)
            }
            if !shown.isEmpty { row!.cells.append((cellColumn, shown)) }
        case "row":
            if let r = row, failure == nil, !r.cells.isEmpty { rows.append(r) }
            row = nil
        default: break
        }
    }
    /// A number cell as a spreadsheet shows it: `2` for 2.0, otherwise the shortest round-trip form.
    static func number(_ text: String) -> String {
        let t = text.trimmed()
        guard let x = Double(t), x.isFinite else { return t }
        if x == x.rounded() && abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}
