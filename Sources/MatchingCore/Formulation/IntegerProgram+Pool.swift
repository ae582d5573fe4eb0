extension IntegerProgram {
    /// The integer program of a pool (peer matching within one group): one
    /// binary column `x_ij` per allowed pair i < j (a fixed pair at lower
    /// bound 1), one row per person with
    /// `partners.min ≤ Σ_j x_ij ≤ partners.max` (``RowOrigin/partners(_:)``).
    ///
    /// Objective: `Σ S_ij x_ij − Σ_v p_v (1 − y_v)`, where `y_v` says person
    /// v has a partner. When v takes at most one partner, `y_v = Σ_j x_vj` and
    /// the penalty folds into the pair coefficients; otherwise `y_v` is a
    /// binary column with `y_v ≤ Σ_j x_vj` (``RowOrigin/partnerLink(_:)``).
    /// Columns are ``ColumnOrigin/pair(_:)`` with `Pair(i, j)`, i < j, and
    /// ``ColumnOrigin/matched(_:)`` with the person's index.
    ///
    /// - Complexity: O(n²) score reads and O(n²) columns: for exports and
    ///   checking oracles, not for the pools the blossom solver is for.
    public init(pool problem: PoolProblem) {
        self.init()
        let n = problem.count
        var fixed = Set<Int>()
        for p in problem.fixed { fixed.insert(Swift.min(p.mentor.rawValue, p.mentee.rawValue) * n + Swift.max(p.mentor.rawValue, p.mentee.rawValue)) }
        let folds = problem.partners.map { $0.max <= 1 }
        var columnsOf = [[Int32]](repeating: [], count: n)
        var row = [Double](repeating: 0, count: n)
        for i in 0..<n {
            row.withUnsafeMutableBufferPointer { problem.source.scores(mentors: i..<(i + 1), into: $0) }
            for j in (i + 1)..<n where row[j].isFinite && problem.partners[i].max > 0 && problem.partners[j].max > 0 {
                let isFixed = fixed.contains(i * n + j)
                var c = row[j]
                if folds[i] { c += problem.unmatchedPenalty[i] }
                if folds[j] { c += problem.unmatchedPenalty[j] }
                let k = addColumn(lower: isFixed ? 1 : 0, upper: 1, objective: c, integer: true,
                                  origin: .pair(Pair(MentorIndex(i), MenteeIndex(j))))
                columnsOf[i].append(Int32(k))
                columnsOf[j].append(Int32(k))
            }
        }
        for v in 0..<n where problem.partners[v].max > 0 {
            objectiveConstant -= problem.unmatchedPenalty[v]
            let r = problem.partners[v]
            if !columnsOf[v].isEmpty || r.min > 0 {
                for c in columnsOf[v] { entryColumn.append(c); entryValue.append(1) }
                closeRow(lower: Double(r.min), upper: r.max == Int.max ? .infinity : Double(r.max), origin: .partners(v))
            }
            if !folds[v] && problem.unmatchedPenalty[v] != 0 {
                let y = addColumn(lower: 0, upper: 1, objective: problem.unmatchedPenalty[v], integer: true, origin: .matched(MenteeIndex(v)))
                entryColumn.append(Int32(y)); entryValue.append(1)
                for c in columnsOf[v] { entryColumn.append(c); entryValue.append(-1) }
                closeRow(lower: -.infinity, upper: 0, origin: .partnerLink(v))
            }
        }
    }
}
