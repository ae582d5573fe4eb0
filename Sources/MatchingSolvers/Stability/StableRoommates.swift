import MatchingCore

/// Stable matchings within one pool (the stable roommates problem): a
/// matching where no two people both strictly prefer each other to their
/// partners (or to having none). Unlike two-sided markets, one may not
/// exist; Irving's algorithm finds one or proves there is none.
///
/// Source: R. W. Irving, "An efficient algorithm for the 'stable roommates'
/// problem", *Journal of Algorithms* 6 (1985); incomplete lists as in
/// Gusfield and Irving, *The Stable Marriage Problem* (1989), §4.5: phase 1
/// (proposals with symmetric deletions) leaves empty exactly the lists of
/// people unmatched in every stable matching; phase 2 eliminates rotations,
/// and a list emptied there proves no stable matching exists.
public enum StableRoommates {
    /// The outcome.
    public enum Outcome: Hashable, Sendable {
        /// A stable matching, as pairs `Pair(i, j)` with i < j.
        case stable(Matching)
        /// No stable matching exists: phase 2 emptied this person's list.
        case none(person: Int)
    }

    /// Strict rankings from a pool's scores and explicit lists: listed
    /// people first, in order, then everyone else acceptable by score, then
    /// by index (ties broken by position: the result is stable for these
    /// strict rankings). `nil`: not acceptable (forbidden, `-inf`, or the
    /// person themselves).
    ///
    /// - Complexity: O(n² log n).
    public static func rankings(_ pool: PoolProblem, lists: [[Int]]? = nil) -> [[Int?]] {
        let n = pool.count
        var rows = [Double](repeating: 0, count: n * n)
        rows.withUnsafeMutableBufferPointer { pool.source.scores(mentors: 0..<n, into: $0) }
        return (0..<n).map { x in
            let acceptable = (0..<n).filter { $0 != x && rows[x * n + $0] > -.infinity && rows[$0 * n + x] > -.infinity }
            let listed = (lists?[x] ?? []).filter { acceptable.contains($0) }
            var seen = Set<Int>(), order = [Int]()
            for y in listed where seen.insert(y).inserted { order.append(y) }
            order += acceptable.filter { !seen.contains($0) }.sorted { (rows[x * n + $0], $1) > (rows[x * n + $1], $0) }
            var rank = [Int?](repeating: nil, count: n)
            for (r, y) in order.enumerated() { rank[y] = r }
            return rank
        }
    }

    /// Irving's algorithm on strict rankings (`rank[x][y]`, 0 best, `nil`
    /// unacceptable; acceptability must be mutual).
    ///
    /// - Complexity: O(n²) rotations at most, each found and eliminated with
    ///   O(n²) list scans here: O(n⁴) in the worst case (Irving's pointer
    ///   version is O(n²)); pools of a few hundred people take milliseconds.
    public static func solve(_ rank: [[Int?]]) -> Outcome {
        let n = rank.count
        // Each list in order, with alive flags.
        let lists = (0..<n).map { x in rank[x].indices.filter { y in rank[x][y] != nil && rank[y][x] != nil }.sorted { rank[x][$0]! < rank[x][$1]! } }
        var alive = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        for x in 0..<n { for y in lists[x] { alive[x][y] = true } }
        func delete(_ a: Int, _ b: Int) { alive[a][b] = false; alive[b][a] = false }
        func first(_ x: Int) -> Int? { lists[x].first { alive[x][$0] } }
        func second(_ x: Int) -> Int? { lists[x].lazy.filter { alive[x][$0] }.dropFirst().first }
        func last(_ x: Int) -> Int? { lists[x].last { alive[x][$0] } }
        func size(_ x: Int) -> Int { lists[x].reduce(0) { $0 + (alive[x][$1] ? 1 : 0) } }

        // Phase 1: proposals; a holder keeps its best and cuts everyone worse.
        var holder = [Int?](repeating: nil, count: n)   // holder[y]: whose proposal y holds
        var free = Array((0..<n).reversed())
        while let x = free.popLast() {
            while let y = first(x) {
                if let z = holder[y], rank[y][z]! < rank[y][x]! {
                    delete(x, y)   // y prefers its holder: x tries its next
                    continue
                }
                if let z = holder[y] { delete(y, z); free.append(z) }
                holder[y] = x
                for w in lists[y] where alive[y][w] && rank[y][w]! > rank[y][x]! { delete(y, w) }
                break
            }
        }
        // Phase 2: eliminate rotations while some list has two or more; a list emptied here proves none exists.
        let kept = (0..<n).filter { size($0) > 0 }
        while let p0 = (0..<n).first(where: { size($0) >= 2 }) {
            var sequence = [p0], position = [p0: 0]
            var start = 0
            while true {
                guard let q = second(sequence.last!), let p = last(q) else { return .none(person: sequence.last!) }
                if let k = position[p] { start = k; break }
                position[p] = sequence.count
                sequence.append(p)
            }
            let cycle = Array(sequence[start...])
            // Each x_i moves to its second: that person rejects everyone after x_i.
            let seconds = cycle.map { second($0)! }
            for (x, y) in zip(cycle, seconds) {
                for w in lists[y] where alive[y][w] && rank[y][w]! > rank[y][x]! { delete(y, w) }
            }
            if let empty = kept.first(where: { size($0) == 0 }) { return .none(person: empty) }
        }
        var pairs = [Pair]()
        for x in 0..<n { if let y = first(x), x < y, first(y) == x { pairs.append(Pair(mentor: x, mentee: y)) } }
        return .stable(Matching(pairs: pairs))
    }

    /// The blocking pairs of a pool matching under strict `rank`: two
    /// people, acceptable to each other and not matched together, who would
    /// each take the other — one with room (fewer partners than its
    /// capacity, 1 for everyone when `capacity` is `nil`), or who ranks the
    /// other above its worst partner. With capacities this is the stability
    /// of the stable fixtures problem (Irving and Scott, 2007).
    ///
    /// - Complexity: O(n² + pairs).
    public static func blockingPairs(_ matching: Matching, rank: [[Int?]], capacity: [Int]? = nil) -> [Pair] {
        let n = rank.count
        var partners = [[Int]](repeating: [], count: n)
        for p in matching.pairs { partners[p.mentor.rawValue].append(p.mentee.rawValue); partners[p.mentee.rawValue].append(p.mentor.rawValue) }
        // Each person's worst partner's rank, or nil while it has room.
        let worst: [Int?] = (0..<n).map { x in
            partners[x].count < (capacity?[x] ?? 1) ? nil : partners[x].map { rank[x][$0] ?? .max }.max()
        }
        func takes(_ x: Int, _ y: Int) -> Bool { (capacity?[x] ?? 1) > 0 && worst[x].map { rank[x][y]! < $0 } ?? true }
        var out = [Pair]()
        for x in 0..<n {
            let mine = Set(partners[x])
            for y in (x + 1)..<n where rank[x][y] != nil && rank[y][x] != nil && !mine.contains(y) && takes(x, y) && takes(y, x) {
                out.append(Pair(mentor: x, mentee: y))
            }
        }
        return out
    }
}
