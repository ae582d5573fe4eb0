/// One shortest-path search: the loop shared by every mode, the direct
/// network's row scans, and the column and `Z` pops. The slot layer's nodes
/// are in `+Slots`, the groups and the searches from the sink in `+Groups`.
///
/// Each mode is a branch taken once per popped node, never inside the scans
/// (``relax(columns:base:shift:floor:from:runnerUp:)`` and
/// ``smallestLabel(in:)``), which are tight loops of their own.
extension _ShortestPathEngine {
    /// A node a search may end at, found when it is popped.
    struct Target {
        /// A column; -1 for `Z`; -2 - g for group g.
        var node: Int
        /// The extra cost of ending there: the label plus the target's potential.
        var value: Double
        /// The node's label.
        var label: Double
    }

    /// What one search knows besides the node labels: `Z`, the smallest
    /// label among the columns, the best targets popped, and the bounds that
    /// end the search early.
    struct SearchState {
        var zLabel = Double.infinity
        var zPred: Int32 = -1
        var zPopped = false
        /// The smallest label among columns not yet popped, and its column;
        /// recomputed by row scans, invalidated by column pops.
        var minCol = -1
        var minColLabel = Double.infinity
        var minValid = false
        var lastPopped = -Double.infinity
        /// The best target below its minimum (a column, or a group in the
        /// first phase), and the best other target.
        var bestUnder: Target? = nil
        var bestAny: Target? = nil
        /// Lower bounds on the extra cost of ending at a target below its
        /// minimum and at any target, for early termination.
        var boundUnder = Double.infinity
        var boundAll: Double
        /// How many targets below their minimum are not popped yet.
        var underLeft = 0

        init(boundAll: Double) { self.boundAll = boundAll }

        /// Records a popped target with room.
        @inline(__always)
        mutating func offer(_ node: Int, value: Double, label: Double, underMinimum: Bool) {
            if underMinimum {
                underLeft -= 1
                if bestUnder == nil || value < bestUnder!.value { bestUnder = Target(node: node, value: value, label: label) }
            } else if bestAny == nil || value < bestAny!.value {
                bestAny = Target(node: node, value: value, label: label)
            }
        }

        /// Whether no unexplored node, the next labelled `next`, can lead to
        /// a better target than the best one popped: then that target.
        /// (Only a negative bound may extend the search: every node labelled
        /// below the chosen value must be popped before the potential update.)
        @inline(__always)
        func settled(next: Double) -> Target? {
            if let b = bestUnder {
                if next + Swift.min(0, boundUnder) >= b.value { return b }
            } else if underLeft == 0, let b = bestAny {
                if next + Swift.min(0, boundAll) >= b.value { return b }
            }
            return nil
        }
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
        var state = grouped ? groupTargets() : columnTargets()
        if layered { resetClassMinima() }
        if !fromSink && rowReal[source] == 0 && zUsed[source] == 0 { raisePotential(of: source) }
        poppedRows.removeAll(keepingCapacity: true)
        poppedCols.removeAll(keepingCapacity: true)
        poppedColLabel.removeAll(keepingCapacity: true)
        poppedSlots.removeAll(keepingCapacity: true)
        poppedGroups.removeAll(keepingCapacity: true)
        rowHeap.removeAll()
        if let deficit {
            startFromSink(toGroup: deficit, &state)
        } else {
            rowLabel[source] = 0
            rowPred[source] = -2
            rowSeen[source] = true
            rowHeap.push(source, 0)
        }
        let found = usesCandidates && !fromSink ? exploreCandidates(&state) : explore(&state, toGroup: deficit)
        guard let target = found else {
            cleanUp()
            return nil
        }
        // The update uses the sink's label (the chosen value), so the arcs into
        // the sink keep non-negative reduced costs and later searches can stop
        // as soon as the next label reaches the best value — but never less
        // than the target's own label, so that every arc of the path ends tight.
        let D = fromSink ? target.label : Swift.max(target.value, target.label)
        settlePotentials(D, state)
        if fromSink { shiftPotentials(by: D) }

        // Bulk: a unit that goes straight from the source to Z is followed by
        // every further optional unit of that row at zero cost.
        var units = 1
        if !fromSink && target.node < 0 && state.zPred == Int32(source) {
            let free = (rowHigh[source] - rowLow[source]) - zUsed[source]
            let remaining = rowHigh[source] - zUsed[source] - rowReal[source]
            units = Swift.max(1, Swift.min(free, remaining))
        }
        augment(source: source, target: target.node, zPred: state.zPred, units: units)
        cleanUp()
        return units
    }

    /// The search loop: pops the node of smallest label — a row, slot or
    /// group from the heap, the column of smallest label, or `Z` — until the
    /// best target popped cannot be beaten; `nil` when every reachable node
    /// is popped and none is a target.
    mutating func explore(_ s: inout SearchState, toGroup deficit: Int?) -> Target? {
        while true {
            // After a column pop every remaining column label is at least that
            // column's, so a row at or below it goes next without a rescan.
            if layered {
                if rowHeap.topKey.map({ $0 <= s.lastPopped }) ?? false {
                    // Typically the slot the column was matched through, whose
                    // scan recomputes that class.
                    s.minValid = false
                } else {
                    classMinimum(&s)
                }
            } else if !s.minValid && !(rowHeap.topKey.map { $0 <= s.lastPopped } ?? false) {
                columnMinimum(&s)
            }
            let heapTop = rowHeap.topKey ?? .infinity
            let zNext = s.zPopped ? Double.infinity : s.zLabel
            let next = Swift.min(heapTop, Swift.min(s.minColLabel, zNext))
            if let target = s.settled(next: next) { return target }
            if next == .infinity { return s.bestUnder ?? s.bestAny }
            if heapTop <= zNext && (heapTop <= s.minColLabel || (!s.minValid && heapTop <= s.lastPopped)) {
                let (node, label) = rowHeap.pop()
                if node >= groupBase {
                    if let target = popGroup(node - groupBase, label: label, toGroup: deficit, &s) { return target }
                } else if node >= rows {
                    popSlot(node - rows, label: label)
                } else if layered {
                    popLayeredRow(node, label: label, &s)
                } else {
                    popRow(node, label: label, &s)
                }
            } else if s.minColLabel <= zNext {
                // Pop the column of smallest label: a target (or an arc to its
                // group), then back along its matched pairs.
                let (c, dc) = popColumn(&s)
                if grouped { relaxGroup(of: c, label: dc) } else { offerColumn(c, label: dc, &s) }
                if layered { relaxSlots(matchedTo: c, label: dc) } else { relaxRows(matchedTo: c, label: dc) }
            } else {
                popZ(&s, fromSink: deficit != nil)
            }
        }
    }

    /// The search state when columns are the targets (no groups): the
    /// bounds over the columns with room.
    @inline(__always)
    func columnTargets() -> SearchState {
        var s = SearchState(boundAll: exactDemands ? 0 : zPotential)
        for c in 0..<cols where colCount[c] < colHigh[c] {
            let tp = exactDemands ? 0 : (colCount[c] == 0 ? colFirstCost[c] : 0) + colPotential[c]
            s.boundAll = Swift.min(s.boundAll, tp)
            if colCount[c] < colLow[c] {
                s.boundUnder = Swift.min(s.boundUnder, tp)
                s.underLeft += 1
            }
        }
        return s
    }

    /// The smallest label among the columns not yet popped, by a scan of
    /// every column (the direct network).
    @inline(__always)
    mutating func columnMinimum(_ s: inout SearchState) {
        (s.minCol, s.minColLabel) = smallestLabel(in: 0..<cols)
        s.minValid = true
    }

    /// The smallest label among `columns` and its column, ties going to a
    /// column with room; (-1, +∞) when every one is popped (NaN). The scan
    /// is a function of its own so that its loop keeps both in registers.
    func smallestLabel(in columns: Range<Int>) -> (Int, Double) {
        colLabel.withUnsafeBufferPointer { label in
            colRoom.withUnsafeBufferPointer { room in
                var bestC = -1
                var bestL = Double.infinity
                for c in columns {
                    let l = label[c]
                    if l < bestL || (l == bestL && bestC >= 0 && room[c] && !room[bestC]) {
                        bestL = l; bestC = c
                    }
                }
                return (bestC, bestL)
            }
        }
    }

    /// Pops row `r` of the direct network: relaxes its arcs to every column
    /// not yet popped (finding the new minimum in the same pass), and to `Z`.
    @inline(__always)
    mutating func popRow(_ r: Int, label dr: Double, _ s: inout SearchState) {
        poppedRows.append(Int32(r))
        let pr = rowPotential[r]
        let (bestC, bestL) = relax(columns: 0..<cols, base: r &* cols, shift: dr + pr, floor: dr, from: Int32(r))
        s.minCol = bestC
        s.minColLabel = bestL
        s.minValid = true
        relaxZ(from: r, label: dr, potential: pr, &s)
    }

    /// Relaxes the arc from row `r` to `Z`, if `Z` has room for the row.
    @inline(__always)
    func relaxZ(from r: Int, label dr: Double, potential pr: Double, _ s: inout SearchState) {
        if !s.zPopped && zRoom(r) {
            // Never below the row's own label (a reduced cost a rounding error
            // left negative must not pop Z before nodes already popped).
            let cand = Swift.max(dr, dr + pr - zPotential)
            if cand < s.zLabel { s.zLabel = cand; s.zPred = Int32(r) }
        }
    }

    /// Pops the column of smallest label, and returns it with its label.
    /// (The helpers the loop then calls are kept apart: the optimiser inlines
    /// `@inline(__always)` functions only while they stay small.)
    @inline(__always)
    mutating func popColumn(_ s: inout SearchState) -> (Int, Double) {
        let c = s.minCol
        if layered { popClassMinimum(c) }
        let dc = s.minColLabel
        poppedCols.append(Int32(c))
        poppedColLabel.append(dc)
        colLabel[c] = .nan
        s.lastPopped = dc
        s.minValid = false
        return (c, dc)
    }

    /// Offers popped column `c` as a target if it has room (without groups).
    @inline(__always)
    func offerColumn(_ c: Int, label dc: Double, _ s: inout SearchState) {
        guard colCount[c] < colHigh[c] else { return }
        let value = exactDemands ? dc : dc + (colCount[c] == 0 ? colFirstCost[c] : 0) + colPotential[c]
        s.offer(c, value: value, label: dc, underMinimum: colCount[c] < colLow[c])
    }

    /// Relaxes the residual arcs from popped column `c` back to the rows
    /// matched to it (the direct network).
    @inline(__always)
    mutating func relaxRows(matchedTo c: Int, label dc: Double) {
        let pc = colPotential[c]
        for k in colStart[c]..<(colStart[c] + colCount[c]) {
            let r = Int(colRows[k])
            let cand = Swift.max(dc, dc + colProfit[k] + pc - rowPotential[r])
            if rowSeen[r] && rowLabel[r] <= cand { continue }
            rowSeen[r] = true
            rowLabel[r] = cand
            rowPred[r] = Int32(c)
            rowHeap.pushOrDecrease(r, cand)
        }
    }

    /// Pops `Z`: a target with unlimited room (except from the sink); then
    /// back to the rows that sent units to it.
    @inline(__always)
    mutating func popZ(_ s: inout SearchState, fromSink: Bool) {
        s.zPopped = true
        let zLabel = s.zLabel
        if !fromSink { s.offer(-1, value: zLabel + zPotential, label: zLabel, underMinimum: false) }
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

    /// Lowers the potential of every node popped below `D` by the difference,
    /// which keeps every residual arc's reduced cost non-negative and makes
    /// the path found tight.
    mutating func settlePotentials(_ D: Double, _ s: SearchState) {
        for r in poppedRows where rowLabel[Int(r)] < D { rowPotential[Int(r)] += rowLabel[Int(r)] - D }
        for (c, label) in zip(poppedCols, poppedColLabel) where label < D { colPotential[Int(c)] += label - D }
        if s.zPopped && s.zLabel < D { zPotential += s.zLabel - D }
        for slot in poppedSlots where slotLabel[Int(slot)] < D { slotPotential[Int(slot)] += slotLabel[Int(slot)] - D }
        for g in poppedGroups where groupLabel[Int(g)] < D { groupPotential[Int(g)] += groupLabel[Int(g)] - D }
    }

    /// Relaxes the arcs from a row or slot (labelled so that `shift` is its
    /// label plus its potential) to the columns in `columns`, whose profits
    /// start at `base`, and returns the smallest label among them and its
    /// column, in one sequential pass. Popped columns hold NaN, which neither
    /// relaxes nor wins; ties go to a column with room, where a search can end.
    /// With `runnerUp`, it also returns the next column in that order
    /// (-1 when there is none) and its label. No label is set below `floor`,
    /// the scanned node's own label: a reduced cost that rounding left just
    /// below zero must not label a column below a node already popped.
    @inline(__always)
    mutating func relax(columns: Range<Int>, base: Int, shift: Double, floor: Double, from node: Int32) -> (Int, Double) {
        let (c, l, _, _) = relax(columns: columns, base: base, shift: shift, floor: floor, from: node, runnerUp: false)
        return (c, l)
    }

    @inline(__always)
    mutating func relax(columns: Range<Int>, base: Int, shift: Double, floor: Double, from node: Int32, runnerUp: Bool) -> (Int, Double, Int, Double) {
        relaxWork &+= columns.count
        // The running minimum is local to the innermost closure, which returns it.
        return profit.withUnsafeBufferPointer { P in
            colPotential.withUnsafeBufferPointer { pc in
                colLabel.withUnsafeMutableBufferPointer { label in
                    colPred.withUnsafeMutableBufferPointer { pred in
                        colRoom.withUnsafeBufferPointer { room in
                            var bestC = -1, nextC = -1
                            var bestL = Double.infinity, nextL = Double.infinity
                            for c in columns {
                                let cand = Swift.max(floor, shift - P[base &+ c] - pc[c])
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

    /// Resets the labels of every node the search reached, for the next search.
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
        candidateHeap.removeAll()
    }
}
