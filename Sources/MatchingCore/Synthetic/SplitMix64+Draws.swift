import Foundation

extension SplitMix64 {
    /// A uniform draw in [0, 1): the top 53 bits of ``next()``.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// A whole number in `0..<n` (`n` ≥ 1; 0 when `n` ≤ 1): ``next()`` modulo
    /// `n` (its bias, below `n / 2⁶⁴`, is immaterial at the sizes used here).
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(Swift.max(1, n))) }

    /// A normal draw with mean `mean` and standard deviation `sd`: the
    /// Box–Muller transform of two uniform draws (Box & Muller 1958).
    ///
    /// - Complexity: O(1).
    public mutating func normal(_ mean: Double = 0, _ sd: Double = 1) -> Double {
        let u = Swift.max(unit(), 1e-12), v = unit()
        return mean + sd * (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }

    /// The indices `0..<n` in a uniformly random order: the Fisher–Yates
    /// shuffle (Knuth, TAOCP vol. 2, Algorithm 3.4.2 P).
    ///
    /// - Complexity: O(n).
    public mutating func permutation(_ n: Int) -> [Int] {
        var out = Array(0..<Swift.max(0, n))
        var k = out.count
        while k > 1 {
            let r = below(k)
            k -= 1
            out.swapAt(k, r)
        }
        return out
    }
}
