import Foundation
import MatchingCore

/// GLPK on candidate pairs, with every other pair priced by the LP duals
/// (column generation): the large-problem route for rules only an integer
/// program holds (several attribute rules, separations, `crossShare`).
///
/// 1. The restricted model keeps, per mentee, its best
///    ``candidatesPerMentee`` mentors, per mentor its best
///    ``candidatesPerMentor`` mentees, every fixed pair and every pair of the
///    warm start (``/MatchingCore/SolveOptions/warmStart``).
/// 2. GLPK solves that model's LP relaxation; with its row duals every pair
///    left out is priced. Pairs with a positive reduced profit join the model
///    (at most ``addedPerMenteePerRound`` per mentee per round) and the LP is
///    solved again, until no pair is left that could raise the LP.
/// 3. GLPK's branch and bound runs on the final candidate pairs under the
///    time limit, warm-started from the given matching.
///
/// Every round also computes, from the duals alone, an upper bound that
/// holds for the *full* problem (LP weak duality over every pair:
/// `Σ_rows π·(bound it pushes against) + Σ_columns max over the column's
/// range of its reduced profit`). The report's bound is that bound after the
/// last round — the LP relaxation over all pairs when pricing finished — so
/// the gap it states is honest even though branch and bound saw only the
/// candidates. A matching is reported optimal only when it meets that bound.
public struct GLPKColumnGenerationSolver: MatchingSolver {
    /// Mentors kept per mentee at first.
    public var candidatesPerMentee: Int
    /// Mentees kept per mentor at first.
    public var candidatesPerMentor: Int
    /// The most pairs one mentee gains per pricing round.
    public var addedPerMenteePerRound: Int
    /// The share of the time limit the pricing rounds may use before branch and bound.
    public var pricingShare: Double

    /// Creates the solver.
    ///
    /// - Parameters:
    ///   - candidatesPerMentee: mentors kept per mentee at first (≥ 1; default 12).
    ///   - candidatesPerMentor: mentees kept per mentor at first (≥ 0; default 4).
    ///   - addedPerMenteePerRound: pairs one mentee gains per round at most (≥ 1; default 4).
    ///   - pricingShare: share of the time limit for pricing (0…1; default 0.5).
    public init(candidatesPerMentee: Int = 12, candidatesPerMentor: Int = 4, addedPerMenteePerRound: Int = 4, pricingShare: Double = 0.5) {
        self.candidatesPerMentee = candidatesPerMentee
        self.candidatesPerMentor = candidatesPerMentor
        self.addedPerMenteePerRound = addedPerMenteePerRound
        self.pricingShare = pricingShare
    }

    /// `glpk-pricing <GLPK version>`.
    public static var identity: SolverIdentity { SolverIdentity(name: "glpk-pricing", version: GLPKSolver.version) }

    /// Solves `problem` (objective ``/MatchingCore/Objective/total``) as described above.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` for an invalid problem or settings, the
    ///   maxMin objective (``/MatchingCore/MatchingError/Code/unsupported``), or a GLPK
    ///   internal error.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try await solveRecorded(problem, options: options).routed(.pricedIntegerProgram)
    }

    func solveRecorded(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        let started = ContinuousClock.now
        try problem.validate()
        if let refusal = problem.shape.totalObjectiveRefusal ?? problem.shape.heuristicRefusal {
            throw MatchingError(.unsupported, "price and branch (GLPK on priced candidate pairs) cannot take \(refusal)")
        }
        guard candidatesPerMentee >= 1, candidatesPerMentor >= 0, addedPerMenteePerRound >= 1, (0...1).contains(pricingShare) else {
            throw MatchingError(.invalidConfig, "priced GLPK settings out of range: candidatesPerMentee ≥ 1, candidatesPerMentor ≥ 0, addedPerMenteePerRound ≥ 1, pricingShare in 0…1")
        }
        try options.checkTimeLimit()
        // Huge negative "never" scores: solved as their exact small equivalents (see SentinelScores).
        if let equivalent = try await solvingSentinels(problem, options: options) { return equivalent }
        if let infeasible = FeasibilityCheck.infeasibleReport(of: problem, solver: Self.identity, started: started) { return infeasible }
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        let pricingDeadline = Deadline(timeLimit: options.timeLimit.map { $0 * pricingShare }, from: started).end
        let m = problem.mentorCount, n = problem.menteeCount
        let pricer = _ColumnPricer(problem)
        var start: Matching?
        var notes = [String]()
        if let w = options.warmStart {
            let check = MatchingValidator.check(w, against: problem)
            if check.isFeasible { start = w } else { notes.append("warm start ignored: it breaks \(check.violations[0])") }
        }
        var keep = pricer.initialCandidates(perMentee: candidatesPerMentee, perMentor: candidatesPerMentor)
        for p in start?.pairs ?? [] { keep[p.mentor.rawValue * n + p.mentee.rawValue] = true }
        let glpk = GLPKSolver()

        // Pricing rounds on the LP relaxation.
        var bound: Double?
        var rounds = 0
        var lpSeconds = 0.0, priceSeconds = 0.0
        var pricingDone = false
        while true {
            if Task.isCancelled { break }
            if let pricingDeadline, ContinuousClock.now >= pricingDeadline { break }
            let program = IntegerProgram(matching: problem, keep: keep)
            var settings = glpk.settings(options, pricingDeadline, started, stage: "pricing round \(rounds + 1)", first: false)
            settings.lpOnly = true
            settings.presolve = false
            let lp = try await _GLPKRunner.run(program, settings)
            try glpk.throwIfInternal(lp)
            lpSeconds += lp.seconds
            guard lp.status == .optimal else {
                if lp.status == .infeasible { notes.append("the LP relaxation on the candidate pairs is infeasible; branch and bound runs on them as they are") }
                break
            }
            rounds += 1
            let t0 = ContinuousClock.now
            let priced = pricer.price(program: program, lp: lp, keep: keep, addPerMentee: addedPerMenteePerRound)
            priceSeconds += t0.secondsElapsed
            bound = Swift.min(bound ?? .infinity, priced.bound)
            options.progress?(SolveProgress(stage: "pricing round \(rounds): \(program.columnCount) columns, \(priced.added.count) improving pair(s)",
                                            bound: bound, elapsed: started.secondsElapsed))
            if priced.added.isEmpty { pricingDone = true; break }
            for cell in priced.added { keep[cell] = true }
        }
        let kept = keep.reduce(0) { $0 + ($1 ? 1 : 0) }
        notes.append("pricing: \(rounds) LP round(s) (\(formatSeconds(lpSeconds)) s in GLPK's simplex, \(formatSeconds(priceSeconds)) s pricing), \(kept) of \(m * n) pairs as columns; "
                     + (pricingDone ? "no pair left out can raise the LP relaxation" : "stopped before pricing finished"))

        // Branch and bound on the candidates.
        let program = IntegerProgram(matching: problem, keep: keep)
        var settings = glpk.settings(options, deadline, started, stage: "branch and bound on candidates", first: false)
        if let start { settings.startValues = program.columnValues(for: start, in: problem) }
        let outcome = try await _GLPKRunner.run(program, settings)
        try glpk.throwIfInternal(outcome)
        var matching: Matching? = nil
        var objective: Double? = nil
        if outcome.status == .optimal || outcome.status == .feasible {
            let found = glpk.matchingFrom(outcome, program)
            let check = MatchingValidator.check(found, against: problem)
            guard check.isFeasible else {
                return SolveReport(termination: Termination(.error, detail: "internal error: GLPK's matching breaks \(check.violations[0])"),
                                   solver: Self.identity)
            }
            matching = found
            objective = check.objective
        }
        if let s = start {
            let value = MatchingValidator.check(s, against: problem).objective
            if objective == nil || value > objective! {
                matching = s
                objective = value
                notes.append("the warm start stands: branch and bound on the candidates found nothing better")
            }
        }
        if let accepted = outcome.startAccepted { notes.append(accepted ? "warm start accepted by GLPK as its first incumbent" : "warm start offered, not better than GLPK's incumbent") }
        let timings = SolveTimings(build: 0, solve: started.secondsElapsed)
        guard let matching, let objective else {
            // Even "infeasible" on the candidates proves nothing about the full problem.
            let detail = outcome.status == .infeasible
                ? "no matching on the candidate pairs (the full problem may still have one)"
                : "stopped before a matching was found"
            return SolveReport(termination: Termination(.noSolutionFound, limit: outcome.limit, detail: detail), bound: bound,
                               timings: timings, solver: Self.identity, diagnostics: notes)
        }
        let tolerance = 1e-9 * Swift.max(1, abs(objective))
        if let b = bound, b - objective <= tolerance {
            var proven = SolveReport(termination: Termination(.optimal, detail: "proven optimal: the matching meets the LP bound over every pair"),
                                     matching: matching, objective: objective, bound: objective, timings: timings,
                                     solver: Self.identity, diagnostics: notes)
            proven.statistics.proof = .linearRelaxation
            return proven
        }
        let limit: Termination.Limit = outcome.limit == .none && outcome.status == .optimal ? .none : outcome.limit
        let detail = outcome.status == .optimal
            ? "optimal on the \(kept) candidate pairs; the bound over every pair (the LP relaxation) leaves a gap"
            : "the best matching found on the candidate pairs"
        return SolveReport(termination: Termination(.feasible, limit: limit, detail: detail),
                           matching: matching, objective: objective, bound: bound.map { Swift.max($0, objective) },
                           timings: timings, solver: Self.identity, diagnostics: notes)
    }

    func formatSeconds(_ x: Double) -> String { String(format: "%.2f", x) }
}

extension GLPKSolver {
    /// The value of `problem`'s LP relaxation (every pair a column in
    /// 0…1), solved by GLPK's simplex: an upper bound on every matching's
    /// total; `nil` when the relaxation is infeasible or the time limit ends it.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` for an invalid problem or a GLPK internal error.
    public func relaxationValue(of problem: MatchingProblem, timeLimit: Double? = nil) async throws -> Double? {
        try problem.validate()
        let started = ContinuousClock.now
        let deadline = Deadline(timeLimit: timeLimit, from: started).end
        var s = settings(SolveOptions(), deadline, started, stage: "lp relaxation", first: false)
        s.lpOnly = true
        s.presolve = false
        let outcome = try await _GLPKRunner.run(IntegerProgram(matching: problem), s)
        try throwIfInternal(outcome)
        return outcome.status == .optimal ? outcome.objective : nil
    }
}
