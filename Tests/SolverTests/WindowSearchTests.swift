import BenchmarkInstances
import MatchingCore
import MatchingGLPK
@testable import MatchingSolvers
import MatchingTestSupport
import Testing

/// Tiny problems with two one-per-mentor attributes (the shape of TIGHT), random
/// loads, demands, penalties, forbidden pairs, separations and a fixed pair, and a
/// `crossShare` rule when `share` is set.
func windowProblem(seed: UInt64, share: Bool) -> MatchingProblem {
    var rng = SplitMix64(seed: seed)
    func draw(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
    let m = 2 + draw(3), n = 4 + draw(3)
    let scores = ScoreMatrix(mentors: m, mentees: n) { _, _ in Double(draw(21)) }
    var rules = MatchingRules(
        mentorLoad: (0..<m).map { _ in CountRange(min: draw(4) == 0 ? 1 : 0, max: 1 + draw(3)) },
        menteeDemand: (0..<n).map { _ in CountRange(min: draw(3) == 0 ? 1 : 0, max: 1) },
        unmatchedPenalty: (0..<n).map { _ in Double(draw(3) * 5) })
    rules.menteeAttributes = ["region": (0..<n).map { _ in "r\(draw(2 + draw(2)))" },
                              "department": (0..<n).map { _ in "d\(draw(3))" }]
    rules.mentorAttributes = ["department": (0..<m).map { _ in "d\(draw(3))" }]
    rules.constraints = [.maxPerMentor(attribute: "department", limit: 1), .maxPerMentor(attribute: "region", limit: 1)]
    if share { rules.constraints.append(.crossShare(attribute: "department", minShare: 0.5 + 0.1 * Double(draw(4)))) }
    for i in 0..<m { for j in 0..<n where draw(8) == 0 { rules.forbidden.insert(Pair(mentor: i, mentee: j)) } }
    for _ in 0..<draw(3) {
        let a = draw(n), b = draw(n)
        if a != b { rules.separations.append(Separation(MenteeIndex(a), MenteeIndex(b))) }
    }
    if draw(4) == 0 {
        let pair = Pair(mentor: draw(m), mentee: draw(n))
        rules.forbidden.remove(pair)
        rules.fixed = [pair]
    }
    return MatchingProblem(scores: scores, rules: rules)
}

@Suite("Window search (large neighbourhood search for the Lagrangian heuristic)")
struct WindowSearchTests {
    /// The best objective of any placement of `window`'s mentees (each with
    /// any mentor or none) that keeps every rule, the others held as in `matching`.
    func bestPlacement(of window: [Int], in matching: Matching, _ p: MatchingProblem) -> Double? {
        let held = matching.pairs.filter { !window.contains($0.mentee.rawValue) }
        var best: Double?
        var choice = [Int](repeating: -1, count: window.count)
        func visit(_ k: Int) {
            guard k == window.count else {
                for i in -1..<p.mentorCount { choice[k] = i; visit(k + 1) }
                return
            }
            let placed = zip(window, choice).compactMap { j, i in i >= 0 ? Pair(mentor: i, mentee: j) : nil }
            let check = MatchingValidator.check(Matching(pairs: held + placed), against: p)
            if check.isFeasible, best == nil || check.objective > best! { best = check.objective }
        }
        visit(0)
        return best
    }

    @Test("repaired from nothing and polished: every rule kept, at most the optimum, and no window placed better (enumerated)", arguments: 0..<4)
    func polishIsWindowOptimal(_ batch: Int) async throws {
        var repaired = 0, feasibleProblems = 0
        for seed in UInt64(100 * batch)..<UInt64(100 * batch + 100) {
            let p = windowProblem(seed: seed, share: false)
            guard let optimum = BruteForce.solve(p) else { continue }
            feasibleProblems += 1
            var search = try #require(_WindowSearch(p, first: nil))
            guard try await search.repair(Matching(pairs: []), scores: p.scores, deadline: nil) else { continue }
            repaired += 1
            try await search.polish(deadline: nil)
            let matching = search.matching
            let check = MatchingValidator.check(matching, against: p)
            #expect(check.isFeasible, "seed \(seed): \(check.violations)")
            #expect(check.objective <= optimum.objective + 1e-9, "seed \(seed)")
            for window in search.windows.joined() {
                let best = try #require(bestPlacement(of: window, in: matching, p), "seed \(seed): the current placement keeps every rule")
                #expect(best <= check.objective + 1e-9, "seed \(seed): window \(window) can reach \(best), polished \(check.objective)")
            }
        }
        // 70–84 % per batch when this was written.
        #expect(repaired * 100 >= feasibleProblems * 65, "repaired \(repaired) of \(feasibleProblems)")
    }

    @Test("repairs a matching that breaks the one-per-mentor rules, separations and crossShare", arguments: 0..<2)
    func repairKeepsEveryRule(_ batch: Int) async throws {
        var repaired = 0, feasibleProblems = 0
        for seed in UInt64(1000 + 100 * batch)..<UInt64(1000 + 100 * batch + 100) {
            let p = windowProblem(seed: seed, share: true)
            guard let optimum = BruteForce.solve(p) else { continue }
            feasibleProblems += 1
            // Every mentee with its best mentor, whatever the rules say.
            let greedy = Matching(pairs: (0..<p.menteeCount).map { j in
                Pair(mentor: (0..<p.mentorCount).max(by: { p.scores[$0, j] < p.scores[$1, j] })!, mentee: j)
            })
            var search = try #require(_WindowSearch(p, first: nil))
            guard try await search.repair(greedy, scores: p.scores, deadline: nil) else { continue }
            repaired += 1
            try await search.polish(deadline: nil)
            let check = MatchingValidator.check(search.matching, against: p)
            #expect(check.isFeasible, "seed \(seed): \(check.violations)")
            #expect(check.objective <= optimum.objective + 1e-9, "seed \(seed)")
        }
        // 75–84 % per batch when this was written.
        #expect(repaired * 100 >= feasibleProblems * 70, "repaired \(repaired) of \(feasibleProblems)")
    }

    @Test("found by a break-it run: the empty matching when only it is feasible; scores near 1e300 with a crossShare price; many tiny windows not searched")
    func breakItCases() async throws {
        // Every pair breaks crossShare 0.5 (both mentors and mentees are Eng): only the empty matching keeps it.
        var rules = MatchingRules(mentorLoad: [CountRange(min: 0, max: 2), CountRange(min: 0, max: 2)],
                                  menteeDemand: [CountRange(min: 0, max: 1), CountRange(min: 0, max: 1)], unmatchedPenalty: [500, 500])
        rules.mentorAttributes = ["dept": ["Eng", "Eng"]]
        rules.menteeAttributes = ["dept": ["Eng", "Eng"], "region": ["North", "South"]]
        rules.constraints = [.maxPerMentor(attribute: "region", limit: 1), .crossShare(attribute: "dept", minShare: 0.5)]
        let empty = MatchingProblem(scores: try ScoreMatrix(rows: [[10, 8], [7, 9]]), rules: rules)
        let r = try await LagrangianHeuristic().solve(empty, options: SolveOptions())
        #expect(r.objective == -1000 && r.matching?.pairs.isEmpty == true, "\(r.termination)")
        // Scores near 1e300: the crossShare price stays finite.
        var huge = MatchingRules(mentorLoad: [CountRange(min: 0, max: 2), CountRange(min: 0, max: 2)],
                                 menteeDemand: [CountRange(min: 1, max: 1), CountRange(min: 1, max: 1)], unmatchedPenalty: [0, 0])
        huge.mentorAttributes = ["dept": ["a", "b"]]
        huge.menteeAttributes = ["dept": ["a", "b"]]
        huge.constraints = [.maxPerMentor(attribute: "dept", limit: 1), .crossShare(attribute: "dept", minShare: 1)]
        let big = MatchingProblem(scores: try ScoreMatrix(rows: [[1e300, 5e299], [5e299, 1e300]]), rules: huge)
        let h = try await LagrangianHeuristic().solve(big, options: SolveOptions())
        let matching = try #require(h.matching, "\(h.termination)")
        #expect(MatchingValidator.check(matching, against: big).isFeasible)
        #expect(abs(try #require(h.objective) - 1e300) <= 1e286, "\(h.termination)")
        // 64 values over 100 mentees: windows of one or two mentees, not searched.
        var many = windowProblem(seed: 3, share: true)
        many.menteeAttributes["region"] = (0..<many.menteeCount).map { "team\($0)" }
        many.constraints = [.maxPerMentor(attribute: "region", limit: 1)]
        #expect(_WindowSearch(many, first: nil) != nil, "a few values: searched")
        let scores = ScoreMatrix(mentors: 20, mentees: 100) { i, j in Double((i * 31 + j * 17) % 50) }
        var teams = MatchingRules(mentorLoad: Array(repeating: CountRange(min: 0, max: 6), count: 20),
                                  menteeDemand: Array(repeating: CountRange(min: 0, max: 1), count: 100), unmatchedPenalty: Array(repeating: 0, count: 100))
        teams.menteeAttributes = ["team": (0..<100).map { "t\($0 % 64)" }]
        teams.constraints = [.maxPerMentor(attribute: "team", limit: 1)]
        #expect(_WindowSearch(MatchingProblem(scores: scores, rules: teams), first: nil) == nil)
    }

    @Test("does not apply without a one-per-mentor rule, with a quota, or with committees; huge limits are no overflow")
    func applicability() throws {
        var huge = windowProblem(seed: 2, share: false)
        huge.constraints = [.maxPerMentor(attribute: "department", limit: Int.max), .maxPerMentor(attribute: "region", limit: 1 << 62)]
        #expect(LagrangianHeuristic.networkRules(huge) == [1])
        var p = windowProblem(seed: 1, share: true)
        #expect(_WindowSearch(p, first: nil) != nil)
        p.constraints = [.maxPerMentor(attribute: "region", limit: 2)]
        #expect(_WindowSearch(p, first: nil) == nil)
        p = windowProblem(seed: 1, share: false)
        p.constraints.append(.quota(attribute: "region", value: "r0", count: CountRange(min: 0, max: 1)))
        #expect(_WindowSearch(p, first: nil) == nil)
        p = windowProblem(seed: 1, share: false)
        p.menteeDemand[0] = CountRange(min: 0, max: 2)
        #expect(_WindowSearch(p, first: nil) == nil)
    }
}
