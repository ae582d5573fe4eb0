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
/// The value is plain data: build it, then call ``validate()`` (solvers call it
/// too) to get a typed error naming the first rule that is broken.
public struct MatchingProblem: Hashable, Sendable {
    /// The score of each (mentor, mentee) pair, higher is better.
    public var scores: ScoreMatrix
    /// Load bounds per mentor (`scores.mentors` entries).
    public var mentorLoad: [CountRange]
    /// Demand bounds per mentee (`scores.mentees` entries).
    public var menteeDemand: [CountRange]
    /// Pairs that must never be matched.
    public var forbidden: Set<Pair>
    /// Pairs that must be matched.
    public var fixed: [Pair]
    /// Pairs of mentees who must not share a mentor.
    public var separations: [Separation]
    /// Categorical attributes of mentors: attribute name → one value per mentor.
    public var mentorAttributes: [String: [String]]
    /// Categorical attributes of mentees: attribute name → one value per mentee.
    public var menteeAttributes: [String: [String]]
    /// Rules over attributes.
    public var constraints: [MatchingConstraint]
    /// What to maximise.
    public var objective: Objective
    /// Per mentee: subtracted from the objective when that mentee has no mentor.
    public var unmatchedPenalty: [Double]

    /// Creates a problem with per-person bounds and penalties.
    ///
    /// Nothing is checked here; call ``validate()`` to check.
    public init(
        scores: ScoreMatrix,
        mentorLoad: [CountRange],
        menteeDemand: [CountRange],
        forbidden: Set<Pair> = [],
        fixed: [Pair] = [],
        separations: [Separation] = [],
        mentorAttributes: [String: [String]] = [:],
        menteeAttributes: [String: [String]] = [:],
        constraints: [MatchingConstraint] = [],
        objective: Objective = .total,
        unmatchedPenalty: [Double]
    ) {
        self.scores = scores
        self.mentorLoad = mentorLoad
        self.menteeDemand = menteeDemand
        self.forbidden = forbidden
        self.fixed = fixed
        self.separations = separations
        self.mentorAttributes = mentorAttributes
        self.menteeAttributes = menteeAttributes
        self.constraints = constraints
        self.objective = objective
        self.unmatchedPenalty = unmatchedPenalty
    }

    /// Creates a problem where every mentor has the same load bounds, every
    /// mentee the same demand bounds and the same unmatched penalty.
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
        self.init(
            scores: scores,
            mentorLoad: Array(repeating: mentorLoad, count: scores.mentors),
            menteeDemand: Array(repeating: menteeDemand, count: scores.mentees),
            forbidden: forbidden, fixed: fixed, separations: separations,
            mentorAttributes: mentorAttributes, menteeAttributes: menteeAttributes,
            constraints: constraints, objective: objective,
            unmatchedPenalty: Array(repeating: unmatchedPenalty, count: scores.mentees))
    }

    /// Number of mentors (rows).
    public var mentorCount: Int { scores.mentors }
    /// Number of mentees (columns).
    public var menteeCount: Int { scores.mentees }

    /// Whether the pair may be matched (not forbidden). Indices must be in range.
    public func isAllowed(_ pair: Pair) -> Bool { !forbidden.contains(pair) }
}
