import Foundation
import Testing

/// `mentor-match front` through the binary: the files it writes checked
/// against the points' own pairs and against `match`.
@Suite("mentor-match front")
struct FrontCommandTests {
    static let participants = fixture("Fixtures/cohorts/traditional/participants.csv")
    static let config = fixture("Fixtures/cohorts/traditional/program.yaml")

    func points(_ dir: String) throws -> (json: [String: Any], points: [[String: Any]]) {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/front.json"))) as? [String: Any])
        return (json, try #require(json["points"] as? [[String: Any]]))
    }

    @Test("balance on the bundled cohort: the first point is match's optimum, loads fall and totals fall point by point, each point's largest load is its value, the CSV matches the JSON, and a second run writes the same files")
    func balance() throws {
        let a = try temporaryDirectory(), b = try temporaryDirectory(), m = try temporaryDirectory()
        let r = try runCLI(["front", "--participants", Self.participants, "--config", Self.config, "--versus", "balance", "--out", a])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.hasPrefix("Pareto front: total score against largest mentor load (lower is better), "), "\(r.out)")
        let (json, pts) = try points(a)
        #expect(json["complete"] as? Bool == true && json["objective"] as? String == "balance" && pts.count >= 2)
        #expect(try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--out", m]).code == 0)
        let optimum = try #require((try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(m)/assignments.json"))) as? [String: Any])?["objective"] as? Double)
        #expect(abs((pts[0]["total"] as? Double ?? .nan) - optimum) < 1e-6, "first point \(pts[0]["total"] ?? "") vs match \(optimum)")
        for (k, p) in pts.enumerated() {
            let pairs = try #require(p["pairs"] as? [[String]])
            var load = [String: Int]()
            for pair in pairs { load[pair[0], default: 0] += 1 }
            #expect(Double(load.values.max() ?? 0) == p["value"] as? Double, "point \(k + 1)")
            #expect(p["proven"] as? Bool == true)
            if k > 0 {
                #expect((p["total"] as! Double) < (pts[k - 1]["total"] as! Double) && (p["value"] as! Double) < (pts[k - 1]["value"] as! Double), "point \(k + 1)")
            }
        }
        #expect(pts.filter { $0["knee"] as? Bool == true }.count <= 1 && pts.first?["supported"] as? Bool == true && pts.last?["supported"] as? Bool == true)
        let csv = try String(contentsOfFile: "\(a)/front.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "point,total,balance,pairs,proven,supported,knee,status" && csv.count == pts.count + 1)
        #expect(try runCLI(["front", "--participants", Self.participants, "--config", Self.config, "--versus", "balance", "--out", b]).code == 0)
        for file in ["front.csv", "front.json"] {
            #expect(FileManager.default.contents(atPath: "\(a)/\(file)") == FileManager.default.contents(atPath: "\(b)/\(file)"), "\(file) differs between runs")
        }
    }

    @Test("fairness stopped by --max-solves says so and marks the front incomplete; every point's worst pair rises")
    func fairnessCapped() throws {
        let dir = try temporaryDirectory()
        let r = try runCLI(["front", "--participants", Self.participants, "--config", Self.config, "--versus", "fairness", "--max-solves", "4", "--out", dir])
        #expect(r.code == 0 && r.out.contains("stopped at --max-solves 4"), "\(r.out)\(r.err)")
        let (json, pts) = try points(dir)
        #expect(json["complete"] as? Bool == false && json["solves"] as? Double == 4 && (1...4).contains(pts.count))
        for k in pts.indices.dropFirst() { #expect((pts[k]["value"] as! Double) > (pts[k - 1]["value"] as! Double)) }
    }

    @Test("diversity on a generated cohort's department: shares rise as totals fall, each the share of its own pairs; bad objectives and attributes in one line")
    func diversity() throws {
        let dir = try temporaryDirectory()
        #expect(try runCLI(["generate", "--mentors", "6", "--mentees", "12", "--seed", "4", "--out", dir]).code == 0)
        let people = try String(contentsOfFile: "\(dir)/participants.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let column = try #require(people[0].firstIndex(of: "department"))
        let department = Dictionary(uniqueKeysWithValues: people.dropFirst().map { ($0[0], $0[column]) })
        let r = try runCLI(["front", "--participants", "\(dir)/participants.csv", "--config", "\(dir)/program.yaml", "--versus", "diversity:department", "--out", "\(dir)/front"])
        #expect(r.code == 0, "\(r.err)")
        let (json, pts) = try points("\(dir)/front")
        #expect(json["complete"] as? Bool == true && !pts.isEmpty)
        for (k, p) in pts.enumerated() {
            let pairs = try #require(p["pairs"] as? [[String]])
            let across = pairs.filter { department[$0[0]] != department[$0[1]] }.count
            #expect(abs(Double(across) / Double(Swift.max(1, pairs.count)) - (p["value"] as? Double ?? .nan)) < 1e-9, "point \(k + 1)")
            if k > 0 { #expect((p["value"] as! Double) > (pts[k - 1]["value"] as! Double) && (p["total"] as! Double) < (pts[k - 1]["total"] as! Double)) }
        }
        let bad = try runCLI(["front", "--participants", "\(dir)/participants.csv", "--versus", "speed"])
        #expect(bad.code == 64 && bad.err.contains("use fairness, participation, diversity:ATTRIBUTE"), "\(bad.err)")
        let nobody = try runCLI(["front", "--participants", "\(dir)/participants.csv", "--versus", "diversity:shoe_size"])
        #expect(nobody.code == 2 && nobody.err.contains("diversity:shoe_size: no participant has a category 'shoe_size'"), "\(nobody.err)")
        let number = try runCLI(["front", "--participants", "\(dir)/participants.csv", "--versus", "diversity:seniority"])
        #expect(number.code == 2 && number.err.contains("numbers and lists (seniority, years, skills, languages…) are not categories"), "\(number.err)")
        // A column only mentors filled in: no pair can be across or within it.
        var lines = try String(contentsOfFile: "\(dir)/participants.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        lines[0] += ",club"
        for k in 1..<lines.count { lines[k] += lines[k].contains(",mentor,") ? ",chess" : "," }
        let oneSided = "\(dir)/one-sided.csv"
        try (lines.joined(separator: "\n") + "\n").write(toFile: oneSided, atomically: true, encoding: .utf8)
        let side = try runCLI(["front", "--participants", oneSided, "--config", "\(dir)/program.yaml", "--versus", "diversity:club"])
        #expect(side.code == 2 && side.err.contains("diversity:club: no mentee has 'club'"), "\(side.err)")
    }
}
