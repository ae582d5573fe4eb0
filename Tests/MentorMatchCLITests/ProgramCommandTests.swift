import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingReports
import Programs
import Testing

func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mm-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

func fixture(_ path: String) -> String { packageRoot.appendingPathComponent(path).path }

@Suite("mentor-match match, explain, check and generate, end to end")
struct ProgramCommandTests {
    @Test("match on each bundled cohort: every pair passes the validator and the files agree", arguments: ["traditional", "reverse"])
    func matchBundledCohort(_ mode: String) throws {
        let out = try temporaryDirectory()
        let participants = fixture("Fixtures/cohorts/\(mode)/participants.csv"), config = fixture("Fixtures/cohorts/\(mode)/program.yaml")
        let r = try runCLI(["match", "--participants", participants, "--config", config, "--out", out])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("matched") && r.out.contains("report: \(out)/report.html"))
        #expect(r.err.contains("reading") && r.err.contains("solving"))
        // Rebuild the program from the same files and check the written pairs against it.
        let program = try MentoringProgram(profiles: ParticipantFile.read(path: participants),
                                           config: ConfigFile.read(ProgramConfig.self, path: config))
        let json = try object(String(contentsOfFile: "\(out)/assignments.json", encoding: .utf8))
        #expect(json["status"] as? String == "optimal")
        let pairs = try #require(json["pairs"] as? [[String: Any]])
        let x = program.pairs
        let matching = Matching(pairs: try pairs.map { p in
            let pos = try x.position(mentor: PersonID(p["mentor"] as! String), mentee: PersonID(p["mentee"] as! String))
            return Pair(mentor: pos.mentor, mentee: pos.mentee)
        })
        let check = MatchingValidator.check(matching, against: try #require(program.denseProblem))
        #expect(check.isFeasible, "\(check.violations)")
        #expect(abs(check.objective - (json["objective"] as! Double)) < 1e-3)
        // Contributions add up to each pair's score.
        for p in pairs {
            let sum = (p["contributions"] as! [String: Double]).values.reduce(0, +)
            #expect(abs(sum - (p["score"] as! Double)) < 1e-3)
        }
        // The CSV has one line per pair, and everyone left out has a reason.
        let csv = try String(contentsOfFile: "\(out)/assignments.csv", encoding: .utf8)
        #expect(csv.hasPrefix("mentor_id,mentee_id,score,reasons\n"))
        #expect(ParticipantFile.parseCSVRows(csv).count == pairs.count + 1)
        let unmatched = try #require(json["unmatched"] as? [[String: Any]])
        #expect(unmatched.allSatisfy { !($0["reason"] as! String).isEmpty })
        let matchedMentees = Set(pairs.map { $0["mentee"] as! String })
        #expect(matchedMentees.count + unmatched.filter { $0["side"] as? String == "mentee" }.count == x.menteeIndices.count)
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        // Self-contained: its one inline script (table sorting), no external resource, no address.
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.components(separatedBy: "<script").count == 2
                && !html.contains("src=") && !html.contains("href=") && !html.contains("http"))
    }

    @Test func sameInputSameFiles() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory()
        for dir in [a, b] {
            let g = try runCLI(["generate", "--mentors", "12", "--mentees", "30", "--seed", "5", "--out", dir])
            #expect(g.code == 0, "\(g.err)")
            // The report's date: SOURCE_DATE_EPOCH instead of the clock (and no timings), as reproducible builds do.
            let m = try runCLI(["match", "--participants", "\(dir)/participants.csv", "--config", "\(dir)/program.yaml", "--out", "\(dir)/out"],
                               environment: ["SOURCE_DATE_EPOCH": "1764460800"])
            #expect(m.code == 0, "\(m.err)")
        }
        for file in ["participants.csv", "program.yaml", "out/assignments.csv", "out/report.html"] {
            #expect(FileManager.default.contents(atPath: "\(a)/\(file)") == FileManager.default.contents(atPath: "\(b)/\(file)"), "\(file)")
        }
        // The JSON differs only in its timings.
        func withoutTimings(_ path: String) throws -> [String: Any] {
            var o = try object(String(contentsOfFile: path, encoding: .utf8))
            o["seconds"] = nil
            return o
        }
        #expect(NSDictionary(dictionary: try withoutTimings("\(a)/out/assignments.json")).isEqual(to: try withoutTimings("\(b)/out/assignments.json")))
        let other = try temporaryDirectory()
        _ = try runCLI(["generate", "--mentors", "12", "--mentees", "30", "--seed", "6", "--out", other])
        #expect(FileManager.default.contents(atPath: "\(a)/participants.csv") != FileManager.default.contents(atPath: "\(other)/participants.csv"))
    }

    @Test("generate: the scenarios read back and validate", arguments: ["traditional", "reverse", "mutual"])
    func generateScenarios(_ scenario: String) throws {
        let dir = try temporaryDirectory()
        let g = try runCLI(["generate", "--mentors", "20", "--mentees", "50", "--seed", "3", "--scenario", scenario, "--out", dir, "--format", "json"])
        #expect(g.code == 0, "\(g.err)")
        let people = try ParticipantFile.read(path: "\(dir)/participants.csv")
        #expect(people.count == 70)
        let config = try ConfigFile.read(ProgramConfig.self, path: "\(dir)/program.json")
        #expect(config.mode.rawValue == scenario)
        let skills = Set(people.flatMap { $0.skills.keys })
        #expect(skills.count >= 30)
        if scenario == "reverse" {
            // Juniors mentor seniors on new skills.
            let mentors = people.filter { $0.role == .mentor }, mentees = people.filter { $0.role == .mentee }
            #expect(mentors.allSatisfy { $0.seniority!.level <= 3 } && mentees.allSatisfy { $0.seniority!.level >= 5 })
            #expect(mentees.allSatisfy { $0.goals.allSatisfy { SyntheticCohort.newSkills.contains($0.skill) } })
        }
        let c = try runCLI(["check", "--participants", "\(dir)/participants.csv", "--config", "\(dir)/program.json"])
        #expect(c.code == 0, "\(c.out)\(c.err)")
        if scenario == "mutual" {
            // One pool, matched exactly: the blossom solver's certificate, peers in the files.
            let m = try runCLI(["match", "--participants", "\(dir)/participants.csv", "--config", "\(dir)/program.json", "--out", "\(dir)/out"])
            #expect(m.code == 0 && m.out.contains("solver blossom: optimal"), "\(m.out)\(m.err)")
            let csv = try String(contentsOfFile: "\(dir)/out/assignments.csv", encoding: .utf8)
            #expect(csv.hasPrefix("person_id,partner_id,score,reasons"))
            let html = try String(contentsOfFile: "\(dir)/out/report.html", encoding: .utf8)
            #expect(html.contains("People with a partner") && html.contains("How many partners people have"))
        }
    }

    @Test func explainAPairAndAnExcludedOne() throws {
        let p = fixture("Fixtures/cohorts/traditional/participants.csv"), c = fixture("Fixtures/cohorts/traditional/program.yaml")
        let r = try runCLI(["explain", "--participants", p, "--config", c, "--mentor", "M001", "--mentee", "E001"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("M001 → E001: score") && r.out.contains("skillGap") && r.out.contains("top reasons"))
        // An ineligible mentor: every pair is excluded, with the reason.
        let people = try ParticipantFile.read(path: p)
        let off = try #require(people.first { $0.role == .mentor && !$0.eligible })
        let e = try runCLI(["explain", "--participants", p, "--config", c, "--mentor", off.id.rawValue, "--mentee", "E001"])
        #expect(e.code == 0 && e.out.contains("excluded: \(off.id) is not eligible this round"), "\(e.out)")
        let unknown = try runCLI(["explain", "--participants", p, "--config", c, "--mentor", "NOBODY", "--mentee", "E001"])
        #expect(unknown.code == 2 && unknown.err.contains("'NOBODY' is not in the cohort"))
        let swapped = try runCLI(["explain", "--participants", p, "--config", c, "--mentor", "E001", "--mentee", "M001"])
        #expect(swapped.code == 2 && swapped.err.contains("'E001' is not a mentor of these pairs: the profile's role is mentee (swap --mentor and --mentee?)"), "\(swapped.err)")
    }

    @Test("malformed inputs: the right message and a non-zero exit", arguments: [
        ("wrong-columns.csv", nil, "wrong-columns.csv: line 4: 7 field(s), the header has 6"),
        ("bad-level.csv", nil, "bad-level.csv: line 2, column 4 (skills): level 9 of 'swift' is outside 0…5"),
        ("unknown-role.csv", nil, "unknown-role.csv: line 2, column 2 (role): role 'sponsor' is not mentor, mentee or both"),
        ("duplicate-id.csv", nil, "duplicate-id.csv: line 4, column 1 (id): id 'M1' already used on line 2"),
        ("negative-capacity.csv", nil, "negative-capacity.csv: line 2, column 3 (capacity): capacity -1 is below zero"),
        ("good-small.csv", "missing-attribute.yaml", "matching.rules[0] (quota on shoe_size = 42): no participant has the attribute 'shoe_size' (attributes: department, gender, location, role, team, timezone) — the rule cannot be met; set its minimum to 0 or remove it"),
        ("good-small.csv", "unknown-key.yaml", "unknown key 'defaultCapacty' (did you mean 'defaultCapacity'?) in matching"),
    ] as [(String, String?, String)])
    func malformed(_ participants: String, _ config: String?, _ message: String) throws {
        let base = "Fixtures/cohorts/broken/"
        var args = ["--participants", fixture(base + participants)]
        if let config { args += ["--config", fixture(base + config)] }
        let check = try runCLI(["check"] + args)
        #expect(check.code == 2, "\(check.out)")
        #expect(check.out.contains(message), "check printed: \(check.out)")
        let out = try temporaryDirectory()
        let match = try runCLI(["match"] + args + ["--out", out])
        #expect(match.code == 2)
        #expect(match.err.contains(message), "match printed: \(match.err)")
    }

    @Test func checkListsEveryProblem() throws {
        let dir = try temporaryDirectory()
        let text = "id,role,capacity,skills\nM1,mentor,x,swift:4\nE1,boss,,\nE2,mentee,,swift:11\n"
        try text.write(toFile: "\(dir)/p.csv", atomically: true, encoding: .utf8)
        let r = try runCLI(["check", "--participants", "\(dir)/p.csv"])
        #expect(r.code == 2)
        #expect(r.out.contains("line 2, column 3 (capacity): 'x' is not a whole number"))
        #expect(r.out.contains("line 3, column 2 (role)"))
        #expect(r.out.contains("line 4, column 4 (skills)"))
    }

    @Test func hostileTextIsNeutralisedAndEscaped() throws {
        let out = try temporaryDirectory()
        // A rule on department puts the department values (a formula, "+cmd") into the report's diversity mix.
        try "matching:\n  rules:\n    - {kind: maxPerMentor, attribute: department, limit: 2}\n".write(toFile: "\(out)/program.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/broken/hostile.csv"), "--config", "\(out)/program.yaml", "--out", out])
        #expect(r.code == 0, "\(r.err)")
        let csv = try String(contentsOfFile: "\(out)/assignments.csv", encoding: .utf8)
        #expect(csv.contains("M1,<script>alert(1)</script>,"))
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        #expect(!html.contains("<script>alert") && html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The hostile department is text (its quotes need no escaping there), never markup or an attribute's value.
        #expect(html.contains("=HYPERLINK(\"http://x\")") && !html.contains("<a") && !html.contains("=\"=HYPERLINK"), "the hostile department is rendered as text")
        // A cell that would start a formula is prefixed.
        #expect(ResultFiles.csv([["=1+1", "+cmd", "-2+3", "@x", "ok", "-23.7", "+1-555-0100"]]) == "'=1+1,'+cmd,'-2+3,'@x,ok,-23.7,'+1-555-0100\n")
    }
}
