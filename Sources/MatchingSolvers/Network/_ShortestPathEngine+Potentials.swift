extension _ShortestPathEngine {
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
}
