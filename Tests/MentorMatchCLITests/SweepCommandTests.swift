import Foundation
import Testing

/// `mentor-match sweep` through the binary.
@Suite("mentor-match sweep")
struct SweepCommandTests {
    static let participants = fixture("Fixtures/cohorts/traditional/participants.csv")
    static let config = fixture("Fixtures/cohorts/traditional/program.yaml")

    @Test("a grid writes one row per point with the weights, the config's own weight changes no pair, samples repeat for a seed, and mistakes are one line with exit 64")
    func sweep() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        let r = try runCLI(["sweep", "--participants", Self.participants, "--config", Self.config, "--grid", "skillGap=0..10:3", "--out", a])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("sweep of skillGap: 3 point(s) in ") && r.out.contains("3 of 3 point(s) proven optimal"), "\(r.out)")
        let rows = try String(contentsOfFile: "\(a)/sweep.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows[0].prefix(4) == ["skillGap", "objective", "bound", "gap"] && rows.count == 4)
        #expect(rows.dropFirst().map { $0[0] } == ["0", "5", "10"])
        // The bundled config weighs skillGap 10: that point is the config's own matching.
        let changed = try #require(rows[0].firstIndex(of: "changed"))
        #expect(rows[3][changed] == "0" && rows[1][changed] != "0")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(a)/sweep.json"))) as? [String: Any])
        #expect((json["points"] as? [Any])?.count == 3 && json["criteria"] as? [String] == ["skillGap"])
        for dir in [a, b] {
            #expect(try runCLI(["sweep", "--participants", Self.participants, "--config", Self.config, "--grid", "skillGap=2..8:2,values=1..9:2", "--samples", "4", "--seed", "9", "--out", "\(dir)/s"]).code == 0)
        }
        #expect(FileManager.default.contents(atPath: "\(a)/s/sweep.csv") == FileManager.default.contents(atPath: "\(b)/s/sweep.csv"))
        let bad = try runCLI(["sweep", "--participants", Self.participants, "--config", Self.config, "--grid", "skilGap=0..10:3"])
        #expect(bad.code == 64 && bad.err.contains("unknown criterion 'skilGap'"), "\(bad.err)")
        #expect(try runCLI(["sweep", "--participants", Self.participants]).code == 64)
        // An --out that cannot be a directory is one line at once, before any point is solved
        // (a break-it run found it reported only after the whole sweep).
        let blocker = "\(a)/a-file"
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        for command in [["sweep", "--grid", "skillGap=0..10:3"], ["front", "--versus", "participation"]] {
            let blocked = try runCLI(command + ["--participants", Self.participants, "--config", Self.config, "--out", "\(blocker)/out"])
            #expect(blocked.code == 2 && blocked.err.contains("a-file/out: cannot create the directory"), "\(command[0]): \(blocked.err)")
            #expect(blocked.out.isEmpty && blocked.err.split(separator: "\n").count == 1, "\(command[0]) solved before failing: \(blocked.out)")
        }
    }

    @Test("points that are not proven are explained in the summary, one line per way their solves ended, and their counts add up")
    func unprovenPointsSayWhy() throws {
        // A crossShare rule sends the program to GLPK (found by a break-it run: a point shown
        // with a 0.00 % gap and no word on why it was not proven).
        let dir = try temporaryDirectory()
        let config = "\(dir)/cross.yaml"
        var text = try String(contentsOfFile: Self.config, encoding: .utf8)
        text = text.replacingOccurrences(of: "  rules:\n", with: "  rules:\n    - {kind: crossShare, attribute: department, minShare: 0.97}\n")
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let r = try runCLI(["sweep", "--participants", Self.participants, "--config", config, "--grid", "skillGap=0..10:5", "--parallel", "1"])
        #expect(r.code == 0, "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        let summary = try #require(lines.first { $0.contains("point(s) proven optimal") })
        let proven = try #require(Int(summary.prefix { $0 != " " }))
        let explained = lines.filter { $0.hasPrefix("not proven at ") }
            .map { Int($0.dropFirst("not proven at ".count).prefix { $0 != " " }) ?? -1 }
        #expect(proven + explained.reduce(0, +) == 5, "\(r.out)")
        #expect(explained.allSatisfy { $0 > 0 })
    }
}
