/// A pool matching's standing against its ``PoolRule``s, kept pair by pair
/// in integer counts over coded attribute values: partners per person and
/// value (`maxPerPerson`), pairs across (`crossShare`), people with the
/// value who have a partner (`quota`). The one place the rules are counted:
/// the independent check (``PoolRule/violations(of:in:)``), and the
/// Lagrangian heuristic's repair, refill and subgradients.
///
/// - Complexity: O(n · values) memory per `maxPerPerson` rule; `add`,
///   `remove` and `allows` O(rules).
public struct PoolRuleCounts: Sendable {
    let rules: [PoolRule]
    /// Per rule: each person's value code (a quota: 1 for the value, else 0).
    public let codes: [[Int]]
    /// Per rule: the values' names by code.
    let names: [[String]]
    /// Per person: partners so far.
    public private(set) var degree: [Int]
    /// Pairs so far.
    public private(set) var pairs = 0
    /// Per `maxPerPerson` rule: partners per person and value, `person · values + code`.
    public private(set) var perValue: [[Int]]
    var across: [Int]
    var matched: [Int]

    /// Empty counts for `problem`, whose rules must have a value per person (``PoolProblem/validate()``).
    public init(_ problem: PoolProblem) {
        let n = problem.count
        rules = problem.rules
        var codes = [[Int]](), names = [[String]]()
        for rule in rules {
            let values = problem.attributes[rule.attribute] ?? Array(repeating: "", count: n)
            if case .quota(_, let value, _) = rule {
                codes.append(values.map { $0 == value ? 1 : 0 }); names.append(["other", value])
                continue
            }
            var index = [String: Int](), order = [String]()
            codes.append(values.map { v in
                if let c = index[v] { return c }
                index[v] = order.count; order.append(v)
                return order.count - 1
            })
            names.append(order)
        }
        self.codes = codes
        self.names = names
        degree = [Int](repeating: 0, count: n)
        let rules = problem.rules
        perValue = rules.indices.map { k in
            if case .maxPerPerson = rules[k] { [Int](repeating: 0, count: n * names[k].count) } else { [] }
        }
        across = [Int](repeating: 0, count: rules.count)
        matched = across
    }

    /// The counts of `pairs` (i < j).
    public init(_ problem: PoolProblem, pairs: [Pair]) {
        self.init(problem)
        for p in pairs { add(p.mentor.rawValue, p.mentee.rawValue) }
    }

    /// The number of values of rule k.
    public func valueCount(rule k: Int) -> Int { names[k].count }

    /// Counts pair {i, j}.
    public mutating func add(_ i: Int, _ j: Int) { change(i, j, by: 1) }

    /// Uncounts pair {i, j}.
    public mutating func remove(_ i: Int, _ j: Int) { change(i, j, by: -1) }

    private mutating func change(_ i: Int, _ j: Int, by d: Int) {
        if d < 0 { degree[i] -= 1; degree[j] -= 1 }
        for (k, rule) in rules.enumerated() {
            let c = codes[k], values = names[k].count
            switch rule {
            case .maxPerPerson:
                perValue[k][i * values + c[j]] += d
                perValue[k][j * values + c[i]] += d
            case .crossShare: if c[i] != c[j] { across[k] += d }
            case .quota:
                // A person counts while they have a partner: at their first pair, until their last.
                if c[i] == 1 && degree[i] == 0 { matched[k] += d }
                if c[j] == 1 && degree[j] == 0 { matched[k] += d }
            }
        }
        if d > 0 { degree[i] += 1; degree[j] += 1 }
        pairs += d
    }

    /// Whether pair {i, j} has a person over a `maxPerPerson` limit on the other's value.
    public func overLimit(_ i: Int, _ j: Int) -> Bool {
        for (k, rule) in rules.enumerated() {
            guard case .maxPerPerson(_, let limit) = rule else { continue }
            let c = codes[k], values = names[k].count
            if perValue[k][i * values + c[j]] > limit || perValue[k][j * values + c[i]] > limit { return true }
        }
        return false
    }

    /// Whether adding pair {i, j} keeps every `maxPerPerson` limit, every
    /// `crossShare` and every quota maximum (minimums can only be reached by adding).
    public func allows(_ i: Int, _ j: Int) -> Bool {
        for (k, rule) in rules.enumerated() {
            let c = codes[k]
            switch rule {
            case .maxPerPerson(_, let limit):
                let values = names[k].count
                if perValue[k][i * values + c[j]] >= limit || perValue[k][j * values + c[i]] >= limit { return false }
            case .crossShare(_, let share):
                if Double(across[k] + (c[i] != c[j] ? 1 : 0)) < share * Double(pairs + 1) - 1e-9 { return false }
            case .quota(_, _, let range):
                let extra = (c[i] == 1 && degree[i] == 0 ? 1 : 0) + (c[j] == 1 && degree[j] == 0 ? 1 : 0)
                if matched[k] + extra > range.max { return false }
            }
        }
        return true
    }

    /// One line per broken rule, with its first offender (the lowest person, then value code).
    public func violations() -> [String] {
        var out = [String]()
        for (k, rule) in rules.enumerated() {
            switch rule {
            case .maxPerPerson(_, let limit):
                let values = names[k].count
                if let q = perValue[k].firstIndex(where: { $0 > limit }) {
                    out.append("rules[\(k)] \(rule): person \(q / values) has \(perValue[k][q]) partners with \(rule.attribute) '\(names[k][q % values])'")
                }
            case .quota(_, _, let range):
                if !range.contains(matched[k]) { out.append("rules[\(k)] \(rule): \(matched[k]) such people have a partner") }
            case .crossShare(_, let minShare):
                if pairs > 0 && Double(across[k]) < minShare * Double(pairs) - 1e-9 {
                    out.append("rules[\(k)] \(rule): \(across[k]) of \(pairs) pairs are across")
                }
            }
        }
        return out
    }
}
