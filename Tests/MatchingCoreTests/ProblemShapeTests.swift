import MatchingCore
import Testing

@Suite("ProblemShape: what a problem's rules make it")
struct ProblemShapeTests {
    /// 3 mentors and 4 mentees with attributes on both sides and no rule.
    static func base() -> MatchingProblem {
        MatchingProblem(
            scores: ScoreMatrix(mentors: 3, mentees: 4) { i, j in Double(i + 2 * j) },
            mentorAttributes: ["region": ["x", "y", "x"], "dept": ["a", "b", "c"]],
            menteeAttributes: ["dept": ["a", "b", "a", "c"], "track": ["early", "late", "early", "late"]])
    }

    func shape(_ constraints: [MatchingConstraint], _ change: (inout MatchingProblem) -> Void = { _ in }) throws -> ProblemShape {
        var p = Self.base()
        p.constraints = constraints
        change(&p)
        try p.validate()
        return p.shape
    }

    @Test("no attribute rule: an assignment problem, committees and penalties included, that every network method and candidate pricing hold")
    func assignment() throws {
        let s = try shape([]) { p in
            p.menteeDemand[1] = CountRange(min: 0, max: 2)
            p.unmatchedPenalty = [1, 0, 2, 3]
            p.fixed = [Pair(mentor: 0, mentee: 1)]
            p.forbidden = [Pair(mentor: 2, mentee: 3)]
        }
        #expect(s.kind == .assignment && s.isNetwork)
        #expect(s.integerProgramReason == nil && s.candidatePricingRefusal == nil)
        #expect(s.maxPerMentor == nil && s.quotas == nil && s.compositions == nil)
    }

    @Test("one maxPerMentor rule, quotas on one mentee attribute after it, or composition caps on one mentor attribute: the layered network")
    func layeredNetwork() throws {
        let slots = try shape([.maxPerMentor(attribute: "dept", limit: 1)])
        #expect(slots.kind == .layeredNetwork && slots.maxPerMentor == 0 && slots.candidatePricingRefusal == nil)

        let groups = try shape([
            .maxPerMentor(attribute: "dept", limit: 2),
            .quota(attribute: "track", value: "early", count: CountRange(min: 1, max: 2)),
            .quota(attribute: "track", value: "late", count: CountRange(min: 0, max: 1)),
        ])
        #expect(groups.kind == .layeredNetwork && groups.maxPerMentor == 0)
        #expect(groups.quotas?.attribute == "track" && groups.quotas?.indices == [1, 2])
        #expect(groups.candidatePricingRefusal == nil)

        let caps = try shape([
            .composition(attribute: "region", value: "x", count: CountRange(min: 0, max: 1)),
            .composition(attribute: "region", value: "y", count: CountRange(min: 0, max: 1)),
        ]) { $0.menteeDemand = Array(repeating: CountRange(min: 0, max: 2), count: 4) }
        #expect(caps.kind == .layeredNetwork && caps.integerProgramReason == nil)
        #expect(caps.compositions?.attribute == "region" && caps.compositions?.indices == [0, 1])
        // Candidate pricing takes no composition rule, and names the first.
        #expect(caps.candidatePricingRefusal?.contains("constraints[0]") == true, "\(caps.candidatePricingRefusal ?? "nil")")
    }

    @Test("a composition minimum, quotas with mentee minimums, or rule families together: the explicit rule network")
    func ruleNetwork() throws {
        let minimum = try shape([.composition(attribute: "region", value: "x", count: CountRange(min: 1, max: 1))])
        #expect(minimum.kind == .ruleNetwork && minimum.isNetwork)

        let menteeMinimum = try shape([.quota(attribute: "track", value: "early", count: CountRange(min: 1, max: 2))]) {
            $0.menteeDemand[3] = CountRange(min: 1, max: 1)
        }
        #expect(menteeMinimum.kind == .ruleNetwork)
        #expect(menteeMinimum.candidatePricingRefusal?.contains("mentee 3") == true, "\(menteeMinimum.candidatePricingRefusal ?? "nil")")

        let together = try shape([
            .maxPerMentor(attribute: "dept", limit: 1),
            .quota(attribute: "track", value: "early", count: CountRange(min: 0, max: 2)),
            .composition(attribute: "region", value: "y", count: CountRange(min: 0, max: 1)),
        ])
        #expect(together.kind == .ruleNetwork && together.integerProgramReason == nil)
        #expect(together.maxPerMentor == 0 && together.quotas?.indices == [1] && together.compositions?.indices == [2])
        #expect(together.candidatePricingRefusal?.contains("constraints[2]") == true, "\(together.candidatePricingRefusal ?? "nil")")
    }

    @Test("every rule that is not a network constraint is named by its index", arguments: [
        ("a crossShare rule", [MatchingConstraint.maxPerMentor(attribute: "dept", limit: 1),
                               .quota(attribute: "track", value: "early", count: CountRange(min: 0, max: 3)),
                               .crossShare(attribute: "dept", minShare: 0.5)], "constraints[2]"),
        ("a second maxPerMentor rule", [.maxPerMentor(attribute: "dept", limit: 1), .quota(attribute: "track", value: "late", count: CountRange(min: 0, max: 3)),
                                        .maxPerMentor(attribute: "track", limit: 1)], "constraints[2]"),
        ("quotas on a second mentee attribute", [.quota(attribute: "track", value: "early", count: CountRange(min: 0, max: 3)),
                                                 .quota(attribute: "track", value: "late", count: CountRange(min: 0, max: 3)),
                                                 .quota(attribute: "dept", value: "a", count: CountRange(min: 0, max: 1))], "constraints[2]"),
        ("compositions on a second mentor attribute", [.composition(attribute: "region", value: "x", count: CountRange(min: 0, max: 1)),
                                                       .composition(attribute: "dept", value: "b", count: CountRange(min: 0, max: 1))], "constraints[1]"),
        ("a second rule on the same value", [.quota(attribute: "track", value: "early", count: CountRange(min: 0, max: 3)),
                                             .quota(attribute: "track", value: "late", count: CountRange(min: 0, max: 3)),
                                             .quota(attribute: "track", value: "early", count: CountRange(min: 1, max: 2))], "constraints[2]"),
    ])
    func integerProgramRules(_ what: String, _ constraints: [MatchingConstraint], _ index: String) throws {
        let s = try shape(constraints)
        #expect(s.kind == .integerProgram && !s.isNetwork)
        let reason = try #require(s.integerProgramReason)
        #expect(reason.contains(index) && reason.contains(what), "\(reason)")
        #expect(s.maxPerMentor == nil && s.quotas == nil && s.compositions == nil)
        // Candidate pricing holds no integer program, and says why in the same words.
        #expect(s.candidatePricingRefusal == reason)
    }

    @Test("separations, and a committee mentee with a penalty beside attribute rules, make an integer program, named")
    func integerProgramPeople() throws {
        let separated = try shape([]) { $0.separations = [Separation(MenteeIndex(1), MenteeIndex(3)), Separation(MenteeIndex(0), MenteeIndex(2))] }
        #expect(separated.kind == .integerProgram)
        #expect(separated.integerProgramReason?.contains("separation 0 (mentees 1 and 3) and 1 more") == true, "\(separated.integerProgramReason ?? "nil")")

        let committee: (inout MatchingProblem) -> Void = {
            $0.menteeDemand[2] = CountRange(min: 0, max: 2)
            $0.unmatchedPenalty[2] = 5
        }
        // One maxPerMentor rule still holds it; a second rule does not.
        #expect(try shape([.maxPerMentor(attribute: "dept", limit: 1)], committee).kind == .layeredNetwork)
        let both = try shape([.maxPerMentor(attribute: "dept", limit: 1),
                              .quota(attribute: "track", value: "early", count: CountRange(min: 0, max: 2))], committee)
        #expect(both.kind == .integerProgram)
        #expect(both.integerProgramReason?.contains("mentee 2 takes a committee and has an unmatched penalty") == true, "\(both.integerProgramReason ?? "nil")")
        // Several causes: every one named.
        let many = try shape([.crossShare(attribute: "dept", minShare: 0.5), .maxPerMentor(attribute: "dept", limit: 1),
                              .maxPerMentor(attribute: "track", limit: 1)]) { $0.separations = [Separation(MenteeIndex(0), MenteeIndex(1))] }
        let reason = try #require(many.integerProgramReason)
        #expect(reason.contains("separation 0") && reason.contains("constraints[0]") && reason.contains("constraints[2]"), "\(reason)")
    }

    @Test("candidate pricing: refused for maxMin, a maxPerMentor rule not first, mentee minimums and committee penalties, each named")
    func candidatePricing() throws {
        let maxMin = try shape([.maxPerMentor(attribute: "dept", limit: 1)]) { $0.objective = .maxMin }
        #expect(maxMin.kind == .layeredNetwork)
        #expect(maxMin.candidatePricingRefusal?.contains("maxMin") == true)

        let notFirst = try shape([.quota(attribute: "track", value: "early", count: CountRange(min: 0, max: 2)),
                                  .maxPerMentor(attribute: "dept", limit: 1)])
        #expect(notFirst.isNetwork)
        #expect(notFirst.candidatePricingRefusal?.contains("constraints[1]") == true, "\(notFirst.candidatePricingRefusal ?? "nil")")

        let minimum = try shape([]) { $0.menteeDemand[2] = CountRange(min: 1, max: 1) }
        #expect(minimum.kind == .assignment)
        #expect(minimum.candidatePricingRefusal?.contains("mentee 2") == true, "\(minimum.candidatePricingRefusal ?? "nil")")

        let committee = try shape([]) {
            $0.menteeDemand[1] = CountRange(min: 0, max: 2)
            $0.unmatchedPenalty[1] = 4
        }
        #expect(committee.kind == .assignment)
        #expect(committee.candidatePricingRefusal?.contains("mentee 1") == true, "\(committee.candidatePricingRefusal ?? "nil")")
    }
}
