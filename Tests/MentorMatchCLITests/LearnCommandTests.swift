import Compatibility
import Foundation
import MatchingIO
import Programs
import Testing

/// `mentor-match learn` and `simulate` through the binary, on the round of
/// `Fixtures/rounds` (see its README for how it was made).
@Suite("mentor-match learn and simulate, end to end")
struct LearnCommandTests {
    let participants = fixture("Fixtures/rounds/participants.csv")
    let config = fixture("Fixtures/rounds/program.yaml")
    let outcomes = fixture("Fixtures/rounds/outcomes.csv")

    /// `Fixtures/rounds/outcomes.csv` with `change` applied to its lines (header first), written to a temporary file.
    func outcomesVariant(_ change: ([String]) -> [String]) throws -> String {
        let lines = try String(contentsOfFile: outcomes, encoding: .utf8).split(separator: "\n").map(String.init)
        let path = try temporaryDirectory() + "/outcomes.csv"
        try Data((change(lines).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func learn(_ outcomes: String, _ extra: [String] = []) throws -> (code: Int32, out: String, err: String) {
        try runCLI(["learn", "--participants", participants, "--config", config, "--outcomes", outcomes, "--resamples", "30"] + extra)
    }

    @Test("learns, validates against the current weights, and writes a config that differs only in its weights")
    func learnsAndWrites() throws {
        let dir = try temporaryDirectory()
        let r = try learn(outcomes, ["--out", "\(dir)/learned.yaml"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("learning from 155 rated pair(s): "))
        for part in ["held-out validation, 5 stratified folds (seed 1)", "current weights", "learned weights", "calibration, learned weights",
                     "weights (0–10, largest = 10; 95 % bootstrap interval over 30 resamples", "suggested must-haves", "selection bias:",
                     "mbti has the same value (0.50) in every rated pair", "wrote \(dir)/learned.yaml"] {
            #expect(r.out.contains(part), "missing: \(part)\n\(r.out)")
        }
        let before = try ConfigFile.read(ProgramConfig.self, path: config)
        let after = try ConfigFile.read(ProgramConfig.self, path: "\(dir)/learned.yaml")
        #expect(after.compatibility.weights != before.compatibility.weights)
        #expect(after.compatibility.weights.values.max() == 10 && after.compatibility.weights.count == Criterion.allCases.count)
        var same = after
        same.compatibility.weights = before.compatibility.weights
        #expect(same == before)
        // The written weights are the report's "learned" column.
        for (name, w) in after.compatibility.weights {
            let row = try #require(r.out.split(separator: "\n").first { $0.hasPrefix("  \(name) ") })
            #expect(row.split(separator: " ", omittingEmptySubsequences: true)[2] == Substring(String(format: "%.1f", w)), "\(row)")
        }
        // JSON out too; an existing file is kept without --force; the input config is never the output.
        #expect(try learn(outcomes, ["--out", "\(dir)/learned.json"]).code == 0)
        #expect(try ConfigFile.read(ProgramConfig.self, path: "\(dir)/learned.json") == after)
        let again = try learn(outcomes, ["--out", "\(dir)/learned.yaml"])
        #expect(again.code == 2 && again.err.contains("already exists; pass --force"))
        #expect(try learn(outcomes, ["--out", config]).code == 64)
    }

    @Test("--apply-must-haves writes the printed suggestions into the config and nothing else beyond the weights; without --out it is a usage error")
    func appliesMustHaves() throws {
        let dir = try temporaryDirectory()
        let r = try learn(outcomes, ["--out", "\(dir)/learned.yaml", "--apply-must-haves"])
        #expect(r.code == 0, "\(r.err)")
        // The suggestions as printed: "  mustHave.<criterion>: <threshold> — …".
        let printed = r.out.split(separator: "\n").filter { $0.hasPrefix("  mustHave.") }.map { line -> (String, Double) in
            let head = line.dropFirst(11).split(separator: " ")[0...1]
            return (String(head.first!.dropLast()), Double(head.last!)!)
        }
        #expect(!printed.isEmpty, "the fixture's outcomes suggest no must-have: \(r.out)")
        let before = try ConfigFile.read(ProgramConfig.self, path: config)
        let after = try ConfigFile.read(ProgramConfig.self, path: "\(dir)/learned.yaml")
        var expected = before.compatibility.mustHave
        for (criterion, threshold) in printed { expected[criterion] = threshold }
        #expect(after.compatibility.mustHave == expected && expected != before.compatibility.mustHave, "\(after.compatibility.mustHave)")
        var same = after
        same.compatibility.weights = before.compatibility.weights
        same.compatibility.mustHave = before.compatibility.mustHave
        #expect(same == before)
        #expect(r.out.contains("must-haves written: mustHave.\(printed[0].0): "))
        // Without the flag the config keeps its must-haves and says so.
        let plain = try learn(outcomes, ["--out", "\(dir)/plain.yaml"])
        #expect(try ConfigFile.read(ProgramConfig.self, path: "\(dir)/plain.yaml").compatibility.mustHave == before.compatibility.mustHave)
        #expect(plain.out.contains("the suggested must-haves were not written (--apply-must-haves writes them)"))
        #expect(try learn(outcomes, ["--apply-must-haves"]).code == 64)
        // An empty `mustHave:` reads as none, when checked and when written.
        let empty = "\(dir)/empty-musthave.yaml"
        let text = try String(contentsOfFile: config, encoding: .utf8)
        try (text.contains("mustHave:") ? text.replacingOccurrences(of: "mustHave: {}", with: "mustHave:") : text.replacingOccurrences(of: "compatibility:\n", with: "compatibility:\n  mustHave:\n"))
            .write(toFile: empty, atomically: true, encoding: .utf8)
        let e = try runCLI(["learn", "--participants", participants, "--config", empty, "--outcomes", outcomes, "--resamples", "30", "--out", "\(dir)/from-empty.yaml", "--apply-must-haves"])
        let written = try ConfigFile.read(ProgramConfig.self, path: "\(dir)/from-empty.yaml")
        #expect(e.code == 0 && written.compatibility.mustHave == expected, "\(e.err)")
    }

    @Test("the same inputs print the same report, byte for byte; rounds give leave-one-round-out validation")
    func deterministic() throws {
        let a = try learn(outcomes), b = try learn(outcomes)
        #expect(a.code == 0 && a.out == b.out)
        #expect(try learn(outcomes, ["--seed", "2"]).out != a.out)
        let rounds = try outcomesVariant { lines in [lines[0]] + lines.dropFirst().enumerated().map { k, l in l.replacingOccurrences(of: ",1", with: ",\(k % 2 + 1)") } }
        let r = try learn(rounds)
        #expect(r.code == 0 && r.out.contains("held-out validation, leave one round out (rounds 1, 2)"), "\(r.out)")
        #expect(r.out.contains("per fold, AUC current → learned: round 1 ("))
    }

    @Test("a bad outcomes file: every problem on its own line, naming the line")
    func badFile() throws {
        let bad = try outcomesVariant { lines in
            var l = [lines[0] + ",mentor_rating"] + lines.dropFirst().map { $0 + "," }
            l[4] = l[4].replacingOccurrences(of: "succeeded", with: "suceeded").replacingOccurrences(of: "failed", with: "faild")
            l[8] = l[8] + "7"
            return l
        }
        let r = try learn(bad)
        #expect(r.code == 2 && r.out.isEmpty)
        let lines = r.err.split(separator: "\n")
        #expect(lines.contains { $0.contains("\(bad): line 5: outcome '") && $0.contains("did you mean") }, "\(r.err)")
        #expect(lines.contains { $0.contains("\(bad): line 9: mentor_rating '7' is not a whole number from 1 to 5") }, "\(r.err)")
        #expect(lines.last == "mentor-match: 2 problem(s) in \(bad)")
    }

    @Test("outcomes naming people not in the participants file: one line each, then stop — or leave them out when asked")
    func unknownPeople() throws {
        let unknown = try outcomesVariant { $0 + ["M999,E001,failed,1", "M001,X42,succeeded,1", "E001,M001,failed,1"] }
        let r = try learn(unknown)
        #expect(r.code == 2)
        #expect(r.err.contains("\(unknown): line 157: 'M999' is not a participant"), "\(r.err)")
        #expect(r.err.contains("\(unknown): line 158: 'X42' is not a participant"))
        let skipped = try learn(unknown, ["--skip-unknown"])
        #expect(skipped.code == 0, "\(skipped.err)")
        #expect(skipped.err.contains("note: \(unknown): line 157: 'M999' is not a participant (left out)"))
        // The swapped pair is people who exist, but not as mentor and mentee: named too.
        #expect(skipped.err.contains("line 159: 'E001' is not a mentor"), "\(skipped.err)")
        #expect(skipped.out.hasPrefix("learning from 155 rated pair(s): ") && skipped.out.contains("3 not a pair of this program"), "\(skipped.out)")
    }

    @Test("comments and profile contents are never printed")
    func confidential() throws {
        let commented = try outcomesVariant { lines in
            [lines[0] + ",comment"] + lines.dropFirst().map { $0 + ",confidential remark about the mentor" }
        }
        let r = try learn(commented)
        #expect(r.code == 0)
        for secret in ["confidential", "design-systems", "UTC-8", "Wed 15-18", "M001", "E017"] {
            #expect(!r.out.contains(secret) && !r.err.contains(secret), "\(secret)")
        }
    }

    @Test("too few outcomes: the report says so, nothing is written, exit 1")
    func tooFew() throws {
        let few = try outcomesVariant { Array($0.prefix(11)) }
        let dir = try temporaryDirectory()
        let r = try learn(few, ["--out", "\(dir)/learned.yaml"])
        #expect(r.code == 1)
        #expect(r.out.contains("too few outcomes to learn from: 10 rated pair(s)"), "\(r.out)")
        #expect(r.err.contains("nothing learned, so \(dir)/learned.yaml was not written"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/learned.yaml"))
    }

    @Test("simulate: deterministic, reports the target, writes round 1's files that learn reads")
    func simulate() throws {
        let dir = try temporaryDirectory()
        let args = ["simulate", "--mentors", "30", "--mentees", "80", "--rounds", "2", "--resamples", "5", "--seed", "4"]
        let a = try runCLI(args + ["--out", dir]), b = try runCLI(args)
        #expect(a.code == 0, "\(a.err)")
        #expect(a.out.hasPrefix(b.out) && a.out.contains("target (cosine ≥ 0.95"))
        #expect(a.err.contains("round 3: "))
        // The learning curve as a page: one row per round, the weights round by round.
        let html = try String(contentsOfFile: "\(dir)/simulation.html", encoding: .utf8)
        #expect(html.contains("<h2>Learning curve</h2>") && html.contains(">round 3</th>") && html.contains("Skills the mentee wants to learn</td>"))
        let r = try runCLI(["learn", "--participants", "\(dir)/participants.csv", "--config", "\(dir)/program.yaml", "--outcomes", "\(dir)/outcomes.csv", "--resamples", "5"])
        #expect(r.code == 0 || r.code == 1, "\(r.err)")
        #expect(r.out.hasPrefix("learning from "))
    }

    @Test("match with matching.exploration says what it explored")
    func matchExplores() throws {
        let dir = try temporaryDirectory()
        let yaml = try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "matching:\n", with: "matching:\n  exploration: {share: 0.1, within: 2, seed: 5}\n")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: "\(dir)/program.yaml"))
        let r = try runCLI(["match", "--participants", participants, "--config", "\(dir)/program.yaml", "--out", "\(dir)/out"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("note: exploration: 16 mentee(s) (share 0.1, seed 5) matched on scores with noise of ±1 points"), "\(r.err)")
        // The JSON lists the explored mentees, and each pair says whether its mentee was one.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/out/assignments.json"))) as? [String: Any])
        let exploration = try #require(json["exploration"] as? [String: Any])
        let mentees = Set(try #require(exploration["mentees"] as? [String]))
        #expect(mentees.count == 16 && exploration["seed"] as? Int == 5)
        let pairs = try #require(json["pairs"] as? [[String: Any]])
        #expect(pairs.allSatisfy { ($0["explored"] as? Bool) == mentees.contains($0["mentee"] as? String ?? "") })
        #expect(pairs.contains { $0["explored"] as? Bool == true })
    }
}
