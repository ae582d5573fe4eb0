import BenchmarkInstances
import Foundation
import MatchingCore
import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

@Suite("Hungarian (successive shortest paths) solver")
struct HungarianTests {
    func solve(_ p: MatchingProblem) async throws -> SolveReport {
        try await NetworkFlowSolver().solve(p, options: SolveOptions())
    }

    @Test("tiny network problems: the brute-force optimum, certified by the duals", arguments: 0..<8)
    func bruteForce(_ batch: Int) async throws {
        var optimal = 0, infeasible = 0
        for seed in UInt64(batch * 80)..<UInt64(batch * 80 + 80) {
            let p = RandomProblems.make(seed: seed, .network)
            try p.validate()
            let expected = BruteForce.solve(p)
            let r = try await solve(p)
            guard let expected else {
                #expect(r.termination.reason == .infeasible, "seed \(seed): \(r.termination)")
                #expect(!r.diagnostics.isEmpty)
                infeasible += 1
                continue
            }
            #expect(r.termination.reason == .optimal, "seed \(seed): \(r.termination) \(r.diagnostics)")
            guard let matching = r.matching, let objective = r.objective else { continue }
            #expect(MatchingValidator.check(matching, against: p).isFeasible, "seed \(seed)")
            #expect(abs(objective - expected.objective) < 1e-9, "seed \(seed): hungarian \(objective), brute force \(expected.objective)")
            let duals = try #require(r.duals)
            let bound = DualBound.bound(of: p, duals: duals)
            #expect(abs(bound - objective) < 1e-6, "seed \(seed): dual bound \(bound) vs objective \(objective)")
            optimal += 1
        }
        #expect(optimal >= 30 && infeasible >= 3, "optimal \(optimal), infeasible \(infeasible)")
    }

    @Test("a reduced cost rounding leaves just below zero never pops Z early: the search tree stays a tree (this problem aborted the process)")
    func roundingBelowZeroKeepsTheTree() async throws {
        // Found by the re-optimisation tests: scores 0.9·s + k·0.37 (seed 92, two steps), committees,
        // mentee minimums, minimum loads. An arc into Z whose reduced cost came out at −1e-15 gave Z a
        // label below a row popped before it; Z then re-labelled that row and the path walked a cycle.
        let rows: [[Double]] = [
            [9.37, 4.87, 7.2, 10.11, 3.97, 2.91, 0.20999999999999985, 11.540000000000001, 8.84, 11.01, 1.1099999999999999, 9.9, 9.0, 4.5],
            [4.87, 5.7700000000000005, 0.74, 5.609999999999999, 6.3, 0.9, 8.31, 3.6, 9.74, 6.67, 3.0700000000000003, 3.81, 2.7, 7.94],
            [3.81, 3.81, 8.31, 6.3, 3.0700000000000003, 0.0, 3.0700000000000003, 3.6, 7.2, 0.37, 6.51, 11.540000000000001, 0.37, 11.700000000000001],
            [-.infinity, 3.81, 10.64, 8.84, 3.4400000000000004, 8.469999999999999, 6.67, 8.469999999999999, 2.91, 5.7700000000000005, 7.94, 8.84, 7.2, 1.1099999999999999],
            [1.27, 4.5, 11.91, 7.41, -0.16000000000000003, -.infinity, 6.67, -.infinity, 6.51, -.infinity, 4.87, 6.67, 0.74, 2.54],
        ]
        var p = MatchingProblem(scores: ScoreMatrix(mentors: 5, mentees: 14) { i, j in rows[i][j] == -.infinity ? 0 : rows[i][j] })
        for i in 0..<5 { for j in 0..<14 where rows[i][j] == -.infinity { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        p.mentorLoad = [CountRange(min: 0, max: 2), CountRange(min: 2, max: 3), CountRange(min: 0, max: 1), CountRange(min: 0, max: 1), CountRange(min: 2, max: 2)]
        p.menteeDemand = [(0, 1), (0, 1), (0, 1), (1, 1), (0, 1), (0, 1), (1, 1), (0, 3), (0, 1), (1, 1), (0, 2), (0, 1), (1, 1), (1, 3)].map { CountRange(min: $0.0, max: $0.1) }
        let r = try await solve(p)
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == g.termination.reason, "\(r.termination) vs GLPK \(g.termination)")
        if let objective = g.objective {
            #expect(abs((r.objective ?? .nan) - objective) < 1e-6, "\(r.objective ?? .nan) vs GLPK \(objective)")
            #expect(r.statistics.proof == .dualPotentials)
        }
    }

    @Test("DualBound is weak duality for any duals: the optimal duals perturbed (penalised mentees included) never bound below brute force, and a penalised mentee's term equals a direct minimisation over its breakpoints")
    func dualBoundIsValidForAnyDuals() async throws {
        var g = SplitMix64(seed: 77)
        var checked = 0
        for seed in UInt64(4_200)..<UInt64(4_260) {
            let p = RandomProblems.make(seed: seed, .network)
            guard let expected = BruteForce.solve(p), let duals = try await solve(p).duals else { continue }
            for _ in 0..<5 {
                var d = duals
                d.mentors = d.mentors.map { $0 + Double(g.below(7)) - 3 }
                d.mentees = d.mentees.map { $0 + Double(g.below(7)) - 3 }
                let bound = DualBound.bound(of: p, duals: d)
                #expect(bound >= expected.objective - 1e-9, "seed \(seed): bound \(bound) below the optimum \(expected.objective)")
                checked += 1
            }
        }
        #expect(checked >= 100)
        // One mentee with penalty p and reduced profits a: min over η in [0, p] of p − η + Σ max(0, a + η), less p.
        func direct(_ a: [Double], _ p: Double) -> Double {
            let candidates = [0, p] + a.map { -$0 }.filter { $0 > 0 && $0 < p }
            return candidates.map { eta in p - eta + a.reduce(0) { $0 + Swift.max(0, $1 + eta) } }.min()! - p
        }
        for (a, p) in [([3.0, -1, -2], 5.0), ([-1.0, -4], 5.0), ([-7.0, -9], 5.0), ([], 2.0), ([-2.0, 1], 1.5)] {
            // One mentor per reduced profit (its score, with zero duals) and one mentee with the penalty;
            // no reduced profit at all: one mentor, forbidden.
            var problem = MatchingProblem(scores: try ScoreMatrix(rows: a.isEmpty ? [[7]] : a.map { [$0] }), menteeDemand: CountRange(min: 0, max: 1), unmatchedPenalty: p)
            if a.isEmpty { problem.forbidden = [Pair(mentor: 0, mentee: 0)] }
            let bound = DualBound.bound(of: problem, duals: Duals(mentors: Array(repeating: 0, count: problem.mentorCount), mentees: [0]))
            #expect(abs(bound - direct(a, p)) < 1e-12, "a \(a), p \(p): \(bound) against \(direct(a, p))")
        }
    }

    @Test("DualBound's pass over the pairs (four mentees at a time, then the rest) equals the bound written out pair by pair, for 1 to 13 mentees, with and without forbidden pairs and a maxPerMentor rule's duals (binding for some mentors, for none of others), and any duals")
    func dualBoundAgainstItsFormula() {
        var g = SplitMix64(seed: 4_321)
        func real() -> Double { Double(Int(g.next() % 2_001) - 1_000) / 100 }
        for k in 0..<200 {
            let m = 1 + Int(g.next() % 4), n = 1 + Int(g.next() % 13)
            var p = MatchingProblem(scores: ScoreMatrix(mentors: m, mentees: n) { _, _ in real() })
            p.mentorLoad = (0..<m).map { _ in let lo = Int(g.next() % 2); return CountRange(min: lo, max: lo + Int(g.next() % 3)) }
            p.menteeDemand = (0..<n).map { _ in CountRange(min: Int(g.next() % 2), max: 1) }
            if k % 2 == 1 { for i in 0..<m { for j in 0..<n where g.next() % 4 == 0 { p.forbidden.insert(Pair(mentor: i, mentee: j)) } } }
            let values = ["a", "b", "c"]
            let codes = (0..<n).map { _ in Int(g.next() % 3) }
            var duals = Duals(mentors: (0..<m).map { _ in real() }, mentees: (0..<n).map { _ in real() })
            let rule = k % 4 >= 2
            if rule {
                p.menteeAttributes = ["g": codes.map { values[$0] }]
                p.constraints = [.maxPerMentor(attribute: "g", limit: 1)]
                duals.constraints[0] = (0..<(m * 3)).map { _ in real() }
                // Mentors none of whose limits binds (every γ at most 0) take the pass without the γ lookups.
                for i in 0..<m where g.next() % 2 == 0 { for v in 0..<3 { duals.constraints[0]![i * 3 + v] = -abs(real()) } }
            }
            // The bound written out: loads and demands, the rule's limits, and every free pair's positive reduced profit
            // (no penalties, no fixed pairs: each mentee's penalty term is 0).
            var expected = 0.0
            func term(_ a: Double, _ r: CountRange, _ free: Int) -> Double { a >= 0 ? a * Double(min(r.max, free)) : a * Double(r.min) }
            for i in 0..<m { expected += term(duals.mentors[i], p.mentorLoad[i], (0..<n).filter { p.isAllowed(Pair(mentor: i, mentee: $0)) }.count) }
            for j in 0..<n { expected += term(duals.mentees[j], p.menteeDemand[j], (0..<m).filter { p.isAllowed(Pair(mentor: $0, mentee: j)) }.count) }
            // Each (mentor, value) limit of 1 adds its dual (clamped to ≥ 0); the rule's duals are per value some
            // mentee has, in ascending order, so the check keeps the cases where every value occurs.
            let everyValue = Set(codes).count == 3
            if rule { expected += duals.constraints[0]!.reduce(0) { $0 + max(0, $1) } }
            for j in 0..<n {
                for i in 0..<m where p.isAllowed(Pair(mentor: i, mentee: j)) {
                    var r = p.scores[i, j] - duals.mentors[i] - duals.mentees[j]
                    if rule { r -= max(0, duals.constraints[0]![i * 3 + codes[j]]) }
                    expected += max(0, r)
                }
            }
            guard !rule || everyValue else { continue }
            let bound = DualBound.bound(of: p, duals: duals)
            #expect(abs(bound - expected) <= 1e-9 * max(1, abs(expected)), "case \(k) (\(m) × \(n)): \(bound) against \(expected)")
        }
    }

    @Test("tiny problems with a maxPerMentor rule (the layered network): brute-force optimum, certified", arguments: 0..<6)
    func maxPerMentorBruteForce(_ batch: Int) async throws {
        let options = RandomProblems.Options.network.with {
            $0.menteeAttributes = [.init("g", ["a", "b", "c"])]
            $0.rules = [.maxPerMentor("g", limit: 1...2)]
        }
        let (optimal, infeasible) = try await bruteForceBatch(UInt64(5000 + batch * 60), options) { seed, p in
            #expect(p.shape.kind == .layeredNetwork, "seed \(seed)")
            return true
        }
        #expect(optimal >= 20 && infeasible >= 1, "optimal \(optimal), infeasible \(infeasible)")
    }

    @Test("maxMin on tiny network problems: the brute-force worst outcome and total", arguments: 0..<4)
    func maxMinBruteForce(_ batch: Int) async throws {
        var optimal = 0
        for seed in UInt64(7000 + batch * 60)..<UInt64(7000 + batch * 60 + 60) {
            let p = RandomProblems.make(seed: seed, .network.with { $0.maxMinChance = 100 })
            let expected = BruteForce.solve(p)
            let r = try await solve(p)
            guard let expected else {
                #expect(r.termination.reason == .infeasible, "seed \(seed): \(r.termination)")
                continue
            }
            #expect(r.termination.reason == .optimal, "seed \(seed): \(r.termination)")
            guard let m = r.matching else { continue }
            let check = MatchingValidator.check(m, against: p)
            #expect(check.isFeasible, "seed \(seed)")
            #expect(check.worstOutcome == expected.worstOutcome, "seed \(seed): worst \(check.worstOutcome) vs \(expected.worstOutcome)")
            #expect(abs(check.objective - expected.objective) < 1e-9, "seed \(seed): total \(check.objective) vs \(expected.objective)")
            optimal += 1
        }
        #expect(optimal >= 20, "optimal \(optimal)")
    }

    @Test("maxMin on medium network problems: the same as GLPK", arguments: 0..<4)
    func maxMinAgainstGLPK(_ seed: Int) async throws {
        let p = RandomProblems.make(seed: UInt64(8000 + seed), .network.with {
            $0.mentors = 1...12
            $0.mentees = 1...30
            $0.scoreRanges = [0...200]
            $0.maxMinChance = 100
        })
        let h = try await solve(p)
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(h.termination.reason == g.termination.reason)
        #expect(h.worstOutcome == g.worstOutcome)
        if let ho = h.objective, let go = g.objective { #expect(abs(ho - go) < 1e-6, "seed \(seed)") }
    }

    @Test("medium problems: the same optimum as GLPK", arguments: 0..<12)
    func againstGLPK(_ seed: Int) async throws {
        let p = RandomProblems.make(seed: UInt64(1000 + seed), .network.with {
            $0.mentors = 1...25
            $0.mentees = 1...60
            $0.scoreRanges = [0...1000]
        })
        let h = try await solve(p)
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(h.termination.reason == g.termination.reason, "seed \(seed): hungarian \(h.termination), glpk \(g.termination)")
        if let ho = h.objective, let go = g.objective {
            #expect(abs(ho - go) < 1e-6, "seed \(seed): hungarian \(ho), glpk \(go)")
            #expect(MatchingValidator.check(h.matching!, against: p).isFeasible)
            #expect(abs(DualBound.bound(of: p, duals: h.duals!) - ho) < 1e-6)
        }
    }

    @Test("assignment problems (the warm-started path): brute force on tiny ones, GLPK on larger ones with many ties",
          arguments: 0..<40)
    func assignments(_ seed: Int) async throws {
        var g = SplitMix64(seed: UInt64(seed) &* 31 &+ 7)
        let n = seed < 30 ? 1 + Int(g.next() % 4) : 20 + Int(g.next() % 30)
        let range = UInt64(seed % 3 == 0 ? 3 : 50)   // few distinct scores: many ties
        var p = MatchingProblem(
            scores: ScoreMatrix(mentors: n, mentees: n) { _, _ in Double(g.next() % range) - Double(range / 2) },
            mentorLoad: CountRange(min: 1, max: 1), menteeDemand: CountRange(min: 1, max: 1))
        for i in 0..<n { for j in 0..<n where g.next() % 10 == 0 && i != j { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        let r = try await solve(p)
        let expected: Double?
        if n <= 4 {
            expected = BruteForce.solve(p)?.objective
        } else {
            expected = try await GLPKSolver().solve(p, options: SolveOptions()).objective
        }
        #expect(r.objective == expected, "seed \(seed): hungarian \(String(describing: r.objective)), reference \(String(describing: expected))")
        if let objective = r.objective {
            #expect(MatchingValidator.check(r.matching!, against: p).isFeasible)
            #expect(abs(DualBound.bound(of: p, duals: r.duals!) - objective) < 1e-6, "seed \(seed): certificate")
        }
    }

    @Test("benchmark families: DIV, DIV-TU, CAP and LSA agree with GLPK", arguments: [
        (BenchmarkFamily.divTU, 20, 100), (BenchmarkFamily.divTU, 40, 200), (BenchmarkFamily.cap, 20, 100), (BenchmarkFamily.lsa, 60, 60),
        (BenchmarkFamily.div, 20, 100), (BenchmarkFamily.div, 40, 200), (BenchmarkFamily.div, 60, 300),
    ])
    func families(_ family: BenchmarkFamily, _ m: Int, _ n: Int) async throws {
        let p = family.problem(mentors: m, mentees: n)
        let h = try await solve(p)
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(h.termination.reason == .optimal && g.termination.reason == .optimal)
        #expect(h.objective == g.objective)
        #expect(h.bound == h.objective)
    }

    @Test("OR-Library assignment instances reach their published optima",
          arguments: [("assign100", 305.0), ("assign200", 475.0), ("assign300", 626.0), ("assign400", 804.0),
                      ("assign500", 991.0), ("assign600", 1176.0), ("assign700", 1362.0), ("assign800", 1552.0)])
    func orLibrary(_ name: String, _ optimum: Double) async throws {
        let p = try orLibraryAssignment(name)
        let r = try await solve(p)
        #expect(r.termination.reason == .optimal)
        #expect(r.objective == -optimum)
        #expect(DualBound.bound(of: p, duals: try #require(r.duals)) == -optimum)
        #expect(MatchingValidator.check(try #require(r.matching), against: p).isFeasible)
    }

    @Test("rules the network cannot hold are refused, not dropped")
    func unsupported() async throws {
        var p = BenchmarkFamily.tight.problem(mentors: 4, mentees: 12)
        await #expect(throws: MatchingError.self) { try await solve(p) }
        p = BenchmarkFamily.div.problem(mentors: 4, mentees: 12)
        p.constraints.append(.composition(attribute: "department", value: "d0", count: CountRange(min: 0, max: 1)))
        await #expect(throws: MatchingError.self) { try await solve(p) }
        p.constraints = []
        p.separations = [Separation(MenteeIndex(0), MenteeIndex(1))]
        await #expect(throws: MatchingError.self) { try await solve(p) }
    }

    @Test("cancellation is a result")
    func cancellation() async throws {
        let p = BenchmarkFamily.lsa.problem(mentors: 300, mentees: 300)
        let task = Task { try await NetworkFlowSolver().solve(p, options: SolveOptions()) }
        task.cancel()
        let r = try await task.value
        #expect(r.termination.limit == .cancelled && r.termination.reason == .noSolutionFound)
    }
}

@Suite("Lagrangian heuristic")
struct LagrangianTests {
    @Test("on tiny problems: every matching passes the validator, and the bound is never below the optimum", arguments: 0..<4)
    func boundsHold(_ batch: Int) async throws {
        var withMatching = 0, optimal = 0
        for seed in UInt64(9000 + batch * 50)..<UInt64(9000 + batch * 50 + 50) {
            let p = RandomProblems.make(seed: seed, .tiny.with { $0.maxMinChance = 0 })
            guard let expected = BruteForce.solve(p) else { continue }
            let r = try await LagrangianHeuristic().solve(p, options: SolveOptions())
            #expect(r.termination.reason != .infeasible, "seed \(seed): a matching exists")
            if let bound = r.bound { #expect(bound >= expected.objective - 1e-6, "seed \(seed): bound \(bound) below optimum \(expected.objective)") }
            if let m = r.matching, let o = r.objective {
                withMatching += 1
                #expect(MatchingValidator.check(m, against: p).isFeasible, "seed \(seed)")
                #expect(o <= expected.objective + 1e-9, "seed \(seed)")
                if r.termination.reason == .optimal { #expect(abs(o - expected.objective) < 1e-6, "seed \(seed)"); optimal += 1 }
            }
        }
        #expect(withMatching >= 10, "matchings found: \(withMatching)")
    }

    @Test("the network keeps every rule it can hold; separations and the rest get multipliers")
    func keepsNetworkRules() async throws {
        var p = BenchmarkFamily.div.problem(mentors: 20, mentees: 100)
        p.constraints.append(.quota(attribute: "department", value: "d2", count: CountRange(min: 0, max: 6)))
        p.constraints.append(.crossShare(attribute: "department", minShare: 0.5))
        p.separations = (0..<10).map { Separation(MenteeIndex(10 * $0), MenteeIndex(10 * $0 + 1)) }
        #expect(LagrangianHeuristic.networkRules(p) == [0, 1])
        var caps = BenchmarkFamily.div.problem(mentors: 20, mentees: 100)
        caps.constraints = [.composition(attribute: "department", value: "d1", count: CountRange(min: 0, max: 0)),
                            .maxPerMentor(attribute: "department", limit: 3)]
        #expect(LagrangianHeuristic.networkRules(caps) == [0])
        // TIGHT: one per region (5 values) caps a mentor's load more than one per department (8 values).
        #expect(LagrangianHeuristic.networkRules(BenchmarkFamily.tight.problem(mentors: 20, mentees: 100)) == [1])
        // With the quota held by the network, only the separations and the share are relaxed.
        let r = try await LagrangianHeuristic().solve(p, options: SolveOptions())
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        let optimum = try #require(g.objective)
        let matching = try #require(r.matching, "\(r.termination) \(r.diagnostics)")
        #expect(MatchingValidator.check(matching, against: p).isFeasible)
        #expect(try #require(r.objective) <= optimum + 1e-6)
        #expect(try #require(r.bound) >= optimum - 1e-6)
    }

    @Test("TIGHT(20x100): a feasible matching within 0.2 % of GLPK's optimum (the window search), under a bound at least that optimum")
    func tightInstance() async throws {
        let p = BenchmarkFamily.tight.problem(mentors: 20, mentees: 100)
        let r = try await LagrangianHeuristic().solve(p, options: SolveOptions())
        let optimum = try #require(try await GLPKSolver().solve(p, options: SolveOptions()).objective)
        let matching = try #require(r.matching, "\(r.termination) \(r.diagnostics)")
        let objective = try #require(r.objective)
        #expect(MatchingValidator.check(matching, against: p).isFeasible)
        #expect(objective <= optimum)
        #expect(objective >= optimum * 0.998, "heuristic \(objective), optimum \(optimum)")
        #expect(try #require(r.bound) >= optimum)
    }

    @Test func refusesMaxMin() async throws {
        let p = RandomProblems.make(seed: 1, .tiny.with { $0.maxMinChance = 100 })
        await #expect(throws: MatchingError.self) { try await LagrangianHeuristic().solve(p, options: SolveOptions()) }
    }
}

@Suite("Hungarian solver with quota groups")
struct QuotaNetworkTests {
    @Test("tiny problems with quotas on one mentee attribute: brute-force optimum, certified", arguments: 0..<6)
    func quotasBruteForce(_ batch: Int) async throws {
        var network = 0
        let options = RandomProblems.Options.network.with {
            $0.menteeMinimumChance = 0
            $0.menteeAttributes = [.init("t", ["x", "y"])]
            $0.rules = [.maxPerMentor("t", limit: 1...2, chance: 50), .quota("t", minimum: 0...2, maximum: 0...4)]
        }
        // Committee mentees with a penalty keep quotas out of the network.
        let (optimal, infeasible) = try await bruteForceBatch(UInt64(11000 + batch * 60), options) { seed, p in
            guard networkUnlessCommitteePenalty(p, seed: seed) else { return false }
            network += 1
            return true
        }
        #expect(optimal >= 10 && infeasible >= 1, "optimal \(optimal), infeasible \(infeasible), network \(network)")
    }

    @Test("binding quota minimums, met by paths from the sink: the same optimum as GLPK, certified", arguments: [(10, 60), (20, 100), (30, 150)])
    func bindingQuotaMinimums(_ m: Int, _ n: Int) async throws {
        // Fewer places than mentees, and two department groups that must be
        // matched almost in full although their scores are not the best.
        var p = BenchmarkFamily.div.problem(mentors: m, mentees: n)
        p.mentorLoad = (0..<m).map { _ in CountRange(min: 0, max: (n / 2) / m) }
        p.scores = try ScoreMatrix(mentors: m, mentees: n, values: ContiguousArray((0..<(m * n)).map { k in
            let j = k % n
            let dept = p.menteeAttributes["department"]![j]
            return p.scores.values[k] / 1_000_000 - (dept == "d3" || dept == "d5" ? 400 : 0)
        }))
        let d3 = p.menteeAttributes["department"]!.filter { $0 == "d3" }.count
        let d5 = p.menteeAttributes["department"]!.filter { $0 == "d5" }.count
        p.constraints.append(.quota(attribute: "department", value: "d3", count: CountRange(min: d3 - 2, max: Int.max)))
        p.constraints.append(.quota(attribute: "department", value: "d5", count: CountRange(min: d5 / 2, max: d5)))
        #expect(p.shape.isNetwork)
        let h = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(h.termination.reason == .optimal && g.termination.reason == .optimal, "\(h.termination) \(g.termination)")
        let objective = try #require(h.objective)
        #expect(abs(objective - (g.objective ?? .nan)) <= 1e-6 * Swift.max(1, abs(objective)))
        #expect(MatchingValidator.check(try #require(h.matching), against: p).isFeasible)
        let bound = DualBound.bound(of: p, duals: try #require(h.duals))
        #expect(abs(bound - objective) <= 1e-6 * Swift.max(1, abs(objective)), "certificate \(bound) vs \(objective)")
    }

    @Test("DIV with a quota: the same optimum as GLPK", arguments: [(20, 100), (40, 200)])
    func divWithQuota(_ m: Int, _ n: Int) async throws {
        var p = BenchmarkFamily.div.problem(mentors: m, mentees: n)
        p.constraints.append(.quota(attribute: "department", value: "d3", count: CountRange(min: 0, max: n / 16)))
        #expect(p.shape.isNetwork)
        let h = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(h.termination.reason == .optimal && g.termination.reason == .optimal)
        #expect(h.objective == g.objective)
        #expect(h.bound == h.objective)
    }
}

@Suite("Hungarian solver with composition caps")
struct CompositionNetworkTests {
    @Test("tiny problems with composition caps on one mentor attribute: brute-force optimum, certified", arguments: 0..<6)
    func compositionBruteForce(_ batch: Int) async throws {
        var capped = 0
        let options = RandomProblems.Options.network.with {
            $0.mentors = 1...4
            $0.mentees = 1...4
            // Committees make the caps bite (a mentee's maximum is 0, 1 or 2).
            $0.committeeChance = 100
            $0.committeeSize = 0...2
            $0.mentorAttributes = [.init("track", ["x", "y", "z"])]
            $0.rules = [
                .composition("track", .firstPerson, minimum: 0...0, maximum: 0...1),
                .composition("track", .otherThanFirstPerson, minimum: 0...0, maximum: 1...1, chance: 50),
            ]
        }
        // Committee mentees with a penalty keep composition out of the network.
        let (optimal, infeasible) = try await bruteForceBatch(UInt64(13000 + batch * 60), options) { seed, p in
            guard networkUnlessCommitteePenalty(p, seed: seed) else { return false }
            if p.menteeDemand.contains(where: { $0.max > 1 }) { capped += 1 }
            return true
        }
        #expect(optimal >= 10 && infeasible >= 1 && capped >= 5, "optimal \(optimal), infeasible \(infeasible), committees \(capped)")
    }

    @Test("composition minimums, quotas with mentee minimums and rule families together are network rules; crossShare is not")
    func ruleNetworkScope() {
        var p = BenchmarkFamily.div.problem(mentors: 4, mentees: 10)
        p.constraints = [.composition(attribute: "department", value: "d1", count: CountRange(min: 1, max: 2))]
        #expect(p.shape.isNetwork)
        p.constraints.append(.maxPerMentor(attribute: "department", limit: 1))
        #expect(p.shape.isNetwork)
        p.constraints.append(.crossShare(attribute: "department", minShare: 0.5))
        #expect(!p.shape.isNetwork)
    }

    @Test("the explicit rule network (composition minimums, quotas with mentee minimums, a cap per mentor, all together): brute-force optimum, certified",
          arguments: 0..<6)
    func ruleNetworkBruteForce(_ batch: Int) async throws {
        let options = RandomProblems.Options.network.with {
            // Committee mentees with penalties are outside every network: no penalty for them.
            $0.committeePenalties = false
            $0.mentorAttributes = [.init("region", ["x", "y"])]
            $0.menteeAttributes = [.init("dept", ["a", "b", "c"]), .init("track", ["early", "late"])]
            $0.rules = [
                .maxPerMentor("dept", limit: 1...2, chance: 50),
                .composition("region", .named("x"), minimum: 0...1, maximum: 1...2),
                .quota("track", .named("early"), minimum: 0...2, maximum: 2...4, chance: 50),
            ]
        }
        let (optimal, infeasible) = try await bruteForceBatch(UInt64(9000 + batch * 60), options) { seed, p in
            #expect(p.shape.isNetwork, "seed \(seed): \(p.shape)")
            return true
        }
        #expect(optimal >= 8 && infeasible >= 5, "optimal \(optimal), infeasible \(infeasible)")
    }

    @Test("the explicit rule network agrees with GLPK on medium problems", arguments: [(10, 40), (20, 80), (30, 120)])
    func ruleNetworkAgainstGLPK(_ m: Int, _ n: Int) async throws {
        var p = BenchmarkFamily.div.problem(mentors: m, mentees: n)
        var g = SplitMix64(seed: UInt64(m * n))
        p.mentorAttributes["region"] = (0..<m).map { _ in ["x", "y", "z"][Int(g.next() % 3)] }
        p.menteeAttributes["track"] = (0..<n).map { _ in ["early", "late"][Int(g.next() % 2)] }
        p.menteeDemand = (0..<n).map { j in CountRange(min: j % 7 == 0 ? 1 : 0, max: j % 5 == 0 ? 2 : 1) }
        p.constraints = [
            .maxPerMentor(attribute: "department", limit: 2),
            .composition(attribute: "region", value: "x", count: CountRange(min: 0, max: 1)),
            .composition(attribute: "region", value: "y", count: CountRange(min: 0, max: 1)),
            .quota(attribute: "track", value: "early", count: CountRange(min: n / 3, max: n)),
        ]
        // Committee members get one mentor from x or y at most each; a few mentees need one from z.
        let h = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        let glpk = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(h.termination.reason == .optimal && glpk.termination.reason == .optimal, "\(h.termination) vs \(glpk.termination)")
        if h.termination.reason == .optimal {
            #expect(abs(h.objective! - glpk.objective!) < 1e-6, "hungarian \(h.objective!), glpk \(glpk.objective!)")
            #expect(abs(DualBound.bound(of: p, duals: h.duals!) - h.objective!) < 1e-6)
            #expect(h.diagnostics.contains("the explicit rule network (every allowed pair an arc)"))
        }
    }

    @Test("committees with caps per mentor department: the same optimum as GLPK, certified", arguments: [(12, 40), (30, 90)])
    func committeesAgreeWithGLPK(_ m: Int, _ n: Int) async throws {
        var p = BenchmarkFamily.div.problem(mentors: m, mentees: n)
        p.constraints = []
        // Panels of two or three mentors, at most one from departments d0 and d1, none from d2.
        p.menteeDemand = (0..<n).map { CountRange(min: $0 % 5 == 0 ? 1 : 0, max: 2 + $0 % 2) }
        // Mentors of d2 can take nobody, so only the others have a minimum.
        let department = p.mentorAttributes["department"]!
        p.mentorLoad = (0..<m).map { CountRange(min: department[$0] == "d2" ? 0 : 1, max: (3 * n) / m) }
        p.constraints = [
            .composition(attribute: "department", value: "d0", count: CountRange(min: 0, max: 1)),
            .composition(attribute: "department", value: "d1", count: CountRange(min: 0, max: 1)),
            .composition(attribute: "department", value: "d2", count: CountRange(min: 0, max: 0)),
        ]
        p.fixed = [Pair(mentor: 0, mentee: 1), Pair(mentor: 1, mentee: 1)].filter { p.isAllowed($0) && department[$0.mentor.rawValue] != "d2" }
        #expect(p.shape.isNetwork)
        let h = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(h.termination.reason == .optimal && g.termination.reason == .optimal, "\(h.termination) \(g.termination)")
        let objective = try #require(h.objective)
        #expect(abs(objective - (g.objective ?? .nan)) <= 1e-6 * abs(objective))
        #expect(MatchingValidator.check(try #require(h.matching), against: p).isFeasible)
        let bound = DualBound.bound(of: p, duals: try #require(h.duals))
        #expect(abs(bound - objective) <= 1e-6 * abs(objective), "certificate \(bound) vs \(objective)")
    }
}

/// The 60 seeded problems of `options` from `first` on, each validated, passed
/// to `check` (which may skip it by returning false) and then checked against
/// brute force by ``expectHungarianMatchesBruteForce(_:seed:)``; how many
/// were optimal and infeasible.
func bruteForceBatch(_ first: UInt64, _ options: RandomProblems.Options,
                     _ check: (UInt64, MatchingProblem) -> Bool) async throws -> (optimal: Int, infeasible: Int) {
    var optimal = 0, infeasible = 0
    for seed in first..<(first + 60) {
        let p = RandomProblems.make(seed: seed, options)
        try p.validate()
        guard check(seed, p) else { continue }
        let outcome = try await expectHungarianMatchesBruteForce(p, seed: seed)
        if outcome.optimal { optimal += 1 }
        if outcome.infeasible { infeasible += 1 }
    }
    return (optimal, infeasible)
}

/// Whether `p` is a network problem, expecting exactly the problems with a
/// committee mentee who has a penalty (beside attribute rules) not to be.
func networkUnlessCommitteePenalty(_ p: MatchingProblem, seed: UInt64) -> Bool {
    let committeePenalty = (0..<p.menteeCount).contains { p.menteeDemand[$0].max > 1 && p.unmatchedPenalty[$0] > 0 }
    #expect(p.shape.isNetwork == !committeePenalty, "seed \(seed)")
    return !committeePenalty
}

/// Solves `p` with the network-flow solver and checks it against brute force:
/// same status, a matching the validator accepts, the brute-force optimum,
/// and a dual certificate equal to it. Returns what brute force found.
func expectHungarianMatchesBruteForce(_ p: MatchingProblem, seed: UInt64) async throws -> (optimal: Bool, infeasible: Bool) {
    let expected = BruteForce.solve(p)
    let r = try await NetworkFlowSolver().solve(p, options: SolveOptions())
    guard let expected else {
        #expect(r.termination.reason == .infeasible, "seed \(seed): \(r.termination)")
        return (false, true)
    }
    #expect(r.termination.reason == .optimal, "seed \(seed): \(r.termination) \(r.diagnostics)")
    guard let objective = r.objective, let matching = r.matching, let duals = r.duals else { return (false, false) }
    #expect(MatchingValidator.check(matching, against: p).isFeasible, "seed \(seed)")
    #expect(abs(objective - expected.objective) < 1e-9, "seed \(seed): hungarian \(objective), brute force \(expected.objective)")
    let bound = DualBound.bound(of: p, duals: duals)
    #expect(abs(bound - objective) < 1e-6, "seed \(seed): certificate \(bound) vs objective \(objective)")
    return (true, false)
}
