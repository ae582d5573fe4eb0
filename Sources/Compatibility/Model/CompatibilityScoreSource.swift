import MatchingCore

/// The weighted compatibility totals of a cohort, scored a block of mentor
/// rows at a time and never stored: the ``/MatchingCore/PairScoreSource`` for
/// cohorts too large for ``CompatibilityMatrices`` (10,000 × 50,000 is half a
/// billion pairs). A pair excluded by a hard filter or a must-have reads as
/// `-infinity`; every other pair's value is bit for bit the total that
/// ``CompatibilityModel/matrices(for:cache:precision:)`` gives in single
/// precision.
///
/// Built-in criteria only: a custom criterion can fail on a pair, which a
/// stream cannot report mid-way, so a model with custom criteria is refused.
public struct CompatibilityScoreSource: PairScoreSource {
    /// The model that scores the pairs.
    public let model: CompatibilityModel
    /// The cohort scored.
    public let cohort: Cohort
    /// Rows: mentors' cohort indices.
    public let mentorIndices: [Int]
    /// Columns: mentees' cohort indices.
    public let menteeIndices: [Int]
    let kernel: _PairKernel
    /// The weighted criteria in criterion order, with their weights.
    let weighted: [(criterion: Criterion, weight: Double)]
    /// Must-have thresholds, by criterion name order.
    let mustHave: [(criterion: Criterion, threshold: Float)]
    /// `100 / Σ weights` (0 when every weight is 0).
    let scale: Double

    init(model: CompatibilityModel, cohort: Cohort, mentors: [Int], mentees: [Int], kernel: _PairKernel) {
        self.model = model
        self.cohort = cohort
        mentorIndices = mentors
        menteeIndices = mentees
        self.kernel = kernel
        let weights = model.weights()
        let builtIns = Criterion.allCases
        weighted = weights.enumerated().filter { $0.element > 0 }.map { (builtIns[$0.offset], $0.element) }
        mustHave = model.config.mustHave.sorted { $0.key < $1.key }.map { (Criterion(rawValue: $0.key)!, Float($0.value)) }
        let sum = weights.reduce(0, +)
        scale = sum > 0 ? 100 / sum : 0
    }

    /// Number of mentors.
    public var mentorCount: Int { mentorIndices.count }
    /// Number of mentees.
    public var menteeCount: Int { menteeIndices.count }
    /// The mentors' ids, row order.
    public var mentors: [PersonID] { mentorIndices.map { cohort.profiles[$0].id } }
    /// The mentees' ids, column order.
    public var mentees: [PersonID] { menteeIndices.map { cohort.profiles[$0].id } }

    /// Scores rows `rows`: each weighted criterion a row at a time, summed in
    /// the order the dense combination uses (two criteria per step), then the
    /// filters and must-haves.
    public func scores(mentors rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Double>) {
        let n = menteeIndices.count
        guard n > 0 else { return }
        let k = weighted.count
        var criterionRows = [Float](repeating: 0, count: Swift.max(1, k + mustHave.count) * n)
        criterionRows.withUnsafeMutableBufferPointer { rowsBuffer in
            let base = rowsBuffer.baseAddress!
            for (r, i) in rows.enumerated() {
                let out = buffer.baseAddress! + r * n
                for (q, c) in weighted.enumerated() { kernel.fillRow(c.criterion, i, base + q * n) }
                for j in 0..<n { out[j] = 0 }
                var q = 0
                while q + 1 < k {
                    let a = base + q * n, b = base + (q + 1) * n
                    let wa = weighted[q].weight, wb = weighted[q + 1].weight
                    for j in 0..<n { out[j] += wa * Double(a[j]) + wb * Double(b[j]) }
                    q += 2
                }
                if q < k {
                    let a = base + q * n, wa = weighted[q].weight
                    for j in 0..<n { out[j] += wa * Double(a[j]) }
                }
                for j in 0..<n { out[j] *= scale }
                for (h, rule) in mustHave.enumerated() {
                    let row: UnsafeMutablePointer<Float>
                    if let q = weighted.firstIndex(where: { $0.criterion == rule.criterion }) {
                        row = base + q * n
                    } else {
                        row = base + (k + h) * n
                        kernel.fillRow(rule.criterion, i, row)
                    }
                    for j in 0..<n where row[j] < rule.threshold && kernel.answered(rule.criterion, i, j) { out[j] = -.infinity }
                }
                for j in 0..<n where kernel.filterCode(i, j) != 0 { out[j] = -.infinity }
            }
        }
    }

    /// Scores the pairs of row `i` with `columns` one at a time, each summed
    /// as ``scores(mentors:into:)`` sums it (two criteria per step, then the
    /// scale, the must-haves and the filters): the same values, bit for bit.
    ///
    /// - Complexity: O(columns · criteria).
    public func scores(mentor i: Int, mentees columns: [Int], into buffer: UnsafeMutableBufferPointer<Double>) {
        let k = weighted.count
        for (slot, j) in columns.enumerated() {
            var total = 0.0
            var q = 0
            while q + 1 < k {
                let wa = weighted[q].weight, wb = weighted[q + 1].weight
                total += wa * Double(kernel.value(weighted[q].criterion, i, j)) + wb * Double(kernel.value(weighted[q + 1].criterion, i, j))
                q += 2
            }
            if q < k { total += weighted[q].weight * Double(kernel.value(weighted[q].criterion, i, j)) }
            total *= scale
            for rule in mustHave where kernel.value(rule.criterion, i, j) < rule.threshold && kernel.answered(rule.criterion, i, j) {
                total = -.infinity
            }
            if kernel.filterCode(i, j) != 0 { total = -.infinity }
            buffer[slot] = total
        }
    }

    /// The explanation of pair (row `i`, column `j`): the total, each
    /// criterion's contribution with its reason, and every exclusion — the
    /// same as ``CompatibilityMatrices/explain(mentor:mentee:)``, scored on the spot.
    public func explain(mentor i: Int, mentee j: Int) -> PairExplanation {
        let t = cohort.profiles[mentorIndices[i]], l = cohort.profiles[menteeIndices[j]]
        let weights = model.weights()
        let weightSum = weights.reduce(0, +)
        var contributions = [PairExplanation.Contribution]()
        var values = [Criterion: Double]()
        for (c, criterion) in Criterion.allCases.enumerated() {
            let v = Double(kernel.value(criterion, i, j))
            values[criterion] = v
            let tz = (cohort.offsets[mentorIndices[i]], cohort.offsets[menteeIndices[j]])
            let reason = _Reasons.text(criterion, value: v, mentor: t, mentee: l, config: model.config, tz: tz)
            let plain = _Reasons.plain(criterion, value: v, mentor: t, mentee: l, config: model.config, tz: tz)
            let points = weightSum > 0 ? 100 * weights[c] * v / weightSum : 0
            contributions.append(.init(criterion: criterion.rawValue, value: v, weight: weights[c], points: points, reason: reason, plain: plain))
        }
        var exclusions = kernel.filterReasons(i, j, cohort: cohort)
        for (name, threshold) in model.config.mustHave.sorted(by: { $0.key < $1.key }) {
            let v = values[Criterion(rawValue: name)!]!
            if v < threshold { exclusions.append(.belowMustHave(criterion: name, value: v, threshold: threshold)) }
        }
        // The total in the order `scores` sums it (an excluded pair keeps its score here).
        var total = 0.0
        var q = 0
        while q < weighted.count {
            let a = weighted[q].weight * values[weighted[q].criterion]!
            if q + 1 < weighted.count {
                total += a + weighted[q + 1].weight * values[weighted[q + 1].criterion]!
            } else {
                total += a
            }
            q += 2
        }
        total *= scale
        return PairExplanation(mentor: t.id, mentee: l.id, score: total, contributions: contributions, exclusions: exclusions)
    }
}

extension CompatibilityModel {
    /// The cohort's pairs as a streamed ``CompatibilityScoreSource``: nothing
    /// is scored until rows are asked for, and nothing is stored.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidProfile`` when a
    ///   profile's skill level exceeds this config's maximum;
    ///   ``/MatchingCore/MatchingError/Code/unsupported`` when the model has
    ///   custom criteria (they can fail on a pair, which a stream cannot report).
    public func scoreSource(for cohort: Cohort) throws -> CompatibilityScoreSource {
        guard customCriteria.isEmpty else {
            throw MatchingError(.unsupported, "streamed scoring takes the built-in criteria only; custom criteria (\(customCriteria.map(\.name).joined(separator: ", "))) need CompatibilityModel.matrices(for:)")
        }
        try checkLevels(cohort)
        let (mentors, mentees) = pools(cohort)
        let vocabulary = _Vocabulary(cohort.profiles)
        let a = _EncodedPeople(mentors, cohort: cohort, vocabulary: vocabulary)
        let b = config.mode == .mutual ? a : _EncodedPeople(mentees, cohort: cohort, vocabulary: vocabulary)
        let kernel = _PairKernel(a, b, cohort: cohort, config: config)
        return CompatibilityScoreSource(model: self, cohort: cohort, mentors: mentors, mentees: mentees, kernel: kernel)
    }
}
