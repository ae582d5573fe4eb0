import MatchingCore

/// The rotations of a two-sided problem with capacities and their
/// precedence order — the structure of all its stable matchings — and the
/// best-total stable matching found from them.
///
/// Every stable matching of strict preferences is the mentee-optimal one
/// with a closed set of rotations eliminated, and every closed set gives a
/// stable matching (Irving and Leather, "The complexity of counting stable
/// marriages", *SIAM J. Computing* 15, 1986). A mentor who takes several
/// mentees is cloned into that many slots, which its mentees rank in order
/// (Gusfield and Irving, *The Stable Marriage Problem*, MIT Press, 1989,
/// §1.6): the stable matchings of the clones are those of the original. The
/// rotations are found along one maximal chain of eliminations from the
/// mentee-optimal to the mentor-optimal matching, and their order from the
/// two rules of Irving and Leather, each list entry scanned once
/// (Gusfield, "Three fast algorithms for four problems in stable marriage",
/// *SIAM J. Computing* 16, 1987). A mentor's slots are never listed one by
/// one: a stable matching fills each mentor's slots from the first, and the
/// same number in every stable matching, so the scans skip a mentor's empty
/// slots at once.
///
/// The best total among stable matchings is then the mentee-optimal total
/// plus the largest gain of a closed set of rotations: a maximum-weight
/// closure, a minimum cut (Irving, Leather and Gusfield, "An efficient
/// algorithm for the 'optimal' stable marriage", *J. ACM* 34, 1987). Every
/// stable matching holds the same people (the rural hospitals theorem:
/// Roth, 1986), so unmatched penalties do not change the comparison.
///
/// Rankings with ties are broken by index — lower first, as
/// ``DeferredAcceptance`` breaks them — so every matching here is stable for
/// the broken ties and weakly stable for the rankings; with ties, the best
/// weakly stable matching may lie outside this lattice (finding it is
/// NP-hard: Manlove, Irving, Iwama, Miyazaki and Morita, "Hard variants of
/// stable marriage", *Theoretical Computer Science* 276, 2002).
public struct RotationPoset: Sendable {
    /// The name its answers carry.
    public static let identity = SolverIdentity(name: "rotation-poset", version: "1")

    /// One mentee's move in a rotation: from its mentor to the next mentor
    /// down its ranking that would take it. The two may be the same mentor
    /// (the mentee keeps its mentor, who takes someone better beside it).
    public struct Move: Hashable, Sendable {
        /// The mentee.
        public var mentee: MenteeIndex
        /// Its mentor before the rotation.
        public var from: MentorIndex
        /// Its mentor after.
        public var to: MentorIndex
    }

    /// A rotation: mentees who each move to the next mentor that would
    /// take them, each taking the place the next one leaves.
    public struct Rotation: Hashable, Sendable {
        /// The moves, in the rotation's cyclic order.
        public var moves: [Move]
        /// The change in total score when it is eliminated (score points).
        public var gain: Double
    }

    /// The best-total stable matching and the cut that proves it.
    public struct Best: Hashable, Sendable {
        /// The matching.
        public var matching: Matching
        /// The rotations eliminated from the mentee-optimal matching (ascending): a closed set.
        public var eliminated: [Int]
        /// Its total score less the mentee-optimal matching's (score points).
        public var gain: Double
        /// The flow's value (what the source sends, summed arc by arc).
        public var flow: Double
        /// The cut's capacity: the positive gains left out plus the losses taken.
        public var cut: Double
        /// Whether the flow was checked feasible, the set closed and the
        /// flow equal to the cut (within `1e-9` of the gains' absolute sum),
        /// and the chain of eliminations reached the mentor-optimal matching:
        /// then no closed set of these rotations gains more (by more than
        /// `cut − flow`).
        public var certified: Bool
    }

    /// The rotations, in the order they were eliminated (a linear extension of the precedence order).
    public let rotations: [Rotation]
    /// `predecessors[r]`: rotations that must be eliminated before rotation
    /// `r` (ascending) — a set whose transitive closure is the precedence order.
    public let predecessors: [[Int]]
    /// The mentee-optimal stable matching (``DeferredAcceptance`` with mentees proposing; the minimal element).
    public let menteeOptimal: Matching
    /// The mentor-optimal stable matching (mentors proposing; every rotation eliminated).
    public let mentorOptimal: Matching
    /// Whether some ranking had a tie, broken by index.
    public let tiesBroken: Bool

    /// Each mentee's slot in the mentee-optimal matching (−1 for none), the
    /// slots' mentors, and each rotation's moves as (mentee, slot after).
    private let start: [Int32]
    private let slotMentor: [Int32]
    private let slotMoves: [[SIMD2<Int32>]]
    /// Whether the chain of eliminations reached the mentor-optimal matching.
    private let complete: Bool

    /// Builds the rotations and their order.
    ///
    /// - Parameters:
    ///   - preferences: both sides' rankings and the mentors' capacities.
    ///   - scores: the pair scores (`M × N`, as the preferences), for the gains.
    /// - Throws: `invalidProblem` when `scores` is not `M × N`.
    /// - Complexity: O(M·N·log N) to order the lists, the two deferred
    ///   acceptance matchings, then each entry of the mentees' lists scanned
    ///   once (O(M·N) plus each mentee's held slots of each mentor, with a
    ///   binary search per entry for the order).
    public init(_ preferences: StabilityPreferences, scores: ScoreMatrix) throws {
        let m = preferences.mentorCount, n = preferences.menteeCount
        guard scores.mentors == m, scores.mentees == n else {
            throw MatchingError(.invalidProblem, "rotation poset: the scores are \(scores.mentors) × \(scores.mentees), the preferences \(m) × \(n)")
        }
        tiesBroken = !preferences.isStrict
        // Strict orders: ranks, ties by index (as deferred acceptance breaks them).
        var mentorPosition = [Int32](repeating: -1, count: m * n)
        var firstSlot = [Int](repeating: 0, count: m + 1)
        for i in 0..<m {
            let list = preferences.capacity[i] > 0
                ? (0..<n).filter { preferences.acceptable(i, $0) }.sorted { (preferences.mentorRank[i][$0]!, $0) < (preferences.mentorRank[i][$1]!, $1) }
                : []
            for (p, j) in list.enumerated() { mentorPosition[i * n + j] = Int32(p) }
            // Slots: mentor i's k-th place, k < min(capacity, acceptable mentees).
            firstSlot[i + 1] = firstSlot[i] + Swift.min(preferences.capacity[i], list.count)
        }
        let slots = firstSlot[m]
        var slotMentor = [Int32](repeating: 0, count: slots)
        for i in 0..<m { for s in firstSlot[i]..<firstSlot[i + 1] { slotMentor[s] = Int32(i) } }
        // Each mentee's mentors in its order (entries menteeStart[j] ..< menteeStart[j + 1]), and where each
        // one's slots begin among the mentee's positions (its list with each mentor repeated once per slot).
        var menteeStart = [Int](repeating: 0, count: n + 1)
        var entryMentor = [Int32](), entryPosition = [Int32]()
        var positionOf = [Int32](repeating: -1, count: n * m)
        var length = [Int](repeating: 0, count: n)
        for j in 0..<n {
            let mentors = (0..<m).filter { preferences.acceptable($0, j) && firstSlot[$0 + 1] > firstSlot[$0] }
                .sorted { (preferences.menteeRank[j][$0]!, $0) < (preferences.menteeRank[j][$1]!, $1) }
            var p = 0
            for i in mentors {
                entryMentor.append(Int32(i))
                entryPosition.append(Int32(p))
                positionOf[j * m + i] = Int32(p)
                p += firstSlot[i + 1] - firstSlot[i]
            }
            length[j] = p
            menteeStart[j + 1] = entryMentor.count
        }
        /// The entry of mentee j's list that holds position p (the last whose slots begin at or before it).
        func entry(_ j: Int, _ p: Int) -> Int {
            var lo = menteeStart[j], hi = menteeStart[j + 1]
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if Int(entryPosition[mid]) <= p { lo = mid } else { hi = mid }
            }
            return lo
        }
        func slot(_ j: Int, _ p: Int) -> Int {
            let e = entry(j, p)
            return firstSlot[Int(entryMentor[e])] + p - Int(entryPosition[e])
        }
        func rank(_ s: Int, _ j: Int) -> Int32 { mentorPosition[Int(slotMentor[s]) * n + j] }

        // The two ends, from deferred acceptance: each mentor's mentees fill its slots best first.
        let menteeOptimal = DeferredAcceptance.solve(preferences, proposers: .mentees)
        let mentorOptimal = DeferredAcceptance.solve(preferences, proposers: .mentors)
        func positions(_ matching: Matching) -> [Int] {
            var held = [[Int]](repeating: [], count: m)
            for pair in matching.pairs { held[pair.mentor.rawValue].append(pair.mentee.rawValue) }
            var position = [Int](repeating: -1, count: n)
            for i in 0..<m {
                for (k, j) in held[i].sorted(by: { mentorPosition[i * n + $0] < mentorPosition[i * n + $1] }).enumerated() {
                    position[j] = Int(positionOf[j * m + i]) + k
                }
            }
            return position
        }
        var position = positions(menteeOptimal)
        let final = positions(mentorOptimal)
        var holder = [Int32](repeating: -1, count: slots)
        for j in 0..<n where position[j] >= 0 { holder[slot(j, position[j])] = Int32(j) }
        self.menteeOptimal = menteeOptimal
        self.mentorOptimal = mentorOptimal
        start = (0..<n).map { position[$0] < 0 ? -1 : Int32(slot($0, position[$0])) }

        // Rotations along one chain of eliminations (Gusfield and Irving §3.2): s(j) is the first slot after
        // j's own that prefers j to its holder; walks follow j → holder of s(j) until a mentee repeats.
        // A stable matching fills each mentor's slots from the first, and the same number of them in every
        // stable matching (the rural hospitals theorem): a mentor's first empty slot ends its run.
        var pointer = position.map { $0 + 1 }
        func successor(_ j: Int) -> Int {
            var p = Swift.max(pointer[j], position[j] + 1)
            let end = menteeStart[j + 1]
            var e = p < length[j] ? entry(j, p) : end
            while e < end {
                let i = Int(entryMentor[e]), first = Int(entryPosition[e])
                let count = firstSlot[i + 1] - firstSlot[i]
                let mine = mentorPosition[i * n + j]
                while p < first + count {
                    let h = Int(holder[firstSlot[i] + p - first])
                    if h < 0 { break }
                    if mine < mentorPosition[i * n + h] { pointer[j] = p; return p }
                    p += 1
                }
                e += 1
                p = e < end ? Int(entryPosition[e]) : length[j]
            }
            pointer[j] = length[j]
            return length[j]
        }
        var rotations = [Rotation](), slotMoves = [[SIMD2<Int32>]]()
        var departures = [[SIMD3<Int32>]](repeating: [], count: n)   // per mentee: (from position, to position, rotation)
        var rejections = [[SIMD3<Int32>]](repeating: [], count: slots)   // per slot: (new holder's rank, old holder's rank, rotation)
        var onStack = [Int](repeating: -1, count: n)
        var stack = [Int]()
        var exhaustive = true
        for first in 0..<n {
            while exhaustive && position[first] >= 0 && position[first] != final[first] {
                stack.append(first)
                onStack[first] = 0
                while let j = stack.last {
                    let p = successor(j)
                    let next = p < length[j] ? Int(holder[slot(j, p)]) : -1
                    // An unfinished mentee has a successor whose holder is unfinished (Gusfield and Irving, Lemma 2.5.1);
                    // were that to fail, the chain would be incomplete: say so rather than loop.
                    guard next >= 0, position[next] != final[next] else { exhaustive = false; break }
                    guard onStack[next] >= 0 else {
                        onStack[next] = stack.count
                        stack.append(next)
                        continue
                    }
                    // A rotation: the stack from `next` to the top; each moves to its successor.
                    let members = Array(stack[onStack[next]...])
                    stack.removeLast(members.count)
                    let targets = members.map(successor)
                    let r = Int32(rotations.count)
                    var moves = [Move](), slotted = [SIMD2<Int32>]()
                    var gain = 0.0
                    for (k, x) in members.enumerated() {
                        onStack[x] = -1
                        let old = slot(x, position[x]), new = slot(x, targets[k])
                        let from = Int(slotMentor[old]), to = Int(slotMentor[new])
                        moves.append(Move(mentee: MenteeIndex(x), from: MentorIndex(from), to: MentorIndex(to)))
                        slotted.append(SIMD2(Int32(x), Int32(new)))
                        gain += scores[to, x] - scores[from, x]
                        departures[x].append(SIMD3(Int32(position[x]), Int32(targets[k]), r))
                        // The new slot trades its holder (the next member) for x: it rejects everyone ranked between.
                        let previous = members[(k + 1) % members.count]
                        rejections[new].append(SIMD3(rank(new, x), rank(new, previous), r))
                    }
                    for (k, x) in members.enumerated() {
                        position[x] = targets[k]
                        holder[slot(x, targets[k])] = Int32(x)
                    }
                    rotations.append(Rotation(moves: moves, gain: gain))
                    slotMoves.append(slotted)
                }
            }
        }
        // The chain must end at the mentor-optimal matching.
        complete = exhaustive && position == final
        // The order (Irving and Leather's two rules), as (rotation, predecessor) arcs: a mentee's successive
        // rotations form a chain; and the rotation that moves a mentee past a slot comes after the one that
        // made that slot reject it.
        var arcs = [SIMD2<Int32>]()
        for x in 0..<n {
            var previous: Int32?
            for d in departures[x] {
                if let q = previous, q != d.z { arcs.append(SIMD2(d.z, q)) }
                previous = d.z
                // The positions strictly between, a mentor's empty slots skipped (none ever rejects anyone).
                var p = Int(d.x) + 1
                var e = entry(x, p)
                while p < Int(d.y) {
                    let i = Int(entryMentor[e]), first = Int(entryPosition[e])
                    let upto = Swift.min(first + firstSlot[i + 1] - firstSlot[i], Int(d.y))
                    let mine = mentorPosition[i * n + x]
                    while p < upto {
                        let s = firstSlot[i] + p - first
                        if holder[s] < 0 { break }
                        // The slot's rejections are stacked by rank, best holder last: find the one that skips x.
                        let stacked = rejections[s]
                        var lo = 0, hi = stacked.count
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if stacked[mid].y <= mine { hi = mid } else { lo = mid + 1 }
                        }
                        // stacked[lo − 1] is the last rejection whose old holder ranks below x.
                        if lo > 0, stacked[lo - 1].x < mine, stacked[lo - 1].y > mine, stacked[lo - 1].z != d.z {
                            arcs.append(SIMD2(d.z, stacked[lo - 1].z))
                        }
                        p += 1
                    }
                    e += 1
                    if e >= menteeStart[x + 1] { break }
                    p = Int(entryPosition[e])
                }
            }
        }
        arcs.sort { ($0.x, $0.y) < ($1.x, $1.y) }
        var predecessors = [[Int]](repeating: [], count: rotations.count)
        var last: SIMD2<Int32>?
        for a in arcs where a != last {
            predecessors[Int(a.x)].append(Int(a.y))
            last = a
        }
        self.rotations = rotations
        self.predecessors = predecessors
        self.slotMentor = slotMentor
        self.slotMoves = slotMoves
    }

    /// The stable matching with a closed set of rotations eliminated from
    /// the mentee-optimal one, or `nil` when `eliminated` is not closed
    /// under ``predecessors`` or names no rotation.
    ///
    /// - Complexity: O(N + moves).
    public func matching(eliminating eliminated: some Sequence<Int>) -> Matching? {
        var taken = [Bool](repeating: false, count: rotations.count)
        for r in eliminated {
            guard rotations.indices.contains(r) else { return nil }
            taken[r] = true
        }
        guard taken.indices.allSatisfy({ r in !taken[r] || predecessors[r].allSatisfy { taken[$0] } }) else { return nil }
        var slot = start
        // In index order, a linear extension: each rotation is exposed when it is eliminated.
        for r in rotations.indices where taken[r] { for move in slotMoves[r] { slot[Int(move.x)] = move.y } }
        return Matching(pairs: slot.enumerated().compactMap { j, s in s < 0 ? nil : Pair(mentor: Int(slotMentor[Int(s)]), mentee: j) })
    }

    /// The best-total stable matching: the closed set of rotations with the
    /// largest total gain (Irving, Leather and Gusfield, 1987), by
    /// maximum-weight closure and a minimum cut (Picard, 1976; Dinic, 1970).
    ///
    /// - Complexity: a maximum flow on R + 2 nodes and R + Σ predecessors arcs.
    public func best() -> Best {
        let closure = _MaximumClosure(weights: rotations.map(\.gain), predecessors: predecessors)
        let eliminated = rotations.indices.filter { closure.chosen[$0] }
        return Best(matching: matching(eliminating: eliminated) ?? menteeOptimal, eliminated: eliminated, gain: closure.weight,
                    flow: closure.flow, cut: closure.cut, certified: closure.certified && complete)
    }
}
