import MatchingCore

/// What a cell of a score CSV says about the file's layout.
struct _LayoutCell {
    enum Kind: Equatable {
        case empty
        /// Written as a whole number (`7`, `-12`).
        case integer(Int)
        /// Any other number (`1.0`, `2e3`, `0,5`).
        case number
        /// `-inf`, `nan`, `NA`, …: a score word, not a number and not an id.
        case scoreWord
        case text
    }

    var kind: Kind
    var text: String
    var quoted: Bool

    var integer: Int? { if case .integer(let n) = kind { n } else { nil } }
    var isNumber: Bool { kind == .number || integer != nil }
    var shown: String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
}

/// The rules that decide whether a score CSV has a header row of mentee ids
/// and a first column of mentor ids, from line 1 (`top`), the first cells of
/// the other lines (`column`) and how the scores are written; documented on
/// ``ScoreCSVLayout``, whose `yes`/`no` override them.
struct _ScoreLayoutRules {
    var top: [_LayoutCell]
    var column: [_LayoutCell]
    /// Cells per line below line 1 (after a trailing empty column is left out).
    var width: Int
    /// Every score below line 1 is written as a decimal (`1.0`, `2e3`).
    var decimalData: Bool
    var layout: ScoreCSVLayout
    var topLine: Int
    var firstRowLine: Int
    var name: String

    func fail(_ line: Int, _ column: Int?, _ message: String) -> MatchingError {
        MatchingError(.invalidFile, "\(name):\(line): \(column.map { "column \($0): " } ?? "")\(message)")
    }

    /// The layout and the notes explaining any decision that was not plain to see.
    ///
    /// - Parameter dataRowCounts: whether some line below line 1 holds
    ///   0, 1, …, n-1 from 0-based column `offset` (arguments `offset`, `n`).
    func decide(dataRowCounts: (Int, Int) -> Bool) throws -> (header: Bool, index: Bool, notes: [String]) {
        var notes = [String]()
        if column.isEmpty {   // a file of one line
            let index = layout.indexColumn == .yes || (layout.indexColumn == .auto && top.count >= 2 && top[0].kind == .text)
            let rest = top.dropFirst()
            let looksLikeHeader = top.count >= 2 && !rest.contains { $0.isNumber } && rest.contains { $0.kind == .text }
            if layout.header == .yes || (layout.header == .auto && looksLikeHeader) {
                throw MatchingError(.invalidFile, "\(name): the file holds a header (line \(topLine)) but no scores")
            }
            return (false, index, [])
        }
        let rForm = width >= 2 && top.count == width - 1 && top.allSatisfy { $0.kind == .text || $0.quoted }
        let index: Bool
        switch layout.indexColumn {
        case .yes: index = true
        case .no: index = false
        case .auto: index = autoIndex(rForm: rForm, notes: &notes)
        }
        let header: Bool
        switch layout.header {
        case .yes: header = true
        case .no: header = false
        case .auto: header = try autoHeader(index: index, rForm: rForm, dataRowCounts: dataRowCounts, notes: &notes)
        }
        if header {
            guard top.count == width || (index && top.count == width - 1) else {
                throw fail(topLine, nil, "the header has \(top.count) cells, but line \(firstRowLine) has \(width)")
            }
        } else if top.count != width {
            throw fail(firstRowLine, nil, "\(width) cells, but line \(topLine) has \(top.count)")
        }
        return (header, index, notes)
    }

    func autoIndex(rForm: Bool, notes: inout [String]) -> Bool {
        guard width >= 2, let top0 = top.first else { return false }
        if rForm {
            notes.append("line \(topLine) has one cell fewer than the lines below: read as a header of mentee ids over a first column of mentor ids with no label, as R's write.table writes")
            return true
        }
        if column.contains(where: { $0.kind == .text }) { return true }
        if layout.header == .no && top0.kind == .text { return true }
        let ints = column.compactMap(\.integer)
        if ints.count == column.count && Set(ints).count == ints.count {
            let withTop = layout.header == .yes ? nil : top0.integer.map { [$0] + ints }
            let again = "pass --index-column no if column 1 holds scores"
            if decimalData {
                notes.append("column 1 holds whole numbers, all different, beside scores written as decimals: read as mentor ids (an integer index, as pandas writes it); \(again)")
                return true
            }
            if let run = [withTop, ints].compactMap({ $0 }).first(where: Self.countsUp) {
                notes.append("column 1 counts up by one (\(run[0]), \(run[1]), \(run[2]), …): read as mentor ids (row numbers); \(again)")
                return true
            }
            if top0.kind == .text && layout.header != .no && Self.namesIDs(top0.text) {
                notes.append("line \(topLine) starts with '\(top0.shown)', a name for ids: column 1 read as mentor ids; \(again)")
                return true
            }
            if top0.kind == .empty && layout.header != .no {
                if top.dropFirst().contains(where: \.isNumber) {
                    notes.append("line \(topLine) starts with an empty cell, as pandas writes over its index: read as a header row and a first column of ids; pass --header no --index-column no to read that cell as a score (NaN)")
                }
                return true
            }
            if top0.kind == .text && column.count >= 2 {
                notes.append("column 1 holds whole numbers, all different: read as scores; pass --index-column yes if they are mentor ids")
            }
            return false
        }
        return top0.kind == .empty && layout.header != .no && top.count >= 2 && top.dropFirst().allSatisfy { $0.kind == .text }
    }

    func autoHeader(index: Bool, rForm: Bool, dataRowCounts: (Int, Int) -> Bool, notes: inout [String]) throws -> Bool {
        if rForm && index { return true }
        let labels = Array(top.dropFirst(index ? 1 : 0))
        let textAt = labels.firstIndex { $0.kind == .text }
        let hasNumber = labels.contains { $0.isNumber }
        if let k = textAt {
            guard hasNumber else { return true }
            if !index && k == 0 && !labels.dropFirst().contains(where: { $0.kind == .text }) {
                throw fail(topLine, 1, "'\(labels[0].shown)' is not a number (every other line starts with a number, so the first column is not one of mentor ids); pass --index-column yes if it is, or --header yes if line \(topLine) is a header")
            }
            let column = k + (index ? 2 : 1)
            throw fail(topLine, column, "'\(labels[k].shown)' is not a number; line \(topLine) mixes numbers and other text, so it is neither a row of scores nor a header of mentee ids (a header needs every id after the first cell to be text, or an empty first cell as pandas writes); pass --header yes or --header no to say which")
        }
        let ints = labels.compactMap(\.integer)
        guard !labels.isEmpty, ints.count == labels.count, Set(ints).count == ints.count else { return false }
        let again = "pass --header no if line \(topLine) holds scores"
        if decimalData {
            notes.append("line \(topLine) holds whole numbers, all different, over scores written as decimals: read as a header of mentee ids (column labels, as pandas writes them); \(again)")
            return true
        }
        let top0 = top[0]
        if index && top0.kind == .empty { return true }
        if index && top0.kind == .text && Self.namesIDs(top0.text) {
            notes.append("line \(topLine) starts with '\(top0.shown)', a name for ids: read as a header of mentee ids; \(again)")
            return true
        }
        let n = ints.count
        if n >= 3 && ints == Array(0..<n) && !dataRowCounts(index ? 1 : 0, n) {
            notes.append("line \(topLine) reads \(n > 4 ? "0, 1, …, \(n - 1)" : ints.map(String.init).joined(separator: ", ")), pandas' default column labels: read as a header of mentee ids; \(again)")
            return true
        }
        if (index && top0.kind == .text) || (n >= 3 && zip(ints, ints.dropFirst()).allSatisfy { $0 < $1 }) {
            notes.append("line \(topLine) holds whole numbers, all different: read as scores; pass --header yes if they are mentee ids")
        }
        return false
    }

    /// At least three whole numbers, each one more than the one before.
    static func countsUp(_ s: [Int]) -> Bool {
        s.count >= 3 && zip(s, s.dropFirst()).allSatisfy { $1 == $0 + 1 }
    }

    /// Whether a header cell names a column of ids: one of its words (split at
    /// spaces, punctuation and lower-to-upper case changes) is `id`, `ids`,
    /// `mentor`, `mentors`, `index`, `name`, `key`, `row` or `unnamed`
    /// (`mentor_id`, `Mentor ID`, `mentorId`, `Unnamed: 0`).
    static func namesIDs(_ text: String) -> Bool {
        var words = [String](), word = ""
        var previousLower = false
        for c in text {
            if c.isLetter || c.isNumber {
                if c.isUppercase && previousLower { words.append(word); word = "" }
                word.append(c)
                previousLower = c.isLowercase
            } else {
                if !word.isEmpty { words.append(word) }
                word = ""
                previousLower = false
            }
        }
        if !word.isEmpty { words.append(word) }
        let names: Set<String> = ["id", "ids", "mentor", "mentors", "index", "name", "key", "row", "unnamed"]
        return words.contains { names.contains($0.lowercased()) }
    }
}
