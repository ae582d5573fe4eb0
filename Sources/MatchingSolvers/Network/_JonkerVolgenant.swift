internal import MentorMatchMemoryHints

/// Jonker and Volgenant's algorithm for the dense square assignment
/// problem (LAPJV: "A shortest augmenting path algorithm for dense and
/// sparse linear assignment problems", *Computing* 38, 1987), on profits:
/// the permutation with the largest total, with the dual values that prove
/// it.
///
/// Three phases, as the paper has them: column reduction with reduction
/// transfer; two rounds of augmenting row reduction (a free row takes its
/// best column, lowering that column's price to its second-best margin, and
/// the row it displaces goes on); then, for each row still free, a shortest
/// augmenting path by Dijkstra's method on an unsorted array of columns —
/// the columns at the least distance are moved to the front and scanned
/// together, and the prices of the columns scanned are updated once the
/// path is found.
///
/// Prices here are on profits: column j's price `v[j]` and row i's value
/// `u[i]` satisfy `P[i][j] ≤ u[i] + v[j]` for every pair, with equality on
/// the assignment — the duals of the assignment LP, so that ``DualBound``
/// proves the optimum.
///
/// - Complexity: O(n³) in the worst case, O(n²) per augmenting path;
///   memory O(n) beside the profits.
enum _JonkerVolgenant {
    /// The optimum of an `n × n` row-major matrix of finite profits: each
    /// row's column, each row's value, each column's price, how many rows
    /// the reductions left to augmenting paths, and whether the profits were
    /// read in single precision; `nil` when `shouldStop` asked to stop
    /// (polled between augmenting paths).
    ///
    /// When every profit is exactly a `Float` (integers up to 2²⁴, survey
    /// ratings, most generated scores) and the matrix has as many pairs as
    /// `singlePrecisionPairs` asks, the column reduction also writes a
    /// single-precision copy (half the bytes: the paths' row scans are bound
    /// by memory traffic) and the other phases read it. Each profit read
    /// back is the same `Double`, so the answer is the same bit for bit; the
    /// copy is skipped when the first row is not exact. Measured (generated
    /// LSA): 7–8 % faster at n = 4,000 and 5,000, about even at 2,000–3,000,
    /// slower at 1,000, where the matrix nearly fits in cache and few rows are
    /// left to paths — hence the default lower end of 12 M pairs; the upper end
    /// bounds the copy at 1 GiB.
    static func solve(n: Int, profit P: UnsafeBufferPointer<Double>, singlePrecisionPairs: ClosedRange<Int> = 12_000_000...(1 << 28),
                      shouldStop: () -> Bool)
        -> (column: [Int], rowValue: [Double], price: [Double], paths: Int, singlePrecision: Bool)? {
        precondition(P.count >= n * n)
        // Working arrays, allocated once: on costs c = −P (the paper's minimisation), prices v[j] ≤ c[i][j] − u[i];
        // x: row → column, y: column → row; d, pred, cols: the shortest-path search's.
        typealias Buffer<T> = UnsafeMutableBufferPointer<T>
        let v = Buffer<Double>.allocate(capacity: n), d = Buffer<Double>.allocate(capacity: n)
        let x = Buffer<Int>.allocate(capacity: n), y = Buffer<Int>.allocate(capacity: n)
        let pred = Buffer<Int>.allocate(capacity: n), cols = Buffer<Int>.allocate(capacity: n)
        defer { for b in [x, y, pred, cols] { b.deallocate() }; v.deallocate(); d.deallocate() }
        v.initialize(repeating: .infinity)
        x.initialize(repeating: -1)
        y.initialize(repeating: -1)
        let work = Work(v: v, d: d, x: x, y: y, pred: pred, cols: cols)
        // Column reduction: each column's price is its least cost; the last row to win it takes it.
        // The single-precision copy is written in the same pass, when the first row promises it,
        // until a row is not exact (the rest of the pass then only reduces).
        let single: Buffer<Float>? = singlePrecisionPairs.contains(n * n) && (0..<n).allSatisfy({ Double(Float(P[$0])) == P[$0] })
            ? .allocate(capacity: n * n) : nil
        defer { single?.deallocate() }
        var copying = single != nil
        for i in 0..<n {
            let row = i &* n
            if copying, let single {
                var exact = true
                for j in 0..<n {
                    let p = P[row &+ j], f = Float(p)
                    single[row &+ j] = f
                    if Double(f) != p { exact = false }
                    if -p < v[j] { v[j] = -p; y[j] = i }
                }
                copying = exact
            } else {
                for j in 0..<n where -P[row &+ j] < v[j] { v[j] = -P[row &+ j]; y[j] = i }
            }
        }
        if copying, let single {
            guard let r = solveAfterColumnReduction(n: n, UnsafeBufferPointer(single), work, shouldStop: shouldStop) else { return nil }
            return (r.column, r.rowValue, r.price, r.paths, true)
        }
        guard let r = solveAfterColumnReduction(n: n, P, work, shouldStop: shouldStop) else { return nil }
        return (r.column, r.rowValue, r.price, r.paths, false)
    }

    /// The search's working arrays (see ``solve(n:profit:singlePrecisionPairs:shouldStop:)``).
    private struct Work {
        let v: UnsafeMutableBufferPointer<Double>, d: UnsafeMutableBufferPointer<Double>
        let x: UnsafeMutableBufferPointer<Int>, y: UnsafeMutableBufferPointer<Int>
        let pred: UnsafeMutableBufferPointer<Int>, cols: UnsafeMutableBufferPointer<Int>
    }

    /// The phases after the column reduction (whose prices and winners
    /// `work` holds), on profits stored as `T` and read as `Double`.
    private static func solveAfterColumnReduction<T: BinaryFloatingPoint>(n: Int, _ P: UnsafeBufferPointer<T>, _ work: Work,
                                                                          shouldStop: () -> Bool)
        -> (column: [Int], rowValue: [Double], price: [Double], paths: Int)? {
        let (v, x, y) = (work.v, work.x, work.y)
        var unique = [Bool](repeating: true, count: n)
        for j in stride(from: n - 1, through: 0, by: -1) {
            let i = y[j]
            if x[i] < 0 { x[i] = j } else { unique[i] = false; y[j] = -1 }
        }
        // Reduction transfer: a row that won one column alone lowers that column's price by its margin.
        var free = [Int]()
        free.reserveCapacity(n)
        for i in 0..<n {
            if x[i] < 0 { free.append(i); continue }
            guard unique[i] else { continue }
            let j1 = x[i], row = i &* n
            var least = Double.infinity
            for j in 0..<n where j != j1 { least = Swift.min(least, -Double(P[row &+ j]) - v[j]) }
            if least.isFinite { v[j1] -= least }
        }
        // Two rounds of augmenting row reduction.
        for _ in 0..<2 where !free.isEmpty {
            free = augmentingRowReduction(n: n, P, free: free, v: v, x: x, y: y)
        }
        // Shortest augmenting paths for the rows left.
        for (k, f) in free.enumerated() {
            if k & 15 == 0, shouldStop() { return nil }
            var j = shortestPath(n: n, P, from: f, v: v, y: y, d: work.d, pred: work.pred, cols: work.cols)
            // Flip the path: each column takes its predecessor row, which leaves its old column.
            while true {
                let i = work.pred[j]
                y[j] = i
                swap(&j, &x[i])
                if i == f { break }
            }
        }
        // Back to profits: a column's price is −v; a row's value is its pair's profit less its column's price.
        let price = v.map { -$0 }
        let rowValue = (0..<n).map { Double(P[$0 &* n &+ x[$0]]) - price[x[$0]] }
        return (Array(x), rowValue, price, free.count)
    }

    /// One round over the free rows: each takes the column of least reduced
    /// cost; when the second least is strictly larger the column's price
    /// drops by the difference and the row it displaces is served next,
    /// else the row tries its second column and the displaced row waits for
    /// the next round. Returns the rows still free.
    private static func augmentingRowReduction<T: BinaryFloatingPoint>(n: Int, _ P: UnsafeBufferPointer<T>, free: [Int], v: UnsafeMutableBufferPointer<Double>,
                                               x: UnsafeMutableBufferPointer<Int>, y: UnsafeMutableBufferPointer<Int>) -> [Int] {
        var rows = free
        var current = 0, next = 0, count = 0
        let total = rows.count
        while current < total {
            count += 1
            let i = rows[current]
            current += 1
            let row = i &* n
            var j1 = 0, v1 = -Double(P[row]) - v[0], j2 = -1, v2 = Double.infinity
            func consider(_ c: Double, _ j: Int) {
                guard c < v2 else { return }
                if c >= v1 { v2 = c; j2 = j } else { v2 = v1; v1 = c; j2 = j1; j1 = j }
            }
            // Two columns a step, one test for both (the same updates, in the same order): past
            // the row's first columns neither beats the second least, and the next pair's loads
            // need not wait on a branch (`min` is exact here: the profits are finite, so neither is
            // NaN). Measured: a third off the reduction at n = 1,000.
            let rowP = P.baseAddress! + row, vP = v.baseAddress!
            var j = 1
            while j &+ 1 < n {
                let a = -Double(rowP[j]) - vP[j], b = -Double(rowP[j &+ 1]) - vP[j &+ 1]
                if Swift.min(a, b) < v2 {
                    consider(a, j)
                    consider(b, j &+ 1)
                }
                j &+= 2
            }
            if j < n { consider(-Double(rowP[j]) - vP[j], j) }
            var i0 = y[j1]
            let lowered = v[j1] - (v2 - v1)
            // (With one column there is no second: the price stays.)
            let lowers = v2.isFinite && lowered < v[j1]
            // A bound on the round's steps (as lap's implementation has it): past it, displaced rows wait.
            if count < current &* n {
                if lowers {
                    v[j1] = lowered
                } else if i0 >= 0 && j2 >= 0 {
                    j1 = j2
                    i0 = y[j2]
                }
                if i0 >= 0 {
                    if lowers {
                        current -= 1
                        rows[current] = i0
                    } else {
                        rows[next] = i0
                        next += 1
                    }
                }
            } else if i0 >= 0 {
                rows[next] = i0
                next += 1
            }
            if i0 >= 0 { x[i0] = -1 }
            x[i] = j1
            y[j1] = i
        }
        return Array(rows[0..<next])
    }

    /// How many places ahead in `cols` a row scan asks for its profits
    /// (128 profits: 8 cache lines in single precision, 16 in double;
    /// measured at n = 5,000).
    private static let prefetch = 128

    /// Dijkstra's method from free row `start` on reduced costs, with the
    /// columns in one array: `cols[0..<lo]` scanned, `cols[lo..<hi]` at the
    /// least distance, waiting to be scanned, `cols[hi...]` the rest.
    /// Returns the free column that ends the path (its predecessors in
    /// `pred`); the prices of the columns scanned are updated.
    private static func shortestPath<T: BinaryFloatingPoint>(n: Int, _ P: UnsafeBufferPointer<T>, from start: Int, v: UnsafeMutableBufferPointer<Double>,
                                     y: UnsafeMutableBufferPointer<Int>, d: UnsafeMutableBufferPointer<Double>,
                                     pred: UnsafeMutableBufferPointer<Int>, cols: UnsafeMutableBufferPointer<Int>) -> Int {
        var lo = 0, hi = 0, ready = 0
        var end = -1
        let startRow = start &* n
        for j in 0..<n {
            cols[j] = j
            pred[j] = start
            d[j] = -Double(P[startRow &+ j]) - v[j]
        }
        while end < 0 {
            if lo == hi {
                // The columns at the new least distance move to the front.
                ready = lo
                hi = lo + 1
                let colP = cols.baseAddress!, dP = d.baseAddress!
                var least = dP[colP[lo]]
                var k = hi
                while k < n {
                    let j = colP[k], dj = dP[j]
                    if dj <= least {
                        if dj < least { hi = lo; least = dj }
                        colP[k] = colP[hi]
                        colP[hi] = j
                        hi &+= 1
                    }
                    k &+= 1
                }
                for k in lo..<hi where y[cols[k]] < 0 { end = cols[k]; break }
                if end >= 0 { break }
            }
            // Scan one column at the least distance: its row's arcs may bring others as close.
            let j1 = cols[lo]
            lo += 1
            let i = y[j1], row = i &* n
            let least = d[j1]
            let h = -Double(P[row &+ j1]) - v[j1] - least
            // On raw pointers (no range checks), with the row's columns `prefetch` places ahead
            // asked for in advance: `cols` is close to increasing, but a row is read once per
            // scan, from memory, and the loop's own reads reach too few lines ahead.
            let rowP = P.baseAddress! + row, colP = cols.baseAddress!, vP = v.baseAddress!
            let dP = d.baseAddress!, predP = pred.baseAddress!
            let ahead = n &- prefetch
            var k = hi
            while k < n {
                let j = colP[k]
                if k < ahead { mm_prefetch_read(rowP + colP[k &+ prefetch]) }
                let reduced = -Double(rowP[j]) - vP[j] - h
                if reduced < dP[j] {
                    dP[j] = reduced
                    predP[j] = i
                    if reduced == least {
                        if y[j] < 0 { end = j; break }
                        colP[k] = colP[hi]
                        colP[hi] = j
                        hi &+= 1
                    }
                }
                k &+= 1
            }
        }
        // The scanned columns' prices move by how much closer than the path they are.
        let least = d[end]
        for k in 0..<ready {
            let j = cols[k]
            v[j] += d[j] - least
        }
        return end
    }
}
