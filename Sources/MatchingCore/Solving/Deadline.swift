/// The one clock of a solve: when the user's time limit runs out (or
/// never), shared by every stage — solvers, compositions, diagnostics — so
/// that no stage passes the limit and no stage adds time nobody asked for.
///
/// A stage gets a time limit from ``remaining`` or ``share(_:floor:)`` and hands
/// the deadline on; without a user limit there is no deadline, and stages
/// that exist only to explain (a diagnostic re-solve) do not run.
public struct Deadline: Hashable, Sendable {
    /// When the time runs out; `nil` when there is no limit.
    public let end: ContinuousClock.Instant?

    /// The deadline `timeLimit` seconds after `start` (no deadline when
    /// `timeLimit` is `nil`); limits past a billion seconds count as a billion.
    public init(timeLimit: Double?, from start: ContinuousClock.Instant = .now) {
        end = timeLimit.map { start.advanced(by: .seconds(Swift.min(Swift.max($0, 0), 1e9))) }
    }

    /// The deadline at `end` (`nil`: none), for a stage handed an instant.
    public init(end: ContinuousClock.Instant?) {
        self.end = end
    }

    /// Whether there is a limit.
    public var isLimited: Bool { end != nil }

    /// Seconds left (never below 0), or `nil` without a limit.
    public var remaining: Double? {
        end.map { Swift.max(0, ContinuousClock.now.duration(to: $0).inSeconds) }
    }

    /// Whether the time has run out.
    public var hasPassed: Bool { end.map { ContinuousClock.now >= $0 } ?? false }

    /// A stage's time limit: `fraction` of what is left, at least `floor`
    /// seconds but never more than is left; `nil` without a limit.
    public func share(_ fraction: Double, floor: Double = 0) -> Double? {
        remaining.map { left in Swift.min(left, Swift.max(floor, left * fraction)) }
    }
}
