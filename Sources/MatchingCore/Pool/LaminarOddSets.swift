/// The odd sets of a pool certificate as the laminar forest they form:
/// each set's size, depth and enclosing set, and for any two vertices the
/// total dual of the sets that hold both — what covering an edge inside a
/// blossom needs — in O(log depth).
///
/// Sets are given as ``OddSetDuals/OddSet`` values: each lists only the
/// vertices in no subset of it and names its enclosing set, which comes
/// earlier in the list. Nested blossoms (thousands deep in large b-matching
/// graphs) then cost O(vertices + sets), where listing every member of every
/// set costs O(vertices × depth).
///
/// The method is the standard one for ancestors in a rooted forest: prefix
/// sums of the duals from the outermost set down, and binary lifting for the
/// innermost common set (Bender and Farach-Colton, "The LCA problem
/// revisited", LATIN 2000, §2).
public struct LaminarOddSets: Sendable {
    /// Per vertex: the innermost set that holds it, or -1.
    public let innermost: [Int]
    /// Per set: how many vertices it holds (its own and its subsets').
    public let size: [Int]
    /// Per set: the sum of the duals of it and every set enclosing it.
    let dualToRoot: [Int64]
    let depth: [Int]
    /// `ancestor[j][k]`: the 2^j-th enclosing set of set k, or -1.
    let ancestor: [[Int]]

    /// Builds the forest of `sets` over `vertices` vertices, or says why the sets are not a valid laminar family of odd sets.
    ///
    /// - Complexity: O(vertices + sets · log sets).
    public static func build(_ sets: [OddSetDuals.OddSet], vertices: Int) -> Result<LaminarOddSets, Failure> {
        let count = sets.count
        var innermost = [Int](repeating: -1, count: vertices)
        var size = [Int](repeating: 0, count: count)
        var depth = [Int](repeating: 0, count: count)
        var dualToRoot = [Int64](repeating: 0, count: count)
        var parent = [Int](repeating: -1, count: count)
        for (k, s) in sets.enumerated() {
            if let p = s.parent {
                guard p >= 0 && p < k else { return .failure(Failure("odd set \(k) names enclosing set \(p), which does not come before it")) }
                parent[k] = p
                depth[k] = depth[p] + 1
                let (sum, overflow) = dualToRoot[p].addingReportingOverflow(s.dual)
                guard !overflow else { return .failure(Failure("the odd sets' duals overflow 64-bit integers")) }
                dualToRoot[k] = sum
            } else {
                dualToRoot[k] = s.dual
            }
            guard s.dual >= 0 else { return .failure(Failure("odd set \(k) has a negative dual")) }
            for v in s.vertices {
                guard v >= 0 && v < vertices else { return .failure(Failure("odd set \(k) names vertex \(v), outside the graph")) }
                guard innermost[v] == -1 else { return .failure(Failure("vertex \(v) is listed by two odd sets (\(innermost[v]) and \(k)): the sets are not laminar")) }
                innermost[v] = k
            }
            size[k] = s.vertices.count
        }
        for k in stride(from: count - 1, through: 0, by: -1) {
            guard size[k] >= 3 && size[k] % 2 == 1 else { return .failure(Failure("odd set \(k) holds \(size[k]) vertices")) }
            if parent[k] >= 0 { size[parent[k]] += size[k] }
        }
        var ancestor = [parent]
        var reach = 1
        while reach < (depth.max() ?? 0) + 1 {
            let last = ancestor[ancestor.count - 1]
            ancestor.append(last.map { $0 < 0 ? -1 : last[$0] })
            reach *= 2
        }
        return .success(LaminarOddSets(innermost: innermost, size: size, dualToRoot: dualToRoot, depth: depth, ancestor: ancestor))
    }

    /// Why a family of sets is not a valid laminar family of odd sets.
    public struct Failure: Error, Sendable {
        /// The first condition found violated.
        public let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// `Σ z_B` over the sets B that hold both u and v.
    ///
    /// - Complexity: O(log depth).
    public func dualHolding(_ u: Int, _ v: Int) -> Int64 {
        let a = innermost[u], b = innermost[v]
        guard a >= 0 && b >= 0 else { return 0 }
        let c = commonSet(a, b)
        return c >= 0 ? dualToRoot[c] : 0
    }

    /// The innermost set that holds every vertex of `vertices`, or -1 (none,
    /// or a vertex in no set).
    public func setHolding(_ vertices: some Sequence<Int>) -> Int {
        var common: Int? = nil
        for v in vertices {
            let k = innermost[v]
            common = common.map { commonSet($0, k) } ?? k
            if common == -1 { return -1 }
        }
        return common ?? -1
    }

    /// `Σ z_B` over set k and every set enclosing it; 0 for k = -1.
    public func dualEnclosing(_ k: Int) -> Int64 { k >= 0 ? dualToRoot[k] : 0 }

    /// The innermost set enclosing both sets a and b (each encloses itself), or -1 (either -1).
    public func commonSet(_ a0: Int, _ b0: Int) -> Int {
        guard a0 >= 0 && b0 >= 0 else { return -1 }
        var a = a0, b = b0
        if depth[a] < depth[b] { swap(&a, &b) }
        var lift = depth[a] - depth[b], j = 0
        while lift > 0 {
            if lift & 1 != 0 { a = ancestor[j][a] }
            lift >>= 1; j += 1
        }
        if a == b { return a }
        for j in stride(from: ancestor.count - 1, through: 0, by: -1) where ancestor[j][a] != ancestor[j][b] {
            a = ancestor[j][a]; b = ancestor[j][b]
        }
        return ancestor[0][a]
    }
}
