import MatchingCore
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
}
