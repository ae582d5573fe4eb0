import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingSolvers
import Testing

/// `Fixtures/matrices`, written by `Fixtures/matrices/make_npy.py` with NumPy.
private let matrices = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/matrices")

private func read(_ file: String, nanForbidden: Bool = false) throws -> ScoreTable {
    try ScoreFiles.read(path: matrices.appendingPathComponent(file).path, nanForbidden: nanForbidden)
}

/// The optimum of the table's problem (each mentor and mentee at most once), by the Hungarian solver.
private func optimum(_ table: ScoreTable) async throws -> Double? {
    let report = try await NetworkFlowSolver().solve(table.problem(), options: SolveOptions())
    #expect(report.termination.reason == .optimal)
    if let m = report.matching {
        let check = MatchingValidator.check(m, against: table.problem())
        #expect(check.isFeasible, "\(check.violations)")
    }
    return report.objective
}

private func csvMessage(_ text: String, nanForbidden: Bool = false) -> String {
    message { _ = try ScoreFiles.parseCSV(Data(text.utf8), name: "s.csv", nanForbidden: nanForbidden) }
}

private func npyMessage(_ data: Data) -> String {
    message { _ = try ScoreFiles.parseNPY(data, name: "a.npy") }
}

private func message(_ body: () throws -> Void) -> String {
    do { try body(); return "no error" } catch let e as MatchingError { return e.message } catch { return "\(error)" }
}

/// A version 1.0 `.npy` file with the given header dict text and body.
private func npy(header dict: String, body: [UInt8], major: UInt8 = 1) -> Data {
    var header = dict
    let prefix = major == 1 ? 10 : 12
    while (prefix + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    let n = header.utf8.count
    var d = Data([0x93] + Array("NUMPY".utf8) + [major, 0, UInt8(n & 0xff), UInt8(n >> 8)] + (major == 1 ? [] : [0, 0]))
    d.append(contentsOf: Array(header.utf8))
    d.append(contentsOf: body)
    return d
}

private func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

@Suite("Score matrices as NumPy, pandas and spreadsheets write them")
struct ScoreFileFormsTests {
    /// The reference (`reference.npy`, float64 C order): quarter fractions,
    /// negatives, and -inf at row 1, column 4.
    @Test func referenceHoldsWhatNumPyWrote() async throws {
        let r = try read("reference.npy")
        #expect(r.scores.mentors == 5 && r.scores.mentees == 7)
        #expect(r.scores[0, 0] == 37.75 && r.scores[0, 6] == 96.75 && r.scores[2, 2] == -16.75 && r.scores[4, 6] == 75)
        #expect(r.forbidden == [Pair(mentor: 1, mentee: 4)])
        #expect(r.scores[1, 4] == 0, "a forbidden cell holds the placeholder 0")
        #expect(r.ids.isEmpty)
        // make_npy.py's brute force over every matching.
        #expect(try await optimum(r) == 382.75)
    }

    @Test("every .npy and CSV form of the reference reads as the reference and has its optimum",
          arguments: ["fortran.npy", "big-endian.npy", "float32.npy", "float16.npy", "version2.npy", "version3.npy",
                      "plain.csv", "bom.csv", "utf16le.csv", "utf16be.csv", "semicolon-decimal-comma.csv", "tab.csv",
                      "crlf.csv", "quoted-cr.csv", "pandas.csv"])
    func sameAsReference(_ file: String) async throws {
        let reference = try read("reference.npy")
        let t = try read(file)
        #expect(t.scores == reference.scores, "\(file)")
        #expect(t.forbidden == reference.forbidden, "\(file)")
        #expect(try await optimum(t) == 382.75, "\(file)")
        if file != "pandas.csv" { #expect(t.ids.isEmpty, "\(file)") }
    }

    @Test("integer dtypes read as the float64 matrix of the same integers",
          arguments: ["int32.npy", "int8.npy", "uint16.npy", "int64-big-endian-fortran.npy"])
    func integerDtypes(_ file: String) async throws {
        let reference = try read("integers.npy")
        #expect(reference.scores.values.allSatisfy { $0 == $0.rounded() && (0...99).contains($0) })
        let t = try read(file)
        #expect(t.scores == reference.scores, "\(file)")
        #expect(t.forbidden.isEmpty)
        #expect(try await optimum(t) == 382, "\(file)")
    }

    @Test func boolIsAZeroOneMatrix() async throws {
        let t = try read("bool.npy")
        let reference = try read("bool-reference.npy")
        #expect(t.scores == reference.scores)
        #expect(t.scores.values.allSatisfy { $0 == 0 || $0 == 1 } && t.scores.values.contains(0) && t.scores.values.contains(1))
        #expect(try await optimum(t) == 5)
    }

    @Test func pandasCSVCarriesTheIds() throws {
        let t = try read("pandas.csv")
        #expect(t.ids.mentors?.map(\.rawValue) == ["ada", "grace", "Smith, J", "linus", "barbara"])
        #expect(t.ids.mentees?.map(\.rawValue) == ["m01", "m02", "m03", "m04", "m05", "m06", "m07"])
        #expect(t.ids.annotate("mentee 1 is forbidden to everyone; mentor 2 and mentee 9")
            == "mentee 1 (id 'm02') is forbidden to everyone; mentor 2 (id 'Smith, J') and mentee 9")
    }

    @Test func theSharedCasesReadAsTheirCommaVersions() throws {
        let bom = try read("cases/scores-bom.csv")
        let comma = try ScoreMatrix(rows: [[5, 1, 2], [1, 5, 2], [2, 1, 5]])
        #expect(bom.scores == comma)
        let semicolon = try read("cases/scores-semicolon-decimal-comma.csv")
        let commaVersion = try ScoreMatrix(rows: [[5, 1, 2.5], [1, 5, 2], [2.5, 1, 5]])
        #expect(semicolon.scores == commaVersion)
    }

    @Test func headersAndIdColumnsInTheirForms() throws {
        func table(_ s: String) throws -> ScoreTable { try ScoreFiles.parseCSV(Data(s.utf8), name: "s.csv") }
        // Header only (to_csv(index=False)), id column only, R's write.table (no label over the ids), named index.
        let header = try table("a,b\n1,2\n3,4\n")
        let expected = try ScoreMatrix(rows: [[1, 2], [3, 4]])
        #expect(header.ids.mentees == ["a", "b"] && header.ids.mentors == nil && header.scores == expected)
        let column = try table("x,1,2\ny,3,4\n")
        #expect(column.ids.mentors == ["x", "y"] && column.ids.mentees == nil && column.scores == header.scores)
        let r = try table("a\tb\nx\t1\t2\ny\t3\t4\n")
        #expect(r.ids.mentors == ["x", "y"] && r.ids.mentees == ["a", "b"] && r.scores == header.scores)
        // A named index whose ids are mostly text; one that looks like a number is still an id.
        let named = try table("mentor;a;b\nx;1;2\n101;3;4,5\ny;5;6\n")
        #expect(named.ids.mentors == ["x", "101", "y"] && named.ids.mentees == ["a", "b"] && named.scores[1, 1] == 4.5)
        // pandas with its default RangeIndex labels: the empty top-left cell says header and index.
        let range = try table(",0,1\n0,1.0,2.0\n1,3.0,4.0\n")
        #expect(range.ids.mentors == ["0", "1"] && range.ids.mentees == ["0", "1"] && range.scores == header.scores)
        // Quoted numbers with spaces, and a quoted id holding a line break.
        let quoted = try table(" \"x\" , \" 1\" ,2\n\"y\nz\",\"3\",  4  \n")
        #expect(quoted.ids.mentors == ["x", "y\nz"] && quoted.scores == header.scores)
    }

    @Test func nanForbiddenMakesNaNAForbiddenPair() throws {
        let t = try ScoreFiles.parseCSV(Data("1,nan,3\n,NA,-inf\n".utf8), name: "s.csv", nanForbidden: true)
        #expect(t.forbidden == [Pair(mentor: 0, mentee: 1), Pair(mentor: 1, mentee: 0), Pair(mentor: 1, mentee: 1), Pair(mentor: 1, mentee: 2)])
        #expect(t.scores.values == [1, 0, 3, 0, 0, 0])
        let n = try ScoreFiles.parseNPY(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", body: bytes([Double.nan, 2])), name: "a.npy", nanForbidden: true)
        #expect(n.forbidden == [Pair(mentor: 0, mentee: 0)] && n.scores.values == [0, 2])
    }

    @Test func csvErrorsNameFileLineAndColumn() {
        #expect(csvMessage("1,2\n3,nan\n").hasPrefix("s.csv:2: column 2: nan is not a score (NaN); read NaN as a forbidden pair with --nan-forbidden"))
        #expect(csvMessage("1,2\n3,\n").hasPrefix("s.csv:2: column 2: an empty cell is not a score (NaN)"))
        #expect(csvMessage("1,2\n3,inf\n") == "s.csv:2: column 2: inf is not a score; only -inf has a meaning (a forbidden pair)")
        #expect(csvMessage("1,2\n+Infinity,4\n") == "s.csv:2: column 1: +Infinity is not a score; only -inf has a meaning (a forbidden pair)")
        #expect(csvMessage("1,1e999\n") == "s.csv:1: column 2: 1e999 is beyond the range of a Double")
        #expect(csvMessage("1,2\n3,\"0,5\"\n") == "s.csv:2: column 2: '0,5' is not a number")
        #expect(csvMessage("1,2,x\n3,4,5\n").hasPrefix("s.csv:1: column 3: 'x' is not a number; line 1 mixes numbers and other text"))
        #expect(csvMessage("m,a,b\nx,1,2\nx,3,4\n") == "s.csv:3: column 1: mentor id 'x' appears twice: on line 2 and line 3")
        #expect(csvMessage(",a,a\nx,1,2\n") == "s.csv:1: column 3: mentee id 'a' appears twice: in column 2 and column 3")
        #expect(csvMessage(",a,b,c\nx,1,2\n") == "s.csv:1: the header has 4 cells, but line 2 has 3")
        #expect(csvMessage("x,1\n2,3\n4,5\n").hasPrefix("s.csv:1: column 1: 'x' is not a number (every other line starts with a number"))
        #expect(csvMessage("1,\"2\n3,4\n") == "s.csv:1: column 2: the quote opened here is never closed")
        #expect(csvMessage("1,\"2\"x\n") == "s.csv:1: column 2: text after the closing quote")
        #expect(message { _ = try ScoreFiles.parseCSV(Data([0x41, 0x00, 0x00, 0x42, 0x43]), name: "s.csv") } == "s.csv: holds NUL bytes: not a text file (save it as CSV)")
        #expect(message { _ = try ScoreFiles.parseCSV(Data([0xFF, 0xFE, 0x31]), name: "s.csv") } == "s.csv: starts with a UTF-16 byte-order mark but is not UTF-16 text")
    }

    @Test func npyErrorsNameFileAndWhatIsWrong() throws {
        let reference = try Data(contentsOf: matrices.appendingPathComponent("reference.npy"))
        #expect(npyMessage(reference.prefix(reference.count - 3)) == "a.npy: truncated data: a 5×7 matrix of '<f8' needs 280 bytes, the file holds 277")
        #expect(npyMessage(reference + [0]) == "a.npy: 1 bytes after the 5×7 matrix of '<f8' (280 bytes); is the shape right?")
        #expect(npyMessage(reference.prefix(40)).hasPrefix("a.npy: truncated header"))
        #expect(npyMessage(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1, 2), }", body: bytes([1.0, 2, 3, 4])))
            == "a.npy: shape (2, 1, 2) is not a 2-D matrix (rows = mentors, columns = mentees)")
        #expect(npyMessage(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", body: bytes([1.0, 2, 3, 4])))
            == "a.npy: shape (4,) is not a 2-D matrix (rows = mentors, columns = mentees)")
        let badDtype = npyMessage(npy(header: "{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1), }", body: Array(repeating: 0, count: 16)))
        #expect(badDtype.hasPrefix("a.npy: dtype '<c16' is not supported; supported are float16/32/64 ('f2', 'f4', 'f8'), int8/16/32/64"))
        #expect(npyMessage(npy(header: "{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1, 1), }", body: bytes([1.0])))
            .contains("structured dtypes are not supported"))
        #expect(npyMessage(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", body: []))
            == "a.npy: shape (4611686018427387904, 4) has more cells than this machine can address")
        #expect(npyMessage(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", body: bytes([1.0, .infinity])))
            == "a.npy: row 0, column 1 (0-based): inf is not a score; only -inf has a meaning (a forbidden pair)")
        #expect(npyMessage(npy(header: "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", body: bytes([1.0, 2, .nan, 4])))
            .hasPrefix("a.npy: row 0, column 1 (0-based): nan is not a score (NaN)"))
        #expect(npyMessage(npy(header: "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2), }", body: bytes([Int64(1), Int64(1 << 53) + 1])))
            == "a.npy: row 0, column 1 (0-based): the int64 9007199254740993 is beyond what a Double score holds exactly (integers up to ±2^53); scale the scores down")
        #expect(npyMessage(npy(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (1, 2), }", body: [1, 2]))
            == "a.npy: row 0, column 1 (0-based): the bool byte 2 is neither 0 nor 1")
        #expect(npyMessage(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'extra': 1}", body: bytes([1.0])))
            == "a.npy: unknown header key 'extra' (an .npy header has 'descr', 'fortran_order' and 'shape')")
        #expect(npyMessage(npy(header: "{'descr': '<f8', 'shape': (1, 1)}", body: bytes([1.0]))) == "a.npy: the header has no 'fortran_order'")
        #expect(npyMessage(npy(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1)", body: bytes([1.0]))).hasPrefix("a.npy: header byte"))
    }

    @Test func npyHeaderIsParsedAsAPythonDict() throws {
        // Keys in any order, double quotes, no trailing comma, a Python 2 long, version 2.0, big-endian int16.
        let body: [UInt8] = [0, 1, 0xFF, 0xFE, 0, 3, 0, 4, 0, 5, 0, 6]
        let t = try ScoreFiles.parseNPY(npy(header: "{\"shape\": (3L, 2), \"fortran_order\": True, \"descr\": \">i2\"}", body: body, major: 2), name: "a.npy")
        let expected = try ScoreMatrix(rows: [[1, 4], [-2, 5], [3, 6]])
        #expect(t.scores == expected)
        // Half precision: 1.5, -inf (forbidden), the smallest subnormal.
        let half = try ScoreFiles.parseNPY(npy(header: "{'descr': '<f2', 'fortran_order': False, 'shape': (1, 3), }", body: bytes([UInt16(0x3E00), 0xFC00, 0x0001])), name: "h.npy")
        #expect(half.scores.values == [1.5, 0, 0x1p-24] && half.forbidden == [Pair(mentor: 0, mentee: 1)])
    }

    /// Any bytes give a table or an error, never a trap: mutations of real files and random bytes.
    @Test func neverCrashesOnAnyBytes() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 11 }
        let seeds = try ["reference.npy", "fortran.npy", "bool.npy", "version3.npy", "pandas.csv", "utf16le.csv", "semicolon-decimal-comma.csv"]
            .map { try [UInt8](Data(contentsOf: matrices.appendingPathComponent($0))) }
        var outcomes = (read: 0, refused: 0)
        for round in 0..<3000 {
            var b = seeds[round % seeds.count]
            switch round % 3 {
            case 0: for _ in 0..<(1 + Int(next() % 4)) where !b.isEmpty { b[Int(next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: next()) }
            case 1: b = Array(b.prefix(Int(next() % UInt64(b.count + 1))))
            default: b = (0..<Int(next() % 200)).map { _ in UInt8(truncatingIfNeeded: next()) }
            }
            for parse in [{ try ScoreFiles.parseNPY($0, name: $1, nanForbidden: $2) }, { try ScoreFiles.parseCSV($0, name: $1, nanForbidden: $2) }] as [(Data, String, Bool) throws -> ScoreTable] {
                do { _ = try parse(Data(b), "f", round % 2 == 0); outcomes.read += 1 } catch is MatchingError { outcomes.refused += 1 }
            }
        }
        #expect(outcomes.read > 100 && outcomes.refused > 1000, "\(outcomes)")
    }
}

/// The 3 × 3 matrix every file of `Fixtures/matrices/pandas` holds (written by `make_pandas.py`).
private let pandasMatrix: [[Double]] = [[1, 9, 1], [9, 1, 1], [1, 1, 9]]

private func csv(_ text: String, nanForbidden: Bool = false, header: ScoreCSVLayout.Choice = .auto,
                 index: ScoreCSVLayout.Choice = .auto) throws -> ScoreTable {
    try ScoreFiles.parseCSV(Data(text.utf8), name: "s.csv", nanForbidden: nanForbidden,
                            layout: ScoreCSVLayout(header: header, indexColumn: index))
}

private func layoutMessage(_ text: String, nanForbidden: Bool = false, header: ScoreCSVLayout.Choice = .auto,
                           index: ScoreCSVLayout.Choice = .auto) -> String {
    message { _ = try csv(text, nanForbidden: nanForbidden, header: header, index: index) }
}

@Suite("Score CSVs as pandas writes them: header rows, id columns, trailing delimiters, encodings, decimal commas")
struct ScoreCSVLayoutTests {
    /// Each pandas form, the ids it must give, and the start of its layout note.
    static let forms: [(file: String, mentors: [String]?, mentees: [String]?, layout: String)] = [
        ("numeric-labels.csv", nil, ["101", "102", "103"], "with a header row of mentee ids and no id column"),
        ("default-labels.csv", nil, ["0", "1", "2"], "with a header row of mentee ids and no id column"),
        ("default-labels-int.csv", nil, ["0", "1", "2"], "with a header row of mentee ids and no id column"),
        ("default-index.csv", ["0", "1", "2"], ["0", "1", "2"], "with a header row of mentee ids and a first column of mentor ids"),
        ("index-no-header.csv", ["7", "8", "9"], nil, "with no header row and a first column of mentor ids"),
        ("index-no-header-int.csv", ["7", "8", "9"], nil, "with no header row and a first column of mentor ids"),
        ("named-index-numeric-ids.csv", ["1", "2", "3"], ["E1", "E2", "E3"], "with a header row of mentee ids and a first column of mentor ids"),
        ("named-index-numeric-labels.csv", ["ada", "bob", "cy"], ["101", "102", "103"], "with a header row of mentee ids and a first column of mentor ids"),
        ("named-index-numeric-labels-int.csv", ["ada", "bob", "cy"], ["101", "102", "103"], "with a header row of mentee ids and a first column of mentor ids"),
        ("utf16le-no-bom.csv", ["Zoë", "José", "Ana"], ["Émile", "Chloé", "Björn"], "with a header row of mentee ids and a first column of mentor ids"),
        ("windows-1252.csv", ["Zoë", "José", "Ana"], ["Émile", "Chloé", "Björn"], "with a header row of mentee ids and a first column of mentor ids"),
    ]

    @Test("every pandas form reads as the 3 × 3 matrix with its ids and optimum", arguments: forms.indices)
    func pandasForms(_ k: Int) async throws {
        let form = Self.forms[k]
        let t = try read("pandas/" + form.file)
        #expect(try t.scores == ScoreMatrix(rows: pandasMatrix), "\(form.file)")
        #expect(t.forbidden.isEmpty, "\(form.file)")
        #expect(t.ids.mentors?.map(\.rawValue) == form.mentors, "\(form.file)")
        #expect(t.ids.mentees?.map(\.rawValue) == form.mentees, "\(form.file)")
        #expect(t.notes.first?.contains("\(form.layout): 3 mentors × 3 mentees") == true, "\(form.file): \(t.notes)")
        #expect(try await optimum(t) == 27, "\(form.file)")
    }

    @Test func notesSayHowTheFileWasReadAndWhy() throws {
        let path = matrices.appendingPathComponent("pandas.csv").path
        #expect(try ScoreFiles.read(path: path).notes == [
            "read \(path) as UTF-8, comma-separated, with a header row of mentee ids and a first column of mentor ids: 5 mentors × 7 mentees",
        ])
        #expect(try read("plain.csv").notes.first?.hasSuffix("plain.csv as UTF-8, comma-separated, with no header row and no id column: 5 mentors × 7 mentees") == true)
        #expect(try read("semicolon-decimal-comma.csv").notes.first?.contains("as UTF-8, semicolon-separated (decimal commas), with no header row") == true)
        #expect(try read("utf16le.csv").notes.first?.contains("as UTF-16LE with BOM, tab-separated, with no header row") == true)
        // A decision from numbers says why and which option undoes it.
        #expect(try read("pandas/numeric-labels.csv").notes.dropFirst() == [
            "line 1 holds whole numbers, all different, over scores written as decimals: read as a header of mentee ids (column labels, as pandas writes them); pass --header no if line 1 holds scores",
        ])
        #expect(try read("pandas/default-labels-int.csv").notes.dropFirst() == [
            "line 1 reads 0, 1, 2, pandas' default column labels: read as a header of mentee ids; pass --header no if line 1 holds scores",
        ])
        #expect(try read("pandas/index-no-header.csv").notes.dropFirst() == [
            "column 1 holds whole numbers, all different, beside scores written as decimals: read as mentor ids (an integer index, as pandas writes it); pass --index-column no if column 1 holds scores",
        ])
        #expect(try read("pandas/named-index-numeric-labels-int.csv").notes.dropFirst() == [
            "line 1 starts with 'mentor_id', a name for ids: read as a header of mentee ids; pass --header no if line 1 holds scores",
        ])
        // Whole numbers that could be ids but nothing says so: scores, with a note naming the option.
        let t = try csv("x,1,2\ny,3,4\n")
        #expect(t.ids.mentors == ["x", "y"] && t.ids.mentees == nil && t.scores.mentors == 2)
        #expect(t.notes.last == "line 1 holds whole numbers, all different: read as scores; pass --header yes if they are mentee ids")
        let u = try csv("alice,bob,carol\n1,9,1\n2,3,4\n")
        #expect(u.ids.mentees == ["alice", "bob", "carol"] && u.ids.mentors == nil)
        #expect(u.notes.last == "column 1 holds whole numbers, all different: read as scores; pass --index-column yes if they are mentor ids")
    }

    @Test func aBlankFirstCellOfAMatrixIsNaNNotAHeader() throws {
        #expect(message { _ = try read("pandas/blank-first-cell.csv") }.hasSuffix("blank-first-cell.csv:1: column 1: an empty cell is not a score (NaN); read NaN as a forbidden pair with --nan-forbidden (nanForbidden: true), or write -inf for a forbidden pair"))
        let t = try read("pandas/blank-first-cell.csv", nanForbidden: true)
        #expect(t.scores.mentors == 3 && t.scores.mentees == 3 && t.ids.isEmpty)
        #expect(t.forbidden == [Pair(mentor: 0, mentee: 0)] && t.scores[0, 1] == 9)
        // pandas over its index (whole-number ids): the empty cell heads the id column, said in a note.
        let p = try csv(",1,2\n3,4,5\n6,7,8\n", nanForbidden: true)
        #expect(p.ids.mentors == ["3", "6"] && p.ids.mentees == ["1", "2"])
        #expect(p.notes.last?.hasPrefix("line 1 starts with an empty cell, as pandas writes over its index") == true)
        let q = try csv(",1,2\n3,4,5\n6,7,8\n", nanForbidden: true, header: .no, index: .no)
        #expect(q.scores.mentors == 3 && q.scores.mentees == 3 && q.forbidden == [Pair(mentor: 0, mentee: 0)])
    }

    @Test func optionsOverrideTheRules() throws {
        // A header of whole numbers over whole-number scores: scores unless --header yes.
        let text = "101,102,103\n1,9,1\n9,1,1\n"
        #expect(try csv(text).scores.mentors == 3)
        let h = try csv(text, header: .yes)
        #expect(h.ids.mentees == ["101", "102", "103"] && h.scores.mentors == 2)
        // pandas' labels read as scores when asked.
        let n = try read("pandas/numeric-labels.csv")
        #expect(n.scores.mentors == 3)
        let asScores = try ScoreFiles.read(path: matrices.appendingPathComponent("pandas/numeric-labels.csv").path,
                                           layout: ScoreCSVLayout(header: .no))
        #expect(asScores.scores.mentors == 4 && asScores.scores[0, 0] == 101 && asScores.ids.isEmpty)
        // An index column taken as scores, and whole numbers taken as ids.
        let i = try ScoreFiles.read(path: matrices.appendingPathComponent("pandas/index-no-header.csv").path,
                                    layout: ScoreCSVLayout(indexColumn: .no))
        #expect(i.scores.mentees == 4 && i.scores[0, 0] == 7 && i.ids.isEmpty)
        let ids = try csv("5,1,2\n9,3,4\n", index: .yes)
        #expect(try ids.ids.mentors == ["5", "9"] && ids.scores == ScoreMatrix(rows: [[1, 2], [3, 4]]))
        #expect(ids.notes.first == "read s.csv as UTF-8, comma-separated, with no header row and a first column of mentor ids: 2 mentors × 2 mentees")
        // What the options cannot make true is an error naming the cell.
        #expect(layoutMessage("m,a,b\nx,1,2\n", index: .no) == "s.csv:2: column 1: 'x' is not a number")
        #expect(layoutMessage("a,b\n1,2\n", header: .no, index: .no) == "s.csv:1: column 1: 'a' is not a number")
        #expect(layoutMessage("a,b\n1,2\n", header: .no) == "s.csv:1: column 2: 'b' is not a number")
        #expect(layoutMessage("a,b\n", header: .yes) == "s.csv: the file holds a header (line 1) but no scores")
    }

    @Test func lineOneThatMixesTextAndNumbersNamesBothReadings() {
        #expect(layoutMessage("1,2,x\n3,4,5\n") == "s.csv:1: column 3: 'x' is not a number; line 1 mixes numbers and other text, so it is neither a row of scores nor a header of mentee ids (a header needs every id after the first cell to be text, or an empty first cell as pandas writes); pass --header yes or --header no to say which")
        #expect(layoutMessage("x,1\n2,3\n4,5\n") == "s.csv:1: column 1: 'x' is not a number (every other line starts with a number, so the first column is not one of mentor ids); pass --index-column yes if it is, or --header yes if line 1 is a header")
        let asHeader = try? csv("x,1\n2,3\n4,5\n", header: .yes, index: .no)
        #expect(asHeader?.ids.mentees == ["x", "1"] && asHeader?.scores.mentors == 2)
    }

    @Test func aTrailingDelimiterOnEveryLineIsNotAColumn() async throws {
        let t = try read("pandas/trailing-delimiter.csv")
        #expect(try t.scores == ScoreMatrix(rows: pandasMatrix.map { $0.map { $0 + 0.5 } }))
        #expect(t.notes.dropFirst() == ["a trailing empty column left out (every line ends with a delimiter)"])
        #expect(try await optimum(t) == 28.5)
        // With --nan-forbidden it is not a mentee forbidden to everyone.
        let n = try csv("1,2,\n3,4,\n", nanForbidden: true)
        #expect(n.scores.mentees == 2 && n.forbidden.isEmpty)
        // Under a header with or without its own trailing delimiter; with ids.
        let h = try csv(",a,b,\nx,1,2,\ny,3,4,\n")
        #expect(h.ids.mentees == ["a", "b"] && h.ids.mentors == ["x", "y"] && h.scores.mentees == 2)
        let g = try csv("a,b\n1,2,\n3,4,\n")
        #expect(try g.ids.mentees == ["a", "b"] && g.scores == ScoreMatrix(rows: [[1, 2], [3, 4]]))
        // A last column empty on only some lines is NaN, named where it is.
        #expect(layoutMessage("1,2,\n3,4,5\n").hasPrefix("s.csv:1: column 3: an empty cell is not a score (NaN)"))
        let labelled = layoutMessage("a,b,c\n1,2,\n3,4,\n")
        #expect(labelled.hasPrefix("s.csv:2: column 3: an empty cell is not a score (NaN)"), "\(labelled)")
    }

    @Test func aSingleColumnWithAHeader() async throws {
        let t = try read("pandas/single-column-utf16.csv")
        #expect(try t.scores == ScoreMatrix(rows: [[1], [9], [1]]))
        #expect(t.ids.mentees == ["mentee 0"] && t.ids.mentors == nil)
        #expect(t.notes.first?.hasSuffix("as UTF-16LE with BOM, one column, with a header row of mentee ids and no id column: 3 mentors × 1 mentee") == true)
        #expect(try await optimum(t) == 9)
        #expect(try csv("5\n6\n").scores.values == [5, 6])
    }

    @Test func decimalCommasFollowOneRule() throws {
        // Semicolon files: always decimal commas.
        #expect(try csv("1;2\n1,500;3\n").scores.values == [1, 2, 1.5, 3])
        // Tab files: a comma and three digits is ambiguous unless another number shows decimal commas.
        #expect(layoutMessage("1\t2\n1,500\t3\n") == "s.csv:2: column 1: '1,500' could be 1.500 (a decimal comma) or 1500 (a thousands separator), and no other number in this tab-separated file has a decimal comma; write it without the comma or with a point")
        #expect(layoutMessage("a\tb\nx\t\"-12,000\"\t3\n").hasPrefix("s.csv:2: column 2: '-12,000' could be"))
        #expect(try csv("1\t2,5\n1,500\t3\n").scores.values == [1, 2.5, 1.5, 3])
        let pandas = try read("pandas/tab-decimal-comma.csv")
        #expect(pandas.scores[0, 0] == 1.5 && pandas.scores[2, 1] == 1500.25)
        // Comma files: never.
        #expect(layoutMessage("1,2\n3,\"0,5\"\n") == "s.csv:2: column 2: '0,5' is not a number")
        // The fast path and CellText agree on what a number is.
        for s in ["1", "-0.5", "+.5", "5.", "2.5e-3", "1e", "e5", "0x10", "1,5", "1,5,5", "1.000,5", "--1", "1e999", " 7 "] {
            for (delimiter, dc) in [(";", true), (",", false)] {
                let expected = CellText.reading(s, decimalComma: dc)
                let got: CellText.NumberReading
                do {
                    let t = try ScoreFiles.parseCSV(Data("\"\(s)\"\(delimiter)1\n".utf8), name: "s.csv",
                                                    layout: ScoreCSVLayout(header: .no, indexColumn: .no))
                    got = .number(t.scores[0, 0])
                } catch let e as MatchingError {
                    got = e.message.contains("beyond the range") ? .outOfRange : .notANumber
                }
                #expect(got == expected, "'\(s)' with '\(delimiter)'")
            }
        }
    }

    @Test func delimitersFollowTheParticipantReadersRule() throws {
        // A semicolon file whose decimal commas outnumber the semicolons.
        #expect(try csv("1,5;2,5;3,5\n4,5;5,5;6,5\n").scores.values == [1.5, 2.5, 3.5, 4.5, 5.5, 6.5])
        // A comma file padded with tabs; a tab file with decimal commas.
        #expect(try csv("1,\t2\n3,\t4\n").scores.values == [1, 2, 3, 4])
        #expect(try csv("1,5\t2,5\n3\t4\n").scores.values == [1.5, 2.5, 3, 4])
        // The same rule reads a participant file.
        #expect(try DelimitedText.table(Data("id;role;level\nA;mentor;1,5\n".utf8), name: "p.csv").format == "UTF-8, semicolon-separated")
    }
}
