import Foundation
import MatchingCore

/// Exact maximum-weight matching within one pool (peer and symmetric
/// mentoring): Edmonds' blossom algorithm on candidate pairs, with every
/// other pair priced by the duals, proven optimal by an odd-set certificate
/// that ``OddSetBound`` checks against the problem alone.
///
/// The method, for a pool of n people:
/// 1. **Scale.** Scores and penalties become integers in units of
///    ``PoolScale/unit`` (1 for integer scores), so the proof is exact.
/// 2. **Relaxation.** The bipartite double cover (everyone once as a
///    "mentor", once as a "mentee", pair {i, j} both ways) is an assignment
///    problem, solved exactly by ``CandidatePricingSolver``; its duals
///    `y_i = α_i + β_i` are feasible for the fractional matching LP and make
///    every pair it uses tight (its half-integral optimum is the classical
///    relaxation of matching; Balinski 1965).
/// 3. **Candidates.** Each person keeps the `candidatesPerPerson` pairs of
///    least reduced cost `y_i + y_j − w_ij`, plus the relaxation's pairs.
/// 4. **Blossom.** ``_WeightedBlossom`` solves the candidate graph exactly,
///    warm-started from the relaxation's duals and its pairs used both ways.
/// 5. **Pricing.** Every other pair is priced in parallel blocks:
///    `y_i + y_j + Σ_{B ∋ i,j} z_B ≥ 2 w_ij` (half units). The most violated
///    `addedPerPerson` pairs per person join the graph and step 4 runs
///    again, until none is violated: the certificate then holds for all
///    pairs, in memory O(n · candidates), never O(n²).
///
/// Penalties fold into the pairs (`w_ij = s_ij + p_i + p_j`, exact with one
/// partner each); people who must be matched get a penalty larger than any
/// change of score (`requiredBonus`), and when the optimum still leaves one
/// out, the certificate proves that no matching meets the minimums.
///
/// - Complexity: O(n²) per pricing pass (parallel); the blossom phase is
///   O(r · n · (n + m)) for r trees grown from the relaxation's odd cycles.
public struct BlossomSolver: Sendable {
    /// Candidate pairs per person before pricing.
    public var candidatesPerPerson: Int
    /// Violated pairs added per person in each pricing round.
    public var addedPerPerson: Int

    /// The solver's identity in reports.
    public static let identity = SolverIdentity(name: "blossom", version: "1")

    /// A solver with `candidatesPerPerson` candidates (≥ 1) and `addedPerPerson` pairs added per round (≥ 1).
    public init(candidatesPerPerson: Int = 10, addedPerPerson: Int = 5) {
        self.candidatesPerPerson = Swift.max(1, candidatesPerPerson)
        self.addedPerPerson = Swift.max(1, addedPerPerson)
    }

    /// Solves `problem` to proven optimality, or stops at `options.timeLimit`
    /// or cancellation with the best matching found.
    ///
    /// - Throws: `invalidProblem`/`unsupported` from ``PoolProblem/validate()``.
    public func solve(_ problem: PoolProblem, options: SolveOptions = SolveOptions()) async throws -> PoolReport {
        try problem.validate()
        let started = ContinuousClock.now
        let deadline = options.timeLimit.map { started + .seconds($0) }
        // The relaxation is a bipartite assignment: the network-flow machinery solves it.
        let run = _PoolRun(problem: problem, candidates: candidatesPerPerson, added: addedPerPerson, deadline: deadline)
        let relaxation = try await run.relaxation(options: options)
        let box = _RunBox(run)
        let solver = self
        return await runOnDedicatedThread {
            var run = box.run
            return run.solve(relaxation: relaxation, started: started, identity: BlossomSolver.identity, solver: solver)
        }
    }
}

private struct _RunBox: @unchecked Sendable { let run: _PoolRun; init(_ r: _PoolRun) { run = r } }

/// The relaxation's result: duals per person and pairs used in each direction.
struct _Relaxation: Sendable {
    var duals: [Int64]
    var assigned: [Int]   // person i's "mentee" in the double cover, or -1
}

/// The weights of a pool in integer units, as a bipartite score source (the double cover).
struct _PoolWeights: PairScoreSource {
    let source: any PairScoreSource
    let unit: Double
    let penalty: [Int64]
    let active: [Bool]
    var mentorCount: Int { source.mentorCount }
    var menteeCount: Int { source.mentorCount }

    func scores(mentors rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Double>) {
        source.scores(mentors: rows, into: buffer)
        let n = menteeCount
        for (k, i) in rows.enumerated() {
            let base = k * n
            for j in 0..<n {
                let s = buffer[base + j]
                if j == i || !active[i] || !active[j] || !s.isFinite {
                    buffer[base + j] = -.infinity
                } else {
                    buffer[base + j] = Double(Int64((s / unit).rounded()) + penalty[i] + penalty[j])
                }
            }
        }
    }

    @inline(__always) func weight(_ row: UnsafeBufferPointer<Double>, _ i: Int, _ j: Int) -> Int64? {
        let s = row[j]
        guard j != i, active[i], active[j], s.isFinite else { return nil }
        return Int64((s / unit).rounded()) + penalty[i] + penalty[j]
    }
}

/// A candidate pair: people i < j (or any order before normalising), its score and its weight in units.
struct _Edge: Sendable {
    var i: Int, j: Int
    var score: Double
    var weight: Int64
    init(_ i: Int, _ j: Int, _ score: Double, _ weight: Int64) { self.i = i; self.j = j; self.score = score; self.weight = weight }
}

struct _PoolRun {
    let problem: PoolProblem
    let n: Int
    let scale: PoolScale
    let weights: _PoolWeights
    let requiredBonus: Int64
    let candidates: Int
    let added: Int
    let deadline: ContinuousClock.Instant?
    var diagnostics: [String] = []

    init(problem: PoolProblem, candidates: Int, added: Int, deadline: ContinuousClock.Instant?) {
        self.problem = problem
        n = problem.count
        self.candidates = candidates
        self.added = added
        self.deadline = deadline
        let scale = PoolScale(of: problem)
        self.scale = scale
        let n = problem.count
        var active = [Bool](repeating: true, count: n)
        for p in problem.fixed { active[p.mentor.rawValue] = false; active[p.mentee.rawValue] = false }
        for i in 0..<n where problem.partners[i].max == 0 { active[i] = false }
        var penalty = problem.unmatchedPenalty.map { scale.units($0) }
        let required = (0..<n).filter { [active] in active[$0] && problem.partners[$0].min >= 1 }
        // Larger than any change of score a matching can make: n/2 pairs of ±largest, and every penalty.
        requiredBonus = required.isEmpty ? 0 : Int64(n + 2) * (scale.largest + 1) + penalty.reduce(0, +) + 1
        for i in required { penalty[i] += requiredBonus }
        weights = _PoolWeights(source: problem.source, unit: scale.unit, penalty: penalty, active: active)
    }

    /// The bipartite double cover, solved exactly.
    func relaxation(options: SolveOptions) async throws -> _Relaxation {
        let rules = MatchingRules(mentorLoad: Array(repeating: CountRange(0...1), count: n),
                                  menteeDemand: Array(repeating: CountRange(0...1), count: n),
                                  unmatchedPenalty: Array(repeating: 0, count: n))
        var inner = SolveOptions()
        inner.timeLimit = deadline.map { Swift.max(0.001, ContinuousClock.now.duration(to: $0).inSeconds) }
        let report = try await CandidatePricingSolver().solve(StreamedMatchingProblem(source: weights, rules: rules), options: inner)
        var duals = [Int64](repeating: 0, count: n)
        var assigned = [Int](repeating: -1, count: n)
        if let d = report.duals {
            for i in 0..<n { duals[i] = Int64(Swift.max(0, d.mentors[i]).rounded()) + Int64(Swift.max(0, d.mentees[i]).rounded()) }
        }
        for p in report.matching?.pairs ?? [] { assigned[p.mentor.rawValue] = p.mentee.rawValue }
        return _Relaxation(duals: duals, assigned: assigned)
    }

    /// Per person i, the `k` allowed partners j of least reduced cost
    /// `y_i + y_j − w_ij` (positive weights only), and the relaxation's
    /// partner: `(i, j, score, weight)`.
    func candidateEdges(_ relaxation: _Relaxation, k: Int) -> [_Edge] {
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let w = weights, duals = relaxation.duals, assigned = relaxation.assigned
        let states = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, out in
            var best = [(Int64, Int)]()   // the k least, sorted once full
            for j in 0..<n {
                guard let wij = w.weight(row, i, j), wij > 0 else { continue }
                let r = duals[i] + duals[j] - wij
                if best.count < k {
                    best.append((r, j))
                    if best.count == k { best.sort { $0 < $1 } }
                } else if (r, j) < best[k - 1] {
                    var at = k - 1
                    while at > 0 && (r, j) < best[at - 1] { best[at] = best[at - 1]; at -= 1 }
                    best[at] = (r, j)
                }
            }
            for (_, j) in best { out.append(_Edge(i, j, row[j], w.weight(row, i, j)!)) }
            let a = assigned[i]
            if a >= 0, let wia = w.weight(row, i, a) { out.append(_Edge(i, a, row[a], wia)) }
        } initial: { [_Edge]() }
        return states.flatMap { $0 }
    }

    /// One exact solve of the graph `edges` (pairs i < j), warm-started from the relaxation.
    func solveGraph(_ edges: [_Edge], relaxation: _Relaxation) -> _WeightedBlossom {
        let weightOf = edges.map(\.weight)
        var y = relaxation.duals
        // Repair: every graph edge feasible (raising an endpoint never hurts feasibility elsewhere).
        for (k, e) in edges.enumerated() {
            let deficit = weightOf[k] - y[e.i] - y[e.j]
            if deficit > 0 { y[e.i] += deficit }
        }
        // Pairs the relaxation uses both ways and that are tight: the starting matching.
        var index = [Int: Int]()
        for (k, e) in edges.enumerated() { index[e.i * n + e.j] = k }
        var matched = [Int]()
        for i in 0..<n {
            let j = relaxation.assigned[i]
            guard j > i, relaxation.assigned[j] == i, let k = index[i * n + j], y[i] + y[j] == weightOf[k] else { continue }
            matched.append(k)
        }
        let list = edges.map { ($0.i, $0.j, $0.weight) }
        return _WeightedBlossom(vertexCount: n, edges: list, warm: (y, matched))
    }

    mutating func solve(relaxation: _Relaxation, started: ContinuousClock.Instant, identity: SolverIdentity, solver: BlossomSolver) -> PoolReport {
        let buildDone = ContinuousClock.now
        var edgeSet = Set<Int>()
        var edges = [_Edge]()
        func addEdge(_ e: _Edge) {
            let (i, j) = e.i < e.j ? (e.i, e.j) : (e.j, e.i)
            if edgeSet.insert(i * n + j).inserted { edges.append(_Edge(i, j, e.score, e.weight)) }
        }
        for e in candidateEdges(relaxation, k: candidates) { addEdge(e) }
        var rounds = 0, stages = 0
        var engine: _WeightedBlossom
        var finished = false
        while true {
            rounds += 1
            edges.sort { ($0.i, $0.j) < ($1.i, $1.j) }
            engine = solveGraph(edges, relaxation: relaxation)
            let stop = deadline
            finished = engine.run(shouldStop: { Task.isCancelled || (stop.map { ContinuousClock.now >= $0 } ?? false) })
            stages += engine.stages
            guard finished else { break }
            let violated = price(engine)
            if violated.isEmpty { break }
            for e in violated { addEdge(e) }
        }
        // The matching and its objective, from the problem's own scores.
        var pairs = problem.fixed.map { Pair(MentorIndex(Swift.min($0.mentor.rawValue, $0.mentee.rawValue)), MenteeIndex(Swift.max($0.mentor.rawValue, $0.mentee.rawValue))) }
        var objective = problem.fixed.reduce(0.0) { $0 + problem.score($1.mentor.rawValue, $1.mentee.rawValue) }
        for k in engine.matchedEdges {
            pairs.append(Pair(MentorIndex(edges[k].i), MenteeIndex(edges[k].j)))
            objective += edges[k].score
        }
        pairs.sort()
        var partner = [Bool](repeating: false, count: n)
        for p in pairs {
            partner[p.mentor.rawValue] = true
            partner[p.mentee.rawValue] = true
        }
        var missingRequired = [Int]()
        for i in 0..<n where !partner[i] && problem.partners[i].max > 0 {
            objective -= problem.unmatchedPenalty[i]
            if problem.partners[i].min >= 1 { missingRequired.append(i) }
        }
        var statistics: [String: Double] = ["rounds": Double(rounds), "edges": Double(edges.count), "stages": Double(stages), "unit": scale.unit]
        statistics["exactScale"] = scale.exact ? 1 : 0
        var notes = diagnostics
        notes.append(scale.exact
            ? "scores are exact integers in units of \(Self.format(scale.unit)): the proof is exact"
            : "scores rounded to units of \(Self.format(scale.unit)): the proof is exact for the rounded scores, and the bound allows half a unit per pair and per penalty")
        let timings = SolveTimings(build: buildDone.duration(to: .now).inSeconds * 0 + started.duration(to: buildDone).inSeconds,
                                   solve: buildDone.duration(to: .now).inSeconds)
        guard finished else {
            let limit: Termination.Limit = Task.isCancelled ? .cancelled : .time
            return PoolReport(termination: Termination(.feasible, limit: limit, detail: "stopped before the matching was proven optimal"),
                              pairs: missingRequired.isEmpty ? pairs : nil, objective: missingRequired.isEmpty ? objective : nil,
                              bound: nil, duals: nil, solver: identity, timings: timings, statistics: statistics, diagnostics: notes)
        }
        let duals = OddSetDuals(unit: scale.unit, requiredBonus: requiredBonus, vertex: Array(engine.dual[0..<n]),
                                oddSets: engine.oddSets.map { OddSetDuals.OddSet(members: $0.members, dual: $0.dual) })
        let check = OddSetBound.check(problem, scale: scale, duals: duals)
        let timingsDone = SolveTimings(build: timings.build, solve: buildDone.duration(to: .now).inSeconds)
        guard let bound = check.bound else {
            return PoolReport(termination: Termination(.error, detail: "the certificate failed its check: \(check.violation ?? "")"),
                              pairs: pairs, objective: objective, bound: nil, duals: duals, solver: identity, timings: timingsDone,
                              statistics: statistics, diagnostics: notes)
        }
        if !missingRequired.isEmpty {
            let who = missingRequired.prefix(5).map(String.init).joined(separator: ", ") + (missingRequired.count > 5 ? " and \(missingRequired.count - 5) more" : "")
            let termination = check.provesInfeasible
                ? Termination(.infeasible, detail: "no matching gives everyone who must be matched a partner: the best one leaves out person \(who)")
                : Termination(.error, detail: "person \(who) must be matched but was left out, and the certificate does not prove it unavoidable")
            notes.append("every matching of the allowed pairs leaves out at least one of: \(who) — allow more pairs for them or let them sit out (partners 0…1)")
            return PoolReport(termination: termination, pairs: nil, objective: nil, bound: nil, duals: duals, solver: identity,
                              timings: timingsDone, statistics: statistics, diagnostics: notes)
        }
        let tolerance = 1e-9 * Swift.max(1, abs(objective)) + (scale.exact ? 0 : Double(n) * scale.unit)
        let proven = objective >= bound - tolerance
        return PoolReport(termination: proven ? Termination(.optimal, detail: "proven optimal by the odd-set duals")
                                               : Termination(.error, detail: "the certificate's bound \(bound) exceeds the objective \(objective)"),
                          pairs: pairs, objective: objective, bound: bound, duals: duals, solver: identity, timings: timingsDone,
                          statistics: statistics, diagnostics: notes)
    }

    /// Every pair outside the graph whose constraint `y_i + y_j + Σ z ≥ 2 w` fails; the worst `added` per row.
    func price(_ engine: _WeightedBlossom) -> [_Edge] {
        let y = Array(engine.dual[0..<n])
        // Chains of positive-dual odd sets per vertex, outermost first.
        var chains = [[Int]](repeating: [], count: n)
        let sets = engine.oddSets.sorted { $0.members.count > $1.members.count }
        for (k, s) in sets.enumerated() { for v in s.members { chains[v].append(k) } }
        let z = sets.map(\.dual), chainOf = chains, limit = added, w = weights
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let states = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, out in
            var worst = [(Int64, Int, Int64)]()
            for j in (i + 1)..<n {
                guard let wij = w.weight(row, i, j), wij > 0 else { continue }
                var have = y[i] + y[j]
                if have < 2 * wij, !chainOf[i].isEmpty, !chainOf[j].isEmpty {
                    for (a, b) in zip(chainOf[i], chainOf[j]) where a == b { have += z[a] }
                }
                let violation = 2 * wij - have
                guard violation > 0 else { continue }
                if worst.count < limit { worst.append((violation, j, wij)) } else if let m = worst.indices.min(by: { worst[$0].0 < worst[$1].0 }), worst[m].0 < violation { worst[m] = (violation, j, wij) }
            }
            for (_, j, wij) in worst { out.append(_Edge(i, j, row[j], wij)) }
        } initial: { [_Edge]() }
        return states.flatMap { $0 }
    }

    static func format(_ x: Double) -> String { x >= 1 ? String(Int(x)) : String(format: "%g", x) }
}
