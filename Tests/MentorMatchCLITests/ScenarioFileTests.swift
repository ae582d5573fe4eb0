import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import Testing

/// `generate`'s distributions: the built-in populations kept bit for bit,
/// the scenario file written beside every cohort and read back, edits that
/// change the population as they say, and one line per bad value.
@Suite("scenario files")
struct ScenarioFileTests {
    /// Cohorts written by `generate` before its distributions became
    /// parameters (Fixtures/generator, one per scenario; names give sizes and seed).
    static let golden: [(scenario: String, mentors: Int, mentees: Int, seed: Int)] = [
        ("traditional", 30, 90, 3), ("reverse", 10, 15, 11), ("mutual", 10, 10, 13),
    ]

    @Test("the built-in defaults draw the same cohorts as before, and the scenario.yaml each run writes redraws them and itself bit for bit")
    func defaultsReproduce() throws {
        for g in Self.golden {
            let dir = try temporaryDirectory()
            let first = try runCLI(["generate", "--mentors", "\(g.mentors)", "--mentees", "\(g.mentees)", "--seed", "\(g.seed)",
                                    "--scenario", g.scenario, "--out", "\(dir)/a"])
            #expect(first.code == 0, "\(first.err)")
            let expected = try Data(contentsOf: URL(fileURLWithPath: fixture("Fixtures/generator/\(g.scenario)-\(g.mentors)-\(g.mentees)-seed\(g.seed).csv")))
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/a/participants.csv")) == expected, "\(g.scenario)")
            let again = try runCLI(["generate", "--mentors", "\(g.mentors)", "--mentees", "\(g.mentees)", "--seed", "\(g.seed)",
                                    "--scenario-file", "\(dir)/a/scenario.yaml", "--out", "\(dir)/b"])
            #expect(again.code == 0, "\(again.err)")
            for file in ["participants.csv", "program.yaml", "scenario.yaml"] {
                #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/a/\(file)")) == Data(contentsOf: URL(fileURLWithPath: "\(dir)/b/\(file)")),
                        "\(g.scenario) \(file)")
            }
            let scenario = try #require(SyntheticCohort.Scenario(rawValue: g.scenario))
            #expect(try ScenarioFile.read(path: "\(dir)/a/scenario.yaml", scenario: nil) == .defaults(for: scenario))
        }
    }

    @Test("a file states only what it changes, and the population follows: capacities, eligibility, gender, levels and tracks, regions, a chance's frequency")
    func editsChangeThePopulation() throws {
        let text = """
            # Every mentor takes 5; nobody sits out; one gender value; mentees all at level 3; everyone in one region.
            capacity: [5]
            ineligible: "0/1"
            gender: {chance: "0/1", otherwise: unstated}
            levels: {mentees: [3]}
            regions:
            - {name: Pacific, weight: 1, zones: [UTC+10, UTC+12], languages: [english]}
            interests: {chance: "1/2"}
            personality: {openness: {mean: 0.9}}
            """
        let d = try ScenarioFile.decode(Data(text.utf8), name: "s.yaml", scenario: nil)
        var expected = SyntheticCohort.Distributions.defaults(for: .traditional)
        expected.capacity = [5]
        expected.ineligible = .init(0, in: 1)
        expected.gender.chance = .init(0, in: 1)
        expected.gender.otherwise = "unstated"
        expected.levels.mentees = [3]
        var pacific = expected.regions[0]
        (pacific.name, pacific.weight, pacific.zones, pacific.languages) = ("Pacific", 1, ["UTC+10", "UTC+12"], ["english"])
        expected.regions = [pacific]
        expected.interests.chance = .init(1, in: 2)
        expected.personality.openness.mean = 0.9
        #expect(d == expected)
        let people = SyntheticCohort.generate(mentors: 100, mentees: 300, seed: 9, distributions: d)
        let mentors = people.filter { $0.role == .mentor }, mentees = people.filter { $0.role == .mentee }
        #expect(mentors.count == 100 && mentees.count == 300)
        #expect(mentors.allSatisfy { $0.capacity == 5 } && people.allSatisfy { $0.eligible })
        #expect(people.allSatisfy { $0.attributes["gender"] == "unstated" && $0.attributes["region"] == "Pacific" })
        #expect(people.allSatisfy { ["UTC+10", "UTC+12"].contains($0.timeZone) })
        #expect(mentees.allSatisfy { $0.seniority?.level == 3 && $0.attributes["track"] == "mid" })
        // Interests kept with chance 1/2 of 16: a mean of 8 per person (400 people: the standard error is 0.1).
        let meanInterests = Double(people.reduce(0) { $0 + $1.interests.count }) / Double(people.count)
        #expect(abs(meanInterests - 8) < 0.5, "\(meanInterests)")
        // Openness drawn around 0.9 (clamped to 1): well above the default 0.6.
        let meanOpenness = people.compactMap { $0.personality?.openness }.reduce(0, +) / Double(people.count)
        #expect(meanOpenness > 0.8, "\(meanOpenness)")
        // The defaults' population differs on each of these.
        let defaults = SyntheticCohort.generate(mentors: 100, mentees: 300, seed: 9, scenario: .traditional)
        #expect(!defaults.filter { $0.role == .mentor }.allSatisfy { $0.capacity == 5 } && defaults.contains { !$0.eligible })
    }

    @Test("bad scenario files: one line per cause, naming the file and the key path; the run writes nothing")
    func errors() throws {
        let cases: [(String, [String])] = [
            ("capcity: [1]\n", ["s.yaml: at capcity: unknown key; did you mean 'capacity'?"]),
            ("ineligible: 0.2\n", ["s.yaml: at ineligible: a chance is written k/n in quotes, e.g. \"1/5\""]),
            ("ineligible: \"3/2\"\n", ["s.yaml: at ineligible: '3/2' is not a chance k/n with 0 ≤ k ≤ n and n ≥ 1 (e.g. \"1/5\")"]),
            ("capacity: []\nlevels: {mentors: [9]}\n", ["s.yaml: at levels.mentors: seniority levels lie in 1…7",
                                                       "s.yaml: at capacity: an empty list has nothing to draw"]),
            ("departments:\n- {name: X, area: [engineering]}\n", ["s.yaml: at departments[0].area: unknown key; did you mean 'areas'?"]),
            ("scenario: sideways\n", ["s.yaml: at scenario: 'sideways' is not one of traditional, reverse, mutual"]),
            ("availability: {windows: [[20, 8]]}\n", ["s.yaml: at availability.windows: [20, 8] is not [start, end] in hours with 0 ≤ start < end ≤ 24"]),
            ("regions:\n- {name: Mars, weight: 1, zones: [UTC+99], languages: [martian]}\n", ["s.yaml: at regions[0].zones: 'UTC+99' is not a time zone (e.g. UTC+5:30)"]),
            ("- a\n", ["s.yaml: at top level: expected a mapping (key: value)"]),
            ("tracks:\n- {name: early}\n- {name: late, upToLevel: 3}\n", ["s.yaml: at tracks[0]: every track but the last has an upToLevel, the last has none",
                                                                       "s.yaml: at tracks[1]: every track but the last has an upToLevel, the last has none"]),
        ]
        for (text, lines) in cases {
            do {
                _ = try ScenarioFile.decode(Data(text.utf8), name: "s.yaml", scenario: nil)
                Issue.record("accepted: \(text)")
            } catch let error as MatchingError {
                #expect(error.message.split(separator: "\n").map(String.init) == lines, "\(text)")
            }
        }
        // Through the CLI: exit 2, the message on stderr, no files written; a conflicting --scenario is refused.
        let dir = try temporaryDirectory()
        try "scenario: reverse\n".write(toFile: "\(dir)/s.yaml", atomically: true, encoding: .utf8)
        let r = try runCLI(["generate", "--mentors", "3", "--mentees", "4", "--scenario", "mutual", "--scenario-file", "\(dir)/s.yaml", "--out", "\(dir)/out"])
        #expect(r.code == 2 && r.err.contains("\(dir)/s.yaml: at scenario: the file says reverse and --scenario says mutual; give one"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir)/out/participants.csv"))
    }
}
