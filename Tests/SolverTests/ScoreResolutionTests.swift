@testable import MatchingCore
import MatchingSolvers
import Testing

/// Claims that double precision cannot support at a problem's scale are not
/// made: close huge scores that the sentinel rule cannot replace exactly.
@Suite("optimal claims and the scale of the scores")
struct ScoreResolutionTests {
    /// Every mentee must be matched, and two of them only through huge
    /// negative scores one apart — a difference doubles lose in the sums.
    static func problem() throws -> MatchingProblem {
        let h = -1e15
        return MatchingProblem(scores: try ScoreMatrix(rows: [[5, h, h + 1], [3, h + 1, h], [4, 2, h]]),
                               mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 1, max: 1))
    }

    @Test("hungarian, lagrangian and auto do not call it optimal", arguments: ["hungarian", "lagrangian", "auto"])
    func noUnprovenClaim(_ name: String) async throws {
        let p = try Self.problem()
        #expect(SentinelScores(p) == nil)   // the rule cannot replace -1e15 and -1e15 + 1 exactly
        let solver = solver(named: name)
        let r = try await solver.solve(p, options: SolveOptions(timeLimit: 10))
        #expect(r.matching != nil)
        #expect(r.termination.reason != .optimal, "\(name): \(r.termination)")
        #expect(r.gap == nil)
        if r.termination.reason == .feasible { #expect(r.termination.detail.contains("forbidden")) }
    }

    @Test func ordinaryScalesKeepTheirProof() async throws {
        // The same shape with ordinary scores: proven optimal.
        let p = MatchingProblem(scores: try ScoreMatrix(rows: [[5, -7, -6], [3, -6, -7], [4, 2, -7]]),
                                mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 1, max: 1))
        let r = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal && r.objective == 0)
    }

    @Test("the selection of the typical score equals the sorted sample's element, with ties, runs and every rank of small samples")
    func selectionMatchesSorting() {
        var g = SplitMix64(seed: 7)
        var cases: [[Double]] = [[1], [2, 1], [1, 1, 1], Array(repeating: 3, count: 50), (0..<40).map(Double.init), (0..<40).reversed().map(Double.init)]
        for n in [3, 10, 101, 1_000, 10_001] {
            cases.append((0..<n).map { _ in Double(g.next() % 7) })            // heavy ties
            cases.append((0..<n).map { _ in Double(g.next() >> 11) / Double(1 << 53) })
        }
        for values in cases {
            let sorted = values.sorted()
            let ranks = values.count <= 101 ? Array(values.indices) : [0, values.count / 10, values.count / 2, values.count - 1]
            for k in ranks {
                var copy = values
                #expect(ScoreResolution.select(&copy, k) == sorted[k], "n = \(values.count), k = \(k)")
                #expect(copy.sorted() == sorted)
            }
        }
    }
}
