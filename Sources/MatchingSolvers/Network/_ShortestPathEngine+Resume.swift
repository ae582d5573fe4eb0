/// Re-optimisation after the profits change: the engine starts from the
/// flow and potentials of an optimum of the same network under other
/// profits.
///
/// That flow is still feasible (only profits changed) but may no longer be
/// of least cost, and its potentials no longer fit. They are corrected by
/// label correcting on the flow's residual network, starting from the old
/// values (``_PotentialCorrection``: the node that has fallen furthest
/// scanned first, with Tarjan's subtree disassembly), so that every residual
/// arc gets a non-negative reduced cost; each negative cycle the correction closes is cancelled on the spot
/// (one unit around it, which the new profits make strictly better). When
/// the correction ends, the flow is optimal and its potentials prove it,
/// and the searches have nothing left to route. Between neighbouring weights of a sweep the
/// optimum changes by a few pairs, and the work is a few passes over the
/// arcs instead of one search per unit.
///
/// With exact ties in the scores the old potentials are far from unique, and
/// repairing them row by row (the dynamic Hungarian algorithm of
/// Mills-Tettey, Stentz and Dias, 2007) gave up most pairs on the generated
/// 500 × 1,500 cohort; correcting along the whole residual network keeps
/// every pair that is not on an improving cycle.
extension _ShortestPathEngine {
    /// The flow and potentials a solve ended with, shifted so that the sink's
    /// potential is 0 (the searches' convention).
    struct State: Sendable {
        /// The network the flow belongs to (a resumption of another is refused).
        let shape: Shape
        /// The matched arcs: row `pairRow[k]` to column `pairCol[k]`.
        let pairRow: [Int32]
        let pairCol: [Int32]
        let zUsed: [Int]
        let rowPotential: [Double]
        let colPotential: [Double]
        let slotPotential: [Double]
        let groupPotential: [Double]
        let zPotential: Double
        /// Whether this engine was itself resumed (``resume(from:work:shouldStop:)``) rather than solved from nothing.
        let reoptimised: Bool
        /// Pair arcs the last solve from nothing in this chain scanned.
        let coldWork: Int
    }

    /// What makes two networks the same but for their profits: sizes,
    /// bounds, classes, slot limits, groups and first-unit costs.
    struct Shape: Hashable, Sendable {
        let rowLow: [Int], rowHigh: [Int], colLow: [Int], colHigh: [Int]
        let colClass: [Int32], slotCap: [Int], colGroup: [Int32], groupLow: [Int], groupHigh: [Int]
        let colFirstCost: [Double]
    }

    var shape: Shape {
        Shape(rowLow: rowLow, rowHigh: rowHigh, colLow: colLow, colHigh: colHigh, colClass: colClass, slotCap: slotCap,
              colGroup: colGroup, groupLow: groupLow, groupHigh: groupHigh, colFirstCost: colFirstCost)
    }

    /// What ``resume(from:work:shouldStop:)`` did: the old optimum's pairs, the negative
    /// cycles it cancelled, and its work in passes over the pair arcs.
    struct Resumed: Sendable {
        let pairs: Int
        let cancelled: Int
        let passes: Double
        /// The work of the solve from nothing the chain started with.
        let coldWork: Int
    }

    /// The current flow and potentials (call after ``run(shouldStop:progress:settle:)``).
    var state: State {
        var pairRow = [Int32](), pairCol = [Int32]()
        for c in 0..<cols {
            for k in colStart[c]..<(colStart[c] + colCount[c]) {
                pairRow.append(colRows[k])
                pairCol.append(Int32(c))
            }
        }
        let t = sinkPotential
        return State(shape: shape,
                     pairRow: pairRow, pairCol: pairCol, zUsed: zUsed, rowPotential: rowPotential.map { $0 - t },
                     colPotential: colPotential.map { $0 - t }, slotPotential: slotPotential.map { $0 - t },
                     groupPotential: groupPotential.map { $0 - t }, zPotential: zPotential - t, reoptimised: resumed != nil,
                     coldWork: resumed?.coldWork ?? relaxWork)
    }

    /// Starts a fresh engine (nothing routed yet) from `state`, an optimum of
    /// the same network under other profits: restores its flow, then corrects
    /// the potentials and cancels the negative cycles the new profits make.
    /// ``run(shouldStop:progress:settle:)`` then routes only the units the
    /// flow could not keep. `false` when `state` is of another shape or the
    /// correction runs past `work` arc scans (the engine must then be built
    /// again: its flow is part-way).
    ///
    /// - Complexity: O(R·C) per pass of the correction; it usually settles
    ///   in a few passes.
    mutating func resume(from state: State, work: Int, shouldStop: () -> Bool) -> Bool {
        guard state.shape == shape, rowReal.allSatisfy({ $0 == 0 }), zUsed.allSatisfy({ $0 == 0 }) else { return false }
        rowPotential = state.rowPotential
        colPotential = state.colPotential
        slotPotential = state.slotPotential
        groupPotential = state.groupPotential
        zPotential = state.zPotential
        sinkPotential = 0
        // The flow (checked against the network all the same: a pair it no
        // longer allows is left out, and its unit is routed again).
        for (r32, c32) in zip(state.pairRow, state.pairCol) {
            let r = Int(r32), c = Int(c32)
            guard profit[r &* cols &+ c] > -.infinity, colCount[c] < colHigh[c], rowReal[r] < rowHigh[r] else { continue }
            if layered, slotFlow[r &* classes &+ Int(colClass[c])] >= slotCap[r &* classes &+ Int(colClass[c])] { continue }
            addMatch(r, c)
        }
        for r in 0..<rows {
            let z = Swift.min(state.zUsed[r], rowHigh[r] - rowLow[r], rowHigh[r] - rowReal[r])
            if z > 0 { zUsed[r] = z; inRowsWithZ[r] = true; rowsWithZ.append(Int32(r)) }
        }
        return correct(pairs: state.pairRow.count, coldWork: state.coldWork, work: work, shouldStop: shouldStop)
    }

    /// The correction both re-optimisations end with: potentials corrected
    /// and negative cycles cancelled (``_PotentialCorrection``), what it did
    /// noted in ``resumed``, and the sink put back at 0 (the searches'
    /// convention). `false` past `work` arc scans.
    private mutating func correct(pairs: Int, coldWork: Int, work: Int, shouldStop: () -> Bool) -> Bool {
        var correction = _PotentialCorrection(self)
        guard correction.run(&self, work: work, shouldStop: shouldStop) else { return false }
        resumed = Resumed(pairs: pairs, cancelled: correction.cancelled,
                          passes: Double(correction.scanned) / Double(Swift.max(1, rows * cols)), coldWork: coldWork)
        sinkAtZero()
        return true
    }

    /// Shifts every potential so that the sink's is 0 (reduced costs do not change).
    private mutating func sinkAtZero() {
        if sinkPotential != 0 {
            shiftPotentials(by: -sinkPotential)
            sinkPotential = 0
        }
    }

    /// Re-optimises the engine in place after the caller rewrote every cell
    /// of ``profit`` for the same network under other profits (matched cells
    /// included): the flow is kept — its pairs' new profits move to their
    /// columns — and the potentials are corrected and negative cycles
    /// cancelled as in ``resume(from:work:shouldStop:)``, without building
    /// the engine again or restoring a flow. `false` when the correction runs
    /// past `work` arc scans (the flow is then part-way: the engine must be
    /// built again).
    ///
    /// - Complexity: O(R·C) per pass of the correction, as ``resume(from:work:shouldStop:)``.
    mutating func reprice(work: Int, shouldStop: () -> Bool) -> Bool {
        precondition(!usesCandidates, "repricing is for dense searches")
        let coldWork = resumed?.coldWork ?? relaxWork
        // The searches' convention, as ``state`` gives it: the sink at 0.
        sinkAtZero()
        var pairs = 0
        for c in 0..<cols {
            for k in colStart[c]..<(colStart[c] + colCount[c]) {
                let cell = Int(colRows[k]) &* cols &+ c
                colProfit[k] = profit[cell]
                profit[cell] = -.infinity
                pairs += 1
            }
        }
        resumed = nil
        searchesRun = 0
        return correct(pairs: pairs, coldWork: coldWork, work: work, shouldStop: shouldStop)
    }
}
