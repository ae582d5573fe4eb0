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

    /// Writes `files` (name → text) into a new directory and solves `pool.json` there.
    func solvePool(_ files: [String: String], _ extra: [String] = []) throws -> (code: Int32, out: String, err: String) {
        let dir = try temporaryDirectory()
        for (name, text) in files { try text.write(toFile: "\(dir)/\(name)", atomically: true, encoding: .utf8) }
        return try runCLI(["solve", "--problem", "\(dir)/pool.json"] + extra)
    }

    @Test("a pool score file whose header row and id column name different people: one line naming the first position that differs, both ids and the id with no row; exit 2")
    func idsDiffer() throws {
        let r = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv"}"#,
                               "s.csv": "id,ann,bob,dan\nann,0,5,3\nbob,5,0,7\ncat,3,7,0\n"])
        #expect(r.code == 2, "\(r.err)")
        #expect(r.err.contains("person 2 (0-based) is 'cat' in the id column of s.csv but 'dan' in its header row")
                && r.err.contains("'dan' (position 2 of the header row) is in no row"), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1)
        // NaN where the diagonal would be does not hide the ids that differ.
        let nan = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv"}"#,
                                 "s.csv": "id,ann,bob,dan\nann,nan,5,3\nbob,5,nan,7\ncat,3,7,nan\n"])
        #expect(nan.code == 2 && nan.err.contains("'dan' (position 2 of the header row) is in no row"), "\(nan.err)")
        // The same set in another place does not hide a foreign id further on.
        let shifted = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv"}"#,
                                     "s.csv": "id,bob,ann,dan\nann,5,0,3\nbob,0,5,7\ncat,7,3,0\n"])
        #expect(shifted.code == 2 && shifted.err.contains("person 0 (0-based) is 'ann' in the id column of s.csv but 'bob'")
                && shifted.err.contains("'dan' (position 2 of the header row) is in no row"), "\(shifted.err)")
    }

    @Test("a pool score file whose header row lists the same people in another order: columns matched to rows by id, with a note; the same answer as the file in order")
    func idsReordered() throws {
        let ordered = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv", "partners": {"min": 0, "max": 2}}"#,
                                     "s.csv": "id,ann,bob,cat,dan\nann,0,8,3,-inf\nbob,8,0,7,2\ncat,3,7,0,6\ndan,-inf,2,6,0\n"])
        #expect(ordered.code == 0, "\(ordered.err)")
        #expect(!ordered.err.contains("note:"))
        // Columns cat, ann, dan, bob: the same matrix by id (and a forbidden cell that moves with its column).
        let shuffled = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv", "partners": {"min": 0, "max": 2}}"#,
                                      "s.csv": "id,cat,ann,dan,bob\nann,3,0,-inf,8\nbob,7,8,2,0\ncat,0,3,6,7\ndan,6,-inf,0,2\n"])
        #expect(shuffled.code == 0, "\(shuffled.err)")
        #expect(shuffled.err.contains("note: s.csv: the header row lists the same people as the id column in another order (person 0 (0-based) is 'ann' in the id column of s.csv but 'cat' in its header row): the columns were matched to the rows by id"), "\(shuffled.err)")
        let a = try object(ordered.out), b = try object(shuffled.out)
        // The best 2-matching avoiding (ann, dan), by hand: ann–bob, bob–cat, cat–dan = 8 + 7 + 6.
        #expect(a["objective"] as? Double == 21 && b["objective"] as? Double == 21)
        #expect((b["pairIds"] as? [[String]]) == [["ann", "bob"], ["bob", "cat"], ["cat", "dan"]], "\(shuffled.out)")
        #expect((a["pairIds"] as? [[String]]) == (b["pairIds"] as? [[String]]))
        #expect(!((b["pairIds"] as? [[String]]) ?? []).contains(["ann", "dan"]))
        // Reordered columns that break symmetry (mislabelled) are still caught, naming both people.
        let mislabelled = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv"}"#,
                                         "s.csv": "id,bob,ann,cat\nann,0,5,3\nbob,5,0,7\ncat,3,7,0\n"])
        #expect(mislabelled.code == 2 && mislabelled.err.contains("row 0 ('ann') column 2 ('cat') is 3.0 but row 2 column 0 is 7.0"), "\(mislabelled.err)")
    }

    @Test("a pool score file with only a header row: the pairs are named by its ids")
    func headerOnly() throws {
        let r = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv"}"#, "s.csv": "ann,bob,cat\n0,5,3\n5,0,7\n3,7,0\n"])
        #expect(r.code == 0, "\(r.err)")
        #expect((try object(r.out)["pairIds"] as? [[String]]) == [["bob", "cat"]], "\(r.out)")
    }

    /// A float64 `.npy` file of `rows`.
    static func npy(_ rows: [[Double]]) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows.count), \(rows.first?.count ?? 0)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for v in rows.joined() { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    @Test("a pool's diagonal is never read: NaN, an empty cell, -inf, inf or a number there is accepted (CSV with and without ids, .npy, inline null); off the diagonal NaN is still refused, naming the cell")
    func diagonalIgnored() throws {
        let csvs = [
            "id,ann,bob,cat\nann,,5,3\nbob,5,nan,7\ncat,3,7,-inf\n",
            "id,ann,bob,cat\nann,inf,5,3\nbob,5,NA,7\ncat,3,7,\n",
            "id,cat,ann,bob\nann,3,nan,5\nbob,7,5,inf\ncat,,3,7\n",   // columns in another order: the diagonal by id
            "0.5,5.5,3.5\n5.5,nan,7.5\n3.5,7.5,-inf\n",
        ]
        for csv in csvs {
            let r = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv"}"#, "s.csv": csv])
            #expect(r.code == 0, "\(csv): \(r.err)")
            let json = try object(r.out)
            #expect(json["status"] as? String == "optimal" && [7.0, 7.5].contains(json["objective"] as? Double), "\(r.out)")
        }
        let dir = try temporaryDirectory()
        try Self.npy([[.nan, 5, 3], [5, -.infinity, 7], [3, 7, .infinity]]).write(to: URL(fileURLWithPath: "\(dir)/s.npy"))
        try #"{"pool": true, "scores": "s.npy"}"#.write(toFile: "\(dir)/pool.json", atomically: true, encoding: .utf8)
        let npy = try runCLI(["solve", "--problem", "\(dir)/pool.json"])
        #expect(npy.code == 0, "\(npy.err)")
        #expect(try object(npy.out)["objective"] as? Double == 7)
        let inline = try solvePool(["pool.json": #"{"pool": true, "scores": [[null, 5, 3], [5, "self", 7], [3, 7, 1]]}"#])
        #expect(inline.code == 0, "\(inline.err)")
        #expect(try object(inline.out)["objective"] as? Double == 7)
        // Off the diagonal a NaN is refused as before, naming the line and column.
        let off = try solvePool(["pool.json": #"{"pool": true, "scores": "s.csv"}"#, "s.csv": "id,ann,bob,cat\nann,0,5,nan\nbob,5,0,7\ncat,3,7,0\n"])
        #expect(off.code == 2 && off.err.contains("s.csv:2: column 4: nan is not a score (NaN)"), "\(off.err)")
        try Self.npy([[0, 5, .nan], [5, 0, 7], [.nan, 7, 0]]).write(to: URL(fileURLWithPath: "\(dir)/s.npy"))
        let offNPY = try runCLI(["solve", "--problem", "\(dir)/pool.json"])
        #expect(offNPY.code == 2 && offNPY.err.contains("row 0, column 2 (0-based): nan is not a score"), "\(offNPY.err)")
        // A bipartite problem still reads its diagonal: NaN there is refused.
        let bipartite = try solvePool(["pool.json": #"{"scores": "s.csv"}"#, "s.csv": "id,ann,bob\nann,nan,5\nbob,5,0\n"])
        #expect(bipartite.code == 2 && bipartite.err.contains("nan is not a score"), "\(bipartite.err)")
    }

    @Test("export of a pool where someone with a minimum has no allowed pair: the LP and MPS keep their row, so the model stays infeasible")
    func exportKeepsEmptyRow() throws {
        let dir = try temporaryDirectory()
        try #"{"pool": true, "scores": [[0, 5], [5, 0]], "partners": {"min": 1, "max": 1}, "forbidden": [[0, 1]]}"#
            .write(toFile: "\(dir)/pool.json", atomically: true, encoding: .utf8)
        let r = try runCLI(["solve", "--problem", "\(dir)/pool.json", "--export-lp", "\(dir)/p.lp", "--export-mps", "\(dir)/p.mps", "--no-solve"])
        #expect(r.code == 0, "\(r.err)")
        let lp = try String(contentsOfFile: "\(dir)/p.lp", encoding: .utf8)
        #expect(lp.contains("partners_0: 0 objective_constant = 1") && lp.contains("partners_1: 0 objective_constant = 1"), "\(lp)")
        let mps = try String(contentsOfFile: "\(dir)/p.mps", encoding: .utf8)
        #expect(mps.contains("objective_constant") && mps.contains("partners_0"), "\(mps)")
    }

    @Test("match and check in mutual mode: a note for a matching.menteeDemand that is set (none for the default), and --streamed refused with exit 64 before scoring")
    func mutualUnusedSettings() throws {
        let dir = try temporaryDirectory()
        let participants = fixture("Fixtures/cohorts/mutual/participants.csv")
        let config = try String(contentsOfFile: fixture("Fixtures/cohorts/mutual/program.yaml"), encoding: .utf8)
        try config.replacingOccurrences(of: "menteeDemand: {min: 0, max: 1}", with: "menteeDemand: {min: 1, max: 3}")
            .write(toFile: "\(dir)/c.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["match", "--participants", participants, "--config", "\(dir)/c.yaml", "--out", "\(dir)/out"])
        #expect(r.code == 0, "\(r.err)")
        let notes = r.err.split(separator: "\n").filter { $0.contains("menteeDemand") }
        #expect(notes == ["note: matching.menteeDemand (1…3) is not used in mutual mode: each person takes between matching.minimumLoad (now 1) and their capacity partners"], "\(r.err)")
        let check = try runCLI(["check", "--participants", participants, "--config", "\(dir)/c.yaml"])
        #expect(check.code == 0 && check.out.contains("note: matching.menteeDemand (1…3) is not used in mutual mode"), "\(check.out)")
        // The default menteeDemand says nothing.
        let plain = try runCLI(["match", "--participants", participants, "--config", fixture("Fixtures/cohorts/mutual/program.yaml"), "--out", "\(dir)/out2"])
        #expect(plain.code == 0 && !plain.err.contains("menteeDemand"), "\(plain.err)")
        // --streamed cannot apply to a pool: refused before scoring, exit 64, one line.
        let streamed = try runCLI(["match", "--participants", participants, "--config", "\(dir)/c.yaml", "--out", "\(dir)/out3", "--streamed"])
        #expect(streamed.code == 64 && streamed.err.contains("mentor-match: --streamed is not available in mutual mode"), "\(streamed.err)")
        #expect(!streamed.err.contains("scored 80 people") && !FileManager.default.fileExists(atPath: "\(dir)/out3"))
        #expect(streamed.err.split(separator: "\n").filter { $0.hasPrefix("mentor-match:") }.count == 1)
    }

    @Test("match in mutual mode: the progress line counts people and pairs, and excluded pairs are counted once each, as check counts them")
    func mutualCounts() throws {
        let dir = try temporaryDirectory()
        let participants = fixture("Fixtures/cohorts/mutual/participants.csv"), config = fixture("Fixtures/cohorts/mutual/program.yaml")
        let r = try runCLI(["match", "--participants", participants, "--config", config, "--out", "\(dir)/out"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("scored 80 people (3160 pairs) on "), "\(r.err)")
        #expect(!r.err.contains("mentors ×"))
        // The excluded pairs add up to the pairs `check` does not allow (each pair of two people once, no "same person").
        let check = try runCLI(["check", "--participants", participants, "--config", config])
        /// The numbers captured by `pattern`'s one group, in order.
        func numbers(_ text: some StringProtocol, _ pattern: String) throws -> [Int] {
            try String(text).matches(of: Regex<(Substring, Substring)>(pattern)).compactMap { Int($0.1) }
        }
        let allowed = try #require(try numbers(check.out, #"(\d+) of 3160 pairs allowed"#).first)
        let line = try #require(r.out.split(separator: "\n").first { $0.hasPrefix("excluded pairs: ") })
        let counts = try numbers(line, #"(\d+) by "#)
        #expect(counts.reduce(0, +) == 3160 - allowed, "\(line)")
        #expect(!line.contains("the same person"))
        let listed = try numbers(check.out, #"  (\d+) pairs excluded by"#)
        #expect(listed.reduce(0, +) == 3160 - allowed, "\(check.out)")
    }

    @Test("mutual mode speaks of peers: the JSON's pairs are person and partner, explain takes --person and --partner")
    func mutualWords() throws {
        let dir = try temporaryDirectory()
        let people = fixture("Fixtures/cohorts/mutual/participants.csv"), config = fixture("Fixtures/cohorts/mutual/program.yaml")
        let r = try runCLI(["match", "--participants", people, "--config", config, "--out", dir])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/assignments.json"))) as? [String: Any])
        let first = try #require((json["pairs"] as? [[String: Any]])?.first)
        #expect(first["person"] is String && first["partner"] is String && first["mentor"] == nil)
        let e = try runCLI(["explain", "--participants", people, "--config", config, "--person", "P001", "--partner", "P002"])
        #expect(e.code == 0 && e.out.contains("P001") && e.out.contains("P002"), "\(e.err)")
    }
}
