import MatchingCore

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
/// - dual changes are lazy (Gabow 1990, "Data structures for weighted
///   matching and nearest common ancestors with linking"; Galil's survey,
///   §4): a labelled vertex or blossom stores its dual as of the moment its
///   label was set, its current dual follows from the stage's total change
///   Δ, and the four candidates for the next change are kept in heaps keyed
///   so that they do not move as Δ grows (entries made stale by a relabel or
///   a new blossom are dropped when they surface). A dual change then costs
///   O(log m), not a sweep over the tree, which matters when one tree spans
///   most of a large graph (Tutte's gadgets of a b-matching make such trees);
/// - weights are doubled internally and warm duals are given in half units,
///   an exposed vertex's odd dual raised by one, so that every root's dual
///   is even; with all weights even, every slack between two S-vertices is
///   then even and every dual change an integer.
///
/// Duals returned are in half units of the given weights: for every edge
/// `y_u + y_v + Σ_{B ∋ u, v} z_B ≥ 2 w_uv`, and at the optimum
/// `Σ y + Σ z_B ⌊|B|/2⌋ = 2 Σ_{matched} w`.
///
/// - Complexity: one stage per exposed root (warm) or per augmentation
///   (cold), each O(m log m + Σ |B|) for the edges it scans and the
///   blossoms B it forms or expands (O(n m log m) cold); memory O(n + m).
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
    /// Per vertex or blossom: -1 when it is top-level, else an enclosing
    /// blossom (not necessarily the innermost: ``top(_:)`` compresses the
    /// path, so a new blossom around a large one costs O(its path), not
    /// O(its vertices)). Exact again after an expansion.
    private var up: [Int]
    private var blossomParent: [Int]
    private var blossomChildren: [[Int]]
    private var blossomBase: [Int]
    private var blossomEndpoints: [[Int]]
    private var unusedBlossoms: [Int]
    /// Vertex duals (0..<n) and blossom duals (n..<2n), doubled units, as of
    /// `since[x]`: the current dual is ``current(_:)``.
    private(set) var dual: [Int64]
    /// Per vertex or blossom: how its dual moves with Δ — a vertex −1 in an
    /// S-blossom, +1 in a T-blossom; a top-level blossom +2 if S, −2 if T; 0 otherwise.
    private var drift: [Int8]
    /// Per vertex or blossom: Δ when its stored dual was last brought up to date.
    private var since: [Int64]
    /// The total dual change of this stage so far.
    private var delta: Int64 = 0
    /// The least `dual + Δ` over S-vertices when they became S (their duals
    /// all fall with Δ, so the least stays the least): candidate δ1.
    private var leastS: (key: Int64, vertex: Int)?
    /// Candidate δ2: edges from an S-vertex to an unlabelled vertex, keyed `slack + Δ`.
    private var toFree = _StaleHeap(kind: .toFree)
    /// Candidate δ3: edges between two S-blossoms, keyed `slack + 2Δ`.
    private var betweenS = _StaleHeap(kind: .betweenS)
    /// Candidate δ4: top-level T-blossoms, keyed `z + 2Δ`.
    private var blossomsT = _StaleHeap(kind: .blossomT)
    private var allowEdge: [Bool]
    /// The edges allowed this stage, to reset them in O(stage).
    private var allowed: [Int] = []
    private var queue: [Int]

    /// Stages run (for statistics).
    private(set) var stages = 0
    /// Vertices below it are not roots (exposed with a positive dual).
    private var rootCursor = 0
    /// Vertices and blossoms labelled this stage (each once, by `stamp`):
    /// the dual changes, the searches for δ and the reset at the next stage
    /// visit these only, so a stage costs O(its tree), not O(n).
    private var touched: [Int] = []
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
        up = [Int](repeating: -1, count: 2 * n)
        blossomParent = [Int](repeating: -1, count: 2 * n)
        blossomChildren = [[Int]](repeating: [], count: 2 * n)
        blossomBase = Array(0..<n) + [Int](repeating: -1, count: n)
        blossomEndpoints = [[Int]](repeating: [], count: 2 * n)
        unusedBlossoms = Array((n..<2 * n).reversed())
        dual = [Int64](repeating: 0, count: 2 * n)
        drift = [Int8](repeating: 0, count: 2 * n)
        since = [Int64](repeating: 0, count: 2 * n)
        allowEdge = [Bool](repeating: false, count: m)
        queue = []
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

    /// The top-level blossom (or vertex) holding x, compressing the path to it.
    @inline(__always) private mutating func top(_ x: Int) -> Int {
        var r = up[x]
        if r < 0 { return x }
        while up[r] >= 0 { r = up[r] }
        var v = x
        while up[v] != r && up[v] >= 0 { let next = up[v]; up[v] = r; v = next }
        return r
    }

    /// The current dual of vertex or blossom x.
    @inline(__always) private func current(_ x: Int) -> Int64 {
        dual[x] + Int64(drift[x]) * (delta - since[x])
    }

    /// Brings x's stored dual up to date and sets how it moves from now on.
    @inline(__always) private mutating func setDrift(_ x: Int, _ d: Int8) {
        dual[x] = current(x)
        since[x] = delta
        drift[x] = d
        if stamp[x] != stageID { stamp[x] = stageID; touched.append(x) }
    }

    @inline(__always) private func slack(_ k: Int) -> Int64 {
        current(endpoint[2 * k]) + current(endpoint[2 * k + 1]) - weight[k]
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

    /// Records blossom (or vertex) b as touched this stage (for the reset of its label).
    private mutating func record(_ b: Int) {
        if stamp[b] != stageID { stamp[b] = stageID; touched.append(b) }
    }

    /// An S-vertex from now on: its dual falls with Δ; it is scanned.
    private mutating func becomeS(_ v: Int) {
        setDrift(v, -1)
        let key = dual[v] + delta
        if leastS.map({ key < $0.key || (key == $0.key && v < $0.vertex) }) ?? true { leastS = (key, v) }
        queue.append(v)
    }

    /// Labels top-level blossom (or vertex) b S (1) or T (2): the drifts of
    /// b and its vertices, the S-vertices queued, a T-blossom a candidate for δ4.
    private mutating func labelDrifts(_ b: Int, _ t: Int8) {
        record(b)
        if b < n {
            if t == 1 { becomeS(b) } else { setDrift(b, 1) }
            return
        }
        setDrift(b, t == 1 ? 2 : -2)
        if t == 2 { blossomsT.push(dual[b] + 2 * delta, b) }
        for v in leaves(b) { if t == 1 { becomeS(v) } else { setDrift(v, 1) } }
    }

    private mutating func assignLabel(_ w: Int, _ t: Int8, _ p: Int) {
        let b = top(w)
        label[w] = t; label[b] = t
        labelEnd[w] = p; labelEnd[b] = p
        labelDrifts(b, t)
        if t == 2 {
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
            var b = top(v)
            if label[b] & 4 != 0 { base = blossomBase[b]; break }
            path.append(b)
            label[b] = 5
            if labelEnd[b] == -1 {
                v = -1
            } else {
                v = endpoint[labelEnd[b]]
                b = top(v)
                v = endpoint[labelEnd[b]]
            }
            if w != -1 { swap(&v, &w) }
        }
        for b in path { label[b] = 1 }
        return base
    }

    private mutating func addBlossom(_ base: Int, _ k: Int) {
        var v = endpoint[2 * k], w = endpoint[2 * k + 1]
        let bb = top(base)
        var bv = top(v), bw = top(w)
        let b = unusedBlossoms.removeLast()
        blossomBase[b] = base
        blossomParent[b] = -1
        up[b] = -1
        blossomParent[bb] = b
        var path = [Int](), endps = [Int]()
        while bv != bb {
            blossomParent[bv] = b
            path.append(bv)
            endps.append(labelEnd[bv])
            v = endpoint[labelEnd[bv]]
            bv = top(v)
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
            bw = top(w)
        }
        blossomChildren[b] = path
        blossomEndpoints[b] = endps
        // Only now (the walks above look up the old top-level blossoms) do the children point to b.
        for sub in path { up[sub] = b }
        // The children stop being top-level: their duals freeze; the new
        // blossom is an S-blossom whose dual grows from 0.
        for sub in path where sub >= n { setDrift(sub, 0) }
        label[b] = 1
        labelEnd[b] = labelEnd[bb]
        dual[b] = 0
        since[b] = delta
        drift[b] = 0
        setDrift(b, 2)
        // A T-child's vertices become S-vertices, to be scanned; an
        // S-child's vertices reach b through `up`, untouched.
        for sub in path where label[sub] == 2 {
            for x in leaves(sub) { becomeS(x) }
        }
    }

    @inline(__always) private func wrap(_ j: Int, _ count: Int) -> Int { j < 0 ? j + count : j }

    private mutating func expandBlossom(_ b: Int, endStage: Bool) {
        if !endStage {
            // b's vertices stop drifting with it; the relabelling below sets what moves.
            for x in leaves(b) { setDrift(x, 0) }
            setDrift(b, 0)
        }
        // b's children become top-level; at the end of a stage those with
        // dual 0 are expanded in turn (a worklist: nesting can be thousands deep).
        var pending = [b]
        while let c = pending.popLast() {
            for s in blossomChildren[c] {
                blossomParent[s] = -1
                up[s] = -1
                if s >= n && endStage && dual[s] == 0 {
                    pending.append(s)
                } else if s >= n {
                    // Pointers inside s may skip to c: make them exact again.
                    var stack = blossomChildren[s]
                    while let t = stack.popLast() {
                        up[t] = blossomParent[t]
                        if t >= n { stack.append(contentsOf: blossomChildren[t]) }
                    }
                }
            }
            if c != b { release(c) }
        }
        if !endStage && label[b] == 2 {
            // Relabel the sub-blossoms on the even path from the entry child to the base.
            let children = blossomChildren[b], endps = blossomEndpoints[b], count = children.count
            let entryChild = top(endpoint[labelEnd[b] ^ 1])
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
            label[endpoint[p ^ 1]] = 2; label[bv] = 2
            labelEnd[endpoint[p ^ 1]] = p; labelEnd[bv] = p
            labelDrifts(bv, 2)
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
            // Children left unlabelled are free: the loose edges from S-vertices
            // to them become candidates for δ2 (skipped while they were in a T-blossom).
            for child in children where label[child] == 0 {
                for x in leaves(child) {
                    for q in adjacencyStart[x]..<adjacencyStart[x + 1] {
                        let p = adjacency[q], k = p >> 1
                        if label[top(endpoint[p])] == 1 && !allowEdge[k] { toFree.push(slack(k) + delta, k) }
                    }
                }
            }
        }
        release(b)
    }

    /// Returns blossom id b, expanded, to the unused ones.
    private mutating func release(_ b: Int) {
        label[b] = -1
        labelEnd[b] = -1
        blossomChildren[b] = []
        blossomEndpoints[b] = []
        blossomBase[b] = -1
        unusedBlossoms.append(b)
    }

    /// Swaps matched and unmatched edges on the even path inside blossom b from vertex v to its base; v becomes the base.
    ///
    /// The blossoms between v and b are done innermost first (as a recursion
    /// down the nesting would, but without a stack frame per level of v's
    /// chain: large b-matching graphs nest blossoms thousands deep there;
    /// only sub-blossoms on the swapped path recurse).
    private mutating func augmentBlossom(_ b: Int, _ v: Int) {
        var chain = [(blossom: Int, child: Int)]()
        var t = v
        while t != b {
            let parent = blossomParent[t]
            chain.append((parent, t))
            t = parent
        }
        for (blossom, child) in chain { rotateBlossom(blossom, to: child) }
    }

    /// Within blossom b, whose child t has just been made to hold the new
    /// base: swaps the even path from t to the old base (the sub-blossoms on
    /// it re-based by ``augmentBlossom(_:_:)``) and makes t the first child.
    private mutating func rotateBlossom(_ b: Int, to t0: Int) {
        let count = blossomChildren[b].count
        let i = blossomChildren[b].firstIndex(of: t0)!
        var j = i
        let jStep: Int, trick: Int
        if i & 1 != 0 { j -= count; jStep = 1; trick = 0 } else { jStep = -1; trick = 1 }
        while j != 0 {
            j += jStep
            var t = blossomChildren[b][wrap(j, count)]
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
            let bs = top(s)
            if bs >= n { augmentBlossom(bs, s) }
            mate[s] = p
            if labelEnd[bs] == -1 { break }
            let t = endpoint[labelEnd[bs]]
            let bt = top(t)
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
            // A new stage: undo the last one's labels (its duals are up to date).
            for x in touched { label[x] = 0; labelEnd[x] = -1 }
            touched.removeAll(keepingCapacity: true)
            stageID += 1
            for k in allowed { allowEdge[k] = false }
            allowed.removeAll(keepingCapacity: true)
            queue.removeAll(keepingCapacity: true)
            toFree.removeAll(); betweenS.removeAll(); blossomsT.removeAll()
            leastS = nil
            delta = 0
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
                    for q in adjacencyStart[v]..<adjacencyStart[v + 1] where scan(v, adjacency[q]) { break stage }
                }
                // No tight edge left to grow along: the least dual change that makes one.
                var kind = 1, step = leastS!.key - delta
                if let (key, _) = peek(.toFree), key - delta < step { step = key - delta; kind = 2 }
                if let (key, _) = peek(.betweenS), (key - 2 * delta) / 2 < step { step = (key - 2 * delta) / 2; kind = 3 }
                if let (key, _) = peek(.blossomT), (key - 2 * delta) / 2 < step { step = (key - 2 * delta) / 2; kind = 4 }
                delta += step
                switch kind {
                case 1:
                    // An S-vertex's dual reached 0: leave it exposed, matching its root instead.
                    augmentPath(from: leastS!.vertex, mate: -1)
                    break stage
                case 2, 3:
                    // An edge from the tree became tight: scan it from its S end.
                    let k = (kind == 2 ? toFree : betweenS).top!.item
                    let u = endpoint[2 * k]
                    let (v, p) = label[top(u)] == 1 ? (u, 2 * k + 1) : (endpoint[2 * k + 1], 2 * k)
                    if scan(v, p) { break stage }
                default:
                    expandBlossom(blossomsT.top!.item, endStage: false)
                }
            }
            // End of stage: every dual up to date, then S-blossoms whose dual is 0 expanded.
            for x in touched { dual[x] = current(x); since[x] = delta; drift[x] = 0 }
            for b in touched where b >= n && blossomParent[b] == -1 && blossomBase[b] >= 0 && label[b] == 1 && dual[b] == 0 {
                expandBlossom(b, endStage: true)
            }
        }
    }

    /// Scans edge `p >> 1` from S-vertex v (`endpoint[p]` the other end):
    /// grows the tree, forms a blossom or augments along a tight edge, and
    /// files a loose one as a candidate for δ2 or δ3.
    ///
    /// - Returns: whether the stage ended (an augmentation).
    private mutating func scan(_ v: Int, _ p: Int) -> Bool {
        let k = p >> 1, w = endpoint[p]
        let bw = top(w)
        if top(v) == bw { return false }
        if !allowEdge[k] {
            let kSlack = slack(k)
            if kSlack > 0 {
                if label[bw] == 1 { betweenS.push(kSlack + 2 * delta, k) }
                else if label[bw] == 0 { toFree.push(kSlack + delta, k) }
                return false
            }
            allow(k)
        }
        if label[bw] == 0 {
            if mate[blossomBase[bw]] == -1 {
                // An exposed vertex of dual 0: augment into it.
                augmentPath(from: v, mate: p)
                augmentPath(from: w, mate: p ^ 1)
                return true
            }
            assignLabel(w, 2, p ^ 1)
        } else if label[bw] == 1 {
            let base = scanBlossom(v, w)
            if base < 0 {
                augmentPath(from: v, mate: p)
                augmentPath(from: w, mate: p ^ 1)
                return true
            }
            addBlossom(base, k)
        } else if label[w] == 0 {
            label[w] = 2
            labelEnd[w] = p ^ 1
        }
        return false
    }

    /// The top of a candidate heap after dropping entries that no longer
    /// apply (an edge now inside one blossom, an end relabelled, a blossom
    /// no longer a top-level T-blossom) and re-filing those whose key moved.
    /// Keys fall with Δ once (δ2) or twice (δ3, δ4).
    private mutating func peek(_ which: _StaleHeap.Kind) -> (key: Int64, item: Int)? {
        // The heap is taken out of self while top(_:) compresses paths.
        var heap: _StaleHeap
        switch which {
        case .toFree: heap = toFree; toFree = _StaleHeap(kind: .toFree)
        case .betweenS: heap = betweenS; betweenS = _StaleHeap(kind: .betweenS)
        case .blossomT: heap = blossomsT; blossomsT = _StaleHeap(kind: .blossomT)
        }
        var found: (key: Int64, item: Int)? = nil
        while let first = heap.top {
            let actual: Int64?
            switch which {
            case .blossomT:
                let b = first.item
                actual = blossomParent[b] == -1 && blossomBase[b] >= 0 && label[b] == 2 ? current(b) + 2 * delta : nil
            case .toFree, .betweenS:
                let k = first.item, bu = top(endpoint[2 * k]), bv = top(endpoint[2 * k + 1])
                let valid = bu != bv && !allowEdge[k] && (which == .betweenS
                    ? label[bu] == 1 && label[bv] == 1
                    : (label[bu] == 1 && label[bv] == 0) || (label[bu] == 0 && label[bv] == 1))
                actual = valid ? slack(k) + (which == .betweenS ? 2 : 1) * delta : nil
            }
            if actual == first.key { found = first; break }
            heap.pop()
            if let actual { heap.push(actual, first.item) }
        }
        switch which {
        case .toFree: toFree = heap
        case .betweenS: betweenS = heap
        case .blossomT: blossomsT = heap
        }
        return found
    }

    /// The matched edges, ascending.
    var matchedEdges: [Int] {
        (0..<n).compactMap { v in mate[v] >= 0 && v < endpoint[mate[v]] ? mate[v] >> 1 : nil }.sorted()
    }

    /// Every blossom with a positive dual as a node of the laminar forest
    /// (``MatchingCore/LaminarOddSets``): the vertices it holds outside its
    /// positive-dual subsets (ascending), the enclosing positive-dual
    /// blossom, its dual (doubled units); enclosing blossoms first.
    ///
    /// - Complexity: O(n) plus the sorting of each set's own vertices.
    var oddSets: [OddSetDuals.OddSet] {
        var out = [OddSetDuals.OddSet]()
        var stack = [(node: Int, owner: Int?)]()
        for b in stride(from: 2 * n - 1, through: n, by: -1) where blossomBase[b] >= 0 && blossomParent[b] == -1 { stack.append((b, nil)) }
        while let (x, owner) = stack.popLast() {
            if x < n {
                if let owner { out[owner].vertices.append(x) }
                continue
            }
            var mine = owner
            if dual[x] > 0 {
                out.append(OddSetDuals.OddSet(vertices: [], parent: owner, dual: dual[x]))
                mine = out.count - 1
            }
            for c in blossomChildren[x].reversed() { stack.append((c, mine)) }
        }
        for k in out.indices { out[k].vertices.sort() }
        return out
    }
}

/// A binary min-heap of (key, item) pairs with stale entries left in place
/// (the engine drops them when they surface); ties by the smaller item, so
/// the order is deterministic.
struct _StaleHeap {
    /// Which candidate the heap holds: δ2 edges, δ3 edges, δ4 blossoms.
    enum Kind { case toFree, betweenS, blossomT }
    let kind: Kind
    private var keys: [Int64] = []
    private var items: [Int] = []

    init(kind: Kind) { self.kind = kind }

    var top: (key: Int64, item: Int)? { keys.isEmpty ? nil : (keys[0], items[0]) }

    mutating func removeAll() { keys.removeAll(keepingCapacity: true); items.removeAll(keepingCapacity: true) }

    @inline(__always) private func less(_ a: Int, _ b: Int) -> Bool { keys[a] < keys[b] || (keys[a] == keys[b] && items[a] < items[b]) }

    mutating func push(_ key: Int64, _ item: Int) {
        keys.append(key); items.append(item)
        var i = keys.count - 1
        while i > 0 {
            let parent = (i - 1) >> 1
            guard less(i, parent) else { break }
            keys.swapAt(i, parent); items.swapAt(i, parent)
            i = parent
        }
    }

    mutating func pop() {
        let last = keys.count - 1
        keys.swapAt(0, last); items.swapAt(0, last)
        keys.removeLast(); items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1
            if l >= keys.count { break }
            var m = l
            if l + 1 < keys.count && less(l + 1, l) { m = l + 1 }
            guard less(m, i) else { break }
            keys.swapAt(i, m); items.swapAt(i, m)
            i = m
        }
    }
}
