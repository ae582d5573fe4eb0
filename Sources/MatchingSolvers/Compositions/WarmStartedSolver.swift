import MatchingCore

/// Runs a `heuristic` first and hands its matching to `solver` as a warm
/// start (``/MatchingCore/SolveOptions/warmStart``): GLPK's branch and bound
/// then begins with that incumbent and can only improve on it. The answer is
/// the better of the two, with the tighter of their bounds; when `solver`
/// cannot answer (it throws `unsupported` or `solverInternal`, fails, or ends
/// without a matching) the heuristic's report is the answer, and the
/// diagnostics say why. If the heuristic proves its matching optimal (its
/// bound meets it) or the problem infeasible, `solver` is not run. Under a
/// time limit the heuristic gets ``heuristicShare`` of it. `maxMin` problems
/// go straight to `solver`.
public struct WarmStartedSolver: MatchingSolver {
    /// The share (0…1) of a time limit the heuristic may use.
    public var heuristicShare: Double
    /// The heuristic, e.g. ``LagrangianHeuristic``.
    public var heuristic: any MatchingSolver
    /// The solver that takes the heuristic's matching as a start.
    public var solver: any MatchingSolver

    /// Creates the composition; `heuristicShare` is clamped to 0.01…0.9 (default 0.25).
    public init(heuristic: any MatchingSolver, solver: any MatchingSolver, heuristicShare: Double = 0.25) {
        self.heuristicShare = Swift.min(0.9, Swift.max(0.01, heuristicShare))
        self.heuristic = heuristic
        self.solver = solver
    }

    /// A streamed problem goes straight to `solver` (the heuristic needs dense scores).
    public func solve(_ problem: StreamedMatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try await solver.solve(problem, options: options)
    }

    /// Runs the heuristic, then the solver from its matching; see the type's documentation.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        // The heuristic maximises the total only: other objectives go straight to the solver.
        guard problem.shape.totalObjectiveRefusal == nil else { return try await solver.solve(problem, options: options) }
        let clock = Deadline(timeLimit: options.timeLimit)   // the one clock both solvers share
        var quick = options
        quick.timeLimit = clock.share(heuristicShare)
        let first: SolveReport
        do {
            first = try await heuristic.solve(problem, options: quick)
        } catch let error as MatchingError where error.code == .unsupported {
            return try await solver.solve(problem, options: options)
        }
        let note = "warm start: \(first.solver.name) \(first.termination)" + (first.objective.map { ", objective \($0)" } ?? "")
        // Settled, cancelled, or out of time: the heuristic's answer stands (no stage passes the limit).
        if first.termination.reason == .optimal || first.termination.reason == .infeasible || first.termination.limit == .cancelled
            || (clock.remaining ?? .infinity) <= 0.001 {
            var report = first
            let outOfTime = (clock.remaining ?? .infinity) <= 0.001 && first.termination.reason != .optimal && first.termination.reason != .infeasible
            report.diagnostics.insert(note + (outOfTime ? " — no time left for the integer program" : " — settled without the integer program"), at: 0)
            return report
        }
        var rest = options
        rest.warmStart = first.matching
        rest.timeLimit = clock.remaining
        var fallbackReason: String?
        var second: SolveReport?
        do {
            let report = try await solver.solve(problem, options: rest)
            if report.matching != nil || report.termination.reason == .infeasible {
                second = report
            } else {
                fallbackReason = "\(report.solver.name) found no matching (\(report.termination))"
            }
        } catch let error as MatchingError where error.code == .unsupported || error.code == .solverInternal {
            fallbackReason = "\(error.code == .unsupported ? "not for" : "failed in") \(String(describing: type(of: solver))): \(error.message)"
        }
        guard var report = second else {
            var report = first
            report.diagnostics.insert("\(note); \(fallbackReason ?? "no answer"): the heuristic's result stands", at: 0)
            return report
        }
        report.diagnostics.insert(note, at: 0)
        report.timings.build += first.timings.build
        report.timings.solve += first.timings.solve
        if let h = first.objective, let s = report.objective, h > s, let m = first.matching {
            // The start was better (the solver did not take it): keep it.
            report.matching = m
            report.objective = h
            report.termination = Termination(.feasible, limit: report.termination.limit, detail: "the warm start's matching")
        }
        // Both bounds are valid; keep the tighter.
        if let b = first.bound, let objective = report.objective {
            report.bound = Swift.max(objective, Swift.min(b, report.bound ?? b))
        }
        return report
    }
}
