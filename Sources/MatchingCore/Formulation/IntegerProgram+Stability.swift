extension IntegerProgram {
    /// The integer program of the best-total stable matching: one binary
    /// column per acceptable pair, scored as the problem scores it (a
    /// mentee's unmatched penalty folded into its pairs); each mentee at
    /// most one mentor, each mentor at most its capacity; and for every
    /// acceptable pair (i, j) the comparability row of Baïou and Balinski,
    /// "Many-to-many matching: stable polyandrous polygamy (or polygamous
    /// polyandry)" (2000), in its many-to-one form:
    ///
    /// `c_i · Σ_{i' ⪰_j i} x_{i'j} + Σ_{j' ⪰_i j, j' ≠ j} x_{ij'} ≥ c_i`
    ///
    /// — j is matched to i or someone it likes at least as much, or i is
    /// full with mentees it likes at least as much as j — which, with
    /// binary x, says that (i, j) does not block (weak stability with ties).
    /// For strict preferences the linear relaxation of the one-to-one case
    /// is integral (Vande Vate, 1989; Rothblum, 1992); GLPK's branch and
    /// bound closes the rest.
    ///
    /// - Complexity: O(acceptable pairs · (M + N)) entries.
    public init(stable problem: MatchingProblem, preferences p: StabilityPreferences) {
        self.init()
        let m = p.mentorCount, n = p.menteeCount
        var columnOf = [Int32](repeating: -1, count: m * n)
        for i in 0..<m {
            for j in 0..<n where p.acceptable(i, j) && p.capacity[i] > 0 {
                columnOf[i * n + j] = Int32(addColumn(lower: 0, upper: 1, objective: problem.scores[i, j] + problem.unmatchedPenalty[j],
                                                      integer: true, origin: .pair(Pair(mentor: i, mentee: j))))
            }
        }
        objectiveConstant = -problem.unmatchedPenalty.reduce(0, +)
        for j in 0..<n {
            for i in 0..<m where columnOf[i * n + j] >= 0 { entryColumn.append(columnOf[i * n + j]); entryValue.append(1) }
            closeRow(lower: -.infinity, upper: 1, origin: .menteeDemand(MenteeIndex(j)))
        }
        for i in 0..<m {
            for j in 0..<n where columnOf[i * n + j] >= 0 { entryColumn.append(columnOf[i * n + j]); entryValue.append(1) }
            closeRow(lower: -.infinity, upper: Double(p.capacity[i]), origin: .mentorLoad(MentorIndex(i)))
        }
        for i in 0..<m where p.capacity[i] > 0 {
            let c = Double(p.capacity[i])
            for j in 0..<n where columnOf[i * n + j] >= 0 {
                let rj = p.menteeRank[j][i]!, ri = p.mentorRank[i][j]!
                var terms = [Int32: Double]()
                for i2 in 0..<m where columnOf[i2 * n + j] >= 0 && p.menteeRank[j][i2]! <= rj { terms[columnOf[i2 * n + j], default: 0] += c }
                for j2 in 0..<n where j2 != j && columnOf[i * n + j2] >= 0 && p.mentorRank[i][j2]! <= ri { terms[columnOf[i * n + j2], default: 0] += 1 }
                for (col, a) in terms.sorted(by: { $0.key < $1.key }) { entryColumn.append(col); entryValue.append(a) }
                closeRow(lower: c, upper: .infinity, origin: .stability(Pair(mentor: i, mentee: j)))
            }
        }
    }
}
