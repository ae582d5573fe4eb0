import MatchingCore
import MatchingSolvers
import MatchingTestSupport
import Testing

/// Latecomers re-optimised from the last optimum, against cold solves.
@Suite("incremental matching: latecomers from the last optimum")
struct IncrementalMatchingTests {
    @Test("random problems, latecomers one at a time: every step equals a cold solve of the grown problem, its report proven optimal and re-checked", arguments: 0..<4)
    func againstColdSolves(_ batch: Int) async throws {
        let options = RandomProblems.Options().with {
            $0.mentors = 1...6
            $0.mentees = 1...8
            $0.committeePenalties = false
        }
        var steps = 0, moves = 0, started = 0
        for seed in UInt64(batch * 60)..<UInt64(batch * 60 + 60) {
            let p = RandomProblems.make(seed: seed, options)
            guard var matching = try? await IncrementalMatching.solve(p) else { continue }
            started += 1
            let first = try await NetworkFlowSolver().solve(p, options: SolveOptions())
            #expect(abs((first.objective ?? .nan) - matching.objective) < 1e-6, "seed \(seed): first solve")
            var g = SplitMix64(seed: seed &* 7 &+ 3)
            for k in 0..<5 {
                let m = matching.mentorCount
                let scores = (0..<m).map { _ in Double(Int(g.next() % 15)) - 2 }
                let committee = g.next() % 4 == 0
                let demand = CountRange(min: 0, max: committee ? 2 : Int(g.next() % 5 == 0 ? 0 : 1))
                let penalty = committee ? 0 : Double(g.next() % 8)
                let forbidden = Set((0..<m).filter { _ in g.next() % 5 == 0 })
                let step = try matching.addMentee(scores: scores, demand: demand, unmatchedPenalty: penalty, forbidden: forbidden)
                let grown = matching.problem
                let cold = try await NetworkFlowSolver().solve(grown, options: SolveOptions())
                let at = "seed \(seed), latecomer \(k)"
                #expect(cold.termination.reason == .optimal, "\(at): \(cold.termination)")
                #expect(abs((cold.objective ?? .nan) - step.objective) < 1e-6, "\(at): incremental \(step.objective) vs cold \(cold.objective ?? .nan)")
                let report = matching.report()
                #expect(report.termination.reason == .optimal && report.statistics.proof == .dualPotentials, "\(at): \(report.termination)")
                #expect(abs((report.objective ?? .nan) - step.objective) < 1e-6 && abs((report.bound ?? .nan) - step.objective) < 1e-6, "\(at)")
                let pairs = try #require(report.matching)
                #expect(MatchingValidator.check(pairs, against: grown).isFeasible, "\(at)")
                #expect(pairs.pairs.filter { $0.mentee.rawValue == step.mentee }.map(\.mentor.rawValue).sorted() == step.mentors, "\(at)")
                #expect(step.mentors.allSatisfy { !forbidden.contains($0) } && step.mentors.count <= demand.max, "\(at)")
                steps += 1
                moves += step.moved.count
            }
        }
        #expect(started > 20 && steps >= 5 * started, "started \(started), steps \(steps)")
        #expect(moves > 0, "no latecomer ever moved another mentee: the augmenting paths are not exercised")
    }

    @Test("candidate lists from 1 to 4 mentors on 12–30 mentors, tight and loose seats, ties: every latecomer's optimum equals the dense searches' and a cold solve's, proven by its certificate", arguments: [1, 2, 4])
    func candidateListsAreExact(_ k: Int) async throws {
        var steps = 0, moves = 0
        for seed in UInt64(0)..<UInt64(24) {
            var g = SplitMix64(seed: seed &* 31 &+ UInt64(k))
            let m = 12 + Int(g.next() % 19), n = m - 1 - Int(g.next() % 3)
            // Few score levels make ties; seat counts from one each (a tight assignment) to two.
            let levels = 3 + Int(g.next() % 40)
            let rows = (0..<m).map { _ in (0..<n).map { _ in Double(Int(g.next() % UInt64(levels))) } }
            let load = CountRange(min: 0, max: seed % 3 == 0 ? 2 : 1)
            var p = MatchingProblem(scores: try ScoreMatrix(rows: rows), mentorLoad: load, menteeDemand: CountRange(min: 0, max: 1))
            for _ in 0..<(m * n / 10) { p.forbidden.insert(Pair(mentor: Int(g.next() % UInt64(m)), mentee: Int(g.next() % UInt64(n)))) }
            var lists = try await IncrementalMatching.solve(p, candidates: k)
            var dense = try await IncrementalMatching.solve(p, candidates: 0)
            for j in 0..<(2 * m) {
                let scores = (0..<m).map { _ in Double(Int(g.next() % UInt64(levels))) }
                let demand = CountRange(min: 0, max: j % 5 == 4 ? 2 : 1)
                let penalty = demand.max == 1 ? Double(g.next() % 4) : 0
                let forbidden = Set((0..<m).filter { _ in g.next() % 6 == 0 })
                let a = try lists.addMentee(scores: scores, demand: demand, unmatchedPenalty: penalty, forbidden: forbidden)
                let b = try dense.addMentee(scores: scores, demand: demand, unmatchedPenalty: penalty, forbidden: forbidden)
                let at = "k \(k), seed \(seed), latecomer \(j)"
                #expect(abs(a.objective - b.objective) < 1e-9, "\(at): lists \(a.objective) vs dense \(b.objective)")
                if j % 7 == 6 || j == 2 * m - 1 {
                    let grown = lists.problem
                    let cold = try await NetworkFlowSolver().solve(grown, options: SolveOptions())
                    #expect(abs((cold.objective ?? .nan) - a.objective) < 1e-9, "\(at): cold \(cold.objective ?? .nan)")
                    let report = lists.report()
                    #expect(report.termination.reason == .optimal && abs((report.bound ?? .nan) - a.objective) < 1e-9, "\(at): \(report.termination)")
                    #expect(MatchingValidator.check(try #require(report.matching), against: grown).isFeasible, "\(at)")
                }
                steps += 1
                moves += a.moved.count
            }
        }
        #expect(steps > 500 && moves > 100, "steps \(steps), moves \(moves): the augmenting paths are not exercised")
    }

    @Test("candidate lists on random programs with fixed pairs, minimum loads and penalties: every latecomer's optimum equals the dense searches'", arguments: [1, 3])
    func candidateListsWithRules(_ k: Int) async throws {
        let options = RandomProblems.Options().with {
            $0.mentors = 6...14
            $0.mentees = 6...14
            $0.committeeChance = 0
            $0.committeePenalties = false
            $0.mentorMinimumChance = 40
            $0.fixedChance = 60
            $0.maxFixed = 2
            $0.penaltyChance = 60
        }
        var steps = 0, started = 0
        for seed in UInt64(1000)..<UInt64(1060) {
            let p = RandomProblems.make(seed: seed, options)
            guard var lists = try? await IncrementalMatching.solve(p, candidates: k), var dense = try? await IncrementalMatching.solve(p, candidates: 0) else { continue }
            started += 1
            var g = SplitMix64(seed: seed &+ 77)
            for j in 0..<8 {
                let scores = (0..<p.mentorCount).map { _ in Double(Int(g.next() % 15)) - 3 }
                let penalty = Double(g.next() % 5)
                let a = try lists.addMentee(scores: scores, unmatchedPenalty: penalty)
                let b = try dense.addMentee(scores: scores, unmatchedPenalty: penalty)
                #expect(abs(a.objective - b.objective) < 1e-9, "k \(k), seed \(seed), latecomer \(j): \(a.objective) vs \(b.objective)")
                steps += 1
            }
            let report = lists.report()
            let pairs = try #require(report.matching)
            #expect(report.termination.reason == .optimal && MatchingValidator.check(pairs, against: lists.problem).isFeasible, "seed \(seed)")
        }
        #expect(started > 20 && steps > 160, "started \(started), steps \(steps)")
    }

    @Test("what it refuses, in one line: attribute rules, maxMin, a latecomer who must be matched, wrong sizes and values")
    func refusals() async throws {
        var p = MatchingProblem(scores: try ScoreMatrix(rows: [[3, 1], [2, 5]]), mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 0, max: 1))
        p.menteeAttributes["team"] = ["a", "b"]
        var withRule = p
        withRule.constraints = [.quota(attribute: "team", value: "a", count: CountRange(min: 1, max: 1))]
        await #expect(throws: MatchingError.self) { _ = try await IncrementalMatching.solve(withRule) }
        var maxMin = p
        maxMin.objective = .maxMin
        await #expect(throws: MatchingError.self) { _ = try await IncrementalMatching.solve(maxMin) }
        await #expect(throws: MatchingError.self) { _ = try await IncrementalMatching.solve(p, candidates: -1) }
        var m = try await IncrementalMatching.solve(p)
        #expect(m.objective == 8)
        for (scores, demand, penalty, forbidden) in [([1.0], CountRange(min: 0, max: 1), 0.0, Set<Int>()), ([1, .nan], CountRange(min: 0, max: 1), 0, []),
                                                     ([1, 2], CountRange(min: 1, max: 1), 0, []), ([1, 2], CountRange(min: 0, max: 2), 3, []),
                                                     ([1, 2], CountRange(min: 0, max: 1), -1, []), ([1, 2], CountRange(min: 0, max: 1), 0, [5])] {
            #expect(throws: MatchingError.self, "\(scores) \(demand) \(penalty) \(forbidden)") { _ = try m.addMentee(scores: scores, demand: demand, unmatchedPenalty: penalty, forbidden: forbidden) }
        }
        #expect(m.menteeCount == 2, "a refused latecomer was added")
        // A latecomer who is worth more to mentor 1 than mentee 1 is: mentee 1 moves to mentor 0's free seat? No seat: it is left out.
        let step = try m.addMentee(scores: [0, 9])
        #expect(step.mentors == [1] && step.objective == 12 && m.report().termination.reason == .optimal)
        // Mentee 1 gave its mentor up and is left out (mentor 0 is taken): a move with nowhere to go.
        #expect(step.moved.count == 1 && step.moved[0].mentee == 1 && step.moved[0].from == 1 && step.moved[0].to == nil, "\(step.moved)")
    }
}
