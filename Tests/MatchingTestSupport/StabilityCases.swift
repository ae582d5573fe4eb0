import MatchingCore

/// Two-sided stability cases shared by the stability and rotation-poset tests.
public enum StabilityCases {
    /// A seeded problem with capacities: scores with ties in some, a few forbidden pairs, penalties.
    public static func problem(seed: UInt64, mentors: ClosedRange<Int>, mentees: ClosedRange<Int>, ties: Bool) -> MatchingProblem {
        var g = SplitMix64(seed: seed)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(g.next() % UInt64(r.count)) }
        let m = int(mentors), n = int(mentees)
        let range = ties ? 4 : 1_000_000
        var p = MatchingProblem(scores: ScoreMatrix(mentors: m, mentees: n) { _, _ in Double(int(0...range)) })
        p.mentorLoad = (0..<m).map { _ in CountRange(min: 0, max: int(0...2)) }
        p.menteeDemand = Array(repeating: CountRange(min: 0, max: 1), count: n)
        p.unmatchedPenalty = (0..<n).map { _ in Double(int(0...3)) }
        for i in 0..<m { for j in 0..<n where int(0...9) == 0 { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        return p
    }

    /// The blocking pairs by the definition, written out independently of the audit.
    public static func naiveBlocking(_ matching: Matching, _ p: StabilityPreferences) -> Set<Pair> {
        var out = Set<Pair>()
        for i in 0..<p.mentorCount {
            let held = matching.pairs.filter { $0.mentor.rawValue == i }.map(\.mentee.rawValue)
            for j in 0..<p.menteeCount where p.acceptable(i, j) && !held.contains(j) {
                let current = matching.pairs.first { $0.mentee.rawValue == j }?.mentor.rawValue
                let menteeStrictly = current.map { p.menteeRank[j][i]! < (p.menteeRank[j][$0] ?? Int.max) } ?? true
                let mentorStrictly = held.count < p.capacity[i] || held.contains { p.mentorRank[i][j]! < p.mentorRank[i][$0]! }
                if menteeStrictly && mentorStrictly { out.insert(Pair(mentor: i, mentee: j)) }
            }
        }
        return out
    }
}
