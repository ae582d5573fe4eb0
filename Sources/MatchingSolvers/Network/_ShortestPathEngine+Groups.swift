/// The groups of a search (`quota` rules): columns reach the sink through
/// their group, and groups are the targets. In the second phase of
/// ``run(shouldStop:progress:)`` a search starts at the sink and ends at
/// the group that is short of its minimum.
extension _ShortestPathEngine {
    /// A group's minimum as the current phase sees it.
    @inline(__always)
    func activeGroupLow(_ g: Int) -> Int { deferGroupMinimums ? 0 : groupLow[g] }

    /// The search state when groups are the targets: the bounds over the
    /// groups with room.
    @inline(__always)
    func groupTargets() -> SearchState {
        var s = SearchState(boundAll: exactDemands ? 0 : zPotential)
        for g in 0..<groupLow.count where groupCount[g] < groupHigh[g] {
            let tp = groupPotential[g]
            s.boundAll = Swift.min(s.boundAll, tp)
            if groupCount[g] < activeGroupLow(g) {
                s.boundUnder = Swift.min(s.boundUnder, tp)
                s.underLeft += 1
            }
        }
        return s
    }

    /// Labels the residual arcs out of the sink: back into every group above
    /// its minimum but `deficit`, and into `Z` when it holds units (reduced
    /// cost −p ≥ 0).
    @inline(__always)
    mutating func startFromSink(toGroup deficit: Int, _ s: inout SearchState) {
        for g in 0..<groupLow.count where g != deficit && groupCount[g] > groupLow[g] {
            let label = Swift.max(0, -groupPotential[g])
            groupSeen[g] = true
            groupLabel[g] = label
            groupPred[g] = Self.fromSink
            rowHeap.pushOrDecrease(groupBase + g, label)
        }
        if zUsed.contains(where: { $0 > 0 }) {
            s.zLabel = Swift.max(0, -zPotential)
            s.zPred = Self.fromSink
        }
    }

    /// Pops group `g`: a target if it has room (from the sink, only the short
    /// group `deficit` is, and the search ends there); then back to its
    /// columns that send units.
    @inline(__always)
    mutating func popGroup(_ g: Int, label dn: Double, toGroup deficit: Int?, _ s: inout SearchState) -> Target? {
        poppedGroups.append(Int32(g))
        let pg = groupPotential[g]
        if let deficit {
            if g == deficit { return Target(node: -2 - g, value: dn, label: dn) }
        } else if groupCount[g] < groupHigh[g] {
            s.offer(-2 - g, value: dn + pg, label: dn, underMinimum: groupCount[g] < activeGroupLow(g))
        }
        for c32 in groupColumns[g] {
            let c = Int(c32)
            guard colCount[c] > colLow[c] else { continue }
            let cand = Swift.max(dn, dn + pg - colPotential[c] - (colCount[c] == 1 ? colFirstCost[c] : 0))
            if cand < colLabel[c] {     // NaN (popped) never compares below
                colLabel[c] = cand
                colPred[c] = Int32(-2 - g)
                s.minValid = false
                if layered { classMinValid[Int(colClass[c])] = false }
            }
        }
        return nil
    }

    /// Relaxes the arc from popped column `c` into its group, if the column has room.
    @inline(__always)
    mutating func relaxGroup(of c: Int, label dc: Double) {
        guard colCount[c] < colHigh[c] else { return }
        let g = Int(colGroup[c])
        let cand = Swift.max(dc, dc + (colCount[c] == 0 ? colFirstCost[c] : 0) + colPotential[c] - groupPotential[g])
        if !(groupSeen[g] && groupLabel[g] <= cand) {
            groupSeen[g] = true
            groupLabel[g] = cand
            groupPred[g] = Int32(c)
            rowHeap.pushOrDecrease(groupBase + g, cand)
        }
    }

    /// Shifts every potential but the sink's by `D`, which changes no reduced
    /// cost between them: after a search from the sink, which sat at label
    /// 0 < `D`, so that the sink's stays 0; after a resume, by minus the
    /// sink's corrected potential.
    mutating func shiftPotentials(by D: Double) {
        for r in 0..<rows { rowPotential[r] += D }
        for c in 0..<cols { colPotential[c] += D }
        for k in slotPotential.indices { slotPotential[k] += D }
        for g in groupPotential.indices { groupPotential[g] += D }
        zPotential += D
    }
}
