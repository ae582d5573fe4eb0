import Foundation
import MatchingCore

/// Exact maximum-weight matching within one pool (peer and symmetric
/// mentoring): Edmonds' blossom algorithm on candidate pairs, with every
/// other pair priced by the duals, proven optimal by an odd-set certificate
/// that ``OddSetBound`` checks against the problem alone.
///
/// The method, for a pool of n people:
/// 1. **Scan.** One parallel pass over the scores finds the scale (scores
///    and penalties become integers in units of ``PoolScale/unit``, 1 for
///    integer scores, so the proof is exact) and each person's
///    `candidatesPerPerson` best partners.
/// 2. **Relaxation.** On the candidate pairs, the bipartite double cover
///    (everyone once as a "mentor", once as a "mentee", pair {i, j} both
///    ways) is an assignment problem, solved by min-cost flow (successive
///    shortest paths, the network-flow solver's engine); its duals
///    `y_i = α_i + β_i` (half units) are feasible for the fractional matching
///    LP and make every pair it uses tight (its half-integral optimum is the
///    classical relaxation of matching; Balinski 1965).
/// 3. **Blossom.** ``_WeightedBlossom`` solves the candidate graph exactly,
///    warm-started from those duals and alternate pairs along the
///    relaxation's paths and cycles: only its odd cycles grow trees.
/// 4. **Pricing.** Every other pair is priced in parallel blocks:
///    `y_i + y_j + Σ_{B ∋ i,j} z_B ≥ 2 w_ij` (half units). The most violated
///    `addedPerPerson` pairs per person join the graph and steps 2–3 run
///    again, until none is violated: the certificate then holds for all
///    pairs, in memory O(n · candidates), never O(n²).
///
/// Penalties fold into the pairs (`w_ij = s_ij + p_i + p_j`, exact with one
/// partner each); people who must be matched get a penalty larger than any
/// change of score (`requiredBonus`), and when the optimum still leaves one
/// out, the certificate proves that no matching meets the minimums.
///
/// - Complexity: O(n²) score reads per pass (three passes when the first
///   candidates suffice: scan, pricing, certificate); the relaxation is
///   O(n · m log n) for m candidate pairs, the blossom phase
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
        let settings = self
        return await runOnDedicatedThread {
            var run = _PoolRun(problem: problem, candidates: settings.candidatesPerPerson, added: settings.addedPerPerson, deadline: deadline)
            return run.solve(started: started, identity: BlossomSolver.identity)
        }
    }
}

/// Where the blossom engine starts: duals per person (half units, feasible
/// for the edges or raised until they are) and pairs to start matched where
/// they are tight.
struct _WarmStart: Sendable {
    var duals: [Int64]
    var pairs: [(Int, Int)]
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

struct _ScanState: Sendable {
    var tally = PoolScale.Tally()
    var pairs: [(Int, Int, Double)] = []
}

struct _PoolRun {
    let problem: PoolProblem
    let n: Int
    let scale: PoolScale
    let weights: _PoolWeights
    let requiredBonus: Int64
    /// The scan's candidate pairs (i < j, positive weight).
    let firstEdges: [_Edge]
    let candidates: Int
    let added: Int
    let deadline: ContinuousClock.Instant?
    var diagnostics: [String] = []
    /// Seconds per phase: scan, relaxation, blossom, pricing, certificate.
    var phases: [String: Double] = [:]

    /// The scan: the scale, and per person the `candidates` partners of
    /// highest `s_ij + p_j` (the weight's order within row i).
    init(problem: PoolProblem, candidates: Int, added: Int, deadline: ContinuousClock.Instant?) {
        let started = ContinuousClock.now
        self.problem = problem
        let n = problem.count
        self.n = n
        self.candidates = candidates
        self.added = added
        self.deadline = deadline
        var active = [Bool](repeating: true, count: n)
        for p in problem.fixed { active[p.mentor.rawValue] = false; active[p.mentee.rawValue] = false }
        for i in 0..<n where problem.partners[i].max == 0 { active[i] = false }
        let isActive = active, rawPenalty = problem.unmatchedPenalty, k = candidates
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let states = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, state in
            for j in (i + 1)..<n where row[j].isFinite { state.tally.note(row[j]) }
            guard isActive[i] else { return }
            var best = [(Double, Int)]()   // the k best, sorted descending once full
            for j in 0..<n where j != i && isActive[j] && row[j].isFinite {
                let v = row[j] + rawPenalty[j]
                if best.count < k {
                    best.append((v, j))
                    if best.count == k { best.sort { $0 > $1 } }
                } else if v > best[k - 1].0 {
                    var at = k - 1
                    while at > 0 && v > best[at - 1].0 { best[at] = best[at - 1]; at -= 1 }
                    best[at] = (v, j)
                }
            }
            for (_, j) in best { state.pairs.append((i, j, row[j])) }
        } initial: { _ScanState() }
        let scale = PoolScale(states.map(\.tally), penalties: problem.unmatchedPenalty)
        self.scale = scale
        var penalty = problem.unmatchedPenalty.map { scale.units($0) }
        let required = (0..<n).filter { active[$0] && problem.partners[$0].min >= 1 }
        // Larger than any change of score a matching can make: n/2 pairs of ±largest, and every penalty.
        requiredBonus = required.isEmpty ? 0 : Int64(n + 2) * (scale.largest + 1) + penalty.reduce(0, +) + 1
        for i in required { penalty[i] += requiredBonus }
        weights = _PoolWeights(source: problem.source, unit: scale.unit, penalty: penalty, active: active)
        var firstEdges = [_Edge]()
        // Each person's best weight: y_i = max_j w_ij are feasible duals (half units: y_i + y_j ≥ 2 w_ij).
        var top = [Int64](repeating: 0, count: n)
        for state in states {
            for (i, j, s) in state.pairs {
                let w = Int64((s / scale.unit).rounded()) + penalty[i] + penalty[j]
                top[i] = Swift.max(top[i], w)
                if w > 0 { firstEdges.append(_Edge(Swift.min(i, j), Swift.max(i, j), s, w)) }
            }
        }
        // A second pass: per person the k partners of least reduced cost under
        // those duals, `y_i + y_j − 2 w_ij`. When everyone's favourites are the
        // same few people, these are the partners still within reach.
        let topWeight = top
        let byReducedCost = PoolPass.rows(of: problem.source, count: n, workers: workers) { [weights] i, row, out in
            guard isActive[i] else { return }
            var best = [(Int64, Int)]()
            for j in 0..<n {
                guard let w = weights.weight(row, i, j), w > 0 else { continue }
                let r = topWeight[i] + topWeight[j] - 2 * w
                if best.count < k {
                    best.append((r, j))
                    if best.count == k { best.sort { $0 < $1 } }
                } else if r < best[k - 1].0 {
                    var at = k - 1
                    while at > 0 && r < best[at - 1].0 { best[at] = best[at - 1]; at -= 1 }
                    best[at] = (r, j)
                }
            }
            for (_, j) in best { out.append(_Edge(Swift.min(i, j), Swift.max(i, j), row[j], weights.weight(row, i, j)!)) }
        } initial: { [_Edge]() }
        self.firstEdges = firstEdges + byReducedCost.flatMap { $0 }
        phases["scan"] = started.secondsElapsed
    }

    /// The bipartite double cover of the graph `edges`, by successive
    /// shortest paths: left i → right j and left j → right i for each pair
    /// (cost −w), left → Z (left out), right → T, Z → T; one unit out of
    /// every left node. Duals from the potentials `p`:
    /// `α_i = max(0, p_i − p_T)`, `β_j = max(0, p_T − p_j')`, so that
    /// `α_i + β_j ≥ w_ij` on every arc with room.
    func relaxation(_ edges: [_Edge]) -> _WarmStart {
        let z = 2 * n, t = 2 * n + 1
        var b = _FlowNetwork.Builder()
        // Potentials for the empty flow: each left node at its best weight, the rest at 0.
        var potential = [Double](repeating: 0, count: 2 * n + 2)
        var arcs = [(arc: Int, from: Int, to: Int)]()
        arcs.reserveCapacity(2 * edges.count)
        for e in edges {
            let w = Double(e.weight)
            arcs.append((b.add(e.i, n + e.j, capacity: 1, cost: -w), e.i, e.j))
            arcs.append((b.add(e.j, n + e.i, capacity: 1, cost: -w), e.j, e.i))
            potential[e.i] = Swift.max(potential[e.i], w)
            potential[e.j] = Swift.max(potential[e.j], w)
        }
        var supply = [(node: Int, units: Int)]()
        for i in 0..<n where weights.active[i] {
            b.add(i, z, capacity: 1)
            b.add(n + i, t, capacity: 1)
            supply.append((i, 1))
        }
        b.add(z, t, capacity: n)
        var network = _FlowNetwork(nodes: 2 * n + 2, sink: t, b, potential: potential)
        let stop = deadline
        _ = network.run(supply: supply, shouldStop: { Task.isCancelled || (stop.map { ContinuousClock.now >= $0 } ?? false) },
                        progress: { _, _ in })
        var assigned = [Int](repeating: -1, count: n)
        for a in arcs where network.flow(a.arc) > 0 { assigned[a.from] = a.to }
        let pt = network.potential[t]
        var duals = [Int64](repeating: 0, count: n)
        for i in 0..<n where weights.active[i] {
            let alpha = Swift.max(0, network.potential[i] - pt), beta = Swift.max(0, pt - network.potential[n + i])
            duals[i] = Int64(alpha.rounded()) + Int64(beta.rounded())
        }
        // The relaxation's pairs form paths and cycles (i → assigned[i]); every
        // pair on them is tight under optimal duals (complementary slackness),
        // so alternate pairs along each make a matching: all of a 2-cycle or an
        // even cycle, all but one person of an odd cycle. Paths first (from
        // people nobody points to), then cycles.
        var pairs = [(Int, Int)]()
        var incoming = [Bool](repeating: false, count: n)
        for i in 0..<n where assigned[i] >= 0 { incoming[assigned[i]] = true }
        var visited = [Bool](repeating: false, count: n)
        for start in (0..<n).filter({ !incoming[$0] }) + Array(0..<n) where !visited[start] {
            var v = start, take = true
            while !visited[v] {
                visited[v] = true
                let next = assigned[v]
                guard next >= 0 else { break }
                if take { pairs.append((v, next)) }
                take.toggle()
                v = next
            }
        }
        return _WarmStart(duals: duals, pairs: pairs)
    }

    /// The blossom engine on the graph `edges` (pairs i < j), warm-started
    /// from `start`: its duals, raised where an edge needs it, and its pairs
    /// that are still tight, taken in order while both people are free.
    func engine(_ edges: [_Edge], from start: _WarmStart) -> _WeightedBlossom {
        var y = start.duals
        // Every graph edge feasible (raising a dual never hurts another edge),
        // raising a free person where one is free.
        var inStart = [Bool](repeating: false, count: n)
        for (i, j) in start.pairs { inStart[i] = true; inStart[j] = true }
        for e in edges {
            let deficit = 2 * e.weight - y[e.i] - y[e.j]
            if deficit > 0 { y[!inStart[e.j] && inStart[e.i] ? e.j : e.i] += deficit }
        }
        var index = [Int: Int]()
        for (k, e) in edges.enumerated() { index[e.i * n + e.j] = k }
        var matched = [Int]()
        var covered = [Bool](repeating: false, count: n)
        for (a, b) in start.pairs {
            let (i, j) = a < b ? (a, b) : (b, a)
            guard !covered[i], !covered[j], let k = index[i * n + j], y[i] + y[j] == 2 * edges[k].weight else { continue }
            covered[i] = true; covered[j] = true
            matched.append(k)
        }
        return _WeightedBlossom(vertexCount: n, edges: edges.map { ($0.i, $0.j, $0.weight) }, warm: (y, matched))
    }

    mutating func solve(started: ContinuousClock.Instant, identity: SolverIdentity) -> PoolReport {
        let buildDone = ContinuousClock.now
        var edgeSet = Set<Int>()
        var edges = [_Edge]()
        func addEdge(_ e: _Edge) {
            if edgeSet.insert(e.i * n + e.j).inserted { edges.append(e) }
        }
        for e in firstEdges { addEdge(e) }
        var clock = ContinuousClock.now
        func lap(_ phase: String) { phases[phase, default: 0] += clock.secondsElapsed; clock = .now }
        var rounds = 0, stages = 0
        var engine: _WeightedBlossom
        var finished = false
        while true {
            rounds += 1
            edges.sort { ($0.i, $0.j) < ($1.i, $1.j) }
            // The first round starts from the relaxation, later ones from the last round's duals.
            // Each round starts from the relaxation of its graph: its odd cycles
            // are few, where restarting from the last round's duals leaves a
            // tree to grow from every person a new pair needs raised.
            let start = relaxation(edges)
            lap("relaxation")
            engine = self.engine(edges, from: start)
            let stop = deadline
            finished = engine.run(shouldStop: { Task.isCancelled || (stop.map { ContinuousClock.now >= $0 } ?? false) })
            stages += engine.stages
            lap("blossom")
            guard finished else { break }
            let violated = price(engine)
            lap("pricing")
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
        for (phase, seconds) in phases { statistics["seconds." + phase] = (seconds * 1e4).rounded() / 1e4 }
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
        let checkStarted = ContinuousClock.now
        let check = OddSetBound.check(problem, scale: scale, duals: duals)
        statistics["seconds.certificate"] = (checkStarted.secondsElapsed * 1e4).rounded() / 1e4
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
