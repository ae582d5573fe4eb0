/// The slot layer of a search (a `maxPerMentor` rule or composition caps):
/// rows reach the columns of class k through their slot `r·K + k`. Each
/// class keeps the smallest label among its columns, so the column minimum
/// is a scan over the classes rather than the columns.
extension _ShortestPathEngine {
    /// Forgets every class minimum before a search (no column is labelled).
    @inline(__always)
    mutating func resetClassMinima() {
        for k in 0..<classes { classMinLabel[k] = .infinity; classMinCol[k] = -1; classMinValid[k] = true; classNextCol[k] = -1 }
    }

    /// The smallest label over the classes; a class whose minimum was popped
    /// is rescanned (only its own columns).
    @inline(__always)
    mutating func classMinimum(_ s: inout SearchState) {
        var minCol = -1
        var minColLabel = Double.infinity
        for k in 0..<classes {
            if !classMinValid[k] { rescanClass(k) }
            let l = classMinLabel[k]
            if l < minColLabel || (l == minColLabel && minCol >= 0 && colRoom[classMinCol[k]] && !colRoom[minCol]) {
                minColLabel = l; minCol = classMinCol[k]
            }
        }
        s.minCol = minCol
        s.minColLabel = minColLabel
        s.minValid = true
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

    /// Pops a row of the layered network: relaxes its slots with room, and `Z`.
    @inline(__always)
    mutating func popLayeredRow(_ r: Int, label dr: Double, _ s: inout SearchState) {
        poppedRows.append(Int32(r))
        let pr = rowPotential[r]
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
        relaxZ(from: r, label: dr, potential: pr, &s)
    }

    /// Pops a slot: relaxes its arcs to the columns of its class (recomputing
    /// the class's minimum in the same pass), and back to its row when the
    /// slot carries units.
    @inline(__always)
    mutating func popSlot(_ slot: Int, label dn: Double) {
        let r = slot / classes, k = slot % classes
        poppedSlots.append(Int32(slot))
        let ps = slotPotential[slot]
        let (bestC, bestL, nextC, nextL) = relax(columns: classStart[k]..<classStart[k + 1], base: r &* cols, shift: dn + ps,
                                                 floor: dn, from: Int32(slot), runnerUp: true)
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
    }

    /// Column `c`, its class's minimum, is popped: the runner-up, when
    /// known, takes its place; otherwise the class is rescanned when next needed.
    @inline(__always)
    mutating func popClassMinimum(_ c: Int) {
        let k = Int(colClass[c])
        if classNextCol[k] >= 0 && classMinCol[k] == c {
            classMinCol[k] = classNextCol[k]
            classMinLabel[k] = classNextLabel[k]
            classNextCol[k] = -1
        } else {
            classMinValid[k] = false
        }
    }

    /// Relaxes the residual arcs from popped column `c` back to the slots of
    /// the rows matched to it.
    @inline(__always)
    mutating func relaxSlots(matchedTo c: Int, label dc: Double) {
        let pc = colPotential[c]
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
    }
}
