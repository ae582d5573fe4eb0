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

/// The scale a report's objective and bound are given on.
public enum ObjectiveScale: String, Hashable, Sendable, Codable {
    /// The scores and penalties as given.
    case original
    /// With every sentinel score replaced by its exact equivalent
    /// (``SentinelScores``): used only when the given scores of the matching
    /// add up beyond a `Double`'s range.
    case sentinelEquivalent
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
    /// When huge negative "never" scores were solved as their equivalents
    /// (``SentinelScores``): how many pairs of ``matching`` score one of them;
    /// `nil` when the rule did not apply.
    public var sentinelPairs: Int?
    /// The scale of ``objective`` and ``bound``: the scores as given, or the
    /// sentinel-equivalent scale when the given scores' sum overflows a
    /// `Double` (``SentinelScores/solve(_:with:)``); ``diagnostics`` then says so.
    public var objectiveScale: ObjectiveScale = .original
    /// The route taken and what proves the claim, as values (``SolveStatistics``).
    public var statistics = SolveStatistics()
    /// Whether the Hall search for ``hallViolations`` was made (see ``explainInfeasibility(of:deadline:)``).
    public internal(set) var hallSearched = false

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
    /// `(bound − objective) / max(1, |objective|)`, or `nil` without both
    /// finite (a gap is never claimed for an objective that is not a number).
    public var gap: Double? { Self.relativeGap(objective: objective, bound: bound) }

    /// `(bound − objective) / max(1, |objective|)` (≥ 0), or `nil` without
    /// both finite: the gap every report states.
    public static func relativeGap(objective: Double?, bound: Double?) -> Double? {
        guard let objective, let bound, objective.isFinite, bound.isFinite else { return nil }
        return Swift.max(0, bound - objective) / Swift.max(1, abs(objective))
    }
}

extension SolveReport {
    /// Explains an infeasible result in users' terms: finds the violated Hall
    /// sets of `problem` (``HallCondition/search(_:deadline:pairLimit:)``,
    /// stopped at `deadline` or on cancellation), stores them in
    /// ``hallViolations`` and puts one line per cause at the front of
    /// ``diagnostics`` (lines already there are kept, duplicates dropped); a
    /// search that could not finish adds a note saying so. Does nothing
    /// unless the termination is `infeasible`, nor a second time for the same
    /// report (solvers call it once their result is known, so its cost is paid once).
    ///
    /// - Parameters:
    ///   - problem: the problem this report answers, with loads,
    ///     demands and pairs that fit its sizes (a solver has validated it);
    ///     one that does not gets a note instead of sets.
    ///   - deadline: when to stop searching; `nil` for none.
    /// - Complexity: that of ``HallCondition/search(_:deadline:pairLimit:)``.
    public mutating func explainInfeasibility(of problem: MatchingProblem, deadline: ContinuousClock.Instant? = nil) {
        guard termination.reason == .infeasible, !hallSearched else { return }
        let search: HallSearch
        do {
            search = try HallCondition.search(problem, deadline: deadline)
        } catch {
            search = HallSearch(skipped: "the search for people competing for too few partners was skipped: \(error)")
        }
        explainInfeasibility(of: problem, using: search)
    }

    /// Explains an infeasible result with a Hall search already done for
    /// `problem` (e.g. by an earlier solver of the same problem), as
    /// ``explainInfeasibility(of:deadline:)`` does.
    public mutating func explainInfeasibility(of problem: MatchingProblem, using search: HallSearch) {
        guard termination.reason == .infeasible, !hallSearched else { return }
        hallSearched = true
        hallViolations = search.violations
        var lines = HallCondition.explanation(of: problem, violations: hallViolations)
        if let skipped = search.skipped { lines.append(skipped) }
        diagnostics = lines + diagnostics.filter { !lines.contains($0) }
    }

    /// ``explainInfeasibility(of:using:)`` with the search in `options`
    /// (``SolveOptions/hallSearch``) when it has one, else
    /// ``explainInfeasibility(of:deadline:)``: how solvers call it.
    public mutating func explainInfeasibility(of problem: MatchingProblem, options: SolveOptions, deadline: ContinuousClock.Instant?) {
        if let known = options.hallSearch {
            explainInfeasibility(of: problem, using: known)
        } else {
            explainInfeasibility(of: problem, deadline: deadline)
        }
    }

    /// The Hall search behind ``hallViolations``, when one was made.
    public var hallSearch: HallSearch? {
        guard hallSearched else { return nil }
        return HallSearch(violations: hallViolations, skipped: diagnostics.first { $0.hasPrefix("the search for people competing") })
    }
}
