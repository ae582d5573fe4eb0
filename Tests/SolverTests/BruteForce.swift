import MatchingCore

/// The exact answer of a tiny problem by enumerating every subset of allowed
/// pairs and keeping those the independent validator accepts.
enum BruteForce {
    struct Answer {
        var objective: Double
        var worstOutcome: Double
    }

    /// The best (objective, worst outcome) under the problem's objective, or
    /// `nil` when no subset satisfies every rule.
    static func solve(_ p: MatchingProblem) -> Answer? {
        let m = p.mentorCount, n = p.menteeCount
        var cells = [Pair]()
        for i in 0..<m { for j in 0..<n where p.isAllowed(Pair(mentor: i, mentee: j)) { cells.append(Pair(mentor: i, mentee: j)) } }
        precondition(cells.count <= 16, "too many pairs for brute force")
        var best: Answer?
        var load = [Int](repeating: 0, count: m), demand = [Int](repeating: 0, count: n)
        for mask in 0..<(1 << cells.count) {
            for i in 0..<m { load[i] = 0 }
            for j in 0..<n { demand[j] = 0 }
            var chosen = [Pair]()
            for (k, c) in cells.enumerated() where mask & (1 << k) != 0 {
                load[c.mentor.rawValue] += 1
                demand[c.mentee.rawValue] += 1
                chosen.append(c)
            }
            // Cheap pre-filter on counts; the validator decides the rest.
            guard (0..<m).allSatisfy({ p.mentorLoad[$0].contains(load[$0]) }),
                  (0..<n).allSatisfy({ p.menteeDemand[$0].contains(demand[$0]) }) else { continue }
            let r = MatchingValidator.check(Matching(pairs: chosen), against: p)
            guard r.isFeasible else { continue }
            let a = Answer(objective: r.objective, worstOutcome: r.worstOutcome)
            guard let b = best else { best = a; continue }
            switch p.objective {
            case .total:
                if a.objective > b.objective { best = a }
            case .maxMin:
                if a.worstOutcome > b.worstOutcome || (a.worstOutcome == b.worstOutcome && a.objective > b.objective) { best = a }
            }
        }
        return best
    }
}

/// Seeded random tiny problems that exercise every rule kind.
enum TinyProblems {
    static func make(seed: UInt64) -> MatchingProblem {
        var g = SplitMix64(seed: seed &* 7919 &+ 17)
        func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
        func chance(_ percent: Int) -> Bool { int(0...99) < percent }
        let m = int(1...3), n = int(1...4)
        let negative = chance(15)
        let scores = ScoreMatrix(mentors: m, mentees: n) { _, _ in Double(int(0...12) - (negative ? 4 : 0)) }
        var p = MatchingProblem(scores: scores)
        p.mentorLoad = (0..<m).map { _ in let lo = chance(30) ? 1 : 0; return CountRange(min: lo, max: lo + int(0...2)) }
        p.menteeDemand = (0..<n).map { _ in
            let lo = chance(25) ? 1 : 0
            return CountRange(min: lo, max: Swift.max(lo, chance(25) ? 2 : 1))
        }
        for i in 0..<m { for j in 0..<n where chance(12) { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        if chance(20) {
            let f = Pair(mentor: int(0...(m - 1)), mentee: int(0...(n - 1)))
            if !p.forbidden.contains(f) && p.mentorLoad[f.mentor.rawValue].max >= 1 { p.fixed = [f] }
        }
        if n >= 2, chance(25) {
            let a = int(0...(n - 1)), b = (a + 1 + int(0...(n - 2))) % n
            p.separations = [Separation(MenteeIndex(a), MenteeIndex(b))]
        }
        p.mentorAttributes = ["g": (0..<m).map { _ in chance(50) ? "a" : "b" }]
        p.menteeAttributes = ["g": (0..<n).map { _ in chance(50) ? "a" : "b" }]
        let menteeValue = p.menteeAttributes["g"]![0], mentorValue = p.mentorAttributes["g"]![0]
        if chance(30) { p.constraints.append(.maxPerMentor(attribute: "g", limit: int(0...1))) }
        if chance(30) {
            let lo = int(0...2)
            p.constraints.append(.quota(attribute: "g", value: menteeValue, count: CountRange(min: lo, max: lo + int(0...2))))
        }
        if chance(25) {
            let lo = int(0...1)
            p.constraints.append(.composition(attribute: "g", value: mentorValue, count: CountRange(min: lo, max: lo + int(0...1))))
        }
        if chance(25) { p.constraints.append(.crossShare(attribute: "g", minShare: [0.25, 0.5, 2.0 / 3.0, 1][int(0...3)])) }
        if chance(40) { p.unmatchedPenalty = (0..<n).map { _ in Double(int(0...6)) } }
        p.objective = chance(40) ? .maxMin : .total
        if p.fixed.count == 1, p.fixed.contains(where: { f in p.separations.contains { $0.first == f.mentee || $0.second == f.mentee } }) {
            // keep it valid: a separation never involves a mentee fixed twice to one mentor here anyway
        }
        return p
    }
}

import MatchingSolvers
import Testing

/// Solves `p` with the Hungarian solver and checks it against brute force:
/// same status, a matching the validator accepts, the brute-force optimum,
/// and a dual certificate equal to it. Returns what brute force found.
func expectHungarianMatchesBruteForce(_ p: MatchingProblem, seed: UInt64) async throws -> (optimal: Bool, infeasible: Bool) {
    let expected = BruteForce.solve(p)
    let r = try await NetworkFlowSolver().solve(p, options: SolveOptions())
    guard let expected else {
        #expect(r.termination.reason == .infeasible, "seed \(seed): \(r.termination)")
        return (false, true)
    }
    #expect(r.termination.reason == .optimal, "seed \(seed): \(r.termination) \(r.diagnostics)")
    guard let objective = r.objective, let matching = r.matching, let duals = r.duals else { return (false, false) }
    #expect(MatchingValidator.check(matching, against: p).isFeasible, "seed \(seed)")
    #expect(abs(objective - expected.objective) < 1e-9, "seed \(seed): hungarian \(objective), brute force \(expected.objective)")
    let bound = DualBound.bound(of: p, duals: duals)
    #expect(abs(bound - objective) < 1e-6, "seed \(seed): certificate \(bound) vs objective \(objective)")
    return (true, false)
}
