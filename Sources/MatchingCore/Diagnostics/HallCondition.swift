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
/// ``HallCondition/violations(of:)`` recomputes both numbers from the problem
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

/// Finds violated Hall conditions of a matching problem's network rules
/// (loads, demands, forbidden and fixed pairs).
public enum HallCondition {
    /// The violated Hall sets of `problem`, at most one per side: the
    /// mentors (mentees) reachable, in the residual graph of a maximum flow
    /// that serves minimums only, from those it leaves short. Each is checked
    /// against the problem's data (see ``HallViolation``) before it is returned.
    /// Attribute rules and separations are ignored: they can only make a
    /// problem more infeasible, so a violation found here is a proof.
    ///
    /// - Parameter pairLimit: above this many pairs (mentors × mentees) the
    ///   search is skipped and the result is empty.
    /// - Complexity: O(M·N) time for the greedy start, plus O(M·N) per short
    ///   person that finds an augmenting path (the sets that find none are
    ///   closed for good and never searched again); O(M·N) bits of memory.
    public static func violations(of problem: MatchingProblem, pairLimit: Int = 100_000_000) -> [HallViolation] {
        let m = problem.mentorCount, n = problem.menteeCount
        guard m > 0, n > 0, m.multipliedReportingOverflow(by: n).partialValue <= pairLimit else { return [] }
        // usable[i * n + j]: the pair may still be matched (allowed, not fixed).
        var usable = [Bool](repeating: true, count: m * n)
        for p in problem.forbidden { usable[p.mentor.rawValue * n + p.mentee.rawValue] = false }
        var fixedOfMentor = [Int](repeating: 0, count: m), fixedOfMentee = [Int](repeating: 0, count: n)
        for p in problem.fixed {
            usable[p.mentor.rawValue * n + p.mentee.rawValue] = false
            fixedOfMentor[p.mentor.rawValue] += 1
            fixedOfMentee[p.mentee.rawValue] += 1
        }
        let mentorNeed = (0..<m).map { Swift.max(0, problem.mentorLoad[$0].min - fixedOfMentor[$0]) }
        let mentorRoom = (0..<m).map { Swift.max(0, problem.mentorLoad[$0].max - fixedOfMentor[$0]) }
        let menteeNeed = (0..<n).map { Swift.max(0, problem.menteeDemand[$0].min - fixedOfMentee[$0]) }
        let menteeRoom = (0..<n).map { Swift.max(0, problem.menteeDemand[$0].max - fixedOfMentee[$0]) }
        var out = [HallViolation]()
        if let v = shortSet(left: m, right: n, need: mentorNeed, room: menteeRoom, allowed: { usable[$0 * n + $1] }, side: .mentors) {
            out.append(v)
        }
        if let v = shortSet(left: n, right: m, need: menteeNeed, room: mentorRoom, allowed: { usable[$1 * n + $0] }, side: .mentees) {
            out.append(v)
        }
        return out
    }

    /// One line per cause for an infeasible problem: each Hall violation
    /// (``violations(of:pairLimit:)``), preceded by the people of the other
    /// side that nobody may meet (they are why the neighbourhood is small),
    /// aggregated — never one line per person.
    public static func explanation(of problem: MatchingProblem, violations: [HallViolation]) -> [String] {
        var lines = [String]()
        let (allowedOfMentor, allowedOfMentee) = problem.allowedCounts()
        // A set with no usable partner at all is people who each have no
        // allowed partner: FeasibilityCheck names them already (one cause, one line).
        for v in violations where !v.neighbours.isEmpty {
            let nobody = v.side == .mentors
                ? (0..<problem.menteeCount).filter { allowedOfMentee[$0] == 0 && problem.menteeDemand[$0].max > 0 }
                : (0..<problem.mentorCount).filter { allowedOfMentor[$0] == 0 && problem.mentorLoad[$0].max > 0 }
            if !nobody.isEmpty {
                let (other, own) = v.side == .mentors ? ("mentee", "mentor") : ("mentor", "mentee")
                lines.append(nobody.count == 1
                    ? "\(other) \(nobody[0]) is forbidden to every \(own)"
                    : "\(nobody.count) \(other)s are forbidden to every \(own): \(listed(nobody.map { "\(other) \($0)" }))")
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

    /// The short set on one side: left people `0..<left` needing `need`,
    /// right people with `room`, pairs where `allowed(l, r)`.
    static func shortSet(left: Int, right: Int, need: [Int], room: [Int], allowed: (Int, Int) -> Bool,
                         side: HallViolation.Side) -> HallViolation? {
        guard need.contains(where: { $0 > 0 }) else { return nil }
        var roomLeft = room
        var got = [Int](repeating: 0, count: left)
        var holders = [[Int32]](repeating: [], count: right)   // the left people each right person serves
        var paired = Set<Int>()                                  // l * right + r
        // Greedy start.
        for l in 0..<left where need[l] > 0 {
            for r in 0..<right where got[l] < need[l] && roomLeft[r] > 0 && allowed(l, r) {
                roomLeft[r] -= 1; got[l] += 1; holders[r].append(Int32(l)); paired.insert(l * right + r)
            }
        }
        // Augmenting paths: left → right (allowed, not yet paired) → a left holding it → …
        var deadLeft = [Bool](repeating: false, count: left), deadRight = [Bool](repeating: false, count: right)
        var seenLeft = [Int](repeating: -1, count: left), seenRight = [Int](repeating: -1, count: right)
        var predRight = [Int32](repeating: -1, count: right)   // the left that reached r
        var predLeft = [Int32](repeating: -1, count: left)     // the right through which l was reached
        var stamp = 0
        var queue = [Int32]()
        var visitedLeft = [Int32](), visitedRight = [Int32]()
        for s in 0..<left where got[s] < need[s] && !deadLeft[s] {
            while got[s] < need[s] {
                stamp += 1
                queue.removeAll(keepingCapacity: true)
                visitedLeft.removeAll(keepingCapacity: true)
                visitedRight.removeAll(keepingCapacity: true)
                queue.append(Int32(s)); seenLeft[s] = stamp; predLeft[s] = -1; visitedLeft.append(Int32(s))
                var end = -1
                var head = 0
                search: while head < queue.count {
                    let l = Int(queue[head]); head += 1
                    for r in 0..<right where !deadRight[r] && seenRight[r] != stamp && allowed(l, r) && !paired.contains(l * right + r) {
                        seenRight[r] = stamp; predRight[r] = Int32(l); visitedRight.append(Int32(r))
                        if roomLeft[r] > 0 { end = r; break search }
                        for h in holders[r] where !deadLeft[Int(h)] && seenLeft[Int(h)] != stamp {
                            seenLeft[Int(h)] = stamp; predLeft[Int(h)] = Int32(r); visitedLeft.append(h); queue.append(h)
                        }
                    }
                }
                guard end >= 0 else {
                    // Closed for good: no later path can pass through these people.
                    for l in visitedLeft { deadLeft[Int(l)] = true }
                    for r in visitedRight { deadRight[Int(r)] = true }
                    break
                }
                // Flip the path: r gains the left that reached it, which gives up the right it came through.
                roomLeft[end] -= 1
                var r = end
                while true {
                    let l = Int(predRight[r])
                    holders[r].append(Int32(l)); paired.insert(l * right + r)
                    let via = Int(predLeft[l])
                    if via < 0 { break }
                    if let k = holders[via].firstIndex(of: Int32(l)) { holders[via].remove(at: k) }
                    paired.remove(l * right + via)
                    r = via
                }
                got[s] += 1
            }
        }
        // The people reachable from every short one: their closed set.
        let members = (0..<left).filter { deadLeft[$0] }
        guard !members.isEmpty else { return nil }
        // Checked from the data alone: demand against what the neighbourhood can give.
        var countIn = [Int](repeating: 0, count: right)
        for l in members { for r in 0..<right where allowed(l, r) { countIn[r] += 1 } }
        let neighbours = (0..<right).filter { countIn[$0] > 0 }
        let demand = members.reduce(0) { $0 + need[$1] }
        let usable = neighbours.reduce(0) { $0 + Swift.min(room[$1], countIn[$1]) }
        guard demand > usable else { return nil }
        return HallViolation(side: side, members: members, neighbours: neighbours, demand: demand, usable: usable)
    }
}
