import BenchmarkInstances
import Foundation
import MatchingCore
import MatchingSolvers
import MatchingTestSupport
import Testing

@Suite("Pricing solver (candidate pairs, then pricing every pair)")
struct PricingTests {
    /// Few candidates at first, so that pricing must add pairs.
    let stingy = CandidatePricingSolver(candidatesPerMentee: 1, candidatesPerMentor: 0, addedPerMentorPerRound: 2, blockValues: 64)

    func expectDenseOptimum(_ p: MatchingProblem, solver: CandidatePricingSolver, _ label: String) async throws -> SolveReport? {
        try p.validate()
        let dense = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        let streamed = try await solver.solve(try StreamedMatchingProblem(p))
        let r = streamed
        guard dense.termination.reason == .optimal else {
            #expect(r.termination.reason != .optimal, "\(label): the dense solver says \(dense.termination), the streamed one found a matching")
            return nil
        }
        #expect(r.termination.reason == .optimal, "\(label): \(r.termination)")
        guard let matching = r.matching, let objective = r.objective else { return nil }
        let check = MatchingValidator.check(matching, against: p)
        #expect(check.isFeasible, "\(label): \(check.violations)")
        #expect(abs(check.objective - objective) < 1e-6, "\(label): reported \(objective), validator \(check.objective)")
        #expect(abs(objective - dense.objective!) < 1e-6, "\(label): streamed \(objective), dense \(dense.objective!)")
        #expect(abs(r.bound! - objective) < 1e-6, "\(label): bound \(r.bound!) vs objective \(objective)")
        #expect(r.termination.detail.hasPrefix("proven optimal"), "\(label): \(r.termination.detail)")
        // The duals alone, checked by the independent bound over the dense problem: every proof carries them.
        let duals = try #require(r.duals, "\(label): an optimal streamed result without its duals")
        #expect(abs(DualBound.bound(of: p, duals: duals) - objective) < 1e-6, "\(label): dense dual bound")
        return streamed
    }

    @Test("tied scores with minimum loads: the shortlists spread over the tied mentees, so the first candidates meet every minimum (one round, under a tenth of the pairs), and the optimum is the dense one, proven")
    func tiesSpreadOverTheMentees() async throws {
        // All-zero 400 × 600, every mentor exactly one mentee; 1–5 ratings 300 × 1,000, loads 1…3.
        var g = SplitMix64(seed: 5)
        let cases: [(String, MatchingProblem)] = [
            ("all-zero 400 × 600, loads 1:1", MatchingProblem(scores: ScoreMatrix(mentors: 400, mentees: 600) { _, _ in 0 },
                                                               mentorLoad: CountRange(min: 1, max: 1), menteeDemand: CountRange(min: 0, max: 1))),
            ("1–5 ratings 300 × 1,000, loads 1:3", MatchingProblem(scores: ScoreMatrix(mentors: 300, mentees: 1_000) { _, _ in Double(1 + g.below(5)) },
                                                                    mentorLoad: CountRange(min: 1, max: 3), menteeDemand: CountRange(min: 0, max: 1))),
        ]
        let solver = CandidatePricingSolver()
        for (label, p) in cases {
            let r = try #require(try await expectDenseOptimum(p, solver: solver, label))
            // Before the spread, ties sent every shortlist to the lowest-numbered mentees: the mentors left
            // short got their whole rows (238,209 of 240,000 pairs for the all-zero case) and searched them all (190,714 of 300,000 for the ratings).
            #expect(r.statistics.pricingRounds == 1, "\(label): \(String(describing: r.statistics.pricingRounds)) rounds")
            #expect((r.statistics.candidatePairs ?? .max) * 10 <= p.mentorCount * p.menteeCount, "\(label): \(String(describing: r.statistics.candidatePairs)) candidate pairs")
        }
    }

    @Test("random problems: the dense optimum, proven, even from one candidate per mentee", arguments: 0..<6)
    func againstDense(_ batch: Int) async throws {
        var multiRound = 0, solved = 0
        for seed in UInt64(batch * 20)..<UInt64(batch * 20 + 20) {
            let p = RandomProblems.make(seed: seed, .streamableRules(maxPerMentor: seed % 2 == 1, quotas: false).with {
                $0.mentors = 2...15
                $0.mentees = 3...42
            })
            for solver in [stingy, CandidatePricingSolver()] {
                if let r = try await expectDenseOptimum(p, solver: solver, "seed \(seed) \(p.mentorCount)x\(p.menteeCount)") {
                    solved += 1
                    if r.statistics.rounds.count > 1 { multiRound += 1 }
                }
            }
        }
        #expect(solved >= 25, "solved \(solved)")
        #expect(multiRound >= 5, "pricing added pairs in \(multiRound) solves")
    }

    @Test("random problems with quotas (minimums and maximums) on one mentee attribute: the dense optimum, proven", arguments: 0..<4)
    func quotasAgainstDense(_ batch: Int) async throws {
        var solved = 0, infeasible = 0
        for seed in UInt64(500 + batch * 20)..<UInt64(500 + batch * 20 + 20) {
            let p = RandomProblems.make(seed: seed, .streamableRules(maxPerMentor: seed % 2 == 0, quotas: true).with {
                $0.mentors = 2...13
                $0.mentees = 4...39
            })
            try p.validate()
            let dense = try await NetworkFlowSolver(pricingAbove: .max).solve(p, options: SolveOptions())
            if dense.termination.reason == .infeasible { infeasible += 1 }
            for solver in [stingy, CandidatePricingSolver()] {
                if try await expectDenseOptimum(p, solver: solver, "seed \(seed) \(p.mentorCount)x\(p.menteeCount) quotas") != nil { solved += 1 }
            }
        }
        #expect(solved >= 30, "solved \(solved), infeasible \(infeasible)")
    }

    @Test("benchmark families DIV and DIV-TU: the dense optimum with pricing rounds", arguments: [
        (BenchmarkFamily.div, 30, 150), (BenchmarkFamily.div, 60, 300), (BenchmarkFamily.divTU, 40, 200),
    ])
    func families(_ family: BenchmarkFamily, _ m: Int, _ n: Int) async throws {
        let p = family.problem(mentors: m, mentees: n)
        let solver = CandidatePricingSolver(candidatesPerMentee: 2, candidatesPerMentor: 0, blockValues: 1000)
        let r = try #require(try await expectDenseOptimum(p, solver: solver, "\(family) \(m)x\(n)"))
        #expect(r.statistics.rounds.count > 1)
        #expect(r.statistics.rounds.last!.improving == 0)
        #expect(r.statistics.blockBytes! <= 1000 * 8 + n * 8)
    }

    @Test("the same input gives the same matching")
    func deterministic() async throws {
        let p = BenchmarkFamily.div.problem(mentors: 40, mentees: 200)
        let a = try await stingy.solve(try StreamedMatchingProblem(p))
        let b = try await stingy.solve(try StreamedMatchingProblem(p))
        #expect(a.matching == b.matching)
        #expect(a.statistics.rounds.map(\.candidates) == b.statistics.rounds.map(\.candidates))
        #expect(a.statistics.rounds.map(\.bound) == b.statistics.rounds.map(\.bound))
    }

    @Test("rules a streamed problem cannot hold are refused, naming the rule")
    func refuses() throws {
        var p = BenchmarkFamily.div.problem(mentors: 4, mentees: 10)
        p.constraints.append(.maxPerMentor(attribute: p.menteeAttributes.keys.first!, limit: 1))
        #expect(throws: MatchingError.self) { try StreamedMatchingProblem(p).validate() }
        var q = MatchingProblem(scores: ScoreMatrix(mentors: 2, mentees: 2) { _, _ in 1 })
        q.menteeDemand[1] = CountRange(min: 1, max: 1)
        do {
            try StreamedMatchingProblem(q).validate()
            Issue.record("a mentee minimum was accepted")
        } catch let error as MatchingError {
            #expect(error.code == .unsupported && error.message.contains("mentee 1"))
        }
    }

    @Test("a fixed pair the scores forbid, and a minimum load no one can meet, are infeasible results")
    func infeasible() async throws {
        var p = MatchingProblem(scores: ScoreMatrix(mentors: 2, mentees: 3) { i, j in Double(i + j) })
        let source = DenseScoreSource(p.scores, forbidden: [Pair(mentor: 0, mentee: 1)])
        var s = StreamedMatchingProblem(source: source, mentorLoad: p.mentorLoad, menteeDemand: p.menteeDemand,
                                        fixed: [Pair(mentor: 0, mentee: 1)], unmatchedPenalty: p.unmatchedPenalty)
        var r = try await CandidatePricingSolver().solve(s)
        #expect(r.termination.reason == .infeasible)
        #expect(r.diagnostics.joined().contains("mentor 0, mentee 1"))
        p.forbidden = [Pair(mentor: 1, mentee: 0), Pair(mentor: 1, mentee: 1)]
        p.mentorLoad[1] = CountRange(min: 2, max: 2)
        s = try StreamedMatchingProblem(p)
        r = try await CandidatePricingSolver().solve(s)
        #expect(r.termination.reason == .infeasible)
        #expect(r.diagnostics.joined().contains("mentor 1"))
    }

    /// Random programs the streamed solver takes (4–15 mentors, 6–42 mentees, a
    /// `maxPerMentor` rule on odd seeds, quotas on every third), with their dense
    /// optimum: those the network method solves to optimality.
    func streamablePrograms(_ seeds: Range<UInt64>) async throws -> [(seed: UInt64, problem: MatchingProblem, optimum: Double)] {
        var out = [(seed: UInt64, problem: MatchingProblem, optimum: Double)]()
        for seed in seeds {
            let p = RandomProblems.make(seed: seed, .streamableRules(maxPerMentor: seed % 2 == 1, quotas: seed % 3 == 0).with {
                $0.mentors = 4...15
                $0.mentees = 6...42
            })
            try p.validate()
            let dense = try await NetworkFlowSolver(pricingAbove: .max).solve(p, options: SolveOptions())
            if dense.termination.reason == .optimal, let optimum = dense.objective { out.append((seed, p, optimum)) }
        }
        return out
    }

    @Test("a first pass cut part-way (as half of a time limit cuts it): the mentors not scored get sampled candidates, and the matching keeps every rule, is re-checked by the validator, and is no better than the optimum", arguments: 0..<3)
    func scoringCutLeavesAMatching(_ batch: Int) async throws {
        var feasible = 0, cut = 0
        for (seed, p, optimum) in try await streamablePrograms(UInt64(900 + batch * 15)..<UInt64(900 + batch * 15 + 15)) {
            for rows in [0, p.mentorCount / 2] {
                var solver = CandidatePricingSolver(blockValues: 1)   // a block per row: the cut falls after `rows` rows
                solver.scoringCut = rows
                let r = try await solver.solve(try StreamedMatchingProblem(p))
                let label = "seed \(seed) \(p.mentorCount)x\(p.menteeCount), cut after \(rows) rows"
                cut += 1
                // Sampled candidates may miss what a rule needs: then no matching, never a wrong one.
                guard let matching = r.matching, let objective = r.objective else {
                    #expect(r.termination.reason != .optimal && r.termination.reason != .feasible, "\(label): \(r.termination)")
                    continue
                }
                feasible += 1
                #expect(r.termination.reason == .feasible && r.termination.limit == .time, "\(label): \(r.termination)")
                #expect(r.termination.detail.contains("cut the scoring after mentor \(rows) of \(p.mentorCount)"), "\(label): \(r.termination.detail)")
                #expect(r.bound == nil && r.statistics.proof == nil && r.statistics.allowedPairs == nil, "\(label): no bound, no proof, no count")
                let check = MatchingValidator.check(matching, against: p)
                #expect(check.isFeasible, "\(label): \(check.violations)")
                #expect(abs(check.objective - objective) < 1e-6, "\(label): reported \(objective), validator \(check.objective)")
                #expect(objective <= optimum + 1e-6, "\(label): \(objective) above the optimum \(optimum)")
            }
        }
        #expect(cut >= 12 && feasible * 10 >= cut * 7, "a matching in \(feasible) of \(cut) cut solves")
        // Loads and demands without a maximum: the cut run bounds them by what a row and a column
        // can hold (their sum used to overflow).
        let open = MatchingProblem(scores: ScoreMatrix(mentors: 6, mentees: 9) { i, j in Double((i * 7 + j * 3) % 11) },
                                   mentorLoad: CountRange(min: 1, max: .max), menteeDemand: CountRange(min: 0, max: .max))
        var solver = CandidatePricingSolver(blockValues: 1)
        solver.scoringCut = 2
        let r = try await solver.solve(try StreamedMatchingProblem(open))
        let matching = try #require(r.matching, "\(r.termination)")
        #expect(MatchingValidator.check(matching, against: open).isFeasible)
    }

    @Test("a first round the limit stops part-way: the flow so far, completed greedily on the candidates, keeps every rule (the validator), reports the validator's objective, and is no better than the optimum", arguments: 0..<3)
    func routingCutLeavesAMatching(_ batch: Int) async throws {
        var feasible = 0, cut = 0
        for (seed, p, optimum) in try await streamablePrograms(UInt64(1700 + batch * 15)..<UInt64(1700 + batch * 15 + 15)) {
            for checks in [0, 1] {
                var solver = CandidatePricingSolver()
                solver.routingCut = checks
                let r = try await solver.solve(try StreamedMatchingProblem(p))
                let label = "seed \(seed) \(p.mentorCount)x\(p.menteeCount), routing cut after \(checks) check(s)"
                guard r.termination.limit == .time else { continue }   // routed within the cut: not this test's case
                cut += 1
                guard let matching = r.matching, let objective = r.objective else {
                    #expect(r.termination.reason == .noSolutionFound, "\(label): \(r.termination)")
                    continue
                }
                feasible += 1
                #expect(r.termination.reason == .feasible && r.termination.detail.contains("completed greedily"), "\(label): \(r.termination)")
                #expect(r.bound == nil && r.statistics.proof == nil, "\(label): no bound, no proof")
                let check = MatchingValidator.check(matching, against: p)
                #expect(check.isFeasible, "\(label): \(check.violations)")
                #expect(abs(check.objective - objective) < 1e-6, "\(label): reported \(objective), validator \(check.objective)")
                #expect(objective <= optimum + 1e-6, "\(label): \(objective) above the optimum \(optimum)")
            }
        }
        // Every cut solve had a matching when this was written (15, 15 and 14 per batch).
        #expect(cut >= 10 && feasible * 10 >= cut * 8, "a matching in \(feasible) of \(cut) cut solves")
    }

    @Test("a limit that stops round 2's routing: the matching of round 1, valid, with the bound round 1's pricing proved over every pair (at least the dense optimum)")
    func laterRoundCutKeepsTheBound() async throws {
        var cut = 0
        for (seed, p, optimum) in try await streamablePrograms(3100..<3160) {
            var solver = CandidatePricingSolver(candidatesPerMentee: 1, candidatesPerMentor: 0)   // few candidates: pricing adds some
            solver.routingCut = 0
            solver.routingCutRound = 2
            let r = try await solver.solve(try StreamedMatchingProblem(p))
            guard r.termination.limit == .time, r.termination.detail.hasPrefix("stopped in round 2") else { continue }
            let label = "seed \(seed) \(p.mentorCount)x\(p.menteeCount)"
            cut += 1
            let matching = try #require(r.matching, "\(label)"), objective = try #require(r.objective), bound = try #require(r.bound, "\(label): no bound")
            #expect(MatchingValidator.check(matching, against: p).isFeasible, "\(label)")
            #expect(objective <= optimum + 1e-6 * max(1, abs(optimum)) && bound >= optimum - 1e-6 * max(1, abs(optimum)) && bound >= objective,
                    "\(label): objective \(objective), bound \(bound), optimum \(optimum)")
        }
        #expect(cut >= 5, "only \(cut) solves reached round 2")
    }

    @Test("a time limit already past when the scoring begins (shorter than one block): every mentor gets sampled candidates, and the greedy completion gives a matching that keeps every rule and is no better than the optimum")
    func limitShorterThanABlock() async throws {
        var feasible = 0, solves = 0
        for (seed, p, optimum) in try await streamablePrograms(2500..<2530) {
            let r = try await CandidatePricingSolver().solve(try StreamedMatchingProblem(p), options: SolveOptions(timeLimit: 1e-9))
            let label = "seed \(seed) \(p.mentorCount)x\(p.menteeCount)"
            solves += 1
            #expect(r.termination.limit == .time, "\(label): \(r.termination)")
            guard let matching = r.matching, let objective = r.objective else {
                // Sampled candidates may miss what a minimum needs: then no matching, never a wrong one.
                #expect(r.termination.reason == .noSolutionFound && !r.termination.detail.contains("while scoring"), "\(label): \(r.termination)")
                continue
            }
            feasible += 1
            #expect(r.termination.reason == .feasible && r.bound == nil, "\(label): \(r.termination)")
            let check = MatchingValidator.check(matching, against: p)
            #expect(check.isFeasible, "\(label): \(check.violations)")
            #expect(abs(check.objective - objective) < 1e-6, "\(label): reported \(objective), validator \(check.objective)")
            #expect(objective <= optimum + 1e-6, "\(label): \(objective) above the optimum \(optimum)")
        }
        // Before, every one of these ended "stopped while scoring candidates", without a matching.
        #expect(solves >= 20 && feasible * 10 >= solves * 7, "a matching in \(feasible) of \(solves) solves")
    }

    @Test("a time limit or a cancelled task stops the solve with a result, not an error")
    func stops() async throws {
        let p = try StreamedMatchingProblem(BenchmarkFamily.div.problem(mentors: 200, mentees: 1000))
        let task = Task { try await stingy.solve(p) }
        task.cancel()
        let r = try await task.value
        #expect(r.termination.limit == .cancelled)
        let timed = try await stingy.solve(p, options: SolveOptions(timeLimit: 1e-6))
        #expect(timed.termination.limit == .time)
        #expect(timed.termination.reason == .noSolutionFound || timed.termination.reason == .feasible)
    }
}

@Suite("Hungarian solver: the candidate-pairs-and-pricing path for large problems")
struct HungarianPricingRouteTests {
    @Test("DIV and penalised capacitated problems: the same optimum as the dense path, certified by DualBound",
          arguments: [(BenchmarkFamily.div, 80, 400), (BenchmarkFamily.divTU, 60, 300)])
    func sameAsDense(_ family: BenchmarkFamily, _ m: Int, _ n: Int) async throws {
        var p = family.problem(mentors: m, mentees: n)
        p.unmatchedPenalty = (0..<n).map { Double(($0 * 7919) % 300_000) }
        let dense = try await NetworkFlowSolver(pricingAbove: .max).solve(p, options: SolveOptions())
        let priced = try await NetworkFlowSolver(pricingAbove: 0).solve(p, options: SolveOptions())
        #expect(dense.termination.reason == .optimal && priced.termination.reason == .optimal)
        #expect(priced.diagnostics.contains { $0.hasPrefix("candidate pairs and pricing") }, "\(priced.diagnostics)")
        #expect(!dense.diagnostics.contains { $0.hasPrefix("candidate pairs and pricing") })
        #expect(priced.objective == dense.objective)
        #expect(priced.bound == priced.objective)
        #expect(MatchingValidator.check(priced.matching!, against: p).isFeasible)
        #expect(abs(DualBound.bound(of: p, duals: priced.duals!) - priced.objective!) < 1e-6 * max(1, abs(priced.objective!)))
    }

    @Test("problems the sparse network does not hold stay on the dense path")
    func staysDense() async throws {
        let p = BenchmarkFamily.cap.problem(mentors: 20, mentees: 100)   // mentee minimums
        let r = try await NetworkFlowSolver(pricingAbove: 0).solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal)
        #expect(!r.diagnostics.contains { $0.hasPrefix("candidate pairs and pricing") })
    }
}
