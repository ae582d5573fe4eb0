import MatchingCore
import MatchingSolvers
import MatchingTestSupport
import Testing

/// Pair score ranges, checked by re-solving just inside and just outside
/// each end (scores are whole numbers, so every end is one; half a point
/// either side decides).
@Suite("pair sensitivity")
struct SensitivityTests {
    /// The objective of `matching` under `problem`'s scores.
    func value(_ matching: Matching, _ problem: MatchingProblem) -> Double { MatchingValidator.check(matching, against: problem).objective }

    @Test("on 150 seeded network problems: inside each end the matching is still optimal, outside a strictly better one exists", arguments: 0..<3)
    func insideAndOutside(_ batch: Int) async throws {
        var checked = (lower: 0, upper: 0, unbounded: 0)
        for seed in UInt64(4_000 + batch * 50)..<UInt64(4_000 + batch * 50 + 50) {
            let p = RandomProblems.make(seed: seed, .network.with { $0.mentees = 2...6 })
            let solver = NetworkFlowSolver()
            let r = try await solver.solve(p, options: SolveOptions())
            guard let matching = r.matching, let optimum = r.objective, r.termination.reason == .optimal else { continue }
            let allowed = (0..<p.mentorCount).flatMap { i in (0..<p.menteeCount).map { Pair(mentor: i, mentee: $0) } }.filter { p.isAllowed($0) && !p.fixed.contains($0) }
            for pair in allowed.prefix(6) {
                let range = try await PairSensitivity.range(of: pair, matching: matching, optimum: optimum, in: p, solver: solver)
                #expect(range.proven, "seed \(seed) \(pair)")
                func optimumWith(score s: Double) async throws -> (best: Double, ours: Double) {
                    var q = p
                    q.scores[pair.mentor.rawValue, pair.mentee.rawValue] = s
                    let best = try await solver.solve(q, options: SolveOptions()).objective ?? .nan
                    return (best, value(matching, q))
                }
                if range.matched, range.lower.isFinite {
                    let inside = try await optimumWith(score: range.lower + 0.5), outside = try await optimumWith(score: range.lower - 0.5)
                    #expect(abs(inside.best - inside.ours) < 1e-9, "seed \(seed) \(pair): still optimal above \(range.lower)")
                    #expect(outside.best > outside.ours + 1e-9, "seed \(seed) \(pair): a better matching below \(range.lower)")
                    checked.lower += 1
                } else if !range.matched, range.upper.isFinite {
                    let inside = try await optimumWith(score: range.upper - 0.5), outside = try await optimumWith(score: range.upper + 0.5)
                    #expect(abs(inside.best - inside.ours) < 1e-9, "seed \(seed) \(pair): still optimal below \(range.upper)")
                    #expect(outside.best > outside.ours + 1e-9, "seed \(seed) \(pair): a better matching above \(range.upper)")
                    checked.upper += 1
                } else {
                    // No end: the matching stays optimal however far the score moves that way.
                    let far = try await optimumWith(score: range.matched ? range.score - 10_000 : range.score + 10_000)
                    if range.matched { #expect(abs(far.best - far.ours) < 1e-9, "seed \(seed) \(pair): needed, yet replaced") }
                    checked.unbounded += 1
                }
            }
        }
        #expect(checked.lower > 30 && checked.upper > 30, "\(checked)")
    }
}
