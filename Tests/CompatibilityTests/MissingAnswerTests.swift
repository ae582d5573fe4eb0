import Compatibility
import MatchingCore
import Testing

/// Missing answers are neutral: they score 0.5 and never trigger a
/// must-have or a filter; settings that cannot act are warnings.
@Suite("missing answers, time-zone forms and survey scales")
struct MissingAnswerTests {
    @Test func aMustHaveNeverExcludesAnUnansweredPair() throws {
        var config = CompatibilityConfig()
        config.mustHave = ["language": 1, "skillGap": 0.9]
        // Nobody answered languages; the mentor listed no skills: both criteria are neutral and allowed.
        let silent = try pair(Profile(id: "m", role: .mentor), Profile(id: "e", role: .mentee, goals: [LearningGoal(skill: "swift", desiredLevel: 4)]), config: config)
        #expect(silent.isAllowed(mentor: 0, mentee: 0))
        #expect(near(silent.value("language", mentor: 0, mentee: 0), 0.5) && near(silent.value("skillGap", mentor: 0, mentee: 0), 0.5))
        #expect(silent.exclusionCounts().isEmpty)
        // Answered and below: excluded, and counted under the must-have by name.
        let answered = try pair(Profile(id: "m", role: .mentor, skills: ["swift": 1], languages: ["english"]),
                                Profile(id: "e", role: .mentee, goals: [LearningGoal(skill: "swift", desiredLevel: 4)], languages: ["english"]), config: config)
        #expect(!answered.isAllowed(mentor: 0, mentee: 0))
        #expect(answered.exclusionCounts().map(\.cause) == ["the must-have skillGap ≥ 0.9"])
        #expect(answered.explain(mentor: 0, mentee: 0).exclusions.count == 1)
    }

    @Test func settingsNobodyCanTriggerAreWarnings() throws {
        var config = CompatibilityConfig()
        config.mustHave = ["language": 1, "availability": 0.5]
        config.filters.sameTeam = true
        config.filters.maxTimeZoneGapHours = 4
        let cohort = try Cohort([Profile(id: "m", role: .mentor, languages: ["english"]), Profile(id: "e", role: .mentee, team: "t", timeZone: "UTC")])
        let warnings = try CompatibilityModel(config: config).unansweredSettings(cohort)
        // Weighted criteria nobody answered are one line, first.
        #expect(warnings.first?.hasPrefix("10 weighted criteria score a neutral 50 % for every pair") == true)
        #expect(Array(warnings.dropFirst()) == [
            "compatibility.mustHave.availability ≥ 0.5 excludes no pair: no participant answered availability (a missing answer is neutral)",
            "compatibility.mustHave.language ≥ 1 excludes no pair: no mentee answered languages (a missing answer is neutral)",
            "compatibility.filters.maxTimeZoneGapHours 4 excludes no pair: no mentor answered timezone",
            "compatibility.filters.sameTeam excludes no pair: no mentor answered team",
        ])
    }

    @Test("time zones as surveys write them", arguments: [
        ("UTC", 0.0), ("Z", 0), ("utc+1", 1), ("GMT-3", -3), ("gmt+05:30", 5.5), ("+0200", 2), ("UTC -4", -4),
        ("(UTC+01:00) Amsterdam, Berlin, Bern", 1), ("CET", 1), ("cest", 2), ("EST", -5), ("EDT", -4), ("PST", -8),
        ("Europe/Paris", 1), ("europe/paris", 1), ("America/New_York", -5), ("Asia/Kolkata", 5.5),
        ("Eastern Standard Time", -5), ("central european time", 1), ("W. Europe Standard Time", 1), ("IST", 5.5), ("CST", -6),
    ] as [(String, Double)])
    func timeZoneForms(_ text: String, _ hours: Double) throws {
        // The time-zone criterion against someone at UTC is 1 − |offset| / 8.
        let x = try pair(Profile(id: "m", role: .mentor, timeZone: text), Profile(id: "e", role: .mentee, timeZone: "UTC"))
        #expect(near(x.value("timeZone", mentor: 0, mentee: 0), Swift.max(0, 1 - abs(hours) / 8), 1e-6), "\(text)")
    }

    @Test("time zones that are none of the forms", arguments: ["Mars/Olympus", "UTC+15", "GMT+5:20", "XYZ", "+123"])
    func badTimeZones(_ text: String) {
        let problems = Cohort.problems(in: [Profile(id: "a", role: .mentor, timeZone: text)])
        #expect(problems.count == 1 && problems[0].message.contains("time zone '\(text)'"))
    }

    @Test func surveyScales() {
        #expect(SurveyScale.inferred(from: [0, 0.5, 1]) == .unit)
        #expect(SurveyScale.inferred(from: [1, 3, 5]) == .likert5)
        #expect(SurveyScale.inferred(from: [1, 6, 7]) == .likert7)
        #expect(SurveyScale.inferred(from: [1, 4.5, 5]) == .percent)
        #expect(SurveyScale.inferred(from: [0, 55, 100]) == .percent)
        #expect(SurveyScale.inferred(from: [-1, 3]) == nil)
        #expect(SurveyScale.likert5.unit(3) == 0.5 && SurveyScale.likert7.unit(7) == 1 && SurveyScale.percent.unit(25) == 0.25)
    }

    @Test func fieldNamesAndSuggestions() {
        #expect(FieldNames.normalized("Time Zone") == "timezone" && FieldNames.normalized("big-picture") == "bigpicture")
        #expect(FieldNames.editDistance("kitten", "sitting") == 3)
        #expect(FieldNames.closest(to: "Skill", among: ["skills", "goals"], maxDistance: 1) == "skills")
        #expect(FieldNames.closest(to: "track", among: ["team"], maxDistance: FieldNames.suggestionDistance("track")) == nil)
    }

    @Test func mbtiTypesAndTheirFit() throws {
        #expect(MBTIType("intj")?.description == "INTJ" && MBTIType("ENFP-T")?.description == "ENFP")
        for bad in ["INTX", "INT", "INTJP", "", "I N T J"] { #expect(MBTIType(bad) == nil, "\(bad)") }
        // Default fit: complementary on energy (E/I), similar on the other three.
        var config = CompatibilityConfig()
        config.weights = ["mbti": 5]
        let x = try pair(Profile(id: "m", role: .mentor, mbti: MBTIType("INTJ")), Profile(id: "e", role: .mentee, mbti: MBTIType("ENTP")), config: config)
        #expect(near(x.value("mbti", mentor: 0, mentee: 0), 3.0 / 4))   // E/I differ (wanted), N and T alike (wanted), J/P differ (not)
        config.mbtiFit = [.lifestyle: .complementary]
        let y = try pair(Profile(id: "m", role: .mentor, mbti: MBTIType("INTJ")), Profile(id: "e", role: .mentee, mbti: MBTIType("ENTP")), config: config)
        #expect(near(y.value("mbti", mentor: 0, mentee: 0), 1))
        #expect(y.explain(mentor: 0, mentee: 0).contributions.first { $0.criterion == "mbti" }?.reason == "INTJ and ENTP: the fit asked for on 4 of 4 dichotomies (energy, information, decisions, lifestyle)")
        // Not given for both: neutral, and a must-have on it cannot exclude.
        config.mustHave = ["mbti": 1]
        let z = try pair(Profile(id: "m", role: .mentor, mbti: MBTIType("INTJ")), Profile(id: "e", role: .mentee), config: config)
        #expect(near(z.value("mbti", mentor: 0, mentee: 0), 0.5) && z.isAllowed(mentor: 0, mentee: 0))
        // Weight 0 by default: it changes no score unless a program opts in.
        #expect(CompatibilityConfig().weight(.mbti) == 0)
    }
}
