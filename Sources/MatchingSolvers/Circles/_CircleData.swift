import MatchingCore

/// A ``CircleProblem`` read once into flat arrays for the search and the
/// bounds: the scores (forbidden pairs as 0, flagged apart), the rules as
/// value codes per person.
struct _CircleData: Sendable {
    let n: Int
    let sizes: CountRange
    /// Scores, row-major n × n, symmetric; 0 on the diagonal and for forbidden pairs.
    let w: [Double]
    /// Row-major n × n: whether the pair may not share a group; empty when no pair is forbidden.
    let forbidden: [Bool]
    /// Per rule: its limit, its number of values and each person's value code.
    let rules: [Rule]
    /// The rules as the problem states them (for messages).
    let ruleNames: [String]
    /// The largest |score|: the scale of the improvement tolerance.
    let largest: Double
    /// The first pair (upper triangle, row-major) whose score is NaN or +infinity, if any.
    let badScore: (i: Int, j: Int, score: Double)?

    struct Rule: Sendable {
        var limit: Int32
        var valueCount: Int
        var value: [Int32]
        /// The value names in code order.
        var names: [String]
    }

    var hasForbidden: Bool { !forbidden.isEmpty }

    /// Reads `problem` (validated): O(n²) score reads and memory.
    init(_ problem: CircleProblem) {
        let n = problem.count
        self.n = n
        sizes = problem.groupSize
        var w = [Double](repeating: 0, count: n * n)
        var forbidden = [Bool]()
        var largest = 0.0
        var bad: (Int, Int, Double)?
        if n > 0 {
            w.withUnsafeMutableBufferPointer { problem.source.scores(mentors: 0..<n, into: $0) }
            for i in 0..<n {
                w[i * n + i] = 0
                for j in (i + 1)..<n {
                    // The upper triangle is the problem; mirror it.
                    let s = w[i * n + j]
                    if s.isNaN || s == .infinity {
                        bad = bad ?? (i, j, s)
                        w[i * n + j] = 0
                        w[j * n + i] = 0
                    } else if s.isFinite {
                        w[j * n + i] = s
                        largest = Swift.max(largest, abs(s))
                    } else {
                        if forbidden.isEmpty { forbidden = [Bool](repeating: false, count: n * n) }
                        forbidden[i * n + j] = true
                        forbidden[j * n + i] = true
                        w[i * n + j] = 0
                        w[j * n + i] = 0
                    }
                }
            }
        }
        self.w = w
        self.forbidden = forbidden
        self.largest = largest
        badScore = bad
        rules = problem.rules.map { rule in
            switch rule {
            case .maxPerGroup(let a, let limit):
                let values = problem.attributes[a] ?? []
                var code = [String: Int32]()
                var names = [String]()
                let value = values.map { v -> Int32 in
                    if let c = code[v] { return c }
                    let c = Int32(names.count)
                    code[v] = c
                    names.append(v)
                    return c
                }
                return Rule(limit: Int32(clamping: limit), valueCount: Swift.max(1, names.count), value: value, names: names)
            }
        }
        ruleNames = problem.rules.enumerated().map { "rules[\($0.offset)] \($0.element)" }
    }

    @inline(__always) func isForbidden(_ i: Int, _ j: Int) -> Bool { hasForbidden && forbidden[i * n + j] }

    /// The objective of `groups` from the stored scores.
    func objective(of groups: [[Int]]) -> Double {
        var total = 0.0
        for g in groups {
            for (a, i) in g.enumerated() { for j in g[(a + 1)...] { total += w[i * n + j] } }
        }
        return total
    }

    /// Why no partition exists, proven by counting, or `nil`: a value with
    /// more people than its limit allows in `groupCounts.upperBound` groups, or a
    /// person forbidden with too many others to fill even a smallest group.
    /// Also narrows `groupCounts` to the counts every rule allows.
    func countingProof(groupCounts: inout ClosedRange<Int>) -> String? {
        var fewest = groupCounts.lowerBound
        for (r, rule) in rules.enumerated() {
            var counts = [Int](repeating: 0, count: rule.valueCount)
            for v in rule.value { counts[Int(v)] += 1 }
            for (v, c) in counts.enumerated() {
                let needed = (c + Int(rule.limit) - 1) / Int(rule.limit)
                if needed > groupCounts.upperBound {
                    return "\(ruleNames[r]): \(c) people have \(rule.names[v].isEmpty ? "an empty value" : "\"\(rule.names[v])\""), needing at least \(needed) groups, but \(n) people in groups of \(sizes) make at most \(groupCounts.upperBound)"
                }
                fewest = Swift.max(fewest, needed)
            }
        }
        groupCounts = fewest...groupCounts.upperBound
        if hasForbidden && sizes.min >= 2 {
            for i in 0..<n {
                var allowed = 0
                for j in 0..<n where j != i && !forbidden[i * n + j] { allowed += 1 }
                if allowed < sizes.min - 1 {
                    return "forbidden pairs: person \(i) may share a group with only \(allowed) other \(allowed == 1 ? "person" : "people"), but every group has at least \(sizes.min) people"
                }
            }
        }
        return nil
    }
}
