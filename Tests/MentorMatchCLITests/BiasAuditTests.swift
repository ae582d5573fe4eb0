import Foundation
import Testing

/// The bias audit in assignments.json, recounted from the participants and
/// assignments files, with a disparity planted through a real run.
@Suite("bias audit")
struct BiasAuditTests {
    static let participants = fixture("Fixtures/cohorts/traditional/participants.csv")
    static let config = fixture("Fixtures/cohorts/traditional/program.yaml")

    /// The fixture's rows as column → value (a plain comma file with no quoted commas in the columns read).
    func people() throws -> [[String: String]] {
        let lines = try String(contentsOfFile: Self.participants, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells + Array(repeating: "", count: max(0, header.count - cells.count))))
        }
    }

    @Test("every group's counts and mean score equal a recount from the files; a planted disparity (a quota that matches no nonbinary mentee) is flagged, and only flags that pass both tests appear; a near-unique column (phone) and capacity-0 people are not audited")
    func recountAndPlanted() throws {
        let rows = try people()
        let nonbinary = rows.filter { $0["role"] == "mentee" && $0["gender"] == "nonbinary" }.compactMap { $0["id"] }
        #expect(nonbinary.count >= 10)
        let dir = try temporaryDirectory()
        // The plant: nonbinary mentees may not be matched (a quota with maximum 0); and a unique phone column.
        let config = try String(contentsOfFile: Self.config, encoding: .utf8)
            .replacingOccurrences(of: "    - {kind: quota, attribute: track, value: early, min: 30}",
                                  with: "    - {kind: quota, attribute: track, value: early, min: 30}\n    - {kind: quota, attribute: gender, value: nonbinary, max: 0}")
        try config.write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        let lines = try String(contentsOfFile: Self.participants, encoding: .utf8).split(whereSeparator: \.isNewline)
        let withPhone = ([lines[0] + ",phone"] + lines.dropFirst().enumerated().map { k, l in l + ",555-\(1000 + k)" }).joined(separator: "\n") + "\n"
        try withPhone.write(toFile: "\(dir)/people.csv", atomically: true, encoding: .utf8)
        // One mentor asks for no mentee this run: not counted by the audit.
        try "id,capacity\nM002,0\n".write(toFile: "\(dir)/overrides.csv", atomically: true, encoding: .utf8)
        let out = "\(dir)/run"
        let r = try runCLI(["match", "--participants", "\(dir)/people.csv", "--config", "\(dir)/p.yaml", "--overrides", "\(dir)/overrides.csv", "--out", out])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.out.contains("bias audit: "), "\(r.out)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/assignments.json"))) as? [String: Any])
        let audit = try #require(json["audit"] as? [String: Any])
        let attributes = try #require(audit["attributes"] as? [[String: Any]])
        // Recount: the pairs from assignments.csv, each mentee's scores.
        let pairs = try String(contentsOfFile: "\(out)/assignments.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var scoresOf = [String: [Double]]()
        for p in pairs { scoresOf[p[1], default: []].append(Double(p[2])!) }
        let mentees = rows.filter { $0["role"] == "mentee" && ($0["eligible"] ?? "").lowercased() != "no" }
        #expect(!attributes.contains { $0["attribute"] as? String == "phone" })
        let mentorGender = try #require(attributes.first { $0["side"] as? String == "mentor" && $0["attribute"] as? String == "gender" })
        let mentorsCounted = rows.filter { $0["role"] == "mentor" && ($0["eligible"] ?? "").lowercased() != "no" && $0["id"] != "M002" }.count
        #expect((mentorGender["whole"] as? [String: Any])?["people"] as? Int == mentorsCounted)
        let gender = try #require(attributes.first { $0["side"] as? String == "mentee" && $0["attribute"] as? String == "gender" })
        for g in try #require(gender["groups"] as? [[String: Any]]) {
            let value = g["value"] as! String
            let members = mentees.filter { ($0["gender"].flatMap { $0.isEmpty ? nil : $0 } ?? "unknown") == value }
            let own = members.flatMap { scoresOf[$0["id"]!] ?? [] }
            #expect(g["people"] as? Int == members.count, "\(value)")
            #expect(g["matched"] as? Int == members.filter { scoresOf[$0["id"]!] != nil }.count, "\(value)")
            if let mean = g["meanScore"] as? Double {
                // The CSV's scores are rounded to 2 decimals.
                #expect(abs(mean - own.reduce(0, +) / Double(own.count)) < 0.01, "\(value): \(mean)")
            } else {
                #expect(own.isEmpty)
            }
        }
        let flagged = try #require(audit["flagged"] as? [String])
        #expect(flagged.contains { $0.hasPrefix("mentees with gender = nonbinary: match rate 0 % against") }, "\(flagged)")
        // Each flag belongs to a group at least minimumGroup strong whose measure is beyond its setting.
        let settings = try #require(audit["settings"] as? [String: Any])
        let minimum = try #require(settings["minimumGroup"] as? Int)
        for a in attributes {
            let whole = try #require(a["whole"] as? [String: Any])
            for g in try #require(a["groups"] as? [[String: Any]]) {
                let flags = g["flags"] as? [String] ?? []
                if (g["people"] as! Int) < minimum { #expect(flags.isEmpty) }
                for f in flags where f.hasPrefix("match rate") {
                    #expect(abs((g["matchRate"] as! Double) - (whole["matchRate"] as! Double)) > (settings["matchRateGap"] as! Double))
                }
            }
        }
    }

    @Test("a parity rule in the config holds on the real cohort: with one mentee per mentor, each gender's matched share is within the margin (recounted from the audit); mutual mode refuses it in one line")
    func parityRule() throws {
        let dir = try temporaryDirectory()
        let config = try String(contentsOfFile: Self.config, encoding: .utf8)
            .replacingOccurrences(of: "    - {kind: quota, attribute: track, value: early, min: 30}",
                                  with: "    - {kind: quota, attribute: track, value: early, min: 30}\n    - {kind: parity, attribute: gender, margin: 0.02}")
        #expect(config.contains("kind: parity"))
        try config.write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        let mentors = try people().filter { $0["role"] == "mentor" }.compactMap { $0["id"] }
        try ("id,capacity\n" + mentors.map { "\($0),1" }.joined(separator: "\n") + "\n").write(toFile: "\(dir)/cap.csv", atomically: true, encoding: .utf8)
        let r = try runCLI(["match", "--participants", Self.participants, "--config", "\(dir)/p.yaml", "--overrides", "\(dir)/cap.csv", "--out", "\(dir)/run"])
        #expect(r.code == 0, "\(r.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/run/assignments.json"))) as? [String: Any])
        #expect(json["solver"].flatMap { ($0 as? [String: Any])?["name"] as? String } == "glpk", "\(json["solver"] ?? "")")
        let attributes = try #require((json["audit"] as? [String: Any])?["attributes"] as? [[String: Any]])
        let gender = try #require(attributes.first { $0["side"] as? String == "mentee" && $0["attribute"] as? String == "gender" })
        let whole = try #require((gender["whole"] as? [String: Any])?["matchRate"] as? Double)
        #expect(whole < 0.5)   // the rule has something to do: most mentees cannot be matched
        for g in try #require(gender["groups"] as? [[String: Any]]) {
            #expect(abs((g["matchRate"] as! Double) - whole) <= 0.02 + 1e-9, "\(g)")
        }
        let mutual = "mode: mutual\nmatching:\n  rules:\n    - {kind: parity, attribute: gender, margin: 0.1}\n"
        try mutual.write(toFile: "\(dir)/m.yaml", atomically: true, encoding: .utf8)
        let m = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/mutual/participants.csv"), "--config", "\(dir)/m.yaml", "--out", "\(dir)/m"])
        #expect(m.code == 69 && m.err.contains("parity is a mentor–mentee rule"), "\(m.code) \(m.err)")
        // check finds the same: a problem, not a warning.
        let c = try runCLI(["check", "--participants", fixture("Fixtures/cohorts/mutual/participants.csv"), "--config", "\(dir)/m.yaml"])
        #expect(c.code == 2 && (c.out + c.err).contains("match refuses this program: matching.rules[0] (parity on gender): parity is a mentor–mentee rule"), "\(c.code) \(c.out) \(c.err)")
    }

    @Test("a scoreParity rule in the config holds on the real cohort: each gender's mean pair score is within the margin of the whole's (recounted from assignments.csv), the total drops below the run without it, and the report states the rule; a bad margin and mutual mode are refused in one line")
    func scoreParityRule() throws {
        let dir = try temporaryDirectory()
        let base = try String(contentsOfFile: Self.config, encoding: .utf8)
        let config = base.replacingOccurrences(of: "    - {kind: quota, attribute: track, value: early, min: 30}",
                                               with: "    - {kind: quota, attribute: track, value: early, min: 30}\n    - {kind: scoreParity, attribute: gender, margin: 0.5}")
        #expect(config.contains("kind: scoreParity"))
        try config.write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["match", "--participants", Self.participants, "--config", "\(dir)/p.yaml", "--out", "\(dir)/run"])
        #expect(r.code == 0, "\(r.err)")
        let free = try runCLI(["match", "--participants", Self.participants, "--config", Self.config, "--out", "\(dir)/free"])
        #expect(free.code == 0, "\(free.err)")
        func objective(_ run: String) throws -> Double {
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(run)/assignments.json"))) as? [String: Any])
            return try #require(json["objective"] as? Double)
        }
        // The rule binds: the cohort's best matching without it has gender means more than 0.5 apart.
        #expect(try objective("\(dir)/run") < objective("\(dir)/free") - 1e-6)
        // Recount each gender's mean pair score from the files.
        let genderOf = Dictionary(uniqueKeysWithValues: try people().compactMap { row in row["id"].map { ($0, row["gender"] ?? "") } })
        let pairs = try String(contentsOfFile: "\(dir)/run/assignments.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var sums = [String: (score: Double, count: Int)]()
        for p in pairs {
            let g = try #require(genderOf[p[1]]), s = try #require(Double(p[2]))
            sums[g, default: (0, 0)].score += s
            sums[g, default: (0, 0)].count += 1
        }
        let whole = sums.values.reduce(0) { $0 + $1.score } / Double(sums.values.reduce(0) { $0 + $1.count })
        #expect(sums.count == 3)
        for (g, t) in sums {
            // assignments.csv rounds scores to 2 decimals: allow that much on a mean.
            #expect(abs(t.score / Double(t.count) - whole) <= 0.5 + 0.01, "\(g): \(t.score / Double(t.count)) against \(whole)")
        }
        let report = try String(contentsOfFile: "\(dir)/run/report.html", encoding: .utf8)
        #expect(report.contains("the mean score of its mentees' pairs is at most 0.5 points from the mean of all pairs"))
        // A margin out of range, and mutual mode: one line each.
        try base.replacingOccurrences(of: "    - {kind: quota, attribute: track, value: early, min: 30}",
                                      with: "    - {kind: scoreParity, attribute: gender, margin: 150}")
            .write(toFile: "\(dir)/bad.yaml", atomically: true, encoding: .utf8)
        let bad = try runCLI(["check", "--participants", Self.participants, "--config", "\(dir)/bad.yaml"])
        #expect(bad.code == 2 && (bad.out + bad.err).contains("matching.rules[1] (scoreParity on gender): needs a margin in 0…100"), "\(bad.out) \(bad.err)")
        let mutual = "mode: mutual\nmatching:\n  rules:\n    - {kind: scoreParity, attribute: gender, margin: 2}\n"
        try mutual.write(toFile: "\(dir)/m.yaml", atomically: true, encoding: .utf8)
        let m = try runCLI(["match", "--participants", fixture("Fixtures/cohorts/mutual/participants.csv"), "--config", "\(dir)/m.yaml", "--out", "\(dir)/m"])
        #expect(m.code == 69 && m.err.contains("scoreParity is a mentor–mentee rule"), "\(m.code) \(m.err)")
    }

    @Test("participants who left a rule's attribute blank are named in one warning by check and by match, and in assignments.json")
    func blankRuleAttributeWarned() throws {
        let dir = try temporaryDirectory()
        let lines = try String(contentsOfFile: Self.participants, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let gender = try #require(header.firstIndex(of: "gender")), role = try #require(header.firstIndex(of: "role"))
        var blanked = [String]()
        let rows = lines.dropFirst().map { line -> String in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if cells[role] == "mentee" && blanked.count < 5 && !cells[gender].isEmpty {
                blanked.append(cells[0])
                cells[gender] = ""
            }
            return cells.joined(separator: ",")
        }
        try (([lines[0]] + rows).joined(separator: "\n") + "\n").write(toFile: "\(dir)/people.csv", atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: Self.config, encoding: .utf8)
            .replacingOccurrences(of: "    - {kind: quota, attribute: track, value: early, min: 30}",
                                  with: "    - {kind: quota, attribute: track, value: early, min: 30}\n    - {kind: scoreParity, attribute: gender, margin: 5}")
        try config.write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        let line = "matching.rules[2]: 5 participant(s) have no 'gender' and count as 'unknown' (\(blanked.joined(separator: ", ")))"
        let c = try runCLI(["check", "--participants", "\(dir)/people.csv", "--config", "\(dir)/p.yaml"])
        #expect((c.out + c.err).contains(line), "\(c.out) \(c.err)")
        let m = try runCLI(["match", "--participants", "\(dir)/people.csv", "--config", "\(dir)/p.yaml", "--out", "\(dir)/run"])
        #expect(m.code == 0 && m.err.contains("warning: " + line), "\(m.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/run/assignments.json"))) as? [String: Any])
        #expect((json["warnings"] as? [String])?.contains(line) == true, "\(json["warnings"] ?? "")")
    }

    @Test("audit settings are validated in one line naming the key")
    func settingsValidated() throws {
        let dir = try temporaryDirectory()
        let config = try String(contentsOfFile: Self.config, encoding: .utf8) + "\naudit:\n  matchRateGap: 1.5\n"
        try config.write(toFile: "\(dir)/p.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["check", "--participants", Self.participants, "--config", "\(dir)/p.yaml"])
        #expect(r.code == 2 && (r.out + r.err).contains("p.yaml: at audit.matchRateGap: matchRateGap must be a share from 0 to 1"), "\(r.out) \(r.err)")
    }
}
