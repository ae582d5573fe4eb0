import MatchingCore

/// Random pools and the brute-force optimum of a general-graph matching.
public enum RandomPools {
    /// A pool of 1…`maxPeople` people with integer (or, with `fractional`, two-decimal)
    /// scores in −5…20 (ties likely), about a fifth forbidden, some people
    /// required, penalties 0…5, and sometimes a fixed pair; with
    /// `capacities`, partner ranges up to 0…3 and minimums up to 2.
    public static func make(seed: UInt64, maxPeople: Int = 10, fractional: Bool = false, capacities: Bool = false) -> PoolProblem {
        var g = SplitMix64(seed: seed)
        let n = 1 + Int(g.next() % UInt64(maxPeople))
        var values = [Double](repeating: 0, count: n * n)
        var forbidden = Set<Pair>()
        for i in 0..<n {
            for j in (i + 1)..<n {
                var s = Double(Int(g.next() % 26) - 5)
                if fractional { s += Double(g.next() % 100) / 100 }
                values[i * n + j] = s
                values[j * n + i] = s
                if g.next() % 5 == 0 { forbidden.insert(Pair(MentorIndex(i), MenteeIndex(j))) }
            }
        }
        let partners: [CountRange] = (0..<n).map { _ in
            if capacities {
                let high = Swift.min(n - 1, Int(g.next() % 4))
                return CountRange(min: g.next() % 4 == 0 ? Swift.min(high, Int(g.next() % 3)) : 0, max: high)
            }
            return g.next() % 4 == 0 ? CountRange(1...1) : (g.next() % 12 == 0 ? CountRange(0...0) : CountRange(0...1))
        }
        let penalty = (0..<n).map { _ in g.next() % 3 == 0 ? Double(g.next() % 6) : 0 }
        var fixed = [Pair]()
        if n >= 2 && g.next() % 4 == 0 {
            let i = Int(g.next() % UInt64(n)), j = Int(g.next() % UInt64(n))
            if i != j && partners[i].max >= 1 && partners[j].max >= 1 && !forbidden.contains(Pair(MentorIndex(Swift.min(i, j)), MenteeIndex(Swift.max(i, j)))) { fixed.append(Pair(MentorIndex(Swift.min(i, j)), MenteeIndex(Swift.max(i, j)))) }
        }
        let scores = try! ScoreMatrix(mentors: n, mentees: n, values: ContiguousArray(values))
        return PoolProblem(scores: scores, forbidden: forbidden, partners: partners, unmatchedPenalty: penalty, fixed: fixed)
    }

    /// The best objective over every set of pairs (each at most once) that
    /// keeps everyone within their partner range and contains the fixed
    /// pairs, or `nil` when none does.
    public static func bruteForce(_ p: PoolProblem) -> Double? {
        let n = p.count
        var degree = [Int](repeating: 0, count: n)
        var total = 0.0
        var fixed = Set<Pair>()
        for f in p.fixed {
            degree[f.mentor.rawValue] += 1; degree[f.mentee.rawValue] += 1
            total += p.score(f.mentor.rawValue, f.mentee.rawValue)
            fixed.insert(f)
        }
        var edges = [(Int, Int, Double)]()
        for i in 0..<n { for j in (i + 1)..<n where !fixed.contains(Pair(MentorIndex(i), MenteeIndex(j))) && p.score(i, j).isFinite { edges.append((i, j, p.score(i, j))) } }
        var best: Double? = nil
        var chosen = Array(p.fixed)
        func go(_ e: Int, _ sum: Double) {
            if e == edges.count {
                guard (0..<n).allSatisfy({ degree[$0] >= p.partners[$0].min }) else { return }
                // Rules, when the pool has any, by the independent check.
                if !p.rules.isEmpty && !PoolRule.violations(of: chosen, in: p).isEmpty { return }
                let left = (0..<n).reduce(0.0) { $0 + (degree[$1] == 0 && p.partners[$1].max > 0 ? p.unmatchedPenalty[$1] : 0) }
                best = Swift.max(best ?? -.infinity, sum - left)
                return
            }
            go(e + 1, sum)
            let (i, j, s) = edges[e]
            if degree[i] < p.partners[i].max && degree[j] < p.partners[j].max {
                degree[i] += 1; degree[j] += 1
                chosen.append(Pair(MentorIndex(i), MenteeIndex(j)))
                go(e + 1, sum + s)
                chosen.removeLast()
                degree[i] -= 1; degree[j] -= 1
            }
        }
        go(0, total)
        return best
    }
}
