import MatchingCore

/// Runs `primary`; when it cannot answer — it throws an `unsupported` or
/// `solverInternal` error, ends in `error`, or stops with no matching — runs
/// `fallback` within the time that is left, and says why in the report's
/// diagnostics. Under a time limit the primary gets ``primaryShare`` of it, so
/// the fallback always has time to answer. Invalid problems are not retried:
/// their error is thrown as is.
public struct FallbackSolver: MatchingSolver {
    /// The solver tried first.
    public var primary: any MatchingSolver
    /// The solver that answers when the primary cannot.
    public var fallback: any MatchingSolver
    /// The share (0…1) of a time limit the primary may use.
    public var primaryShare: Double

    /// Creates the composition.
    ///
    /// - Parameters:
    ///   - primary: the solver tried first.
    ///   - fallback: the solver that answers when the primary cannot.
    ///   - primaryShare: the primary's share of a time limit, clamped to 0.05…1 (default 0.75).
    public init(primary: any MatchingSolver, fallback: any MatchingSolver, primaryShare: Double = 0.75) {
        self.primary = primary
        self.fallback = fallback
        self.primaryShare = Swift.min(1, Swift.max(0.05, primaryShare))
    }

    /// Solves with `primary`, then with `fallback` if needed; see the type's documentation.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try await compose(options) { try await $0.solve(problem, options: $1) }
    }

    /// The same composition for a streamed problem (each solver takes it or refuses it).
    public func solve(_ problem: StreamedMatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try await compose(options) { try await $0.solve(problem, options: $1) }
    }

    /// The composition, with `solve` running one solver on the problem.
    func compose(_ options: SolveOptions,
                 _ solve: (any MatchingSolver, SolveOptions) async throws -> SolveReport) async throws -> SolveReport {
        let clock = Deadline(timeLimit: options.timeLimit)   // the one clock both solvers share
        let reason: String
        var first: SolveReport?
        do {
            var primaryOptions = options
            primaryOptions.timeLimit = clock.share(primaryShare)
            let report = try await solve(primary, primaryOptions)
            switch report.termination.reason {
            case .optimal, .feasible, .infeasible:
                return report
            case .noSolutionFound:
                if report.termination.limit == .cancelled { return report }
                reason = "\(report.solver.name) found no matching (\(report.termination))"
                first = report
            case .error:
                reason = "\(report.solver.name) failed: \(report.termination.detail)"
                first = report
            }
        } catch let error as MatchingError where error.code == .unsupported || error.code == .solverInternal {
            reason = "\(error.code == .unsupported ? "not for" : "failed in") the primary solver: \(error.message)"
        }
        var rest = options
        if let left = clock.remaining {
            guard left > 0.001 else {
                var report = first ?? SolveReport(termination: Termination(.noSolutionFound, limit: .time, detail: reason),
                                                  solver: SolverIdentity(name: "fallback", version: ""))
                report.diagnostics.append("fallback skipped: no time left after \(reason)")
                return report
            }
            rest.timeLimit = left
        }
        var report = try await solve(fallback, rest)
        report.diagnostics.insert("fell back to \(report.solver.name): \(reason)", at: 0)
        if let first {
            report.timings.build += first.timings.build
            report.timings.solve += first.timings.solve
        }
        return report
    }
}
