import Foundation
import MatchingIO
import Testing

/// `match --export`: the program as NumPy arrays, ids, a problem file and
/// the integer program — read back by the solver and NumPy's format.
@Suite("match --export")
struct ExportTests {
    @Test("the exported problem.json solves to the optimum match found; scores.npy has the program's shape with -inf on every excluded pair; the ids and criteria line up")
    func roundTrip() throws {
        let dir = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/traditional/participants.csv"),
                            "--config", fixture("Fixtures/cohorts/traditional/program.yaml"), "--out", "\(dir)/run", "--export", "\(dir)/x"])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/run/assignments.json"))) as? [String: Any])
        let objective = try #require(json["objective"] as? Double)
        // The same program, from the exported files alone.
        let s = try runCLI(["solve", "--problem", "\(dir)/x/problem.json"])
        #expect(s.code == 0, "\(s.err)")
        let solved = try #require(try JSONSerialization.jsonObject(with: Data(s.out.utf8)) as? [String: Any])
        #expect(abs((solved["objective"] as? Double ?? .nan) - objective) < 1e-6, "\(solved["objective"] ?? "") vs \(objective)")
        // scores.npy: 60 × 150 as the reader of --scores takes it; its -inf cells are the excluded pairs.
        let table = try ScoreFiles.read(path: "\(dir)/x/scores.npy")
        #expect(table.scores.mentors == 60 && table.scores.mentees == 150)
        let excluded = (json["excluded"] as? [[String: Any]] ?? []).reduce(0) { $0 + ($1["pairs"] as? Int ?? 0) }
        #expect(table.forbidden.count == excluded, "\(table.forbidden.count) -inf cells, \(excluded) excluded pairs")
        let mentorIDs = try String(contentsOfFile: "\(dir)/x/mentor_ids.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        let menteeIDs = try String(contentsOfFile: "\(dir)/x/mentee_ids.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(mentorIDs.count == 61 && mentorIDs[0] == "mentor_id" && mentorIDs[1] == "M001" && menteeIDs.count == 151 && menteeIDs[1] == "E001")
        // Each criterion file is the same shape, values in 0…1; criteria.json names them all.
        let criteria = try #require((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/x/criteria.json"))) as? [String: Any])?["criteria"] as? [[String: Any]])
        #expect(criteria.count >= 10)
        for c in criteria {
            let t = try ScoreFiles.read(path: "\(dir)/x/\(c["file"] as! String)")
            #expect(t.scores.mentors == 60 && t.scores.mentees == 150 && t.scores.values.allSatisfy { (0...1).contains($0) }, "\(c["name"] ?? "")")
        }
        for model in ["model.lp", "model.mps"] {
            let text = try String(contentsOfFile: "\(dir)/x/\(model)", encoding: .utf8)
            #expect(text.count > 1000, "\(model)")
        }
    }

    @Test("numpy reads scores.npy as float64 of the program's shape (skipped without numpy)")
    func numpyReads() throws {
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        probe.arguments = ["python3", "-c", "import numpy"]
        probe.standardError = FileHandle.nullDevice
        try probe.run(); probe.waitUntilExit()
        guard probe.terminationStatus == 0 else {
            print("numpy is not installed: its reading of the exported .npy is not checked")
            return
        }
        let dir = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/mutual/participants.csv"),
                            "--config", fixture("Fixtures/cohorts/mutual/program.yaml"), "--out", "\(dir)/run", "--export", "\(dir)/x"])
        #expect(r.code == 0, "\(r.err)")
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", """
            import numpy as np, sys
            s = np.load(sys.argv[1]); ids = open(sys.argv[2]).read().split()[1:]
            assert s.dtype == np.float64 and s.shape == (len(ids), len(ids)), (s.dtype, s.shape)
            finite = np.where(np.isfinite(s), s, 0)
            assert (finite == finite.T).all() and np.isinf(np.diag(s)).all()
            print("ok", s.shape)
            """, "\(dir)/x/scores.npy", "\(dir)/x/person_ids.csv"]
        let out = Pipe()
        check.standardOutput = out
        try check.run(); check.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(check.terminationStatus == 0 && text.hasPrefix("ok (80, 80)"), "\(text)")
    }
}

/// `mentor-match stability` end to end.
@Suite("mentor-match stability")
struct StabilityCommandTests {
    @Test("ties and two mentors with a capacity of 1,000,000 (a break-it case): the best stable matching is still proven, and a stable total that reaches the optimum says so")
    func tiesWithHugeCapacities() throws {
        let dir = try temporaryDirectory()
        try """
            id,role,capacity,skills,goals,preferences,blocked
            M1,mentor,2,go:3,,,
            M2,mentor,1,go:3,,E1; E4,
            M3,mentor,1000000,go:3,,,
            M4,mentor,1000000,swift:3,,,
            E1,mentee,,,swift:3,,
            E2,mentee,,,swift:3,M1; M4; M2; M3,
            E3,mentee,,,go:3,,
            E4,mentee,,,go:3,M2; M4; M3,
            E5,mentee,,,swift:3,,
            E6,mentee,,,go:3,,

            """.write(toFile: "\(dir)/people.csv", atomically: true, encoding: .utf8)
        try "matching:\n  menteeDemand: {min: 0, max: 1}\n".write(toFile: "\(dir)/program.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["stability", "--participants", "\(dir)/people.csv", "--config", "\(dir)/program.yaml", "--out", dir])
        #expect(r.code == 0 && r.out.contains("best-total stable matching: optimal"), "\(r.out)\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/stability.json"))) as? [String: Any])
        #expect(json["priceOfStabilityProven"] as? Bool == true)
        // A preference naming no one in the file is noted, as `check` notes it (ids are case-sensitive).
        let text = try String(contentsOfFile: "\(dir)/people.csv", encoding: .utf8).replacingOccurrences(of: "M1; M4; M2; M3", with: "m1; M4; M2; M3")
        try text.write(toFile: "\(dir)/people.csv", atomically: true, encoding: .utf8)
        let noted = try runCLI(["stability", "--participants", "\(dir)/people.csv", "--config", "\(dir)/program.yaml"])
        #expect(noted.code == 0 && noted.err.contains("note: preferences: 1 reference(s) to 1 people not in the file ('m1')"), "\(noted.err)")
    }

    @Test("complete preference lists (strict rankings, cyclic so that the two deferred acceptance matchings differ): the best stable matching comes from the rotations, proven, between the deferred acceptance totals and the optimum")
    func strictRankingsUseTheRotations() throws {
        let dir = try temporaryDirectory()
        let mentors = (1...4).map { "M\($0)" }, mentees = (1...8).map { "E\($0)" }, skills = ["swift", "go", "rust", "sql"]
        var rows = ["id,role,capacity,skills,goals,preferences"]
        for (i, m) in mentors.enumerated() {
            rows.append("\(m),mentor,2,\(skills[i]):\(4 - i % 2); \(skills[(i + 1) % 4]):2,,\((0..<8).map { mentees[(2 * i + 1 + $0) % 8] }.joined(separator: "; "))")
        }
        for (j, e) in mentees.enumerated() {
            rows.append("\(e),mentee,,,\(skills[j % 4]):\(1 + j % 3); \(skills[(j + 2) % 4]):2,\((0..<4).map { mentors[(j + $0) % 4] }.joined(separator: "; "))")
        }
        try (rows.joined(separator: "\n") + "\n").write(toFile: "\(dir)/people.csv", atomically: true, encoding: .utf8)
        try "matching:\n  menteeDemand: {min: 0, max: 1}\n".write(toFile: "\(dir)/program.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["stability", "--participants", "\(dir)/people.csv", "--config", "\(dir)/program.yaml", "--out", dir])
        #expect(r.code == 0 && r.out.contains("best-total stable matching: optimal"), "\(r.out)\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/stability.json"))) as? [String: Any])
        let best = try #require(json["bestStable"] as? [String: Any])
        #expect(best["status"] as? String == "optimal" && (best["detail"] as? String ?? "").contains("3 rotations"), "\(best)")
        let total = try #require(best["total"] as? Double), optimum = try #require(json["optimum"] as? Double)
        let da = try #require(json["deferredAcceptance"] as? [String: Double])
        #expect(da.values.allSatisfy { $0 <= total + 1e-9 } && total <= optimum + 1e-9, "\(da) \(total) \(optimum)")
    }

    @Test("on the fixture cohort: the optimum's blocking pairs are listed and written, both deferred acceptance totals are at most the best stable total, which is at most the optimum; the price of stability is their difference")
    func fixtureCohort() throws {
        let dir = try temporaryDirectory()
        let r = try runCLI(["stability", "--participants", fixture("Fixtures/cohorts/traditional/participants.csv"),
                            "--config", fixture("Fixtures/cohorts/traditional/program.yaml"), "--out", dir])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/stability.json"))) as? [String: Any])
        let audited = try #require(json["audited"] as? [String: Any])
        let blocking = try #require(audited["blockingPairs"] as? [[String: Any]])
        let csv = try String(contentsOfFile: "\(dir)/blocking-pairs.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == blocking.count + 1 && r.out.contains("\(blocking.count) blocking pair(s)"))
        let da = try #require(json["deferredAcceptance"] as? [String: Double])
        let best = try #require((json["bestStable"] as? [String: Any])?["total"] as? Double)
        let optimum = try #require(json["optimum"] as? Double)
        #expect(da.values.allSatisfy { $0 <= best + 1e-9 } && best <= optimum + 1e-9, "\(da) \(best) \(optimum)")
        #expect(abs((json["priceOfStability"] as? Double ?? .nan) - (optimum - best)) < 1e-9 && json["priceOfStabilityProven"] as? Bool == ((json["bestStable"] as? [String: Any])?["status"] as? String == "optimal"))
        // A run's own assignments can be audited instead.
        let run = try temporaryDirectory()
        #expect(try runCLI(["match", "--participants", fixture("Fixtures/cohorts/traditional/participants.csv"),
                            "--config", fixture("Fixtures/cohorts/traditional/program.yaml"), "--out", run]).code == 0)
        let again = try runCLI(["stability", "--participants", fixture("Fixtures/cohorts/traditional/participants.csv"),
                                "--config", fixture("Fixtures/cohorts/traditional/program.yaml"), "--assignments", "\(run)/assignments.json"])
        #expect(again.code == 0 && again.out.hasPrefix("audited: \(run)/assignments.json: 147 pairs"), "\(again.out) \(again.err)")
        // One pool of exchange partners (capacities up to 4): the stable fixtures problem, a stable matching within
        // everyone's capacity (found by random paths, GLPK's incumbent); of pairs, Irving's algorithm answers.
        let pool = try runCLI(["stability", "--participants", fixture("Fixtures/cohorts/mutual/participants.csv"),
                               "--config", fixture("Fixtures/cohorts/mutual/program.yaml"), "--time-limit", "20", "--out", "\(dir)/fixtures"])
        #expect(pool.code == 0 && pool.out.contains("stable fixtures (GLPK, capacities up to 4): "), "\(pool.out) \(pool.err)")
        let fixturesJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/fixtures/stability.json"))) as? [String: Any])
        let fixtures = try #require(fixturesJSON["stableFixtures"] as? [String: Any])
        #expect(fixtures["exists"] as? Bool == true, "\(fixtures)")
        let rows = try String(contentsOfFile: fixture("Fixtures/cohorts/mutual/participants.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let capacityOf = Dictionary(uniqueKeysWithValues: rows.map { ($0[0], Int($0[2]) ?? 1) })
        var degree = [String: Int]()
        for pair in try #require(fixtures["pairs"] as? [[String]]) { for id in pair { degree[id, default: 0] += 1 } }
        #expect(!degree.isEmpty && degree.allSatisfy { $0.value <= capacityOf[$0.key]! }, "\(degree)")
        let people = rows.map { $0[0] }
        try ("id,capacity\n" + people.map { "\($0),1" }.joined(separator: "\n") + "\n").write(toFile: "\(dir)/pairs.csv", atomically: true, encoding: .utf8)
        let pairs = try runCLI(["stability", "--participants", fixture("Fixtures/cohorts/mutual/participants.csv"),
                                "--config", fixture("Fixtures/cohorts/mutual/program.yaml"), "--overrides", "\(dir)/pairs.csv", "--out", "\(dir)/pool"])
        #expect(pairs.code == 0 && pairs.out.contains("stable roommates (Irving): a stable matching exists"), "\(pairs.out) \(pairs.err)")
        let poolJSON = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/pool/stability.json"))) as? [String: Any])
        #expect((poolJSON["stableRoommates"] as? [String: Any])?["exists"] as? Bool == true)
    }
}

/// `match --sensitivity` and `explain --sensitivity`, checked by independent runs.
@Suite("sensitivity, end to end")
struct SensitivityCommandTests {
    @Test("pairs changed at −10 % on skillGap equal a run with --weights skillGap=9; explain's lower end for a matched pair equals the JSON's")
    func againstIndependentRuns() throws {
        let participants = fixture("Fixtures/cohorts/traditional/participants.csv"), config = fixture("Fixtures/cohorts/traditional/program.yaml")
        let dir = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", participants, "--config", config, "--out", "\(dir)/base", "--sensitivity"])
        #expect(r.code == 0 && r.out.contains("sensitivity: ±10 % on one weight changes"), "\(r.out) \(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/base/sensitivity.json"))) as? [String: Any])
        let weights = try #require(json["weights"] as? [[String: Any]])
        let skill = try #require(weights.first { $0["criterion"] as? String == "skillGap" })
        #expect(skill["weight"] as? Double == 10)
        let down = try runCLI(["match", "--participants", participants, "--config", config, "--weights", "skillGap=9", "--out", "\(dir)/down"])
        #expect(down.code == 0)
        func pairs(_ run: String) throws -> Set<String> {
            Set(try String(contentsOfFile: "\(dir)/\(run)/assignments.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") })
        }
        #expect(try pairs("base").subtracting(try pairs("down")).count == skill["pairsChangedDown"] as? Int, "\(skill)")
        // Every matched pair has a lowest score no higher than its score; explain says the same for one.
        let ranges = try #require(json["pairs"] as? [[String: Any]])
        #expect(ranges.count == (try pairs("base")).count)
        #expect(ranges.allSatisfy { r in (r["lowest"] as? Double).map { low in low <= (r["score"] as! Double) + 1e-9 } ?? true })
        let one = try #require(ranges.first { ($0["lowest"] as? Double) != nil })
        let e = try runCLI(["explain", "--participants", participants, "--config", config, "--mentor", one["mentor"] as! String,
                            "--mentee", one["mentee"] as! String, "--sensitivity"])
        #expect(e.code == 0 && e.out.contains("it stays optimal while this pair scores at least \(String(format: "%.2f", one["lowest"] as! Double))"), "\(e.out)")
    }
}
