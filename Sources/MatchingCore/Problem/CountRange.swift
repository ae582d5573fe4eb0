/// An inclusive range of counts, `min...max`, for loads, demands and quotas.
///
/// Unlike `ClosedRange`, a `CountRange` can hold an inverted range so that
/// ``MatchingProblem/validate()`` can report it as an error naming its place
/// instead of trapping.
public struct CountRange: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The smallest allowed count.
    public var min: Int
    /// The largest allowed count.
    public var max: Int

    /// Creates `min...max`.
    @inlinable
    public init(min: Int, max: Int) {
        self.min = min
        self.max = max
    }

    /// Creates the range from a closed range.
    @inlinable
    public init(_ range: ClosedRange<Int>) {
        self.init(min: range.lowerBound, max: range.upperBound)
    }

    /// Whether `count` lies in the range.
    @inlinable
    public func contains(_ count: Int) -> Bool { count >= min && count <= max }

    /// `min…max`, or `≥ min` when there is no maximum (`Int.max`).
    public var description: String { max == Int.max ? "≥ \(min)" : "\(min)…\(max)" }
}
