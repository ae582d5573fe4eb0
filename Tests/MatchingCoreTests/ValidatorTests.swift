import BenchmarkInstances
import MatchingCore
import Testing

@Suite("Independent validator")
struct ValidatorTests {
    static func problem() -> MatchingProblem {
        MatchingProblem(
            scores: try! ScoreMatrix(rows: [[5, 1, 2, 7], [3, 9, 4, 0]]),
            mentorLoad: CountRange(min: 1, max: 2),
            menteeDemand: CountRange(min: 0, max: 1),
            forbidden: [Pair(mentor: 0, mentee: 1)],
            mentorAttributes: ["g": ["x", "y"]],
            menteeAttributes: ["g": ["x", "x", "y", "y"]],
            unmatchedPenalty: 10)
    }

    func rules(_ m: [(Int, Int)], _ p: MatchingProblem) -> Set<String> {
        Set(MatchingValidator.check(Matching(pairs: m.map { Pair(mentor: $0.0, mentee: $0.1) }), against: p).violations.map(\.rule))
    }

    @Test func feasibleMatchingHasObjectiveAndWorstOutcome() {
        let r = MatchingValidator.check(Matching(pairs: [Pair(mentor: 0, mentee: 3), Pair(mentor: 1, mentee: 1)]), against: Self.problem())
        #expect(r.isFeasible)
        #expect(r.objective == 7 + 9 - 20)   // mentees 0 and 2 unmatched
        #expect(r.worstOutcome == -10)
    }

    @Test func eachRuleIsChecked() {
        var p = Self.problem()
        #expect(rules([(0, 1), (1, 0)], p) == ["pair"])                       // forbidden
        #expect(rules([(0, 0), (0, 0), (1, 1)], p) == ["pair"])               // duplicate
        #expect(rules([(0, 0), (0, 2), (0, 3)], p) == ["mentorLoad"])         // 3 > 2 and mentor 1 empty
        #expect(rules([(0, 0), (1, 0)], p) == ["menteeDemand"])
        p.fixed = [Pair(mentor: 1, mentee: 2)]
        #expect(rules([(0, 0), (1, 1)], p) == ["fixed"])
        p.fixed = []
        p.separations = [Separation(MenteeIndex(0), MenteeIndex(3))]
        #expect(rules([(0, 0), (0, 3), (1, 1)], p) == ["separation"])
        p.separations = []
        p.constraints = [.maxPerMentor(attribute: "g", limit: 1)]
        #expect(rules([(1, 0), (1, 1), (0, 2)], p) == ["maxPerMentor"])
        p.constraints = [.quota(attribute: "g", value: "y", count: CountRange(min: 2, max: 2))]
        #expect(rules([(0, 2), (1, 1)], p) == ["quota"])
        #expect(rules([(0, 2), (1, 3)], p).isEmpty)
        p.constraints = [.composition(attribute: "g", value: "y", count: CountRange(min: 1, max: 1))]
        #expect(rules([(0, 0), (1, 1), (1, 2)], p) == ["composition"])     // mentees 0 and 3 lack a 'y' mentor
        p.constraints = [.crossShare(attribute: "g", minShare: 0.5)]
        #expect(rules([(0, 0), (1, 3)], p) == ["crossShare"])                // 0 of 2 differ
        #expect(rules([(0, 2), (1, 3)], p).isEmpty)                         // 1 of 2 differ
    }

    @Test("maxPerMentor: one line per mentor and value over the limit, in mentor then value order, with its count")
    func maxPerMentorLines() throws {
        let p = MatchingProblem(
            scores: try ScoreMatrix(mentors: 3, mentees: 8) { _, _ in 1 },
            mentorLoad: CountRange(min: 0, max: 8), menteeDemand: CountRange(min: 0, max: 1),
            menteeAttributes: ["d": ["b", "a", "b", "a", "a", "c", "b", "a"]],
            constraints: [.maxPerMentor(attribute: "d", limit: 1)])
        // Mentor 2: b twice and a twice; mentor 0: a twice; mentor 1: one b and one c.
        let pairs = [(2, 0), (2, 6), (0, 1), (2, 3), (0, 4), (2, 7), (1, 5), (1, 2)]
        let r = MatchingValidator.check(Matching(pairs: pairs.map { Pair(mentor: $0.0, mentee: $0.1) }), against: p)
        #expect(r.violations.map(\.message) == [
            "constraints[0] maxPerMentor(d) ≤ 1: mentor 0 has 2 mentees with d = a",
            "constraints[0] maxPerMentor(d) ≤ 1: mentor 2 has 2 mentees with d = a",
            "constraints[0] maxPerMentor(d) ≤ 1: mentor 2 has 2 mentees with d = b",
        ], "\(r.violations.map(\.message))")
    }
}

@Suite("Benchmark generator")
struct GeneratorTests {
    @Test("reproduces the checksum line of shared/bench/GENERATOR.md")
    func checksum() {
        let s = SplitMix64.scoreMatrix(mentors: 1000, mentees: 1000, seed: 1000)
        var sum: Int64 = 0
        var wsum: UInt64 = 0
        for (k, v) in s.values.enumerated() {
            sum += Int64(v)
            wsum = wsum &+ UInt64(k + 1) &* UInt64(v)
        }
        #expect(sum == 500_411_760_041)
        #expect(s[0, 0] == 813_832)
        #expect(s[999, 999] == 439_609)
        #expect(wsum == 250_069_067_484_238_306)
    }

    @Test func divFamilyFollowsTheSpecification() throws {
        let p = BenchmarkFamily.div.problem(mentors: 20, mentees: 100)
        try p.validate()
        #expect(p.mentorLoad.allSatisfy { $0 == CountRange(min: 1, max: 6) })   // ceil(1.2 * 100 / 20)
        for i in 0..<20 {
            for j in 0..<100 {
                let conflict = (7 * i + 100) % 8 == (7 * j + 100) % 8 && (i + j) % 3 == 0
                #expect(p.forbidden.contains(Pair(mentor: i, mentee: j)) == conflict)
            }
        }
        #expect(p.constraints == [.maxPerMentor(attribute: "department", limit: 2)])
    }
}
