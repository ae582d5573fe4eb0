import Compatibility
import Foundation
import MatchingCore
import MatchingGLPK
import MatchingIO
import Programs
import Testing

/// Mutual (peer) programs end to end: one pool, symmetric scores, each
/// person between their minimum and their capacity in partners, solved
/// exactly by the blossom solver.
@Suite("mutual programs: matching within one pool")
struct MutualProgramTests {
    @Test("the mutual fixture: proven optimal, every person within their range, every pair allowed both ways")
    func fixtureMatched() async throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        let config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        let program = try MentoringProgram(profiles: people, config: config)
        let pool = try #require(program.pool)
        let x = try #require(program.matrices)
        #expect(x.mentorIndices == x.menteeIndices)
        let result = try await program.solve(using: UnusedSolver(), options: SolveOptions())
        #expect(result.report.termination.reason == .optimal, "\(result.report.termination)")
        // Scores are not whole numbers: the proof is exact at 10⁻⁷, the bound allowing the rounding.
        let gap = (result.report.bound ?? .nan) - (result.report.objective ?? .nan)
        #expect(gap >= 0 && gap < 1e-3, "gap \(gap)")
        var degree = [Int](repeating: 0, count: pool.count)
        var seen = Set<Pair>()
        for a in result.assignments {
            #expect(a.mentorRow < a.menteeColumn)
            #expect(seen.insert(Pair(MentorIndex(a.mentorRow), MenteeIndex(a.menteeColumn))).inserted)
            #expect(x.isAllowed(mentor: a.mentorRow, mentee: a.menteeColumn) && x.isAllowed(mentor: a.menteeColumn, mentee: a.mentorRow))
            degree[a.mentorRow] += 1
            degree[a.menteeColumn] += 1
        }
        for i in 0..<pool.count { #expect(pool.partners[i].contains(degree[i]), "person \(i): \(degree[i]) partners, range \(pool.partners[i])") }
        #expect(result.mentorLoads == degree)
        // The objective is the pairs' scores less the penalties of those left out.
        let expected = result.assignments.reduce(0.0) { $0 + x.total[Pair(MentorIndex($1.mentorRow), MenteeIndex($1.menteeColumn))] }
            - (0..<pool.count).reduce(0.0) { $0 + (degree[$1] == 0 && pool.partners[$1].max > 0 ? pool.unmatchedPenalty[$1] : 0) }
        #expect(abs(expected - (result.report.objective ?? .nan)) < 1e-6)
        // Everyone left out is explained once, as a peer.
        #expect(result.unmatched.count == degree.filter { $0 == 0 }.count)
        #expect(result.unmatched.allSatisfy { $0.side == "peer" && !$0.reason.isEmpty })
        // Scores are symmetric: each teaches the other.
        for i in 0..<5 { for j in 0..<5 where i != j { #expect(x.total[Pair(MentorIndex(i), MenteeIndex(j))] == x.total[Pair(MentorIndex(j), MenteeIndex(i))]) } }
    }

    @Test("circles of 3–5 with at most 2 per department: everyone eligible in exactly one circle, every rule re-checked, no excluded pair together, the objective recomputed, bound above it")
    func circles() async throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        var config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        config.matching.circles = CircleSettings(size: CountRange(min: 3, max: 5), maxPerGroup: ["department": 2])
        let program = try MentoringProgram(profiles: people, config: config)
        #expect(program.scoringNote == nil)
        try await Self.checkCircles(program, sizes: 3...5, perDepartment: 2)
    }

    @Test("circles of a traditional program's mentees (Fixtures/cohorts/traditional/circles.yaml): exactly the eligible mentees, no mentor, scored as peers, every rule re-checked")
    func circlesOfMentees() async throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/traditional/participants.csv"))
        let config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/traditional/circles.yaml"))
        #expect(config.circlesOfMentees && config.isOnePool)
        #expect(config.compatibilityInMode.mode == .mutual && config.compatibilityInMode.pool == .mentees)
        let program = try MentoringProgram(profiles: people, config: config)
        let x = try #require(program.matrices)
        let mentees = program.cohort.profiles.indices.filter { program.cohort.profiles[$0].role != .mentor }
        #expect(x.mentorIndices == mentees && x.menteeIndices == mentees)
        #expect(mentees.count < program.cohort.profiles.count)
        #expect(program.scoringNote?.contains("\(program.cohort.profiles.count - mentees.count) mentor(s) are not placed") == true, "\(program.scoringNote ?? "")")
        try await Self.checkCircles(program, sizes: 3...5, perDepartment: 2)
        // Without an idealGap of its own, a config of mentee circles reads peers' seniority window.
        let yaml = "mode: traditional\nmatching:\n  circles: {size: 4}\n"
        #expect(try ConfigFile.decode(ProgramConfig.self, from: Data(yaml.utf8), name: "c.yaml").compatibility.idealGap == 0...1)
        #expect(try ConfigFile.decode(ProgramConfig.self, from: Data("mode: traditional\n".utf8), name: "c.yaml").compatibility.idealGap == 1...3)
    }

    /// Solves a program with circles and re-checks the result from the
    /// profiles: everyone eligible in the pool in exactly one circle, sizes,
    /// the department limit, no excluded pair together, symmetric scores,
    /// the objective recomputed, the bound above it.
    static func checkCircles(_ program: MentoringProgram, sizes: ClosedRange<Int>, perDepartment limit: Int) async throws {
        let x = try #require(program.matrices)
        let result = try await program.solve(using: UnusedSolver(), options: SolveOptions(timeLimit: 8))
        #expect(result.report.matching != nil, "\(result.report.termination)")
        let eligible = x.mentorIndices.indices.filter { program.cohort.profiles[x.mentorIndices[$0]].eligible }
        #expect(result.circles.flatMap(\.rows).sorted() == eligible)
        var total = 0.0
        for c in result.circles {
            #expect(sizes.contains(c.rows.count), "circle \(c.number) has \(c.rows.count)")
            var perDepartment = [String: Int]()
            for i in c.rows { if let d = program.cohort.profiles[x.mentorIndices[i]].department { perDepartment[d, default: 0] += 1 } }
            #expect(perDepartment.values.allSatisfy { $0 <= limit }, "circle \(c.number): \(perDepartment)")
            for (a, i) in c.rows.enumerated() {
                for j in c.rows[(a + 1)...] {
                    #expect(x.isAllowed(mentor: i, mentee: j) && x.isAllowed(mentor: j, mentee: i), "circle \(c.number): \(i), \(j) excluded")
                    #expect(x.total[Pair(MentorIndex(i), MenteeIndex(j))] == x.total[Pair(MentorIndex(j), MenteeIndex(i))])
                    total += x.total[Pair(MentorIndex(i), MenteeIndex(j))]
                }
            }
        }
        #expect(abs(total - (result.report.objective ?? .nan)) < 1e-6)
        #expect((result.report.bound ?? -.infinity) >= total - 1e-6)
        // Every pair within a circle is an assignment; only the ineligible are left out.
        #expect(result.assignments.count == result.circles.reduce(0) { $0 + $1.rows.count * ($1.rows.count - 1) / 2 })
        #expect(result.unmatched.allSatisfy { $0.category == "not eligible" })
    }

    @Test("circles that cannot split the eligible people, a limit below 1, an unknown attribute: one line naming matching.circles")
    func circlesRefused() throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        var config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        for (circles, words) in [(CircleSettings(size: CountRange(min: 4, max: 4)), "79 eligible people cannot be split"),
                                 (CircleSettings(size: CountRange(min: 1, max: 3)), "at least 2"),
                                 (CircleSettings(size: CountRange(min: 3, max: 5), maxPerGroup: ["department": 0]), "at least 1"),
                                 (CircleSettings(size: CountRange(min: 3, max: 5), maxPerGroup: ["departmnt": 2]), "did you mean 'department'"),
                                 (CircleSettings(size: CountRange(min: 3, max: 5), maxPerGroup: ["department": 2, "Department": 1]), "keep one limit")] {
            config.matching.circles = circles
            do { _ = try MentoringProgram(profiles: people, config: config); Issue.record("accepted \(circles)") } catch let e as MatchingError {
                #expect(e.code == .invalidConfig && e.message.contains("matching.circles") && e.message.contains(words), "\(e.message)")
            }
        }
        let yaml = "mode: mutual\nmatching:\n  circles: {size: 4, maxPerGroup: {department: 2}}\n"
        let decoded = try ConfigFile.decode(ProgramConfig.self, from: Data(yaml.utf8), name: "c.yaml")
        #expect(decoded.matching.circles == CircleSettings(size: CountRange(min: 4, max: 4), maxPerGroup: ["department": 2]))
        #expect(throws: MatchingError.self) { try ConfigFile.decode(ProgramConfig.self, from: Data("mode: mutual\nmatching:\n  circles: {size: 4, groups: 3}\n".utf8), name: "c.yaml") }
        for wrong in ["{size: {min: 3, max: 5, step: 1}}", "{size: \"4\"}", "{size: [3, 5]}", "", "{maxPerGroup: {team: 1}}"] {
            #expect(throws: MatchingError.self, "\(wrong)") { try ConfigFile.decode(ProgramConfig.self, from: Data("mode: mutual\nmatching:\n  circles: \(wrong)\n".utf8), name: "c.yaml") }
        }
    }

    @Test("exclusions in mutual mode count each pair of two people once (excluded when either direction is), never a person with themselves")
    func exclusionsCountedOnce() async throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        let config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        let program = try MentoringProgram(profiles: people, config: config)
        let x = try #require(program.matrices)
        let n = x.mentorIndices.count
        var excluded = 0
        for i in 0..<n { for j in (i + 1)..<n where !(x.isAllowed(mentor: i, mentee: j) && x.isAllowed(mentor: j, mentee: i)) { excluded += 1 } }
        #expect(excluded > 0)
        let counts = x.exclusionCounts()
        #expect(counts.reduce(0) { $0 + $1.pairs } == excluded, "\(counts)")
        #expect(x.excludedCount == excluded)
        #expect(!counts.contains { $0.cause.contains("the same person") })
        let result = try await program.solve(using: UnusedSolver(), options: SolveOptions())
        #expect(result.exclusions.map(\.cause) == counts.map(\.cause) && result.exclusions.map(\.pairs) == counts.map(\.pairs))
    }

    @Test("rules in mutual mode (one partner per department, 90 % of pairs across, 20 early-career people matched): GLPK's matching keeps every rule, re-checked here; the rule-free blossom optimum bounds it")
    func rulesSolved() async throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        var config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        let free = try await MentoringProgram(profiles: people, config: config).solve(using: UnusedSolver(), options: SolveOptions())
        config.matching.rules = [RuleSpec(kind: "maxPerMentor", attribute: "department", limit: 1),
                                 RuleSpec(kind: "crossShare", attribute: "department", minShare: 0.9),
                                 RuleSpec(kind: "quota", attribute: "track", value: "early", min: 20)]
        let program = try MentoringProgram(profiles: people, config: config)
        let pool = try #require(program.pool)
        #expect(pool.rules.count == 3)
        await #expect(throws: MatchingError.self) { try await program.solve(using: UnusedSolver(), options: SolveOptions()) }
        let result = try await program.solve(using: UnusedSolver(), poolSolver: GLPKSolver(), options: SolveOptions(timeLimit: 60))
        #expect(result.report.termination.reason == .optimal, "\(result.report.termination)")
        let x = try #require(program.matrices)
        let pairs = result.assignments.map { Pair(MentorIndex($0.mentorRow), MenteeIndex($0.menteeColumn)) }
        #expect(PoolRule.violations(of: pairs, in: pool).isEmpty)
        // The rules, counted again from the profiles themselves.
        func profile(_ i: Int) -> Profile { program.cohort.profiles[x.mentorIndices[i]] }
        var perValue = [String: Int]()
        for p in pairs {
            perValue["\(p.mentor.rawValue) \(profile(p.mentee.rawValue).department ?? "")", default: 0] += 1
            perValue["\(p.mentee.rawValue) \(profile(p.mentor.rawValue).department ?? "")", default: 0] += 1
        }
        #expect(perValue.values.allSatisfy { $0 <= 1 })
        #expect(Double(pairs.filter { profile($0.mentor.rawValue).department != profile($0.mentee.rawValue).department }.count) >= 0.9 * Double(pairs.count) - 1e-9)
        let matched = Set(pairs.flatMap { [$0.mentor.rawValue, $0.mentee.rawValue] })
        #expect(matched.filter { profile($0).attributes["track"] == "early" }.count >= 20)
        // Rules only take away: the rule-free optimum is an upper bound.
        #expect((result.report.objective ?? .infinity) <= (free.report.objective ?? -.infinity) + 1e-6)
        #expect(result.report.statistics.route == .integerProgram && result.report.statistics.proof == .branchAndBound)
        #expect(free.report.statistics.route == .blossom && free.report.statistics.proof == .oddSetDuals)
    }

    @Test("rules mutual mode cannot hold are refused in one line: composition (no mentor side), an unknown attribute, rules with circles")
    func rulesRefused() throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        var config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        for (rule, code, words) in [(RuleSpec(kind: "composition", attribute: "region", value: "EMEA", max: 1), MatchingError.Code.unsupported, "no meaning in mutual mode"),
                                    (RuleSpec(kind: "maxPerMentor", attribute: "departmnt", limit: 1), .invalidConfig, "did you mean 'department'")] {
            config.matching.rules = [rule]
            do { _ = try MentoringProgram(profiles: people, config: config); Issue.record("accepted \(rule)") } catch let e as MatchingError {
                #expect(e.code == code && e.message.contains("matching.rules[0]") && e.message.contains(words), "\(e.message)")
            }
        }
        config.matching.rules = [RuleSpec(kind: "crossShare", attribute: "department", minShare: 0.5)]
        config.matching.circles = CircleSettings(size: CountRange(min: 3, max: 5))
        #expect(throws: MatchingError.self) { try MentoringProgram(profiles: people, config: config) }
        // A traditional program's rules with circles of its mentees: refused in one line naming both.
        let traditional = try ParticipantFile.read(path: fixture("Fixtures/cohorts/traditional/participants.csv"))
        var withRules = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/traditional/program.yaml"))
        withRules.matching.circles = CircleSettings(size: CountRange(min: 3, max: 5))
        do { _ = try MentoringProgram(profiles: traditional, config: withRules); Issue.record("rules with circles accepted") } catch let e as MatchingError {
            #expect(e.code == .invalidConfig && e.message.contains("matching.rules do not apply to circles") && e.message.contains("maxPerGroup"), "\(e.message)")
        }
    }
}

/// A bipartite solver a mutual program never calls.
struct UnusedSolver: MatchingSolver {
    func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        Issue.record("a mutual program called the bipartite solver")
        return SolveReport(termination: Termination(.error), solver: SolverIdentity(name: "unused", version: "0"))
    }
}
