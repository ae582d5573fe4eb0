import Foundation

/// How well predicted probabilities of success match what happened, by the
/// field's standard measures:
///
/// - **AUC**, the area under the ROC curve: the probability that a random
///   success is ranked above a random failure, ties counting one half —
///   the Mann–Whitney U statistic divided by n₁·n₀ (Hanley & McNeil 1982,
///   *Radiology* 143(1)). 0.5 is chance, 1 a perfect ranking.
/// - **Log-loss**, the mean negative log-likelihood
///   −(1/n)·Σ [y·log p + (1 − y)·log(1 − p)] (probabilities clipped to
///   [10⁻¹⁵, 1 − 10⁻¹⁵]); log 2 ≈ 0.693 is a coin flip, lower is better.
/// - **Brier score**, the mean squared error (1/n)·Σ (p − y)² (Brier 1950).
/// - **Calibration**, a reliability diagram (DeGroot & Fienberg 1983;
///   Niculescu-Mizil & Caruana 2005): the examples in equal-width bins of
///   predicted probability, each bin's mean prediction against its observed
///   success rate; the expected calibration error is the bins' mean
///   |observed − predicted| weighted by their counts.
public struct ClassificationMetrics: Hashable, Sendable {
    /// One bin of the reliability diagram.
    public struct CalibrationBin: Hashable, Sendable {
        /// The bin's predicted-probability range [lower, upper) (the last bin includes 1).
        public var lower: Double, upper: Double
        /// The examples whose prediction falls in it.
        public var count: Int
        /// Their mean predicted probability.
        public var meanPredicted: Double
        /// Their observed success rate.
        public var observedRate: Double
    }

    /// The number of examples.
    public var count: Int
    /// The number that succeeded.
    public var successes: Int
    /// The AUC, `nil` when the examples are all of one class.
    public var auc: Double?
    /// The mean log-loss (nats per example).
    public var logLoss: Double
    /// The Brier score.
    public var brier: Double
    /// The non-empty bins, lowest first.
    public var calibration: [CalibrationBin]
    /// The expected calibration error: Σ (count/n)·|observed − predicted| over the bins.
    public var calibrationError: Double

    /// The measures of `probabilities` (each 0…1) against `labels`, with
    /// `bins` equal-width calibration bins.
    ///
    /// - Precondition: as many probabilities as labels, `bins` ≥ 1.
    /// - Complexity: O(n log n) (the AUC sorts).
    public init(probabilities p: [Double], labels y: [Bool], bins: Int = 10) {
        precondition(p.count == y.count && bins >= 1, "ClassificationMetrics: \(p.count) probabilities for \(y.count) labels")
        count = p.count
        successes = y.reduce(0) { $0 + ($1 ? 1 : 0) }
        auc = Self.auc(p, y)
        logLoss = Self.logLoss(p, y)
        brier = p.isEmpty ? 0 : zip(p, y).reduce(0) { $0 + ($1.0 - ($1.1 ? 1 : 0)) * ($1.0 - ($1.1 ? 1 : 0)) } / Double(p.count)
        var sums = [(n: Int, p: Double, y: Int)](repeating: (0, 0, 0), count: bins)
        for (q, label) in zip(p, y) {
            let b = min(bins - 1, max(0, Int(q * Double(bins))))
            sums[b].n += 1
            sums[b].p += q
            sums[b].y += label ? 1 : 0
        }
        calibration = sums.enumerated().filter { $0.element.n > 0 }.map { b, s in
            CalibrationBin(lower: Double(b) / Double(bins), upper: Double(b + 1) / Double(bins), count: s.n,
                           meanPredicted: s.p / Double(s.n), observedRate: Double(s.y) / Double(s.n))
        }
        calibrationError = count == 0 ? 0 : calibration.reduce(0) { $0 + Double($1.count) * abs($1.observedRate - $1.meanPredicted) } / Double(count)
    }

    /// The AUC of `p` against `y` by average ranks (ties share their ranks),
    /// `nil` when `y` has one class only.
    ///
    /// - Complexity: O(n log n).
    public static func auc(_ p: [Double], _ y: [Bool]) -> Double? {
        let n1 = y.reduce(0) { $0 + ($1 ? 1 : 0) }, n0 = y.count - n1
        guard n1 > 0, n0 > 0 else { return nil }
        let order = p.indices.sorted { (p[$0], $0) < (p[$1], $1) }
        var rankSum = 0.0
        var k = 0
        while k < order.count {
            var end = k
            while end + 1 < order.count && p[order[end + 1]] == p[order[k]] { end += 1 }
            let rank = Double(k + end) / 2 + 1   // the tie group's mean rank (1-based)
            for q in k...end where y[order[q]] { rankSum += rank }
            k = end + 1
        }
        return (rankSum - Double(n1) * Double(n1 + 1) / 2) / (Double(n1) * Double(n0))
    }

    /// The mean log-loss of `p` against `y` (0 for no examples).
    public static func logLoss(_ p: [Double], _ y: [Bool]) -> Double {
        guard !p.isEmpty else { return 0 }
        let eps = 1e-15
        var sum = 0.0
        for (q, label) in zip(p, y) {
            let c = min(1 - eps, max(eps, q))
            sum -= label ? log(c) : log(1 - c)
        }
        return sum / Double(p.count)
    }
}
