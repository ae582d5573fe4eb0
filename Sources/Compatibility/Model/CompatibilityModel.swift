import Dispatch
import MatchingCore

/// Which per-criterion matrices a model keeps for re-weighting.
public enum CriterionCache: Hashable, Sendable {
    /// Every criterion (built-in and custom): `4 · K · M · N` bytes for K
    /// criteria; re-weighting never re-scores.
    case all
    /// Only criteria with a non-zero weight or a must-have: less memory;
    /// giving weight to another criterion later scores that criterion alone.
    case weighted
}

/// How the cached per-criterion values are stored.
public enum CriterionPrecision: String, Hashable, Sendable, Codable {
    /// 32-bit floats: 4 bytes per criterion and pair, values as scored.
    case single
    /// One byte per criterion and pair: values rounded to the nearest
    /// 1/254 (0.4 %; 0, the neutral 0.5 and 1 stay exact), a quarter of the
    /// memory and of the recombination traffic. Totals, explanations and must-haves all read the rounded
    /// values, so they stay consistent with one another.
    case byte
}

/// Turns profiles into compatibility matrices: one matrix per criterion, the
/// weighted total (a match percentage) and the allowed pairs, with reasons.
///
/// Pools: in traditional and reverse mode the mentors are the profiles with
/// role `mentor` or `both`, the mentees those with `mentee` or `both` (a
/// person is never paired with themself); in mutual mode everyone is in one
/// pool and the matrix is symmetric. People not eligible stay in the matrices
/// with every pair excluded, so the reason can be reported.
///
/// - Complexity: O(M · N · (K + G)) for K criteria and G goals per mentee,
///   in parallel over blocks of mentor rows; no allocation per pair.
public struct CompatibilityModel: Sendable {
    /// The configuration.
    public let config: CompatibilityConfig
    /// Criteria added by the embedding tool.
    public let customCriteria: [any CompatibilityCriterion]

    /// Creates a model.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidConfig`` for a weight, must-have
    ///   or setting naming an unknown criterion or out of range.
    public init(config: CompatibilityConfig = CompatibilityConfig(), customCriteria: [any CompatibilityCriterion] = []) throws {
        let builtIn = Set(Criterion.allCases.map(\.rawValue))
        var names = builtIn
        for c in customCriteria {
            guard !c.name.isEmpty, names.insert(c.name).inserted else {
                throw MatchingError(.invalidConfig, "custom criterion '\(c.name)' is empty or repeats another criterion's name")
            }
        }
        let known = names.sorted().joined(separator: ", ")
        for (name, w) in config.weights.sorted(by: { $0.key < $1.key }) {
            guard names.contains(name) else { throw MatchingError(.invalidConfig, "weights: unknown criterion '\(name)' (known: \(known))") }
            guard w.isFinite, (0...10).contains(w) else { throw MatchingError(.invalidConfig, "weights.\(name) = \(w) is outside 0…10") }
        }
        guard config.mustHave.count <= _CriterionStorage.maxMustHaves else {
            throw MatchingError(.invalidConfig, "mustHave: \(config.mustHave.count) thresholds; at most \(_CriterionStorage.maxMustHaves)")
        }
        for (name, t) in config.mustHave.sorted(by: { $0.key < $1.key }) {
            guard names.contains(name) else { throw MatchingError(.invalidConfig, "mustHave: unknown criterion '\(name)' (known: \(known))") }
            guard t.isFinite, (0...1).contains(t) else { throw MatchingError(.invalidConfig, "mustHave.\(name) = \(t) is outside 0…1") }
        }
        func positive(_ x: Double, _ name: String) throws {
            guard x.isFinite, x > 0 else { throw MatchingError(.invalidConfig, "\(name) = \(x) must be a positive number") }
        }
        try positive(config.gapFalloff, "gapFalloff")
        try positive(config.maxSkillLevel, "maxSkillLevel")
        try positive(config.availabilityHours, "availabilityHours")
        try positive(config.timeZoneScaleHours, "timeZoneScaleHours")
        if let cap = config.filters.maxTimeZoneGapHours { try positive(cap, "filters.maxTimeZoneGapHours") }
        self.config = config
        self.customCriteria = customCriteria
    }

    /// The criteria's names: built-ins in ``Criterion`` order, then custom ones.
    public var criterionNames: [String] { Criterion.allCases.map(\.rawValue) + customCriteria.map(\.name) }

    /// Each criterion's weight, in ``criterionNames`` order.
    public func weights(_ overrides: [String: Double]? = nil) -> [Double] {
        let w = overrides ?? config.weights
        return Criterion.allCases.map { w[$0.rawValue] ?? CompatibilityConfig.defaultWeights[$0]! }
            + customCriteria.map { w[$0.name] ?? 1 }
    }

    /// The mentors' and mentees' cohort indices for this model's mode: in
    /// mutual mode one pool, both lists equal (everyone, or the mentees:
    /// ``CompatibilityConfig/pool``).
    public func pools(_ cohort: Cohort) -> (mentors: [Int], mentees: [Int]) {
        let all = Array(cohort.profiles.indices)
        let mentees = all.filter { cohort.profiles[$0].role != .mentor }
        if config.mode == .mutual {
            let pool = config.pool == .everyone ? all : mentees
            return (pool, pool)
        }
        return (all.filter { cohort.profiles[$0].role != .mentee }, mentees)
    }

    /// Throws for the first skill or goal level above this config's maximum.
    func checkLevels(_ cohort: Cohort) throws {
        for p in cohort.profiles {
            for (skill, level) in p.skills.sorted(by: { $0.key < $1.key }) where level > config.maxSkillLevel {
                throw MatchingError(.invalidProfile, "person '\(p.id)': skill '\(skill)' level \(level) is above maxSkillLevel \(_format(config.maxSkillLevel))")
            }
            for g in p.goals where g.desiredLevel > config.maxSkillLevel {
                throw MatchingError(.invalidProfile, "person '\(p.id)': goal '\(g.skill)' desired level \(g.desiredLevel) is above maxSkillLevel \(_format(config.maxSkillLevel))")
            }
        }
    }

    /// Scores every pair of the cohort.
    ///
    /// - Parameters:
    ///   - cohort: the people to score.
    ///   - cache: which per-criterion matrices to keep (``CriterionCache``).
    ///   - precision: how to store them (``CriterionPrecision``): the cache
    ///     takes `K · M · N` times 4 bytes (`single`) or 1 byte (`byte`) for K
    ///     kept criteria, plus 1 byte per pair of exclusion codes and 8 bytes
    ///     per pair for the total.
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidProfile`` when a profile's skill
    ///   level exceeds this config's maximum; ``/MatchingCore/MatchingError/Code/tooLarge``
    ///   when the matrices would not fit in memory addressing.
    public func matrices(for cohort: Cohort, cache: CriterionCache = .all, precision: CriterionPrecision = .single) throws -> CompatibilityMatrices {
        try checkLevels(cohort)
        let (mentors, mentees) = pools(cohort)
        let m = mentors.count, n = mentees.count
        let (cells, overflow) = m.multipliedReportingOverflow(by: n)
        guard !overflow, cells <= 1 << 33 else {
            throw MatchingError(.tooLarge, "\(m) mentors × \(n) mentees is too many pairs for dense matrices")
        }
        let vocabulary = _Vocabulary(cohort.profiles)
        let a = _EncodedPeople(mentors, cohort: cohort, vocabulary: vocabulary)
        let b = config.mode == .mutual ? a : _EncodedPeople(mentees, cohort: cohort, vocabulary: vocabulary)
        let kernel = _PairKernel(a, b, cohort: cohort, config: config)
        let weights = weights()
        let names = criterionNames
        var kept = [Int]()
        for k in names.indices where cache == .all || weights[k] > 0 || config.mustHave[names[k]] != nil { kept.append(k) }
        let mustHave = config.mustHave.sorted { $0.key < $1.key }.map { (names.firstIndex(of: $0.key)!, Float($0.value)) }
        let storage = _CriterionStorage(kernel: kernel, custom: customCriteria, cohort: cohort, rows: m, cols: n,
                                        criteria: names.count, kept: kept, mustHave: mustHave, precision: precision)
        try storage.checkCustom(customCriteria, kernel: kernel, cohort: cohort, cols: n)
        return CompatibilityMatrices(
            model: self, cohort: cohort, mentors: mentors, mentees: mentees, kernel: kernel,
            storage: storage, weights: weights)
    }
}

/// Per-criterion values, criterion-major: slot `s` holds criterion
/// `criterionOfSlot[s]` for all M·N pairs (as floats or as bytes); and per
/// pair the first exclusion code (hard filters, then must-haves; 0 = allowed).
struct _CriterionStorage: Sendable {
    let slotOfCriterion: [Int?]
    let criterionOfSlot: [Int]
    let precision: CriterionPrecision
    let values: ContiguousArray<Float>
    let bytes: ContiguousArray<UInt8>
    let filter: ContiguousArray<UInt8>
    let cells: Int
    /// Per block of rows, the first cell where a custom criterion left 0…1 (-1: none).
    let badCustomCell: [Int]

    /// The exclusion code of a pair below the first must-have (in name
    /// order); the k-th must-have's code is this plus k.
    static let mustHaveCode: UInt8 = 9
    /// The most must-haves a model holds (their codes fit in a byte).
    static let maxMustHaves = 200

    /// A value in 0…1 as a byte: the nearest multiple of 1/254 (NaN, a custom
    /// criterion out of range, is 255 and reported before anyone reads it).
    @inline(__always)
    static func pack(_ x: Float) -> UInt8 { x.isNaN ? 255 : UInt8((x * 254).rounded()) }

    /// A byte back to its value.
    @inline(__always)
    static func unpack(_ q: UInt8) -> Float { Float(q) / 254 }

    /// The stored value of slot `slot` at cell `k`.
    @inline(__always)
    func value(slot: Int, cell k: Int) -> Float {
        precision == .single ? values[slot * cells + k] : Self.unpack(bytes[slot * cells + k])
    }

    /// Scores the `kept` criteria (indices into the model's names), the
    /// filters and the must-haves (`(criterion, threshold)`, all kept), in
    /// parallel over blocks of rows; each thread writes, and so first touches,
    /// only its own rows.
    init(kernel: _PairKernel, custom: [any CompatibilityCriterion], cohort: Cohort, rows m: Int, cols n: Int,
         criteria: Int, kept: [Int], mustHave: [(criterion: Int, threshold: Float)], precision: CriterionPrecision) {
        let cells = m * n
        self.cells = cells
        self.precision = precision
        var slotOf = [Int?](repeating: nil, count: criteria)
        for (s, k) in kept.enumerated() { slotOf[k] = s }
        slotOfCriterion = slotOf
        criterionOfSlot = kept
        let mustHaveSlots = mustHave.map { (slot: slotOf[$0.criterion]!, criterion: $0.criterion, threshold: $0.threshold) }
        let builtIns = Criterion.allCases
        let blockRows = Swift.max(1, 8192 / Swift.max(1, n))
        let blocks = (m + blockRows - 1) / blockRows
        let single = precision == .single
        var bad = [Int](repeating: -1, count: blocks)
        var filterOut = ContiguousArray<UInt8>(), bytesOut = ContiguousArray<UInt8>()
        values = ContiguousArray(unsafeUninitializedCapacity: single ? kept.count * cells : 0) { v, count in
            bytesOut = ContiguousArray(unsafeUninitializedCapacity: single ? 0 : kept.count * cells) { b, bCount in
                filterOut = ContiguousArray(unsafeUninitializedCapacity: cells) { f, fCount in
                    bad.withUnsafeMutableBufferPointer { badCell in
                        let out = _SendablePointers(values: v.baseAddress, bytes: b.baseAddress, filter: f.baseAddress, bad: badCell.baseAddress)
                        DispatchQueue.concurrentPerform(iterations: blocks) { block in
                            let lo = block * blockRows, hi = Swift.min(m, lo + blockRows)
                            var scratch = [Float](repeating: 0, count: single ? 0 : n)
                            /// Row i of slot `slot`: where to write, then (for bytes) rounding into place.
                            func fill(_ slot: Int, _ i: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) {
                                if single { body(out.values! + slot * cells + i * n); return }
                                scratch.withUnsafeMutableBufferPointer { row in
                                    body(row.baseAddress!)
                                    let dst = out.bytes! + slot * cells + i * n
                                    for j in 0..<n { dst[j] = Self.pack(row[j]) }
                                }
                            }
                            for (slot, c) in kept.enumerated() {
                                if c < builtIns.count {
                                    for i in lo..<hi { fill(slot, i) { kernel.fillRow(builtIns[c], i, $0) } }
                                    continue
                                }
                                let criterion = custom[c - builtIns.count]
                                for i in lo..<hi {
                                    let t = cohort.profiles[kernel.a.person[i]]
                                    fill(slot, i) { row in
                                        for j in 0..<n {
                                            let l = cohort.profiles[kernel.b.person[j]]
                                            var x = criterion.score(mentor: t, mentee: l).value
                                            if kernel.config.mode == .mutual {
                                                let y = criterion.score(mentor: l, mentee: t).value
                                                x = 0.75 * Swift.min(x, y) + 0.25 * Swift.max(x, y)
                                            }
                                            if !(0...1).contains(x) {
                                                if out.bad![block] < 0 { out.bad![block] = i * n + j }
                                                row[j] = .nan
                                            } else {
                                                row[j] = Float(x)
                                            }
                                        }
                                    }
                                }
                            }
                            for i in lo..<hi {
                                for j in 0..<n {
                                    let k = i * n + j
                                    var code = kernel.filterCode(i, j)
                                    if code == 0 {
                                        for (h, (slot, criterion, threshold)) in mustHaveSlots.enumerated() {
                                            let x = single ? out.values![slot * cells + k] : Self.unpack(out.bytes![slot * cells + k])
                                            if x < threshold && (criterion >= builtIns.count || kernel.answered(builtIns[criterion], i, j)) {
                                                code = Self.mustHaveCode &+ UInt8(h); break
                                            }
                                        }
                                    }
                                    out.filter![k] = code
                                }
                            }
                        }
                    }
                    fCount = cells
                }
                bCount = single ? 0 : kept.count * cells
            }
            count = single ? kept.count * cells : 0
        }
        bytes = bytesOut
        filter = filterOut
        badCustomCell = bad
    }
}

extension _CriterionStorage {
    /// Throws for the first pair where a custom criterion left 0…1.
    func checkCustom(_ custom: [any CompatibilityCriterion], kernel: _PairKernel, cohort: Cohort, cols n: Int) throws {
        guard let k = badCustomCell.first(where: { $0 >= 0 }) else { return }
        let t = cohort.profiles[kernel.a.person[k / n]], l = cohort.profiles[kernel.b.person[k % n]]
        for criterion in custom {
            let x = criterion.score(mentor: t, mentee: l).value
            let y = criterion.score(mentor: l, mentee: t).value
            if !(0...1).contains(x) || (kernel.config.mode == .mutual && !(0...1).contains(y)) {
                throw MatchingError(.invalidConfig, "custom criterion '\(criterion.name)' returned \((0...1).contains(x) ? y : x) for (\(t.id), \(l.id)); values must lie in 0…1")
            }
        }
    }
}

/// Raw output pointers shared by the scoring threads, each writing its own rows.
struct _SendablePointers: @unchecked Sendable {
    let values: UnsafeMutablePointer<Float>?
    let bytes: UnsafeMutablePointer<UInt8>?
    let filter: UnsafeMutablePointer<UInt8>?
    let bad: UnsafeMutablePointer<Int>?
}
