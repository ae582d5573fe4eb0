import Foundation
import Testing

/// `match` then `rematch` through the real binary, on the traditional fixture.
@Suite("rematch: the next round")
struct RoundCommandTests {
    static let participants = fixture("Fixtures/cohorts/traditional/participants.csv")
    static let config = fixture("Fixtures/cohorts/traditional/program.yaml")

    func lines(_ path: String) throws -> [Substring] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    }

    @Test("round 1 writes history.json; round 2 ends the failed, succeeded and ended pairs, keeps the rest, never repeats them, and writes the same files twice")
    func twoRounds() throws {
        let one = try temporaryDirectory()
        let first = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--out", one])
        #expect(first.code == 0, "\(first.err)")
        let history = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(one)/history.json"))) as? [String: Any])
        #expect(history["format"] as? String == "mentormatch-history" && (history["rounds"] as? [Any])?.count == 1)
        var outputs = [String]()
        for _ in 0..<2 {
            let two = try temporaryDirectory()
            let r = try runCLI(["rematch", "--participants", Self.participants, "--config", Self.config, "--previous", one,
                                "--outcomes", fixture("Fixtures/rounds/traditional-round-1-outcomes.csv"), "--out", two])
            #expect(r.code == 0, "\(r.err)")
            #expect(r.out.contains("round 2:") && r.out.contains("3 ended"), "\(r.out)")
            let changes = try lines("\(two)/changes.csv")
            #expect(changes.first == "mentor_id,mentee_id,change,score,reason")
            #expect(changes.contains("M001,E022,ended,59.4,failed: never matched again"), "\(changes.filter { !$0.contains(",kept,") })")
            #expect(changes.contains { $0.hasPrefix("M002,E103,ended,") && $0.contains("ended: not matched again") })
            // The continuing pairs are kept; no ended pair is matched again.
            #expect(changes.contains { $0.hasPrefix("M004,E007,kept,") } && changes.contains { $0.hasPrefix("M005,E006,kept,") })
            let pairs = try lines("\(two)/assignments.csv").dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") }
            for gone in ["M001,E022", "M001,E119", "M002,E103"] { #expect(!pairs.contains(gone), "\(gone) matched again") }
            let h = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(two)/history.json"))) as? [String: Any])
            let rounds = try #require(h["rounds"] as? [[String: Any]])
            #expect(rounds.count == 2 && (rounds[0]["outcomes"] as? [Any])?.count == 4, "\(rounds.first?["outcomes"] ?? "")")
            let json = try String(contentsOfFile: "\(two)/assignments.json", encoding: .utf8)
            #expect(json.hasPrefix("{\"round\":2,"))
            let html = try String(contentsOfFile: "\(two)/report.html", encoding: .utf8)
            #expect(html.contains("round 2</h1>") && html.contains("<h2>Since round 1</h2>"))
            outputs.append(try String(contentsOfFile: "\(two)/changes.csv", encoding: .utf8) + (try String(contentsOfFile: "\(two)/history.json", encoding: .utf8)))
        }
        #expect(outputs[0] == outputs[1], "rematch is not deterministic")
        // New weights (as `learn` writes them): the report shows them beside the last round's.
        let reweighted = "\(try temporaryDirectory())/program.yaml"
        try (try String(contentsOfFile: Self.config, encoding: .utf8)).replacingOccurrences(of: "skillGap: 10", with: "skillGap: 7").write(toFile: reweighted, atomically: true, encoding: .utf8)
        let three = try temporaryDirectory()
        let r = try runCLI(["rematch", "--participants", Self.participants, "--config", reweighted, "--previous", one, "--out", three])
        #expect(r.code == 0, "\(r.err)")
        let html = try String(contentsOfFile: "\(three)/report.html", encoding: .utf8)
        #expect(html.contains("<h3>Criterion weights</h3>") && html.contains("<tr><td>Skills the mentee wants to learn</td><td class=\"num\">10.0</td><td class=\"num\">7.0</td></tr>"), "\(html.components(separatedBy: "Criterion weights").last?.prefix(400) ?? "")")
    }

    @Test("after round 2, explain and check with --previous name the pairs the history forbids (failed; ended without rounds.repeatEnded), as rematch excluded them")
    func historyNamed() throws {
        let one = try temporaryDirectory(), two = try temporaryDirectory()
        #expect(try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--out", one]).code == 0)
        let r = try runCLI(["rematch", "--participants", Self.participants, "--config", Self.config, "--previous", one,
                            "--outcomes", fixture("Fixtures/rounds/traditional-round-1-outcomes.csv"), "--out", two])
        #expect(r.code == 0, "\(r.err)")
        let base = ["--participants", Self.participants, "--config", Self.config]
        let failed = try runCLI(["explain"] + base + ["--mentor", "M001", "--mentee", "E022", "--previous", two])
        #expect(failed.code == 0 && failed.out.contains("excluded: the program's history (\(two)): M001–E022 failed in round 1: never matched again"), "\(failed.out)\(failed.err)")
        let ended = try runCLI(["explain"] + base + ["--mentor", "M002", "--mentee", "E103", "--previous", two])
        #expect(ended.out.contains("M002–E103 ended in round 1: not matched again (rounds.repeatEnded)"), "\(ended.out)")
        // Without the history the same pair is allowed; a continuing pair is allowed with it.
        #expect(try runCLI(["explain"] + base + ["--mentor", "M002", "--mentee", "E103"]).out.contains("\nallowed\n"))
        #expect(try runCLI(["explain"] + base + ["--mentor", "M004", "--mentee", "E007", "--previous", two]).out.contains("\nallowed\n"))
        // why-not does not solve for a pair the history forbids.
        let whyNot = try runCLI(["explain"] + base + ["--mentee", "E022", "--why-not", "M001", "--previous", two])
        #expect(whyNot.code == 0 && !whyNot.out.contains("why not"), "\(whyNot.out)")
        let check = try runCLI(["check"] + base + ["--previous", two])
        #expect(check.code == 0 && check.out.contains("3 pairs of today's people excluded by the program's history (\(two), 2 round(s)): 1 failed before, 2 ended (rounds.repeatEnded: false)"), "\(check.out)")
        // With repeatEnded only the failure stays.
        let repeating = "\(try temporaryDirectory())/program.yaml"
        try (try String(contentsOfFile: Self.config, encoding: .utf8) + "rounds:\n  repeatEnded: true\n").write(toFile: repeating, atomically: true, encoding: .utf8)
        let again = try runCLI(["check", "--participants", Self.participants, "--config", repeating, "--previous", two])
        #expect(again.out.contains("1 pairs of today's people excluded by the program's history (\(two), 2 round(s)): 1 failed before, 0 ended\n"), "\(again.out)\(again.err)")
        let missing = try runCLI(["check"] + base + ["--previous", try temporaryDirectory()])
        #expect(missing.code == 2 && missing.out.contains("no history here"), "\(missing.out)")
    }

    @Test("bad outcomes get one line per problem naming the line; a directory without history says what to pass")
    func badInputs() throws {
        let one = try temporaryDirectory()
        #expect(try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--out", one]).code == 0)
        let bad = "\(try temporaryDirectory())/outcomes.csv"
        try "mentor_id,mentee_id,outcome,mentee_rating\nM001,E999,failed,\nM002,E001,failed,\nM001,E022,,7\nM001,E119,faild,\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try runCLI(["rematch", "--participants", Self.participants, "--config", Self.config, "--previous", one, "--outcomes", bad, "--out", try temporaryDirectory()])
        #expect(r.code == 2, "\(r.err)")
        for words in ["line 4: mentee_rating '7' is not a whole number from 1 to 5", "line 5: outcome 'faild'", "line 2: 'E999' is not a participant", "line 3: M002–E001 was never matched"] {
            #expect(r.err.contains(words), "missing '\(words)' in \(r.err)")
        }
        let none = try runCLI(["rematch", "--participants", Self.participants, "--config", Self.config, "--previous", try temporaryDirectory(), "--out", try temporaryDirectory()])
        #expect(none.code == 2 && none.err.contains("no history here"), "\(none.err)")
    }
}

/// `mentor-match diff` between two rounds, against the round's own changes.
@Suite("diff of two runs")
struct DiffCommandTests {
    @Test("diff of round 1 and round 2: the kept mentees are those of changes.csv's kept pairs, every other mentee changed, added or removed, with the CSV the same")
    func againstChanges() throws {
        let participants = fixture("Fixtures/cohorts/traditional/participants.csv"), config = fixture("Fixtures/cohorts/traditional/program.yaml")
        let one = try temporaryDirectory(), two = try temporaryDirectory()
        #expect(try runCLI(["match", "--participants", participants, "--config", config, "--out", one]).code == 0)
        #expect(try runCLI(["rematch", "--participants", participants, "--config", config, "--previous", one,
                            "--outcomes", fixture("Fixtures/rounds/traditional-round-1-outcomes.csv"), "--out", two]).code == 0)
        let csv = "\(try temporaryDirectory())/diff.csv"
        let d = try runCLI(["diff", one, two, "--out", csv])
        #expect(d.code == 0, "\(d.err)")
        let changes = try String(contentsOfFile: "\(two)/changes.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        let keptByChanges = Set(changes.filter { $0[2] == "kept" }.map { String($0[1]) })
        let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let keptByDiff = Set(rows.filter { $0[1] == "kept" }.map { String($0[0]) })
        #expect(keptByDiff == keptByChanges)
        #expect(d.out.hasPrefix("\(keptByDiff.count) kept, "), "\(d.out)")
        #expect(rows.filter { $0[1] != "kept" }.allSatisfy { r in changes.contains { $0[1] == r[0] && $0[2] != "kept" } })
        let other = try runCLI(["diff", one, try temporaryDirectory()])
        #expect(other.code == 2 && other.err.contains("assignments.json: cannot be read"))
    }
}
