import Benchmark
import Compatibility

/// The compatibility model on seeded synthetic cohorts: building every
/// criterion's matrix, and recombining them for new weights.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(30), maxIterations: 5)
    for (m, n) in [(500, 2500), (2000, 10000)] {
        for precision in [CriterionPrecision.single, .byte] {
            Benchmark("Compatibility matrices \(m)x\(n) \(precision.rawValue)") { benchmark, cohort in
                for _ in benchmark.scaledIterations {
                    blackHole(try CompatibilityModel().matrices(for: cohort, precision: precision))
                }
            } setup: {
                try Cohort(SyntheticCohort.generate(mentors: m, mentees: n, seed: 42))
            }
            Benchmark("Compatibility reweight \(m)x\(n) \(precision.rawValue)") { benchmark, matrices in
                for k in benchmark.scaledIterations {
                    blackHole(try matrices.reweighted(["skillGap": Double(k % 10), "availability": 9]))
                }
            } setup: {
                try CompatibilityModel().matrices(for: Cohort(SyntheticCohort.generate(mentors: m, mentees: n, seed: 42)), precision: precision)
            }
        }
    }
}
