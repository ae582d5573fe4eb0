import BenchmarkInstances
import Foundation
import MatchingCore
import MatchingGLPK
import MatchingTestSupport
import Testing

@Suite("GLPK solver")
struct GLPKSolverTests {
    @Test("OR-Library assignment instances reach their published optima", arguments: [("assign100", 305.0), ("assign200", 475.0)])
    func orLibrary(_ name: String, _ optimum: Double) async throws {
        let p = try orLibraryAssignment(name)
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal)
        #expect(r.objective == -optimum)
        #expect(MatchingValidator.check(try #require(r.matching), against: p).isFeasible)
    }

    @Test("DIV(20×100) reaches the optimum glpsol proves on shared/bench's own LP file")
    func divSmall() async throws {
        // glpsol on the LP file written by shared/bench/ilp_bench.py for M=20, N=100: 94635920.
        let p = BenchmarkFamily.div.problem(mentors: 20, mentees: 100)
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal)
        #expect(r.objective == 94_635_920)
        #expect(MatchingValidator.check(try #require(r.matching), against: p).isFeasible)
    }

    @Test("an internal GLPK error is caught and the process goes on solving")
    func internalErrorGuard() async throws {
        let (caught, message) = GLPKSolver.selfTestInternalErrorGuard()
        #expect(caught)
        #expect(message.contains("glp_set_col_bnds"), "\(message)")
        // GLPK still works on this thread and others after the jump.
        let again = GLPKSolver.selfTestInternalErrorGuard()
        #expect(again.caught)
        let p = BenchmarkFamily.div.problem(mentors: 4, mentees: 12)
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal)
    }

    @Test("concurrent solves in separate tasks equal sequential ones")
    func concurrentEqualsSequential() async throws {
        let problems = (0..<8).map { k in BenchmarkFamily.div.problem(mentors: 6 + k, mentees: 30 + 3 * k) }
        var sequential = [SolveReport]()
        for p in problems { sequential.append(try await GLPKSolver().solve(p, options: SolveOptions())) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, SolveReport).self) { group in
            for (k, p) in problems.enumerated() {
                group.addTask { (k, try await GLPKSolver().solve(p, options: SolveOptions())) }
            }
            var out = [SolveReport?](repeating: nil, count: problems.count)
            for try await (k, r) in group { out[k] = r }
            return out.map { $0! }
        }
        for k in problems.indices {
            #expect(concurrent[k].objective == sequential[k].objective)
            #expect(concurrent[k].matching == sequential[k].matching)
        }
    }

    @Test("cancellation reaches GLPK and is a result, not an error")
    func cancellation() async throws {
        let p = BenchmarkFamily.div.problem(mentors: 100, mentees: 500)
        let solver = GLPKSolver(simplexChunk: 20)
        let task = Task { try await solver.solve(p, options: SolveOptions()) }
        task.cancel()
        let r = try await task.value
        #expect(r.termination.limit == .cancelled, "\(r.termination)")
        #expect(r.termination.reason == .noSolutionFound || r.termination.reason == .feasible)
    }

    @Test("a time limit stops the solve with an honest status")
    func timeLimit() async throws {
        let p = BenchmarkFamily.div.problem(mentors: 100, mentees: 500)
        let r = try await GLPKSolver(simplexChunk: 20).solve(p, options: SolveOptions(timeLimit: 0.01))
        #expect(r.termination.limit == .time, "\(r.termination)")
        #expect(r.termination.reason == .noSolutionFound || r.termination.reason == .feasible)
        if let m = r.matching { #expect(MatchingValidator.check(m, against: p).isFeasible) }
    }

    @Test("progress is reported while GLPK works")
    func progress() async throws {
        let p = BenchmarkFamily.div.problem(mentors: 60, mentees: 300)
        let seen = Counter()
        let r = try await GLPKSolver(simplexChunk: 10).solve(p, options: SolveOptions(progress: { _ in seen.add() }))
        #expect(r.termination.reason == .optimal)
        #expect(seen.count > 0)
    }

    @Test("a relative gap stops branch and bound with a bound that keeps its promise")
    func relativeGap() async throws {
        let p = BenchmarkFamily.tight.problem(mentors: 10, mentees: 40)
        let r = try await GLPKSolver().solve(p, options: SolveOptions(relativeGap: 0.5))
        let matching = try #require(r.matching, "\(r.termination)")
        #expect(MatchingValidator.check(matching, against: p).isFeasible)
        #expect(try #require(r.gap) <= 0.5)
        #expect(try #require(r.bound) >= (try #require(r.objective)))
    }

    @Test("bad options are typed errors")
    func badOptions() async throws {
        let p = BenchmarkFamily.div.problem(mentors: 2, mentees: 4)
        await #expect(throws: MatchingError.self) { try await GLPKSolver().solve(p, options: SolveOptions(timeLimit: -1)) }
        await #expect(throws: MatchingError.self) { try await GLPKSolver().solve(p, options: SolveOptions(relativeGap: .nan)) }
        var bad = p
        bad.scores[0, 0] = .nan
        await #expect(throws: MatchingError.self) { try await GLPKSolver().solve(bad, options: SolveOptions()) }
    }

    @Test("LP and MPS exports name pairs and rules; a bad path is a typed error")
    func exports() throws {
        let p = BenchmarkFamily.div.problem(mentors: 4, mentees: 12)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mm-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lp = dir.appendingPathComponent("m.lp").path, mps = dir.appendingPathComponent("m.mps").path
        try GLPKSolver.export(p, to: lp, format: .lp)
        try GLPKSolver.export(p, to: mps, format: .mps)
        let lpText = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(lpText.contains("Maximize") && lpText.contains("x_0_1") && lpText.contains("load_3") && lpText.contains("demand_11"))
        #expect(!lpText.contains("x_0_0"))  // (0, 0) is a conflict pair: no column at all
        let mpsText = try String(contentsOfFile: mps, encoding: .utf8)
        #expect(mpsText.contains("ROWS") && mpsText.contains("x_3_11"))
        #expect(throws: MatchingError.self) { try GLPKSolver.export(p, to: "/nonexistent-dir/m.lp", format: .lp) }
        // Penalties make an objective constant, carried by a fixed column so other solvers agree.
        var penalised = p
        penalised.unmatchedPenalty = Array(repeating: 5, count: p.menteeCount)
        try GLPKSolver.export(penalised, to: lp, format: .lp)
        let withConstant = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(withConstant.contains("objective_constant"))
        #expect(!lpText.contains("objective_constant"))
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.lock(); value += 1; lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return value }
}
