import MatchingCore

/// The default solver: network problems — loads, demands, forbidden and
/// fixed pairs, penalties, and the attribute rules a flow network holds
/// (a `maxPerMentor` cap, `quota` rules on one mentee attribute,
/// `composition` rules on one mentor attribute, together; any objective),
/// as ``/MatchingCore/ProblemShape`` decides — go to the exact
/// ``NetworkFlowSolver``; the rest (separations, `crossShare`, rules on
/// several attributes of one kind) go to the integer-programming solver
/// given (GLPK, from the `MatchingGLPK` product), warm-started by the
/// ``LagrangianHeuristic``'s matching (``WarmStartedSolver``: the heuristic gets
/// a quarter of a time limit, and its result stands when the integer program
/// fails or ends without a matching); without one, the Lagrangian heuristic alone.
///
/// With a ``largeIntegerProgram`` (e.g. `GLPKColumnGenerationSolver()`, GLPK on
/// candidate pairs priced by the LP duals), total-score problems with at least
/// ``largeAbove`` pairs go to it instead: the dense integer program of such a
/// problem is too big for GLPK to reach branch and bound in a usual time limit.
///
/// When the only rules no network holds are side rules — separations,
/// `crossShare`, `parity`, `scoreParity` — the program is first solved
/// exactly without them (a quarter of the time limit at most); when that
/// optimum keeps them it is the answer, proven by the relaxation's dual
/// potentials, and no integer program runs.
///
/// A `maxMin` problem that is not a network problem needs the
/// integer-programming solver; without one it is refused with
/// ``/MatchingCore/MatchingError/Code/unsupported`` — never solved with a rule silently dropped.
public struct AutoSolver: MatchingSolver {
    /// The solver for problems the network method cannot hold exactly, e.g. `GLPKSolver()`.
    public var integerProgram: (any MatchingSolver)?

    /// The integer-programming solver for large total-score problems, if any.
    public var largeIntegerProgram: (any MatchingSolver)?
    /// From how many pairs (mentors × mentees) ``largeIntegerProgram`` is used.
    public var largeAbove: Int
    /// The solver of streamed problems.
    public var candidatePricing: CandidatePricingSolver

    /// Creates the automatic solver.
    public init(integerProgram: (any MatchingSolver)? = nil, largeIntegerProgram: (any MatchingSolver)? = nil, largeAbove: Int = 10_000,
                candidatePricing: CandidatePricingSolver = CandidatePricingSolver()) {
        self.integerProgram = integerProgram
        self.largeIntegerProgram = largeIntegerProgram
        self.largeAbove = largeAbove
        self.candidatePricing = candidatePricing
    }

    /// Which solver `problem` goes to, and why.
    public func route(_ problem: MatchingProblem) -> (solver: any MatchingSolver, reason: String) {
        if let why = problem.shape.integerProgramReason {
            if let integerProgram, problem.shape.heuristicRefusal != nil {
                if problem.constraints.contains(where: { if case .scoreParity = $0 { true } else { false } }) {
                    return (WarmStartedSolver(heuristic: ScoreParityLagrangian(), solver: integerProgram, heuristicShare: 0.1),
                            "not a network problem (\(why)): the integer program, which alone holds a parity or scoreParity rule, from the score-parity Lagrangian heuristic's matching")
                }
                return (integerProgram, "not a network problem (\(why)): the integer program, which alone holds a parity or scoreParity rule")
            }
            if let large = largeIntegerProgram, problem.shape.totalObjectiveRefusal == nil, problem.mentorCount * problem.menteeCount >= largeAbove {
                return (WarmStartedSolver(heuristic: LagrangianHeuristic(), solver: large),
                        "not a network problem (\(why)) and \(problem.mentorCount * problem.menteeCount) pairs: the Lagrangian heuristic, then the integer program on candidate pairs priced by the LP duals")
            }
            if let integerProgram {
                return (WarmStartedSolver(heuristic: LagrangianHeuristic(), solver: integerProgram),
                        "not a network problem (\(why)): the Lagrangian heuristic, then the integer program from its matching")
            }
            return (LagrangianHeuristic(), "not a network problem (\(why)) and no integer-programming solver: Lagrangian heuristic with a proven bound")
        }
        return (NetworkFlowSolver(), "a network problem: solved exactly by successive shortest paths")
    }

    /// Solves a streamed problem exactly with ``candidatePricing`` (the
    /// one method that holds streamed scores); its rules are checked by
    /// ``/MatchingCore/ProblemShape`` first, and a refusal names the rule.
    public func solve(_ problem: StreamedMatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try await candidatePricing.solve(problem, options: options)
    }

    /// The side rules no network holds and a relaxation may drop: separations,
    /// `crossShare`, `parity` and `scoreParity`.
    static func isSideRule(_ c: MatchingConstraint) -> Bool {
        switch c {
        case .crossShare, .parity, .scoreParity: true
        case .maxPerMentor, .quota, .composition: false
        }
    }

    /// When only side rules (``isSideRule(_:)``, and separations) keep
    /// `problem` from being a network problem: its optimum without them, by
    /// the exact ``NetworkFlowSolver``, when that matching keeps every one of
    /// them — then it is optimal for `problem` too (its feasible set is a
    /// subset of the relaxation's), proven by the relaxation's dual
    /// potentials, and no integer program is needed. `nil` otherwise (the
    /// rules bind, the relaxation is no network, or it found no optimum
    /// within a quarter of the time limit).
    func networkRelaxationKeepingSideRules(_ problem: MatchingProblem, options: SolveOptions, started: ContinuousClock.Instant) async throws -> SolveReport? {
        guard problem.shape.integerProgramReason != nil else { return nil }
        var relaxed = problem
        let kept = problem.constraints.indices.filter { !Self.isSideRule(problem.constraints[$0]) }
        guard kept.count < problem.constraints.count || !problem.separations.isEmpty else { return nil }
        relaxed.constraints = kept.map { problem.constraints[$0] }
        relaxed.separations = []
        guard relaxed.shape.isNetwork else { return nil }
        var quick = options
        quick.timeLimit = Deadline(timeLimit: options.timeLimit, from: started).share(0.25, floor: 1)
        let r: SolveReport
        do { r = try await NetworkFlowSolver().solve(relaxed, options: quick) } catch is CancellationError { throw CancellationError() } catch { return nil }
        guard r.termination.reason == .optimal, let matching = r.matching, MatchingValidator.check(matching, against: problem).isFeasible else { return nil }
        var report = r
        // The relaxation's duals, renumbered to the problem's rules (a dropped rule's dual is 0: still a bound).
        report.duals = r.duals.map { d in
            Duals(mentors: d.mentors, mentees: d.mentees, constraints: Dictionary(uniqueKeysWithValues: d.constraints.map { (kept[$0.key], $0.value) }))
        }
        let dropped = problem.constraints.indices.filter { Self.isSideRule(problem.constraints[$0]) }.map { "constraints[\($0)] (\(problem.constraints[$0]))" }
            + (problem.separations.isEmpty ? [] : ["\(problem.separations.count) separation(s)"])
        report.termination = Termination(.optimal, detail: "the optimum without \(dropped.joined(separator: ", ")) keeps them: proven optimal by the network relaxation's dual potentials")
        report.timings = SolveTimings(build: r.timings.build, solve: started.secondsElapsed - r.timings.build)
        report.diagnostics.insert("auto: the side rules do not bind: the exact network optimum without them keeps every one", at: 0)
        return report
    }

    /// Solves `problem` with the solver ``route(_:)`` picks.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try problem.validate()
        let (solver, reason) = route(problem)
        if integerProgram == nil, problem.shape.totalObjectiveRefusal != nil, let why = problem.shape.integerProgramReason {
            throw MatchingError(.unsupported,
                "this problem needs an integer-programming solver (\(why)); link MatchingGLPK and pass GLPKSolver() as the integer-programming solver")
        }
        let started = ContinuousClock.now
        if let kept = try await networkRelaxationKeepingSideRules(problem, options: options, started: started) {
            return kept
        }
        // One clock: the solver gets what the relaxation left of the limit.
        var remaining = options
        remaining.timeLimit = Deadline(timeLimit: options.timeLimit, from: started).remaining.map { Swift.max($0, 0.001) }
        var report = try await solver.solve(problem, options: remaining)
        // The network proves infeasibility; the integer program's elastic
        // model can also name the rules to relax. That search explains, it
        // does not answer: it runs only within a time limit the user gave
        // (a quarter of it, at least a second, never past it — one clock,
        // Deadline), and, when the network already named a Hall set (people
        // competing for too few partners), only when rules beyond loads and
        // forbidden pairs could be part of the cause.
        if report.termination.reason == .infeasible, solver is NetworkFlowSolver, let integerProgram {
            let named = !report.hallViolations.isEmpty
            let rules = !problem.constraints.isEmpty || !problem.separations.isEmpty
            let clock = Deadline(timeLimit: options.timeLimit, from: started)
            var quick = options
            quick.hallSearch = report.hallSearch
            quick.timeLimit = named && !rules ? nil : clock.share(0.25, floor: 1)
            if let limit = quick.timeLimit, limit > 0.01,
               let found = try? await integerProgram.solve(problem, options: quick), found.termination.reason == .infeasible {
                for line in found.diagnostics where !report.diagnostics.contains(line) { report.diagnostics.append(line) }
            }
        }
        report.diagnostics.insert("auto: \(reason)", at: 0)
        return report
    }
}
