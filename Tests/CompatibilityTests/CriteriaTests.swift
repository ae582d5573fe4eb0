import Compatibility
import Foundation
import MatchingCore
import MatchingSolvers
import Testing

/// Two-person cohorts: a mentor and a mentee with the given fields.
func pair(_ mentor: Profile, _ mentee: Profile, config: CompatibilityConfig = CompatibilityConfig()) throws -> CompatibilityMatrices {
    try CompatibilityModel(config: config).matrices(for: Cohort([mentor, mentee]))
}

func near(_ a: Double?, _ b: Double, _ tol: Double = 1e-6) -> Bool { a.map { abs($0 - b) <= tol } ?? false }

@Suite("Built-in criteria on hand-built pairs")
struct CriteriaTests {
    @Test func skillGapWeighsGoalsByPriority() throws {
        let mentor = Profile(id: "m", role: .mentor, skills: ["swift": 5, "sql": 2])
        let mentee = Profile(id: "e", role: .mentee, skills: ["swift": 1, "sql": 1],
                             goals: [LearningGoal(skill: "swift", desiredLevel: 4, priority: 3),
                                     LearningGoal(skill: "sql", desiredLevel: 4, priority: 1)])
        let x = try pair(mentor, mentee)
        // swift: (5-1)/3 → 1; sql: (2-1)/3 = 1/3; weighted (3·1 + 1·1/3) / 4.
        #expect(near(x.value("skillGap", mentor: 0, mentee: 0), (3 + 1.0 / 3) / 4))
        let none = try pair(mentor, Profile(id: "e", role: .mentee))
        #expect(near(none.value("skillGap", mentor: 0, mentee: 0), 0.5))
    }

    @Test func tagsAreJaccard() throws {
        let x = try pair(Profile(id: "m", role: .mentor, interests: ["a", "b", "c"], values: ["x"]),
                         Profile(id: "e", role: .mentee, interests: ["b", "c", "d"], values: ["y"]))
        #expect(near(x.value("interests", mentor: 0, mentee: 0), 2.0 / 4))
        #expect(near(x.value("values", mentor: 0, mentee: 0), 0))
    }

    @Test func personalityPerTraitSimilarOrComplementary() throws {
        let a = BigFive(openness: 0.9, conscientiousness: 0.5, extraversion: 0.9, agreeableness: 0.5, neuroticism: 0.2)
        let b = BigFive(openness: 0.7, conscientiousness: 0.5, extraversion: 0.1, agreeableness: 0.5, neuroticism: 0.4)
        let x = try pair(Profile(id: "m", role: .mentor, personality: a), Profile(id: "e", role: .mentee, personality: b))
        // Similar: 0.8, 1, (extraversion complementary) 0.8, 1, 0.8.
        #expect(near(x.value("personality", mentor: 0, mentee: 0), (0.8 + 1 + 0.8 + 1 + 0.8) / 5, 1e-6))
        var config = CompatibilityConfig()
        config.personality = [.extraversion: .similar]
        let y = try pair(Profile(id: "m", role: .mentor, personality: a), Profile(id: "e", role: .mentee, personality: b), config: config)
        #expect(near(y.value("personality", mentor: 0, mentee: 0), (0.8 + 1 + 0.2 + 1 + 0.8) / 5, 1e-6))
    }

    @Test func communicationIsOneMinusMeanDistance() throws {
        let x = try pair(Profile(id: "m", role: .mentor, communication: CommunicationStyle(collaborative: 1, flexible: 0.5, bigPicture: 0)),
                         Profile(id: "e", role: .mentee, communication: CommunicationStyle(collaborative: 0.4, flexible: 0.5, bigPicture: 0.3)))
        #expect(near(x.value("communication", mentor: 0, mentee: 0), 1 - 0.9 / 3, 1e-6))
    }

    @Test("career stage: inside the window 1, falling off outside; reverse and mutual read it their way",
          arguments: [(MentoringMode.traditional, 5.0, 3.0, 1.0), (.traditional, 3.0, 3.0, 2.0 / 3), (.traditional, 9.0, 3.0, 0),
                      (.reverse, 2.0, 4.0, 1.0), (.reverse, 4.0, 2.0, 0), (.mutual, 3.0, 4.0, 1.0), (.mutual, 3.0, 6.0, 1.0 / 3)])
    func careerStage(_ mode: MentoringMode, _ mentorLevel: Double, _ menteeLevel: Double, _ expected: Double) throws {
        let role: (Role, Role) = mode == .mutual ? (.both, .both) : (.mentor, .mentee)
        let x = try pair(Profile(id: "m", role: role.0, seniority: Seniority(level: mentorLevel)),
                         Profile(id: "e", role: role.1, seniority: Seniority(level: menteeLevel)), config: CompatibilityConfig(mode: mode))
        let j = mode == .mutual ? 1 : 0
        #expect(near(x.value("careerStage", mentor: 0, mentee: j), expected, 1e-6))
    }

    @Test("availability is counted in quarter-hours: a half-hour zone (UTC+5:30) and a :30 window share exactly half an hour, not a rounded hour")
    func availabilityToTheQuarterHour() throws {
        var config = CompatibilityConfig()
        config.availabilityHours = 2
        // 9–12 in Kolkata (UTC+5:30) is 3:30–6:30 UTC; 6–8 UTC shares 6:00–6:30: half an hour of 2.
        let x = try pair(Profile(id: "m", role: .mentor, timeZone: "Asia/Kolkata", availability: [WeeklySlot(day: 0, startHour: 9, endHour: 12)]),
                         Profile(id: "e", role: .mentee, timeZone: "UTC", availability: [WeeklySlot(day: 0, startHour: 6, endHour: 8)]), config: config)
        #expect(near(x.value("availability", mentor: 0, mentee: 0), 0.25))
        // Same zone: 9:30–10:15 against 9–12 shares 45 minutes; Kathmandu (UTC+5:45) 9–10 is 3:15–4:15 UTC, against 4–5 UTC 15 minutes.
        let y = try pair(Profile(id: "m", role: .mentor, availability: [WeeklySlot(day: 2, startHour: 9, endHour: 10, startMinute: 30, endMinute: 15)]),
                         Profile(id: "e", role: .mentee, availability: [WeeklySlot(day: 2, startHour: 9, endHour: 12)]), config: config)
        #expect(near(y.value("availability", mentor: 0, mentee: 0), 0.375))
        let z = try pair(Profile(id: "m", role: .mentor, timeZone: "Asia/Kathmandu", availability: [WeeklySlot(day: 3, startHour: 9, endHour: 10)]),
                         Profile(id: "e", role: .mentee, timeZone: "UTC", availability: [WeeklySlot(day: 3, startHour: 4, endHour: 5)]), config: config)
        #expect(near(z.value("availability", mentor: 0, mentee: 0), 0.125))
        // The first meeting is the same quarter-hour block: Mon 6:00 UTC, 2 quarters.
        let cohort = try Cohort([Profile(id: "m", role: .mentor, timeZone: "Asia/Kolkata", availability: [WeeklySlot(day: 0, startHour: 9, endHour: 12)]),
                                 Profile(id: "e", role: .mentee, timeZone: "UTC", availability: [WeeklySlot(day: 0, startHour: 6, endHour: 8)])])
        let block = try #require(cohort.firstSharedBlock(0, 1))
        #expect(block.start == 24 && block.quarters == 2, "\(block)")
        #expect(cohort.localTime(utcQuarter: block.start, for: 0) == "Mon 11:30")
        // JSON: minutes only when not 0, and optional when read.
        let json = String(decoding: try JSONEncoder().encode([WeeklySlot(day: 0, startHour: 9, endHour: 12), WeeklySlot(day: 1, startHour: 9, endHour: 10, startMinute: 30)]), as: UTF8.self)
        #expect(!json.contains("endMinute") && json.contains("\"startMinute\":30"), "\(json)")
        #expect(try JSONDecoder().decode([WeeklySlot].self, from: Data(json.utf8)) == [WeeklySlot(day: 0, startHour: 9, endHour: 12), WeeklySlot(day: 1, startHour: 9, endHour: 10, startMinute: 30)])
        #expect(WeeklySlot(day: 0, startHour: 9, endHour: 10, startMinute: 10).problem != nil && WeeklySlot(day: 0, startHour: 23, endHour: 24, endMinute: 15).problem != nil)
    }

    @Test func availabilityIsSharedUTCHours() throws {
        // 9–12 in Paris (UTC+1) is 8–11 UTC; 10–14 in UTC+3 is 7–11 UTC: 3 shared hours.
        let x = try pair(Profile(id: "m", role: .mentor, timeZone: "UTC+1", availability: [WeeklySlot(day: 0, startHour: 9, endHour: 12)]),
                         Profile(id: "e", role: .mentee, timeZone: "+03:00", availability: [WeeklySlot(day: 0, startHour: 10, endHour: 14)]))
        #expect(near(x.value("availability", mentor: 0, mentee: 0), 1))
        var config = CompatibilityConfig()
        config.availabilityHours = 6
        let y = try pair(Profile(id: "m", role: .mentor, timeZone: "UTC+1", availability: [WeeklySlot(day: 0, startHour: 9, endHour: 12)]),
                         Profile(id: "e", role: .mentee, timeZone: "+03:00", availability: [WeeklySlot(day: 0, startHour: 10, endHour: 14)]), config: config)
        #expect(near(y.value("availability", mentor: 0, mentee: 0), 0.5))
        #expect(near(y.value("timeZone", mentor: 0, mentee: 0), 1 - 2.0 / 8))
    }

    @Test func timeZoneDistanceWrapsAroundTheClock() throws {
        let x = try pair(Profile(id: "m", role: .mentor, timeZone: "UTC+12"), Profile(id: "e", role: .mentee, timeZone: "UTC-11"))
        #expect(near(x.value("timeZone", mentor: 0, mentee: 0), 1 - 1.0 / 8))
    }

    @Test func languageDepartmentAndPreferences() throws {
        let mentor = Profile(id: "m", role: .mentor, department: "eng", languages: ["English", "French"], preferences: ["e"])
        let mentee = Profile(id: "e", role: .mentee, department: "eng", languages: ["french"], preferences: ["x", "m"])
        let other = Profile(id: "x", role: .mentor)
        let x = try CompatibilityModel().matrices(for: Cohort([mentor, mentee, other]))
        #expect(near(x.value("language", mentor: 0, mentee: 0), 1))
        #expect(near(x.value("crossDepartment", mentor: 0, mentee: 0), 0))
        // The mentee ranks m second of two (0.5); m ranks e first (1).
        #expect(near(x.value("preferences", mentor: 0, mentee: 0), 0.75))
        // An empty list is neutral (0.5) and said so; "neither ranked the other" only when both lists leave each other out (0).
        func preferenceReason(_ x: CompatibilityMatrices, _ i: Int, _ j: Int) -> String? {
            x.explain(mentor: i, mentee: j).contributions.first { $0.criterion == "preferences" }?.reason
        }
        let silent = [Profile(id: "m", role: .mentor), Profile(id: "e", role: .mentee), Profile(id: "n", role: .mentor, preferences: ["e"]),
                      Profile(id: "z", role: .mentee, preferences: ["x2"]), Profile(id: "x2", role: .mentor, preferences: ["e"])]
        let s = try CompatibilityModel().matrices(for: Cohort(silent))
        #expect(near(s.value("preferences", mentor: 0, mentee: 0), 0.5) && preferenceReason(s, 0, 0) == "neither listed preferences (neutral)")
        #expect(near(s.value("preferences", mentor: 0, mentee: 1), 0.25) && preferenceReason(s, 0, 1) == "z did not rank m; m listed no preferences (neutral)")
        #expect(near(s.value("preferences", mentor: 1, mentee: 1), 0) && preferenceReason(s, 1, 1) == "neither ranked the other")
        var within = CompatibilityConfig()
        within.department = .within
        let y = try CompatibilityModel(config: within).matrices(for: Cohort([mentor, mentee, other]))
        #expect(near(y.value("crossDepartment", mentor: 0, mentee: 0), 1))
    }

    @Test("plain reasons say what the pair has going for it in everyday words, best criteria first; nothing for a criterion with nothing in its favour")
    func plainReasons() throws {
        let mentor = Profile(id: "m", role: .mentor, department: "eng", skills: ["sql": 4, "public-speaking": 3, "go": 1],
                             interests: ["climbing", "music"], languages: ["English", "French"], preferences: ["e"])
        let mentee = Profile(id: "e", role: .mentee, department: "sales", skills: ["go": 2],
                             goals: [LearningGoal(skill: "sql", desiredLevel: 3, priority: 3), LearningGoal(skill: "public-speaking", desiredLevel: 2),
                                     LearningGoal(skill: "go", desiredLevel: 4, priority: 3)],
                             interests: ["music"], languages: ["french"])
        let x = try CompatibilityModel().matrices(for: Cohort([mentor, mentee]))
        let e = x.explain(mentor: 0, mentee: 0)
        func plain(_ name: String) -> String? { e.contributions.first { $0.criterion == name }?.plain }
        // Go is a goal the mentor knows less than the mentee: left out; the priority-3 goal goes first.
        #expect(plain("skillGap") == "m can help with sql and public speaking")
        #expect(plain("interests") == "both enjoy music")
        #expect(plain("language") == "both speak French")
        #expect(plain("crossDepartment") == "a view from another department (eng and sales)")
        #expect(plain("preferences") == "m asked for e")
        #expect(plain("values") == nil && plain("availability") == nil && plain("personality") == nil)
        // The top three, ordered by points as topReasons are.
        let top = e.plainReasons(3)
        let order = e.contributions.filter { $0.weight > 0 && $0.plain != nil }.sorted { ($0.points, $1.criterion) > ($1.points, $0.criterion) }.prefix(3).map { $0.plain! }
        #expect(top == order && top.count == 3)
    }

    @Test func customCriteriaScoreAndExplain() throws {
        struct SameSite: CompatibilityCriterion {
            var name: String { "sameSite" }
            func score(mentor: Profile, mentee: Profile) -> CriterionScore {
                mentor.attributes["site"] == mentee.attributes["site"] ? CriterionScore(value: 1, reason: "same site") : CriterionScore(value: 0, reason: "different sites")
            }
        }
        var config = CompatibilityConfig()
        config.weights = ["sameSite": 10]
        let model = try CompatibilityModel(config: config, customCriteria: [SameSite()])
        let x = try model.matrices(for: Cohort([Profile(id: "m", role: .mentor, attributes: ["site": "Lyon"]),
                                                Profile(id: "e", role: .mentee, attributes: ["site": "Lyon"])]))
        #expect(near(x.value("sameSite", mentor: 0, mentee: 0), 1))
        #expect(x.explain(mentor: 0, mentee: 0).contributions.last?.reason == "same site")

        struct Broken: CompatibilityCriterion {
            var name: String { "broken" }
            func score(mentor: Profile, mentee: Profile) -> CriterionScore { CriterionScore(value: 1.5, reason: "") }
        }
        #expect(throws: MatchingError.self) {
            try CompatibilityModel(customCriteria: [Broken()]).matrices(for: Cohort([Profile(id: "m", role: .mentor), Profile(id: "e", role: .mentee)]))
        }
    }
}
