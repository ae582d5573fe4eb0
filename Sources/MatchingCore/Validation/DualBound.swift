/// Dual values for the mentor-load and mentee-demand rows of a matching
/// problem's LP relaxation: with them, ``DualBound/bound(of:duals:)`` gives an
/// upper bound on every matching's objective (weak duality).
public struct Duals: Hashable, Sendable {
    /// One value per mentor (the price of one unit of its load).
    public var mentors: [Double]
    /// One value per mentee (the price of one unit of its demand).
    public var mentees: [Double]
    /// Duals of attribute rules, by index in ``MatchingProblem/constraints``.
    /// For a `maxPerMentor` rule: one value ≥ 0 per (mentor, value of the
    /// attribute), mentor-major, values in ascending order. For a `quota`
    /// rule: one value. For a `composition` rule: one value per mentee.
    public var constraints: [Int: [Double]]

    /// Creates duals.
    public init(mentors: [Double], mentees: [Double], constraints: [Int: [Double]] = [:]) {
        self.mentors = mentors
        self.mentees = mentees
        self.constraints = constraints
    }
}

/// The upper bound that dual values prove, computed from the problem alone,
/// so a solver's optimality claim can be checked without trusting the solver.
///
/// Fixed pairs are taken out first: they add their scores, and each mentor's
/// and mentee's bounds shrink by its fixed pairs (`l' = max(0, l − f)`,
/// `L' = min(L − f, free partners)`). What remains is the LP relaxation of a
/// ``Objective/total`` problem that keeps only loads, demands, forbidden pairs
/// and penalties (every other rule only lowers the optimum, so the bound stays
/// valid): `max Σ S'x + Σ_j p_j y_j − Σ p` with `0 ≤ x ≤ 1` on free pairs,
/// `y_j ≤ Σ_i x_ij`, `y_j ≤ 1` for mentees with no fixed pair. For any mentor
/// values `α` and mentee values `β` its dual objective is
///
/// `Σ_i (α_i⁺ L'_i − α_i⁻ l'_i) + Σ_j (β_j⁺ D'_j − β_j⁻ d'_j) + Σ_j min_{0 ≤ η ≤ p_j} [Σ_i max(0, S_ij + η − α_i − β_j) + (p_j − η)] − Σ p + Σ_fixed S`,
///
/// minimised exactly over each mentee's `η` (a convex piecewise-linear
/// function). With duals `γ ≥ 0` for a `maxPerMentor` rule (limit `L`), the
/// bound gains `Σ γ_{i,v} (L − fixed pairs of i with value v)` and each free
/// pair's reduced profit loses
/// `γ_{i, value of j}`. Any `α, β, γ` give a valid bound; optimal ones give
/// the optimum itself, which certifies it. A `quota` rule's dual `ζ` (one
/// value, any sign) adds `ζ⁺ (max − fixed) − ζ⁻ max(0, min − fixed)` and
/// lowers the reduced profit of the free pairs whose mentee has the value.
/// A `composition` rule's duals `δ_j` (one per mentee, any sign) add
/// `δ_j⁺ (max − fixed_j) − δ_j⁻ max(0, min − fixed_j)`, where `fixed_j`
/// counts mentee j's fixed pairs with a mentor of the value (a missing maximum
/// is replaced by j's free pairs with such mentors), and lower the reduced
/// profit of j's free pairs with those mentors.
public enum DualBound {
    /// The bound proven by `duals` for `problem` (a valid problem; it bounds
    /// the total objective whatever the problem's objective is).
    ///
    /// - Complexity: O(M·N) (times the rules' duals per pair), in one
    ///   row-major pass; a mentee with an unmatched penalty adds its convex
    ///   one-dimensional minimum in closed form from its largest reduced profit.
    public static func bound(of problem: MatchingProblem, duals: Duals) -> Double {
        let m = problem.mentorCount, n = problem.menteeCount
        precondition(duals.mentors.count == m && duals.mentees.count == n, "one dual per mentor and per mentee")
        // The one reduction (ReducedRules): fixed pairs out, bounds shrunk, a fixed mentee owes no penalty.
        let reduced = ReducedRules(problem.rules)
        let fixedOfMentor = reduced.fixedOfMentor, fixedOfMentee = reduced.fixedOfMentee
        var total = problem.fixed.reduce(0.0) { $0 + problem.scores[$1] }
        let allowed = problem.allowedCounts()
        func rowTerm(_ a: Double, _ left: CountRange, _ free: Int) -> Double {
            a >= 0 ? a * Double(Swift.max(0, Swift.min(left.max, free))) : a * Double(left.min)
        }
        for i in 0..<m { total += rowTerm(duals.mentors[i], reduced.mentorLoad[i], allowed.mentors[i] - fixedOfMentor[i]) }
        for j in 0..<n { total += rowTerm(duals.mentees[j], reduced.menteeDemand[j], allowed.mentees[j] - fixedOfMentee[j]) }
        // Pairs that are not free (forbidden or fixed) are skipped: one flag per pair, read in the passes below.
        let anyExcluded = !problem.forbidden.isEmpty || !problem.fixed.isEmpty
        var excluded = anyExcluded ? problem.forbiddenMask() : []
        for p in problem.fixed { excluded[p.mentor.rawValue * n + p.mentee.rawValue] = true }
        let penalty = reduced.penalty
        // maxPerMentor duals γ (clamped to ≥ 0): each adds γ·limit and lowers
        // the reduced profit of the pairs it covers.
        var covered: [(codes: [Int], values: Int, gamma: [Double])] = []
        // Quota duals ζ (any sign): each adds ζ⁺·(max − fixed) − ζ⁻·max(0, min − fixed)
        // and shifts the reduced profit of the free pairs whose mentee has the value.
        var menteeShift = [Double](repeating: 0, count: n)
        for (c, zeta) in duals.constraints.sorted(by: { $0.key < $1.key }) {
            guard c < problem.constraints.count, case .quota(let attribute, let value, let count) = problem.constraints[c],
                  zeta.count == 1 else { continue }
            let values = problem.menteeAttributes[attribute] ?? []
            let members = (0..<n).filter { values[$0] == value }
            let left = reduced.quotaBounds(c) ?? count
            // With no maximum, the free pairs of the group bound its activity.
            let freePairs = members.reduce(0) { $0 + allowed.mentees[$1] - fixedOfMentee[$1] }
            let high = count.max == Int.max ? freePairs : Swift.max(0, left.max)
            let z = zeta[0]
            total += z >= 0 ? z * Double(high) : z * Double(left.min)
            for j in members { menteeShift[j] += z }
        }
        for (c, gamma) in duals.constraints.sorted(by: { $0.key < $1.key }) {
            guard c < problem.constraints.count, case .maxPerMentor(let attribute, _) = problem.constraints[c] else { continue }
            let coding = problem.menteeCoding(attribute)
            let v = coding.values.count
            guard gamma.count == m * v else { continue }
            let g = gamma.map { Swift.max(0, $0) }
            // Fixed pairs use up part of each (mentor, value) limit.
            let room = reduced.slotRoom(c, coding: coding)
            for (k, x) in g.enumerated() { total += x * Double(Swift.max(0, room[k])) }
            covered.append((coding.codes.map(Int.init), v, g))
        }
        // Composition duals δ (any sign, one per mentee): each adds its
        // mentee's term and shifts the reduced profit of the free pairs whose
        // mentor has the value.
        var composed: [(inGroup: [Bool], delta: [Double])] = []
        for (c, delta) in duals.constraints.sorted(by: { $0.key < $1.key }) {
            guard c < problem.constraints.count, case .composition(let attribute, let value, let count) = problem.constraints[c],
                  delta.count == n else { continue }
            let inGroup = (problem.mentorAttributes[attribute] ?? []).map { $0 == value }
            guard inGroup.count == m else { continue }
            var fixedIn = [Int](repeating: 0, count: n)
            for p in problem.fixed where inGroup[p.mentor.rawValue] { fixedIn[p.mentee.rawValue] += 1 }
            for j in 0..<n where delta[j] != 0 {
                if delta[j] > 0 {
                    var high = count.max
                    if high == Int.max {
                        high = (0..<m).reduce(0) { $0 + (inGroup[$1] && problem.isAllowed(Pair(mentor: $1, mentee: j)) ? 1 : 0) } - fixedIn[j]
                    } else {
                        high = Swift.max(0, high - fixedIn[j])
                    }
                    total += delta[j] * Double(high)
                } else {
                    total += delta[j] * Double(Swift.max(0, count.min - fixedIn[j]))
                }
            }
            composed.append((inGroup, delta))
        }
        func shift(_ i: Int, _ j: Int) -> Double {
            var t = menteeShift[j]
            for rule in covered { t += rule.gamma[i * rule.values + rule.codes[j]] }
            for rule in composed where rule.inGroup[i] { t += rule.delta[j] }
            return t
        }
        // One row-major pass over the free pairs' reduced profits a_ij = S − α − β − shifts
        // (β and quota shifts folded into one per-mentee offset first): per mentee, the
        // sum of the positive ones and the largest.
        let offset = (0..<n).map { duals.mentees[$0] + menteeShift[$0] }
        // The common case, one maxPerMentor rule and no composition: its γ read straight from one row.
        let single = covered.count == 1 && composed.isEmpty ? covered[0] : nil
        let shifted = single == nil && (!covered.isEmpty || !composed.isEmpty)
        let singleCodes = single?.codes ?? [], singleGamma = single?.gamma ?? [], singleValues = single?.values ?? 0
        let hasSingle = single != nil
        var positive = [Double](repeating: 0, count: n), largest = [Double](repeating: -.infinity, count: n)
        problem.scores.values.withUnsafeBufferPointer { s in
            offset.withUnsafeBufferPointer { b in
                excluded.withUnsafeBufferPointer { x in
                    positive.withUnsafeMutableBufferPointer { pos in
                        largest.withUnsafeMutableBufferPointer { top in
                            singleCodes.withUnsafeBufferPointer { codes in
                                singleGamma.withUnsafeBufferPointer { gamma in
                                    for i in 0..<m {
                                        let a = duals.mentors[i], base = i * n, row = i * singleValues
                                        // At most one maxPerMentor rule and no composition rule: one loop whose
                                        // conditions are the same for every pair (an excluded pair adds
                                        // max(0, −∞) = 0 and leaves the largest as it is).
                                        if !shifted {
                                            // One loop per case, so that no test is left inside; four mentees
                                            // at a time (each mentee's sums still run over the mentors in order).
                                            @inline(__always) func add(_ j: Int, _ reduced: Double) {
                                                pos[j] += Swift.max(0, reduced)
                                                top[j] = Swift.max(top[j], reduced)
                                            }
                                            @inline(__always) func pass(single: Bool, excluding: Bool) {
                                                let av = SIMD4<Double>(repeating: a), zero = SIMD4<Double>(repeating: 0)
                                                var j = 0
                                                if let sp = s.baseAddress, let bp = b.baseAddress, let pp = pos.baseAddress, let tp = top.baseAddress {
                                                    let scores = UnsafeRawPointer(sp), offsets = UnsafeRawPointer(bp)
                                                    let flagBytes = UnsafeRawPointer(x.baseAddress)   // nil without exclusions
                                                    let sums = UnsafeMutableRawPointer(pp), tops = UnsafeMutableRawPointer(tp)
                                                    while j &+ 4 <= n {
                                                        var r = scores.loadUnaligned(fromByteOffset: (base &+ j) &* 8, as: SIMD4<Double>.self) - av
                                                            - offsets.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self)
                                                        if single {
                                                            r -= SIMD4(gamma[row &+ codes[j]], gamma[row &+ codes[j &+ 1]],
                                                                       gamma[row &+ codes[j &+ 2]], gamma[row &+ codes[j &+ 3]])
                                                        }
                                                        if excluding {
                                                            // Four flags (one byte each) widened to a lane mask.
                                                            let flags = flagBytes!.loadUnaligned(fromByteOffset: base &+ j, as: SIMD4<UInt8>.self)
                                                            r.replace(with: -.infinity, where: SIMD4<Int64>(truncatingIfNeeded: flags) .!= 0)
                                                        }
                                                        let sum = sums.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self) + lanewiseMax(zero, r)
                                                        sums.storeBytes(of: sum, toByteOffset: j &* 8, as: SIMD4<Double>.self)
                                                        let most = lanewiseMax(tops.loadUnaligned(fromByteOffset: j &* 8, as: SIMD4<Double>.self), r)
                                                        tops.storeBytes(of: most, toByteOffset: j &* 8, as: SIMD4<Double>.self)
                                                        j &+= 4
                                                    }
                                                }
                                                while j < n {
                                                    var r = s[base &+ j] - a - b[j]
                                                    if single { r -= gamma[row &+ codes[j]] }
                                                    add(j, excluding && x[base &+ j] ? -.infinity : r)
                                                    j &+= 1
                                                }
                                            }
                                            // A mentor none of whose per-value limits binds (every γ 0, the usual
                                            // case) subtracts nothing: its row takes the loop without the γ lookups.
                                            let binding = hasSingle && (0..<singleValues).contains { gamma[row &+ $0] != 0 }
                                            switch (binding, anyExcluded) {
                                            case (true, true): pass(single: true, excluding: true)
                                            case (true, false): pass(single: true, excluding: false)
                                            case (false, true): pass(single: false, excluding: true)
                                            case (false, false): pass(single: false, excluding: false)
                                            }
                                            continue
                                        }
                                        // Several maxPerMentor or composition rules: each pair's shift from them all.
                                        for j in 0..<n where !anyExcluded || !x[base + j] {
                                            let reduced = s[base + j] - a - b[j] - (shift(i, j) - menteeShift[j])
                                            if reduced > 0 { pos[j] += reduced }
                                            if reduced > top[j] { top[j] = reduced }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for j in 0..<n {
            // A mentee without a penalty adds Σ max(0, a_ij). With penalty p, minimise over the
            // dual η ∈ [0, p] of its "matched" link f(η) = p − η + Σ max(0, a_ij + η): its slope is
            // −1 + #{a_ij > −η}, negative only below η = −max a_ij, so the minimum is there
            // (clamped to [0, p]) and adds Σ max(0, a_ij) + max(−p, min(0, max a_ij)).
            total += positive[j]
            if penalty[j] > 0 { total += Swift.max(-penalty[j], Swift.min(0, largest[j])) }
        }
        return total
    }

    /// The larger of `a` and `b` in each lane, written lane by lane so that
    /// it is inlined (the standard library's `pointwiseMax` was a call per
    /// four pairs, half of the bound's time).
    @inline(__always)
    static func lanewiseMax(_ a: SIMD4<Double>, _ b: SIMD4<Double>) -> SIMD4<Double> {
        SIMD4(Swift.max(a[0], b[0]), Swift.max(a[1], b[1]), Swift.max(a[2], b[2]), Swift.max(a[3], b[3]))
    }
}
