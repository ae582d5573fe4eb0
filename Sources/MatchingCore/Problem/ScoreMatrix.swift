/// A dense mentors × mentees matrix of scores, higher is better.
///
/// Storage is one flat row-major buffer: row `i` (mentor) is the contiguous
/// slice `i * mentees ..< (i + 1) * mentees`.
public struct ScoreMatrix: Hashable, Sendable {
    /// Number of rows (mentors).
    public let mentors: Int
    /// Number of columns (mentees).
    public let mentees: Int
    /// Row-major values, `mentors * mentees` of them.
    public private(set) var values: ContiguousArray<Double>
    /// Whether every value is known to be finite and at least 0 without
    /// reading them: set only by a producer in this package that proved it
    /// from its inputs (a weighted sum of non-negative criteria), dropped by
    /// any write. ``MatchingProblem/validate()`` and ``SentinelScores`` then
    /// skip their passes over the values. Not part of equality.
    package private(set) var knownFiniteNonNegative = false

    /// Creates a matrix from row-major values.
    ///
    /// - Throws: ``MatchingError`` with code ``MatchingError/Code/invalidProblem``
    ///   when the sizes are negative or `values` does not hold `mentors * mentees`
    ///   entries.
    public init(mentors: Int, mentees: Int, values: ContiguousArray<Double>) throws {
        guard mentors >= 0, mentees >= 0 else {
            throw MatchingError(.invalidProblem, "score matrix size \(mentors)×\(mentees) is negative")
        }
        let (count, overflow) = mentors.multipliedReportingOverflow(by: mentees)
        guard !overflow, values.count == count else {
            throw MatchingError(
                .invalidProblem,
                "score matrix of \(mentors)×\(mentees) needs \(mentors)×\(mentees) values, got \(values.count)")
        }
        self.mentors = mentors
        self.mentees = mentees
        self.values = values
    }

    /// Creates a matrix from rows (one array per mentor).
    ///
    /// - Throws: ``MatchingError`` when the rows have different lengths, naming the first bad row.
    public init(rows: [[Double]]) throws {
        let n = rows.first?.count ?? 0
        var flat = ContiguousArray<Double>()
        flat.reserveCapacity(rows.count * n)
        for (i, row) in rows.enumerated() {
            guard row.count == n else {
                throw MatchingError(
                    .invalidProblem, "score matrix row \(i) has \(row.count) values, row 0 has \(n)")
            }
            flat.append(contentsOf: row)
        }
        try self.init(mentors: rows.count, mentees: n, values: flat)
    }

    /// Creates a matrix by calling `score(i, j)` for every cell in row-major order.
    public init(mentors: Int, mentees: Int, score: (Int, Int) throws -> Double) rethrows {
        precondition(mentors >= 0 && mentees >= 0, "negative matrix size")
        var flat = ContiguousArray<Double>()
        flat.reserveCapacity(mentors * mentees)
        for i in 0..<mentors {
            for j in 0..<mentees { flat.append(try score(i, j)) }
        }
        self.mentors = mentors
        self.mentees = mentees
        self.values = flat
    }

    /// The score of mentor `i` with mentee `j` (0-based).
    public subscript(i: Int, j: Int) -> Double {
        get { values[i &* mentees &+ j] }
        set {
            values[i &* mentees &+ j] = newValue
            knownFiniteNonNegative = false
        }
    }

    /// A matrix of `values` its producer proved finite and non-negative
    /// (``knownFiniteNonNegative``); the sizes are checked as by
    /// ``init(mentors:mentees:values:)``, the values are not read.
    package init(mentors: Int, mentees: Int, provenFiniteNonNegative values: ContiguousArray<Double>) throws {
        try self.init(mentors: mentors, mentees: mentees, values: values)
        knownFiniteNonNegative = true
    }

    /// Rewrites every value in place (``values`` copied first only when its
    /// storage is shared); `provenFiniteNonNegative` as for
    /// ``init(mentors:mentees:provenFiniteNonNegative:)``.
    package mutating func overwriteValues(provenFiniteNonNegative: Bool, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) {
        values.withUnsafeMutableBufferPointer { body($0) }
        knownFiniteNonNegative = provenFiniteNonNegative
    }

    public static func == (a: ScoreMatrix, b: ScoreMatrix) -> Bool {
        a.mentors == b.mentors && a.mentees == b.mentees && a.values == b.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(mentors)
        hasher.combine(mentees)
        hasher.combine(values)
    }

    /// The score of a pair.
    public subscript(pair: Pair) -> Double {
        self[pair.mentor.rawValue, pair.mentee.rawValue]
    }
}
