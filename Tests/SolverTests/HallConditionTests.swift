import Foundation
import MatchingCore
import MatchingGLPK
import MatchingIO
import MatchingSolvers
import MatchingTestSupport
import Testing

@Suite("Infeasibility named by a Hall set, one line per cause")
struct HallConditionTests {
    @Test("the shared 2x2 case: mentee 1 is forbidden to everyone, two mentors share one usable mentee", arguments: ["auto", "hungarian", "glpk"])
    func twoByTwo(_ name: String) async throws {
        let p = try ProblemFile.read(path: packageRoot.appendingPathComponent("Fixtures/cases/hall-infeasibility/problem-2x2.json").path)
        let solver = solver(named: name)
        let r = try await solver.solve(p, options: SolveOptions())
        #expect(r.termination.reason == .infeasible)
        #expect(r.diagnostics.contains("mentee 1 is forbidden to every mentor"), "\(r.diagnostics)")
        #expect(r.diagnostics.contains("2 mentors need at least 2 mentees but may only meet mentee 0 (total demand 2 > 1 usable)"), "\(r.diagnostics)")
        #expect(r.hallViolations == [HallViolation(side: .mentors, members: [0, 1], neighbours: [0], demand: 2, usable: 1)])
    }

    /// 400 mentors and 300 mentees: mentors 0–299 must each take one mentee
    /// but may only meet mentees 0–149; mentors 300–399 (no minimum) may meet
    /// anyone. Every cheap count passes; the network proves it infeasible.
    static func crowded() throws -> MatchingProblem {
        let m = 400, n = 300
        var p = MatchingProblem(scores: ScoreMatrix(mentors: m, mentees: n) { i, j in Double((i * 7 + j * 3) % 11) })
        p.mentorLoad = (0..<m).map { $0 < 300 ? CountRange(min: 1, max: 1) : CountRange(min: 0, max: 1) }
        for i in 0..<300 { for j in 150..<n { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        return p
    }

    @Test("300 mentors who may only meet the same 150 mentees: one line with the counts, infeasibility proven")
    func atScale() async throws {
        let p = try Self.crowded()
        #expect(FeasibilityCheck.failedConditions(of: p).isEmpty)
        for solver in [AutoSolver(integerProgram: GLPKSolver()), NetworkFlowSolver()] as [any MatchingSolver] {
            let r = try await solver.solve(p, options: SolveOptions())
            #expect(r.termination.reason == .infeasible, "\(r.termination)")
            let line = "300 mentors need at least 300 mentees but may only meet 150 mentees (total demand 300 > 150 usable)"
            #expect(r.diagnostics.contains(line), "\(r.diagnostics)")
            // Aggregated: no per-mentor headline, and the elastic search (which names nothing here) did not run.
            #expect(r.diagnostics.count <= 3, "\(r.diagnostics)")
            #expect(!r.diagnostics.contains { $0.contains("the search for the rules to relax") }, "\(r.diagnostics)")
            let v = try #require(r.hallViolations.first)
            #expect(v.side == .mentors && v.members == Array(0..<300) && v.neighbours == Array(0..<150))
        }
    }

    @Test("a set is only reported when its demand exceeds what its neighbours can give")
    func noFalseSets() throws {
        // Feasible: two mentors, two usable mentees.
        var p = MatchingProblem(scores: try ScoreMatrix(rows: [[1, 2, 3], [3, 2, 1]]), mentorLoad: CountRange(min: 1, max: 1))
        p.forbidden = [Pair(mentor: 0, mentee: 2), Pair(mentor: 1, mentee: 2)]
        #expect(try HallCondition.violations(of: p).isEmpty)
        // A mentee who needs two mentors, with only one allowed.
        var q = MatchingProblem(scores: try ScoreMatrix(rows: [[1, 2], [3, 2]]))
        q.menteeDemand = [CountRange(min: 2, max: 2), CountRange(min: 0, max: 1)]
        q.forbidden = [Pair(mentor: 1, mentee: 0)]
        #expect(try HallCondition.violations(of: q) == [HallViolation(side: .mentees, members: [0], neighbours: [0], demand: 2, usable: 1)])
    }
}

@Suite("Tied scores with a minimum load")
struct TiedScoresTests {
    @Test("a zero matrix with minimum load 1 is 0, optimal, on the candidate-and-pricing path and densely",
          arguments: [(170, 300), (400, 600), (3, 2)])
    func zeros(_ size: (Int, Int)) async throws {
        let (m, n) = size
        let p = MatchingProblem(scores: try ScoreMatrix(mentors: m, mentees: n, values: ContiguousArray(repeating: 0, count: m * n)),
                                mentorLoad: CountRange(min: 1, max: 1), menteeDemand: CountRange(min: 0, max: 1))
        for solver in [NetworkFlowSolver(), NetworkFlowSolver(pricingAbove: .max)] {
            let r = try await solver.solve(p, options: SolveOptions())
            if m > n {
                #expect(r.termination.reason == .infeasible)
                continue
            }
            #expect(r.termination.reason == .optimal, "\(r.termination)")
            #expect(r.objective == 0 && r.bound == 0)
            let matching = try #require(r.matching)
            #expect(MatchingValidator.check(matching, against: p).isFeasible)
            #expect(matching.count == m)
        }
    }
}
