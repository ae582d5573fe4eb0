import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import Testing

@Suite("Config files (YAML and JSON)")
struct ConfigFileTests {
    func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mm-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func yamlConfigLoadsEverySetting() throws {
        let path = try write("""
            mode: reverse
            weights:
              skillGap: 9
              personality: 0
            mustHave:
              language: 1
            personality:
              extraversion: similar
            idealGap: [0.5, 2]
            gapFalloff: 2
            availabilityHours: 3
            department: within
            filters:
              sameTeam: true
              maxTimeZoneGapHours: 6
            """, "program.yaml")
        let c = try ConfigFile.read(CompatibilityConfig.self, path: path)
        #expect(c.mode == .reverse && c.weight(.skillGap) == 9 && c.weight(.personality) == 0 && c.weight(.values) == 4)
        #expect(c.mustHave == ["language": 1] && c.fit(.extraversion) == .similar && c.idealGap == 0.5...2)
        #expect(c.gapFalloff == 2 && c.availabilityHours == 3 && c.department == .within)
        #expect(c.filters.sameTeam && c.filters.maxTimeZoneGapHours == 6 && c.filters.reportingLine)
        _ = try CompatibilityModel(config: c)
        // The same through JSON, after a round trip.
        let json = try JSONEncoder().encode(c)
        let back = try ConfigFile.decode(CompatibilityConfig.self, from: json, name: "x.json")
        #expect(back == c)
    }

    @Test("errors name the file and the key path", arguments: [
        ("weights:\n  skillGap: high\n", "weights.skillGap"),
        ("mode: sideways\n", "mode"),
        ("filters:\n  sameteam: true\n", "unknown key 'sameteam' (did you mean 'sameTeam'?)"),
        ("mode: traditonal\n", "at mode: 'traditonal' is not one of traditional, reverse, mutual; did you mean 'traditional'?"),
        ("weights: {skillGap: [1]}\n", "at weights.skillGap: expected a single value, not a list or mapping"),
        ("idealGap: [3, 1]\n", "idealGap"),
        ("weights: [1, 2\n", "YAML syntax"),
    ])
    func errorsNameThePlace(_ text: String, _ expected: String) throws {
        let path = try write(text, "bad.yaml")
        do {
            _ = try ConfigFile.read(CompatibilityConfig.self, path: path)
            Issue.record("no error for \(text)")
        } catch let e as MatchingError {
            #expect(e.code == .invalidFile)
            #expect(e.message.hasPrefix(path) && e.message.contains(expected), "\(e.message)")
        }
    }

    @Test func aConfigOfCommentsIsTheDefaults() throws {
        let c = try ConfigFile.decode(CompatibilityConfig.self, from: Data("# every key is optional\n\n---\n".utf8), name: "c.yaml")
        #expect(c == CompatibilityConfig())
        // Several unknown keys in one object are named in one message, each with its suggestion.
        do {
            _ = try ConfigFile.decode(CompatibilityConfig.self, from: Data("wieghts: {}\nmusthave: {}\n".utf8), name: "c.yaml")
            Issue.record("unknown keys accepted")
        } catch let e as MatchingError {
            #expect(e.message.contains("unknown keys 'musthave' (did you mean 'mustHave'?), 'wieghts' (did you mean 'weights'?) in config"), "\(e.message)")
        }
    }

    @Test func unknownCriterionInAConfigIsTyped() throws {
        let path = try write(#"{"weights": {"charisma": 5}}"#, "c.json")
        let c = try ConfigFile.read(CompatibilityConfig.self, path: path)
        #expect(throws: MatchingError.self) { try CompatibilityModel(config: c) }
    }

    @Test func profilesDecodeStrictly() throws {
        let good = #"[{"id": "a", "role": "mentor", "location": "hybrid:Lyon", "skills": {"swift": 4}}]"#
        let people = try ConfigFile.decode([Profile].self, from: Data(good.utf8), name: "p.json")
        #expect(people[0].location == .hybrid("Lyon") && people[0].skills == ["swift": 4] && people[0].eligible)
        let typo = #"[{"id": "a", "role": "mentor", "skils": {"swift": 4}}]"#
        #expect(throws: MatchingError.self) { try ConfigFile.decode([Profile].self, from: Data(typo.utf8), name: "p.json") }
    }
}
