import Logging

/// A solver: turns a ``MatchingProblem`` (dense scores) or a
/// ``StreamedMatchingProblem`` (streamed scores, the same ``MatchingRules``)
/// into a ``SolveReport``.
///
/// Which rules a solver holds is decided in one place, ``ProblemShape``;
/// a solver that cannot hold a problem throws
/// ``MatchingError/Code/unsupported`` quoting its reason. Solvers that need
/// the dense matrix keep the default streamed `solve`, which refuses.
///
/// Solvers are configuration values; one value can solve many problems
/// concurrently. An infeasible problem, or a solve stopped by a time limit or
/// by cancellation, is a report, not an error: `solve` throws only when the
/// problem is invalid or the solver cannot run.
public protocol MatchingSolver: Sendable {
    /// Solves `problem` within `options`.
    ///
    /// - Throws: ``MatchingError`` when the problem is invalid
    ///   (``MatchingError/Code/invalidProblem``) or the solver cannot run.
    func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport

    /// Solves a problem whose scores are streamed.
    ///
    /// - Throws: as the dense `solve`; the default implementation throws
    ///   ``MatchingError/Code/unsupported`` (the solver needs the dense matrix).
    func solve(_ problem: StreamedMatchingProblem, options: SolveOptions) async throws -> SolveReport
}

extension MatchingSolver {
    /// Refuses: this solver needs the dense score matrix.
    public func solve(_ problem: StreamedMatchingProblem, options: SolveOptions) async throws -> SolveReport {
        throw MatchingError(.unsupported, "\(type(of: self)) needs the dense score matrix; a streamed problem is solved by CandidatePricingSolver (or AutoSolver)")
    }
}

/// Limits and hooks for one solve.
public struct SolveOptions: Sendable {
    /// Wall-clock limit for the whole solve, in seconds; `nil` for none.
    public var timeLimit: Double?
    /// Stop when the relative gap between the best matching and the bound is
    /// at most this (0 proves optimality).
    public var relativeGap: Double
    /// Where the solver logs progress (never profile contents); `nil` for silence.
    public var logger: Logger?
    /// Called now and then with the solver's progress.
    public var progress: (@Sendable (SolveProgress) -> Void)?
    /// A matching that satisfies every rule, offered as a starting point:
    /// an integer-programming solver may take it as its first incumbent (GLPK
    /// does, when its presolver is off); other solvers ignore it. A start
    /// that breaks a rule is ignored, and the report says so.
    public var warmStart: Matching?
    /// The Hall search (``HallCondition/search(_:deadline:pairLimit:)``)
    /// already made for this very problem by an earlier solve of it, so that
    /// a second solver explaining the same infeasibility does not repeat it
    /// (`AutoSolver` passes the network solver's on). `nil` otherwise; a
    /// search made for another problem gives wrong explanations.
    public var hallSearch: HallSearch?

    /// Creates options.
    public init(
        timeLimit: Double? = nil,
        relativeGap: Double = 0,
        logger: Logger? = nil,
        progress: (@Sendable (SolveProgress) -> Void)? = nil,
        warmStart: Matching? = nil
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.logger = logger
        self.progress = progress
        self.warmStart = warmStart
    }
}

/// A snapshot of a running solve.
public struct SolveProgress: Hashable, Sendable {
    /// The stage, e.g. `lp relaxation` or `branch and bound`.
    public var stage: String
    /// The best objective found so far, if any.
    public var incumbent: Double?
    /// The best proven bound so far, if any.
    public var bound: Double?
    /// Seconds since the solve began.
    public var elapsed: Double

    /// Creates a snapshot.
    public init(stage: String, incumbent: Double? = nil, bound: Double? = nil, elapsed: Double) {
        self.stage = stage
        self.incumbent = incumbent
        self.bound = bound
        self.elapsed = elapsed
    }
}

extension SolveOptions {
    /// Throws for a time limit that is not a positive number of seconds —
    /// the check every solver makes before it starts.
    ///
    /// - Throws: ``MatchingError/Code/invalidProblem`` naming the limit.
    public func checkTimeLimit() throws {
        if let t = timeLimit, !(t.isFinite && t > 0) {
            throw MatchingError(.invalidProblem, "time limit \(t) must be a positive number of seconds")
        }
    }
}

/// A solver for pools (peer matching within one group, ``PoolProblem``):
/// `BlossomSolver` (exact, certified; no rules) and
/// GLPK's integer program (any ``PoolRule``, with its LP bound).
public protocol PoolSolver: Sendable {
    /// Solves `problem` within `options`.
    ///
    /// - Throws: ``MatchingError``: `invalidProblem` for an invalid
    ///   problem, `unsupported` for rules the solver cannot hold.
    func solve(_ problem: PoolProblem, options: SolveOptions) async throws -> PoolReport
}
