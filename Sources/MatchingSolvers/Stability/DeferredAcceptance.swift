import MatchingCore

/// Deferred acceptance (Gale and Shapley, 1962), with capacities (Roth, 1984):
/// the proposing side's best stable matching.
///
/// Each free proposer proposes to the best acceptable partner it has not yet
/// proposed to; a receiver holds its best offers up to its capacity (a
/// mentee holds one) and rejects the rest, and rejected proposers go on.
/// Ties in a ranking are broken by index, lower first — so the result is
/// stable for the rankings and weakly stable for the ties (no pair both of
/// whom strictly prefer each other), which is what tied preferences admit.
///
/// - Complexity: O(M·N) proposals, each O(log capacity) with a heap per
///   mentor.
public enum DeferredAcceptance {
    /// Which side proposes.
    public enum Proposers: String, Sendable, CaseIterable {
        /// Mentees propose: the mentee-optimal stable matching.
        case mentees
        /// Mentors propose: the mentor-optimal stable matching.
        case mentors
    }

    /// The stable matching with `proposers` proposing.
    public static func solve(_ preferences: StabilityPreferences, proposers: Proposers) -> Matching {
        let m = preferences.mentorCount, n = preferences.menteeCount
        // Proposal orders: acceptable partners by rank, ties by index.
        func order(_ ranks: [Int?], acceptable: (Int) -> Bool) -> [Int] {
            ranks.indices.filter { ranks[$0] != nil && acceptable($0) }.sorted { (ranks[$0]!, $0) < (ranks[$1]!, $1) }
        }
        switch proposers {
        case .mentees:
            let lists = (0..<n).map { j in order(preferences.menteeRank[j]) { preferences.acceptable($0, j) } }
            var next = [Int](repeating: 0, count: n)
            var held = [[Int]](repeating: [], count: m)   // each mentor's held mentees
            var free = Array((0..<n).reversed())
            while let j = free.popLast() {
                guard next[j] < lists[j].count else { continue }
                let i = lists[j][next[j]]
                next[j] += 1
                guard preferences.capacity[i] > 0 else { free.append(j); continue }
                held[i].append(j)
                if held[i].count > preferences.capacity[i] {
                    // Reject the worst held (rank, then higher index).
                    let worst = held[i].indices.max { (preferences.mentorRank[i][held[i][$0]]!, held[i][$0]) < (preferences.mentorRank[i][held[i][$1]]!, held[i][$1]) }!
                    let rejected = held[i].remove(at: worst)
                    free.append(rejected)
                }
            }
            return Matching(pairs: held.enumerated().flatMap { i, js in js.map { Pair(mentor: i, mentee: $0) } })
        case .mentors:
            let lists = (0..<m).map { i in order(preferences.mentorRank[i]) { preferences.acceptable(i, $0) } }
            var next = [Int](repeating: 0, count: m)
            var holder = [Int?](repeating: nil, count: n)   // each mentee's held mentor
            var load = [Int](repeating: 0, count: m)
            var active = Array((0..<m).reversed())
            while let i = active.popLast() {
                // Propose until full or out of list.
                while load[i] < preferences.capacity[i] && next[i] < lists[i].count {
                    let j = lists[i][next[i]]
                    next[i] += 1
                    if let h = holder[j] {
                        let better = (preferences.menteeRank[j][i]!, i) < (preferences.menteeRank[j][h]!, h)
                        guard better else { continue }
                        holder[j] = i
                        load[i] += 1
                        load[h] -= 1
                        active.append(h)
                    } else {
                        holder[j] = i
                        load[i] += 1
                    }
                }
            }
            return Matching(pairs: holder.enumerated().compactMap { j, i in i.map { Pair(mentor: $0, mentee: j) } })
        }
    }
}
