import Foundation
import Compatibility
import MatchingCore
import MatchingSolvers
import Testing

/// A seeded synthetic cohort with every field filled in (tests only).
func syntheticCohort(mentors: Int, mentees: Int, seed: UInt64, mode: MentoringMode = .traditional) -> [Profile] {
    var g = SplitMix64(seed: seed)
    func unit() -> Double { Double(g.next() % 1001) / 1000 }
    func pick<T>(_ xs: [T]) -> T { xs[Int(g.next() % UInt64(xs.count))] }
    let skills = ["swift", "sql", "ml", "kubernetes", "design", "security", "leadership", "product"]
    let tags = ["music", "running", "chess", "books", "travel", "cooking"]
    let values = ["growth", "balance", "impact", "craft"]
    let zones = ["UTC", "UTC+1", "UTC-5", "UTC+5:30", "UTC+9"]
    var out = [Profile]()
    let total = mentors + mentees
    for k in 0..<total {
        let isMentor = k < mentors
        let role: Role = mode == .mutual ? .both : (isMentor ? .mentor : .mentee)
        var p = Profile(id: PersonID("p\(k)"), role: role, department: pick(["eng", "data", "ops"]), team: pick(["a", "b"]))
        if k >= 3 && g.next() % 3 == 0 { p.managerID = PersonID("p\(Int(g.next() % UInt64(k)))") }
        p.seniority = Seniority(level: Double(isMentor ? 3 + g.next() % 4 : 1 + g.next() % 3), years: Double(g.next() % 20))
        for s in skills where g.next() % 2 == 0 { p.skills[s] = Double(g.next() % 6) }
        for s in skills where g.next() % 4 == 0 { p.goals.append(LearningGoal(skill: s, desiredLevel: Double(3 + g.next() % 3), priority: Double(1 + g.next() % 3))) }
        if g.next() % 5 != 0 { p.personality = BigFive(openness: unit(), conscientiousness: unit(), extraversion: unit(), agreeableness: unit(), neuroticism: unit()) }
        if g.next() % 5 != 0 { p.communication = CommunicationStyle(collaborative: unit(), flexible: unit(), bigPicture: unit()) }
        p.interests = tags.filter { _ in g.next() % 3 == 0 }
        p.values = values.filter { _ in g.next() % 2 == 0 }
        p.languages = g.next() % 10 == 0 ? ["german"] : ["english"]
        p.timeZone = pick(zones)
        p.availability = (0..<Int(g.next() % 3)).map { _ in let s = Int(g.next() % 20); return WeeklySlot(day: Int(g.next() % 5), startHour: s, endHour: s + 1 + Int(g.next() % 4)) }
        if k > 0 && g.next() % 4 == 0 { p.preferences = [PersonID("p\(Int(g.next() % UInt64(total)))")].filter { $0 != p.id } }
        if k > 0 && g.next() % 9 == 0 { p.blocked = [PersonID("p\(Int(g.next() % UInt64(k)))")] }
        if g.next() % 9 == 0 { p.pastPairings = [PastPairing(partner: PersonID("p\(Int(g.next() % UInt64(total)))"), outcome: .failed)] }
        p.eligible = g.next() % 25 != 0
        out.append(p)
    }
    return out
}

@Suite("Compatibility model")
struct ModelTests {
    @Test func hardFiltersExcludeWithReasons() throws {
        var config = CompatibilityConfig()
        config.filters.sameTeam = true
        config.filters.maxTimeZoneGapHours = 6
        let people = [
            Profile(id: "boss", role: .mentor, department: "eng", team: "core"),
            Profile(id: "lead", role: .mentor, department: "eng", team: "web", managerID: "boss"),
            Profile(id: "far", role: .mentor, timeZone: "UTC+9"),
            Profile(id: "mono", role: .mentor, languages: ["german"]),
            Profile(id: "off", role: .mentor, eligible: false),
            Profile(id: "e1", role: .mentee, department: "eng", team: "web", managerID: "lead", languages: ["english"], timeZone: "UTC-3",
                    blocked: ["boss"], pastPairings: [PastPairing(partner: "far", outcome: .failed)]),
        ]
        let x = try CompatibilityModel(config: config).matrices(for: Cohort(people))
        func reasons(_ mentor: PersonID) throws -> [ExclusionReason] {
            let (i, j) = try x.position(mentor: mentor, mentee: "e1")
            #expect(!x.isAllowed(mentor: i, mentee: j))
            return x.explain(mentor: i, mentee: j).exclusions
        }
        #expect(try reasons("boss").contains(.reportingLine))   // two levels up
        #expect(try reasons("boss").contains(.blocked))
        #expect(try reasons("lead") == [.reportingLine, .sameTeam])
        #expect(try reasons("far") == [.pastFailure, .timeZoneGap(hours: 12, cap: 6)])
        #expect(try reasons("mono") == [.noSharedLanguage])
        #expect(try reasons("off") == [.ineligible("off")])
        #expect(x.excludedPairs.count == 5)
        #expect(x.problem().forbidden.count == 5)
    }

    @Test func mustHavesExcludeBelowTheirThreshold() throws {
        var config = CompatibilityConfig()
        config.mustHave = ["skillGap": 0.6]
        let mentee = Profile(id: "e", role: .mentee, goals: [LearningGoal(skill: "ml", desiredLevel: 4)])
        let x = try CompatibilityModel(config: config).matrices(for: Cohort([
            Profile(id: "weak", role: .mentor, skills: ["ml": 1]), Profile(id: "strong", role: .mentor, skills: ["ml": 5]), mentee]))
        #expect(!x.isAllowed(mentor: 0, mentee: 0) && x.isAllowed(mentor: 1, mentee: 0))
        #expect(x.explain(mentor: 0, mentee: 0).exclusions == [.belowMustHave(criterion: "skillGap", value: 0.25, threshold: 0.6)])
    }

    @Test("explanations add up to the score; re-weighting equals re-scoring",
          arguments: [CriterionCache.all, .weighted], [CriterionPrecision.single, .byte])
    func explanationsAndReweighting(_ cache: CriterionCache, _ precision: CriterionPrecision) throws {
        let cohort = try Cohort(syntheticCohort(mentors: 12, mentees: 30, seed: 5))
        var base = CompatibilityConfig()
        base.mustHave = ["availability": 0.3]
        let model = try CompatibilityModel(config: base)
        let x = try model.matrices(for: cohort, cache: cache, precision: precision)
        let single = try model.matrices(for: cohort, cache: cache, precision: .single)
        #expect(x.total.mentors == 12 && x.total.mentees == 30)
        for i in 0..<12 {
            for j in 0..<30 {
                let e = x.explain(mentor: i, mentee: j)
                #expect(abs(e.contributions.reduce(0) { $0 + $1.points } - x.total[i, j]) < 1e-9)
                #expect(e.isAllowed == x.isAllowed(mentor: i, mentee: j))
                #expect((0...100).contains(x.total[i, j]))
                // Bytes round each value to the nearest 1/254.
                #expect(abs(x.total[i, j] - single.total[i, j]) <= (precision == .byte ? 100.0 / 508 : 0))
                let below = (x.value("availability", mentor: i, mentee: j) ?? 0) < 0.3
                #expect(!below || !x.isAllowed(mentor: i, mentee: j))
            }
        }
        let changes = ["skillGap": 2.0, "language": 7, "personality": 0, "availability": 9.5]
        let reweighted = try x.reweighted(changes)
        var config = model.config
        config.weights = changes
        let rescored = try CompatibilityModel(config: config).matrices(for: cohort, cache: cache, precision: precision)
        #expect(reweighted.total == rescored.total)
        #expect(reweighted.weights == rescored.weights)
        #expect(try x.reweighted([:]).total == x.total)
        if cache == .weighted { #expect(x.cacheBytes < (try model.matrices(for: cohort, cache: .all, precision: precision)).cacheBytes) }
        if precision == .byte { #expect(x.cacheBytes < single.cacheBytes / 2) }
    }

    @Test("row fills (the cache) and per-pair scoring (uncached criteria) agree on every criterion", arguments: MentoringMode.allCases)
    func cachedEqualsUncached(_ mode: MentoringMode) throws {
        let people = syntheticCohort(mentors: 15, mentees: 35, seed: 21, mode: mode)
        let cohort = try Cohort(people)
        let cached = try CompatibilityModel(config: CompatibilityConfig(mode: mode)).matrices(for: cohort, cache: .all)
        var none = CompatibilityConfig(mode: mode)
        none.weights = Dictionary(uniqueKeysWithValues: Criterion.allCases.map { ($0.rawValue, 0.0) })
        let uncached = try CompatibilityModel(config: none).matrices(for: cohort, cache: .weighted)
        #expect(uncached.cacheBytes == uncached.total.mentors * uncached.total.mentees)   // exclusion codes only
        for name in Criterion.allCases.map(\.rawValue) {
            for i in 0..<cached.total.mentors {
                for j in 0..<cached.total.mentees {
                    let a = try #require(cached.value(name, mentor: i, mentee: j)), b = try #require(uncached.value(name, mentor: i, mentee: j))
                    #expect(abs(a - b) < 1e-6, "\(name) (\(i), \(j)): \(a) vs \(b)")
                    #expect((0...1).contains(a))
                }
            }
        }
    }

    @Test func sameInputSameMatrices() throws {
        let people = syntheticCohort(mentors: 20, mentees: 50, seed: 9)
        let a = try CompatibilityModel().matrices(for: Cohort(people))
        let b = try CompatibilityModel().matrices(for: Cohort(people))
        #expect(a.total == b.total && a.excludedPairs == b.excludedPairs)
    }

    @Test func mutualModeIsSymmetricWithoutSelfPairs() throws {
        let people = syntheticCohort(mentors: 0, mentees: 40, seed: 3, mode: .mutual)
        let x = try CompatibilityModel(config: CompatibilityConfig(mode: .mutual)).matrices(for: Cohort(people))
        #expect(x.total.mentors == 40 && x.total.mentees == 40)
        for i in 0..<40 {
            #expect(!x.isAllowed(mentor: i, mentee: i))
            #expect(x.explain(mentor: i, mentee: i).exclusions.first == .samePerson)
            for j in 0..<40 {
                #expect(abs(x.total[i, j] - x.total[j, i]) < 1e-9)
                #expect(x.isAllowed(mentor: i, mentee: j) == x.isAllowed(mentor: j, mentee: i))
            }
        }
    }

    @Test func reverseModeReadsSkillsAndSeniorityTheOtherWay() throws {
        // A junior strong in AI tools, a senior who wants them.
        let junior = Profile(id: "j", role: .mentor, seniority: Seniority(level: 1), skills: ["ai-tools": 5])
        let senior = Profile(id: "s", role: .mentee, seniority: Seniority(level: 4), skills: ["ai-tools": 1],
                             goals: [LearningGoal(skill: "ai-tools", desiredLevel: 4)])
        let reverse = try CompatibilityModel(config: CompatibilityConfig(mode: .reverse)).matrices(for: Cohort([junior, senior]))
        #expect(near(reverse.value("skillGap", mentor: 0, mentee: 0), 1))
        #expect(near(reverse.value("careerStage", mentor: 0, mentee: 0), 1))
        let traditional = try CompatibilityModel().matrices(for: Cohort([junior, senior]))
        #expect(near(traditional.value("careerStage", mentor: 0, mentee: 0), 0))
    }

    @Test func matricesFeedTheSolver() async throws {
        let x = try CompatibilityModel().matrices(for: Cohort(syntheticCohort(mentors: 10, mentees: 25, seed: 2)))
        var p = x.problem()
        p.mentorLoad = Array(repeating: CountRange(min: 0, max: 3), count: 10)
        let r = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal)
        let m = try #require(r.matching)
        #expect(MatchingValidator.check(m, against: p).isFeasible)
        #expect(m.pairs.allSatisfy { x.isAllowed(mentor: $0.mentor.rawValue, mentee: $0.mentee.rawValue) })
    }
}

@Suite("Bad profiles and configs")
struct BadInputTests {
    func message(_ people: [Profile]) -> String? {
        do { _ = try Cohort(people); return nil } catch let e as MatchingError { return e.code == .invalidProfile ? e.message : "wrong code" } catch { return "\(error)" }
    }

    @Test func profileErrorsNameThePersonAndField() {
        #expect(message([Profile(id: "a", role: .mentor), Profile(id: "a", role: .mentee)])?.contains("'a': duplicate id") == true)
        #expect(message([Profile(id: "a", role: .mentor, managerID: "a")])?.contains("'a': managerId is the person themself") == true)
        #expect(message([Profile(id: "a", role: .mentor, managerID: "b"), Profile(id: "b", role: .mentor, managerID: "c"),
                         Profile(id: "c", role: .mentor, managerID: "a")])?.contains("loops") == true)
        #expect(message([Profile(id: "a", role: .mentor, skills: ["swift": 7])])?.contains("skill 'swift' level 7") == true)
        #expect(message([Profile(id: "a", role: .mentee, goals: [LearningGoal(skill: "x", desiredLevel: 3, priority: 9)])])?.contains("priority 9") == true)
        #expect(message([Profile(id: "a", role: .mentor, personality: BigFive(openness: 2, conscientiousness: 0, extraversion: 0, agreeableness: 0, neuroticism: 0))])?.contains("personality.openness") == true)
        #expect(message([Profile(id: "a", role: .mentor, timeZone: "Mars/Olympus")])?.contains("time zone 'Mars/Olympus'") == true)
        #expect(message([Profile(id: "a", role: .mentor, availability: [WeeklySlot(day: 7, startHour: 1, endHour: 2)])])?.contains("availability") == true)
        #expect(message([Profile(id: "a", role: .mentor, capacity: -1)])?.contains("capacity -1") == true)
        // People outside the cohort are notes, not errors: one line per field, with counts.
        let outside = try? Cohort([Profile(id: "a", role: .mentor, managerID: "zz", preferences: ["ghost"], blocked: ["ghost", "ghoul"]),
                                   Profile(id: "b", role: .mentee, managerID: "zz")])
        #expect(outside?.notes == [
            "managerId: 2 reference(s) to 1 people not in the file ('zz'); the reporting-line filter stops there",
            "preferences: 1 reference(s) to 1 people not in the file ('ghost'); left out of the preference ranks",
            "blocked: 2 reference(s) to 2 people not in the file ('ghost', 'ghoul'); nothing to block",
        ])
        // Every problem, not the first: two bad time zones are two problems in one run.
        let two = Cohort.problems(in: [Profile(id: "a", role: .mentor, timeZone: "Mars/Olympus"), Profile(id: "b", role: .mentee, timeZone: "UTC+99")])
        #expect(two.count == 2 && two[0].message.contains("'a'") && two[1].message.contains("'b'"))
        // A loop is reported once, not once per person on it.
        let loop = Cohort.problems(in: [Profile(id: "a", role: .mentor, managerID: "b"), Profile(id: "b", role: .mentor, managerID: "c"),
                                        Profile(id: "c", role: .mentor, managerID: "a"), Profile(id: "d", role: .mentee, managerID: "a")])
        #expect(loop.count == 1)
    }

    @Test func configErrorsNameTheSetting() throws {
        var config = CompatibilityConfig()
        config.weights = ["skilGap": 3]
        #expect(throws: MatchingError(.invalidConfig, "weights: unknown criterion 'skilGap' (known: availability, careerStage, communication, crossDepartment, interests, language, mbti, personality, preferences, skillGap, timeZone, values)")) {
            try CompatibilityModel(config: config)
        }
        config.weights = ["skillGap": 11]
        #expect(throws: MatchingError.self) { try CompatibilityModel(config: config) }
        config.weights = [:]
        config.mustHave = ["availability": 1.5]
        #expect(throws: MatchingError.self) { try CompatibilityModel(config: config) }
    }

    @Test func configDecodingRejectsUnknownKeys() throws {
        let good = #"{"mode": "reverse", "weights": {"skillGap": 8}, "idealGap": [0, 2], "personality": {"extraversion": "similar"}, "filters": {"sameTeam": true}}"#
        let c = try JSONDecoder().decode(CompatibilityConfig.self, from: Data(good.utf8))
        #expect(c.mode == .reverse && c.weight(.skillGap) == 8 && c.idealGap == 0...2 && c.fit(.extraversion) == .similar && c.filters.sameTeam)
        let bad = #"{"mode": "traditional", "wieghts": {}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CompatibilityConfig.self, from: Data(bad.utf8)) }
        let badFilter = #"{"filters": {"sameteam": true}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CompatibilityConfig.self, from: Data(badFilter.utf8)) }
    }
}
