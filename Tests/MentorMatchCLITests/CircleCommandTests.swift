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
}
