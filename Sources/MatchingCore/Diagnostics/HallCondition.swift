/// A set of people on one side whose minimums ask for more than the people
/// they may meet can give: a violated Hall condition, the certificate that no
/// matching exists.
///
/// For a set `A` of mentors (or mentees) with minimums `d_i` (after fixed
/// pairs), `N(A)` the people of the other side allowed to at least one member,
/// and `room_j` what `j` can still take (its maximum after fixed pairs), every
/// matching gives `A` at most `usable = Σ_{j ∈ N(A)} min(room_j, |A ∩ N(j)|)`
/// partners, since each pair is used at most once. `demand > usable` proves
/// infeasibility (Hall 1935, in the deficiency form for b-matchings; Ore 1955).
/// ``HallCondition/violations(of:pairLimit:)`` recomputes both numbers from the problem
/// alone, so a reported violation is checked, not trusted.
public struct HallViolation: Hashable, Sendable {
    /// Which side the competing people are on.
    public enum Side: String, Hashable, Sendable, Codable {
        /// Mentors who must take a minimum number of mentees.
        case mentors
        /// Mentees who must get a minimum number of mentors.
        case mentees
    }

    /// The side of ``members``.
    public var side: Side
    /// The competing people (0-based indices on ``side``), ascending.
    public var members: [Int]
    /// Everyone on the other side that at least one member may meet, ascending.
    public var neighbours: [Int]
    /// The members' minimums added up (net of fixed pairs).
    public var demand: Int
    /// The most partners the neighbours can give the members (`usable` above).
    public var usable: Int

    /// Creates a violation.
    public init(side: Side, members: [Int], neighbours: [Int], demand: Int, usable: Int) {
        self.side = side
        self.members = members
        self.neighbours = neighbours
        self.demand = demand
        self.usable = usable
    }

    /// One line with counts, e.g. `300 mentors need at least 300 mentees but
    /// may only meet 150 mentees (total demand 300 > 150 usable)`.
    public var description: String {
        let (own, other) = side == .mentors ? ("mentor", "mentee") : ("mentee", "mentor")
        func count(_ k: Int, _ word: String) -> String { "\(k) \(word)\(k == 1 ? "" : "s")" }
        let who = members.count == 1 ? "\(own) \(members[0]) needs" : "\(count(members.count, own)) need"
        let whom = neighbours.count == 1 ? "\(other) \(neighbours[0])" : count(neighbours.count, other)
        return "\(who) at least \(count(demand, other)) but may only meet \(whom) (total demand \(demand) > \(usable) usable)"
    }
}

/// What a Hall search found, and whether it finished.
public struct HallSearch: Hashable, Sendable {
    /// The violated Hall sets found, one per independent shortage.
    public var violations: [HallViolation]
    /// Why the search did not finish (time limit, cancellation, size), `nil`
    /// when it did. An unfinished search reports no sets.
    public var skipped: String?

    /// Creates a search result.
    public init(violations: [HallViolation] = [], skipped: String? = nil) {
        self.violations = violations
        self.skipped = skipped
    }
}

/// Finds violated Hall conditions of a matching problem's network rules
/// (loads, demands, forbidden and fixed pairs).
public enum HallCondition {
    /// The most pairs (mentors × mentees) searched by default: above it the
    /// search is skipped with a note.
    public static let defaultPairLimit = 100_000_000

    /// The violated Hall sets of `problem` (see ``search(_:deadline:pairLimit:)``).
    ///
    /// - Throws: ``MatchingError`` when the problem's sizes or pair indices do
    ///   not fit together (the search reads nothing else).
    public static func violations(of problem: MatchingProblem, pairLimit: Int = defaultPairLimit) throws -> [HallViolation] {
        try search(problem, pairLimit: pairLimit).violations
    }

    /// The violated Hall sets of `problem`: for each side, the mentors
    /// (mentees) reachable, in the residual graph of a maximum flow that
    /// serves minimums only, from those it leaves short — split into its
    /// connected components (people linked by allowed pairs), so that two
    /// independent shortages (one department's mentors short of mentees,
    /// another's separately) are two sets. Each is checked against the
    /// problem's data (see ``HallViolation``) before it is returned.
    /// Attribute rules and separations are ignored: they can only make a
    /// problem more infeasible, so a violation found here is a proof.
    ///
    /// The search checks `deadline` and the current task's cancellation
    /// between augmenting paths and stops with ``HallSearch/skipped`` set
    /// (and no sets) when either has come.
    ///
    /// - Parameters:
    ///   - problem: the problem to search.
    ///   - deadline: when to give up; `nil` for none.
    ///   - pairLimit: above this many pairs (mentors × mentees) the search is
    ///     skipped with a note.
    /// - Throws: ``MatchingError`` (``MatchingError/Code/invalidProblem``) when
    ///   the sizes of loads and demands or the indices of forbidden and fixed
    ///   pairs do not fit the problem. Scores are not read.
    /// - Complexity: O(M·N / 64) word operations per short person that finds
    ///   an augmenting path, plus O(M·N / 64) for the greedy start and the
    ///   final check (people found closed are never searched again); two
    ///   bit matrices of M·N bits per side with minimums.
    public static func search(_ problem: MatchingProblem, deadline: ContinuousClock.Instant? = nil,
                              pairLimit: Int = defaultPairLimit) throws -> HallSearch {
        let m = problem.mentorCount, n = problem.menteeCount
        try checkShape(problem)
        guard m > 0, n > 0 else { return HallSearch() }
        let (pairs, overflow) = m.multipliedReportingOverflow(by: n)
        guard !overflow, pairs <= pairLimit else {
            return HallSearch(skipped: "the search for people competing for too few partners was skipped: \(m) × \(n) pairs is above its limit of \(pairLimit)")
        }
        var fixedOfMentor = [Int](repeating: 0, count: m), fixedOfMentee = [Int](repeating: 0, count: n)
        for p in problem.fixed {
            fixedOfMentor[p.mentor.rawValue] += 1
            fixedOfMentee[p.mentee.rawValue] += 1
        }
        let mentorNeed = (0..<m).map { Swift.max(0, problem.mentorLoad[$0].min - fixedOfMentor[$0]) }
        let mentorRoom = (0..<m).map { Swift.max(0, problem.mentorLoad[$0].max - fixedOfMentor[$0]) }
        let menteeNeed = (0..<n).map { Swift.max(0, problem.menteeDemand[$0].min - fixedOfMentee[$0]) }
        let menteeRoom = (0..<n).map { Swift.max(0, problem.menteeDemand[$0].max - fixedOfMentee[$0]) }
        // A pair may still be matched when it is allowed and not fixed.
        let blocked = problem.fixed.map { $0 } + problem.forbidden
        var out = [HallViolation]()
        do {
            if mentorNeed.contains(where: { $0 > 0 }) {
                let usable = _BitMatrix(rows: m, columns: n, allBut: blocked.map { ($0.mentor.rawValue, $0.mentee.rawValue) })
                out += try shortSets(usable: usable, need: mentorNeed, room: menteeRoom, side: .mentors, deadline: deadline)
            }
            if menteeNeed.contains(where: { $0 > 0 }) {
                let usable = _BitMatrix(rows: n, columns: m, allBut: blocked.map { ($0.mentee.rawValue, $0.mentor.rawValue) })
                out += try shortSets(usable: usable, need: menteeNeed, room: mentorRoom, side: .mentees, deadline: deadline)
            }
        } catch let stop as _HallStop {
            return HallSearch(skipped: "the search for people competing for too few partners stopped (\(stop.reason)) before naming them")
        }
        return HallSearch(violations: out)
    }

    /// Throws unless the arrays the search reads fit the problem's sizes.
    static func checkShape(_ problem: MatchingProblem) throws {
        let m = problem.mentorCount, n = problem.menteeCount
        guard problem.mentorLoad.count == m, problem.menteeDemand.count == n else {
            throw MatchingError(.invalidProblem, "mentorLoad has \(problem.mentorLoad.count) entries for \(m) mentors and menteeDemand \(problem.menteeDemand.count) for \(n) mentees")
        }
        for p in problem.forbidden.union(problem.fixed) where !(0..<m).contains(p.mentor.rawValue) || !(0..<n).contains(p.mentee.rawValue) {
            throw MatchingError(.invalidProblem, "pair \(p.mentor.rawValue),\(p.mentee.rawValue) is out of range for \(m) mentors and \(n) mentees")
        }
    }

    /// One line per cause for an infeasible problem: each Hall violation
    /// (``search(_:deadline:pairLimit:)``), preceded, once per side, by the
    /// people of the other side that nobody may meet (they are why the
    /// neighbourhoods are small), aggregated — never one line per person.
    public static func explanation(of problem: MatchingProblem, violations: [HallViolation]) -> [String] {
        var lines = [String]()
        let (allowedOfMentor, allowedOfMentee) = problem.allowedCounts()
        var named = Set<HallViolation.Side>()
        // A set with no usable partner at all is people who each have no
        // allowed partner: FeasibilityCheck names them already (one cause, one line).
        for v in violations where !v.neighbours.isEmpty {
            if named.insert(v.side).inserted {
                let nobody = v.side == .mentors
                    ? (0..<problem.menteeCount).filter { allowedOfMentee[$0] == 0 && problem.menteeDemand[$0].max > 0 }
                    : (0..<problem.mentorCount).filter { allowedOfMentor[$0] == 0 && problem.mentorLoad[$0].max > 0 }
                if !nobody.isEmpty {
                    let (other, own) = v.side == .mentors ? ("mentee", "mentor") : ("mentor", "mentee")
                    lines.append(nobody.count == 1
                        ? "\(other) \(nobody[0]) is forbidden to every \(own)"
                        : "\(nobody.count) \(other)s are forbidden to every \(own): \(listed(nobody.map { "\(other) \($0)" }))")
                }
            }
            lines.append(v.description)
        }
        return lines
    }

    /// `mentor 0, mentor 1, … mentor 7 and 3 more` (people named as "mentor N", so that callers can put ids in).
    static func listed<T: CustomStringConvertible>(_ people: [T], limit: Int = 8) -> String {
        let shown = people.prefix(limit).map(\.description).joined(separator: ", ")
        return people.count > limit ? "\(shown) and \(people.count - limit) more" : shown
    }

    /// The short sets on one side: left people `0..<usable.rows` needing
    /// `need`, right people with `room`, pairs where `usable` has a bit.
    ///
    /// A greedy start, then one breadth-first search for an augmenting path
    /// per missing unit; a search that fails closes every person it reached
    /// for good. The closed people, split into connected components, are the
    /// candidate sets; each is kept when its demand exceeds what its
    /// neighbours can give.
    ///
    /// - Throws: ``_HallStop`` at the deadline or on cancellation.
    static func shortSets(usable: _BitMatrix, need: [Int], room: [Int], side: HallViolation.Side,
                          deadline: ContinuousClock.Instant?) throws -> [HallViolation] {
        let left = usable.rows, right = usable.columns, words = usable.wordsPerRow
        var free = usable                                           // allowed and not yet paired
        var roomLeft = room
        var got = [Int](repeating: 0, count: left)
        var holders = [[Int32]](repeating: [], count: right)        // the left people each right person serves
        var open = _BitMatrix(rows: 1, columns: right, allBut: [])  // right people with room left
        for r in 0..<right where roomLeft[r] == 0 { open.clear(0, r) }
        func pair(_ l: Int, _ r: Int) { free.clear(l, r); holders[r].append(Int32(l)) }
        func stopIfDue(_ step: Int) throws {
            guard step & 15 == 0 else { return }
            if Task.isCancelled { throw _HallStop(reason: "cancelled") }
            if let deadline, ContinuousClock.now >= deadline { throw _HallStop(reason: "time limit") }
        }
        // Greedy start.
        for l in 0..<left where need[l] > 0 {
            try stopIfDue(l)
            var w = 0
            while w < words && got[l] < need[l] {
                var x = free.word(l, w) & open.word(0, w)
                while x != 0 && got[l] < need[l] {
                    let r = w << 6 + x.trailingZeroBitCount
                    x &= x &- 1
                    pair(l, r); got[l] += 1; roomLeft[r] -= 1
                    if roomLeft[r] == 0 { open.clear(0, r) }
                }
                w += 1
            }
        }
        // Augmenting paths: left → right (free pair) → a left holding it → …
        var deadLeft = [Bool](repeating: false, count: left)
        var deadRight = _BitMatrix(rows: 1, columns: right, allBut: [])
        deadRight.clearAll()
        var seenRight = deadRight                                   // this search's, cleared after it
        var seenLeft = [Int](repeating: -1, count: left)
        var predRight = [Int32](repeating: -1, count: right)        // the left that reached r
        var predLeft = [Int32](repeating: -1, count: left)          // the right through which l was reached
        var stamp = 0
        var queue = [Int32](), visitedRight = [Int32]()
        for s in 0..<left where got[s] < need[s] && !deadLeft[s] {
            while got[s] < need[s] {
                stamp += 1
                try stopIfDue(stamp)
                for r in visitedRight { seenRight.clear(0, Int(r)) }
                queue.removeAll(keepingCapacity: true)
                visitedRight.removeAll(keepingCapacity: true)
                queue.append(Int32(s)); seenLeft[s] = stamp; predLeft[s] = -1
                var end = -1
                var head = 0
                search: while head < queue.count {
                    let l = Int(queue[head]); head += 1
                    for w in 0..<words {
                        var x = free.word(l, w) & ~deadRight.word(0, w) & ~seenRight.word(0, w)
                        while x != 0 {
                            let r = w << 6 + x.trailingZeroBitCount
                            x &= x &- 1
                            seenRight.set(0, r); predRight[r] = Int32(l); visitedRight.append(Int32(r))
                            if roomLeft[r] > 0 { end = r; break search }
                            for h in holders[r] where !deadLeft[Int(h)] && seenLeft[Int(h)] != stamp {
                                seenLeft[Int(h)] = stamp; predLeft[Int(h)] = Int32(r); queue.append(h)
                            }
                        }
                    }
                }
                guard end >= 0 else {
                    // Closed for good: no later path can pass through these people.
                    for l in queue { deadLeft[Int(l)] = true }
                    for r in visitedRight { deadRight.set(0, Int(r)) }
                    break
                }
                // Flip the path: r gains the left that reached it, which gives up the right it came through.
                roomLeft[end] -= 1
                var r = end
                while true {
                    let l = Int(predRight[r])
                    pair(l, r)
                    let via = Int(predLeft[l])
                    if via < 0 { break }
                    if let k = holders[via].firstIndex(of: Int32(l)) { holders[via].remove(at: k) }
                    free.set(l, via)
                    r = via
                }
                got[s] += 1
            }
        }
        let members = (0..<left).filter { deadLeft[$0] }
        guard !members.isEmpty else { return [] }
        // Checked from the data alone: the closed people, split into the
        // components that allowed pairs link (union–find through each right
        // person's first member), each with its demand against what its
        // neighbourhood can give.
        var parent = [Int32](repeating: -1, count: left)
        for l in members { parent[l] = Int32(l) }
        func root(_ l: Int) -> Int {
            var x = l
            while Int(parent[x]) != x { parent[x] = parent[Int(parent[x])]; x = Int(parent[x]) }
            return x
        }
        var countIn = [Int](repeating: 0, count: right)
        var firstMember = [Int32](repeating: -1, count: right)
        for l in members {
            for w in 0..<words {
                var x = usable.word(l, w)
                while x != 0 {
                    let r = w << 6 + x.trailingZeroBitCount
                    x &= x &- 1
                    countIn[r] += 1
                    if firstMember[r] < 0 { firstMember[r] = Int32(l) } else {
                        let a = root(l), b = root(Int(firstMember[r]))
                        if a != b { parent[Swift.max(a, b)] = Int32(Swift.min(a, b)) }
                    }
                }
            }
        }
        var membersOf = [Int: [Int]](), neighboursOf = [Int: [Int]]()
        for l in members { membersOf[root(l), default: []].append(l) }
        for r in 0..<right where firstMember[r] >= 0 { neighboursOf[root(Int(firstMember[r])), default: []].append(r) }
        var out = [HallViolation]()
        for key in membersOf.keys.sorted() {
            let group = membersOf[key]!, neighbours = neighboursOf[key] ?? []
            let demand = group.reduce(0) { $0 + need[$1] }
            let usableCount = neighbours.reduce(0) { $0 + Swift.min(room[$1], countIn[$1]) }
            if demand > usableCount {
                out.append(HallViolation(side: side, members: group, neighbours: neighbours, demand: demand, usable: usableCount))
            }
        }
        return out
    }
}

/// Why a Hall search stopped early.
struct _HallStop: Error {
    var reason: String
}

/// A matrix of bits, row-major, each row padded to whole 64-bit words
/// (padding bits stay 0).
struct _BitMatrix {
    let rows: Int
    let columns: Int
    let wordsPerRow: Int
    var bits: [UInt64]

    /// Every bit set but those at `cleared` (row, column) positions.
    init(rows: Int, columns: Int, allBut cleared: [(Int, Int)]) {
        self.rows = rows
        self.columns = columns
        wordsPerRow = (columns + 63) >> 6
        bits = [UInt64](repeating: .max, count: rows * wordsPerRow)
        let tail = columns & 63
        if tail != 0 {
            for r in 0..<rows { bits[r * wordsPerRow + wordsPerRow - 1] = (1 << UInt64(tail)) - 1 }
        }
        for (r, c) in cleared { clear(r, c) }
    }

    @inline(__always) func word(_ r: Int, _ w: Int) -> UInt64 { bits[r * wordsPerRow + w] }
    @inline(__always) mutating func set(_ r: Int, _ c: Int) { bits[r * wordsPerRow + c >> 6] |= 1 << UInt64(c & 63) }
    @inline(__always) mutating func clear(_ r: Int, _ c: Int) { bits[r * wordsPerRow + c >> 6] &= ~(1 << UInt64(c & 63)) }
    mutating func clearAll() { for k in bits.indices { bits[k] = 0 } }
}
