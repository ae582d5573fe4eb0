/// The successive-shortest-path engine of ``PricingSolver``: the same
/// min-cost flow as ``_ShortestPathEngine`` (mentors route their load unit by
/// unit to mentees or to the dummy node `Z`), on an explicit sparse set of
/// candidate arcs instead of a dense matrix, searched with Dijkstra and a
/// binary heap over node potentials.
///
/// Nodes: rows (mentors) `0 ..< R`; with a `maxPerMentor` rule, one slot per
/// (row, class) — row `r` reaches the mentees of class `k` only through slot
/// `r·K + k`, which carries at most its cap; columns (mentees); `Z` (a unit a
/// row does not place, at most `rowHigh − rowLow` per row); the sink `T`.
/// Arc costs are minus the profits; every row's supply `rowHigh` is routed in
/// full, so the order of the rows does not change the optimum, and each
/// search keeps every residual arc's reduced cost `cost + p(v) − p(w)` non-negative.
/// The potentials at the end are dual values for the whole network.
///
/// - Complexity: each search is Dijkstra over the nodes and arcs it reaches,
///   O((V + A) log V); memory O(V + A) for V nodes and A candidate arcs.
struct _SparseNetwork {
    let rows: Int
    let cols: Int
    let classes: Int
    let layered: Bool
    /// Arcs sorted by (row, class, column); slot `s` owns `slotStart[s] ..< slotStart[s + 1]`
    /// (without the rule, slot `r` is row `r`).
    let slotStart: [Int]
    let arcCol: [Int32]
    let arcProfit: [Double]
    let arcSlot: [Int32]
    var arcUsed: [Bool]
    let rowLow: [Int]
    let rowHigh: [Int]
    let colHigh: [Int]
    let slotCap: [Int]
    var slotFlow: [Int]
    var rowReal: [Int]
    var zUsed: [Int]
    var rowsWithZ: [Int32] = []
    var inRowsWithZ: [Bool]
    // Per column, the arcs matched into it: colArcs[colStart[c] ..< colStart[c] + colCount[c]].
    let colStart: [Int]
    var colCount: [Int]
    var colArcs: [Int32]

    // Node ids and potentials (one array for every node).
    let slotBase: Int
    let colBase: Int
    let zNode: Int
    let tNode: Int
    var potential: [Double]

    // Search workspace.
    var dist: [Double]
    var done: [Bool]
    var predNode: [Int32]
    var predArc: [Int32]
    var touched: [Int32] = []
    var popped: [Int32] = []
    var heap: _MinHeap

    /// `arcs` must be sorted by (row, class of column, column), each pair once.
    init(rows: Int, cols: Int, classes: Int, colClass: [Int32], layered: Bool,
         arcs: [(row: Int32, col: Int32, profit: Double)],
         rowLow: [Int], rowHigh: [Int], colHigh: [Int], slotCap: [Int]) {
        self.rows = rows
        self.cols = cols
        self.classes = layered ? classes : 1
        self.layered = layered
        let k = self.classes
        let slots = rows * k
        var start = [Int](repeating: 0, count: slots + 1)
        var arcCol = [Int32](), arcProfit = [Double](), arcSlot = [Int32]()
        arcCol.reserveCapacity(arcs.count)
        arcProfit.reserveCapacity(arcs.count)
        arcSlot.reserveCapacity(arcs.count)
        for a in arcs {
            let s = Int(a.row) * k + (layered ? Int(colClass[Int(a.col)]) : 0)
            start[s + 1] += 1
            arcCol.append(a.col)
            arcProfit.append(a.profit)
            arcSlot.append(Int32(s))
        }
        for s in 0..<slots { start[s + 1] += start[s] }
        slotStart = start
        self.arcCol = arcCol
        self.arcProfit = arcProfit
        self.arcSlot = arcSlot
        arcUsed = [Bool](repeating: false, count: arcs.count)
        self.rowLow = rowLow
        self.rowHigh = rowHigh
        self.colHigh = colHigh
        self.slotCap = layered ? slotCap : []
        slotFlow = [Int](repeating: 0, count: layered ? slots : 0)
        rowReal = [Int](repeating: 0, count: rows)
        zUsed = [Int](repeating: 0, count: rows)
        inRowsWithZ = [Bool](repeating: false, count: rows)
        var cs = [Int](repeating: 0, count: cols + 1)
        for c in 0..<cols { cs[c + 1] = cs[c] + colHigh[c] }
        colStart = cs
        colCount = [Int](repeating: 0, count: cols)
        colArcs = [Int32](repeating: -1, count: cs[cols])
        slotBase = rows
        colBase = rows + (layered ? slots : 0)
        zNode = colBase + cols
        tNode = zNode + 1
        let nodes = tNode + 1
        dist = [Double](repeating: .infinity, count: nodes)
        done = [Bool](repeating: false, count: nodes)
        predNode = [Int32](repeating: -1, count: nodes)
        predArc = [Int32](repeating: -1, count: nodes)
        heap = _MinHeap(capacity: nodes)

        // Initial potentials, valid for the empty flow: columns, Z and T at 0;
        // each slot at its best profit; each row at its best slot (or arc) and
        // at least Z's when it may leave units out.
        var p = [Double](repeating: 0, count: nodes)
        for r in 0..<rows {
            var best = -Double.infinity
            for kk in 0..<k {
                let s = r * k + kk
                var slotBest = -Double.infinity
                for a in start[s]..<start[s + 1] { slotBest = Swift.max(slotBest, arcProfit[a]) }
                if layered {
                    p[slotBase + s] = slotBest
                    if slotCap[s] > 0 { best = Swift.max(best, slotBest) }
                } else {
                    best = Swift.max(best, slotBest)
                }
            }
            if rowHigh[r] > rowLow[r] { best = Swift.max(best, 0) }
            if best == -.infinity { best = 0 }
            p[r] = best
            if layered {
                // A slot with no arc has nothing to keep non-negative but its in-arc.
                for kk in 0..<k where p[slotBase + r * k + kk] == -.infinity { p[slotBase + r * k + kk] = best }
            }
        }
        potential = p
    }

    enum Outcome { case done, infeasible(row: Int), cancelled }

    /// Routes every row's supply; `shouldStop` is polled every 64 searches.
    mutating func run(shouldStop: () -> Bool, progress: (Int, Int) -> Void) -> Outcome {
        let total = rowHigh.reduce(0, +)
        var searches = 0, before = 0
        for r in 0..<rows {
            while rowReal[r] + zUsed[r] < rowHigh[r] {
                if searches & 63 == 0 {
                    if shouldStop() { return .cancelled }
                    progress(before + rowReal[r] + zUsed[r], total)
                }
                searches += 1
                guard search(from: r) else { return .infeasible(row: r) }
            }
            before += rowHigh[r]
        }
        progress(total, total)
        return .done
    }

    @inline(__always)
    mutating func relax(_ w: Int, _ cand: Double, from v: Int, arc: Int) {
        guard !done[w], cand < dist[w] else { return }
        if dist[w] == .infinity { touched.append(Int32(w)) }
        dist[w] = cand
        predNode[w] = Int32(v)
        predArc[w] = Int32(arc)
        heap.pushOrDecrease(w, cand)
    }

    /// Relaxes the unused arcs of slot `s` out of node `v` (labelled `dv`).
    @inline(__always)
    mutating func relaxArcs(ofSlot s: Int, from v: Int, label dv: Double) {
        let pv = potential[v]
        for a in slotStart[s]..<slotStart[s + 1] where !arcUsed[a] {
            let w = colBase + Int(arcCol[a])
            relax(w, Swift.max(dv, dv - arcProfit[a] + pv - potential[w]), from: v, arc: a)
        }
    }

    /// One Dijkstra search from row `source` to the sink; augments along the
    /// path found (several units at once when they all go straight to `Z`)
    /// and returns whether there was one.
    mutating func search(from source: Int) -> Bool {
        heap.removeAll()
        popped.removeAll(keepingCapacity: true)
        dist[source] = 0
        predNode[source] = -1
        touched.append(Int32(source))
        heap.push(source, 0)
        var reached = false
        while !heap.isEmpty {
            let (v, dv) = heap.pop()
            done[v] = true
            popped.append(Int32(v))
            if v == tNode { reached = true; break }
            let pv = potential[v]
            if v < slotBase {
                let r = v
                if layered {
                    for k in 0..<classes {
                        let s = r * classes + k
                        if slotFlow[s] < slotCap[s] {
                            let w = slotBase + s
                            relax(w, Swift.max(dv, dv + pv - potential[w]), from: v, arc: -1)
                        }
                    }
                } else {
                    relaxArcs(ofSlot: r, from: v, label: dv)
                }
                if zUsed[r] < rowHigh[r] - rowLow[r] {
                    relax(zNode, Swift.max(dv, dv + pv - potential[zNode]), from: v, arc: -1)
                }
            } else if v < colBase {
                let s = v - slotBase
                relaxArcs(ofSlot: s, from: v, label: dv)
                if slotFlow[s] > 0 {
                    let r = s / classes
                    relax(r, Swift.max(dv, dv + pv - potential[r]), from: v, arc: -1)
                }
            } else if v < zNode {
                let c = v - colBase
                if colCount[c] < colHigh[c] {
                    relax(tNode, Swift.max(dv, dv + pv - potential[tNode]), from: v, arc: -1)
                }
                for k in colStart[c]..<(colStart[c] + colCount[c]) {
                    let a = Int(colArcs[k])
                    let w = layered ? slotBase + Int(arcSlot[a]) : Int(arcSlot[a])
                    relax(w, Swift.max(dv, dv + arcProfit[a] + pv - potential[w]), from: v, arc: a)
                }
            } else {
                // Z: on to the sink, or back to a row that left a unit out.
                relax(tNode, Swift.max(dv, dv + pv - potential[tNode]), from: v, arc: -1)
                for r32 in rowsWithZ where zUsed[Int(r32)] > 0 {
                    let r = Int(r32)
                    relax(r, Swift.max(dv, dv + pv - potential[r]), from: v, arc: -1)
                }
            }
        }
        guard reached else { reset(); return false }
        let d = dist[tNode]
        for v32 in popped {
            let v = Int(v32)
            if dist[v] < d { potential[v] += dist[v] - d }
        }
        // Every further optional unit of the source follows a direct path to Z at no extra cost.
        var units = 1
        if predNode[tNode] == Int32(zNode) && predNode[zNode] == Int32(source) {
            units = Swift.max(1, Swift.min(rowHigh[source] - rowLow[source] - zUsed[source],
                                           rowHigh[source] - zUsed[source] - rowReal[source]))
        }
        augment(source: source, units: units)
        reset()
        return true
    }

    mutating func augment(source: Int, units: Int) {
        var v = Int(predNode[tNode])
        while true {
            let p = Int(predNode[v]), a = Int(predArc[v])
            if v >= colBase && v < zNode {
                use(a)                          // reached through arc a from its slot or row
            } else if v == zNode {
                zUsed[p] += units               // reached from row p, which leaves a unit out
                if !inRowsWithZ[p] { inRowsWithZ[p] = true; rowsWithZ.append(Int32(p)) }
            } else if v >= slotBase {
                if a >= 0 { unuse(a) }          // reached back from a column it gives up
            } else {
                if v == source { return }
                if p == zNode { zUsed[v] -= 1 } else if a >= 0 { unuse(a) }
            }
            v = p
        }
    }

    @inline(__always)
    func rowOf(arc a: Int) -> Int { layered ? Int(arcSlot[a]) / classes : Int(arcSlot[a]) }

    mutating func use(_ a: Int) {
        let c = Int(arcCol[a])
        arcUsed[a] = true
        colArcs[colStart[c] + colCount[c]] = Int32(a)
        colCount[c] += 1
        if layered { slotFlow[Int(arcSlot[a])] += 1 }
        rowReal[rowOf(arc: a)] += 1
    }

    mutating func unuse(_ a: Int) {
        let c = Int(arcCol[a])
        let s = colStart[c], e = s + colCount[c]
        for k in s..<e where Int(colArcs[k]) == a {
            colArcs[k] = colArcs[e - 1]
            colCount[c] -= 1
            arcUsed[a] = false
            if layered { slotFlow[Int(arcSlot[a])] -= 1 }
            rowReal[rowOf(arc: a)] -= 1
            return
        }
        preconditionFailure("unuse: arc \(a) is not matched")
    }

    mutating func reset() {
        for v32 in touched {
            let v = Int(v32)
            dist[v] = .infinity
            done[v] = false
        }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
    }

    /// The potential of the node a pair (row, class) leaves from when
    /// priced: `max(p_row, p_slot)` (the slot's dual is `max(0, p_slot − p_row)`).
    @inline(__always)
    func pricingBase(row r: Int, cls k: Int) -> Double {
        layered ? Swift.max(potential[r], potential[slotBase + r * classes + k]) : potential[r]
    }
}
