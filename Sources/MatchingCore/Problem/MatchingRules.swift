/// The rule book of a matching problem: everything a mentoring program says
/// about who may be matched with whom and what is maximised, apart from the
/// scores themselves.
///
/// One value serves both problem kinds — ``MatchingProblem`` (a dense
/// ``ScoreMatrix``) and ``StreamedMatchingProblem`` (a ``PairScoreSource``) —
/// which differ only in where their scores come from. It has one validator
/// (``validate(mentors:mentees:)``), one reduction (``ReducedRules``: fixed
/// pairs out, bounds shrunk, penalties folded) and one capability classifier
/// (``ProblemShape``) that every solver and router asks.
///
/// For `M` mentors and `N` mentees:
/// - every mentor `i` takes between `mentorLoad[i].min` and `mentorLoad[i].max` mentees;
/// - every mentee `j` gets between `menteeDemand[j].min` and `menteeDemand[j].max`
///   distinct mentors (above 1: a committee);
/// - ``forbidden`` pairs never happen; ``fixed`` pairs always do;
/// - ``separations``: two mentees who must not share a mentor;
/// - ``constraints``: rules over categorical attributes (``MatchingConstraint``);
/// - ``unmatchedPenalty``: subtracted from the objective for each mentee that ends
///   with no mentor at all.
public struct MatchingRules: Hashable, Sendable {
    /// Load bounds per mentor (`M` entries).
    public var mentorLoad: [CountRange]
    /// Demand bounds per mentee (`N` entries).
    public var menteeDemand: [CountRange]
    /// Pairs that must never be matched.
    public var forbidden: Set<Pair> {
        didSet { (forbiddenInRange, allowedCounts, forbiddenMasks) = (_Memo(), _Memo(), _Memo()) }
    }
    /// What ``forbidden`` gives at a size, computed once (no part of the rules' value).
    var forbiddenInRange = _Memo<_ProblemSize, Bool>()
    var allowedCounts = _Memo<_ProblemSize, (mentors: [Int], mentees: [Int])>()
    var forbiddenMasks = _Memo<_ProblemSize, [Bool]>()
    /// Pairs that must be matched.
    public var fixed: [Pair]
    /// Pairs of mentees who must not share a mentor.
    public var separations: [Separation]
    /// Categorical attributes of mentors: attribute name → one value per mentor.
    public var mentorAttributes: [String: [String]] { didSet { mentorCodings = _Memo() } }
    /// Categorical attributes of mentees: attribute name → one value per mentee.
    public var menteeAttributes: [String: [String]] { didSet { menteeCodings = _Memo() } }
    /// Each side's attribute codings, computed once (no part of the rules' value).
    var mentorCodings = _Memo<String, AttributeCoding>(), menteeCodings = _Memo<String, AttributeCoding>()
    /// Rules over attributes.
    public var constraints: [MatchingConstraint]
    /// What to maximise.
    public var objective: Objective
    /// Per mentee (`N` entries): subtracted from the objective when that mentee has no mentor.
    public var unmatchedPenalty: [Double]

    /// Creates a rule book: per-person bounds and penalties first, then the
    /// rest, each empty by default. Nothing is checked here (see
    /// ``validate(mentors:mentees:)``).
    public init(
        mentorLoad: [CountRange], menteeDemand: [CountRange], unmatchedPenalty: [Double], objective: Objective = .total,
        fixed: [Pair] = [], forbidden: Set<Pair> = [], separations: [Separation] = [],
        mentorAttributes: [String: [String]] = [:], menteeAttributes: [String: [String]] = [:],
        constraints: [MatchingConstraint] = []
    ) {
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

    /// What these rules make the problem, for the solvers (see ``ProblemShape``).
    ///
    /// - Complexity: O(N + rules).
    public var shape: ProblemShape { ProblemShape(self) }
}
