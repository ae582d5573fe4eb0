/// A rule on a pool matching beyond capacities, penalties and exclusions
/// (mutual mode's `matching.rules`), over ``PoolProblem/attributes``.
///
/// These are not matching structures: the blossom solver cannot hold them,
/// and a pool with rules is solved as an integer program
/// (``IntegerProgram/init(pool:)``, GLPK's branch and bound, whose LP bound
/// is the proven bound).
public enum PoolRule: Hashable, Sendable, CustomStringConvertible {
    /// Each person has at most `limit` (≥ 0) partners with any one value of
    /// `attribute` (e.g. at most 1 partner from each department).
    case maxPerPerson(attribute: String, limit: Int)
    /// Between `count.min` and `count.max` of the people whose `attribute`
    /// is `value` have at least one partner.
    case quota(attribute: String, value: String, count: CountRange)
    /// At least `minShare` (0…1) of the pairs join two people whose
    /// `attribute` differs.
    case crossShare(attribute: String, minShare: Double)

    /// The attribute the rule reads.
    public var attribute: String {
        switch self {
        case .maxPerPerson(let a, _), .quota(let a, _, _), .crossShare(let a, _): a
        }
    }

    /// The rule in words, e.g. `maxPerPerson(department) ≤ 1`.
    public var description: String {
        switch self {
        case .maxPerPerson(let a, let limit): "maxPerPerson(\(a)) ≤ \(limit)"
        case .quota(let a, let v, let c): "quota(\(a) = \(v)) in \(c)"
        case .crossShare(let a, let s): "crossShare(\(a)) ≥ \(s)"
        }
    }

    /// How `pairs` (i < j) break the rules of `problem`, one line per
    /// broken rule with the first offender; empty when every rule holds.
    /// The independent check of any pool matching with rules.
    ///
    /// - Complexity: O(pairs · rules).
    public static func violations(of pairs: [Pair], in problem: PoolProblem) -> [String] {
        let missing = problem.rules.enumerated().filter { problem.attributes[$1.attribute]?.count != problem.count }
        guard missing.isEmpty else { return missing.map { "rules[\($0)] \($1): no values for '\($1.attribute)'" } }
        return PoolRuleCounts(problem, pairs: pairs).violations()
    }
}
