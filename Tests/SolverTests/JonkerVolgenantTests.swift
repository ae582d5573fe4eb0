import MatchingCore
@testable import MatchingSolvers
import MatchingTestSupport
import Testing

/// The square assignment path (Jonker and Volgenant) against brute force and
/// against the network engine's own solve.
@Suite("square assignment (Jonker–Volgenant)")
struct JonkerVolgenantTests {
    /// An n × n assignment: every mentor and mentee exactly once, scores of the given kind.
    static func square(_ n: Int, seed: UInt64, levels: Int?) -> MatchingProblem {
        var g = SplitMix64(seed: seed)
        let scores = ScoreMatrix(mentors: n, mentees: n) { _, _ in
            if let levels { return Double(Int(g.next() % UInt64(levels)) - levels / 3) }   // ties, some negative
            return Double(Int64(g.next() % 2_000_001) - 1_000_000) / 997
        }
        return MatchingProblem(scores: scores, mentorLoad: CountRange(min: 1, max: 1), menteeDemand: CountRange(min: 1, max: 1))
    }

    @Test("n ≤ 7 (all pairs, ties and negative scores in half): the optimum equals brute force, proven by its duals")
    func againstBruteForce() async throws {
        for seed in UInt64(0)..<120 {
            let n = 1 + Int(seed % 7)
            let p = Self.square(n, seed: 60_000 + seed, levels: seed % 2 == 0 ? 3 : nil)
            let r = try await NetworkFlowSolver().solve(p, options: SolveOptions())
            let expected = try #require(BruteForce.solve(p)).objective
            #expect(r.termination.reason == .optimal && r.statistics.proof == .dualPotentials && r.diagnostics.contains { $0.contains("Jonker and Volgenant") }, "seed \(seed): \(r.termination)")
            #expect(abs((r.objective ?? .nan) - expected) <= 1e-9 * max(1, abs(expected)), "seed \(seed): \(r.objective ?? .nan) against \(expected)")
            #expect(MatchingValidator.check(try #require(r.matching), against: p).isFeasible)
        }
    }

    @Test("n up to 300 (ties from 2 to 50 levels, or real scores): the same optimum as the network engine's solve from nothing, proven by the duals")
    func againstTheEngine() async throws {
        for seed in UInt64(0)..<40 {
            let n = [8, 31, 64, 150, 300][Int(seed % 5)]
            let levels: Int? = [2, 5, 50, nil][Int(seed / 5 % 4)]
            let p = Self.square(n, seed: 61_000 + seed, levels: levels)
            let jv = try await NetworkFlowSolver().solve(p, options: SolveOptions())
            let (engine, _) = try await NetworkFlowSolver().solve(p, options: SolveOptions(), reoptimisingFrom: nil)
            #expect(jv.termination.reason == .optimal && jv.statistics.proof == .dualPotentials, "seed \(seed): \(jv.termination)")
            #expect(jv.diagnostics.contains { $0.hasPrefix("square assignment by Jonker and Volgenant") } && !engine.diagnostics.contains { $0.contains("Jonker") })
            let a = try #require(jv.objective), b = try #require(engine.objective)
            #expect(abs(a - b) <= 1e-9 * max(1, abs(b)), "seed \(seed) n \(n): \(a) against \(b)")
            let duals = try #require(jv.duals)
            // Dual feasibility up to rounding: every pair's score is at most its mentor's and mentee's values.
            let slack = (0..<n).flatMap { i in (0..<n).map { j in p.scores[i, j] - duals.mentors[i] - duals.mentees[j] } }.max()!
            #expect(slack <= 1e-7 * max(1, abs(b) / Double(n)), "seed \(seed): a pair beats its duals by \(slack)")
        }
    }

    @Test("single-precision storage: the same columns, values and prices bit for bit as double storage; refused when a later row is not exact")
    func singlePrecisionStorage() throws {
        let everywhere = 0...Int.max, nowhere = Int.max...Int.max
        for seed in UInt64(0)..<24 {
            let n = [5, 40, 120, 257][Int(seed % 4)]
            // Integers (some tied, some negative, up to 2²⁴), then the same with one cell of a
            // later row made inexact in single precision.
            var p = Self.square(n, seed: 62_000 + seed, levels: [3, 50, 1 << 24][Int(seed / 4 % 3)])
            for inexact in [false, true] {
                if inexact { p.scores[n - 1, Int(seed) % n] += 0.1 }
                let values = p.scores.values
                let (single, double) = values.withUnsafeBufferPointer { P in
                    (_JonkerVolgenant.solve(n: n, profit: P, singlePrecisionPairs: everywhere) { false },
                     _JonkerVolgenant.solve(n: n, profit: P, singlePrecisionPairs: nowhere) { false })
                }
                let a = try #require(single), b = try #require(double)
                #expect(a.singlePrecision == !inexact && !b.singlePrecision, "seed \(seed)")
                #expect(a.column == b.column && a.paths == b.paths, "seed \(seed)")
                #expect(a.rowValue.map(\.bitPattern) == b.rowValue.map(\.bitPattern) && a.price.map(\.bitPattern) == b.price.map(\.bitPattern),
                        "seed \(seed): the duals differ")
                // And the permutation is optimal: its duals bound every pair and are tight on it.
                let slack = (0..<n).flatMap { i in (0..<n).map { j in p.scores[i, j] - a.rowValue[i] - a.price[j] } }.max()!
                #expect(slack <= 1e-6, "seed \(seed): a pair beats its duals by \(slack)")
                #expect((0..<n).allSatisfy { abs(p.scores[$0, a.column[$0]] - a.rowValue[$0] - a.price[a.column[$0]]) <= 1e-6 })
            }
        }
    }
}
