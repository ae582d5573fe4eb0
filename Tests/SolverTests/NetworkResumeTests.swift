import MatchingCore
import MatchingSolvers
import MatchingTestSupport
import Testing

/// Re-optimisation (``NetworkFlowSolver/solve(_:options:reoptimisingFrom:)``):
/// chains of solves, each from the previous optimum under changed scores,
/// against solves from nothing and brute force.
@Suite("network solver: re-optimisation after the scores change")
struct NetworkResumeTests {
    /// The scores of `p` changed by `mode` (the step's own stream of draws).
    static func changed(_ p: MatchingProblem, mode: Int, seed: UInt64) -> MatchingProblem {
        var g = SplitMix64(seed: seed)
        var q = p
        let m = p.mentorCount, n = p.menteeCount
        func draw(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        switch mode {
        case 0:
            break   // the same scores
        case 1:
            // Nudges of one point: ties made and broken.
            q.scores = ScoreMatrix(mentors: m, mentees: n) { i, j in p.scores[i, j] + Double(draw(-1...1)) }
        case 2:
            // A weight change: every score moves in proportion, and by a per-pair amount.
            q.scores = ScoreMatrix(mentors: m, mentees: n) { i, j in 0.9 * p.scores[i, j] + Double(draw(0...3)) * 0.37 }
        default:
            // New scores altogether.
            q.scores = ScoreMatrix(mentors: m, mentees: n) { _, _ in Double(draw(-3...12)) }
        }
        return q
    }

    /// Network problems with slots, groups, minimum loads, committees and penalties.
    static func options(_ seed: UInt64) -> RandomProblems.Options {
        let base: RandomProblems.Options = switch seed % 4 {
        case 0: .network
        case 1: .streamableRules(maxPerMentor: true, quotas: false)
        case 2: .streamableRules(maxPerMentor: false, quotas: true)
        default: .streamableRules(maxPerMentor: true, quotas: true)
        }
        return base.with {
            $0.mentors = seed % 3 == 0 ? 1...3 : 2...7
            $0.mentees = seed % 3 == 0 ? 1...5 : 3...16
        }
    }

    @Test("chains of six changes: each re-optimised solve has the optimum of a solve from nothing (and of brute force on small ones), a matching the validator accepts, and duals that prove it; the same scores and small nudges are re-optimised, and many large changes too", arguments: 0..<4)
    func chains(_ batch: Int) async throws {
        let solver = NetworkFlowSolver()
        var steps = [Int](repeating: 0, count: 4), resumed = [Int](repeating: 0, count: 4), bruteForced = 0
        for seed in UInt64(batch * 60)..<UInt64(batch * 60 + 60) {
            var p = RandomProblems.make(seed: seed, Self.options(seed))
            let kind = p.shape.kind
            guard kind == .assignment || kind == .layeredNetwork, p.objective == .total else { continue }
            var end: NetworkFlowSolver.OptimalFlow? = nil
            for step in 0..<6 {
                let mode = Int((seed &+ UInt64(step)) % 4)
                if step > 0 { p = Self.changed(p, mode: mode, seed: seed &* 31 &+ UInt64(step)) }
                let (r, next) = try await solver.solve(p, options: SolveOptions(), reoptimisingFrom: end)
                let cold = try await solver.solve(p, options: SolveOptions())
                #expect(r.termination.reason == cold.termination.reason, "seed \(seed) step \(step): \(r.termination) vs \(cold.termination)")
                if let objective = cold.objective {
                    #expect(abs((r.objective ?? .nan) - objective) <= 1e-9 * Swift.max(1, abs(objective)), "seed \(seed) step \(step): \(r.objective ?? .nan) vs \(objective)")
                    let matching = try #require(r.matching)
                    #expect(MatchingValidator.check(matching, against: p).isFeasible, "seed \(seed) step \(step)")
                    #expect(r.statistics.proof == .dualPotentials, "seed \(seed) step \(step): \(r.termination)")
                    let bound = DualBound.bound(of: p, duals: try #require(r.duals))
                    #expect(abs(bound - objective) <= 1e-6 * Swift.max(1, abs(objective)), "seed \(seed) step \(step): bound \(bound)")
                    #expect(next != nil)
                    if p.mentorCount * p.menteeCount <= 15, let exact = BruteForce.solve(p) {
                        #expect(abs(exact.objective - objective) < 1e-9, "seed \(seed) step \(step): brute force \(exact.objective)")
                        bruteForced += 1
                    }
                } else {
                    #expect(next == nil)
                }
                if end != nil && r.diagnostics.contains(where: { $0.hasPrefix("re-optimised from the previous optimum") }) { resumed[mode] += 1 }
                if step > 0 && end != nil { steps[mode] += 1 }
                end = next
            }
        }
        // Re-optimisation that never holds would fall back to solving from nothing and pass the checks above.
        // (Large changes may exceed the re-optimisation's budget and be solved from nothing, by design.)
        #expect(steps.allSatisfy { $0 >= 40 }, "steps per kind of change: \(steps)")
        #expect(resumed[0] == steps[0] && Double(resumed[1]) >= 0.85 * Double(steps[1]) && resumed[2] + resumed[3] >= 50,
                "re-optimised \(resumed) of \(steps) (same scores, nudges, a weight change, new scores)")
        #expect(bruteForced >= 20, "brute force on \(bruteForced)")
    }

    @Test("the same scores again: nothing to cancel, nothing to route; the optimum of another program (other sizes, or the same sizes with other loads) is not used")
    func sameScoresAndOtherPrograms() async throws {
        let solver = NetworkFlowSolver()
        let p = RandomProblems.make(seed: 7, RandomProblems.Options.streamableRules(maxPerMentor: true, quotas: true).with { $0.mentors = 5...5; $0.mentees = 14...14 })
        let (first, end) = try await solver.solve(p, options: SolveOptions(), reoptimisingFrom: nil)
        let start = try #require(end)
        #expect(!start.reoptimised)
        let (again, next) = try await solver.solve(p, options: SolveOptions(), reoptimisingFrom: start)
        #expect(abs((again.objective ?? .nan) - (first.objective ?? .nan)) < 1e-9)
        #expect(next?.reoptimised == true)
        #expect(again.diagnostics.contains { $0.contains("0 negative cycle(s) cancelled") && $0.hasSuffix(" 0 unit(s) routed again") }, "\(again.diagnostics)")
        var otherLoads = p
        otherLoads.mentorLoad = p.mentorLoad.map { CountRange(min: 0, max: $0.max + 1) }
        let other = RandomProblems.make(seed: 8, RandomProblems.Options.network.with { $0.mentors = 3...3; $0.mentees = 4...4 })
        for q in [other, otherLoads] {
            let (r, end) = try await solver.solve(q, options: SolveOptions(), reoptimisingFrom: start)
            let cold = try await solver.solve(q, options: SolveOptions())
            #expect(r.termination.reason == cold.termination.reason)
            #expect(abs((r.objective ?? .nan) - (cold.objective ?? .nan)) < 1e-9)
            #expect(!r.diagnostics.contains { $0.hasPrefix("re-optimised") } && end?.reoptimised != true)
        }
    }
}
