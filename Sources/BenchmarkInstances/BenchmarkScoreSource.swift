import MatchingCore

/// The scores of a benchmark family (``BenchmarkFamily``) streamed: the
/// generator's state jumps straight to each row's first draw (splitmix64 adds
/// a constant per draw), so any block of rows is produced without the rows
/// before it, and never the whole matrix. Pairs the family forbids read as
/// `-infinity`.
public struct BenchmarkScoreSource: PairScoreSource {
    /// Number of mentors.
    public let mentorCount: Int
    /// Number of mentees.
    public let menteeCount: Int
    /// The generator's seed.
    public let seed: UInt64
    /// Whether the DIV pattern of forbidden pairs applies (same department, `(i + j) % 3 == 0`).
    public let forbidsSameDepartment: Bool

    /// The source of `family`'s scores at this size.
    public init(family: BenchmarkFamily, mentors: Int, mentees: Int, seed: UInt64? = nil) {
        mentorCount = mentors
        menteeCount = mentees
        self.seed = seed ?? UInt64(mentees)
        forbidsSameDepartment = [.div, .divTU, .divSep, .tight].contains(family)
    }

    /// Rows `rows` of the family's score matrix.
    public func scores(mentors rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Double>) {
        let n = menteeCount
        let menteeDept = forbidsSameDepartment ? (0..<n).map { BenchmarkFamily.department($0, seed: seed) } : []
        for (k, i) in rows.enumerated() {
            var g = SplitMix64(seed: seed &+ UInt64(i) &* UInt64(n) &* 0x9E37_79B9_7F4A_7C15)
            let dept = forbidsSameDepartment ? BenchmarkFamily.department(i, seed: seed) : -1
            for j in 0..<n {
                let v = Double(g.next() % 1_000_001)
                buffer[k * n + j] = forbidsSameDepartment && menteeDept[j] == dept && (i + j) % 3 == 0 ? -.infinity : v
            }
        }
    }
}

extension BenchmarkFamily {
    /// The family's problem with its scores streamed (``BenchmarkScoreSource``)
    /// instead of a dense matrix: the same scores and rules as
    /// ``problem(mentors:mentees:seed:)``.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/unsupported`` when candidate pricing
    ///   cannot hold the family's rules (``/MatchingCore/ProblemShape``
    ///   names the rule: LSA's and CAP's mentee minimums, DIV-SEP's and
    ///   TIGHT's separations); DIV and DIV-TU stream.
    public func streamedProblem(mentors m: Int, mentees n: Int, seed: UInt64? = nil) throws -> StreamedMatchingProblem {
        let problem = StreamedMatchingProblem(source: BenchmarkScoreSource(family: self, mentors: m, mentees: n, seed: seed),
                                              rules: rules(mentors: m, mentees: n, seed: seed))
        do {
            try problem.validate()
        } catch let e as MatchingError where e.code == .unsupported {
            throw MatchingError(.unsupported, "the \(rawValue) family does not stream: \(e.message)")
        }
        return problem
    }
}
