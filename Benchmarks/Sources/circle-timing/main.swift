// Measures the circle solver on the peer family of shared/bench/GENERATOR.md:
// n people, S = gen(n, n, seed n) upper triangle (PoolFamily.peer), groups of
// one size, departments d(k) = (7k + n) mod 8 with at most 2 per group.
// One line per run: the search's stop (a round budget or a time cap), the
// objective, the bound and the gap. Release build, from Benchmarks/:
//   swift run -c release circle-timing [N] [--size S] [--rounds R,R,…] [--seconds T,T,…] [--lagrangian STEPS] [--seed X]
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
let size = Int(option("--size") ?? "4")!
let rounds = (option("--rounds") ?? "").split(separator: ",").compactMap { Int($0) }
let seconds = (option("--seconds") ?? "").split(separator: ",").compactMap { Double($0) }
let steps = Int(option("--lagrangian") ?? "0")!
let seed = option("--seed").flatMap { UInt64($0) }
let n = args.first.flatMap { Int($0) } ?? 200

let department = (0..<n).map { "d\((7 * $0 + n) % 8)" }
let problem = CircleProblem(source: PoolFamily.peer.source(count: n), groupSize: CountRange(size...size),
                            attributes: ["department": department], rules: [.maxPerGroup(attribute: "department", limit: 2)])

func run(_ solver: CircleSolver, timeLimit: Double?, label: String) async throws {
    let r = try await solver.solve(problem, options: SolveOptions(timeLimit: timeLimit))
    let s = r.statistics
    func f(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "-" }
    print("\(label): rounds \(s.iterations), search \(String(format: "%.2f", s.searchSeconds)) s, objective \(f(r.objective)), bound \(f(r.bound)) (\(s.boundMethod.rawValue)), gap \(String(format: "%.3f", 100 * (r.gap ?? .nan)))%; b-matching \(f(s.bMatchingBound)), per-person \(f(s.perPersonBound)), lagrangian \(f(s.lagrangianBound)) in \(s.lagrangianSteps) steps; bounds \(String(format: "%.2f", s.boundSeconds)) s; \(r.termination.reason.rawValue)")
}

print("circles: n = \(n), groups of \(size), peer weights gen(\(n), \(n), seed \(n)), departments (7k + \(n)) mod 8, at most 2 per group")
for r in rounds {
    var solver = CircleSolver(iterations: r, lagrangianSteps: steps)
    if let seed { solver.seed = seed }
    try await run(solver, timeLimit: nil, label: "\(r) rounds")
}
for t in seconds {
    var solver = CircleSolver(iterations: Int.max / 2, lagrangianSteps: steps)
    if let seed { solver.seed = seed }
    try await run(solver, timeLimit: t, label: "\(t) s cap")
}
