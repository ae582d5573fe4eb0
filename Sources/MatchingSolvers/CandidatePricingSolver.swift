import Dispatch
import MatchingCore

/// The exact solver for cohorts too large for a dense matrix: candidate
/// pairs, the network method on them, then *pricing* of every other pair.
///
/// 1. The scores are streamed in blocks of mentor rows (never the whole
///    matrix): each mentee keeps its best ``candidatesPerMentee`` mentors,
///    each mentor its best ``candidatesPerMentor`` mentees (plus its minimum
///    load).
/// 2. The successive-shortest-path method solves the problem on those
///    candidate pairs exactly, with dual potentials.
/// 3. Every pair left out is priced with those duals, streamed again: a pair
///    whose reduced profit is positive could improve the matching, so it
///    joins the candidates (at most ``addedPerMentorPerRound`` per mentor per
///    round) and step 2 runs again — from the last round's flow and
///    potentials: only the units the new pairs move are routed again (cost
///    reoptimisation by successive shortest paths; each round's
///    ``/MatchingCore/PricingRound/nodesSettled`` counts its searches' work).
///
/// When no pair is left with a positive reduced profit, the duals are
/// feasible for the whole problem, and the bound they prove — computed in the
/// same pass over every pair — meets the objective: the matching is proven
/// optimal for the full problem, not only for the candidates. Scoring and
/// pricing run in parallel across cores; the network solve is single-threaded
/// and deterministic, so the same input gives the same matching.
///
/// With a time limit, half of it goes to the first pass: past it no pricing
/// pass (which reads every pair again) fits in the limit. A first pass cut
/// there gives the mentors it did not reach a sample of their pairs, each
/// scored alone (``/MatchingCore/PairScoreSource/scores(mentor:mentees:into:)``),
/// and step 2 on all the candidates gives a matching that keeps every rule,
/// reported `feasible` (limit `time`) without a bound. A limit that then
/// cuts step 2 ends without a matching.
///
/// - Complexity: each pass reads all M·N scores once; memory O(block + M·K +
///   N + candidates) for K values of the rule's attribute — independent of M·N.
public struct CandidatePricingSolver: MatchingSolver {
    /// How many mentors each mentee keeps as candidates before pricing.
    public var candidatesPerMentee: Int
    /// How many mentees each mentor keeps (on top of its minimum load).
    public var candidatesPerMentor: Int
    /// The most pairs one mentor gains per pricing round (the ones with the
    /// largest reduced profit).
    public var addedPerMentorPerRound: Int
    /// Scores held at once while streaming, in values (8 bytes each).
    public var blockValues: Int
    /// Up to how many allowed pairs a problem the candidates cannot route
    /// gets every allowed pair as a candidate (16 bytes each), so that the
    /// network decides its feasibility exactly; above it such a problem ends
    /// `noSolutionFound`, undecided (default 4 Mi pairs, 64 MB).
    public var everyPairLimit: Int
    /// For tests: the first pass stops after this many mentor rows, as a
    /// time limit would cut it (`nil`: only the limit cuts it).
    package var scoringCut: Int?
    /// For tests: the routing of round ``routingCutRound`` stops after this
    /// many checks (one per 64 shortest paths), as a time limit would stop it.
    package var routingCut: Int?
    /// For tests: the round ``routingCut`` stops (the first by default).
    package var routingCutRound = 1

    /// Creates the solver.
    ///
    /// - Parameters:
    ///   - candidatesPerMentee: mentors kept per mentee at first (≥ 1; default 12).
    ///   - candidatesPerMentor: mentees kept per mentor at first (≥ 0; default 4).
    ///   - addedPerMentorPerRound: pairs one mentor gains per round at most (≥ 1; default 64).
    ///   - blockValues: scores held at once (default 4 Mi values, 32 MB).
    ///   - everyPairLimit: see ``everyPairLimit`` (default 4 Mi pairs).
    public init(candidatesPerMentee: Int = 12, candidatesPerMentor: Int = 4,
                addedPerMentorPerRound: Int = 64, blockValues: Int = 1 << 22, everyPairLimit: Int = 1 << 22) {
        self.candidatesPerMentee = candidatesPerMentee
        self.candidatesPerMentor = candidatesPerMentor
        self.addedPerMentorPerRound = addedPerMentorPerRound
        self.blockValues = blockValues
        self.everyPairLimit = everyPairLimit
    }

    /// `candidate-pricing ssp-1`.
    public static let identity = SolverIdentity(name: "candidate-pricing", version: "ssp-1")

    /// Solves a dense problem the same way, its matrix streamed
    /// (``/MatchingCore/DenseScoreSource``), then checks the answer as the dense path
    /// does: the matching through ``/MatchingCore/MatchingValidator`` and the bound of the
    /// duals recomputed by ``/MatchingCore/DualBound`` on the dense problem.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/unsupported`` when candidate pricing
    ///   cannot hold the rules (``/MatchingCore/ProblemShape/candidatePricingRefusal``,
    ///   which names the rule); otherwise as ``solve(_:options:)-(StreamedMatchingProblem,_)``.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        try problem.validate()
        return try await solveValidated(problem, options: options)
    }

    /// ``solve(_:options:)-dense`` for a problem already validated (the network-flow solver's large-problem path).
    func solveValidated(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        let started = ContinuousClock.now
        var report = try await solve(try StreamedMatchingProblem(problem), options: options)
        guard report.termination.reason == .optimal, let matching = report.matching, let duals = report.duals else { return report }
        let check = MatchingValidator.check(matching, against: problem)
        guard check.isFeasible else {
            return SolveReport(termination: Termination(.error, detail: "internal error: the matching breaks \(check.violations[0])"),
                               timings: report.timings, solver: Self.identity)
        }
        let bound = DualBound.bound(of: problem, duals: duals)
        let tight = bound - check.objective <= 1e-9 * Swift.max(1, abs(check.objective))
        report.objective = check.objective
        report.bound = Swift.max(bound, check.objective)
        if !tight { report.termination.detail = "optimal by successive shortest paths and pricing; the dual bound is looser than the objective" }
        report.statistics.proof = tight ? .dualPotentials : nil
        // The checks are part of the solve, as on the dense path.
        report.timings = SolveTimings(build: 0, solve: started.secondsElapsed)
        return report
    }

    /// Solves `problem` exactly (see the type's documentation). The report's
    /// ``/MatchingCore/SolveReport/statistics`` carry each round (``/MatchingCore/PricingRound``), the
    /// allowed pairs and the largest block of scores held.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` when the problem or the settings are
    ///   invalid, or a fixed pair is not allowed by the scores.
    public func solve(_ problem: StreamedMatchingProblem, options: SolveOptions = SolveOptions()) async throws -> SolveReport {
        let started = ContinuousClock.now
        try problem.validate()
        guard candidatesPerMentee >= 1, candidatesPerMentor >= 0, addedPerMentorPerRound >= 1, blockValues >= 1 else {
            throw MatchingError(.invalidConfig, "pricing settings: candidatesPerMentee ≥ 1, candidatesPerMentor ≥ 0, addedPerMentorPerRound ≥ 1 and blockValues ≥ 1 (got \(candidatesPerMentee), \(candidatesPerMentor), \(addedPerMentorPerRound), \(blockValues))")
        }
        try options.checkTimeLimit()
        let stop = _Stop()
        if Task.isCancelled { stop.request() }
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        let settings = self
        let result: Result<SolveReport, MatchingError> = await withTaskCancellationHandler {
            await runOnDedicatedThread {
                do {
                    var run = try _PricingRun(problem, settings: settings, stop: stop, deadline: deadline,
                                              progress: options.progress, started: started)
                    defer { run.release() }
                    return .success(run.solve())
                } catch let error as MatchingError {
                    return .failure(error)
                } catch {
                    return .failure(MatchingError(.invalidProblem, "\(error)"))
                }
            }
        } onCancel: {
            stop.request()
        }
        return try result.get()
    }
}


/// One solve of ``CandidatePricingSolver``.
struct _PricingRun {
    let problem: StreamedMatchingProblem
    let settings: CandidatePricingSolver
    let stop: _Stop
    let deadline: ContinuousClock.Instant?
    let progress: (@Sendable (SolveProgress) -> Void)?
    let started: ContinuousClock.Instant
    let m: Int
    let n: Int
    let classes: Int
    let layered: Bool
    /// The `maxPerMentor` rule the slot layer holds (its attribute and limit), if any.
    let slotRule: (attribute: String, limit: Int)?
    let colClass: [Int32]
    /// Fixed pairs per mentor (mentee indices, ascending).
    let fixedOfRow: [Int: [Int]]
    let fixedCount: Int
    /// Folded into pair profits: the penalty of a single-mentor mentee with no fixed pair.
    let bonus: [Double]
    /// Room left per (mentor, value) by the rule, minus fixed pairs (empty without the rule).
    var slotRoom: [Int]
    var rowLow: [Int]
    var rowHigh: [Int]
    var colHigh: [Int]
    /// Quota groups: per mentee its group (-1: its value has no quota), and
    /// per group its bounds minus fixed pairs and its rule's index.
    let groupOf: [Int32]
    let groupLow: [Int]
    let groupHigh: [Int]
    let groupRule: [Int]
    let blockRows: Int
    var fixedScore = 0.0

    init(_ problem: StreamedMatchingProblem, settings: CandidatePricingSolver, stop: _Stop, deadline: ContinuousClock.Instant?,
         progress: (@Sendable (SolveProgress) -> Void)?, started: ContinuousClock.Instant) throws {
        self.problem = problem
        self.settings = settings
        self.stop = stop
        self.deadline = deadline
        self.progress = progress
        self.started = started
        m = problem.mentorCount
        n = problem.menteeCount
        // The one reduction (fixed pairs out, bounds shrunk, penalties folded) and the rules' shape.
        let reduced = ReducedRules(problem.rules)
        let shape = problem.rules.shape
        var codes = [Int32](repeating: 0, count: n)
        var k = 1
        var slotRule: (attribute: String, limit: Int)?
        if let index = shape.maxPerMentor, case .maxPerMentor(let attribute, let limit) = problem.constraints[index] {
            let coding = AttributeCoding(problem.menteeAttributes[attribute] ?? [])
            codes = coding.codes
            k = Swift.max(1, coding.values.count)
            slotRoom = reduced.slotRoom(index, coding: coding)
            slotRule = (attribute, limit)
        } else {
            slotRoom = []
        }
        colClass = codes
        classes = k
        layered = slotRule != nil
        self.slotRule = slotRule
        var byRow = [Int: [Int]]()
        for p in problem.fixed { byRow[p.mentor.rawValue, default: []].append(p.mentee.rawValue) }
        fixedOfRow = byRow.mapValues { $0.sorted() }
        fixedCount = problem.fixed.count
        bonus = (0..<n).map { reduced.bonus($0) }
        rowLow = reduced.mentorLoad.map(\.min)
        rowHigh = reduced.mentorLoad.map(\.max)
        colHigh = reduced.menteeDemand.map(\.max)
        var groupOf = [Int32](repeating: -1, count: n)
        var gLow = [Int](), gHigh = [Int](), gRule = [Int]()
        if let quotas = shape.quotas {
            let values = problem.menteeAttributes[quotas.attribute] ?? []
            var groupOfValue = [String: Int32]()
            for index in quotas.indices {
                guard case .quota(_, let value, let count) = problem.constraints[index], let left = reduced.quotaBounds(index) else { continue }
                groupOfValue[value] = Int32(gRule.count)
                gLow.append(left.min)
                gHigh.append(count.max == Int.max ? Int(Int32.max) / 4 : Swift.max(0, left.max))
                gRule.append(index)
            }
            for j in 0..<n { groupOf[j] = groupOfValue[values[j]] ?? -1 }
        }
        self.groupOf = groupOf
        groupLow = gLow
        groupHigh = gHigh
        groupRule = gRule
        blockRows = Swift.max(1, Swift.min(m, settings.blockValues / Swift.max(1, n)))
        block = .allocate(capacity: Swift.max(1, blockRows * n))
    }

    /// Frees the block.
    func release() { block.deallocate() }

    var stopped: Termination.Limit? {
        if stop.isRequested { return .cancelled }
        if let deadline, ContinuousClock.now >= deadline { return .time }
        return nil
    }

    func report(_ stage: String) {
        progress?(SolveProgress(stage: stage, elapsed: started.secondsElapsed))
    }

    /// The block of scores every pass streams through (allocated once: a
    /// fresh block per pass could land in another allocator arena and count twice).
    let block: UnsafeMutableBufferPointer<Double>

    /// Streams the scores block by block: each block is scored in parallel
    /// (fixed pairs then read as `-infinity`), then handed to `body`.
    /// Returns false when stopped.
    func stream(_ stage: String, cut: ((Int) -> Bool)? = nil, _ body: (Range<Int>, UnsafeMutableBufferPointer<Double>) throws -> Void) rethrows -> Bool {
        guard m > 0, n > 0 else { return true }
        let buffer = block
        let shared = DisjointWrites(buffer.baseAddress!)
        let source = problem.source
        let n = self.n
        let blocks = (m + blockRows - 1) / blockRows
        for b in 0..<blocks {
            if stopped != nil || cut?(b * blockRows) == true { return false }
            if b & 15 == 0 { report("\(stage): rows \(b * blockRows)/\(m)") }
            let lo = b * blockRows, hi = Swift.min(m, lo + blockRows)
            let chunks = Swift.min(hi - lo, 64)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let r0 = lo + (hi - lo) * c / chunks, r1 = lo + (hi - lo) * (c + 1) / chunks
                guard r1 > r0 else { return }
                source.scores(mentors: r0..<r1, into: UnsafeMutableBufferPointer(start: shared.base + (r0 - lo) * n, count: (r1 - r0) * n))
            }
            for i in lo..<hi {
                for j in fixedOfRow[i] ?? [] { buffer[(i - lo) * n + j] = -.infinity }
            }
            try body(lo..<hi, UnsafeMutableBufferPointer(start: buffer.baseAddress, count: (hi - lo) * n))
        }
        return true
    }

    /// Candidate pairs: (row, column, folded profit), sorted by (row, class, column).
    typealias Arc = (row: Int32, col: Int32, profit: Double)

    mutating func solve() -> SolveReport {
        var rounds = [PricingRound]()
        let blockBytes = blockRows * n * MemoryLayout<Double>.stride
        var knownAllowed: Int?   // the allowed pairs, once pass 1 has counted them
        func finish(_ report: SolveReport) -> SolveReport {
            var r = report
            r.timings.solve = started.secondsElapsed
            let proven = r.termination.reason == .optimal && (r.bound ?? .infinity) - (r.objective ?? -.infinity) <= 1e-7 * Swift.max(1, Swift.abs(r.objective ?? 0))
            r.statistics = SolveStatistics(route: .candidatePricing, proof: proven ? .dualPotentials : nil)
            r.statistics.pricingRounds = rounds.isEmpty ? nil : rounds.count
            r.statistics.candidatePairs = rounds.last?.candidates
            r.statistics.allowedPairs = knownAllowed   // nil when the scoring was cut: the rows not scored are not counted
            r.statistics.rounds = rounds
            r.statistics.blockBytes = blockBytes
            return r
        }
        /// The tightest bound over every pair an earlier round's pricing proved (never below `objective`,
        /// which rounding could put it a hair under); `nil` before any round was priced.
        func provenBound(atLeast objective: Double) -> Double? {
            rounds.compactMap(\.bound).min().map { Swift.max($0, objective) }
        }
        func fail(_ reason: Termination.Reason, _ limit: Termination.Limit = .none, _ detail: String, _ diagnostics: [String] = []) -> SolveReport {
            finish(SolveReport(termination: Termination(reason, limit: limit, detail: detail), solver: CandidatePricingSolver.identity, diagnostics: diagnostics))
        }
        if layered, let s = slotRoom.firstIndex(where: { $0 < 0 }) {
            let rule = slotRule!
            return fail(.infeasible, .none, "a necessary condition fails",
                        ["mentor \(s / classes) has more fixed mentees of one '\(rule.attribute)' value than the maxPerMentor limit \(rule.limit)"])
        }

        // Pass 1: allowed counts, fixed pairs' scores, and the candidates.
        var rowAllowed = [Int](repeating: 0, count: m), colAllowed = [Int](repeating: 0, count: n)
        var menteeTop = _TopK(owners: n, k: settings.candidatesPerMentee, span: m)
        var mentorPicks = [[Arc]](repeating: [], count: m)
        var scale = 1.0
        let bonus = self.bonus, colClass = self.colClass, classes = self.classes, layered = self.layered
        let rowHighCap = rowHigh, colHighCap = colHigh, slotRoom = self.slotRoom
        let rowKeep = (0..<m).map { settings.candidatesPerMentor + rowLow[$0] }
        let fixedOfRow = self.fixedOfRow
        let n = self.n, mentors = Swift.max(1, self.m)
        var rowMax = [Double](repeating: 0, count: m)
        // Half the time limit goes to this pass: past it no proof fits in the limit (pricing reads
        // every pair again), and the other half is kept to find a matching.
        let scoringEnd = deadline.map { started + started.duration(to: $0) / 2 }
        let scoringCut = settings.scoringCut
        var scoredRows = 0
        // A block is not begun when, taking as long as the last one, it would end past the share.
        var lastBlock: (start: ContinuousClock.Instant, length: Duration)?
        let finished: Bool = stream("scoring", cut: { next in
            if let scoringCut, next >= scoringCut { return true }
            guard let scoringEnd else { return false }
            let now = ContinuousClock.now
            let length = lastBlock.map { $0.start.duration(to: now) } ?? .zero
            lastBlock = (now, length)
            return now + length >= scoringEnd
        }) { rows, buf in
            scoredRows = rows.upperBound
            let lo = rows.lowerBound, count = rows.count
            let base = DisjointWrites(buf.baseAddress!)
            colAllowed.withUnsafeMutableBufferPointer { ca in
                let cap = DisjointWrites(ca.baseAddress!)
                menteeTop.withShared { top in
                    let chunks = Swift.min(n, 64)
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        let j0 = n * c / chunks, j1 = n * (c + 1) / chunks
                        for r in 0..<count {
                            let i = lo + r
                            let live = rowHighCap[i] > 0
                            let row = base.base + r * n
                            for j in j0..<j1 {
                                let v = row[j]
                                if v == -.infinity { continue }
                                cap.base[j] += 1
                                guard live, colHighCap[j] > 0, !layered || slotRoom[i * classes + Int(colClass[j])] > 0 else { continue }
                                top.insert(owner: j, value: v + bonus[j], item: Int32(i))
                            }
                        }
                    }
                }
            }
            rowAllowed.withUnsafeMutableBufferPointer { ra in
                rowMax.withUnsafeMutableBufferPointer { rm in
                    mentorPicks.withUnsafeMutableBufferPointer { picks in
                        let ra = DisjointWrites(ra.baseAddress!), rm = DisjointWrites(rm.baseAddress!), pk = DisjointWrites(picks.baseAddress!)
                        DispatchQueue.concurrentPerform(iterations: count) { r in
                            let i = lo + r
                            let row = base.base + r * n
                            var allowed = 0
                            var biggest = 0.0
                            var keep = _TopK(owners: 1, k: rowKeep[i], span: n, firstOffset: i * n / mentors)
                            let live = rowHighCap[i] > 0
                            for j in 0..<n {
                                let v = row[j]
                                if v == -.infinity { continue }
                                allowed += 1
                                let p = v + bonus[j]
                                biggest = Swift.max(biggest, Swift.abs(p))
                                if live && colHighCap[j] > 0 && (!layered || slotRoom[i * classes + Int(colClass[j])] > 0) {
                                    keep.insert(owner: 0, value: p, item: Int32(j))
                                }
                            }
                            ra.base[i] = allowed
                            rm.base[i] = biggest
                            pk.base[i] = keep.items(of: 0).map { (Int32(i), $0.item, $0.value) }
                        }
                    }
                }
            }
        }
        // Cut by the scoring's share of the limit, or by the limit itself when it is shorter than one
        // block (not cancelled): the mentors not scored get sampled candidates.
        let partial = !finished && stopped != .cancelled
        let cutNote = !partial ? "" : "the time limit cut the scoring after mentor \(scoredRows) of \(m) ("
            + (stopped == .time ? "the limit had passed" : "half of the limit is for scoring") + "; the mentors not reached have a sample of their pairs as candidates)"
        guard finished || partial else { return fail(.noSolutionFound, stopped ?? .cancelled, "stopped while scoring candidates") }
        // Fixed pairs' scores (the stream blanks them), each pair scored alone, mentors in order.
        var badFixed: Pair?
        var fixedTotal = 0.0
        for i in fixedOfRow.keys.sorted() {
            let cols = fixedOfRow[i]!
            var one = [Double](repeating: 0, count: cols.count)
            one.withUnsafeMutableBufferPointer { problem.source.scores(mentor: i, mentees: cols, into: $0) }
            for (j, v) in zip(cols, one) {
                if v == -.infinity { if badFixed == nil { badFixed = Pair(mentor: i, mentee: j) } } else { fixedTotal += v }
            }
        }
        fixedScore = fixedTotal
        if let p = badFixed {
            return fail(.infeasible, .none, "a fixed pair is not allowed", ["fixed pair (mentor \(p.mentor.rawValue), mentee \(p.mentee.rawValue)) is excluded by the scores (forbidden)"])
        }
        // Allowed counts are known for the rows scored (and for the columns only when every row was).
        knownAllowed = partial ? nil : rowAllowed.reduce(0, +)
        for i in 0..<scoredRows { rowHigh[i] = Swift.max(0, Swift.min(rowHigh[i], rowAllowed[i])) }
        if partial {
            // Bounds that always hold: a mentor not scored has at most its row, a mentee at most its
            // allowed pairs so far and every mentor not scored (an unbounded load would overflow the sums).
            for i in scoredRows..<m { rowHigh[i] = Swift.max(0, Swift.min(rowHigh[i], n - (fixedOfRow[i]?.count ?? 0))) }
            for j in 0..<n { colHigh[j] = Swift.max(0, Swift.min(colHigh[j], colAllowed[j] + (m - scoredRows))) }
        } else {
            for j in 0..<n { colHigh[j] = Swift.max(0, Swift.min(colHigh[j], colAllowed[j])) }
        }
        if let i = (0..<scoredRows).first(where: { rowLow[$0] > rowHigh[$0] }) {
            return fail(.infeasible, .none, "a necessary condition fails",
                        ["mentor \(i) must take \(problem.mentorLoad[i].min) mentee(s) but has \(rowAllowed[i] + (fixedOfRow[i]?.count ?? 0)) allowed partner(s)"])
        }
        // The counting condition of FeasibilityCheck, with the allowed pairs of pass 1: no candidate
        // pass can meet minimum loads the mentees cannot absorb in total (its words, so programs name the setting).
        let minLoad = rowLow.reduce(0, +), demandRoom = colHigh.reduce(0, +)
        if demandRoom < minLoad {
            let plain = problem.menteeDemand.reduce(0) { $0 + $1.max } - problem.fixed.count
            let limited = demandRoom == plain ? "" : " (limited to the pairs they are allowed; \(plain) without that limit)"
            return fail(.infeasible, .none, "a necessary condition fails",
                        ["mentees' total demand \(demandRoom)\(limited) is below the mentors' minimum load \(minLoad)"])
        }
        scale = Swift.max(1, rowMax.max() ?? 1)
        let allowedPairs = rowAllowed.reduce(0, +)
        var arcs = [Arc]()
        // The last resort before "undecided": every usable pair becomes a
        // candidate when they fit (``everyPairLimit``); the network on all of
        // them then decides feasibility exactly.
        var everyPair = false
        func addEveryPair() -> Bool {
            guard !partial, !everyPair, allowedPairs <= settings.everyPairLimit else { return false }
            everyPair = true
            var more = [Arc]()
            _ = stream("every allowed pair") { rows, buf in
                for i in rows where rowHigh[i] > 0 {
                    let row = buf.baseAddress! + (i - rows.lowerBound) * n
                    for j in 0..<n where row[j] != -.infinity && colHigh[j] > 0 && (!layered || slotRoom[i * classes + Int(colClass[j])] > 0) {
                        more.append((Int32(i), Int32(j), row[j] + bonus[j]))
                    }
                }
            }
            arcs = sortedUnique(arcs + more)
            return true
        }
        for j in 0..<n { for e in menteeTop.items(of: j) { arcs.append((e.item, Int32(j), e.value)) } }
        for picks in mentorPicks { arcs.append(contentsOf: picks) }
        mentorPicks = []
        menteeTop = _TopK(owners: 0, k: 1)
        if partial {
            report("scoring cut at mentor \(scoredRows)/\(m): sampling candidates for the rest")
            arcs += sampledCandidates(rows: scoredRows..<m, rowHigh: rowHigh, colHigh: colHigh)
        }
        let sorting = ContinuousClock.now
        arcs = sortedUnique(arcs)
        // Round 1's routing stops early enough for a greedy completion (which sorts the candidates
        // again, by profit) to end within the limit: twice this sort's time before it.
        let routingEnd = deadline.map { $0 - sorting.duration(to: .now) * 2 }

        // Rounds: solve on the candidates, price every pair, add the improving ones.
        let tolerance = 1e-9 * scale
        var lastMatching: (matching: Matching, objective: Double, duals: Duals)?
        var infeasibleRows = Set<Int>()
        var shortGroups = Set<Int>()
        // The last round's network when it ended optimal and pricing added pairs: the next round starts from its flow.
        var previous: (net: Network, arcs: [Arc])?
        while true {
            let solveStart = ContinuousClock.now
            var net = buildNetwork(arcs)
            var limit = Termination.Limit.none
            let round = rounds.count + 1
            var checks = 0
            let shouldStop = {
                if let l = stopped { limit = l; return true }
                checks += 1
                if round == settings.routingCutRound, let cut = settings.routingCut, checks > cut { limit = .time; return true }
                if round == 1, let routingEnd, ContinuousClock.now >= routingEnd { limit = .time; return true }
                return false
            }
            var warm = _FlowNetwork.WarmStart.refused
            if let last = previous, let oldArc = carriedArcs(from: last.net, last.arcs, to: net, arcs) {
                warm = net.flow.warmStart(from: last.net.flow, oldArc: oldArc, supply: net.supply, shouldStop: shouldStop)
                if warm == .failed { net = buildNetwork(arcs) }
            }
            previous = nil
            let outcome: _FlowNetwork.Outcome = switch warm {
            case .started: .done
            case .stopped: .cancelled
            case .refused, .failed:
                net.flow.run(supply: net.supply, collectFailures: true, shouldStop: shouldStop,
                             progress: { done, total in report("round \(round): augmenting paths \(done)/\(total)") })
            }
            let solveSeconds = solveStart.secondsElapsed
            // Every mentor the candidates leave short, not only the first:
            // with tied scores the shortlists pick the same few mentees, and
            // adding one mentor's pairs per re-solve took hundreds of solves.
            var shortRows = [Int]()
            switch outcome {
            case .cancelled:
                if let last = lastMatching {
                    // Each earlier round's pricing proved a bound over every pair: the tightest is kept.
                    return finish(SolveReport(termination: Termination(.feasible, limit: limit, detail: "stopped in round \(round); the matching of round \(round - 1) is not proven optimal"),
                                              matching: last.matching, objective: last.objective, bound: provenBound(atLeast: last.objective),
                                              solver: CandidatePricingSolver.identity, duals: last.duals))
                }
                // The flow so far keeps every maximum: completed greedily, it is a matching when the
                // minimums can be met on the candidates.
                if let (matching, objective) = greedyCompletion(net, arcs) {
                    let detail = (partial ? cutNote + "; " : "")
                        + "stopped in round 1 before every unit was routed; the flow so far, completed greedily on the candidate pairs (minimum loads and quota minimums first), is not proven optimal"
                    return finish(SolveReport(termination: Termination(.feasible, limit: limit, detail: detail),
                                              matching: matching, objective: objective, solver: CandidatePricingSolver.identity))
                }
                return fail(.noSolutionFound, limit, "stopped before every unit was routed, and the candidate pairs gave no greedy matching that meets every minimum")
            case .infeasible:
                if !net.menteeRows { shortRows = net.flow.failedSources }
            case .unmetMinimum(let arc):
                shortRows = net.flow.failedMinimums.compactMap { net.mentorOfMinimum[$0] }
                if shortRows.isEmpty, let g = net.groupOfMinimum[arc] {
                    // The candidates may lack the pairs this group needs: give its mentees every allowed pair once.
                    guard shortGroups.insert(g).inserted else {
                        let why = ["constraints[\(groupRule[g])] quota needs at least \(groupLow[g]) pair(s) in its group, more than the allowed pairs allow"]
                        if everyPair { return fail(.infeasible, .none, "no matching on every allowed pair meets quota rule \(groupRule[g])'s minimum", why) }
                        if addEveryPair() { continue }
                        return fail(.noSolutionFound, .none, "the candidate pairs cannot meet quota rule \(groupRule[g])'s minimum even with all of its mentees' pairs; solve densely to decide feasibility", why)
                    }
                    let members = (0..<n).filter { groupOf[$0] == Int32(g) && colHigh[$0] > 0 }
                    let more: [Arc] = {
                        var out = [Arc]()
                        _ = stream("quota rule \(groupRule[g]): all pairs of its mentees") { rows, buf in
                            for i in rows where rowHigh[i] > 0 {
                                let row = buf.baseAddress! + (i - rows.lowerBound) * n
                                for j in members where row[j] != -.infinity && (!layered || slotRoom[i * classes + Int(colClass[j])] > 0) {
                                    out.append((Int32(i), Int32(j), row[j] + bonus[j]))
                                }
                            }
                        }
                        return out
                    }()
                    arcs = sortedUnique(arcs + more)
                    continue
                }
            case .done:
                break
            }
            if !shortRows.isEmpty {
                // The candidates may lack the pairs these mentors need: give
                // each every allowed pair, once, all in this round.
                let fresh = shortRows.filter { infeasibleRows.insert($0).inserted }
                guard !fresh.isEmpty else {
                    let row = shortRows[0]
                    let why = ["mentor \(row) cannot take the \(problem.mentorLoad[row].min) mentee(s) it must have without breaking another rule"]
                    if everyPair { return fail(.infeasible, .none, "no matching on every allowed pair meets mentor \(row)'s minimum load", why) }
                    if addEveryPair() { continue }
                    return fail(.noSolutionFound, .none, "the candidate pairs cannot meet mentor \(row)'s minimum load even with all of that mentor's pairs; solve densely to decide feasibility", why)
                }
                let one = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
                defer { one.deallocate() }
                for row in fresh {
                    problem.source.scores(mentors: row..<(row + 1), into: one)
                    for j in fixedOfRow[row] ?? [] { one[j] = -.infinity }
                    for j in 0..<n where one[j] != -.infinity && colHigh[j] > 0 && (!layered || slotRoom[row * classes + Int(colClass[j])] > 0) {
                        arcs.append((Int32(row), Int32(j), one[j] + bonus[j]))
                    }
                }
                arcs = sortedUnique(arcs)
                continue
            }
            if case .done = outcome {} else {
                return fail(.error, .none, "internal error: a unit could not be routed on the candidate pairs")
            }
            let (matching, objective, potentialDuals) = extract(net, arcs)
            var duals = potentialDuals
            lastMatching = (matching, objective, duals)
            if partial {
                // No pricing pass fits in what is left of the limit: the matching, unproven, without a bound.
                rounds.append(PricingRound(candidates: arcs.count, objective: objective, bound: nil, improving: 0,
                                           solveSeconds: solveSeconds, pricingSeconds: 0, nodesSettled: net.flow.settled))
                let detail = cutNote + ": the matching is optimal on its candidate pairs, with no bound over all pairs"
                return finish(SolveReport(termination: Termination(.feasible, limit: .time, detail: detail),
                                          matching: matching, objective: objective, solver: CandidatePricingSolver.identity, duals: duals))
            }

            // Pricing: every pair's reduced profit under the duals, in parallel over rows.
            let priceStart = ContinuousClock.now
            // A pair's reduced profit is v + bonus − colPotential[j] − rowBases[(mentor, value)]
            // with colPotential = β and rowBases = α + γ.
            let zeta = groupRule.map { potentialDuals.constraints[$0]?.first ?? 0 }
            let colPotential = (0..<n).map { j in -(potentialDuals.mentees[j] + (groupOf[j] >= 0 ? zeta[Int(groupOf[j])] : 0)) }
            let gamma = potentialDuals.constraints[0] ?? []
            let rowBases = (0..<(m * (layered ? classes : 1))).map { s in
                layered ? potentialDuals.mentors[s / classes] + gamma[s] : potentialDuals.mentors[s]
            }
            let pass = _PricingPass(rows: m, slots: layered ? m * classes : 0, arcs: arcs)
            defer { pass.release() }
            let rowHighNow = rowHigh, colHighNow = colHigh
            let keep = settings.addedPerMentorPerRound
            let priced: Bool = stream("round \(round): pricing") { rows, buf in
                let lo = rows.lowerBound
                let base = DisjointWrites(buf.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: rows.count) { r in
                    let i = lo + r
                    let row = base.base + r * n
                    let k0 = layered ? i * classes : i
                    guard rowHighNow[i] > 0 else {
                        // A mentor with no room: its dual rises to cover its best pair, at no cost.
                        var top = 0.0
                        for j in 0..<n where row[j] != -.infinity {
                            top = Swift.max(top, row[j] + bonus[j] + colPotential[j] - rowBases[k0 + (layered ? Int(colClass[j]) : 0)])
                        }
                        pass.rowRaise[i] = top
                        return
                    }
                    var sum = 0.0, count = 0
                    var best = _TopK(owners: 1, k: keep)
                    var deadHits = [(col: Int32, profit: Double)]()
                    for j in 0..<n {
                        let v = row[j]
                        if v == -.infinity { continue }
                        let k = layered ? Int(colClass[j]) : 0
                        let rp = v + bonus[j] + colPotential[j] - rowBases[k0 + k]
                        guard rp > 0 else { continue }
                        if layered && slotRoom[k0 + k] <= 0 {
                            // A (mentor, value) with no room: its dual rises instead, at no cost.
                            pass.slotRaise[k0 + k] = Swift.max(pass.slotRaise[k0 + k], rp)
                            continue
                        }
                        // A mentee with no room: likewise (few of them: those filled by fixed pairs).
                        if colHighNow[j] == 0 { deadHits.append((Int32(j), rp)); continue }
                        sum += rp
                        if rp > tolerance && !pass.isCandidate(row: i, col: Int32(j)) {
                            count += 1
                            best.insert(owner: 0, value: rp, item: Int32(j))
                        }
                    }
                    pass.positive[i] = sum
                    pass.improving[i] = count
                    if !deadHits.isEmpty { pass.deadHits[i] = deadHits }
                    if count > 0 { pass.additions[i] = best.items(of: 0).map { (Int32(i), $0.item, row[Int($0.item)] + bonus[Int($0.item)]) } }
                }
            }
            let pricingSeconds = priceStart.secondsElapsed
            let positive = Array(pass.positive)
            let improving = Array(pass.improving)
            guard priced else {
                rounds.append(PricingRound(candidates: arcs.count, objective: objective, bound: nil, improving: 0,
                                           solveSeconds: solveSeconds, pricingSeconds: pricingSeconds, nodesSettled: net.flow.settled))
                return finish(SolveReport(termination: Termination(.feasible, limit: stopped ?? .cancelled, detail: "stopped while pricing round \(round); the matching is optimal on its candidate pairs only"),
                                          matching: matching, objective: objective, bound: provenBound(atLeast: objective),
                                          solver: CandidatePricingSolver.identity, duals: duals))
            }
            let bound = dualBound(potentialDuals, positive: positive)
            duals = certificate(duals, pass)
            let found = improving.reduce(0, +)
            rounds.append(PricingRound(candidates: arcs.count, objective: objective, bound: bound, improving: found,
                                       solveSeconds: solveSeconds, pricingSeconds: pricingSeconds, nodesSettled: net.flow.settled))
            let gapTolerance = 1e-9 * Swift.max(1, Swift.abs(objective))
            if found == 0 || bound - objective <= gapTolerance {
                let proven = bound - objective <= 1e-7 * Swift.max(1, Swift.abs(objective))
                let detail = proven
                    ? "proven optimal over all \(allowedPairs) allowed pairs: no pair left out improves the matching (\(rounds.count) pricing round(s), \(arcs.count) candidate pairs)"
                    : "optimal on the candidate pairs; the dual bound over all pairs is looser than the objective"
                return finish(SolveReport(termination: Termination(.optimal, detail: detail), matching: matching, objective: objective,
                                          bound: Swift.max(bound, objective), solver: CandidatePricingSolver.identity,
                                          diagnostics: rounds.enumerated().map { "pricing round \($0.offset + 1): \($0.element.candidates) candidates, objective \($0.element.objective), bound \($0.element.bound ?? .nan), \($0.element.improving) improving pair(s)" },
                                          duals: duals))
            }
            if let limit = stopped {
                return finish(SolveReport(termination: Termination(.feasible, limit: limit, detail: "stopped after pricing round \(round)"),
                                          matching: matching, objective: objective, bound: provenBound(atLeast: objective),
                                          solver: CandidatePricingSolver.identity, duals: duals))
            }
            previous = (net, arcs)
            for list in pass.additions { arcs.append(contentsOf: list) }
            arcs = sortedUnique(arcs)
        }
    }

    /// Candidates for mentors `rows`, which the first pass did not score: each
    /// gets a sample of mentees spread evenly over the columns — a stride
    /// prime to N from a start hashed from `i` (SplitMix64), so that the
    /// samples of all mentors cover the mentees instead of lining up on the
    /// same ones — scored pair by pair (``/MatchingCore/PairScoreSource/scores(mentor:mentees:into:)``),
    /// and every allowed pair of it becomes a candidate: at least 64 per
    /// mentor, and four times what it keeps after a full pass.
    ///
    /// - Complexity: O(rows · sample · criteria) to score, no full row.
    func sampledCandidates(rows: Range<Int>, rowHigh: [Int], colHigh: [Int]) -> [Arc] {
        var out = [Arc]()
        guard n > 0 else { return out }
        let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
        defer { buffer.deallocate() }
        for i in rows where rowHigh[i] > 0 {
            let want = Swift.min(n, Swift.max(64, 4 * (settings.candidatesPerMentor + rowLow[i])))
            // A stride prime to n from a start of the mentor's own (a hash of i): the columns are
            // distinct, and two mentors' samples rarely meet (a shared arithmetic step lined
            // every mentor up on the same few thousand mentees).
            var step = Swift.max(1, n / want)
            while gcd(step, n) != 1 { step += 1 }
            var mix = SplitMix64(seed: UInt64(i))
            let offset = Int(mix.next() % UInt64(n))
            let cols = (0..<want).map { (offset + $0 * step) % n }
            problem.source.scores(mentor: i, mentees: cols, into: buffer)
            let fixed = fixedOfRow[i] ?? []
            for (k, j) in cols.enumerated() where buffer[k] != -.infinity && colHigh[j] > 0 && !fixed.contains(j)
                && (!layered || slotRoom[i * classes + Int(colClass[j])] > 0) {
                out.append((Int32(i), Int32(j), buffer[k] + bonus[j]))
            }
        }
        return out
    }

    /// For each arc of `net` (built on `arcs`), the index of the same arc in
    /// `old` (built on `oldArcs`, which `arcs` extends), or −1 for a pair
    /// `old` did not have; `nil` when the two networks differ beyond their
    /// pairs, or when the new pairs are more than an eighth of the units
    /// (a solve from nothing is then cheaper). Pair arcs come first, in
    /// candidate order; the rest (slots, `Z`, groups, the sink) are the same
    /// arcs in the same order in both.
    func carriedArcs(from old: Network, _ oldArcs: [Arc], to net: Network, _ arcs: [Arc]) -> [Int]? {
        let count = net.flow.head.count / 2, oldCount = old.flow.head.count / 2
        guard old.menteeRows == net.menteeRows, count - arcs.count == oldCount - oldArcs.count,
              net.arcOfCandidate.count == arcs.count, old.arcOfCandidate.count == oldArcs.count else { return nil }
        var index = [Int64: Int](minimumCapacity: oldArcs.count)
        for (c, a) in oldArcs.enumerated() { index[Int64(a.row) << 32 | Int64(a.col)] = old.arcOfCandidate[c] }
        var oldArc = [Int](repeating: -1, count: count)
        var fresh = 0
        for (c, a) in arcs.enumerated() {
            let o = index[Int64(a.row) << 32 | Int64(a.col)] ?? -1
            oldArc[net.arcOfCandidate[c]] = o
            if o < 0 { fresh += 1 }
        }
        // Each new pair moves a unit by one search, and a search late in a solve costs far more
        // than the early ones of a solve from nothing: past an eighth of the units, solve afresh.
        // (Generated 5,000 × 25,000 with a binding quota: round 2 adds 5,441 pairs for 12,250
        // units and took 53 s warm against 14 s afresh; rounds 3 and 4 add 5 and 0.)
        let units = net.supply.reduce(0) { $0 + $1.units }
        guard fresh * 8 <= units else { return nil }
        for k in 0..<(count - arcs.count) { oldArc[arcs.count + k] = oldArcs.count + k }
        return oldArc
    }

    /// The duals raised where a side has no room left (a mentor, a mentee
    /// or a (mentor, value)): each such dual covers the largest reduced
    /// profit among its pairs, at no cost in the bound (its bound term is
    /// multiplied by zero room), so the duals prove the same bound as
    /// ``dualBound(_:positive:)`` when checked over the whole problem by
    /// ``DualBound``.
    func certificate(_ duals: Duals, _ pass: _PricingPass) -> Duals {
        var d = duals
        for i in 0..<m where pass.rowRaise[i] > 0 { d.mentors[i] += pass.rowRaise[i] }
        if layered, var gamma = d.constraints[0] {
            for s in gamma.indices where pass.slotRaise[s] > 0 { gamma[s] += pass.slotRaise[s] }
            d.constraints[0] = gamma
        }
        var colRaise = [Double](repeating: 0, count: n)
        for i in 0..<m { for hit in pass.deadHits[i] { colRaise[Int(hit.col)] = Swift.max(colRaise[Int(hit.col)], hit.profit) } }
        for j in 0..<n where colRaise[j] > 0 { d.mentees[j] += colRaise[j] }
        return d
    }

    func sortedUnique(_ arcs: [Arc]) -> [Arc] {
        let colClass = self.colClass, layered = self.layered
        let sorted = arcs.sorted { a, b in
            if a.row != b.row { return a.row < b.row }
            let ka = layered ? colClass[Int(a.col)] : 0, kb = layered ? colClass[Int(b.col)] : 0
            return ka != kb ? ka < kb : a.col < b.col
        }
        var out = [Arc]()
        out.reserveCapacity(sorted.count)
        for a in sorted where out.last.map({ $0.row != a.row || $0.col != a.col }) ?? true { out.append(a) }
        return out
    }

    /// The flow network of one round: which side is routed, the nodes, the
    /// source supplies, and where each candidate pair's arc is.
    struct Network {
        var flow: _FlowNetwork
        /// Mentees are the routed side (each mentee's units go to a mentor
        /// or to `Z`); otherwise mentors are.
        let menteeRows: Bool
        let supply: [(node: Int, units: Int)]
        /// Builder index of each candidate's arc, in `arcs` order.
        let arcOfCandidate: [Int]
        /// The mentor whose minimum-load arc each lower-bounded arc is.
        let mentorOfMinimum: [Int: Int]
        /// The quota group whose minimum each lower-bounded arc is.
        var groupOfMinimum: [Int: Int] = [:]
        /// Node of quota group 0 (mentors routed, with quotas).
        var groupBase = 0
        let slotBase: Int
        let colBase: Int
    }

    /// The network of the candidate pairs `arcs`. The side with fewer units
    /// is routed, so that searches end at the other side's free room:
    /// - mentors routed: mentor → (mentor, value) slot → mentee → T, and mentor → Z → T
    ///   for the units above its minimum;
    /// - mentees routed: mentee → (mentor, value of the mentee) slot → mentor → T,
    ///   mentee → Z → T; mentor minimums are lower bounds on mentor → T.
    func buildNetwork(_ arcs: [Arc]) -> Network {
        let k = layered ? classes : 1
        let mentorUnits = rowHigh.reduce(0, +), menteeUnits = colHigh.reduce(0, +)
        // Quota groups sit between mentees and the sink: mentors are routed then.
        let menteeRows = menteeUnits < mentorUnits && groupRule.isEmpty
        var b = _FlowNetwork.Builder()
        var arcOfCandidate = [Int]()
        arcOfCandidate.reserveCapacity(arcs.count)
        var mentorOfMinimum = [Int: Int]()
        let big = Int(Int32.max) / 2
        if !menteeRows {
            let slotBase = m, colBase = m + (layered ? m * k : 0), groupBase = colBase + n
            let z = groupBase + groupRule.count, t = z + 1
            // Potentials valid for the empty flow: mentees, Z and T at 0; each
            // slot (or mentor, without the rule) at its best profit; each mentor
            // at its best slot with room, and at least Z's when it may leave units out.
            var p = [Double](repeating: 0, count: t + 1)
            var best = [Double](repeating: -.infinity, count: colBase)
            for a in arcs {
                let i = Int(a.row), j = Int(a.col)
                let from = layered ? slotBase + i * k + Int(colClass[j]) : i
                arcOfCandidate.append(b.add(from, colBase + j, capacity: 1, cost: -a.profit))
                best[from] = Swift.max(best[from], a.profit)
            }
            for i in 0..<m {
                var top = rowHigh[i] > rowLow[i] ? 0.0 : -Double.infinity
                if layered {
                    for kk in 0..<k where slotRoom[i * k + kk] > 0 {
                        b.add(i, slotBase + i * k + kk, capacity: slotRoom[i * k + kk])
                        top = Swift.max(top, best[slotBase + i * k + kk])
                    }
                } else {
                    top = Swift.max(top, best[i])
                }
                p[i] = top == -.infinity ? 0 : top
                if layered {
                    // A slot with no arc needs only p_slot ≤ p_mentor.
                    for kk in 0..<k { let s = slotBase + i * k + kk; p[s] = best[s] == -.infinity ? p[i] : best[s] }
                }
                if rowHigh[i] > rowLow[i] { b.add(i, z, capacity: rowHigh[i] - rowLow[i]) }
            }
            for j in 0..<n where colHigh[j] > 0 { b.add(colBase + j, groupOf[j] >= 0 ? groupBase + Int(groupOf[j]) : t, capacity: colHigh[j]) }
            var groupOfMinimum = [Int: Int]()
            for g in groupRule.indices {
                let e = b.add(groupBase + g, t, capacity: groupHigh[g], low: Swift.min(groupLow[g], groupHigh[g]))
                if groupLow[g] > 0 { groupOfMinimum[e] = g }
            }
            b.add(z, t, capacity: big)
            let flow = _FlowNetwork(nodes: t + 1, sink: t, b, potential: p)
            var net = Network(flow: flow, menteeRows: false, supply: (0..<m).filter { rowHigh[$0] > 0 }.map { ($0, rowHigh[$0]) },
                              arcOfCandidate: arcOfCandidate, mentorOfMinimum: [:], slotBase: slotBase, colBase: colBase)
            net.groupOfMinimum = groupOfMinimum
            net.groupBase = groupBase
            return net
        }
        let slotBase = n, colBase = n + (layered ? m * k : 0), z = colBase + m, t = z + 1
        var p = [Double](repeating: 0, count: t + 1)
        for a in arcs {
            let i = Int(a.row), j = Int(a.col)
            let to = layered ? slotBase + i * k + Int(colClass[j]) : colBase + i
            arcOfCandidate.append(b.add(j, to, capacity: 1, cost: -a.profit))
            p[j] = Swift.max(p[j], a.profit)
        }
        if layered {
            for s in 0..<(m * k) where slotRoom[s] > 0 { b.add(slotBase + s, colBase + s / k, capacity: slotRoom[s]) }
        }
        for i in 0..<m where rowHigh[i] > 0 {
            let e = b.add(colBase + i, t, capacity: rowHigh[i], low: rowLow[i])
            if rowLow[i] > 0 { mentorOfMinimum[e] = i }
        }
        for j in 0..<n where colHigh[j] > 0 { b.add(j, z, capacity: colHigh[j]) }
        b.add(z, t, capacity: big)
        let flow = _FlowNetwork(nodes: t + 1, sink: t, b, potential: p)
        // Every mentor below its minimum must be reachable: a mentor with no arc at all is short at once.
        return Network(flow: flow, menteeRows: true, supply: (0..<n).filter { colHigh[$0] > 0 }.map { ($0, colHigh[$0]) },
                       arcOfCandidate: arcOfCandidate, mentorOfMinimum: mentorOfMinimum, slotBase: slotBase, colBase: colBase)
    }

    /// The matching (fixed pairs included), its objective, and the duals
    /// from the potentials (`T` the sink):
    /// - mentors routed: `α = p_mentor − p_T`, `β = p_T − p_mentee`, `γ = max(0, p_slot − p_mentor)`;
    /// - mentees routed: `β = p_mentee − p_T`, `α = p_T − p_mentor`, `γ = max(0, p_mentor − p_slot)`.
    func extract(_ net: Network, _ arcs: [Arc]) -> (Matching, Double, Duals) {
        var pairs = problem.fixed
        var objective = fixedScore
        var matched = [Bool](repeating: false, count: n)
        for p in problem.fixed { matched[p.mentee.rawValue] = true }
        for (c, a) in arcs.enumerated() where net.flow.flow(net.arcOfCandidate[c]) > 0 {
            let j = Int(a.col)
            pairs.append(Pair(mentor: Int(a.row), mentee: j))
            objective += a.profit - bonus[j]
            matched[j] = true
        }
        for j in 0..<n where !matched[j] { objective -= problem.unmatchedPenalty[j] }
        let pot = net.flow.potential, t = pot[net.flow.sink]
        let k = layered ? classes : 1
        var duals: Duals
        if net.menteeRows {
            duals = Duals(mentors: (0..<m).map { t - pot[net.colBase + $0] }, mentees: (0..<n).map { pot[$0] - t })
            if layered {
                duals.constraints[0] = (0..<(m * k)).map { s in Swift.max(0, pot[net.colBase + s / k] - pot[net.slotBase + s]) }
            }
        } else {
            // A mentee's dual is measured from its quota group (ζ = p_T − p_group), or from T.
            duals = Duals(mentors: (0..<m).map { pot[$0] - t },
                          mentees: (0..<n).map { j in (groupOf[j] >= 0 ? pot[net.groupBase + Int(groupOf[j])] : t) - pot[net.colBase + j] })
            for (g, rule) in groupRule.enumerated() { duals.constraints[rule] = [t - pot[net.groupBase + g]] }
            if layered {
                duals.constraints[0] = (0..<(m * k)).map { s in Swift.max(0, pot[net.slotBase + s] - pot[s / k]) }
            }
        }
        pairs.sort()
        return (Matching(pairs: pairs), objective, duals)
    }

    /// A matching from a flow the limit stopped part-way: its pairs keep
    /// every maximum (loads, demands, the `maxPerMentor` slots, quota
    /// maximums) but the minimums may be unmet. Greedily on the candidate
    /// pairs, best profit first: each mentor below its minimum load takes
    /// unmatched mentees, or a mentee from a mentor above its own minimum
    /// (from its whole row, scored then, when its candidates fall short);
    /// each quota group below its minimum gains unmatched mentees; then every
    /// unmatched mentee whose pair raises the total joins it. `nil` when a
    /// minimum is still unmet. The objective is the real one (scores of the
    /// pairs, fixed ones included, minus penalties).
    ///
    /// - Complexity: O(A·log A) for A candidate pairs, plus O(N) per mentor whose row is scored.
    func greedyCompletion(_ net: Network, _ candidates: [Arc]) -> (Matching, Double)? {
        let k = layered ? classes : 1
        var arcs = candidates
        var load = [Int](repeating: 0, count: m), demand = [Int](repeating: 0, count: n)
        var slots = [Int](repeating: 0, count: layered ? m * k : 0), groups = [Int](repeating: 0, count: groupLow.count)
        var arcOf = [Int](repeating: -1, count: n)   // a single-mentor mentee's chosen arc
        var chosen = [Bool](repeating: false, count: arcs.count)
        func count(_ c: Int, _ sign: Int) {
            let i = Int(arcs[c].row), j = Int(arcs[c].col)
            chosen[c] = sign > 0
            load[i] += sign
            demand[j] += sign
            if layered { slots[i * k + Int(colClass[j])] += sign }
            if groupOf[j] >= 0 { groups[Int(groupOf[j])] += sign }
            arcOf[j] = sign > 0 && colHigh[j] == 1 ? c : -1
        }
        func usable(_ i: Int, _ j: Int) -> Bool {
            colHigh[j] > 0 && (!layered || slotRoom[i * k + Int(colClass[j])] > 0)
        }
        func fits(_ c: Int) -> Bool {
            let i = Int(arcs[c].row), j = Int(arcs[c].col)
            return !chosen[c] && load[i] < rowHigh[i] && demand[j] < colHigh[j]
                && (!layered || slots[i * k + Int(colClass[j])] < slotRoom[i * k + Int(colClass[j])])
                && (groupOf[j] < 0 || groups[Int(groupOf[j])] < groupHigh[Int(groupOf[j])])
        }
        for c in arcs.indices where net.flow.flow(net.arcOfCandidate[c]) > 0 { count(c, 1) }
        func byProfit(_ cs: some Sequence<Int>) -> [Int] { cs.sorted { (arcs[$0].profit, $1) > (arcs[$1].profit, $0) } }
        let candidateOrder = byProfit(arcs.indices)
        var ofRow = [[Int]](repeating: [], count: m)
        for c in candidateOrder { ofRow[Int(arcs[c].row)].append(c) }
        /// Raises mentor `i` toward its minimum on the arcs `cs`: free mentees first, then one from a mentor that can spare it.
        func meetMinimum(_ i: Int, _ cs: [Int]) {
            for c in cs where load[i] < rowLow[i] && fits(c) { count(c, 1) }
            for c in cs where load[i] < rowLow[i] && !chosen[c] {
                let old = arcOf[Int(arcs[c].col)]
                guard old >= 0, case let other = Int(arcs[old].row), other != i, load[other] > rowLow[other] else { continue }
                count(old, -1)
                if fits(c) { count(c, 1) } else { count(old, 1) }
            }
        }
        let row = UnsafeMutableBufferPointer<Double>.allocate(capacity: Swift.max(1, n))
        defer { row.deallocate() }
        for i in 0..<m where load[i] < rowLow[i] {
            meetMinimum(i, ofRow[i])
            if load[i] < rowLow[i] {
                // The candidates (a sample, for a mentor the scoring did not reach) fall short: its whole row.
                problem.source.scores(mentors: i..<(i + 1), into: row)
                let fixed = fixedOfRow[i] ?? []
                let known = Set(ofRow[i].map { Int(arcs[$0].col) })
                var more = [Int]()
                for j in 0..<n where row[j] != -.infinity && usable(i, j) && !fixed.contains(j) && !known.contains(j) {
                    more.append(arcs.count)
                    arcs.append((Int32(i), Int32(j), row[j] + bonus[j]))
                    chosen.append(false)
                }
                ofRow[i] = byProfit(ofRow[i] + more)
                meetMinimum(i, ofRow[i])
            }
            guard load[i] >= rowLow[i] else { return nil }
        }
        // Quota minimums, then every pair that raises the total (an unmatched mentee's profit includes its penalty).
        let order = arcs.count == candidates.count ? candidateOrder : byProfit(arcs.indices)
        for g in groups.indices where groups[g] < groupLow[g] {
            for c in order where groups[g] < groupLow[g] && groupOf[Int(arcs[c].col)] == Int32(g) && demand[Int(arcs[c].col)] == 0 && fits(c) { count(c, 1) }
            guard groups[g] >= groupLow[g] else { return nil }
        }
        for c in order where arcs[c].profit > 0 && demand[Int(arcs[c].col)] == 0 && fits(c) { count(c, 1) }
        var pairs = problem.fixed
        var objective = fixedScore
        for c in arcs.indices where chosen[c] {
            let j = Int(arcs[c].col)
            pairs.append(Pair(mentor: Int(arcs[c].row), mentee: j))
            objective += arcs[c].profit - bonus[j]
        }
        var matched = [Bool](repeating: false, count: n)
        for p in pairs { matched[p.mentee.rawValue] = true }
        for j in 0..<n where !matched[j] { objective -= problem.unmatchedPenalty[j] }
        pairs.sort()
        return (Matching(pairs: pairs), objective)
    }

    /// The bound the duals prove over every pair: the LP dual objective
    /// of the folded problem, `Σ α⁺·high − α⁻·low + Σ β⁺·high + Σ γ·room +
    /// Σ max(0, reduced profit)`, minus the folded penalties, plus the fixed
    /// pairs. (Pairs into a mentee, mentor or (mentor, value) with no room
    /// left are skipped: that side's dual can be raised at no cost.)
    func dualBound(_ duals: Duals, positive: [Double]) -> Double {
        var total = fixedScore
        for i in 0..<m {
            let a = duals.mentors[i]
            total += a >= 0 ? a * Double(rowHigh[i]) : a * Double(rowLow[i])
        }
        for j in 0..<n {
            let b = duals.mentees[j]
            if b > 0 { total += b * Double(colHigh[j]) }
            total -= bonus[j]
        }
        if !groupRule.isEmpty {
            // A group can take no more than its mentees' room (the bound for a quota with no maximum).
            var units = [Int](repeating: 0, count: groupRule.count)
            for j in 0..<n where groupOf[j] >= 0 { units[Int(groupOf[j])] += colHigh[j] }
            for (g, rule) in groupRule.enumerated() {
                let zeta = duals.constraints[rule]?.first ?? 0
                total += zeta >= 0 ? zeta * Double(Swift.min(groupHigh[g], units[g])) : zeta * Double(groupLow[g])
            }
        }
        if layered, let gamma = duals.constraints[0] {
            for s in 0..<(m * classes) where slotRoom[s] > 0 { total += gamma[s] * Double(slotRoom[s]) }
        }
        for x in positive { total += x }
        return total
    }
}

/// The outputs of one pricing pass, one entry per mentor (or per (mentor,
/// value)), each written by the thread that prices that mentor's row.
struct _PricingPass: @unchecked Sendable {
    let positive: UnsafeMutableBufferPointer<Double>
    let improving: UnsafeMutableBufferPointer<Int>
    let additions: UnsafeMutableBufferPointer<[(row: Int32, col: Int32, profit: Double)]>
    let rowRaise: UnsafeMutableBufferPointer<Double>
    let slotRaise: UnsafeMutableBufferPointer<Double>
    let deadHits: UnsafeMutableBufferPointer<[(col: Int32, profit: Double)]>
    /// Per mentor, its candidate mentees ascending: `candidateCols[candidateStart[i] ..< candidateStart[i + 1]]`.
    let candidateStart: [Int]
    let candidateCols: [Int32]

    init(rows m: Int, slots: Int, arcs: [(row: Int32, col: Int32, profit: Double)]) {
        func make<T>(_ count: Int, _ value: T) -> UnsafeMutableBufferPointer<T> {
            let b = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
            b.initialize(repeating: value)
            return b
        }
        positive = make(m, 0)
        improving = make(m, 0)
        additions = make(m, [])
        rowRaise = make(m, 0)
        slotRaise = make(slots, 0)
        deadHits = make(m, [])
        var start = [Int](repeating: 0, count: m + 1)
        for a in arcs { start[Int(a.row) + 1] += 1 }
        for i in 0..<m { start[i + 1] += start[i] }
        var cols = [Int32](repeating: 0, count: arcs.count)
        var fill = start
        for a in arcs { cols[fill[Int(a.row)]] = a.col; fill[Int(a.row)] += 1 }
        for i in 0..<m { cols[start[i]..<start[i + 1]].sort() }
        candidateStart = start
        candidateCols = cols
    }

    /// Whether (row, col) is a candidate already.
    func isCandidate(row i: Int, col j: Int32) -> Bool {
        var lo = candidateStart[i], hi = candidateStart[i + 1]
        let end = hi
        while lo < hi {
            let mid = (lo + hi) >> 1
            if candidateCols[mid] < j { lo = mid + 1 } else { hi = mid }
        }
        return lo < end && candidateCols[lo] == j
    }

    func release() {
        for b in [positive, rowRaise, slotRaise] { b.deallocate() }
        improving.deallocate()
        additions.deinitialize()
        additions.deallocate()
        deadHits.deinitialize()
        deadHits.deallocate()
    }
}

/// The `k` largest values per owner, in flat arrays; owners are filled by
/// one thread each. Ties go to the item that comes first in the owner's own
/// rotation of the items `0..<span` — starting at `offset(owner)`, spread
/// evenly over the items — so that owners with tied values (coarse ratings,
/// yes/no criteria, blank answers) keep different items instead of all the
/// lowest-numbered ones. The kept set is the top `k` by (value, rotated
/// position), whatever the order of insertion. Without `span`, ties keep the
/// lowest item.
struct _TopK {
    let k: Int
    var values: [Double]
    var items: [Int32]
    var count: [Int32]
    var minSlot: [Int32]
    /// Items are `0..<span`; 0 for no rotation.
    let span: Int
    /// Per owner, the item its rotation starts at.
    var offsets: [Int32]

    /// `k` per owner for `owners` owners; with `span`, owner `o` starts its
    /// rotation at `o · span / owners`, or at `firstOffset` when there is
    /// one owner.
    init(owners: Int, k: Int, span: Int = 0, firstOffset: Int = 0) {
        self.k = k
        self.span = span
        values = [Double](repeating: 0, count: owners * k)
        items = [Int32](repeating: 0, count: owners * k)
        count = [Int32](repeating: 0, count: owners)
        minSlot = [Int32](repeating: 0, count: owners)
        offsets = span == 0 ? [] : owners == 1 ? [Int32(firstOffset % span)] : (0..<owners).map { Int32($0 * span / owners) }
    }

    mutating func insert(owner: Int, value: Double, item: Int32) {
        withShared { $0.insert(owner: owner, value: value, item: item) }
    }

    /// The item's place in a rotation of `0..<span` that starts at `offset` (its index without one).
    @inline(__always)
    static func position(_ item: Int32, offset: Int32, span: Int) -> Int {
        guard span > 0 else { return Int(item) }
        let p = Int(item) - Int(offset)
        return p < 0 ? p + span : p
    }

    /// The kept entries of `owner`, best first (ties: earlier in the owner's rotation first).
    func items(of owner: Int) -> [(value: Double, item: Int32)] {
        let base = owner * k
        let offset = span == 0 ? 0 : offsets[owner]
        return (0..<Int(count[owner])).map { (values[base + $0], items[base + $0]) }
            .sorted { $0.value != $1.value ? $0.value > $1.value
                : Self.position($0.item, offset: offset, span: span) < Self.position($1.item, offset: offset, span: span) }
    }

    /// Runs `body` with pointers that several threads may use for distinct owners.
    mutating func withShared<R>(_ body: (_TopKPointers) -> R) -> R {
        let k = self.k, span = self.span
        return values.withUnsafeMutableBufferPointer { v in
            items.withUnsafeMutableBufferPointer { it in
                count.withUnsafeMutableBufferPointer { c in
                    minSlot.withUnsafeMutableBufferPointer { ms in
                        offsets.withUnsafeMutableBufferPointer { o in
                            body(_TopKPointers(k: k, values: v.baseAddress, items: it.baseAddress, count: c.baseAddress!, minSlot: ms.baseAddress!,
                                               span: span, offsets: o.baseAddress))
                        }
                    }
                }
            }
        }
    }
}

/// Pointers into a ``_TopK``, shared by threads that own distinct owners.
struct _TopKPointers: @unchecked Sendable {
    let k: Int
    let values: UnsafeMutablePointer<Double>?
    let items: UnsafeMutablePointer<Int32>?
    let count: UnsafeMutablePointer<Int32>
    let minSlot: UnsafeMutablePointer<Int32>
    let span: Int
    let offsets: UnsafeMutablePointer<Int32>?

    /// The item's place in the owner's rotation (``_TopK/position(_:offset:span:)``).
    @inline(__always)
    func position(_ owner: Int, _ item: Int32) -> Int {
        guard let offsets else { return Int(item) }
        return _TopK.position(item, offset: offsets[owner], span: span)
    }

    @inline(__always)
    func insert(owner: Int, value: Double, item: Int32) {
        guard k > 0, let values, let items else { return }
        let base = owner * k
        let c = Int(count[owner])
        if c < k {
            values[base + c] = value
            items[base + c] = item
            count[owner] = Int32(c + 1)
            if c + 1 == k { recomputeMin(owner) }
            return
        }
        let s = base + Int(minSlot[owner])
        guard value > values[s] || (value == values[s] && position(owner, item) < position(owner, items[s])) else { return }
        values[s] = value
        items[s] = item
        recomputeMin(owner)
    }

    /// The slot to replace next: the smallest value, the latest in the rotation among equals.
    @inline(__always)
    func recomputeMin(_ owner: Int) {
        guard let values, let items else { return }
        let base = owner * k
        var best = 0
        for q in 1..<k where values[base + q] < values[base + best]
            || (values[base + q] == values[base + best] && position(owner, items[base + q]) > position(owner, items[base + best])) {
            best = q
        }
        minSlot[owner] = Int32(best)
    }
}

/// The greatest common divisor of two non-negative integers (Euclid).
private func gcd(_ a: Int, _ b: Int) -> Int {
    var (a, b) = (a, b)
    while b != 0 { (a, b) = (b, a % b) }
    return a
}
