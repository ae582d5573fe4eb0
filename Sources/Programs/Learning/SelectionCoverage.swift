import Compatibility
import MatchingCore

/// How much of the range of each criterion the rated pairs cover, against
/// the pairs a matching could have chosen — the visible part of selection
/// bias. Outcomes exist only for matched pairs, and a matching picks pairs
/// with high totals: criteria the old weights favoured are seen mostly at
/// high values, and combinations the matching never tried are not seen at
/// all. Per criterion: the 10th–90th percentile range of the rated pairs
/// against that of a seeded sample of allowed pairs.
public struct SelectionCoverage: Hashable, Sendable {
    /// One criterion's coverage.
    public struct CriterionCoverage: Hashable, Sendable {
        /// The criterion.
        public var name: String
        /// The rated pairs' 10th–90th percentile range.
        public var rated: ClosedRange<Double>
        /// The allowed pairs' 10th–90th percentile range (from the sample).
        public var allowed: ClosedRange<Double>
        /// The share of the allowed range the rated range covers, 0…1 (1 when the allowed range is a point).
        public var share: Double {
            let width = allowed.upperBound - allowed.lowerBound
            guard width > 1e-12 else { return 1 }
            let overlap = min(rated.upperBound, allowed.upperBound) - max(rated.lowerBound, allowed.lowerBound)
            return max(0, overlap) / width
        }
    }

    /// Every criterion, in criterion order.
    public var criteria: [CriterionCoverage]
    /// Allowed pairs sampled.
    public var sampled: Int

    /// A seeded sample of up to `count` allowed pairs of `pairs` (uniform over
    /// rows and columns, excluded pairs and a person with themself skipped,
    /// at most 20·`count` draws), as unlabelled features.
    ///
    /// - Complexity: O(draws · K); a streamed source scores each drawn pair on the spot.
    public static func sample(_ pairs: any ScoredPairs, count: Int = 4000, seed: UInt64 = 1) -> PairFeatures {
        let m = pairs.mentorIndices.count, n = pairs.menteeIndices.count
        var values = [Double]()
        var taken = 0
        var g = SplitMix64(seed: seed &* 0xD1B5_4A32_D192_ED03 &+ 0x5E1)
        if m > 0 && n > 0 {
            for _ in 0..<(20 * count) where taken < count {
                let i = g.below(m), j = g.below(n)
                guard pairs.mentorIndices[i] != pairs.menteeIndices[j], pairs.exclusions(mentor: i, mentee: j).isEmpty else { continue }
                values += pairs.criterionValues(mentor: i, mentee: j)
                taken += 1
            }
        }
        return PairFeatures(criterionNames: pairs.criterionNames, values: values, labels: Array(repeating: false, count: taken))
    }

    /// The coverage of `rated` against the `allowed` sample (the same criteria).
    public init(rated: PairFeatures, allowed: PairFeatures) {
        precondition(rated.criterionNames == allowed.criterionNames, "SelectionCoverage: the samples have other criteria")
        func range(_ x: [Double]) -> ClosedRange<Double> {
            guard let a = _Statistics.quantile(x, 0.1), let b = _Statistics.quantile(x, 0.9) else { return 0...0 }
            return a...b
        }
        criteria = rated.criterionNames.indices.map { k in
            CriterionCoverage(name: rated.criterionNames[k], rated: range(rated.column(k)), allowed: range(allowed.column(k)))
        }
        sampled = allowed.count
    }
}
