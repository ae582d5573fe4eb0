import MatchingCore

/// A solved capacitated matching that takes latecomers: each new mentee is
/// matched by re-optimising from the last optimum — its flow and dual
/// potentials — instead of solving again from scratch.
///
/// The method is successive shortest paths (Ahuja, Magnanti and Orlin,
/// *Network Flows*, 1993, §9.7; the assignment case is Jonker and Volgenant
/// 1987): after the first solve every residual arc of the network has a
/// non-negative reduced cost under the potentials. A latecomer is one more
/// supply node whose potential is raised to its best arc, so the invariant
/// still holds; one Dijkstra search per unit it brings routes it along a
/// shortest augmenting path, which may move other mentees (each move is
/// reported), and the flow is optimal again for the larger problem. The
/// certificate — the dual potentials and the bound they prove, recomputed
/// from the problem alone by ``/MatchingCore/DualBound`` — is built on
/// request by ``report()``.
///
/// ```swift
/// var matching = try await IncrementalMatching.solve(problem)      // 2,000 × 2,000: a cold solve
/// let step = try matching.addMentee(scores: scoresOfLatecomer)     // milliseconds: one search
/// print(step.mentors, step.moved, matching.objective)
/// let report = matching.report()                                    // optimal, with its dual bound
/// ```
///
/// What it takes: loads, demands, forbidden and fixed pairs, unmatched
/// penalties (of mentees with one mentor at most), the total objective — no
/// attribute rules (those change the network's shape; solve again). A
/// latecomer may take several mentors (its demand) but must be allowed to
/// stay unmatched (demand minimum 0), so adding one never fails.
///
/// Each search scans candidate lists: every mentee keeps its `candidates`
/// mentors of smallest reduced cost and a lower bound on the others, so a
/// mentee reached costs O(k log M) instead of O(M), and the rest of its row
/// is scanned only when that bound comes up before the search ends — exact
/// Dijkstra either way. A tight assignment, where the one free seat is
/// reached through nearly every mentee, is where this pays: 2,000 × 2,000,
/// 3–4 ms a latecomer against 12–19 ms with dense scans.
///
/// - Complexity: the first solve as ``NetworkFlowSolver``, plus
///   O(N · M · log k) for the lists; each latecomer O(M) to append, one
///   search per unit — O((N + M) · M) in the worst case for M mentors and N
///   mentees, O((N + M) · k · log(N + M)) when no row's rest is scanned —
///   and O(P log P) for the P pairs to list what moved (plus O(P) to widen
///   the mentors' maxima when one grows); memory O(M·N + N·k), grown by M
///   values per latecomer.
public struct IncrementalMatching: Sendable {
    /// The solver's name in reports.
    public static let identity = SolverIdentity(name: "network-flow-incremental", version: "ssp-1")

    /// One latecomer's effect.
    public struct Latecomer: Hashable, Sendable {
        /// The new mentee's index (the mentees before it keep theirs).
        public var mentee: Int
        /// The mentors it got (empty: left out).
        public var mentors: [Int]
        /// Other mentees whose mentor changed along the augmenting paths:
        /// (mentee, mentor before, mentor now).
        public var moved: [Move]
        /// The objective after it joined (total score less penalties).
        public var objective: Double
    }

    /// A mentee whose mentors the augmenting paths changed: moved from one
    /// mentor to another, left out (`to` nil) or matched (`from` nil).
    public struct Move: Hashable, Sendable {
        /// The mentee.
        public var mentee: Int
        /// The mentor it left, or `nil` when it only gained one.
        public var from: Int?
        /// The mentor it joined, or `nil` when it is left out of that one.
        public var to: Int?
    }

    /// How many mentors of smallest reduced cost each mentee's candidate
    /// list keeps by default: 16 measured best on 2,000 × 2,000 (3 ms a
    /// latecomer, against 4–5 ms with 32 and 6 ms with 64; a dense search
    /// took 12–19 ms).
    public static let defaultCandidates = 16
    private var network: _CapacitatedNetwork
    /// The first problem, as given (mentor-major scores).
    private let base: MatchingProblem
    /// The latecomers, mentee-major: `mentors` scores each.
    private var lateScores: [Double] = []
    private var lateDemand: [CountRange] = []
    private var latePenalty: [Double] = []
    private var lateForbidden: [Set<Int>] = []
    /// The fixed pairs' scores: fixed pairs are outside the network.
    private let fixedScore: Double
    /// Σ over mentees whose penalty folds into their pairs, of that penalty.
    private var foldedPenalty: Double

    /// Mentors (fixed).
    public var mentorCount: Int { base.mentorCount }
    /// Mentees so far, latecomers included.
    public var menteeCount: Int { base.menteeCount + lateDemand.count }
    /// The optimum so far: the pairs' scores less the penalties of mentees left out.
    public private(set) var objective: Double = 0
    /// How long the first solve took.
    public private(set) var firstSolve = SolveTimings()

    /// Solves `problem` exactly, keeping what latecomers need.
    ///
    /// - Parameters:
    ///   - problem: the first problem (no attribute rules, objective `total`).
    ///   - options: the first solve's limits.
    ///   - candidates: how many mentors of smallest reduced cost each
    ///     mentee's list keeps; a latecomer's search relaxes those and scans
    ///     the rest of a mentee's row only when the bound on it comes up
    ///     (exact either way). 0 scans every mentor of every mentee reached.
    /// - Throws: `invalidProblem` as the problem's `validate()`, and when
    ///   the problem has no matching (infeasible, or stopped by `options`)
    ///   — the message says which; `unsupported` for attribute rules, the
    ///   `maxMin` objective, or a mentee with more than one mentor and a penalty.
    public static func solve(_ problem: MatchingProblem, options: SolveOptions = SolveOptions(),
                             candidates: Int = defaultCandidates) async throws -> IncrementalMatching {
        try problem.validate()
        guard candidates >= 0 else { throw MatchingError(.invalidProblem, "incremental matching: candidates \(candidates) must be 0 (dense searches) or more") }
        try options.checkTimeLimit()
        if !problem.constraints.isEmpty || problem.objective != .total {
            throw MatchingError(.unsupported, "incremental matching takes loads, demands, forbidden and fixed pairs and penalties with the total objective; attribute rules and maxMin need a full solve")
        }
        if let reason = problem.shape.integerProgramReason {
            throw MatchingError(.unsupported, "incremental matching needs a network problem: \(reason)")
        }
        if (0..<problem.menteeCount).contains(where: { problem.menteeDemand[$0].max > 1 && problem.unmatchedPenalty[$0] > 0 }) {
            throw MatchingError(.unsupported, "incremental matching: a mentee with more than one mentor and an unmatched penalty needs a full solve")
        }
        let started = ContinuousClock.now
        // Counting shows some problems infeasible before any search (a minimum no allowed pair can meet).
        if let infeasible = FeasibilityCheck.infeasibleReport(of: problem, solver: Self.identity, started: started) {
            throw MatchingError(.invalidProblem, "no matching: " + ([infeasible.termination.detail] + infeasible.diagnostics).joined(separator: "; "))
        }
        let stop = _Stop()
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        let outcome: (IncrementalMatching?, String) = await withTaskCancellationHandler {
            await runOnDedicatedThread {
                var network = _CapacitatedNetwork(problem, menteesAsRows: true)
                var limit = Termination.Limit.none
                switch network.engine.run(shouldStop: { NetworkFlowSolver.stopRequested(stop, deadline, &limit) }, progress: { _, _ in }, settle: false) {
                case .cancelled: return (nil, "the first solve stopped (\(limit.rawValue)) before a matching was found")
                case .infeasible(let row): return (nil, "no matching: " + network.describeDeadRow(row, problem))
                case .done:
                    if let c = network.unmetColumn() { return (nil, "no matching: " + network.describeUnmetColumn(c, problem)) }
                    // Latecomers' searches scan candidate lists, not whole rows.
                    if candidates > 0 { network.engine.enableCandidates(k: candidates) }
                    var m = IncrementalMatching(network: network, base: problem)
                    m.firstSolve = SolveTimings(build: 0, solve: started.secondsElapsed)
                    return (m, "")
                }
            }
        } onCancel: {
            stop.request()
        }
        guard let matching = outcome.0 else { throw MatchingError(.invalidProblem, outcome.1) }
        return matching
    }

    private init(network: _CapacitatedNetwork, base: MatchingProblem) {
        self.network = network
        self.base = base
        let reduced = ReducedRules(base.rules)
        fixedScore = base.fixed.reduce(0.0) { $0 + base.scores[$1] }
        foldedPenalty = reduced.foldedPenaltyTotal
        objective = currentObjective()
    }

    /// Adds a mentee and re-optimises.
    ///
    /// - Parameters:
    ///   - scores: its score with each mentor, `mentorCount` values (finite;
    ///     a pair it may not have: `forbidden`).
    ///   - demand: how many mentors it takes; the minimum must be 0.
    ///   - unmatchedPenalty: points lost if it is left out (≥ 0; with a demand above 1, 0).
    ///   - forbidden: mentors it may not have.
    /// - Returns: what changed: its mentors, the mentees moved, the new objective.
    /// - Throws: `invalidProblem` naming the argument for a wrong count, a
    ///   score that is not finite, a negative or non-finite penalty, a
    ///   mentor index out of range, a demand minimum above 0 or a penalty
    ///   with a demand above 1.
    public mutating func addMentee(scores: [Double], demand: CountRange = CountRange(min: 0, max: 1), unmatchedPenalty: Double = 0,
                                   forbidden: Set<Int> = []) throws -> Latecomer {
        let m = mentorCount
        guard scores.count == m else { throw MatchingError(.invalidProblem, "latecomer: \(scores.count) scores for \(m) mentors") }
        if let k = scores.firstIndex(where: { !$0.isFinite }) { throw MatchingError(.invalidProblem, "latecomer: score with mentor \(k) is \(scores[k]); forbid the pair instead") }
        guard demand.min == 0, demand.max >= 0 else { throw MatchingError(.invalidProblem, "latecomer: demand \(demand) — a latecomer may stay unmatched (minimum 0); solve again to require a mentor") }
        guard unmatchedPenalty.isFinite, unmatchedPenalty >= 0 else { throw MatchingError(.invalidProblem, "latecomer: unmatched penalty \(unmatchedPenalty) must be a finite number ≥ 0") }
        guard unmatchedPenalty == 0 || demand.max <= 1 else { throw MatchingError(.invalidProblem, "latecomer: an unmatched penalty needs a demand of at most one mentor") }
        if let bad = forbidden.first(where: { !(0..<m).contains($0) }) { throw MatchingError(.invalidProblem, "latecomer: forbidden mentor \(bad) is out of range 0..<\(m)") }
        let before = pairCodes()
        let j = menteeCount
        lateScores.append(contentsOf: scores)
        lateDemand.append(demand)
        latePenalty.append(unmatchedPenalty)
        lateForbidden.append(forbidden)
        foldedPenalty += demand.max <= 1 ? unmatchedPenalty : 0
        _ = network.appendMentee(scores: scores, demand: demand, penalty: unmatchedPenalty, forbidden: forbidden)   // never fails: minimum 0
        let after = pairCodes()
        // The pairs the augmenting paths took away and made (a sorted merge), by mentee.
        var lost = [Int: [Int]](), gained = [Int: [Int]]()
        var a = 0, b = 0
        while a < before.count || b < after.count {
            if b == after.count || (a < before.count && before[a] < after[b]) {
                lost[Int(before[a] >> 32), default: []].append(Int(before[a] & 0xFFFF_FFFF)); a += 1
            } else if a == before.count || after[b] < before[a] {
                gained[Int(after[b] >> 32), default: []].append(Int(after[b] & 0xFFFF_FFFF)); b += 1
            } else {
                a += 1; b += 1
            }
        }
        // Per mentee: the mentors it left and joined, paired in order; what is left over was lost or gained alone.
        var moved = [Move]()
        for mentee in Set(lost.keys).union(gained.keys).sorted() where mentee != j {
            let from = (lost[mentee] ?? []).sorted(), to = (gained[mentee] ?? []).sorted()
            for k in 0..<Swift.max(from.count, to.count) {
                moved.append(Move(mentee: mentee, from: k < from.count ? from[k] : nil, to: k < to.count ? to[k] : nil))
            }
        }
        objective = currentObjective()
        return Latecomer(mentee: j, mentors: (gained[j] ?? []).sorted(), moved: moved, objective: objective)
    }

    /// The problem so far: the first one with the latecomers as mentees
    /// (appended in order).
    ///
    /// - Complexity: O(M·N) to build.
    public var problem: MatchingProblem {
        guard !lateDemand.isEmpty else { return base }
        let m = mentorCount, n0 = base.menteeCount, n = menteeCount
        var values = ContiguousArray<Double>(repeating: 0, count: m * n)
        base.scores.values.withUnsafeBufferPointer { s in
            for i in 0..<m {
                for j in 0..<n0 { values[i * n + j] = s[i * n0 + j] }
                for k in 0..<(n - n0) { values[i * n + n0 + k] = lateScores[k * m + i] }
            }
        }
        var rules = base.rules
        rules.menteeDemand += lateDemand
        rules.unmatchedPenalty += latePenalty
        for (k, mentors) in lateForbidden.enumerated() { for i in mentors { rules.forbidden.insert(Pair(MentorIndex(i), MenteeIndex(n0 + k))) } }
        // Re-index the first problem's mentee-side rules: only forbidden and fixed pairs name mentees, by index, unchanged.
        return MatchingProblem(scores: try! ScoreMatrix(mentors: m, mentees: n, values: values), rules: rules)
    }

    /// The report of the current optimum: the matching re-checked by the
    /// validator, the dual potentials (settled by a label-correcting pass on
    /// a copy: the searches go on from their own potentials) and the bound ``/MatchingCore/DualBound`` recomputes from
    /// ``problem``: `optimal`, proven when the bound meets the objective.
    ///
    /// - Complexity: O(M·N).
    public func report() -> SolveReport {
        var settled = network
        settled.engine.finishPotentials()
        let p = problem
        var report = NetworkFlowSolver.certified(settled.matching(p), duals: settled.duals(p), p, timings: firstSolve)
        report.solver = Self.identity
        // An "optimal" the scores' scale cannot support is reported feasible, as every solver does.
        return ScoreResolution.limitingClaim(report, of: p)
    }

    /// The network's pairs now as `mentee << 32 | mentor`, ascending (fixed
    /// pairs never move and are left out).
    private func pairCodes() -> [UInt64] {
        var out = [UInt64]()
        let e = network.engine
        for c in 0..<e.cols {
            let mentor = UInt64(network.columnOrder[c])
            for k in e.colStart[c]..<(e.colStart[c] + e.colCount[c]) { out.append(UInt64(e.colRows[k]) << 32 | mentor) }
        }
        out.sort()
        return out
    }

    /// The objective of the current flow: fixed pairs' scores, plus each
    /// routed pair's profit (its score plus a folded penalty), less every
    /// folded penalty.
    private func currentObjective() -> Double {
        let e = network.engine
        var total = fixedScore - foldedPenalty
        for c in 0..<e.cols { for k in e.colStart[c]..<(e.colStart[c] + e.colCount[c]) { total += e.colProfit[k] } }
        return total
    }
}
