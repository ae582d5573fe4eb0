import Foundation

/// The small summary statistics learning reports, each written once.
enum _Statistics {
    /// The `q`-quantile (0…1) of `values` by linear interpolation between
    /// order statistics (Hyndman & Fan 1996, type 7 — R's and NumPy's
    /// default); `nil` for no values.
    ///
    /// - Complexity: O(n log n).
    static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * min(1, max(0, q))
        let lo = Int(h.rounded(.down)), hi = min(sorted.count - 1, lo + 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// The mean and the (population) standard deviation of `values`.
    static func meanAndSD(_ values: [Double]) -> (mean: Double, sd: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return (mean, variance.squareRoot())
    }

    /// The Wilson score interval of a proportion `k / n` at the normal
    /// quantile `z` (1.96: 95 %) (Wilson 1927, *JASA* 22(158)).
    static func wilson(_ k: Int, _ n: Int, z: Double = 1.96) -> ClosedRange<Double> {
        guard n > 0 else { return 0...1 }
        let p = Double(k) / Double(n), nn = Double(n), z2 = z * z
        let center = (p + z2 / (2 * nn)) / (1 + z2 / nn)
        let half = z * (p * (1 - p) / nn + z2 / (4 * nn * nn)).squareRoot() / (1 + z2 / nn)
        return max(0, center - half)...min(1, center + half)
    }

    /// The cosine similarity of two vectors (0 when either is zero).
    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
        let na = a.reduce(0) { $0 + $1 * $1 }.squareRoot(), nb = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return na > 0 && nb > 0 ? dot / (na * nb) : 0
    }
}
