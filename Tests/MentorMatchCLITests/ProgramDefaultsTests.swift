import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingReports
import Programs
import Testing

/// Defaults that work on real exports, generated configs that fit their
/// cohort, and one line per cause when nothing can be matched.
@Suite("defaults, generated configs and causes")
struct ProgramDefaultsTests {
    /// The nine columns most surveys have.
    static let surveyColumns = ["id", "role", "capacity", "department", "manager_id", "seniority", "skills", "goals", "timezone"]

    /// A generated cohort cut down to `columns`, as a CSV file; returns its path and the generated config's.
    func surveyExport(mentors: Int, mentees: Int, seed: Int, scenario: String = "traditional") throws -> (participants: String, config: String) {
        let dir = try temporaryDirectory()
        let g = try runCLI(["generate", "--mentors", "\(mentors)", "--mentees", "\(mentees)", "--seed", "\(seed)", "--scenario", scenario, "--out", dir])
        #expect(g.code == 0, "\(g.err)")
        let table = try DelimitedText.table(Data(contentsOf: URL(fileURLWithPath: "\(dir)/participants.csv")), name: "p")
        let keep = Self.surveyColumns.map { table.header.firstIndex(of: $0)! }
        let rows = [Self.surveyColumns] + table.rows.map { r in keep.map { r.cells[$0] } }
        try ResultFiles.csv(rows).write(toFile: "\(dir)/survey.csv", atomically: true, encoding: .utf8)
        return ("\(dir)/survey.csv", "\(dir)/program.yaml")
    }

    @Test func aNineColumnSurveyMatchesEveryMenteeTheCapacitiesAllow() throws {
        // The reverse scenario's generated config has only rules on those columns.
        let (participants, config) = try surveyExport(mentors: 30, mentees: 80, seed: 4, scenario: "reverse")
        let out = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", participants, "--config", config, "--out", out])
        #expect(r.code == 0, "\(r.err)")
        let people = try ParticipantFile.read(path: participants)
        let capacity = people.filter { $0.role != .mentee }.map { $0.capacity ?? 2 }.reduce(0, +)
        let mentees = people.filter { $0.role != .mentor }.count
        let json = try object(String(contentsOfFile: "\(out)/assignments.json", encoding: .utf8))
        let pairs = try #require(json["pairs"] as? [[String: Any]])
        #expect(Set(pairs.map { $0["mentee"] as! String }).count == min(capacity, mentees))
        #expect(json["status"] as? String == "optimal")
    }

    @Test func aGeneratedQuotaOnAColumnTheExportLacksIsOneExplainedLine() throws {
        let (participants, config) = try surveyExport(mentors: 20, mentees: 60, seed: 9)
        let check = try runCLI(["check", "--participants", participants, "--config", config])
        #expect(check.code == 2)
        let errors = check.out.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("matching.rules[1] (quota on track = early): no participant has the attribute 'track'") == true)
        // With its minimum at 0 the rule cannot bind: a warning, and every mentee the capacities allow is matched.
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: #"min: [0-9]+\}"#, with: "min: 0}", options: .regularExpression)
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        let out = try temporaryDirectory()
        let m = try runCLI(["match", "--participants", participants, "--config", config, "--out", out])
        #expect(m.code == 0, "\(m.err)")
        #expect(m.err.contains("warning: matching.rules[1] (quota on track = early): no participant has the attribute 'track'"))
        let json = try object(String(contentsOfFile: "\(out)/assignments.json", encoding: .utf8))
        let warnings = try #require(json["warnings"] as? [String])
        #expect(warnings.filter { $0.hasPrefix("matching.rules[1]") }.count == 1)
        // The nine columns leave most weighted criteria unanswered: one line says so.
        #expect(warnings.filter { $0.contains("weighted criteria score a neutral 50 %") }.count == 1)
    }

    @Test("generate writes a config its own cohort satisfies, for any ratio", arguments: [(50, 30), (30, 30), (10, 40), (40, 12), (1, 1), (5, 0)])
    func generatedConfigsFit(_ mentors: Int, _ mentees: Int) throws {
        let dir = try temporaryDirectory()
        let g = try runCLI(["generate", "--mentors", "\(mentors)", "--mentees", "\(mentees)", "--seed", "2", "--out", dir])
        #expect(g.code == 0, "\(g.err)")
        let out = try temporaryDirectory()
        let m = try runCLI(["match", "--participants", "\(dir)/participants.csv", "--config", "\(dir)/program.yaml", "--out", out])
        #expect(m.code == 0, "\(mentors)×\(mentees): \(m.err)")
        let json = try object(String(contentsOfFile: "\(out)/assignments.json", encoding: .utf8))
        #expect(json["status"] as? String == "optimal")
    }

    @Test func generateKeepsExistingFilesWithoutForce() throws {
        let dir = try temporaryDirectory()
        #expect(try runCLI(["generate", "--mentors", "3", "--mentees", "5", "--out", dir]).code == 0)
        let before = try String(contentsOfFile: "\(dir)/participants.csv", encoding: .utf8)
        let again = try runCLI(["generate", "--mentors", "4", "--mentees", "5", "--out", dir])
        #expect(again.code == 2 && again.err.contains("already exist") && again.err.contains("--force"))
        #expect(try String(contentsOfFile: "\(dir)/participants.csv", encoding: .utf8) == before)
        #expect(try runCLI(["generate", "--mentors", "4", "--mentees", "5", "--out", dir, "--force"]).code == 0)
        #expect(try String(contentsOfFile: "\(dir)/participants.csv", encoding: .utf8) != before)
    }

    @Test("check prints one line per cause; --verbose lists the people", arguments: [
        ("no-shared-language.csv", "minimum-load.yaml", [
            "error: no matching can satisfy the rules: no pair is allowed (all 24 mentor–mentee pairs are forbidden or excluded), but 6 mentors must take a mentee (mentor M1, mentor M2, mentor M3, mentor M4, mentor M5, mentor M6): 24 excluded by no shared language (filters.sharedLanguage)",
        ], ["  24 excluded by no shared language (filters.sharedLanguage)"], ["M1", "M6"]),
        ("more-mentors.csv", "minimum-load.yaml", [
            "error: no matching can satisfy the rules: mentees' total demand 2 is below the mentors' minimum load 5: lower matching.minimumLoad (now 1)",
        ], [], []),
        ("bad-time-zones.csv", nil, [
            "error: bad-time-zones.csv: line 2: person 'M1': time zone 'Mars/Base' is neither an IANA name (Europe/Paris), an abbreviation (CET) nor a UTC offset (UTC+5:30)",
            "error: bad-time-zones.csv: line 3: person 'M2': time zone 'UTC+20' is neither an IANA name (Europe/Paris), an abbreviation (CET) nor a UTC offset (UTC+5:30)",
        ], [], []),
    ] as [(String, String?, [String], [String], [String])])
    func oneLinePerCause(_ participants: String, _ config: String?, _ errors: [String], _ lines: [String], _ people: [String]) throws {
        var args = ["check", "--participants", fixture("Fixtures/cohorts/broken/\(participants)")]
        if let config { args += ["--config", fixture("Fixtures/cohorts/broken/\(config)")] }
        let r = try runCLI(args)
        #expect(r.code == 2)
        let printed = r.out.split(separator: "\n").map(String.init)
        #expect(printed.filter { $0.hasPrefix("error:") }.map { $0.replacingOccurrences(of: fixture("Fixtures/cohorts/broken") + "/", with: "") } == errors)
        for line in lines { #expect(printed.contains(line), "\(r.out)") }
        // --verbose lists the people behind each aggregated line, one line each.
        let verbose = try runCLI(args + ["--verbose"])
        for person in people { #expect(verbose.out.contains("\n  mentor \(person) "), "\(verbose.out)") }
    }

    @Test func matchSaysWhyInOneLinePerCauseEverywhere() throws {
        let out = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/broken/no-shared-language.csv"),
                            "--config", fixture("Fixtures/cohorts/broken/minimum-load.yaml"), "--out", out])
        #expect(r.code == 1)
        let causes = ["no pair is allowed (all 24 mentor–mentee pairs are forbidden or excluded), but 6 mentors must take a mentee (mentor M1, mentor M2, mentor M3, mentor M4, mentor M5, mentor M6): 24 excluded by no shared language (filters.sharedLanguage)"]
        for c in causes { #expect(r.err.contains("  \(c)\n"), "\(r.err)") }
        let json = try object(String(contentsOfFile: "\(out)/assignments.json", encoding: .utf8))
        #expect(json["causes"] as? [String] == causes)
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        #expect(html.contains("Why there is no matching") && html.contains("no pair is allowed (all 24 mentor–mentee pairs are forbidden or excluded)"))
        #expect(!html.contains("<h2>Pair scores</h2>"))
    }

    @Test func solveLeavesOutARuleThatCannotBindWithAWarning() throws {
        let dir = try temporaryDirectory()
        let json = #"{"scores": [[7, 1], [2, 8]], "menteeAttributes": {"track": ["mid", "early"]}, "constraints": [{"kind": "quota", "attribute": "track", "value": "erly", "min": 0, "max": 1}]}"#
        try json.write(toFile: "\(dir)/p.json", atomically: true, encoding: .utf8)
        let r = try runCLI(["solve", "--problem", "\(dir)/p.json"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("warning: \(dir)/p.json: constraints[0] quota(track = erly) in 0…1: no mentee has 'erly' for 'track'; with minimum 0 it binds nothing and is left out"), "\(r.err)")
        #expect(try object(r.out)["objective"] as? Double == 15)
        // At a minimum above 0 it cannot be met: refused, naming the rule.
        try json.replacingOccurrences(of: #""min": 0"#, with: #""min": 1"#).write(toFile: "\(dir)/q.json", atomically: true, encoding: .utf8)
        let q = try runCLI(["solve", "--problem", "\(dir)/q.json"])
        #expect(q.code == 2 && q.err.contains("no mentee has the value 'erly' for 'track'"), "\(q.err)")
    }
}
