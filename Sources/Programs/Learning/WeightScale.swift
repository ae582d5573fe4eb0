/// Criterion weights on the config's 0–10 scale from fitted coefficients.
///
/// The total score `100 · Σ wₖ·xₖ / Σ wₖ` ranks pairs by Σ wₖ·xₖ, and the
/// fitted log-odds of success `b₀ + Σ βₖ·xₖ` rank them by Σ βₖ·xₖ: with
/// non-negative coefficients, weights proportional to β rank every pair as
/// the fitted model does. The scale is fixed by the largest weight = 10
/// (the score is a ratio: only the proportions matter).
public enum WeightScale {
    /// `10 · βₖ / max β` for each coefficient (negative ones count 0); all
    /// zero when no coefficient is positive.
    ///
    /// - Complexity: O(k).
    public static func zeroToTen(_ coefficients: [Double]) -> [Double] {
        let top = coefficients.max() ?? 0
        guard top > 0 else { return coefficients.map { _ in 0 } }
        return coefficients.map { 10 * max(0, $0) / top }
    }

    /// `w` rounded to one decimal, as written into a config.
    public static func rounded(_ w: Double) -> Double { (w * 10).rounded() / 10 }
}
