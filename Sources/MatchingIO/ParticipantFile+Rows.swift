import Compatibility
import MatchingCore

extension ParticipantFile {
    /// Reads the profiles of a table; `name` is the file, for messages.
    ///
    /// - Complexity: O(cells + P · D) for P people and reporting lines D deep.
    public static func parse(_ exported: Table, name file: String, options: Options = Options()) -> Reading {
        var table = exported
        let name = table.place(file)
        var problems = [String]()
        var notes = ["read as \(table.format)"] + table.notes
        // A title above the header (common in workbooks): the first of the
        // top rows that names both required columns is the header.
        if !names(table.header, both: ["id", "role"]), let k = table.rows.prefix(10).firstIndex(where: { names($0.cells, both: ["id", "role"]) }) {
            let above = table.rows[k].line - 1 == table.headerLine ? "\(table.lineWord) \(table.headerLine)" : "\(table.lineWord)s \(table.headerLine)–\(table.rows[k].line - 1)"
            notes.append("\(above) above the header (\(table.lineWord) \(table.rows[k].line)) left out")
            table.header = table.rows[k].cells
            table.headerLine = table.rows[k].line
            table.rows.removeFirst(k + 1)
            table.dropTrailingEmptyColumns()
        }
        let lineWord = table.lineWord
        // Columns: known names (any spelling, or an alias) and free attributes.
        var column = [String: Int]()
        var attributeColumns = [(index: Int, key: String)]()
        var attributeIndex = [String: Int]()
        var blankNameless = [String](), filledNameless = [String](), unused = [(label: String, name: String, hint: String?)]()
        let ruleColumns = Set(options.ruleAttributes.map(FieldNames.normalized))
        for (k, raw) in table.header.enumerated() {
            let h = raw.trimmed(newlines: true)
            let at = "\(name): \(lineWord) \(table.headerLine), column \(table.columnLabel(k))"
            if h.isEmpty {
                let blank = table.rows.allSatisfy { $0.cells.count <= k || $0.cells[k].isBlank(newlines: true) }
                if blank { blankNameless.append(table.columnLabel(k)) } else { filledNameless.append(table.columnLabel(k)) }
                continue
            }
            if let known = knownColumn(h) {
                if let first = column[known] {
                    let same = FieldNames.normalized(table.header[first]) == FieldNames.normalized(h)
                    problems.append(same ? "\(at): column '\(h)' appears twice (also column \(table.columnLabel(first)))"
                                         : "\(at): '\(h)' means '\(known)', as column \(table.columnLabel(first)) ('\(table.header[first])') does")
                } else {
                    column[known] = k
                }
                continue
            }
            let key = h.lowercased()
            if let other = attributeIndex[key] {
                problems.append("\(at): column '\(h)' appears twice (also column \(table.columnLabel(other)))")
                continue
            }
            attributeIndex[key] = k
            attributeColumns.append((k, key))
            let used = ruleColumns.contains(FieldNames.normalized(h))
            if !used && !carriedColumns.contains(key) {
                unused.append((table.columnLabel(k), h, unused.count < 1000 ? closestKnownColumn(h) : nil))
            }
        }
        if !blankNameless.isEmpty {
            notes.append("\(blankNameless.count == 1 ? "column" : "columns") \(listed(blankNameless)) with no name and no values left out")
        }
        if !filledNameless.isEmpty {
            problems.append("\(name): \(lineWord) \(table.headerLine): \(filledNameless.count == 1 ? "column \(filledNameless[0]) has" : "columns \(listed(filledNameless)) have") values but no name: name \(filledNameless.count == 1 ? "it" : "them") or delete \(filledNameless.count == 1 ? "it" : "them")")
        }
        // Free columns no rule uses: one note each with a did-you-mean, the rest in one line.
        for u in unused.prefix(20) where u.hint != nil {
            notes.append("'\(u.name)' (column \(u.label)) is kept as a free attribute; did you mean '\(u.hint!)'?")
        }
        let plain = unused.enumerated().filter { $0.offset >= 20 || $0.element.hint == nil }.map(\.element)
        if !plain.isEmpty {
            notes.append("\(plain.count) column(s) kept as free attributes that no rule uses: \(listed(plain.map { "'\($0.name)'" }))")
        }
        let other = table.header.count == 1 && table.sheet == nil ? ["|", ":"].first { table.header[0].contains($0) } : nil
        for required in ["id", "role"] where column[required] == nil {
            problems.append("\(name): \(lineWord) \(table.headerLine): missing required column '\(required)'" + (required == "id" ? " (or 'employee id')" : "")
                            + (other.map { "; the header looks '\($0)'-separated: save the file comma-, semicolon- or tab-separated" } ?? ""))
        }
        guard column["id"] != nil, column["role"] != nil else { return Reading(profiles: [], problems: problems, notes: notes) }
        if table.rows.isEmpty { problems.append("\(name): no participants below the header (\(lineWord) \(table.headerLine))") }
        var profiles = [Profile]()
        var lineOf = [PersonID: Int]()
        var traitAnswers = [(profile: Int, line: Int)]()
        var yearsOnly = 0
        for row in table.rows {
            guard profiles.count < maxParticipants else {
                problems.append("\(name): \(lineWord) \(row.line): more than \(maxParticipants) participants")
                break
            }
            guard row.cells.count == table.header.count else {
                problems.append("\(name): \(lineWord) \(row.line): \(row.cells.count) field(s), the header has \(table.header.count)")
                continue
            }
            var reader = _RowReader(row: row, column: column, table: table, name: name)
            guard let idText = reader.cell("id") else {
                reader.problem("id", "the id is empty")
                problems += reader.problems
                continue
            }
            let id = PersonID(idText)
            guard let roleText = reader.cell("role"), let role = Role(rawValue: roleText.lowercased()) else {
                reader.problem("role", "role '\(reader.cell("role") ?? "")' is not mentor, mentee or both")
                problems += reader.problems
                continue
            }
            var p = Profile(id: id, role: role)
            reader.fill(&p, maxSkillLevel: options.maxSkillLevel)
            for (k, key) in attributeColumns {
                let v = row.cells[k].trimmed(newlines: true)
                if !v.isEmpty { p.attributes[key] = v }
            }
            if let first = lineOf[id] {
                reader.problem("id", "id '\(id)' already used on \(lineWord) \(first)")
            }
            if reader.yearsWithoutLevel { yearsOnly += 1 }
            if reader.problems.isEmpty {
                lineOf[id] = row.line
                if p.personality != nil || p.communication != nil { traitAnswers.append((profiles.count, row.line)) }
                profiles.append(p)
            } else {
                lineOf[id] = lineOf[id] ?? row.line
            }
            problems += reader.problems
        }
        // Survey scales: Big Five and communication style on 0…1.
        let scaled = rescaleTraits(&profiles, traitAnswers, column: column, table: table, name: name, options: options)
        problems += scaled.problems
        notes += scaled.notes
        notes += capacityNote(profiles)
        if yearsOnly > 0 {
            notes.append("years: \(yearsOnly) person(s) gave years of experience but no seniority level; years are read with a level only (the career-stage criterion compares levels)")
        }
        // The cohort's own checks (reporting-line loops, time zones, …) on
        // the rows that read cleanly, every one, located by line.
        for (k, e) in Cohort.locatedProblems(in: profiles, maxSkillLevel: options.maxSkillLevel) {
            let at = k.flatMap { lineOf[profiles[$0].id] }.map { "\(lineWord) \($0): " } ?? ""
            problems.append("\(name): \(at)\(e.message.replacingOccurrences(of: "managerId", with: "manager_id"))")
        }
        if problems.isEmpty {
            if let cohort = try? Cohort(profiles, maxSkillLevel: options.maxSkillLevel) {
                notes += cohort.notes.map { note in
                    note.replacingOccurrences(of: "managerId:", with: "manager_id:").replacingOccurrences(of: "pastPairings:", with: "past_pairings:")
                }
            }
        }
        return Reading(profiles: profiles, problems: aggregated(problems), notes: notes, details: problems)
    }

    /// Problems that differ only in the line, the number or the quoted text
    /// of the cell (the same fault down a column) as one line: the first, and
    /// how many more lines have it.
    static func aggregated(_ problems: [String]) -> [String] {
        var order = [String](), groups = [String: [String]]()
        for p in problems {
            let key = template(p)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(p)
        }
        return order.flatMap { key -> [String] in
            let group = groups[key]!
            guard group.count > 2 else { return group }
            return [group[0] + " (and \(group.count - 1) more cell(s) like it; `check --verbose` lists each)"]
        }
    }

    /// A problem with its line number, numbers and quoted text made generic;
    /// the column stays, so one fault per column is one group.
    static func template(_ problem: String) -> String {
        var out = "", inQuote = false, digits = false, columnLabel = false
        for c in problem {
            if c == "'" { inQuote.toggle(); out.append(c); continue }
            if inQuote { continue }
            if out.hasSuffix("column ") { columnLabel = true }
            if columnLabel && (c.isNumber || c.isUppercase) { out.append(c); continue }
            columnLabel = false
            if c.isNumber {
                if !digits { out.append("#") }
                digits = true
                continue
            }
            digits = false
            out.append(c)
        }
        return out
    }

    /// Whether `cells` name every column of `required` (any spelling or alias).
    static func names(_ cells: [String], both required: [String]) -> Bool {
        let known = Set(cells.compactMap { knownColumn($0.trimmed(newlines: true)) })
        return required.allSatisfy(known.contains)
    }

    /// `a, b, c, … (12 in all)`: the first few of a list, for one-line notes.
    static func listed(_ items: [String], limit: Int = 5) -> String {
        items.prefix(limit).joined(separator: ", ") + (items.count > limit ? ", … (\(items.count) in all)" : "")
    }

    /// A note counting mentors who gave no capacity.
    static func capacityNote(_ profiles: [Profile]) -> [String] {
        let missing = profiles.filter { $0.role != .mentee && $0.capacity == nil }.count
        return missing == 0 ? [] : ["capacity: \(missing) mentor(s) gave none and take the program's matching.defaultCapacity"]
    }

    /// Puts Big Five and communication-style answers on 0…1 from the
    /// declared scale, or the one the answers fit (stated in a note); an
    /// answer outside the scale is a problem naming its cell.
    static func rescaleTraits(_ profiles: inout [Profile], _ answered: [(profile: Int, line: Int)], column: [String: Int],
                              table: Table, name: String, options: Options) -> (problems: [String], notes: [String]) {
        let lineWord = table.lineWord
        var problems = [String](), notes = [String]()
        let groups: [(label: String, key: String, columns: [String], declared: SurveyScale)] = [
            ("personality", "personalityScale", BigFive.Trait.allCases.map(\.rawValue), options.personalityScale),
            ("communication style", "communicationScale", ["collaborative", "flexible", "big_picture"], options.communicationScale),
        ]
        for (g, group) in groups.enumerated() {
            func values(_ p: Profile) -> [Double]? { g == 0 ? p.personality?.values : p.communication?.values }
            let all = answered.compactMap { values(profiles[$0.profile]) }.flatMap { $0 }
            guard !all.isEmpty else { continue }
            var scale = group.declared
            if scale == .auto {
                if let inferred = SurveyScale.inferred(from: all) {
                    scale = inferred
                    if inferred != .unit {
                        notes.append("\(group.label) answers read on the \(inferred.label) scale (inferred from the answers, \(CellText.text(all.min()!))…\(CellText.text(all.max()!)); set compatibility.\(group.key) to state it)")
                    }
                } else {
                    scale = .percent
                }
            }
            let range = scale.range!
            var outside = [String]()
            for (k, line) in answered {
                guard let v = values(profiles[k]) else { continue }
                var bad = false
                for (c, x) in v.enumerated() where !range.contains(x) {
                    let col = group.columns[c]
                    let at = column[col].map { "\(lineWord) \(line), column \(table.columnLabel($0)) (\(col))" } ?? "\(lineWord) \(line)"
                    outside.append("\(at): \(CellText.text(x))")
                    bad = true
                }
                guard !bad else {
                    // Named once here; the cohort's range check must not name it again.
                    if g == 0 { profiles[k].personality = nil } else { profiles[k].communication = nil }
                    continue
                }
                let u = v.map { scale.unit($0) }
                if g == 0 {
                    profiles[k].personality = BigFive(openness: u[0], conscientiousness: u[1], extraversion: u[2], agreeableness: u[3], neuroticism: u[4])
                } else {
                    profiles[k].communication = CommunicationStyle(collaborative: u[0], flexible: u[1], bigPicture: u[2])
                }
            }
            if let first = outside.first {
                // One cause, one line: the scale, with the first cell and the count.
                let fits = SurveyScale.inferred(from: all).map { "; the answers fit \($0.label): set compatibility.\(group.key) to \($0.rawValue)" } ?? "; no scale fits 95 % of the answers (0–1, 1–5, 1–7, 1–10, 0–100)"
                let setting = group.declared == .auto ? "inferred" : "compatibility.\(group.key) is \(scale.rawValue)"
                problems.append("\(name): \(outside.count) \(group.label) answer(s) outside the \(scale.label) scale (\(setting)); first \(first)\(group.declared == .auto ? "" : fits)")
            }
        }
        return (problems, notes)
    }
}

/// One row's cells read into a profile, with every problem named by file, line and column.
struct _RowReader {
    let row: Table.Row
    let column: [String: Int]
    let table: Table
    let name: String
    var decimalComma: Bool { table.decimalComma }
    var problems = [String]()
    /// Years of experience given without a seniority level (read only with a level).
    var yearsWithoutLevel = false

    init(row: Table.Row, column: [String: Int], table: Table, name: String) {
        self.row = row
        self.column = column
        self.table = table
        self.name = name
    }

    mutating func problem(_ col: String, _ message: String) {
        let place = column[col].map { "\(table.lineWord) \(row.line), column \(table.columnLabel($0)) (\(col))" } ?? "\(table.lineWord) \(row.line)"
        problems.append("\(name): \(place): \(message)")
    }

    func cell(_ col: String) -> String? {
        guard let k = column[col] else { return nil }
        let v = row.cells[k].trimmed(newlines: true)
        return v.isEmpty ? nil : v
    }

    mutating func number(_ col: String, _ range: ClosedRange<Double>? = nil) -> Double? {
        guard let text = cell(col) else { return nil }
        if table.ambiguousThousands && CellText.isThousandsLike(text.utf8) {
            problem(col, "'\(text)' could be a decimal comma or a thousands separator: write it with a point (1.5) or without the comma (1500)")
            return nil
        }
        guard let x = CellText.number(text, decimalComma: decimalComma) else { problem(col, "'\(text.prefix(40))' is not a number"); return nil }
        if let range, !range.contains(x) {
            problem(col, "\(text) is outside \(CellText.text(range.lowerBound))…\(CellText.text(range.upperBound))")
            return nil
        }
        return x
    }

    /// A level such as the `4` of `swift:4` (decimal commas allowed where numbers may use them).
    func level(_ text: String) -> Double? { CellText.number(text, decimalComma: true) }

    /// The items of a list cell, separated by `;` or `,` (or line breaks).
    /// In `key:value` lists a piece after a comma without its own colon
    /// belongs to the item before (`python:4, sql:2,5` is python 4 and sql 2.5).
    func list(_ col: String) -> [String] {
        let text = cell(col) ?? ""
        let keyed = ["skills", "goals", "past_pairings"].contains(col)
        var items = [String]()
        for part in text.split(whereSeparator: { $0 == ";" || $0.isNewline }) {
            var merged = [String]()
            for piece in part.split(separator: ",", omittingEmptySubsequences: false) {
                if keyed, !piece.containsByte(":"), let last = merged.last, !piece.isBlank() {
                    merged[merged.count - 1] = last + "," + piece
                } else {
                    merged.append(String(piece))
                }
            }
            items += merged
        }
        return items.map { $0.trimmed() }.filter { !$0.isEmpty }
    }

    mutating func fill(_ p: inout Profile, maxSkillLevel: Double) {
        if let text = cell("capacity") {
            if let c = CellText.wholeNumber(text, decimalComma: decimalComma) {
                if c < 0 { problem("capacity", "capacity \(c) is below zero") } else { p.capacity = c }
            } else {
                problem("capacity", "'\(text.prefix(40))' is not a whole number")
            }
        }
        p.department = cell("department")
        p.team = cell("team")
        p.managerID = cell("manager_id").map { PersonID($0) }
        if let level = number("seniority", -1000...1000) {
            p.seniority = Seniority(level: level, years: number("years", 0...80) ?? 0)
        } else if cell("seniority") == nil, cell("years") != nil {
            yearsWithoutLevel = true
        }
        for item in list("skills") {
            let parts = item.split(separator: ":").map { $0.trimmed() }
            guard parts.count == 2, !parts[0].isEmpty, let level = level(parts[1]) else {
                problem("skills", "'\(item.prefix(60))' is not skill:level"); continue
            }
            guard (0...maxSkillLevel).contains(level) else {
                problem("skills", "level \(parts[1]) of '\(parts[0])' is outside 0…\(CellText.text(maxSkillLevel)) (compatibility.maxSkillLevel)"); continue
            }
            p.skills[parts[0].lowercased()] = level
        }
        for item in list("goals") {
            let parts = item.split(separator: ":").map { $0.trimmed() }
            guard (2...3).contains(parts.count), !parts[0].isEmpty, let level = level(parts[1]) else {
                problem("goals", "'\(item.prefix(60))' is not skill:level or skill:level:priority"); continue
            }
            guard (0...maxSkillLevel).contains(level) else {
                problem("goals", "level \(parts[1]) of '\(parts[0])' is outside 0…\(CellText.text(maxSkillLevel)) (compatibility.maxSkillLevel)"); continue
            }
            var priority = 2.0
            if parts.count == 3 {
                guard let x = self.level(parts[2]), (1...3).contains(x) else { problem("goals", "priority '\(parts[2])' of '\(parts[0])' is not 1…3"); continue }
                priority = x
            }
            p.goals.append(LearningGoal(skill: parts[0].lowercased(), desiredLevel: level, priority: priority))
        }
        let traitNames = BigFive.Trait.allCases.map(\.rawValue)
        let traits = traitNames.map { number($0) }
        let given = traitNames.filter { cell($0) != nil }
        if given.count == 5, traits.allSatisfy({ $0 != nil }) {
            let t = traits.map { $0! }
            p.personality = BigFive(openness: t[0], conscientiousness: t[1], extraversion: t[2], agreeableness: t[3], neuroticism: t[4])
        } else if !given.isEmpty && given.count < 5 {
            problem(given[0], "personality needs all five traits (openness … neuroticism) or none; \(given.count) given")
        }
        if let text = cell("mbti") {
            if let t = MBTIType(text) { p.mbti = t } else { problem("mbti", "'\(text.prefix(40))' is not a type like INTJ (E/I, S/N, T/F, J/P)") }
        }
        let styleNames = ["collaborative", "flexible", "big_picture"]
        let styles = styleNames.map { number($0) }
        let givenStyles = styleNames.filter { cell($0) != nil }
        if givenStyles.count == 3, styles.allSatisfy({ $0 != nil }) {
            p.communication = CommunicationStyle(collaborative: styles[0]!, flexible: styles[1]!, bigPicture: styles[2]!)
        } else if !givenStyles.isEmpty && givenStyles.count < 3 {
            problem(givenStyles[0], "communication style needs collaborative, flexible and big_picture, or none")
        }
        p.interests = list("interests").map { $0.lowercased() }
        p.values = list("values").map { $0.lowercased() }
        p.languages = list("languages").map { $0.lowercased() }
        p.timeZone = cell("timezone")
        for item in list("availability") {
            if let slots = ParticipantFile.parseWindow(item) { p.availability += slots } else {
                problem("availability", "'\(item.prefix(40))' is not a window like 'Mon 9-12' or 'Mon-Fri 9:30-17:45' (days Mon…Sun, times 0…24 on quarter-hours: minutes 00, 15, 30 or 45)")
            }
        }
        if let text = cell("location") {
            if let l = WorkLocation(text) { p.location = l } else { problem("location", "'\(text.prefix(40))' is not remote, onsite:SITE or hybrid:SITE") }
        }
        p.preferences = list("preferences").map { PersonID($0) }
        p.blocked = list("blocked").map { PersonID($0) }
        if let text = cell("eligible") {
            if let yes = CellText.boolean(text) { p.eligible = yes } else { problem("eligible", "'\(text.prefix(40))' is not yes or no") }
        }
        for item in list("past_pairings") {
            let parts = item.split(separator: ":").map { $0.trimmed() }
            guard parts.count == 2, !parts[0].isEmpty, let outcome = PairingOutcome(rawValue: parts[1].lowercased()) else {
                problem("past_pairings", "'\(item.prefix(60))' is not id:failed, id:succeeded or id:neutral"); continue
            }
            p.pastPairings.append(PastPairing(partner: PersonID(parts[0]), outcome: outcome))
        }
    }
}

extension ParticipantFile {
    /// The days of the week as availability windows write them (`mon` … `sun`), Monday first.
    public static let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// The spellings of each day a window may use: the full name, its first
    /// three letters and the common longer abbreviations.
    static let daySpellings: [String: Int] = {
        var out = [String: Int]()
        for (d, names) in [["monday", "mon"], ["tuesday", "tue", "tues"], ["wednesday", "wed", "weds"], ["thursday", "thu", "thur", "thurs"],
                           ["friday", "fri"], ["saturday", "sat"], ["sunday", "sun"]].enumerated() {
            for n in names { out[n] = d }
        }
        return out
    }()

    /// `Mon 9-12`, `monday 09:00-12:30`, or `Mon-Fri 9-10` for a range of
    /// days; times on quarter-hours (minutes 00, 15, 30, 45 — others are
    /// refused, never rounded), the end after the start, at most 24:00. A
    /// day is a full name or an abbreviation (``daySpellings``), nothing
    /// else; the dashes word processors put in (en dash, em dash, minus)
    /// read as hyphens.
    static func parseWindow(_ text: String) -> [WeeklySlot]? {
        // Dashes as typed or autocorrected (‐ ‑ ‒ – — −) read as hyphens; ASCII text has none.
        let text = text.isASCII ? text
            : String(text.map { "\u{2010}\u{2011}\u{2012}\u{2013}\u{2014}\u{2212}".contains($0) ? "-" : $0 })
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return nil }
        func day(_ s: Substring) -> Int? { daySpellings[s.lowercased()] }
        let dayParts = parts[0].split(separator: "-")
        guard (1...2).contains(dayParts.count), let d0 = day(dayParts[0]), let d1 = dayParts.count == 2 ? day(dayParts[1]) : d0, d0 <= d1 else { return nil }
        let hours = parts[1].split(separator: "-")
        func time(_ s: Substring) -> (Int, Int)? {
            let hm = s.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(hm.count), let h = Int(hm[0]) else { return nil }
            guard hm.count == 2 else { return (h, 0) }
            guard hm[1].count == 2, let m = Int(hm[1]) else { return nil }
            return (h, m)
        }
        guard hours.count == 2, let (h0, m0) = time(hours[0]), let (h1, m1) = time(hours[1]) else { return nil }
        let slots = (d0...d1).map { WeeklySlot(day: $0, startHour: h0, endHour: h1, startMinute: m0, endMinute: m1) }
        return slots.allSatisfy { $0.problem == nil } ? slots : nil
    }
}
