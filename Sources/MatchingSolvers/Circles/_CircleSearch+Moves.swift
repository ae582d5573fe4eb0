import MatchingCore

extension _CircleSearch {
    /// Descent to a local optimum of the insertion and swap neighbourhoods:
    /// passes over the moves that touch a changed ("dirty") group — the
    /// others were not improving when last seen and their gains have not
    /// changed — each pass applying every improving move it meets (first
    /// improvement; per person the best insertion, then the swaps), until a
    /// pass changes nothing. Improving means by more than `tolerance`, so it
    /// ends; or when `shouldStop()` says so between passes (the partition
    /// stays valid: every move keeps the sizes and rules).
    ///
    /// - Complexity: O(n · (d + k)) per pass for d people in dirty groups.
    mutating func descend(tolerance: Double, shouldStop: () -> Bool = { false }) {
        let insertions = data.sizes.min < data.sizes.max
        var scan = [Bool](repeating: false, count: k)
        var scanned = [Int]()
        while !dirtyList.isEmpty && !shouldStop() {
            for g in scanned { scan[g] = false }
            scanned = dirtyList
            for g in scanned { scan[g] = true }
            clean()
            if insertions {
                for i in 0..<n {
                    var best = -1, bestGain = tolerance
                    if scan[group[i]] {
                        for g in 0..<k where g != group[i] {
                            let gain = insertionGain(i, to: g)
                            if gain > bestGain && canInsert(i, to: g) { best = g; bestGain = gain }
                        }
                    } else {
                        for g in scanned where g != group[i] {
                            let gain = insertionGain(i, to: g)
                            if gain > bestGain && canInsert(i, to: g) { best = g; bestGain = gain }
                        }
                    }
                    if best >= 0 { insert(i, to: best) }
                }
            }
            swapPass(scan, tolerance: tolerance)
        }
    }

    /// One pass of the swap neighbourhood over the pairs with a member in a
    /// `scan` group (each pair once).
    private mutating func swapPass(_ scan: [Bool], tolerance: Double) {
        let n = self.n
        for i in 0..<n where scan[group[i]] {
            var a = group[i]
            var base = a * n
            for j in 0..<n {
                let b = group[j]
                // A pair of two scanned people is seen from its smaller member.
                if b == a || (scan[b] && j < i) { continue }
                // gain = s[b][i] − s[a][i] + s[a][j] − s[b][j] − 2 w_ij
                let gain = sums[b * n + i] - sums[base + i] + sums[base + j] - sums[b * n + j] - 2 * data.w[i * n + j]
                if gain > tolerance && canSwap(i, j) {
                    swap(i, j)
                    a = group[i]
                    base = a * n
                }
            }
        }
    }

    /// `count` random moves that keep every rule, whatever their gain:
    /// swaps of two people of different groups, and, when sizes may vary,
    /// insertions one time in three. Returns the moves applied.
    @discardableResult
    mutating func perturb(_ count: Int, random: inout SplitMix64) -> Int {
        guard k > 1, n > 1 else { return 0 }
        let insertions = data.sizes.min < data.sizes.max
        var applied = 0
        var tries = 0
        while applied < count && tries < 20 * count {
            tries += 1
            let i = Int(random.next() % UInt64(n))
            if insertions && random.next() % 3 == 0 {
                let g = Int(random.next() % UInt64(k))
                if canInsert(i, to: g) { insert(i, to: g); applied += 1 }
            } else {
                let j = Int(random.next() % UInt64(n))
                if group[i] != group[j] && canSwap(i, j) { swap(i, j); applied += 1 }
            }
        }
        return applied
    }
}
