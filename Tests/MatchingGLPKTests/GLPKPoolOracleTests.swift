import BenchmarkInstances
import CGLPK
import Foundation
import MatchingCore
import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

/// GLPK's branch and bound as the checking oracle of the blossom solver on
/// pools too large for brute force: the same optimum, every time. (GLPK has
/// no odd-set cuts: the matching LP relaxation is fractional on odd cycles
/// and its branch and bound slows down from about 30 people, so the pools
/// here stay small.)
@Suite("Pool matching against GLPK")
struct GLPKPoolOracleTests {
    @Test("capacitated pools of 8–18 people: the blossom solver's certified optimum equals GLPK's", arguments: 0..<4)
    func capacities(_ batch: Int) async throws {
        var compared = 0
        for seed in UInt64(10_000 + batch * 25)..<UInt64(10_000 + batch * 25 + 25) {
            var g = SplitMix64(seed: seed)
            let n = 8 + Int(g.next() % 11)
            var p = PoolFamily.peer.problem(count: n, seed: seed)
            p.partners = (0..<n).map { _ in CountRange(min: Int(g.next() % 2), max: 1 + Int(g.next() % 3)) }
            p.unmatchedPenalty = (0..<n).map { _ in Double(g.next() % 200_000) }
            let blossom = try await BlossomSolver(candidatesPerPerson: 3, addedPerPerson: 2).solve(p)
            let glpk = try await GLPKSolver().solve(p, options: SolveOptions(timeLimit: 60))
            if glpk.termination.reason == .infeasible {
                #expect(blossom.termination.reason == .infeasible, "seed \(seed): \(blossom.termination)")
                continue
            }
            try #require(glpk.termination.reason == .optimal, "seed \(seed): GLPK \(glpk.termination)")
            #expect(blossom.termination.reason == .optimal, "seed \(seed): \(blossom.termination)")
            #expect(blossom.objective == glpk.objective, "seed \(seed): blossom \(blossom.objective ?? .nan), GLPK \(glpk.objective ?? .nan)")
            compared += 1
        }
        #expect(compared >= 15)
    }

    @Test("tiny pools with rules (maxPerPerson, quota, crossShare): GLPK's optimum equals brute force over the matchings that keep them, every rule re-checked")
    func rules() async throws {
        var compared = 0, infeasible = 0
        for seed in UInt64(20_000)..<UInt64(20_060) {
            var g = SplitMix64(seed: seed)
            let n = 5 + Int(g.next() % 4)
            var p = RandomPools.make(seed: seed, maxPeople: n, fractional: false, capacities: true)
            let count = p.count
            let colours = ["a", "b", "c"]
            p.attributes = ["team": (0..<count).map { _ in colours[Int(g.next() % 3)] }]
            switch seed % 3 {
            case 0: p.rules = [.maxPerPerson(attribute: "team", limit: 1)]
            case 1: p.rules = [.quota(attribute: "team", value: "a", count: CountRange(min: 1, max: 2))]
            default: p.rules = [.crossShare(attribute: "team", minShare: 0.6), .maxPerPerson(attribute: "team", limit: 1)]
            }
            let expected = RandomPools.bruteForce(p)
            var alone = GLPKSolver()
            alone.poolHeuristic = false
            let glpk = try await alone.solve(p, options: SolveOptions(timeLimit: 60))
            let composed = try await GLPKSolver().solve(p, options: SolveOptions(timeLimit: 60))
            #expect(composed.termination.reason == glpk.termination.reason && abs((composed.objective ?? 0) - (glpk.objective ?? 0)) < 1e-6, "seed \(seed)")
            guard let expected else {
                #expect(glpk.termination.reason == .infeasible, "seed \(seed): \(glpk.termination)")
                infeasible += 1
                continue
            }
            #expect(glpk.termination.reason == .optimal, "seed \(seed): \(glpk.termination)")
            #expect(abs((glpk.objective ?? .nan) - expected) < 1e-6, "seed \(seed): GLPK \(glpk.objective ?? .nan), brute force \(expected)")
            #expect(PoolRule.violations(of: glpk.pairs ?? [], in: p).isEmpty)
            await #expect(throws: MatchingError.self) { try await BlossomSolver().solve(p) }
            compared += 1
        }
        #expect(compared >= 30, "compared \(compared), infeasible \(infeasible)")
    }

    @Test("one partner each on the peer family: the same optimum as GLPK")
    func peers() async throws {
        for n in [15, 20] {
            let p = PoolFamily.peer.problem(count: n)
            let blossom = try await BlossomSolver().solve(p)
            let glpk = try await GLPKSolver().solve(p, options: SolveOptions(timeLimit: 60))
            #expect(glpk.termination.reason == .optimal)
            #expect(blossom.objective == glpk.objective && blossom.bound == blossom.objective)
        }
    }
}

/// Exported models read back by GLPK's own LP and MPS readers: an infeasible
/// problem must stay infeasible in the file.
@Suite("Exports of infeasible models")
struct InfeasibleExportTests {
    /// GLPK's verdict on a model file: `true` when it has a feasible integer solution.
    static func isFeasible(_ path: String, format: ModelFormat) throws -> Bool {
        glp_term_out(GLP_OFF)
        defer { glp_term_out(GLP_ON) }
        let model = glp_create_prob()
        defer { glp_delete_prob(model) }
        let read = format == .lp ? glp_read_lp(model, nil, path) : glp_read_mps(model, GLP_MPS_FILE, nil, path)
        try #require(read == 0, "GLPK cannot read \(path)")
        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.presolve = GLP_ON
        let code = glp_intopt(model, &parameters)
        try #require(code == 0 || code == GLP_ENOPFS, "glp_intopt returned \(code)")
        return code == 0 && [GLP_OPT, GLP_FEAS].contains(glp_mip_status(model))
    }

    @Test("a pool person with a minimum and every pair forbidden keeps their row: LP and MPS read back infeasible, with or without other pairs",
          arguments: [
            // Nobody has an allowed pair: no column at all.
            [[0, 1], [0, 2], [1, 2]],
            // Person 0 has none; 1 and 2 may pair.
            [[0, 1], [0, 2]],
          ])
    func emptyPartnerRow(_ forbidden: [[Int]]) async throws {
        let scores = try ScoreMatrix(rows: [[0, 5, 3], [5, 0, 7], [3, 7, 0]])
        let pool = PoolProblem(scores: scores, forbidden: Set(forbidden.map { Pair(mentor: $0[0], mentee: $0[1]) }),
                               partners: Array(repeating: CountRange(min: 1, max: 1), count: 3))
        let solved = try await GLPKSolver().solve(pool, options: SolveOptions(timeLimit: 10))
        #expect(solved.termination.reason == .infeasible, "\(solved.termination)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mm-infeasible-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ModelFormat.allCases {
            let path = dir.appendingPathComponent("pool.\(format.rawValue)").path
            try GLPKSolver.export(pool, to: path, format: format)
            #expect(try String(contentsOfFile: path, encoding: .utf8).contains("partners_0"))
            #expect(try !Self.isFeasible(path, format: format), "\(format): the exported model is feasible")
        }
        // A feasible pool stays feasible (the reader and the check are not always "infeasible").
        let open = PoolProblem(scores: scores, partners: Array(repeating: CountRange(min: 0, max: 1), count: 3))
        for format in ModelFormat.allCases {
            let path = dir.appendingPathComponent("open.\(format.rawValue)").path
            try GLPKSolver.export(open, to: path, format: format)
            #expect(try Self.isFeasible(path, format: format))
        }
    }

    @Test("a mentee with a minimum and every mentor forbidden: the export with no pair column still reads back infeasible")
    func emptyDemandRow() throws {
        let problem = MatchingProblem(scores: try ScoreMatrix(rows: [[4, 2]]), mentorLoad: CountRange(min: 0, max: 2),
                                      menteeDemand: CountRange(min: 1, max: 1), forbidden: [Pair(mentor: 0, mentee: 0), Pair(mentor: 0, mentee: 1)])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mm-infeasible-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for format in ModelFormat.allCases {
            let path = dir.appendingPathComponent("m.\(format.rawValue)").path
            try GLPKSolver.export(problem, to: path, format: format)
            #expect(try !Self.isFeasible(path, format: format), "\(format): the exported model is feasible")
        }
    }
}
