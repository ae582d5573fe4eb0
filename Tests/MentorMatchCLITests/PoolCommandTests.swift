import Foundation
import Testing

/// `solve` on pools: the generated peer families and `"pool": true` problem files.
@Suite("mentor-match solve on a pool")
struct PoolCommandTests {
    @Test("a pool problem file with capacities, a forbidden pair and a penalty: the optimum, proven, and every person within their range")
    func problemFile() throws {
        let dir = try temporaryDirectory()
        let path = "\(dir)/pool.json"
        try #"""
        {"pool": true,
         "scores": [[0, 8, 3, 5, 1], [8, 0, 7, 2, 4], [3, 7, 0, 6, 9], [5, 2, 6, 0, 2], [1, 4, 9, 2, 0]],
         "partners": {"min": 1, "max": 2}, "forbidden": [[0, 2]], "unmatchedPenalty": 10}
        """#.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runCLI(["solve", "--problem", path])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "optimal" && json["pool"] as? Bool == true)
        // The best 2-matching avoiding (0, 2), by hand: 0–1, 0–3, 1–4, 2–3, 2–4 = 8 + 5 + 4 + 6 + 9.
        #expect(json["objective"] as? Double == 32 && json["bound"] as? Double == 32)
        let pairs = try #require(json["pairs"] as? [[Int]])
        var degree = [Int](repeating: 0, count: 5)
        for p in pairs { degree[p[0]] += 1; degree[p[1]] += 1; #expect(p != [0, 2]) }
        #expect(degree.allSatisfy { (1...2).contains($0) })
        // The model for other solvers.
        let lp = try runCLI(["solve", "--problem", path, "--export-lp", "\(dir)/pool.lp", "--no-solve"])
        #expect(lp.code == 0)
        #expect(try String(contentsOfFile: "\(dir)/pool.lp", encoding: .utf8).contains("partners_0"))
    }

    @Test("a pool file that is not a pool: one line naming the cause, exit 2", arguments: [
        (#"{"pool": true, "scores": [[0, 1], [2, 0]]}"#, "row 0 column 1 is 1.0 but row 1 column 0 is 2.0"),
        (#"{"pool": true, "scores": [[0, 1], [1, 0]], "menteeDemand": {"min": 1}}"#, "menteeDemand: is a key of a mentor–mentee problem, not of a pool"),
        (#"{"pool": true, "scores": [[0, 1, 2], [1, 0, 3]]}"#, "a pool's matrix is square"),
        (#"{"pool": true, "scores": [[0, 1], [1, 0]], "partners": {"min": 2, "max": 1}}"#, "partners 2…1 is not a range of counts"),
        (#"{"pool": true, "scores": [[0, 5, 3], [5, 0, 7], [3, 7, 0]], "forbidden": [[0, 3]]}"#, "forbidden[0]: [0, 3] needs two different people among 0…2"),
    ])
    func refused(_ text: String, _ message: String) throws {
        let dir = try temporaryDirectory()
        try text.write(toFile: "\(dir)/p.json", atomically: true, encoding: .utf8)
        let r = try runCLI(["solve", "--problem", "\(dir)/p.json"])
        #expect(r.code == 2 && r.err.contains(message), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1)
    }

    @Test("scores or penalties too far apart for an exact integer proof: a matching, an honest bound, `feasible` — never a crash or a false `optimal`", arguments: [
        #"{"pool": true, "scores": [[0, 5, 3], [5, 0, 7], [3, 7, 0]], "unmatchedPenalty": 1e19}"#,
        #"{"pool": true, "scores": [[0, -1e30, 3], [-1e30, 0, 7], [3, 7, 0]]}"#,
        #"{"pool": true, "scores": [[0, -1e10, 3], [-1e10, 0, 7], [3, 7, 0]]}"#,
        #"{"pool": true, "scores": [[0, 5, 3], [5, 0, 7], [3, 7, 0]], "unmatchedPenalty": 1e11}"#,
    ])
    func wideRanges(_ text: String) throws {
        let dir = try temporaryDirectory()
        try text.write(toFile: "\(dir)/p.json", atomically: true, encoding: .utf8)
        let r = try runCLI(["solve", "--problem", "\(dir)/p.json"])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "feasible", "\(r.out)")
        let objective = try #require(json["objective"] as? Double), bound = try #require(json["bound"] as? Double)
        #expect(bound >= objective)
    }

    @Test("check on a mutual program: the pool's allowed pairs, and a minimum nobody can meet named per person")
    func checkMutual() throws {
        let dir = try temporaryDirectory()
        let people = try String(contentsOfFile: fixture("Fixtures/cohorts/mutual/participants.csv"), encoding: .utf8)
        let config = try String(contentsOfFile: fixture("Fixtures/cohorts/mutual/program.yaml"), encoding: .utf8)
        let ok = try runCLI(["check", "--participants", fixture("Fixtures/cohorts/mutual/participants.csv"), "--config", fixture("Fixtures/cohorts/mutual/program.yaml")])
        #expect(ok.code == 0 && ok.out.contains("80 participants in one pool (mutual mode)") && ok.out.contains("ok: no problems found"), "\(ok.out)")
        // Three people, each needing two partners, with a filter between two of them: nobody can meet it.
        try people.split(separator: "\n").prefix(4).joined(separator: "\n").appending("\n").write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        try config.replacingOccurrences(of: "minimumLoad: 1 ", with: "minimumLoad: 3 ").write(toFile: "\(dir)/c.yaml", atomically: true, encoding: .utf8)
        let bad = try runCLI(["check", "--participants", "\(dir)/p.csv", "--config", "\(dir)/c.yaml"])
        #expect(bad.code != 0 && bad.out.contains("P001 needs at least"), "\(bad.out)")
    }

    @Test("the peer family: optimal, with the generator's checksum optimum at n = 200 (networkx, rustworkx and LEMON agree: 98,988,688)")
    func peerFamily() throws {
        let r = try runCLI(["solve", "--generate", "200x200", "--family", "peer"])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "optimal")
        #expect(json["objective"] as? Double == 98_988_688 && json["bound"] as? Double == 98_988_688)
        let unequal = try runCLI(["solve", "--generate", "20x30", "--family", "peer"])
        #expect(unequal.code == 2 && unequal.err.contains("NxN"))
    }
}
