import MatchingCore

/// A partition into a fixed number of groups with the incremental sums of
/// the local search: `sums[g · n + i]` is the score of person i with the
/// members of group g, so an insertion or a swap is evaluated in O(1) and
/// applied in O(n) (Lai and Hao 2016, section 3.3).
///
/// Every state reachable through ``insert(_:to:)`` and ``swap(_:_:)`` keeps
/// the sizes, the forbidden pairs and the rules: callers check
/// ``canInsert(_:to:)`` / ``canSwap(_:_:)`` first.
struct _CircleSearch {
    let data: _CircleData
    let n: Int
    /// The number of groups.
    let k: Int
    /// Per person, their group.
    var group: [Int]
    /// Per group, its size.
    var size: [Int]
    /// `sums[g * n + i]`: Σ of i's scores with g's members (i excluded).
    var sums: [Double]
    /// The same sums person-major, `byPerson[i * k + g]`, so that one
    /// person's gains towards every group are contiguous (the tabu scan).
    var byPerson: [Double]
    /// `conflicts[g * n + i]`: how many of g's members i may not share a group with (empty without forbidden pairs).
    var conflicts: [Int32]
    /// Per rule, `counts[r][g * valueCount + v]`: members of g with value v.
    var counts: [[Int32]]
    /// The objective, kept up to date by the moves (recomputed exactly by ``reset(to:)``).
    var objective: Double
    /// Moves applied.
    var moves = 0
    /// Groups changed since the last descent looked at them: a pair or an
    /// insertion between clean groups is known not to improve.
    var dirty: [Bool]
    /// The dirty groups, in the order they became dirty.
    var dirtyList: [Int] = []

    /// An empty partition into `k` groups (nobody placed: `group[i] == -1`).
    init(data: _CircleData, groups k: Int) {
        self.data = data
        n = data.n
        self.k = k
        group = [Int](repeating: -1, count: data.n)
        size = [Int](repeating: 0, count: k)
        sums = [Double](repeating: 0, count: k * data.n)
        byPerson = [Double](repeating: 0, count: k * data.n)
        conflicts = data.hasForbidden ? [Int32](repeating: 0, count: k * data.n) : []
        counts = data.rules.map { [Int32](repeating: 0, count: k * $0.valueCount) }
        objective = 0
        dirty = [Bool](repeating: false, count: k)
    }

    /// Marks group g changed.
    @inline(__always) mutating func touch(_ g: Int) {
        if !dirty[g] { dirty[g] = true; dirtyList.append(g) }
    }

    /// Forgets the changes (the descent has looked at them).
    mutating func clean() {
        for g in dirtyList { dirty[g] = false }
        dirtyList.removeAll(keepingCapacity: true)
    }

    // MARK: Placing and removing one person (the O(n) updates)

    /// Whether person i (not placed, or placed elsewhere) may join group g
    /// as far as forbidden pairs and rules go; `ignoring` is a member of g
    /// who would leave at the same time (a swap), or -1.
    @inline(__always) func fits(_ i: Int, _ g: Int, ignoring j: Int = -1) -> Bool {
        if data.hasForbidden {
            var c = conflicts[g * n + i]
            if j >= 0 && data.forbidden[i * n + j] { c -= 1 }
            if c > 0 { return false }
        }
        for r in data.rules.indices {
            let rule = data.rules[r]
            let v = Int(rule.value[i])
            if j >= 0 && rule.value[j] == rule.value[i] { continue }
            if counts[r][g * rule.valueCount + v] >= rule.limit { return false }
        }
        return true
    }

    /// Adds unplaced person i to group g (no check).
    mutating func place(_ i: Int, in g: Int) {
        objective += sums[g * n + i]
        group[i] = g
        size[g] += 1
        update(i, g, by: 1)
        touch(g)
    }

    /// Takes person i out of their group (no check).
    mutating func remove(_ i: Int) {
        let g = group[i]
        update(i, g, by: -1)
        objective -= sums[g * n + i]
        group[i] = -1
        size[g] -= 1
        touch(g)
    }

    private mutating func update(_ i: Int, _ g: Int, by sign: Int32) {
        let n = self.n
        let s = Double(sign)
        data.w.withUnsafeBufferPointer { w in
            sums.withUnsafeMutableBufferPointer { sums in
                let row = w.baseAddress! + i * n, out = sums.baseAddress! + g * n
                for x in 0..<n { out[x] += s * row[x] }
            }
            byPerson.withUnsafeMutableBufferPointer { byPerson in
                let row = w.baseAddress! + i * n, k = self.k
                var out = byPerson.baseAddress! + g
                for x in 0..<n { out.pointee += s * row[x]; out += k }
            }
        }
        if data.hasForbidden {
            data.forbidden.withUnsafeBufferPointer { f in
                conflicts.withUnsafeMutableBufferPointer { c in
                    let row = f.baseAddress! + i * n, out = c.baseAddress! + g * n
                    for x in 0..<n where row[x] { out[x] += sign }
                }
            }
        }
        for r in data.rules.indices {
            let rule = data.rules[r]
            counts[r][g * rule.valueCount + Int(rule.value[i])] += sign
        }
    }

    // MARK: The neighbourhoods

    /// Whether the insertion of i into group g keeps every size and rule.
    @inline(__always) func canInsert(_ i: Int, to g: Int) -> Bool {
        let a = group[i]
        return a != g && size[a] > data.sizes.min && size[g] < data.sizes.max && fits(i, g)
    }

    /// The change of objective when i moves to group g.
    @inline(__always) func insertionGain(_ i: Int, to g: Int) -> Double {
        sums[g * n + i] - sums[group[i] * n + i]
    }

    /// Moves i to group g (checked by the caller).
    mutating func insert(_ i: Int, to g: Int) {
        remove(i)
        place(i, in: g)
        moves += 1
    }

    /// Whether exchanging i and j (in different groups) keeps every rule.
    @inline(__always) func canSwap(_ i: Int, _ j: Int) -> Bool {
        let a = group[i], b = group[j]
        return a != b && fits(i, b, ignoring: j) && fits(j, a, ignoring: i)
    }

    /// The change of objective when i and j exchange groups.
    @inline(__always) func swapGain(_ i: Int, _ j: Int) -> Double {
        let a = group[i], b = group[j]
        return sums[b * n + i] - sums[a * n + i] + sums[a * n + j] - sums[b * n + j] - 2 * data.w[i * n + j]
    }

    /// Exchanges i and j (checked by the caller).
    mutating func swap(_ i: Int, _ j: Int) {
        let a = group[i], b = group[j]
        remove(i)
        remove(j)
        place(i, in: b)
        place(j, in: a)
        moves += 1
    }

    // MARK: Whole partitions

    /// The best partition found so far and its objective.
    struct Best: Sendable {
        var assignment: [Int]
        var objective: Double
    }

    /// The groups, each ascending, sorted by first member (empty groups dropped).
    var groups: [[Int]] {
        var out = [[Int]](repeating: [], count: k)
        for i in 0..<n where group[i] >= 0 { out[group[i]].append(i) }
        return out.filter { !$0.isEmpty }.sorted { $0[0] < $1[0] }
    }

    /// Rebuilds every sum from `assignment` (a group per person): O(n²).
    mutating func reset(to assignment: [Int]) {
        group = [Int](repeating: -1, count: n)
        size = [Int](repeating: 0, count: k)
        for g in sums.indices { sums[g] = 0 }
        for g in byPerson.indices { byPerson[g] = 0 }
        for g in conflicts.indices { conflicts[g] = 0 }
        for r in counts.indices { for x in counts[r].indices { counts[r][x] = 0 } }
        objective = 0
        for i in 0..<n where assignment[i] >= 0 { place(i, in: assignment[i]) }
    }
}
