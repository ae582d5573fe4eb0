import MatchingCore

/// Prices the pairs of a matching problem against the row duals of a
/// restricted LP relaxation (see ``GLPKColumnGenerationSolver``): each pair's reduced
/// profit `c − Σ_rows a·π` over the rows of the full formulation that hold it
/// (a row missing from the restricted model has dual 0), and the weak-duality
/// bound those duals prove for the full problem.
struct _ColumnPricer {
    let problem: MatchingProblem
    let m: Int
    let n: Int
    /// Per cell: allowed (not forbidden) and not fixed.
    let free: [Bool]
    let folds: [Bool]

    init(_ problem: MatchingProblem) {
        self.problem = problem
        m = problem.mentorCount
        n = problem.menteeCount
        var free = problem.forbiddenMask().map { !$0 }
        for p in problem.fixed { free[p.mentor.rawValue * n + p.mentee.rawValue] = false }
        self.free = free
        folds = ReducedRules(problem.rules).folds   // the integer program's convention, which it prices
    }

    /// The pair's objective coefficient in ``IntegerProgram/init(matching:threshold:keep:)``.
    @inline(__always)
    func profit(_ i: Int, _ j: Int) -> Double {
        problem.scores.values[i * n + j] + (folds[j] ? problem.unmatchedPenalty[j] : 0)
    }

    /// Per mentee its best `perMentee` mentors, per mentor its best
    /// `perMentor` mentees (ties to the lower index), as a cell mask.
    func initialCandidates(perMentee: Int, perMentor: Int) -> [Bool] {
        var keep = [Bool](repeating: false, count: m * n)
        for j in 0..<n {
            let best = (0..<m).filter { free[$0 * n + j] }.sorted { (profit($0, j), -$0) > (profit($1, j), -$1) }.prefix(perMentee)
            for i in best { keep[i * n + j] = true }
        }
        if perMentor > 0 {
            for i in 0..<m {
                let best = (0..<n).filter { free[i * n + $0] }.sorted { (profit(i, $0), -$0) > (profit(i, $1), -$1) }.prefix(perMentor)
                for j in best { keep[i * n + j] = true }
            }
        }
        return keep
    }

    /// The bound the LP's duals prove for the full problem, and the cells to
    /// add: per mentee, up to `addPerMentee` left-out pairs with the largest
    /// positive reduced profit.
    func price(program: IntegerProgram, lp: _GLPKOutcome, keep: [Bool], addPerMentee: Int) -> (bound: Double, added: [Int]) {
        let pi = lp.rowDuals
        // Duals by rule, for pricing pairs that have no column.
        var demand = [Double](repeating: 0, count: n), load = [Double](repeating: 0, count: m), link = [Double](repeating: 0, count: n)
        var quota = [Int: Double](), cross = [Int: Double](), composition = [Int: [Double]]()
        var maxPer = [Int: (coding: AttributeCoding, index: [String: Int], duals: [Double])]()
        var separation = [Int: Double]()    // key: s · M + mentor
        for (r, rule) in problem.constraints.enumerated() {
            if case .maxPerMentor(let attribute, _) = rule {
                let coding = AttributeCoding(problem.menteeAttributes[attribute] ?? [])
                let index = Dictionary(uniqueKeysWithValues: coding.values.enumerated().map { ($1, $0) })
                maxPer[r] = (coding, index, [Double](repeating: 0, count: m * coding.values.count))
            }
        }
        var bound = program.objectiveConstant
        var infinite = false
        for (r, origin) in program.rowOrigin.enumerated() {
            let y = abs(pi[r]) < 1e-12 ? 0 : pi[r]
            if y != 0 {
                let side = y > 0 ? program.rowUpper[r] : program.rowLower[r]
                if side.isFinite { bound += y * side } else { infinite = true }
            }
            switch origin {
            case .menteeDemand(let j): demand[j.rawValue] = y
            case .mentorLoad(let i): load[i.rawValue] = y
            case .matchedLink(let j): link[j.rawValue] = y
            case .separation(let s, let i): separation[s * m + i.rawValue] = y
            case .maxPerMentor(let c, let i, let value):
                if var entry = maxPer[c], let v = entry.index[value] {
                    entry.duals[i.rawValue * entry.coding.values.count + v] = y
                    maxPer[c] = entry
                }
            case .quota(let c): quota[c] = y
            case .composition(let c, let j): composition[c, default: [Double](repeating: 0, count: n)][j.rawValue] = y
            case .crossShare(let c): cross[c] = y
            case .partners, .partnerLink, .partnerCap, .poolRule, .poolRuleAtPerson: break
            case .parity, .matchedCap, .scoreParity, .scoreParityLink: break   // price and branch refuses parity rules (ProblemShape.heuristicRefusal)
            case .stability, .saturation: break   // stability programs are solved whole, never priced
            }
        }
        // Columns in the model: their reduced profit over their range.
        var used = [Double](repeating: 0, count: program.columnCount)
        for r in 0..<program.rowCount where pi[r] != 0 {
            for e in program.rowStart[r]..<program.rowStart[r + 1] { used[Int(program.entryColumn[e])] += program.entryValue[e] * pi[r] }
        }
        for c in 0..<program.columnCount {
            let d = program.objective[c] - used[c]
            bound += d > 0 ? d * program.columnUpper[c] : d * program.columnLower[c]
        }
        // Pairs without a column.
        var mentorValues = [Int: [String]](), menteeValues = [Int: [String]](), inGroup = [Int: [Bool]]()
        for (r, rule) in problem.constraints.enumerated() {
            switch rule {
            case .quota(let a, let value, _): inGroup[r] = (problem.menteeAttributes[a] ?? []).map { $0 == value }
            case .composition(let a, let value, _): inGroup[r] = (problem.mentorAttributes[a] ?? []).map { $0 == value }
            case .crossShare(let a, _):
                mentorValues[r] = problem.mentorAttributes[a] ?? []
                menteeValues[r] = problem.menteeAttributes[a] ?? []
            default: break
            }
        }
        var separationsOf = [[Int]](repeating: [], count: n)
        for (s, sep) in problem.separations.enumerated() {
            separationsOf[sep.first.rawValue].append(s)
            separationsOf[sep.second.rawValue].append(s)
        }
        let biggest = problem.scores.values.reduce(0) { Swift.max($0, abs($1)) } + (problem.unmatchedPenalty.max() ?? 0)
        let tolerance = 1e-9 * Swift.max(1, biggest)
        var added = [Int]()
        var best = [(Double, Int)]()
        for j in 0..<n {
            best.removeAll(keepingCapacity: true)
            for i in 0..<m {
                let cell = i * n + j
                guard free[cell], !keep[cell] else { continue }
                var a = demand[j] + load[i] - link[j]
                for (r, rule) in problem.constraints.enumerated() {
                    switch rule {
                    case .maxPerMentor:
                        if let e = maxPer[r] { a += e.duals[i * e.coding.values.count + Int(e.coding.codes[j])] }
                    case .quota:
                        if inGroup[r]![j] { a += quota[r] ?? 0 }
                    case .composition:
                        if inGroup[r]![i] { a += composition[r]?[j] ?? 0 }
                    case .crossShare(_, let share):
                        let differ = mentorValues[r]![i] != menteeValues[r]![j]
                        a += (cross[r] ?? 0) * (differ ? 1 - share : -share)
                    case .parity, .scoreParity:
                        break   // refused before pricing (ProblemShape.heuristicRefusal)
                    }
                }
                for s in separationsOf[j] { a += separation[s * m + i] ?? 0 }
                let rc = profit(i, j) - a
                guard rc > 0 else { continue }
                bound += rc
                if rc > tolerance { best.append((rc, cell)) }
            }
            if !best.isEmpty {
                best.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
                added.append(contentsOf: best.prefix(addPerMentee).map(\.1))
            }
        }
        return (infinite ? .infinity : bound, added)
    }
}
