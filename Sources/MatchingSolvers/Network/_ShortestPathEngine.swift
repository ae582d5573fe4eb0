import MatchingCore

/// The successive-shortest-path engine behind ``NetworkFlowSolver``: an exact
/// min-cost flow on the bipartite network of a capacitated matching, searched
/// with dense Dijkstra and dual potentials (Jonker–Volgenant 1987; Crouse 2016
/// for rectangular matrices), generalised from one unit per row to row
/// supplies, column capacities and lower bounds.
///
/// The network, in its *oriented* form (rows are the side whose units are
/// routed one by one, columns the other side):
/// - every row `r` supplies exactly `rowHigh[r]` units; each unit goes to a
///   column (a pair, profit `P[r, c]`) or to the dummy node `Z` ("not
///   matched"), which takes at most `rowHigh[r] − rowLow[r]` of them, so at
///   least `rowLow[r]` go to real columns;
/// - column `c` takes at most `colHigh[c]` units; the first `colLow[c]` of
///   them are mandatory, which the search honours lexicographically (a path
///   ending in a column below its minimum beats any other path), the limit of
///   the big-M method without its rounding;
/// - `colFirstCost[c]` is added to the first unit into column `c` (minus the
///   unmatched penalty of a committee mentee; other penalties are folded into
///   the pair profits).
///
/// Two optional layers keep attribute rules inside the network:
/// - *slots* between rows and columns: row `r` reaches the columns of class
///   `k` through slot `r·K + k`, which carries at most `slotCap` units (one
///   `maxPerMentor` rule);
/// - *groups* between columns and the sink: column `c` sends its units through
///   group `colGroup[c]`, which takes between `groupLow` and `groupHigh`
///   (`quota` rules on one attribute); groups are then the targets.
///
/// Because every row supply must be routed in full (`Z` always has room for
/// optional units), the order in which units are routed does not change the
/// optimum; each unit follows a shortest augmenting path, which keeps the
/// reduced costs of all residual arcs non-negative, so the final flow is
/// optimal and its potentials certify it.
///
/// The search is in `+Search`, with the slot layer's nodes in `+Slots` and
/// the groups (and the searches from the sink) in `+Groups`; Jonker and
/// Volgenant's initialisation is in `+WarmStart`, the dual solution of the
/// final flow in `+Potentials`.
///
/// - Complexity: O(units · (R + C) · C) in the worst case for R rows and C
///   columns; in practice each search scans a few rows. Memory O(R·C) for the
///   profit matrix plus O(R·K + C) working arrays, allocated once.
struct _ShortestPathEngine {
    /// What the last ``resume(from:work:shouldStop:)`` did, if the engine was
    /// resumed; its potentials then give every residual arc, into the sink
    /// included, a non-negative reduced cost.
    var resumed: Resumed? = nil
    /// The searches the last ``run(shouldStop:progress:settle:)`` made (units routed one path at a time).
    var searchesRun = 0
    /// Pair arcs the searches have scanned (the measure of a solve's work
    /// that re-optimisation is weighed against).
    var relaxWork = 0
    /// Rows so far: latecomer rows are appended (`+Rows`).
    var rows: Int
    let cols: Int
    /// Row-major profits; `-infinity` marks a pair that has no arc (forbidden,
    /// fixed beforehand, or matched now).
    var profit: ContiguousArray<Double>
    var rowLow: [Int]
    var rowHigh: [Int]
    let colLow: [Int]
    var colHigh: [Int]
    let colFirstCost: [Double]

    // The class layer for a per-row cap on each class of columns (a
    // maxPerMentor rule): row r reaches the columns of class k through the
    // slot node r·K + k, which carries at most `slotCap` units. With one class
    // the layer is left out and rows reach columns directly.
    let classes: Int
    let colClass: [Int32]
    /// The columns of class k are `classStart[k] ..< classStart[k + 1]`: the
    /// caller orders columns by class, so a slot scans one contiguous run.
    let classStart: [Int]
    let slotCap: [Int]              // per slot: the rule's limit minus fixed pairs there
    var slotFlow: [Int]
    var slotPotential: [Double]
    var slotLabel: [Double]
    var slotPred: [Int32]           // ≥ 0: column through which the slot was reached; -1: its row
    var slotSeen: [Bool]
    var poppedSlots: [Int32] = []
    // Column groups (quota rules): column c sends its units to the sink through
    // group colGroup[c], which takes between groupLow and groupHigh of them.
    // Without groups, columns reach the sink directly.
    let colGroup: [Int32]
    let groupLow: [Int]
    let groupHigh: [Int]
    let groupColumns: [[Int32]]
    var groupCount: [Int]
    var groupPotential: [Double]
    var groupLabel: [Double]
    var groupPred: [Int32]           // the column through which the group was reached
    var groupSeen: [Bool]
    var poppedGroups: [Int32] = []
    var grouped: Bool { !colGroup.isEmpty }
    /// While true (the first phase of ``run(shouldStop:progress:)``), group
    /// minimums are ignored; the second phase then meets them by shortest
    /// paths from the sink (see ``search(from:toGroup:)``).
    var deferGroupMinimums = false
    /// The predecessor mark of a node reached straight from the sink.
    static let fromSink: Int32 = -100

    // Per class: the smallest label among its columns not yet popped (layered mode).
    var classMinLabel: [Double]
    var classMinCol: [Int]
    var classMinValid: [Bool]
    // Per class: the runner-up (the next minimum once the minimum is popped), or -1 when unknown.
    var classNextLabel: [Double]
    var classNextCol: [Int]

    // Flow state.
    var colStart: [Int]            // offsets into colRows/colProfit
    var colCount: [Int]
    var colRoom: [Bool]            // colCount < colHigh
    var colRows: [Int32]
    var colProfit: [Double]
    var zUsed: [Int]
    var rowReal: [Int]             // units each row sends to real columns
    var rowsWithZ: [Int32] = []    // rows with zUsed > 0 (may hold stale entries)
    var inRowsWithZ: [Bool]

    // Potentials: reduced cost of arc v→w with cost k is k + p(v) − p(w).
    var rowPotential: [Double]
    var colPotential: [Double]
    var zPotential: Double = 0
    var sinkPotential: Double = 0

    // Search workspace, reused across searches.
    var colLabel: [Double]
    var colPred: [Int32]
    var poppedColLabel: [Double] = []
    var rowLabel: [Double]
    var rowPred: [Int32]            // ≥ 0: column through which the row was reached; -1: Z; -2: source
    var rowSeen: [Bool]
    var rowHeap: _MinHeap
    var poppedRows: [Int32] = []
    var poppedCols: [Int32] = []

    // Candidate lists (`+Candidates`), for re-optimising after latecomers;
    // a limit of 0 means dense searches.
    var candidateLimit = 0
    var candidateColumns: [[Int32]] = []
    /// Per row: a lower bound on `−P[r, c] − p(c)` over its arcs not on its list.
    var candidateRest: [Double] = []
    /// Columns (items `0..<cols`) and rows' rests (`cols + r`) by label.
    var candidateHeap = _MinHeap(capacity: 0)

    init(rows: Int, cols: Int, profit: ContiguousArray<Double>, rowLow: [Int], rowHigh: [Int],
         colLow: [Int], colHigh: [Int], colFirstCost: [Double],
         colClass: [Int32]? = nil, classes: Int = 1, slotCap: [Int] = [],
         colGroup: [Int32] = [], groupLow: [Int] = [], groupHigh: [Int] = []) {
        self.colGroup = colGroup
        self.groupLow = groupLow
        self.groupHigh = groupHigh
        var members = [[Int32]](repeating: [], count: groupLow.count)
        for (c, g) in colGroup.enumerated() { members[Int(g)].append(Int32(c)) }
        groupColumns = members
        groupCount = [Int](repeating: 0, count: groupLow.count)
        groupPotential = [Double](repeating: 0, count: groupLow.count)
        groupLabel = [Double](repeating: .infinity, count: groupLow.count)
        groupPred = [Int32](repeating: -1, count: groupLow.count)
        groupSeen = [Bool](repeating: false, count: groupLow.count)
        self.classes = Swift.max(1, classes)
        self.colClass = colClass ?? [Int32](repeating: 0, count: cols)
        var runs = [Int](repeating: 0, count: Swift.max(1, classes) + 1)
        for c in 0..<cols { runs[Int(self.colClass[c]) + 1] += 1 }
        for k in 0..<Swift.max(1, classes) { runs[k + 1] += runs[k] }
        classStart = runs
        precondition(zip(self.colClass, self.colClass.dropFirst()).allSatisfy { $0 <= $1 }, "columns must be ordered by class")
        self.slotCap = slotCap
        let slots = slotCap.isEmpty ? 0 : rows * self.classes
        slotFlow = [Int](repeating: 0, count: slots)
        slotPotential = [Double](repeating: 0, count: slots)
        slotLabel = [Double](repeating: .infinity, count: slots)
        slotPred = [Int32](repeating: -1, count: slots)
        slotSeen = [Bool](repeating: false, count: slots)
        classMinLabel = [Double](repeating: .infinity, count: self.classes)
        classMinCol = [Int](repeating: -1, count: self.classes)
        classMinValid = [Bool](repeating: false, count: self.classes)
        classNextLabel = [Double](repeating: .infinity, count: self.classes)
        classNextCol = [Int](repeating: -1, count: self.classes)
        self.rows = rows
        self.cols = cols
        self.profit = profit
        self.rowLow = rowLow
        self.rowHigh = rowHigh
        self.colLow = colLow
        self.colHigh = colHigh
        self.colFirstCost = colFirstCost
        exactDemands = colGroup.isEmpty && rowLow == rowHigh && colLow == colHigh && colFirstCost.allSatisfy { $0 == 0 }
        var start = [Int](repeating: 0, count: cols + 1)
        for c in 0..<cols { start[c + 1] = start[c] + colHigh[c] }
        colStart = start
        colCount = [Int](repeating: 0, count: cols)
        colRoom = colHigh.map { $0 > 0 }
        colRows = [Int32](repeating: -1, count: start[cols])
        colProfit = [Double](repeating: 0, count: start[cols])
        zUsed = [Int](repeating: 0, count: rows)
        rowReal = [Int](repeating: 0, count: rows)
        inRowsWithZ = [Bool](repeating: false, count: rows)
        rowPotential = [Double](repeating: 0, count: rows)
        colPotential = [Double](repeating: 0, count: cols)
        colLabel = [Double](repeating: .infinity, count: cols)
        colPred = [Int32](repeating: -1, count: cols)
        rowLabel = [Double](repeating: .infinity, count: rows)
        rowPred = [Int32](repeating: -3, count: rows)
        rowSeen = [Bool](repeating: false, count: rows)
        rowHeap = _MinHeap(capacity: rows + slots + groupLow.count)
        groupBase = rows + slots
    }

    var layered: Bool { !slotCap.isEmpty }
    /// Heap id of group 0 (groups follow rows and slots in the heap; moved by appended rows).
    var groupBase: Int

    @inline(__always)
    func zRoom(_ r: Int) -> Bool { zUsed[r] < rowHigh[r] - rowLow[r] }

    enum Outcome { case done, infeasible(row: Int), cancelled }

    /// Whether every row and column must route exactly its maximum (the
    /// assignment and transportation case, as LSA and CAP are). Each column
    /// is then a sink of its own with a fixed demand, so a search may end at
    /// the column nearest in reduced cost whatever its potential, as
    /// Jonker–Volgenant's augmentation does.
    var exactDemands: Bool

    /// Routes every row's supply. `shouldStop` is polled between searches.
    /// With `settle` (the default) the potentials are then made a dual
    /// solution (``finishPotentials()``, unless a resumed engine's corrected
    /// potentials already are one and nothing was routed); without, they stay
    /// the searches' own, from which more rows can be routed (``route(row:)``).
    mutating func run(shouldStop: () -> Bool, progress: (Int, Int) -> Void, settle: Bool = true) -> Outcome {
        let total = rowHigh.reduce(0, +)
        // (Not after ``resume(from:work:shouldStop:)``, which starts from a flow of its own.)
        if !layered && exactDemands && rowHigh.allSatisfy({ $0 == 1 }) && colHigh.allSatisfy({ $0 == 1 })
            && rowReal.allSatisfy({ $0 == 0 }) {
            warmStartAssignment()
        }
        var searches = 0, doneBefore = 0
        // Group minimums are met after every unit is routed: searching for
        // an under-filled group from every row (the lexicographic way) makes
        // each search explore most of the network while any group is short.
        deferGroupMinimums = grouped && groupLow.contains { $0 > 0 }
        for r in 0..<rows {
            while zUsed[r] + rowReal[r] < rowHigh[r] {
                if searches & 63 == 0 {
                    if shouldStop() { return .cancelled }
                    // Rows before r are complete; later searches never take units from them.
                    progress(doneBefore + zUsed[r] + rowReal[r], total)
                }
                guard search(from: r) != nil else { return .infeasible(row: r) }
                searches += 1
            }
            doneBefore += rowHigh[r]
        }
        if deferGroupMinimums {
            // The flow is optimal without the group minimums; each shortest
            // path from the sink to a short group moves one unit into it at
            // the least cost, which keeps the flow optimal for the larger
            // minimum (successive shortest paths with the group's shortfall as
            // a demand). A group that cannot be reached stays short and is
            // reported by the caller.
            deferGroupMinimums = false
            for g in 0..<groupLow.count {
                while groupCount[g] < groupLow[g] {
                    if searches & 63 == 0, shouldStop() { return .cancelled }
                    guard search(from: -1, toGroup: g) != nil else { break }
                    searches += 1
                }
            }
        }
        progress(total, total)
        // After ``resume(from:work:shouldStop:)`` with nothing left to route, the corrected potentials are a dual solution already.
        if settle && !(resumed != nil && searches == 0) { finishPotentials() }
        searchesRun = searches
        return .done
    }

    /// Flips the path found by the last search.
    mutating func augment(source: Int, target: Int, zPred: Int32, units: Int) {
        var node = target  // ≥ 0: column; -1: Z; ≤ -2: group -2 - node
        while true {
            var r: Int
            if node <= -2 {
                // A group is entered from the column that gains the unit (or,
                // from the sink, the path begins here).
                let pred = groupPred[-2 - node]
                if pred == Self.fromSink { break }
                node = Int(pred)
                continue
            }
            if node >= 0 && colPred[node] <= -2 {
                // A column reached back from its group gives up a unit (already
                // removed from its row); the path goes on through the group.
                node = Int(colPred[node])
                continue
            }
            if node >= 0 {
                if layered {
                    // Column reached from a slot: match it; the slot was reached
                    // from its row, or from a column it gives up.
                    let slot = Int(colPred[node])
                    r = slot / classes
                    addMatch(r, node)
                    let via = Int(slotPred[slot])
                    if via >= 0 {
                        removeMatch(r, via)
                        node = via
                        continue
                    }
                } else {
                    r = Int(colPred[node])
                    addMatch(r, node)
                }
            } else {
                if zPred == Self.fromSink { break }   // Z gives up a unit to the sink: the path begins here
                r = Int(zPred)
                zUsed[r] += node == -1 && r == source ? units : 1
                if !inRowsWithZ[r] { inRowsWithZ[r] = true; rowsWithZ.append(Int32(r)) }
            }
            if r == source { break }
            let via = Int(rowPred[r])
            if via < 0 {
                zUsed[r] -= 1
                node = -1
            } else if layered {
                // Row reached back from one of its slots, which gave up a column.
                let column = Int(slotPred[via])
                removeMatch(r, column)
                node = column
            } else {
                removeMatch(r, via)
                node = via
            }
        }
    }

    mutating func addMatch(_ r: Int, _ c: Int) {
        let k = colStart[c] + colCount[c]
        colRows[k] = Int32(r)
        colProfit[k] = profit[r * cols + c]
        profit[r * cols + c] = -.infinity
        colCount[c] += 1
        colRoom[c] = colCount[c] < colHigh[c]
        rowReal[r] += 1
        if layered { slotFlow[r * classes + Int(colClass[c])] += 1 }
        if grouped { groupCount[Int(colGroup[c])] += 1 }
    }

    mutating func removeMatch(_ r: Int, _ c: Int) {
        let s = colStart[c], e = s + colCount[c]
        for k in s..<e where Int(colRows[k]) == r {
            profit[r * cols + c] = colProfit[k]
            if usesCandidates { restoreCandidate(r, c) }
            colRows[k] = colRows[e - 1]
            colProfit[k] = colProfit[e - 1]
            colCount[c] -= 1
            colRoom[c] = true
            rowReal[r] -= 1
            if layered { slotFlow[r * classes + Int(colClass[c])] -= 1 }
            if grouped { groupCount[Int(colGroup[c])] -= 1 }
            return
        }
        preconditionFailure("removeMatch: row \(r) is not matched to column \(c)")
    }
}
