import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingReports
import MatchingSolvers
import Programs
import Testing

@Suite("report.html: the header, the words, and the same page for the same input")
struct ReportPageTests {
    /// The traditional cohort, solved once.
    static func traditional() async throws -> (ProgramResult, MentoringProgram) {
        let program = try MentoringProgram(profiles: ParticipantFile.read(path: fixture("Fixtures/cohorts/traditional/participants.csv")),
                                           config: ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/traditional/program.yaml")))
        return (try await program.solve(using: NetworkFlowSolver(), options: SolveOptions()), program)
    }

    @Test("SOURCE_DATE_EPOCH sets the date and leaves the timings out; a malformed one is refused")
    func sourceDateEpoch() throws {
        let inputs = [ReportRun.Input("participants", path: "/some/folder/participants.csv")]
        let fixed = try ReportRun.current(inputs: inputs, environment: ["SOURCE_DATE_EPOCH": "1764460800"])
        #expect(fixed.dateText == "2025-11-30 00:00 UTC" && fixed.reproducible && fixed.inputs.map(\.name) == ["participants.csv"])
        let now = try ReportRun.current(inputs: inputs, environment: [:])
        #expect(!now.reproducible && abs(now.date.timeIntervalSinceNow) < 3600)
        #expect(throws: MatchingError.self) { try ReportRun.current(inputs: inputs, environment: ["SOURCE_DATE_EPOCH": "yesterday"]) }
        #expect(fixed.version == MentorMatchRelease.version)
    }

    @Test("the same input and run give the same page, byte for byte; the header names the date, the inputs and the version")
    func samePageAndHeader() async throws {
        let (result, program) = try await Self.traditional()
        let run = ReportRun(date: Date(timeIntervalSince1970: 1_764_460_800), inputs: [ReportRun.Input("participants", path: "a/participants.csv"),
                                                                                        ReportRun.Input("config", path: "b/program.yaml")], reproducible: true)
        let a = ReportPage.html(result, program: program, run: run), b = ReportPage.html(result, program: program, run: run)
        #expect(a == b)
        #expect(a.contains("2025-11-30 00:00 UTC") && a.contains("participants.csv (participants), program.yaml (config)") && a.contains(">\(MentorMatchRelease.version)<"))
        #expect(!a.contains("a/participants.csv"), "file names, not paths")
        #expect(a.contains("Mode: traditional: experienced mentors guide mentees. Aim: the highest total score."))
        // Plain words first; the solver's terms in a collapsed section.
        #expect(a.contains("It is the best possible: no other matching that keeps the program's rules scores higher in total."))
        #expect(a.contains("<details class=\"proof\"><summary>How this was proven</summary>"))
        #expect(a.contains("left out: SOURCE_DATE_EPOCH is set") && !a.contains("solve 0."))
        let timed = ReportPage.html(result, program: program, run: ReportRun(inputs: run.inputs))
        #expect(timed.contains("<dt>Timings</dt><dd>build "))
        // Criteria and rules in words; their config names only in the proof.
        #expect(a.contains("Skills the mentee wants to learn") && a.contains("No mentor has more than 2 mentees with the same department.")
                && a.contains("At least 30 of the matched mentees have track “early”."))
        let proof = try #require(a.components(separatedBy: "How this was proven").last)
        #expect(!a.replacingOccurrences(of: proof, with: "").contains("skillGap") && proof.contains("<code>skillGap</code>"))
        #expect(proof.contains("maxPerMentor(department) ≤ 2"))
    }

    @Test("the diversity mix charts every attribute of the mentees, not only the rules'; contact columns never")
    func diversityMixAttributes() async throws {
        let (result, program) = try await Self.traditional()
        let html = ReportPage.html(result, program: program)
        let mix = try #require(html.components(separatedBy: "<h2>Diversity mix</h2>").last?.components(separatedBy: "<h2>").first)
        for attribute in ["Department", "Track", "Gender", "Region", "Timezone"] {
            #expect(mix.contains("<h3>\(attribute)</h3>"), "\(attribute)")
        }
        #expect(mix.contains("team: 32 different values"))
        #expect(!mix.contains("<h3>Name</h3>") && !mix.contains("<h3>Email</h3>"))
    }

    @Test("a left-out chart counts both sides the table lists")
    func leftOutCountsBothSides() async throws {
        let (result, program) = try await Self.traditional()
        let html = ReportPage.html(result, program: program)
        #expect(result.unmatched.count == 4 && Set(result.unmatched.map(\.side)) == ["mentee", "mentor"])
        #expect(html.contains("Left out: 3 mentees and 1 mentor."))
        #expect(html.contains("data-table=\"left-out\" data-rows=\"4\""))
        #expect(html.contains("not eligible · mentees") && html.contains("not eligible · mentors"))
    }

    @Test("maxMin: the weakest pair is named in the summary")
    func maxMinWorstPair() async throws {
        let program = try MentoringProgram(profiles: ParticipantFile.read(path: fixture("Fixtures/cohorts/reverse/participants.csv")),
                                           config: ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/reverse/fairest.yaml")))
        let result = try await program.solve(using: NetworkFlowSolver(), options: SolveOptions())
        let weakest = try #require(result.assignments.min { $0.score < $1.score })
        let html = ReportPage.html(result, program: program)
        #expect(html.contains("It is the fairest possible: its weakest pair, \(weakest.mentor)"))
        #expect(html.contains("with \(weakest.mentee)"))
        #expect(html.contains("scores \(String(format: "%.1f", weakest.score)) of 100, and no matching"))
        #expect(html.contains("<dt>Worst outcome</dt>"))
    }

    @Test("mentor-match match refuses a malformed SOURCE_DATE_EPOCH by name")
    func malformedEpoch() throws {
        let out = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/reverse/participants.csv"), "--config", fixture("Fixtures/cohorts/reverse/program.yaml"),
                            "--out", out], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(r.code == 2 && r.err.contains("SOURCE_DATE_EPOCH: 'soon' is not a whole number"), "\(r.err)")
    }
}
