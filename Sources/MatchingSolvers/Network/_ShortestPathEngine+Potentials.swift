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
    /// arcs non-negative already; label correcting from the current values
    /// (``_PotentialCorrection``, the same correction that re-optimisation
    /// runs) settles the sink arcs, whose reduced costs the lexicographic
    /// handling of minimums may leave negative. Converges because an optimal
    /// flow has no negative residual cycle.
    ///
    /// If the correction does not settle within 2·(R + C + 2) passes over the
    /// arcs (it always should), the potentials stay where it stopped and the
    /// bound they prove is merely looser; callers compare it.
    mutating func finishPotentials() {
        for r in 0..<rows where rowReal[r] == 0 && zUsed[r] == 0 { raisePotential(of: r) }
        sinkPotential = 0
        // With every row and column at its exact count there is no arc into or
        // out of the sink or Z, and the searches kept every other arc non-negative.
        if exactDemands && (0..<cols).allSatisfy({ colCount[$0] == colHigh[$0] }) && (0..<rows).allSatisfy({ rowReal[$0] == rowHigh[$0] }) {
            return
        }
        var correction = _PotentialCorrection(self)
        let passes = 2 * (rows + cols + 2), arcs = rows &* cols &+ rows &+ cols
        _ = correction.run(&self, work: passes &* arcs, shouldStop: { false })
    }
}
