import Foundation

/// The dual certificate of a pool matching: vertex duals and odd-set
/// (blossom) duals of the matching polytope of the pool's matching graph
/// (``PoolExpansion``), in exact integers.
///
/// Vertices are numbered as the expansion numbers them: copy c of person v
/// is `copyStart[v] + c`; then, for the g-th entry of ``gadgets``, its side
/// vertices a = `copyCount + 2g` (on the first person's side) and
/// b = `copyCount + 2g + 1`. Pairs that are neither direct nor listed as
/// gadgets are implicit gadgets whose side duals are not given: their pair
/// is covered when `4 S_ij ≤ r_i + r_j + Z_ij`, with
/// `r_v = min_c (y_{v,c} − 4 β(v,c))` and `Z_ij` the total dual of the odd
/// sets that hold every copy of i and of j (sides a and b join the
/// innermost of them, which stays odd, and take duals summing to
/// `4C − Z_ij`: the gadget adds nothing to the bound; `Z_ij` counts only
/// when at most `4C`, see ``PoolExpansion/implicitShortfall(_:reach:_:oddSetDual:)``).
///
/// Duals are in half units of the graph's weights: the certificate is valid
/// when `y_u + y_v + Σ_{B ∋ u, v} z_B ≥ 2 w_uv` on every edge, `y ≥ 0` and
/// `z ≥ 0`. By weak duality (Edmonds 1965: the matching polytope is
/// `x(δ(v)) ≤ 1`, `x(E(B)) ≤ ⌊|B|/2⌋` for odd sets B, `x ≥ 0`) every
/// matching of the pool that meets the minimums then has a penalised
/// objective of at most `(Σ y + Σ z_B ⌊|B|/2⌋ − 4C · gadgets) / 4`.
public struct OddSetDuals: Hashable, Sendable {
    /// Score points per integer unit (1 for integer scores; 10⁻ᵏ otherwise).
    public var unit: Double
    /// Per person, one dual per copy (half units).
    public var copies: [[Int64]]
    /// The gadgets given explicitly, with their side vertices' duals.
    public var gadgets: [Gadget]
    /// Odd sets with a positive dual, outermost sets before the sets inside them.
    public var oddSets: [OddSet]

    /// A pair's gadget: people i < j and the duals of its two side vertices.
    public struct Gadget: Hashable, Sendable {
        /// The people, i < j.
        public var i: Int, j: Int
        /// The duals of side a (i's) and side b (j's).
        public var a: Int64, b: Int64
        /// Creates a gadget.
        public init(i: Int, j: Int, a: Int64, b: Int64) { self.i = i; self.j = j; self.a = a; self.b = b }
    }

    /// An odd set of vertices and its dual, as a node of the laminar forest
    /// the sets form (``LaminarOddSets``): its own vertices and the set
    /// that encloses it; its members are its own vertices and those of
    /// every set inside it (an odd number, at least 3).
    public struct OddSet: Hashable, Sendable {
        /// The vertices in this set and in no set inside it, ascending.
        public var vertices: [Int]
        /// The index of the innermost set enclosing this one (earlier in
        /// ``OddSetDuals/oddSets``), or `nil` for an outermost set.
        public var parent: Int?
        /// The dual, half units, ≥ 0.
        public var dual: Int64
        /// Creates an odd set.
        public init(vertices: [Int], parent: Int?, dual: Int64) { self.vertices = vertices; self.parent = parent; self.dual = dual }
    }

    /// Creates a certificate.
    public init(unit: Double, copies: [[Int64]], gadgets: [Gadget], oddSets: [OddSet]) {
        self.unit = unit
        self.copies = copies
        self.gadgets = gadgets
        self.oddSets = oddSets
    }
}

/// Checks a pool certificate against the problem alone, in exact integer
/// arithmetic, and gives the bound it proves.
public enum OddSetBound {
    /// What a certificate proves.
    public struct Result: Hashable, Sendable {
        /// The bound on the objective of every matching that meets the
        /// partner ranges and fixed pairs, in score points (the rounding
        /// allowance included when the scale is inexact); `nil` when the
        /// certificate is invalid.
        public var bound: Double?
        /// The penalised bound in units, times 4 (`Σ y + Σ z ⌊|B|/2⌋ − 4C · gadgets`).
        public var quadrupledUnits: Int64
        /// Why the certificate is invalid (the first violated condition), or `nil`.
        public var violation: String?
        /// Whether the certificate proves that no matching meets the minimums.
        public var provesInfeasible: Bool
    }

    /// Checks `duals` for `problem` at `scale`: every allowed pair (the upper
    /// triangle of the source, fixed pairs aside) as a direct edge, an
    /// explicit gadget or an implicit one; `y ≥ 0`, `z ≥ 0`, the odd sets odd and laminar.
    ///
    /// - Complexity: O(n²) score reads in parallel, plus O(log depth) per pair
    ///   that needs the odd sets and O(sets · log sets) to check them.
    public static func check(_ problem: PoolProblem, scale: PoolScale, duals: OddSetDuals) -> Result {
        let n = problem.count
        func invalid(_ why: String) -> Result { Result(bound: nil, quadrupledUnits: 0, violation: why, provesInfeasible: false) }
        let x = PoolExpansion(problem, scale: scale)
        guard duals.unit == scale.unit else { return invalid("the certificate is in units of \(duals.unit), the problem's scale in units of \(scale.unit)") }
        guard duals.copies.count == n else { return invalid("\(duals.copies.count) lists of copy duals for \(n) people") }
        for v in 0..<n {
            guard duals.copies[v].count == x.capacity[v] else { return invalid("person \(v) has \(duals.copies[v].count) copy duals for \(x.capacity[v]) partners") }
            guard duals.copies[v].allSatisfy({ $0 >= 0 }) else { return invalid("person \(v) has a negative dual") }
        }
        let vertices = x.copyCount + 2 * duals.gadgets.count
        var y = [Int64](repeating: 0, count: vertices)
        for v in 0..<n { for (c, d) in duals.copies[v].enumerated() { y[x.copyStart[v] + c] = d } }
        var gadgetOf = [Int: Int]()
        for (g, gadget) in duals.gadgets.enumerated() {
            guard gadget.i >= 0, gadget.i < gadget.j, gadget.j < n, x.active[gadget.i], x.active[gadget.j], !x.isDirect(gadget.i, gadget.j),
                  x.isFree(gadget.i, gadget.j, count: n), problem.score(gadget.i, gadget.j).isFinite else {
                return invalid("gadget \(g) (\(gadget.i), \(gadget.j)) is not an allowed, unfixed pair of the graph that needs one")
            }
            guard gadget.a >= 0, gadget.b >= 0 else { return invalid("gadget \(g) has a negative dual") }
            guard gadgetOf.updateValue(g, forKey: gadget.i * n + gadget.j) == nil else { return invalid("pair (\(gadget.i), \(gadget.j)) has two gadgets") }
            y[x.copyCount + 2 * g] = gadget.a
            y[x.copyCount + 2 * g + 1] = gadget.b
        }
        // Odd sets: odd, ≥ 3, nonnegative, laminar.
        let forest: LaminarOddSets
        switch LaminarOddSets.build(duals.oddSets, vertices: vertices) {
        case .success(let f): forest = f
        case .failure(let f): return invalid(f.reason)
        }
        // The dual objective, in 64-bit integers without overflow or not at all.
        var total: Int64 = 0
        var overflow = false
        func add(_ a: Int64, _ b: Int64 = 1) {
            let (product, o1) = a.multipliedReportingOverflow(by: b)
            let (sum, o2) = total.addingReportingOverflow(product)
            overflow = overflow || o1 || o2
            total = sum
        }
        for v in y { add(v) }
        for (k, s) in duals.oddSets.enumerated() { add(s.dual, Int64(forest.size[k] / 2)) }
        add(-4 * x.gadgetConstant, Int64(duals.gadgets.count))
        if overflow { return invalid("the dual objective overflows 64-bit integers: the scores (or penalties) are too large to prove at this scale") }
        let coverage = PoolCoverage(x, duals: y, forest: forest)
        let duals0 = y, unit = scale.unit, gadgets = gadgetOf
        @Sendable func covered(_ u: Int, _ v: Int, _ weight: Int64) -> Bool {
            let have = duals0[u] + duals0[v]
            return have >= 2 * weight || have + forest.dualHolding(u, v) >= 2 * weight
        }
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let states = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, bad in
            guard bad == nil, x.active[i] else { return }
            for j in (i + 1)..<n where x.active[j] && row[j].isFinite && x.isFree(i, j, count: n) {
                let s = Int64((row[j] / unit).rounded())
                if let g = gadgets[i * n + j] {
                    let a = x.copyCount + 2 * g, b = a + 1
                    for c in 0..<x.capacity[i] where !covered(x.copyStart[i] + c, a, x.sideWeight(s, i, c)) { bad = "gadget (\(i), \(j)): copy \(c) of \(i) is not covered"; return }
                    for d in 0..<x.capacity[j] where !covered(x.copyStart[j] + d, b, x.sideWeight(s, j, d)) { bad = "gadget (\(i), \(j)): copy \(d) of \(j) is not covered"; return }
                    if !covered(a, b, 2 * x.gadgetConstant) { bad = "gadget (\(i), \(j)): its middle edge is not covered"; return }
                } else if coverage.shortfall(i, j, score: s) > 0 {
                    bad = x.isDirect(i, j) ? "pair (\(i), \(j)) is not covered by its duals" : "pair (\(i), \(j)) has no gadget and its people's duals do not cover it"; return
                }
            }
        } initial: { String?.none }
        if let why = states.compactMap({ $0 }).first { return invalid(why) }
        // The bound in score points: the penalised bound less the bonuses, plus the fixed pairs.
        let fixedScore = problem.fixed.reduce(0.0) { $0 + problem.score($1.mentor.rawValue, $1.mentee.rawValue) }
        let penalised = Double(total) / 4
        var bound = (penalised - Double(x.bonusTotal)) * unit + fixedScore
        if !scale.exact { bound += Double(n + x.copyCount) * unit }   // half a unit per pair and per penalty, rounded
        // Any matching meeting the minimums has penalised objective ≥ R·Σl + Σ_{pairs} min(0, S): below that, none exists.
        let required = Int64(x.minimum.reduce(0, +))
        let floor = Double(x.requiredBonus * required) - Double(x.copyCount / 2) * Double(scale.largest)
        let infeasible = required > 0 && penalised < floor
        return Result(bound: bound, quadrupledUnits: total, violation: nil, provesInfeasible: infeasible)
    }
}

/// How far the duals of a pool's matching graph are from covering a pair
/// that is not an explicit gadget — the one test the certificate checker
/// and the blossom solver's pricing share.
///
/// A direct pair {i, j} (one copy each) is covered when
/// `y_i + y_j + Σ_{B ∋ i, j} z_B ≥ 2 w_ij`; any other pair is an implicit
/// gadget, covered when `4 S_ij ≤ r_i + r_j + Z_ij`
/// (``PoolExpansion/implicitShortfall(_:reach:_:oddSetDual:)``).
public struct PoolCoverage: Sendable {
    let expansion: PoolExpansion
    let duals: [Int64]
    let forest: LaminarOddSets
    /// Per person: `r_v = min_c (y_{v,c} − 4 β(v,c))`.
    let reach: [Int64]
    /// Per person: the innermost odd set holding all their copies, or -1.
    let personSet: [Int]

    /// The coverage test for vertex duals `duals` (half units) and the odd sets `forest`.
    ///
    /// - Complexity: O(copies · log depth).
    public init(_ expansion: PoolExpansion, duals: [Int64], forest: LaminarOddSets) {
        self.expansion = expansion
        self.duals = duals
        self.forest = forest
        let n = expansion.capacity.count
        reach = (0..<n).map { expansion.active[$0] ? expansion.reach($0, duals: duals) : 0 }
        personSet = (0..<n).map { v in
            expansion.active[v] ? forest.setHolding(expansion.copyStart[v]..<(expansion.copyStart[v] + expansion.capacity[v])) : -1
        }
    }

    /// The shortfall of pair {i, j} (i < j, both in the graph) of scaled
    /// score `s`, in half units: ≤ 0 when the duals cover it.
    ///
    /// - Complexity: O(log depth).
    public func shortfall(_ i: Int, _ j: Int, score s: Int64) -> Int64 {
        let x = expansion
        if x.isDirect(i, j) {
            let w = x.directWeight(s, i, j), u = x.copyStart[i], v = x.copyStart[j]
            let have = duals[u] + duals[v]
            return have >= 2 * w ? 2 * w - have : 2 * w - have - forest.dualHolding(u, v)
        }
        return x.implicitShortfall(s, reach: reach[i], reach[j], oddSetDual: forest.dualEnclosing(forest.commonSet(personSet[i], personSet[j])))
    }
}
