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
/// two rules of Irving and Leather, in time linear in the preference lists
/// (Gusfield, "Three fast algorithms for four problems in stable marriage",
/// *SIAM J. Computing* 16, 1987).
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
    /// One mentee's move in a rotation: from its mentor to the next mentor
    /// down its ranking that would take it. The two may be the same mentor
    /// (the mentee keeps its mentor, who takes someone better beside it).
    public struct Move: Hashable, Sendable {
        /// The mentee.
        public var mentee: Int
        /// Its mentor before the rotation.
        public var from: Int
        /// Its mentor after.
        public var to: Int
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
        /// The maximum flow's value.
        public var flow: Double
        /// The minimum cut's capacity: the positive gains left out plus the losses taken.
        public var cut: Double
        /// Whether the flow was checked feasible, the set closed and the
        /// flow equal to the cut (within `1e-9` of the gains' absolute sum):
        /// no closed set gains more — and the chain of eliminations reached
        /// the mentor-optimal matching, so that no rotation is missing.
        public var certified: Bool
    }

    /// The rotations, in the order they were eliminated (a linear extension of the precedence order).
    public let rotations: [Rotation]
    /// `predecessors[r]`: rotations that must be eliminated before rotation
    /// `r` — a set whose transitive closure is the precedence order.
    public let predecessors: [[Int]]
    /// The mentee-optimal stable matching (mentees proposing; the minimal element).
    public let menteeOptimal: Matching
    /// The mentor-optimal stable matching (every rotation eliminated).
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
    ///   - score: the pair's score, `score(mentor, mentee)`, for the gains.
    /// - Complexity: O(L·log L) for L the entries of the preference lists
    ///   with each mentor repeated once per slot (at most N·Σ capacities + M·N).
    public init(_ preferences: StabilityPreferences, score: (Int, Int) -> Double) {
        let m = preferences.mentorCount, n = preferences.menteeCount
        tiesBroken = !preferences.isStrict
        // Strict orders: ranks, ties by index.
        var mentorPosition = [Int32](repeating: -1, count: m * n)
        var mentorLists = [[Int32]]()
        mentorLists.reserveCapacity(m)
        for i in 0..<m {
            let list = preferences.capacity[i] > 0
                ? (0..<n).filter { preferences.acceptable(i, $0) }.sorted { (preferences.mentorRank[i][$0]!, $0) < (preferences.mentorRank[i][$1]!, $1) }
                : []
            for (p, j) in list.enumerated() { mentorPosition[i * n + j] = Int32(p) }
            mentorLists.append(list.map(Int32.init))
        }
        // Slots: mentor i's k-th place, k < min(capacity, acceptable mentees).
        var firstSlot = [Int](repeating: 0, count: m + 1)
        for i in 0..<m { firstSlot[i + 1] = firstSlot[i] + Swift.min(preferences.capacity[i], mentorLists[i].count) }
        let slots = firstSlot[m]
        var slotMentor = [Int32](repeating: 0, count: slots)
        for i in 0..<m { for s in firstSlot[i]..<firstSlot[i + 1] { slotMentor[s] = Int32(i) } }
        // Mentee lists over slots (each mentor's slots in order), flat; base[j·m + i]: where mentor i's first slot sits.
        var listStart = [Int](repeating: 0, count: n + 1)
        var list = [Int32]()
        var base = [Int32](repeating: -1, count: n * m)
        for j in 0..<n {
            let mentors = (0..<m).filter { preferences.acceptable($0, j) && firstSlot[$0 + 1] > firstSlot[$0] }
                .sorted { (preferences.menteeRank[j][$0]!, $0) < (preferences.menteeRank[j][$1]!, $1) }
            for i in mentors {
                base[j * m + i] = Int32(list.count - listStart[j])
                for s in firstSlot[i]..<firstSlot[i + 1] { list.append(Int32(s)) }
            }
            listStart[j + 1] = list.count
        }
        /// The slot's position for mentee j (smaller is better) and mentee j's position for the slot.
        func menteeRank(_ j: Int, _ s: Int) -> Int {
            let i = Int(slotMentor[s])
            return Int(base[j * m + i]) + s - firstSlot[i]
        }
        func slotRank(_ s: Int, _ j: Int) -> Int { Int(mentorPosition[Int(slotMentor[s]) * n + j]) }

        // Mentee-optimal: mentees propose down their slot lists; a slot holds its best.
        var husband = [Int32](repeating: -1, count: slots)
        var wife = [Int](repeating: -1, count: n)   // position in the mentee's list
        var next = [Int](repeating: 0, count: n)
        var free = Array((0..<n).reversed())
        while let j = free.popLast() {
            while next[j] < listStart[j + 1] - listStart[j] {
                let p = next[j]
                next[j] += 1
                let s = Int(list[listStart[j] + p])
                let h = Int(husband[s])
                if h >= 0 && slotRank(s, h) < slotRank(s, j) { continue }
                husband[s] = Int32(j)
                wife[j] = p
                if h >= 0 { wife[h] = -1; free.append(h) }
                break
            }
        }
        // Mentor-optimal: slots propose down their mentor's list; a mentee holds its best slot.
        var final = [Int](repeating: -1, count: n)   // position in the mentee's list
        do {
            var pointer = [Int](repeating: 0, count: slots)
            var proposing = Array((0..<slots).reversed())
            while let s = proposing.popLast() {
                let ranked = mentorLists[Int(slotMentor[s])]
                while pointer[s] < ranked.count {
                    let j = Int(ranked[pointer[s]])
                    pointer[s] += 1
                    let r = menteeRank(j, s)
                    if final[j] >= 0 && final[j] < r { continue }
                    if final[j] >= 0 { proposing.append(Int(list[listStart[j] + final[j]])) }
                    final[j] = r
                    break
                }
            }
        }
        func matching(_ position: [Int]) -> Matching {
            Matching(pairs: (0..<n).compactMap { j in position[j] < 0 ? nil : Pair(mentor: Int(slotMentor[Int(list[listStart[j] + position[j]])]), mentee: j) })
        }
        menteeOptimal = matching(wife)
        mentorOptimal = matching(final)
        start = wife.enumerated().map { j, p in p < 0 ? -1 : list[listStart[j] + p] }

        // Rotations along one chain of eliminations (Gusfield–Irving §3.2): s(j) is the first slot after j's
        // own that prefers j to its holder; walks follow j → holder of s(j) until a mentee repeats.
        var pointer = wife.map { $0 + 1 }
        func successor(_ j: Int) -> Int {
            var p = Swift.max(pointer[j], wife[j] + 1)
            let end = listStart[j + 1] - listStart[j]
            while p < end {
                let s = Int(list[listStart[j] + p]), h = Int(husband[s])
                if h >= 0 && slotRank(s, j) < slotRank(s, h) { break }
                p += 1
            }
            pointer[j] = p
            return p
        }
        var rotations = [Rotation](), slotMoves = [[SIMD2<Int32>]]()
        var departures = [[SIMD3<Int32>]](repeating: [], count: n)   // per mentee: (from position, to position, rotation)
        var rejections = [[SIMD3<Int32>]](repeating: [], count: slots)   // per slot: (new holder's rank, old holder's rank, rotation)
        var onStack = [Int](repeating: -1, count: n)
        var stack = [Int]()
        var exhaustive = true
        for first in 0..<n {
            while exhaustive && wife[first] >= 0 && wife[first] != final[first] {
                stack.append(first)
                onStack[first] = 0
                while let j = stack.last {
                    let p = successor(j)
                    let next = p < listStart[j + 1] - listStart[j] ? Int(husband[Int(list[listStart[j] + p])]) : -1
                    // An unfinished mentee has a successor whose holder is unfinished (Gusfield and Irving, Lemma 2.5.1);
                    // were that to fail, the chain would be incomplete: say so rather than loop.
                    guard next >= 0, wife[next] != final[next] else { exhaustive = false; break }
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
                        let old = Int(list[listStart[x] + wife[x]]), new = Int(list[listStart[x] + targets[k]])
                        let from = Int(slotMentor[old]), to = Int(slotMentor[new])
                        moves.append(Move(mentee: x, from: from, to: to))
                        slotted.append(SIMD2(Int32(x), Int32(new)))
                        gain += score(to, x) - score(from, x)
                        departures[x].append(SIMD3(Int32(wife[x]), Int32(targets[k]), r))
                        // The new slot trades its holder (the next member) for x: it rejects everyone ranked between.
                        let previous = members[(k + 1) % members.count]
                        rejections[new].append(SIMD3(Int32(slotRank(new, x)), Int32(slotRank(new, previous)), r))
                    }
                    for (k, x) in members.enumerated() {
                        wife[x] = targets[k]
                        husband[Int(list[listStart[x] + targets[k]])] = Int32(x)
                    }
                    rotations.append(Rotation(moves: moves, gain: gain))
                    slotMoves.append(slotted)
                }
            }
        }
        // The chain must end at the mentor-optimal matching.
        complete = exhaustive && wife == final
        // The order (Irving and Leather's two rules): a mentee's successive rotations form a chain; and the
        // rotation that moves a mentee past a slot comes after the one that made that slot reject it.
        var predecessors = [Set<Int>](repeating: [], count: rotations.count)
        for x in 0..<n {
            var previous: Int?
            for d in departures[x] {
                let r = Int(d.z)
                if let q = previous, q != r { predecessors[r].insert(q) }
                previous = r
                for p in (Int(d.x) + 1)..<Int(d.y) {
                    let s = Int(list[listStart[x] + p]), rank = Int32(slotRank(s, x))
                    // The slot's rejections are stacked by rank, best holder last: find the one that skips x.
                    let stacked = rejections[s]
                    var lo = 0, hi = stacked.count
                    while lo < hi {
                        let mid = (lo + hi) / 2
                        if stacked[mid].y <= rank { hi = mid } else { lo = mid + 1 }
                    }
                    // stacked[lo − 1] is the last rejection whose old holder ranks below x.
                    if lo > 0, stacked[lo - 1].x < rank, stacked[lo - 1].y > rank {
                        let q = Int(stacked[lo - 1].z)
                        if q != r { predecessors[r].insert(q) }
                    }
                }
            }
        }
        self.rotations = rotations
        self.predecessors = predecessors.map { $0.sorted() }
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
