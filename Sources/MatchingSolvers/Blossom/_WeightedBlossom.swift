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
///   exposed vertices need not share one dual. Each stage grows one tree,
///   from the next exposed vertex whose dual is positive (the others keep
///   their duals, unlabelled); it ends when the tree reaches another exposed
///   vertex (an augmentation), or when an S-vertex's dual reaches 0 (the
///   path to it is flipped and it is left exposed, which complementary
///   slackness allows at dual 0). A warm start leaves few roots, and one
///   small tree each is far cheaper than regrowing a forest of all of them
///   after every augmentation;
/// - weights are doubled internally and warm duals are given in half units,
///   an exposed vertex's odd dual raised by one, so that every root's dual
///   is even; with all weights even, every slack between two S-vertices is
///   then even and every dual change an integer.
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
    /// The edges allowed this stage, to reset them in O(stage).
    private var allowed: [Int] = []
    private var queue: [Int]
    /// Scratch for addBlossom's least-slack edge per neighbouring blossom.
    private var bestEdgeTo: [Int]

    /// Stages run (for statistics).
    private(set) var stages = 0
    /// Vertices below it are not roots (exposed with a positive dual).
    private var rootCursor = 0
    /// Vertices and blossoms labelled this stage (each once, by `stamp`):
    /// the dual changes, the searches for δ and the reset at the next stage
    /// visit these only, so a stage costs O(its tree), not O(n).
    private var touched: [Int] = []
    /// Free vertices given a least-slack edge this stage.
    private var freeWithBest: [Int] = []
    private var stamp: [Int]
    private var stageID = 0

    /// Builds the engine for `vertexCount` vertices and `edges` (u ≠ v, no
    /// duplicates; weights are integers). Without `warm`, every vertex dual
    /// starts at the largest weight and nothing is matched.
    ///
    /// - Parameter warm: vertex duals in half units of the weights
    ///   (`y_u + y_v ≥ 2 w_uv` on every edge, `y ≥ 0`) and edges (indices)
    ///   of a matching that are tight under them (`y_u + y_v = 2 w_uv`). An
    ///   exposed vertex with an odd dual is raised by 1, so that every root's
    ///   dual is even.
    init(vertexCount: Int, edges: [(Int, Int, Int64)], warm: (doubledDuals: [Int64], matched: [Int])? = nil) {
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
        stamp = [Int](repeating: -1, count: 2 * n)
        if let warm {
            for v in 0..<n { dual[v] = warm.doubledDuals[v] }
            for k in warm.matched {
                mate[endpoint[2 * k]] = 2 * k + 1
                mate[endpoint[2 * k + 1]] = 2 * k
            }
            for v in 0..<n where mate[v] == -1 && dual[v] & 1 != 0 { dual[v] += 1 }
        } else {
            // Every vertex at half the largest (doubled) weight: feasible, and all roots share one dual.
            let top = weight.max() ?? 0
            for v in 0..<n { dual[v] = Swift.max(0, top / 2) }
        }
    }

    @inline(__always) private mutating func allow(_ k: Int) {
        if !allowEdge[k] { allowEdge[k] = true; allowed.append(k) }
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

    /// Records blossom (or vertex) b and its vertices as touched this stage.
    private mutating func record(_ b: Int) {
        if stamp[b] != stageID { stamp[b] = stageID; touched.append(b) }
        if b >= n {
            for v in leaves(b) where stamp[v] != stageID { stamp[v] = stageID; touched.append(v) }
        }
    }

    private mutating func assignLabel(_ w: Int, _ t: Int8, _ p: Int) {
        let b = inBlossom[w]
        record(b)
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
        record(b)
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
                allow(endps[wrap(j - trick, count)] >> 1)
                j += jStep
                p = endps[wrap(j - trick, count)] ^ trick
                allow(p >> 1)
                j += jStep
            }
            var bv = children[wrap(j, count)]
            record(bv)
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
            // A new stage: undo the last one's labels.
            for x in touched {
                label[x] = 0; labelEnd[x] = -1; bestEdge[x] = -1
                if x >= n { blossomBestEdges[x] = nil }
            }
            for v in freeWithBest { bestEdge[v] = -1 }
            touched.removeAll(keepingCapacity: true)
            freeWithBest.removeAll(keepingCapacity: true)
            stageID += 1
            for k in allowed { allowEdge[k] = false }
            allowed.removeAll(keepingCapacity: true)
            queue.removeAll(keepingCapacity: true)
            // One tree per stage: the next exposed vertex with a positive dual.
            // Other such vertices stay unlabelled with their duals; a tree
            // that reaches one augments into it. Roots only disappear, so one
            // pass of the cursor finds them all.
            while rootCursor < n && !(mate[rootCursor] == -1 && dual[rootCursor] > 0) { rootCursor += 1 }
            if rootCursor == n { return true }
            assignLabel(rootCursor, 1, -1)
            stages += 1
            stage: while true {
                while let v = queue.popLast() {
                    for q in adjacencyStart[v]..<adjacencyStart[v + 1] {
                        let p = adjacency[q], k = p >> 1, w = endpoint[p]
                        if inBlossom[v] == inBlossom[w] { continue }
                        var kSlack: Int64 = 0
                        if !allowEdge[k] {
                            kSlack = slack(k)
                            if kSlack <= 0 { allow(k) }
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
                            if bestEdge[w] == -1 { freeWithBest.append(w); bestEdge[w] = k }
                            else if kSlack < slack(bestEdge[w]) { bestEdge[w] = k }
                        }
                    }
                }
                // No tight edge left to grow along: change the duals.
                var deltaType = 0, delta: Int64 = 0, deltaEdge = -1, deltaBlossom = -1, deltaVertex = -1
                for x in touched {
                    if x < n {
                        // δ1: an S-vertex's dual reaching 0.
                        if label[inBlossom[x]] == 1 && (deltaType == 0 || dual[x] < delta) { delta = dual[x]; deltaType = 1; deltaVertex = x }
                    }
                }
                for v in freeWithBest where label[inBlossom[v]] == 0 && bestEdge[v] != -1 {
                    // δ2: an edge from an S-vertex to a free vertex becoming tight.
                    let d = slack(bestEdge[v])
                    if deltaType == 0 || d < delta { delta = d; deltaType = 2; deltaEdge = bestEdge[v] }
                }
                for x in touched where blossomParent[x] == -1 && (x >= n ? blossomBase[x] >= 0 : inBlossom[x] == x) {
                    if label[x] == 1 && bestEdge[x] != -1 {
                        // δ3: an edge between two S-blossoms becoming tight (half its slack).
                        let d = slack(bestEdge[x]) / 2
                        if deltaType == 0 || d < delta { delta = d; deltaType = 3; deltaEdge = bestEdge[x] }
                    } else if x >= n && label[x] == 2 {
                        // δ4: a T-blossom's dual reaching 0.
                        let d = dual[x] / 2
                        if deltaType == 0 || d < delta { delta = d; deltaType = 4; deltaBlossom = x }
                    }
                }
                for x in touched {
                    if x < n {
                        switch label[inBlossom[x]] {
                        case 1: dual[x] -= delta
                        case 2: dual[x] += delta
                        default: break
                        }
                    } else if blossomBase[x] >= 0 && blossomParent[x] == -1 {
                        if label[x] == 1 { dual[x] += 2 * delta } else if label[x] == 2 { dual[x] -= 2 * delta }
                    }
                }
                switch deltaType {
                case 1:
                    // An S-vertex's dual reached 0: leave it exposed, matching its root instead.
                    augmentPath(from: deltaVertex, mate: -1)
                    break stage
                case 2:
                    allow(deltaEdge)
                    var i = endpoint[2 * deltaEdge]
                    if label[inBlossom[i]] == 0 { i = endpoint[2 * deltaEdge + 1] }
                    queue.append(i)
                case 3:
                    allow(deltaEdge)
                    queue.append(endpoint[2 * deltaEdge])
                default:
                    expandBlossom(deltaBlossom, endStage: false)
                }
            }
            // End of stage: expand S-blossoms whose dual is 0.
            for b in touched where b >= n && blossomParent[b] == -1 && blossomBase[b] >= 0 && label[b] == 1 && dual[b] == 0 {
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
