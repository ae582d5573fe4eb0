/// Dual values for the mentor-load and mentee-demand rows of a matching
/// problem's LP relaxation: with them, ``DualBound/bound(of:duals:)`` gives an
/// upper bound on every matching's objective (weak duality).
public struct Duals: Hashable, Sendable {
    /// One value per mentor (the price of one unit of its load).
    public var mentors: [Double]
    /// One value per mentee (the price of one unit of its demand).
    public var mentees: [Double]

    /// Creates duals.
    public init(mentors: [Double], mentees: [Double]) {
        self.mentors = mentors
        self.mentees = mentees
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
/// function). Any `α, β` give a valid bound; optimal ones give the optimum
/// itself, which certifies it.
public enum DualBound {
    /// The bound proven by `duals` for `problem` (a valid problem; it bounds
    /// the total objective whatever the problem's objective is).
    public static func bound(of problem: MatchingProblem, duals: Duals) -> Double {
        let m = problem.mentorCount, n = problem.menteeCount
        precondition(duals.mentors.count == m && duals.mentees.count == n, "one dual per mentor and per mentee")
        let forbidden = problem.forbiddenMask()
        var fixed = [Bool](repeating: false, count: m * n)
        var fixedOfMentor = [Int](repeating: 0, count: m), fixedOfMentee = [Int](repeating: 0, count: n)
        var total = 0.0
        for p in problem.fixed {
            fixed[p.mentor.rawValue * n + p.mentee.rawValue] = true
            fixedOfMentor[p.mentor.rawValue] += 1
            fixedOfMentee[p.mentee.rawValue] += 1
            total += problem.scores[p]
        }
        var freeOfMentor = [Int](repeating: 0, count: m), freeOfMentee = [Int](repeating: 0, count: n)
        for i in 0..<m {
            for j in 0..<n where !forbidden[i * n + j] && !fixed[i * n + j] { freeOfMentor[i] += 1; freeOfMentee[j] += 1 }
        }
        func rowTerm(_ a: Double, _ range: CountRange, _ f: Int, _ free: Int) -> Double {
            a >= 0 ? a * Double(Swift.max(0, Swift.min(range.max - f, free))) : a * Double(Swift.max(0, range.min - f))
        }
        for i in 0..<m { total += rowTerm(duals.mentors[i], problem.mentorLoad[i], fixedOfMentor[i], freeOfMentor[i]) }
        for j in 0..<n { total += rowTerm(duals.mentees[j], problem.menteeDemand[j], fixedOfMentee[j], freeOfMentee[j]) }
        let scores = problem.scores
        var slopes = [Double]()
        for j in 0..<n {
            // a_i = S_ij − α_i − β_j over mentee j's free pairs.
            slopes.removeAll(keepingCapacity: true)
            for i in 0..<m where !forbidden[i * n + j] && !fixed[i * n + j] {
                slopes.append(scores[i, j] - duals.mentors[i] - duals.mentees[j])
            }
            let p = fixedOfMentee[j] > 0 ? 0 : problem.unmatchedPenalty[j]
            if p == 0 {
                for a in slopes { total += Swift.max(0, a) }
                continue
            }
            // Minimise f(η) = Σ max(0, a_i + η) + p − η over [0, p]: convex, so
            // a breakpoint (η = −a_i inside the interval) or an end is optimal.
            func f(_ eta: Double) -> Double {
                var s = p - eta
                for a in slopes { s += Swift.max(0, a + eta) }
                return s
            }
            var best = Swift.min(f(0), f(p))
            for a in slopes where -a > 0 && -a < p { best = Swift.min(best, f(-a)) }
            total += best - p
        }
        return total
    }
}
