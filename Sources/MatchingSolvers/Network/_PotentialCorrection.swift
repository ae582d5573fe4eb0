/// Label correcting on the residual network of an engine's flow, cancelling
/// the negative cycles it meets (see ``_ShortestPathEngine/resume(from:work:shouldStop:)``).
///
/// Nodes: the rows, the slots, the columns, the groups, `Z` and the sink, in
/// that order. Every residual arc `v → w` of cost `k` must end with
/// `p(w) ≤ p(v) + k` (a non-negative reduced cost); a node whose potential
/// drops waits to be scanned, and its arcs out are checked when it is. The
/// node that has fallen furthest below its starting potential is scanned
/// first (label correcting with a priority queue: Dijkstra's order on the
/// starting reduced costs, which only the arcs the new profits broke make
/// negative). It settles every solve's potentials at its end too
/// (``_ShortestPathEngine/finishPotentials()``). Potentials only fall, so without a negative cycle the correction
/// ends at the largest potentials at or below the starting ones.
///
/// The predecessors form a tree kept by Tarjan's subtree disassembly
/// (Tarjan 1981; Cherkassky and Goldberg 1999, "Negative-cycle detection
/// algorithms"): when a node is lowered, its subtree leaves the tree (those
/// potentials are stale, and are not scanned until lowered again), and if the
/// node that lowered it was in that subtree, the tree path and the arc close
/// a negative cycle. The cycle is cancelled at once instead — one unit sent
/// around it (Klein's cycle cancelling; Ahuja, Magnanti and Orlin 1993, §9.6),
/// which the new profits make strictly better — the node keeps its potential,
/// the tree path is hung the other way round, and the correction goes on.
///
/// - Complexity: O(R·C) arc scans per pass over the pairs, and O(log N) per
///   change of a node's place among the waiting (N nodes); the caller bounds
///   the scans (``_ShortestPathEngine/resume(from:work:shouldStop:)``). On the
///   generated 500 × 1,500 cohort a step of 0.1 in a weight takes 2.4 passes
///   on average (4.3 in first-in first-out order; measured over 97 steps).
struct _PotentialCorrection {
    let rows: Int, slots: Int, cols: Int, groups: Int
    var zNode: Int { rows + slots + cols + groups }
    var sinkNode: Int { zNode + 1 }
    /// The shortest-path tree: each node's predecessor (-1 for a root), its
    /// children as a doubly linked list, and whether it is in the tree (a
    /// node taken out with a subtree waits, unscanned, to be lowered again).
    var parent: [Int32]
    var firstChild: [Int32]
    var nextSibling: [Int32]
    var previousSibling: [Int32]
    var active: [Bool]
    /// Set when a cycle was cancelled during the current scan: the flow
    /// changed, so the scan stops.
    var flowChanged = false
    /// The nodes waiting to be scanned, the one that has fallen furthest
    /// below its starting potential first (``key(_:_:)``), ties by number.
    /// Every node waits at the start, at key 0: those not lowered since are
    /// not in the heap but taken in number order from ``unlowered`` (the same
    /// order, without a heap operation each: most nodes of a step are never lowered).
    var waiting: _MinHeap
    /// Whether a node still waits at its starting potential (key 0), outside the heap.
    var atStart: [Bool]
    /// The first node that may still wait at its starting potential.
    var unlowered = 0
    /// Each node's potential when the correction started.
    let start: [Double]
    /// Per column, the value below which a candidate lowers its potential
    /// (``threshold(_:)`` of it), kept with every change the correction
    /// makes, so that a row's scan compares each arc once, eight at a time.
    var colThreshold: [Double]
    /// Arc scans so far (the work budget's measure).
    var scanned = 0
    /// Scratch: the columns one scan lowered, their potentials before it,
    /// and a subtree's nodes.
    var hits: [Int32] = []
    var hitPrevious: [Double] = []
    var subtree: [Int32] = []
    /// Cycles cancelled so far.
    var cancelled = 0

    init(_ e: _ShortestPathEngine) {
        rows = e.rows
        slots = e.slotFlow.count
        cols = e.cols
        groups = e.groupLow.count
        let n = rows + slots + cols + groups + 2
        parent = [Int32](repeating: -1, count: n)
        firstChild = [Int32](repeating: -1, count: n)
        nextSibling = [Int32](repeating: -1, count: n)
        previousSibling = [Int32](repeating: -1, count: n)
        active = [Bool](repeating: true, count: n)
        waiting = _MinHeap(capacity: n)
        atStart = [Bool](repeating: true, count: n)
        start = e.rowPotential + e.slotPotential + e.colPotential + e.groupPotential + [e.zPotential, e.sinkPotential]
        colThreshold = e.colPotential.map(Self.threshold)
    }

    /// The value a candidate must be below to lower a potential `value`
    /// beyond rounding (``lower(_:_:)``'s test, with the same arithmetic).
    @inline(__always)
    static func threshold(_ value: Double) -> Double { value - 1e-9 * Swift.max(1, abs(value)) }

    /// Sets node `v`'s potential in `e`.
    mutating func setPotential(_ v: Int, _ value: Double, _ e: inout _ShortestPathEngine) {
        let colBase = rows + slots, groupBase = colBase + cols
        if v < rows { e.rowPotential[v] = value }
        else if v < colBase { e.slotPotential[v - rows] = value }
        else if v < groupBase { e.colPotential[v - colBase] = value; colThreshold[v - colBase] = Self.threshold(value) }
        else if v < zNode { e.groupPotential[v - groupBase] = value }
        else if v == zNode { e.zPotential = value }
        else { e.sinkPotential = value }
    }

    /// A node's potential in `e`.
    @inline(__always)
    func potential(_ v: Int, _ e: _ShortestPathEngine) -> Double {
        let colBase = rows + slots, groupBase = colBase + cols
        if v < rows { return e.rowPotential[v] }
        if v < colBase { return e.slotPotential[v - rows] }
        if v < groupBase { return e.colPotential[v - colBase] }
        if v < zNode { return e.groupPotential[v - groupBase] }
        return v == zNode ? e.zPotential : e.sinkPotential
    }

    /// How far node `v` has fallen below its starting potential (≤ 0): the
    /// order of the scans. Scanning the node that fell furthest first is
    /// Dijkstra's order on the reduced costs from the start, in which a node
    /// is scanned again only when an arc the new profits broke lowers it
    /// further (label correcting with a priority queue); in first-in
    /// first-out order a node fell in many small steps, each followed by a
    /// scan of its arcs.
    @inline(__always)
    func key(_ v: Int, _ e: _ShortestPathEngine) -> Double { potential(v, e) - start[v] }

    /// Runs the correction to its end; `false` past `work` arc scans, or
    /// when `shouldStop` (polled every 65,536 scans) says so.
    mutating func run(_ e: inout _ShortestPathEngine, work: Int, shouldStop: () -> Bool) -> Bool {
        var nextPoll = 1 << 16
        // Every node starts waiting (``atStart``): the new profits may break any pair arc.
        while true {
            while unlowered < atStart.count && !atStart[unlowered] { unlowered += 1 }
            if waiting.isEmpty && unlowered == atStart.count {
                // Every node taken out of the tree is lowered again before none waits;
                // should one not be, it is scanned all the same.
                for u in active.indices where !active[u] { active[u] = true; push(u, e) }
                if waiting.isEmpty { break }
            }
            // The heap's first node, or the first still at its start (key 0), whichever comes
            // first by key, then number.
            let v: Int
            if let top = waiting.top, unlowered == atStart.count || top.key < 0 || top.item < unlowered {
                v = waiting.pop().0
            } else {
                v = unlowered
                atStart[v] = false
            }
            guard active[v] else { continue }   // lowered again later, and scanned then
            flowChanged = false
            scan(v, &e)
            if scanned > work { return false }
            if scanned >= nextPoll {
                if shouldStop() { return false }
                nextPoll = scanned + (1 << 16)
            }
        }
        assert(e.colPotential.indices.allSatisfy { colThreshold[$0].bitPattern == Self.threshold(e.colPotential[$0]).bitPattern },
               "a column's threshold fell out of step with its potential")
        return true
    }

    /// Puts `v` among the waiting nodes at its current key (or moves it up).
    @inline(__always)
    mutating func push(_ v: Int, _ e: _ShortestPathEngine) {
        atStart[v] = false
        waiting.pushOrDecrease(v, key(v, e))
    }

    /// Lowers `value` (a node's potential) to `candidate` when that is lower
    /// beyond rounding (and no cancellation cut the current scan short),
    /// returning the value it had; the caller then hangs the node under the
    /// scanned one (``adopt(_:from:previous:_:)``).
    @inline(__always)
    func lower(_ value: inout Double, _ candidate: Double) -> Double? {
        guard !flowChanged, candidate < Self.threshold(value) else { return nil }
        defer { value = candidate }
        return value
    }

    /// ``lower(_:_:)`` for column `c`'s potential, its threshold kept.
    @inline(__always)
    mutating func lowerColumn(_ c: Int, _ candidate: Double, _ e: inout _ShortestPathEngine) -> Double? {
        guard let was = lower(&e.colPotential[c], candidate) else { return nil }
        colThreshold[c] = Self.threshold(candidate)
        return was
    }

    /// Node `w` was just lowered from `previous` through the arc from `v`
    /// (Tarjan's subtree disassembly): if `w` is an ancestor of `v`, the tree
    /// path from `w` to `v` and that arc close a negative cycle, which is
    /// cancelled, `w` back at `previous`; else `w`'s subtree leaves the tree
    /// (its potentials are stale until `w`'s new value reaches them) and `w`
    /// hangs under `v`.
    mutating func adopt(_ w: Int, from v: Int, previous: Double, _ e: inout _ShortestPathEngine) {
        guard !flowChanged else {
            // Lowered by a scan the cancellation cut short: no tree arc leads into it untight,
            // and it is scanned again. (Its children keep their arcs from it, which are not
            // tight until that scan lowers them: a cycle closed through them is still
            // negative, and ``cancel(_:_:)`` checks every cycle's cost all the same.)
            active[w] = true
            detach(w)
            push(w, e)
            return
        }
        // w's subtree, in one traversal: v in it closes a cycle; else it leaves the tree.
        if collectSubtree(of: w, lookingFor: v) {
            var path = [Int]()
            var u = v
            while u != w { path.append(u); u = Int(parent[u]) }
            // The cycle is cancelled instead of lowering `w`: at its old value every arc of the
            // tree path is tight, so after the unit goes round every arc of the reversed cycle
            // has a non-negative reduced cost, and the tree below `w` stands.
            let value = potential(w, e)
            setPotential(w, previous, &e)
            if !cancel([w] + path.reversed(), &e) {   // w … v, each the predecessor of the next
                setPotential(w, value, &e)
                forget(e)
            }
            return
        }
        takeOutCollected(below: w)
        detach(w)
        hang(w, under: v)
        active[w] = true
        push(w, e)
    }

    /// Makes `w` (a root) the first child of `v`.
    mutating func hang(_ w: Int, under v: Int) {
        parent[w] = Int32(v)
        nextSibling[w] = firstChild[v]
        previousSibling[w] = -1
        if firstChild[v] >= 0 { previousSibling[Int(firstChild[v])] = Int32(w) }
        firstChild[v] = Int32(w)
    }

    /// Gathers `w`'s descendants into ``subtree`` (breadth first), stopping
    /// early with `true` when `target` is among them.
    mutating func collectSubtree(of w: Int, lookingFor target: Int) -> Bool {
        subtree.removeAll(keepingCapacity: true)
        var child = firstChild[w]
        while child >= 0 { subtree.append(child); child = nextSibling[Int(child)] }
        var k = 0
        while k < subtree.count {
            let x = Int(subtree[k])
            k += 1
            if x == target { return true }
            var c = firstChild[x]
            while c >= 0 { subtree.append(c); c = nextSibling[Int(c)] }
        }
        return false
    }

    /// Takes `w`'s subtree, as ``collectSubtree(of:lookingFor:)`` gathered
    /// it, out of the tree: its descendants wait, unscanned, to be lowered
    /// again (or are scanned when none waits).
    mutating func takeOutCollected(below w: Int) {
        for x32 in subtree {
            let x = Int(x32)
            active[x] = false
            parent[x] = -1
            firstChild[x] = -1
            nextSibling[x] = -1
            previousSibling[x] = -1
        }
        firstChild[w] = -1
    }

    /// Takes `w` out of its parent's list of children.
    mutating func detach(_ w: Int) {
        let p = Int(parent[w])
        guard p >= 0 else { return }
        let before = previousSibling[w], after = nextSibling[w]
        if before >= 0 { nextSibling[Int(before)] = after } else { firstChild[p] = after }
        if after >= 0 { previousSibling[Int(after)] = before }
        previousSibling[w] = -1
        nextSibling[w] = -1
        parent[w] = -1
    }

    /// Checks node `v`'s residual arcs out, lowering their heads (each then
    /// hangs under `v`, or closes a cycle that is cancelled).
    mutating func scan(_ v: Int, _ e: inout _ShortestPathEngine) {
        let colBase = rows + slots, groupBase = colBase + cols
        @inline(__always) func note(_ w: Int, _ previous: Double) { adopt(w, from: v, previous: previous, &e) }
        if v < rows {
            let r = v, pr = e.rowPotential[r]
            if e.layered {
                for k in 0..<e.classes {
                    let s = r &* e.classes &+ k
                    if e.slotFlow[s] < e.slotCap[s], let was = lower(&e.slotPotential[s], pr) { note(rows + s, was) }
                }
                scanned += e.classes
            } else {
                lowerColumns(0..<cols, of: r, by: pr, from: v, &e)
            }
            if e.zRoom(r), let was = lower(&e.zPotential, pr) { note(zNode, was) }
        } else if v < colBase {
            let s = v - rows, r = s / e.classes, k = s % e.classes
            let ps = e.slotPotential[s]
            lowerColumns(e.classStart[k]..<e.classStart[k + 1], of: r, by: ps, from: v, &e)
            if e.slotFlow[s] > 0, let was = lower(&e.rowPotential[r], ps) { note(r, was) }
        } else if v < groupBase {
            let c = v - colBase, pc = e.colPotential[c]
            for k in e.colStart[c]..<(e.colStart[c] + e.colCount[c]) {
                let r = Int(e.colRows[k]), candidate = pc + e.colProfit[k]
                if e.layered {
                    let s = r &* e.classes &+ Int(e.colClass[c])
                    if let was = lower(&e.slotPotential[s], candidate) { note(rows + s, was) }
                } else if let was = lower(&e.rowPotential[r], candidate) {
                    note(r, was)
                }
            }
            scanned += 1 + e.colCount[c]
            if e.colCount[c] < e.colHigh[c] {
                let candidate = pc + (e.colCount[c] == 0 ? e.colFirstCost[c] : 0)
                if e.grouped {
                    let g = Int(e.colGroup[c])
                    if let was = lower(&e.groupPotential[g], candidate) { note(groupBase + g, was) }
                } else if let was = lower(&e.sinkPotential, candidate) {
                    note(sinkNode, was)
                }
            }
        } else if v < zNode {
            let g = v - groupBase, pg = e.groupPotential[g]
            if e.groupCount[g] < e.groupHigh[g], let was = lower(&e.sinkPotential, pg) { note(sinkNode, was) }
            for c32 in e.groupColumns[g] {
                let c = Int(c32)
                guard e.colCount[c] > e.colLow[c] else { continue }
                if let was = lowerColumn(c, pg - (e.colCount[c] == 1 ? e.colFirstCost[c] : 0), &e) { note(colBase + c, was) }
            }
            scanned += e.groupColumns[g].count
        } else if v == zNode {
            let pz = e.zPotential
            if let was = lower(&e.sinkPotential, pz) { note(sinkNode, was) }
            for r32 in e.rowsWithZ where e.zUsed[Int(r32)] > 0 {
                let r = Int(r32)
                if let was = lower(&e.rowPotential[r], pz) { note(r, was) }
            }
            scanned += e.rowsWithZ.count
        } else {
            let pt = e.sinkPotential
            if e.grouped {
                for g in 0..<groups where e.groupCount[g] > e.groupLow[g] {
                    if let was = lower(&e.groupPotential[g], pt) { note(groupBase + g, was) }
                }
                scanned += groups
            } else {
                for c in 0..<cols where e.colCount[c] > e.colLow[c] {
                    if let was = lowerColumn(c, pt - (e.colCount[c] == 1 ? e.colFirstCost[c] : 0), &e) { note(colBase + c, was) }
                }
                scanned += cols
            }
            if e.rowsWithZ.contains(where: { e.zUsed[Int($0)] > 0 }), let was = lower(&e.zPotential, pt) { note(zNode, was) }
        }
    }

    /// The arcs from row `r` (or its slot, at potential `from`) into
    /// `columns`: each column above `from − P[r, c]` is lowered to it. The
    /// scan compares eight arcs at a time against the columns' thresholds
    /// (``colThreshold``: the same test as ``lower(_:_:)``); the lowered
    /// columns are booked after.
    mutating func lowerColumns(_ columns: Range<Int>, of r: Int, by from: Double, from v: Int, _ e: inout _ShortestPathEngine) {
        guard !flowChanged, !columns.isEmpty else { return }
        var hits = self.hits, hitPrevious = self.hitPrevious, thresholds = colThreshold
        self.hits = []
        self.hitPrevious = []
        colThreshold = []
        hits.removeAll(keepingCapacity: true)
        hitPrevious.removeAll(keepingCapacity: true)
        let base = r &* cols
        e.profit.withUnsafeBufferPointer { P in
            e.colPotential.withUnsafeMutableBufferPointer { pc in
                thresholds.withUnsafeMutableBufferPointer { th in
                    // A lowered column: its candidate (+infinity for no arc, never below) and threshold.
                    @inline(__always) func book(_ c: Int) {
                        let candidate = from - P[base &+ c]
                        hits.append(Int32(c))
                        hitPrevious.append(pc[c])
                        pc[c] = candidate
                        th[c] = Self.threshold(candidate)
                    }
                    let profits = UnsafeRawPointer(P.baseAddress! + base), limits = UnsafeRawPointer(th.baseAddress!)
                    let level = SIMD8<Double>(repeating: from)
                    var c = columns.lowerBound
                    while c &+ 8 <= columns.upperBound {
                        let lowered = (level - profits.loadUnaligned(fromByteOffset: c &* 8, as: SIMD8<Double>.self))
                            .< limits.loadUnaligned(fromByteOffset: c &* 8, as: SIMD8<Double>.self)
                        if any(lowered) {
                            for k in 0..<8 where lowered[k] { book(c &+ k) }
                        }
                        c &+= 8
                    }
                    while c < columns.upperBound {
                        if from - P[base &+ c] < th[c] { book(c) }
                        c &+= 1
                    }
                }
            }
        }
        colThreshold = thresholds
        self.hits = hits
        self.hitPrevious = hitPrevious
        scanned += columns.count
        let colBase = rows + slots
        for (c32, previous) in zip(hits, hitPrevious) { adopt(colBase + Int(c32), from: v, previous: previous, &e) }
    }

    /// Sends one unit around `cycle` (each node the predecessor of the next,
    /// the last the predecessor of the first): the pair and `Z` arcs on it
    /// change; loads and group counts follow. Its nodes wait to be scanned again.
    mutating func cancel(_ cycle: [Int], _ e: inout _ShortestPathEngine) -> Bool {
        let colBase = rows + slots, groupBase = colBase + cols
        var adds = [(Int, Int)](), removes = [(Int, Int)]()
        var zAdds = [Int](), zRemoves = [Int]()
        var cost = 0.0
        func matchedProfit(_ r: Int, _ c: Int) -> Double? {
            (e.colStart[c]..<(e.colStart[c] + e.colCount[c])).first { Int(e.colRows[$0]) == r }.map { e.colProfit[$0] }
        }
        for (i, w) in cycle.enumerated() {
            let v = cycle[(i + cycle.count - 1) % cycle.count]
            func row(_ node: Int) -> Int? { node < rows ? node : nil }
            func slotRow(_ node: Int) -> Int? { node >= rows && node < colBase ? (node - rows) / e.classes : nil }
            func col(_ node: Int) -> Int? { node >= colBase && node < groupBase ? node - colBase : nil }
            func beyond(_ node: Int) -> Bool { node >= groupBase && node != zNode }   // a group, or the sink
            if let c = col(w), let r = row(v) ?? slotRow(v) {
                adds.append((r, c))
                cost -= e.profit[r &* cols &+ c]
            } else if let c = col(v), let r = row(w) ?? slotRow(w) {
                removes.append((r, c))
                cost += matchedProfit(r, c) ?? .infinity
            } else if let c = col(v), beyond(w) {
                cost += e.colCount[c] == 0 ? e.colFirstCost[c] : 0
            } else if let c = col(w), beyond(v) {
                cost -= e.colCount[c] == 1 ? e.colFirstCost[c] : 0
            } else if w == zNode, let r = row(v) {
                zAdds.append(r)
            } else if v == zNode, let r = row(w) {
                zRemoves.append(r)
            }
        }
        // Every arc of the tree path exists and is tight, so the cycle is
        // negative; checked all the same, with the room each change needs.
        var columnChange = [Int: Int](), slotChange = [Int: Int](), zChange = [Int: Int]()
        for (r, c) in removes { columnChange[c, default: 0] -= 1; if e.layered { slotChange[r &* e.classes &+ Int(e.colClass[c]), default: 0] -= 1 } }
        for (r, c) in adds { columnChange[c, default: 0] += 1; if e.layered { slotChange[r &* e.classes &+ Int(e.colClass[c]), default: 0] += 1 } }
        for r in zRemoves { zChange[r, default: 0] -= 1 }
        for r in zAdds { zChange[r, default: 0] += 1 }
        guard cost < -1e-9 * Swift.max(1, abs(cost)), cost.isFinite,
              removes.allSatisfy({ matchedProfit($0.0, $0.1) != nil }), adds.allSatisfy({ e.profit[$0.0 &* cols &+ $0.1] > -.infinity }),
              columnChange.allSatisfy({ e.colCount[$0.key] + $0.value <= e.colHigh[$0.key] }),
              slotChange.allSatisfy({ e.slotFlow[$0.key] + $0.value <= e.slotCap[$0.key] }),
              zChange.allSatisfy({ e.zUsed[$0.key] + $0.value >= 0 && e.zUsed[$0.key] + $0.value <= e.rowHigh[$0.key] - e.rowLow[$0.key] }) else {
            return false
        }
        cancelled += 1
        for (r, c) in removes { e.removeMatch(r, c) }
        for r in zRemoves { e.zUsed[r] -= 1 }
        for (r, c) in adds { e.addMatch(r, c) }
        for r in zAdds {
            e.zUsed[r] += 1
            if !e.inRowsWithZ[r] { e.inRowsWithZ[r] = true; e.rowsWithZ.append(Int32(r)) }
        }
        // Only arcs on the cycle appeared or vanished (its arcs' reverses,
        // and the arcs its units' counts open or close at its nodes). The
        // tree path, tight, is hung the other way round — each node under
        // the one after it, the last a root — and the rest of the tree
        // stands; the cycle's nodes are scanned again for the arcs that opened.
        flowChanged = true
        detach(cycle[0])
        for v in cycle.dropFirst() { detach(v) }
        for (child, above) in zip(cycle, cycle.dropFirst()) { hang(child, under: above) }
        for v in cycle {
            active[v] = true
            push(v, e)
        }
        return true
    }

    /// Clears the tree and puts every node back among the waiting: a closed path that did
    /// not check out as a negative cycle (it never should) leaves no trace,
    /// and the scan it cut short is made again.
    mutating func forget(_ e: _ShortestPathEngine) {
        flowChanged = true
        for v in parent.indices {
            active[v] = true
            push(v, e)
            parent[v] = -1
            firstChild[v] = -1
            nextSibling[v] = -1
            previousSibling[v] = -1
        }
    }
}
