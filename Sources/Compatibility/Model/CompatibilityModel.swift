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
    /// - Throws: ``MatchingError/Code/invalidConfig`` for a weight, must-have
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

    /// The mentors' and mentees' cohort indices for this model's mode.
    public func pools(_ cohort: Cohort) -> (mentors: [Int], mentees: [Int]) {
        let all = Array(cohort.profiles.indices)
        if config.mode == .mutual { return (all, all) }
        return (all.filter { cohort.profiles[$0].role != .mentee }, all.filter { cohort.profiles[$0].role != .mentor })
    }

    /// Scores every pair of the cohort.
    ///
    /// - Parameter cache: which per-criterion matrices to keep (``CriterionCache``).
    /// - Throws: ``MatchingError/Code/invalidProfile`` when a profile's skill
    ///   level exceeds this config's maximum; ``MatchingError/Code/tooLarge``
    ///   when the matrices would not fit in memory addressing.
    public func matrices(for cohort: Cohort, cache: CriterionCache = .all) throws -> CompatibilityMatrices {
        for p in cohort.profiles {
            for (skill, level) in p.skills.sorted(by: { $0.key < $1.key }) where level > config.maxSkillLevel {
                throw MatchingError(.invalidProfile, "person '\(p.id)': skill '\(skill)' level \(level) is above maxSkillLevel \(_format(config.maxSkillLevel))")
            }
            for g in p.goals where g.desiredLevel > config.maxSkillLevel {
                throw MatchingError(.invalidProfile, "person '\(p.id)': goal '\(g.skill)' desired level \(g.desiredLevel) is above maxSkillLevel \(_format(config.maxSkillLevel))")
            }
        }
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
                                        criteria: names.count, kept: kept, mustHave: mustHave)
        try storage.checkCustom(customCriteria, kernel: kernel, cohort: cohort, cols: n)
        return CompatibilityMatrices(
            model: self, cohort: cohort, mentors: mentors, mentees: mentees, kernel: kernel,
            storage: storage, weights: weights)
    }
}

/// Per-criterion values, criterion-major: slot `s` holds criterion
/// `criterionOfSlot[s]` for all M·N pairs; and per pair the first exclusion
/// code (hard filters, then must-haves; 0 = allowed).
struct _CriterionStorage: Sendable {
    let slotOfCriterion: [Int?]
    let criterionOfSlot: [Int]
    let values: ContiguousArray<Float>
    let filter: ContiguousArray<UInt8>
    let cells: Int

    /// The exclusion code of a pair below a must-have.
    static let mustHaveCode: UInt8 = 9

    /// Scores the `kept` criteria (indices into the model's names), the
    /// filters and the must-haves (`(criterion, threshold)`, all kept), in
    /// parallel over blocks of rows; each thread writes, and so first touches,
    /// only its own rows.
    init(kernel: _PairKernel, custom: [any CompatibilityCriterion], cohort: Cohort, rows m: Int, cols n: Int,
         criteria: Int, kept: [Int], mustHave: [(criterion: Int, threshold: Float)]) {
        let cells = m * n
        self.cells = cells
        var slotOf = [Int?](repeating: nil, count: criteria)
        for (s, k) in kept.enumerated() { slotOf[k] = s }
        slotOfCriterion = slotOf
        criterionOfSlot = kept
        let mustHaveBase = mustHave.map { (base: slotOf[$0.criterion]! * cells, threshold: $0.threshold) }
        let builtIns = Criterion.allCases
        let blockRows = Swift.max(1, 8192 / Swift.max(1, n))
        let blocks = (m + blockRows - 1) / blockRows
        var filterOut = ContiguousArray<UInt8>()
        values = ContiguousArray(unsafeUninitializedCapacity: kept.count * cells) { v, count in
            filterOut = ContiguousArray(unsafeUninitializedCapacity: cells) { f, fCount in
                let out = _SendablePointers(values: v.baseAddress, filter: f.baseAddress)
                DispatchQueue.concurrentPerform(iterations: blocks) { block in
                    let lo = block * blockRows, hi = Swift.min(m, lo + blockRows)
                    for (slot, c) in kept.enumerated() {
                        let base = out.values! + slot * cells
                        if c < builtIns.count {
                            for i in lo..<hi { kernel.fillRow(builtIns[c], i, base + i * n) }
                        } else {
                            let criterion = custom[c - builtIns.count]
                            for i in lo..<hi {
                                let t = cohort.profiles[kernel.a.person[i]]
                                for j in 0..<n {
                                    let l = cohort.profiles[kernel.b.person[j]]
                                    var x = criterion.score(mentor: t, mentee: l).value
                                    if kernel.config.mode == .mutual {
                                        let y = criterion.score(mentor: l, mentee: t).value
                                        x = 0.75 * Swift.min(x, y) + 0.25 * Swift.max(x, y)
                                    }
                                    // Out of range is marked NaN and reported by checkCustom.
                                    base[i * n + j] = (0...1).contains(x) ? Float(x) : .nan
                                }
                            }
                        }
                    }
                    for i in lo..<hi {
                        for j in 0..<n {
                            let k = i * n + j
                            var code = kernel.filterCode(i, j)
                            if code == 0 {
                                for (base, threshold) in mustHaveBase where out.values![base + k] < threshold {
                                    code = Self.mustHaveCode
                                    break
                                }
                            }
                            out.filter![k] = code
                        }
                    }
                }
                fCount = cells
            }
            count = kept.count * cells
        }
        filter = filterOut
    }
}

extension _CriterionStorage {
    /// Throws for the first pair where a custom criterion left 0…1 (marked NaN).
    func checkCustom(_ custom: [any CompatibilityCriterion], kernel: _PairKernel, cohort: Cohort, cols n: Int) throws {
        let builtIns = Criterion.allCases.count
        for (slot, c) in criterionOfSlot.enumerated() where c >= builtIns {
            let base = slot * cells
            for k in 0..<cells where values[base + k].isNaN {
                let t = cohort.profiles[kernel.a.person[k / n]], l = cohort.profiles[kernel.b.person[k % n]]
                let criterion = custom[c - builtIns]
                let x = criterion.score(mentor: t, mentee: l).value
                throw MatchingError(.invalidConfig, "custom criterion '\(criterion.name)' returned \(x) for (\(t.id), \(l.id)); values must lie in 0…1")
            }
        }
    }
}

/// Raw output pointers shared by the scoring threads, each writing its own rows.
struct _SendablePointers: @unchecked Sendable {
    let values: UnsafeMutablePointer<Float>?
    let filter: UnsafeMutablePointer<UInt8>?
}
