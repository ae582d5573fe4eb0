import MatchingCore
import MatchingGLPK
import MatchingTestSupport
import Testing

@Suite("GLPK against brute force")
struct GLPKBruteForceTests {
    @Test("hundreds of seeded tiny problems: same status, optimum and worst outcome", arguments: 0..<10)
    func tinyProblems(_ batch: Int) async throws {
        var counts = (optimal: 0, infeasible: 0, maxMin: 0)
        for seed in UInt64(batch * 60)..<UInt64(batch * 60 + 60) {
            let p = RandomProblems.make(seed: seed, .tiny)
            try p.validate()
            let expected = BruteForce.solve(p)
            let r = try await GLPKSolver().solve(p, options: SolveOptions())
            if let expected {
                #expect(r.termination.reason == .optimal, "seed \(seed): \(r.termination)")
                guard let matching = r.matching, let objective = r.objective else {
                    Issue.record("seed \(seed): no matching; expected \(expected.objective)")
                    continue
                }
                let check = MatchingValidator.check(matching, against: p)
                #expect(check.isFeasible, "seed \(seed): \(check.violations)")
                #expect(abs(check.objective - objective) < 1e-9, "seed \(seed)")
                #expect(abs(objective - expected.objective) < 1e-6, "seed \(seed): glpk \(objective), brute force \(expected.objective)")
                if p.objective == .maxMin {
                    #expect(check.worstOutcome == expected.worstOutcome, "seed \(seed): worst outcome")
                    counts.maxMin += 1
                }
                #expect(r.bound.map { abs($0 - objective) < 1e-6 } == true, "seed \(seed): bound \(String(describing: r.bound))")
                counts.optimal += 1
            } else {
                #expect(r.termination.reason == .infeasible, "seed \(seed): brute force finds no matching, glpk says \(r.termination)")
                #expect(!r.diagnostics.isEmpty, "seed \(seed): infeasible without diagnostics")
                counts.infeasible += 1
            }
        }
        // Both outcomes and both objectives must really be exercised.
        #expect(counts.optimal >= 15 && counts.infeasible >= 3 && counts.maxMin >= 5, "\(counts)")
    }

    @Test("the elastic diagnosis names rules whose relaxation restores feasibility")
    func diagnosisIsActionable() async throws {
        // Two mentees must each get a mentor from group "a", but the one such mentor takes one mentee.
        let p = MatchingProblem(
            scores: try ScoreMatrix(rows: [[3, 4], [5, 6]]),
            mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 1, max: 1),
            mentorAttributes: ["g": ["a", "b"]], menteeAttributes: ["g": ["x", "x"]],
            constraints: [.composition(attribute: "g", value: "a", count: CountRange(min: 1, max: 1))])
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .infeasible)
        #expect(r.diagnostics.contains { $0.contains("composition(g = a)") }, "\(r.diagnostics)")
    }

    @Test("necessary conditions are stated in users' terms")
    func necessaryConditions() async throws {
        var p = MatchingProblem(scores: try ScoreMatrix(rows: [[1, 2, 3]]), mentorLoad: CountRange(min: 0, max: 2),
                                menteeDemand: CountRange(min: 1, max: 1))
        p.forbidden = [Pair(mentor: 0, mentee: 1)]
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .infeasible)
        #expect(r.diagnostics.contains("mentee 1 must be matched but has no allowed mentor"))
        #expect(r.diagnostics.contains("mentors' total capacity 2 is below the mentees' minimum demand 3"))
    }
}
