/// The maximum-weight closed set of a precedence order: a set of items,
/// each with a weight, that holds every predecessor of each item it holds
/// and whose total weight is largest. Picard's reduction ("Maximal closure
/// of a graph and applications to combinatorial problems", *Management
/// Science* 22, 1976) to a minimum s–t cut — the source feeds each item of
/// positive weight, each item of negative weight feeds the sink, and an
/// uncuttable arc runs from each item to each of its predecessors — solved by
/// Dinic's blocking flows (Dinic, "Algorithm for solution of a problem of
/// maximum flow in networks with power estimation", *Soviet Math. Doklady*
/// 11, 1970).
///
/// The largest weight is the sum of the positive weights less the minimum
/// cut; the closed set is what the source still reaches in the residual
/// network. The cut is proven minimum by the flow itself: ``certified`` is
/// true when the flow, checked arc by arc (capacities and conservation),
/// carries as much as the cut's capacity, recomputed from the weights alone.
struct _MaximumClosure {
    /// Whether each item is in the closed set.
    let chosen: [Bool]
    /// The flow's value: what leaves the source, summed arc by arc.
    let flow: Double
    /// The cut's capacity: the positive weights left out plus the negative weights taken (as positive numbers).
    let cut: Double
    /// The chosen items' total weight.
    let weight: Double
    /// Whether the flow is feasible, the set closed, and the flow's value equal to the cut's capacity
    /// within `1e-9` of the weights' absolute sum.
    let certified: Bool

    /// - Parameters:
    ///   - weights: one weight per item.
    ///   - predecessors: per item, the items it needs (indices into `weights`).
    /// - Complexity: O(V²·E) for Dinic's method; far less on these graphs.
    init(weights: [Double], predecessors: [[Int]]) {
        let items = weights.count
        let source = items, sink = items + 1, nodes = items + 2
        // Arcs in pairs (forward 2k, reverse 2k+1); residual capacities.
        var from = [Int32](), to = [Int32](), residual = [Double]()
        func arc(_ a: Int, _ b: Int, _ capacity: Double) {
            from.append(Int32(a)); to.append(Int32(b)); residual.append(capacity)
            from.append(Int32(b)); to.append(Int32(a)); residual.append(0)
        }
        var scale = 0.0
        for (k, w) in weights.enumerated() {
            scale += abs(w)
            if w > 0 { arc(source, k, w) } else if w < 0 { arc(k, sink, -w) }
        }
        for (k, needs) in predecessors.enumerated() { for p in needs { arc(k, p, .infinity) } }
        let capacity = residual
        let tolerance = 1e-12 * Swift.max(1, scale)
        // Arcs leaving each node, grouped (counting sort by tail).
        var start = [Int](repeating: 0, count: nodes + 1)
        for a in from { start[Int(a) + 1] += 1 }
        for v in 0..<nodes { start[v + 1] += start[v] }
        var out = [Int](repeating: 0, count: from.count)
        var fill = start
        for (e, a) in from.enumerated() { out[fill[Int(a)]] = e; fill[Int(a)] += 1 }

        var level = [Int](repeating: -1, count: nodes)
        var queue = [Int]()
        func levels() -> Bool {
            for v in 0..<nodes { level[v] = -1 }
            level[source] = 0
            queue.removeAll(keepingCapacity: true)
            queue.append(source)
            var head = 0
            while head < queue.count {
                let v = queue[head]; head += 1
                for k in start[v]..<start[v + 1] {
                    let e = out[k], w = Int(to[e])
                    if level[w] < 0 && residual[e] > tolerance { level[w] = level[v] + 1; queue.append(w) }
                }
            }
            return level[sink] >= 0
        }
        var total = 0.0
        var current = start
        var path = [Int]()
        while levels() {
            for v in 0..<nodes { current[v] = start[v] }
            // Augmenting paths in the level graph, found without recursion; a dead end leaves the level graph.
            var v = source
            path.removeAll(keepingCapacity: true)
            while true {
                if v == sink {
                    var d = Double.infinity
                    for e in path { d = Swift.min(d, residual[e]) }
                    for e in path { residual[e] -= d; residual[e ^ 1] += d }
                    total += d
                    path.removeAll(keepingCapacity: true)
                    v = source
                    continue
                }
                var advanced = false
                while current[v] < start[v + 1] {
                    let e = out[current[v]], w = Int(to[e])
                    if residual[e] > tolerance && level[w] == level[v] + 1 { path.append(e); v = w; advanced = true; break }
                    current[v] += 1
                }
                if advanced { continue }
                level[v] = -1
                guard let e = path.popLast() else { break }
                v = Int(from[e])
                current[v] += 1
            }
        }
        // The closed set: what the source reaches in the residual network.
        var reached = [Bool](repeating: false, count: nodes)
        reached[source] = true
        queue = [source]
        var head = 0
        while head < queue.count {
            let v = queue[head]; head += 1
            for k in start[v]..<start[v + 1] {
                let e = out[k], w = Int(to[e])
                if !reached[w] && residual[e] > tolerance { reached[w] = true; queue.append(w) }
            }
        }
        let taken = Array(reached[0..<items])
        chosen = taken
        // The certificate, from the weights and the flow arc by arc.
        var cutCapacity = 0.0, chosenWeight = 0.0
        for (k, w) in weights.enumerated() {
            if taken[k] { chosenWeight += w; if w < 0 { cutCapacity -= w } } else if w > 0 { cutCapacity += w }
        }
        cut = cutCapacity
        weight = chosenWeight
        var balance = [Double](repeating: 0, count: nodes)
        var feasible = true
        for e in stride(from: 0, to: from.count, by: 2) {
            let f = residual[e + 1]   // the reverse arc starts empty: its residual is the flow (also on uncuttable arcs)
            if f < -tolerance || f > capacity[e] + tolerance { feasible = false }
            balance[Int(from[e])] -= f
            balance[Int(to[e])] += f
        }
        let conserved = (0..<items).allSatisfy { abs(balance[$0]) <= 1e-9 * Swift.max(1, scale) }
        let closed = predecessors.indices.allSatisfy { k in !taken[k] || predecessors[k].allSatisfy { taken[$0] } }
        flow = -balance[source]
        certified = feasible && conserved && closed && abs(flow - cutCapacity) <= 1e-9 * Swift.max(1, scale)
    }
}
