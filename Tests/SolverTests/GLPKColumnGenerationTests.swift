import Foundation
import MatchingCore
import MatchingGLPK
import MatchingSolvers
import Testing

@Suite("GLPK on candidate pairs, priced by the LP duals")
struct PricedGLPKTests {
    /// Problems only an integer program holds: separations, several rules, crossShare.
    static func ruleProblem(seed: UInt64) -> MatchingProblem {
        var g = SplitMix64(seed: seed &* 31 &+ 7)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(g.next() % UInt64(r.count)) }
        let m = int(3...8), n = int(6...24)
        var p = MatchingProblem(scores: ScoreMatrix(mentors: m, mentees: n) { _, _ in Double(int(0...100)) },
                                mentorLoad: CountRange(min: 0, max: int(1...4)), menteeDemand: CountRange(min: 0, max: 1),
                                unmatchedPenalty: Double(int(0...30)))
        p.menteeAttributes = ["dept": (0..<n).map { _ in ["a", "b", "c"][int(0...2)] }, "region": (0..<n).map { _ in ["x", "y"][int(0...1)] }]
        p.mentorAttributes = ["dept": (0..<m).map { _ in ["a", "b", "c"][int(0...2)] }]
        p.constraints = [.maxPerMentor(attribute: "dept", limit: int(1...2)), .maxPerMentor(attribute: "region", limit: int(1...2))]
        if seed % 3 == 0 { p.constraints.append(.crossShare(attribute: "dept", minShare: 0.5)) }
        if seed % 3 == 1 { p.constraints.append(.quota(attribute: "region", value: "x", count: CountRange(min: 0, max: int(1...4)))) }
        p.separations = stride(from: 0, to: n - 1, by: 4).map { Separation(MenteeIndex($0), MenteeIndex($0 + 1)) }
        for i in 0..<m { for j in 0..<n where int(0...99) < 10 { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        return p
    }

    @Test("the bound holds for the full problem, equals its LP relaxation once pricing ends, and an optimal claim is the true optimum",
          arguments: 0..<4)
    func boundsAndOptima(_ batch: Int) async throws {
        var proven = 0, priced = 0
        for seed in UInt64(batch * 15)..<UInt64(batch * 15 + 15) {
            let p = Self.ruleProblem(seed: seed)
            let exact = try await GLPKSolver().solve(p, options: SolveOptions())
            guard exact.termination.reason == .optimal, let optimum = exact.objective else { continue }
            let lp = try #require(try await GLPKSolver().relaxationValue(of: p))
            let r = try await GLPKColumnGenerationSolver(candidatesPerMentee: 1, candidatesPerMentor: 0, addedPerMenteePerRound: 1).solve(p, options: SolveOptions())
            let bound = try #require(r.bound, "seed \(seed): \(r.termination)")
            #expect(bound >= optimum - 1e-6, "seed \(seed): bound \(bound) below the optimum \(optimum)")
            if r.diagnostics.contains(where: { $0.contains("no pair left out can raise") }) {
                priced += 1
                #expect(abs(bound - Swift.max(lp, r.objective ?? lp)) < 1e-6, "seed \(seed): bound \(bound), LP relaxation \(lp)")
            }
            if let matching = r.matching {
                let check = MatchingValidator.check(matching, against: p)
                #expect(check.isFeasible, "seed \(seed): \(check.violations)")
                #expect(abs(check.objective - r.objective!) < 1e-6)
                #expect(check.objective <= optimum + 1e-6)
            }
            if r.termination.reason == .optimal {
                proven += 1
                #expect(abs(r.objective! - optimum) < 1e-6, "seed \(seed)")
            }
        }
        #expect(priced >= 8, "pricing finished in \(priced) solves")
        #expect(proven >= 2, "proven optimal in \(proven) solves")
    }
}
