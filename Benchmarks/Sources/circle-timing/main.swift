// Measures the circle solver on the peer family of shared/bench/GENERATOR.md:
// n people, S = gen(n, n, seed n) upper triangle (PoolFamily.peer), groups of
// one size, departments d(k) = (7k + n) mod 8 with at most 2 per group.
// One line per run: the search's stop (a move budget or a time cap), the
// objective, the bound and the gap. Release build, from Benchmarks/:
//   swift run -c release circle-timing [N] [--size S | --size MIN-MAX] [--moves M,M,…] [--seconds T,T,…] [--lagrangian STEPS] [--seed X]
// --moves: search budgets (deterministic); --seconds: time caps (three
// quarters for the search when the Lagrangian bound runs).
import BenchmarkInstances
import Foundation
import MatchingCore
import MatchingSolvers

var args = Array(CommandLine.arguments.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let k = args.firstIndex(of: name), k + 1 < args.count else { return nil }
    defer { args.removeSubrange(k...(k + 1)) }
    return args[k + 1]
}
// --size S or --size MIN-MAX
let sizeBounds = (option("--size") ?? "4").split(separator: "-").compactMap { Int($0) }
let sizes = CountRange(min: sizeBounds[0], max: sizeBounds.last!)
let budgets = (option("--moves") ?? "").split(separator: ",").compactMap { Int($0) }
let seconds = (option("--seconds") ?? "").split(separator: ",").compactMap { Double($0) }
let steps = Int(option("--lagrangian") ?? "0")!
let seed = option("--seed").flatMap { UInt64($0) }
let n = args.first.flatMap { Int($0) } ?? 200

let department = (0..<n).map { "d\((7 * $0 + n) % 8)" }
let problem = CircleProblem(source: PoolFamily.peer.source(count: n), groupSize: sizes,
                            attributes: ["department": department], rules: [.maxPerGroup(attribute: "department", limit: 2)])

/// CPU seconds of the process so far (all threads): with other work on the machine, wall time overstates the solver's.
func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

/// Prints a line at once (the runs are long; a pipe would hold the lines back).
func say(_ line: String) { FileHandle.standardOutput.write((line + "\n").data(using: .utf8)!) }

func run(_ solver: CircleSolver, timeLimit: Double?, label: String) async throws {
    let cpu = cpuSeconds()
    let r = try await solver.solve(problem, options: SolveOptions(timeLimit: timeLimit))
    let cpuUsed = cpuSeconds() - cpu
    let s = r.statistics
    func f(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "-" }
    say("\(label): \(s.groupCount) groups, moves \(s.iterations), search \(String(format: "%.2f", s.searchSeconds)) s, objective \(f(r.objective)), bound \(f(r.bound)) (\(s.boundMethod.rawValue)), gap \(String(format: "%.3f", 100 * (r.gap ?? .nan)))%; b-matching \(f(s.bMatchingBound)), per-person \(f(s.perPersonBound)), lagrangian \(f(s.lagrangianBound)) in \(s.lagrangianSteps) steps\(r.diagnostics.isEmpty ? "" : " (" + r.diagnostics.joined(separator: "; ") + ")"); bounds \(String(format: "%.2f", s.boundSeconds)) s; cpu \(String(format: "%.2f", cpuUsed)) s; \(r.termination.reason.rawValue)")
}

say("circles: n = \(n), groups of \(sizes), peer weights gen(\(n), \(n), seed \(n)), departments (7k + \(n)) mod 8, at most 2 per group")
for r in budgets {
    var solver = CircleSolver(iterations: r, lagrangianSteps: steps)
    if let seed { solver.seed = seed }
    try await run(solver, timeLimit: nil, label: "\(r) moves")
}
for t in seconds {
    var solver = CircleSolver(iterations: Int.max / 2, lagrangianSteps: steps)
    if let seed { solver.seed = seed }
    try await run(solver, timeLimit: t, label: "\(t) s cap")
}
