extension IntegerProgram {
    /// The integer program of a matching problem: one binary column per
    /// allowed pair (forbidden pairs get no column at all), mentor-major.
    ///
    /// Rows, each emitted only when it can bind:
    /// - mentee demand `min ≤ Σ_i x_ij ≤ max`; mentor load `min ≤ Σ_j x_ij ≤ max`;
    /// - separation `(j, k)` at every mentor `i` allowed to both: `x_ij + x_ik ≤ 1`;
    /// - `maxPerMentor`: per mentor and mentee value, `Σ x_ij ≤ limit`;
    /// - `quota`: `min ≤ Σ_{pairs with value} x ≤ max`;
    /// - `composition`: per mentee, `min ≤ Σ_{mentors with value} x_ij ≤ max`;
    /// - `crossShare` with share `s`: `Σ_differ (1 − s) x − Σ_same s x ≥ 0`.
    /// - `parity` with margin `δ`, per value `v` of the ``ParityGroups``
    ///   (`N` counted mentees, `n_v` of them with `v`):
    ///   `−δ·n_v·N ≤ Σ_j (N·[j ∈ v] − n_v)·y_j ≤ δ·n_v·N` — the group's matched
    ///   share within `δ` of the whole's, scaled to integer coefficients —
    ///   where `y_j = Σ_i x_ij` for a mentee taking at most one mentor, and
    ///   otherwise a binary column with `y_j ≤ Σ_i x_ij ≤ max_j · y_j`.
    /// - `scoreParity`: the whole's mean pair score as a column, the pair
    ///   counts expanded in unary and their products with the mean made
    ///   linear (see `addScoreParity`, with ``ScoreParityColumn``).
    ///
    /// Objective: `Σ S_ij x_ij − Σ_j p_j (1 − y_j)` where `y_j` says mentee `j`
    /// has a mentor. When a mentee takes at most one mentor, `y_j = Σ_i x_ij`
    /// and the penalty folds into the pair coefficients; otherwise `y_j` is a
    /// binary column with `y_j ≤ Σ_i x_ij`.
    ///
    /// - Parameters:
    ///   - problem: a valid problem (see ``MatchingProblem/validate()``).
    ///   - threshold: for the ``Objective/maxMin`` stages: only pairs scoring at
    ///     least this get columns, and every mentee whose unmatched outcome
    ///     (minus its penalty) is below it must get a mentor.
    ///   - keep: a restricted master problem for column generation: only the
    ///     pairs whose cell (`mentor · N + mentee`) is true get columns (fixed
    ///     pairs always do). Rows that cannot bind on the kept columns are
    ///     left out, as always; a solution is feasible for the full problem.
    /// - Complexity: O(M·N) time plus O(entries); one pass over the score matrix.
    public init(matching problem: MatchingProblem, threshold: Double? = nil, keep: [Bool]? = nil) {
        self.init()
        let m = problem.mentorCount, n = problem.menteeCount
        let scores = problem.scores.values
        let forbiddenMask = problem.forbiddenMask()
        var fixedMask = [Bool](repeating: false, count: m * n)
        for p in problem.fixed { fixedMask[p.mentor.rawValue * n + p.mentee.rawValue] = true }
        let demand = problem.menteeDemand.enumerated().map { j, d -> CountRange in
            if let threshold, -problem.unmatchedPenalty[j] < threshold {
                return CountRange(min: Swift.max(d.min, 1), max: d.max)
            }
            return d
        }
        // Which penalties fold into pair coefficients: the one convention (ReducedRules). Fixed pairs stay
        // columns at lower bound 1 here, so every penalty keeps its amount and the constant matches it.
        let folds = ReducedRules(problem.rules).folds

        // Columns, mentor-major; columnOf maps each cell to its column or -1.
        var columnOf = ContiguousArray<Int32>(repeating: -1, count: m * n)
        columnLower.reserveCapacity(m * n)
        columnUpper.reserveCapacity(m * n)
        objective.reserveCapacity(m * n)
        isInteger.reserveCapacity(m * n)
        columnOrigin.reserveCapacity(m * n)
        for i in 0..<m {
            for j in 0..<n {
                let k = i * n + j
                if forbiddenMask[k] { continue }
                if let keep, !keep[k], !fixedMask[k] { continue }
                let s = scores[k]
                if let threshold, s < threshold, !fixedMask[k] { continue }
                columnOf[k] = Int32(truncatingIfNeeded: columnLower.count)
                let c = s + (folds[j] ? problem.unmatchedPenalty[j] : 0)
                let lower = fixedMask[k] ? 1.0 : 0.0
                addColumn(lower: lower, upper: 1, objective: c, integer: true, origin: .pair(Pair(mentor: i, mentee: j)))
            }
        }
        objectiveConstant = -problem.unmatchedPenalty.reduce(0, +)

        // Mentee demand rows (and indicator links for committees with a penalty).
        var matchedColumn = [Int: Int32]()
        for j in 0..<n {
            var count = 0
            for i in 0..<m {
                let c = columnOf[i * n + j]
                if c >= 0 { entryColumn.append(c); entryValue.append(1); count += 1 }
            }
            let d = demand[j]
            if d.min == 0 && d.max >= count { discardOpenRow() } else {
                closeRow(lower: Double(d.min), upper: Double(d.max), origin: .menteeDemand(MenteeIndex(j)))
            }
            if !folds[j] && problem.unmatchedPenalty[j] > 0 {
                let y = addColumn(lower: 0, upper: 1, objective: problem.unmatchedPenalty[j], integer: true,
                                  origin: .matched(MenteeIndex(j)))
                matchedColumn[j] = Int32(y)
                for i in 0..<m {
                    let c = columnOf[i * n + j]
                    if c >= 0 { entryColumn.append(c); entryValue.append(-1) }
                }
                entryColumn.append(Int32(y)); entryValue.append(1)
                closeRow(lower: -.infinity, upper: 0, origin: .matchedLink(MenteeIndex(j)))
            }
        }
        // Mentor load rows.
        for i in 0..<m {
            var count = 0
            for j in 0..<n {
                let c = columnOf[i * n + j]
                if c >= 0 { entryColumn.append(c); entryValue.append(1); count += 1 }
            }
            let l = problem.mentorLoad[i]
            if l.min == 0 && l.max >= count { discardOpenRow() } else {
                closeRow(lower: Double(l.min), upper: Double(l.max), origin: .mentorLoad(MentorIndex(i)))
            }
        }
        // Separations.
        for (s, sep) in problem.separations.enumerated() {
            let a = sep.first.rawValue, b = sep.second.rawValue
            for i in 0..<m {
                let ca = columnOf[i * n + a], cb = columnOf[i * n + b]
                guard ca >= 0, cb >= 0 else { continue }
                entryColumn.append(Swift.min(ca, cb)); entryValue.append(1)
                entryColumn.append(Swift.max(ca, cb)); entryValue.append(1)
                closeRow(lower: -.infinity, upper: 1, origin: .separation(index: s, mentor: MentorIndex(i)))
            }
        }
        // Attribute rules.
        var cappedMentees = Set<Int>()
        for (r, rule) in problem.constraints.enumerated() {
            switch rule {
            case .maxPerMentor(let attribute, let limit):
                let coding = AttributeCoding(problem.menteeAttributes[attribute] ?? [])
                var members = [[Int32]](repeating: [], count: coding.values.count)
                for i in 0..<m {
                    for v in members.indices { members[v].removeAll(keepingCapacity: true) }
                    for j in 0..<n {
                        let c = columnOf[i * n + j]
                        if c >= 0 { members[Int(coding.codes[j])].append(c) }
                    }
                    for (v, cols) in members.enumerated() where cols.count > limit {
                        for c in cols { entryColumn.append(c); entryValue.append(1) }
                        closeRow(lower: -.infinity, upper: Double(limit),
                                 origin: .maxPerMentor(constraint: r, mentor: MentorIndex(i), value: coding.values[v]))
                    }
                }
            case .quota(let attribute, let value, let count):
                let values = problem.menteeAttributes[attribute] ?? []
                let inGroup = values.map { $0 == value }
                var k = 0
                for c in 0..<columnCount {
                    if case .pair(let p) = columnOrigin[c], inGroup[p.mentee.rawValue] {
                        entryColumn.append(Int32(c)); entryValue.append(1); k += 1
                    }
                }
                if count.min == 0 && count.max >= k { discardOpenRow() } else {
                    closeRow(lower: Double(count.min), upper: Double(count.max), origin: .quota(constraint: r))
                }
            case .composition(let attribute, let value, let count):
                let inGroup = (problem.mentorAttributes[attribute] ?? []).map { $0 == value }
                for j in 0..<n {
                    var k = 0
                    for i in 0..<m where inGroup[i] {
                        let c = columnOf[i * n + j]
                        if c >= 0 { entryColumn.append(c); entryValue.append(1); k += 1 }
                    }
                    if count.min == 0 && count.max >= k { discardOpenRow() } else {
                        closeRow(lower: Double(count.min), upper: Double(count.max),
                                 origin: .composition(constraint: r, mentee: MenteeIndex(j)))
                    }
                }
            case .crossShare(let attribute, let share):
                guard share > 0 else { continue }
                let mv = problem.mentorAttributes[attribute] ?? [], ev = problem.menteeAttributes[attribute] ?? []
                for c in 0..<columnCount {
                    if case .pair(let p) = columnOrigin[c] {
                        let differ = mv[p.mentor.rawValue] != ev[p.mentee.rawValue]
                        let a = differ ? 1 - share : -share
                        if a != 0 { entryColumn.append(Int32(c)); entryValue.append(a) }
                    }
                }
                closeRow(lower: 0, upper: .infinity, origin: .crossShare(constraint: r))
            case .parity(let attribute, let margin):
                let groups = ParityGroups(problem, attribute: attribute)
                let N = Double(groups.counted.count)
                guard groups.values.count > 1 else { continue }   // one group is the whole
                // Each counted mentee's "has a mentor" as (column, coefficient) terms.
                var matchedTerms = [Int: [Int32]]()
                for j in groups.counted {
                    let pairs = (0..<m).map { columnOf[$0 * n + j] }.filter { $0 >= 0 }
                    if demand[j].max <= 1 || pairs.isEmpty {
                        matchedTerms[j] = pairs
                        continue
                    }
                    if !cappedMentees.contains(j) {
                        cappedMentees.insert(j)
                        let y: Int32
                        if let existing = matchedColumn[j] {
                            y = existing
                        } else {
                            y = Int32(addColumn(lower: 0, upper: 1, objective: 0, integer: true, origin: .matched(MenteeIndex(j))))
                            matchedColumn[j] = y
                            for c in pairs { entryColumn.append(c); entryValue.append(-1) }
                            entryColumn.append(y); entryValue.append(1)
                            closeRow(lower: -.infinity, upper: 0, origin: .matchedLink(MenteeIndex(j)))
                        }
                        for c in pairs { entryColumn.append(c); entryValue.append(1) }
                        entryColumn.append(y); entryValue.append(-Double(demand[j].max))
                        closeRow(lower: -.infinity, upper: 0, origin: .matchedCap(MenteeIndex(j)))
                    }
                    matchedTerms[j] = [matchedColumn[j]!]
                }
                let inGroup = Dictionary(uniqueKeysWithValues: groups.values.enumerated().map { ($1, $0) })
                let values = problem.menteeAttributes[attribute] ?? []
                for (v, members) in groups.members.enumerated() {
                    let size = Double(members.count)
                    for j in groups.counted {
                        let a = (inGroup[values[j]] == v ? N : 0) - size
                        guard a != 0 else { continue }
                        for c in matchedTerms[j]! { entryColumn.append(c); entryValue.append(a) }
                    }
                    let slack = margin * size * N
                    closeRow(lower: -slack, upper: slack, origin: .parity(constraint: r, value: groups.values[v]))
                }
            case .scoreParity(let attribute, let margin):
                addScoreParity(rule: r, attribute: attribute, margin: margin, problem: problem, columnOf: columnOf, demand: demand)
            }
        }
    }
}

extension MatchingProblem {
    /// How many partners each mentor and each mentee may have: everyone on
    /// the other side but the forbidden ones.
    /// - Complexity: O(M + N + forbidden pairs) the first time for these
    ///   rules at this size; then O(1) (the counts are kept with the rules).
    public func allowedCounts() -> (mentors: [Int], mentees: [Int]) {
        rules.allowedCounts.value(_ProblemSize(mentors: mentorCount, mentees: menteeCount)) {
            var mentors = [Int](repeating: menteeCount, count: mentorCount)
            var mentees = [Int](repeating: mentorCount, count: menteeCount)
            for p in forbidden {
                mentors[p.mentor.rawValue] -= 1
                mentees[p.mentee.rawValue] -= 1
            }
            return (mentors, mentees)
        }
    }

    /// The coding of a mentee attribute (an empty one when no mentee has it).
    ///
    /// - Complexity: O(N log N) the first time for these rules; then O(1)
    ///   (the coding is kept with the rules).
    public func menteeCoding(_ attribute: String) -> AttributeCoding {
        rules.menteeCodings.value(attribute) { AttributeCoding(menteeAttributes[attribute] ?? []) }
    }

    /// The coding of a mentor attribute (an empty one when no mentor has it).
    ///
    /// - Complexity: O(M log M) the first time for these rules; then O(1).
    public func mentorCoding(_ attribute: String) -> AttributeCoding {
        rules.mentorCodings.value(attribute) { AttributeCoding(mentorAttributes[attribute] ?? []) }
    }

    /// A row-major mask of the forbidden cells.
    ///
    /// - Complexity: O(M · N + forbidden pairs) the first time for these
    ///   rules at this size; then O(1) up to 16 million pairs (the mask is
    ///   kept with the rules).
    public func forbiddenMask() -> [Bool] {
        func mask() -> [Bool] {
            let n = menteeCount
            var mask = [Bool](repeating: false, count: mentorCount * n)
            for p in forbidden { mask[p.mentor.rawValue * n + p.mentee.rawValue] = true }
            return mask
        }
        // Kept up to 16 million pairs (16 MB): larger ones are built at each call.
        guard mentorCount * menteeCount <= 16_000_000 else { return mask() }
        return rules.forbiddenMasks.value(_ProblemSize(mentors: mentorCount, mentees: menteeCount), mask)
    }
}

extension IntegerProgram {
    /// The column values of `matching` in this program (built from the same
    /// problem): 1 for its pairs, 1 for the "matched" indicator of each mentee
    /// it matches, 1 for the constant column, the linearisation's values for
    /// a `scoreParity` rule's columns, 0 elsewhere — a starting point for a
    /// solver. The matching's feasibility is the caller's to check.
    public func columnValues(for matching: Matching, in problem: MatchingProblem) -> [Double] {
        let pairs = Set(matching.pairs)
        let matched = Set(matching.pairs.map(\.mentee))
        let auxiliary = scoreParityValues(problem, pairs: matching.pairs)
        return columnOrigin.enumerated().map { c, origin in
            switch origin {
            case .pair(let p): pairs.contains(p) ? 1 : 0
            case .matched(let j): matched.contains(j) ? 1 : 0
            case .constant: 1
            case .slack, .relaxed, .saturated: 0
            case .scoreParity: auxiliary[c]!
            }
        }
    }
}
