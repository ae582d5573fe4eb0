import MatchingCore
import Synchronization

/// The exact Hungarian-family solver for the assignment and capacitated
/// matching problem, in pure Swift (no GLPK).
///
/// It handles dense rectangular matrices, forbidden pairs, mentor load bounds
/// including minimum loads (enforced exactly), mentee demand above one (a
/// committee of distinct mentors), fixed pairs and unmatched penalties, with
/// the ``/MatchingCore/Objective/total`` objective. The method is the Hungarian method as
/// shortest augmenting paths with dual potentials (Jonker and Volgenant 1987;
/// Crouse 2016 for rectangular matrices), generalised to capacities as
/// successive shortest paths on the bipartite flow network — never by copying
/// the matrix into slots. The square assignment problem (every mentor and
/// every mentee exactly once, every pair allowed, no other rule) is solved
/// by Jonker and Volgenant's LAPJV on the score matrix itself, with its
/// reductions first. The result carries the dual values
/// (``/MatchingCore/SolveReport/duals``) and the bound they prove (``/MatchingCore/DualBound``), so its
/// optimality is certified, not assumed.
///
/// One `maxPerMentor` rule keeps the problem a network: each mentor reaches
/// the mentees of one attribute value through a (mentor, value) node that
/// carries at most the rule's limit; `quota` rules on one mentee attribute
/// (when no mentee has a minimum demand) become groups of mentees between the
/// mentees and the sink; `composition` caps on one mentor attribute make
/// mentees the routed side, each reaching the mentors of one value through a
/// (mentee, value) node that carries at most the cap. Composition minimums,
/// quotas with mentee minimums, and these rule families together are solved
/// on an explicit network of every allowed pair whose lower bounds are met by
/// shortest paths. From ``pricingAbove`` pairs, problems without mentee
/// minimums and with at most one `maxPerMentor` rule are solved on candidate
/// pairs with pricing (``CandidatePricingSolver``). The ``/MatchingCore/Objective/maxMin`` objective
/// is solved exactly by ``/MatchingCore/MaxMinSearch`` over network problems restricted to a
/// threshold. Separations and `crossShare` are not network rules; this solver
/// rejects them with ``/MatchingCore/MatchingError/Code/unsupported``.
///
/// - Complexity: O(U · (M + N) · K) for U routed units, where K is the size of
///   the side searched across; memory O(M·N) for one working copy of the
///   scores plus O(M + N).
public struct NetworkFlowSolver: MatchingSolver {
    /// From how many pairs (mentors × mentees) a problem the sparse network
    /// holds (no mentee minimums, no committee penalties, at most one
    /// `maxPerMentor` rule, the total objective) is solved on candidate
    /// pairs with pricing (``CandidatePricingSolver``, certified the same way) instead
    /// of on the dense matrix; `Int.max` never.
    public var pricingAbove: Int

    /// Creates the solver.
    ///
    /// - Parameter pricingAbove: see ``pricingAbove`` (default 50,000 pairs).
    public init(pricingAbove: Int = 50_000) {
        self.pricingAbove = pricingAbove
    }

    /// `network-flow ssp-1` (the CLI also accepts `hungarian` for it).
    public static let identity = SolverIdentity(name: "network-flow", version: "ssp-1")

    /// Solves `problem` exactly; see the type's documentation.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` when the problem is invalid or has rules
    ///   this solver cannot hold (``/MatchingCore/MatchingError/Code/unsupported``).
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        // An "optimal" the scores' scale cannot support is reported feasible (ScoreResolution).
        ScoreResolution.limitingClaim(try await solveRouted(problem, options: options).routed(.network), of: problem)
    }

    func solveRouted(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        let started = ContinuousClock.now
        try problem.validate()
        let shape = problem.shape
        if let reason = shape.integerProgramReason {
            throw MatchingError(.unsupported, "the network-flow solver cannot solve this problem exactly: \(reason)")
        }
        try options.checkTimeLimit()
        // Huge negative "never" scores: solved as their exact small equivalents (see SentinelScores).
        if let equivalent = try await solvingSentinels(problem, options: options) { return equivalent }
        var report: SolveReport
        if let infeasible = FeasibilityCheck.infeasibleReport(of: problem, solver: Self.identity, started: started) {
            report = infeasible
        } else if problem.objective == .maxMin {
            report = try await solveMaxMin(problem, options: options, started: started)
        } else {
            report = await solveNetwork(problem, options: options, started: started)
        }
        // Name the people who compete for too few partners, read off a flow's residual graph.
        report.explainInfeasibility(of: problem, options: options,
                                    deadline: Deadline(timeLimit: options.timeLimit, from: started).end)
        return report
    }

    /// The large-problem path: candidate pairs and pricing over the dense
    /// scores, then the same checks as the dense path (the validator, and
    /// the bound of the duals recomputed by ``DualBound``). `nil` when the
    /// candidates cannot decide (a minimum load they cannot route): the dense
    /// path answers then.
    func solveByPricing(_ problem: MatchingProblem, options: SolveOptions, started: ContinuousClock.Instant) async -> SolveReport? {
        guard var report = try? await CandidatePricingSolver(candidatesPerMentee: 8, candidatesPerMentor: 2, everyPairLimit: 0).solveValidated(problem, options: options) else { return nil }
        report.solver = Self.identity
        let s = report.statistics
        let note = "candidate pairs and pricing: \(s.candidatePairs ?? 0) of \(s.allowedPairs ?? 0) allowed pairs in \(s.rounds.count) round(s)"
        switch report.termination.reason {
        case .optimal:
            guard report.matching != nil, report.duals != nil else { return nil }
            if s.proof == .dualPotentials { report.termination.detail = "proven optimal by the dual potentials (\(note))" }
            report.diagnostics = [note]
            report.timings = SolveTimings(build: 0, solve: started.secondsElapsed)
            return report
        case .noSolutionFound where report.termination.limit == .none, .infeasible:
            // Undecided, or infeasible: the dense path decides and names the people behind it.
            return nil
        case .error:
            return report
        default:
            report.diagnostics.append(note)
            return report
        }
    }

    /// One exact network solve on a thread of its own, cancellable.
    func solveNetwork(_ problem: MatchingProblem, options: SolveOptions, started: ContinuousClock.Instant) async -> SolveReport {
        // Quota problems stay on the dense engine (measured faster there); candidate pricing holds them too.
        let shape = problem.shape
        if problem.mentorCount * problem.menteeCount >= pricingAbove, shape.candidatePricingRefusal == nil, shape.quotas == nil,
           let report = await solveByPricing(problem, options: options, started: started) {
            return report
        }
        let stop = _Stop()
        if Task.isCancelled { stop.request() }
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        let progress = options.progress
        return await withTaskCancellationHandler {
            await runOnDedicatedThread { Self.solveNow(problem, stop: stop, deadline: deadline, progress: progress, started: started) }
        } onCancel: {
            stop.request()
        }
    }

    /// The maxMin objective: the best reachable threshold by bisection, each
    /// probe an exact network solve, then the total maximised at that threshold.
    func solveMaxMin(_ problem: MatchingProblem, options: SolveOptions, started: ContinuousClock.Instant) async throws -> SolveReport {
        let candidates = MaxMinSearch.candidates(of: problem)
        var total = problem
        total.objective = .total
        guard !candidates.isEmpty, problem.menteeCount > 0 else {
            return await solveNetwork(total, options: options, started: started)
        }
        var firstReport: SolveReport?
        var spent = SolveTimings()
        func atThreshold(_ tau: Double) async -> SolveReport {
            let restricted = problem.restricted(toThreshold: tau)
            // A mentee forced to be matched but allowed no mentor is an invalid
            // (inverted) demand here: the threshold is out of reach.
            guard (try? restricted.validate()) != nil else {
                return SolveReport(termination: Termination(.infeasible, detail: "threshold \(tau) is out of reach"), solver: Self.identity)
            }
            let failed = FeasibilityCheck.failedConditions(of: restricted)
            if !failed.isEmpty {
                return SolveReport(termination: Termination(.infeasible, detail: "a necessary condition fails"),
                                   solver: Self.identity, diagnostics: failed)
            }
            let report = await solveNetwork(restricted, options: options, started: started)
            spent.build += report.timings.build
            spent.solve += report.timings.solve
            return report
        }
        let search = await MaxMinSearch.largestReachable(candidates) { tau in
            let report = await atThreshold(tau)
            if firstReport == nil { firstReport = report }
            switch report.termination.reason {
            case .optimal, .feasible:
                return .found(worstOutcome: MatchingValidator.check(report.matching!, against: problem).worstOutcome)
            case .infeasible:
                return .infeasible
            case .noSolutionFound, .error:
                return .stopped(report.termination.limit)
            }
        }
        guard let best = search.best else {
            return firstReport ?? SolveReport(termination: Termination(.infeasible), solver: Self.identity)
        }
        var report = await atThreshold(candidates[best])
        if let matching = report.matching {
            let check = MatchingValidator.check(matching, against: problem)
            report.objective = check.objective
            report.worstOutcome = check.worstOutcome
        }
        report.timings = spent
        if search.stopped != .none {
            if report.termination.reason == .optimal { report.termination.reason = .feasible }
            report.termination.limit = search.stopped
            report.termination.detail = "the search for the best worst outcome stopped early; worst outcome \(candidates[best]) is not proven best"
        } else {
            report.diagnostics.append("worst outcome \(candidates[best]) is proven best; the total is maximised among matchings reaching it")
        }
        return report
    }

    static func solveNow(
        _ problem: MatchingProblem, stop: _Stop, deadline: ContinuousClock.Instant?,
        progress: (@Sendable (SolveProgress) -> Void)?, started: ContinuousClock.Instant
    ) -> SolveReport {
        if problem.shape.kind == .ruleNetwork {
            return solveRuleNetwork(problem, stop: stop, deadline: deadline, progress: progress, started: started)
        }
        if let report = solveSquareAssignment(problem, stop: stop, deadline: deadline, started: started) { return report }
        return solveDense(problem, resumingFrom: nil, stop: stop, deadline: deadline, progress: progress, started: started).report
    }

    /// The square assignment problem — every mentor and every mentee
    /// exactly once, every pair allowed, no other rule — by Jonker and
    /// Volgenant's method on the score matrix itself (``_JonkerVolgenant``),
    /// certified as the engine's answers are; `nil` for any other problem.
    static func solveSquareAssignment(_ problem: MatchingProblem, stop: _Stop, deadline: ContinuousClock.Instant?,
                                      started: ContinuousClock.Instant) -> SolveReport? {
        let n = problem.mentorCount, one = CountRange(min: 1, max: 1)
        guard n > 0, problem.menteeCount == n, problem.objective == .total, problem.shape.kind == .assignment,
              problem.constraints.isEmpty, problem.fixed.isEmpty, problem.forbidden.isEmpty, problem.separations.isEmpty,
              problem.mentorLoad.allSatisfy({ $0 == one }), problem.menteeDemand.allSatisfy({ $0 == one }) else { return nil }
        let build = started.secondsElapsed
        let solveStart = ContinuousClock.now
        var limit = Termination.Limit.none
        let solved = problem.scores.values.withUnsafeBufferPointer { P in
            _JonkerVolgenant.solve(n: n, profit: P) { stopRequested(stop, deadline, &limit) }
        }
        let timings = SolveTimings(build: build, solve: solveStart.secondsElapsed)
        guard let solved else { return stoppedReport(limit, timings) }
        let matching = Matching(pairs: (0..<n).map { Pair(mentor: $0, mentee: solved.column[$0]) })
        return certified(matching, duals: Duals(mentors: solved.rowValue, mentees: solved.price), problem, timings: timings,
                         diagnostics: ["square assignment by Jonker and Volgenant: \(solved.paths) of \(n) rows routed by shortest augmenting paths after the reductions"
                                       + (solved.singlePrecision ? "; every score is exact in single precision and was read so" : "")])
    }

    /// The dense engine's solve (``_CapacitatedNetwork``), from `state` when
    /// given (``_ShortestPathEngine/resume(from:work:shouldStop:)``) — or,
    /// when `held` is the network that state came from, in place
    /// (``_CapacitatedNetwork/reprice(_:work:shouldStop:)``: no network
    /// built, no flow restored); with the report, where the engine ended when
    /// the matching is certified optimal by its duals, and that network.
    static func solveDense(
        _ problem: MatchingProblem, resumingFrom state: _ShortestPathEngine.State?, stop: _Stop,
        deadline: ContinuousClock.Instant?, progress: (@Sendable (SolveProgress) -> Void)?, started: ContinuousClock.Instant
    ) -> (report: SolveReport, end: _ShortestPathEngine.State?, network: _CapacitatedNetwork?) {
        var network = _CapacitatedNetwork(problem)
        var limit = Termination.Limit.none
        if let state {
            // Re-optimisation may scan four times the pair arcs the searches of the chain's
            // solve from nothing scanned (its scans cost far less: no heap, no labels), at
            // least two passes over the arcs and at most sixteen (``Reoptimisation``); past
            // that (or when stopped), the engine is built again and solves from nothing, which
            // stops at once when asked to. (Measured on the generated 500 × 1,500 cohort: a
            // step of 0.1 in a weight takes about as many scans as the solve from nothing;
            // on 1,000 × 3,000, a step of 0.5 more than four times as many.) A network held
            // from the previous solve is re-priced in place by the caller
            // (``solve(_:options:reoptimisingFrom:)``), not here.
            if !network.engine.resume(from: state, work: Reoptimisation.budget(problem, coldWork: state.coldWork),
                                      shouldStop: { stopRequested(stop, deadline, &limit) }) {
                network = _CapacitatedNetwork(problem)
            }
        }
        return finish(network, problem, stop: stop, deadline: deadline, limit: limit, progress: progress, started: started)
    }

    /// The rest of a dense solve once its network holds the flow it starts
    /// from (nothing, or a re-optimised optimum): the searches route what is
    /// left, and the matching is certified by its duals.
    static func finish(
        _ network: consuming _CapacitatedNetwork, _ problem: MatchingProblem, stop: _Stop, deadline: ContinuousClock.Instant?,
        limit: Termination.Limit, progress: (@Sendable (SolveProgress) -> Void)?, started: ContinuousClock.Instant
    ) -> (report: SolveReport, end: _ShortestPathEngine.State?, network: _CapacitatedNetwork?) {
        var network = network
        var limit = limit
        let build = started.secondsElapsed
        let solveStart = ContinuousClock.now
        let outcome = network.engine.run(shouldStop: { stopRequested(stop, deadline, &limit) },
                                         progress: { done, total in reportPaths(progress, done, total, started) })
        let timings = SolveTimings(build: build, solve: solveStart.secondsElapsed)
        switch outcome {
        case .cancelled:
            return (stoppedReport(limit, timings), nil, nil)
        case .infeasible(let row):
            return (deadUnitReport(network.describeDeadRow(row, problem), timings), nil, nil)
        case .done:
            let short = (0..<network.engine.groupLow.count).filter { network.engine.groupCount[$0] < network.engine.groupLow[$0] }
            if !short.isEmpty {
                // One line per quota: its minimum against the most pairs its group reached (the
                // search moves units into a short group while any path exists, so that is its most).
                let lines = short.map { g -> String in
                    let low = network.engine.groupLow[g], got = network.engine.groupCount[g]
                    guard let c = network.quotaConstraintOfGroup[g], case .quota(_, _, let count) = problem.constraints[c] else {
                        return "a quota needs \(low - got) more pair(s) in its group than the loads, demands and allowed pairs let it have"
                    }
                    let fixed = count.min - low
                    return "constraints[\(c)] \(problem.constraints[c]) needs at least \(count.min) pairs, but the loads, demands, allowed pairs and other rules let its group have at most \(got + fixed): short by \(low - got)"
                }
                return (SolveReport(termination: Termination(.infeasible, detail: "a quota minimum cannot be met"),
                                    timings: timings, solver: identity, diagnostics: lines), nil, nil)
            }
            if let unmet = network.unmetColumn() {
                return (SolveReport(termination: Termination(.infeasible, detail: "a minimum cannot be met"),
                                    timings: timings, solver: identity, diagnostics: [network.describeUnmetColumn(unmet, problem)]), nil, nil)
            }
            let matching = network.matching(problem)
            var notes = [String]()
            if let r = network.engine.resumed {
                let routed = network.engine.searchesRun
                notes.append("re-optimised from the previous optimum's \(r.pairs) pair(s): \(r.cancelled) negative cycle(s) cancelled in \((r.passes * 10).rounded() / 10) pass(es) over the pairs, \(routed) unit(s) routed again")
            }
            let report = certified(matching, duals: network.duals(problem), problem, timings: timings, diagnostics: notes)
            let proven = report.statistics.proof == .dualPotentials
            return (report, proven ? network.engine.state : nil, proven ? network : nil)
        }
    }
}

extension NetworkFlowSolver {
    /// Whether a solve should stop (cancelled, or past its deadline), noting which limit.
    static func stopRequested(_ stop: _Stop, _ deadline: ContinuousClock.Instant?, _ limit: inout Termination.Limit) -> Bool {
        if stop.isRequested { limit = .cancelled; return true }
        if let deadline, ContinuousClock.now >= deadline { limit = .time; return true }
        return false
    }

    /// The report of a network solve's matching: re-checked by the
    /// validator, and optimal with the bound its duals prove (``DualBound``).
    static func certified(_ matching: Matching, duals: Duals, _ problem: MatchingProblem, timings: SolveTimings,
                          diagnostics: [String] = []) -> SolveReport {
        let check = MatchingValidator.check(matching, against: problem)
        guard check.isFeasible else {
            return SolveReport(termination: Termination(.error, detail: "internal error: the matching breaks \(check.violations[0])"),
                               timings: timings, solver: identity)
        }
        let bound = DualBound.bound(of: problem, duals: duals)
        // Successive shortest paths end at an optimum; the duals prove it
        // when their bound meets the objective (they always should).
        let tight = bound - check.objective <= 1e-9 * Swift.max(1, abs(check.objective))
        var report = SolveReport(
            termination: Termination(.optimal, detail: tight
                ? "proven optimal by the dual potentials"
                : "optimal by successive shortest paths; the dual bound is looser than the objective"),
            matching: matching, objective: check.objective, bound: Swift.max(bound, check.objective),
            timings: timings, solver: identity, diagnostics: diagnostics, duals: duals)
        report.statistics = SolveStatistics(route: .network, proof: tight ? .dualPotentials : nil)
        return report
    }

    /// Reports augmenting-path progress.
    static func reportPaths(_ progress: (@Sendable (SolveProgress) -> Void)?, _ done: Int, _ total: Int, _ started: ContinuousClock.Instant) {
        progress?(SolveProgress(stage: "augmenting paths \(done)/\(total)", elapsed: started.secondsElapsed))
    }

    /// The explicit rule network (``_RuleNetwork``): composition minimums,
    /// quotas with mentee minimums, and rule families together.
    /// A network run stopped by `limit` before every unit was routed: no matching.
    static func stoppedReport(_ limit: Termination.Limit, _ timings: SolveTimings) -> SolveReport {
        SolveReport(termination: Termination(.noSolutionFound, limit: limit, detail: "stopped before every unit was routed"),
                    timings: timings, solver: identity)
    }

    /// A unit that must be matched has no augmenting path: infeasible, `line` naming who.
    static func deadUnitReport(_ line: String, _ timings: SolveTimings) -> SolveReport {
        SolveReport(termination: Termination(.infeasible, detail: "no augmenting path exists for a unit that must be matched"),
                    timings: timings, solver: identity, diagnostics: [line])
    }

    static func solveRuleNetwork(
        _ problem: MatchingProblem, stop: _Stop, deadline: ContinuousClock.Instant?,
        progress: (@Sendable (SolveProgress) -> Void)?, started: ContinuousClock.Instant
    ) -> SolveReport {
        var network = _RuleNetwork(problem)
        let build = started.secondsElapsed
        let solveStart = ContinuousClock.now
        var limit = Termination.Limit.none
        let outcome = network.flow.run(supply: network.supply, shouldStop: { stopRequested(stop, deadline, &limit) },
                                       progress: { done, total in reportPaths(progress, done, total, started) })
        let timings = SolveTimings(build: build, solve: solveStart.secondsElapsed)
        switch outcome {
        case .cancelled:
            return stoppedReport(limit, timings)
        case .infeasible(let node):
            return deadUnitReport("mentor \(node) cannot take the \(problem.mentorLoad[node].min) mentee(s) it must have without breaking another rule", timings)
        case .unmetMinimum(let arc):
            return SolveReport(termination: Termination(.infeasible, detail: "a minimum cannot be met"),
                               timings: timings, solver: identity,
                               diagnostics: [Self.unmetMinimumLine(network, arc: arc)])
        case .done:
            let matching = network.matching()
            return certified(matching, duals: network.duals(), problem, timings: timings,
                             diagnostics: ["the explicit rule network (every allowed pair an arc)"])
        }
    }
}

extension NetworkFlowSolver {
    /// The line for a lower bound the rule network could not meet; for a
    /// quota, with the most pairs its group reached.
    static func unmetMinimumLine(_ network: _RuleNetwork, arc: Int) -> String {
        let note = network.describe[arc] ?? "a minimum cannot be met without breaking another rule"
        guard let fixed = network.quotaArcFixed[arc] else { return note }
        return "\(note), but the loads, demands, allowed pairs and other rules let its group have at most \(network.flow.flow(arc) + fixed)"
    }
}

/// A stop request readable from the solving thread.
final class _Stop: Sendable {
    private let flag = Atomic<Bool>(false)
    func request() { flag.store(true, ordering: .relaxed) }
    var isRequested: Bool { flag.load(ordering: .relaxed) }
}
