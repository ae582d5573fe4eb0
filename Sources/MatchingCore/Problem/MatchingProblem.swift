/// Everything a mentoring program's rules say about who may be matched with
/// whom, and what makes one matching better than another.
///
/// `M` mentors (rows) and `N` mentees (columns), a dense score matrix (higher
/// is better), and the rules:
/// - ``forbidden`` pairs never happen; ``fixed`` pairs always do;
/// - every mentor `i` takes between `mentorLoad[i].min` and `mentorLoad[i].max` mentees;
/// - every mentee `j` gets between `menteeDemand[j].min` and `menteeDemand[j].max`
///   distinct mentors (default `0…1`; above 1 the mentee gets a committee);
/// - ``separations``: two mentees who must not share a mentor;
/// - ``constraints``: rules over categorical attributes (``MatchingConstraint``);
/// - ``unmatchedPenalty``: subtracted from the objective for each mentee that ends
///   with no mentor at all (priority for people left out last round).
///
/// The value is plain data — a ``ScoreMatrix`` and the ``MatchingRules``,
/// which it shares with ``StreamedMatchingProblem`` (the rule properties
/// below read and write ``rules``). Build it, then call ``validate()``
/// (solvers call it too) to get a typed error naming the first rule that is
/// broken.
public struct MatchingProblem: Hashable, Sendable {
    /// The score of each (mentor, mentee) pair, higher is better.
    public var scores: ScoreMatrix
    /// The rules: bounds, pairs, separations, attributes, attribute rules, objective, penalties.
    public var rules: MatchingRules

    /// Creates a problem from its scores and rules. Nothing is checked here;
    /// call ``validate()`` to check.
    public init(scores: ScoreMatrix, rules: MatchingRules) {
        self.scores = scores
        self.rules = rules
    }

    /// Creates a problem where every mentor has the same load bounds, every
    /// mentee the same demand bounds and the same unmatched penalty (per-person
    /// bounds: ``init(scores:rules:)`` with a ``MatchingRules``).
    ///
    /// The defaults give the classic assignment problem: each mentor takes at
    /// most one mentee, each mentee gets at most one mentor.
    public init(
        scores: ScoreMatrix,
        mentorLoad: CountRange = CountRange(min: 0, max: 1),
        menteeDemand: CountRange = CountRange(min: 0, max: 1),
        forbidden: Set<Pair> = [],
        fixed: [Pair] = [],
        separations: [Separation] = [],
        mentorAttributes: [String: [String]] = [:],
        menteeAttributes: [String: [String]] = [:],
        constraints: [MatchingConstraint] = [],
        objective: Objective = .total,
        unmatchedPenalty: Double = 0
    ) {
        self.init(scores: scores, rules: MatchingRules(
            mentorLoad: Array(repeating: mentorLoad, count: scores.mentors),
            menteeDemand: Array(repeating: menteeDemand, count: scores.mentees),
            unmatchedPenalty: Array(repeating: unmatchedPenalty, count: scores.mentees), objective: objective,
            fixed: fixed, forbidden: forbidden, separations: separations,
            mentorAttributes: mentorAttributes, menteeAttributes: menteeAttributes, constraints: constraints))
    }

    /// Number of mentors (rows).
    public var mentorCount: Int { scores.mentors }
    /// Number of mentees (columns).
    public var menteeCount: Int { scores.mentees }

    /// Whether the pair may be matched (not forbidden). Indices must be in range.
    public func isAllowed(_ pair: Pair) -> Bool { !rules.forbidden.contains(pair) }

    /// Checks the scores (every one finite) and then the rules with the one
    /// validator, ``MatchingRules/validate(mentors:mentees:)``, and throws
    /// the first problem found.
    ///
    /// - Throws: ``MatchingError`` with code ``MatchingError/Code/invalidProblem``,
    ///   whose message names the mentor, mentee, pair or rule at fault.
    /// - Complexity: O(M·N) for the scores, then as the rules' validator.
    public func validate() throws {
        // A matrix its producer proved finite (a weighted sum of finite criteria) is not read again.
        if !scores.knownFiniteNonNegative { try checkFiniteScores() }
        try rules.validate(mentors: scores.mentors, mentees: scores.mentees)
    }

    /// Throws `invalidProblem` naming the first score that is not a finite number.
    private func checkFiniteScores() throws {
        let n = scores.mentees
        try scores.values.withUnsafeBufferPointer { buffer in
            // A score times 0 is ±0 when it is finite and NaN when it is infinite or NaN: the sum of
            // those products, four lanes at a time without an exit, is 0 exactly when every score is
            // finite; the culprit is found only on failure.
            var lanes = SIMD4<Double>(repeating: 0)
            var k = 0
            if let base = buffer.baseAddress {
                let raw = UnsafeRawPointer(base)
                while k + 4 <= buffer.count {
                    lanes += raw.loadUnaligned(fromByteOffset: k &* 8, as: SIMD4<Double>.self) * 0
                    k += 4
                }
            }
            var rest = 0.0
            while k < buffer.count { rest += buffer[k] * 0; k += 1 }
            guard lanes.sum() + rest != 0 else { return }
            for k in buffer.indices where !buffer[k].isFinite {
                throw MatchingError(.invalidProblem, "score of (mentor \(k / Swift.max(n, 1)), mentee \(k % Swift.max(n, 1))) is \(buffer[k]); scores must be finite numbers")
            }
        }
    }

    /// The problem without the rules that cannot bind, and a line for each
    /// (see ``MatchingRules/removingVacuousRules()``).
    public func removingVacuousRules() -> (problem: MatchingProblem, removed: [String]) {
        let (kept, removed) = rules.removingVacuousRules()
        return (MatchingProblem(scores: scores, rules: kept), removed)
    }
}
