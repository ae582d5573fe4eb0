import Foundation

/// The dual certificate of a pool matching: vertex duals and odd-set
/// (blossom) duals of the matching polytope, in exact integers.
///
/// The problem it speaks about is the pool in integer units: a pair's
/// weight is `W_ij = S_ij + P_i + P_j`, with `S_ij = round(s_ij / unit)` the
/// scaled score and `P_i = round(p_i / unit) + (requiredBonus if person i
/// must be matched)` (a person's penalty is folded into their pairs, which is
/// exact when each person takes at most one partner). Duals are in half
/// units: the certificate is valid when
/// `y_i + y_j + Σ_{B ∋ i, j} z_B ≥ 2 W_ij` for every allowed pair,
/// `y ≥ 0` and `z ≥ 0`; by weak duality (Edmonds 1965: the matching
/// polytope is `x(δ(v)) ≤ 1`, `x(E(B)) ≤ ⌊|B|/2⌋` for odd sets B, `x ≥ 0`)
/// every matching then weighs at most `(Σ y + Σ z_B ⌊|B|/2⌋) / 2`.
public struct OddSetDuals: Hashable, Sendable {
    /// Score points per integer unit (1 for integer scores; 10⁻ᵏ otherwise).
    public var unit: Double
    /// Added to the penalty of every person who must be matched (units).
    public var requiredBonus: Int64
    /// One dual per person (half units).
    public var vertex: [Int64]
    /// Odd sets with a positive dual: members ascending, dual in half units.
    public var oddSets: [OddSet]

    /// An odd set of people and its dual.
    public struct OddSet: Hashable, Sendable {
        /// The people, ascending (an odd number, at least 3).
        public var members: [Int]
        /// The dual, half units, ≥ 0.
        public var dual: Int64
        /// Creates an odd set.
        public init(members: [Int], dual: Int64) { self.members = members; self.dual = dual }
    }

    /// Creates a certificate.
    public init(unit: Double, requiredBonus: Int64, vertex: [Int64], oddSets: [OddSet]) {
        self.unit = unit
        self.requiredBonus = requiredBonus
        self.vertex = vertex
        self.oddSets = oddSets
    }
}

/// Scores of a pool in integer units: the scale a proof is exact at.
public struct PoolScale: Hashable, Sendable {
    /// Score points per integer unit.
    public var unit: Double
    /// Whether every score and penalty is an integer number of units (the
    /// proof is then exact for the scores as given; otherwise for the scores
    /// rounded to the unit, and a bound on the true optimum adds half a unit
    /// per pair and per penalty).
    public var exact: Bool
    /// The largest |score| or penalty, in units.
    public var largest: Int64

    /// The largest magnitude a unit may give a score (2³¹), so that sums of
    /// weights and duals over 10⁶ people stay far inside 64-bit integers.
    public static let limit: Double = 2_147_483_648

    /// The coarsest unit 10⁻ᵏ (k = 0…9) at which every finite score and
    /// penalty of `problem` is an integer below ``limit``; when none is,
    /// the finest unit that keeps the largest below ``limit`` (inexact).
    ///
    /// - Complexity: O(n²) score reads, in parallel blocks of rows.
    public init(of problem: PoolProblem) {
        let n = problem.count
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let tallies = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, tally in
            for j in (i + 1)..<n where row[j].isFinite { tally.note(row[j]) }
        } initial: { Tally() }
        self.init(tallies, penalties: problem.unmatchedPenalty)
    }

    /// What one pass over the scores learns for the scale: the largest
    /// magnitude and the units at which every value seen is an integer.
    package struct Tally: Sendable {
        var largest = 0.0
        var integral = [Bool](repeating: true, count: 10)
        package init() {}

        /// Takes finite value `x` into account.
        package mutating func note(_ x: Double) {
            largest = Swift.max(largest, abs(x))
            var scale = 1.0
            for k in 0..<integral.count {
                if integral[k] {
                    let v = x * scale
                    // A unit fine enough for x makes every finer one fine too.
                    if abs(v - v.rounded()) > 1e-9 * Swift.max(1, abs(v)) { integral[k] = false } else { break }
                }
                scale *= 10
            }
        }
    }

    /// The scale from the tallies of a pass (any split of the pairs) and the penalties.
    package init(_ tallies: [Tally], penalties: [Double]) {
        var all = Tally()
        for p in penalties { all.note(p) }
        for t in tallies {
            all.largest = Swift.max(all.largest, t.largest)
            for k in 0..<10 where !t.integral[k] { all.integral[k] = false }
        }
        let largest = all.largest
        var scale = 1.0, chosen: (Double, Bool)? = nil
        for k in 0..<10 {
            if all.integral[k] && largest * scale <= PoolScale.limit { chosen = (scale, true); break }
            scale *= 10
        }
        if chosen == nil {
            scale = 1
            while largest * scale * 10 <= PoolScale.limit && scale < 1e9 { scale *= 10 }
            while largest * scale > PoolScale.limit { scale /= 10 }
            chosen = (scale, false)
        }
        unit = 1 / chosen!.0
        exact = chosen!.1
        self.largest = Int64((largest * chosen!.0).rounded())
    }

    /// `x` in units, rounded.
    @inlinable public func units(_ x: Double) -> Int64 { Int64((x / unit).rounded()) }
}

/// Parallel passes over the rows of a square score source.
package enum PoolPass {
    /// Calls `body(i, row, &state)` for every row i, rows split into one
    /// contiguous range per worker, each with its own state; returns the
    /// states in worker order.
    package static func rows<State: Sendable>(of source: any PairScoreSource, count n: Int, workers: Int,
                                              _ body: @Sendable (Int, UnsafeBufferPointer<Double>, inout State) -> Void,
                                              initial: @Sendable () -> State) -> [State] {
        guard n > 0 else { return [] }
        let w = Swift.max(1, Swift.min(workers, n))
        let out = UnsafeMutablePointer<State>.allocate(capacity: w)
        defer { out.deinitialize(count: w); out.deallocate() }
        let shared = DisjointWrites(out)
        let blockRows = Swift.max(1, Swift.min(64, (1 << 20) / Swift.max(1, n)))
        DispatchQueue.concurrentPerform(iterations: w) { t in
            var state = initial()
            let lo = t * n / w, hi = (t + 1) * n / w
            var buffer = [Double](repeating: 0, count: blockRows * n)
            var start = lo
            buffer.withUnsafeMutableBufferPointer { buf in
                while start < hi {
                    let end = Swift.min(hi, start + blockRows)
                    let part = UnsafeMutableBufferPointer(rebasing: buf[0..<((end - start) * n)])
                    source.scores(mentors: start..<end, into: part)
                    for i in start..<end {
                        body(i, UnsafeBufferPointer(rebasing: buf[((i - start) * n)..<((i - start + 1) * n)]), &state)
                    }
                    start = end
                }
            }
            (shared.base + t).initialize(to: state)
        }
        return Array(UnsafeBufferPointer(start: out, count: w))
    }
}

/// Checks a pool certificate against the problem alone, in exact integer
/// arithmetic, and gives the bound it proves.
public enum OddSetBound {
    /// What a certificate proves.
    public struct Result: Hashable, Sendable {
        /// The bound on the objective of every matching that meets the
        /// partner minimums, in score points (the rounding allowance included
        /// when the scale is inexact); `nil` when the certificate is invalid.
        public var bound: Double?
        /// The bound in integer units of the penalised weights, doubled
        /// (`Σ y + Σ z_B ⌊|B|/2⌋`).
        public var doubledUnits: Int64
        /// Why the certificate is invalid (the first violated condition), or `nil`.
        public var violation: String?
        /// Whether the certificate proves that no matching meets the partner minimums.
        public var provesInfeasible: Bool
    }

    /// Checks `duals` for `problem` at `scale`: every allowed pair (upper
    /// triangle of the source) against `y_i + y_j + Σ z ≥ 2 W_ij`, `y ≥ 0`
    /// for people who may be left out, `z ≥ 0`, the odd sets laminar and odd.
    /// People with a fixed pair or who take no partner are out of the graph
    /// (fixed pairs add their scores; people who sit out owe no penalty).
    ///
    /// - Complexity: O(n²) score reads in parallel, plus O(Σ|B| log) for the sets.
    public static func check(_ problem: PoolProblem, scale: PoolScale, duals: OddSetDuals) -> Result {
        let n = problem.count
        func invalid(_ why: String) -> Result { Result(bound: nil, doubledUnits: 0, violation: why, provesInfeasible: false) }
        guard duals.vertex.count == n else { return invalid("\(duals.vertex.count) vertex duals for \(n) people") }
        var active = [Bool](repeating: true, count: n)
        var fixedScore = 0.0
        for p in problem.fixed {
            active[p.mentor.rawValue] = false
            active[p.mentee.rawValue] = false
            fixedScore += problem.score(p.mentor.rawValue, p.mentee.rawValue)
        }
        for i in 0..<n where problem.partners[i].max == 0 { active[i] = false }
        let required = (0..<n).map { active[$0] && problem.partners[$0].min >= 1 }
        let penalty = (0..<n).map { scale.units(problem.unmatchedPenalty[$0]) + (required[$0] ? duals.requiredBonus : 0) }
        for i in 0..<n where active[i] && duals.vertex[i] < 0 { return invalid("person \(i) has a negative dual") }
        // Odd sets: odd, ≥ 3, nonnegative, laminar; each vertex's chain of sets (outermost first).
        var chains = [[Int]](repeating: [], count: n)
        let sets = duals.oddSets.enumerated().sorted { $0.element.members.count > $1.element.members.count }
        for (k, s) in sets {
            guard s.members.count >= 3, s.members.count % 2 == 1 else { return invalid("odd set \(k) has \(s.members.count) members") }
            guard s.dual >= 0 else { return invalid("odd set \(k) has a negative dual") }
            guard let first = s.members.first, first >= 0, let last = s.members.last, last < n else { return invalid("odd set \(k) names someone outside the pool") }
            let parent = chains[first].last
            for v in s.members {
                guard active[v], chains[v].last == parent else { return invalid("the odd sets are not laminar (set \(k))") }
                chains[v].append(k)
            }
        }
        let dualOf = Dictionary(uniqueKeysWithValues: duals.oddSets.enumerated().map { ($0.offset, $0.element.dual) })
        var total: Int64 = 0
        for i in 0..<n where active[i] { total += duals.vertex[i] }
        for s in duals.oddSets { total += s.dual * Int64(s.members.count / 2) }
        let vertex = duals.vertex, unit = scale.unit
        let isActive = active, chainOf = chains, setDual = dualOf, weightOf = penalty
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let states = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, bad in
            guard bad == nil, isActive[i] else { return }
            for j in (i + 1)..<n where isActive[j] && row[j].isFinite {
                let w = Int64((row[j] / unit).rounded()) + weightOf[i] + weightOf[j]
                var have = vertex[i] + vertex[j]
                if have < 2 * w, !chainOf[i].isEmpty, !chainOf[j].isEmpty {
                    for (a, b) in zip(chainOf[i], chainOf[j]) where a == b { have += setDual[a]! }
                }
                if have < 2 * w { bad = "pair (\(i), \(j)): duals \(have) < \(2 * w) (twice its weight)"; return }
            }
        } initial: { String?.none }
        if let why = states.compactMap({ $0 }).first { return invalid(why) }
        // The bound in score points: Σ W over a matching = original objective + Σ P (all required matched).
        let sumPenalty = (0..<n).reduce(Int64(0)) { $0 + (active[$1] ? penalty[$1] : 0) }
        let half = Double(total) / 2
        var bound = (half - Double(sumPenalty)) * unit + fixedScore
        if !scale.exact { bound += Double(n) * unit }   // half a unit per pair and per penalty, rounded
        // A matching meeting the minimums weighs ≥ R·|required| + Σ_{matched} min(0, S): below that, none exists.
        let requiredCount = Int64(required.filter { $0 }.count)
        let floor = duals.requiredBonus * requiredCount - Int64(n / 2) * scale.largest
        let infeasible = requiredCount > 0 && duals.requiredBonus > 0 && half < Double(floor)
        return Result(bound: bound, doubledUnits: total, violation: nil, provesInfeasible: infeasible)
    }
}
