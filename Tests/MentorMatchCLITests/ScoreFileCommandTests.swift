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
}
