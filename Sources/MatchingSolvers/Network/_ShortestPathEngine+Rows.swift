extension _ShortestPathEngine {
    /// Appends a row — a latecomer on the routed side — with its profits
    /// (`cols` values, `-infinity` for no arc) and supply bounds. Its units
    /// are routed by ``route(row:)``; nothing else changes, so the flow and
    /// potentials of the rows before it stay optimal and feasible for them.
    ///
    /// Only the direct network (no slot layer, no groups): slots and groups
    /// are indexed after the rows.
    ///
    /// - Complexity: amortised O(cols).
    mutating func appendRow<Profits: Collection<Double>>(_ profits: Profits, low: Int, high: Int) {
        precondition(!layered && !grouped && profits.count == cols, "rows are appended to the direct network only")
        profit.append(contentsOf: profits)
        rowLow.append(low)
        rowHigh.append(high)
        zUsed.append(0)
        rowReal.append(0)
        inRowsWithZ.append(false)
        rowPotential.append(0)   // raised by its first search to its best arc, as in the first run
        rowLabel.append(.infinity)
        rowPred.append(-3)
        rowSeen.append(false)
        rows += 1
        groupBase = rows   // no slots, no groups: heap ids past the rows are unused
        rowHeap.grow(to: rows)
        if low != high { exactDemands = false }
        if usesCandidates { appendCandidates() }
    }

    /// Routes every missing unit of row `r` by a shortest augmenting path
    /// from the current flow, whose potentials keep every residual pair and
    /// `Z` arc non-negative (successive shortest paths: the flow stays
    /// optimal with one more row). `false` when a unit the row must route
    /// has no path.
    ///
    /// - Complexity: O(units · (R + C) · C) worst case; a latecomer usually
    ///   scans a few rows.
    mutating func route(row r: Int) -> Bool {
        while zUsed[r] + rowReal[r] < rowHigh[r] {
            guard search(from: r) != nil else { return false }
        }
        return true
    }

    /// Raises column maxima to `highs` (never lowers one), moving the
    /// columns' matched rows into the wider layout: a latecomer gives a
    /// column one more allowed partner, and the network cut each maximum to
    /// the partners allowed when it was built.
    ///
    /// - Complexity: O(Σ highs) when some maximum changes.
    mutating func raiseColumnHighs(_ highs: [Int]) {
        precondition(highs.count == cols && zip(highs, colHigh).allSatisfy { $0 >= $1 })
        guard highs != colHigh else { return }
        var start = [Int](repeating: 0, count: cols + 1)
        for c in 0..<cols { start[c + 1] = start[c] + highs[c] }
        var rows = [Int32](repeating: -1, count: start[cols]), profits = [Double](repeating: 0, count: start[cols])
        for c in 0..<cols {
            for k in 0..<colCount[c] {
                rows[start[c] + k] = colRows[colStart[c] + k]
                profits[start[c] + k] = colProfit[colStart[c] + k]
            }
            colRoom[c] = colCount[c] < highs[c]
        }
        colStart = start
        colRows = rows
        colProfit = profits
        colHigh = highs
        if colLow != colHigh { exactDemands = false }
    }
}
