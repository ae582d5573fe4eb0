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
        var out = [String]()
        let n = problem.count
        for (k, rule) in problem.rules.enumerated() {
            guard let values = problem.attributes[rule.attribute], values.count == n else {
                out.append("rules[\(k)] \(rule): no values for '\(rule.attribute)'"); continue
            }
            switch rule {
            case .maxPerPerson(_, let limit):
                var count = [String: Int]()
                for p in pairs {
                    let i = p.mentor.rawValue, j = p.mentee.rawValue
                    count["\(i)\u{0}\(values[j])", default: 0] += 1
                    count["\(j)\u{0}\(values[i])", default: 0] += 1
                }
                if let worst = count.filter({ $0.value > limit }).sorted(by: { $0.key < $1.key }).first {
                    let parts = worst.key.split(separator: "\u{0}", maxSplits: 1)
                    out.append("rules[\(k)] \(rule): person \(parts[0]) has \(worst.value) partners with \(rule.attribute) '\(parts.count > 1 ? String(parts[1]) : "")'")
                }
            case .quota(_, let value, let range):
                var matched = Set<Int>()
                for p in pairs { matched.insert(p.mentor.rawValue); matched.insert(p.mentee.rawValue) }
                let count = matched.filter { values[$0] == value }.count
                if !range.contains(count) { out.append("rules[\(k)] \(rule): \(count) such people have a partner") }
            case .crossShare(_, let minShare):
                let across = pairs.filter { values[$0.mentor.rawValue] != values[$0.mentee.rawValue] }.count
                if !pairs.isEmpty && Double(across) < minShare * Double(pairs.count) - 1e-9 {
                    out.append("rules[\(k)] \(rule): \(across) of \(pairs.count) pairs are across")
                }
            }
        }
        return out
    }
}
