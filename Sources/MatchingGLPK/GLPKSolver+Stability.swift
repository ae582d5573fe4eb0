import MatchingCore
import MatchingSolvers

extension GLPKSolver {
    /// The best-total stable matching: among the matchings with no blocking
    /// pair under `preferences` (``/MatchingCore/StabilityAudit``), one whose
    /// total — pair scores less the penalties of mentees left out — is
    /// largest, solved exactly by GLPK on ``/MatchingCore/IntegerProgram/init(stable:preferences:)``.
    ///
    /// - Returns: the report: `optimal` with the matching and its proof
    ///   (bound equal to the objective), `feasible` when the time limit
    ///   stopped the search with a stable matching found, or no matching.
    ///   A stable matching always exists in this setting (Gale and Shapley),
    ///   so `infeasible` does not occur.
    /// - Throws: `solverInternal` for a GLPK failure.
    /// - Complexity: a mixed-integer program with one row per acceptable pair.
    public func bestStable(_ problem: MatchingProblem, preferences: StabilityPreferences, options: SolveOptions = SolveOptions()) async throws -> SolveReport {
        let started = ContinuousClock.now
        // Strict preferences whose two deferred-acceptance matchings agree admit that one stable
        // matching only: every stable matching lies between the two in the lattice (Knuth, 1976).
        let menteeOptimal = DeferredAcceptance.solve(preferences, proposers: .mentees)
        let mentorOptimal = DeferredAcceptance.solve(preferences, proposers: .mentors)
        if preferences.isStrict && menteeOptimal == mentorOptimal {
            let total = MatchingValidator.check(menteeOptimal, against: problem).objective
            return SolveReport(termination: Termination(.optimal, detail: "the only stable matching: the mentee- and mentor-proposing deferred acceptance matchings agree, and every stable matching lies between them (Knuth, 1976)"),
                               matching: menteeOptimal, objective: total, bound: total, timings: SolveTimings(build: 0, solve: started.secondsElapsed), solver: Self.identity)
        }
        let program = IntegerProgram(stable: problem, preferences: preferences)
        let build = started.secondsElapsed
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        var s = settings(options, deadline, started, stage: "best stable matching", first: false)
        s.mipGap = 0
        // Deferred acceptance's better matching (both are stable) is the first incumbent.
        let starts = [menteeOptimal, mentorOptimal]
        let start = starts.max { MatchingValidator.check($0, against: problem).objective < MatchingValidator.check($1, against: problem).objective }!
        let chosen = Set(start.pairs)
        s.startValues = (0..<program.columnCount).map { c in
            if case .pair(let p) = program.columnOrigin[c] { return chosen.contains(p) ? 1 : 0 }
            return 0
        }
        let outcome = try await _GLPKRunner.run(program, s)
        try throwIfInternal(outcome)
        let timings = SolveTimings(build: build, solve: outcome.seconds)
        guard outcome.status == .optimal || outcome.status == .feasible else {
            return SolveReport(termination: Termination(.noSolutionFound, limit: outcome.limit, detail: "no stable matching found: \(outcome.message)"),
                               matching: nil, objective: nil, bound: outcome.bound, timings: timings, solver: Self.identity)
        }
        let matching = matchingFrom(outcome, program)
        let total = MatchingValidator.check(matching, against: problem.withoutRulesBeyondCapacity).objective
        let proven = outcome.status == .optimal && outcome.limit == .none
        return SolveReport(termination: Termination(proven ? .optimal : .feasible, limit: outcome.limit,
                                                    detail: proven ? "the best total among stable matchings, proven by branch and bound" : "a stable matching; the search stopped before proving it best"),
                           matching: matching, objective: total, bound: proven ? total : outcome.bound, timings: timings, solver: Self.identity)
    }
}
