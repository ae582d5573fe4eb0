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
    /// Rules (``PoolRule``): `maxPerPerson` is a row per person and value,
    /// `Σ_{j: a_j = a} x_ij ≤ limit`; `crossShare` one row
    /// `Σ_ij ([a_i ≠ a_j] − s) x_ij ≥ 0`; `quota` one row over the people
    /// with the value, `min ≤ Σ_v y_v ≤ max`, with `y_v` as above (and, for
    /// a maximum, `Σ_j x_vj ≤ b_v y_v`, ``RowOrigin/partnerCap(_:)``).
    ///
    /// - Complexity: O(n²) score reads and O(n²) columns: for exports and
    ///   checking oracles, not for the pools the blossom solver is for.
    public init(pool problem: PoolProblem) {
        self.init()
        let n = problem.count
        var fixed = Set<Int>()
        for p in problem.fixed { fixed.insert(Swift.min(p.mentor.rawValue, p.mentee.rawValue) * n + Swift.max(p.mentor.rawValue, p.mentee.rawValue)) }
        let folds = problem.partners.map { $0.max <= 1 }
        // People a quota counts, and whether some quota has a maximum.
        var counted = [Bool](repeating: false, count: n), capped = [Bool](repeating: false, count: n)
        for rule in problem.rules {
            guard case .quota(let a, let value, let c) = rule, let values = problem.attributes[a] else { continue }
            for v in 0..<n where values[v] == value { counted[v] = true; if c.max < Int.max { capped[v] = true } }
        }
        var columnsOf = [[Int32]](repeating: [], count: n)
        var pairColumns = [(i: Int, j: Int, column: Int32)]()
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
                pairColumns.append((i, j, Int32(k)))
            }
        }
        var hasPartner = [[(Int32, Double)]](repeating: [], count: n)
        for v in 0..<n where problem.partners[v].max > 0 {
            objectiveConstant -= problem.unmatchedPenalty[v]
            let r = problem.partners[v]
            if !columnsOf[v].isEmpty || r.min > 0 {
                for c in columnsOf[v] { entryColumn.append(c); entryValue.append(1) }
                closeRow(lower: Double(r.min), upper: r.max == Int.max ? .infinity : Double(r.max), origin: .partners(v))
            }
            if !folds[v] && (problem.unmatchedPenalty[v] != 0 || counted[v]) {
                let y = addColumn(lower: 0, upper: 1, objective: problem.unmatchedPenalty[v], integer: true, origin: .matched(MenteeIndex(v)))
                hasPartner[v] = [(Int32(y), 1)]
                entryColumn.append(Int32(y)); entryValue.append(1)
                for c in columnsOf[v] { entryColumn.append(c); entryValue.append(-1) }
                closeRow(lower: -.infinity, upper: 0, origin: .partnerLink(v))
                if capped[v] && !columnsOf[v].isEmpty {
                    for c in columnsOf[v] { entryColumn.append(c); entryValue.append(1) }
                    entryColumn.append(Int32(y)); entryValue.append(-Double(Swift.min(problem.partners[v].max, columnsOf[v].count)))
                    closeRow(lower: -.infinity, upper: 0, origin: .partnerCap(v))
                }
            } else {
                hasPartner[v] = columnsOf[v].map { ($0, 1) }
            }
        }
        addRules(problem, pairColumns: pairColumns, hasPartner: hasPartner)
    }

    /// The rows of a pool's rules (see ``init(pool:)``).
    mutating func addRules(_ problem: PoolProblem, pairColumns: [(i: Int, j: Int, column: Int32)], hasPartner: [[(Int32, Double)]]) {
        for (k, rule) in problem.rules.enumerated() {
            guard let values = problem.attributes[rule.attribute], values.count == problem.count else {
                preconditionFailure("rules[\(k)] \(rule): no value per person for '\(rule.attribute)' — call PoolProblem.validate() first")
            }
            switch rule {
            case .maxPerPerson(_, let limit):
                // Per person, their pairs grouped by the partner's value.
                var byValue = [Int: [String: [Int32]]]()
                for e in pairColumns {
                    byValue[e.i, default: [:]][values[e.j], default: []].append(e.column)
                    byValue[e.j, default: [:]][values[e.i], default: []].append(e.column)
                }
                for person in byValue.keys.sorted() {
                    for (value, columns) in byValue[person]!.sorted(by: { $0.key < $1.key }) where columns.count > limit {
                        for c in columns { entryColumn.append(c); entryValue.append(1) }
                        closeRow(lower: -.infinity, upper: Double(limit), origin: .poolRuleAtPerson(rule: k, person: person, value: value))
                    }
                }
            case .quota(_, let value, let c):
                // Σ over the people with the value of "has a partner" (a pair between two of them counts for both).
                var coefficient = [Int32: Double]()
                for v in 0..<problem.count where values[v] == value { for (col, a) in hasPartner[v] { coefficient[col, default: 0] += a } }
                for (col, a) in coefficient.sorted(by: { $0.key < $1.key }) { entryColumn.append(col); entryValue.append(a) }
                closeRow(lower: Double(c.min), upper: c.max == Int.max ? .infinity : Double(c.max), origin: .poolRule(rule: k))
            case .crossShare(_, let share):
                for e in pairColumns {
                    entryColumn.append(e.column); entryValue.append((values[e.i] != values[e.j] ? 1 : 0) - share)
                }
                closeRow(lower: 0, upper: .infinity, origin: .poolRule(rule: k))
            }
        }
    }
}
