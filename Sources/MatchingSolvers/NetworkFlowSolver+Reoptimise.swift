import Synchronization
import MatchingCore

extension NetworkFlowSolver {
    /// An optimal flow the dense engine ended with — the matching and its
    /// dual potentials — from which a solve of the same program under other
    /// scores starts (``NetworkFlowSolver/solve(_:options:reoptimisingFrom:)``).
    /// Opaque; the optimum of another program (other sizes, bounds or rules)
    /// is not used.
    public struct OptimalFlow: Sendable {
        let state: _ShortestPathEngine.State
        /// The network the solve ended with, for the first re-optimisation
        /// from here to take and re-price in place; later ones (or
        /// concurrent ones) start from ``state`` in a network of their own.
        let held: _HeldNetwork
        /// The largest program (mentors × mentees) whose network an optimum holds.
        static let heldPairLimit = 16_000_000

        /// Whether the solve that ended here was re-optimised from a previous
        /// optimum; `false` when it solved from nothing (none was given, or
        /// re-optimisation gave up past its budget: four times the pair arcs
        /// the searches of the chain's solve from nothing scanned, at least two
        /// and at most sixteen passes over the pairs).
        public var reoptimised: Bool { state.reoptimised }

        /// The same optimum without the network it holds: a solve from it
        /// builds a network of its own, whoever takes the network first (a
        /// caller that starts two solves from one optimum at once gives one of
        /// them this, so that which one re-prices in place is fixed).
        package var withoutNetwork: OptimalFlow { OptimalFlow(state: state, held: _HeldNetwork(nil)) }
    }

    /// Solves `problem` exactly on the dense network engine, starting from
    /// `start`, an optimum of the same program — the same people, bounds,
    /// rules and forbidden pairs — under other scores (cost reoptimisation;
    /// Frangioni and Manca, "A computational study of cost reoptimization for
    /// min-cost flow problems", *INFORMS Journal on Computing* 18, 2006).
    ///
    /// That matching is still feasible. Re-optimisation keeps it, corrects
    /// its dual potentials by label correcting on its residual network,
    /// starting from the old ones (the node that has fallen furthest scanned
    /// first, with Tarjan's subtree disassembly; Ahuja, Magnanti and Orlin,
    /// *Network Flows*, 1993, §5.4–5.5), and cancels each negative cycle the correction closes (one
    /// unit around it: an exchange of partners the new scores make better;
    /// ibid. §9.6). When the correction ends, the matching is optimal and its
    /// potentials prove it. Between neighbouring points of a weight sweep the
    /// optimum changes by a few pairs, and the work is a few passes over the
    /// pairs instead of one shortest-path search per unit.
    ///
    /// The answer has the optimum value of ``solve(_:options:)`` (the
    /// matching may differ among equally good ones) and is certified the same
    /// way. A re-optimised matching whose duals do not prove it is solved by
    /// ``solve(_:options:)`` (which also explains a program without a
    /// matching), within what is left of the time limit; a correction past its
    /// budget (steps too far apart) is dropped for a solve from nothing on
    /// the dense engine. A run stopped by the time limit or cancellation is
    /// reported as stopped.
    ///
    /// Only the total objective on the dense engine (no rule network, no
    /// "never" scores) is re-optimised; any other problem is solved by
    /// ``solve(_:options:)`` and returns no optimum. With `start` `nil`, the
    /// program is solved from nothing on the dense engine, whatever its size
    /// (no candidate pricing), so that its optimum can seed the next.
    ///
    /// - Parameters:
    ///   - problem: the program with the scores to solve it at.
    ///   - options: as for ``solve(_:options:)``.
    ///   - start: the previous optimum, or `nil` to start from nothing.
    /// - Returns: the report, and this solve's optimum (`nil` unless it is
    ///   proven optimal by the dense engine's duals).
    /// - Throws: as ``solve(_:options:)``.
    /// The first solve from a `start` (of at most 16 million pairs) takes
    /// the network it ended with and writes the new profits into it in place;
    /// a second solve from the same `start` builds a network of its own and
    /// restores the flow. Either way the answer is certified the same.
    ///
    /// - Complexity: O(M·N) to write the profits (or rebuild the network); the correction, O(M·N)
    ///   per pass, usually a few passes and at most sixteen; past that (or
    ///   when the duals do not prove the result), a solve from nothing as well.
    public func solve(_ problem: MatchingProblem, options: SolveOptions,
                      reoptimisingFrom start: OptimalFlow?) async throws -> (report: SolveReport, end: OptimalFlow?) {
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
        // A held network is re-priced in place on the caller's thread: its work is bounded (at most
        // sixteen passes over the pairs, then the certificate), and a sweep takes a step every few
        // milliseconds, which a thread of its own each time would add to. Anything longer — a
        // re-pricing that gave up, a network of another program, no network — runs on a thread of its own.
        var state = start?.state
        if var network = start?.held.take(), let from = state {
            var limit = Termination.Limit.none
            switch network.reprice(problem, work: Reoptimisation.budget(problem, coldWork: from.coldWork),
                                   shouldStop: { Self.stopRequested(stop, deadline, &limit) }) {
            case true?:
                return try await finishReoptimised(problem, options: options, started: started,
                                             Self.finish(network, problem, stop: stop, deadline: deadline, limit: limit, progress: progress, started: started))
            case false?:
                state = nil   // past its budget (or stopped): solved from nothing, as a fresh network would be
            case nil:
                break         // another program: a network of its own resumes from the state
            }
        }
        let resumeFrom = state
        let solved = await withTaskCancellationHandler {
            await runOnDedicatedThread {
                Self.solveDense(problem, resumingFrom: resumeFrom, stop: stop, deadline: deadline, progress: progress, started: started)
            }
        } onCancel: {
            stop.request()
        }
        return try await finishReoptimised(problem, options: options, started: started, solved)
    }

    /// The report and optimum of a re-optimised solve from what the dense
    /// engine gave: a stopped solve as it is; one without a proven optimum
    /// solved again by ``solve(_:options:)``, which decides and explains.
    private func finishReoptimised(_ problem: MatchingProblem, options: SolveOptions, started: ContinuousClock.Instant,
                                   _ solved: (report: SolveReport, end: _ShortestPathEngine.State?, network: _CapacitatedNetwork?)) async throws
        -> (report: SolveReport, end: OptimalFlow?) {
        let (report, end, network) = solved
        if report.termination.limit != .none { return (report.routed(.network), nil) }
        guard let end else {
            // Not proven (or no matching): the full solve decides and explains, in the time left.
            var rest = options
            if let limit = options.timeLimit { rest.timeLimit = Swift.max(1e-3, limit - started.secondsElapsed) }
            return (try await solve(problem, options: rest), nil)
        }
        // The network is handed on for an in-place re-pricing only up to 16 million pairs (128 MB of
        // profits): a caller holding several optima of a larger program would hold a network each.
        let held = problem.mentorCount * problem.menteeCount <= OptimalFlow.heldPairLimit ? network : nil
        return (ScoreResolution.limitingClaim(report.routed(.network), of: problem), OptimalFlow(state: end, held: _HeldNetwork(held)))
    }
}

/// The budget of re-optimisation (``NetworkFlowSolver/solve(_:options:reoptimisingFrom:)``),
/// in pair-arc scans.
enum Reoptimisation {
    /// Four times the scans of the chain's solve from nothing (the
    /// correction's scans cost far less than a search's), at least two and at
    /// most sixteen passes over `problem`'s arcs (its pairs, mentors and mentees).
    static func budget(_ problem: MatchingProblem, coldWork: Int) -> Int {
        let arcs = problem.mentorCount * problem.menteeCount + problem.mentorCount + problem.menteeCount
        return Swift.max(2 * arcs, Swift.min(16 * arcs, coldWork &* 4))
    }
}

/// A network handed from one re-optimised solve to the next: the first to
/// ``take()`` it re-prices it in place; it is then gone, and any other solve
/// from the same optimum builds its own.
final class _HeldNetwork: Sendable {
    private let network: Mutex<_CapacitatedNetwork?>

    init(_ network: consuming sending _CapacitatedNetwork?) {
        self.network = Mutex(network)
    }

    /// The network, once.
    func take() -> _CapacitatedNetwork? {
        network.withLock { held in
            let taken = held
            held = nil
            return taken
        }
    }
}
