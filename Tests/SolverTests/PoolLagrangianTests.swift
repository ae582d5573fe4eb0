import Foundation
import MatchingCore
@testable import MatchingSolvers
import MatchingTestSupport
import Testing

/// The Lagrangian heuristic for pools with rules: its matchings keep every
/// rule and its bound holds, against brute force.
@Suite("Pool rules: the Lagrangian heuristic")
struct PoolLagrangianTests {
    @Test("tiny pools with rules: every matching keeps the rules and the minimums, objective ≤ brute-force optimum ≤ bound")
    func boundsHold() async throws {
        var found = 0, proven = 0
        for seed in UInt64(30_000)..<UInt64(30_080) {
            var g = SplitMix64(seed: seed)
            var p = RandomPools.make(seed: seed, maxPeople: 8, fractional: seed % 2 == 0, capacities: true)
            let colours = ["a", "b", "c"]
            p.attributes = ["team": (0..<p.count).map { _ in colours[Int(g.next() % 3)] }]
            switch seed % 4 {
            case 0: p.rules = [.maxPerPerson(attribute: "team", limit: 1)]
            case 1: p.rules = [.quota(attribute: "team", value: "a", count: CountRange(min: 1, max: 3))]
            case 2: p.rules = [.crossShare(attribute: "team", minShare: 0.7)]
            default: p.rules = [.crossShare(attribute: "team", minShare: 0.5), .maxPerPerson(attribute: "team", limit: 1)]
            }
            let optimum = RandomPools.bruteForce(p)
            let r = try await PoolLagrangian().solve(p)
            if let pairs = r.pairs {
                #expect(PoolRule.violations(of: pairs, in: p).isEmpty, "seed \(seed)")
                var degree = [Int](repeating: 0, count: p.count)
                for q in pairs { degree[q.mentor.rawValue] += 1; degree[q.mentee.rawValue] += 1; #expect(p.score(q.mentor.rawValue, q.mentee.rawValue).isFinite) }
                #expect((0..<p.count).allSatisfy { p.partners[$0].contains(degree[$0]) }, "seed \(seed)")
                let optimum = try #require(optimum, "seed \(seed): a matching where brute force finds none")
                #expect((r.objective ?? .infinity) <= optimum + 1e-6, "seed \(seed)")
                found += 1
                if r.termination.reason == .optimal { #expect(abs((r.objective ?? 0) - optimum) < 1e-6, "seed \(seed)"); proven += 1 }
            }
            if let optimum, let bound = r.bound { #expect(bound >= optimum - 1e-6, "seed \(seed): bound \(bound) below the optimum \(optimum)") }
            if r.termination.reason == .infeasible { #expect(optimum == nil, "seed \(seed)") }
        }
        #expect(found >= 40, "found \(found), proven \(proven)")
    }
}
