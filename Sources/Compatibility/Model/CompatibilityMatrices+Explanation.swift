import MatchingCore

/// Why a pair scores what it scores, or why it is excluded.
public struct PairExplanation: Hashable, Sendable {
    /// One criterion's part of the score.
    public struct Contribution: Hashable, Sendable {
        /// The criterion's name.
        public var criterion: String
        /// Its value for the pair, 0…1.
        public var value: Double
        /// Its weight.
        public var weight: Double
        /// Its share of the total: `100 · weight · value / Σ weights`.
        public var points: Double
        /// The reason, with the detail an administrator checks (levels, hours, ranks).
        public var reason: String
        /// What the criterion found in the pair's favour in everyday words
        /// ("E012 can help with SQL and hiring"), for the participants; `nil`
        /// when it found nothing worth saying.
        public var plain: String?

        /// A contribution.
        public init(criterion: String, value: Double, weight: Double, points: Double, reason: String, plain: String? = nil) {
            self.criterion = criterion
            self.value = value
            self.weight = weight
            self.points = points
            self.reason = reason
            self.plain = plain
        }
    }

    /// The mentor.
    public var mentor: PersonID
    /// The mentee.
    public var mentee: PersonID
    /// The total, 0…100 (the sum of the contributions' points).
    public var score: Double
    /// Every criterion's contribution, in criterion order.
    public var contributions: [Contribution]
    /// Every reason the pair is excluded; empty when it is allowed.
    public var exclusions: [ExclusionReason]

    /// Whether the pair may be matched.
    public var isAllowed: Bool { exclusions.isEmpty }

    /// The criteria that add the most, as short sentences (weighted criteria only).
    public func topReasons(_ count: Int = 3) -> [String] {
        contributions.filter { $0.weight > 0 }
            .sorted { ($0.points, $1.criterion) > ($1.points, $0.criterion) }
            .prefix(count)
            .map { "\($0.criterion) \(Int(($0.value * 100).rounded()))%: \($0.reason)" }
    }

    /// What the pair has going for it, in everyday words: the plain reasons
    /// of the criteria that add the most (weighted criteria with something
    /// to say), at most `count`, for the participants' own messages.
    public func plainReasons(_ count: Int = 3) -> [String] {
        contributions.filter { $0.weight > 0 && $0.plain != nil }
            .sorted { ($0.points, $1.criterion) > ($1.points, $0.criterion) }
            .prefix(count)
            .map { $0.plain! }
    }
}

extension CompatibilityMatrices {
    /// The explanation of pair (row `i`, column `j`): the total, each
    /// criterion's contribution with its reason, and every exclusion.
    public func explain(mentor i: Int, mentee j: Int) -> PairExplanation {
        let t = cohort.profiles[mentorIndices[i]], l = cohort.profiles[menteeIndices[j]]
        let weightSum = weights.reduce(0, +)
        let builtIns = Criterion.allCases
        var contributions = [PairExplanation.Contribution]()
        for (c, name) in criterionNames.enumerated() {
            let v = Double(criterionValue(c, i, j))
            let reason: String, plain: String?
            if c < builtIns.count {
                let tz = (cohort.offsets[mentorIndices[i]], cohort.offsets[menteeIndices[j]])
                reason = _Reasons.text(builtIns[c], value: v, mentor: t, mentee: l, config: model.config, tz: tz)
                plain = _Reasons.plain(builtIns[c], value: v, mentor: t, mentee: l, config: model.config, tz: tz)
            } else {
                reason = model.customCriteria[c - builtIns.count].score(mentor: t, mentee: l).reason
                plain = v > 0 && !reason.isEmpty ? reason : nil
            }
            let points = weightSum > 0 ? 100 * weights[c] * v / weightSum : 0
            contributions.append(.init(criterion: name, value: v, weight: weights[c], points: points, reason: reason, plain: plain))
        }
        return PairExplanation(mentor: t.id, mentee: l.id, score: total[i, j], contributions: contributions,
                               exclusions: exclusions(mentor: i, mentee: j))
    }

    /// Every reason pair (row `i`, column `j`) is excluded (hard filters,
    /// then must-haves); empty when it is allowed.
    public func exclusions(mentor i: Int, mentee j: Int) -> [ExclusionReason] {
        guard !isAllowed(mentor: i, mentee: j) else { return [] }
        var out = kernel.filterReasons(i, j, cohort: cohort)
        for (name, threshold) in model.config.mustHave.sorted(by: { $0.key < $1.key }) {
            let c = criterionNames.firstIndex(of: name)!
            let v = Double(criterionValue(c, i, j))
            let answered = c >= Criterion.allCases.count || kernel.answered(Criterion.allCases[c], i, j)
            if v < threshold && answered { out.append(.belowMustHave(criterion: name, value: v, threshold: threshold)) }
        }
        return out
    }
}
