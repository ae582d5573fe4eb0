// The rule properties of both problem kinds read and write their one
// ``MatchingRules`` value, so code written against a problem reads
// `problem.mentorLoad` whichever kind it holds.

/// A problem made of scores (dense or streamed) and one ``MatchingRules``.
public protocol RuleBookProblem: Sendable {
    /// The rules.
    var rules: MatchingRules { get set }
    /// Number of mentors (rows).
    var mentorCount: Int { get }
    /// Number of mentees (columns).
    var menteeCount: Int { get }
}

extension RuleBookProblem {
    /// Load bounds per mentor (``MatchingRules/mentorLoad``).
    @inlinable public var mentorLoad: [CountRange] { get { rules.mentorLoad } set { rules.mentorLoad = newValue } }
    /// Demand bounds per mentee (``MatchingRules/menteeDemand``).
    @inlinable public var menteeDemand: [CountRange] { get { rules.menteeDemand } set { rules.menteeDemand = newValue } }
    /// Pairs that must never be matched (``MatchingRules/forbidden``).
    @inlinable public var forbidden: Set<Pair> { get { rules.forbidden } set { rules.forbidden = newValue } }
    /// Pairs that must be matched (``MatchingRules/fixed``).
    @inlinable public var fixed: [Pair] { get { rules.fixed } set { rules.fixed = newValue } }
    /// Pairs of mentees who must not share a mentor (``MatchingRules/separations``).
    @inlinable public var separations: [Separation] { get { rules.separations } set { rules.separations = newValue } }
    /// Mentor attributes (``MatchingRules/mentorAttributes``).
    @inlinable public var mentorAttributes: [String: [String]] { get { rules.mentorAttributes } set { rules.mentorAttributes = newValue } }
    /// Mentee attributes (``MatchingRules/menteeAttributes``).
    @inlinable public var menteeAttributes: [String: [String]] { get { rules.menteeAttributes } set { rules.menteeAttributes = newValue } }
    /// Rules over attributes (``MatchingRules/constraints``).
    @inlinable public var constraints: [MatchingConstraint] { get { rules.constraints } set { rules.constraints = newValue } }
    /// What to maximise (``MatchingRules/objective``).
    @inlinable public var objective: Objective { get { rules.objective } set { rules.objective = newValue } }
    /// Per-mentee unmatched penalties (``MatchingRules/unmatchedPenalty``).
    @inlinable public var unmatchedPenalty: [Double] { get { rules.unmatchedPenalty } set { rules.unmatchedPenalty = newValue } }
    /// What the rules make the problem (``ProblemShape``).
    public var shape: ProblemShape { rules.shape }
}

extension MatchingProblem: RuleBookProblem {}
extension StreamedMatchingProblem: RuleBookProblem {}
