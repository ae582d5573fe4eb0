import MatchingCore

extension _CircleSearch {
    /// Descent to a local optimum of the insertion and swap neighbourhoods:
    /// passes over the people, each pass applying every improving move it
    /// meets (first improvement; per person the best insertion, then the
    /// swaps with the people after it), until a pass improves nothing.
    /// Improving means by more than `tolerance`, so it ends.
    ///
    /// - Complexity: O(n · k + n²) per pass.
    mutating func descend(tolerance: Double) {
        let insertions = data.sizes.min < data.sizes.max
        var improved = true
        while improved {
            improved = false
            if insertions {
                for i in 0..<n {
                    var best = -1, bestGain = tolerance
                    for g in 0..<k where g != group[i] {
                        let gain = insertionGain(i, to: g)
                        if gain > bestGain && canInsert(i, to: g) { best = g; bestGain = gain }
                    }
                    if best >= 0 { insert(i, to: best); improved = true }
                }
            }
            if swapPass(tolerance: tolerance) { improved = true }
        }
    }

    /// One pass of the swap neighbourhood; whether it improved.
    private mutating func swapPass(tolerance: Double) -> Bool {
        var improved = false
        let n = self.n
        for i in 0..<n {
            var a = group[i]
            var base = a * n
            var j = i + 1
            while j < n {
                let b = group[j]
                if b != a {
                    // gain = s[b][i] − s[a][i] + s[a][j] − s[b][j] − 2 w_ij
                    let gain = sums[b * n + i] - sums[base + i] + sums[base + j] - sums[b * n + j] - 2 * data.w[i * n + j]
                    if gain > tolerance && canSwap(i, j) {
                        swap(i, j)
                        improved = true
                        a = group[i]
                        base = a * n
                    }
                }
                j += 1
            }
        }
        return improved
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
