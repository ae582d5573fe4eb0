import BenchmarkInstances
import MatchingCore
import MatchingGLPK
import MatchingSolvers
import Testing

@Suite("Automatic routing and fallback")
struct AutoSolverTests {
    @Test func networkProblemsGoToTheExactNetworkSolver() async throws {
        let p = BenchmarkFamily.divTU.problem(mentors: 20, mentees: 100)
        let r = try await AutoSolver(integerProgram: GLPKSolver()).solve(p, options: SolveOptions())
        #expect(r.solver.name == "network-flow")
        #expect(r.termination.reason == .optimal)
        #expect(r.diagnostics.first?.hasPrefix("auto: a network problem") == true)
        let g = try await GLPKSolver().solve(p, options: SolveOptions())
        #expect(r.objective == g.objective)
    }

    @Test func oneMaxPerMentorRuleStaysANetworkProblem() async throws {
        let p = BenchmarkFamily.div.problem(mentors: 20, mentees: 100)
        let r = try await AutoSolver(integerProgram: GLPKSolver()).solve(p, options: SolveOptions())
        #expect(r.solver.name == "network-flow")
        #expect(r.objective == 94_635_920)
        #expect(r.bound == r.objective)
    }

    @Test func otherProblemsGoToTheIntegerProgram() async throws {
        let p = BenchmarkFamily.tight.problem(mentors: 10, mentees: 40)
        let r = try await AutoSolver(integerProgram: GLPKSolver()).solve(p, options: SolveOptions(relativeGap: 0.01))
        #expect(r.solver.name == "glpk")
        // The route names every rule that is not a network constraint (ProblemShape).
        let route = try #require(r.diagnostics.first)
        #expect(route.contains("a second maxPerMentor rule") && route.contains("a crossShare rule"), "\(route)")
    }

    @Test func withoutAnIntegerProgramTheLagrangianHeuristicAnswers() async throws {
        let p = BenchmarkFamily.tight.problem(mentors: 10, mentees: 40)
        let r = try await AutoSolver().solve(p, options: SolveOptions())
        #expect(r.solver.name == "lagrangian")
        let optimum = try #require(try await GLPKSolver().solve(p, options: SolveOptions()).objective)
        #expect(try #require(r.bound) >= optimum - 1e-6)
        if let m = r.matching {
            #expect(MatchingValidator.check(m, against: p).isFeasible)
            #expect(try #require(r.objective) <= optimum + 1e-6)
        }
    }

    @Test func withoutAnIntegerProgramMaxMinRulesAreRefusedByName() async throws {
        var p = BenchmarkFamily.tight.problem(mentors: 4, mentees: 12)
        p.objective = .maxMin
        do {
            _ = try await AutoSolver().solve(p, options: SolveOptions())
            Issue.record("no error")
        } catch let e as MatchingError {
            #expect(e.code == .unsupported)
            #expect(e.message.contains("crossShare"))
        }
    }

    @Test func fallbackAnswersWhenThePrimaryCannot() async throws {
        var p = BenchmarkFamily.div.problem(mentors: 10, mentees: 50)
        p.separations = [Separation(MenteeIndex(0), MenteeIndex(1))]
        let r = try await FallbackSolver(primary: NetworkFlowSolver(), fallback: GLPKSolver()).solve(p, options: SolveOptions())
        #expect(r.solver.name == "glpk")
        #expect(r.termination.reason == .optimal)
        #expect(r.diagnostics.first?.hasPrefix("fell back to glpk: not for the primary solver") == true)
        #expect(MatchingValidator.check(try #require(r.matching), against: p).isFeasible)
    }

    @Test("GLPK takes a feasible warm start as its first incumbent and still proves the optimum; a broken start is ignored")
    func glpkWarmStart() async throws {
        let p = BenchmarkFamily.tight.problem(mentors: 20, mentees: 100)
        let plain = try await GLPKSolver().solve(p, options: SolveOptions())
        let optimum = try #require(plain.objective)
        let start = try #require(try await LagrangianHeuristic().solve(p, options: SolveOptions()).matching)
        #expect(MatchingValidator.check(start, against: p).isFeasible)
        let warm = try await GLPKSolver().solve(p, options: SolveOptions(warmStart: start))
        #expect(warm.termination.reason == .optimal && warm.objective == optimum)
        #expect(warm.diagnostics.contains { $0.hasPrefix("warm start") }, "\(warm.diagnostics)")
        // A start that breaks a rule is never offered.
        let broken = Matching(pairs: start.pairs + start.pairs.prefix(1).map { Pair(mentor: ($0.mentor.rawValue + 1) % 20, mentee: $0.mentee.rawValue) })
        let ignored = try await GLPKSolver().solve(p, options: SolveOptions(warmStart: broken))
        #expect(ignored.objective == optimum)
        #expect(ignored.diagnostics.contains { $0.hasPrefix("warm start ignored: it breaks") }, "\(ignored.diagnostics)")
    }

    @Test("auto: the Lagrangian heuristic, then GLPK from its matching — never worse than the heuristic, optimal when given time")
    func warmStartedAuto() async throws {
        let p = BenchmarkFamily.tight.problem(mentors: 20, mentees: 100)
        let optimum = try #require(try await GLPKSolver().solve(p, options: SolveOptions()).objective)
        let heuristic = try #require(try await LagrangianHeuristic().solve(p, options: SolveOptions()).objective)
        let r = try await AutoSolver(integerProgram: GLPKSolver()).solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal && r.objective == optimum)
        #expect(r.diagnostics.contains { $0.hasPrefix("warm start: lagrangian") }, "\(r.diagnostics)")
        #expect(optimum >= heuristic)
        #expect(MatchingValidator.check(try #require(r.matching), against: p).isFeasible)
    }

    @Test func invalidProblemsAreNotRetried() async throws {
        var p = BenchmarkFamily.divTU.problem(mentors: 4, mentees: 12)
        p.scores[0, 0] = .nan
        await #expect(throws: MatchingError.self) {
            try await FallbackSolver(primary: NetworkFlowSolver(), fallback: GLPKSolver()).solve(p, options: SolveOptions())
        }
    }
}

@Suite("README example")
struct ReadmeExampleTests {
    @Test func theLibraryExampleRunsAndItsChecksHold() async throws {
        let problem = MatchingProblem(
            scores: try ScoreMatrix(rows: [[9, 2, 4], [3, 8, 7]]),
            mentorLoad: CountRange(min: 1, max: 2),
            menteeDemand: CountRange(min: 1, max: 1))
        let solver = AutoSolver(integerProgram: GLPKSolver())
        let report = try await solver.solve(problem, options: SolveOptions(timeLimit: 10))
        let matching = try #require(report.matching)
        let duals = try #require(report.duals)
        let check = MatchingValidator.check(matching, against: problem)
        #expect(check.isFeasible)
        #expect(check.objective == 9 + 8 + 7)
        #expect(DualBound.bound(of: problem, duals: duals) == check.objective)
    }
}
