import Foundation
import Testing

/// Findings of a user test, end to end.
@Suite("mentor-match: findings of a user test")
struct FindingsCommandTests {
    /// A little-endian float64 .npy file of `rows`.
    static func npy(_ rows: [[Double]]) -> Data {
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(rows.count), \(rows[0].count)), }"
        header += String(repeating: " ", count: 63 - (10 + header.utf8.count) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xff), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        for row in rows { for v in row { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } } }
        return data
    }

    @Test("6×3 with 15 cells of -greatestFiniteMagnitude, two used: a finite objective and bound on the equivalent scale, never gap 0 with a null objective",
          arguments: ["auto", "glpk"])
    func sentinelOverflow(_ solver: String) throws {
        let g = -Double.greatestFiniteMagnitude
        let path = try temporaryDirectory() + "/scores.npy"
        try Self.npy([[5, 3, 1]] + Array(repeating: [g, g, g], count: 5)).write(to: URL(fileURLWithPath: path))
        let r = try runCLI(["solve", "--scores", path, "--mentor-load", "0:1", "--mentee-demand", "1:1", "--solver", solver])
        #expect(r.code == 0, "\(r.err)")
        let json = try object(r.out)
        #expect(json["status"] as? String == "optimal")
        // 5 from mentor 0, and two sentinel pairs solved as -17 each (SentinelScores: W0 = 3 · 5 = 15, ⌈15·(1 + 2⁻²⁰)⌉ + 1).
        #expect(json["objective"] as? Int == -29 && json["bound"] as? Int == -29, "\(r.out)")
        #expect(json["gap"] as? Int == 0)
        #expect(json["sentinelPairs"] as? Int == 2 && json["objectiveScale"] as? String == "sentinelEquivalent")
        let text = try runCLI(["solve", "--scores", path, "--mentor-load", "0:1", "--mentee-demand", "1:1", "--solver", solver, "--format", "text"])
        #expect(!text.out.contains("inf") && text.out.contains("objective:  -29"), "\(text.out)")
    }

    @Test("all mentors not eligible: one line saying so, not a capacity of 0")
    func allMentorsIneligible() throws {
        let dir = try temporaryDirectory()
        try "id,role,capacity,eligible\nM1,mentor,2,no\nM2,mentor,2,no\nE1,mentee,,yes\nE2,mentee,,yes\nE3,mentee,,yes\n"
            .write(toFile: dir + "/people.csv", atomically: true, encoding: .utf8)
        try "matching:\n  menteeDemand: {min: 1, max: 1}\n".write(toFile: dir + "/program.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["check", "--participants", dir + "/people.csv", "--config", dir + "/program.yaml"])
        let errors = r.out.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors == ["error: no matching can satisfy the rules: no pair is allowed (all 6 mentor–mentee pairs are forbidden or excluded), but 3 mentees must be matched (mentee E1, mentee E2, mentee E3): all 2 mentors are marked not eligible this round (eligible column)"], "\(r.out)")
    }

    @Test("maxPerMentor limit 0 with minimumLoad 1: check names the rule and the setting at once")
    func limitZero() throws {
        let dir = try temporaryDirectory()
        try "id,role,capacity,department\nM1,mentor,2,x\nM2,mentor,2,x\nE1,mentee,,a\nE2,mentee,,b\nE3,mentee,,a\n"
            .write(toFile: dir + "/people.csv", atomically: true, encoding: .utf8)
        try "matching:\n  minimumLoad: 1\n  rules:\n    - {kind: maxPerMentor, attribute: department, limit: 0}\n"
            .write(toFile: dir + "/program.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["check", "--participants", dir + "/people.csv", "--config", dir + "/program.yaml"])
        let errors = r.out.split(separator: "\n").filter { $0.hasPrefix("error:") }
        #expect(errors == ["error: no matching can satisfy the rules: matching.rules[0] maxPerMentor(department) ≤ 0 has limit 0, which allows no pair, but 2 mentors must take at least 1 each (mentor M1, mentor M2): raise the rule's limit, or lower matching.minimumLoad (now 1)"], "\(r.out)")
    }
}
