import Foundation
import MatchingCore
@testable import MatchingSolvers
import MatchingTestSupport
import Testing

@Suite("Blossom solver: exact matching in one pool")
struct BlossomSolverTests {
    @Test("hundreds of tiny pools: the brute-force optimum, certified by the odd-set duals", arguments: 0..<9)
    func bruteForce(_ batch: Int) async throws {
        var optimal = 0, infeasible = 0, oddSets = 0
        // Batches 6…8: capacities (b-matching through copies and gadgets), up to 7 people.
        let capacities = batch >= 6
        for seed in UInt64(batch * 100)..<UInt64(batch * 100 + 100) {
            let p = RandomPools.make(seed: seed, maxPeople: capacities ? 7 : 10, fractional: batch % 3 == 2, capacities: capacities)
            let expected = RandomPools.bruteForce(p)
            // Few candidates, so that pricing has to add pairs.
            let report = try await BlossomSolver(candidatesPerPerson: 1, addedPerPerson: 1).solve(p)
            if let expected {
                #expect(report.termination.reason == .optimal, "seed \(seed): \(report.termination)")
                let objective = try #require(report.objective, "seed \(seed)")
                #expect(abs(objective - expected) < 1e-6, "seed \(seed): \(objective) vs brute force \(expected)")
                // The certificate, checked again from the problem alone.
                let duals = try #require(report.duals)
                let check = OddSetBound.check(p, scale: PoolScale(of: p), duals: duals)
                #expect(check.violation == nil, "seed \(seed): \(check.violation ?? "")")
                #expect(abs((check.bound ?? .infinity) - expected) < 1e-6 + (PoolScale(of: p).exact ? 0 : 4 * Double(p.count * p.count) * duals.unit),
                        "seed \(seed): bound \(check.bound ?? .nan) vs \(expected)")
                // A matching: nobody twice, every pair allowed, fixed pairs kept, minimums met.
                var degree = [Int](repeating: 0, count: p.count)
                for q in report.pairs ?? [] {
                    degree[q.mentor.rawValue] += 1; degree[q.mentee.rawValue] += 1
                    #expect(p.score(q.mentor.rawValue, q.mentee.rawValue).isFinite)
                }
                for i in 0..<p.count { #expect(p.partners[i].contains(degree[i]), "seed \(seed): person \(i) has \(degree[i]) partners") }
                for f in p.fixed { #expect(report.pairs?.contains(f) == true) }
                oddSets += duals.oddSets.count
                optimal += 1
            } else {
                #expect(report.termination.reason == .infeasible, "seed \(seed): \(report.termination)")
                infeasible += 1
            }
        }
        #expect(optimal > 50 && infeasible >= 2, "optimal \(optimal), infeasible \(infeasible)")
        // Odd cycles of positive scores are common in tiny complete graphs: blossoms must occur.
        if !capacities { #expect(oddSets > 0) }
    }

    @Test("the engine alone, cold-started, on sparse random graphs: brute-force optimum and tight duals")
    func engineCold() {
        for seed in UInt64(0)..<300 {
            var g = SplitMix64(seed: seed &+ 9_000)
            let n = 2 + Int(g.next() % 11)
            var edges = [(Int, Int, Int64)]()
            for i in 0..<n { for j in (i + 1)..<n where g.next() % 3 != 0 { edges.append((i, j, Int64(g.next() % 30) - 4)) } }
            var engine = _WeightedBlossom(vertexCount: n, edges: edges)
            let finished = engine.run()
            #expect(finished)
            var total: Int64 = 0, used = Set<Int>()
            for k in engine.matchedEdges {
                total += edges[k].2
                let fresh = used.insert(edges[k].0).inserted && used.insert(edges[k].1).inserted
                #expect(fresh)
            }
            // Brute force: each vertex in turn left exposed or matched to a later free neighbour.
            var weightOf = [[Int64?]](repeating: [Int64?](repeating: nil, count: n), count: n)
            for (u, v, w) in edges { weightOf[u][v] = w; weightOf[v][u] = w }
            var best: Int64 = 0
            var taken = [Bool](repeating: false, count: n)
            func go(_ v: Int, _ sum: Int64) {
                if v == n { best = Swift.max(best, sum); return }
                if taken[v] { go(v + 1, sum); return }
                go(v + 1, sum)
                for u in (v + 1)..<n where !taken[u] {
                    guard let w = weightOf[v][u] else { continue }
                    taken[u] = true
                    go(v + 1, sum + w)
                    taken[u] = false
                }
            }
            go(0, 0)
            #expect(total == best, "seed \(seed): \(total) vs \(best)")
            // Σ y + Σ z ⌊|B|/2⌋ = 2 · weight (half units), and every edge covered.
            // Each set's members, from the laminar forest: its own vertices and its subsets'.
            let sets = engine.oddSets
            var members = sets.map { Set($0.vertices) }
            for k in sets.indices.reversed() { if let p = sets[k].parent { #expect(p < k); members[p].formUnion(members[k]) } }
            for m in members { #expect(m.count >= 3 && m.count % 2 == 1, "seed \(seed)") }
            let bound = engine.dual[0..<n].reduce(0, +) + zip(sets, members).reduce(0) { $0 + $1.0.dual * Int64($1.1.count / 2) }
            #expect(bound == 2 * total, "seed \(seed)")
            for (u, v, w) in edges {
                let z = zip(sets, members).reduce(Int64(0)) { $0 + ($1.1.contains(u) && $1.1.contains(v) ? $1.0.dual : 0) }
                #expect(engine.dual[u] + engine.dual[v] + z >= 2 * w)
            }
        }
    }

    @Test("an odd cycle with a pendant: the optimum needs a blossom and its expansion")
    func oddCycle() async throws {
        // Triangle 0-1-2 of weight 10 each, 2-3 of 9, 3-4 of 2: best is {0,1}, {2,3} = 19.
        var values = [Double](repeating: -.infinity, count: 25)
        func set(_ i: Int, _ j: Int, _ w: Double) { values[i * 5 + j] = w; values[j * 5 + i] = w }
        set(0, 1, 10); set(1, 2, 10); set(0, 2, 10); set(2, 3, 9); set(3, 4, 2)
        let p = PoolProblem(scores: try ScoreMatrix(mentors: 5, mentees: 5, values: ContiguousArray(values)))
        let report = try await BlossomSolver().solve(p)
        #expect(report.termination.reason == .optimal)
        #expect(report.objective == 19)
        #expect(report.bound == 19)
    }

    @Test("the PoolMatching article's example: a 4-cycle of exchange partners, 26")
    func articleExample() async throws {
        let scores = try ScoreMatrix(rows: [[0, 8, 3, 5], [8, 0, 7, 2], [3, 7, 0, 6], [5, 2, 6, 0]])
        let pool = PoolProblem(scores: scores, partners: Array(repeating: CountRange(1...2), count: 4))
        let report = try await BlossomSolver().solve(pool)
        #expect(report.pairs == [Pair(MentorIndex(0), MenteeIndex(1)), Pair(MentorIndex(0), MenteeIndex(3)),
                                 Pair(MentorIndex(1), MenteeIndex(2)), Pair(MentorIndex(2), MenteeIndex(3))])
        #expect(report.objective == 26 && report.bound == 26)
        #expect(RandomPools.bruteForce(pool) == 26)
    }

    @Test("a cohort-like pool: 300 people, 1–4 partners, a penalty, language clusters, fractional scores — proven in few rounds, the same optimum from few or many candidates")
    func cohortLikePool() async throws {
        // Gadget graphs with penalties once grew one tree (and thousands of
        // nested blossoms) over the whole graph, and pricing against those
        // duals kept finding ~5 violated pairs per person, round after round.
        var g = SplitMix64(seed: 42)
        let n = 300
        let language = (0..<n).map { _ in Int(g.next() % 3) }
        let bilingual = (0..<n).map { _ in g.next() % 5 == 0 }
        var values = ContiguousArray<Double>(repeating: 0, count: n * n)
        for i in 0..<n {
            for j in (i + 1)..<n {
                let shared = language[i] == language[j] || bilingual[i] || bilingual[j]
                let s = shared ? Double(g.next() % 10_000) / 100 : -.infinity
                values[i * n + j] = s; values[j * n + i] = s
            }
        }
        let partners = (0..<n).map { i in i % 37 == 0 ? CountRange(0...0) : CountRange(min: 0, max: 1 + Int(g.next() % 4)) }
        let p = PoolProblem(scores: try ScoreMatrix(mentors: n, mentees: n, values: values), partners: partners,
                            unmatchedPenalty: Array(repeating: 20, count: n))
        let few = try await BlossomSolver(candidatesPerPerson: 3, addedPerPerson: 2).solve(p)
        let many = try await BlossomSolver(candidatesPerPerson: 40, addedPerPerson: 10).solve(p)
        for report in [few, many] {
            #expect(report.termination.reason == .optimal, "\(report.termination)")
            let check = OddSetBound.check(p, scale: PoolScale(of: p), duals: try #require(report.duals))
            #expect(check.violation == nil, "\(check.violation ?? "")")
            #expect(abs((check.bound ?? .infinity) - (report.objective ?? 0)) < 1e-6)
        }
        #expect(abs((few.objective ?? 0) - (many.objective ?? 1)) < 1e-6)
        #expect((many.statistics["rounds"] ?? 99) <= 4, "rounds \(many.statistics["rounds"] ?? -1)")
    }

    @Test("validation names the rule: a non-square matrix, a person fixed beyond their maximum")
    func validation() async throws {
        let square = try ScoreMatrix(mentors: 3, mentees: 3, values: ContiguousArray(repeating: 1, count: 9))
        await #expect(throws: MatchingError.self) {
            _ = try await BlossomSolver().solve(PoolProblem(source: DenseScoreSource(try ScoreMatrix(mentors: 2, mentees: 3, values: ContiguousArray(repeating: 1, count: 6)))))
        }
        await #expect(throws: MatchingError.self) {
            _ = try await BlossomSolver().solve(PoolProblem(scores: square, fixed: [Pair(MentorIndex(0), MenteeIndex(1)), Pair(MentorIndex(1), MenteeIndex(2))]))
        }
    }
}
