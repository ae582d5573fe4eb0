/// Maximum-weight matching on a general (non-bipartite) sparse graph by
/// Edmonds' blossom algorithm in its primal–dual form, in exact integer
/// arithmetic.
///
/// The method is Edmonds (1965) with the O(n³) bookkeeping of Galil,
/// Micali and Gabow (1986, "An O(EV log V) algorithm for finding a maximal
/// weighted matching in general graphs", and Galil's survey "Efficient
/// algorithms for finding maximum matching in graphs", ACM Computing
/// Surveys 18, 1986): alternating trees grown from every exposed vertex,
/// odd cycles shrunk into blossoms, and four kinds of dual change (a vertex
/// dual reaching 0, an edge to an unlabelled vertex, an edge between two
/// S-blossoms, a T-blossom's dual reaching 0). The engineering (endpoint
/// numbering, least-slack edges per S-blossom) follows J. van Rantwijk's
/// write-up of the algorithm.
///
/// Two departures from the textbook, both for warm starts:
/// - any feasible duals and any matching of tight edges may be given;
///   exposed vertices need not share one dual. Every exposed vertex whose
///   dual is positive roots a tree; a stage ends when a tree augments, when
///   an S-vertex's dual reaches 0 (the path to it is flipped and it is left
///   exposed, which complementary slackness allows at dual 0), or when a
///   tree reaches an exposed vertex of dual 0 (an augmentation to it);
/// - weights and the given duals are doubled internally, so every root's
///   dual is even; with all weights even, every slack between two
///   S-vertices is even and every dual change is an integer.
///
/// Duals returned are in half units of the given weights: for every edge
/// `y_u + y_v + Σ_{B ∋ u, v} z_B ≥ 2 w_uv`, and at the optimum
/// `Σ y + Σ z_B ⌊|B|/2⌋ = 2 Σ_{matched} w`.
///
/// - Complexity: O(n) stages per exposed root, each O(n²) in the worst case
///   (O(n³) cold); memory O(n + m).
struct _WeightedBlossom {
    let n: Int
    /// `endpoint[2k]`, `endpoint[2k + 1]`: the two vertices of edge k.
    private(set) var endpoint: [Int]
    /// Doubled weights, one per edge.
    private(set) var weight: [Int64]
    /// CSR adjacency: for vertex v, `adjacency[adjacencyStart[v]..<adjacencyStart[v+1]]`
    /// are the remote endpoints p of v's edges (`endpoint[p]` is the neighbour).
    private var adjacencyStart: [Int]
    private var adjacency: [Int]

    /// The remote endpoint of v's matched edge, or -1.
    private(set) var mate: [Int]
    private var label: [Int8]
    private var labelEnd: [Int]
    private var inBlossom: [Int]
    private var blossomParent: [Int]
    private var blossomChildren: [[Int]]
    private var blossomBase: [Int]
    private var blossomEndpoints: [[Int]]
    private var bestEdge: [Int]
    private var blossomBestEdges: [[Int]?]
    private var unusedBlossoms: [Int]
    /// Vertex duals (0..<n) and blossom duals (n..<2n), doubled units.
    private(set) var dual: [Int64]
    private var allowEdge: [Bool]
    private var queue: [Int]
    /// Scratch for addBlossom's least-slack edge per neighbouring blossom.
    private var bestEdgeTo: [Int]

    /// Stages run (for statistics).
    private(set) var stages = 0

    /// Builds the engine for `vertexCount` vertices and `edges` (u ≠ v, no
    /// duplicates; weights are integers). Without `warm`, every vertex dual
    /// starts at the largest weight and nothing is matched.
    ///
    /// - Parameter warm: vertex duals in the units of the weights
    ///   (`y_u + y_v ≥ w_uv` on every edge, `y ≥ 0`) and edges (indices) of a
    ///   matching that are tight under them.
    init(vertexCount: Int, edges: [(Int, Int, Int64)], warm: (duals: [Int64], matched: [Int])? = nil) {
        n = vertexCount
        let m = edges.count
        endpoint = [Int](repeating: 0, count: 2 * m)
        weight = [Int64](repeating: 0, count: m)
        var degree = [Int](repeating: 0, count: n + 1)
        for (k, e) in edges.enumerated() {
            endpoint[2 * k] = e.0
            endpoint[2 * k + 1] = e.1
            weight[k] = 2 * e.2
            degree[e.0] += 1
            degree[e.1] += 1
        }
        adjacencyStart = [Int](repeating: 0, count: n + 1)
        for v in 0..<n { adjacencyStart[v + 1] = adjacencyStart[v] + degree[v] }
        adjacency = [Int](repeating: 0, count: 2 * m)
        var fill = adjacencyStart
        for k in 0..<m {
            let u = endpoint[2 * k], v = endpoint[2 * k + 1]
            adjacency[fill[u]] = 2 * k + 1
            fill[u] += 1
            adjacency[fill[v]] = 2 * k
            fill[v] += 1
        }
        mate = [Int](repeating: -1, count: n)
        label = [Int8](repeating: 0, count: 2 * n)
        labelEnd = [Int](repeating: -1, count: 2 * n)
        inBlossom = Array(0..<n)
        blossomParent = [Int](repeating: -1, count: 2 * n)
        blossomChildren = [[Int]](repeating: [], count: 2 * n)
        blossomBase = Array(0..<n) + [Int](repeating: -1, count: n)
        blossomEndpoints = [[Int]](repeating: [], count: 2 * n)
        bestEdge = [Int](repeating: -1, count: 2 * n)
        blossomBestEdges = [[Int]?](repeating: nil, count: 2 * n)
        unusedBlossoms = Array((n..<2 * n).reversed())
        dual = [Int64](repeating: 0, count: 2 * n)
        allowEdge = [Bool](repeating: false, count: m)
        queue = []
        bestEdgeTo = [Int](repeating: -1, count: 2 * n)
        if let warm {
            for v in 0..<n { dual[v] = 2 * warm.duals[v] }
            for k in warm.matched {
                mate[endpoint[2 * k]] = 2 * k + 1
                mate[endpoint[2 * k + 1]] = 2 * k
            }
        } else {
            // Every vertex at half the largest (doubled) weight: feasible, and all roots share one dual.
            let top = weight.max() ?? 0
            for v in 0..<n { dual[v] = Swift.max(0, top / 2) }
        }
    }

    @inline(__always) private func slack(_ k: Int) -> Int64 {
        dual[endpoint[2 * k]] + dual[endpoint[2 * k + 1]] - weight[k]
    }

    private func leaves(_ b: Int, into out: inout [Int]) {
        if b < n { out.append(b); return }
        var stack = [b]
        while let t = stack.popLast() {
            if t < n { out.append(t) } else { stack.append(contentsOf: blossomChildren[t].reversed()) }
        }
    }

    private func leaves(_ b: Int) -> [Int] {
        var out = [Int]()
        leaves(b, into: &out)
        return out
    }

    private mutating func assignLabel(_ w: Int, _ t: Int8, _ p: Int) {
        let b = inBlossom[w]
        label[w] = t; label[b] = t
        labelEnd[w] = p; labelEnd[b] = p
        bestEdge[w] = -1; bestEdge[b] = -1
        if t == 1 {
            leaves(b, into: &queue)
        } else {
            let base = blossomBase[b]
            let m = mate[base]
            assignLabel(endpoint[m], 1, m ^ 1)
        }
    }

    /// Traces back from v and w to find a new blossom's base (≥ 0) or an augmenting path (-1).
    private mutating func scanBlossom(_ v0: Int, _ w0: Int) -> Int {
        var path = [Int]()
        var base = -1
        var v = v0, w = w0
        while v != -1 || w != -1 {
            var b = inBlossom[v]
            if label[b] & 4 != 0 { base = blossomBase[b]; break }
            path.append(b)
            label[b] = 5
            if labelEnd[b] == -1 {
                v = -1
            } else {
                v = endpoint[labelEnd[b]]
                b = inBlossom[v]
                v = endpoint[labelEnd[b]]
            }
            if w != -1 { swap(&v, &w) }
        }
        for b in path { label[b] = 1 }
        return base
    }

    private mutating func addBlossom(_ base: Int, _ k: Int) {
        var v = endpoint[2 * k], w = endpoint[2 * k + 1]
        let bb = inBlossom[base]
        var bv = inBlossom[v], bw = inBlossom[w]
        let b = unusedBlossoms.removeLast()
        blossomBase[b] = base
        blossomParent[b] = -1
        blossomParent[bb] = b
        var path = [Int](), endps = [Int]()
        while bv != bb {
            blossomParent[bv] = b
            path.append(bv)
            endps.append(labelEnd[bv])
            v = endpoint[labelEnd[bv]]
            bv = inBlossom[v]
        }
        path.append(bb)
        path.reverse()
        endps.reverse()
        endps.append(2 * k)
        while bw != bb {
            blossomParent[bw] = b
            path.append(bw)
            endps.append(labelEnd[bw] ^ 1)
            w = endpoint[labelEnd[bw]]
            bw = inBlossom[w]
        }
        blossomChildren[b] = path
        blossomEndpoints[b] = endps
        label[b] = 1
        labelEnd[b] = labelEnd[bb]
        dual[b] = 0
        for x in leaves(b) {
            if label[inBlossom[x]] == 2 { queue.append(x) }
            inBlossom[x] = b
        }
        // The least-slack edge from the new blossom to every other S-blossom.
        var touched = [Int]()
        func consider(_ e: Int, _ engine: inout _WeightedBlossom) {
            var j = engine.endpoint[2 * e + 1]
            if engine.inBlossom[j] == b { j = engine.endpoint[2 * e] }
            let bj = engine.inBlossom[j]
            guard bj != b, engine.label[bj] == 1 else { return }
            let current = engine.bestEdgeTo[bj]
            if current == -1 { touched.append(bj); engine.bestEdgeTo[bj] = e }
            else if engine.slack(e) < engine.slack(current) { engine.bestEdgeTo[bj] = e }
        }
        for sub in path {
            if let list = blossomBestEdges[sub] {
                for e in list { consider(e, &self) }
            } else {
                for x in leaves(sub) {
                    for q in adjacencyStart[x]..<adjacencyStart[x + 1] { consider(adjacency[q] >> 1, &self) }
                }
            }
            blossomBestEdges[sub] = nil
            bestEdge[sub] = -1
        }
        touched.sort()
        var list = [Int]()
        list.reserveCapacity(touched.count)
        var best = -1
        for bj in touched {
            let e = bestEdgeTo[bj]
            bestEdgeTo[bj] = -1
            list.append(e)
            if best == -1 || slack(e) < slack(best) { best = e }
        }
        blossomBestEdges[b] = list
        bestEdge[b] = best
    }

    @inline(__always) private func wrap(_ j: Int, _ count: Int) -> Int { j < 0 ? j + count : j }

    private mutating func expandBlossom(_ b: Int, endStage: Bool) {
        for s in blossomChildren[b] {
            blossomParent[s] = -1
            if s < n {
                inBlossom[s] = s
            } else if endStage && dual[s] == 0 {
                expandBlossom(s, endStage: endStage)
            } else {
                for x in leaves(s) { inBlossom[x] = s }
            }
        }
        if !endStage && label[b] == 2 {
            // Relabel the sub-blossoms on the even path from the entry child to the base.
            let children = blossomChildren[b], endps = blossomEndpoints[b], count = children.count
            let entryChild = inBlossom[endpoint[labelEnd[b] ^ 1]]
            var j = children.firstIndex(of: entryChild)!
            let jStep: Int, trick: Int
            if j & 1 != 0 { j -= count; jStep = 1; trick = 0 } else { jStep = -1; trick = 1 }
            var p = labelEnd[b]
            while j != 0 {
                label[endpoint[p ^ 1]] = 0
                label[endpoint[endps[wrap(j - trick, count)] ^ trick ^ 1]] = 0
                assignLabel(endpoint[p ^ 1], 2, p)
                allowEdge[endps[wrap(j - trick, count)] >> 1] = true
                j += jStep
                p = endps[wrap(j - trick, count)] ^ trick
                allowEdge[p >> 1] = true
                j += jStep
            }
            var bv = children[wrap(j, count)]
            label[endpoint[p ^ 1]] = 2; label[bv] = 2
            labelEnd[endpoint[p ^ 1]] = p; labelEnd[bv] = p
            bestEdge[bv] = -1
            j += jStep
            while children[wrap(j, count)] != entryChild {
                bv = children[wrap(j, count)]
                if label[bv] == 1 { j += jStep; continue }
                var reached = -1
                for x in leaves(bv) where label[x] != 0 { reached = x; break }
                if reached >= 0 {
                    label[reached] = 0
                    label[endpoint[mate[blossomBase[bv]]]] = 0
                    assignLabel(reached, 2, labelEnd[reached])
                }
                j += jStep
            }
        }
        label[b] = -1
        labelEnd[b] = -1
        blossomChildren[b] = []
        blossomEndpoints[b] = []
        blossomBase[b] = -1
        blossomBestEdges[b] = nil
        bestEdge[b] = -1
        unusedBlossoms.append(b)
    }

    /// Swaps matched and unmatched edges on the even path inside blossom b from vertex v to its base; v becomes the base.
    private mutating func augmentBlossom(_ b: Int, _ v: Int) {
        var t = v
        while blossomParent[t] != b { t = blossomParent[t] }
        if t >= n { augmentBlossom(t, v) }
        let count = blossomChildren[b].count
        let i = blossomChildren[b].firstIndex(of: t)!
        var j = i
        let jStep: Int, trick: Int
        if i & 1 != 0 { j -= count; jStep = 1; trick = 0 } else { jStep = -1; trick = 1 }
        while j != 0 {
            j += jStep
            t = blossomChildren[b][wrap(j, count)]
            let p = blossomEndpoints[b][wrap(j - trick, count)] ^ trick
            if t >= n { augmentBlossom(t, endpoint[p]) }
            j += jStep
            t = blossomChildren[b][wrap(j, count)]
            if t >= n { augmentBlossom(t, endpoint[p ^ 1]) }
            mate[endpoint[p]] = p ^ 1
            mate[endpoint[p ^ 1]] = p
        }
        blossomChildren[b] = Array(blossomChildren[b][i...] + blossomChildren[b][..<i])
        blossomEndpoints[b] = Array(blossomEndpoints[b][i...] + blossomEndpoints[b][..<i])
        blossomBase[b] = blossomBase[blossomChildren[b][0]]
    }

    /// Flips the alternating path from vertex s (which takes remote endpoint
    /// p as its mate, or -1 to be left exposed) back to its tree's root, or
    /// into an unlabelled exposed blossom.
    private mutating func augmentPath(from s0: Int, mate p0: Int) {
        var s = s0, p = p0
        while true {
            let bs = inBlossom[s]
            if bs >= n { augmentBlossom(bs, s) }
            mate[s] = p
            if labelEnd[bs] == -1 { break }
            let t = endpoint[labelEnd[bs]]
            let bt = inBlossom[t]
            s = endpoint[labelEnd[bt]]
            let j = endpoint[labelEnd[bt] ^ 1]
            if bt >= n { augmentBlossom(bt, j) }
            mate[j] = labelEnd[bt]
            p = labelEnd[bt] ^ 1
        }
    }

    /// Runs stages until no exposed vertex has a positive dual.
    ///
    /// - Parameter shouldStop: polled once per stage; true stops early
    ///   (the matching is then valid but not proven).
    /// - Returns: whether it finished (optimal).
    mutating func run(shouldStop: () -> Bool = { false }) -> Bool {
        while true {
            if shouldStop() { return false }
            // A new stage: every exposed vertex with a positive dual roots a tree.
            for i in 0..<(2 * n) { label[i] = 0; labelEnd[i] = -1; bestEdge[i] = -1 }
            for b in n..<(2 * n) { blossomBestEdges[b] = nil }
            for k in allowEdge.indices { allowEdge[k] = false }
            queue.removeAll(keepingCapacity: true)
            var roots = 0
            for v in 0..<n where mate[v] == -1 && label[inBlossom[v]] == 0 && dual[v] > 0 {
                assignLabel(v, 1, -1)
                roots += 1
            }
            if roots == 0 { return true }
            stages += 1
            stage: while true {
                while let v = queue.popLast() {
                    for q in adjacencyStart[v]..<adjacencyStart[v + 1] {
                        let p = adjacency[q], k = p >> 1, w = endpoint[p]
                        if inBlossom[v] == inBlossom[w] { continue }
                        var kSlack: Int64 = 0
                        if !allowEdge[k] {
                            kSlack = slack(k)
                            if kSlack <= 0 { allowEdge[k] = true }
                        }
                        if allowEdge[k] {
                            let bw = inBlossom[w]
                            if label[bw] == 0 {
                                if mate[blossomBase[bw]] == -1 {
                                    // An exposed vertex of dual 0: augment into it.
                                    augmentPath(from: v, mate: p)
                                    augmentPath(from: w, mate: p ^ 1)
                                    break stage
                                }
                                assignLabel(w, 2, p ^ 1)
                            } else if label[bw] == 1 {
                                let base = scanBlossom(v, w)
                                if base >= 0 {
                                    addBlossom(base, k)
                                } else {
                                    augmentPath(from: v, mate: p)
                                    augmentPath(from: w, mate: p ^ 1)
                                    break stage
                                }
                            } else if label[w] == 0 {
                                label[w] = 2
                                labelEnd[w] = p ^ 1
                            }
                        } else if label[inBlossom[w]] == 1 {
                            let b = inBlossom[v]
                            if bestEdge[b] == -1 || kSlack < slack(bestEdge[b]) { bestEdge[b] = k }
                        } else if label[w] == 0 {
                            if bestEdge[w] == -1 || kSlack < slack(bestEdge[w]) { bestEdge[w] = k }
                        }
                    }
                }
                // No tight edge left to grow along: change the duals.
                var deltaType = 0, delta: Int64 = 0, deltaEdge = -1, deltaBlossom = -1, deltaVertex = -1
                for v in 0..<n where label[inBlossom[v]] == 1 {
                    if deltaType == 0 || dual[v] < delta { delta = dual[v]; deltaType = 1; deltaVertex = v }
                }
                for v in 0..<n where label[inBlossom[v]] == 0 && bestEdge[v] != -1 {
                    let d = slack(bestEdge[v])
                    if deltaType == 0 || d < delta { delta = d; deltaType = 2; deltaEdge = bestEdge[v] }
                }
                for b in 0..<(2 * n) where blossomParent[b] == -1 && label[b] == 1 && bestEdge[b] != -1 {
                    let d = slack(bestEdge[b]) / 2
                    if deltaType == 0 || d < delta { delta = d; deltaType = 3; deltaEdge = bestEdge[b] }
                }
                for b in n..<(2 * n) where blossomBase[b] >= 0 && blossomParent[b] == -1 && label[b] == 2 {
                    let d = dual[b] / 2
                    if deltaType == 0 || d < delta { delta = d; deltaType = 4; deltaBlossom = b }
                }
                for v in 0..<n {
                    switch label[inBlossom[v]] {
                    case 1: dual[v] -= delta
                    case 2: dual[v] += delta
                    default: break
                    }
                }
                for b in n..<(2 * n) where blossomBase[b] >= 0 && blossomParent[b] == -1 {
                    if label[b] == 1 { dual[b] += 2 * delta } else if label[b] == 2 { dual[b] -= 2 * delta }
                }
                switch deltaType {
                case 1:
                    // An S-vertex's dual reached 0: leave it exposed, matching its root instead.
                    augmentPath(from: deltaVertex, mate: -1)
                    break stage
                case 2:
                    allowEdge[deltaEdge] = true
                    var i = endpoint[2 * deltaEdge]
                    if label[inBlossom[i]] == 0 { i = endpoint[2 * deltaEdge + 1] }
                    queue.append(i)
                case 3:
                    allowEdge[deltaEdge] = true
                    queue.append(endpoint[2 * deltaEdge])
                default:
                    expandBlossom(deltaBlossom, endStage: false)
                }
            }
            // End of stage: expand S-blossoms whose dual is 0.
            for b in n..<(2 * n) where blossomParent[b] == -1 && blossomBase[b] >= 0 && label[b] == 1 && dual[b] == 0 {
                expandBlossom(b, endStage: true)
            }
        }
    }

    /// The matched edges, ascending.
    var matchedEdges: [Int] {
        (0..<n).compactMap { v in mate[v] >= 0 && v < endpoint[mate[v]] ? mate[v] >> 1 : nil }.sorted()
    }

    /// Every blossom with a positive dual: its vertices (ascending) and its dual (doubled units).
    var oddSets: [(members: [Int], dual: Int64)] {
        var out = [(members: [Int], dual: Int64)]()
        for b in n..<(2 * n) where blossomBase[b] >= 0 && dual[b] > 0 {
            out.append((leaves(b).sorted(), dual[b]))
        }
        return out.sorted { $0.members.lexicographicallyPrecedes($1.members) }
    }
}
