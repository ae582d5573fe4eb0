import Compatibility
import Foundation
import MatchingCore

/// Reads participant files as survey tools and HR systems export them:
/// delimited text (comma, semicolon or tab; UTF-8 with or without BOM,
/// UTF-16, Windows-1252; see ``DelimitedText``), Excel workbooks (`.xlsx`,
/// see ``Workbook``), or JSON (an array of ``/Compatibility/Profile`` objects).
///
/// Columns (a header row names them, in any order; names compare case-,
/// space-, hyphen- and underscore-insensitively, so `Time Zone` is
/// `timezone`, and ``columnAliases`` lists the synonyms read):
///
/// | column | meaning |
/// |---|---|
/// | `id` | required, unique |
/// | `role` | required: `mentor`, `mentee` or `both` |
/// | `capacity` | mentees a mentor takes (`2`, `2.0`); blank: the program's `defaultCapacity`. For a mentee: the most mentors they take (blank: `matching.menteeDemand`) |
/// | `department`, `team` | organisation |
/// | `manager_id` | the person's manager (need not take part) |
/// | `seniority`, `years` | level (higher is more senior) and years of experience |
/// | `skills` | `skill:level` pairs separated by `;` or `,` (levels 0…`maxSkillLevel`) |
/// | `goals` | `skill:level` or `skill:level:priority` (priority 1…3, default 2), separated by `;` or `,` |
/// | `openness`, `conscientiousness`, `extraversion`, `agreeableness`, `neuroticism` | Big Five on 0–1, 1–5, 1–7 or 0–100 (`personalityScale`; all five or none) |
/// | `mbti` | a Myers–Briggs type such as `INTJ` (weak evidence: weight 0 unless the program sets one; see ``/Compatibility/MBTIType``) |
/// | `collaborative`, `flexible`, `big_picture` | communication style, same scales (`communicationScale`; all three or none) |
/// | `interests`, `values`, `languages` | tags separated by `;` or `,` |
/// | `timezone` | IANA name (`Europe/Paris`), abbreviation (`CET`) or UTC offset (`UTC+5:30`, `utc+1`) |
/// | `availability` | local weekly windows: `Mon 9-12; Wed 14-16` |
/// | `location` | `remote`, `onsite:SITE` or `hybrid:SITE` |
/// | `preferences`, `blocked` | ids separated by `;` or `,` (preferences best first; may name people not in the file) |
/// | `eligible` | yes/no, y/n, true/false, 1/0 in any case; blank means yes |
/// | `past_pairings` | `id:failed`, `id:succeeded` or `id:neutral`, `;`-separated |
///
/// Every other column is a free attribute (`gender`, `site`, …) usable in
/// diversity rules; a blank cell means the person has no value for it. A
/// free column that no rule uses is named in a note, with the closest known
/// column ("did you mean 'skills'?"), and so are empty trailing columns,
/// the encoding and delimiter used, scales inferred, and people named who
/// are not in the file. Numbers may be written `2`, `2.0`, ` 2 ` or, in
/// semicolon- and tab-separated files, `2,5`.
///
/// Problems name the file, the line (the physical line, quoted line breaks
/// counted) or sheet row, and the column; ``check(path:options:)`` lists
/// every problem, ``read(path:options:)`` throws on the first. A row is
/// never dropped silently.
public enum ParticipantFile {
    /// The largest file read (bytes).
    public static let maxBytes = 512 << 20
    /// The most participants in one file.
    public static let maxParticipants = 1_000_000

    /// The columns with a meaning (everything else is a free attribute).
    public static let knownColumns: [String] = [
        "id", "role", "capacity", "department", "team", "manager_id", "seniority", "years", "skills", "goals",
        "openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism", "mbti",
        "collaborative", "flexible", "big_picture", "interests", "values", "languages", "timezone",
        "availability", "location", "preferences", "blocked", "eligible", "past_pairings",
    ]

    /// How to read a file: the settings of the program config that concern
    /// reading, and what the rules use.
    public struct Options: Hashable, Sendable {
        /// The top of the skill scale.
        public var maxSkillLevel: Double = 5
        /// The scale of Big Five answers.
        public var personalityScale: SurveyScale = .auto
        /// The scale of communication-style answers.
        public var communicationScale: SurveyScale = .auto
        /// Attributes the program's rules name (their columns get no note).
        public var ruleAttributes: [String] = []
        /// The workbook sheet to read (default: the first).
        public var sheet: String? = nil

        /// Reading options from a program's compatibility config and rule attributes.
        public init(_ config: CompatibilityConfig = CompatibilityConfig(), ruleAttributes: [String] = [], sheet: String? = nil) {
            maxSkillLevel = config.maxSkillLevel
            personalityScale = config.personalityScale
            communicationScale = config.communicationScale
            self.ruleAttributes = ruleAttributes
            self.sheet = sheet
        }
    }

    /// What a file held: the profiles of the rows without problems, every
    /// problem (each naming file, line and column or person), and notes.
    public struct Reading: Hashable, Sendable {
        /// The profiles read.
        public var profiles: [Profile]
        /// Every problem found, one line per cause: the same fault in many
        /// cells of a column is one line naming the first cell and the count.
        public var problems: [String]
        /// What was read how, and anything kept as it was: one line per cause.
        public var notes: [String]
        /// Every problem, one line per cell (`check --verbose`).
        public var details: [String] = []

        /// Creates a reading.
        public init(profiles: [Profile], problems: [String], notes: [String], details: [String] = []) {
            self.profiles = profiles
            self.problems = problems
            self.notes = notes
            self.details = details
        }
    }

    /// The profiles in the file.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file, line and column of the first problem (and how many more there are).
    public static func read(path: String, options: Options = Options()) throws -> [Profile] {
        try readWithNotes(path: path, options: options).profiles
    }

    /// The profiles in the file with the notes on how it was read.
    ///
    /// - Throws: as ``read(path:options:)``.
    public static func readWithNotes(path: String, options: Options = Options()) throws -> Reading {
        let result = try check(path: path, options: options)
        if let first = result.problems.first {
            let more = result.problems.count > 1 ? " (and \(result.problems.count - 1) more problem(s); `mentor-match check` lists them all)" : ""
            throw MatchingError(.invalidFile, first + more)
        }
        return result
    }

    /// The profiles in the file, on a skill scale of 0…`maxSkillLevel`.
    public static func read(path: String, maxSkillLevel: Double) throws -> [Profile] {
        var options = Options()
        options.maxSkillLevel = maxSkillLevel
        return try read(path: path, options: options)
    }

    /// Every problem found in the file, the profiles of the rows without
    /// problems, and the notes.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` only when
    ///   the file cannot be read at all (missing, too large, not text, not a workbook).
    public static func check(path: String, options: Options = Options()) throws -> Reading {
        if path.lowercased().hasSuffix(".json") {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int,
                  let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else {
                throw MatchingError(.invalidFile, "\(path): cannot be read")
            }
            guard size <= maxBytes else { throw MatchingError(.invalidFile, "\(path): \(size) bytes is larger than the \(maxBytes >> 20) MB limit") }
            return try parseJSON(data, name: path, options: options)
        }
        return parse(try Table.read(path: path, sheet: options.sheet, maxBytes: maxBytes), name: path, options: options)
    }

    static func parseJSON(_ data: Data, name: String, options: Options) throws -> Reading {
        let profiles = try ConfigFile.decode([Profile].self, from: data, name: name)
        guard profiles.count <= maxParticipants else {
            throw MatchingError(.invalidFile, "\(name): \(profiles.count) participants is more than the limit of \(maxParticipants)")
        }
        let problems = Cohort.problems(in: profiles, maxSkillLevel: options.maxSkillLevel).map { "\(name): \($0.message)" }
        var notes = (try? Cohort(profiles, maxSkillLevel: options.maxSkillLevel))?.notes ?? []
        notes += capacityNote(profiles)
        return Reading(profiles: profiles, problems: problems, notes: notes)
    }

    /// Parses delimited text (see ``DelimitedText``); `name` is used in messages.
    public static func parseCSV(_ text: String, name: String, options: Options = Options()) -> Reading {
        do {
            return parse(try DelimitedText.table(text: text, name: name), name: name, options: options)
        } catch let e as MatchingError {
            return Reading(profiles: [], problems: [e.message], notes: [])
        } catch {
            return Reading(profiles: [], problems: ["\(name): \(error)"], notes: [])
        }
    }

    /// The rows of CSV text as fields (no header handling), with CSV.swift.
    public static func parseCSVRows(_ text: String) -> [[String]] {
        guard let t = try? DelimitedText.table(text: text, name: "") else { return [] }
        return [t.header] + t.rows.map(\.cells)
    }
}
