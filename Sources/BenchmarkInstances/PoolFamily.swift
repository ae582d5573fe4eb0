import MatchingCore

/// Benchmark families for matching within one pool (peer mentoring), on the
/// generator of `Benchmarks/generator/GENERATOR.md`, so that MentorMatch and the
/// general-graph peers (networkx, rustworkx, LEMON) solve the same graphs.
///
/// Both are complete graphs on n people with integer weights:
/// - ``peer``: `w(i, j) = S[i][j]` for i < j with `S = gen(n, n, seed = n)`
///   (the upper triangle; `shared/bench/nx_bench.py`'s family);
/// - ``popularity``: `w(i, j) = a_i · a_j div 10⁶ + S[i][j] mod 100,001`
///   with `a = gen(1, n, seed = n + 1)[0]`: everyone's top choices are the
///   same few people, which makes many odd cycles in the relaxation.
public enum PoolFamily: String, Sendable, CaseIterable, Codable {
    /// Uniform random weights.
    case peer
    /// Weights driven by a popularity score per person.
    case popularity

    /// The family's weights at size n, streamed a block of rows at a time.
    public func source(count n: Int, seed: UInt64? = nil) -> PoolBenchmarkSource {
        PoolBenchmarkSource(family: self, count: n, seed: seed ?? UInt64(n))
    }

    /// The family's pool: everyone takes 0 or 1 partner, no penalties.
    public func problem(count n: Int, seed: UInt64? = nil) -> PoolProblem {
        PoolProblem(source: source(count: n, seed: seed))
    }
}

/// The symmetric weights of a ``PoolFamily``: any entry of the generator's
/// stream is computed directly (splitmix64's k-th state is
/// `seed + k · 0x9E3779B97F4A7C15`), so row i needs no other row.
public struct PoolBenchmarkSource: PairScoreSource {
    /// The family.
    public let family: PoolFamily
    /// Number of people.
    public let count: Int
    /// The generator's seed.
    public let seed: UInt64
    private let popularity: [Double]

    /// The source of `family` at size `count`.
    public init(family: PoolFamily, count: Int, seed: UInt64) {
        self.family = family
        self.count = count
        self.seed = seed
        popularity = family == .popularity ? (0..<count).map { Double(Self.draw(seed &+ 1, $0) % 1_000_001) } : []
    }

    /// Rows and columns: the people.
    public var mentorCount: Int { count }
    /// Rows and columns: the people.
    public var menteeCount: Int { count }

    /// The k-th draw (k = 0, 1, …) of splitmix64 started at `seed`.
    @inline(__always) static func draw(_ seed: UInt64, _ k: Int) -> UInt64 {
        var z = seed &+ UInt64(k + 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The weight of pair {i, j}, i ≠ j.
    @inline(__always) public func weight(_ i: Int, _ j: Int) -> Double {
        let (a, b) = i < j ? (i, j) : (j, i)
        let s = Self.draw(seed, a * count + b) % 1_000_001
        switch family {
        case .peer: return Double(s)
        case .popularity: return Double(Int64(popularity[a]) * Int64(popularity[b]) / 1_000_000 + Int64(s % 100_001))
        }
    }

    /// Rows `rows` of the symmetric weight matrix (the diagonal is `-infinity`).
    public func scores(mentors rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Double>) {
        let n = count
        for (k, i) in rows.enumerated() {
            for j in 0..<n { buffer[k * n + j] = j == i ? -.infinity : weight(i, j) }
        }
    }
}
