import Benchmark
import MentorMatch

/// Benchmarks of the model building and the GLPK solve on the DIV family of
/// shared/bench/GENERATOR.md, parameterised by size.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(20), maxIterations: 20)

    for (m, n) in [(200, 1000), (400, 2000)] {
        let problem = BenchmarkFamily.div.problem(mentors: m, mentees: n)
        Benchmark("Formulation DIV(\(m)x\(n))") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(IntegerProgram(matching: problem))
            }
        }
        Benchmark("Validator DIV(\(m)x\(n))") { benchmark, matching in
            for _ in benchmark.scaledIterations {
                blackHole(MatchingValidator.check(matching, against: problem))
            }
        } setup: {
            try await GLPKSolver().solve(problem, options: SolveOptions()).matching!
        }
    }
    // The Hungarian-family solver on the assignment and capacitated families.
    for (family, m, n) in [(BenchmarkFamily.lsa, 1000, 1000), (.lsa, 2000, 2000), (.lsa, 5000, 5000), (.cap, 1000, 5000)] {
        let problem = family.problem(mentors: m, mentees: n)
        Benchmark("Hungarian \(family.rawValue.uppercased())(\(m)x\(n))",
                  configuration: .init(maxDuration: .seconds(30), maxIterations: 10)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await NetworkFlowSolver().solve(problem, options: SolveOptions()))
            }
        }
    }
    Benchmark("Auto DIV(400x2000)", configuration: .init(maxDuration: .seconds(120), maxIterations: 3)) { benchmark in
        let problem = BenchmarkFamily.div.problem(mentors: 400, mentees: 2000)
        for _ in benchmark.scaledIterations {
            blackHole(try await AutoSolver(integerProgram: GLPKSolver()).solve(problem, options: SolveOptions()))
        }
    }
    for (m, n) in [(100, 500), (200, 1000)] {
        let problem = BenchmarkFamily.div.problem(mentors: m, mentees: n)
        Benchmark("GLPK solve DIV(\(m)x\(n))", configuration: .init(maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await GLPKSolver().solve(problem, options: SolveOptions()))
            }
        }
    }
}
