import MatchingCore

/// The successive-shortest-path engine behind ``HungarianSolver``: an exact
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
/// - Complexity: O(units · (R + C) · C) in the worst case for R rows and C
///   columns; in practice each search scans a few rows. Memory O(R·C) for the
///   profit matrix plus O(R·K + C) working arrays, allocated once.
struct _ShortestPathEngine {
    let rows: Int
    let cols: Int
    /// Row-major profits; `-infinity` marks a pair that has no arc (forbidden,
    /// fixed beforehand, or matched now).
    var profit: ContiguousArray<Double>
    let rowLow: [Int]
    let rowHigh: [Int]
    let colLow: [Int]
    let colHigh: [Int]
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

    /// A group's minimum as the current phase sees it.
    @inline(__always)
    func activeGroupLow(_ g: Int) -> Int { deferGroupMinimums ? 0 : groupLow[g] }

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
    /// Heap id of group 0 (groups follow rows and slots in the heap).
    let groupBase: Int

    /// Jonker and Volgenant's initialisation for the assignment case (every
    /// row and column exactly once): column reduction, reduction transfer and
    /// two rounds of augmenting row reduction. It matches most rows cheaply
    /// while keeping every pair it makes tight and every reduced cost of a
    /// matched row non-negative, so the searches that follow start from a
    /// valid partial flow and only the rows left free need a Dijkstra search.
    mutating func warmStartAssignment() {
        var colBest = [Double](repeating: -.infinity, count: cols)
        var colArg = [Int](repeating: -1, count: cols)
        profit.withUnsafeBufferPointer { P in
            for r in 0..<rows {
                let base = r &* cols
                for c in 0..<cols where P[base &+ c] > colBest[c] {
                    colBest[c] = P[base &+ c]
                    colArg[c] = r
                }
            }
        }
        // Column reduction: each column's potential makes its best pair tight.
        var chosen = [Int](repeating: 0, count: rows)
        var matchedColumn = [Int](repeating: -1, count: rows)
        for c in stride(from: cols - 1, through: 0, by: -1) where colArg[c] >= 0 {
            colPotential[c] = -colBest[c]
            let r = colArg[c]
            chosen[r] += 1
            if rowReal[r] == 0 {
                addMatch(r, c)
                matchedColumn[r] = c
            }
        }
        // Reduction transfer: a row that won a single column raises its own
        // potential to its second-best value and lowers that column's.
        for r in 0..<rows where chosen[r] == 1 && matchedColumn[r] >= 0 {
            let c1 = matchedColumn[r]
            let (best, _, _, _) = topTwo(r)
            guard best > -.infinity else { continue }
            let p1 = colProfit[colStart[c1]]
            rowPotential[r] = best
            colPotential[c1] = best - p1
        }
        // Augmenting row reduction, two rounds over the rows still free.
        var free = (0..<rows).filter { rowReal[$0] == 0 }
        for _ in 0..<2 {
            var next = [Int]()
            var k = 0
            var steps = 0
            while k < free.count && steps < 4 * rows {
                steps += 1
                let i = free[k]
                k += 1
                let (w1, j1, w2, j2) = topTwo(i)
                guard j1 >= 0 else { next.append(i); continue }
                var target = j1
                let strict = w1 > w2 && w2 > -.infinity
                if strict {
                    colPotential[j1] -= w1 - w2
                } else if colCount[j1] > 0 && j2 >= 0 {
                    target = j2
                }
                rowPotential[i] = w2 > -.infinity ? w2 : w1
                let previous = colCount[target] > 0 ? Int(colRows[colStart[target]]) : -1
                if previous >= 0 { removeMatch(previous, target) }
                addMatch(i, target)
                if previous >= 0 {
                    if strict && k > 0 {
                        k -= 1
                        free[k] = previous
                    } else {
                        next.append(previous)
                    }
                }
            }
            if k < free.count { next.append(contentsOf: free[k...]) }
            free = next
        }
    }

    /// The best and second-best values of `profit + column potential` on row
    /// `r`, with their columns (-1 when absent).
    func topTwo(_ r: Int) -> (Double, Int, Double, Int) {
        var w1 = -Double.infinity, w2 = -Double.infinity
        var j1 = -1, j2 = -1
        let base = r &* cols
        profit.withUnsafeBufferPointer { P in
            colPotential.withUnsafeBufferPointer { pc in
                for c in 0..<cols {
                    let w = P[base &+ c] + pc[c]
                    if w > w2 {
                        if w > w1 { w2 = w1; j2 = j1; w1 = w; j1 = c } else { w2 = w; j2 = c }
                    }
                }
            }
        }
        return (w1, j1, w2, j2)
    }

    @inline(__always)
    func zRoom(_ r: Int) -> Bool { zUsed[r] < rowHigh[r] - rowLow[r] }

    enum Outcome { case done, infeasible(row: Int), cancelled }

    /// Whether every row and column must route exactly its maximum (the
    /// assignment and transportation case, as LSA and CAP are). Each column
    /// is then a sink of its own with a fixed demand, so a search may end at
    /// the column nearest in reduced cost whatever its potential, as
    /// Jonker–Volgenant's augmentation does.
    let exactDemands: Bool

    /// Routes every row's supply. `shouldStop` is polled between searches.
    mutating func run(shouldStop: () -> Bool, progress: (Int, Int) -> Void) -> Outcome {
        let total = rowHigh.reduce(0, +)
        if !layered && exactDemands && rowHigh.allSatisfy({ $0 == 1 }) && colHigh.allSatisfy({ $0 == 1 }) {
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
        finishPotentials()
        return .done
    }

    /// One shortest-path search from row `source`; augments and returns the
    /// number of units routed (more than one when they all go straight to `Z`),
    /// or `nil` when no target is reachable.
    ///
    /// With `deficit`, the search starts at the sink instead (`source` is
    /// ignored): along the residual arcs out of the sink — back into groups
    /// above their minimum and into `Z` when it holds units — to group
    /// `deficit`, and the path moves one unit into that group. The potentials
    /// are then shifted so that the sink's stays 0.
    mutating func search(from source: Int, toGroup deficit: Int? = nil) -> Int? {
        let fromSink = deficit != nil
        // Lower bounds on the extra cost of ending at a target, for early termination.
        var boundUnder = Double.infinity, boundAll = exactDemands ? 0 : zPotential
        var underLeft = 0
        if grouped {
            // With groups the targets are the groups with room.
            for g in 0..<groupLow.count where groupCount[g] < groupHigh[g] {
                let tp = groupPotential[g]
                boundAll = Swift.min(boundAll, tp)
                if groupCount[g] < activeGroupLow(g) {
                    boundUnder = Swift.min(boundUnder, tp)
                    underLeft += 1
                }
            }
        } else {
            for c in 0..<cols where colCount[c] < colHigh[c] {
                let tp = exactDemands ? 0 : (colCount[c] == 0 ? colFirstCost[c] : 0) + colPotential[c]
                boundAll = Swift.min(boundAll, tp)
                if colCount[c] < colLow[c] {
                    boundUnder = Swift.min(boundUnder, tp)
                    underLeft += 1
                }
            }
        }
        if layered {
            for k in 0..<classes { classMinLabel[k] = .infinity; classMinCol[k] = -1; classMinValid[k] = true; classNextCol[k] = -1 }
        }
        var zLabel = Double.infinity
        var zPred: Int32 = -1
        var zPopped = false
        var bestUnder: (value: Double, node: Int)? = nil   // node: column, or -1 for Z
        var bestAny: (value: Double, node: Int)? = nil
        var bestUnderLabel = 0.0, bestAnyLabel = 0.0

        if !fromSink && rowReal[source] == 0 && zUsed[source] == 0 { raisePotential(of: source) }
        poppedRows.removeAll(keepingCapacity: true)
        poppedCols.removeAll(keepingCapacity: true)
        poppedColLabel.removeAll(keepingCapacity: true)
        poppedSlots.removeAll(keepingCapacity: true)
        poppedGroups.removeAll(keepingCapacity: true)
        rowHeap.removeAll()
        if let deficit {
            // The residual arcs out of the sink: back into every group above
            // its minimum, and into Z when it holds units (reduced cost −p ≥ 0).
            for g in 0..<groupLow.count where g != deficit && groupCount[g] > groupLow[g] {
                let label = Swift.max(0, -groupPotential[g])
                groupSeen[g] = true
                groupLabel[g] = label
                groupPred[g] = Self.fromSink
                rowHeap.pushOrDecrease(groupBase + g, label)
            }
            if zUsed.contains(where: { $0 > 0 }) {
                zLabel = Swift.max(0, -zPotential)
                zPred = Self.fromSink
            }
        } else {
            rowLabel[source] = 0
            rowPred[source] = -2
            rowSeen[source] = true
            rowHeap.push(source, 0)
        }

        var targetNode = 0
        var targetValue = 0.0
        var targetLabel = 0.0
        // The smallest label among columns not yet popped, and its column;
        // recomputed by row scans, invalidated by column pops.
        var minCol = -1
        var minColLabel = Double.infinity
        var minValid = false
        var lastPopped = -Double.infinity
        searching: while true {
            // The next node: the smaller of the row heap's top, the best column, and Z.
            // After a column pop every remaining column label is at least that
            // column's, so a row at or below it goes next without a rescan.
            if layered && (rowHeap.topKey.map { $0 <= lastPopped } ?? false) {
                // A row or slot at or below the last popped column goes next
                // (no column can be smaller); typically the slot the column
                // was matched through, whose scan recomputes that class.
                minValid = false
            } else if layered {
                // The smallest label over the classes; a class whose minimum
                // was popped is rescanned (only its own columns).
                minCol = -1
                minColLabel = .infinity
                for k in 0..<classes {
                    if !classMinValid[k] { rescanClass(k) }
                    let l = classMinLabel[k]
                    if l < minColLabel || (l == minColLabel && minCol >= 0 && colRoom[classMinCol[k]] && !colRoom[minCol]) {
                        minColLabel = l; minCol = classMinCol[k]
                    }
                }
                minValid = true
            } else if !minValid && !(rowHeap.topKey.map { $0 <= lastPopped } ?? false) {
                minCol = -1
                minColLabel = .infinity
                for c in 0..<cols {
                    let l = colLabel[c]
                    if l < minColLabel || (l == minColLabel && minCol >= 0 && colRoom[c] && !colRoom[minCol]) {
                        minColLabel = l; minCol = c
                    }
                }
                minValid = true
            }
            let heapTop = rowHeap.topKey ?? .infinity
            let zNext = zPopped ? Double.infinity : zLabel
            let next = Swift.min(heapTop, Swift.min(minColLabel, zNext))
            // Stop when no unexplored node can lead to a better target.
            // (Only a negative bound may extend the search: every node labelled
            // below the chosen value must be popped before the update below.)
            if let b = bestUnder {
                if next + Swift.min(0, boundUnder) >= b.value { targetNode = b.node; targetValue = b.value; targetLabel = bestUnderLabel; break searching }
            } else if underLeft == 0, let b = bestAny {
                if next + Swift.min(0, boundAll) >= b.value { targetNode = b.node; targetValue = b.value; targetLabel = bestAnyLabel; break searching }
            }
            if next == .infinity {
                if let b = bestUnder {
                    targetNode = b.node; targetValue = b.value; targetLabel = bestUnderLabel; break searching
                }
                if let b = bestAny { targetNode = b.node; targetValue = b.value; targetLabel = bestAnyLabel; break searching }
                cleanUp()
                return nil
            }
            if heapTop <= zNext && (heapTop <= minColLabel || (!minValid && heapTop <= lastPopped)) {
                let (node, dn) = rowHeap.pop()
                if node >= groupBase {
                    // Pop a group: a target if it has room; then back to its columns that send units.
                    let g = node - groupBase
                    poppedGroups.append(Int32(g))
                    let pg = groupPotential[g]
                    if let deficit {
                        // From the sink, the short group is the only target.
                        if g == deficit { targetNode = -2 - g; targetValue = dn; targetLabel = dn; break searching }
                    } else if groupCount[g] < groupHigh[g] {
                        let value = dn + pg
                        if groupCount[g] < activeGroupLow(g) {
                            underLeft -= 1
                            if bestUnder == nil || value < bestUnder!.value { bestUnder = (value, -2 - g); bestUnderLabel = dn }
                        } else if bestAny == nil || value < bestAny!.value {
                            bestAny = (value, -2 - g)
                            bestAnyLabel = dn
                        }
                    }
                    for c32 in groupColumns[g] {
                        let c = Int(c32)
                        guard colCount[c] > colLow[c] else { continue }
                        let cand = Swift.max(dn, dn + pg - colPotential[c] - (colCount[c] == 1 ? colFirstCost[c] : 0))
                        if cand < colLabel[c] {     // NaN (popped) never compares below
                            colLabel[c] = cand
                            colPred[c] = Int32(-2 - g)
                            minValid = false
                            if layered { classMinValid[Int(colClass[c])] = false }
                        }
                    }
                    continue searching
                }
                if node >= rows {
                    // Pop a slot: relax its arcs to the columns of its class, and back to its row.
                    let slot = node - rows
                    let r = slot / classes, k = slot % classes
                    poppedSlots.append(Int32(slot))
                    let ps = slotPotential[slot]
                    let base = r &* cols
                    let shift = dn + ps
                    // Relax, and recompute the class's minimum in the same pass.
                    let (bestC, bestL, nextC, nextL) = relax(columns: classStart[k]..<classStart[k + 1], base: base, shift: shift,
                                                             from: Int32(slot), runnerUp: true)
                    classMinLabel[k] = bestL
                    classMinCol[k] = bestC
                    classMinValid[k] = true
                    classNextLabel[k] = nextL
                    classNextCol[k] = nextC
                    if slotFlow[slot] > 0 {
                        let cand = Swift.max(dn, dn + ps - rowPotential[r])
                        if !(rowSeen[r] && rowLabel[r] <= cand) {
                            rowSeen[r] = true
                            rowLabel[r] = cand
                            rowPred[r] = Int32(slot)
                            rowHeap.pushOrDecrease(r, cand)
                        }
                    }
                    continue searching
                }
                let r = node, dr = dn
                poppedRows.append(Int32(r))
                let pr = rowPotential[r]
                if layered {
                    // Pop a row of the layered network: relax its slots with room, and Z.
                    for k in 0..<classes {
                        let slot = r &* classes &+ k
                        guard slotFlow[slot] < slotCap[slot] else { continue }
                        let cand = Swift.max(dr, dr + pr - slotPotential[slot])
                        if slotSeen[slot] && slotLabel[slot] <= cand { continue }
                        slotSeen[slot] = true
                        slotLabel[slot] = cand
                        slotPred[slot] = -1
                        rowHeap.pushOrDecrease(rows + slot, cand)
                    }
                    if !zPopped && zRoom(r) {
                        let cand = dr + pr - zPotential
                        if cand < zLabel { zLabel = cand; zPred = Int32(r) }
                    }
                    continue searching
                }
                // Scan a row: relax its arcs to every column not yet popped (and
                // find the new minimum in the same pass), and to Z.
                let (bestC, bestL) = relax(columns: 0..<cols, base: r &* cols, shift: dr + pr, from: Int32(r))
                minCol = bestC
                minColLabel = bestL
                minValid = true
                if !zPopped && zRoom(r) {
                    let cand = dr + pr - zPotential
                    if cand < zLabel { zLabel = cand; zPred = Int32(r) }
                }
            } else if minColLabel <= zNext {
                // Pop a column: a target if it has room; then follow its matched rows back.
                let c = minCol
                if layered {
                    // The popped column is its class's minimum; the runner-up, when known, takes its place.
                    let k = Int(colClass[c])
                    if classNextCol[k] >= 0 && classMinCol[k] == c {
                        classMinCol[k] = classNextCol[k]
                        classMinLabel[k] = classNextLabel[k]
                        classNextCol[k] = -1
                    } else {
                        classMinValid[k] = false
                    }
                }
                let dc = minColLabel
                poppedCols.append(Int32(c))
                poppedColLabel.append(dc)
                colLabel[c] = .nan
                lastPopped = dc
                minValid = false
                if grouped {
                    if colCount[c] < colHigh[c] {
                        let g = Int(colGroup[c])
                        let cand = Swift.max(dc, dc + (colCount[c] == 0 ? colFirstCost[c] : 0) + colPotential[c] - groupPotential[g])
                        if !(groupSeen[g] && groupLabel[g] <= cand) {
                            groupSeen[g] = true
                            groupLabel[g] = cand
                            groupPred[g] = Int32(c)
                            rowHeap.pushOrDecrease(groupBase + g, cand)
                        }
                    }
                } else if colCount[c] < colHigh[c] {
                    let value = exactDemands ? dc : dc + (colCount[c] == 0 ? colFirstCost[c] : 0) + colPotential[c]
                    if colCount[c] < colLow[c] {
                        underLeft -= 1
                        if bestUnder == nil || value < bestUnder!.value { bestUnder = (value, c); bestUnderLabel = dc }
                    } else if bestAny == nil || value < bestAny!.value {
                        bestAny = (value, c)
                        bestAnyLabel = dc
                    }
                }
                let pc = colPotential[c]
                if layered {
                    let k = Int(colClass[c])
                    for e in colStart[c]..<(colStart[c] + colCount[c]) {
                        let slot = Int(colRows[e]) &* classes &+ k
                        let cand = Swift.max(dc, dc + colProfit[e] + pc - slotPotential[slot])
                        if slotSeen[slot] && slotLabel[slot] <= cand { continue }
                        slotSeen[slot] = true
                        slotLabel[slot] = cand
                        slotPred[slot] = Int32(c)
                        rowHeap.pushOrDecrease(rows + slot, cand)
                    }
                    continue searching
                }
                for k in colStart[c]..<(colStart[c] + colCount[c]) {
                    let r = Int(colRows[k])
                    let cand = Swift.max(dc, dc + colProfit[k] + pc - rowPotential[r])
                    if rowSeen[r] && rowLabel[r] <= cand { continue }
                    rowSeen[r] = true
                    rowLabel[r] = cand
                    rowPred[r] = Int32(c)
                    rowHeap.pushOrDecrease(r, cand)
                }
            } else {
                // Pop Z: a target with unlimited room; then follow rows that sent units to Z.
                zPopped = true
                let value = zLabel + zPotential
                if !fromSink && (bestAny == nil || value < bestAny!.value) { bestAny = (value, -1); bestAnyLabel = zLabel }
                var w = 0
                for idx in 0..<rowsWithZ.count {
                    let r = Int(rowsWithZ[idx])
                    guard zUsed[r] > 0 else { inRowsWithZ[r] = false; continue }
                    rowsWithZ[w] = Int32(r); w += 1
                    let cand = Swift.max(zLabel, zLabel + zPotential - rowPotential[r])
                    if rowSeen[r] && rowLabel[r] <= cand { continue }
                    rowSeen[r] = true
                    rowLabel[r] = cand
                    rowPred[r] = -1
                    rowHeap.pushOrDecrease(r, cand)
                }
                rowsWithZ.removeSubrange(w...)
            }
        }
        // The update uses the sink's label (the chosen value), so the arcs into
        // the sink keep non-negative reduced costs and later searches can stop
        // as soon as the next label reaches the best value — but never less
        // than the target's own label, so that every arc of the path ends tight.
        let D = fromSink ? targetLabel : Swift.max(targetValue, targetLabel)
        for r in poppedRows where rowLabel[Int(r)] < D { rowPotential[Int(r)] += rowLabel[Int(r)] - D }
        for (c, label) in zip(poppedCols, poppedColLabel) where label < D { colPotential[Int(c)] += label - D }
        if zPopped && zLabel < D { zPotential += zLabel - D }
        for slot in poppedSlots where slotLabel[Int(slot)] < D { slotPotential[Int(slot)] += slotLabel[Int(slot)] - D }
        for g in poppedGroups where groupLabel[Int(g)] < D { groupPotential[Int(g)] += groupLabel[Int(g)] - D }
        if fromSink {
            // The sink sat at label 0 < D: shift every potential by D so that it stays at 0.
            for r in 0..<rows { rowPotential[r] += D }
            for c in 0..<cols { colPotential[c] += D }
            for k in slotPotential.indices { slotPotential[k] += D }
            for g in groupPotential.indices { groupPotential[g] += D }
            zPotential += D
        }

        // Bulk: a unit that goes straight from the source to Z is followed by
        // every further optional unit of that row at zero cost.
        var units = 1
        if !fromSink && targetNode < 0 && zPred == Int32(source) {
            let free = (rowHigh[source] - rowLow[source]) - zUsed[source]
            let remaining = rowHigh[source] - zUsed[source] - rowReal[source]
            units = Swift.max(1, Swift.min(free, remaining))
        }
        augment(source: source, target: targetNode, zPred: zPred, units: units)
        cleanUp()
        return units
    }

    /// Raises the potential of a row that has no arc into it yet (nothing
    /// matched, nothing sent to Z) until none of its outgoing arcs has a
    /// negative reduced cost, as Jonker–Volgenant's row reduction does.
    /// Arcs into the row do not exist, so no other reduced cost changes sign.
    mutating func raisePotential(of r: Int) {
        var need = -Double.infinity
        let base = r &* cols
        if layered {
            // Each slot of a fresh row has nothing in or out yet: set it to
            // its best value, and the row to its best slot.
            for k in 0..<classes {
                var best = -Double.infinity
                for c in classStart[k]..<classStart[k + 1] {
                    let v = profit[base &+ c] + colPotential[c]
                    if v > best { best = v }
                }
                let slot = r &* classes &+ k
                if best > -.infinity { slotPotential[slot] = best } else { slotPotential[slot] = Swift.min(slotPotential[slot], rowPotential[r]) }
                need = Swift.max(need, slotPotential[slot])
            }
            if zRoom(r) { need = Swift.max(need, zPotential) }
            if need > rowPotential[r] { rowPotential[r] = need }
            return
        }
        profit.withUnsafeBufferPointer { P in
            colPotential.withUnsafeBufferPointer { pc in
                for c in 0..<cols {
                    let v = P[base &+ c] + pc[c]
                    if v > need { need = v }
                }
            }
        }
        if zRoom(r) { need = Swift.max(need, zPotential) }
        if need > rowPotential[r] { rowPotential[r] = need }
    }

    /// Turns the search potentials into a dual solution of the final flow:
    /// potentials under which no residual arc — pair arcs, arcs to and from
    /// `Z`, and the arcs into the sink `t` with the columns' lower bounds
    /// respected — has a negative reduced cost. The searches keep pair and `Z`
    /// arcs non-negative already; a label-correcting pass (Bellman–Ford from
    /// the current values) settles the sink arcs, whose reduced costs the
    /// lexicographic handling of minimums may leave negative. Converges
    /// because an optimal flow has no negative residual cycle.
    ///
    /// If the pass does not settle (it always should), the potentials stay as
    /// they are and the bound they prove is merely looser; callers compare it.
    mutating func finishPotentials() {
        for r in 0..<rows where rowReal[r] == 0 && zUsed[r] == 0 { raisePotential(of: r) }
        sinkPotential = 0
        // With every row and column at its exact count there is no arc into or
        // out of the sink or Z, and the searches kept every other arc non-negative.
        if exactDemands && (0..<cols).allSatisfy({ colCount[$0] == colHigh[$0] }) && (0..<rows).allSatisfy({ rowReal[$0] == rowHigh[$0] }) {
            return
        }
        let zFlow = zUsed.contains { $0 > 0 }
        let maxPasses = 2 * (rows + cols + 2)
        for _ in 0..<maxPasses {
            var changed = false
            @inline(__always) func lower(_ value: inout Double, _ candidate: Double) {
                if candidate < value - 1e-9 * Swift.max(1, abs(value)) { value = candidate; changed = true }
            }
            for r in 0..<rows {
                let base = r &* cols
                let pr = rowPotential[r]
                if layered {
                    for k in 0..<classes {
                        let slot = r &* classes &+ k
                        if slotFlow[slot] < slotCap[slot] { lower(&slotPotential[slot], rowPotential[r]) }
                        if slotFlow[slot] > 0 { lower(&rowPotential[r], slotPotential[slot]) }
                        let ps = slotPotential[slot]
                        for c in classStart[k]..<classStart[k + 1] {
                            let p = profit[base &+ c]
                            if p > -.infinity { lower(&colPotential[c], ps - p) }
                        }
                    }
                } else {
                    for c in 0..<cols {
                        let p = profit[base &+ c]
                        if p > -.infinity { lower(&colPotential[c], pr - p) }
                    }
                }
                if zRoom(r) { lower(&zPotential, pr) }
                if zUsed[r] > 0 { lower(&rowPotential[r], zPotential) }
            }
            for c in 0..<cols {
                for k in colStart[c]..<(colStart[c] + colCount[c]) {
                    if layered {
                        lower(&slotPotential[Int(colRows[k]) * classes + Int(colClass[c])], colPotential[c] + colProfit[k])
                    } else {
                        lower(&rowPotential[Int(colRows[k])], colPotential[c] + colProfit[k])
                    }
                }
                if grouped {
                    let g = Int(colGroup[c])
                    if colCount[c] < colHigh[c] { lower(&groupPotential[g], colPotential[c] + (colCount[c] == 0 ? colFirstCost[c] : 0)) }
                    if colCount[c] > colLow[c] { lower(&colPotential[c], groupPotential[g] - (colCount[c] == 1 ? colFirstCost[c] : 0)) }
                } else {
                    if colCount[c] < colHigh[c] { lower(&sinkPotential, colPotential[c] + (colCount[c] == 0 ? colFirstCost[c] : 0)) }
                    if colCount[c] > colLow[c] { lower(&colPotential[c], sinkPotential - (colCount[c] == 1 ? colFirstCost[c] : 0)) }
                }
            }
            for g in 0..<groupLow.count {
                if groupCount[g] < groupHigh[g] { lower(&sinkPotential, groupPotential[g]) }
                if groupCount[g] > groupLow[g] { lower(&groupPotential[g], sinkPotential) }
            }
            lower(&sinkPotential, zPotential)
            if zFlow { lower(&zPotential, sinkPotential) }
            if !changed { return }
        }
    }

    /// Relaxes the arcs from a row or slot (labelled so that `shift` is its
    /// label plus its potential) to the columns in `columns`, whose profits
    /// start at `base`, and returns the smallest label among them and its
    /// column, in one sequential pass. Popped columns hold NaN, which neither
    /// relaxes nor wins; ties go to a column with room, where a search can end.
    /// With `runnerUp`, it also returns the next column in that order
    /// (-1 when there is none) and its label.
    @inline(__always)
    mutating func relax(columns: Range<Int>, base: Int, shift: Double, from node: Int32) -> (Int, Double) {
        let (c, l, _, _) = relax(columns: columns, base: base, shift: shift, from: node, runnerUp: false)
        return (c, l)
    }

    @inline(__always)
    mutating func relax(columns: Range<Int>, base: Int, shift: Double, from node: Int32, runnerUp: Bool) -> (Int, Double, Int, Double) {
        // The running minimum is local to the innermost closure, which returns it.
        profit.withUnsafeBufferPointer { P in
            colPotential.withUnsafeBufferPointer { pc in
                colLabel.withUnsafeMutableBufferPointer { label in
                    colPred.withUnsafeMutableBufferPointer { pred in
                        colRoom.withUnsafeBufferPointer { room in
                            var bestC = -1, nextC = -1
                            var bestL = Double.infinity, nextL = Double.infinity
                            for c in columns {
                                let cand = shift - P[base &+ c] - pc[c]
                                var l = label[c]
                                if cand < l {
                                    l = cand
                                    label[c] = cand
                                    pred[c] = node
                                }
                                if l < bestL || (l == bestL && bestC >= 0 && room[c] && !room[bestC]) {
                                    if runnerUp { nextL = bestL; nextC = bestC }
                                    bestL = l; bestC = c
                                } else if runnerUp && (l < nextL || (l == nextL && nextC >= 0 && room[c] && !room[nextC])) {
                                    nextL = l; nextC = c
                                }
                            }
                            return (bestC, bestL, nextC, nextL)
                        }
                    }
                }
            }
        }
    }

    /// Recomputes the smallest label among the columns of class `k` not yet popped.
    mutating func rescanClass(_ k: Int) {
        var bestC = -1, nextC = -1
        var bestL = Double.infinity, nextL = Double.infinity
        for c in classStart[k]..<classStart[k + 1] {
            let l = colLabel[c]
            if l < bestL || (l == bestL && bestC >= 0 && colRoom[c] && !colRoom[bestC]) {
                nextL = bestL; nextC = bestC
                bestL = l; bestC = c
            } else if l < nextL || (l == nextL && nextC >= 0 && colRoom[c] && !colRoom[nextC]) {
                nextL = l; nextC = c
            }
        }
        classMinLabel[k] = bestL
        classMinCol[k] = bestC
        classMinValid[k] = true
        classNextLabel[k] = nextL
        classNextCol[k] = nextC
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

    mutating func cleanUp() {
        for r in poppedRows { rowSeen[Int(r)] = false; rowLabel[Int(r)] = .infinity; rowPred[Int(r)] = -3 }
        for slot in poppedSlots { slotSeen[Int(slot)] = false; slotLabel[Int(slot)] = .infinity; slotPred[Int(slot)] = -1 }
        // Rows and slots reached but never popped are still in the heap.
        for g in poppedGroups { groupSeen[Int(g)] = false; groupLabel[Int(g)] = .infinity; groupPred[Int(g)] = -1 }
        while !rowHeap.isEmpty {
            let (node, _) = rowHeap.pop()
            if node >= groupBase {
                let g = node - groupBase
                groupSeen[g] = false; groupLabel[g] = .infinity; groupPred[g] = -1
            } else if node >= rows {
                let slot = node - rows
                slotSeen[slot] = false; slotLabel[slot] = .infinity; slotPred[slot] = -1
            } else {
                rowSeen[node] = false; rowLabel[node] = .infinity; rowPred[node] = -3
            }
        }
        for c in 0..<cols { colLabel[c] = .infinity }
    }
}
