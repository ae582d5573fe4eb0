import Foundation
import MatchingCore
@testable import MatchingGLPK
import MatchingSolvers
import Testing

/// Findings of a user test and a code review, each checked against brute
/// force or exact values.
@Suite("Sentinel sums beyond a Double")
struct SentinelOverflowTests {
    /// 6 × 3: only mentor 0 has real scores (5, 3, 1); the other 15 cells are
    /// `-Double.greatestFiniteMagnitude`, and every mentee must be matched, so
    /// two sentinel pairs are unavoidable and their sum overflows.
    static func problem() throws -> MatchingProblem {
        let g = -Double.greatestFiniteMagnitude
        let rows = [[5.0, 3, 1]] + Array(repeating: [g, g, g], count: 5)
        return MatchingProblem(scores: try ScoreMatrix(rows: rows), mentorLoad: CountRange(min: 0, max: 1),
                               menteeDemand: CountRange(min: 1, max: 1))
    }

    @Test("objective and bound on the equivalent scale, finite and exact, with the sentinel pairs counted",
          arguments: ["hungarian", "glpk", "auto", "lagrangian"])
    func equivalentScale(_ name: String) async throws {
        let p = try Self.problem()
        let rule = try #require(SentinelScores(p))
        let solver = solver(named: name)
        let r = try await solver.solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal, "\(name): \(r.termination)")
        // Brute force on the equivalent problem (same optimal matchings, finite sums).
        let equivalent = rule.apply(to: p)
        let best = try #require(exactBruteForce(equivalent))
        let matching = try #require(r.matching)
        #expect(exactValue(matching, equivalent).compare(best) == 0, "\(name)")
        let expected = 5 + 2 * rule.levels[0].replacement
        #expect(r.objective == expected && r.bound == expected, "\(name): \(r.objective ?? .nan) \(r.bound ?? .nan)")
        #expect(r.gap == 0)
        #expect(r.sentinelPairs == 2 && r.objectiveScale == .sentinelEquivalent)
        #expect(r.diagnostics.contains { $0.contains("the matching uses 2 sentinel pair(s)") && $0.contains("overflows") }, "\(r.diagnostics)")
    }

    @Test("a sum that stays finite is reported on the original scale, with the sentinel pairs counted")
    func finiteStaysOriginal() async throws {
        let rows: [[Double]] = [[5, 3, 1], [-1e300, -1e300, 2], [-1e300, 4, -1e300]]
        let p = MatchingProblem(scores: try ScoreMatrix(rows: rows), mentorLoad: CountRange(min: 0, max: 1),
                                menteeDemand: CountRange(min: 1, max: 1))
        let r = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        #expect(r.objective == 11 && r.bound == 11 && r.objectiveScale == .original && r.sentinelPairs == 0)
    }

    @Test("no gap is claimed without a finite objective and bound")
    func gapNeedsNumbers() {
        let id = SolverIdentity(name: "x", version: "1")
        #expect(SolveReport(termination: Termination(.optimal), objective: -.infinity, bound: -.infinity, solver: id).gap == nil)
        #expect(SolveReport(termination: Termination(.optimal), objective: 3, bound: .nan, solver: id).gap == nil)
        #expect(SolveReport(termination: Termination(.optimal), objective: 3, bound: 3, solver: id).gap == 0)
    }
}

@Suite("Hall sets: components, limits, scale")
struct HallSearchTests {
    /// Department A (mentors 0–2) must each take a mentee but may only meet
    /// mentee 0; department B (mentors 3–5) may only meet mentees 1 and 2;
    /// mentors 6–7 (no minimum) and mentees 3–7 are free.
    static func twoDepartments() throws -> MatchingProblem {
        var p = MatchingProblem(scores: ScoreMatrix(mentors: 8, mentees: 8) { i, j in Double((i * 5 + j * 3) % 7) })
        p.mentorLoad = (0..<8).map { $0 < 6 ? CountRange(min: 1, max: 1) : CountRange(min: 0, max: 1) }
        for i in 0..<3 { for j in 0..<8 where j != 0 { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        for i in 3..<6 { for j in 0..<8 where j != 1 && j != 2 { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        return p
    }

    @Test("two independent shortages are two sets and two lines, with their own counts")
    func twoComponents() async throws {
        let p = try Self.twoDepartments()
        #expect(FeasibilityCheck.failedConditions(of: p).isEmpty)
        let expected = [HallViolation(side: .mentors, members: [0, 1, 2], neighbours: [0], demand: 3, usable: 1),
                        HallViolation(side: .mentors, members: [3, 4, 5], neighbours: [1, 2], demand: 3, usable: 2)]
        #expect(try HallCondition.violations(of: p) == expected)
        let r = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .infeasible)
        #expect(r.hallViolations == expected)
        #expect(r.diagnostics.contains("3 mentors need at least 3 mentees but may only meet mentee 0 (total demand 3 > 1 usable)"), "\(r.diagnostics)")
        #expect(r.diagnostics.contains("3 mentors need at least 3 mentees but may only meet 2 mentees (total demand 3 > 2 usable)"), "\(r.diagnostics)")
    }

    @Test("a passed deadline skips the search with a note; a problem whose sizes do not fit throws")
    func deadlineAndValidation() throws {
        let p = try Self.twoDepartments()
        let late = try HallCondition.search(p, deadline: ContinuousClock.now.advanced(by: .seconds(-1)))
        #expect(late.violations.isEmpty && late.skipped?.contains("time limit") == true)
        var report = SolveReport(termination: Termination(.infeasible), solver: SolverIdentity(name: "x", version: "1"))
        report.explainInfeasibility(of: p, deadline: ContinuousClock.now.advanced(by: .seconds(-1)))
        #expect(report.hallViolations.isEmpty && report.diagnostics.contains { $0.hasPrefix("the search for people competing") })
        var bad = p
        bad.mentorLoad = [CountRange(min: 1, max: 1)]
        #expect(throws: MatchingError.self) { try HallCondition.violations(of: bad) }
        var outOfRange = p
        outOfRange.forbidden.insert(Pair(mentor: 9, mentee: 0))
        #expect(throws: MatchingError.self) { try HallCondition.violations(of: outOfRange) }
    }

    /// 2000 mentors who must each take exactly 5 mentees and 10000 mentees
    /// who must each get one mentor — except that mentees 0–5 may only meet
    /// mentor 0: six mentees share five places, and mentors 1–1999 need 9995
    /// mentees from the 9994 left.
    @Test("2000 × 10000: both sets found (time printed, not asserted)")
    func atScale() throws {
        let m = 2000, n = 10000
        var p = MatchingProblem(scores: try ScoreMatrix(mentors: m, mentees: n, values: ContiguousArray(repeating: 0, count: m * n)),
                                mentorLoad: CountRange(min: 5, max: 5), menteeDemand: CountRange(min: 1, max: 1))
        for j in 0..<6 { for i in 1..<m { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        let t0 = ContinuousClock.now
        let found = try HallCondition.search(p)
        print("Hall search 2000 × 10000: \(t0.duration(to: .now))")
        #expect(found.skipped == nil)
        #expect(found.violations == [
            HallViolation(side: .mentors, members: Array(1..<m), neighbours: Array(6..<n), demand: 9995, usable: 9994),
            HallViolation(side: .mentees, members: Array(0..<6), neighbours: [0], demand: 6, usable: 5),
        ])
    }
}

@Suite("Infeasibility named by its cause, one line each")
struct CauseLineTests {
    @Test("every pair excluded: one line, naming the pairs, not a total demand of 0")
    func noPairAllowed() async throws {
        var p = MatchingProblem(scores: ScoreMatrix(mentors: 3, mentees: 4) { i, j in Double(i + j) },
                                mentorLoad: CountRange(min: 1, max: 2), menteeDemand: CountRange(min: 1, max: 1))
        for i in 0..<3 { for j in 0..<4 { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        p.menteeAttributes["track"] = ["early", "early", "late", "late"]
        p.constraints = [.quota(attribute: "track", value: "early", count: CountRange(min: 2, max: .max))]
        let line = "no pair is allowed (all 12 mentor–mentee pairs are forbidden or excluded), but 4 mentees must be matched (mentee 0, mentee 1, mentee 2, mentee 3); 3 mentors must take a mentee (mentor 0, mentor 1, mentor 2); constraints[0] quota(track = early) in ≥ 2 needs at least 2 pairs"
        #expect(FeasibilityCheck.failedConditions(of: p) == [line])
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .infeasible && r.diagnostics == [line], "\(r.diagnostics)")
    }

    @Test("a quota above what the mentors allowed to its group can take is caught before solving, with the real shortfall")
    func quotaAboveMentorCapacity() async throws {
        var p = MatchingProblem(scores: ScoreMatrix(mentors: 4, mentees: 10) { i, j in Double((i * 3 + j) % 5) },
                                mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 0, max: 1))
        p.menteeAttributes["track"] = (0..<10).map { $0 < 8 ? "early" : "late" }
        p.constraints = [.quota(attribute: "track", value: "early", count: CountRange(min: 6, max: .max))]
        let line = "constraints[0] quota(track = early) in ≥ 6 needs at least 6 pairs, but the mentors allowed to mentees with track = early can take at most 4 of them (their capacities): short by 2"
        #expect(FeasibilityCheck.failedConditions(of: p) == [line])
    }

    @Test("two quotas that fit alone but not together: the network names the rule and the shortfall")
    func quotasTogether() async throws {
        var p = MatchingProblem(scores: ScoreMatrix(mentors: 4, mentees: 10) { i, j in Double((i * 3 + j) % 5) },
                                mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 0, max: 1))
        p.menteeAttributes["track"] = (0..<10).map { $0 < 5 ? "early" : "late" }
        p.constraints = [.quota(attribute: "track", value: "early", count: CountRange(min: 3, max: .max)),
                         .quota(attribute: "track", value: "late", count: CountRange(min: 3, max: .max))]
        #expect(FeasibilityCheck.failedConditions(of: p).isEmpty)
        let r = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .infeasible)
        // 4 mentors, 6 pairs needed: the second quota reaches 1 of its 3.
        #expect(r.diagnostics.contains("constraints[1] quota(track = late) in ≥ 3 needs at least 3 pairs, but the loads, demands, allowed pairs and other rules let its group have at most 1: short by 2"), "\(r.diagnostics)")
    }

    @Test("maxPerMentor with limit 0 against a minimum load: caught at once, in one line")
    func limitZero() async throws {
        var p = MatchingProblem(scores: ScoreMatrix(mentors: 3, mentees: 6) { i, j in Double(i * j % 4) },
                                mentorLoad: CountRange(min: 1, max: 2), menteeDemand: CountRange(min: 0, max: 1))
        p.menteeAttributes["department"] = ["a", "b", "a", "b", "c", "c"]
        p.constraints = [.maxPerMentor(attribute: "department", limit: 0)]
        let line = "constraints[0] maxPerMentor(department) ≤ 0 has limit 0, which allows no pair, but 3 mentors must take at least 1 each (mentor 0, mentor 1, mentor 2)"
        #expect(FeasibilityCheck.failedConditions(of: p) == [line])
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.detail == "a necessary condition fails" && r.diagnostics == [line], "\(r.diagnostics)")
        // A limit of 1 with two values allowed leaves mentors room for 2: no line.
        p.constraints = [.maxPerMentor(attribute: "department", limit: 1)]
        #expect(FeasibilityCheck.failedConditions(of: p).isEmpty)
    }

    @Test("a relaxed bound says which limit moves and to what")
    func relaxationLine() async throws {
        // Three mentors must each take a mentee; the only mentee takes one mentor.
        let p = MatchingProblem(scores: try ScoreMatrix(rows: [[1], [2], [3]]), mentorLoad: CountRange(min: 1, max: 1),
                                menteeDemand: CountRange(min: 0, max: 1))
        let lines = try await GLPKSolver().diagnose(IntegerProgram(matching: p), problem: p, options: SolveOptions(),
                                                    deadline: nil, started: .now)
        #expect(lines.contains("relax: mentee 0 gets 0…1 mentor(s): raise its maximum from 1 to 3"), "\(lines)")
        #expect(!lines.contains { $0.contains("(by ") }, "\(lines)")
    }
}
