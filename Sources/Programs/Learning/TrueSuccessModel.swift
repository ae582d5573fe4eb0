import Compatibility
import Foundation

/// A known ("true") model of how likely a pair is to succeed, for the
/// simulator (``LearningSimulation``): hidden weights over the criteria and a
/// pair "chemistry" that no profile shows.
///
///     P(success | x) = E_ε σ(b₀ + Σₖ βₖ·xₖ + ε),   ε ~ Normal(0, noise²),   βₖ = strength · wₖ / 10
///
/// for a pair's criterion values x (0…1) and hidden weights w (0–10). The
/// expectation over ε — a logistic-normal integral — is computed by the
/// trapezoidal rule on 65 nodes over ±8 standard deviations (exponentially
/// accurate for this smooth, fast-decaying integrand: Trefethen & Weideman
/// 2014, *SIAM Review* 56(3)). With noise > 0 the truth is not a logistic
/// regression in x, so a learned logistic model is (mildly) misspecified,
/// as real outcomes would make it.
public struct TrueSuccessModel: Hashable, Sendable {
    /// The hidden weights, 0–10, by criterion name (absent: 0).
    public var weights: [String: Double]
    /// Log-odds of success per unit of a criterion of weight 10.
    public var strength: Double
    /// The standard deviation of the pair chemistry ε, in log-odds.
    public var noise: Double
    /// b₀ (set by ``calibrated(to:over:)`` to give a base rate).
    public var intercept: Double

    /// A model with hidden `weights`.
    public init(weights: [String: Double], strength: Double = 6, noise: Double = 1, intercept: Double = 0) {
        self.weights = weights
        self.strength = strength
        self.noise = noise
        self.intercept = intercept
    }

    /// The simulator's default truth: availability and career stage matter
    /// most, then skill gap, communication, time zone, personality, values,
    /// preferences; interests and department do not — far from the default
    /// weights (cosine 0.846 with them over the criteria that vary in a synthetic cohort).
    public static let standard = TrueSuccessModel(weights: [
        "availability": 10, "careerStage": 8, "skillGap": 6, "communication": 5, "timeZone": 4,
        "personality": 3, "values": 2, "preferences": 1,
    ])

    /// βₖ for each of `names`.
    public func coefficients(_ names: [String]) -> [Double] { names.map { strength * (weights[$0] ?? 0) / 10 } }

    /// The hidden weights (0–10) for each of `names`.
    public func weightVector(_ names: [String]) -> [Double] { names.map { weights[$0] ?? 0 } }

    /// P(success) at log-odds `eta` = b₀ + Σ βₖ·xₖ, the chemistry integrated out.
    public func probability(eta: Double) -> Double {
        guard noise > 0 else { return LogisticFit.sigmoid(eta) }
        var p = 0.0
        for (z, w) in Self.nodes { p += w * LogisticFit.sigmoid(eta + noise * z) }
        return p
    }

    /// The trapezoid nodes and weights of the standard normal over ±8 (weights sum to 1).
    static let nodes: [(z: Double, w: Double)] = {
        let count = 65
        let zs = (0..<count).map { -8 + 16 * Double($0) / Double(count - 1) }
        let raw = zs.map { exp(-$0 * $0 / 2) }
        let sum = raw.reduce(0, +)
        return zip(zs, raw).map { ($0, $1 / sum) }
    }()

    /// This model with the intercept that makes the mean success
    /// probability over `sample`'s pairs equal `rate` (bisection on b₀;
    /// the mean is increasing in b₀).
    ///
    /// - Precondition: 0 < rate < 1.
    public func calibrated(to rate: Double, over sample: PairFeatures) -> TrueSuccessModel {
        precondition(rate > 0 && rate < 1, "TrueSuccessModel: a base rate strictly between 0 and 1")
        let beta = coefficients(sample.criterionNames)
        let partial = (0..<sample.count).map { r in zip(beta, sample.row(r)).reduce(0) { $0 + $1.0 * $1.1 } }
        var lo = -30.0, hi = 30.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            let mean = partial.isEmpty ? 0.5 : partial.reduce(0) { $0 + probability(eta: mid + $1) } / Double(partial.count)
            if mean < rate { lo = mid } else { hi = mid }
        }
        var out = self
        out.intercept = (lo + hi) / 2
        return out
    }
}
