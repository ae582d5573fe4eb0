extension _ShortestPathEngine {
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
}
