import Foundation
import GLPKShims
import Logging
import MatchingCore
import MatchingSolvers

/// The exact integer-programming solver, backed by the GNU Linear Programming
/// Kit (GLPK, the C library `libglpk`).
///
/// The problem becomes a sparse integer program (``/MatchingCore/IntegerProgram/init(matching:threshold:keep:)``:
/// one binary column per allowed pair), solved by GLPK's simplex method and
/// branch and bound. Every GLPK call runs inside a small C guard, so an
/// internal GLPK error becomes a thrown ``/MatchingCore/MatchingError`` with code
/// ``/MatchingCore/MatchingError/Code/solverInternal`` instead of ending the process; each
/// solve runs on a thread of its own and leaves no GLPK state behind, so
/// solves in separate tasks run concurrently.
///
/// An infeasible problem is a report with diagnostics in users' terms: first
/// the necessary conditions that fail (``/MatchingCore/FeasibilityCheck``), otherwise the
/// smallest set of rules to relax, found by an elastic re-solve
/// (``/MatchingCore/IntegerProgram/elastic()``).
///
/// For ``/MatchingCore/Objective/maxMin`` the solver searches the best threshold over the
/// distinct scores with feasibility solves, then maximises the total at that
/// threshold.
public struct GLPKSolver: MatchingSolver {
    /// Use GLPK's MIP presolver (the LP relaxation is then solved inside
    /// `glp_intopt`, where cancellation is only seen once branching starts).
    public var presolve: Bool
    /// Simplex iterations between two checks for cancellation in the LP stage.
    public var simplexChunk: Int
    /// For pools with rules: run ``/MatchingSolvers/PoolLagrangian`` first
    /// and start from its matching (off: GLPK alone, as the checking oracle).
    public var poolHeuristic = true
    /// Explain infeasibility with an elastic re-solve when the cheap checks find nothing.
    public var diagnoseInfeasibility: Bool
    /// Time limit, in seconds, for the elastic re-solve (within the overall limit).
    public var diagnosisTimeLimit: Double
    /// Without a time limit of the user's: the most seconds the independent
    /// network solve that confirms GLPK's "optimal" may take (with one, it
    /// shares what is left of it).
    public var confirmationTimeLimit: Double

    /// Creates a solver configuration.
    public init(presolve: Bool = false, simplexChunk: Int = 2000, diagnoseInfeasibility: Bool = true,
                diagnosisTimeLimit: Double = 30, confirmationTimeLimit: Double = 10) {
        self.presolve = presolve
        self.simplexChunk = simplexChunk
        self.diagnoseInfeasibility = diagnoseInfeasibility
        self.diagnosisTimeLimit = diagnosisTimeLimit
        self.confirmationTimeLimit = confirmationTimeLimit
    }

    /// The version of the linked GLPK library, e.g. `5.0`.
    public static var version: String { String(cString: mm_glpk_version()) }

    /// `glpk <version>`.
    public static var identity: SolverIdentity { SolverIdentity(name: "glpk", version: version) }

    /// Solves `problem`; see the type's documentation.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` when the problem is invalid, too large for
    ///   GLPK's 32-bit indices, or GLPK fails internally.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try await solveRecorded(problem, options: options).routed(.integerProgram)
    }

    func solveRecorded(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        let started = ContinuousClock.now
        try problem.validate()
        guard options.relativeGap.isFinite, options.relativeGap >= 0 else {
            throw MatchingError(.invalidProblem, "relative gap \(options.relativeGap) must be a finite number ≥ 0")
        }
        try options.checkTimeLimit()
        // Huge negative "never" scores: solved as their exact small equivalents (see SentinelScores).
        if let equivalent = try await solvingSentinels(problem, options: options) { return equivalent }
        if let extreme = Self.beyondArithmetic(problem) {
            throw MatchingError(.unsupported, extreme)
        }
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        options.logger?.info("glpk: solving \(problem.mentorCount)×\(problem.menteeCount), objective \(problem.objective.rawValue)")

        var report: SolveReport
        if let infeasible = FeasibilityCheck.infeasibleReport(of: problem, solver: Self.identity, started: started) {
            report = infeasible
        } else {
            switch problem.objective {
            case .total:
                report = try await solveTotal(problem, threshold: nil, options: options, deadline: deadline, started: started)
                report = await checkedClaim(report, problem, options: options, deadline: deadline)
            case .maxMin:
                report = try await solveMaxMin(problem, options: options, deadline: deadline, started: started)
            }
        }
        report.explainInfeasibility(of: problem, options: options, deadline: deadline)
        return report
    }

    /// Checks GLPK's "optimal" independently before the report repeats it.
    ///
    /// The objective is already recomputed by ``MatchingValidator``. The
    /// bound comes from outside GLPK: the problem's network relaxation
    /// (separations and `crossShare` dropped, and every attribute rule when
    /// the network cannot hold them — each only lowers the optimum) solved
    /// by ``NetworkFlowSolver``, whose bound is proven by its duals through
    /// ``DualBound``. When that bound meets the objective the claim is
    /// confirmed. A bound *below* the validated objective is impossible for
    /// a relaxation: it is reported as a diagnostic and not used. When the
    /// bound does not confirm the claim (side rules bind), the claim rests on
    /// GLPK's branch and bound alone: it is kept only while GLPK's objective
    /// tolerance — ``objectiveTolerance(for:)`` × max(|objective|, largest
    /// coefficient): how far its pruning may miss a better matching, and the
    /// scale of its LP arithmetic, which huge coefficients spoil even when
    /// the objective is small — is below the smallest gap between distinct
    /// objective coefficients (``smallestCoefficientGap(_:)``); otherwise the
    /// result is reported `feasible` with the independent bound.
    ///
    /// The confirming solve shares the user's deadline; without one it gets
    /// at most ``confirmationTimeLimit`` seconds (a bounded amount nobody
    /// asked for; when it runs out, the claim rests on the tolerance test).
    ///
    /// - Complexity: one network solve of the relaxation, plus O(M·N·log(M·N))
    ///   for the coefficient gap when the bound does not confirm the claim.
    func checkedClaim(_ report: SolveReport, _ problem: MatchingProblem, options: SolveOptions,
                      deadline: ContinuousClock.Instant?) async -> SolveReport {
        guard report.termination.reason == .optimal, report.termination.limit == .none,
              let objective = report.objective else { return report }
        var relaxed = problem
        relaxed.separations = []
        relaxed.constraints = problem.constraints.filter { if case .crossShare = $0 { false } else { true } }
        if !relaxed.shape.isNetwork { relaxed.constraints = [] }
        var quick = SolveOptions()
        let left = Deadline(end: deadline).remaining
        quick.timeLimit = left ?? confirmationTimeLimit
        var out = report
        var independent: Double?
        var why = "no independent bound was computed"
        if let limit = quick.timeLimit, limit > 0.001 {
            if let r = try? await NetworkFlowSolver().solve(relaxed, options: quick), r.termination.reason == .optimal,
               let b = r.bound, b.isFinite {
                independent = b
            } else {
                why = "no independent bound was computed within \(formatAmount(limit)) s"
            }
        } else {
            why = "no time was left to compute an independent bound"
        }
        let tolerance = 1e-9 * Swift.max(1, abs(objective))
        if let b = independent, b < objective - tolerance {
            out.diagnostics.append("the network relaxation's bound \(b) is below the validated objective \(objective), which a relaxation cannot be: it was not used (please report this problem)")
            independent = nil
            why = "the independent bound was discarded"
        }
        if let b = independent, b - objective <= tolerance {
            out.bound = objective
            out.termination.detail = "proven optimal by branch and bound, and confirmed independently: the network relaxation's dual bound \(b) meets the objective"
            out.statistics.proof = .branchAndBoundConfirmed
            return out
        }
        let looser = independent.map { "the independent network-relaxation bound \($0) is looser (side rules bind)" } ?? why
        let tol = Self.objectiveTolerance(for: problem), gap = Self.smallestCoefficientGap(problem)
        let slack = tol * (1 + Swift.max(abs(objective), Self.largestCoefficient(problem)))
        if slack < gap {
            out.termination.detail = "proven optimal by GLPK's branch and bound (its objective tolerance, \(String(format: "%.2g", slack)) here, is below the smallest gap \(String(format: "%.2g", gap)) between distinct scores); \(looser)"
            out.statistics.proof = .branchAndBound
            return out
        }
        out.termination = Termination(.feasible, detail: "GLPK reported this matching optimal, but its objective tolerance (\(String(format: "%.2g", tol)) × max(|objective|, largest score) = \(String(format: "%.3g", slack))) is not below the smallest gap \(String(format: "%.3g", gap)) between distinct scores, so its pruning may have missed a better matching, and \(looser): not proven optimal")
        out.bound = independent.map { Swift.max($0, objective) }
        out.diagnostics.append("scores that differ by less than GLPK's tolerances resolve (here \(String(format: "%.3g", gap)) apart against an objective of \(String(format: "%.6g", objective))) are not told apart reliably; shift or rescale them (e.g. subtract their common offset), and list \"never\" pairs under `forbidden`")
        return out
    }

    /// The largest score magnitude GLPK is given: its simplex multiplies and
    /// squares coefficients, which overflows long before `Double.greatestFiniteMagnitude`.
    public static let largestMagnitude = 1e100

    /// Why GLPK cannot compute with `problem`'s scores (after the sentinel
    /// rule had its chance), naming their range and the `forbidden` key; `nil` when it can.
    static func beyondArithmetic(_ problem: MatchingProblem) -> String? {
        let forbidden = problem.forbidden.isEmpty ? nil : problem.forbiddenMask()
        var low = Double.infinity, high = -Double.infinity
        for (k, v) in problem.scores.values.enumerated() where forbidden?[k] != true {
            low = Swift.min(low, v); high = Swift.max(high, v)
        }
        let penalty = problem.unmatchedPenalty.max() ?? 0
        let scores = low <= high ? Swift.max(abs(low), abs(high)) : 0
        guard Swift.max(scores, penalty) > largestMagnitude else { return nil }
        return "the scores of allowed pairs range from \(low) to \(high)\(penalty > largestMagnitude ? " (penalties up to \(penalty))" : ""); GLPK cannot compute with magnitudes above \(largestMagnitude). "
            + "List \"never\" pairs under the problem's `forbidden` key instead, or give them one score far below all the others (that is solved exactly, see SentinelScores)"
    }

    /// The relative objective tolerance GLPK's branch and bound gets for
    /// `problem` (`glp_iocp.tol_obj`): a node whose bound is within
    /// `tol · (1 + |incumbent|)` of the incumbent is pruned, so a better
    /// matching closer than that may be missed. It is set to half the
    /// smallest gap between distinct coefficients over the largest
    /// objective the problem can have, within [1e-9, 1e-7] (GLPK's default;
    /// below 1e-9 its simplex tolerances dominate anyway).
    static func objectiveTolerance(for problem: MatchingProblem) -> Double {
        let gap = smallestCoefficientGap(problem)
        guard gap.isFinite else { return 1e-7 }
        var mentorSide = 0, menteeSide = 0
        for l in problem.mentorLoad { mentorSide = Swift.min(mentorSide + Swift.min(l.max, problem.menteeCount), Int.max / 4) }
        for d in problem.menteeDemand { menteeSide = Swift.min(menteeSide + Swift.min(d.max, problem.mentorCount), Int.max / 4) }
        let scale = Double(Swift.min(mentorSide, menteeSide)) * largestCoefficient(problem) + problem.unmatchedPenalty.reduce(0, +)
        return Swift.min(1e-7, Swift.max(1e-9, 0.5 * gap / (1 + scale)))
    }

    /// The largest magnitude among the allowed pairs' scores and the penalties.
    static func largestCoefficient(_ problem: MatchingProblem) -> Double {
        let forbidden = problem.forbidden.isEmpty ? nil : problem.forbiddenMask()
        var top = problem.unmatchedPenalty.max() ?? 0
        for (k, v) in problem.scores.values.enumerated() where forbidden?[k] != true { top = Swift.max(top, abs(v)) }
        return top
    }

    /// The smallest positive difference between two distinct objective
    /// coefficients: the scores of allowed pairs, the positive penalties and
    /// 0 (leaving a pair out); `infinity` when there is one value only.
    /// Two matchings closer than this are what GLPK's tolerance can confuse.
    static func smallestCoefficientGap(_ problem: MatchingProblem) -> Double {
        let forbidden = problem.forbidden.isEmpty ? nil : problem.forbiddenMask()
        var values = [0.0]
        values.reserveCapacity(problem.scores.values.count + problem.menteeCount + 1)
        for (k, v) in problem.scores.values.enumerated() where forbidden?[k] != true { values.append(v) }
        for p in problem.unmatchedPenalty where p > 0 { values.append(p) }
        values.sort()
        var gap = Double.infinity
        for k in 1..<values.count where values[k] > values[k - 1] { gap = Swift.min(gap, values[k] - values[k - 1]) }
        return gap
    }

    /// Whether the elastic re-solve (which names the rules to relax) is worth
    /// running on an infeasible problem: not when a Hall set already proves
    /// it and no other rule could add to the explanation, nor then without a
    /// time limit of the user's (it would add up to ``diagnosisTimeLimit``
    /// seconds nobody asked for).
    func relaxationSearchPays(_ problem: MatchingProblem, hallViolations: [HallViolation], options: SolveOptions) -> Bool {
        guard diagnoseInfeasibility else { return false }
        guard !hallViolations.isEmpty else { return true }
        return options.timeLimit != nil && (!problem.constraints.isEmpty || !problem.separations.isEmpty)
    }

    // MARK: - Total

    func solveTotal(
        _ problem: MatchingProblem, threshold: Double?, options: SolveOptions,
        deadline: ContinuousClock.Instant?, started: ContinuousClock.Instant
    ) async throws -> SolveReport {
        let buildStart = ContinuousClock.now
        let program = IntegerProgram(matching: problem, threshold: threshold)
        let build = buildStart.secondsElapsed + started.duration(to: buildStart).inSeconds
        options.logger?.debug("glpk: \(program.columnCount) columns, \(program.rowCount) rows, \(program.entryCount) entries")
        var runSettings = settings(options, deadline, started, stage: "total", first: false)
        runSettings.objectiveTolerance = Self.objectiveTolerance(for: problem)
        var startNote: String?
        if let start = options.warmStart, threshold == nil {
            let check = MatchingValidator.check(start, against: problem)
            if !check.isFeasible {
                startNote = "warm start ignored: it breaks \(check.violations[0])"
            } else if presolve {
                startNote = "warm start not offered: GLPK's MIP presolver renumbers the columns"
            } else {
                runSettings.startValues = program.columnValues(for: start, in: problem)
            }
        }
        let outcome = try await _GLPKRunner.run(program, runSettings)
        var report = try report(from: outcome, program: program, problem: problem, build: build)
        if let accepted = outcome.startAccepted {
            startNote = accepted ? "warm start accepted by GLPK as its first incumbent" : "warm start offered, not better than GLPK's incumbent"
        } else if runSettings.startValues != nil {
            startNote = "warm start not needed: branch and bound never asked for a heuristic solution"
        }
        if let startNote { report.diagnostics.append(startNote) }
        if outcome.status == .infeasible {
            // The Hall search runs once: here, and the report keeps it.
            report.explainInfeasibility(of: problem, options: options, deadline: deadline)
            if relaxationSearchPays(problem, hallViolations: report.hallViolations, options: options) {
                report.diagnostics += try await diagnose(program, problem: problem, options: options, deadline: deadline, started: started)
            }
        }
        return report
    }

    // MARK: - MaxMin

    func solveMaxMin(
        _ problem: MatchingProblem, options: SolveOptions,
        deadline: ContinuousClock.Instant?, started: ContinuousClock.Instant
    ) async throws -> SolveReport {
        let sorted = MaxMinSearch.candidates(of: problem)
        guard !sorted.isEmpty, problem.menteeCount > 0 else {
            return try await solveTotal(problem, threshold: nil, options: options, deadline: deadline, started: started)
        }
        var build = 0.0, solve = 0.0
        var firstOutcome: (outcome: _GLPKOutcome, program: IntegerProgram)?
        let search = try await MaxMinSearch.largestReachable(sorted) { tau in
            let t0 = ContinuousClock.now
            let program = IntegerProgram(matching: problem, threshold: tau)
            build += t0.secondsElapsed
            let outcome = try await _GLPKRunner.run(program, settings(options, deadline, started, stage: "maxMin search", first: true))
            solve += outcome.seconds
            try throwIfInternal(outcome)
            if firstOutcome == nil { firstOutcome = (outcome, program) }
            if outcome.limit == .time || outcome.limit == .cancelled { return .stopped(outcome.limit) }
            guard outcome.status == .optimal || outcome.status == .feasible else {
                return outcome.status == .infeasible ? .infeasible : .stopped(.none)
            }
            return .found(worstOutcome: MatchingValidator.check(matchingFrom(outcome, program), against: problem).worstOutcome)
        }
        guard let lo = search.best else {
            guard let first = firstOutcome else {
                return try await solveTotal(problem, threshold: nil, options: options, deadline: deadline, started: started)
            }
            var report = try report(from: first.outcome, program: first.program, problem: problem, build: build)
            if first.outcome.status == .infeasible {
                report.explainInfeasibility(of: problem, options: options, deadline: deadline)
                if relaxationSearchPays(problem, hallViolations: report.hallViolations, options: options) {
                    report.diagnostics += try await diagnose(first.program, problem: problem, options: options, deadline: deadline, started: started)
                }
            }
            return report
        }
        let stopped = search.stopped
        var report = try await solveTotal(problem, threshold: sorted[lo], options: options, deadline: deadline, started: started)
        report.timings.build += build
        report.timings.solve += solve
        if stopped != .none {
            if report.termination.reason == .optimal { report.termination.reason = .feasible }
            report.termination.limit = stopped
            report.termination.detail = "the search for the best worst outcome stopped early; worst outcome \(sorted[lo]) is not proven best"
        } else {
            report.diagnostics.append("worst outcome \(sorted[lo]) is proven best; the total is maximised among matchings reaching it")
        }
        return report
    }

    // MARK: - Diagnostics

    /// How far the mean pair score of the group with `value` of `attribute`
    /// lies from the whole's, in the matching whose pair columns are set in
    /// `values` (0 when the group has no pair).
    static func meanGap(of value: String, attribute: String, _ values: [Double], _ program: IntegerProgram, _ problem: MatchingProblem) -> Double {
        let groups = ParityGroups(problem, attribute: attribute)
        let pairs = (0..<program.columnCount).compactMap { c -> Pair? in
            guard values[c] > 0.5, case .pair(let p) = program.columnOrigin[c] else { return nil }
            return p
        }
        let totals = groups.pairTotals(pairs, scores: problem.scores)
        guard let v = groups.values.firstIndex(of: value), totals[v].pairs > 0 else { return 0 }
        let whole = totals.reduce(0) { $0 + $1.score } / Double(totals.reduce(0) { $0 + $1.pairs })
        return abs(totals[v].score / Double(totals[v].pairs) - whole)
    }

    func diagnose(
        _ program: IntegerProgram, problem: MatchingProblem, options: SolveOptions,
        deadline: ContinuousClock.Instant?, started: ContinuousClock.Instant
    ) async throws -> [String] {
        var (elastic, indicators) = program.elastic()
        var limit = ContinuousClock.now.advanced(by: .seconds(diagnosisTimeLimit))
        if let deadline, deadline < limit { limit = deadline }
        var s = settings(options, limit, started, stage: "diagnosis", first: false)
        s.mipGap = 0
        let outcome = try await _GLPKRunner.run(elastic, s)
        try throwIfInternal(outcome)
        guard outcome.status == .optimal || outcome.status == .feasible else {
            return ["the rules admit no matching; the search for the rules to relax stopped (\(outcome.limit.rawValue) limit) before naming them"]
        }
        /// What relaxing rule `k` takes in an elastic solution `values`.
        func relaxation(_ k: Int, _ values: [Double]) -> String {
            switch indicators[k].rule {
            case .row(let r):
                // The row's activity in the elastic solution (its original columns come first)
                // says which bound was relaxed and to what.
                var activity = 0.0
                for e in program.rowStart[r]..<program.rowStart[r + 1] {
                    activity += program.entryValue[e] * values[Int(program.entryColumn[e])]
                }
                let what = problem.describe(program.rowOrigin[r])
                if case .scoreParity(let c, let value) = program.rowOrigin[r], case .scoreParity(let attribute, let margin) = problem.constraints[c] {
                    // In the rule's own terms: the margin the elastic matching needs for this group.
                    return "\(what): widen its margin from \(formatAmount(margin)) to \(formatAmount(Self.meanGap(of: value, attribute: attribute, values, program, problem))) points"
                }
                if program.rowUpper[r].isFinite && activity > program.rowUpper[r] + 1e-6 {
                    return "\(what): raise its maximum from \(formatAmount(program.rowUpper[r])) to \(formatAmount(activity))"
                } else if program.rowLower[r].isFinite && activity < program.rowLower[r] - 1e-6 {
                    return "\(what): lower its minimum from \(formatAmount(program.rowLower[r])) to \(formatAmount(activity))"
                }
                let amount = indicators[k].slackColumns.reduce(0) { $0 + values[$1] }
                return "\(what) (by \(formatAmount(amount)))"
            case .fixedPair(let p):
                return "fixed pair \(p)"
            }
        }
        let chosen = indicators.indices.filter { outcome.values[indicators[$0].column] > 0.5 }
        var lines = [String]()
        for k in chosen { lines.append("relax: " + relaxation(k, outcome.values)) }
        let proven = outcome.status == .optimal
        // Other sets of the same size: each found by forbidding the rules named so far
        // (a few re-solves, within the diagnosis time), so the conflict's every side is named.
        var alternatives = [String]()
        if proven {
            var excluded = Set(chosen)
            for _ in 0..<4 where ContinuousClock.now < limit {
                for k in excluded { elastic.columnUpper[indicators[k].column] = 0 }
                let other = try await _GLPKRunner.run(elastic, s)
                try throwIfInternal(other)
                guard other.status == .optimal else { break }
                let set = indicators.indices.filter { other.values[indicators[$0].column] > 0.5 }
                guard set.count == chosen.count else { break }
                alternatives.append("or instead: " + set.map { relaxation($0, other.values) }.joined(separator: "; "))
                excluded.formUnion(set)
            }
        }
        let what = proven ? "a smallest set" : "a set (not proven smallest)"
        return ["the rules admit no matching; relaxing \(what) of \(lines.count) rule(s) makes one possible:"] + lines + alternatives
    }

    // MARK: - Helpers

    func settings(
        _ options: SolveOptions, _ deadline: ContinuousClock.Instant?, _ started: ContinuousClock.Instant,
        stage: String, first: Bool
    ) -> _GLPKRunSettings {
        _GLPKRunSettings(
            deadline: deadline, mipGap: options.relativeGap, presolve: presolve,
            stopAtFirstSolution: first, simplexChunk: simplexChunk, stage: stage,
            progress: options.progress, started: started)
    }

    func throwIfInternal(_ outcome: _GLPKOutcome) throws {
        if outcome.internalError {
            throw MatchingError(.solverInternal, "GLPK internal error: \(outcome.message)")
        }
    }

    func matchingFrom(_ outcome: _GLPKOutcome, _ program: IntegerProgram) -> Matching {
        var pairs = [Pair]()
        for c in 0..<program.columnCount where outcome.values[c] > 0.5 {
            if case .pair(let p) = program.columnOrigin[c] { pairs.append(p) }
        }
        return Matching(pairs: pairs)
    }

    func report(from outcome: _GLPKOutcome, program: IntegerProgram, problem: MatchingProblem, build: Double) throws -> SolveReport {
        try throwIfInternal(outcome)
        let timings = SolveTimings(build: build, solve: outcome.seconds)
        switch outcome.status {
        case .optimal, .feasible:
            let matching = matchingFrom(outcome, program)
            let check = MatchingValidator.check(matching, against: problem)
            guard check.isFeasible else {
                throw MatchingError(.solverInternal,
                    "GLPK returned a matching that breaks \(check.violations.count) rule(s), first: \(check.violations[0])")
            }
            let reason: Termination.Reason = outcome.status == .optimal ? .optimal : .feasible
            var detail = ""
            switch outcome.limit {
            case .gap: detail = "stopped within the relative gap"
            case .time: detail = "stopped at the time limit"
            case .cancelled: detail = "stopped by cancellation"
            case .none: detail = reason == .optimal ? "proven optimal by branch and bound" : ""
            }
            let bound = reason == .optimal && outcome.limit == .none ? check.objective : outcome.bound
            return SolveReport(
                termination: Termination(reason, limit: outcome.limit, detail: detail),
                matching: matching, objective: check.objective,
                worstOutcome: problem.objective == .maxMin ? check.worstOutcome : nil,
                bound: bound.map { Swift.max($0, check.objective) }, timings: timings, solver: Self.identity)
        case .infeasible:
            return SolveReport(termination: Termination(.infeasible, detail: "GLPK proved that no matching satisfies every rule"),
                               timings: timings, solver: Self.identity)
        case .noSolution:
            return SolveReport(
                termination: Termination(.noSolutionFound, limit: outcome.limit,
                                         detail: "stopped before finding a matching"),
                bound: outcome.bound ?? outcome.lpBound, timings: timings, solver: Self.identity)
        case .unbounded:
            return SolveReport(termination: Termination(.error, detail: "the LP relaxation is unbounded (a formulation fault)"),
                               timings: timings, solver: Self.identity)
        case .error:
            return SolveReport(termination: Termination(.error, detail: outcome.message),
                               timings: timings, solver: Self.identity)
        }
    }
}


func formatAmount(_ x: Double) -> String {
    let r = x.rounded()
    return abs(x - r) < 1e-6 ? String(Int(r)) : String(format: "%.3f", x)
}
