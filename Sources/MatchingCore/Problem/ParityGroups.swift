/// The groups a ``MatchingConstraint/parity(attribute:margin:)`` rule
/// compares: the mentees with at least one allowed pair and a demand
/// maximum above 0 (no matching can match the others, so they are not
/// counted), split by their value of the
/// attribute. The one definition the integer program's rows and the
/// validator share.
///
/// - Complexity: O(M·N) to build (the allowed pairs are counted).
public struct ParityGroups: Sendable {
    /// The counted mentees, ascending.
    public let counted: [Int]
    /// The values present among them, ascending.
    public let values: [String]
    /// Per value, its counted mentees, ascending.
    public let members: [[Int]]
    /// Per mentee, the index of its value in ``values``, or -1 when it is not counted.
    public let groupOf: [Int]

    /// The groups of `attribute` in `problem` (a valid problem: the
    /// attribute is a mentee attribute).
    public init(_ problem: MatchingProblem, attribute: String) {
        let allowed = problem.allowedCounts().mentees
        let attributeValues = problem.menteeAttributes[attribute] ?? []
        counted = (0..<problem.menteeCount).filter { allowed[$0] > 0 && problem.menteeDemand[$0].max > 0 }
        var byValue = [String: [Int]]()
        for j in counted { byValue[attributeValues[j], default: []].append(j) }
        values = byValue.keys.sorted()
        members = values.map { byValue[$0]! }
        var groupOf = [Int](repeating: -1, count: problem.menteeCount)
        for (v, group) in members.enumerated() { for j in group { groupOf[j] = v } }
        self.groupOf = groupOf
    }

    /// The total score and the number of `pairs` whose mentee is counted,
    /// in each group (in ``values`` order): what a `scoreParity` rule's means
    /// are made of. Pairs of mentees who are not counted are left out.
    ///
    /// - Complexity: O(pairs).
    public func pairTotals(_ pairs: some Sequence<Pair>, scores: ScoreMatrix) -> [(score: Double, pairs: Int)] {
        var totals = [(score: Double, pairs: Int)](repeating: (0, 0), count: values.count)
        for p in pairs {
            let v = groupOf[p.mentee.rawValue]
            guard v >= 0 else { continue }
            totals[v].score += scores[p]
            totals[v].pairs += 1
        }
        return totals
    }

    /// The whole's matched share and each group's (in ``values`` order),
    /// with `matched(j)` telling whether mentee `j` has a mentor; 0 when
    /// nobody is counted.
    public func shares(matched: (Int) -> Bool) -> (whole: Double, groups: [Double]) {
        guard !counted.isEmpty else { return (0, members.map { _ in 0 }) }
        let whole = Double(counted.filter(matched).count) / Double(counted.count)
        return (whole, members.map { Double($0.filter(matched).count) / Double($0.count) })
    }
}
