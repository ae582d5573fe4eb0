import MatchingCore

/// Stable matchings in one pool where people take several partners (the
/// stable fixtures problem: Irving and Scott, "The stable fixtures problem
/// — a many-to-many extension of stable roommates", *Discrete Applied
/// Mathematics* 155, 2007). Stability is that of
/// ``StableRoommates/blockingPairs(_:rank:capacity:)`` with capacities.
public enum StableFixtures {
    /// A stable matching found by satisfying blocking pairs — the random
    /// paths to stability of Roth and Vande Vate ("Random paths to
    /// stability in two-sided matching", *Econometrica* 58, 1990), which in
    /// one pool reach a stable matching with probability 1 when one exists
    /// (Diamantoudi, Miyagawa and Xue, "Random paths to stability in the
    /// roommate problem", *Games and Economic Behavior* 48, 2004). From no
    /// pairs, each step picks a blocking pair uniformly at random (seeded)
    /// and matches it, each of the two dropping its worst partner when over
    /// capacity.
    ///
    /// - Parameters:
    ///   - rank: strict rankings, `rank[a][b]` (0 best; `nil` unacceptable, mutually).
    ///   - capacity: each person's largest number of partners.
    ///   - seed: the seed of the random choices (the same seed, the same path).
    ///   - maxSteps: the most blocking pairs satisfied before giving up.
    ///   - deadline: when to give up, if earlier (checked every step, as is cancellation).
    /// - Returns: a stable matching (pairs a < b), or `nil` when none was
    ///   reached within `maxSteps` — which proves nothing: none may exist,
    ///   or the path may be long.
    /// - Complexity: O(n²) per step.
    public static func randomPaths(rank: [[Int?]], capacity: [Int], seed: UInt64 = 1, maxSteps: Int,
                                   deadline: ContinuousClock.Instant? = nil) -> Matching? {
        let n = rank.count
        var g = SplitMix64(seed: seed)
        var partners = [Set<Int>](repeating: [], count: n)
        func worst(_ x: Int) -> Int? { partners[x].max { rank[x][$0]! < rank[x][$1]! } }
        func takes(_ x: Int, _ y: Int) -> Bool {
            guard capacity[x] > 0 else { return false }
            if partners[x].count < capacity[x] { return true }
            return worst(x).map { rank[x][y]! < rank[x][$0]! } ?? false
        }
        for _ in 0...maxSteps {
            if Task.isCancelled { return nil }
            if let deadline, ContinuousClock.now >= deadline { return nil }
            var blocking = [(Int, Int)]()
            for a in 0..<n where capacity[a] > 0 {
                for b in (a + 1)..<n where rank[a][b] != nil && rank[b][a] != nil && !partners[a].contains(b) && takes(a, b) && takes(b, a) {
                    blocking.append((a, b))
                }
            }
            if blocking.isEmpty {
                let pairs = (0..<n).flatMap { a in partners[a].filter { $0 > a }.sorted().map { Pair(mentor: a, mentee: $0) } }
                return Matching(pairs: pairs)
            }
            let (a, b) = blocking[g.below(blocking.count)]
            for x in [a, b] where partners[x].count >= capacity[x] {
                let w = worst(x)!
                partners[x].remove(w)
                partners[w].remove(x)
            }
            partners[a].insert(b)
            partners[b].insert(a)
        }
        return nil
    }
}
