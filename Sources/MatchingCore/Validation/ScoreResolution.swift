import Foundation

/// Whether double-precision arithmetic can prove a matching optimal at the
/// scale of a problem's scores.
///
/// Solvers and their certificates compare objectives and bounds within a
/// relative tolerance (1e-9 of the objective). When scores span many orders
/// of magnitude — "never" pairs marked with -1e15 beside ordinary scores,
/// in a form ``SentinelScores`` cannot replace exactly (two close huge
/// values such as -1e15 and -1e15 + 1) — that tolerance exceeds the
/// differences the data are about, and a certificate could "confirm" a
/// matching that is not optimal. Such claims are reported `feasible`,
/// naming the range and the `forbidden` key, instead of `optimal`.
public enum ScoreResolution {
    /// The fraction of a typical score the certificate's tolerance may reach.
    public static let typicalFraction = 0.01

    /// `report` (unless its sentinel scores were replaced, see
    /// ``SolveReport/sentinelPairs``) with an `optimal` claim turned into `feasible` when the
    /// certificate's tolerance, 1e-9 × max(1, |objective|), exceeds
    /// ``typicalFraction`` of a typical ordinary score (the 10th percentile
    /// of the magnitudes in a deterministic sample of up to 10,001 nonzero
    /// scores: huge "never" scores, however many, do not set the scale);
    /// unchanged otherwise.
    ///
    /// - Complexity: O(M · N / stride + sample) expected (a selection, not a sort).
    public static func limitingClaim(_ report: SolveReport, of problem: MatchingProblem) -> SolveReport {
        // Sentinel scores replaced by their exact equivalents were solved at a sound scale.
        guard report.termination.reason == .optimal, report.sentinelPairs == nil,
              let objective = report.objective, objective.isFinite else { return report }
        let tolerance = 1e-9 * Swift.max(1, abs(objective))
        guard let typical = typicalScore(problem), tolerance > typicalFraction * typical else { return report }
        var out = report
        let largest = problem.scores.values.lazy.map(abs).max() ?? 0
        out.termination = Termination(.feasible, limit: report.termination.limit,
            detail: "the scores span \(format(typical)) (typical) to \(format(largest)) (largest): at this scale double precision cannot tell matchings apart by less than \(format(tolerance)), so optimality is not proven — mark pairs that must never happen as forbidden (or -inf in a score file) instead of a huge negative score")
        out.bound = nil   // a bound at this scale would claim a gap of 0 nobody has proven
        return out
    }

    /// The 10th percentile of the magnitudes of a deterministic sample of the nonzero scores; `nil` when all are 0.
    static func typicalScore(_ problem: MatchingProblem) -> Double? {
        let values = problem.scores.values
        guard !values.isEmpty else { return nil }
        let stride = Swift.max(1, values.count / 10_001)
        var sample = [Double]()
        sample.reserveCapacity(10_002)
        var k = 0
        while k < values.count {
            let v = abs(values[k])
            if v > 0 && v.isFinite { sample.append(v) }
            k += stride
        }
        guard !sample.isEmpty else { return nil }
        return select(&sample, sample.count / 10)
    }

    /// The `k`-th smallest of `values` (0-based), reordering them: Hoare's
    /// selection (Hoare 1961, "Algorithm 65: FIND") with the median of three
    /// as pivot. Expected O(n), O(n²) at worst; it runs once per solve, where
    /// a sort of the sample was a tenth of a re-optimised sweep point.
    static func select(_ values: inout [Double], _ k: Int) -> Double {
        precondition(values.indices.contains(k), "select: rank \(k) outside 0..<\(values.count)")
        var lo = 0, hi = values.count - 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if values[mid] < values[lo] { values.swapAt(mid, lo) }
            if values[hi] < values[lo] { values.swapAt(hi, lo) }
            if values[hi] < values[mid] { values.swapAt(hi, mid) }
            let pivot = values[mid]
            var i = lo, j = hi
            while i <= j {
                while values[i] < pivot { i += 1 }
                while pivot < values[j] { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return values[k]
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e6 ? String(Int(x)) : String(format: "%.3g", x)
    }
}
