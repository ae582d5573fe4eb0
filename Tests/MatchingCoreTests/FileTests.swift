import Foundation
import MatchingCore
import MatchingIO
import Testing

@Suite("Score and problem files")
struct FileTests {
    func csvError(_ text: String) -> String {
        do {
            _ = try ScoreFiles.parseCSV(Data(text.utf8), name: "s.csv")
            return "no error"
        } catch let e as MatchingError { return e.message } catch { return "\(error)" }
    }

    @Test func csvReadsRowsAsMentors() throws {
        let m = try ScoreFiles.parseCSV(Data("1, 2,3\r\n4,5.5,-6\n\n".utf8), name: "s.csv").scores
        #expect(m.mentors == 2 && m.mentees == 3)
        #expect(m[1, 1] == 5.5 && m[1, 2] == -6)
    }

    @Test func csvErrorsNameLineAndColumn() {
        #expect(csvError("1,2\n3,x\n") == "s.csv:2: column 2: 'x' is not a number")
        #expect(csvError("1,2\n3,4,5\n") == "s.csv:2: 3 cells, but line 1 has 2")
        #expect(csvError("1,2\n3,nan\n").hasPrefix("s.csv:2: column 2: nan is not a score (NaN)"))
        #expect(csvError("1,2\n\n3,4\n") == "s.csv:2: blank line inside the matrix")
        #expect(csvError("") == "s.csv: the file holds no scores")
    }

    func npy(descr: String, shape: String, fortran: Bool = false, body: [UInt8]) -> Data {
        var header = "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var d = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        d.append(contentsOf: Array(header.utf8))
        d.append(contentsOf: body)
        return d
    }

    func bytes<T>(_ values: [T]) -> [UInt8] { values.withUnsafeBytes { Array($0) } }

    @Test func npyReadsFloat64AndInt64InCOrder() throws {
        let f = try ScoreFiles.parseNPY(npy(descr: "<f8", shape: "(2, 3)", body: bytes([1.0, 2, 3, 4, 5, 6.5])), name: "a.npy").scores
        #expect(f.mentors == 2 && f.mentees == 3 && f[1, 2] == 6.5 && f[0, 1] == 2)
        let i = try ScoreFiles.parseNPY(npy(descr: "<i8", shape: "(3, 1)", body: bytes([Int64(7), -8, 9])), name: "b.npy").scores
        #expect(i.mentors == 3 && i.mentees == 1 && i[1, 0] == -8)
    }

    @Test func npyRejectsWhatItCannotRead() {
        func message(_ d: Data) -> String {
            do { _ = try ScoreFiles.parseNPY(d, name: "a.npy"); return "no error" } catch let e as MatchingError { return e.message } catch { return "\(error)" }
        }
        #expect(message(npy(descr: "<c16", shape: "(1, 1)", body: Array(repeating: 0, count: 16))).contains("dtype '<c16' is not supported"))
        #expect(message(npy(descr: "<f8", shape: "(4,)", body: bytes([1.0, 2, 3, 4]))).contains("is not a 2-D matrix"))
        #expect(message(npy(descr: "<f8", shape: "(2, 2)", body: bytes([1.0, 2, 3]))).contains("needs 32"))
        #expect(message(npy(descr: "<f8", shape: "(1, 1)", body: bytes([Double.nan]))).hasPrefix("a.npy: row 0, column 0 (0-based): nan is not a score"))
        #expect(message(Data("hello".utf8)).contains("not a NumPy .npy file"))
    }

    func problemError(_ json: String) -> String {
        do {
            _ = try ProblemFile.parse(Data(json.utf8), name: "p.json", baseDirectory: "/nonexistent")
            return "no error"
        } catch let e as MatchingError { return e.message } catch { return "\(error)" }
    }

    @Test func problemFileParsesEveryKey() throws {
        let json = """
            {"scores": [[1, 2, 3], [4, 5, 6]], "mentorLoad": [{"min": 1, "max": 2}, {"max": 3}],
             "menteeDemand": {"min": 0, "max": 2}, "forbidden": [[0, 2]], "fixed": [[1, 0]],
             "separations": [[0, 1]], "mentorAttributes": {"d": ["a", "b"]},
             "menteeAttributes": {"d": ["a", "b", "b"], "level": [1, 2, 2]},
             "constraints": [{"kind": "maxPerMentor", "attribute": "d", "limit": 1},
                             {"kind": "quota", "attribute": "level", "value": 2, "min": 1},
                             {"kind": "composition", "attribute": "d", "value": "a", "max": 1},
                             {"kind": "crossShare", "attribute": "d", "minShare": 0.5},
                             {"kind": "parity", "attribute": "d", "margin": 0.25},
                             {"kind": "scoreParity", "attribute": "d", "margin": 1.5}],
             "objective": "maxMin", "unmatchedPenalty": [1, 2, 3]}
            """
        let p = try ProblemFile.parse(Data(json.utf8), name: "p.json", baseDirectory: "/")
        #expect(p.mentorLoad == [CountRange(min: 1, max: 2), CountRange(min: 0, max: 3)])
        #expect(p.menteeDemand == Array(repeating: CountRange(min: 0, max: 2), count: 3))
        #expect(p.forbidden == [Pair(mentor: 0, mentee: 2)] && p.fixed == [Pair(mentor: 1, mentee: 0)])
        #expect(p.menteeAttributes["level"] == ["1", "2", "2"])
        #expect(p.constraints == [
            .maxPerMentor(attribute: "d", limit: 1),
            .quota(attribute: "level", value: "2", count: CountRange(min: 1, max: .max)),
            .composition(attribute: "d", value: "a", count: CountRange(min: 0, max: 1)),
            .crossShare(attribute: "d", minShare: 0.5),
            .parity(attribute: "d", margin: 0.25),
            .scoreParity(attribute: "d", margin: 1.5),
        ])
        #expect(p.objective == .maxMin && p.unmatchedPenalty == [1, 2, 3])
    }

    @Test func problemFileErrorsNameTheKeyPath() {
        #expect(problemError("{}") == "p.json: the key 'scores' is missing")
        #expect(problemError("{\"scores\": [[1]], \"mentorLoads\": {}}").hasPrefix("p.json: unknown key 'mentorLoads'"))
        #expect(problemError("{\"scores\": [[1]], \"constraints\": [{\"kind\": \"quota\", \"attribute\": \"d\"}]}")
            == "p.json: constraints[0]: quota needs the key 'value'")
        #expect(problemError("{\"scores\": [[1]], \"constraints\": [{\"kind\": \"cap\"}]}")
            == "p.json: constraints[0].kind: 'cap' is not one of maxPerMentor, quota, composition, crossShare, parity, scoreParity")
        #expect(problemError("{\"scores\": [[1]], \"constraints\": [{\"kind\": \"maxPerMentor\", \"attribute\": \"d\", \"limit\": 1.5}]}")
            == "p.json: constraints[0].limit: 1.5 is not a whole number")
        #expect(problemError("{\"scores\": [[1, 2], [3]]}") == "p.json: scores: score matrix row 1 has 1 values, row 0 has 2")
        #expect(problemError("{\"scores\": [[1, true]]}") == "p.json: scores[0][1]: expected a number")
        #expect(problemError("{\"scores\": \"missing.csv\"}").hasPrefix("/nonexistent/missing.csv: cannot read the file"))
        #expect(problemError("{\"scores\": [[1]], \"menteeDemand\": [{\"min\": 0}, {\"min\": 1}]}") == "p.json: menteeDemand: has 2 entries; expected 1")
        #expect(problemError("{\"scores\": [[1]], \"fixed\": [[0, 4]]}") == "p.json: fixed pair 0,4: mentee 4 is out of range 0..<1")
        #expect(problemError("{\"scores\": [[1]], \"objective\": \"best\"}") == "p.json: objective: 'best' is not one of total, maxMin")
        #expect(problemError("not json").hasPrefix("p.json: not valid JSON"))
    }
}
