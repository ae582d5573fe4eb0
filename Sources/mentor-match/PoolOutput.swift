import ArgumentParser
import BenchmarkInstances
import Foundation
import MatchingCore
import MatchingIO
import MatchingSolvers

/// `solve` on a pool (peer matching within one group): the generated peer
/// families and problem files with `"pool": true`.
extension SolveCommand {
    /// The pool to solve, when the command names one: a generated pool
    /// family (`--generate NxN --family peer|popularity`, `--partners`) or a
    /// problem file with `"pool": true`, with the ids its score file gives
    /// (empty when it has none); `nil` for every other problem.
    ///
    /// - Throws: `ExitCode` after one line on standard error for bad input.
    func loadPool() throws -> (PoolProblem, [String])? {
        do {
            if let g = generate, let family = PoolFamily(rawValue: family) {
                let (m, n) = try Self.size(g, dense: false)
                guard m == n else { throw MatchingError(.invalidProblem, "the \(family.rawValue) family is one pool: --generate NxN with equal sizes, got \(g)") }
                var problem = family.problem(count: n, seed: seed)
                if let partners { problem.partners = Array(repeating: try Self.range(partners, "--partners"), count: n) }
                return (problem, [])
            }
            if let path = problem, ProblemFile.isPool(path: path) {
                let read = try ProblemFile.readPool(path: path, nanForbidden: nanForbidden)
                for note in read.notes { printError("note: \(note)") }
                return (read.pool, read.ids.isEmpty ? [] : (0..<read.pool.count).map { read.ids.mentor($0)?.rawValue ?? String($0) })
            }
            return nil
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        } catch {
            printError("mentor-match: \(error)")
            throw ExitCode(2)
        }
    }

    /// Solves `problem` with the blossom solver and prints the report.
    func runPool(_ problem: PoolProblem, ids: [String] = []) async throws {
        if let name = solverOptions.solver, !["auto", "blossom"].contains(name) {
            printError("note: a pool is solved by the blossom solver (exact matching within one group); --solver \(name) is not used")
        }
        if objective == "maxMin" { printError("note: a pool maximises the total score; --objective maxMin is not available for pools and is not used") }
        let report: PoolReport
        do {
            var options = solverOptions.solveOptions()
            if verbose {
                options.progress = { (p: SolveProgress) in printError("progress: \(p.stage) t=\(String(format: "%.2f", p.elapsed))s") }
            }
            report = try await BlossomSolver(candidatesPerPerson: candidates).solve(problem, options: options)
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        if format == "text" {
            print(Self.poolText(report, count: problem.count, ids: ids))
        } else {
            var json = Self.poolJSON(report, count: problem.count, ids: ids)
            if case .object(var fields) = json {
                fields.append(("peakMemoryBytes", .number(Double(peakResidentBytes()))))
                json = .object(fields)
            }
            print(json.rendered())
        }
        if report.pairs == nil {
            printError("mentor-match: no matching: \(report.termination)")
            for d in report.diagnostics { printError("  \(d)") }
            throw ExitCode(Exit.noMatching)
        }
    }

    /// The JSON object: the `solve` keys (status, objective, bound, gap,
    /// solver, seconds, pairs [[i, j] with i < j], unmatched, statistics,
    /// diagnostics), `pool: true`, and with ids `pairIds`/`unmatchedIds`.
    static func poolJSON(_ r: PoolReport, count n: Int, ids: [String]) -> JSONText {
        func num(_ x: Double?) -> JSONText { x.map { .number($0) } ?? .null }
        let gap: Double? = r.objective.flatMap { o in r.bound.map { b in Swift.max(0, b - o) / Swift.max(1, abs(o)) } }
        let unmatched = r.pairs == nil ? [] : r.unmatched(count: n)
        var fields: [(String, JSONText)] = [
            ("status", .string(r.termination.reason.rawValue)),
            ("limit", .string(r.termination.limit.rawValue)),
            ("detail", .string(r.termination.detail)),
            ("pool", .bool(true)),
            ("objective", num(r.objective)),
            ("bound", num(r.bound)),
            ("gap", num(gap)),
            ("solver", .object([("name", .string(r.solver.name)), ("version", .string(r.solver.version))])),
            ("seconds", .object([("build", .number((r.timings.build * 1e4).rounded() / 1e4)),
                                 ("solve", .number((r.timings.solve * 1e4).rounded() / 1e4))])),
            ("pairs", .array((r.pairs ?? []).map { .array([.number(Double($0.mentor.rawValue)), .number(Double($0.mentee.rawValue))]) })),
            ("unmatched", .array(unmatched.map { .number(Double($0)) })),
        ]
        if !ids.isEmpty {
            fields.append(("pairIds", .array((r.pairs ?? []).map { .array([.string(ids[$0.mentor.rawValue]), .string(ids[$0.mentee.rawValue])]) })))
            fields.append(("unmatchedIds", .array(unmatched.map { .string(ids[$0]) })))
        }
        fields.append(("statistics", .object(r.statistics.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) })))
        fields.append(("diagnostics", .array(r.diagnostics.map { .string($0) })))
        return .object(fields)
    }

    /// A short summary for people.
    static func poolText(_ r: PoolReport, count n: Int, ids: [String]) -> String {
        func number(_ x: Double?) -> String {
            guard let x else { return "—" }
            return x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.6g", x)
        }
        func name(_ i: Int) -> String { ids.isEmpty ? String(i) : "'\(ids[i])'" }
        var lines = [
            "status:     \(r.termination)",
            "solver:     \(r.solver)",
            "objective:  \(number(r.objective))   bound: \(number(r.bound))",
            "time:       build \(String(format: "%.3f", r.timings.build)) s, solve \(String(format: "%.3f", r.timings.solve)) s",
        ]
        if let pairs = r.pairs {
            let left = r.unmatched(count: n).map(name)
            lines.append("pairs:      \(pairs.count) in a pool of \(n); left out: \(left.isEmpty ? "none" : left.prefix(20).joined(separator: ", ") + (left.count > 20 ? ", …" : ""))")
            for p in pairs.prefix(12) { lines.append("  \(name(p.mentor.rawValue)) ↔ \(name(p.mentee.rawValue))") }
            if pairs.count > 12 { lines.append("  … \(pairs.count - 12) more pairs (use --format json for every pair)") }
        }
        for d in r.diagnostics { lines.append("note:       \(d)") }
        return lines.joined(separator: "\n")
    }
}
