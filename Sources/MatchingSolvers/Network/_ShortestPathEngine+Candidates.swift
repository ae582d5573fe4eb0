/// Searches over candidate lists, for re-optimising after a latecomer row
/// (``IncrementalMatching``): each row keeps its few columns of smallest
/// reduced cost and a lower bound on the reduced cost of every other arc, so
/// a popped row relaxes its candidates only and the rest of its row waits in
/// the heap as one node keyed by that bound. The rest is scanned — and the
/// row's list rebuilt — only if that key comes up before the search ends.
///
/// This is exact Dijkstra (lazy arc scanning, as in the sparse candidate
/// lists of Jonker and Volgenant 1987 and Goldberg and Kennedy 1995, made
/// exact by the bound): an arc left unscanned leads to a label at least its
/// row's rest key, and every unscanned rest key is at least the value the
/// search ends at, so the labels popped and the potential update are those
/// of the dense search, and every residual arc keeps a non-negative reduced
/// cost.
///
/// The bound stays valid between searches because column potentials only
/// fall (``settlePotentials(_:_:)`` lowers them; nothing raises one) and a
/// profit only returns when a pair is unmatched — ``removeMatch(_:_:)``
/// then puts that column on the row's list.
///
/// Only the direct network (no slot layer, no groups), searching from rows.
extension _ShortestPathEngine {
    /// Builds every row's candidate list: its `k` columns of smallest reduced
    /// cost now, and the bound on the others.
    ///
    /// - Complexity: O(R · C · log k) once.
    mutating func enableCandidates(k: Int) {
        precondition(!layered && !grouped, "candidate lists are for the direct network")
        candidateLimit = Swift.max(1, Swift.min(k, cols))
        candidateColumns = []
        candidateRest = []
        candidateColumns.reserveCapacity(rows)
        candidateRest.reserveCapacity(rows)
        for r in 0..<rows {
            let (list, rest) = bestColumns(of: r)
            candidateColumns.append(list)
            candidateRest.append(rest)
        }
        candidateHeap = _MinHeap(capacity: cols + rows)
    }

    /// Whether searches use candidate lists.
    var usesCandidates: Bool { candidateLimit > 0 }

    /// Row `r`'s `candidateLimit` arcs of smallest `−P[r, c] − p(c)` (its
    /// reduced cost less the row's potential), and the smallest such value
    /// among its other arcs (+∞ when there are none). Matched pairs hold no
    /// forward arc and are left out.
    ///
    /// - Complexity: O(C · log k).
    func bestColumns(of r: Int) -> ([Int32], Double) {
        let k = candidateLimit
        var values = [Double](), columns = [Int32]()   // a max-heap on values, at most k long
        values.reserveCapacity(k)
        columns.reserveCapacity(k)
        var rest = Double.infinity
        profit.withUnsafeBufferPointer { P in
            colPotential.withUnsafeBufferPointer { pc in
                let base = r &* cols
                for c in 0..<cols {
                    let p = P[base &+ c]
                    guard p > -.infinity else { continue }
                    let v = -p - pc[c]
                    if values.count < k {
                        // Sift up.
                        values.append(v); columns.append(Int32(c))
                        var i = values.count - 1
                        while i > 0 {
                            let parent = (i - 1) >> 1
                            guard values[parent] < values[i] else { break }
                            values.swapAt(parent, i); columns.swapAt(parent, i)
                            i = parent
                        }
                    } else if v < values[0] {
                        rest = Swift.min(rest, values[0])
                        values[0] = v; columns[0] = Int32(c)
                        // Sift down.
                        var i = 0
                        while true {
                            let l = 2 * i + 1
                            if l >= k { break }
                            var m = l
                            if l + 1 < k && values[l + 1] > values[l] { m = l + 1 }
                            guard values[m] > values[i] else { break }
                            values.swapAt(m, i); columns.swapAt(m, i)
                            i = m
                        }
                    } else {
                        rest = Swift.min(rest, v)
                    }
                }
            }
        }
        return (columns.sorted(), rest)
    }

    /// Adds a latecomer row's candidate list (after ``appendRow(_:low:high:)``).
    mutating func appendCandidates() {
        let (list, rest) = bestColumns(of: rows - 1)
        candidateColumns.append(list)
        candidateRest.append(rest)
        candidateHeap.grow(to: cols + rows)
    }

    /// A profit restored by unmatching row `r` from column `c`: the arc
    /// exists again, so it joins the row's list (the bound does not cover it).
    @inline(__always)
    mutating func restoreCandidate(_ r: Int, _ c: Int) {
        if !candidateColumns[r].contains(Int32(c)) { candidateColumns[r].append(Int32(c)) }
    }

    /// The search loop over candidate lists: pops the smallest of a row (from
    /// the row heap), a column or a row's rest (from the candidate heap, where
    /// rest `r` is item `cols + r`), and `Z`, until the best target popped
    /// cannot be beaten.
    mutating func exploreCandidates(_ s: inout SearchState) -> Target? {
        while true {
            let rowTop = rowHeap.topKey ?? .infinity
            let lazyTop = candidateHeap.topKey ?? .infinity
            let zNext = s.zPopped ? Double.infinity : s.zLabel
            let next = Swift.min(rowTop, Swift.min(lazyTop, zNext))
            if let target = s.settled(next: next) { return target }
            if next == .infinity { return s.bestUnder ?? s.bestAny }
            if rowTop <= zNext && rowTop <= lazyTop {
                let (r, dr) = rowHeap.pop()
                popCandidateRow(r, label: dr, &s)
            } else if lazyTop <= zNext {
                let (node, key) = candidateHeap.pop()
                if node < cols {
                    poppedCols.append(Int32(node))
                    poppedColLabel.append(key)
                    colLabel[node] = .nan
                    s.lastPopped = key
                    offerColumn(node, label: key, &s)
                    relaxRows(matchedTo: node, label: key)
                } else {
                    scanRest(of: node - cols)
                }
            } else {
                popZ(&s, fromSink: false)
            }
        }
    }

    /// Pops row `r`: relaxes its candidate arcs and `Z`, and queues the rest
    /// of its row at the smallest label it could give.
    @inline(__always)
    mutating func popCandidateRow(_ r: Int, label dr: Double, _ s: inout SearchState) {
        poppedRows.append(Int32(r))
        let pr = rowPotential[r]
        let shift = dr + pr
        let base = r &* cols
        for c32 in candidateColumns[r] {
            let c = Int(c32)
            let cand = Swift.max(dr, shift - profit[base &+ c] - colPotential[c])
            if cand < colLabel[c] {   // false for a popped column (NaN) and a matched pair (+∞)
                colLabel[c] = cand
                colPred[c] = Int32(r)
                candidateHeap.pushOrDecrease(c, cand)
            }
        }
        let rest = shift + candidateRest[r]
        if rest < .infinity { candidateHeap.push(cols + r, rest) }
        relaxZ(from: r, label: dr, potential: pr, &s)
    }

    /// Scans the rest of row `r` (popped earlier in this search), then
    /// rebuilds its list from the current reduced costs.
    mutating func scanRest(of r: Int) {
        let shift = rowLabel[r] + rowPotential[r]
        let base = r &* cols
        for c in 0..<cols {
            let cand = Swift.max(rowLabel[r], shift - profit[base &+ c] - colPotential[c])
            if cand < colLabel[c] {
                colLabel[c] = cand
                colPred[c] = Int32(r)
                candidateHeap.pushOrDecrease(c, cand)
            }
        }
        (candidateColumns[r], candidateRest[r]) = bestColumns(of: r)
    }
}
