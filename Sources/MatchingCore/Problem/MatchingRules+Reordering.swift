extension MatchingRules {
    /// The same rules with the mentees renumbered: mentee `k` of the result
    /// is mentee `order[k]` of these rules (its demand, penalty and attribute
    /// values), and every pair and separation is renumbered with it. Rules
    /// over attributes are unchanged. With the score matrix's columns
    /// renumbered the same way, the program is the same: a matching of it is
    /// one of the original with each mentee `k` read as `order[k]`, with the
    /// same objective and the same rules kept.
    ///
    /// - Precondition: `order` is a permutation of `0..<menteeDemand.count`.
    /// - Complexity: O(M + N + pairs and separations named).
    package func reorderingMentees(_ order: [Int]) -> MatchingRules {
        let n = menteeDemand.count
        precondition(order.count == n, "reorderingMentees: \(order.count) places for \(n) mentees")
        var place = [Int](repeating: -1, count: n)
        for (k, j) in order.enumerated() {
            precondition((0..<n).contains(j) && place[j] < 0, "reorderingMentees: not a permutation of the mentees")
            place[j] = k
        }
        func renumbered(_ p: Pair) -> Pair {
            // A pair naming no mentee of these rules is kept as it is (validation names it).
            Pair(mentor: p.mentor.rawValue, mentee: (0..<n).contains(p.mentee.rawValue) ? place[p.mentee.rawValue] : p.mentee.rawValue)
        }
        func renumbered(_ j: MenteeIndex) -> MenteeIndex { (0..<n).contains(j.rawValue) ? MenteeIndex(place[j.rawValue]) : j }
        var copy = self
        copy.menteeDemand = order.map { menteeDemand[$0] }
        if unmatchedPenalty.count == n { copy.unmatchedPenalty = order.map { unmatchedPenalty[$0] } }
        var forbidden = Set<Pair>(minimumCapacity: self.forbidden.count)
        for p in self.forbidden { forbidden.insert(renumbered(p)) }
        copy.forbidden = forbidden
        copy.fixed = fixed.map(renumbered)
        copy.separations = separations.map { Separation(renumbered($0.first), renumbered($0.second)) }
        copy.menteeAttributes = menteeAttributes.mapValues { values in values.count == n ? order.map { values[$0] } : values }
        return copy
    }
}
