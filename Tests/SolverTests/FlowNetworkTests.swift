import MatchingCore
@testable import MatchingSolvers
import MatchingTestSupport
import Testing

@Suite("The explicit-arc flow network: a warm start from the last round's optimum")
struct FlowNetworkTests {
    /// Mentors → mentees → two quota groups → T, as the pricing solver builds it (pair arcs
    /// first, in `pairs` order, then the rest in a fixed order): 1–5 ratings, each mentor
    /// 3 units of which 2 may go unmatched, group 0 with a minimum.
    static func network(_ scores: ScoreMatrix, pairs: [Pair], minimum: Int) -> (_FlowNetwork, [(node: Int, units: Int)]) {
        let m = scores.mentors, n = scores.mentees, groups = 2, z = m + n + groups, t = z + 1
        var b = _FlowNetwork.Builder()
        var p = [Double](repeating: 0, count: t + 1)
        for pair in pairs {
            let i = pair.mentor.rawValue, j = pair.mentee.rawValue
            b.add(i, m + j, capacity: 1, cost: -scores[i, j])
            p[i] = max(p[i], scores[i, j])
        }
        for i in 0..<m { b.add(i, z, capacity: 2) }
        for j in 0..<n { b.add(m + j, m + n + j % groups, capacity: 1) }
        b.add(m + n, t, capacity: n, low: minimum)
        b.add(m + n + 1, t, capacity: n)
        b.add(z, t, capacity: 3 * m)
        return (_FlowNetwork(nodes: t + 1, sink: t, b, potential: p), (0..<m).map { ($0, 3) })
    }

    static func total(_ network: _FlowNetwork, _ scores: ScoreMatrix, _ pairs: [Pair]) -> Double {
        pairs.indices.reduce(0) { $0 + (network.flow($1) > 0 ? scores[pairs[$1]] : 0) }
    }

    @Test("a round on more pairs, started from the last round's flow and potentials: the optimum of a solve from nothing on the same pairs, every usable arc with a non-negative reduced cost, the quota's minimum kept, and fewer nodes settled", arguments: 0..<8)
    func warmStartEqualsAFreshSolve(_ seed: Int) throws {
        var g = SplitMix64(seed: UInt64(100 + seed))
        let m = 12 + g.below(20), n = 5 * m
        let scores = ScoreMatrix(mentors: m, mentees: n) { _, _ in Double(1 + g.below(5)) + Double(g.below(100)) / 1000 }
        let all = (0..<m).flatMap { i in (0..<n).map { Pair(mentor: i, mentee: $0) } }
        // The first round's pairs, then a few more (the pricing pass's), sorted as the solver keeps them.
        let first = all.filter { _ in g.below(4) == 0 }
        let added = Set(all.filter { _ in g.below(150) == 0 }).subtracting(first)
        let second = (first + added).sorted()
        let minimum = n / 4
        var (old, supply) = Self.network(scores, pairs: first, minimum: minimum)
        guard case .done = old.run(supply: supply, shouldStop: { false }, progress: { _, _ in }) else { return }
        var (fresh, _) = Self.network(scores, pairs: second, minimum: minimum)
        guard case .done = fresh.run(supply: supply, shouldStop: { false }, progress: { _, _ in }) else {
            Issue.record("seed \(seed): more pairs cannot make the network infeasible"); return
        }
        var (warm, _) = Self.network(scores, pairs: second, minimum: minimum)
        let index = Dictionary(uniqueKeysWithValues: first.enumerated().map { ($1, $0) })
        let structural = warm.head.count / 2 - second.count
        let oldArc = second.map { index[$0] ?? -1 } + (0..<structural).map { first.count + $0 }
        let outcome = warm.warmStart(from: old, oldArc: oldArc, supply: supply, shouldStop: { false })
        #expect(outcome == .started, "seed \(seed)")
        #expect(abs(Self.total(warm, scores, second) - Self.total(fresh, scores, second)) < 1e-9,
                "seed \(seed): warm \(Self.total(warm, scores, second)), fresh \(Self.total(fresh, scores, second))")
        for e in 0..<warm.head.count where warm.residual[e] > warm.floor[e] {
            let reduced = warm.cost[e] + warm.potential[Int(warm.head[e ^ 1])] - warm.potential[Int(warm.head[e])]
            #expect(reduced >= -1e-9, "seed \(seed): arc \(e) has reduced cost \(reduced)")
        }
        let quotaArc = 2 * (second.count + m + n)
        #expect(Int(warm.residual[quotaArc + 1]) >= minimum, "seed \(seed): the group has \(warm.residual[quotaArc + 1])")
        #expect(warm.settled < fresh.settled, "seed \(seed): \(warm.settled) nodes warm, \(fresh.settled) fresh")
        // Flows that do not fit (here: another network's sizes) are refused, leaving the network as it was.
        var (other, _) = Self.network(scores, pairs: first, minimum: minimum)
        #expect(other.warmStart(from: old, oldArc: Array(oldArc.dropLast()), supply: supply, shouldStop: { false }) == .refused)
    }
}
