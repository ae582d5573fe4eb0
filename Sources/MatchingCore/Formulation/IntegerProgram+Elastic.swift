extension IntegerProgram {
    /// The elastic version of this program, used to explain infeasibility:
    /// every row may be violated through slack columns, every fixed column may
    /// be released, and the objective counts the rules relaxed.
    ///
    /// For each row that can be violated, a binary indicator `z_r` allows its
    /// slack (`slack ≤ U_r · z_r`, with `U_r` the largest violation the row can
    /// have); for each fixed pair, `z + x ≥ 1` with the pair free. The objective
    /// maximises `−Σ z − ε · Σ slack`: first the fewest relaxed rules, then the
    /// smallest amounts. An optimal solution names a smallest set of rules
    /// whose relaxation makes the problem feasible. Among sets of one size,
    /// the program's rules (quotas, caps, shares, separations) go before one
    /// person's demand or load: a person's indicator costs `1 + δ`, with `δ`
    /// small enough (`1 / (2 · rules)`) never to change the size.
    ///
    /// - Returns: the program and, for each rule that may be relaxed, its
    ///   indicator column.
    public func elastic() -> (program: IntegerProgram, indicators: [(rule: ElasticRule, column: Int, slackColumns: [Int])]) {
        var e = IntegerProgram()
        var indicators = [(rule: ElasticRule, column: Int, slackColumns: [Int])]()
        for c in 0..<columnCount {
            e.addColumn(lower: 0, upper: columnUpper[c], objective: 0, integer: isInteger[c], origin: columnOrigin[c])
        }
        var maxViolation = 1.0
        var rowSlacks = [(row: Int, lower: Int?, upper: Int?, bound: Double)]()
        for r in 0..<rowCount {
            var minActivity = 0.0, maxActivity = 0.0
            for k in rowStart[r]..<rowStart[r + 1] {
                let a = entryValue[k], c = Int(entryColumn[k])
                minActivity += Swift.min(a * columnLower[c], a * columnUpper[c])
                maxActivity += Swift.max(a * columnLower[c], a * columnUpper[c])
            }
            // Fixed columns are released in the elastic program, so activities may reach 0 for them.
            minActivity = Swift.min(minActivity, 0)
            let under = rowLower[r].isFinite ? rowLower[r] - minActivity : 0
            let over = rowUpper[r].isFinite ? maxActivity - rowUpper[r] : 0
            let bound = Swift.max(under, over)
            guard bound > 1e-12 else { continue }
            if case .scoreParityLink = rowOrigin[r] { continue }   // a definition, not a rule: never relaxed
            maxViolation = Swift.max(maxViolation, bound)
            let lo = under > 1e-12 ? e.addColumn(lower: 0, upper: under, objective: 0, integer: false, origin: .slack(row: r)) : nil
            let hi = over > 1e-12 ? e.addColumn(lower: 0, upper: over, objective: 0, integer: false, origin: .slack(row: r)) : nil
            rowSlacks.append((r, lo, hi, bound))
        }
        let epsilon = 1e-3 / maxViolation
        var slackOf = [Int: (lower: Int?, upper: Int?, bound: Double)]()
        for s in rowSlacks {
            slackOf[s.row] = (s.lower, s.upper, s.bound)
            if let c = s.lower { e.objective[c] = -epsilon }
            if let c = s.upper { e.objective[c] = -epsilon }
        }
        for r in 0..<rowCount {
            for k in rowStart[r]..<rowStart[r + 1] {
                e.entryColumn.append(entryColumn[k]); e.entryValue.append(entryValue[k])
            }
            if let s = slackOf[r] {
                if let c = s.lower { e.entryColumn.append(Int32(c)); e.entryValue.append(1) }
                if let c = s.upper { e.entryColumn.append(Int32(c)); e.entryValue.append(-1) }
            }
            e.closeRow(lower: rowLower[r], upper: rowUpper[r], origin: rowOrigin[r])
        }
        let personPremium = 1 / (2 * Double(rowSlacks.count + 1))
        for s in rowSlacks {
            let cost = rowOrigin[s.row].isPersonBound ? 1 + personPremium : 1
            let z = e.addColumn(lower: 0, upper: 1, objective: -cost, integer: true, origin: .relaxed(.row(s.row)))
            for c in [s.lower, s.upper].compactMap({ $0 }) {
                e.entryColumn.append(Int32(c)); e.entryValue.append(1)
            }
            e.entryColumn.append(Int32(z)); e.entryValue.append(-s.bound)
            e.closeRow(lower: -.infinity, upper: 0, origin: rowOrigin[s.row])
            indicators.append((.row(s.row), z, [s.lower, s.upper].compactMap { $0 }))
        }
        for c in 0..<columnCount where columnLower[c] > 0 {
            guard case .pair(let p) = columnOrigin[c] else { continue }
            let z = e.addColumn(lower: 0, upper: 1, objective: -1, integer: true, origin: .relaxed(.fixedPair(p)))
            e.entryColumn.append(Int32(c)); e.entryValue.append(1)
            e.entryColumn.append(Int32(z)); e.entryValue.append(1)
            e.closeRow(lower: 1, upper: .infinity, origin: .matchedLink(p.mentee))
            indicators.append((.fixedPair(p), z, []))
        }
        return (e, indicators)
    }
}

extension RowOrigin {
    /// Whether the row bounds one person (a mentee's demand, a mentor's load,
    /// a pool person's partners) rather than states a program rule.
    public var isPersonBound: Bool {
        switch self {
        case .menteeDemand, .mentorLoad, .partners: return true
        default: return false
        }
    }
}
