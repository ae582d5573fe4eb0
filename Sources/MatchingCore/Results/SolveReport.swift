/// Why a solver stopped, kept apart from what solution it has
/// (the split OR-Tools MathOpt and JuMP make between termination and
/// primal status).
public struct Termination: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The outcome of the solve.
    public enum Reason: String, Hashable, Sendable, Codable {
        /// A matching was found and proven optimal (within the requested gap, see ``SolveReport/gap``).
        case optimal
        /// A matching was found, but the solver stopped at a limit before proving it optimal.
        case feasible
        /// The rules admit no matching at all; see ``SolveReport/diagnostics``.
        case infeasible
        /// The solver stopped at a limit before finding any matching.
        case noSolutionFound
        /// The solver failed; ``Termination/detail`` says how.
        case error
    }

    /// The limit that stopped the solver early, if any.
    public enum Limit: String, Hashable, Sendable, Codable {
        /// No limit was hit.
        case none
        /// The time limit ran out.
        case time
        /// The calling task was cancelled.
        case cancelled
        /// The relative MIP gap was reached (the result is optimal within that gap).
        case gap
    }

    /// The outcome.
    public var reason: Reason
    /// The limit hit, if any.
    public var limit: Limit
    /// A sentence for people, e.g. which solver stage stopped and why.
    public var detail: String

    /// Creates a termination.
    public init(_ reason: Reason, limit: Limit = .none, detail: String = "") {
        self.reason = reason
        self.limit = limit
        self.detail = detail
    }

    /// `reason (limit): detail`.
    public var description: String {
        var s = reason.rawValue
        if limit != .none { s += " (\(limit.rawValue) limit)" }
        if !detail.isEmpty { s += ": \(detail)" }
        return s
    }
}

/// Seconds spent in each stage of a solve.
public struct SolveTimings: Hashable, Sendable, Codable {
    /// Building the model (formulation, validation, handing data to the solver).
    public var build: Double
    /// The solver's own work.
    public var solve: Double

    /// Creates timings.
    public init(build: Double = 0, solve: Double = 0) {
        self.build = build
        self.solve = solve
    }
}

/// Which solver produced a result.
public struct SolverIdentity: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The solver's name, e.g. `glpk`.
    public var name: String
    /// The version of the library behind it, e.g. `5.0`.
    public var version: String

    /// Creates an identity.
    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    /// `name version`.
    public var description: String { "\(name) \(version)" }
}

/// The result of a solve: why it stopped, the matching if there is one, and
/// how good it is proven to be.
public struct SolveReport: Hashable, Sendable {
    /// Why the solver stopped.
    public var termination: Termination
    /// The matching, when ``termination`` is `optimal` or `feasible`.
    public var matching: Matching?
    /// The objective value of ``matching`` (total score minus unmatched penalties).
    public var objective: Double?
    /// For ``Objective/maxMin``: the worst outcome reached (smallest matched score,
    /// or minus the penalty of a mentee left without a mentor).
    public var worstOutcome: Double?
    /// The best proven upper bound on the objective (of the final stage, for ``Objective/maxMin``).
    public var bound: Double?
    /// Seconds per stage.
    public var timings: SolveTimings
    /// The solver that produced the result.
    public var solver: SolverIdentity
    /// Explanations in users' terms: why the problem is infeasible, or which
    /// fallback was taken.
    public var diagnostics: [String]
    /// Dual values that prove ``bound`` (see ``DualBound``), when the solver has them.
    public var duals: Duals?
    /// For an infeasible problem: the sets of people who compete for too few
    /// partners (``HallViolation``), each a checked proof of infeasibility
    /// with its members listed; ``diagnostics`` carries one line per set.
    public var hallViolations: [HallViolation] = []

    /// Creates a report.
    public init(
        termination: Termination,
        matching: Matching? = nil,
        objective: Double? = nil,
        worstOutcome: Double? = nil,
        bound: Double? = nil,
        timings: SolveTimings = SolveTimings(),
        solver: SolverIdentity,
        diagnostics: [String] = [],
        duals: Duals? = nil
    ) {
        self.termination = termination
        self.matching = matching
        self.objective = objective
        self.worstOutcome = worstOutcome
        self.bound = bound
        self.timings = timings
        self.solver = solver
        self.diagnostics = diagnostics
        self.duals = duals
    }

    /// The relative gap between ``objective`` and ``bound``:
    /// `(bound − objective) / max(1, |objective|)`, or `nil` without both.
    public var gap: Double? {
        guard let objective, let bound else { return nil }
        return Swift.max(0, bound - objective) / Swift.max(1, abs(objective))
    }
}

extension SolveReport {
    /// Explains an infeasible result in users' terms: finds the violated Hall
    /// sets of `problem` (``HallCondition/violations(of:pairLimit:)``), stores
    /// them in ``hallViolations`` and puts one line per cause at the front of
    /// ``diagnostics`` (lines already there are kept, duplicates dropped).
    /// Does nothing unless the termination is `infeasible`.
    ///
    /// - Complexity: that of ``HallCondition/violations(of:pairLimit:)``.
    public mutating func explainInfeasibility(of problem: MatchingProblem) {
        guard termination.reason == .infeasible, hallViolations.isEmpty else { return }
        hallViolations = HallCondition.violations(of: problem)
        let lines = HallCondition.explanation(of: problem, violations: hallViolations)
        diagnostics = lines + diagnostics.filter { !lines.contains($0) }
    }
}
