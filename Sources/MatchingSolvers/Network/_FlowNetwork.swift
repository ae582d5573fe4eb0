/// A min-cost flow network on explicit arcs, solved by successive shortest
/// paths with Dijkstra (binary heap) over node potentials — the engine of
/// ``CandidatePricingSolver`` on its candidate pairs.
///
/// Arcs come in pairs (`e`, `e ^ 1` its reverse); `residual[e]` is what arc
/// `e` can still carry, and an arc is usable while `residual[e] > floor[e]`
/// (the floor of a reverse arc is its forward arc's lower bound, so flow
/// forced by a minimum is never taken back). Source nodes supply units that
/// must all reach the sink `T` (a dummy node `Z`, with an arc into `T`,
/// takes the units a side may leave unmatched); lower bounds on arcs are met
/// afterwards, a unit at a time, by a shortest path from the arc's head back
/// to its tail closed by the arc (successive shortest paths for the
/// transformed demands: the minimums cost the least, and the flow stays
/// optimal for them). Every search keeps every
/// usable arc's reduced cost `cost + p(v) − p(w)` non-negative, so the
/// potentials at the end are dual values of the whole network. A search
/// ends as soon as its target is as near as anything left to pop: with
/// quota groups between the mentees and the sink, every matched mentee of a
/// group ties with the sink (a reduced cost of 0 back from the group), and
/// popping the ties first crossed them all in every search.
struct _FlowNetwork {
    let nodes: Int
    let sink: Int
    var head: [Int32]
    var cost: [Double]
    var residual: [Int32]
    var floor: [Int32]
    var adjacency: [Int32]
    var adjacencyStart: [Int]
    var potential: [Double]
    /// Arcs with a lower bound: (forward arc, lower bound).
    var minimums: [(arc: Int, low: Int32)]

    // Search workspace.
    var dist: [Double]
    var done: [Bool]
    var predArc: [Int32]
    var touched: [Int32] = []
    var popped: [Int32] = []
    var heap: _MinHeap
    /// Nodes the searches have settled so far (their work).
    var settled = 0
    /// During ``warmStart(from:oldArc:supply:shouldStop:)``'s repair: the units each
    /// node still needs (a search ends at the nearest); empty otherwise.
    var room: [Int] = []
    /// The target the last search reached.
    var reachedTarget = -1

    /// Collects arcs before the network is frozen.
    struct Builder {
        var tails: [Int32] = []
        var heads: [Int32] = []
        var caps: [Int32] = []
        var costs: [Double] = []
        var lows: [Int32] = []

        /// Adds arc `from → to` and returns its index.
        @discardableResult
        mutating func add(_ from: Int, _ to: Int, capacity: Int, cost: Double = 0, low: Int = 0) -> Int {
            tails.append(Int32(from))
            heads.append(Int32(to))
            caps.append(Int32(clamping: capacity))
            costs.append(cost)
            lows.append(Int32(clamping: low))
            return tails.count - 1
        }
    }

    /// Freezes `b` over `nodes` nodes with sink `sink`; `potential` must make
    /// every arc with capacity a non-negative reduced cost.
    init(nodes: Int, sink: Int, _ b: Builder, potential: [Double]) {
        self.nodes = nodes
        self.sink = sink
        let m = b.tails.count
        var head = [Int32](repeating: 0, count: 2 * m)
        var cost = [Double](repeating: 0, count: 2 * m)
        var residual = [Int32](repeating: 0, count: 2 * m)
        var floor = [Int32](repeating: 0, count: 2 * m)
        var degree = [Int](repeating: 0, count: nodes + 1)
        var mins = [(arc: Int, low: Int32)]()
        for a in 0..<m {
            let e = 2 * a
            head[e] = b.heads[a]
            head[e + 1] = b.tails[a]
            cost[e] = b.costs[a]
            cost[e + 1] = -b.costs[a]
            residual[e] = b.caps[a]
            floor[e + 1] = b.lows[a]
            if b.lows[a] > 0 { mins.append((e, b.lows[a])) }
            degree[Int(b.tails[a]) + 1] += 1
            degree[Int(b.heads[a]) + 1] += 1
        }
        for v in 0..<nodes { degree[v + 1] += degree[v] }
        var fill = degree
        var adjacency = [Int32](repeating: 0, count: 2 * m)
        for a in 0..<m {
            adjacency[fill[Int(b.tails[a])]] = Int32(2 * a); fill[Int(b.tails[a])] += 1
            adjacency[fill[Int(b.heads[a])]] = Int32(2 * a + 1); fill[Int(b.heads[a])] += 1
        }
        self.head = head
        self.cost = cost
        self.residual = residual
        self.floor = floor
        self.adjacency = adjacency
        adjacencyStart = degree
        self.potential = potential
        minimums = mins
        dist = [Double](repeating: .infinity, count: nodes)
        done = [Bool](repeating: false, count: nodes)
        predArc = [Int32](repeating: -1, count: nodes)
        heap = _MinHeap(capacity: nodes)
    }

    /// The flow on forward arc `a` (its index in the builder).
    @inline(__always)
    func flow(_ a: Int) -> Int { Int(residual[2 * a + 1]) }

    enum Outcome { case done, infeasible(node: Int), unmetMinimum(arc: Int), cancelled }

    /// Routes `supply[v]` units out of every source node `v` (in node order),
    /// then meets the arcs' lower bounds. `shouldStop` is
    /// polled every 64 searches.
    ///
    /// By default the run ends at the first source or lower bound it cannot
    /// serve. With `collectFailures`, it goes on with the others and lists
    /// every one it could not serve in ``failedSources`` and
    /// ``failedMinimums`` (builder arc indices); the outcome then names the
    /// first of them. A caller that repairs what failed (``CandidatePricingSolver``
    /// adding pairs for every mentor left short) can then repair all of it in
    /// one round instead of one re-solve per failure.
    mutating func run(supply: [(node: Int, units: Int)], collectFailures: Bool = false,
                      shouldStop: () -> Bool, progress: (Int, Int) -> Void) -> Outcome {
        let total = supply.reduce(0) { $0 + $1.units }
        var searches = 0, routed = 0
        failedSources.removeAll()
        failedMinimums.removeAll()
        supplying: for (v, units) in supply {
            var left = units
            while left > 0 {
                if searches & 63 == 0 {
                    if shouldStop() { return .cancelled }
                    progress(routed, total)
                }
                searches += 1
                guard let moved = search(from: v, to: sink, limit: left) else {
                    guard collectFailures else { return .infeasible(node: v) }
                    failedSources.append(v)
                    continue supplying
                }
                left -= moved
                routed += moved
            }
        }
        if let v = failedSources.first { return .infeasible(node: v) }
        meeting: for (e, low) in minimums {
            while residual[e + 1] < low {
                if searches & 63 == 0, shouldStop() { return .cancelled }
                searches += 1
                // A shortest path from the arc's head back to its tail, closed by the arc itself.
                let tail = Int(head[e + 1])
                guard search(from: Int(head[e]), to: tail, limit: 1) != nil else {
                    guard collectFailures else { return .unmetMinimum(arc: e / 2) }
                    failedMinimums.append(e / 2)
                    continue meeting
                }
                residual[e] -= 1
                residual[e + 1] += 1
            }
        }
        if let a = failedMinimums.first { return .unmetMinimum(arc: a) }
        progress(total, total)
        return .done
    }

    /// With `collectFailures`: the source nodes whose supply could not be routed, in supply order.
    var failedSources: [Int] = []
    /// With `collectFailures`: the lower-bounded arcs (builder indices) left below their bound.
    var failedMinimums: [Int] = []

    /// One Dijkstra search over usable arcs from `source` to `target`;
    /// augments along the path found by its bottleneck (at most `limit`) and
    /// returns the units moved, or `nil` when `target` cannot be reached.
    mutating func search(from source: Int, to target: Int, limit: Int) -> Int? {
        heap.removeAll()
        popped.removeAll(keepingCapacity: true)
        dist[source] = 0
        predArc[source] = -1
        touched.append(Int32(source))
        heap.push(source, 0)
        var reached = false
        // With ``room`` (a repair), any node with room is a target: the nearest found so far.
        let anyRoom = !room.isEmpty
        var target = target
        while !heap.isEmpty {
            let (next, dv) = heap.pop()
            // When nothing left is nearer than the target, the target is settled now, ahead of
            // the nodes that tie with it (popping those first crossed every matched mentee of a
            // quota group, at a reduced cost of 0, before the sink).
            let v = target >= 0 && dist[target] <= dv ? target : next
            done[v] = true
            popped.append(Int32(v))
            settled += 1
            if v == target { reached = true; break }
            let pv = potential[v]
            for k in adjacencyStart[v]..<adjacencyStart[v + 1] {
                let e = Int(adjacency[k])
                guard residual[e] > floor[e] else { continue }
                let w = Int(head[e])
                if done[w] { continue }
                let cand = Swift.max(dv, dv + cost[e] + pv - potential[w])
                if cand < dist[w] {
                    if dist[w] == .infinity { touched.append(Int32(w)) }
                    dist[w] = cand
                    predArc[w] = Int32(e)
                    heap.pushOrDecrease(w, cand)
                    if anyRoom && room[w] > 0 && (target < 0 || cand < dist[target]) { target = w }
                }
            }
        }
        defer { reset() }
        guard reached else { return nil }
        reachedTarget = target
        let d = dist[target]
        for v32 in popped {
            let v = Int(v32)
            if dist[v] < d { potential[v] += dist[v] - d }
        }
        var units = anyRoom ? Swift.min(limit, room[target]) : limit
        var v = target
        while v != source {
            let e = Int(predArc[v])
            units = Swift.min(units, Int(residual[e] - floor[e]))
            v = Int(head[e ^ 1])
        }
        v = target
        while v != source {
            let e = Int(predArc[v])
            residual[e] -= Int32(units)
            residual[e ^ 1] += Int32(units)
            v = Int(head[e ^ 1])
        }
        return units
    }

    /// How ``warmStart(from:oldArc:supply:shouldStop:)`` ended.
    enum WarmStart { case started, refused, stopped, failed }

    /// Starts from `old`'s optimum — the network of the previous pricing
    /// round, over fewer candidate pairs — instead of routing every unit
    /// again: its flows (`oldArc[a]`, the builder index in `old` of this
    /// network's arc `a`, or −1 for an arc `old` did not have) and its
    /// potentials. The arcs `old` lacked may have a negative reduced cost
    /// (pricing added them because they do): each is filled, which leaves
    /// units at its head and a shortfall at its tail, and each unit then
    /// follows a shortest path to the nearest shortfall (successive shortest
    /// paths for the new demands; Ahuja, Magnanti and Orlin, *Network
    /// Flows*, 1993, §9.7), so that every usable arc ends with a
    /// non-negative reduced cost and the flow is optimal, as after ``run``.
    ///
    /// - Returns: `refused` (nothing changed) when the flows do not fit this
    ///   network — other nodes, an arc over its capacity or under its lower
    ///   bound, or a node whose flows do not balance against `supply`;
    ///   `stopped` when `shouldStop` (polled every 64 searches) said so,
    ///   `failed` when a unit found no way (neither should happen; the
    ///   network is then part-way); else `started`.
    /// - Complexity: O(A) to carry the flows over, then one search per unit
    ///   the new arcs move — few, after the first round.
    mutating func warmStart(from old: _FlowNetwork, oldArc: [Int], supply: [(node: Int, units: Int)], shouldStop: () -> Bool) -> WarmStart {
        guard old.nodes == nodes, oldArc.count * 2 == head.count else { return .refused }
        // The flows, checked first: capacities, lower bounds, and each node's balance.
        var balance = [Int](repeating: 0, count: nodes)
        for (v, units) in supply {
            balance[v] += units
            balance[sink] -= units
        }
        for (a, o) in oldArc.enumerated() {
            let f = o >= 0 ? Int(old.residual[2 * o + 1]) : 0
            guard o < 0 || (old.head[2 * o] == head[2 * a] && old.head[2 * o + 1] == head[2 * a + 1]),
                  f <= Int(residual[2 * a]), f >= Int(floor[2 * a + 1]) else { return .refused }
            balance[Int(head[2 * a + 1])] -= f
            balance[Int(head[2 * a])] += f
        }
        guard balance.allSatisfy({ $0 == 0 }) else { return .refused }
        for (a, o) in oldArc.enumerated() where o >= 0 {
            let f = old.residual[2 * o + 1]
            residual[2 * a] -= f
            residual[2 * a + 1] += f
        }
        potential = old.potential
        // Every usable arc with a negative reduced cost is filled.
        var excess = [Int](repeating: 0, count: nodes)
        room = [Int](repeating: 0, count: nodes)
        defer { room = [] }
        for e in 0..<head.count where residual[e] > floor[e] {
            let u = Int(head[e ^ 1]), w = Int(head[e])
            let reduced = cost[e] + potential[u] - potential[w]
            guard reduced < -1e-9 * Swift.max(1, abs(cost[e]), abs(potential[u])) else { continue }
            let units = residual[e] - floor[e]
            residual[e] -= units
            residual[e ^ 1] += units
            excess[w] += Int(units)
            room[u] += Int(units)
        }
        for v in 0..<nodes {
            let both = Swift.min(excess[v], room[v])
            excess[v] -= both
            room[v] -= both
        }
        // Each unit left over to the nearest shortfall.
        var searches = 0
        for s in 0..<nodes {
            while excess[s] > 0 {
                searches += 1
                if searches & 63 == 0, shouldStop() { return .stopped }
                // The filled arc's reverse always leads back to its tail: a path exists (without
                // one, the network is part-way and must be built again).
                guard let moved = search(from: s, to: -1, limit: excess[s]) else { return .failed }
                excess[s] -= moved
                room[reachedTarget] -= moved
            }
        }
        return .started
    }

    mutating func reset() {
        for v32 in touched {
            let v = Int(v32)
            dist[v] = .infinity
            done[v] = false
        }
        touched.removeAll(keepingCapacity: true)
        heap.removeAll()
    }
}
