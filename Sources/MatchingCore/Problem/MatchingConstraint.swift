/// A program rule on groups of pairs, expressed over categorical attributes
/// of mentors and mentees (see ``MatchingProblem/mentorAttributes`` and
/// ``MatchingProblem/menteeAttributes``).
public enum MatchingConstraint: Hashable, Sendable {
    /// No mentor gets more than `limit` mentees that share one value of the
    /// mentee attribute `attribute` (e.g. at most 2 mentees from any one department).
    case maxPerMentor(attribute: String, limit: Int)
    /// The number of matched pairs whose mentee has `value` for `attribute`
    /// lies in `count` (e.g. at least 20 pairs for mentees in the early-career group).
    case quota(attribute: String, value: String, count: CountRange)
    /// Every mentee, matched or not, has between `count.min` and `count.max`
    /// mentors with `value` for the mentor attribute `attribute`
    /// (committee variety, as reviewer panels use).
    case composition(attribute: String, value: String, count: CountRange)
    /// At least `minShare` (0…1) of the matched pairs join a mentor and a
    /// mentee whose values of `attribute` differ; both sides carry the attribute.
    case crossShare(attribute: String, minShare: Double)
    /// Every group of mentees sharing a value of `attribute` has a matched
    /// share (mentees with at least one mentor, of the group) within
    /// `margin` (0…1) of the whole's matched share: `|m_v/n_v − m/n| ≤ margin`.
    /// Mentees with no allowed pair or a demand of at most 0 are not counted
    /// (no matching can match them); see ``ParityGroups``. Demographic parity of the selection rate,
    /// as fairness audits state it (Dwork et al., "Fairness through
    /// awareness", 2012); a linear rule, held exactly by the integer program.
    case parity(attribute: String, margin: Double)
    /// Every group of mentees sharing a value of `attribute` whose mentees
    /// have at least one pair has a mean pair score within `margin` (score
    /// points, ≥ 0) of the whole's mean pair score:
    /// `|S_v/P_v − S/P| ≤ margin`, with `S` and `P` the total score and the
    /// number of matched pairs, and `S_v`, `P_v` those of the pairs whose
    /// mentee has value `v` (the ``ParityGroups`` of `attribute`). A group
    /// with no pair has no mean and is not held (pair this rule with
    /// ``parity(attribute:margin:)`` or demand minimums to keep every group
    /// matched). Outcome parity of the pair quality, the mean-score measure
    /// the bias audit reports. The rule is a ratio of sums that depend on the
    /// matching; the integer program holds it exactly by expanding the pair
    /// counts in unary and linearising their products with the whole's mean
    /// (McCormick, "Computability of global solutions to factorable nonconvex
    /// programs", 1976; exact for a binary times a bounded variable).
    case scoreParity(attribute: String, margin: Double)

    /// The rule's kind as used in problem files: `maxPerMentor`, `quota`,
    /// `composition`, `crossShare`, `parity` or `scoreParity`.
    public var kind: String {
        switch self {
        case .maxPerMentor: "maxPerMentor"
        case .quota: "quota"
        case .composition: "composition"
        case .crossShare: "crossShare"
        case .parity: "parity"
        case .scoreParity: "scoreParity"
        }
    }

    /// The attribute the rule reads.
    public var attribute: String {
        switch self {
        case .maxPerMentor(let a, _), .quota(let a, _, _), .composition(let a, _, _), .crossShare(let a, _), .parity(let a, _),
             .scoreParity(let a, _): a
        }
    }
}

extension MatchingConstraint: CustomStringConvertible {
    /// The rule in words, e.g. `maxPerMentor(department) ≤ 2`.
    public var description: String {
        switch self {
        case .maxPerMentor(let a, let limit):
            "maxPerMentor(\(a)) ≤ \(limit)"
        case .quota(let a, let v, let c):
            "quota(\(a) = \(v)) in \(c)"
        case .composition(let a, let v, let c):
            "composition(\(a) = \(v)) in \(c) per mentee"
        case .crossShare(let a, let s):
            "crossShare(\(a)) ≥ \(s)"
        case .parity(let a, let margin):
            "parity(\(a)) within ±\(margin)"
        case .scoreParity(let a, let margin):
            "scoreParity(\(a)) within ±\(margin) points"
        }
    }
}

/// What the solver maximises.
public enum Objective: String, Hashable, Sendable, Codable, CaseIterable {
    /// Maximise the total score of the matched pairs minus the unmatched
    /// penalty of every mentee left with no mentor.
    case total
    /// First maximise the worst outcome — the smallest score among matched
    /// pairs, where a mentee left with no mentor counts as minus its unmatched
    /// penalty — then, among matchings with that worst outcome, maximise the
    /// ``total``.
    case maxMin
}
