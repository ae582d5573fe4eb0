// swift-tools-version: 6.1
// Benchmarks for MentorMatch, kept in a nested package so that the library's
// users never resolve benchmark dependencies. Run from this folder:
//   swift package --allow-writing-to-package-directory benchmark
import PackageDescription

let package = Package(
    name: "MentorMatchBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "MentorMatch", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SolverBenchmarks",
            dependencies: [
                .product(name: "MentorMatch", package: "MentorMatch"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SolverBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CompatibilityBenchmarks",
            dependencies: [
                .product(name: "Compatibility", package: "MentorMatch"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CompatibilityBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Timings and a cohort export for compare_numpy_compat.py.
        .executableTarget(
            name: "compat-timing",
            dependencies: [
                .product(name: "Compatibility", package: "MentorMatch"),
                .product(name: "MatchingCore", package: "MentorMatch"),
            ],
            path: "Sources/compat-timing"
        ),
        // Objective, bound and gap of the circle solver (peer-mentoring circles) by round budget or time cap.
        .executableTarget(
            name: "circle-timing",
            dependencies: [
                .product(name: "MatchingCore", package: "MentorMatch"),
                .product(name: "BenchmarkInstances", package: "MentorMatch"),
            ],
            path: "Sources/circle-timing"
        ),
    ],
    swiftLanguageModes: [.v6]
)
