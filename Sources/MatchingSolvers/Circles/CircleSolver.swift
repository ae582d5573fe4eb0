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
/// 3. **Iterated maxima search** (Lai and Hao 2016, *Iterated maxima search
///    for the maximally diverse grouping problem*, EJOR 254(3)): descents
///    over the insertion neighbourhood (one person to another group, when
///    sizes allow) and the swap neighbourhood (two people of different
///    groups exchange), alternating with a weak perturbation of a few random
///    swaps whose result is kept when it is no worse; after a run of rounds
///    without a better partition, a strong perturbation of the best one.
///    Incremental sums `S[g][i]` (i's score with group g) make a move's
///    gain O(1) and its update O(n). Forbidden pairs and rules are never
///    broken: every move is checked first. When the sizes allow several k,
///    each (up to six, spread over the range) gets a share of the rounds
///    and the best continues with the rest.
/// 4. **Bounds**, from the problem alone: ``CircleBounds/bMatching(_:options:)``
///    (the fractional b-matching, by min-cost flow) or, when that does not
///    end optimal, ``CircleBounds/perPerson(_:)``; then, unless disabled,
///    the Lagrangian group bound (``CircleBoundMethod/groupLagrangian``).
///    The report's bound is the smallest.
///
/// **Determinism.** The search draws from a seeded ``SplitMix64`` and stops
/// after ``iterations`` rounds: the same problem and solver give the same
/// partition, byte for byte. `options.timeLimit` is only a cap: a run it
/// stops (`feasible`, limit `.time`) depends on the machine's speed and can
/// differ from run to run. Cancellation stops the same way (limit `.cancelled`).
///
/// - Complexity: O(n²) memory for the scores; per round O(n²/… ) — a
///   descent pass is O(n² + n·k) — and O(n) per move.
public struct CircleSolver: Sendable {
    /// Rounds of the iterated maxima search (perturbation + descent);
    /// `nil` for ``defaultIterations(people:)``.
    public var iterations: Int?
    /// The seed of the search's random moves.
    public var seed: UInt64
    /// Greedy orders tried before giving up on a start (≥ 1).
    public var startAttempts: Int
    /// Subgradient steps of the Lagrangian group bound; 0 skips it.
    public var lagrangianSteps: Int

    /// `circles ims-1`.
    public static let identity = SolverIdentity(name: "circles", version: "ims-1")

    /// A solver; see the properties.
    public init(iterations: Int? = nil, seed: UInt64 = 0x00C1_2C1E, startAttempts: Int = 20, lagrangianSteps: Int = 0) {
        self.iterations = iterations.map { Swift.max(0, $0) }
        self.seed = seed
        self.startAttempts = Swift.max(1, startAttempts)
        self.lagrangianSteps = Swift.max(0, lagrangianSteps)
    }

    /// The default round budget for n people: `1,000 + 50 · n`.
    public static func defaultIterations(people n: Int) -> Int { 1_000 + 50 * n }

    /// Partitions `problem` into circles; see the type's documentation.
    ///
    /// - Returns: `optimal` when the objective meets the bound, `feasible`
    ///   otherwise (with the gap), `infeasible` when counting proves that no
    ///   partition exists, `noSolutionFound` when the starts failed; each
    ///   with one line in ``CircleReport/diagnostics`` saying why.
    /// - Throws: `invalidProblem` from ``CircleProblem/validate()`` or for a
    ///   time limit that is not a positive number of seconds.
    public func solve(_ problem: CircleProblem, options: SolveOptions = SolveOptions()) async throws -> CircleReport {
        try problem.validate()
        try options.checkTimeLimit()
        let started = ContinuousClock.now
        let deadline = Deadline(timeLimit: options.timeLimit, from: started)
        let stop = _Stop()
        if Task.isCancelled { stop.request() }
        let settings = self
        let searched = await withTaskCancellationHandler {
            await runOnDedicatedThread { settings.search(problem, stop: stop, deadline: deadline) }
        } onCancel: {
            stop.request()
        }
        var statistics = searched.statistics
        let buildSeconds = searched.buildSeconds
        guard let assignment = searched.best else {
            return CircleReport(termination: searched.failure ?? Termination(.noSolutionFound), groups: nil, objective: nil, bound: nil,
                                solver: Self.identity, timings: SolveTimings(build: buildSeconds, solve: started.secondsElapsed - buildSeconds),
                                statistics: statistics, diagnostics: searched.failure.map { [$0.detail] } ?? [])
        }
        let groups = assignment.groups
        let objective = problem.objective(of: groups)
        // The bounds, from the problem alone.
        let boundStarted = ContinuousClock.now
        let data = searched.data!
        var boundOptions = SolveOptions()
        boundOptions.timeLimit = deadline.remaining.map { Swift.max($0, 1) }
        boundOptions.logger = options.logger
        statistics.bMatchingBound = await CircleBounds.bMatching(data, options: boundOptions)
        statistics.perPersonBound = CircleBounds.perPerson(data)
        var bound: Double
        if let b = statistics.bMatchingBound {
            bound = b
            statistics.boundMethod = .bMatching
        } else {
            bound = statistics.perPersonBound!
            statistics.boundMethod = .perPerson
        }
        statistics.boundSeconds = boundStarted.secondsElapsed
        var diagnostics = [String]()
        let tolerance = 1e-9 * Swift.max(1, abs(bound)) * Double(Swift.max(1, data.n))
        let termination: Termination
        let gap = Swift.max(0, bound - objective) / Swift.max(1, abs(bound))
        if objective >= bound - tolerance {
            termination = Termination(.optimal, detail: "the objective meets the \(statistics.boundMethod.rawValue) bound")
        } else if stop.isRequested {
            termination = Termination(.feasible, limit: .cancelled, detail: "cancelled after \(statistics.iterations) rounds; gap \(Self.percent(gap)) to the \(statistics.boundMethod.rawValue) bound")
        } else if searched.timedOut {
            termination = Termination(.feasible, limit: .time, detail: "the time limit stopped the search after \(statistics.iterations) rounds (a time-capped run can differ from run to run); gap \(Self.percent(gap)) to the \(statistics.boundMethod.rawValue) bound")
        } else {
            termination = Termination(.feasible, detail: "\(statistics.iterations) rounds of iterated maxima search; gap \(Self.percent(gap)) to the \(statistics.boundMethod.rawValue) bound")
        }
        if statistics.boundMethod == .perPerson {
            diagnostics.append("the b-matching bound was not solved to optimality; the bound is the per-person bound")
        }
        return CircleReport(termination: termination, groups: groups, objective: objective, bound: bound, solver: Self.identity,
                            timings: SolveTimings(build: buildSeconds, solve: started.secondsElapsed - buildSeconds),
                            statistics: statistics, diagnostics: diagnostics)
    }

    static func percent(_ x: Double) -> String {
        let p = (x * 10_000).rounded() / 100
        return "\(p)%"
    }

    /// What the search thread hands back.
    struct _Searched: Sendable {
        var data: _CircleData?
        var best: _Partition?
        var failure: Termination?
        var statistics = CircleStatistics()
        var timedOut = false
        var buildSeconds = 0.0
    }

    /// A partition as a group per person.
    struct _Partition: Sendable {
        var assignment: [Int]
        var groups: [[Int]] {
            let k = (assignment.max() ?? -1) + 1
            var out = [[Int]](repeating: [], count: k)
            for (i, g) in assignment.enumerated() { out[g].append(i) }
            return out.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
        }
    }

    /// Steps 1–3 on the calling thread.
    func search(_ problem: CircleProblem, stop: _Stop, deadline: Deadline) -> _Searched {
        let started = ContinuousClock.now
        var out = _Searched()
        let data = _CircleData(problem)
        out.data = data
        out.buildSeconds = started.secondsElapsed
        let n = data.n
        guard n > 0 else {
            out.best = _Partition(assignment: [])
            return out
        }
        var counts = CircleProblem.groupCounts(people: n, sizes: data.sizes)!
        if let proof = data.countingProof(groupCounts: &counts) {
            out.failure = Termination(.infeasible, detail: "no partition exists: \(proof)")
            return out
        }
        let tried = Self.spread(counts, atMost: 6)
        out.statistics.groupCountsTried = tried
        let budget = iterations ?? Self.defaultIterations(people: n)
        let tolerance = 1e-9 * Swift.max(1, data.largest)
        let settings = _IteratedMaxima(weak: 2, strong: Swift.max(3, n / 10), stagnation: Swift.max(20, n))
        let shouldStop: () -> Bool = { stop.isRequested || deadline.hasPassed }
        // Each k: a start, then its share of the rounds.
        var runs = [(search: _CircleSearch, random: SplitMix64, best: _CircleSearch.Best)]()
        var blocked: _CircleSearch.Blocked?
        let share = tried.count == 1 ? budget : budget / (2 * tried.count)
        var used = 0
        for k in tried {
            var random = SplitMix64(seed: seed &+ UInt64(k) &* 0x9E37_79B9_7F4A_7C15)
            var search = _CircleSearch(data: data, groups: k)
            var order = _CircleSearch.constrainedFirst(data)
            var placed = false
            for attempt in 0..<startAttempts {
                if attempt > 0 { Self.shuffle(&order, &random) }
                if let b = search.greedyStart(order: order) { blocked = blocked ?? b } else { placed = true; break }
                if shouldStop() { break }
            }
            guard placed else { continue }
            var best = _CircleSearch.Best(assignment: search.group, objective: search.objective)
            used += search.iteratedMaxima(rounds: share, settings, tolerance: tolerance, random: &random, best: &best, shouldStop: shouldStop)
            runs.append((search, random, best))
        }
        guard !runs.isEmpty else {
            let who = blocked.map { "person \($0.person) could not be placed in any group without breaking \($0.reason)" } ?? "the search was stopped before a start was found"
            out.failure = Termination(.noSolutionFound, limit: stop.isRequested ? .cancelled : (deadline.hasPassed ? .time : .none),
                                      detail: "no partition found: \(who) (greedy starts with ejections, \(startAttempts) orders per number of groups)")
            return out
        }
        // The best k continues with the rest of the rounds.
        var chosen = 0
        for r in runs.indices where runs[r].best.objective > runs[chosen].best.objective + tolerance { chosen = r }
        if tried.count > 1 {
            var run = runs[chosen]
            used += run.search.iteratedMaxima(rounds: Swift.max(0, budget - used), settings, tolerance: tolerance,
                                              random: &run.random, best: &run.best, shouldStop: shouldStop)
            runs[chosen] = run
        }
        let best = runs[chosen].best
        out.best = _Partition(assignment: best.assignment)
        out.statistics.iterations = used
        out.statistics.moves = runs.reduce(0) { $0 + $1.search.moves }
        out.statistics.groupCount = runs[chosen].search.k
        out.statistics.searchSeconds = started.secondsElapsed
        out.timedOut = !stop.isRequested && deadline.isLimited && deadline.hasPassed
        return out
    }

    /// Up to `limit` numbers spread evenly over `range`, both ends included.
    static func spread(_ range: ClosedRange<Int>, atMost limit: Int) -> [Int] {
        let width = range.upperBound - range.lowerBound
        guard width + 1 > limit else { return Array(range) }
        var out = [Int]()
        for t in 0..<limit {
            let k = range.lowerBound + (width * t + (limit - 1) / 2) / (limit - 1)
            if out.last != k { out.append(k) }
        }
        return out
    }

    /// Fisher–Yates with the search's generator.
    static func shuffle(_ a: inout [Int], _ random: inout SplitMix64) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) {
            let j = Int(random.next() % UInt64(i + 1))
            a.swapAt(i, j)
        }
    }
}
