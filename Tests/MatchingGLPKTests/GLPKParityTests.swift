import MatchingCore
import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

/// The `parity` rule (each group's matched share within a margin of the
/// whole's) against brute force, through GLPK and the automatic route.
@Suite("parity rule")
struct GLPKParityTests {
    /// Tiny problems with a parity rule on `g` (three values on the mentee
    /// side, so groups of one to three), sometimes beside other rules.
    static var options: RandomProblems.Options {
        RandomProblems.Options.tiny.with {
            $0.mentees = 3...6
            $0.menteeAttributes = [.init("g", ["a", "b", "c"])]
            $0.mentorAttributes = [.init("g", ["a", "b"])]
            $0.rules = [
                .parity("g", margins: [0, 0.1, 0.25, 0.5]),
                .quota("g", minimum: 0...1, maximum: 1...4, chance: 20),
                .crossShare("g", shares: [0.5], chance: 15),
            ]
        }
    }

    @Test("GLPK equals brute force on seeded problems with a parity rule; every matching passes the validator, and the rule binds in some", arguments: 0..<4)
    func againstBruteForce(_ batch: Int) async throws {
        var counts = (optimal: 0, infeasible: 0, binding: 0)
        for seed in UInt64(5_000 + batch * 50)..<UInt64(5_000 + batch * 50 + 50) {
            let p = RandomProblems.make(seed: seed, Self.options)
            try p.validate()
            #expect(p.constraints.contains { if case .parity = $0 { true } else { false } }, "seed \(seed)")
            let expected = BruteForce.solve(p)
            let r = try await GLPKSolver().solve(p, options: SolveOptions())
            switch expectBruteForceAgreement(r, expected, on: p, seed: seed) {
            case .infeasible: counts.infeasible += 1; continue
            case nil: continue
            case .optimal: counts.optimal += 1
            }
            guard let expected else { continue }
            // Without the rule the optimum is higher (or the problem feasible) on some seeds: the rule is really enforced.
            var free = p
            free.constraints.removeAll { if case .parity = $0 { true } else { false } }
            if let unruled = BruteForce.solve(free), unruled.objective > expected.objective + 1e-9 { counts.binding += 1 }
        }
        #expect(counts.optimal >= 20 && counts.binding >= 3, "\(counts)")
    }

    @Test("the validator measures each group's matched share: a matching that leaves one group out fails, naming the group")
    func validatorNamesTheGroup() throws {
        // Four mentees, two per group; two mentors of capacity 1: matching both "a" mentees gives a 100 % / 0 % split.
        let p = MatchingProblem(scores: try ScoreMatrix(rows: [[9, 8, 1, 1], [8, 9, 1, 1]]), mentorLoad: CountRange(min: 0, max: 1),
                                menteeDemand: CountRange(min: 0, max: 1), menteeAttributes: ["g": ["a", "a", "b", "b"]],
                                constraints: [.parity(attribute: "g", margin: 0.25)])
        let skewed = Matching(pairs: [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 1)])
        let check = MatchingValidator.check(skewed, against: p)
        #expect(check.violations.contains { $0.rule == "parity" && $0.message.contains("g = b has a matched share 0.0 against 0.5 overall") }, "\(check.violations)")
        let even = Matching(pairs: [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 2)])
        #expect(MatchingValidator.check(even, against: p).isFeasible)
    }

    @Test("a margin no count of matched mentees can meet is found by counting, in one line, before any search")
    func countingShortfall() async throws {
        // Three mentors who must each take one mentee; groups of 3 and 4 mentees; equal shares need 3·k/7 whole.
        let p = MatchingProblem(scores: ScoreMatrix(mentors: 3, mentees: 7) { i, j in Double(i + j) }, mentorLoad: CountRange(min: 1, max: 1),
                                menteeDemand: CountRange(min: 0, max: 1), menteeAttributes: ["g": ["a", "a", "a", "b", "b", "b", "b"]],
                                constraints: [.parity(attribute: "g", margin: 0)])
        let line = "constraints[0] parity(g) within ±0.0: no number of matched mentees from 3 to 3 (what the loads and demands allow) gives every group (a 3, b 4) a matched share within 0.0 of the whole's: widen the margin"
        #expect(FeasibilityCheck.failedConditions(of: p) == [line])
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .infeasible && r.diagnostics.contains(line), "\(r.diagnostics)")
        #expect(BruteForce.solve(p) == nil)
        var wider = p
        wider.constraints = [.parity(attribute: "g", margin: 0.1)]   // 1 of 3 and 2 of 4: 0.33 and 0.5 against 0.43
        #expect(FeasibilityCheck.failedConditions(of: wider).isEmpty && BruteForce.solve(wider) != nil)
    }

    @Test("the automatic route sends a parity rule to the integer program; the heuristics refuse it by name")
    func routing() async throws {
        let p = MatchingProblem(scores: try ScoreMatrix(rows: [[9, 8, 1, 1], [8, 9, 1, 1]]), mentorLoad: CountRange(min: 0, max: 1),
                                menteeDemand: CountRange(min: 0, max: 1), menteeAttributes: ["g": ["a", "a", "b", "b"]],
                                constraints: [.parity(attribute: "g", margin: 0)])
        #expect(p.shape.kind == .integerProgram && p.shape.heuristicRefusal?.contains("constraints[0] (parity(g) within ±0.0)") == true)
        let auto = AutoSolver(integerProgram: GLPKSolver(), largeIntegerProgram: GLPKColumnGenerationSolver(), largeAbove: 1)
        let r = try await auto.solve(p, options: SolveOptions())
        #expect(r.solver.name == GLPKSolver.identity.name && r.termination.reason == .optimal, "\(r.solver) \(r.termination)")
        // Margin 0: one "a" and one "b" mentee matched, the best such pair total 9 + 1.
        #expect(r.objective == 10, "\(String(describing: r.objective))")
        await #expect(throws: MatchingError.self) { _ = try await LagrangianHeuristic().solve(p, options: SolveOptions()) }
    }
}
