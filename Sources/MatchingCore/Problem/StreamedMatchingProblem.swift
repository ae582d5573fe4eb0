/// The scores of every (mentor, mentee) pair, produced a block of mentor rows
/// at a time instead of held in one dense matrix, so that a problem with
/// hundreds of millions of pairs can be solved in bounded memory.
///
/// A source is read several times (once to pick candidates, then once per
/// pricing round) and from several threads at once, for disjoint rows; it must
/// give the same values every time.
public protocol PairScoreSource: Sendable {
    /// Number of mentors (rows).
    var mentorCount: Int { get }
    /// Number of mentees (columns).
    var menteeCount: Int { get }
    /// Writes the scores of the mentors in `rows`, row-major with
    /// ``menteeCount`` values per row, into `buffer` (which holds exactly
    /// `rows.count · menteeCount` values). A pair that may not be matched is
    /// `-infinity`; every other value must be finite.
    func scores(mentors rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Double>)
    /// Writes the scores of mentor `row` with mentees `columns` (in that
    /// order) into `buffer` (which holds exactly `columns.count` values):
    /// the same values, bit for bit, as ``scores(mentors:into:)`` gives for
    /// those pairs. A solver that must find candidates without scoring whole
    /// rows (a time limit cut its pass) asks for a few pairs this way.
    ///
    /// The default scores the whole row and picks: O(mentees). A source
    /// that can score one pair alone should do so: O(columns).
    func scores(mentor row: Int, mentees columns: [Int], into buffer: UnsafeMutableBufferPointer<Double>)
}

extension PairScoreSource {
    /// Scores the whole row and picks `columns` (see the requirement).
    public func scores(mentor row: Int, mentees columns: [Int], into buffer: UnsafeMutableBufferPointer<Double>) {
        let whole = UnsafeMutableBufferPointer<Double>.allocate(capacity: Swift.max(1, menteeCount))
        defer { whole.deallocate() }
        scores(mentors: row..<(row + 1), into: UnsafeMutableBufferPointer(rebasing: whole[0..<menteeCount]))
        for (k, j) in columns.enumerated() { buffer[k] = whole[j] }
    }
}

/// A dense score matrix and its forbidden pairs as a ``PairScoreSource``
/// (for embedders that have the matrix already, and for checking the
/// streamed solvers against the dense ones).
public struct DenseScoreSource: PairScoreSource {
    /// The scores.
    public let matrix: ScoreMatrix
    /// Per mentor, its forbidden mentees, ascending.
    let forbiddenOfRow: [[Int]]

    /// Wraps `matrix`; `forbidden` pairs read as `-infinity`.
    public init(_ matrix: ScoreMatrix, forbidden: Set<Pair> = []) {
        self.matrix = matrix
        var rows = [[Int]](repeating: [], count: matrix.mentors)
        for p in forbidden { rows[p.mentor.rawValue].append(p.mentee.rawValue) }
        forbiddenOfRow = rows.map { $0.sorted() }
    }

    /// Number of mentors.
    public var mentorCount: Int { matrix.mentors }
    /// Number of mentees.
    public var menteeCount: Int { matrix.mentees }

    /// Copies rows `rows` of the matrix, forbidden pairs as `-infinity`.
    public func scores(mentors rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Double>) {
        let n = matrix.mentees
        matrix.values.withUnsafeBufferPointer { s in
            for (k, i) in rows.enumerated() {
                let out = buffer.baseAddress! + k * n
                out.update(from: s.baseAddress! + i * n, count: n)
                for j in forbiddenOfRow[i] { out[j] = -.infinity }
            }
        }
    }

    /// Reads the pairs of mentor `row` with `columns`, forbidden pairs as
    /// `-infinity`. O(columns · log forbidden of the row).
    public func scores(mentor row: Int, mentees columns: [Int], into buffer: UnsafeMutableBufferPointer<Double>) {
        let forbidden = forbiddenOfRow[row], n = matrix.mentees
        for (k, j) in columns.enumerated() {
            var lo = 0, hi = forbidden.count
            while lo < hi { let mid = (lo + hi) / 2; if forbidden[mid] < j { lo = mid + 1 } else { hi = mid } }
            buffer[k] = lo < forbidden.count && forbidden[lo] == j ? -.infinity : matrix.values[row * n + j]
        }
    }
}

/// A matching problem whose scores are streamed from a ``PairScoreSource``
/// rather than held densely: the problem class of very large cohorts, solved
/// exactly by `CandidatePricingSolver` (candidate pairs, then pricing of
/// every other pair with the dual values, until none can improve the
/// matching).
///
/// Its rules are the same ``MatchingRules`` value a dense
/// ``MatchingProblem`` holds, checked by the same validator; forbidden pairs
/// are `-infinity` in the source (``MatchingRules/forbidden`` stays empty).
/// It is solvable when the candidate-pricing method holds its rules —
/// ``ProblemShape/candidatePricingRefusal`` is `nil` — which
/// ``validate()`` checks.
public struct StreamedMatchingProblem: Sendable {
    /// Where the scores come from (`-infinity`: the pair is not allowed).
    public var source: any PairScoreSource
    /// The rules (``MatchingRules/forbidden`` empty: the source forbids).
    public var rules: MatchingRules

    /// Creates a problem from a source and rules; call ``validate()`` to check it.
    public init(source: any PairScoreSource, rules: MatchingRules) {
        self.source = source
        self.rules = rules
    }

    /// Creates a problem; call ``validate()`` to check it.
    public init(source: any PairScoreSource, mentorLoad: [CountRange], menteeDemand: [CountRange],
                fixed: [Pair] = [], menteeAttributes: [String: [String]] = [:],
                constraints: [MatchingConstraint] = [], unmatchedPenalty: [Double]) {
        self.init(source: source, rules: MatchingRules(
            mentorLoad: mentorLoad, menteeDemand: menteeDemand, unmatchedPenalty: unmatchedPenalty, fixed: fixed,
            menteeAttributes: menteeAttributes, constraints: constraints))
    }

    /// The same problem with its dense scores streamed (forbidden pairs read
    /// as `-infinity`).
    ///
    /// - Throws: ``MatchingError/Code/unsupported`` when candidate pricing
    ///   cannot hold `problem`'s rules (``ProblemShape/candidatePricingRefusal``).
    public init(_ problem: MatchingProblem) throws {
        if let refusal = problem.rules.shape.candidatePricingRefusal { throw MatchingError(.unsupported, refusal) }
        var rules = problem.rules
        rules.forbidden = []
        self.init(source: DenseScoreSource(problem.scores, forbidden: problem.forbidden), rules: rules)
    }

    /// Number of mentors.
    public var mentorCount: Int { source.mentorCount }
    /// Number of mentees.
    public var menteeCount: Int { source.menteeCount }

    /// Checks the rules with the one validator
    /// (``MatchingRules/validate(mentors:mentees:)``), then that candidate
    /// pricing holds them, and throws the first problem found. (Whether
    /// fixed pairs are allowed is checked when the scores are read.)
    ///
    /// - Throws: ``MatchingError/Code/invalidProblem`` for a broken rule of the
    ///   model; ``MatchingError/Code/unsupported`` for a rule candidate
    ///   pricing does not hold, naming it (``ProblemShape``); a forbidden pair
    ///   in the rules rather than the source is ``MatchingError/Code/invalidProblem``.
    public func validate() throws {
        try rules.validate(mentors: mentorCount, mentees: menteeCount)
        if let p = rules.forbidden.sorted().first {
            throw MatchingError(.invalidProblem, "forbidden pair \(p.mentor.rawValue),\(p.mentee.rawValue): a streamed problem's forbidden pairs are -infinity in its score source")
        }
        if let refusal = rules.shape.candidatePricingRefusal { throw MatchingError(.unsupported, refusal) }
    }
}
