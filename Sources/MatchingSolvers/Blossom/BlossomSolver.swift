import Foundation
import MatchingCore

/// Exact maximum-weight matching within one pool (peer and symmetric
/// mentoring): Edmonds' blossom algorithm on candidate pairs, with every
/// other pair priced by the duals, proven optimal by an odd-set certificate
/// that ``/MatchingCore/OddSetBound`` checks against the problem alone.
///
/// The method, for a pool of n people:
/// 1. **Scan.** One parallel pass over the scores finds the scale (scores
///    and penalties become integers in units of ``/MatchingCore/PoolScale/unit``, 1 for
///    integer scores, so the proof is exact) and each person's
///    `candidatesPerPerson` best partners.
/// 2. **Relaxation.** On the candidate pairs, the bipartite double cover
///    (everyone once as a "mentor", once as a "mentee", pair {i, j} both
///    ways) is an assignment problem, solved by min-cost flow (successive
///    shortest paths, the network-flow solver's engine); its duals
///    `y_i = α_i + β_i` (half units) are feasible for the fractional matching
///    LP and make every pair it uses tight (its half-integral optimum is the
///    classical relaxation of matching; Balinski 1965).
/// 3. **Blossom.** `_WeightedBlossom` solves the candidate graph exactly,
///    warm-started from those duals and alternate pairs along the
///    relaxation's paths and cycles: only its odd cycles grow trees.
/// 4. **Pricing.** Every other pair is priced in parallel blocks against
///    the duals (a direct pair: `y_i + y_j + Σ_{B ∋ i,j} z_B ≥ 2 w_ij`, half
///    units; a gadget pair: `4 S_ij ≤ r_i + r_j + Z_ij`, see ``/MatchingCore/OddSetDuals``). The
///    most violated `addedPerPerson` pairs per person join the graph and
///    steps 2–3 run again, until none is violated: the certificate then
///    holds for all pairs, in memory O(n · candidates), never O(n²).
///
/// Capacities (b-matching: each person takes between min and max partners,
/// a circle of two or three exchange partners), penalties for people left
/// out and minimums become an ordinary matching problem by
/// ``/MatchingCore/PoolExpansion`` (copies with bonuses, Tutte's gadgets); when the
/// optimum still leaves someone under their minimum, the certificate proves
/// that no matching meets the minimums.
///
/// - Complexity: O(n²) score reads per pass (three passes when the first
///   candidates suffice: scan, pricing, certificate); the relaxation is
///   O(n · m log n) for m candidate pairs, the blossom phase
///   O(r · n · (n + m)) for r trees grown from the relaxation's odd cycles.
public struct BlossomSolver: PoolSolver {
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
    /// - Throws: `invalidProblem` from ``/MatchingCore/PoolProblem/validate()``.
    public func solve(_ problem: PoolProblem, options: SolveOptions = SolveOptions()) async throws -> PoolReport {
        try problem.validate()
        guard problem.rules.isEmpty else {
            throw MatchingError(.unsupported, "the blossom solver holds capacities, penalties, fixed and forbidden pairs, not rules (\(problem.rules.map(\.description).joined(separator: "; "))): solve a pool with rules by its integer program (GLPK)")
        }
        let started = ContinuousClock.now
        let deadline = options.timeLimit.map { started + .seconds($0) }
        let settings = self
        return await runOnDedicatedThread {
            var run = _PoolRun(problem: problem, candidates: settings.candidatesPerPerson, added: settings.addedPerPerson, deadline: deadline)
            run.progress = options.progress
            run.started = started
            return run.solve(started: started, identity: BlossomSolver.identity)
        }
    }
}

/// Where the blossom engine starts: duals per vertex (half units, feasible
/// for the edges or raised until they are) and edges (indices) to start
/// matched where they are tight, taken in order while both ends are free.
struct _WarmStart: Sendable {
    var duals: [Int64]
    var pairs: [(Int, Int)]
}

/// A candidate pair: people i < j, its score and its scaled score.
struct _Edge: Sendable {
    var i: Int, j: Int
    var score: Double
    var units: Int64
    init(_ i: Int, _ j: Int, _ score: Double, _ units: Int64) { self.i = i; self.j = j; self.score = score; self.units = units }
}

struct _ScanState: Sendable {
    var tally = PoolScale.Tally()
    var pairs: [(Int, Int, Double)] = []
}

/// The matching graph of the candidate pairs (``PoolExpansion``): copies
/// first, then two side vertices per gadget pair, in pair order.
struct _CandidateGraph {
    var vertices: Int
    var edges: [(Int, Int, Int64)]
    /// Per engine edge: the candidate pair it belongs to and whether using it uses the pair
    /// (a direct edge or a copy–side edge; not a gadget's middle edge).
    var pairOf: [Int]
    var uses: [Bool]
    /// Per candidate pair: its gadget number, or -1 for a direct pair.
    var gadgetOf: [Int]
}

struct _PoolRun {
    let problem: PoolProblem
    let n: Int
    let scale: PoolScale
    let x: PoolExpansion
    /// The scan's candidate pairs (i < j).
    let firstEdges: [_Edge]
    let added: Int
    let deadline: ContinuousClock.Instant?
    /// Seconds per phase: scan, relaxation, blossom, pricing, certificate.
    var phases: [String: Double] = [:]
    /// Called after each round's blossom solve and pricing.
    var progress: (@Sendable (SolveProgress) -> Void)?
    var started = ContinuousClock.now

    /// The scan: the scale, and per person the `candidates` partners of
    /// highest `s_ij + p_j`; then a second pass for the `candidates` partners
    /// of least reduced cost under the greedy duals `y_i = max_j w_ij`
    /// (when everyone's favourites are the same few people, these are the
    /// partners still within reach).
    init(problem: PoolProblem, candidates k: Int, added: Int, deadline: ContinuousClock.Instant?) {
        let started = ContinuousClock.now
        self.problem = problem
        let n = problem.count
        self.n = n
        self.added = added
        self.deadline = deadline
        // Who is in the graph is known before the scale (PoolExpansion needs it for the penalties).
        let (capacity, _, fixedPairs) = PoolExpansion.partnersLeft(problem)
        let isActive = capacity.map { $0 > 0 }, rawPenalty = problem.unmatchedPenalty
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let states = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, state in
            for j in (i + 1)..<n where row[j].isFinite { state.tally.noteScore(row[j]) }
            guard isActive[i] else { return }
            var best = [(Double, Int)]()   // the k best, sorted descending once full
            for j in 0..<n where j != i && isActive[j] && row[j].isFinite && (fixedPairs.isEmpty || !fixedPairs.contains(Swift.min(i, j) * n + Swift.max(i, j))) {
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
        let x = PoolExpansion(problem, scale: scale)
        self.x = x
        // A person's weight to j, as the pair would add it: S + the first copies' bonuses.
        var top = [Int64](repeating: 0, count: n)
        var edges = [_Edge]()
        for state in states {
            for (i, j, s) in state.pairs {
                let u = scale.units(s)
                top[i] = Swift.max(top[i], u + x.bonus(i, 0) + x.bonus(j, 0))
                edges.append(_Edge(Swift.min(i, j), Swift.max(i, j), s, u))
            }
        }
        let topWeight = top
        let byReducedCost = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, out in
            guard x.active[i] else { return }
            var best = [(Int64, Int)]()
            for j in 0..<n where j != i && x.active[j] && row[j].isFinite && x.isFree(Swift.min(i, j), Swift.max(i, j), count: n) {
                let w = scale.units(row[j]) + x.bonus(i, 0) + x.bonus(j, 0)
                guard w > 0 else { continue }
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
            for (_, j) in best { out.append(_Edge(Swift.min(i, j), Swift.max(i, j), row[j], scale.units(row[j]))) }
        } initial: { [_Edge]() }
        firstEdges = edges + byReducedCost.flatMap { $0 }
        phases["scan"] = started.secondsElapsed
    }

    /// The matching graph of `pairs` (sorted, i < j).
    func graph(_ pairs: [_Edge]) -> _CandidateGraph {
        var g = _CandidateGraph(vertices: x.copyCount, edges: [], pairOf: [], uses: [], gadgetOf: [])
        for (p, e) in pairs.enumerated() {
            let i = e.i, j = e.j
            if x.isDirect(i, j) {
                g.gadgetOf.append(-1)
                g.edges.append((x.copyStart[i], x.copyStart[j], x.directWeight(e.units, i, j)))
                g.pairOf.append(p); g.uses.append(true)
                continue
            }
            let a = g.vertices, b = a + 1
            g.gadgetOf.append((a - x.copyCount) / 2)
            g.vertices += 2
            for c in 0..<x.capacity[i] {
                g.edges.append((x.copyStart[i] + c, a, x.sideWeight(e.units, i, c)))
                g.pairOf.append(p); g.uses.append(true)
            }
            g.edges.append((a, b, 2 * x.gadgetConstant))
            g.pairOf.append(p); g.uses.append(false)
            for d in 0..<x.capacity[j] {
                g.edges.append((x.copyStart[j] + d, b, x.sideWeight(e.units, j, d)))
                g.pairOf.append(p); g.uses.append(true)
            }
        }
        return g
    }

    /// The bipartite double cover of a graph on `nodes` vertices by min-cost
    /// flow (successive shortest paths, the network-flow engine): left u →
    /// right v and left v → right u for each edge (cost −w, capacity 1),
    /// `capacity[u]` units out of every left node, to right nodes or to Z
    /// (left out), and into T from every right node and from Z. With
    /// `bonus`, unit c of node u earns `bonus(u, c)` (non-increasing in c)
    /// on each side: left u → Z by one arc per unit of cost `bonus(u, c)`
    /// (a unit left out forgoes it), right u → T by one arc per unit of cost
    /// `−bonus(u, c)`; the optimum is then the fractional b-matching with
    /// concave degree rewards. Without `bonus`, edges of weight ≤ 0 are left out.
    ///
    /// - Returns: per edge, whether the flow uses it each way; per node u
    ///   `left = p_u − p_T` and `right = p_T − p_u'` from the potentials p,
    ///   so that unit c of u has the dual `max(0, left + bonus) +
    ///   max(0, right + bonus)` (half units of w), covering every edge:
    ///   `p_u − p_v' ≥ w_uv` on every arc with room.
    func doubleCover(nodes nv: Int, capacity: [Int], edges: [(Int, Int, Int64)],
                     bonus: ((Int, Int) -> Int64)? = nil) -> (flow: [(forward: Bool, backward: Bool)], left: [Int64], right: [Int64]) {
        let z = 2 * nv, t = 2 * nv + 1
        var b = _FlowNetwork.Builder()
        var potential = [Double](repeating: 0, count: 2 * nv + 2)
        var arcs = [(forward: Int, backward: Int)?](repeating: nil, count: edges.count)
        for (k, (u, v, w)) in edges.enumerated() where w > 0 || bonus != nil {
            let wd = Double(w)
            arcs[k] = (b.add(u, nv + v, capacity: 1, cost: -wd), b.add(v, nv + u, capacity: 1, cost: -wd))
            potential[u] = Swift.max(potential[u], wd)
            potential[v] = Swift.max(potential[v], wd)
        }
        var supply = [(node: Int, units: Int)]()
        var largestBonus: Int64 = 0
        for u in 0..<nv where capacity[u] > 0 {
            if let bonus {
                for c in 0..<capacity[u] {
                    let r = bonus(u, c)
                    largestBonus = Swift.max(largestBonus, r)
                    b.add(u, z, capacity: 1, cost: Double(r))
                    b.add(nv + u, t, capacity: 1, cost: -Double(r))
                }
            } else {
                b.add(u, z, capacity: capacity[u])
                b.add(nv + u, t, capacity: capacity[u])
            }
            supply.append((u, capacity[u]))
        }
        b.add(z, t, capacity: capacity.reduce(0, +))
        // Right u → T costs down to −largestBonus: T starts that far below.
        potential[t] = -Double(largestBonus)
        var network = _FlowNetwork(nodes: 2 * nv + 2, sink: t, b, potential: potential)
        let stop = deadline
        _ = network.run(supply: supply, shouldStop: { Task.isCancelled || (stop.map { ContinuousClock.now >= $0 } ?? false) },
                        progress: { _, _ in })
        let flow = arcs.map { a in a.map { (network.flow($0.forward) > 0, network.flow($0.backward) > 0) } ?? (false, false) }
        let pt = network.potential[t]
        let left = (0..<nv).map { Int64((network.potential[$0] - pt).rounded()) }
        let right = (0..<nv).map { Int64((pt - network.potential[nv + $0]).rounded()) }
        return (flow, left, right)
    }

    /// The warm start of a graph without gadgets: the bipartite double cover
    /// of `g` (``doubleCover(nodes:capacity:edges:)``, one unit per vertex),
    /// its duals `y_u = α_u + β_u` in half units, and alternate edges along
    /// the paths and cycles the flow makes (all tight under optimal duals, by
    /// complementary slackness) start the matching.
    func relaxation(_ g: _CandidateGraph) -> _WarmStart {
        let nv = g.vertices
        let cover = doubleCover(nodes: nv, capacity: [Int](repeating: 1, count: nv), edges: g.edges)
        let duals = (0..<nv).map { Swift.max(0, cover.left[$0]) + Swift.max(0, cover.right[$0]) }
        var assigned = [Int](repeating: -1, count: nv)
        for (k, e) in g.edges.enumerated() {
            if cover.flow[k].forward { assigned[e.0] = e.1 }
            if cover.flow[k].backward { assigned[e.1] = e.0 }
        }
        var pairs = [(Int, Int)]()
        var incoming = [Bool](repeating: false, count: nv)
        for u in 0..<nv where assigned[u] >= 0 { incoming[assigned[u]] = true }
        var visited = [Bool](repeating: false, count: nv)
        // Paths first (from vertices nobody points to), then cycles.
        for start in (0..<nv).filter({ !incoming[$0] }) + Array(0..<nv) where !visited[start] {
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

    /// The warm start of a graph with gadgets, from the double cover of the
    /// people themselves (a bipartite b-matching: left person i supplies its
    /// capacity, arcs i → j' of cost −S_ij, unit c of each person earning its
    /// copy's bonus β(i,c) on each side; min-cost flow), not of the expanded
    /// graph, whose gadget vertices make every shortest path long. Its
    /// optimum is the fractional b-matching with the penalties and minimums
    /// in the objective, so a person the relaxation leaves out starts with
    /// dual 0 instead of their penalty (which a tree would have to spend
    /// growing through the whole graph).
    ///
    /// Copy c of i gets `2 (max(0, ℓ_i + β(i,c)) + max(0, ρ_i + β(i,c)))`
    /// from the cover's left and right duals; a gadget's sides get
    /// `2C + 2S − r` on each side of a pair the flow uses both ways (with
    /// `r_v = min_c (y_{v,c} − 4β(v,c))`, ``PoolExpansion/reach(_:duals:)``:
    /// the side edges of the copies in use and the middle edge tight), and
    /// otherwise the middle edge tight with the pair's slack
    /// `r_i + r_j − 4S` split between the sides, so that a side is not tight
    /// unless the pair is. Feasible wherever the cover's duals are;
    /// ``engine(_:from:)`` raises what is not.
    func relaxationByPeople(_ pairs: [_Edge], _ g: _CandidateGraph) -> _WarmStart {
        let x = self.x
        let cover = doubleCover(nodes: n, capacity: x.capacity, edges: pairs.map { ($0.i, $0.j, $0.units) }, bonus: { x.bonus($0, $1) })
        let ways = cover.flow.map { ($0.forward ? 1 : 0) + ($0.backward ? 1 : 0) }
        var y = [Int64](repeating: 0, count: g.vertices)
        var reach = [Int64](repeating: 0, count: n)
        for v in 0..<n where x.active[v] {
            for c in 0..<x.capacity[v] {
                let r = x.bonus(v, c)
                y[x.copyStart[v] + c] = 2 * (Swift.max(0, cover.left[v] + r) + Swift.max(0, cover.right[v] + r))
            }
            reach[v] = x.reach(v, duals: y)
        }
        var start = [(Int, Int)]()
        var nextCopy = [Int](repeating: 0, count: n)
        let cc = x.gadgetConstant
        for (p, e) in pairs.enumerated() {
            let used = ways[p] == 2 && nextCopy[e.i] < x.capacity[e.i] && nextCopy[e.j] < x.capacity[e.j]
            if g.gadgetOf[p] < 0 {
                if used { start.append((x.copyStart[e.i], x.copyStart[e.j])); nextCopy[e.i] += 1; nextCopy[e.j] += 1 }
                continue
            }
            let a = x.copyCount + 2 * g.gadgetOf[p], b = a + 1
            let lowA = 2 * cc + 2 * e.units - reach[e.i], lowB = 2 * cc + 2 * e.units - reach[e.j]
            if used {
                y[a] = Swift.max(0, lowA)
                y[b] = Swift.max(0, lowB)
                start.append((x.copyStart[e.i] + nextCopy[e.i], a))
                start.append((b, x.copyStart[e.j] + nextCopy[e.j]))
                nextCopy[e.i] += 1; nextCopy[e.j] += 1
            } else {
                let slack = Swift.max(0, 4 * cc - lowA - lowB)
                y[a] = Swift.max(0, lowA + slack / 2)
                y[b] = Swift.max(0, lowB, 4 * cc - y[a])
                start.append((a, b))
            }
        }
        return _WarmStart(duals: y, pairs: start)
    }

    /// The blossom engine on graph `g`, warm-started from `start`: its duals,
    /// raised where an edge needs it (a free vertex first), and its pairs
    /// that are still tight, taken in order while both ends are free.
    func engine(_ g: _CandidateGraph, from start: _WarmStart) -> _WeightedBlossom {
        var y = start.duals
        var inStart = [Bool](repeating: false, count: g.vertices)
        for (u, v) in start.pairs { inStart[u] = true; inStart[v] = true }
        for (u, v, w) in g.edges {
            let deficit = 2 * w - y[u] - y[v]
            if deficit > 0 { y[!inStart[v] && inStart[u] ? v : u] += deficit }
        }
        var index = [Int: Int]()
        for (k, e) in g.edges.enumerated() { index[Swift.min(e.0, e.1) * g.vertices + Swift.max(e.0, e.1)] = k }
        var matched = [Int]()
        var covered = [Bool](repeating: false, count: g.vertices)
        for (a, b) in start.pairs {
            let (u, v) = a < b ? (a, b) : (b, a)
            guard !covered[u], !covered[v], let k = index[u * g.vertices + v], y[u] + y[v] == 2 * g.edges[k].2 else { continue }
            covered[u] = true; covered[v] = true
            matched.append(k)
        }
        return _WeightedBlossom(vertexCount: g.vertices, edges: g.edges, warm: (y, matched))
    }

    mutating func solve(started: ContinuousClock.Instant, identity: SolverIdentity) -> PoolReport {
        let buildDone = ContinuousClock.now
        var pairSet = Set<Int>()
        var pairs = [_Edge]()
        func addPair(_ e: _Edge) {
            if pairSet.insert(e.i * n + e.j).inserted { pairs.append(e) }
        }
        for e in firstEdges { addPair(e) }
        var clock = ContinuousClock.now
        func lap(_ phase: String) { phases[phase, default: 0] += clock.secondsElapsed; clock = .now }
        var rounds = 0, stages = 0
        var engine: _WeightedBlossom
        var g: _CandidateGraph
        var finished = false
        var carried: _WarmStart?
        while true {
            rounds += 1
            pairs.sort { ($0.i, $0.j) < ($1.i, $1.j) }
            g = graph(pairs)
            // A round starts from the relaxation of its graph (its odd cycles
            // are few), or, when the last round added few pairs to a graph
            // without gadgets, from the last round's matching and duals
            // (blossom duals folded into the vertices): a few trees instead
            // of a min-cost flow over every candidate pair again.
            let gadgets = g.gadgetOf.contains(where: { $0 >= 0 })
            let start = gadgets ? relaxationByPeople(pairs, g) : (carried ?? relaxation(g))
            carried = nil
            lap("relaxation")
            engine = self.engine(g, from: start)
            let stop = deadline
            finished = engine.run(shouldStop: { Task.isCancelled || (stop.map { ContinuousClock.now >= $0 } ?? false) })
            stages += engine.stages
            lap("blossom")
            guard finished else { break }
            let violated = price(engine, g, pairs)
            lap("pricing")
            progress?(SolveProgress(stage: "blossom round \(rounds): \(pairs.count) candidate pairs, \(violated.count) more priced in",
                                    elapsed: started.secondsElapsed))
            if violated.isEmpty { break }
            if !gadgets && violated.count * 20 <= n { carried = folded(engine, g) }
            for e in violated { addPair(e) }
        }
        // The matching and its objective, from the problem's own scores.
        var chosen = problem.fixed.map { Pair(MentorIndex(Swift.min($0.mentor.rawValue, $0.mentee.rawValue)), MenteeIndex(Swift.max($0.mentor.rawValue, $0.mentee.rawValue))) }
        var objective = problem.fixed.reduce(0.0) { $0 + problem.score($1.mentor.rawValue, $1.mentee.rawValue) }
        // A direct pair is used when its edge is matched; a gadget pair when both
        // side vertices are matched to copies (a stopped run may hold one side only).
        var sides = [Int](repeating: 0, count: pairs.count)
        for k in engine.matchedEdges where g.uses[k] { sides[g.pairOf[k]] += 1 }
        var used = pairs.indices.map { sides[$0] == (g.gadgetOf[$0] >= 0 ? 2 : 1) }
        if !finished {
            // Stopped early: the greedy b-matching of the candidates (best pairs
            // first, while both have room) when it scores more than the partial one.
            var room = x.capacity, greedy = [Bool](repeating: false, count: pairs.count)
            var greedyTotal: Int64 = 0, partialTotal: Int64 = 0
            for p in pairs.indices.sorted(by: { (pairs[$0].units, $1) > (pairs[$1].units, $0) }) where pairs[p].units > 0 {
                let e = pairs[p]
                if room[e.i] > 0 && room[e.j] > 0 { room[e.i] -= 1; room[e.j] -= 1; greedy[p] = true; greedyTotal += e.units }
            }
            for p in pairs.indices where used[p] { partialTotal += pairs[p].units }
            if greedyTotal > partialTotal { used = greedy }
        }
        for (p, e) in pairs.enumerated() where used[p] {
            chosen.append(Pair(MentorIndex(e.i), MenteeIndex(e.j)))
            objective += e.score
        }
        chosen.sort()
        var degree = [Int](repeating: 0, count: n)
        for p in chosen { degree[p.mentor.rawValue] += 1; degree[p.mentee.rawValue] += 1 }
        var short = [Int]()
        for i in 0..<n where problem.partners[i].max > 0 {
            if degree[i] == 0 { objective -= problem.unmatchedPenalty[i] }
            if degree[i] < problem.partners[i].min { short.append(i) }
        }
        var statistics: [String: Double] = ["rounds": Double(rounds), "pairs": Double(pairs.count), "gadgets": Double(g.gadgetOf.filter { $0 >= 0 }.count),
                                            "stages": Double(stages), "unit": scale.unit, "exactScale": scale.exact ? 1 : 0]
        var notes = [scale.exact
            ? "scores are exact integers in units of \(Self.format(scale.unit)): the proof is exact"
            : "scores rounded to units of \(Self.format(scale.unit)): the proof is exact for the rounded scores, and the bound allows half a unit per pair and per penalty"]
        func timings() -> SolveTimings { SolveTimings(build: started.duration(to: buildDone).inSeconds, solve: buildDone.duration(to: .now).inSeconds) }
        func report(_ t: Termination, pairs: [Pair]?, objective: Double?, bound: Double?, duals: OddSetDuals?) -> PoolReport {
            for (phase, seconds) in phases { statistics["seconds." + phase] = (seconds * 1e4).rounded() / 1e4 }
            return PoolReport(termination: t, pairs: pairs, objective: objective, bound: bound, duals: duals, solver: identity,
                              timings: timings(), statistics: statistics, diagnostics: notes)
        }
        guard finished else {
            let limit: Termination.Limit = Task.isCancelled ? .cancelled : .time
            // The matching so far is valid; it is an answer only if it meets every minimum.
            return report(short.isEmpty ? Termination(.feasible, limit: limit, detail: "stopped before the matching was proven optimal")
                                        : Termination(.noSolutionFound, limit: limit, detail: "stopped before every minimum was met (\(short.count) people short)"),
                          pairs: short.isEmpty ? chosen : nil, objective: short.isEmpty ? objective : nil, bound: nil, duals: nil)
        }
        let duals = certificate(engine, g, pairs)
        let check = OddSetBound.check(problem, scale: scale, duals: duals)
        lap("certificate")
        guard let bound = check.bound else {
            return report(Termination(.error, detail: "the certificate failed its check: \(check.violation ?? "")"),
                          pairs: chosen, objective: objective, bound: nil, duals: duals)
        }
        if !short.isEmpty {
            let who = short.prefix(5).map(String.init).joined(separator: ", ") + (short.count > 5 ? " and \(short.count - 5) more" : "")
            let termination = check.provesInfeasible
                ? Termination(.infeasible, detail: "no matching gives everyone their minimum number of partners: the best one leaves short person \(who)")
                : Termination(.error, detail: "person \(who) is short of their minimum, and the certificate does not prove it unavoidable")
            notes.append("no matching gives everyone their minimum number of partners (the best leaves short person \(who)) — allow more pairs or lower the minimums")
            return report(termination, pairs: nil, objective: nil, bound: nil, duals: duals)
        }
        let allowance = scale.exact ? 0 : Double(n + x.copyCount) * scale.unit
        let tolerance = 1e-9 * Swift.max(1, abs(objective)) + allowance
        if !scale.exact && (allowance > 0.01 * scale.smallestScore || objective < bound - tolerance) {
            // Rounded too coarsely to tell the scores apart: a matching and an honest bound, not a proof.
            notes.append("the scores span \(Self.format(scale.smallestScore)) (smallest) to \(Self.format(Double(scale.largest) * scale.unit)) (largest, penalties included): at the integer scale a proof needs, the rounding allowance \(Self.format(allowance)) is not small against the scores, so optimality is not proven — mark pairs that must never happen as forbidden instead of a huge negative score, and keep penalties within a few orders of magnitude of the scores")
            return report(Termination(.feasible, detail: "not proven optimal: the scores' range is too wide for an exact integer proof"),
                          pairs: chosen, objective: objective, bound: Swift.max(bound, objective), duals: duals)
        }
        let proven = objective >= bound - tolerance
        return report(proven ? Termination(.optimal, detail: "proven optimal by the odd-set duals")
                             : Termination(.error, detail: "the certificate's bound \(bound) exceeds the objective \(objective)"),
                      pairs: chosen, objective: objective, bound: bound, duals: duals)
    }

    /// The engine's matching and duals as the next round's warm start: each
    /// vertex's dual raised by half the duals of the odd sets that hold it
    /// (feasible for every edge, old or new, that the odd sets covered:
    /// `y'_u + y'_v ≥ y_u + y_v + Σ_{B ∋ u,v} z_B`); matched edges that are
    /// no longer tight are dropped by ``engine(_:from:)``.
    func folded(_ engine: _WeightedBlossom, _ g: _CandidateGraph) -> _WarmStart {
        let forest = try! LaminarOddSets.build(engine.oddSets, vertices: g.vertices).get()
        let duals = (0..<g.vertices).map { engine.dual[$0] + forest.dualEnclosing(forest.innermost[$0]) / 2 }
        let pairs = engine.matchedEdges.map { (g.edges[$0].0, g.edges[$0].1) }
        return _WarmStart(duals: duals, pairs: pairs)
    }

    /// The engine's duals as a certificate: copies' duals per person, each gadget's side duals, the odd sets.
    func certificate(_ engine: _WeightedBlossom, _ g: _CandidateGraph, _ pairs: [_Edge]) -> OddSetDuals {
        let copies = (0..<n).map { v in (0..<x.capacity[v]).map { engine.dual[x.copyStart[v] + $0] } }
        var gadgets = [OddSetDuals.Gadget]()
        for (p, gadget) in g.gadgetOf.enumerated() where gadget >= 0 {
            let a = x.copyCount + 2 * gadget
            gadgets.append(OddSetDuals.Gadget(i: pairs[p].i, j: pairs[p].j, a: engine.dual[a], b: engine.dual[a + 1]))
        }
        return OddSetDuals(unit: scale.unit, copies: copies, gadgets: gadgets,
                           oddSets: engine.oddSets)
    }

    /// Every pair outside the graph that the duals do not cover; the worst `added` per row.
    /// A direct pair: `y_i + y_j + Σ z < 2 w`, by how much; a gadget pair:
    /// `4 S − r_i − r_j − Z_ij` (``OddSetDuals``).
    func price(_ engine: _WeightedBlossom, _ g: _CandidateGraph, _ pairs: [_Edge]) -> [_Edge] {
        let x = self.x, scale = self.scale
        // The engine's own sets form a laminar family by construction.
        let coverage = PoolCoverage(x, duals: engine.dual, forest: try! LaminarOddSets.build(engine.oddSets, vertices: g.vertices).get())
        var inGraph = Set<Int>()
        for e in pairs { inGraph.insert(e.i * n + e.j) }
        let limit = added, known = inGraph
        let workers = Swift.max(1, Swift.min(ProcessInfo.processInfo.activeProcessorCount, n / 64 + 1))
        let states = PoolPass.rows(of: problem.source, count: n, workers: workers) { i, row, out in
            guard x.active[i] else { return }
            var worst = [(Int64, Int)]()
            for j in (i + 1)..<n where x.active[j] && row[j].isFinite && x.isFree(i, j, count: n) {
                let violation = coverage.shortfall(i, j, score: scale.units(row[j]))
                guard violation > 0, !known.contains(i * n + j) else { continue }
                if worst.count < limit { worst.append((violation, j)) } else if let m = worst.indices.min(by: { worst[$0].0 < worst[$1].0 }), worst[m].0 < violation { worst[m] = (violation, j) }
            }
            for (_, j) in worst { out.append(_Edge(i, j, row[j], scale.units(row[j]))) }
        } initial: { [_Edge]() }
        return states.flatMap { $0 }
    }

    static func format(_ x: Double) -> String { x >= 1 && x < 1e15 ? String(Int64(x)) : String(format: "%g", x) }
}
