import Dispatch
import MatchingCore

/// The compatibility of every (mentor, mentee) pair: one matrix per criterion
/// (cached for re-weighting), the weighted total as a match percentage
/// (`100 · Σ wᵢ·sᵢ / Σ wᵢ`), and the pairs excluded with their reasons.
/// Laid out to feed ``/MatchingCore/MatchingProblem`` directly: row i is
/// ``mentors``[i], column j is ``mentees``[j].
public struct CompatibilityMatrices: Sendable {
    /// The model that scored the pairs.
    public let model: CompatibilityModel
    /// The cohort scored.
    public let cohort: Cohort
    /// Rows: mentors' cohort indices (in mutual mode, everyone).
    public let mentorIndices: [Int]
    /// Columns: mentees' cohort indices (in mutual mode, everyone).
    public let menteeIndices: [Int]
    let kernel: _PairKernel
    var storage: _CriterionStorage
    /// Each criterion's weight, in ``criterionNames`` order.
    public private(set) var weights: [Double]
    /// The weighted total, 0…100 per pair.
    public private(set) var total: ScoreMatrix

    init(model: CompatibilityModel, cohort: Cohort, mentors: [Int], mentees: [Int], kernel: _PairKernel,
         storage: _CriterionStorage, weights: [Double]) {
        self.model = model
        self.cohort = cohort
        mentorIndices = mentors
        menteeIndices = mentees
        self.kernel = kernel
        self.storage = storage
        self.weights = weights
        total = ScoreMatrix(mentors: 0, mentees: 0) { _, _ in 0 }
        total = combine()
    }

    /// The mentors' ids, row order.
    public var mentors: [PersonID] { mentorIndices.map { cohort.profiles[$0].id } }
    /// The mentees' ids, column order.
    public var mentees: [PersonID] { menteeIndices.map { cohort.profiles[$0].id } }
    /// The criteria, in the order of ``weights``.
    public var criterionNames: [String] { model.criterionNames }
    /// Bytes held by the cached per-criterion matrices and the filter codes
    /// (the total adds 8 bytes per pair).
    public var cacheBytes: Int { storage.values.count * MemoryLayout<Float>.stride + storage.bytes.count + storage.filter.count }

    /// The value (0…1) of criterion `name` for a pair, from the cache or
    /// scored on the spot when that criterion is not cached.
    public func value(_ name: String, mentor i: Int, mentee j: Int) -> Double? {
        guard let c = criterionNames.firstIndex(of: name) else { return nil }
        return Double(criterionValue(c, i, j))
    }

    /// Every pair's value (0…1) of criterion `name`, mentor-major
    /// (`M·N` values), or `nil` for an unknown criterion.
    ///
    /// - Complexity: O(M·N), one pass without per-pair allocation.
    public func values(of name: String) -> ContiguousArray<Double>? {
        guard let c = criterionNames.firstIndex(of: name) else { return nil }
        let m = mentorIndices.count, n = menteeIndices.count
        var out = ContiguousArray<Double>(repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { out[i &* n &+ j] = Double(criterionValue(c, i, j)) } }
        return out
    }

    func criterionValue(_ c: Int, _ i: Int, _ j: Int) -> Float {
        let n = menteeIndices.count
        if let s = storage.slotOfCriterion[c] { return storage.value(slot: s, cell: i * n + j) }
        let builtIns = Criterion.allCases
        if c < builtIns.count { return kernel.value(builtIns[c], i, j) }
        let criterion = model.customCriteria[c - builtIns.count]
        let t = cohort.profiles[mentorIndices[i]], l = cohort.profiles[menteeIndices[j]]
        var x = criterion.score(mentor: t, mentee: l).value
        if model.config.mode == .mutual {
            let y = criterion.score(mentor: l, mentee: t).value
            x = 0.75 * Swift.min(x, y) + 0.25 * Swift.max(x, y)
        }
        return Float(x)
    }

    /// Whether the pair passes every hard filter and must-have.
    public func isAllowed(mentor i: Int, mentee j: Int) -> Bool {
        storage.filter[i * menteeIndices.count + j] == 0
    }

    /// The number of excluded pairs; in mutual mode, of unordered pairs of
    /// two different people (see ``exclusionCounts()``).
    public var excludedCount: Int { exclusionHistogram()[1...].reduce(0, +) }

    /// The excluded pairs counted by cause (each pair under the first cause
    /// found: filters in ``ExclusionReason`` order, then must-haves by name),
    /// most pairs first: one line per cause for `check` and reports, such as
    /// `("the must-have language ≥ 1", 240000)`.
    ///
    /// In mutual mode the rows and columns are the same people and a pair has
    /// no direction: each pair of two different people counts once, excluded
    /// when either direction is (under the first cause of the two), and a
    /// person with themselves is no pair at all.
    ///
    /// - Complexity: O(M · N).
    public func exclusionCounts() -> [(cause: String, pairs: Int)] {
        let histogram = exclusionHistogram()
        let f = model.config.filters
        var out = [(cause: String, pairs: Int)]()
        let labels: [Int: String] = [
            1: "the same person on both sides (role both)", 2: "a person not eligible this round",
            3: "the reporting-line filter", 4: "the same-team filter", 5: "a block by one of them",
            6: "an earlier pairing that failed",
            7: "time zones more than \(f.maxTimeZoneGapHours.map(_format) ?? "?") h apart (filters.maxTimeZoneGapHours)",
            8: "no shared language (filters.sharedLanguage)",
        ]
        for code in 1..<Int(_CriterionStorage.mustHaveCode) where histogram[code] > 0 {
            out.append((labels[code] ?? "filter \(code)", histogram[code]))
        }
        for (h, (name, threshold)) in model.config.mustHave.sorted(by: { $0.key < $1.key }).enumerated() {
            let code = Int(_CriterionStorage.mustHaveCode) + h
            if code < 256, histogram[code] > 0 { out.append(("the must-have \(name) ≥ \(_format(threshold))", histogram[code])) }
        }
        return out.sorted { ($0.pairs, $1.cause) > ($1.pairs, $0.cause) }
    }

    /// The number of pairs under each exclusion code (0: allowed): every cell,
    /// or in mutual mode every unordered pair of two people under the smaller
    /// non-zero code of its two cells (codes follow the order causes are found).
    func exclusionHistogram() -> [Int] {
        var histogram = [Int](repeating: 0, count: 256)
        let n = menteeIndices.count
        storage.filter.withUnsafeBufferPointer { f in
            guard model.config.mode == .mutual, mentorIndices.count == n else {
                for code in f { histogram[Int(code)] += 1 }
                return
            }
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let a = f[i * n + j], b = f[j * n + i]
                    histogram[Int(a == 0 ? b : b == 0 ? a : Swift.min(a, b))] += 1
                }
            }
        }
        return histogram
    }

    /// Every excluded pair (hard filters and must-haves), in row-major order.
    public var excludedPairs: [Pair] {
        let n = Swift.max(1, menteeIndices.count)
        var out = [Pair]()
        storage.filter.withUnsafeBufferPointer { f in
            for k in f.indices where f[k] != 0 { out.append(Pair(mentor: k / n, mentee: k % n)) }
        }
        return out
    }

    /// The total recombined from the cached criteria with the current
    /// weights, in parallel over blocks of rows (each block's sums stay in
    /// cache while the criteria stream past). A criterion given weight but not
    /// cached is scored row by row.
    func combine() -> ScoreMatrix {
        try! ScoreMatrix(mentors: mentorIndices.count, mentees: menteeIndices.count, values: weightedSum(scaled: true))
    }

    /// Per pair, `Σ w_c · v_c` over the weighted criteria, times `100 / Σ w`
    /// when `scaled` (the total), row-major.
    func weightedSum(scaled: Bool) -> ContiguousArray<Double> {
        let m = mentorIndices.count, n = menteeIndices.count, cells = m * n
        let weightSum = weights.reduce(0, +)
        let columns = weights.enumerated().filter { $0.element > 0 }.map { (slot: storage.slotOfCriterion[$0.offset], criterion: $0.offset, w: $0.element) }
        let scale = !scaled ? 1 : weightSum > 0 ? 100 / weightSum : 0
        let blockRows = Swift.max(1, 8192 / Swift.max(1, n))
        let blocks = (m + blockRows - 1) / blockRows
        let builtIns = Criterion.allCases
        let kernel = self.kernel
        let values = ContiguousArray<Double>(unsafeUninitializedCapacity: cells) { out, count in
            storage.values.withUnsafeBufferPointer { v in
              storage.bytes.withUnsafeBufferPointer { b in
                let single = storage.precision == .single
                // For bytes: per criterion, the 256 possible weighted values.
                let tables = columns.map { col in (0..<256).map { col.w * Double(_CriterionStorage.unpack(UInt8($0))) } }
                let shared = _SendableCombine(out: out.baseAddress, values: v.baseAddress, bytes: b.baseAddress)
                // Cached single-precision criteria, two at a time (one pass over the sums per pair).
                let floatSlots = single ? columns.compactMap { col in col.slot.map { (slot: $0, w: col.w) } } : []
                DispatchQueue.concurrentPerform(iterations: blocks) { block in
                    let lo = block * blockRows * n, hi = Swift.min(m, (block + 1) * blockRows) * n
                    let sum = shared.out! + lo
                    let len = hi - lo
                    sum.update(repeating: 0, count: len)
                    var k0 = 0
                    while k0 + 1 < floatSlots.count {
                        let a = shared.values! + floatSlots[k0].slot * cells + lo, wa = floatSlots[k0].w
                        let b = shared.values! + floatSlots[k0 + 1].slot * cells + lo, wb = floatSlots[k0 + 1].w
                        for k in 0..<len { sum[k] += wa * Double(a[k]) + wb * Double(b[k]) }
                        k0 += 2
                    }
                    if k0 < floatSlots.count {
                        let a = shared.values! + floatSlots[k0].slot * cells + lo, wa = floatSlots[k0].w
                        for k in 0..<len { sum[k] += wa * Double(a[k]) }
                    }
                    var row = [Float]()
                    for (index, (slot, c, w)) in columns.enumerated() {
                        if slot != nil && single {
                            continue   // done above
                        } else if let slot {
                            let src = shared.bytes! + slot * cells + lo
                            tables[index].withUnsafeBufferPointer { table in
                                for k in 0..<len { sum[k] += table[Int(src[k])] }
                            }
                        } else if c < builtIns.count {
                            if row.isEmpty { row = [Float](repeating: 0, count: n) }
                            for i in (lo / n)..<(hi / n) {
                                row.withUnsafeMutableBufferPointer { kernel.fillRow(builtIns[c], i, $0.baseAddress!) }
                                for j in 0..<n { sum[(i * n - lo) + j] += w * Double(row[j]) }
                            }
                        } else {
                            for i in (lo / n)..<(hi / n) { for j in 0..<n { sum[(i * n - lo) + j] += w * Double(criterionValue(c, i, j)) } }
                        }
                    }
                    if scale != 1 { for k in 0..<len { sum[k] *= scale } }
                }
              }
            }
            count = cells
        }
        return values
    }

    /// The same matrices with new weights (0…10 per criterion name; absent
    /// names keep their current weight): the cached per-criterion values are
    /// recombined, profiles are not scored again.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidConfig`` for an unknown name or a
    ///   weight out of range.
    public func reweighted(_ changes: [String: Double]) throws -> CompatibilityMatrices {
        var copy = self
        let names = criterionNames
        for (name, w) in changes.sorted(by: { $0.key < $1.key }) {
            guard let c = names.firstIndex(of: name) else {
                throw MatchingError(.invalidConfig, "weights: unknown criterion '\(name)' (known: \(names.sorted().joined(separator: ", ")))")
            }
            guard w.isFinite, (0...10).contains(w) else { throw MatchingError(.invalidConfig, "weights.\(name) = \(w) is outside 0…10") }
            copy.weights[c] = w
        }
        copy.total = copy.combine()
        return copy
    }

    /// The totals for many weightings of a few criteria (a weight sweep):
    /// the other criteria are summed once, and each weighting adds only the
    /// varied ones (``Recombination/total(_:)``).
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidConfig`` for an unknown name.
    /// - Complexity: O((criteria + varied) · M · N) once; memory one double
    ///   per pair for the rest and for each varied criterion (one float for
    ///   a lone criterion whose values are all floats).
    public func recombination(varying names: [String]) throws -> Recombination {
        var indices = [Int]()
        for name in names {
            guard let c = criterionNames.firstIndex(of: name) else {
                throw MatchingError(.invalidConfig, "weights: unknown criterion '\(name)' (known: \(criterionNames.sorted().joined(separator: ", ")))")
            }
            if !indices.contains(c) { indices.append(c) }
        }
        var rest = self
        for c in indices { rest.weights[c] = 0 }
        let restWeight = rest.weights.reduce(0, +)
        let varied = indices.map { c -> ContiguousArray<Double> in
            var one = self
            one.weights = [Double](repeating: 0, count: weights.count)
            one.weights[c] = 1
            return one.weightedSum(scaled: false)
        }
        return Recombination(names: indices.map { criterionNames[$0] }, mentors: mentorIndices.count, mentees: menteeIndices.count,
                             rest: rest.weightedSum(scaled: false), restWeight: restWeight, varied: varied)
    }

    /// The totals of ``CompatibilityMatrices`` under weightings of a few
    /// criteria, the others fixed at their weights (see
    /// ``CompatibilityMatrices/recombination(varying:)``).
    public struct Recombination: Sendable {
        /// The varied criteria, in the order ``total(_:)`` takes their weights.
        public let names: [String]
        let mentors: Int
        let mentees: Int
        let rest: ContiguousArray<Double>
        let restWeight: Double
        /// The varied criteria's values, one array each (`names` order); empty
        /// when ``singleVaried`` holds the one criterion instead.
        let varied: [ContiguousArray<Double>]
        /// The largest value of the fixed sum and of each varied criterion, or `nil` when one of
        /// them has a value below 0, infinite or NaN: with them, ``total(_:)`` bounds every total
        /// (a sum of non-negative terms at weights in 0…10 times the scale) and, when that bound is
        /// finite, its matrix says so (``/MatchingCore/ScoreMatrix``'s known range), so that the
        /// solves do not read it again to check.
        let termMaxima: [Double]?
        /// The one varied criterion in single precision, when it is the only one and every
        /// value is a `Float` exactly (cached criteria are): the same sums, from half the memory
        /// per point (a sweep's points are bound by memory traffic). The double-precision
        /// copy is then not kept.
        let singleVaried: ContiguousArray<Float>?

        init(names: [String], mentors: Int, mentees: Int, rest: ContiguousArray<Double>, restWeight: Double, varied: [ContiguousArray<Double>]) {
            self.names = names
            self.mentors = mentors
            self.mentees = mentees
            self.rest = rest
            self.restWeight = restWeight
            if varied.count == 1 {
                let single = ContiguousArray(varied[0].lazy.map { Float($0) })
                singleVaried = zip(single, varied[0]).allSatisfy { Double($0) == $1 } ? single : nil
            } else {
                singleVaried = nil
            }
            self.varied = singleVaried == nil ? varied : []
            var maxima: [Double]? = []
            for terms in [rest] + varied {
                var largest = 0.0
                for v in terms {
                    guard v >= 0 && v < .infinity else { maxima = nil; break }
                    largest = Swift.max(largest, v)
                }
                maxima?.append(largest)
            }
            termMaxima = maxima
        }

        /// The parts as they are (a renumbering: the maxima and the single-precision copy hold).
        private init(names: [String], mentors: Int, mentees: Int, rest: ContiguousArray<Double>, restWeight: Double,
                     varied: [ContiguousArray<Double>], termMaxima: [Double]?, singleVaried: ContiguousArray<Float>?) {
            self.names = names
            self.mentors = mentors
            self.mentees = mentees
            self.rest = rest
            self.restWeight = restWeight
            self.varied = varied
            self.termMaxima = termMaxima
            self.singleVaried = singleVaried
        }

        /// The same totals with the mentees renumbered by `renumbering`
        /// (``/MatchingCore/MenteeRenumbering``: mentee `k` of the result is
        /// mentee `order[k]` of these), so that a sweep writes its totals in the
        /// order its network reads them.
        ///
        /// - Precondition: `renumbering` is of these mentees.
        /// - Complexity: O((1 + varied) · M · N) time, and as much memory again.
        package func reorderingMentees(_ renumbering: MenteeRenumbering) -> Recombination {
            precondition(renumbering.count == mentees, "reorderingMentees: a renumbering of \(renumbering.count) mentees for \(mentees)")
            func reordered<T>(_ values: ContiguousArray<T>) -> ContiguousArray<T> {
                ContiguousArray(unsafeUninitializedCapacity: values.count) { out, count in
                    values.withUnsafeBufferPointer { v in
                        renumbering.order.withUnsafeBufferPointer { order in
                            for i in 0..<mentors {
                                let base = i &* mentees
                                for k in 0..<mentees { (out.baseAddress! + (base &+ k)).initialize(to: v[base &+ order[k]]) }
                            }
                        }
                    }
                    count = values.count
                }
            }
            return Recombination(names: names, mentors: mentors, mentees: mentees, rest: reordered(rest), restWeight: restWeight,
                                 varied: varied.map(reordered), termMaxima: termMaxima, singleVaried: singleVaried.map(reordered))
        }

        /// Whether the one varied criterion is held in single precision only (``singleVaried``).
        package var holdsSinglePrecision: Bool { singleVaried != nil }

        /// The total (0…100 per pair, as ``CompatibilityMatrices/total``)
        /// with the varied criteria at `weights` (``names`` order, 0…10).
        ///
        /// - Throws: ``/MatchingCore/MatchingError/Code/invalidConfig`` for a
        ///   count other than the names', or a weight outside 0…10.
        /// - Complexity: O(varied · M · N).
        public func total(_ weights: [Double]) throws -> ScoreMatrix {
            let proven = try provenInRange(weights)
            let values = ContiguousArray<Double>(unsafeUninitializedCapacity: mentors * mentees) { out, count in
                write(weights, into: out)
                count = mentors * mentees
            }
            return proven
                ? try ScoreMatrix(mentors: mentors, mentees: mentees, provenFiniteNonNegative: values)
                : try ScoreMatrix(mentors: mentors, mentees: mentees, values: values)
        }

        /// ``total(_:)`` written into `scores`, in place when it is a matrix
        /// of this size whose storage nobody else holds (a sweep rewrites one
        /// matrix per lane instead of allocating one per point).
        ///
        /// - Throws: as ``total(_:)``; `scores` is then unchanged.
        /// - Complexity: O(varied · M · N).
        public func total(_ weights: [Double], into scores: inout ScoreMatrix) throws {
            guard scores.mentors == mentors, scores.mentees == mentees else {
                scores = try total(weights)
                return
            }
            let proven = try provenInRange(weights)
            scores.overwriteValues(provenFiniteNonNegative: proven) { write(weights, into: $0) }
        }

        /// Checks `weights`, and whether every total at them is proven finite and at least 0:
        /// each is at most (largest fixed sum + Σ w · largest criterion) · scale.
        private func provenInRange(_ weights: [Double]) throws -> Bool {
            guard weights.count == names.count else { throw MatchingError(.invalidConfig, "\(weights.count) weight(s) for \(names.count) varied criteria") }
            for (name, w) in zip(names, weights) {
                guard w.isFinite, (0...10).contains(w) else { throw MatchingError(.invalidConfig, "weights.\(name) = \(w) is outside 0…10") }
            }
            let bound = termMaxima.map { maxima in (maxima[0] + zip(weights, maxima.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }) * scale(weights) }
            return bound.map { $0 < 1e300 } == true
        }

        /// 100 over the sum of every weight (0 when it is 0).
        private func scale(_ weights: [Double]) -> Double {
            let weightSum = restWeight + weights.reduce(0, +)
            return weightSum > 0 ? 100 / weightSum : 0
        }

        /// Writes the totals at `weights` (checked) into `out`, one per pair.
        private func write(_ weights: [Double], into out: UnsafeMutableBufferPointer<Double>) {
            assert(singleVaried != nil ? varied.isEmpty && names.count == 1 : varied.count == names.count, "one store of the varied criteria")
            let scale = scale(weights)
            let cells = mentors * mentees
            // rest + Σ w·v, then × scale, in that order for every cell (the same sums as one
            // pass per step), with the copy folded into the first step and the scale into the last;
            // only the varied criteria with a weight are added.
            let terms = weights.indices.filter { weights[$0] != 0 }
            rest.withUnsafeBufferPointer { r in
                guard let firstTerm = terms.first else {
                    for k in 0..<cells { out[k] = r[k] * scale }
                    return
                }
                let w = weights[firstTerm]
                if let single = singleVaried {
                    single.withUnsafeBufferPointer { v in
                        for k in 0..<cells { out[k] = (r[k] + w * Double(v[k])) * scale }
                    }
                    return
                }
                varied[firstTerm].withUnsafeBufferPointer { v in
                    if terms.count == 1 {
                        for k in 0..<cells { out[k] = (r[k] + w * v[k]) * scale }
                    } else {
                        for k in 0..<cells { out[k] = r[k] + w * v[k] }
                    }
                }
            }
            for (t, term) in terms.enumerated().dropFirst() {
                let w = weights[term]
                varied[term].withUnsafeBufferPointer { v in
                    if t == terms.count - 1 {
                        for k in 0..<cells { out[k] = (out[k] + w * v[k]) * scale }
                    } else {
                        for k in 0..<cells { out[k] += w * v[k] }
                    }
                }
            }
        }
    }

    /// The matching problem these matrices describe: the totals as scores and
    /// the excluded pairs as forbidden; loads, demands and rules are the
    /// caller's to set.
    public func problem() -> MatchingProblem {
        var p = MatchingProblem(scores: total)
        p.forbidden = Set(excludedPairs)
        return p
    }
}

/// Pointers shared by the combining threads, each writing its own rows.
struct _SendableCombine: @unchecked Sendable {
    let out: UnsafeMutablePointer<Double>?
    let values: UnsafePointer<Float>?
    let bytes: UnsafePointer<UInt8>?
}
