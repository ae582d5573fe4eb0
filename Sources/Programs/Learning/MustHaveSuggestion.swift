/// A must-have threshold the outcomes suggest: pairs below it on one
/// criterion clearly failed more often than the pairs at or above it.
///
/// The rule, per criterion, over the thresholds t = 0.1, 0.2, …, 0.9: the
/// pairs below t (B) and at or above t (A) each number at least
/// ``minimumPairs``; B's success rate is at most half of A's; and the two
/// rates' 95 % Wilson score intervals (Wilson 1927) do not overlap — B's
/// upper end below A's lower end. Of the thresholds that pass, the one with
/// the largest two-proportion z statistic is suggested (the smaller t on a
/// tie). A criterion that already has a must-have at or above the
/// suggestion gets none. Suggestions are printed; `learn` writes them into
/// the new config only when asked (`--apply-must-haves`): excluding pairs is
/// the administrator's decision.
public struct MustHaveSuggestion: Hashable, Sendable {
    /// The fewest pairs on each side of a threshold.
    public static let minimumPairs = 10

    /// The criterion.
    public var criterion: String
    /// The suggested threshold, 0…1 (`mustHave: {criterion: threshold}`).
    public var threshold: Double
    /// Pairs below the threshold, and how many of them succeeded.
    public var below: Int, belowSuccesses: Int
    /// Pairs at or above it, and how many of them succeeded.
    public var above: Int, aboveSuccesses: Int
    /// The two-proportion z statistic (pooled standard error).
    public var z: Double

    /// The success rate below the threshold.
    public var belowRate: Double { below > 0 ? Double(belowSuccesses) / Double(below) : 0 }
    /// The success rate at or above it.
    public var aboveRate: Double { above > 0 ? Double(aboveSuccesses) / Double(above) : 0 }

    /// The suggestions for the criteria `columns` of `features` (default:
    /// all), skipping those whose current must-have (`current`, by name)
    /// is already at or above the suggestion; in criterion order.
    ///
    /// - Complexity: O(9 · n) per criterion.
    public static func suggestions(_ features: PairFeatures, columns: [Int]? = nil, current: [String: Double] = [:]) -> [MustHaveSuggestion] {
        var out = [MustHaveSuggestion]()
        for c in columns ?? Array(0..<features.dimension) {
            var best: MustHaveSuggestion? = nil
            for step in 1...9 {
                let t = Double(step) / 10
                var b = 0, bs = 0, a = 0, as_ = 0
                for r in 0..<features.count {
                    if features.value(r, c) < t { b += 1; bs += features.labels[r] ? 1 : 0 } else { a += 1; as_ += features.labels[r] ? 1 : 0 }
                }
                guard b >= minimumPairs, a >= minimumPairs else { continue }
                let rb = Double(bs) / Double(b), ra = Double(as_) / Double(a)
                guard rb <= ra / 2, _Statistics.wilson(bs, b).upperBound < _Statistics.wilson(as_, a).lowerBound else { continue }
                let pooled = Double(bs + as_) / Double(a + b)
                let se = (pooled * (1 - pooled) * (1 / Double(a) + 1 / Double(b))).squareRoot()
                let z = se > 0 ? (ra - rb) / se : 0
                if best == nil || z > best!.z {
                    best = MustHaveSuggestion(criterion: features.criterionNames[c], threshold: t, below: b, belowSuccesses: bs,
                                              above: a, aboveSuccesses: as_, z: z)
                }
            }
            if let best, (current[best.criterion] ?? -1) < best.threshold { out.append(best) }
        }
        return out
    }
}
