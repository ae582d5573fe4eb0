/// The rules with the fixed pairs taken out: what is left for the free pairs
/// to decide. The one reduction every method uses — the dual certificate
/// (``DualBound``), every network builder, the candidate pricer and the
/// integer program — so that all of them read one convention:
///
/// - every bound shrinks by the fixed pairs it counts: a mentor's load
///   becomes `max(0, min − fixed) … max − fixed`, a mentee's demand and a
///   `quota` the same, a `maxPerMentor` slot loses its fixed pairs;
/// - a mentee with a fixed pair is matched, so it owes no unmatched penalty
///   (``penalty`` is 0 there);
/// - the penalty of a mentee who takes at most one mentor *folds* into its
///   pairs: each of its pairs earns the penalty on top of its score, and the
///   objective is that sum minus ``foldedPenaltyTotal`` (equal for every
///   matching, since such a mentee is either matched once or pays);
///   a committee mentee's penalty cannot fold and stays a first-unit cost.
///
/// Values are plain arrays, sized `M` and `N`; the rules are taken as valid
/// (``MatchingRules/validate(mentors:mentees:)``).
///
/// - Complexity: O(M + N + fixed) to build; ``quotaBounds(_:)`` O(fixed).
public struct ReducedRules: Sendable {
    /// The rules reduced.
    public let rules: MatchingRules
    /// Fixed pairs per mentor.
    public let fixedOfMentor: [Int]
    /// Fixed pairs per mentee.
    public let fixedOfMentee: [Int]
    /// The fixed pairs as a set.
    public let isFixed: Set<Pair>
    /// Per mentor, the load left for free pairs: `max(0, min − fixed) … max − fixed`.
    public let mentorLoad: [CountRange]
    /// Per mentee, the demand left for free pairs: `max(0, min − fixed) … max − fixed`.
    public let menteeDemand: [CountRange]
    /// Per mentee, the penalty it still owes when left with no mentor: 0 once
    /// a fixed pair matches it.
    public let penalty: [Double]
    /// Per mentee, whether its penalty folds into its pairs' profits (it
    /// takes at most one mentor).
    public let folds: [Bool]

    /// Reduces `rules`.
    public init(_ rules: MatchingRules) {
        self.rules = rules
        let m = rules.mentorLoad.count, n = rules.menteeDemand.count
        var ofMentor = [Int](repeating: 0, count: m), ofMentee = [Int](repeating: 0, count: n)
        for p in rules.fixed {
            ofMentor[p.mentor.rawValue] += 1
            ofMentee[p.mentee.rawValue] += 1
        }
        fixedOfMentor = ofMentor
        fixedOfMentee = ofMentee
        isFixed = Set(rules.fixed)
        mentorLoad = (0..<m).map { Self.shrink(rules.mentorLoad[$0], by: ofMentor[$0]) }
        menteeDemand = (0..<n).map { Self.shrink(rules.menteeDemand[$0], by: ofMentee[$0]) }
        penalty = (0..<n).map { ofMentee[$0] > 0 ? 0 : rules.unmatchedPenalty[$0] }
        folds = rules.menteeDemand.map { $0.max <= 1 }
    }

    /// `range` less `used` units: `max(0, min − used) … max − used`
    /// (an unbounded maximum stays unbounded).
    public static func shrink(_ range: CountRange, by used: Int) -> CountRange {
        CountRange(min: Swift.max(0, range.min - used), max: range.max == Int.max ? Int.max : range.max - used)
    }

    /// The profit a free pair of mentee `j` earns on top of its score: the
    /// folded penalty (0 when the penalty does not fold or is not owed).
    @inline(__always)
    public func bonus(_ j: Int) -> Double { folds[j] ? penalty[j] : 0 }

    /// The sum of the folded penalties: the objective is the folded profits
    /// of the matched free pairs, plus the fixed pairs' scores, minus this
    /// and minus the unfolded penalties of the committee mentees left out.
    public var foldedPenaltyTotal: Double {
        var total = 0.0
        for j in penalty.indices where folds[j] { total += penalty[j] }
        return total
    }

    /// The bounds of the `quota` rule at `index` left for free pairs: its
    /// count less the fixed pairs whose mentee has the value. `nil` when the
    /// rule is not a quota.
    public func quotaBounds(_ index: Int) -> CountRange? {
        guard case .quota(let attribute, let value, let count) = rules.constraints[index] else { return nil }
        let values = rules.menteeAttributes[attribute] ?? []
        let fixedIn = rules.fixed.reduce(0) { $0 + (values[$1.mentee.rawValue] == value ? 1 : 0) }
        return Self.shrink(count, by: fixedIn)
    }

    /// The room a `maxPerMentor` rule at `index` leaves per (mentor, value
    /// class) for free pairs, row-major with `coding.values.count` classes
    /// per mentor: its limit less the fixed pairs in that slot (it may be
    /// negative when the fixed pairs already break the rule).
    public func slotRoom(_ index: Int, coding: AttributeCoding) -> [Int] {
        guard case .maxPerMentor(_, let limit) = rules.constraints[index] else { return [] }
        let k = Swift.max(1, coding.values.count)
        var room = [Int](repeating: limit, count: rules.mentorLoad.count * k)
        for p in rules.fixed { room[p.mentor.rawValue * k + Int(coding.codes[p.mentee.rawValue])] -= 1 }
        return room
    }
}
