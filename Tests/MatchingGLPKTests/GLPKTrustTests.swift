import MatchingCore
@testable import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

@Suite("GLPK's optimality claim against its tolerances")
struct GLPKTrustTests {
    /// Two mentors taking up to two mentees each, three mentees who must be
    /// matched, mentees 0 and 1 kept apart: the separation binds, so the
    /// network relaxation cannot confirm GLPK's claim.
    static func problem(offset: Double, step: Double) throws -> MatchingProblem {
        let k: [[Double]] = [[9, 8, 1], [2, 3, 7]]
        var p = MatchingProblem(scores: try ScoreMatrix(rows: k.map { $0.map { offset + step * $0 } }),
                                mentorLoad: CountRange(min: 0, max: 2), menteeDemand: CountRange(min: 1, max: 1))
        p.separations = [Separation(MenteeIndex(0), MenteeIndex(1))]
        return p
    }

    @Test("scores 1e6 + 0.001·k: GLPK's tolerance exceeds the gaps, so the claim is reported feasible with a valid bound")
    func offsetScores() async throws {
        let p = try Self.problem(offset: 1e6, step: 0.001)
        let best = try #require(BruteForce.solve(p))
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .feasible, "\(r.termination)")
        let bound = try #require(r.bound)
        #expect(bound >= best.objective)
        #expect(MatchingValidator.check(try #require(r.matching), against: p).isFeasible)
    }

    @Test("small integer scores: the same claim is kept optimal, and equals brute force")
    func integerScores() async throws {
        let p = try Self.problem(offset: 0, step: 1)
        let best = try #require(BruteForce.solve(p))
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal, "\(r.termination)")
        #expect(r.objective == best.objective)
        // Without a time limit the confirming solve is capped; with no time for it, the tolerance test decides.
        let capped = try await GLPKSolver(confirmationTimeLimit: 0).solve(p, options: SolveOptions())
        #expect(capped.termination.reason == .optimal && capped.termination.detail.contains("no time was left"), "\(capped.termination)")
    }

    @Test("a relaxation bound below the validated objective is a diagnostic, never a confirmation")
    func impossibleBound() async throws {
        let p = try Self.problem(offset: 0, step: 1)
        var network = p
        network.separations = []
        let relaxed = try #require(try await NetworkFlowSolver().solve(network, options: SolveOptions()).bound)
        // A report whose objective claims more than the relaxation allows.
        let claimed = SolveReport(termination: Termination(.optimal, detail: "proven optimal by branch and bound"),
                                  matching: Matching(pairs: []), objective: relaxed + 5, bound: relaxed + 5, solver: GLPKSolver.identity)
        let out = await GLPKSolver().checkedClaim(claimed, p, options: SolveOptions(), deadline: nil)
        #expect(!out.termination.detail.contains("confirmed independently"), "\(out.termination)")
        #expect(out.diagnostics.contains { $0.contains("is below the validated objective") }, "\(out.diagnostics)")
    }
}
