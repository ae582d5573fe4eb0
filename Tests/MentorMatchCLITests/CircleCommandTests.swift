import Foundation
import Testing

/// `match` with `matching.circles` on the mutual fixture, through the real binary.
@Suite("match in circles")
struct CircleCommandTests {
    @Test("the circles fixture: one line per member (circle, others, score, reasons), the circles in the JSON, exit 0")
    func circlesFixture() throws {
        let dir = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/mutual/participants.csv"),
                            "--config", fixture("Fixtures/cohorts/mutual/circles.yaml"), "--out", dir])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("grouped 79 of 80 people in") && r.out.contains("circles of 3–5"), "\(r.out)")
        let csv = try String(contentsOfFile: "\(dir)/assignments.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "circle,person_id,others,score,reasons")
        #expect(csv.count == 1 + 79)
        #expect(csv.dropFirst().allSatisfy { $0.contains("with P") })
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/assignments.json"))) as? [String: Any])
        let circles = try #require(json["circles"] as? [[String: Any]])
        #expect(circles.reduce(0) { $0 + (($1["members"] as? [Any])?.count ?? 0) } == 79)
        let html = try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8)
        #expect(html.contains("<h2>Circles</h2>"))
    }

    @Test("circles of a traditional program's mentees: only mentees (E…) in circles, the mentors named in a note, check agrees")
    func circlesOfMentees() throws {
        let dir = try temporaryDirectory()
        let args = ["--participants", fixture("Fixtures/cohorts/traditional/participants.csv"), "--config", fixture("Fixtures/cohorts/traditional/circles.yaml")]
        let r = try runCLI(["match"] + args + ["--out", dir])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("grouped 147 of 150 people in") && r.out.contains("circles of 3–5"), "\(r.out)")
        #expect(r.err.contains("note: circles of the 150 mentees") && r.err.contains("the 60 mentor(s) are not placed"), "\(r.err)")
        let csv = try String(contentsOfFile: "\(dir)/assignments.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "circle,person_id,others,score,reasons")
        #expect(csv.count == 1 + 147)
        #expect(csv.dropFirst().allSatisfy { $0.split(separator: ",")[1].hasPrefix("E") && !$0.contains("M0") })
        let check = try runCLI(["check"] + args)
        #expect(check.code == 0, "\(check.err)")
        #expect(check.out.contains("150 mentees of 210 participants in one pool (circles of mentees)"), "\(check.out)")
    }
}
