/// The splitmix64 generator of `Benchmarks/generator/GENERATOR.md`, which every tool
/// in the benchmark comparison reproduces bit for bit.
///
/// All arithmetic wraps modulo 2⁶⁴; the state starts at the seed.
/// - Complexity: O(1) per draw.
public struct SplitMix64: Sendable {
    /// The current state.
    public var state: UInt64

    /// Creates a generator whose state starts at `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64-bit value.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The benchmark score matrix `gen(m, n, seed)`: row-major,
    /// `score[i][j] = next() % 1_000_001`, integers 0…1,000,000 — finite and
    /// non-negative by construction, so the matrix is marked so
    /// (its package-internal `knownFiniteNonNegative` flag) and the checks skip their
    /// passes over it.
    public static func scoreMatrix(mentors m: Int, mentees n: Int, seed: UInt64) -> ScoreMatrix {
        precondition(m >= 0 && n >= 0, "negative matrix size")
        var g = SplitMix64(seed: seed)
        var values = ContiguousArray<Double>()
        values.reserveCapacity(m * n)
        for _ in 0..<(m * n) { values.append(Double(g.next() % 1_000_001)) }
        // The sizes match by construction.
        return try! ScoreMatrix(mentors: m, mentees: n, provenFiniteNonNegative: values)
    }
}
