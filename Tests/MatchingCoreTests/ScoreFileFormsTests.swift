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
    let report = try await HungarianSolver().solve(table.problem(), options: SolveOptions())
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
