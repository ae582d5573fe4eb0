import MatchingCore
import MatchingTestSupport
import Testing

/// Renumbering a program's mentees (what a weight sweep does so that its
/// network reads every point's profits as they are) leaves the program the same.
@Suite("mentees renumbered")
struct ReorderingTests {
    /// `p` with mentee `k` being `p`'s mentee `order[k]`: its scores' columns gathered, its rules renumbered.
    static func renumbered(_ p: MatchingProblem, _ order: [Int]) throws -> MatchingProblem {
        let scores = try ScoreMatrix(mentors: p.mentorCount, mentees: p.menteeCount) { i, k in p.scores[i, order[k]] }
        return MatchingProblem(scores: scores, rules: p.rules.reorderingMentees(MenteeRenumbering(order)))
    }

    @Test("on 200 seeded tiny programs (forbidden, fixed, separations, attributes, rules, penalties, both objectives) a random renumbering has the same brute-force optimum, and each side's optimum read across keeps every rule of the other with the same objective and worst outcome")
    func sameProgram() throws {
        var compared = 0
        for seed in UInt64(0)..<200 {
            let p = RandomProblems.make(seed: seed, .tiny)
            var g = SplitMix64(seed: seed &+ 77)
            var order = Array(0..<p.menteeCount)
            for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, Int(g.next() % UInt64(k + 1))) }
            let q = try Self.renumbered(p, order)
            try q.validate()
            let original = BruteForce.solve(p), other = BruteForce.solve(q)
            #expect((original == nil) == (other == nil), "seed \(seed)")
            guard let original, let other else { continue }
            #expect(abs(original.objective - other.objective) < 1e-9 && original.worstOutcome == other.worstOutcome, "seed \(seed)")
            // q's mentee k is p's order[k]; p's mentee j is q's place[j].
            var place = [Int](repeating: 0, count: order.count)
            for (k, j) in order.enumerated() { place[j] = k }
            let back = Matching(pairs: other.matching.pairs.map { Pair(mentor: $0.mentor.rawValue, mentee: order[$0.mentee.rawValue]) })
            let forth = Matching(pairs: original.matching.pairs.map { Pair(mentor: $0.mentor.rawValue, mentee: place[$0.mentee.rawValue]) })
            for (matching, problem, expected) in [(back, p, other), (forth, q, original)] {
                let check = MatchingValidator.check(matching, against: problem)
                #expect(check.isFeasible, "seed \(seed): \(check.violations)")
                #expect(abs(check.objective - expected.objective) < 1e-9 && check.worstOutcome == expected.worstOutcome, "seed \(seed)")
            }
            compared += 1
        }
        #expect(compared >= 100, "\(compared) programs with a matching")
    }

    @Test("pairs and separations naming no mentee are kept as they are, so that validation still names them")
    func outOfRange() throws {
        var p = MatchingProblem(scores: try ScoreMatrix(rows: [[1, 2, 3]]), fixed: [Pair(mentor: 0, mentee: 7)],
                                separations: [Separation(MenteeIndex(0), MenteeIndex(9))])
        p.forbidden = [Pair(mentor: 0, mentee: 2), Pair(mentor: 0, mentee: -1)]
        let rules = p.rules.reorderingMentees(MenteeRenumbering([2, 0, 1]))
        #expect(rules.fixed == [Pair(mentor: 0, mentee: 7)])
        #expect(rules.separations == [Separation(MenteeIndex(1), MenteeIndex(9))])
        #expect(rules.forbidden == [Pair(mentor: 0, mentee: 0), Pair(mentor: 0, mentee: -1)])
        #expect(rules.menteeDemand.count == 3 && rules.unmatchedPenalty.count == 3)
    }

    @Test("by value: the people of each value in one run, in value then number order; none when they already are")
    func byValue() {
        let r = MenteeRenumbering(byValueOf: AttributeCoding(["b", "a", "c", "a", "b"]))
        #expect(r?.order == [1, 3, 0, 4, 2] && r?.place == [2, 0, 4, 1, 3])
        #expect(r.map { r in r.order.map { ["b", "a", "c", "a", "b"][$0] } } == ["a", "a", "b", "b", "c"])
        #expect(MenteeRenumbering(byValueOf: AttributeCoding(["a", "a", "b"])) == nil)
        #expect(r?.original(Pair(mentor: 4, mentee: 0)) == Pair(mentor: 4, mentee: 1) && r?.renumbered(Pair(mentor: 4, mentee: 1)) == Pair(mentor: 4, mentee: 0))
    }
}
