extension IntegerProgram {
    /// The rows and columns of `constraints[rule]`, a
    /// ``MatchingConstraint/scoreParity(attribute:margin:)`` rule with margin
    /// `δ`, on the pair columns built so far.
    ///
    /// With `P`, `S` the number and total score of the matched pairs, and
    /// `P_v`, `S_v` those of the pairs whose mentee is in the group with
    /// value `v`, the rule `|S_v/P_v − S/P| ≤ δ` (for `P_v > 0`) is, with `μ`
    /// the whole's mean,
    ///
    ///     μ·P = S,    −δ·P_v ≤ S_v − μ·P_v ≤ δ·P_v,
    ///
    /// which holds trivially when `P_v = 0`. Each product of `μ` and a count
    /// `C ∈ [lo, hi]` is made linear and exact: `C = Σ_k k·u_k` with binary
    /// `u_k`, `Σ_k u_k = 1`, and `μ·C = Σ_k k·w_k` where `w_k = u_k·μ` is held
    /// by its four McCormick rows (exact for a binary times a variable in
    /// `[L, U]`, the smallest and largest pair scores) and `Σ_k w_k = μ`. A
    /// count with one possible value is a constant and needs no expansion.
    ///
    /// The rows hold the scores normalised to `(s − L)/(U − L)` in 0…1, and
    /// the margin as `δ/(U − L)` — the same rule, since both sides of it are
    /// means of the same scores — so that their coefficients stay near 1
    /// whatever the scores' scale (GLPK's simplex failed on rows of raw
    /// scores in the hundreds of thousands). With `L = U` every mean is the
    /// same and the rule holds without rows.
    ///
    /// The counts range from 0 (not from demand minimums or fixed pairs, which
    /// the elastic re-solve of a diagnosis may release) to the mentees' demand
    /// maximums capped by their pair columns.
    ///
    /// - Complexity: O(pairs + Σ (hi − lo)) columns and rows per rule:
    ///   about two binaries and ten rows per possible pair count.
    mutating func addScoreParity(rule r: Int, attribute: String, margin: Double, problem: MatchingProblem,
                                 columnOf: ContiguousArray<Int32>, demand: [CountRange]) {
        let groups = ParityGroups(problem, attribute: attribute)
        guard groups.values.count > 1 else { return }   // one group is the whole
        let m = problem.mentorCount, n = problem.menteeCount
        let scores = problem.scores.values
        var columns = [[(column: Int32, score: Double)]](repeating: [], count: groups.values.count)
        var ranges = [(lo: Int, hi: Int)]()
        var lowest = Double.infinity, highest = -Double.infinity
        for (v, members) in groups.members.enumerated() {
            let lo = 0
            var hi = 0
            for j in members {
                var count = 0
                for i in 0..<m {
                    let c = columnOf[i * n + j]
                    guard c >= 0 else { continue }
                    let s = scores[i * n + j]
                    columns[v].append((c, s))
                    lowest = Swift.min(lowest, s); highest = Swift.max(highest, s)
                    count += 1
                }
                hi += Swift.min(demand[j].max, count)
            }
            ranges.append((lo, hi))
        }
        let total = (lo: ranges.reduce(0) { $0 + $1.lo }, hi: ranges.reduce(0) { $0 + $1.hi })
        guard total.hi > 0, highest > lowest else { return }   // no pair can be matched, or every mean is the same
        // Normalised scores and margin (see above): μ is the whole's normalised mean, in 0…1.
        let scale = 1 / (highest - lowest)
        for v in columns.indices { columns[v] = columns[v].map { ($0.column, ($0.score - lowest) * scale) } }
        let margin = margin * scale
        let (low, high) = (0.0, 1.0)
        let mu = Int32(addColumn(lower: low, upper: high, objective: 0, integer: false,
                                 origin: .scoreParity(constraint: r, part: .mean(lowest: lowest, scale: scale))))

        // μ times the count of `pairs` as linear terms, expanding the count when it can vary.
        func meanTimesCount(_ pairs: [(column: Int32, score: Double)], lo: Int, hi: Int, value: String?) -> [(Int32, Double)] {
            if lo == hi { return [(mu, Double(lo))] }
            let origin = RowOrigin.scoreParityLink(constraint: r)
            var indicators = [(count: Int, column: Int32)]()
            for k in lo...hi {
                let u = addColumn(lower: 0, upper: 1, objective: 0, integer: true,
                                  origin: .scoreParity(constraint: r, part: .count(value: value, count: k)))
                indicators.append((k, Int32(u)))
            }
            for (_, u) in indicators { entryColumn.append(u); entryValue.append(1) }
            closeRow(lower: 1, upper: 1, origin: origin)
            for p in pairs { entryColumn.append(p.column); entryValue.append(1) }
            for (k, u) in indicators where k != 0 { entryColumn.append(u); entryValue.append(-Double(k)) }
            closeRow(lower: 0, upper: 0, origin: origin)
            var terms = [(Int32, Double)]()
            var products = [Int32]()
            for (k, u) in indicators {
                let w = Int32(addColumn(lower: Swift.min(0, low), upper: Swift.max(0, high), objective: 0, integer: false,
                                        origin: .scoreParity(constraint: r, part: .meanAtCount(value: value, count: k))))
                products.append(w)
                if k != 0 { terms.append((w, Double(k))) }
                // w = u·μ for μ in [L, U]: w ≥ L·u, w ≥ μ + U·u − U, w ≤ U·u, w ≤ μ + L·u − L.
                let rows: [(Double, Double, Double, Double)] = [   // (coefficient of u, of μ, lower, upper)
                    (-low, 0, 0, .infinity), (-high, -1, -high, .infinity),
                    (-high, 0, -.infinity, 0), (-low, -1, -.infinity, -low),
                ]
                for (a, b, lower, upper) in rows {
                    entryColumn.append(w); entryValue.append(1)
                    if a != 0 { entryColumn.append(u); entryValue.append(a) }
                    if b != 0 { entryColumn.append(mu); entryValue.append(b) }
                    closeRow(lower: lower, upper: upper, origin: origin)
                }
            }
            // Exactly one indicator is 1, so the products add up to μ (a valid row that tightens the relaxation).
            for w in products { entryColumn.append(w); entryValue.append(1) }
            entryColumn.append(mu); entryValue.append(-1)
            closeRow(lower: 0, upper: 0, origin: origin)
            return terms
        }

        // The whole's mean: μ·P − S = 0.
        let all = columns.flatMap { $0 }
        for (c, a) in meanTimesCount(all, lo: total.lo, hi: total.hi, value: nil) where a != 0 {
            entryColumn.append(c); entryValue.append(a)
        }
        for p in all where p.score != 0 { entryColumn.append(p.column); entryValue.append(-p.score) }
        closeRow(lower: 0, upper: 0, origin: .scoreParityLink(constraint: r))

        // Each group: S_v − δ·P_v ≤ μ·P_v ≤ S_v + δ·P_v.
        for (v, pairs) in columns.enumerated() where ranges[v].hi > 0 {
            let value = groups.values[v]
            let product = meanTimesCount(pairs, lo: ranges[v].lo, hi: ranges[v].hi, value: value)
            for sign in [-1.0, 1.0] {
                for p in pairs where p.score + sign * margin != 0 {
                    entryColumn.append(p.column); entryValue.append(p.score + sign * margin)
                }
                for (c, a) in product where a != 0 { entryColumn.append(c); entryValue.append(-a) }
                closeRow(lower: sign < 0 ? -.infinity : 0, upper: sign < 0 ? 0 : .infinity,
                         origin: .scoreParity(constraint: r, value: value))
            }
        }
    }

    /// The values of the ``ScoreParityColumn`` columns, by column, for a
    /// matching with `pairs`: a starting point that satisfies the
    /// linearisation's rows. A matching with no pair puts the whole's mean
    /// at its column's lower bound.
    func scoreParityValues(_ problem: MatchingProblem, pairs: [Pair]) -> [Int: Double] {
        var values = [Int: Double]()
        var byRule = [Int: (mean: Double, count: Int, groups: [String: Int])]()
        for c in 0..<columnCount {
            guard case .scoreParity(let r, let part) = columnOrigin[c] else { continue }
            switch part {
            case .mean(let lowest, let scale):   // a rule's first column
                let groups = ParityGroups(problem, attribute: problem.constraints[r].attribute)
                let totals = groups.pairTotals(pairs, scores: problem.scores)
                let score = totals.reduce(0) { $0 + $1.score }, count = totals.reduce(0) { $0 + $1.pairs }
                let mean = count > 0 ? (score / Double(count) - lowest) * scale : columnLower[c]
                byRule[r] = (mean, count, Dictionary(uniqueKeysWithValues: zip(groups.values, totals.map(\.pairs))))
                values[c] = mean
            case .count(let value, let k):
                let totals = byRule[r]!
                values[c] = (value.map { totals.groups[$0] ?? 0 } ?? totals.count) == k ? 1 : 0
            case .meanAtCount(let value, let k):
                let totals = byRule[r]!
                values[c] = (value.map { totals.groups[$0] ?? 0 } ?? totals.count) == k ? totals.mean : 0
            }
        }
        return values
    }
}
