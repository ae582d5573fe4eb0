import Foundation
import Testing

/// An administrator's decisions as inputs: locked pairs, people excluded,
/// per-person changes and weights, through the real binary.
@Suite("match with the administrator's decisions")
struct DecisionTests {
    static let participants = fixture("Fixtures/cohorts/traditional/participants.csv")
    static let config = fixture("Fixtures/cohorts/traditional/program.yaml")

    func file(_ text: String, _ name: String) throws -> String {
        let path = "\(try temporaryDirectory())/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func pairs(_ dir: String) throws -> [[String]] {
        try String(contentsOfFile: "\(dir)/assignments.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",").prefix(3).map(String.init) }
    }

    @Test("each decision round-trips: locked pairs present, excluded people in no pair, capacity and activity overrides kept, weights change the scores; all echoed in the JSON and the report")
    func roundTrip() throws {
        let lock = try file("mentor_id;mentee_id\r\nM002;E001\r\nM003;E002\r\n", "lock.csv")
        let exclude = try file("\u{FEFF}ID\nE010\nE011\n", "exclude.csv")
        let overrides = try file("id,capacity,active\nM001,1,\nM004,,no\n", "overrides.csv")
        let plain = try temporaryDirectory(), decided = try temporaryDirectory()
        #expect(try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--out", plain]).code == 0)
        let r = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--lock", lock, "--exclude", exclude,
                            "--overrides", overrides, "--weights", "skillGap=7, availability=9", "--out", decided])
        #expect(r.code == 0, "\(r.err)")
        for words in ["decision: 2 people left out of this run", "decision: 2 per-person change(s)", "decision: 2 pair(s) locked", "skillGap 10 → 7, availability 6 → 9"] {
            #expect(r.err.contains(words), "\(words) not in \(r.err)")
        }
        let got = try pairs(decided)
        let ids = got.map { [$0[0], $0[1]] }
        #expect(ids.contains(["M002", "E001"]) && ids.contains(["M003", "E002"]))
        #expect(!ids.contains { $0[1] == "E010" || $0[1] == "E011" })
        #expect(ids.filter { $0[0] == "M001" }.count <= 1 && !ids.contains { $0[0] == "M004" })
        // New weights, new scores: some pair of both runs scores differently.
        let before = Dictionary(try pairs(plain).map { ("\($0[0]),\($0[1])", $0[2]) }, uniquingKeysWith: { a, _ in a })
        #expect(got.contains { p in before["\(p[0]),\(p[1])"].map { $0 != p[2] } ?? false })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(decided)/assignments.json"))) as? [String: Any])
        #expect((json["decisions"] as? [String])?.count == 4)
        let unmatched = try #require(json["unmatched"] as? [[String: Any]])
        #expect(unmatched.filter { ["E010", "E011"].contains($0["id"] as? String ?? "") }.allSatisfy { $0["category"] as? String == "not eligible" })
        #expect(try String(contentsOfFile: "\(decided)/report.html", encoding: .utf8).contains("<h2>Decisions for this run</h2>"))
    }

    @Test("a mentee's capacity override is the most mentors they take: E003 may have two, nobody else more than one; every pair in the file is a real pair of the cohort")
    func menteeDemandOverride() throws {
        let overrides = try file("ID;Demand\nE003;2\nE004;0\n", "demand.csv")
        let out = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--overrides", overrides, "--out", out])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("E003 up to 2 mentor(s); E004 up to 0 mentor(s)"), "\(r.err)")
        let got = try pairs(out)
        var perMentee = [String: Int]()
        for p in got { perMentee[p[1], default: 0] += 1 }
        #expect(perMentee["E003"] == 2, "\(perMentee["E003"] ?? 0)")
        #expect(perMentee["E004"] == nil)
        #expect(perMentee.filter { $0.key != "E003" }.allSatisfy { $0.value == 1 })
        // The matching is re-checked against the rules the overrides make (the status says so).
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/assignments.json"))) as? [String: Any])
        #expect(["optimal", "feasible"].contains(json["status"] as? String ?? ""), "\(json["status"] ?? "")")
        let unmatched = try #require(json["unmatched"] as? [[String: Any]])
        #expect(unmatched.first { $0["id"] as? String == "E004" }?["reason"] as? String == "capacity 0: takes no mentor this round")
    }

    @Test("a committee's review round-trips: the written review.csv, filled in as a spreadsheet would save it, locks the accepted pairs and forbids the rejected ones in the next run")
    func reviewRoundTrip() throws {
        let first = try temporaryDirectory()
        #expect(try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--out", first]).code == 0)
        let text = try String(contentsOfFile: "\(first)/review.csv", encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("mentor_id,mentee_id,") && lines[0].hasSuffix(",score,reasons,decision"), "\(lines[0])")
        #expect(lines.count - 1 == (try pairs(first)).count)
        // Reject the first two proposed pairs, accept the third (semicolons, a BOM and CRLF, as Excel saves it).
        func ids(_ line: String) -> (String, String) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return (String(cells[0]), String(cells[1]))
        }
        let rejected = [ids(lines[1]), ids(lines[2])], accepted = ids(lines[3])
        lines = ["mentor_id;mentee_id;Decision", "\(rejected[0].0);\(rejected[0].1);Reject", "\(rejected[1].0);\(rejected[1].1);no",
                 "\(accepted.0);\(accepted.1);Accept"] + lines.dropFirst(4).map { l in let (m, e) = ids(l); return "\(m);\(e);" }
        let review = try file("\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n", "review-filled.csv")
        let second = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--review", review, "--out", second])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("decision: review \(review): 1 pair(s) accepted and locked (\(accepted.0)–\(accepted.1)), 2 rejected and forbidden"), "\(r.err)")
        let now = try pairs(second).map { "\($0[0]),\($0[1])" }
        #expect(now.contains("\(accepted.0),\(accepted.1)"))
        for (m, e) in rejected { #expect(!now.contains("\(m),\(e)"), "\(m)–\(e) was rejected") }
        // A rejection is the committee's, not a block by either person: explain and the exclusion counts say so.
        let why = try runCLI(["explain", "--participants", Self.participants, "--config", Self.config, "--review", review,
                              "--mentor", rejected[0].0, "--mentee", rejected[0].1])
        #expect(why.out.contains("excluded: rejected by the matching committee (\(review): line 2 (rejected))"), "\(why.out)")
        let reviewed = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(second)/assignments.json"))) as? [String: Any])
        #expect((reviewed["excluded"] as? [[String: Any]] ?? []).contains { $0["cause"] as? String == "the matching committee's review (matching.rejected)" && $0["pairs"] as? Int == 2 })
        // The next run's review.csv marks the locked pair accepted; reviews repeat, and a pair decided both ways is refused.
        let next = try String(contentsOfFile: "\(second)/review.csv", encoding: .utf8)
        #expect(next.split(separator: "\n").contains { $0.hasPrefix("\(accepted.0),\(accepted.1),") && $0.hasSuffix(",accept") })
        let flip = try file("mentor_id,mentee_id,decision\n\(rejected[0].0),\(rejected[0].1),accept\n", "flip.csv")
        let both = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--review", review, "--review", flip, "--out", try temporaryDirectory()])
        #expect(both.code == 2 && both.err.contains("flip.csv: line 2: \(rejected[0].0)–\(rejected[0].1) is accepted here but rejected in \(review): line 2"), "\(both.err)")
        let again = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--review", review, "--review", "\(second)/review.csv", "--out", try temporaryDirectory()])
        #expect(again.code == 0, "\(again.err)")
        // A review whose scores are not this program's is applied with a warning per pair (another program, cohort or weights?).
        #expect(!again.err.contains("in the review: is it a review of another"), "\(again.err)")
        let stale = try file("mentor_id,mentee_id,score,decision\n\(accepted.0),\(accepted.1),99.9,accept\n", "stale.csv")
        let s = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--review", stale, "--out", try temporaryDirectory()])
        #expect(s.code == 0 && s.err.contains("warning: \(stale): line 2: \(accepted.0)–\(accepted.1) scores ") && s.err.contains("but 99.9 in the review"), "\(s.err)")
        // check warns as match does.
        let checked = try runCLI(["check", "--participants", Self.participants, "--config", Self.config, "--review", stale])
        #expect(checked.out.contains("warning: \(stale): line 2: \(accepted.0)–\(accepted.1) scores "), "\(checked.out)")
        // A review without scores is applied too, with one line saying it cannot be checked.
        let bare = try file("mentor_id,mentee_id,decision\n\(accepted.0),\(accepted.1),accept\n", "bare.csv")
        let u = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--review", bare, "--out", try temporaryDirectory()])
        #expect(u.code == 0 && u.err.contains("warning: \(bare): no pair has a score") && u.err.contains("cannot be checked"), "\(u.err)")
        // The hand-filled review has no score column; the written one does.
        #expect(again.err.contains("warning: \(review): no pair has a score") && !again.err.contains("\(second)/review.csv: no pair has a score"), "\(again.err)")
        // A decision that is neither is one line naming the file and line.
        let bad = try file("mentor_id,mentee_id,decision\n\(accepted.0),\(accepted.1),maybe\n", "bad-review.csv")
        let b = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--review", bad, "--out", try temporaryDirectory()])
        #expect(b.code == 2 && b.err.contains("bad-review.csv: line 2: decision 'maybe' for \(accepted.0)–\(accepted.1) is not accept, reject or blank"), "\(b.err)")
    }

    @Test("a bad decision is one line naming the file and line or the option: an unknown id (did you mean), a mistyped criterion, a locked pair the filters exclude")
    func refused() throws {
        for (args, words) in [(["--exclude", try file("id\nE999\n", "x.csv")], "x.csv: line 2: 'E999' is not a participant; did you mean"),
                              (["--overrides", try file("id,capacity\nM001,-1\n", "o.csv")], "o.csv: line 2: capacity '-1' is not a whole number ≥ 0"),
                              (["--weights", "skilGap=3"], "--weights: 'skilGap' is not a criterion"),
                              (["--weights", "skillGap=11"], "is not name=weight with a weight from 0 to 10"),
                              (["--lock", try file("mentor_id,mentee_id\nE001,M002\n", "l.csv")], "l.csv: line 2 (E001–M002): E001 is not a mentor"),
                              (["--lock", try file("mentor_id,mentee_id\nM002,E010\n", "k.csv"), "--exclude", try file("id\nE010\n", "e.csv")],
                               "k.csv: line 2 (M002–E010): the pair is excluded (")] {
            let r = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--out", try temporaryDirectory()] + args)
            #expect(r.code == 2 && r.err.contains(words), "\(args): \(r.code) \(r.err)")
        }
    }
}

/// `explain --why-not`: the cost of a pair, against an independent route.
@Suite("explain --why-not")
struct WhyNotTests {
    @Test("the forced total equals match --lock of the same pair, the cost is the difference, the pairs lost are named; an excluded pair says why")
    func againstLock() throws {
        let participants = fixture("Fixtures/cohorts/traditional/participants.csv"), config = fixture("Fixtures/cohorts/traditional/program.yaml")
        let r = try runCLI(["explain", "--participants", participants, "--config", config, "--mentee", "E010", "--why-not", "M002"])
        #expect(r.code == 0, "\(r.err)")
        let line = try #require(r.out.split(separator: "\n").first { $0.contains("the total falls from") }, "\(r.out)")
        let numbers = line.split(whereSeparator: { " :".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count >= 3 && abs(numbers[0] - numbers[1] - numbers[2]) < 0.011, "\(line)")
        #expect(r.out.contains("M002 would lose") && r.out.contains("pairs made:    ") && r.out.contains("M002–E010"))
        // The same pair locked through match: the same total.
        let dir = try temporaryDirectory()
        let lock = "\(dir)/lock.csv"
        try "mentor_id,mentee_id\nM002,E010\n".write(toFile: lock, atomically: true, encoding: .utf8)
        let m = try runCLI(["match", "--participants", participants, "--config", config, "--lock", lock, "--out", dir])
        #expect(m.code == 0 && m.out.contains(String(format: "objective %.2f", numbers[1])), "\(m.out)")
        // Already in the optimum, or impossible: said in one line.
        let e = try runCLI(["explain", "--participants", participants, "--config", config, "--mentee", "E001", "--why-not", "M008"])
        #expect(e.out.contains("M008–E001 is in the optimal matching"), "\(e.out)")
        let out = "\(dir)/out.csv"
        try "id\nE010\n".write(toFile: out, atomically: true, encoding: .utf8)
        let excluded = try runCLI(["explain", "--participants", participants, "--config", config, "--mentee", "E010", "--why-not", "M002", "--exclude", out])
        #expect(excluded.code == 0 && excluded.out.contains("excluded: ") && !excluded.out.contains("why not"), "\(excluded.out)")
        let bad = try runCLI(["explain", "--participants", participants, "--config", config, "--mentee", "E001", "--mentor", "M002", "--why-not", "M003"])
        #expect(bad.code == 64, "\(bad.err)")
    }
}

/// `match --shortlist K`: suggestions checked against the matching.
@Suite("match --shortlist")
struct ShortlistTests {
    @Test("each mentee's suggestions: at most K, best first, mentors with room in the matching (from the JSON loads), never the assigned one, the gap to the assigned score exact")
    func againstMatching() throws {
        let dir = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/traditional/participants.csv"),
                            "--config", fixture("Fixtures/cohorts/traditional/program.yaml"), "--out", dir, "--shortlist", "3"])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/assignments.json"))) as? [String: Any])
        let loads = try #require(json["mentorLoads"] as? [[String: Any]])
        let room = Set(loads.filter { ($0["load"] as! Double) < ($0["capacity"] as! Double) }.map { $0["id"] as! String })
        var assigned = [String: (String, Double)]()
        for p in try #require(json["pairs"] as? [[String: Any]]) { assigned[p["mentee"] as! String] = (p["mentor"] as! String, p["score"] as! Double) }
        let rows = try String(contentsOfFile: "\(dir)/shortlist.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count > 100)
        for (mentee, group) in Dictionary(grouping: rows, by: { $0[0] }) {
            #expect(group.count <= 3 && group.map { $0[1] } == (1...group.count).map(String.init), "\(mentee)")
            let scores = group.map { Double($0[3])! }
            #expect(scores == scores.sorted(by: >), "\(mentee): \(scores)")
            for row in group {
                #expect(room.contains(row[2]) && row[2] != assigned[mentee]?.0, "\(mentee): \(row[2])")
                if let (mentor, score) = assigned[mentee] {
                    #expect(row[5] == mentor && abs(Double(row[4])! - (((score * 10).rounded() / 10) - Double(row[3])!)) <= 0.11, "\(row)")
                }
            }
        }
    }
}

/// Decisions in `check`, and `diff` of two pool runs.
@Suite("decisions in check; diff of pools")
struct DecisionCheckTests {
    @Test("check validates and echoes the decision options as match does")
    func check() throws {
        let participants = fixture("Fixtures/cohorts/traditional/participants.csv"), config = fixture("Fixtures/cohorts/traditional/program.yaml")
        let dir = try temporaryDirectory()
        try "id\nE999\n".write(toFile: "\(dir)/x.csv", atomically: true, encoding: .utf8)
        let bad = try runCLI(["check", "--participants", participants, "--config", config, "--exclude", "\(dir)/x.csv"])
        #expect(bad.code == 2 && (bad.out + bad.err).contains("x.csv: line 2: 'E999' is not a participant"), "\(bad.out) \(bad.err)")
        let good = try runCLI(["check", "--participants", participants, "--config", config, "--weights", "skillGap=6"])
        #expect(good.code == 0 && (good.out + good.err).contains("decision: weights for this run (--weights): skillGap 10 → 6"), "\(good.out) \(good.err)")
    }

    @Test("diff of two pool runs is per person, both sides of each pair counted: a recount from the CSVs agrees")
    func pools() throws {
        let participants = fixture("Fixtures/cohorts/mutual/participants.csv"), config = fixture("Fixtures/cohorts/mutual/program.yaml")
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        try "person_id,partner_id\nP001,P002\n".write(toFile: "\(b)/lock.csv", atomically: true, encoding: .utf8)
        #expect(try runCLI(["match", "--participants", participants, "--config", config, "--out", a]).code == 0)
        #expect(try runCLI(["match", "--participants", participants, "--config", config, "--out", b, "--lock", "\(b)/lock.csv"]).code == 0)
        let d = try runCLI(["diff", a, b, "--out", "\(b)/diff.csv"])
        #expect(d.code == 0, "\(d.err)")
        func partners(_ dir: String) throws -> [String: Set<String>] {
            var out = [String: Set<String>]()
            for line in try String(contentsOfFile: "\(dir)/assignments.csv", encoding: .utf8).split(separator: "\n").dropFirst() {
                let c = line.split(separator: ",").map(String.init)
                out[c[0], default: []].insert(c[1]); out[c[1], default: []].insert(c[0])
            }
            return out
        }
        let x = try partners(a), y = try partners(b)
        let rows = try String(contentsOfFile: "\(b)/diff.csv", encoding: .utf8).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.count == Set(x.keys).union(y.keys).count)
        for r in rows {
            let before = x[r[0]] ?? [], after = y[r[0]] ?? []
            let expected = before.isEmpty ? "added" : after.isEmpty ? "removed" : before == after ? "kept" : "changed"
            #expect(r[1] == expected, "\(r[0]): \(r[1]) vs \(expected)")
            #expect(Set(r[2].split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) == before, "\(r[0])")
        }
        #expect(d.out.contains("(people)"))
    }
}
