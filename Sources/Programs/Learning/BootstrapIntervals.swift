import MatchingCore

/// Confidence intervals of fitted coefficients and of the weights they map
/// to, by the nonparametric bootstrap over pairs (Efron & Tibshirani, *An
/// Introduction to the Bootstrap*, 1993, ch. 6 and §13.3): the rated pairs
/// are resampled with replacement `replicates` times (seeded), the model is
/// refitted on each sample (warm-started from the full fit), and each
/// interval is the percentile interval of the refits — which, unlike the
/// inverse-Hessian (Wald) interval, respects the bound at 0 of
/// non-negative weights. Each replicate's weights are put on the 0–10
/// scale by its own largest coefficient (``WeightScale``).
public struct BootstrapIntervals: Hashable, Sendable {
    /// Per column: the interval of the coefficient.
    public var coefficients: [ClosedRange<Double>]
    /// Per column: the interval of the 0–10 weight.
    public var weights: [ClosedRange<Double>]
    /// Replicates refitted.
    public var replicates: Int
    /// Replicates that could not be fitted (a resample of one class only), left out of the intervals.
    public var failed: Int
    /// The coverage asked for, e.g. 0.95.
    public var level: Double

    /// Bootstraps `regression` on the columns `columns` of `features`.
    ///
    /// - Parameters:
    ///   - features: the pairs and their outcomes.
    ///   - columns: the criteria (columns of `features`) fitted.
    ///   - regression: the model refitted on each resample.
    ///   - fit: the fit on all of `features` (the warm start).
    ///   - replicates: resamples (≥ 1).
    ///   - seed: the resampling's seed.
    ///   - level: the interval's coverage, 0…1.
    /// - Complexity: `replicates` fits of O(n·k²) per Newton iteration.
    public init(_ features: PairFeatures, columns: [Int], regression: LogisticRegression, fit: LogisticFit,
                replicates: Int = 200, seed: UInt64 = 1, level: Double = 0.95) {
        precondition(replicates >= 1 && (0...1).contains(level), "BootstrapIntervals: replicates ≥ 1, level in 0…1")
        var g = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 0xB007)
        var coefficientDraws = [[Double]](repeating: [], count: columns.count)
        var weightDraws = [[Double]](repeating: [], count: columns.count)
        var failed = 0
        let n = features.count
        for _ in 0..<replicates {
            let rows = (0..<n).map { _ in g.below(n) }
            guard let refit = try? regression.fit(features.subset(rows), columns: columns, start: fit) else {
                failed += 1
                continue
            }
            let w = WeightScale.zeroToTen(refit.coefficients)
            for c in columns.indices {
                coefficientDraws[c].append(refit.coefficients[c])
                weightDraws[c].append(w[c])
            }
        }
        let lo = (1 - level) / 2, hi = 1 - lo
        func interval(_ draws: [Double], _ point: Double) -> ClosedRange<Double> {
            guard let a = _Statistics.quantile(draws, lo), let b = _Statistics.quantile(draws, hi) else { return point...point }
            return a...b
        }
        let pointWeights = WeightScale.zeroToTen(fit.coefficients)
        coefficients = columns.indices.map { interval(coefficientDraws[$0], fit.coefficients[$0]) }
        weights = columns.indices.map { interval(weightDraws[$0], pointWeights[$0]) }
        self.replicates = replicates
        self.failed = failed
        self.level = level
    }
}
