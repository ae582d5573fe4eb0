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
}

/// A matching problem whose scores are streamed from a ``PairScoreSource``
/// rather than held densely: the problem class of very large cohorts, solved
/// exactly by `CandidatePricingSolver` (candidate pairs, then pricing of every other
/// pair with the dual values, until none can improve the matching).
///
/// It holds the rules the streamed solver keeps exact: mentor load bounds
/// (minimums included), mentee demands with no minimum (above one: a
/// committee of distinct mentors), fixed pairs, unmatched penalties for
/// mentees who take at most one mentor, a `maxPerMentor` cap on one mentee
/// attribute (the first rule) and `quota` rules (minimums and maximums) on
/// one mentee attribute. The objective is the total
/// score minus the penalties of the mentees left out.
public struct StreamedMatchingProblem: Sendable {
    /// Where the scores come from (`-infinity`: the pair is not allowed).
    public var source: any PairScoreSource
    /// Load bounds per mentor.
    public var mentorLoad: [CountRange]
    /// Demand bounds per mentee (minimum 0).
    public var menteeDemand: [CountRange]
    /// Pairs that must be matched.
    public var fixed: [Pair]
    /// Categorical attributes of mentees: name → one value per mentee.
    public var menteeAttributes: [String: [String]]
    /// Rules: an optional `maxPerMentor` cap first, then `quota` rules on one mentee attribute.
    public var constraints: [MatchingConstraint]
    /// Per mentee: subtracted from the objective when that mentee has no mentor.
    public var unmatchedPenalty: [Double]

    /// Creates a problem; call ``validate()`` to check it.
    public init(source: any PairScoreSource, mentorLoad: [CountRange], menteeDemand: [CountRange],
                fixed: [Pair] = [], menteeAttributes: [String: [String]] = [:],
                constraints: [MatchingConstraint] = [], unmatchedPenalty: [Double]) {
        self.source = source
        self.mentorLoad = mentorLoad
        self.menteeDemand = menteeDemand
        self.fixed = fixed
        self.menteeAttributes = menteeAttributes
        self.constraints = constraints
        self.unmatchedPenalty = unmatchedPenalty
    }

    /// The same problem with its dense scores streamed (forbidden pairs read
    /// as `-infinity`).
    ///
    /// - Throws: ``MatchingError/Code/unsupported`` when `problem` has rules
    ///   a streamed problem cannot hold (separations, mentor attributes
    ///   rules, more than one rule, the maxMin objective).
    public init(_ problem: MatchingProblem) throws {
        guard problem.separations.isEmpty else { throw MatchingError(.unsupported, "a streamed problem has no separations") }
        guard problem.objective == .total else { throw MatchingError(.unsupported, "a streamed problem maximises the total score only") }
        self.init(source: DenseScoreSource(problem.scores, forbidden: problem.forbidden),
                  mentorLoad: problem.mentorLoad, menteeDemand: problem.menteeDemand, fixed: problem.fixed,
                  menteeAttributes: problem.menteeAttributes, constraints: problem.constraints,
                  unmatchedPenalty: problem.unmatchedPenalty)
    }

    /// Number of mentors.
    public var mentorCount: Int { source.mentorCount }
    /// Number of mentees.
    public var menteeCount: Int { source.menteeCount }

    /// The `maxPerMentor` rule, if there is one: its attribute and limit.
    public var diversityRule: (attribute: String, limit: Int)? {
        guard case .maxPerMentor(let attribute, let limit)? = constraints.first else { return nil }
        return (attribute, limit)
    }

    /// The `quota` rules (all on one mentee attribute): each rule's index,
    /// value and bounds.
    public var quotas: (attribute: String, rules: [(index: Int, value: String, count: CountRange)])? {
        var attribute: String?
        var rules = [(index: Int, value: String, count: CountRange)]()
        for (k, rule) in constraints.enumerated() {
            if case .quota(let a, let v, let c) = rule { attribute = a; rules.append((k, v, c)) }
        }
        return attribute.map { ($0, rules) }
    }

    /// Checks sizes, bounds, penalties, fixed pairs and the rule, and throws
    /// the first problem found, naming the mentor, mentee, pair or rule.
    /// (Whether fixed pairs are allowed is checked when the scores are read.)
    ///
    /// - Throws: ``MatchingError/Code/invalidProblem`` for a broken rule of the
    ///   model; ``MatchingError/Code/unsupported`` for a rule a streamed
    ///   problem does not hold.
    public func validate() throws {
        let m = mentorCount, n = menteeCount
        func fail(_ message: String) -> MatchingError { MatchingError(.invalidProblem, message) }
        guard m >= 0, n >= 0 else { throw fail("the score source has \(m) mentors and \(n) mentees") }
        guard m < Int(Int32.max), n < Int(Int32.max) else {
            throw MatchingError(.tooLarge, "\(m) mentors × \(n) mentees: each side must stay below 2³¹")
        }
        guard mentorLoad.count == m else { throw fail("mentorLoad has \(mentorLoad.count) entries for \(m) mentors") }
        guard menteeDemand.count == n else { throw fail("menteeDemand has \(menteeDemand.count) entries for \(n) mentees") }
        guard unmatchedPenalty.count == n else { throw fail("unmatchedPenalty has \(unmatchedPenalty.count) entries for \(n) mentees") }
        for (i, r) in mentorLoad.enumerated() {
            guard r.min >= 0 else { throw fail("mentor \(i) has a negative minimum load \(r.min)") }
            guard r.min <= r.max else { throw fail("mentor \(i) has load bounds \(r.min)…\(r.max): minimum above maximum") }
        }
        for (j, r) in menteeDemand.enumerated() {
            guard r.min >= 0, r.min <= r.max else { throw fail("mentee \(j) has demand bounds \(r.min)…\(r.max)") }
            guard r.min == 0 else {
                throw MatchingError(.unsupported, "mentee \(j) has a minimum demand of \(r.min); a streamed problem takes mentee minimums of 0 only")
            }
        }
        for (j, p) in unmatchedPenalty.enumerated() {
            guard p.isFinite, p >= 0 else { throw fail("unmatched penalty of mentee \(j) is \(p); it must be a finite number ≥ 0") }
            if p > 0 && menteeDemand[j].max > 1 {
                throw MatchingError(.unsupported, "mentee \(j) takes a committee and has an unmatched penalty; a streamed problem takes penalties for single-mentor mentees only")
            }
        }
        var seen = Set<Pair>()
        var perMentor = [Int](repeating: 0, count: m), perMentee = [Int](repeating: 0, count: n)
        for p in fixed {
            guard (0..<m).contains(p.mentor.rawValue), (0..<n).contains(p.mentee.rawValue) else {
                throw fail("fixed pair \(p.mentor.rawValue),\(p.mentee.rawValue) is out of range \(m) × \(n)")
            }
            guard seen.insert(p).inserted else { throw fail("fixed pair \(p) is listed twice") }
            perMentor[p.mentor.rawValue] += 1
            perMentee[p.mentee.rawValue] += 1
        }
        for i in 0..<m where perMentor[i] > mentorLoad[i].max {
            throw fail("mentor \(i) has \(perMentor[i]) fixed pairs but a maximum load of \(mentorLoad[i].max)")
        }
        for j in 0..<n where perMentee[j] > menteeDemand[j].max {
            throw fail("mentee \(j) has \(perMentee[j]) fixed pairs but a maximum demand of \(menteeDemand[j].max)")
        }
        var quotaAttribute: String?, quotaValues = Set<String>()
        for (k, rule) in constraints.enumerated() {
            let attribute: String
            switch rule {
            case .maxPerMentor(let a, let limit):
                guard k == 0 else {
                    throw MatchingError(.unsupported, "rule \(k) (maxPerMentor): a streamed problem takes one maxPerMentor rule, first")
                }
                guard limit >= 0 else { throw fail("rule 0 (maxPerMentor \(a)): limit \(limit) is negative") }
                attribute = a
            case .quota(let a, let value, let count):
                if let q = quotaAttribute, q != a {
                    throw MatchingError(.unsupported, "rule \(k) (quota on \(a)): a streamed problem takes quotas on one mentee attribute (\(q))")
                }
                guard quotaValues.insert(value).inserted else {
                    throw MatchingError(.unsupported, "rule \(k) (quota on \(a) = \(value)): a streamed problem takes one quota per value")
                }
                guard count.min >= 0, count.min <= count.max else { throw fail("rule \(k) (quota on \(a) = \(value)): bounds \(count)") }
                quotaAttribute = a
                attribute = a
            default:
                throw MatchingError(.unsupported, "rule \(k) (\(rule.kind)): a streamed problem takes a maxPerMentor rule and quotas on one mentee attribute only")
            }
            guard let values = menteeAttributes[attribute] else {
                throw fail("rule \(k) (\(rule.kind) on \(attribute)): no mentee attribute '\(attribute)'")
            }
            guard values.count == n else {
                throw fail("mentee attribute '\(attribute)' has \(values.count) values for \(n) mentees")
            }
        }
    }
}
