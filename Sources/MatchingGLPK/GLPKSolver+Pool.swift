import Foundation
import MatchingCore
import MatchingSolvers

extension GLPKSolver: PoolSolver {
    /// Solves a pool (peer matching, with capacities and rules) as an
    /// integer program (``/MatchingCore/IntegerProgram/init(pool:)``) by GLPK's branch and
    /// bound — the checking oracle for ``/MatchingSolvers/BlossomSolver`` and the route for
    /// pools with rules. With rules and ``poolHeuristic``,
    /// ``/MatchingSolvers/PoolLagrangian`` runs first (a third of the time
    /// limit): its matching is GLPK's first incumbent, and the better
    /// matching and the tighter bound of the two are reported. "Optimal" is
    /// GLPK's claim (branch and bound within its tolerances) or the
    /// heuristic's matching meeting its Lagrangian bound; every rule is
    /// re-checked on the pairs.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` when the problem is invalid or too large
    ///   for GLPK's 32-bit indices, or GLPK fails internally.
    /// - Complexity: O(n²) to build; branch and bound beyond that.
    public func solve(_ problem: PoolProblem, options: SolveOptions) async throws -> PoolReport {
        let started = ContinuousClock.now
        try problem.validate()
        try options.checkTimeLimit()
        let clock = Deadline(timeLimit: options.timeLimit, from: started)
        // With rules: the Lagrangian heuristic first (a third of the time),
        // its matching GLPK's first incumbent and its bound a second bound.
        var heuristic: PoolReport?
        if !problem.rules.isEmpty && poolHeuristic {
            var first = options
            first.timeLimit = clock.share(1.0 / 3, floor: 1)
            heuristic = try await PoolLagrangian().solve(problem, options: first)
            if heuristic?.termination.reason == .infeasible || heuristic?.termination.reason == .optimal { return heuristic! }
        }
        let program = IntegerProgram(pool: problem)
        let deadline = clock.end
        var run = settings(options, deadline, started, stage: "pool", first: false)
        if let pairs = heuristic?.pairs, !presolve {
            let chosen = Set(pairs)
            var matched = Set<Int>()
            for p in pairs { matched.insert(p.mentor.rawValue); matched.insert(p.mentee.rawValue) }
            run.startValues = program.columnOrigin.map { origin in
                switch origin {
                case .pair(let p): chosen.contains(p) ? 1 : 0
                case .matched(let v): matched.contains(v.rawValue) ? 1 : 0
                case .constant: 1
                case .slack, .relaxed, .scoreParity, .saturated: 0   // no scoreParity rule or stability rows in a pool's program
                }
            }
        }
        let outcome = try await _GLPKRunner.run(program, run)
        try throwIfInternal(outcome)
        var pairs = [Pair]()
        for (c, origin) in program.columnOrigin.enumerated() {
            if case .pair(let p) = origin, c < outcome.values.count, outcome.values[c] > 0.5 { pairs.append(p) }
        }
        let termination: Termination
        switch outcome.status {
        case .optimal: termination = Termination(.optimal, detail: "proven optimal by GLPK's branch and bound")
        case .feasible: termination = Termination(.feasible, limit: outcome.limit, detail: "GLPK stopped before proving optimality")
        case .infeasible: termination = Termination(.infeasible, detail: problem.rules.isEmpty ? "GLPK proved that no matching meets the partner ranges" : "GLPK proved that no matching meets the partner ranges and the rules")
        case .noSolution, .unbounded: termination = Termination(.noSolutionFound, limit: outcome.limit, detail: outcome.message)
        case .error: termination = Termination(.error, detail: outcome.message)
        }
        let found = outcome.status == .optimal || outcome.status == .feasible
        var objective: Double? = nil
        if found {
            // Recomputed from the pairs, not taken from GLPK.
            objective = problem.objective(of: pairs)
            // The rules, checked again from the pairs alone.
            let broken = PoolRule.violations(of: pairs, in: problem)
            if !broken.isEmpty {
                // Never answered: the heuristic's checked matching, if any, instead.
                var report = heuristic ?? PoolReport(termination: Termination(.error, detail: "GLPK's matching breaks a rule: \(broken[0])"), pairs: nil,
                                                     objective: nil, bound: nil, duals: nil, solver: Self.identity,
                                                     timings: SolveTimings(build: 0, solve: started.secondsElapsed))
                report.diagnostics.append("GLPK's matching breaks a rule and was discarded: \(broken[0])")
                return report
            }
        }
        var report = PoolReport(termination: termination, pairs: found ? pairs.sorted() : nil, objective: objective,
                                bound: outcome.status == .optimal ? objective : outcome.bound, duals: nil, solver: Self.identity,
                                timings: SolveTimings(build: 0, solve: started.secondsElapsed))
        if let h = heuristic, outcome.status != .optimal, outcome.status != .infeasible {
            // The better matching of the two, and the tighter bound.
            let bound = [report.bound, h.bound].compactMap { $0 }.min()
            if let ho = h.objective, ho > (report.objective ?? -.infinity) {
                if report.termination.reason == .error { report.diagnostics.append("GLPK: \(report.termination)") }
                report.pairs = h.pairs
                report.objective = ho
                report.termination = Termination(.feasible, limit: outcome.limit, detail: "the Lagrangian heuristic's matching (GLPK found \(objective.map { "\($0)" } ?? "none") before the limit)")
            }
            report.bound = bound.map { Swift.max($0, report.objective ?? $0) }
            report.diagnostics.append("the Lagrangian heuristic (blossom on relaxed rules): \(h.termination)")
        }
        return report
    }

    /// Writes a pool's integer program (``/MatchingCore/IntegerProgram/init(pool:)``) as
    /// CPLEX LP or free MPS, for other solvers (HiGHS, CBC, Gurobi) to read.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` when the problem is invalid, too large, or the file cannot be written.
    public static func export(_ problem: PoolProblem, to path: String, format: ModelFormat) throws {
        try problem.validate()
        try write(IntegerProgram(pool: problem), to: path, format: format)
    }
}
