import MatchingCore
import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

/// Pareto fronts by the ε-constraint method, against the front brute force
/// finds among every feasible matching.
@Suite("Pareto fronts: total score against a second objective")
struct ParetoFrontTests {
    static let solver = AutoSolver(integerProgram: GLPKSolver())

    /// The non-dominated (total, value) pairs among every feasible matching, by gain on the second objective.
    static func bruteFront(_ p: MatchingProblem, _ objective: ParetoFront.Objective) -> [(total: Double, value: Double)] {
        var all = [(total: Double, value: Double)]()
        BruteForce.forEachFeasibleMatching(of: p) { matching, check in
            all.append((check.objective, ParetoFront.value(of: objective, matching, in: p)))
        }
        let gain = { (v: Double) in objective.maximised ? v : -v }
        let front = all.filter { a in !all.contains { b in b.total >= a.total - 1e-9 && gain(b.value) >= gain(a.value) - 1e-12 && (b.total > a.total + 1e-9 || gain(b.value) > gain(a.value) + 1e-12) } }
        // Distinct points, by gain ascending.
        var out = [(total: Double, value: Double)]()
        for f in front.sorted(by: { gain($0.value) < gain($1.value) }) where !out.contains(where: { abs($0.total - f.total) < 1e-9 && ($0.value == f.value || abs($0.value - f.value) < 1e-12) }) {
            out.append(f)
        }
        return out
    }

    static func options(_ objective: ParetoFront.Objective) -> RandomProblems.Options {
        RandomProblems.Options().with {
            $0.mentors = 1...3
            $0.mentees = 1...4
            $0.mentorSlack = 0...2
            $0.committeeChance = objective == .participation ? 0 : 25
            // Negative scores make matching fewer pay: participation then trades against the total.
            if objective == .participation { $0.scoreRanges = [-6...8, -3...10] }
            $0.committeePenalties = false
            $0.mentorAttributes = [.init("dept", ["a", "b"])]
            $0.menteeAttributes = [.init("dept", ["a", "b"])]
        }
    }

    @Test("every front equals brute force's non-dominated set, each point proven, its matching feasible and its total the validator's",
          arguments: [ParetoFront.Objective.fairness, .participation, .balance, .diversity(attribute: "dept")])
    func againstBruteForce(_ objective: ParetoFront.Objective) async throws {
        var traced = 0, multi = 0, emptiesFirst = 0
        for seed in UInt64(0)..<UInt64(120) {
            let p = RandomProblems.make(seed: seed, Self.options(objective))
            let brute = Self.bruteFront(p, objective)
            guard !brute.isEmpty else { continue }
            let front = try await ParetoFront.trace(p, versus: objective, solver: Self.solver)
            let at = "\(objective), seed \(seed)"
            #expect(front.complete, "\(at)")
            #expect(front.points.count == brute.count, "\(at): \(front.points.map { ($0.total, $0.value) }) vs \(brute)")
            for (point, b) in zip(front.points, brute) {
                // (The empty matching's fairness is -∞ on both sides.)
                #expect(abs(point.total - b.total) < 1e-6 && (point.value == b.value || abs(point.value - b.value) < 1e-9), "\(at): \(point.total), \(point.value) vs \(b)")
                #expect(point.proven, "\(at)")
                let check = MatchingValidator.check(point.matching, against: p)
                #expect(check.isFeasible && abs(check.objective - point.total) < 1e-6, "\(at): \(check.violations)")
                #expect(ParetoFront.value(of: objective, point.matching, in: p) == point.value, "\(at)")
            }
            // Supported: no point lies strictly below the segment between two others (an independent O(n³) check);
            // an empty matching's fairness (-∞) is the best total, supported, and takes no part in the segments.
            let gain = { (v: Double) in objective.maximised ? v : -v }
            var emptyFirst = 0
            for (k, q) in front.points.enumerated() {
                guard q.value.isFinite else {
                    #expect(k == 0 && q.supported && q.matching.pairs.isEmpty, "\(at): point \(k)")
                    emptyFirst += 1
                    continue
                }
                var below = false
                for a in front.points where a.value.isFinite && gain(a.value) < gain(q.value) {
                    for b in front.points where gain(b.value) > gain(q.value) {
                        let t = (gain(q.value) - gain(a.value)) / (gain(b.value) - gain(a.value))
                        if q.total < a.total + t * (b.total - a.total) - 1e-6 { below = true }
                    }
                }
                #expect(q.supported == !below, "\(at): point \(k) supported \(q.supported)")
            }
            #expect(front.points.filter(\.knee).count <= 1)
            // The knee: the finite point farthest above the chord between the finite ends, both scaled to 0…1; none when no point is above it.
            let finite = front.points.filter { $0.value.isFinite }
            if finite.count >= 3, let first = finite.first, let last = finite.last, first.total > last.total {
                let x = { (p: ParetoFront.Point) in (gain(p.value) - gain(first.value)) / (gain(last.value) - gain(first.value)) }
                let y = { (p: ParetoFront.Point) in (p.total - last.total) / (first.total - last.total) }
                let above = finite.map { x($0) + y($0) - 1 }
                let best = above.max()!
                if best > 1e-12 {
                    #expect(finite.filter(\.knee).count == 1 && abs(above[finite.firstIndex(where: \.knee)!] - best) < 1e-12, "\(at): knee")
                } else {
                    #expect(finite.filter(\.knee).isEmpty, "\(at): a knee below the chord")
                }
            }
            if emptyFirst > 0 { emptiesFirst += 1 }
            traced += 1
            if front.points.count > 1 { multi += 1 }
        }
        #expect(traced > 60 && multi > 10, "\(objective): traced \(traced), with a trade-off \(multi)")
        if objective == .fairness { #expect(emptiesFirst > 0, "no fairness front starts with the empty matching") }
    }

    @Test("participation: for every weight λ per mentee matched, the weighted-sum optimum (a penalty λ on each unmatched mentee) equals the best front point and is reached at a supported one")
    func supportedPointsAreWeightedSums() async throws {
        var checked = 0
        for seed in UInt64(500)..<UInt64(800) {
            let p = RandomProblems.make(seed: seed, Self.options(.participation))
            guard let front = try? await ParetoFront.trace(p, versus: .participation, solver: Self.solver), front.points.count > 1 else { continue }
            for lambda in stride(from: 0.0, through: 12, by: 0.75) {
                var weighted = p
                if weighted.unmatchedPenalty.isEmpty { weighted.unmatchedPenalty = Array(repeating: 0, count: p.menteeCount) }
                weighted.unmatchedPenalty = weighted.unmatchedPenalty.map { $0 + lambda }
                let r = try await NetworkFlowSolver().solve(weighted, options: SolveOptions())
                let optimum = try #require(r.objective) + lambda * Double(p.menteeCount)
                let values = front.points.map { $0.total + lambda * $0.value }
                let best = values.max()!
                #expect(abs(optimum - best) < 1e-6, "seed \(seed), λ \(lambda): weighted \(optimum) vs front \(best)")
                #expect(front.points.indices.contains { abs(values[$0] - best) < 1e-6 && front.points[$0].supported }, "seed \(seed), λ \(lambda)")
            }
            checked += 1
        }
        #expect(checked > 25, "\(checked)")
    }

    @Test("what it refuses: maxMin, participation with committees, diversity on a missing attribute; names round-trip")
    func refusals() async throws {
        var p = MatchingProblem(scores: try ScoreMatrix(rows: [[3, 1], [2, 5]]), mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 0, max: 1))
        var maxMin = p
        maxMin.objective = .maxMin
        await #expect(throws: MatchingError.self) { _ = try await ParetoFront.trace(maxMin, versus: .fairness, solver: Self.solver) }
        await #expect(throws: MatchingError.self) { _ = try await ParetoFront.trace(p, versus: .diversity(attribute: "dept"), solver: Self.solver) }
        p.menteeDemand = [CountRange(min: 0, max: 2), CountRange(min: 0, max: 1)]
        await #expect(throws: MatchingError.self) { _ = try await ParetoFront.trace(p, versus: .participation, solver: Self.solver) }
        for o in [ParetoFront.Objective.fairness, .participation, .balance, .diversity(attribute: "department")] { #expect(ParetoFront.Objective(o.description) == o) }
        #expect(ParetoFront.Objective("diversity:") == nil && ParetoFront.Objective("speed") == nil)
    }
}
