import Foundation
import MatchingCore
import MatchingIO
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `mentor-match` binary and returns (exit code, stdout, stderr).
/// Runs the built `mentor-match` with `arguments`, and `environment` over the tests' own.
func runCLI(_ arguments: [String], environment: [String: String] = [:]) throws -> (code: Int32, out: String, err: String) {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("mentor-match")
    let candidates = [binary, packageRoot.appendingPathComponent(".build/debug/mentor-match")]
    guard let exe = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
        throw MatchingError(.invalidFile, "mentor-match binary not found next to the tests")
    }
    let process = Process()
    process.executableURL = exe
    process.arguments = arguments
    if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
    process.currentDirectoryURL = packageRoot
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

@Suite("mentor-match solve, end to end")
struct SolveCommandTests {
    @Test func solvesTheBundledProgramAndEveryPairPassesTheValidator() throws {
        let (code, out, err) = try runCLI(["solve", "--problem", "Fixtures/problems/program.json"])
        #expect(code == 0, "\(err)")
        let json = try object(out)
        #expect(json["status"] as? String == "optimal")
        // Not a network problem, but its crossShare rule and separations do not bind: the exact network optimum
        // without them keeps them, so it answers, proven by its duals (else GLPK, warm-started by the Lagrangian heuristic).
        #expect((json["solver"] as? [String: Any])?["name"] as? String == "network-flow", "\(json["solver"] ?? "")")
        #expect((json["diagnostics"] as? [String])?.contains { $0.contains("the side rules do not bind") } == true, "\(json["diagnostics"] ?? "")")
        #expect(json["bound"] as? Double == json["objective"] as? Double || json["bound"] as? Int == json["objective"] as? Int)
        let problem = try ProblemFile.read(path: packageRoot.appendingPathComponent("Fixtures/problems/program.json").path)
        let pairs = try #require(json["pairs"] as? [[Int]]).map { Pair(mentor: $0[0], mentee: $0[1]) }
        let check = MatchingValidator.check(Matching(pairs: pairs), against: problem)
        #expect(check.isFeasible, "\(check.violations)")
        #expect(check.objective == (json["objective"] as? Double) ?? (json["objective"] as? Int).map(Double.init))
        let unmatched = try #require(json["unmatched"] as? [Int])
        #expect(unmatched == Matching(pairs: pairs).unmatchedMentees(menteeCount: problem.menteeCount).map(\.rawValue))
    }

    @Test("the shared Hall case: infeasible, and stderr names the mentee nobody may meet and the two mentors sharing one mentee")
    func hallCase() throws {
        let r = try runCLI(["solve", "--problem", "Fixtures/cases/hall-infeasibility/problem-2x2.json"])
        #expect(r.code == 1)
        #expect(try object(r.out)["status"] as? String == "infeasible")
        #expect(r.err.contains("mentee 1 is forbidden to every mentor"), "\(r.err)")
        #expect(r.err.contains("2 mentors need at least 2 mentees but may only meet mentee 0 (total demand 2 > 1 usable)"), "\(r.err)")
        let sets = try #require(try object(r.out)["hallSets"] as? [[String: Any]])
        #expect(sets.first?["members"] as? [Int] == [0, 1])
    }

    @Test("the shared sentinel case with GLPK: -24, optimal")
    func sentinelCase() throws {
        let r = try runCLI(["solve", "--scores", "Fixtures/cases/sentinel-scores/scores-1e15.csv", "--mentor-load", "0:1", "--mentee-demand", "1:1", "--solver", "glpk"])
        #expect(r.code == 0, "\(r.err)")
        let json = try object(r.out)
        #expect(json["status"] as? String == "optimal")
        #expect(json["objective"] as? Int == -24 || json["objective"] as? Double == -24)
    }

    @Test("every solver on a network problem gives the same optimum", arguments: ["auto", "hungarian", "glpk", "lagrangian"])
    func solversAgree(_ solver: String) throws {
        let r = try runCLI(["solve", "--generate", "20x100", "--family", "div", "--solver", solver])
        #expect(r.code == 0, "\(r.err)")
        let json = try object(r.out)
        #expect(json["objective"] as? Int == 94_635_920, "\(solver)")
        #expect(json["status"] as? String == "optimal", "\(solver)")
    }

    @Test func maxMinFromTheCommandLine() throws {
        let r = try runCLI(["solve", "--generate", "30x30", "--family", "lsa", "--objective", "maxMin", "--solver", "hungarian"])
        #expect(r.code == 0, "\(r.err)")
        let g = try runCLI(["solve", "--generate", "30x30", "--family", "lsa", "--objective", "maxMin", "--solver", "glpk"])
        #expect(g.code == 0, "\(g.err)")
        let a = try object(r.out), b = try object(g.out)
        // Both report a value (not nil == nil), and they agree.
        let worst = try #require(a["worstOutcome"] as? Double), glpkWorst = try #require(b["worstOutcome"] as? Double)
        let total = try #require(a["objective"] as? Double), glpkTotal = try #require(b["objective"] as? Double)
        #expect(worst == glpkWorst && total == glpkTotal)
        #expect(a["status"] as? String == "optimal" && b["status"] as? String == "optimal")
    }

    @Test func textSummaryForPeople() throws {
        let r = try runCLI(["solve", "--generate", "20x100", "--family", "div", "--format", "text"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("status:     optimal"))
        #expect(r.out.contains("objective:  94635920   bound: 94635920"))
        #expect(r.out.contains("solver:     network-flow"))
    }

    @Test func sameInputSameOutputApartFromTimings() throws {
        func strip(_ s: String) -> String { s.replacingOccurrences(of: #""seconds":\{[^}]*\}"#, with: "", options: .regularExpression) }
        let a = try runCLI(["solve", "--problem", "Fixtures/problems/committee.json"])
        let b = try runCLI(["solve", "--problem", "Fixtures/problems/committee.json"])
        #expect(a.code == 0 && b.code == 0)
        #expect(strip(a.out) == strip(b.out))
        #expect(try object(a.out)["worstOutcome"] != nil)
    }

    @Test func infeasibleProblemsExplainThemselves() throws {
        let cap = try runCLI(["solve", "--problem", "Fixtures/problems/infeasible-capacity.json"])
        #expect(cap.code == 1)
        #expect(cap.err.contains("mentors' total capacity 2 is below the mentees' minimum demand 3"))
        #expect(try object(cap.out)["status"] as? String == "infeasible")
        // The rules to relax are searched within a time limit the user gives (one clock)…
        let rules = try runCLI(["solve", "--problem", "Fixtures/problems/infeasible-rules.json", "--time-limit", "20"])
        #expect(rules.code == 1)
        #expect(rules.err.contains("relax: "), "\(rules.err)")
        // The program's rule goes first, and each other smallest set is named too: the
        // quota on group a conflicts with mentees 0 and 1, who must both have a mentor.
        let relaxLines = rules.err.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { $0.hasPrefix("relax: ") || $0.hasPrefix("or instead: ") }
        #expect(relaxLines == ["relax: constraints[1] quota(group = a) in 0…1: raise its maximum from 1 to 2",
                               "or instead: mentee 0 gets exactly 1 mentor(s): lower its minimum from 1 to 0",
                               "or instead: mentee 1 gets exactly 1 mentor(s): lower its minimum from 1 to 0"], "\(rules.err)")
        // …and without one, nothing runs that was not asked for: the network's own explanation stands.
        let unlimited = try runCLI(["solve", "--problem", "Fixtures/problems/infeasible-rules.json"])
        #expect(unlimited.code == 1 && !unlimited.err.contains("relax: "), "\(unlimited.err)")
        #expect(unlimited.err.contains("mentee 1 cannot get the 1 mentor(s) it must have"), "\(unlimited.err)")
    }

    @Test func scoresFromCSVAndNpyAndGeneratedInstances() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("s.csv")
        try "1,9,3\n8,2,7\n".write(to: csv, atomically: true, encoding: .utf8)
        let r = try runCLI(["solve", "--scores", csv.path, "--mentor-load", "1:2", "--mentee-demand", "1:1"])
        #expect(r.code == 0, "\(r.err)")
        #expect(try object(r.out)["objective"] as? Int == 9 + 8 + 7)

        let lp = dir.appendingPathComponent("div.lp")
        let g = try runCLI(["solve", "--generate", "20x100", "--family", "div", "--export-lp", lp.path])
        #expect(g.code == 0, "\(g.err)")
        #expect(try object(g.out)["objective"] as? Int == 94_635_920)
        #expect(FileManager.default.fileExists(atPath: lp.path))

        let mps = dir.appendingPathComponent("x.mps")
        let e = try runCLI(["solve", "--generate", "3x5", "--export-mps", mps.path, "--no-solve"])
        #expect(e.code == 0 && e.out.isEmpty)
        #expect(try String(contentsOf: mps, encoding: .utf8).contains("COLUMNS"))
    }

    @Test("bad input: a message naming the place, exit code 2, nothing on stdout",
          arguments: [
            (["solve", "--problem", "Fixtures/problems/missing.json"], "missing.json: cannot read the file"),
            (["solve", "--scores", "Fixtures/problems/program.json"], "program.json:2: column 1: text after the closing quote"),
            (["solve", "--generate", "3x5", "--mentor-load", "2:1"], "mentor 0 has load bounds 2…1"),
          ])
    func badInput(_ arguments: [String], _ expected: String) throws {
        let r = try runCLI(arguments)
        #expect(r.code == 2, "\(r.err)")
        #expect(r.err.contains(expected), "\(r.err)")
        #expect(r.out.isEmpty)
    }

    @Test func aSolverThatCannotTakeTheProblemIsUnsupported() throws {
        // One exit-code table for every command: 69 when the solver asked for cannot solve the problem.
        let r = try runCLI(["solve", "--problem", "Fixtures/problems/program.json", "--solver", "hungarian"])
        #expect(r.code == 69, "\(r.err)")
        // The refusal names the rule (ProblemShape): the crossShare rule, by its index.
        #expect(r.err.contains("the network-flow solver cannot solve this problem exactly: separation 0 (mentees 1 and 2) and 1 more") && r.err.contains("constraints[2] (crossShare(department) ≥ 0.6)") && r.out.isEmpty, "\(r.err)")
    }

    @Test func argumentErrorsAreCaughtBeforeWork() throws {
        let r = try runCLI(["solve", "--problem", "a.json", "--scores", "b.csv"])
        #expect(r.code == 64)
        #expect(r.err.contains("exactly one of --problem, --scores or --generate"))
        let t = try runCLI(["solve", "--generate", "3x5", "--time-limit=-2"])
        #expect(t.code == 64 && t.err.contains("--time-limit must be a positive number"))
        let huge = try runCLI(["solve", "--generate", "1000000x1000000"])
        #expect(huge.code == 64 && huge.err.contains("needs 1000000000000 scores"), "\(huge.err)")
        let s = try runCLI(["solve", "--generate", "3x5", "--solver", "simplex"])
        #expect(s.code == 64 && s.err.contains("--solver must be auto, network-flow, hungarian, candidate-pricing, glpk, glpk-pricing or lagrangian"))
        // A family name is an argument: a usage error (64), not bad input (2).
        let f = try runCLI(["solve", "--generate", "3x5", "--family", "foo"])
        #expect(f.code == 64 && f.err.contains("--family must be one of plain, lsa, cap, div") && f.err.contains("peer, popularity; got 'foo'"), "\(f.err)")
    }
}

@Suite("mentor-match solve --streamed")
struct StreamedSolveTests {
    @Test("the streamed path proves the dense path's optimum on DIV")
    func sameAsDense() throws {
        let streamed = try runCLI(["solve", "--generate", "100x500", "--family", "div", "--streamed", "--candidates", "1"])
        let dense = try runCLI(["solve", "--generate", "100x500", "--family", "div", "--solver", "hungarian"])
        #expect(streamed.code == 0 && dense.code == 0, "\(streamed.err) \(dense.err)")
        let s = try object(streamed.out), d = try object(dense.out)
        #expect(s["status"] as? String == "optimal")
        #expect((s["objective"] as? Double) == (d["objective"] as? Double))
        #expect((s["bound"] as? Double) == (s["objective"] as? Double))
        let rounds = try #require(s["pricingRounds"] as? [[String: Any]])
        #expect(rounds.count > 1, "one candidate per mentee is too few: pricing must add pairs")
        #expect((rounds.last?["improvingPairs"] as? Double) == 0)
    }

    @Test("memory stays bounded where the dense matrix would not fit: 30 M pairs in under half the dense score matrix")
    func boundedMemory() throws {
        let (m, n) = (1000, 30_000)
        let run = try runCLI(["solve", "--generate", "\(m)x\(n)", "--streamed", "--mentor-load", "0:2", "--candidates", "1"])
        #expect(run.code == 0, "\(run.err)")
        let j = try object(run.out)
        #expect(j["status"] as? String == "optimal")
        #expect((j["allowedPairs"] as? Double) == Double(m * n))
        let peak = try #require(j["peakMemoryBytes"] as? Double)
        let denseScores = Double(m * n * 8)   // the score matrix alone, before any solver state
        #expect(peak > 0 && peak < denseScores / 2, "peak \(peak / 1e6) MB; the dense scores alone take \(denseScores / 1e6) MB")
    }

    @Test("match --streamed writes the dense path's assignments on the bundled program (a department cap and a quota)")
    func matchStreamedEqualsDense() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mm-streamed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["match", "--participants", "Fixtures/cohorts/traditional/participants.csv",
                    "--config", "Fixtures/cohorts/traditional/program.yaml", "--out"]
        let streamed = try runCLI(args + [dir.appendingPathComponent("s").path, "--streamed", "--candidates", "2"])
        let dense = try runCLI(args + [dir.appendingPathComponent("d").path])
        #expect(streamed.code == 0 && dense.code == 0, "\(streamed.err) \(dense.err)")
        #expect(streamed.out.contains("proven optimal over all"))
        let a = try String(contentsOf: dir.appendingPathComponent("s/assignments.csv"), encoding: .utf8)
        let b = try String(contentsOf: dir.appendingPathComponent("d/assignments.csv"), encoding: .utf8)
        #expect(a == b)
    }

    @Test("--streamed refuses what it cannot hold")
    func refuses() throws {
        let cap = try runCLI(["solve", "--generate", "10x50", "--family", "cap", "--streamed"])
        // The family's rules are refused by the one classifier, which names the cause.
        #expect(cap.code == 69 && cap.err.contains("the cap family does not stream: mentee 0 has a minimum demand of 1"), "\(cap.err)")
        // More minimum load than the mentees can absorb: proven infeasible by counting, not left undecided.
        let short = try runCLI(["solve", "--generate", "300x200", "--family", "plain", "--mentor-load", "1:1", "--streamed"])
        let status = try object(short.out)["status"] as? String
        #expect(short.code != 0 && status == "infeasible", "\(short.out)")
        #expect(short.err.contains("mentees' total demand 200 is below the mentors' minimum load 300"), "\(short.err)")
        let minimum = try runCLI(["solve", "--generate", "10x50", "--streamed", "--mentee-demand", "1:1"])
        #expect(minimum.code == 69 && minimum.err.contains("minimum demand"))
    }
}
