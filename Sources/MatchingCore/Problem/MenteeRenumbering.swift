/// A renumbering of a program's mentees: mentee `k` of the renumbered
/// program is mentee ``order``[k] of the original, and original mentee `j`
/// is renumbered ``place``[j]. With the score matrix's columns and the rules
/// (``MatchingRules/reorderingMentees(_:)``) renumbered alike, the program is
/// the same: a matching of either, read across, keeps the other's rules with
/// the same objective. A weight sweep renumbers its mentees by the value of
/// a `maxPerMentor` rule's attribute, the order the network engine lays its
/// columns in, so that each point's profits are written as they are.
package struct MenteeRenumbering: Sendable {
    /// Per renumbered mentee, its original number.
    package let order: [Int]
    /// Per original mentee, its new number (the inverse of ``order``).
    package let place: [Int]

    /// The renumbering that puts original mentee `order[k]` at `k`.
    ///
    /// - Precondition: `order` is a permutation of `0..<order.count`.
    /// - Complexity: O(N).
    package init(_ order: [Int]) {
        var place = [Int](repeating: -1, count: order.count)
        for (k, j) in order.enumerated() {
            precondition(order.indices.contains(j) && place[j] < 0, "MenteeRenumbering: not a permutation of the mentees")
            place[j] = k
        }
        self.order = order
        self.place = place
    }

    /// The mentees in the order of their values under `coding`
    /// (``AttributeCoding/valueOrder``), or `nil` when they already are.
    package init?(byValueOf coding: AttributeCoding) {
        let order = coding.valueOrder
        guard order.indices.contains(where: { order[$0] != $0 }) else { return nil }
        self.init(order)
    }

    /// Number of mentees.
    package var count: Int { order.count }

    /// `p` with its mentee renumbered; a mentee outside the program is kept
    /// as it is (validation then names it).
    package func renumbered(_ p: Pair) -> Pair {
        Pair(mentor: p.mentor.rawValue, mentee: renumbered(p.mentee).rawValue)
    }

    /// `j` renumbered, or kept when outside the program.
    package func renumbered(_ j: MenteeIndex) -> MenteeIndex {
        place.indices.contains(j.rawValue) ? MenteeIndex(place[j.rawValue]) : j
    }

    /// `p`, a pair of the renumbered program, with its original mentee.
    package func original(_ p: Pair) -> Pair {
        Pair(mentor: p.mentor.rawValue, mentee: order[p.mentee.rawValue])
    }
}

extension MatchingRules {
    /// The same rules with the mentees renumbered by `renumbering`: each
    /// mentee's demand, penalty and attribute values move to its new number,
    /// and every forbidden, fixed and separated pair is renumbered. Rules
    /// over attributes and the objective are unchanged.
    ///
    /// - Precondition: `renumbering` is of these rules' mentees.
    /// - Complexity: O((1 + attributes) · N + pairs and separations named).
    package func reorderingMentees(_ renumbering: MenteeRenumbering) -> MatchingRules {
        let n = menteeDemand.count, order = renumbering.order
        precondition(renumbering.count == n, "reorderingMentees: a renumbering of \(renumbering.count) mentees for \(n)")
        var copy = self
        copy.menteeDemand = order.map { menteeDemand[$0] }
        if unmatchedPenalty.count == n { copy.unmatchedPenalty = order.map { unmatchedPenalty[$0] } }
        var forbidden = Set<Pair>(minimumCapacity: self.forbidden.count)
        for p in self.forbidden { forbidden.insert(renumbering.renumbered(p)) }
        copy.forbidden = forbidden
        copy.fixed = fixed.map(renumbering.renumbered)
        copy.separations = separations.map { Separation(renumbering.renumbered($0.first), renumbering.renumbered($0.second)) }
        copy.menteeAttributes = menteeAttributes.mapValues { values in values.count == n ? order.map { values[$0] } : values }
        return copy
    }
}
