// swift-tools-version: 6.1
// MentorMatch: matches mentors and mentees as well as an organisation's rules
// allow, and proves how good the matching is.
import PackageDescription

let package = Package(
    name: "MentorMatch",
    platforms: [.macOS(.v15)],
    products: [
        // The core: problem model, validation, independent validator, and the exact solvers. No C library (one header of cache hints, MentorMatchMemoryHints).
        .library(name: "MatchingCore", targets: ["MatchingCore", "MatchingSolvers"]),
        // Profiles to explained compatibility matrices. No C.
        .library(name: "Compatibility", targets: ["Compatibility"]),
        // Mentoring programs: participants and a program config to a matching problem and explained results. No C library.
        .library(name: "Programs", targets: ["Programs"]),
        // File formats: participants (CSV in any export form, .xlsx, JSON), problem JSON, score CSV, NumPy .npy. No C (zlib for .xlsx).
        .library(name: "MatchingIO", targets: ["MatchingIO"]),
        // Result files and reports of a solved program: assignments CSV/JSON, the HTML report, generated cohort files.
        .library(name: "MatchingReports", targets: ["MatchingReports"]),
        // The benchmark instances of shared/bench/GENERATOR.md (dense and streamed), out of the core.
        .library(name: "BenchmarkInstances", targets: ["BenchmarkInstances"]),
        // The GLPK-backed integer-programming solver (needs libglpk).
        .library(name: "MatchingGLPK", targets: ["MatchingGLPK"]),
        // Everything above in one import.
        .library(name: "MentorMatch", targets: ["MentorMatch"]),
        .executable(name: "mentor-match", targets: ["mentor-match"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The HTML report's pages: a DSL whose text nodes are escaped.
        .package(url: "https://github.com/JohnSundell/Plot", from: "0.14.0"),
        // `make docs`: `swift package generate-documentation` for every DocC catalog.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "MatchingCore",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        // Cache hints for the dense solvers' row scans (header-only C).
        .target(name: "MentorMatchMemoryHints"),
        .target(
            name: "MatchingSolvers",
            dependencies: ["MatchingCore", "MentorMatchMemoryHints"]
        ),
        .target(
            name: "Compatibility",
            dependencies: ["MatchingCore"]
        ),
        .target(
            name: "Programs",
            dependencies: ["Compatibility", "MatchingCore", "MatchingSolvers"]
        ),
        .target(
            name: "MatchingIO",
            dependencies: [
                "MatchingCore", "Compatibility",
                .product(name: "Yams", package: "Yams"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .target(
            name: "BenchmarkInstances",
            dependencies: ["MatchingCore"]
        ),
        .target(
            name: "MatchingReports",
            dependencies: [
                "MatchingCore", "MatchingSolvers", "Compatibility", "Programs", "MatchingIO",
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        .systemLibrary(
            name: "CGLPK",
            providers: [.apt(["libglpk-dev"]), .brew(["glpk"])]
        ),
        .target(
            name: "GLPKShims",
            dependencies: ["CGLPK"],
            linkerSettings: [.linkedLibrary("glpk")]
        ),
        .target(
            name: "MatchingGLPK",
            dependencies: [
                "MatchingCore", "MatchingSolvers", "GLPKShims",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "MentorMatch",
            dependencies: ["Compatibility", "Programs", "MatchingCore", "MatchingSolvers", "MatchingIO", "MatchingReports", "MatchingGLPK", "BenchmarkInstances"]
        ),
        .executableTarget(
            name: "mentor-match",
            dependencies: [
                "MentorMatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the tests share: the one seeded random-problem generator, the
        // brute force, the fixtures. Pure Swift on the core (no GLPK).
        .target(
            name: "MatchingTestSupport",
            dependencies: ["MatchingCore"],
            path: "Tests/MatchingTestSupport"
        ),
        .testTarget(
            name: "MatchingCoreTests",
            dependencies: [
                "MatchingCore", "MatchingIO", "BenchmarkInstances", "MatchingSolvers", "Compatibility", "MatchingTestSupport",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        .testTarget(
            name: "SolverTests",
            dependencies: [
                "MatchingCore", "MatchingGLPK", "MatchingIO", "MatchingSolvers", "BenchmarkInstances", "MatchingTestSupport",
                .product(name: "Numerics", package: "swift-numerics"),
            ]
        ),
        .testTarget(
            name: "MatchingGLPKTests",
            // CGLPK: exported models are read back by GLPK's own LP and MPS readers.
            dependencies: ["MatchingCore", "MatchingGLPK", "MatchingSolvers", "BenchmarkInstances", "MatchingTestSupport", "CGLPK"]
        ),
        .testTarget(
            name: "CompatibilityTests",
            dependencies: ["Compatibility", "MatchingCore", "MatchingIO", "MatchingSolvers"]
        ),
        .testTarget(
            name: "MentorMatchCLITests",
            dependencies: ["Compatibility", "MatchingCore", "MatchingIO", "MatchingReports", "MatchingSolvers", "Programs", "mentor-match"]
        ),
        .testTarget(
            name: "ProgramsTests",
            dependencies: ["Compatibility", "MatchingCore", "MatchingGLPK", "MatchingIO", "MatchingSolvers", "MatchingTestSupport", "Programs"]
        ),
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "MatchingCore", "MatchingIO", "MatchingSolvers", "Compatibility", "Programs",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
