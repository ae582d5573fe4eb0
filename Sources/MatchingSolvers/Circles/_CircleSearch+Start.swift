import MatchingCore

extension _CircleSearch {
    /// What blocked a greedy start: the person who could not be placed and
    /// the constraint that kept them out of the last group tried.
    struct Blocked: Sendable {
        var person: Int
        var reason: String
    }

    /// The sizes of the start: as equal as possible (`n / k`, the first
    /// `n mod k` groups one larger), within the size range whenever k is a
    /// feasible number of groups.
    static func targetSizes(people n: Int, groups k: Int) -> [Int] {
        (0..<k).map { n / k + ($0 < n % k ? 1 : 0) }
    }

    /// A feasible greedy start: people in `order`, each into the group of
    /// largest gain that still has room and keeps the forbidden pairs and
    /// rules (ties: the emptier group, then the lower index); a person who
    /// fits nowhere is placed by an ejection — some member j of a group g
    /// the person fits once j leaves moves to another group with room.
    /// Returns `nil` on success, else who could not be placed and why.
    mutating func greedyStart(order: [Int]) -> Blocked? {
        reset(to: [Int](repeating: -1, count: n))
        let target = Self.targetSizes(people: n, groups: k)
        for i in order {
            var best = -1
            for g in 0..<k where size[g] < target[g] && fits(i, g) {
                if best < 0 { best = g; continue }
                let d = sums[g * n + i] - sums[best * n + i]
                if d > 0 || (d == 0 && size[g] < size[best]) { best = g }
            }
            if best >= 0 {
                place(i, in: best)
            } else if !eject(for: i, target: target) {
                return Blocked(person: i, reason: blockingReason(i, target: target))
            }
        }
        return nil
    }

    /// Places i by moving one member j of a group g (that i fits once j
    /// leaves) into another group h with room that j fits.
    private mutating func eject(for i: Int, target: [Int]) -> Bool {
        for g in 0..<k {
            for j in 0..<n where group[j] == g && fits(i, g, ignoring: j) {
                for h in 0..<k where h != g && size[h] < target[h] && fits(j, h) {
                    remove(j)
                    place(j, in: h)
                    if size[g] < target[g] && fits(i, g) {
                        place(i, in: g)
                        return true
                    }
                    // i fits g once j left, but g now has no room: put j back.
                    remove(j)
                    place(j, in: g)
                }
            }
        }
        return false
    }

    /// The constraint that keeps i out of the groups with room.
    private func blockingReason(_ i: Int, target: [Int]) -> String {
        for g in 0..<k where size[g] < target[g] {
            if data.hasForbidden && conflicts[g * n + i] > 0 { return "forbidden pairs" }
            for (r, rule) in data.rules.enumerated()
            where counts[r][g * rule.valueCount + Int(rule.value[i])] >= rule.limit {
                return data.ruleNames[r]
            }
        }
        return "forbidden pairs"
    }

    /// The greedy order: the most constrained first — most forbidden
    /// partners plus, per rule, the size of the person's value class
    /// relative to its limit — ties by index.
    static func constrainedFirst(_ data: _CircleData) -> [Int] {
        let n = data.n
        var weight = [Double](repeating: 0, count: n)
        if data.hasForbidden {
            for i in 0..<n { for j in 0..<n where data.forbidden[i * n + j] { weight[i] += 1 } }
        }
        for rule in data.rules {
            var counts = [Int](repeating: 0, count: rule.valueCount)
            for v in rule.value { counts[Int(v)] += 1 }
            for i in 0..<n { weight[i] += Double(counts[Int(rule.value[i])]) / Double(rule.limit) }
        }
        return (0..<n).sorted { weight[$0] > weight[$1] || (weight[$0] == weight[$1] && $0 < $1) }
    }
}
