extension IntegerProgram {
    /// The integer program of the best-total stable matching: one binary
    /// column per acceptable pair, scored as the problem scores it (a
    /// mentee's unmatched penalty folded into its pairs); each mentee at
    /// most one mentor, each mentor at most its capacity; and for every
    /// acceptable pair (i, j) the comparability row of Baïou and Balinski,
    /// "Many-to-many matching: stable polyandrous polygamy (or polygamous
    /// polyandry)" (2000), in its many-to-one form:
    ///
    /// `c_i · Σ_{i' ⪰_j i} x_{i'j} + Σ_{j' ⪰_i j, j' ≠ j} x_{ij'} ≥ c_i`
    ///
    /// — j is matched to i or someone it likes at least as much, or i is
    /// full with mentees it likes at least as much as j — which, with
    /// binary x, says that (i, j) does not block (weak stability with ties).
    /// For strict preferences the linear relaxation of the one-to-one case
    /// is integral (Vande Vate, 1989; Rothblum, 1992); GLPK's branch and
    /// bound closes the rest.
    ///
    /// - Complexity: O(acceptable pairs · (M + N)) entries.
    public init(stable problem: MatchingProblem, preferences p: StabilityPreferences) {
        self.init()
        let m = p.mentorCount, n = p.menteeCount
        var columnOf = [Int32](repeating: -1, count: m * n)
        for i in 0..<m {
            for j in 0..<n where p.acceptable(i, j) && p.capacity[i] > 0 {
                columnOf[i * n + j] = Int32(addColumn(lower: 0, upper: 1, objective: problem.scores[i, j] + problem.unmatchedPenalty[j],
                                                      integer: true, origin: .pair(Pair(mentor: i, mentee: j))))
            }
        }
        objectiveConstant = -problem.unmatchedPenalty.reduce(0, +)
        for j in 0..<n {
            for i in 0..<m where columnOf[i * n + j] >= 0 { entryColumn.append(columnOf[i * n + j]); entryValue.append(1) }
            closeRow(lower: -.infinity, upper: 1, origin: .menteeDemand(MenteeIndex(j)))
        }
        for i in 0..<m {
            for j in 0..<n where columnOf[i * n + j] >= 0 { entryColumn.append(columnOf[i * n + j]); entryValue.append(1) }
            closeRow(lower: -.infinity, upper: Double(p.capacity[i]), origin: .mentorLoad(MentorIndex(i)))
        }
        for i in 0..<m where p.capacity[i] > 0 {
            // A capacity above the mentees the mentor accepts never binds: the row's coefficient is the
            // smaller of the two (the same rows, without a coefficient of a million that GLPK cannot scale).
            let c = Double(Swift.min(p.capacity[i], (0..<n).reduce(0) { $0 + (columnOf[i * n + $1] >= 0 ? 1 : 0) }))
            for j in 0..<n where columnOf[i * n + j] >= 0 {
                let rj = p.menteeRank[j][i]!, ri = p.mentorRank[i][j]!
                var terms = [Int32: Double]()
                for i2 in 0..<m where columnOf[i2 * n + j] >= 0 && p.menteeRank[j][i2]! <= rj { terms[columnOf[i2 * n + j], default: 0] += c }
                for j2 in 0..<n where j2 != j && columnOf[i * n + j2] >= 0 && p.mentorRank[i][j2]! <= ri { terms[columnOf[i * n + j2], default: 0] += 1 }
                for (col, a) in terms.sorted(by: { $0.key < $1.key }) { entryColumn.append(col); entryValue.append(a) }
                closeRow(lower: c, upper: .infinity, origin: .stability(Pair(mentor: i, mentee: j)))
            }
        }
    }

    /// The integer program of the best-total stable matching in one pool
    /// with capacities (the stable fixtures problem: Irving and Scott, "The
    /// stable fixtures problem — a many-to-many extension of stable
    /// roommates", *Discrete Applied Mathematics* 155, 2007): one binary
    /// column `x_ab` per pair `a < b` acceptable to both, each person at most
    /// `capacity` partners, and for every such pair the row
    ///
    /// `x_ab + F_a(b) + F_b(a) ≥ 1`
    ///
    /// — the pair is matched, or one of them is full with partners it ranks
    /// above the other — so that no pair blocks. `F_a(b)` is
    /// `Σ_{k ≻_a b} x_ak` when `a` takes one partner; otherwise a binary
    /// column `z` with `Σ_{k ≻_a b} x_ak ≥ capacity_a · z` (it may be 1 only
    /// when `a` is full with better partners); it is 0, and left out, when
    /// `a` ranks fewer than `capacity_a` people above `b`. The program is
    /// infeasible exactly when no stable matching exists.
    ///
    /// - Parameters:
    ///   - rank: strict rankings, `rank[a][b]` (0 best; `nil` unacceptable,
    ///     mutually).
    ///   - capacity: each person's largest number of partners.
    ///   - score: the pair's score, maximised (`a < b`).
    /// - Complexity: O(n²) columns, O(n³) entries.
    public init(stablePool rank: [[Int?]], capacity: [Int], score: (Int, Int) -> Double) {
        self.init()
        let n = rank.count
        var columnOf = [Int32](repeating: -1, count: n * n)
        for a in 0..<n where capacity[a] > 0 {
            for b in (a + 1)..<n where capacity[b] > 0 && rank[a][b] != nil && rank[b][a] != nil {
                let c = Int32(addColumn(lower: 0, upper: 1, objective: score(a, b), integer: true, origin: .pair(Pair(mentor: a, mentee: b))))
                columnOf[a * n + b] = c
                columnOf[b * n + a] = c
            }
        }
        for a in 0..<n {
            for b in 0..<n where columnOf[a * n + b] >= 0 { entryColumn.append(columnOf[a * n + b]); entryValue.append(1) }
            if capacity[a] > 0 { closeRow(lower: -.infinity, upper: Double(capacity[a]), origin: .partners(a)) } else { discardOpenRow() }
        }
        // a's partners ranked above b, as columns.
        func above(_ a: Int, _ b: Int) -> [Int32] {
            (0..<n).filter { $0 != b && columnOf[a * n + $0] >= 0 && rank[a][$0]! < rank[a][b]! }.map { columnOf[a * n + $0] }
        }
        // F_a(b) as terms: the sum itself for one partner, a "full with better" indicator otherwise, nothing when a cannot be full.
        func full(_ a: Int, _ b: Int) -> [Int32] {
            let better = above(a, b)
            guard better.count >= capacity[a] else { return [] }
            if capacity[a] == 1 { return better }
            let z = Int32(addColumn(lower: 0, upper: 1, objective: 0, integer: true, origin: .saturated(person: a, partner: b)))
            for c in better { entryColumn.append(c); entryValue.append(1) }
            entryColumn.append(z); entryValue.append(-Double(capacity[a]))
            closeRow(lower: 0, upper: .infinity, origin: .saturation(person: a, partner: b))
            return [z]
        }
        for a in 0..<n {
            for b in (a + 1)..<n where columnOf[a * n + b] >= 0 {
                let terms = [columnOf[a * n + b]] + full(a, b) + full(b, a)
                for c in terms { entryColumn.append(c); entryValue.append(1) }
                closeRow(lower: 1, upper: .infinity, origin: .stability(Pair(mentor: a, mentee: b)))
            }
        }
    }
}
