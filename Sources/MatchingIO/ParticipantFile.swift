import CSV
import Compatibility
import Foundation
import MatchingCore

/// Reads participant files: CSV (the format of survey exports) or JSON (an
/// array of ``Compatibility/Profile`` objects).
///
/// CSV columns (a header row names them, in any order, case-insensitive):
///
/// | column | meaning |
/// |---|---|
/// | `id` | required, unique |
/// | `role` | required: `mentor`, `mentee` or `both` |
/// | `capacity` | mentees a mentor takes; required for mentors (and `both`) |
/// | `department`, `team` | organisation |
/// | `manager_id` | the person's manager (an `id` in the file) |
/// | `seniority`, `years` | level (higher is more senior) and years of experience |
/// | `skills` | `skill:level` pairs separated by `;` (levels 0…5) |
/// | `goals` | `skill:level` or `skill:level:priority` (priority 1…3, default 2), `;`-separated |
/// | `openness`, `conscientiousness`, `extraversion`, `agreeableness`, `neuroticism` | Big Five, 0…1 (all five or none) |
/// | `collaborative`, `flexible`, `big_picture` | communication style, 0…1 (all three or none) |
/// | `interests`, `values`, `languages` | tags separated by `;` |
/// | `timezone` | IANA name (`Europe/Paris`) or UTC offset (`UTC+5:30`) |
/// | `availability` | local weekly windows: `Mon 9-12; Wed 14-16` |
/// | `location` | `remote`, `onsite:SITE` or `hybrid:SITE` |
/// | `preferences`, `blocked` | ids separated by `;` (preferences best first) |
/// | `eligible` | `yes`/`no` (`true`/`false`, `1`/`0`); blank means yes |
/// | `past_pairings` | `id:failed`, `id:succeeded` or `id:neutral`, `;`-separated |
///
/// Every other column is a free attribute (`gender`, `site`, …) usable in
/// diversity rules; a blank cell means the person has no value for it.
///
/// Problems name the file, the line and the column; ``check(path:)`` lists
/// every problem found, ``read(path:)`` throws on the first. A row is never
/// dropped silently.
public enum ParticipantFile {
    /// The largest file read (bytes) and the most participants.
    public static let maxBytes = 512 << 20
    /// The most participants in one file.
    public static let maxParticipants = 1_000_000

    /// The CSV columns with a meaning (everything else is a free attribute).
    public static let knownColumns: [String] = [
        "id", "role", "capacity", "department", "team", "manager_id", "seniority", "years", "skills", "goals",
        "openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism",
        "collaborative", "flexible", "big_picture", "interests", "values", "languages", "timezone",
        "availability", "location", "preferences", "blocked", "eligible", "past_pairings",
    ]

    /// The profiles in the file.
    ///
    /// - Throws: ``MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file, line and column of the first problem (and how many more there are).
    public static func read(path: String, maxSkillLevel: Double = 5) throws -> [Profile] {
        let result = try check(path: path, maxSkillLevel: maxSkillLevel)
        if let first = result.problems.first {
            let more = result.problems.count > 1 ? " (and \(result.problems.count - 1) more problem(s); `mentor-match check` lists them all)" : ""
            throw MatchingError(.invalidFile, first + more)
        }
        return result.profiles
    }

    /// Every problem found in the file (each naming file, line and column or
    /// person), and the profiles of the rows without problems.
    ///
    /// - Throws: ``MatchingCore/MatchingError/Code/invalidFile`` only when
    ///   the file cannot be read at all.
    public static func check(path: String, maxSkillLevel: Double = 5) throws -> (profiles: [Profile], problems: [String]) {
        let url = URL(fileURLWithPath: path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int else {
            throw MatchingError(.invalidFile, "\(path): cannot be read")
        }
        guard size <= maxBytes else { throw MatchingError(.invalidFile, "\(path): \(size) bytes is larger than the \(maxBytes >> 20) MB limit") }
        guard let data = try? Data(contentsOf: url) else { throw MatchingError(.invalidFile, "\(path): cannot be read") }
        if path.lowercased().hasSuffix(".json") { return try parseJSON(data, name: path, maxSkillLevel: maxSkillLevel) }
        guard let text = String(data: data, encoding: .utf8) else { throw MatchingError(.invalidFile, "\(path): not UTF-8 text") }
        return parseCSV(text, name: path, maxSkillLevel: maxSkillLevel)
    }

    static func parseJSON(_ data: Data, name: String, maxSkillLevel: Double) throws -> (profiles: [Profile], problems: [String]) {
        let profiles = try ConfigFile.decode([Profile].self, from: data, name: name)
        guard profiles.count <= maxParticipants else {
            throw MatchingError(.invalidFile, "\(name): \(profiles.count) participants is more than the limit of \(maxParticipants)")
        }
        var problems = [String]()
        do { _ = try Cohort(profiles, maxSkillLevel: maxSkillLevel) } catch let e as MatchingError { problems.append("\(name): \(e.message)") }
        for (k, p) in profiles.enumerated() where p.role != .mentee && p.capacity == nil {
            problems.append("\(name): [\(k)] (id \(p.id)): a \(p.role.rawValue) needs a capacity")
        }
        return (profiles, problems)
    }

    /// Parses CSV text; see the type's documentation for the columns.
    public static func parseCSV(_ text: String, name: String, maxSkillLevel: Double = 5) -> (profiles: [Profile], problems: [String]) {
        var problems = [String]()
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        guard let reader = try? CSVReader(string: body, hasHeaderRow: false) else {
            return ([], ["\(name): empty file, expected a header row"])
        }
        guard let rawHeader = reader.next(), !(rawHeader.count == 1 && rawHeader[0].trimmingCharacters(in: .whitespaces).isEmpty) else {
            return ([], ["\(name): line 1: empty header row"])
        }
        let header = rawHeader.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var column = [String: Int]()
        for (k, h) in header.enumerated() {
            if h.isEmpty { problems.append("\(name): line 1, column \(k + 1): empty column name") }
            if column[h] != nil { problems.append("\(name): line 1, column \(k + 1): column '\(h)' appears twice") }
            column[h] = k
        }
        for required in ["id", "role"] where column[required] == nil {
            problems.append("\(name): line 1: missing required column '\(required)'")
        }
        guard column["id"] != nil, column["role"] != nil else { return ([], problems) }
        let attributeColumns = header.enumerated().filter { !knownColumns.contains($0.element) && !$0.element.isEmpty }
        var profiles = [Profile]()
        var lineOf = [PersonID: Int]()
        var line = 1 + header.joined().count(where: { $0 == "\n" }) + 1
        while let row = reader.next() {
            let rowLine = line
            line += 1 + row.joined().count(where: { $0 == "\n" })
            if row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }   // blank line
            guard profiles.count < maxParticipants else {
                problems.append("\(name): line \(rowLine): more than \(maxParticipants) participants")
                break
            }
            var rowProblems = [String]()
            func problem(_ col: String, _ message: String) {
                let where_ = column[col].map { "line \(rowLine), column \($0 + 1) (\(col))" } ?? "line \(rowLine)"
                rowProblems.append("\(name): \(where_): \(message)")
            }
            guard row.count == header.count else {
                problems.append("\(name): line \(rowLine): \(row.count) field(s), the header has \(header.count)")
                continue
            }
            func cell(_ col: String) -> String? {
                guard let k = column[col] else { return nil }
                let v = row[k].trimmingCharacters(in: .whitespacesAndNewlines)
                return v.isEmpty ? nil : v
            }
            func number(_ col: String, _ range: ClosedRange<Double>) -> Double? {
                guard let text = cell(col) else { return nil }
                guard let x = Double(text), x.isFinite else { problem(col, "'\(text)' is not a number"); return nil }
                guard range.contains(x) else { problem(col, "\(text) is outside \(CohortFiles.number(range.lowerBound))…\(CohortFiles.number(range.upperBound))"); return nil }
                return x
            }
            func list(_ col: String) -> [String] {
                (cell(col) ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            guard let idText = cell("id") else { problem("id", "the id is empty"); problems += rowProblems; continue }
            let id = PersonID(idText)
            guard let roleText = cell("role"), let role = Role(rawValue: roleText.lowercased()) else {
                problem("role", "role '\(cell("role") ?? "")' is not mentor, mentee or both")
                problems += rowProblems
                continue
            }
            var p = Profile(id: id, role: role)
            if let text = cell("capacity") {
                if let c = Int(text) {
                    if c < 0 { problem("capacity", "capacity \(c) is below zero") } else { p.capacity = c }
                } else {
                    problem("capacity", "'\(text)' is not a whole number")
                }
            } else if role != .mentee {
                problem("capacity", "a \(role.rawValue) needs a capacity")
            }
            p.department = cell("department")
            p.team = cell("team")
            p.managerID = cell("manager_id").map { PersonID($0) }
            if let level = number("seniority", -1000...1000) { p.seniority = Seniority(level: level, years: number("years", 0...80) ?? 0) }
            for item in list("skills") {
                let parts = item.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty, let level = Double(parts[1]) else {
                    problem("skills", "'\(item)' is not skill:level"); continue
                }
                guard (0...maxSkillLevel).contains(level) else { problem("skills", "level \(parts[1]) of '\(parts[0])' is outside 0…\(CohortFiles.number(maxSkillLevel))"); continue }
                p.skills[parts[0].lowercased()] = level
            }
            for item in list("goals") {
                let parts = item.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard (2...3).contains(parts.count), !parts[0].isEmpty, let level = Double(parts[1]) else {
                    problem("goals", "'\(item)' is not skill:level or skill:level:priority"); continue
                }
                guard (0...maxSkillLevel).contains(level) else { problem("goals", "level \(parts[1]) of '\(parts[0])' is outside 0…\(CohortFiles.number(maxSkillLevel))"); continue }
                var priority = 2.0
                if parts.count == 3 {
                    guard let x = Double(parts[2]), (1...3).contains(x) else { problem("goals", "priority '\(parts[2])' of '\(parts[0])' is not 1…3"); continue }
                    priority = x
                }
                p.goals.append(LearningGoal(skill: parts[0].lowercased(), desiredLevel: level, priority: priority))
            }
            let traits = ["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"].map { ($0, number($0, 0...1)) }
            let given = traits.filter { cell($0.0) != nil }
            if given.count == 5, traits.allSatisfy({ $0.1 != nil }) {
                let t = traits.map { $0.1! }
                p.personality = BigFive(openness: t[0], conscientiousness: t[1], extraversion: t[2], agreeableness: t[3], neuroticism: t[4])
            } else if !given.isEmpty && given.count < 5 {
                problem(given[0].0, "personality needs all five traits (openness … neuroticism) or none")
            }
            let styles = ["collaborative", "flexible", "big_picture"].map { ($0, number($0, 0...1)) }
            let givenStyles = styles.filter { cell($0.0) != nil }
            if givenStyles.count == 3, styles.allSatisfy({ $0.1 != nil }) {
                p.communication = CommunicationStyle(collaborative: styles[0].1!, flexible: styles[1].1!, bigPicture: styles[2].1!)
            } else if !givenStyles.isEmpty && givenStyles.count < 3 {
                problem(givenStyles[0].0, "communication style needs collaborative, flexible and big_picture, or none")
            }
            p.interests = list("interests").map { $0.lowercased() }
            p.values = list("values").map { $0.lowercased() }
            p.languages = list("languages").map { $0.lowercased() }
            p.timeZone = cell("timezone")
            for item in list("availability") {
                if let slots = parseWindow(item) { p.availability += slots } else {
                    problem("availability", "'\(item)' is not a window like 'Mon 9-12' (days Mon…Sun, hours 0…24)")
                }
            }
            if let text = cell("location") {
                if let l = WorkLocation(text) { p.location = l } else { problem("location", "'\(text)' is not remote, onsite:SITE or hybrid:SITE") }
            }
            p.preferences = list("preferences").map { PersonID($0) }
            p.blocked = list("blocked").map { PersonID($0) }
            if let text = cell("eligible") {
                switch text.lowercased() {
                case "yes", "y", "true", "1": p.eligible = true
                case "no", "n", "false", "0": p.eligible = false
                default: problem("eligible", "'\(text)' is not yes or no")
                }
            }
            for item in list("past_pairings") {
                let parts = item.split(separator: ":").map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty, let outcome = PairingOutcome(rawValue: parts[1].lowercased()) else {
                    problem("past_pairings", "'\(item)' is not id:failed, id:succeeded or id:neutral"); continue
                }
                p.pastPairings.append(PastPairing(partner: PersonID(parts[0]), outcome: outcome))
            }
            for (k, attribute) in attributeColumns {
                let v = row[k].trimmingCharacters(in: .whitespacesAndNewlines)
                if !v.isEmpty { p.attributes[attribute] = v }
            }
            if let first = lineOf[id] {
                problem("id", "id '\(id)' already used on line \(first)")
            }
            if rowProblems.isEmpty {
                lineOf[id] = rowLine
                profiles.append(p)
            } else {
                lineOf[id] = lineOf[id] ?? rowLine
            }
            problems += rowProblems
        }
        // References between rows, named by line: managers, preferences, blocks.
        for p in profiles {
            let at = "\(name): line \(lineOf[p.id]!)"
            let known = { (other: PersonID) in lineOf[other] != nil }
            if let m = p.managerID, !known(m) { problems.append("\(at), column \(column["manager_id"]! + 1) (manager_id): manager '\(m)' is not in the file") }
            for q in p.preferences where !known(q) { problems.append("\(at), column \(column["preferences"]! + 1) (preferences): '\(q)' is not in the file") }
            for q in p.blocked where !known(q) { problems.append("\(at), column \(column["blocked"]! + 1) (blocked): '\(q)' is not in the file") }
        }
        // The cohort's own checks (loops in reporting lines, time zones, …), located by id.
        if problems.isEmpty {
            do {
                _ = try Cohort(profiles, maxSkillLevel: maxSkillLevel)
            } catch let e as MatchingError {
                let id = e.message.split(separator: "'").dropFirst().first.map { PersonID(String($0)) }
                let at = id.flatMap { lineOf[$0] }.map { "line \($0): " } ?? ""
                problems.append("\(name): \(at)\(e.message)")
            } catch {
                problems.append("\(name): \(error)")
            }
        }
        return (profiles, problems)
    }

    /// The rows of CSV text as fields (no header handling), with CSV.swift.
    public static func parseCSVRows(_ text: String) -> [[String]] {
        guard let reader = try? CSVReader(string: text, hasHeaderRow: false) else { return [] }
        var rows = [[String]]()
        while let row = reader.next() {
            if row.count == 1 && row[0].isEmpty { continue }
            rows.append(row)
        }
        return rows
    }

    static let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// `Mon 9-12`, `monday 09:00-12:30` (minutes are rounded to the hour
    /// they start in), or `Mon-Fri 9-10` for a range of days.
    static func parseWindow(_ text: String) -> [WeeklySlot]? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        func day(_ s: Substring) -> Int? { days.firstIndex(of: String(s.prefix(3)).lowercased()) }
        let dayParts = parts[0].split(separator: "-")
        guard (1...2).contains(dayParts.count), let d0 = day(dayParts[0]), let d1 = dayParts.count == 2 ? day(dayParts[1]) : d0, d0 <= d1 else { return nil }
        let hours = parts[1].split(separator: "-")
        func hour(_ s: Substring) -> Int? {
            let hm = s.split(separator: ":")
            guard (1...2).contains(hm.count), let h = Int(hm[0]) else { return nil }
            if hm.count == 2 { guard let m = Int(hm[1]), (0..<60).contains(m) else { return nil } }
            return h
        }
        guard hours.count == 2, let h0 = hour(hours[0]), let h1 = hour(hours[1]), (0...23).contains(h0), (1...24).contains(h1), h0 < h1 else { return nil }
        return (d0...d1).map { WeeklySlot(day: $0, startHour: h0, endHour: h1) }
    }
}

