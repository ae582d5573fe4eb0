import MatchingCore
import MatchingGLPK
@testable import MatchingSolvers
import MatchingTestSupport
import Testing

/// The rotation poset of a two-sided problem with capacities: its closed
/// sets against every stable matching found by brute force, and its best
/// closure against brute force and GLPK's integer program.
@Suite("rotation poset")
struct RotationPosetTests {
    /// Strict rankings: each side's complete list in a seeded random order (forbidden pairs drop out).
    /// With `cyclic`, the rankings are cyclic shifts in opposite directions (mentee j starts at mentor
    /// j mod M, mentor i at mentee i + 1), a third of adjacent entries swapped: the conflict that gives
    /// small markets many stable matchings.
    static func strict(_ p: MatchingProblem, seed: UInt64, cyclic: Bool = false) throws -> StabilityPreferences {
        var g = SplitMix64(seed: seed)
        let m = p.mentorCount, n = p.menteeCount
        func list(_ count: Int, from start: Int) -> [Int] {
            var a = Array(0..<count)
            if cyclic {
                a = a.map { ($0 + start) % count }
                for k in 1..<count where g.next() % 3 == 0 { a.swapAt(k - 1, k) }
            } else {
                for k in stride(from: count - 1, to: 0, by: -1) { a.swapAt(k, Int(g.next() % UInt64(k + 1))) }
            }
            return a
        }
        let prefs = try StabilityPreferences(p, mentorLists: (0..<m).map { list(n, from: $0 + 1) },
                                             menteeLists: (0..<n).map { list(m, from: $0 % m) })
        try #require(prefs.isStrict)
        return prefs
    }

    /// A balanced market (as many mentees as mentor places, where random rankings have many stable
    /// matchings: unbalanced ones have few — Ashlagi, Kanoria and Leshno, 2017), with a few forbidden pairs
    /// and seeded scores.
    static func balanced(seed: UInt64, mentors: ClosedRange<Int>, capacity: ClosedRange<Int>) -> MatchingProblem {
        var g = SplitMix64(seed: seed)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(g.next() % UInt64(r.count)) }
        let loads = (0..<int(mentors)).map { _ in int(capacity) }
        let n = loads.reduce(0, +)
        var p = MatchingProblem(scores: ScoreMatrix(mentors: loads.count, mentees: n) { _, _ in Double(int(0...1_000_000)) })
        p.mentorLoad = loads.map { CountRange(min: 0, max: $0) }
        p.menteeDemand = Array(repeating: CountRange(min: 0, max: 1), count: n)
        p.unmatchedPenalty = (0..<n).map { _ in Double(int(0...3)) }
        for i in 0..<loads.count { for j in 0..<n where int(0...19) == 0 { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        return p
    }

    /// Every closed set of rotations (all subsets, filtered by the predecessors).
    static func closedSets(_ poset: RotationPoset) -> [[Int]] {
        let r = poset.rotations.count
        return (0..<(1 << r)).compactMap { mask in
            let set = (0..<r).filter { mask & (1 << $0) != 0 }
            return set.allSatisfy({ x in poset.predecessors[x].allSatisfy { mask & (1 << $0) != 0 } }) ? set : nil
        }
    }

    @Test("on 240 tiny problems with strict rankings (random; or balanced and cyclic): the closed sets of rotations give exactly the stable matchings brute force finds, one each; the ends are the two deferred acceptance matchings; the best closure is certified and equals the best stable total", arguments: 0..<4)
    func closedSetsAreTheStableMatchings(_ batch: Int) throws {
        var seen = (rotations: 0, ordered: 0, lattices: 0, sameMentor: 0)
        for seed in UInt64(batch * 60)..<UInt64(batch * 60 + 60) {
            var p = seed % 3 == 0 ? StabilityCases.problem(seed: 41_000 + seed, mentors: 1...4, mentees: 2...5, ties: false)
                : Self.balanced(seed: 41_000 + seed, mentors: 2...4, capacity: 1...2)
            // One place too many in a sixth: some mentor keeps room.
            if seed % 6 == 2 { p.mentorLoad[0].max += 1 }
            let prefs = try Self.strict(p, seed: seed, cyclic: seed % 3 != 0)
            var stable = [Matching: Double]()
            BruteForce.forEachFeasibleMatching(of: p) { m, check in
                if StabilityCases.naiveBlocking(m, prefs).isEmpty { stable[m] = check.objective }
            }
            let poset = try RotationPoset(prefs, scores: p.scores)
            #expect(poset.menteeOptimal == DeferredAcceptance.solve(prefs, proposers: .mentees), "seed \(seed)")
            #expect(poset.mentorOptimal == DeferredAcceptance.solve(prefs, proposers: .mentors), "seed \(seed)")
            try #require(poset.rotations.count <= 12, "seed \(seed): \(poset.rotations.count) rotations")
            let sets = Self.closedSets(poset)
            let matchings = sets.map { poset.matching(eliminating: $0) }
            #expect(matchings.allSatisfy { $0 != nil }, "seed \(seed)")
            let found = matchings.compactMap { $0 }
            #expect(Set(found).count == found.count, "seed \(seed): two closed sets give one matching")
            #expect(Set(found) == Set(stable.keys), "seed \(seed): closed sets \(found.count), stable matchings \(stable.count)")
            // Each rotation's gain is the change in total it makes.
            for (set, m) in zip(sets, found) {
                let gain = set.reduce(0) { $0 + poset.rotations[$1].gain }
                #expect(abs(MatchingValidator.check(m, against: p).objective - stable[poset.menteeOptimal, default: .nan] - gain) < 1e-6, "seed \(seed)")
            }
            // A set missing a predecessor is refused.
            if let r = poset.predecessors.indices.first(where: { !poset.predecessors[$0].isEmpty }) { #expect(poset.matching(eliminating: [r]) == nil) }
            let best = poset.best()
            #expect(best.certified && abs(best.flow - best.cut) < 1e-6, "seed \(seed): \(best)")
            #expect(abs((stable[best.matching] ?? .nan) - stable.values.max()!) < 1e-6, "seed \(seed): best closure \(stable[best.matching] ?? .nan), brute force \(stable.values.max()!)")
            seen.rotations += poset.rotations.count
            seen.ordered += poset.predecessors.filter { !$0.isEmpty }.count
            if stable.count > 2 { seen.lattices += 1 }
            seen.sameMentor += poset.rotations.flatMap(\.moves).filter { $0.from == $0.to }.count
        }
        // The test sees real lattices: several rotations, some ordered, some lattices of three or more matchings,
        // and mentees who keep their mentor in a rotation. (Mentors with room beside rotations: `hugeCapacity`.)
        #expect(seen.rotations > 15 && seen.ordered > 3 && seen.lattices > 2 && seen.sameMentor > 0, "\(seen)")
    }

    @Test("with ties (broken by index): every closed set gives a weakly stable matching; the best closure lies between the better deferred acceptance total and the best weakly stable total of brute force", arguments: 0..<2)
    func tiesGiveWeaklyStableMatchings(_ batch: Int) throws {
        for seed in UInt64(batch * 60)..<UInt64(batch * 60 + 60) {
            let p = StabilityCases.problem(seed: 43_000 + seed, mentors: 1...4, mentees: 2...5, ties: true)
            let prefs = try StabilityPreferences(p)
            var best = -Double.infinity
            BruteForce.forEachFeasibleMatching(of: p) { m, check in
                if StabilityCases.naiveBlocking(m, prefs).isEmpty { best = max(best, check.objective) }
            }
            let poset = try RotationPoset(prefs, scores: p.scores)
            try #require(poset.rotations.count <= 12)
            for set in Self.closedSets(poset) {
                let m = try #require(poset.matching(eliminating: set))
                #expect(StabilityCases.naiveBlocking(m, prefs).isEmpty && MatchingValidator.check(m, against: p).isFeasible, "seed \(seed): \(set)")
            }
            #expect(poset.matching(eliminating: 0..<poset.rotations.count) == poset.mentorOptimal, "seed \(seed)")
            let lattice = poset.best()
            let total = MatchingValidator.check(lattice.matching, against: p).objective
            let da = DeferredAcceptance.Proposers.allCases.map { MatchingValidator.check(DeferredAcceptance.solve(prefs, proposers: $0), against: p).objective }.max()!
            #expect(lattice.certified && total >= da - 1e-9 && total <= best + 1e-9, "seed \(seed): \(total) against \(da)…\(best)")
        }
    }

    @Test("on 24 balanced problems of 5–14 mentors (capacities 1–4) and as many mentees as places, with strict rankings (random or cyclic): the best closure's total equals GLPK's best stable matching, proven by branch and bound on the integer program")
    func againstGLPK() async throws {
        var rotations = 0
        for seed in UInt64(0)..<24 {
            let p = Self.balanced(seed: 45_000 + seed, mentors: 5...14, capacity: 1...4)
            let prefs = try Self.strict(p, seed: 46_000 + seed, cyclic: seed % 2 == 0)
            let poset = try RotationPoset(prefs, scores: p.scores)
            let best = poset.best()
            let glpk = try await GLPKSolver().bestStableProgram(p, preferences: prefs)
            try #require(glpk.termination.reason == .optimal, "seed \(seed): \(glpk.termination)")
            let total = MatchingValidator.check(best.matching, against: p).objective
            #expect(best.certified && abs(total - glpk.objective!) < 1e-6 * max(1, abs(total)), "seed \(seed): rotations \(total), GLPK \(glpk.objective!), \(best), \(poset.rotations.count) rotations, all eliminated reach the mentor-optimal: \(poset.matching(eliminating: 0..<poset.rotations.count) == poset.mentorOptimal)")
            #expect(StabilityAudit.blockingPairs(best.matching, in: p, preferences: prefs).isEmpty, "seed \(seed)")
            let routed = try await GLPKSolver().bestStable(p, preferences: prefs)
            #expect(routed.termination.reason == .optimal && routed.matching == best.matching, "seed \(seed): \(routed.termination)")
            rotations += poset.rotations.count
        }
        #expect(rotations > 100, "\(rotations) rotations in all")
    }

    @Test("on 150 mentors with capacities 1–4 and as many mentees as places, with strict random rankings: the best closure is certified and stable, and no sampled closed set (the downward closure of random rotations) gives a stable matching with a larger total")
    func atScale() throws {
        let p = Self.balanced(seed: 47_000, mentors: 150...150, capacity: 1...4)
        var g = SplitMix64(seed: 47)
        let prefs = try Self.strict(p, seed: 47_001)
        let poset = try RotationPoset(prefs, scores: p.scores)
        let best = poset.best()
        let total = MatchingValidator.check(best.matching, against: p).objective
        #expect(best.certified && poset.rotations.count > 20, "\(poset.rotations.count) rotations, \(best)")
        #expect(StabilityAudit.blockingPairs(best.matching, in: p, preferences: prefs).isEmpty)
        for k in 0..<40 {
            var taken = Set<Int>()
            var stack = (0..<poset.rotations.count).filter { _ in g.next() % UInt64(2 + k % 5) == 0 }
            while let r = stack.popLast() { if taken.insert(r).inserted { stack += poset.predecessors[r] } }
            let m = try #require(poset.matching(eliminating: taken))
            #expect(StabilityAudit.blockingPairs(m, in: p, preferences: prefs).isEmpty, "sample \(k)")
            #expect(MatchingValidator.check(m, against: p).objective <= total + 1e-6, "sample \(k)")
        }
        #expect(poset.matching(eliminating: 0..<poset.rotations.count) == poset.mentorOptimal)
    }

    @Test("mentors whose capacity is far above the mentees (1,000,000), beside rotations: the poset is built from the mentors' lists (their empty slots skipped), its best certified and stable, every rotation leading to the mentor-optimal matching; scores of the wrong size are refused")
    func hugeCapacity() throws {
        var p = Self.balanced(seed: 48_000, mentors: 60...60, capacity: 1...3)
        // Two mentors with room for everyone, acceptable to a few mentees only (their lists are short).
        for i in 0..<2 {
            p.mentorLoad[i] = CountRange(min: 0, max: 1_000_000)
            for j in 0..<p.menteeCount where j % 7 != i { p.forbidden.insert(Pair(mentor: i, mentee: j)) }
        }
        let prefs = try Self.strict(p, seed: 48_001)
        let poset = try RotationPoset(prefs, scores: p.scores)
        let best = poset.best()
        #expect(best.certified && StabilityAudit.blockingPairs(best.matching, in: p, preferences: prefs).isEmpty, "\(poset.rotations.count) rotations")
        // Rotations happen beside the two mentors with room (their slots past their load are never scanned).
        let load = poset.menteeOptimal.pairs.reduce(into: [Int](repeating: 0, count: p.mentorCount)) { $0[$1.mentor.rawValue] += 1 }
        #expect(poset.rotations.count > 1 && load[0] > 0 && load[1] > 0, "\(poset.rotations.count) rotations")
        #expect(poset.matching(eliminating: 0..<poset.rotations.count) == poset.mentorOptimal)
        #expect(throws: MatchingError.self) { _ = try RotationPoset(prefs, scores: ScoreMatrix(mentors: 2, mentees: 2) { _, _ in 0 }) }
    }
}

/// The maximum-weight closure (Picard's reduction, Dinic's flow) against brute force.
@Suite("maximum closure")
struct MaximumClosureTests {
    @Test("on 400 random precedence graphs of up to 10 items (weights of mixed sign and magnitude, zeros, cycles allowed): the chosen set is closed, certified, and as heavy as the heaviest closed set")
    func againstBruteForce() {
        var g = SplitMix64(seed: 90)
        var nontrivial = 0
        for k in 0..<400 {
            let items = Int(g.next() % 11)
            let weights: [Double] = (0..<items).map { _ in
                switch g.next() % 5 {
                case 0: 0
                case 1: Double(Int(g.next() % 2_000_001) - 1_000_000) * 1e-6
                default: Double(Int(g.next() % 2_001) - 1_000) * (k % 3 == 0 ? 1e6 : 1)
                }
            }
            let predecessors: [[Int]] = (0..<items).map { _ in (0..<items).filter { _ in g.next() % 4 == 0 } }
            let closure = _MaximumClosure(weights: weights, predecessors: predecessors)
            var best = 0.0
            for mask in 0..<(1 << items) {
                let closed = (0..<items).allSatisfy { x in mask & (1 << x) == 0 || predecessors[x].allSatisfy { mask & (1 << $0) != 0 } }
                if closed { best = max(best, (0..<items).reduce(0) { mask & (1 << $1) != 0 ? $0 + weights[$1] : $0 }) }
            }
            let scale = max(1, weights.reduce(0) { $0 + abs($1) })
            let taken = closure.chosen
            #expect(predecessors.indices.allSatisfy { x in !taken[x] || predecessors[x].allSatisfy { taken[$0] } }, "graph \(k)")
            #expect(closure.certified && abs(closure.weight - best) <= 1e-9 * scale && abs(closure.flow - closure.cut) <= 1e-9 * scale,
                    "graph \(k): \(closure.weight) against \(best)")
            if best > 0 && taken.contains(false) && taken.contains(true) { nontrivial += 1 }
        }
        #expect(nontrivial > 50, "\(nontrivial)")
    }
}
