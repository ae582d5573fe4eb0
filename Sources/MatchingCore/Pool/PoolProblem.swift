import Foundation

/// A peer-matching problem: one pool of people, every pair scored the same
/// both ways (symmetric or mutual mentoring, where each of two colleagues
/// teaches the other), each person with a range of partners (1 for pairs;
/// 2 or 3 for a circle of exchange partners).
///
/// It is maximum-weight (simple) b-matching on a general graph: vertex i is
/// person i, edge {i, j} has the pair's score, each pair used at most once.
/// A person left with no partner costs their ``unmatchedPenalty``; a person
/// takes between ``partners`` min and max partners (infeasible otherwise, and
/// the solver proves it).
///
/// Scores come from a square ``PairScoreSource``: pair {i, j} with i < j
/// scores row i, column j (the upper triangle is the problem; the source
/// must be symmetric, so that row j column i is the same value). A pair
/// that may not be matched is `-infinity`; the diagonal is never read.
public struct PoolProblem: Sendable {
    /// The scores (square, symmetric; `-infinity` for pairs that may not be matched).
    public let source: any PairScoreSource
    /// Per person, how many partners: `0…1` (may be left out), `1…1`
    /// (must be matched), `1…3` (a circle of up to three exchange partners)
    /// or `0…0` (sits this round out).
    public var partners: [CountRange]
    /// Per person, the score points lost when they are left out (≥ 0).
    public var unmatchedPenalty: [Double]
    /// Pairs that must be in the matching, as `Pair(i, j)` with i < j.
    public var fixed: [Pair]
    /// Categorical attributes the ``rules`` read: name → one value per person.
    public var attributes: [String: [String]] = [:]
    /// Rules beyond the matching structure (``PoolRule``); with any, the
    /// pool is an integer program (GLPK), not a blossom problem.
    public var rules: [PoolRule] = []
    /// Forbidden pairs given to ``init(scores:forbidden:partners:unmatchedPenalty:fixed:)``
    /// that name someone outside the pool (``validate()`` reports them).
    var forbiddenOutside: [Pair] = []

    /// Number of people.
    public var count: Int { source.mentorCount }

    /// A pool over `source`, everyone taking 0 or 1 partner with no penalty.
    public init(source: any PairScoreSource, partners: [CountRange]? = nil,
                unmatchedPenalty: [Double]? = nil, fixed: [Pair] = []) {
        self.source = source
        let n = source.mentorCount
        self.partners = partners ?? Array(repeating: CountRange(0...1), count: n)
        self.unmatchedPenalty = unmatchedPenalty ?? Array(repeating: 0, count: n)
        self.fixed = fixed
    }

    /// A pool over a dense square matrix: its upper triangle is the pool
    /// (mirrored when the matrix is not symmetric), and `forbidden` pairs
    /// (either order) may not be matched.
    public init(scores: ScoreMatrix, forbidden: Set<Pair> = [], partners: [CountRange]? = nil,
                unmatchedPenalty: [Double]? = nil, fixed: [Pair] = []) {
        var scores = scores
        if scores.mentors == scores.mentees {
            let n = scores.mentors
            var symmetric = true
            scores.values.withUnsafeBufferPointer { v in
                outer: for i in 0..<n { for j in (i + 1)..<n where v[i * n + j] != v[j * n + i] && !(v[i * n + j].isNaN && v[j * n + i].isNaN) { symmetric = false; break outer } }
            }
            if !symmetric {
                var values = scores.values
                for i in 0..<n { for j in (i + 1)..<n { values[j * n + i] = values[i * n + j] } }
                scores = try! ScoreMatrix(mentors: n, mentees: n, values: values)
            }
        }
        var both = Set<Pair>()
        let n = scores.mentors
        let outside = forbidden.filter { p in !(0..<n).contains(p.mentor.rawValue) || !(0..<n).contains(p.mentee.rawValue) }.sorted()
        for p in forbidden where !outside.contains(p) {
            both.insert(p)
            both.insert(Pair(MentorIndex(p.mentee.rawValue), MenteeIndex(p.mentor.rawValue)))
        }
        self.init(source: DenseScoreSource(scores, forbidden: both), partners: partners,
                  unmatchedPenalty: unmatchedPenalty, fixed: fixed)
        forbiddenOutside = outside
    }

    /// Throws `invalidProblem` naming the first rule that is wrong: a
    /// non-square source, counts of the wrong length, an inverted partner
    /// range, a negative or non-finite penalty, a
    /// fixed pair out of range, with itself, listed twice, forbidden, or
    /// giving someone more partners than their maximum; a rule on an
    /// attribute without one value per person, a negative limit, a share
    /// outside 0…1, an inverted quota range.
    public func validate() throws {
        let n = count
        guard source.menteeCount == n else {
            throw MatchingError(.invalidProblem, "a pool needs a square score matrix: \(n) rows but \(source.menteeCount) columns")
        }
        if let p = forbiddenOutside.first {
            throw MatchingError(.invalidProblem, "forbidden pair (\(p.mentor.rawValue), \(p.mentee.rawValue)) names someone outside the pool of \(n) (people 0…\(n - 1))")
        }
        guard partners.count == n else { throw MatchingError(.invalidProblem, "partners has \(partners.count) entries for \(n) people") }
        guard unmatchedPenalty.count == n else {
            throw MatchingError(.invalidProblem, "unmatchedPenalty has \(unmatchedPenalty.count) entries for \(n) people")
        }
        for (i, r) in partners.enumerated() {
            guard r.min >= 0, r.min <= r.max else { throw MatchingError(.invalidProblem, "person \(i): partners \(r) is not a range of counts") }
        }
        for (i, p) in unmatchedPenalty.enumerated() where !(p.isFinite && p >= 0) {
            throw MatchingError(.invalidProblem, "person \(i): unmatched penalty \(p) must be a finite number ≥ 0")
        }
        var taken = [Int](repeating: 0, count: n)
        var seen = Set<Pair>()
        for p in fixed {
            let i = p.mentor.rawValue, j = p.mentee.rawValue
            guard i >= 0, i < n, j >= 0, j < n, i != j else {
                throw MatchingError(.invalidProblem, "fixed pair (\(i), \(j)) needs two different people among 0…\(n - 1)")
            }
            guard seen.insert(Pair(MentorIndex(Swift.min(i, j)), MenteeIndex(Swift.max(i, j)))).inserted else {
                throw MatchingError(.invalidProblem, "fixed pair (\(i), \(j)) is listed twice")
            }
            for x in [i, j] {
                taken[x] += 1
                guard taken[x] <= partners[x].max else {
                    throw MatchingError(.invalidProblem, "person \(x) is in \(taken[x]) fixed pairs but takes at most \(partners[x].max) partner\(partners[x].max == 1 ? "" : "s")")
                }
            }
            guard score(i, j).isFinite else { throw MatchingError(.invalidProblem, "fixed pair (\(i), \(j)) is forbidden (its score is -infinity)") }
        }
        for (k, rule) in rules.enumerated() {
            func fail(_ why: String) -> MatchingError { MatchingError(.invalidProblem, "rules[\(k)] \(rule): \(why)") }
            guard let values = attributes[rule.attribute] else { throw fail("no attribute '\(rule.attribute)'") }
            guard values.count == n else { throw fail("attribute '\(rule.attribute)' has \(values.count) values for \(n) people") }
            switch rule {
            case .maxPerPerson(_, let limit): guard limit >= 0 else { throw fail("the limit must be 0 or more") }
            case .quota(_, _, let c): guard c.min >= 0, c.min <= c.max else { throw fail("\(c) is not a range of counts") }
            case .crossShare(_, let s): guard s.isFinite, (0...1).contains(s) else { throw fail("the share must be within 0…1") }
            }
        }
    }

    /// The objective of `pairs` (i < j, fixed pairs included): their scores
    /// less the penalties of the people left with no partner.
    ///
    /// - Complexity: O(n) score reads per person with a pair.
    public func objective(of pairs: [Pair]) -> Double {
        let n = count
        var degree = [Int](repeating: 0, count: n)
        var total = 0.0
        var row = [Double](repeating: 0, count: n)
        let byRow = Dictionary(grouping: pairs, by: { Swift.min($0.mentor.rawValue, $0.mentee.rawValue) })
        for i in byRow.keys.sorted() {
            row.withUnsafeMutableBufferPointer { source.scores(mentors: i..<(i + 1), into: $0) }
            for p in byRow[i]! {
                let j = Swift.max(p.mentor.rawValue, p.mentee.rawValue)
                total += row[j]
                degree[i] += 1; degree[j] += 1
            }
        }
        for v in 0..<n where degree[v] == 0 && partners[v].max > 0 { total -= unmatchedPenalty[v] }
        return total
    }

    /// The pair's score (i ≠ j), read from the upper triangle: `-infinity` when forbidden.
    public func score(_ i: Int, _ j: Int) -> Double {
        let (a, b) = i < j ? (i, j) : (j, i)
        let n = count
        var row = [Double](repeating: 0, count: n)
        row.withUnsafeMutableBufferPointer { source.scores(mentors: a..<(a + 1), into: $0) }
        return row[b]
    }
}

/// A matching in one pool and what is proven about it.
public struct PoolReport: Sendable {
    /// How the solve ended (`optimal` only with a checked certificate).
    public var termination: Termination
    /// The pairs, `Pair(i, j)` with i < j, ascending; `nil` when there is none.
    public var pairs: [Pair]?
    /// The objective: the matched pairs' scores minus the penalties of the people left out.
    public var objective: Double?
    /// The upper bound proven by ``duals`` (checked by ``OddSetBound``).
    public var bound: Double?
    /// The certificate: vertex and odd-set duals, in integer units of ``OddSetDuals/unit``.
    public var duals: OddSetDuals?
    /// Who made it.
    public var solver: SolverIdentity
    /// Time spent.
    public var timings: SolveTimings
    /// Counters: `rounds` (pricing rounds), `edges` (candidate edges at the end), `stages`, `scale`.
    public var statistics: [String: Double]
    /// Plain-language notes (scale, rounding, why infeasible).
    public var diagnostics: [String]

    /// Creates a report.
    public init(termination: Termination, pairs: [Pair]?, objective: Double?, bound: Double?, duals: OddSetDuals?,
                solver: SolverIdentity, timings: SolveTimings, statistics: [String: Double] = [:], diagnostics: [String] = []) {
        self.termination = termination
        self.pairs = pairs
        self.objective = objective
        self.bound = bound
        self.duals = duals
        self.solver = solver
        self.timings = timings
        self.statistics = statistics
        self.diagnostics = diagnostics
    }

    /// The people left out (no partner), ascending.
    public func unmatched(count n: Int) -> [Int] {
        var has = [Bool](repeating: false, count: n)
        for p in pairs ?? [] { has[p.mentor.rawValue] = true; has[p.mentee.rawValue] = true }
        return (0..<n).filter { !has[$0] }
    }
}
