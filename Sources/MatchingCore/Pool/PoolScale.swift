import Foundation

/// Scores of a pool in integer units: the scale a proof is exact at.
public struct PoolScale: Hashable, Sendable {
    /// Score points per integer unit.
    public var unit: Double
    /// Whether every score and penalty is an integer number of units (the
    /// proof is then exact for the scores as given; otherwise for the scores
    /// rounded to the unit, and a bound on the true optimum adds half a unit
    /// per pair and per penalty).
    public var exact: Bool
    /// The largest |score| or penalty, in units.
    public var largest: Int64
    /// The smallest nonzero |score| (score points; infinity when every score is 0):
    /// an inexact scale proves optimality only when its rounding allowance is
    /// well below it.
    public var smallestScore: Double

    /// The largest magnitude a unit may give a score (2³¹), so that sums of
    /// weights and duals over 10⁶ people stay far inside 64-bit integers.
    public static let limit: Double = 2_147_483_648

    /// The coarsest unit 10⁻ᵏ (k = 0…9) at which every finite score and
    /// penalty of `problem` is an integer below ``limit``; when none is,
    /// the finest unit that keeps the largest below ``limit`` (inexact).
    ///
    /// - Complexity: O(n²) score reads, in parallel blocks of rows.
    public init(of problem: PoolProblem) {
        let n = problem.count
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let tallies = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, tally in
            for j in (i + 1)..<n where row[j].isFinite { tally.noteScore(row[j]) }
        } initial: { Tally() }
        self.init(tallies, penalties: problem.unmatchedPenalty)
    }

    /// What one pass over the scores learns for the scale: the largest
    /// magnitude and the units at which every value seen is an integer.
    package struct Tally: Sendable {
        var largest = 0.0
        var smallest = Double.infinity
        var integral = [Bool](repeating: true, count: 10)
        package init() {}

        /// Takes finite score `x` into account (its magnitude also sets ``smallestScore``).
        package mutating func noteScore(_ x: Double) {
            if x != 0 { smallest = Swift.min(smallest, abs(x)) }
            note(x)
        }

        /// Takes finite value `x` into account.
        package mutating func note(_ x: Double) {
            largest = Swift.max(largest, abs(x))
            var scale = 1.0
            for k in 0..<integral.count {
                if integral[k] {
                    let v = x * scale
                    // A unit fine enough for x makes every finer one fine too.
                    if abs(v - v.rounded()) > 1e-12 * Swift.max(1, abs(v)) { integral[k] = false } else { break }
                }
                scale *= 10
            }
        }
    }

    /// The scale from the tallies of a pass (any split of the pairs) and the penalties.
    package init(_ tallies: [Tally], penalties: [Double]) {
        var all = Tally()
        for p in penalties { all.note(p) }
        for t in tallies {
            all.largest = Swift.max(all.largest, t.largest)
            all.smallest = Swift.min(all.smallest, t.smallest)
            for k in 0..<10 where !t.integral[k] { all.integral[k] = false }
        }
        let largest = all.largest
        var scale = 1.0, chosen: (Double, Bool)? = nil
        for k in 0..<10 {
            if all.integral[k] && largest * scale <= PoolScale.limit { chosen = (scale, true); break }
            scale *= 10
        }
        if chosen == nil {
            scale = 1
            while largest * scale * 10 <= PoolScale.limit && scale < 1e9 { scale *= 10 }
            while largest * scale > PoolScale.limit { scale /= 10 }
            chosen = (scale, false)
        }
        unit = 1 / chosen!.0
        exact = chosen!.1
        self.largest = Int64((largest * chosen!.0).rounded())
        smallestScore = all.smallest
    }

    /// `x` in units, rounded.
    @inlinable public func units(_ x: Double) -> Int64 { Int64((x / unit).rounded()) }
}

/// Parallel passes over the rows of a square score source.
package enum PoolPass {
    /// Calls `body(i, row, &state)` for every row i, rows split into one
    /// contiguous range per worker, each with its own state; returns the
    /// states in worker order.
    package static func rows<State: Sendable>(of source: any PairScoreSource, count n: Int, workers: Int,
                                              _ body: @Sendable (Int, UnsafeBufferPointer<Double>, inout State) -> Void,
                                              initial: @Sendable () -> State) -> [State] {
        guard n > 0 else { return [] }
        let w = Swift.max(1, Swift.min(workers, n))
        let blockRows = Swift.max(1, Swift.min(64, (1 << 20) / Swift.max(1, n)))
        return concurrentValues(count: w) { t in
            var state = initial()
            let lo = t * n / w, hi = (t + 1) * n / w
            var buffer = [Double](repeating: 0, count: blockRows * n)
            var start = lo
            buffer.withUnsafeMutableBufferPointer { buf in
                while start < hi {
                    let end = Swift.min(hi, start + blockRows)
                    let part = UnsafeMutableBufferPointer(rebasing: buf[0..<((end - start) * n)])
                    source.scores(mentors: start..<end, into: part)
                    for i in start..<end {
                        body(i, UnsafeBufferPointer(rebasing: buf[((i - start) * n)..<((i - start + 1) * n)]), &state)
                    }
                    start = end
                }
            }
            return state
        }
    }
}
