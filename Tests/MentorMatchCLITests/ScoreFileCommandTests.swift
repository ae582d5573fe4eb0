import Foundation
import Testing

@Suite("mentor-match solve --scores with ids, forbidden cells and NaN")
struct ScoreFileCommandTests {
    /// A temporary file holding `text`.
    func file(_ name: String, _ text: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mm-scores-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func aPandasCSVPrintsIds() throws {
        let r = try runCLI(["solve", "--scores", "Fixtures/matrices/pandas.csv"])
        #expect(r.code == 0, "\(r.err)")
        let json = try object(r.out)
        #expect(json["objective"] as? Double == 382.75)
        // Indices as before; ids alongside, in the same order.
        #expect(json["pairs"] as? [[Int]] == [[0, 3], [1, 0], [2, 5], [3, 1], [4, 6]])
        #expect(json["pairIds"] as? [[String]] == [["ada", "m04"], ["grace", "m01"], ["Smith, J", "m06"], ["linus", "m02"], ["barbara", "m07"]])
        #expect(json["unmatched"] as? [Int] == [2, 4])
        #expect(json["unmatchedIds"] as? [String] == ["m03", "m05"])

        let text = try runCLI(["solve", "--scores", "Fixtures/matrices/pandas.csv", "--format", "text"])
        #expect(text.code == 0, "\(text.err)")
        #expect(text.out.contains("unmatched mentees: m03, m05"), "\(text.out)")
        #expect(text.out.contains("  mentor 'Smith, J' ← mentees 'm06'"), "\(text.out)")

        // Without ids the JSON is as it always was: no pairIds.
        let plain = try object(runCLI(["solve", "--scores", "Fixtures/matrices/plain.csv"]).out)
        #expect(plain["pairIds"] == nil && plain["objective"] as? Double == 382.75)
    }

    @Test func diagnosticsAndErrorsNameTheIds() throws {
        let csv = try file("inf.csv", "m,a,b\nx,-inf,1\ny,-Inf,2\n")
        let r = try runCLI(["solve", "--scores", csv.path, "--mentee-demand", "1:1"])
        #expect(r.code == 1)
        #expect(r.err.contains("mentee 0 (id 'a') must be matched but has no allowed mentor"), "\(r.err)")
        #expect(try object(r.out)["diagnostics"] as? [String] == [
            "auto: a network problem: solved exactly by successive shortest paths",
            "mentee 0 (id 'a') must be matched but has no allowed mentor",
        ])
        let bad = try runCLI(["solve", "--scores", csv.path, "--mentor-load", "2:1"])
        #expect(bad.code == 2 && bad.err.contains("mentor 0 (id 'x') has load bounds 2…1"), "\(bad.err)")
    }

    @Test func nanIsAnErrorUnlessNanForbidden() throws {
        let csv = try file("nan.csv", "m,a,b\nx,nan,1\ny,2,\n")
        let refused = try runCLI(["solve", "--scores", csv.path])
        #expect(refused.code == 2 && refused.out.isEmpty)
        #expect(refused.err.contains("nan.csv:2: column 2: nan is not a score (NaN); read NaN as a forbidden pair with --nan-forbidden"), "\(refused.err)")

        let r = try runCLI(["solve", "--scores", csv.path, "--nan-forbidden"])
        #expect(r.code == 0, "\(r.err)")
        let json = try object(r.out)
        // (x, a) and (y, b) are forbidden, so the best is x–b and y–a, not x–a.
        #expect(json["objective"] as? Int == 3)
        #expect(json["pairIds"] as? [[String]] == [["x", "b"], ["y", "a"]])

        let inf = try file("inf.csv", "1,2\n3,inf\n")
        let infinite = try runCLI(["solve", "--scores", inf.path, "--nan-forbidden"])
        #expect(infinite.code == 2 && infinite.err.contains("inf.csv:2: column 2: inf is not a score"), "\(infinite.err)")

        let generated = try runCLI(["solve", "--generate", "3x5", "--nan-forbidden"])
        #expect(generated.code == 64 && generated.err.contains("--nan-forbidden goes with --scores or --problem"))
    }

    @Test func aProblemFileTakesTheScoreFilesForbiddenCellsAndIds() throws {
        let dir = try file("scores.csv", ",a,b,c\nx,5,-inf,1\ny,4,6,\n").deletingLastPathComponent()
        let problem = dir.appendingPathComponent("p.json")
        try Data(#"{"scores": "scores.csv", "forbidden": [[1, 0]]}"#.utf8).write(to: problem)
        let refused = try runCLI(["solve", "--problem", problem.path])
        #expect(refused.code == 2 && refused.err.contains("scores.csv:3: column 4: an empty cell is not a score"), "\(refused.err)")
        let r = try runCLI(["solve", "--problem", problem.path, "--nan-forbidden"])
        #expect(r.code == 0, "\(r.err)")
        let json = try object(r.out)
        // Forbidden: (x, b) from -inf, (y, c) from NaN, (y, a) from the problem file: x–a 5 + y–b 6.
        #expect(json["objective"] as? Int == 11)
        #expect(json["pairIds"] as? [[String]] == [["x", "a"], ["y", "b"]])
    }

    @Test func howTheFileWasReadIsANoteOnStandardError() throws {
        let r = try runCLI(["solve", "--scores", "Fixtures/matrices/pandas/numeric-labels.csv"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("note: read Fixtures/matrices/pandas/numeric-labels.csv as UTF-8, comma-separated, with a header row of mentee ids and no id column: 3 mentors × 3 mentees\n"), "\(r.err)")
        #expect(r.err.contains("note: line 1 holds whole numbers, all different, over scores written as decimals: read as a header of mentee ids"), "\(r.err)")
        let json = try object(r.out)
        #expect(json["objective"] as? Double == 27)
        #expect(json["pairIds"] as? [[AnyHashable]] == [[0, "102"], [1, "101"], [2, "103"]])

        let trailing = try runCLI(["solve", "--scores", "Fixtures/matrices/pandas/trailing-delimiter.csv", "--nan-forbidden"])
        #expect(trailing.code == 0 && trailing.err.contains("note: a trailing empty column left out (every line ends with a delimiter)"), "\(trailing.err)")
        #expect(try object(trailing.out)["objective"] as? Double == 28.5)

        let single = try runCLI(["solve", "--scores", "Fixtures/matrices/pandas/single-column-utf16.csv"])
        #expect(single.code == 0 && single.err.contains("as UTF-16LE with BOM, one column, with a header row of mentee ids"), "\(single.err)")
        #expect(try object(single.out)["pairIds"] as? [[AnyHashable]] == [[1, "mentee 0"]])
    }

    @Test func headerAndIndexColumnOptions() throws {
        let csv = try file("s.csv", "101,102,103\n1,9,1\n9,1,1\n1,1,9\n")
        let auto = try runCLI(["solve", "--scores", csv.path])
        #expect(auto.code == 0 && auto.err.contains("with no header row and no id column: 4 mentors × 3 mentees"), "\(auto.err)")
        let header = try runCLI(["solve", "--scores", csv.path, "--header", "yes"])
        #expect(header.code == 0 && header.err.contains("with a header row of mentee ids and no id column: 3 mentors × 3 mentees"), "\(header.err)")
        #expect(try object(header.out)["objective"] as? Double == 27)

        let index = try runCLI(["solve", "--scores", "Fixtures/matrices/pandas/index-no-header.csv", "--index-column", "no"])
        #expect(index.code == 0 && index.err.contains("with no header row and no id column: 3 mentors × 4 mentees"), "\(index.err)")

        let bad = try runCLI(["solve", "--scores", csv.path, "--header", "maybe"])
        #expect(bad.code == 64 && bad.err.contains("--header must be yes, no or auto, not 'maybe'"), "\(bad.err)")
        let npy = try runCLI(["solve", "--scores", "Fixtures/matrices/reference.npy", "--index-column", "yes"])
        #expect(npy.code == 64 && npy.err.contains("--header and --index-column go with a CSV --scores file"), "\(npy.err)")

        let mixed = try runCLI(["solve", "--scores", try file("m.csv", "1,2,x\n3,4,5\n").path])
        #expect(mixed.code == 2 && mixed.err.contains("pass --header yes or --header no to say which"), "\(mixed.err)")
    }
}
