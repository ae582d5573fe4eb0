import MatchingCore
import MatchingGLPK
import MatchingSolvers
import Testing

/// Stability in one pool with capacities (the stable fixtures problem):
/// the blocking-pair audit and GLPK's best-total stable matching against
/// brute force on tiny pools, and agreement with Irving's algorithm when
/// everyone takes one partner.
@Suite("stable fixtures (one pool with capacities)")
struct GLPKStableFixturesTests {
    /// A tiny pool: strict rankings (random orders; some pairs mutually
    /// unacceptable), capacities 0–3, integer scores.
    struct Tiny {
        var rank: [[Int?]]
        var capacity: [Int]
        var scores: [[Double]]
        var pool: PoolProblem
    }

    static func tiny(seed: UInt64, capacities: ClosedRange<Int> = 0...3) throws -> Tiny {
        var g = SplitMix64(seed: seed)
        let n = 3 + g.below(4)
        var acceptable = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        var scores = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for a in 0..<n {
            for b in (a + 1)..<n {
                let ok = g.below(6) != 0
                acceptable[a][b] = ok; acceptable[b][a] = ok
                let s = Double(g.below(10))
                scores[a][b] = ok ? s : -.infinity; scores[b][a] = scores[a][b]
            }
            scores[a][a] = -.infinity
        }
        let rank: [[Int?]] = (0..<n).map { a in
            var order = (0..<n).filter { acceptable[a][$0] }
            for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, g.below(k + 1)) }
            var r = [Int?](repeating: nil, count: n)
            for (k, b) in order.enumerated() { r[b] = k }
            return r
        }
        let capacity = (0..<n).map { _ in capacities.lowerBound + g.below(capacities.count) }
        let pool = PoolProblem(scores: try ScoreMatrix(rows: scores), partners: capacity.map { CountRange(min: 0, max: $0) })
        return Tiny(rank: rank, capacity: capacity, scores: scores, pool: pool)
    }

    /// Blocking pairs, written out from the definition.
    static func blocking(_ pairs: [Pair], _ t: Tiny) -> [Pair] {
        let n = t.rank.count
        var partners = [[Int]](repeating: [], count: n)
        for p in pairs { partners[p.mentor.rawValue].append(p.mentee.rawValue); partners[p.mentee.rawValue].append(p.mentor.rawValue) }
        func wouldTake(_ x: Int, _ y: Int) -> Bool {
            guard t.capacity[x] > 0 else { return false }
            if partners[x].count < t.capacity[x] { return true }
            return partners[x].contains { t.rank[x][$0]! > t.rank[x][y]! }
        }
        var out = [Pair]()
        for a in 0..<n {
            for b in (a + 1)..<n where t.rank[a][b] != nil && !partners[a].contains(b) && wouldTake(a, b) && wouldTake(b, a) {
                out.append(Pair(mentor: a, mentee: b))
            }
        }
        return out
    }

    /// Every matching within the capacities (pairs a < b), by enumeration.
    static func matchings(_ t: Tiny) -> [[Pair]] {
        let n = t.rank.count
        let edges = (0..<n).flatMap { a in ((a + 1)..<n).filter { t.rank[a][$0] != nil }.map { Pair(mentor: a, mentee: $0) } }
        var out = [[Pair]]()
        for mask in 0..<(1 << edges.count) {
            var degree = [Int](repeating: 0, count: n)
            var chosen = [Pair]()
            for (k, e) in edges.enumerated() where mask & (1 << k) != 0 {
                chosen.append(e)
                degree[e.mentor.rawValue] += 1; degree[e.mentee.rawValue] += 1
            }
            if (0..<n).allSatisfy({ degree[$0] <= t.capacity[$0] }) { out.append(chosen) }
        }
        return out
    }

    @Test("GLPK's best stable matching equals brute force's, or both find none (with capacities above 1 too); the audit equals the definition on every matching")
    func againstBruteForce() async throws {
        var counts = (exists: 0, none: 0, noneWithCapacities: 0, audited: 0, multi: 0, pathsFound: 0)
        for seed in UInt64(700)..<UInt64(880) {
            let t = try Self.tiny(seed: seed)
            if t.capacity.contains(where: { $0 > 1 }) { counts.multi += 1 }
            var best: Double?
            for m in Self.matchings(t) {
                let expected = Self.blocking(m, t)
                #expect(StableRoommates.blockingPairs(Matching(pairs: m), rank: t.rank, capacity: t.capacity) == expected, "seed \(seed): \(m)")
                counts.audited += 1
                if expected.isEmpty {
                    let total = m.reduce(0) { $0 + t.scores[$1.mentor.rawValue][$1.mentee.rawValue] }
                    best = Swift.max(best ?? -.infinity, total)
                }
            }
            let r = try await GLPKSolver().bestStable(pool: t.pool, rank: t.rank)
            // Random paths to stability: what they reach is stable, and they reach nothing where nothing is.
            let path = StableFixtures.randomPaths(rank: t.rank, capacity: t.capacity, seed: seed, maxSteps: 500)
            if let path {
                counts.pathsFound += 1
                #expect(best != nil && Self.blocking(path.pairs, t).isEmpty, "seed \(seed): random paths returned \(path.pairs)")
            }
            if let best {
                counts.exists += 1
                #expect(r.termination.reason == .optimal && r.objective == best, "seed \(seed): \(r.termination) \(String(describing: r.objective)) against \(best)")
                if let pairs = r.pairs {
                    #expect(Self.blocking(pairs, t).isEmpty, "seed \(seed): GLPK's matching has blocking pairs")
                }
            } else {
                counts.none += 1
                if t.capacity.contains(where: { $0 > 1 }) { counts.noneWithCapacities += 1 }
                #expect(r.termination.reason == .infeasible, "seed \(seed): no stable matching exists, GLPK says \(r.termination)")
            }
        }
        #expect(counts.exists >= 100 && counts.noneWithCapacities >= 1 && counts.multi >= 100, "\(counts)")
        #expect(Double(counts.pathsFound) >= 0.95 * Double(counts.exists), "\(counts)")
    }

    @Test("with one partner each, GLPK and Irving's algorithm agree on whether a stable matching exists")
    func agreesWithIrving() async throws {
        var outcomes = (stable: 0, none: 0)
        for seed in UInt64(900)..<UInt64(1_000) {
            let t = try Self.tiny(seed: seed, capacities: 1...1)
            let r = try await GLPKSolver().bestStable(pool: t.pool, rank: t.rank)
            switch StableRoommates.solve(t.rank) {
            case .stable:
                outcomes.stable += 1
                #expect(r.termination.reason == .optimal, "seed \(seed): \(r.termination)")
            case .none:
                outcomes.none += 1
                #expect(r.termination.reason == .infeasible, "seed \(seed): \(r.termination)")
            }
        }
        #expect(outcomes.stable >= 50 && outcomes.none >= 3, "\(outcomes)")
    }
}
