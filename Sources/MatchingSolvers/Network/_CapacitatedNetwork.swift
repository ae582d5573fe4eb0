import MatchingCore

/// A capacitated matching problem turned into the oriented network of
/// ``_ShortestPathEngine``: fixed pairs taken out (they consume capacity),
/// maxima cut to the number of allowed partners, penalties folded into pair
/// profits where a mentee takes at most one mentor, and the side to route
/// unit by unit chosen to make the searches cheapest.
///
/// Attribute rules that keep the problem a network:
/// - one leading `maxPerMentor` rule: mentors are rows and each reaches the
///   mentees of one value through a (mentor, value) slot;
/// - `quota` rules on one mentee attribute: mentees are columns, grouped by
///   value between the mentees and the sink;
/// - `composition` caps on one mentor attribute: mentees are rows and each
///   reaches the mentors of one value through a (mentee, value) slot.
struct _CapacitatedNetwork {
    /// Whether rows are mentees (the matrix transposed).
    let transposed: Bool
    var engine: _ShortestPathEngine
    let fixedPairs: [Pair]
    /// The rule the slot layer carries, if any.
    let slotRule: SlotRule
    /// For each mentee group, the index of the quota rule it carries (when groups are used).
    let quotaConstraintOfGroup: [Int?]
    /// With mentees as rows for latecomers: each mentor's largest load (fixed
    /// pairs taken out), which the engine's column maxima, cut to the
    /// partners allowed so far, may grow to; empty otherwise.
    let mentorMaxima: [Int]
    /// Column c of the engine is mentor or mentee `columnOrder[c]` (columns
    /// are ordered by class when the slot layer is used).
    let columnOrder: [Int]
    /// What ``reprice(_:work:shouldStop:)`` needs to write the profits of
    /// the same program under other scores: each column's place in the
    /// engine (the inverse of ``columnOrder``), whether columns are permuted,
    /// each mentee's folded penalty, and the cells of forbidden and fixed pairs.
    private let place: [Int]
    private let permuted: Bool
    private let bonus: [Double]
    private let excludedCells: [Int]
    /// The rules the network was built from, forbidden pairs left out (so
    /// that comparing them is cheap), and how many forbidden pairs there were.
    private let builtRules: MatchingRules
    private let forbiddenCount: Int

    /// What the slot layer holds.
    enum SlotRule {
        /// Whether there is no slot layer.
        var isNone: Bool { if case .none = self { true } else { false } }
        case none
        /// `constraints[0]`, one slot per (mentor, mentee value).
        case maxPerMentor
        /// Composition caps, one slot per (mentee, mentor value); for each
        /// rule its index in the problem and the class of its value (`nil`
        /// when no mentor has it).
        case composition([(index: Int, cls: Int?)])
    }

    /// The network of `problem`; with `menteesAsRows`, mentees are the rows
    /// whatever is cheaper (so that latecomer mentees are appended rows,
    /// ``appendMentee(scores:demand:penalty:forbidden:)``): only without
    /// attribute rules and committee penalties.
    init(_ problem: MatchingProblem, menteesAsRows: Bool = false) {
        let m = problem.mentorCount, n = problem.menteeCount
        // The one reduction: fixed pairs out, bounds shrunk, penalties folded (ReducedRules).
        let reduced = ReducedRules(problem.rules)
        let shape = problem.shape
        let fixedOfMentor = reduced.fixedOfMentor, fixedOfMentee = reduced.fixedOfMentee
        let allowed = problem.allowedCounts()
        let freeOfMentor = (0..<m).map { allowed.mentors[$0] - fixedOfMentor[$0] }
        let freeOfMentee = (0..<n).map { allowed.mentees[$0] - fixedOfMentee[$0] }
        let mentorLow = reduced.mentorLoad.map(\.min)
        let mentorHigh = (0..<m).map { Swift.min(reduced.mentorLoad[$0].max, freeOfMentor[$0]) }
        let menteeLow = reduced.menteeDemand.map(\.min)
        let menteeHigh = (0..<n).map { Swift.min(reduced.menteeDemand[$0].max, freeOfMentee[$0]) }
        let penalty = reduced.penalty
        let folds = reduced.folds

        let mentorUnits = mentorHigh.reduce(0) { $0 + Swift.max(0, $1) }
        let menteeUnits = menteeHigh.reduce(0) { $0 + Swift.max(0, $1) }
        // Committee mentees with a penalty are kept as columns, where the
        // penalty is a first-unit cost on the arc into the sink.
        let committeePenalty = (0..<n).contains { !folds[$0] && penalty[$0] > 0 }
        // A maxPerMentor rule becomes a layer of (mentor, value) slots on the
        // mentor side, so mentors stay rows; composition caps become a layer
        // of (mentee, value) slots on the mentee side, so mentees are rows.
        var classCoding: AttributeCoding? = nil
        var classCount = 1
        var slotCap = [Int]()
        var rule = SlotRule.none
        // Quota rules on one mentee attribute become groups of mentees (by
        // value) between the mentees and the sink.
        let quotas = shape.quotas
        var groupOfMentee = [Int32]()
        var groupLow = [Int](), groupHigh = [Int]()
        var quotaOfGroup = [Int?]()
        if let quotas {
            let coding = AttributeCoding(problem.menteeAttributes[quotas.attribute] ?? [])
            groupOfMentee = coding.codes
            groupLow = [Int](repeating: 0, count: coding.values.count)
            groupHigh = [Int](repeating: Int.max, count: coding.values.count)
            quotaOfGroup = [Int?](repeating: nil, count: coding.values.count)
            for index in quotas.indices {
                guard case .quota(_, let value, _) = problem.constraints[index], let left = reduced.quotaBounds(index) else { continue }
                let g = Int(coding.code(of: value)!)
                groupLow[g] = left.min
                groupHigh[g] = left.max == Int.max ? Int.max : Swift.max(0, left.max)
                quotaOfGroup[g] = index
            }
        }
        quotaConstraintOfGroup = quotaOfGroup
        if let index = shape.maxPerMentor, case .maxPerMentor(let attribute, _) = problem.constraints[index] {
            let coding = AttributeCoding(problem.menteeAttributes[attribute] ?? [])
            classCoding = coding
            classCount = coding.values.count
            // Fixed pairs use up part of each (mentor, value) limit.
            slotCap = reduced.slotRoom(index, coding: coding).map { Swift.max(0, $0) }
            rule = .maxPerMentor
        } else if let compositions = shape.compositions {
            let coding = AttributeCoding(problem.mentorAttributes[compositions.attribute] ?? [])
            let codes = coding.codes
            classCoding = coding
            classCount = coding.values.count
            // A value without a rule is not capped; fixed pairs use up part of each cap.
            var capOfClass = [Int](repeating: Int.max, count: classCount)
            var placed = [(index: Int, cls: Int?)]()
            for index in compositions.indices {
                guard case .composition(_, let value, let count) = problem.constraints[index] else { continue }
                let k = coding.code(of: value).map(Int.init)
                if let k { capOfClass[k] = count.max }
                placed.append((index, k))
            }
            slotCap = [Int](repeating: 0, count: n * classCount)
            for j in 0..<n { for k in 0..<classCount { slotCap[j * classCount + k] = capOfClass[k] } }
            for p in problem.fixed {
                let slot = p.mentee.rawValue * classCount + Int(codes[p.mentor.rawValue])
                if slotCap[slot] != Int.max { slotCap[slot] -= 1 }
            }
            slotCap = slotCap.map { Swift.max(0, $0) }
            rule = .composition(placed)
        }
        slotRule = rule
        let flip: Bool
        switch rule {
        case .maxPerMentor: flip = false
        case .composition: flip = true
        case .none: flip = quotas == nil && !committeePenalty && (menteesAsRows || menteeUnits * m < mentorUnits * n)
        }
        precondition(!menteesAsRows || flip, "mentees as rows: no attribute rules, no committee penalties")
        transposed = flip
        mentorMaxima = menteesAsRows ? reduced.mentorLoad.map { Swift.max(0, $0.max) } : []
        fixedPairs = problem.fixed
        // With the layer, columns are ordered by value so that each slot
        // scans one contiguous run of the matrix.
        let order = classCoding?.valueOrder ?? Array(0..<(flip ? m : n))
        columnOrder = order
        // Columns already in value order (a sweep renumbers its mentees so) are written as they are.
        let permuted = order.indices.contains { order[$0] != $0 }
        var place = [Int](repeating: 0, count: order.count)
        for (k, e) in order.enumerated() { place[e] = k }

        let rows = flip ? n : m, cols = flip ? m : n
        // Profits in the chosen orientation; forbidden and fixed pairs get no arc.
        let bonus = (0..<n).map { reduced.bonus($0) }
        // Every cell is written below, so the buffer is not zero-filled first.
        // Latecomers append mentee rows: room for an eighth more (at least 64) is kept, so that
        // the first ones do not copy the whole matrix (beyond it, the array doubles as usual).
        let reserve = menteesAsRows ? m * Swift.max(64, n / 8) : 0
        var profit = ContiguousArray<Double>(unsafeUninitializedCapacity: m * n + reserve) { out, count in
            Self.fill(out, problem.scores, bonus: bonus, transposed: flip, order: order, place: place, permuted: permuted)
            count = m * n
        }
        func cell(_ p: Pair) -> Int {
            flip ? p.mentee.rawValue * m + place[p.mentor.rawValue] : p.mentor.rawValue * n + place[p.mentee.rawValue]
        }
        var excluded = [Int]()
        excluded.reserveCapacity(problem.forbidden.count + problem.fixed.count)
        for p in problem.forbidden { excluded.append(cell(p)) }
        for p in problem.fixed { excluded.append(cell(p)) }
        for c in excluded { profit[c] = -.infinity }
        excludedCells = excluded
        self.place = place
        self.permuted = permuted
        self.bonus = bonus
        var rules = problem.rules
        rules.forbidden = []
        builtRules = rules
        forbiddenCount = problem.forbidden.count
        // Mentees are rows only without committee penalties, so a penalty that
        // does not fold into the pair profits is always a first-unit cost on a column.
        let firstCost = flip ? [Double](repeating: 0, count: cols) : order.map { folds[$0] ? 0 : -penalty[$0] }
        let colLow = flip ? mentorLow : menteeLow, colHigh = flip ? mentorHigh : menteeHigh
        engine = _ShortestPathEngine(
            rows: rows, cols: cols, profit: profit,
            rowLow: flip ? menteeLow : mentorLow, rowHigh: (flip ? menteeHigh : mentorHigh).map { Swift.max(0, $0) },
            colLow: order.map { colLow[$0] }, colHigh: order.map { Swift.max(0, colHigh[$0]) },
            colFirstCost: firstCost,
            colClass: classCoding.map { coding in order.map { coding.codes[$0] } }, classes: classCount, slotCap: slotCap,
            colGroup: groupOfMentee.isEmpty ? [] : order.map { groupOfMentee[$0] }, groupLow: groupLow, groupHigh: groupHigh)
    }

    /// Writes the pair profits of `scores` in the engine's orientation:
    /// score plus the mentee's folded penalty, columns in `order`; every
    /// cell is written.
    ///
    /// - Complexity: O(M·N); a transposition goes in 64 × 64 tiles so that
    ///   both sides stay in cache.
    private static func fill(_ out: UnsafeMutableBufferPointer<Double>, _ scores: ScoreMatrix, bonus: [Double], transposed flip: Bool,
                             order: [Int], place: [Int], permuted: Bool) {
        let m = scores.mentors, n = scores.mentees
        scores.values.withUnsafeBufferPointer { s in
            bonus.withUnsafeBufferPointer { b in
                if flip {
                    let tile = 64
                    for i0 in stride(from: 0, to: m, by: tile) {
                        for j0 in stride(from: 0, to: n, by: tile) {
                            for i in i0..<Swift.min(i0 + tile, m) {
                                let c = place[i]
                                for j in j0..<Swift.min(j0 + tile, n) { out[j &* m &+ c] = s[i &* n &+ j] + b[j] }
                            }
                        }
                    }
                } else if !permuted {
                    for i in 0..<m {
                        let base = i &* n
                        for j in 0..<n { out[base &+ j] = s[base &+ j] + b[j] }
                    }
                } else {
                    for i in 0..<m {
                        let base = i &* n
                        for c in 0..<n { let j = order[c]; out[base &+ c] = s[base &+ j] + b[j] }
                    }
                }
            }
        }
    }

    /// Re-optimises the network in place for `problem`, the program it was
    /// built from under other scores: the profits are written again and the
    /// engine corrects its optimum (``_ShortestPathEngine/reprice(work:shouldStop:)``).
    ///
    /// The program is compared by its sizes, its rules (forbidden pairs
    /// aside) and its number of forbidden pairs; the caller promises the
    /// same forbidden pairs (a different set leaves a matching the validator
    /// rejects, or duals whose bound does not prove it, and the solve is
    /// done again from nothing).
    ///
    /// - Returns: `nil` when `problem` is another program (nothing changed),
    ///   `false` when the correction ran past `work` arc scans (the network
    ///   must be built again), `true` when the flow is optimal for the new scores.
    /// - Complexity: O(M·N) to write the profits, then the correction.
    mutating func reprice(_ problem: MatchingProblem, work: Int, shouldStop: () -> Bool) -> Bool? {
        let m = problem.mentorCount, n = problem.menteeCount
        guard !engine.usesCandidates, engine.rows * engine.cols == m * n, (transposed ? engine.rows : engine.cols) == n,
              problem.forbidden.count == forbiddenCount else { return nil }
        var rules = problem.rules
        rules.forbidden = []
        guard rules == builtRules else { return nil }
        engine.profit.withUnsafeMutableBufferPointer { out in
            Self.fill(UnsafeMutableBufferPointer(rebasing: out[0..<(m * n)]), problem.scores, bonus: bonus, transposed: transposed,
                      order: columnOrder, place: place, permuted: permuted)
            for c in excludedCells { out[c] = -.infinity }
        }
        return engine.reprice(work: work, shouldStop: shouldStop)
    }

    /// Appends a latecomer mentee — `scores` per mentor (mentor order), a
    /// demand of at most one mentor when `penalty` > 0 (the penalty folds
    /// into its pairs) — and routes it: its units follow shortest augmenting
    /// paths from the current optimum. `false` when a unit it must have has
    /// no path (the caller allows none: demand minimum 0).
    ///
    /// - Complexity: O(mentors) to append, then the searches.
    mutating func appendMentee(scores: [Double], demand: CountRange, penalty: Double, forbidden: Set<Int>) -> Bool {
        precondition(transposed && slotRule.isNone)
        let bonus = demand.max <= 1 ? penalty : 0
        var row = ContiguousArray<Double>(repeating: -.infinity, count: engine.cols)
        var allowed = 0
        var highs = engine.colHigh
        for (c, i) in columnOrder.enumerated() where scores[i] > -.infinity && !forbidden.contains(i) {
            row[c] = scores[i] + bonus
            allowed += 1
            // One more allowed partner: the mentor's maximum may grow by one, up to its load.
            if highs[c] < mentorMaxima[i] { highs[c] += 1 }
        }
        engine.raiseColumnHighs(highs)
        let r = engine.rows
        engine.appendRow(row, low: demand.min, high: Swift.max(0, Swift.min(demand.max, allowed)))
        return engine.route(row: r)
    }

    /// A column whose minimum is not met, if any.
    func unmetColumn() -> Int? {
        (0..<engine.cols).first { engine.colCount[$0] < engine.colLow[$0] }
    }

    /// A quota group whose minimum is not met, if any.
    func unmetGroup() -> Int? {
        (0..<engine.groupLow.count).first { engine.groupCount[$0] < engine.groupLow[$0] }
    }

    func describeDeadRow(_ r: Int, _ problem: MatchingProblem) -> String {
        transposed
            ? "mentee \(r) cannot get the \(problem.menteeDemand[r].min) mentor(s) it must have without breaking another rule"
            : "mentor \(r) cannot take the \(problem.mentorLoad[r].min) mentee(s) it must have without breaking another rule"
    }

    func describeUnmetColumn(_ c: Int, _ problem: MatchingProblem) -> String {
        transposed
            ? "mentor \(columnOrder[c]) cannot take the \(problem.mentorLoad[columnOrder[c]].min) mentee(s) it must have without breaking another rule"
            : "mentee \(columnOrder[c]) cannot get the \(problem.menteeDemand[columnOrder[c]].min) mentor(s) it must have without breaking another rule"
    }

    /// The matched pairs, fixed ones included.
    func matching(_ problem: MatchingProblem) -> Matching {
        var pairs = fixedPairs
        for c in 0..<engine.cols {
            for k in engine.colStart[c]..<(engine.colStart[c] + engine.colCount[c]) {
                let r = Int(engine.colRows[k])
                let e = columnOrder[c]
                pairs.append(transposed ? Pair(mentor: e, mentee: r) : Pair(mentor: r, mentee: e))
            }
        }
        return Matching(pairs: pairs)
    }

    /// Mentor and mentee duals from the final potentials: `α_row = p_row − p_t`,
    /// `β_col = p_t − p_col`, so a pair's reduced profit `P − α − β` is minus
    /// its reduced cost, and each dual's sign matches where its load sits
    /// between its bounds (complementary slackness).
    func duals(_ problem: MatchingProblem) -> Duals {
        let t = engine.sinkPotential
        let rowDual = engine.rowPotential.map { $0 - t }
        // A committee mentee with a penalty has two arcs into the sink (the
        // first unit earns the penalty); its demand dual is that of the second
        // arc, and the rest goes to the dual of its "matched" link.
        let colDual = (0..<engine.cols).map { c -> Double in
            let reference = engine.grouped ? engine.groupPotential[Int(engine.colGroup[c])] : t
            let g = reference - engine.colPotential[c]
            let p = -engine.colFirstCost[c]
            guard p > 0 else { return g }
            return g >= 0 ? g : Swift.min(0, g + p)
        }
        var entityDual = colDual
        for (c, e) in columnOrder.enumerated() { entityDual[e] = colDual[c] }
        var duals = transposed ? Duals(mentors: entityDual, mentees: rowDual) : Duals(mentors: rowDual, mentees: entityDual)
        for (g, index) in quotaConstraintOfGroup.enumerated() {
            if let index { duals.constraints[index] = [t - engine.groupPotential[g]] }
        }
        // A slot's dual is how far its potential sits above its row's: the
        // price of one more partner of that value for that row.
        let k = engine.classes
        func slotDual(_ slot: Int) -> Double { Swift.max(0, engine.slotPotential[slot] - engine.rowPotential[slot / k]) }
        switch slotRule {
        case .none:
            break
        case .maxPerMentor:
            duals.constraints[0] = engine.layered ? (0..<(engine.rows * k)).map(slotDual) : []
        case .composition(let rules):
            // One value per mentee (the rows), for the class of the rule's value.
            for (index, cls) in rules {
                duals.constraints[index] = (0..<engine.rows).map { r in cls.map { engine.layered ? slotDual(r * k + $0) : 0 } ?? 0 }
            }
        }
        return duals
    }
}
