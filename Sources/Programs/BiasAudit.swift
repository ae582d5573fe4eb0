import Compatibility
import MatchingCore

/// What the bias audit flags (`audit:` in a program config):
///
/// ```yaml
/// audit:
///   matchRateGap: 0.10      # a group's match rate this far from the whole's (0…1)
///   scoreGap: 5             # a group's mean pair score this many points from the whole's (of 100)
///   topQuartileGap: 0.10    # a group's share of pairs in the top quartile this far from 25 % (0…1)
///   minimumGroup: 5         # smaller groups are listed, never flagged (too few to tell)
/// ```
public struct AuditSettings: Hashable, Sendable, Codable {
    /// The largest match-rate difference from the whole that is not flagged, 0…1.
    public var matchRateGap: Double = 0.10
    /// The largest mean-score difference (points of 100) that is not flagged.
    public var scoreGap: Double = 5
    /// The largest difference of the top-quartile share from the whole's that is not flagged, 0…1.
    public var topQuartileGap: Double = 0.10
    /// Groups with fewer people are listed but not flagged.
    public var minimumGroup: Int = 5

    /// The defaults above.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case matchRateGap, scoreGap, topQuartileGap, minimumGroup }

    /// Decodes the settings; unknown keys and out-of-range values are errors.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "audit")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        matchRateGap = try c.decodeIfPresent(Double.self, forKey: .matchRateGap) ?? 0.10
        scoreGap = try c.decodeIfPresent(Double.self, forKey: .scoreGap) ?? 5
        topQuartileGap = try c.decodeIfPresent(Double.self, forKey: .topQuartileGap) ?? 0.10
        minimumGroup = try c.decodeIfPresent(Int.self, forKey: .minimumGroup) ?? 5
        for (key, value) in [(CodingKeys.matchRateGap, matchRateGap), (.topQuartileGap, topQuartileGap)] where !(value.isFinite && (0...1).contains(value)) {
            throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: "\(key.rawValue) must be a share from 0 to 1")
        }
        guard scoreGap.isFinite, (0...100).contains(scoreGap) else {
            throw DecodingError.dataCorruptedError(forKey: .scoreGap, in: c, debugDescription: "scoreGap must be a number of score points from 0 to 100")
        }
        guard minimumGroup >= 1 else {
            throw DecodingError.dataCorruptedError(forKey: .minimumGroup, in: c, debugDescription: "minimumGroup must be a whole number ≥ 1")
        }
    }
}

/// A bias audit of a matching: for every attribute of the cohort
/// (department, location, time zone and each free column such as gender or
/// region), each group's match rate, mean pair score and share of pairs in
/// the top quartile, on each side, with the disparities beyond the
/// ``AuditSettings`` flagged.
///
/// - The people counted are those eligible this round who can take someone
///   (someone sitting out, or with a capacity of 0, is not a disparity of
///   the matching); a blank value is its own group, `unknown`.
/// - The top quartile is the pairs scoring at least the 75th percentile of
///   all pair scores (nearest rank); with ties above the cut, more than a
///   quarter of the pairs can be in it, and the whole's share is the
///   reference, not 25 %.
/// - A group is flagged when a measure differs from the whole's by more
///   than its setting *and* by at least two standard errors of a group of
///   its size drawn at random from the whole (`√(p(1−p)/n)` for a share,
///   `σ/√pairs` for the mean score), so that a small group's chance
///   variation is not reported as bias; groups under `minimumGroup` people
///   are never flagged.
/// - Attributes with a single value, more than 20 values, or more than half
///   as many values as people (ids, names, emails, phone numbers) are not
///   audited, nor are the carried contact columns.
///
/// Complexity: O(people · attributes + pairs · log pairs).
public struct BiasAudit: Hashable, Sendable {
    /// One group of one attribute on one side.
    public struct Group: Hashable, Sendable {
        /// The attribute's value (`unknown` for a blank).
        public var value: String
        /// Eligible people in the group.
        public var people: Int
        /// Of them, those with at least one partner.
        public var matched: Int
        /// `matched / people`.
        public var matchRate: Double
        /// Pairs that include a member (a mentor's each mentee counts).
        public var pairs: Int
        /// The mean score of those pairs (`nil` with none).
        public var meanScore: Double?
        /// The share of those pairs in the top quartile (`nil` with none).
        public var topQuartileShare: Double?
        /// The disparities beyond the settings, in words (empty: none, or a group too small to flag).
        public var flags: [String]
    }

    /// One attribute on one side: its groups, largest first.
    public struct Attribute: Hashable, Sendable {
        /// The attribute (`department`, `gender`, …).
        public var name: String
        /// `mentee`, `mentor` or `person` (mutual mode).
        public var side: String
        /// The whole side: eligible people, matched, match rate, pairs, mean score, top-quartile share.
        public var whole: Group
        /// Its groups, most people first.
        public var groups: [Group]
    }

    /// The settings the flags use.
    public var settings: AuditSettings
    /// The lowest score in the top quartile (`nil` without pairs).
    public var topQuartileCut: Double?
    /// Every audited attribute, by side then name.
    public var attributes: [Attribute]

    /// Every flag, as `side attribute = value: flag`.
    public var flagged: [String] {
        attributes.flatMap { a in a.groups.flatMap { g in g.flags.map { "\(a.side)s with \(a.name) = \(g.value): \($0)" } } }
    }
}

extension MentoringProgram {
    /// The attributes the audit reads: the built-in ones and every free
    /// column, less the carried contact columns.
    func auditedAttributeNames() -> [String] {
        let carried = Set(carriedFields.map(\.key))
        let free = Set(cohort.profiles.flatMap { $0.attributes.keys })
        return (["department", "location", "timezone"] + free.sorted()).filter { !carried.contains($0) }
    }

    /// The bias audit of `result` (``BiasAudit``), with this config's
    /// `audit` settings.
    public func biasAudit(_ result: ProgramResult) -> BiasAudit {
        let settings = config.audit
        let scores = result.assignments.map(\.score).sorted()
        let cut: Double? = scores.isEmpty ? nil : scores[Swift.max(0, Int((0.75 * Double(scores.count)).rounded(.up)) - 1)]
        let pool = self.pool != nil || circles != nil   // one pool: each pair's two people are both "person"
        // Per side: the cohort indices of its people (eligible), and per person the scores of their pairs.
        var sides = [(name: String, people: [Int], pairScores: [Int: [Double]], deviation: Double)]()
        let x = pairs
        var byMentor = [Int: [Double]](), byMentee = [Int: [Double]]()
        for a in result.assignments {
            byMentor[x.mentorIndices[a.mentorRow], default: []].append(a.score)
            byMentee[x.menteeIndices[a.menteeColumn], default: []].append(a.score)
        }
        // The standard deviation of all pair scores (each pair once), for the score test.
        let mean = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
        let deviation = scores.isEmpty ? 0 : (scores.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(scores.count)).squareRoot()
        // Counted: eligible people who can take someone (a capacity of 0 asks for no one: not a disparity).
        let loads = rules.mentorLoad, demands = rules.menteeDemand
        let mentorsCounted = x.mentorIndices.indices.filter { cohort.profiles[x.mentorIndices[$0]].eligible && loads[$0].max > 0 }.map { x.mentorIndices[$0] }
        let menteesCounted = x.menteeIndices.indices.filter { cohort.profiles[x.menteeIndices[$0]].eligible && demands[$0].max > 0 }.map { x.menteeIndices[$0] }
        if pool {
            var both = byMentor
            for (k, s) in byMentee { both[k, default: []] += s }
            sides.append(("person", mentorsCounted, both, deviation))
        } else {
            sides.append(("mentee", menteesCounted, byMentee, deviation))
            sides.append(("mentor", mentorsCounted, byMentor, deviation))
        }
        func group(_ value: String, _ members: [Int], _ pairScores: [Int: [Double]]) -> BiasAudit.Group {
            let own = members.flatMap { pairScores[$0] ?? [] }
            let matched = members.filter { !(pairScores[$0] ?? []).isEmpty }.count
            return BiasAudit.Group(
                value: value, people: members.count, matched: matched,
                matchRate: members.isEmpty ? 0 : Double(matched) / Double(members.count), pairs: own.count,
                meanScore: own.isEmpty ? nil : own.reduce(0, +) / Double(own.count),
                topQuartileShare: own.isEmpty || cut == nil ? nil : Double(own.filter { $0 >= cut! }.count) / Double(own.count),
                flags: [])
        }
        var attributes = [BiasAudit.Attribute]()
        let names = auditedAttributeNames()
        for side in sides {
            let whole = group("all", side.people, side.pairScores)
            for name in names {
                var members = [String: [Int]]()
                for k in side.people { members[Self.attribute(name, of: cohort.profiles[k]) ?? Self.unknownValue, default: []].append(k) }
                // Groups, not identities: at most 20 values, and fewer than half as many values as people
                // (names, emails, phone numbers are near unique and never audited).
                guard members.count >= 2, members.count <= 20, 2 * members.count <= side.people.count else { continue }
                let groups = members.map { value, ks -> BiasAudit.Group in
                    var g = group(value, ks, side.pairScores)
                    guard g.people >= settings.minimumGroup else { return g }
                    // Beyond the setting and at least two standard errors from the whole (a group of n
                    // drawn at random from the whole), so that a small group's chance variation is not flagged.
                    func beyond(_ gap: Double, _ limit: Double, standardError: Double) -> Bool {
                        abs(gap) > limit && abs(gap) >= 2 * standardError
                    }
                    func shareError(_ p: Double, _ n: Int) -> Double { (p * (1 - p) / Double(Swift.max(n, 1))).squareRoot() }
                    if beyond(g.matchRate - whole.matchRate, settings.matchRateGap, standardError: shareError(whole.matchRate, g.people)) {
                        g.flags.append("match rate \(Self.percent(g.matchRate)) against \(Self.percent(whole.matchRate)) overall")
                    }
                    if let m = g.meanScore, let all = whole.meanScore,
                       beyond(m - all, settings.scoreGap, standardError: side.deviation / Double(g.pairs).squareRoot()) {
                        g.flags.append("mean pair score \(Self.points(m)) against \(Self.points(all)) overall")
                    }
                    if let t = g.topQuartileShare, let all = whole.topQuartileShare,
                       beyond(t - all, settings.topQuartileGap, standardError: shareError(all, g.pairs)) {
                        g.flags.append("\(Self.percent(t)) of its pairs in the top quartile against \(Self.percent(all)) overall")
                    }
                    return g
                }.sorted { ($0.people, $1.value) > ($1.people, $0.value) }
                attributes.append(BiasAudit.Attribute(name: name, side: side.name, whole: whole, groups: groups))
            }
        }
        return BiasAudit(settings: settings, topQuartileCut: cut, attributes: attributes)
    }

    static func percent(_ x: Double) -> String {
        let p = (x * 1000).rounded() / 10
        return p == p.rounded() ? "\(Int(p)) %" : "\(p) %"
    }

    static func points(_ x: Double) -> String {
        let p = (x * 10).rounded() / 10
        return p == p.rounded() ? "\(Int(p))" : "\(p)"
    }
}
