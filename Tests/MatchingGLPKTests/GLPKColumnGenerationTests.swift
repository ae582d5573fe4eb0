import Foundation
import MatchingCore
import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

@Suite("GLPK on candidate pairs, priced by the LP duals")
struct PricedGLPKTests {
    @Test("the bound holds for the full problem, equals its LP relaxation once pricing ends, and an optimal claim is the true optimum",
          arguments: 0..<4)
    func boundsAndOptima(_ batch: Int) async throws {
        var proven = 0, priced = 0
        for seed in UInt64(batch * 15)..<UInt64(batch * 15 + 15) {
            let p = RandomProblems.make(seed: seed, .integerProgram)
            try p.validate()
            #expect(p.shape.kind == .integerProgram, "seed \(seed)")
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
