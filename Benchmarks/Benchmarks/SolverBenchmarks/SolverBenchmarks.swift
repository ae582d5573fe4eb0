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
    for (m, n) in [(100, 500), (200, 1000)] {
        let problem = BenchmarkFamily.div.problem(mentors: m, mentees: n)
        Benchmark("GLPK solve DIV(\(m)x\(n))", configuration: .init(maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try await GLPKSolver().solve(problem, options: SolveOptions()))
            }
        }
    }
}
