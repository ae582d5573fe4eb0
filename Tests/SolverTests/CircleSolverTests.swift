import Foundation
import MatchingCore
@testable import MatchingSolvers
import MatchingTestSupport
import Testing

/// Random tiny circle problems, an independent validator and the brute-force optimum over every partition.
enum RandomCircles {
    /// 2…9 people (a multiple of 3 for sizes 3…3), integer scores in −5…20
    /// (ties likely), about a sixth of the pairs forbidden, three or four
    /// departments with, most of the time, at most 2 (or 1) per group.
    static func make(seed: UInt64) -> CircleProblem {
        var g = SplitMix64(seed: seed)
        let sizes = g.next() % 2 == 0 ? CountRange(2...3) : CountRange(3...3)
        let n = sizes.min == 3 ? 3 * (1 + Int(g.next() % 3)) : 2 + Int(g.next() % 8)
        var values = [Double](repeating: 0, count: n * n)
        var forbidden = Set<Pair>()
        for i in 0..<n {
            for j in (i + 1)..<n {
                let s = Double(Int(g.next() % 26) - 5)
                values[i * n + j] = s
                values[j * n + i] = s
                if g.next() % 6 == 0 { forbidden.insert(Pair(MentorIndex(i), MenteeIndex(j))) }
            }
        }
        let departments = 3 + Int(g.next() % 2)
        let department = (0..<n).map { _ in "d\(g.next() % UInt64(departments))" }
        var rules = [CircleRule]()
        if g.next() % 4 != 0 { rules.append(.maxPerGroup(attribute: "department", limit: g.next() % 5 == 0 ? 1 : 2)) }
        let scores = try! ScoreMatrix(mentors: n, mentees: n, values: ContiguousArray(values))
        return CircleProblem(scores: scores, forbidden: forbidden, groupSize: sizes, attributes: ["department": department], rules: rules)
    }

    /// The pair's score read from the source (upper triangle), `-infinity` when forbidden.
    static func score(_ p: CircleProblem, _ i: Int, _ j: Int) -> Double {
        let n = p.count
        var row = [Double](repeating: 0, count: n)
        let (a, b) = i < j ? (i, j) : (j, i)
        row.withUnsafeMutableBufferPointer { p.source.scores(mentors: a..<(a + 1), into: $0) }
        return row[b]
    }

    /// Why `groups` is not a partition that keeps every rule of `p`, or `nil`.
    static func violation(_ groups: [[Int]], of p: CircleProblem) -> String? {
        let n = p.count
        var seen = [Int](repeating: 0, count: n)
        for group in groups {
            guard p.groupSize.contains(group.count) else { return "group \(group) has \(group.count) people, not \(p.groupSize)" }
            for i in group {
                guard i >= 0 && i < n else { return "person \(i) out of range" }
                seen[i] += 1
            }
            for (a, i) in group.enumerated() {
                for j in group[(a + 1)...] where !score(p, i, j).isFinite { return "group \(group) holds forbidden pair \(i), \(j)" }
            }
            for rule in p.rules {
                guard case .maxPerGroup(let attribute, let limit) = rule else { continue }
                let values = p.attributes[attribute]!
                var count = [String: Int]()
                for i in group { count[values[i], default: 0] += 1 }
                if let (v, c) = count.first(where: { $0.value > limit }) { return "group \(group) has \(c) of \(attribute) \(v) (limit \(limit))" }
            }
        }
        if let i = seen.firstIndex(where: { $0 != 1 }) { return "person \(i) is in \(seen[i]) groups" }
        return nil
    }

    /// The best objective over every partition that keeps every rule, or `nil` when none does.
    static func bruteForce(_ p: CircleProblem) -> Double? {
        let n = p.count
        var s = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in 0..<n where i != j { s[i][j] = score(p, i, j) } }
        var groups = [[Int]]()
        var best: Double?
        func fits(_ i: Int, _ group: [Int]) -> Bool {
            guard group.count < p.groupSize.max, group.allSatisfy({ s[i][$0].isFinite }) else { return false }
            for rule in p.rules {
                guard case .maxPerGroup(let attribute, let limit) = rule else { continue }
                let values = p.attributes[attribute]!
                if group.filter({ values[$0] == values[i] }).count >= limit { return false }
            }
            return true
        }
        func go(_ i: Int, _ total: Double) {
            if i == n {
                if groups.allSatisfy({ p.groupSize.contains($0.count) }) { best = Swift.max(best ?? -.infinity, total) }
                return
            }
            for g in groups.indices where fits(i, groups[g]) {
                let gain = groups[g].reduce(0) { $0 + s[i][$1] }
                groups[g].append(i)
                go(i + 1, total + gain)
                groups[g].removeLast()
            }
            groups.append([i])
            go(i + 1, total)
            groups.removeLast()
        }
        go(0, 0)
        return best
    }
}

@Suite("Circle solver: peer-mentoring circles")
struct CircleSolverTests {
    @Test("hundreds of tiny pools: the brute-force optimum, a valid bound, every rule kept", arguments: 0..<4)
    func bruteForce(_ batch: Int) async throws {
        var solved = 0, infeasible = 0, lagrangianBounds = 0, tighter = 0
        for seed in UInt64(batch * 100)..<UInt64(batch * 100 + 100) {
            let p = RandomCircles.make(seed: seed)
            let expected = RandomCircles.bruteForce(p)
            // Odd batches also tighten the bound by the Lagrangian group bound.
            let report = try await CircleSolver(iterations: 500, lagrangianSteps: batch % 2 == 1 ? 40 : 0).solve(p)
            guard let expected else {
                infeasible += 1
                #expect(report.groups == nil, "seed \(seed): groups for an infeasible problem")
                #expect([.infeasible, .noSolutionFound].contains(report.termination.reason), "seed \(seed): \(report.termination)")
                #expect(report.diagnostics.count == 1 && !report.diagnostics[0].contains("\n"), "seed \(seed): \(report.diagnostics)")
                continue
            }
            solved += 1
            let groups = try #require(report.groups, "seed \(seed): \(report.termination)")
            #expect(RandomCircles.violation(groups, of: p) == nil, "seed \(seed): \(RandomCircles.violation(groups, of: p) ?? "")")
            let objective = try #require(report.objective)
            #expect(abs(objective - expected) < 1e-6, "seed \(seed): \(objective) vs brute force \(expected)")
            #expect(abs(objective - p.objective(of: groups)) < 1e-6)
            let bound = try #require(report.bound)
            #expect(bound >= expected - 1e-6, "seed \(seed): bound \(bound) below the optimum \(expected)")
            let bMatching = try #require(report.statistics.bMatchingBound, "seed \(seed): the b-matching was not solved")
            #expect(bMatching >= expected - 1e-6, "seed \(seed): b-matching bound \(bMatching) below the optimum \(expected)")
            let perPerson = try #require(report.statistics.perPersonBound)
            #expect(perPerson >= bMatching - 1e-6, "seed \(seed): the per-person bound \(perPerson) is below the b-matching's \(bMatching)")
            if let lagrangian = report.statistics.lagrangianBound {
                lagrangianBounds += 1
                if lagrangian < bMatching - 1e-6 { tighter += 1 }
                #expect(lagrangian >= expected - 1e-6, "seed \(seed): Lagrangian bound \(lagrangian) below the optimum \(expected)")
            }
            #expect(bound <= bMatching, "seed \(seed): the report's bound is not the smallest")
            if report.termination.reason == .optimal { #expect(abs(bound - expected) < 1e-6 || bound < expected + 1e-6) }
            #expect([.optimal, .feasible].contains(report.termination.reason))
            #expect(groups == groups.map { $0.sorted() }.sorted { $0[0] < $1[0] }, "seed \(seed): groups not in order")
        }
        // The generator makes both kinds.
        #expect(solved > 50 && infeasible > 0, "\(solved) solved, \(infeasible) infeasible")
        // The Lagrangian group bound runs where a gap is left, and often closes some of it.
        if batch % 2 == 1 { #expect(lagrangianBounds > 0 && tighter > 0, "\(lagrangianBounds) Lagrangian bounds, \(tighter) below the b-matching's") }
    }

    /// A pool of 60 with sizes 3…5, forbidden pairs and a department rule.
    static func medium(seed: UInt64 = 7) -> CircleProblem {
        var g = SplitMix64(seed: seed)
        let n = 60
        let scores = ScoreMatrix(mentors: n, mentees: n) { _, _ in 0 }
        var values = scores.values
        var forbidden = Set<Pair>()
        for i in 0..<n {
            for j in (i + 1)..<n {
                let s = Double(g.next() % 1000) - 100
                values[i * n + j] = s
                values[j * n + i] = s
                if g.next() % 20 == 0 { forbidden.insert(Pair(MentorIndex(i), MenteeIndex(j))) }
            }
        }
        let department = (0..<n).map { "d\(($0 * 7) % 6)" }
        return CircleProblem(scores: try! ScoreMatrix(mentors: n, mentees: n, values: values), forbidden: forbidden,
                             groupSize: CountRange(3...5), attributes: ["department": department],
                             rules: [.maxPerGroup(attribute: "department", limit: 2)])
    }

    @Test("the same input gives the same partition, byte for byte")
    func deterministic() async throws {
        let p = Self.medium()
        let solver = CircleSolver(iterations: 1_000, lagrangianSteps: 2)
        let a = try await solver.solve(p), b = try await solver.solve(p)
        let groups = try #require(a.groups)
        #expect(groups == b.groups)
        #expect(a.objective?.bitPattern == b.objective?.bitPattern && a.bound?.bitPattern == b.bound?.bitPattern)
        #expect(a.statistics.iterations == b.statistics.iterations && a.statistics.moves == b.statistics.moves)
        // The report round-trips through JSON (for writers and the CLI).
        let decoded = try JSONDecoder().decode(CircleReport.self, from: JSONEncoder().encode(a))
        #expect(decoded.groups == a.groups && decoded.termination == a.termination && decoded.statistics.boundMethod == a.statistics.boundMethod)
        #expect(RandomCircles.violation(groups, of: p) == nil, "\(RandomCircles.violation(groups, of: p) ?? "")")
        // Another seed explores differently but keeps every rule too.
        let c = try await CircleSolver(iterations: 1_000, seed: 99, lagrangianSteps: 0).solve(p)
        #expect(RandomCircles.violation(try #require(c.groups), of: p) == nil)
        #expect(try #require(c.bound) >= (c.objective ?? .infinity) - 1e-6)
    }

    @Test("the Lagrangian group bound: the same steps on any number of cores, above the brute-force optimum")
    func lagrangianWorkers() throws {
        var tighter = 0
        for seed: UInt64 in 0..<40 {
            let p = RandomCircles.make(seed: seed)
            guard let optimum = RandomCircles.bruteForce(p) else { continue }
            let data = _CircleData(p)
            let runs = [1, 2, 3].map { _GroupLagrangian(data, workers: $0).minimise(steps: 15, target: optimum, tolerance: 1e-9, shouldStop: { false }) }
            let bound = try #require(runs[0].bound, "seed \(seed)")
            for run in runs.dropFirst() {
                #expect(run.bound?.bitPattern == bound.bitPattern && run.steps == runs[0].steps, "seed \(seed): \(runs.map(\.bound))")
            }
            #expect(bound >= optimum - 1e-6, "seed \(seed): \(bound) below the optimum \(optimum)")
            let published = try #require(try CircleBounds.groupLagrangian(p, steps: 15, target: optimum))
            #expect(published >= optimum - 1e-6 && published <= bound + 1e-6 * Swift.max(1, abs(bound)), "seed \(seed)")
            let perPerson = try CircleBounds.perPerson(p)
            if bound < perPerson - 1e-6 { tighter += 1 }
        }
        #expect(tighter > 0)
    }

    @Test("rules that admit no partition: infeasible, in one line naming the rule")
    func infeasibleRules() async throws {
        let n = 8
        let scores = ScoreMatrix(mentors: n, mentees: n) { i, j in Double(i + j) }
        // Six of eight from one department, at most 2 per group of 4: two groups hold 4 at most.
        let department = ["a", "a", "a", "a", "a", "a", "b", "c"]
        let p = CircleProblem(scores: scores, groupSize: CountRange(4...4), attributes: ["department": department],
                              rules: [.maxPerGroup(attribute: "department", limit: 2)])
        let report = try await CircleSolver().solve(p)
        #expect(report.termination.reason == .infeasible)
        #expect(report.groups == nil)
        #expect(report.diagnostics.count == 1)
        #expect(report.diagnostics.first?.contains("rules[0] maxPerGroup(department) ≤ 2") == true, "\(report.diagnostics)")
        #expect(report.diagnostics.first?.contains("6 people") == true, "\(report.diagnostics)")

        // Person 0 may share a group with one other person only; groups have 3.
        let forbidden = Set((2..<6).map { Pair(MentorIndex(0), MenteeIndex($0)) })
        let q = CircleProblem(scores: ScoreMatrix(mentors: 6, mentees: 6) { _, _ in 1 }, forbidden: forbidden, groupSize: CountRange(3...3))
        let r = try await CircleSolver().solve(q)
        #expect(r.termination.reason == .infeasible)
        #expect(r.diagnostics.count == 1 && r.diagnostics[0].contains("forbidden pairs: person 0"), "\(r.diagnostics)")
    }

    @Test("forbidden pairs no counting catches: no partition found, in one line naming the rule")
    func noPartitionFound() async throws {
        // Person 0 may share a group only with 1 and 2, who may not share one: no group of 3 holds 0.
        var forbidden = Set((3..<6).map { Pair(MentorIndex(0), MenteeIndex($0)) })
        forbidden.insert(Pair(MentorIndex(1), MenteeIndex(2)))
        let p = CircleProblem(scores: ScoreMatrix(mentors: 6, mentees: 6) { _, _ in 1 }, forbidden: forbidden, groupSize: CountRange(3...3))
        #expect(RandomCircles.bruteForce(p) == nil)
        let report = try await CircleSolver(startAttempts: 3).solve(p)
        #expect(report.termination.reason == .noSolutionFound)
        #expect(report.groups == nil && report.objective == nil && report.bound == nil)
        #expect(report.diagnostics.count == 1 && report.diagnostics[0].contains("forbidden pairs"), "\(report.diagnostics)")
    }

    @Test("invalid problems are errors naming the rule")
    func invalid() async throws {
        let scores = ScoreMatrix(mentors: 7, mentees: 7) { _, _ in 1 }
        func message(_ p: CircleProblem) -> String? {
            do { try p.validate(); return nil } catch let e as MatchingError { return e.code == .invalidProblem ? e.message : nil } catch { return nil }
        }
        #expect(message(CircleProblem(scores: scores, groupSize: CountRange(4...4)))?.contains("7 people cannot be split into groups of 4…4") == true)
        #expect(message(CircleProblem(scores: scores, groupSize: CountRange(0...3)))?.contains("minimum ≥ 1") == true)
        #expect(message(CircleProblem(scores: scores, groupSize: CountRange(min: 4, max: 3)))?.contains("groupSize") == true)
        #expect(message(CircleProblem(scores: scores, groupSize: CountRange(3...4), attributes: ["dept": ["a"]]))?.contains("\"dept\" has 1 values for 7 people") == true)
        let dept = ["dept": Array(repeating: "a", count: 7)]
        #expect(message(CircleProblem(scores: scores, groupSize: CountRange(3...4), attributes: dept, rules: [.maxPerGroup(attribute: "dept", limit: 0)]))?.contains("rules[0]") == true)
        #expect(message(CircleProblem(scores: scores, groupSize: CountRange(3...4), attributes: dept, rules: [.maxPerGroup(attribute: "team", limit: 2)]))?.contains("unknown attribute \"team\"") == true)
        let wide = ScoreMatrix(mentors: 3, mentees: 4) { _, _ in 1 }
        #expect(message(CircleProblem(source: DenseScoreSource(wide), groupSize: CountRange(3...3)))?.contains("square") == true)
        await #expect(throws: MatchingError.self) { try await CircleSolver().solve(CircleProblem(scores: scores, groupSize: CountRange(2...2))) }
        #expect(message(CircleProblem(scores: scores, groupSize: CountRange(3...4), attributes: dept, rules: [.maxPerGroup(attribute: "dept", limit: 2)])) == nil)
        // A score that is not a number is named when the scores are read.
        var broken = scores
        broken[2, 5] = .nan
        do {
            _ = try await CircleSolver().solve(CircleProblem(scores: broken, groupSize: CountRange(3...4)))
            Issue.record("a NaN score was accepted")
        } catch let e as MatchingError {
            #expect(e.code == .invalidProblem && e.message.contains("pair (2, 5)"), "\(e)")
        }
    }

    @Test("cancellation stops the search with the best partition so far")
    func cancellation() async throws {
        let p = Self.medium()
        let task = Task { try await CircleSolver(iterations: 1_000_000_000).solve(p) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        let report = try await task.value
        #expect(report.termination.limit == .cancelled, "\(report.termination)")
        #expect(RandomCircles.violation(try #require(report.groups), of: p) == nil)
    }

    @Test("an empty pool is one empty partition")
    func empty() async throws {
        let p = CircleProblem(scores: ScoreMatrix(mentors: 0, mentees: 0) { _, _ in 0 }, groupSize: CountRange(3...4))
        let report = try await CircleSolver().solve(p)
        #expect(report.groups == [])
        #expect(report.objective == 0)
        #expect(report.termination.reason == .optimal)
    }
}
