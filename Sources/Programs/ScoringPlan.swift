import Compatibility
import Foundation
import MatchingCore

/// How a program holds its pair scores: dense matrices
/// (``/Compatibility/CompatibilityMatrices``, every criterion of every pair
/// kept, solved by any solver) or a streamed source
/// (``/Compatibility/CompatibilityScoreSource``, pairs scored a block of rows
/// at a time, solved by candidate pricing in memory independent of
/// mentors × mentees).
///
/// The plan decides by bytes: the dense path holds ``denseBytesPerPair(_:)``
/// per pair; above ``memoryBudget`` the program streams — when candidate
/// pricing holds its rules (``/MatchingCore/ProblemShape``), and, for a quota
/// with a minimum (slow to meet on the streamed path, one augmenting path
/// per missing pair), only when the dense path would not fit in
/// ``physicalMemory`` (80 % of it).
public struct ScoringPlan: Hashable, Sendable {
    /// Where the scores live.
    public enum Storage: String, Hashable, Sendable {
        /// Dense matrices.
        case dense
        /// A streamed source.
        case streamed
    }

    /// A storage to use whatever the sizes (`--streamed` forces streaming); `nil` to decide by bytes.
    public var forced: Storage?
    /// Bytes the dense path may take (default 6 GB).
    public var memoryBudget: Double
    /// Bytes of memory on this machine (the quota-minimum policy's ceiling).
    public var physicalMemory: Double
    /// Why the scores must stay dense whatever their size (a solver that
    /// needs the matrix, say), or `nil`.
    public var denseOnly: String?

    /// Creates a plan.
    ///
    /// - Parameters:
    ///   - forced: a storage to use whatever the sizes, or `nil` (default) to decide.
    ///   - memoryBudget: bytes the dense path may take (default 6 GB).
    ///   - physicalMemory: bytes of memory (default: this machine's).
    public init(forced: Storage? = nil, memoryBudget: Double = 6e9, physicalMemory: Double? = nil) {
        self.forced = forced
        self.memoryBudget = memoryBudget
        self.physicalMemory = physicalMemory ?? Double(ProcessInfo.processInfo.physicalMemory)
    }

    /// The dense path's bytes per pair at `precision`: each of the eleven
    /// built-in criteria cached (4 bytes single, 1 byte byte precision), the
    /// weighted total (8), the exclusion code (1) and the solver's working
    /// copy of the score (8) — 61 bytes single, 28 byte.
    public static func denseBytesPerPair(_ precision: CriterionPrecision) -> Int {
        let criterion = precision == .single ? MemoryLayout<Float>.size : MemoryLayout<UInt8>.size
        return Criterion.allCases.count * criterion + MemoryLayout<Double>.size + MemoryLayout<UInt8>.size + MemoryLayout<Double>.size
    }

    /// The storage for a program of `mentors` × `mentees` with `rules`, and
    /// the reason in one line when it is not the obvious one (`nil` when the
    /// dense path fits its budget or the storage was forced).
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/unsupported`` when
    ///   streaming is forced and candidate pricing cannot hold the rules,
    ///   naming the rule, or the plan is ``denseOnly``.
    /// - Complexity: O(N + rules).
    public func decide(mentors: Int, mentees: Int, rules: MatchingRules, precision: CriterionPrecision) throws -> (storage: Storage, note: String?) {
        let refusal = denseOnly ?? rules.shape.candidatePricingRefusal
        if let forced {
            if forced == .streamed, let refusal {
                throw MatchingError(.unsupported, "the streamed path cannot hold this program: \(refusal)")
            }
            return (forced, nil)
        }
        let dense = Double(mentors) * Double(mentees) * Double(Self.denseBytesPerPair(precision))
        guard dense > memoryBudget else { return (.dense, nil) }
        let gb = { (x: Double) in x >= 1e8 ? String(format: "%.1f GB", x / 1e9) : x >= 1e5 ? String(format: "%.0f MB", x / 1e6) : String(format: "%.0f KB", x / 1e3) }
        if let refusal {
            return (.dense, "the dense path may take about \(gb(dense)) (over the memory budget of \(gb(memoryBudget))), but the streamed path cannot hold this program (\(refusal)): going on densely")
        }
        let quotaMinimum = rules.constraints.contains { if case .quota(_, _, let c) = $0 { c.min > 0 } else { false } }
        if quotaMinimum && dense <= 0.8 * physicalMemory {
            return (.dense, "the dense path may take about \(gb(dense)) (over the memory budget of \(gb(memoryBudget))); with a quota minimum it stays dense while that fits in memory (\(gb(physicalMemory)) here)")
        }
        return (.streamed, "the dense path would take about \(gb(dense)) (over the memory budget of \(gb(memoryBudget))): streaming instead")
    }
}
