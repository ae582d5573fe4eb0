import MatchingCore
import MatchingSolvers

extension GLPKSolver {
    /// The best-total stable matching: among the matchings with no blocking
    /// pair under `preferences` (``/MatchingCore/StabilityAudit``), one whose
    /// total — pair scores less the penalties of mentees left out — is
    /// largest.
    ///
    /// With strict rankings it is the maximum-weight closed set of the
    /// rotation poset (``/MatchingSolvers/RotationPoset``: Irving, Leather
    /// and Gusfield, 1987), exact at any size and proven by its minimum cut.
    /// With ties, that method answers for the ties broken by index, a weakly
    /// stable matching; GLPK then proves the best weakly stable total on
    /// ``/MatchingCore/IntegerProgram/init(stable:preferences:)`` from it
    /// when the program fits ``stabilityEntryLimit``, and otherwise the
    /// broken ties' best is returned as `feasible`, not proven.
    ///
    /// - Returns: the report: `optimal` with the matching and its proof
    ///   (bound equal to the objective), or `feasible` with a stable
    ///   matching when ties or the time limit leave the best unproven. A
    ///   stable matching always exists in this setting (Gale and Shapley),
    ///   so `infeasible` does not occur.
    /// - Throws: `solverInternal` for a GLPK failure.
    /// - Complexity: the rotation poset's O(L·log L) for L preference-list
    ///   entries plus a maximum flow; with ties, a mixed-integer program with
    ///   one row per acceptable pair.
    public func bestStable(_ problem: MatchingProblem, preferences: StabilityPreferences, options: SolveOptions = SolveOptions()) async throws -> SolveReport {
        let started = ContinuousClock.now
        try options.checkTimeLimit()
        try Task.checkCancellation()
        let built = await runOnDedicatedThread {
            Result { () throws -> (RotationPoset, RotationPoset.Best) in
                let poset = try RotationPoset(preferences, scores: problem.scores)
                return (poset, poset.best())
            }
        }
        let (poset, lattice) = try built.get()
        try Task.checkCancellation()
        let relaxed = problem.withoutRulesBeyondCapacity
        let latticeTotal = MatchingValidator.check(lattice.matching, against: relaxed).objective
        let rotations = "\(poset.rotations.count) rotation\(poset.rotations.count == 1 ? "" : "s")"
        // The proof: the cut equals its flow (no closed set of the rotations gains more), every rotation
        // was found (the chain reached the mentor-optimal matching), and — checked apart from the poset —
        // the matching has no blocking pair and the total the gains predict.
        let predicted = MatchingValidator.check(poset.menteeOptimal, against: relaxed).objective + lattice.gain
        let stable = StabilityAudit.blockingPairs(lattice.matching, in: relaxed, preferences: preferences).isEmpty
        let proven = lattice.certified && stable && abs(latticeTotal - predicted) <= 1e-9 * Swift.max(1, abs(latticeTotal))
        let timings = SolveTimings(build: 0, solve: started.secondsElapsed)
        if !poset.tiesBroken && proven {
            let detail = poset.rotations.isEmpty
                ? "the only stable matching: the mentee- and mentor-proposing deferred acceptance matchings agree, and every stable matching lies between them (Knuth, 1976)"
                : "the best total among stable matchings: the most valuable closed set of the \(rotations) (Irving, Leather and Gusfield, 1987), proven by a minimum cut equal to its flow"
            return SolveReport(termination: Termination(.optimal, detail: detail), matching: lattice.matching, objective: latticeTotal,
                               bound: latticeTotal + Swift.max(0, lattice.cut - lattice.flow), timings: timings, solver: RotationPoset.identity)
        }
        // Ties (or, were it ever to happen, a best that could not be proven): GLPK decides from the
        // lattice's best when the program fits; otherwise that best stands, unproven.
        let why = poset.tiesBroken
            ? "the best of the stable matchings with ties broken by index (\(rotations)); not proven the best weakly stable matching"
            : "the best of the \(rotations)' closed sets, not certified"
        let entries = Self.stabilityEntries(preferences)
        guard entries <= Self.stabilityEntryLimit else {
            guard stable else {
                return SolveReport(termination: Termination(.noSolutionFound, detail: "\(why), and it has a blocking pair; the integer program would hold \(entries) coefficients, more than \(Self.stabilityEntryLimit) (GLPK's memory)"),
                                   timings: timings, solver: RotationPoset.identity)
            }
            return SolveReport(termination: Termination(.feasible, detail: "\(why): its integer program would hold \(entries) coefficients, more than \(Self.stabilityEntryLimit) (GLPK's memory)"),
                               matching: lattice.matching, objective: latticeTotal, bound: nil, timings: timings, solver: RotationPoset.identity)
        }
        return try await bestStableProgram(problem, preferences: preferences, start: stable ? lattice.matching : nil, options: options,
                                           started: started, entries: entries)
    }

    /// The best-total stable (weakly stable, with ties) matching by branch
    /// and bound on ``/MatchingCore/IntegerProgram/init(stable:preferences:)``,
    /// from `start` (a stable matching) or the better deferred acceptance
    /// matching — exact for strict rankings and ties alike, for programs of
    /// up to ``stabilityEntryLimit`` coefficients. ``bestStable(_:preferences:options:)``
    /// calls it for ties; with strict rankings it is the independent check
    /// of the rotation poset.
    ///
    /// - Returns: `optimal` (proven by branch and bound), `feasible` when
    ///   the time limit stopped the search with a stable matching, or no
    ///   matching (`noSolutionFound`, also when the program is too large).
    /// - Throws: `solverInternal` for a GLPK failure.
    public func bestStableProgram(_ problem: MatchingProblem, preferences: StabilityPreferences, start: Matching? = nil,
                                  options: SolveOptions = SolveOptions()) async throws -> SolveReport {
        try await bestStableProgram(problem, preferences: preferences, start: start, options: options, started: .now,
                                    entries: Self.stabilityEntries(preferences))
    }

    /// `entries`: ``stabilityEntries(_:)`` of `preferences`, counted by the caller.
    private func bestStableProgram(_ problem: MatchingProblem, preferences: StabilityPreferences, start: Matching?, options: SolveOptions,
                                   started: ContinuousClock.Instant, entries: Int) async throws -> SolveReport {
        // The comparability rows hold, per acceptable pair, everyone ranked at least as high by either
        // side: counted first, so that a program too large for GLPK is refused before it is built.
        guard entries <= Self.stabilityEntryLimit else {
            return SolveReport(termination: Termination(.noSolutionFound, detail: "the best stable matching's integer program would hold \(entries) coefficients, more than \(Self.stabilityEntryLimit) (GLPK's memory)"),
                               timings: SolveTimings(build: started.secondsElapsed, solve: 0), solver: Self.identity)
        }
        let program = IntegerProgram(stable: problem, preferences: preferences)
        let build = started.secondsElapsed
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        var s = settings(options, deadline, started, stage: "best stable matching", first: false)
        s.mipGap = 0
        // The given stable matching, or deferred acceptance's better one (both are stable), is the first incumbent.
        let incumbent = start ?? [DeferredAcceptance.solve(preferences, proposers: .mentees), DeferredAcceptance.solve(preferences, proposers: .mentors)]
            .max { MatchingValidator.check($0, against: problem).objective < MatchingValidator.check($1, against: problem).objective }!
        let chosen = Set(incumbent.pairs)
        s.startValues = (0..<program.columnCount).map { c in
            if case .pair(let p) = program.columnOrigin[c] { return chosen.contains(p) ? 1 : 0 }
            return 0
        }
        let outcome = try await _GLPKRunner.run(program, s)
        try throwIfInternal(outcome)
        let timings = SolveTimings(build: build, solve: outcome.seconds)
        guard outcome.status == .optimal || outcome.status == .feasible else {
            // GLPK stopped before taking its start: the start is stable all the same.
            if let start {
                return SolveReport(termination: Termination(.feasible, limit: outcome.limit, detail: "the starting stable matching (with ties, the best for ties broken by index); the search stopped before proving a best"),
                                   matching: start, objective: MatchingValidator.check(start, against: problem.withoutRulesBeyondCapacity).objective, bound: outcome.bound,
                                   timings: timings, solver: RotationPoset.identity)
            }
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

    /// The most coefficients the best stable matching's integer program may
    /// hold (about 40 bytes each in GLPK: some 1.2 GB); 500 × 1,500 with
    /// every pair acceptable would hold 644 million.
    public static let stabilityEntryLimit = 30_000_000

    /// The coefficients of ``/MatchingCore/IntegerProgram/init(stable:preferences:)``:
    /// for each acceptable pair (i, j), its comparability row — the mentors
    /// j ranks at least as high as i and the mentees i ranks at least as high
    /// as j, counted from each person's rank histogram — and its two places
    /// in the demand and load rows.
    ///
    /// - Complexity: O(M·N).
    public static func stabilityEntries(_ p: StabilityPreferences) -> Int {
        let m = p.mentorCount, n = p.menteeCount
        var total = 0
        // atLeast[r] = how many of a person's acceptable partners rank r or better (ranks are 0…count−1 or tied below).
        func counts(_ ranks: [Int?]) -> [Int] {
            let values = ranks.compactMap { $0 }
            var histogram = [Int](repeating: 0, count: (values.max() ?? -1) + 1)
            for r in values { histogram[r] += 1 }
            for r in histogram.indices.dropFirst() { histogram[r] += histogram[r - 1] }
            return histogram
        }
        let mentorAtLeast = (0..<m).map { i in counts((0..<n).map { j in p.acceptable(i, j) ? p.mentorRank[i][j] : nil }) }
        let menteeAtLeast = (0..<n).map { j in counts((0..<m).map { i in p.acceptable(i, j) && p.capacity[i] > 0 ? p.menteeRank[j][i] : nil }) }
        for i in 0..<m where p.capacity[i] > 0 {
            for j in 0..<n where p.acceptable(i, j) {
                // Its comparability row (j itself is in the first sum only), and its place in j's demand row and i's load row.
                total += menteeAtLeast[j][p.menteeRank[j][i]!] + mentorAtLeast[i][p.mentorRank[i][j]!] - 1 + 2
            }
        }
        return total
    }

    /// The best-total stable matching of one pool with capacities (the
    /// stable fixtures problem), or the proof that none exists: GLPK on
    /// ``/MatchingCore/IntegerProgram/init(stablePool:capacity:score:)``,
    /// whose rows hold exactly the matchings with no blocking pair
    /// (``/MatchingSolvers/StableRoommates/blockingPairs(_:rank:capacity:)``).
    ///
    /// - Parameters:
    ///   - pool: the pool; its capacities are the partners' maximums (its
    ///     minimums, rules and fixed pairs are not part of stability), its
    ///     pair scores the objective.
    ///   - rank: strict rankings (``/MatchingSolvers/StableRoommates/rankings(_:lists:)``),
    ///     `n × n` with acceptability mutual (else `invalidProblem`).
    ///   - options: the time limit, one clock: random paths to stability may
    ///     use all of it, GLPK proves what it can in the rest.
    /// - Returns: `optimal` with the pairs (a < b) and their proof,
    ///   `infeasible` when no stable matching exists (GLPK proves the rows
    ///   infeasible), `feasible` or no pairs when the time limit stops it.
    /// - Throws: `solverInternal` for a GLPK failure.
    /// - Complexity: a mixed-integer program with O(n²) columns and rows.
    public func bestStable(pool: PoolProblem, rank: [[Int?]], options: SolveOptions = SolveOptions()) async throws -> PoolReport {
        let started = ContinuousClock.now
        try options.checkTimeLimit()
        let n = pool.count
        guard rank.count == n, rank.indices.allSatisfy({ a in rank[a].count == n && rank[a].indices.allSatisfy { (rank[a][$0] == nil) == (rank[$0][a] == nil) } }) else {
            throw MatchingError(.invalidProblem, "stable pool: the rankings must be \(n) × \(n), with acceptability mutual")
        }
        var scores = [Double](repeating: 0, count: n * n)
        scores.withUnsafeMutableBufferPointer { pool.source.scores(mentors: 0..<n, into: $0) }
        let capacity = pool.partners.map(\.max)
        let program = IntegerProgram(stablePool: rank, capacity: capacity, score: { scores[$0 * n + $1] })
        // A stable matching from random paths to stability is GLPK's first incumbent: its search alone rarely
        // finds one, so the paths may use the whole limit (GLPK then proves what it can in the rest).
        let found = StableFixtures.randomPaths(rank: rank, capacity: capacity, maxSteps: Swift.min(20 * n, 20_000),
                                               deadline: Deadline(timeLimit: options.timeLimit, from: started).end)
        let build = started.secondsElapsed
        var s = settings(options, Deadline(timeLimit: options.timeLimit, from: started).end, started, stage: "best stable matching", first: false)
        s.mipGap = 0
        if let found {
            var partners = [Set<Int>](repeating: [], count: n)
            for p in found.pairs { partners[p.mentor.rawValue].insert(p.mentee.rawValue); partners[p.mentee.rawValue].insert(p.mentor.rawValue) }
            s.startValues = program.columnOrigin.map { origin in
                switch origin {
                case .pair(let p): partners[p.mentor.rawValue].contains(p.mentee.rawValue) ? 1 : 0
                case .saturated(let a, let b): partners[a].filter { rank[a][$0]! < rank[a][b]! }.count >= capacity[a] ? 1 : 0
                default: 0
                }
            }
        }
        let outcome = try await _GLPKRunner.run(program, s)
        try throwIfInternal(outcome)
        let timings = SolveTimings(build: build, solve: outcome.seconds)
        if outcome.status == .infeasible {
            return PoolReport(termination: Termination(.infeasible, detail: "no stable matching exists: every matching within the capacities has a blocking pair (GLPK proved the stability rows infeasible)"),
                              pairs: nil, objective: nil, bound: nil, duals: nil, solver: Self.identity, timings: timings)
        }
        guard outcome.status == .optimal || outcome.status == .feasible else {
            if let found {   // GLPK stopped before taking its start: the path's matching is stable all the same
                let total = found.pairs.reduce(0) { $0 + scores[$1.mentor.rawValue * n + $1.mentee.rawValue] }
                return PoolReport(termination: Termination(.feasible, limit: outcome.limit, detail: "found by random paths to stability; the search stopped before proving it the best"),
                                  pairs: found.pairs, objective: total, bound: outcome.bound, duals: nil, solver: Self.identity, timings: timings)
            }
            return PoolReport(termination: Termination(.noSolutionFound, limit: outcome.limit, detail: "no stable matching found: \(outcome.message)"),
                              pairs: nil, objective: nil, bound: outcome.bound, duals: nil, solver: Self.identity, timings: timings)
        }
        let pairs = matchingFrom(outcome, program).pairs
        let total = pairs.reduce(0) { $0 + scores[$1.mentor.rawValue * n + $1.mentee.rawValue] }
        let proven = outcome.status == .optimal && outcome.limit == .none
        return PoolReport(termination: Termination(proven ? .optimal : .feasible, limit: outcome.limit,
                                                   detail: proven ? "the best total among stable matchings, proven by branch and bound" : "the search stopped before proving it the best"),
                          pairs: pairs, objective: total, bound: proven ? total : outcome.bound, duals: nil, solver: Self.identity, timings: timings)
    }
}
