import BenchmarkInstances
import Foundation
import MatchingCore
import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

/// GLPK's branch and bound as the checking oracle of the blossom solver on
/// pools too large for brute force: the same optimum, every time. (GLPK has
/// no odd-set cuts: the matching LP relaxation is fractional on odd cycles
/// and its branch and bound slows down from about 30 people, so the pools
/// here stay small.)
@Suite("Pool matching against GLPK")
struct GLPKPoolOracleTests {
    @Test("capacitated pools of 8–18 people: the blossom solver's certified optimum equals GLPK's", arguments: 0..<4)
    func capacities(_ batch: Int) async throws {
        var compared = 0
        for seed in UInt64(10_000 + batch * 25)..<UInt64(10_000 + batch * 25 + 25) {
            var g = SplitMix64(seed: seed)
            let n = 8 + Int(g.next() % 11)
            var p = PoolFamily.peer.problem(count: n, seed: seed)
            p.partners = (0..<n).map { _ in CountRange(min: Int(g.next() % 2), max: 1 + Int(g.next() % 3)) }
            p.unmatchedPenalty = (0..<n).map { _ in Double(g.next() % 200_000) }
            let blossom = try await BlossomSolver(candidatesPerPerson: 3, addedPerPerson: 2).solve(p)
            let glpk = try await GLPKSolver().solve(p, options: SolveOptions(timeLimit: 60))
            if glpk.termination.reason == .infeasible {
                #expect(blossom.termination.reason == .infeasible, "seed \(seed): \(blossom.termination)")
                continue
            }
            try #require(glpk.termination.reason == .optimal, "seed \(seed): GLPK \(glpk.termination)")
            #expect(blossom.termination.reason == .optimal, "seed \(seed): \(blossom.termination)")
            #expect(blossom.objective == glpk.objective, "seed \(seed): blossom \(blossom.objective ?? .nan), GLPK \(glpk.objective ?? .nan)")
            compared += 1
        }
        #expect(compared >= 15)
    }

    @Test("one partner each on the peer family: the same optimum as GLPK")
    func peers() async throws {
        for n in [15, 20] {
            let p = PoolFamily.peer.problem(count: n)
            let blossom = try await BlossomSolver().solve(p)
            let glpk = try await GLPKSolver().solve(p, options: SolveOptions(timeLimit: 60))
            #expect(glpk.termination.reason == .optimal)
            #expect(blossom.objective == glpk.objective && blossom.bound == blossom.objective)
        }
    }
}
