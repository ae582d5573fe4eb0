import MatchingCore
import Testing

@Suite("Problem validation")
struct ValidationTests {
    static func base() -> MatchingProblem {
        MatchingProblem(
            scores: try! ScoreMatrix(rows: [[1, 2, 3], [4, 5, 6]]),
            mentorLoad: CountRange(min: 0, max: 2),
            menteeDemand: CountRange(min: 0, max: 1),
            mentorAttributes: ["dept": ["a", "b"]],
            menteeAttributes: ["dept": ["a", "b", "b"]])
    }

    static let cases: [(String, @Sendable (inout MatchingProblem) -> Void, String)] = [
        ("NaN score", { $0.scores[1, 2] = .nan }, "(mentor 1, mentee 2) is nan"),
        ("infinite score", { $0.scores[0, 1] = -.infinity }, "(mentor 0, mentee 1) is -inf"),
        ("inverted load", { $0.mentorLoad[1] = CountRange(min: 3, max: 1) }, "mentor 1 has load bounds 3…1"),
        ("negative load", { $0.mentorLoad[0] = CountRange(min: -1, max: 1) }, "mentor 0 has a negative minimum load"),
        ("inverted demand", { $0.menteeDemand[2] = CountRange(min: 2, max: 1) }, "mentee 2 has demand bounds 2…1"),
        ("load array size", { $0.mentorLoad.removeLast() }, "mentorLoad has 1 entries for 2 mentors"),
        ("penalty NaN", { $0.unmatchedPenalty[1] = .nan }, "unmatched penalty of mentee 1"),
        ("negative penalty", { $0.unmatchedPenalty[0] = -1 }, "unmatched penalty of mentee 0 is -1.0"),
        ("forbidden mentor out of range", { $0.forbidden = [Pair(mentor: 2, mentee: 0)] }, "mentor 2 is out of range"),
        ("fixed mentee out of range", { $0.fixed = [Pair(mentor: 0, mentee: 3)] }, "mentee 3 is out of range"),
        ("duplicate fixed", { $0.fixed = [Pair(mentor: 0, mentee: 1), Pair(mentor: 0, mentee: 1)] }, "listed twice"),
        ("fixed and forbidden", { $0.fixed = [Pair(mentor: 1, mentee: 1)]; $0.forbidden = [Pair(mentor: 1, mentee: 1)] }, "(mentor 1, mentee 1) is also forbidden"),
        ("fixed above load", {
            $0.mentorLoad[0] = CountRange(min: 0, max: 1)
            $0.fixed = [Pair(mentor: 0, mentee: 0), Pair(mentor: 0, mentee: 1)]
        }, "mentor 0 has 2 fixed pairs but a maximum load of 1"),
        ("fixed above demand", { $0.fixed = [Pair(mentor: 0, mentee: 0), Pair(mentor: 1, mentee: 0)] }, "mentee 0 has 2 fixed pairs"),
        ("separation with itself", { $0.separations = [Separation(MenteeIndex(1), MenteeIndex(1))] }, "separation 0 joins mentee 1 with itself"),
        ("separation of fixed", {
            $0.menteeDemand = Array(repeating: CountRange(min: 0, max: 1), count: 3)
            $0.fixed = [Pair(mentor: 1, mentee: 0), Pair(mentor: 1, mentee: 2)]
            $0.separations = [Separation(MenteeIndex(0), MenteeIndex(2))]
        }, "both are fixed to mentor 1"),
        ("attribute length", { $0.menteeAttributes["dept"] = ["a"] }, "mentee attribute 'dept' has 1 values for 3 mentees"),
        ("unknown attribute", { $0.constraints = [.maxPerMentor(attribute: "team", limit: 1)] }, "constraints[0] (maxPerMentor(team) ≤ 1): no mentee attribute named 'team'"),
        ("unknown value", { $0.constraints = [.quota(attribute: "dept", value: "c", count: CountRange(min: 1, max: 2))] }, "no mentee has the value 'c'"),
        ("inverted quota", { $0.constraints = [.quota(attribute: "dept", value: "a", count: CountRange(min: 2, max: 1))] }, "minimum 2 is above maximum 1"),
        ("composition on missing mentor attribute", {
            $0.constraints = [.composition(attribute: "team", value: "x", count: CountRange(min: 0, max: 1))]
        }, "no mentor attribute named 'team'"),
        ("share above 1", { $0.constraints = [.crossShare(attribute: "dept", minShare: 1.5)] }, "share 1.5 must lie in 0…1"),
        ("negative limit", { $0.constraints = [.maxPerMentor(attribute: "dept", limit: -1)] }, "negative limit -1"),
    ]

    @Test("every broken rule is a typed error naming its place", arguments: cases.indices)
    func brokenRule(_ k: Int) {
        let (name, mutate, expected) = Self.cases[k]
        var p = Self.base()
        mutate(&p)
        do {
            try p.validate()
            Issue.record("\(name): no error")
        } catch let e as MatchingError {
            #expect(e.code == .invalidProblem, "\(name)")
            #expect(e.message.contains(expected), "\(name): \(e.message)")
        } catch {
            Issue.record("\(name): untyped error \(error)")
        }
    }

    @Test func validProblemPasses() throws {
        try Self.base().validate()
    }

    @Test func scoreMatrixRejectsWrongSizes() {
        #expect(throws: MatchingError.self) { try ScoreMatrix(mentors: 2, mentees: 2, values: [1, 2, 3]) }
        #expect(throws: MatchingError.self) { try ScoreMatrix(rows: [[1, 2], [3]]) }
        #expect(throws: MatchingError.self) { try ScoreMatrix(mentors: -1, mentees: 2, values: []) }
        #expect(throws: MatchingError.self) { try ScoreMatrix(mentors: Int.max, mentees: 3, values: []) }
    }

    @Test("a non-finite score is found wherever it sits (every position of matrices of 1 to 13 values: the four-lane pass and its tail), and the largest finite scores pass")
    func nonFiniteAnywhere() throws {
        for mentees in 1...13 {
            let finite = MatchingProblem(scores: ScoreMatrix(mentors: 1, mentees: mentees) { _, j in j % 2 == 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude })
            try finite.validate()
            for k in 0..<mentees {
                for bad in [Double.infinity, -.infinity, .nan] {
                    var p = finite
                    p.scores[0, k] = bad
                    #expect(throws: MatchingError.self, "\(mentees) values, \(bad) at \(k)") { try p.validate() }
                }
            }
        }
    }

    @Test("the allowed counts and the forbidden mask are kept with the rules, and follow every change of the forbidden pairs (copies included); the rules compare by value only")
    func exclusionsFollowTheForbiddenPairs() throws {
        var p = Self.base()
        func direct(_ q: MatchingProblem) -> (mentors: [Int], mentees: [Int], mask: [Bool]) {
            var mentors = [Int](repeating: q.menteeCount, count: q.mentorCount), mentees = [Int](repeating: q.mentorCount, count: q.menteeCount)
            var mask = [Bool](repeating: false, count: q.mentorCount * q.menteeCount)
            for f in q.forbidden { mentors[f.mentor.rawValue] -= 1; mentees[f.mentee.rawValue] -= 1; mask[f.mentor.rawValue * q.menteeCount + f.mentee.rawValue] = true }
            return (mentors, mentees, mask)
        }
        func check(_ q: MatchingProblem, _ note: String) {
            let expected = direct(q)
            // Twice: computed, then kept.
            for _ in 0..<2 {
                #expect(q.allowedCounts().mentors == expected.mentors && q.allowedCounts().mentees == expected.mentees, "\(note)")
                #expect(q.forbiddenMask() == expected.mask, "\(note)")
            }
        }
        check(p, "none forbidden")
        let before = p
        p.forbidden.insert(Pair(mentor: 1, mentee: 2))
        check(p, "one inserted in place")
        check(before, "the copy taken before keeps its own")
        #expect(p != before)
        var q = p
        q.forbidden = [Pair(mentor: 0, mentee: 0), Pair(mentor: 0, mentee: 1)]
        check(q, "replaced on a copy")
        check(p, "the original after its copy changed")
        q.forbidden = p.forbidden
        #expect(q == p && q.hashValue == p.hashValue, "equal rules are equal whatever either has computed")
        // Another size, the same rules: its own counts.
        var wider = p
        wider.scores = try! ScoreMatrix(rows: [[1, 2, 3, 4], [4, 5, 6, 7]])
        wider.menteeDemand.append(CountRange(min: 0, max: 1))
        wider.unmatchedPenalty.append(0)
        check(wider, "a wider matrix under the same forbidden pairs")
        // Validated once (in range, kept), then a pair out of range is added: found all the same.
        try p.validate()
        try p.validate()
        var outside = p
        outside.forbidden.insert(Pair(mentor: 9, mentee: 0))
        #expect(throws: MatchingError.self) { try outside.validate() }
        try p.validate()
    }

    @Test("attribute codings are kept with the rules and follow every change of either side's attributes")
    func codingsFollowTheAttributes() {
        var p = Self.base()
        #expect(p.menteeCoding("dept") == AttributeCoding(["a", "b", "b"]) && p.mentorCoding("dept") == AttributeCoding(["a", "b"]))
        #expect(p.menteeCoding("dept") == AttributeCoding(["a", "b", "b"]), "kept")
        #expect(p.menteeCoding("none").values.isEmpty)
        let before = p
        p.menteeAttributes["dept"]?[0] = "c"
        #expect(p.menteeCoding("dept") == AttributeCoding(["c", "b", "b"]))
        #expect(before.menteeCoding("dept") == AttributeCoding(["a", "b", "b"]), "the copy taken before keeps its own")
        p.mentorAttributes["dept"] = ["z", "z"]
        #expect(p.mentorCoding("dept") == AttributeCoding(["z", "z"]) && before.mentorCoding("dept") == AttributeCoding(["a", "b"]))
        p.menteeAttributes["track"] = ["x", "y", "x"]
        #expect(p.menteeCoding("track").codes == [0, 1, 0])
    }
}
