/// The matching graph of a pool: what a pool's capacities, minimums and
/// penalties mean as an ordinary matching problem, in exact integers. Solver
/// and certificate checker both build it from the problem alone.
///
/// Person v with `b_v` partners left to take (its maximum less its fixed
/// pairs) becomes `b_v` **copies**; copy c carries a bonus
/// `β(v, c) = P_v·[c = 0, v has no fixed pair] + R·[c < l_v]`, where `P_v` is
/// the unmatched penalty in units and `l_v` the minimum less the fixed pairs:
/// the first partner saves the penalty, each of the first `l_v` earns the
/// required bonus `R`, larger than any change of score a matching can make.
/// Copies are interchangeable except for the bonuses, which fall with c, so
/// an optimum fills them in order and the degree-d bonus is
/// `P_v·[d ≥ 1] + R·min(d, l_v)`.
///
/// A pair {i, j} (i < j) of two people with one copy each is a **direct**
/// edge of weight `2 (S_ij + β(i,0) + β(j,0))`. Any other pair is a
/// **gadget** (Tutte's reduction of simple b-matching to matching, 1954):
/// two new vertices a (on i's side) and b (on j's side), edges
/// `(i_c, a)` of weight `C + S_ij + 2β(i,c)` for every copy c of i,
/// `(a, b)` of weight `2C`, and `(b, j_d)` of weight `C + S_ij + 2β(j,d)`.
/// With `C` larger than any `S + 2β`, an optimal matching covers a and b
/// either by (a, b) — the pair unused — or by a copy of each person — the
/// pair used, gaining `2 (S_ij + β(i,c) + β(j,d))` over `2C`.
///
/// So every weight is twice the penalised objective `Σ S + Σ bonuses`,
/// plus `2C` per gadget; the penalised objective of a matching that meets
/// every minimum is the objective plus ``bonusTotal``.
public struct PoolExpansion: Sendable {
    /// Per person: whether they are in the graph (not sitting out, not fully fixed).
    public let active: [Bool]
    /// Per person: partners left to take (maximum less fixed pairs).
    public let capacity: [Int]
    /// Per person: partners still required (minimum less fixed pairs, ≥ 0).
    public let minimum: [Int]
    /// Per person: whether a fixed pair already gives them a partner.
    public let hasFixed: [Bool]
    /// Per person: the unmatched penalty in units.
    public let penalty: [Int64]
    /// The bonus of each required copy, `R` (0 when nobody is required).
    public let requiredBonus: Int64
    /// The gadget constant `C`.
    public let gadgetConstant: Int64
    /// Per person: the id of their first copy; copies are numbered person by person.
    public let copyStart: [Int]
    /// Number of copies.
    public let copyCount: Int
    /// The fixed pairs (`i · n + j`, i < j): out of the graph, already counted.
    public let fixedPairs: Set<Int>

    /// The expansion of `problem` at `scale`.
    public init(_ problem: PoolProblem, scale: PoolScale) {
        let n = problem.count
        let (capacity, fixed, fixedPairs) = Self.partnersLeft(problem)
        self.fixedPairs = fixedPairs
        self.capacity = capacity
        minimum = (0..<n).map { Swift.max(0, problem.partners[$0].min - fixed[$0]) }
        hasFixed = fixed.map { $0 > 0 }
        active = capacity.map { $0 > 0 }
        penalty = (0..<n).map { problem.partners[$0].max > 0 && fixed[$0] == 0 ? scale.units(problem.unmatchedPenalty[$0]) : 0 }
        var start = [Int](repeating: 0, count: n + 1)
        for v in 0..<n { start[v + 1] = start[v] + capacity[v] }
        copyStart = Array(start[0..<n])
        copyCount = start[n]
        let required = minimum.reduce(0, +)
        let largest = scale.largest
        // R beats any score change: at most Σb/2 pairs, each within ±largest, and every penalty.
        requiredBonus = required == 0 ? 0 : Int64(copyCount + 2) * (largest + 1) + penalty.reduce(0, +) + 1
        gadgetConstant = largest + 2 * (requiredBonus + (penalty.max() ?? 0)) + 1
    }

    /// What the fixed pairs leave, needing no scale: per person the partners
    /// left to take (the maximum, at most the others in the pool, less the
    /// fixed pairs), per person the fixed pairs, and the fixed pairs as `i · n + j`, i < j.
    public static func partnersLeft(_ problem: PoolProblem) -> (capacity: [Int], fixed: [Int], fixedPairs: Set<Int>) {
        let n = problem.count
        var fixed = [Int](repeating: 0, count: n)
        var fixedPairs = Set<Int>()
        for p in problem.fixed {
            let (i, j) = (p.mentor.rawValue, p.mentee.rawValue)
            fixed[i] += 1; fixed[j] += 1
            fixedPairs.insert(Swift.min(i, j) * n + Swift.max(i, j))
        }
        return ((0..<n).map { Swift.max(0, Swift.min(problem.partners[$0].max, n - 1) - fixed[$0]) }, fixed, fixedPairs)
    }

    /// `r_v = min_c (y_{v,c} − 4 β(v,c))` for vertex duals `y` (half units):
    /// what an implicit gadget of person v (in the graph) can lean on
    /// (``OddSetDuals``).
    @inlinable public func reach(_ v: Int, duals y: [Int64]) -> Int64 {
        var r = Int64.max
        for c in 0..<capacity[v] { r = Swift.min(r, y[copyStart[v] + c] - 4 * bonus(v, c)) }
        return r
    }

    /// How far implicit gadget {i, j} (scaled score `s`) is from covered:
    /// `4 s − r_i − r_j − Z` (half units; ≤ 0 is covered), where `Z` is the
    /// dual of the odd sets that hold every copy of i and of j — usable
    /// when `Z ≤ 4C` (the sides then take duals summing to `4C − Z ≥ 0`), 0 otherwise.
    @inlinable public func implicitShortfall(_ s: Int64, reach ri: Int64, _ rj: Int64, oddSetDual z: Int64) -> Int64 {
        // Saturating: duals too large for 64 bits read as covered only when they are (no trap on a bad certificate).
        let (a, o1) = (4 * s).subtractingReportingOverflow(ri)
        let (b, o2) = a.subtractingReportingOverflow(rj)
        let (c, o3) = b.subtractingReportingOverflow(z <= 4 * gadgetConstant ? z : 0)
        return o1 || o2 || o3 ? (ri > 0 ? Int64.min : Int64.max) : c
    }

    /// The bonus of copy c of person v.
    @inlinable public func bonus(_ v: Int, _ c: Int) -> Int64 {
        (c == 0 && !hasFixed[v] ? penalty[v] : 0) + (c < minimum[v] ? requiredBonus : 0)
    }

    /// Whether pair {i, j} (i < j, both in the graph) is free to be chosen: allowed and not fixed.
    @inlinable public func isFree(_ i: Int, _ j: Int, count n: Int) -> Bool { fixedPairs.isEmpty || !fixedPairs.contains(i * n + j) }

    /// Whether pair {i, j} is a direct edge (one copy each).
    @inlinable public func isDirect(_ i: Int, _ j: Int) -> Bool { capacity[i] == 1 && capacity[j] == 1 }

    /// The weight of direct edge {i, j} for scaled score `s`.
    @inlinable public func directWeight(_ s: Int64, _ i: Int, _ j: Int) -> Int64 { 2 * (s + bonus(i, 0) + bonus(j, 0)) }

    /// The weight of a gadget's edge between copy c of person v and its side vertex.
    @inlinable public func sideWeight(_ s: Int64, _ v: Int, _ c: Int) -> Int64 { gadgetConstant + s + 2 * bonus(v, c) }

    /// `Σ_v P_v + R · Σ_v l_v`: the penalised objective of a matching that
    /// meets every minimum, less its objective (over people in the graph).
    public var bonusTotal: Int64 { penalty.reduce(0, +) + requiredBonus * Int64(minimum.reduce(0, +)) }
}
