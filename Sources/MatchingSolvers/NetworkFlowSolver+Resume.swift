import MatchingCore

extension NetworkFlowSolver {
    /// Where an exact solve ended — its flow and dual potentials — from which
    /// a solve of the same program under other scores starts
    /// (``NetworkFlowSolver/solve(_:options:resumingFrom:)``). Opaque; a
    /// resumption of another program is ignored.
    public struct Resumption: Sendable {
        let state: _ShortestPathEngine.State

        /// Whether the solve that ended here was re-optimised from a previous
        /// optimum; `false` when it solved from nothing (none was given, or
        /// re-optimisation gave up: past four times the arc scans of the
        /// chain's solve from nothing, at least two and at most sixteen passes
        /// over the pairs).
        public var reoptimised: Bool { state.reoptimised }
    }

    /// Solves `problem` exactly, as ``solve(_:options:)`` does, starting from
    /// `start`: the end of a solve of the same program — the same people,
    /// bounds, rules and forbidden pairs — under other scores. That matching
    /// is still feasible; re-optimisation keeps it, corrects its dual
    /// potentials by label correcting on its residual network, starting from
    /// the old ones (Bellman–Ford–Moore with Tarjan's subtree disassembly;
    /// Ahuja, Magnanti and Orlin, *Network Flows*, 1993, §5.4–5.5), and
    /// cancels each negative cycle the correction closes (one unit around
    /// it: an exchange of partners the new scores make better; ibid. §9.6).
    /// When the correction ends, the matching is optimal and its potentials
    /// prove it. A weight sweep solves neighbouring points so: between them
    /// the optimum changes by a few pairs, and the work is a few passes over
    /// the pairs instead of one shortest-path search per unit.
    ///
    /// The answer is the same optimum value as a solve from nothing (the
    /// matching may differ among equally good ones), and is certified the
    /// same way: a re-optimised matching whose duals do not prove it is
    /// solved again from nothing, and so is one whose correction runs past
    /// four times the arc scans of the chain's solve from nothing (at least
    /// two and at most sixteen passes over the pairs: steps too far apart).
    ///
    /// Only the total objective on the dense engine (no rule network, no
    /// "never" scores) resumes; any other problem is solved by
    /// ``solve(_:options:)`` and returns no resumption.
    ///
    /// - Parameters:
    ///   - problem: the program with the scores to solve it at.
    ///   - options: as for ``solve(_:options:)``.
    ///   - start: where the previous solve ended, or `nil` to start from nothing.
    /// - Returns: the report, and where this solve ended (`nil` unless it is
    ///   proven optimal by the dense engine's duals).
    /// - Throws: as ``solve(_:options:)``.
    /// - Complexity: O(M·N) to rebuild the network and repair its potentials,
    ///   then one shortest-path search per unit given up (O(units · (M + N) · K)
    ///   in the worst case, as a solve from nothing).
    public func solve(_ problem: MatchingProblem, options: SolveOptions, resumingFrom start: Resumption?) async throws -> (report: SolveReport, end: Resumption?) {
        let started = ContinuousClock.now
        try problem.validate()
        let kind = problem.shape.kind
        // (No feasibility check first: a program the engine cannot route is solved again by `solve`, which explains it.)
        guard kind == .assignment || kind == .layeredNetwork, problem.objective == .total, SentinelScores(problem) == nil else {
            return (try await solve(problem, options: options), nil)
        }
        try options.checkTimeLimit()
        let stop = _Stop()
        if Task.isCancelled { stop.request() }
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        let progress = options.progress
        let (report, end) = await withTaskCancellationHandler {
            await runOnDedicatedThread {
                Self.solveDense(problem, resumingFrom: start?.state, stop: stop, deadline: deadline, progress: progress, started: started)
            }
        } onCancel: {
            stop.request()
        }
        guard let end else {
            // Not proven from the resumed flow (or no matching): the full solve decides and explains.
            return (try await solve(problem, options: options), nil)
        }
        return (ScoreResolution.limitingClaim(report.routed(.network), of: problem), Resumption(state: end))
    }
}
