import MatchingCore

/// Peer-mentoring circles: partitions one pool into groups of the allowed
/// sizes, maximising the within-group compatibility (the maximally diverse
/// grouping problem), and proves how far from optimal the partition can be.
///
/// The method:
/// 1. **Counting.** A value of a `maxPerGroup` rule with more people than
///    the most groups can hold, or a person forbidden with too many others
///    to fill the smallest group, proves that no partition exists
///    (`infeasible`, one line naming the rule). The rules also narrow the
///    numbers of groups k to try.
/// 2. **Start.** A greedy partition into k groups of near-equal sizes, the
///    most constrained people first, each into the group of largest gain
///    that keeps every rule, with one-step ejections when nobody has room;
///    up to ``startAttempts`` orders (the later ones seeded shuffles).
/// 3. **Iterated tabu search** over the neighbourhoods of the maximally
///    diverse grouping literature — insertion (one person to another group,
///    when sizes allow) and swap (two people of different groups exchange):
///    a first-improvement descent, then tabu walks (Glover 1989; a moved
///    person may not return to the group they left for a few moves, unless
///    that beats every partition the walk has seen), each ended after a run
///    of moves without a better partition and followed by a perturbation of
///    random swaps applied to the best partition found. It is the framework
///    of Palubeckis, Karčiauskas and Riškus (2011, *Comparative performance
///    of three metaheuristic approaches for the maximally diverse grouping
///    problem*, ITC 40(4)) and of Lai and Hao's iterated maxima search
///    (2016, EJOR 254(3)) — local optimisation over insertion and swap
///    moves alternating with random-swap perturbations — with tabu walks as
///    the local phase: on the 200-person benchmark they reached partitions
///    about 1 % better than descents with weak and strong perturbations in
///    the same time. Incremental sums `S[g][i]` (i's score with group g)
///    make a move's gain O(1) and its update O(n). Forbidden pairs and
///    rules are never broken: every move is checked first. When the sizes
///    allow several k, each (up to six, spread over the range) gets a share
///    of the budget and the best continues with the rest. ``searches``
///    independent searches (seeds) run in parallel and the best one stands.
/// 4. **Bounds**, from the problem alone: ``CircleBounds/bMatching(_:options:)``
///    (the fractional b-matching, by min-cost flow) or, when that does not
///    end optimal, ``CircleBounds/perPerson(_:)`` — computed before the
///    search, which stops as soon as it meets the bound; then, while a gap
///    is left, the Lagrangian group bound (``/MatchingCore/CircleBoundMethod/groupLagrangian``,
///    the set-partitioning LP bound approached by subgradient steps),
///    ``lagrangianSteps`` evaluations of O(Σ_s C(n, s)) each. The report's
///    bound is the smallest.
///
/// **Determinism.** The search draws from a seeded ``/MatchingCore/SplitMix64`` and stops
/// after ``iterations`` moves: the same problem and solver give the same
/// partition, byte for byte. `options.timeLimit` is only a cap (the search
/// gets three quarters of it when the Lagrangian bound will run, the bound
/// the rest): a run it stops (`feasible`, limit `.time`) depends on the
/// machine's speed and can differ from run to run. Cancellation stops the
/// same way (limit `.cancelled`).
///
/// - Complexity: O(n²) memory for the scores; O(n² + n · k) per tabu move
///   (the whole neighbourhood is scanned) plus O(n) to apply it.
public struct CircleSolver: Sendable {
    /// Each search's budget in moves (tabu moves plus perturbation moves);
    /// `nil` for ``defaultIterations(people:)``.
    public var iterations: Int?
    /// The seed of the search's random moves.
    public var seed: UInt64
    /// Greedy orders tried before giving up on a start (≥ 1).
    public var startAttempts: Int
    /// Subgradient steps (evaluations) of the Lagrangian group bound; 0 skips it.
    public var lagrangianSteps: Int
    /// Independent searches (≥ 1), each from its own seed with the whole
    /// ``iterations`` budget, run in parallel; the best partition wins
    /// (ties: the lowest seed). A setting, not the machine's core count, so
    /// the result is the same on any machine.
    public var searches: Int

    /// `circles its-1`.
    public static let identity = SolverIdentity(name: "circles", version: "its-1")

    /// A solver; see the properties.
    public init(iterations: Int? = nil, seed: UInt64 = 0x00C1_2C1E, startAttempts: Int = 20, lagrangianSteps: Int = 60, searches: Int = 2) {
        self.iterations = iterations.map { Swift.max(0, $0) }
        self.searches = Swift.max(1, searches)
        self.seed = seed
        self.startAttempts = Swift.max(1, startAttempts)
        self.lagrangianSteps = Swift.max(0, lagrangianSteps)
    }

    /// The default budget for n people: `max(2,000, min(500 · n, 4 · 10⁹ / n²))`
    /// moves — about 4 s of a release build at n = 200, and about the same
    /// work (moves × n²) for larger pools.
    public static func defaultIterations(people n: Int) -> Int {
        let perPair = 4_000_000_000 / Swift.max(1, n * n)
        return Swift.max(2_000, Swift.min(500 * n, perPair))
    }

    /// Partitions `problem` into circles; see the type's documentation.
    ///
    /// - Returns: `optimal` when the objective meets the bound, `feasible`
    ///   otherwise (with the gap), `infeasible` when counting proves that no
    ///   partition exists, `noSolutionFound` when the starts failed; each
    ///   with one line in ``/MatchingCore/CircleReport/diagnostics`` saying why.
    /// - Throws: `invalidProblem` from ``/MatchingCore/CircleProblem/validate()``, for a
    ///   score that is NaN or +infinity (naming the pair) or for a time limit
    ///   that is not a positive number of seconds.
    public func solve(_ problem: CircleProblem, options: SolveOptions = SolveOptions()) async throws -> CircleReport {
        try problem.validate()
        try options.checkTimeLimit()
        let started = ContinuousClock.now
        let deadline = Deadline(timeLimit: options.timeLimit, from: started)
        let stop = _Stop()
        if Task.isCancelled { stop.request() }
        let data = await runOnDedicatedThread { _CircleData(problem) }
        if let bad = data.badScore {
            throw MatchingError(.invalidProblem, "score of pair (\(bad.i), \(bad.j)) is \(bad.score); scores must be finite, or -infinity for a pair that may not share a group")
        }
        let buildSeconds = started.secondsElapsed
        func timings() -> SolveTimings { SolveTimings(build: buildSeconds, solve: started.secondsElapsed - buildSeconds) }

        // The b-matching bound first: a search that meets it stops there.
        var statistics = CircleStatistics()
        let boundStarted = ContinuousClock.now
        var boundOptions = SolveOptions(timeLimit: deadline.remaining.map { Swift.max($0, 1) })
        boundOptions.logger = options.logger
        statistics.bMatchingBound = await CircleBounds.bMatching(data, options: boundOptions)
        statistics.perPersonBound = CircleBounds.perPerson(data)
        var bound = statistics.bMatchingBound ?? statistics.perPersonBound!
        statistics.boundMethod = statistics.bMatchingBound == nil ? .perPerson : .bMatching
        statistics.boundSeconds = boundStarted.secondsElapsed
        let tolerance = 1e-9 * Swift.max(1, data.largest) * Double(Swift.max(1, data.n))

        // Under a time limit, a quarter of it is kept for the Lagrangian bound.
        let lagrangianApplies = lagrangianSteps > 0 && _GroupLagrangian.groupCount(people: data.n, sizes: data.sizes) <= Self.lagrangianGroupLimit
        let searchDeadline = lagrangianApplies ? Deadline(end: deadline.remaining.map { .now + .seconds($0 * 0.75) }) : deadline
        let settings = self, target = bound - tolerance
        let searched = await withTaskCancellationHandler {
            await runOnDedicatedThread { settings.searchInParallel(data, target: target, stop: stop, deadline: searchDeadline) }
        } onCancel: {
            stop.request()
        }
        statistics.iterations = searched.iterations
        statistics.moves = searched.moves
        statistics.groupCount = searched.groupCount
        statistics.groupCountsTried = searched.groupCountsTried
        statistics.searchSeconds = searched.seconds
        guard let assignment = searched.best else {
            let failure = searched.failure ?? Termination(.noSolutionFound)
            return CircleReport(termination: failure, groups: nil, objective: nil, bound: nil, solver: Self.identity,
                                timings: timings(), statistics: statistics, diagnostics: [failure.detail])
        }
        let groups = assignment.groups
        let objective = problem.objective(of: groups)
        var diagnostics = [String]()
        if statistics.boundMethod == .perPerson {
            diagnostics.append("the b-matching bound was not solved to optimality; the bound is the per-person bound")
        }

        // The Lagrangian group bound, when asked for and a gap is left.
        if lagrangianSteps > 0 && objective < bound - tolerance && !stop.isRequested && !deadline.hasPassed {
            if let note = await tighten(&bound, &statistics, data: data, objective: objective, tolerance: tolerance, stop: stop, deadline: deadline) {
                diagnostics.append(note)
            }
        }
        let termination = Self.termination(objective: objective, bound: bound, tolerance: tolerance, statistics: statistics,
                                           cancelled: stop.isRequested, timedOut: searched.timedOut)
        return CircleReport(termination: termination, groups: groups, objective: objective, bound: bound, solver: Self.identity,
                            timings: timings(), statistics: statistics, diagnostics: diagnostics)
    }

    /// Runs the Lagrangian group bound and keeps it when it is smaller;
    /// returns a note when it was skipped or cut short.
    func tighten(_ bound: inout Double, _ statistics: inout CircleStatistics, data: _CircleData, objective: Double,
                 tolerance: Double, stop: _Stop, deadline: Deadline) async -> String? {
        let groupsPerStep = _GroupLagrangian.groupCount(people: data.n, sizes: data.sizes)
        guard groupsPerStep <= Self.lagrangianGroupLimit else {
            return "the Lagrangian group bound was skipped: one step would enumerate \(Self.amount(groupsPerStep)) groups (limit \(Self.amount(Self.lagrangianGroupLimit)))"
        }
        let started = ContinuousClock.now
        let steps = lagrangianSteps
        let result = await withTaskCancellationHandler {
            await runOnDedicatedThread {
                _GroupLagrangian(data).minimise(steps: steps, target: objective, tolerance: tolerance,
                                                shouldStop: { stop.isRequested || deadline.hasPassed })
            }
        } onCancel: {
            stop.request()
        }
        statistics.lagrangianSteps = result.steps
        statistics.lagrangianBound = result.bound
        if let b = result.bound, b < bound {
            bound = b
            statistics.boundMethod = .groupLagrangian
        }
        statistics.boundSeconds += started.secondsElapsed
        if result.steps < steps && deadline.hasPassed {
            return "the time limit stopped the Lagrangian group bound after \(result.steps) of \(steps) steps"
        }
        return nil
    }

    /// Why the solve ended, from the objective, the bound and what stopped the search.
    static func termination(objective: Double, bound: Double, tolerance: Double, statistics: CircleStatistics,
                            cancelled: Bool, timedOut: Bool) -> Termination {
        let method = statistics.boundMethod.rawValue
        if objective > bound + tolerance {
            // Never claimed: a bound below a partition's objective is a bug, said as one.
            return Termination(.error, detail: "the \(method) bound \(bound) is below the partition's objective \(objective)")
        }
        if objective >= bound - tolerance { return Termination(.optimal, detail: "the objective meets the \(method) bound") }
        let gap = SolveReport.relativeGap(objective: objective, bound: bound) ?? 0
        let against = "gap \(percent(gap)) to the \(method) bound"
        if cancelled {
            return Termination(.feasible, limit: .cancelled, detail: "cancelled after \(statistics.iterations) moves; \(against)")
        }
        if timedOut {
            return Termination(.feasible, limit: .time, detail: "the time limit stopped the search after \(statistics.iterations) moves (a time-capped run can differ from run to run); \(against)")
        }
        return Termination(.feasible, detail: "\(statistics.iterations) moves of iterated tabu search; \(against)")
    }

    /// The most groups one step of the Lagrangian group bound enumerates (3 · 10⁸).
    public static let lagrangianGroupLimit: Double = 3e8

    static func amount(_ x: Double) -> String { x >= 1e6 ? "\((x / 1e6).rounded()) million" : "\(Int(x))" }

    static func percent(_ x: Double) -> String {
        let p = (x * 10_000).rounded() / 100
        return "\(p)%"
    }
}
