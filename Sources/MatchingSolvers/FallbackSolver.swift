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
    public init(primary: any MatchingSolver, fallback: any MatchingSolver, primaryShare: Double = 0.75) {
        self.primary = primary
        self.fallback = fallback
        self.primaryShare = Swift.min(1, Swift.max(0.05, primaryShare))
    }

    /// Solves with `primary`, then with `fallback` if needed; see the type's documentation.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        let started = ContinuousClock.now
        let reason: String
        var first: SolveReport?
        do {
            var primaryOptions = options
            primaryOptions.timeLimit = options.timeLimit.map { $0 * primaryShare }
            let report = try await primary.solve(problem, options: primaryOptions)
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
        if let limit = options.timeLimit {
            let used = started.secondsElapsed
            guard limit - used > 0.001 else {
                var report = first ?? SolveReport(termination: Termination(.noSolutionFound, limit: .time, detail: reason),
                                                  solver: SolverIdentity(name: "fallback", version: ""))
                report.diagnostics.append("fallback skipped: no time left after \(reason)")
                return report
            }
            rest.timeLimit = limit - used
        }
        var report = try await fallback.solve(problem, options: rest)
        report.diagnostics.insert("fell back to \(report.solver.name): \(reason)", at: 0)
        if let first {
            report.timings.build += first.timings.build
            report.timings.solve += first.timings.solve
        }
        return report
    }
}

/// Runs a `heuristic` first and hands its matching to `solver` as a warm
/// start (``MatchingCore/SolveOptions/warmStart``): GLPK's branch and bound
/// then begins with that incumbent and can only improve on it. The answer is
/// the better of the two, with the tighter of their bounds; when `solver`
/// cannot answer (it throws `unsupported` or `solverInternal`, fails, or ends
/// without a matching) the heuristic's report is the answer, and the
/// diagnostics say why. If the heuristic proves its matching optimal (its
/// bound meets it) or the problem infeasible, `solver` is not run. Under a
/// time limit the heuristic gets ``heuristicShare`` of it. `maxMin` problems
/// go straight to `solver`.
public struct WarmStartedSolver: MatchingSolver {
    /// The heuristic, e.g. ``LagrangianSolver``.
    public var heuristic: any MatchingSolver
    /// The solver that takes the heuristic's matching as a start.
    public var solver: any MatchingSolver
    /// The share (0…1) of a time limit the heuristic may use.
    public var heuristicShare: Double

    /// Creates the composition.
    public init(heuristic: any MatchingSolver, solver: any MatchingSolver, heuristicShare: Double = 0.25) {
        self.heuristic = heuristic
        self.solver = solver
        self.heuristicShare = Swift.min(0.9, Swift.max(0.01, heuristicShare))
    }

    /// Runs the heuristic, then the solver from its matching; see the type's documentation.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        guard problem.objective == .total else { return try await solver.solve(problem, options: options) }
        let started = ContinuousClock.now
        var quick = options
        quick.timeLimit = options.timeLimit.map { $0 * heuristicShare }
        let first: SolveReport
        do {
            first = try await heuristic.solve(problem, options: quick)
        } catch let error as MatchingError where error.code == .unsupported {
            return try await solver.solve(problem, options: options)
        }
        let note = "warm start: \(first.solver.name) \(first.termination)" + (first.objective.map { ", objective \($0)" } ?? "")
        if first.termination.reason == .optimal || first.termination.reason == .infeasible || first.termination.limit == .cancelled {
            var report = first
            report.diagnostics.insert(note + " — settled without the integer program", at: 0)
            return report
        }
        var rest = options
        rest.warmStart = first.matching
        if let limit = options.timeLimit { rest.timeLimit = Swift.max(0.001, limit - started.secondsElapsed) }
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

/// The default solver: network problems — loads, demands, forbidden and
/// fixed pairs, penalties, and the attribute rules a flow network holds
/// (a `maxPerMentor` cap, `quota` rules on one mentee attribute,
/// `composition` rules on one mentor attribute, together; any objective),
/// as ``HungarianSolver/unsupportedReason(_:)`` decides — go to the exact
/// ``HungarianSolver``; the rest (separations, `crossShare`, rules on
/// several attributes of one kind) go to the integer-programming solver
/// given (GLPK, from the `MatchingGLPK` product), warm-started by the
/// ``LagrangianSolver``'s matching (``WarmStartedSolver``: the heuristic gets
/// a quarter of a time limit, and its result stands when the integer program
/// fails or ends without a matching); without one, the Lagrangian heuristic alone.
///
/// With a ``largeIntegerProgram`` (e.g. `PricedGLPKSolver()`, GLPK on
/// candidate pairs priced by the LP duals), total-score problems with at least
/// ``largeAbove`` pairs go to it instead: the dense integer program of such a
/// problem is too big for GLPK to reach branch and bound in a usual time limit.
///
/// A `maxMin` problem that is not a network problem needs the
/// integer-programming solver; without one it is refused with
/// ``MatchingError/Code/unsupported`` — never solved with a rule silently dropped.
public struct AutoSolver: MatchingSolver {
    /// The solver for problems the network method cannot hold exactly, e.g. `GLPKSolver()`.
    public var integerProgram: (any MatchingSolver)?

    /// The integer-programming solver for large total-score problems, if any.
    public var largeIntegerProgram: (any MatchingSolver)?
    /// From how many pairs (mentors × mentees) ``largeIntegerProgram`` is used.
    public var largeAbove: Int

    /// Creates the automatic solver.
    public init(integerProgram: (any MatchingSolver)? = nil, largeIntegerProgram: (any MatchingSolver)? = nil, largeAbove: Int = 10_000) {
        self.integerProgram = integerProgram
        self.largeIntegerProgram = largeIntegerProgram
        self.largeAbove = largeAbove
    }

    /// Which solver `problem` goes to, and why.
    public func route(_ problem: MatchingProblem) -> (solver: any MatchingSolver, reason: String) {
        if let why = HungarianSolver.unsupportedReason(problem) {
            if let large = largeIntegerProgram, problem.objective == .total, problem.mentorCount * problem.menteeCount >= largeAbove {
                return (WarmStartedSolver(heuristic: LagrangianSolver(), solver: large),
                        "not a network problem (\(why)) and \(problem.mentorCount * problem.menteeCount) pairs: the Lagrangian heuristic, then the integer program on candidate pairs priced by the LP duals")
            }
            if let integerProgram {
                return (WarmStartedSolver(heuristic: LagrangianSolver(), solver: integerProgram),
                        "not a network problem (\(why)): the Lagrangian heuristic, then the integer program from its matching")
            }
            return (LagrangianSolver(), "not a network problem (\(why)) and no integer-programming solver: Lagrangian heuristic with a proven bound")
        }
        return (HungarianSolver(), "a network problem: solved exactly by successive shortest paths")
    }

    /// Solves `problem` with the solver ``route(_:)`` picks.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try problem.validate()
        let (solver, reason) = route(problem)
        if integerProgram == nil, problem.objective == .maxMin, let why = HungarianSolver.unsupportedReason(problem) {
            throw MatchingError(.unsupported,
                "this problem needs an integer-programming solver (\(why)); link MatchingGLPK and pass GLPKSolver() as the integer-programming solver")
        }
        let started = ContinuousClock.now
        var report = try await solver.solve(problem, options: options)
        // The network proves infeasibility; the integer program's elastic
        // model can also name the rules to relax. When the network already
        // named a Hall set (people competing for too few partners), that
        // search runs only within a time limit the user gave and only when
        // rules beyond loads and forbidden pairs could be part of the cause;
        // it never runs past the user's limit.
        if report.termination.reason == .infeasible, solver is HungarianSolver, let integerProgram {
            let named = !report.hallViolations.isEmpty
            let rules = !problem.constraints.isEmpty || !problem.separations.isEmpty
            let left = options.timeLimit.map { $0 - started.secondsElapsed }
            var quick = options
            quick.hallSearch = report.hallSearch
            if named {
                quick.timeLimit = rules ? left.map { Swift.min($0, Swift.max(1, (options.timeLimit ?? 0) / 4)) } : nil
            } else {
                quick.timeLimit = left.map { Swift.min($0, Swift.max(1, (options.timeLimit ?? 0) / 4)) } ?? 30
            }
            if let limit = quick.timeLimit, limit > 0.01,
               let found = try? await integerProgram.solve(problem, options: quick), found.termination.reason == .infeasible {
                for line in found.diagnostics where !report.diagnostics.contains(line) { report.diagnostics.append(line) }
            }
        }
        report.diagnostics.insert("auto: \(reason)", at: 0)
        return report
    }
}
