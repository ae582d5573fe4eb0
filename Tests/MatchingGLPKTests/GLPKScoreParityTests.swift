import MatchingCore
import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

/// The `scoreParity` rule (each group's mean pair score within a margin of
/// the whole's) against brute force, through GLPK, the formulation's rows
/// and the automatic route.
@Suite("scoreParity rule")
struct GLPKScoreParityTests {
    /// Tiny problems with a scoreParity rule on `g` (three mentee values),
    /// with committees, minimum demands and loads, fixed and forbidden pairs,
    /// penalties, negative scores and both objectives, sometimes beside a
    /// matched-share parity or a quota.
    static var options: RandomProblems.Options {
        RandomProblems.Options.tiny.with {
            $0.mentees = 3...6
            $0.negativeChance = 20
            $0.menteeMinimumChance = 25
            $0.mentorMinimumChance = 25
            $0.fixedChance = 25
            $0.penaltyChance = 30
            $0.menteeAttributes = [.init("g", ["a", "b", "c"])]
            $0.mentorAttributes = [.init("g", ["a", "b"])]
            $0.rules = [
                .scoreParity("g", margins: [0, 0.5, 1, 2, 4]),
                .parity("g", margins: [0.25, 0.5], chance: 15),
                .quota("g", minimum: 0...1, maximum: 1...4, chance: 15),
            ]
        }
    }

    static func hasScoreParity(_ p: MatchingProblem) -> Bool {
        p.constraints.contains { if case .scoreParity = $0 { true } else { false } }
    }

    @Test("GLPK equals brute force on seeded problems with a scoreParity rule; every matching passes the validator, and the rule binds in some",
          arguments: 0..<4)
    func againstBruteForce(_ batch: Int) async throws {
        var counts = (optimal: 0, infeasible: 0, binding: 0)
        for seed in UInt64(9_000 + batch * 40)..<UInt64(9_000 + batch * 40 + 40) {
            let p = RandomProblems.make(seed: seed, Self.options)
            try p.validate()
            #expect(Self.hasScoreParity(p), "seed \(seed)")
            let expected = BruteForce.solve(p)
            let r = try await GLPKSolver().solve(p, options: SolveOptions())
            switch expectBruteForceAgreement(r, expected, on: p, seed: seed) {
            case .infeasible: counts.infeasible += 1; continue
            case nil: continue
            case .optimal: counts.optimal += 1
            }
            guard let expected else { continue }
            // Without the rule the optimum is better on some seeds: the rule is really enforced.
            var free = p
            free.constraints.removeAll { if case .scoreParity = $0 { true } else { false } }
            if let unruled = BruteForce.solve(free), unruled.objective > expected.objective + 1e-9 || unruled.worstOutcome > expected.worstOutcome + 1e-9 {
                counts.binding += 1
            }
        }
        #expect(counts.optimal >= 15 && counts.binding >= 3, "\(counts)")
    }

    @Test("the automatic route equals brute force on problems with side rules (scoreParity, parity, crossShare, separations), both objectives, whether the network relaxation answers or GLPK does", arguments: 0..<2)
    func autoAgainstBruteForce(_ batch: Int) async throws {
        let options = Self.options.with {
            $0.separationChance = 30
            $0.rules = [
                .scoreParity("g", margins: [0.5, 2, 6], chance: 60),
                .parity("g", margins: [0.25, 0.5], chance: 30),
                .crossShare("g", shares: [0.5], chance: 30),
            ]
        }
        let auto = AutoSolver(integerProgram: GLPKSolver())
        var routes = (network: 0, integerProgram: 0)
        for seed in UInt64(9_700 + batch * 40)..<UInt64(9_700 + batch * 40 + 40) {
            let p = RandomProblems.make(seed: seed, options)
            guard p.shape.integerProgramReason != nil else { continue }
            let r = try await auto.solve(p, options: SolveOptions())
            guard expectBruteForceAgreement(r, BruteForce.solve(p), on: p, seed: seed) == .optimal else { continue }
            if r.solver.name == NetworkFlowSolver.identity.name { routes.network += 1 } else { routes.integerProgram += 1 }
        }
        #expect(routes.network >= 3 && routes.integerProgram >= 3, "\(routes)")
    }

    @Test("the score-parity Lagrangian heuristic: every matching it returns keeps every rule and is no better than the optimum; it finds one on most problems that have one")
    func lagrangianHeuristic() async throws {
        let options = Self.options.with { $0.maxMinChance = 0; $0.separationChance = 0; $0.rules = [.scoreParity("g", margins: [0.5, 1, 2, 4])] }
        var counts = (feasible: 0, found: 0)
        for seed in UInt64(9_900)..<UInt64(9_960) {
            let p = RandomProblems.make(seed: seed, options)
            guard let expected = BruteForce.solve(p) else { continue }
            counts.feasible += 1
            let r = try await ScoreParityLagrangian().solve(p, options: SolveOptions())
            #expect(r.termination.reason == .feasible || r.termination.reason == .noSolutionFound, "seed \(seed): \(r.termination)")
            guard let m = r.matching, let objective = r.objective else { continue }
            counts.found += 1
            #expect(MatchingValidator.check(m, against: p).isFeasible && objective <= expected.objective + 1e-9, "seed \(seed)")
        }
        #expect(counts.feasible >= 30 && Double(counts.found) >= 0.8 * Double(counts.feasible), "\(counts)")
    }

    @Test("every feasible matching of seeded problems satisfies the linearisation's rows with the column values it implies (no matching is cut off)")
    func noFeasibleMatchingIsCutOff() throws {
        var checked = 0
        for seed in UInt64(9_500)..<UInt64(9_540) {
            let p = RandomProblems.make(seed: seed, Self.options)
            let program = IntegerProgram(matching: p)
            BruteForce.forEachFeasibleMatching(of: p) { matching, _ in
                let x = program.columnValues(for: matching, in: p)
                for c in 0..<program.columnCount {
                    #expect(x[c] >= program.columnLower[c] - 1e-9 && x[c] <= program.columnUpper[c] + 1e-9,
                            "seed \(seed): column \(c) (\(program.columnOrigin[c])) = \(x[c])")
                }
                for r in 0..<program.rowCount {
                    var activity = 0.0
                    for k in program.rowStart[r]..<program.rowStart[r + 1] { activity += program.entryValue[k] * x[Int(program.entryColumn[k])] }
                    let scale = 1e-9 * Swift.max(1, abs(activity))
                    #expect(activity >= program.rowLower[r] - scale && activity <= program.rowUpper[r] + scale,
                            "seed \(seed): row \(r) (\(program.rowOrigin[r])) = \(activity) outside \(program.rowLower[r])…\(program.rowUpper[r]) for \(matching.pairs)")
                }
                checked += 1
            }
        }
        #expect(checked > 100, "\(checked) matchings checked")
    }

    /// Four mentees, two per group; two mentors of capacity 1. Group a's pairs score 9, group b's 1.
    static let twoGroups = MatchingProblem(
        scores: try! ScoreMatrix(rows: [[9, 9, 1, 1], [9, 9, 1, 1]]), mentorLoad: CountRange(min: 0, max: 1),
        menteeDemand: CountRange(min: 0, max: 1), menteeAttributes: ["g": ["a", "a", "b", "b"]],
        constraints: [.scoreParity(attribute: "g", margin: 2)])

    @Test("the validator measures each group's mean pair score and names the group; a group with no pair has no mean")
    func validatorNamesTheGroup() throws {
        let p = Self.twoGroups
        let mixed = Matching(pairs: [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 2)])   // means 9 and 1 against 5
        let check = MatchingValidator.check(mixed, against: p)
        #expect(check.violations.map(\.description) == [
            "scoreParity: constraints[0] scoreParity(g) within ±2.0 points: g = a has a mean pair score 9.0 against 5.0 overall",
            "scoreParity: constraints[0] scoreParity(g) within ±2.0 points: g = b has a mean pair score 1.0 against 5.0 overall",
        ])
        let oneGroup = Matching(pairs: [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 1)])
        #expect(MatchingValidator.check(oneGroup, against: p).isFeasible)
        // Written out by hand: a blank value is a group of its own; a mentee with demand maximum 0 is not counted.
        var q = MatchingProblem(scores: try ScoreMatrix(rows: [[10, 6, 2, 9], [8, 4, 3, 1]]), mentorLoad: CountRange(min: 0, max: 2),
                                menteeDemand: CountRange(min: 0, max: 1), menteeAttributes: ["g": ["a", "", "a", "b"]],
                                constraints: [.scoreParity(attribute: "g", margin: 1.5)])
        q.menteeDemand[3] = CountRange(min: 0, max: 0)
        // Pairs 10 (a), 4 (blank), 2 (a): means a 6, blank 4, whole 16/3; |6 − 5.33| = 0.67 and |4 − 5.33| = 1.33 are within 1.5.
        let within = Matching(pairs: [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 1), Pair(mentor: 0, mentee: 2)])
        #expect(MatchingValidator.check(within, against: q).isFeasible)
        // Pairs 10 (a), 3 (a), 6 (blank): means a 6.5, blank 6, whole 19/3 — within; then 10, 4 alone: a 10, blank 4, whole 7 — 3 off.
        #expect(MatchingValidator.check(Matching(pairs: [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 2), Pair(mentor: 0, mentee: 1)]), against: q).isFeasible)
        let apart = MatchingValidator.check(Matching(pairs: [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 1)]), against: q)
        #expect(apart.violations.map { $0.message } == [
            "constraints[0] scoreParity(g) within ±1.5 points: g =  has a mean pair score 4.0 against 7.0 overall",
            "constraints[0] scoreParity(g) within ±1.5 points: g = a has a mean pair score 10.0 against 7.0 overall",
        ], "\(apart.violations)")
    }

    @Test("GLPK holds the rule: the best matching leaves group b out rather than mix means 9 and 1; with b owed a pair, a goes without; a margin of 4 lets them mix")
    func leavesAGroupOut() async throws {
        let r = try await GLPKSolver().solve(Self.twoGroups, options: SolveOptions())
        #expect(r.termination.reason == .optimal && r.objective == 18, "\(r.termination) \(String(describing: r.objective))")
        // Mentee 2 must be matched (demand 1): now group b has a pair, so a's pairs may not stay at 9 beside it within ±2 …
        var forced = Self.twoGroups
        forced.menteeDemand[2] = CountRange(min: 1, max: 1)
        let f = try await GLPKSolver().solve(forced, options: SolveOptions())
        // … so the other pair goes to group b too: a has no pair, b's mean 1 is the whole's. Total 2.
        #expect(f.termination.reason == .optimal && f.objective == 2 && f.matching?.pairs.count == 2, "\(f.termination) \(String(describing: f.objective))")
        #expect(BruteForce.solve(forced)?.objective == 2)
        var wide = forced
        wide.constraints = [.scoreParity(attribute: "g", margin: 4)]
        let w = try await GLPKSolver().solve(wide, options: SolveOptions())
        #expect(w.objective == 10 && BruteForce.solve(wide)?.objective == 10, "\(String(describing: w.objective))")
    }

    @Test("an infeasible program is diagnosed by the elastic re-solve naming the scoreParity rule, before any person's demand")
    func infeasibilityNamesTheRule() async throws {
        // Every mentee must be matched: groups a (9) and b (1) both have pairs, means 9 and 1 against 5, margin 2.
        var p = Self.twoGroups
        p.mentorLoad = [CountRange(min: 0, max: 2), CountRange(min: 0, max: 2)]
        p.menteeDemand = Array(repeating: CountRange(min: 1, max: 1), count: 4)
        #expect(BruteForce.solve(p) == nil)
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .infeasible, "\(r.termination)")
        #expect(r.diagnostics.contains { $0.contains("constraints[0] scoreParity(g) within ±2.0 points") }, "\(r.diagnostics)")
        // In the rule's terms: every mentee matched, group means 9 and 1 against 5: a margin of 4.
        #expect(r.diagnostics.contains { $0.contains("widen its margin from 2 to 4 points") }, "\(r.diagnostics)")
        var relaxed = p
        relaxed.constraints = []
        #expect(BruteForce.solve(relaxed) != nil)
    }

    @Test("a warm start is offered with the linearisation's values, and GLPK accepts it")
    func warmStart() async throws {
        var p = Self.twoGroups
        p.constraints = [.scoreParity(attribute: "g", margin: 4)]
        var options = SolveOptions()
        options.warmStart = Matching(pairs: [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 2)])
        let r = try await GLPKSolver(presolve: false).solve(p, options: options)
        #expect(r.termination.reason == .optimal && r.objective == 18, "\(r.termination) \(String(describing: r.objective))")
        #expect(!r.diagnostics.contains { $0.contains("warm start ignored") }, "\(r.diagnostics)")
    }

    @Test("the automatic route: a scoreParity rule the network optimum keeps is proven by the network relaxation; one that binds goes to the integer program; the heuristics refuse it by name")
    func routing() async throws {
        let p = Self.twoGroups
        #expect(p.shape.kind == .integerProgram && p.shape.heuristicRefusal?.contains("constraints[0] (scoreParity(g) within ±2.0 points)") == true,
                "\(String(describing: p.shape.heuristicRefusal))")
        let auto = AutoSolver(integerProgram: GLPKSolver(), largeIntegerProgram: GLPKColumnGenerationSolver(), largeAbove: 1)
        // The optimum without the rule matches group a only (18): it keeps the rule, so it is the answer, proven.
        let r = try await auto.solve(p, options: SolveOptions())
        #expect(r.solver.name == NetworkFlowSolver.identity.name && r.termination.reason == .optimal && r.objective == 18 && r.bound == 18,
                "\(r.solver) \(r.termination)")
        #expect(r.termination.detail.contains("the optimum without constraints[0] (scoreParity(g) within ±2.0 points) keeps them"), "\(r.termination.detail)")
        let duals = try #require(r.duals)
        #expect(abs(DualBound.bound(of: p, duals: duals) - 18) < 1e-9)
        // Mentee 2 owed a mentor: the relaxation's optimum (9 + 1) breaks the rule, and GLPK answers (2).
        var binding = p
        binding.menteeDemand[2] = CountRange(min: 1, max: 1)
        let b = try await auto.solve(binding, options: SolveOptions())
        #expect(b.solver.name == GLPKSolver.identity.name && b.termination.reason == .optimal && b.objective == 2, "\(b.solver) \(b.termination)")
        await #expect(throws: MatchingError.self) { _ = try await LagrangianHeuristic().solve(p, options: SolveOptions()) }
    }

    @Test("scores in the hundreds of thousands: the rows are normalised, so GLPK solves them (its simplex failed on raw scores)")
    func largeScores() async throws {
        let p = MatchingProblem(scores: try ScoreMatrix(rows: [[100_000, 100_002], [100_001, 100_007]]), mentorLoad: CountRange(min: 0, max: 2),
                                menteeDemand: CountRange(min: 1, max: 1), menteeAttributes: ["g": ["a", "b"]],
                                constraints: [.scoreParity(attribute: "g", margin: 2)])
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        let expected = try #require(BruteForce.solve(p))
        #expect(r.termination.reason == .optimal && abs((r.objective ?? 0) - expected.objective) < 1e-6, "\(r.termination) \(String(describing: r.objective)) against \(expected.objective)")
        #expect(MatchingValidator.check(try #require(r.matching), against: p).isFeasible)
    }

    @Test("huge negative 'never' scores are refused under a scoreParity rule, naming it: their stand-ins keep the best matchings, not the means")
    func sentinelsRefused() async throws {
        let p = MatchingProblem(scores: try ScoreMatrix(rows: [[-1e9, 12, 30], [-1e9, 40, 25]]), mentorLoad: CountRange(min: 0, max: 2),
                                menteeDemand: CountRange(min: 1, max: 1), menteeAttributes: ["g": ["a", "b", "b"]],
                                constraints: [.scoreParity(attribute: "g", margin: 100)])
        do {
            _ = try await GLPKSolver().solve(p, options: SolveOptions())
            Issue.record("solved")
        } catch let e as MatchingError {
            #expect(e.code == .invalidProblem && e.message.hasPrefix("constraints[0] scoreParity(g) within ±100.0 points: 2 allowed pair(s) score as low as -1000000000.0"), "\(e.message)")
        }
    }

    @Test("a negative margin is refused naming the rule")
    func negativeMargin() {
        var p = Self.twoGroups
        p.constraints = [.scoreParity(attribute: "g", margin: -1)]
        #expect(throws: MatchingError.self) { try p.validate() }
    }
}
