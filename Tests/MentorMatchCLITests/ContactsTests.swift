import Foundation
import Testing

/// Names and e-mails carried into the outputs, never into the logs, and the
/// mail merge checked against the matching and the availability.
@Suite("contacts and the mail merge")
struct ContactsTests {
    /// The traditional fixture with `Name` and `E-mail` columns added.
    func participantsWithContacts() throws -> String {
        let text = try String(contentsOfFile: fixture("Fixtures/cohorts/traditional/participants.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] += ",Name,E-mail"
        for k in 1..<lines.count where !lines[k].isEmpty {
            let id = lines[k].prefix { $0 != "," }
            lines[k] += ",Person \(id),\(id.lowercased())@example.org"
        }
        let path = "\(try temporaryDirectory())/people.csv"
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func rows(_ path: String) throws -> [[String: String]] {
        // The fixture's cells hold no commas except in the quoted reasons, which come last or are not read here.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var out = [[String: String]](), header = [String]()
        for line in text.split(separator: "\n") {
            var cells = [String](), cell = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { cells.append(cell); cell = "" } else { cell.append(ch) }
            }
            cells.append(cell)
            if header.isEmpty { header = cells } else { out.append(Dictionary(uniqueKeysWithValues: zip(header, cells))) }
        }
        return out
    }

    @Test("names and e-mails in assignments.csv, the JSON and the mail merge, never on standard error; the mail merge agrees with the pairs and suggests a meeting inside each person's own hours")
    func carried() throws {
        let people = try participantsWithContacts(), dir = try temporaryDirectory()
        let r = try runCLI(["match", "--participants", people, "--config", fixture("Fixtures/cohorts/traditional/program.yaml"), "--out", dir])
        #expect(r.code == 0, "\(r.err)")
        #expect(!r.err.contains("@example.org") && !r.err.contains("Person M0") && !r.out.contains("@example.org"))
        let pairs = try rows("\(dir)/assignments.csv")
        #expect(pairs.allSatisfy { $0["mentor_email"] == "\($0["mentor_id"]!.lowercased())@example.org" && $0["mentee_name"] == "Person \($0["mentee_id"]!)" })
        let json = try String(contentsOfFile: "\(dir)/assignments.json", encoding: .utf8)
        #expect(json.contains("\"mentorContact\":{\"name\":\"Person M001\",\"email\":\"m001@example.org\"}"))
        // One row per person; each matched_with list is exactly their pairs.
        let merge = try rows("\(dir)/mailmerge.csv")
        #expect(merge.count == 210)
        var partners = [String: Set<String>]()
        for p in pairs { partners[p["mentor_id"]!, default: []].insert(p["mentee_id"]!); partners[p["mentee_id"]!, default: []].insert(p["mentor_id"]!) }
        let availability = Dictionary(uniqueKeysWithValues: try rows(people).map { ($0["id"]!, $0["availability"] ?? "") })
        for row in merge {
            let id = row["person_id"]!
            let with = Set((row["matched_with"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            #expect(with == (partners[id] ?? []), "\(id)")
            #expect((row["status"] == "matched") == !with.isEmpty, "\(id): \(row["status"] ?? "")")
            #expect((row["partner_email"] ?? "").split(separator: ";").count == with.count)
            // Reasons in everyday words: one "with X: …" per partner, no scores or criterion names.
            let reasons = (row["reasons"] ?? "").components(separatedBy: " | ").filter { !$0.isEmpty }
            #expect(reasons.count == with.count, "\(id): \(row["reasons"] ?? "")")
            for r in reasons {
                #expect(r.hasPrefix("with ") && !r.contains("%") && !r.contains("skillGap") && !r.contains("careerStage"), "\(id): \(r)")
                // "free at the same times" only for a partner with a shared block (a first meeting time).
                let partner = String(r.dropFirst(5).prefix { $0 != ":" })
                if r.contains("free at the same times each week") && !r.contains("some free time") {
                    #expect((row["first_meeting"] ?? "").contains("with \(partner): ") && !(row["first_meeting"] ?? "").contains("with \(partner): no shared"), "\(id): \(r)")
                }
            }
            // "with X: Thu 18:00–20:00 your time" lies inside one of the person's own slots ("Thu 18-20").
            for meeting in (row["first_meeting"] ?? "").components(separatedBy: "; ") where meeting.contains("your time") {
                let words = meeting.split(separator: " ")
                let day = String(words[2]), hours = words[3].split(separator: "–").map { Int($0.prefix(2))! }
                let slots = availability[id]!.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).split(separator: " ") }
                let inside = slots.contains { s in
                    guard s.count == 2, s[0] == day else { return false }
                    let r = s[1].split(separator: "-").map { Int($0)! }
                    return r[0] <= hours[0] && (hours[1] == 0 ? 24 : hours[1]) <= r[1]
                }
                #expect(inside, "\(id): \(meeting) not within \(availability[id]!)")
            }
        }
    }

    @Test("carry names a column nobody has: one line with a did-you-mean")
    func unknownCarry() throws {
        let dir = try temporaryDirectory()
        let config = try String(contentsOfFile: fixture("Fixtures/cohorts/traditional/program.yaml"), encoding: .utf8) + "\ncarry: [Name, emai]\n"
        try config.write(toFile: "\(dir)/program.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["match", "--participants", try participantsWithContacts(), "--config", "\(dir)/program.yaml", "--out", dir])
        #expect(r.code == 2 && r.err.contains("carry: 'emai' is not a column of the participants; did you mean"), "\(r.err)")
    }
}

/// `datagaps.csv`: the people to ask first, recounted from the participants file.
@Suite("data gaps")
struct DataGapTests {
    @Test("every eligible person with a weighted answer blank is listed with it, nobody else; the share and the change follow the weights")
    func recount() throws {
        let dir = try temporaryDirectory()
        let people = fixture("Fixtures/cohorts/traditional/participants.csv")
        #expect(try runCLI(["match", "--participants", people, "--config", fixture("Fixtures/cohorts/traditional/program.yaml"), "--out", dir]).code == 0)
        let gaps = try ContactsTests().rows("\(dir)/datagaps.csv")
        let rows = try ContactsTests().rows(people)
        // The fixture's weights (program.yaml): values 4 of a total of 44 among the weighted criteria.
        var expected = Set<String>()
        for r in rows where r["eligible"] != "no" {
            let blank = ["values", "interests", "availability", "timezone"].filter { (r[$0] ?? "").isEmpty }
            let teaches = r["role"] == "mentor"
            let skill = teaches ? (r["skills"] ?? "").isEmpty : (r["goals"] ?? "").isEmpty
            if !blank.isEmpty || skill { expected.insert(r["id"]!) }
        }
        #expect(Set(gaps.map { $0["person_id"]! }) == expected, "\(gaps.map { $0["person_id"]! }) vs \(expected.sorted())")
        for g in gaps where g["missing"] == "values" {
            #expect(g["weight_share"] == "9 %" && g["max_change"] == "4.5", "\(g)")
        }
        #expect(try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8).contains("<h2>Answers missing</h2>"))
    }
}
