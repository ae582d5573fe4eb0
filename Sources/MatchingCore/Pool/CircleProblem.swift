/// A rule on the make-up of every group of a ``CircleProblem``.
public enum CircleRule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// At most `limit` (≥ 1) people with the same value of `attribute` in one
    /// group, e.g. at most 2 from one department.
    case maxPerGroup(attribute: String, limit: Int)

    /// The attribute the rule reads.
    public var attribute: String {
        switch self { case .maxPerGroup(let a, _): a }
    }

    /// The rule in words, e.g. `maxPerGroup(department) ≤ 2`.
    public var description: String {
        switch self { case .maxPerGroup(let a, let limit): "maxPerGroup(\(a)) ≤ \(limit)" }
    }
}

/// Peer-mentoring circles: one pool of n people partitioned into groups
/// whose sizes lie in ``groupSize``, maximising the within-group
/// compatibility — the maximally diverse grouping problem (Gallego, Laguna,
/// Martí and Duarte 2013), NP-hard as it contains graph partitioning.
///
/// The objective of a partition is `Σ_groups Σ_{i<j in the group} s_ij`.
/// Everyone is in exactly one group. Scores follow ``PoolProblem``'s
/// convention: a square, symmetric ``PairScoreSource``; pair {i, j} with
/// i < j scores row i, column j; `-infinity` means that the two may not be
/// in the same group; the diagonal is never read. ``rules`` restrict the
/// make-up of every group (``CircleRule``), over ``attributes`` (one value
/// per person).
public struct CircleProblem: Sendable {
    /// The scores (square, symmetric; `-infinity`: may not share a group).
    public let source: any PairScoreSource
    /// The size every group must have, e.g. `4…4` or `3…5` (min ≥ 1).
    public var groupSize: CountRange
    /// Categorical attributes: name → one value per person (n entries).
    public var attributes: [String: [String]]
    /// Rules every group must keep.
    public var rules: [CircleRule]

    /// Number of people.
    public var count: Int { source.mentorCount }

    /// Creates a problem over `source`; call ``validate()`` to check it.
    public init(source: any PairScoreSource, groupSize: CountRange, attributes: [String: [String]] = [:], rules: [CircleRule] = []) {
        self.source = source
        self.groupSize = groupSize
        self.attributes = attributes
        self.rules = rules
    }

    /// A problem over a dense symmetric matrix; `forbidden` pairs (either
    /// order) may not share a group.
    public init(scores: ScoreMatrix, forbidden: Set<Pair> = [], groupSize: CountRange,
                attributes: [String: [String]] = [:], rules: [CircleRule] = []) {
        var both = Set<Pair>()
        for p in forbidden {
            both.insert(p)
            both.insert(Pair(MentorIndex(p.mentee.rawValue), MenteeIndex(p.mentor.rawValue)))
        }
        self.init(source: DenseScoreSource(scores, forbidden: both), groupSize: groupSize, attributes: attributes, rules: rules)
    }

    /// The numbers of groups `k` into which `people` can be split with every
    /// size in `sizes` (`k · min ≤ people ≤ k · max`), or `nil` when there
    /// is none; `0…0` for nobody.
    ///
    /// - Complexity: O(1).
    public static func groupCounts(people: Int, sizes: CountRange) -> ClosedRange<Int>? {
        guard people > 0 else { return people == 0 ? 0...0 : nil }
        guard sizes.min >= 1, sizes.min <= sizes.max else { return nil }
        let fewest = (people + sizes.max - 1) / sizes.max, most = people / sizes.min
        return fewest <= most ? fewest...most : nil
    }

    /// Throws `invalidProblem` naming the first rule that is wrong: a
    /// non-square source, a group size that is not a range of counts ≥ 1,
    /// sizes that cannot partition the n people, an attribute with the wrong
    /// number of values, a rule on an unknown attribute or with a limit < 1.
    ///
    /// Whether the rules admit any partition (a department too large for its
    /// limit, a person forbidden with nearly everyone) is not checked here:
    /// that is a result of the solve (`infeasible`), not an error.
    ///
    /// - Complexity: O(n · attributes + rules).
    public func validate() throws {
        let n = count
        guard source.menteeCount == n else {
            throw MatchingError(.invalidProblem, "circles need a square score matrix: \(n) rows but \(source.menteeCount) columns")
        }
        guard groupSize.min >= 1, groupSize.min <= groupSize.max else {
            throw MatchingError(.invalidProblem, "groupSize \(groupSize) must be a range of counts with minimum ≥ 1")
        }
        guard Self.groupCounts(people: n, sizes: groupSize) != nil else {
            throw MatchingError(.invalidProblem, "\(n) people cannot be split into groups of \(groupSize) people")
        }
        for (name, values) in attributes.sorted(by: { $0.key < $1.key }) where values.count != n {
            throw MatchingError(.invalidProblem, "attribute \"\(name)\" has \(values.count) values for \(n) people")
        }
        for (k, rule) in rules.enumerated() {
            switch rule {
            case .maxPerGroup(let a, let limit):
                guard limit >= 1 else { throw MatchingError(.invalidProblem, "rules[\(k)] \(rule): the limit must be at least 1") }
                guard attributes[a] != nil else {
                    let known = attributes.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                    throw MatchingError(.invalidProblem, "rules[\(k)] \(rule): unknown attribute \"\(a)\" (known: \(known.isEmpty ? "none" : known))")
                }
            }
        }
    }

    /// The objective of `groups` (each a list of person indices): the sum of
    /// the scores of the pairs within each group, `-infinity` when a group
    /// holds a forbidden pair. Indices must be in range; nothing else is checked.
    ///
    /// - Complexity: O(Σ |group| · n) score reads (one row per member).
    public func objective(of groups: [[Int]]) -> Double {
        let n = count
        var row = [Double](repeating: 0, count: n)
        var total = 0.0
        for group in groups {
            for (a, i) in group.enumerated() {
                row.withUnsafeMutableBufferPointer { source.scores(mentors: i..<(i + 1), into: $0) }
                for j in group[(a + 1)...] { total += row[j] }
            }
        }
        return total
    }
}
