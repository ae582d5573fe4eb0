
/// The blocking pairs of a matching: an acceptable pair, not matched, whose
/// mentee strictly prefers the mentor to its own (or has none) and whose
/// mentor strictly prefers the mentee to its worst (or has room). A matching
/// is stable when it has none (Gale and Shapley, 1962); with ties this is
/// weak stability.
public enum StabilityAudit {
    /// One blocking pair and what each would gain, in score points: the
    /// pair's score less the mentee's current pair score (or plus its
    /// unmatched penalty), and less the mentor's worst current pair score
    /// (0 when it has room).
    public struct BlockingPair: Hashable, Sendable {
        /// The pair.
        public var pair: Pair
        /// The mentee's gain (score points).
        public var menteeGain: Double
        /// The mentor's gain (score points).
        public var mentorGain: Double
    }

    /// Every blocking pair of `matching`, by mentor then mentee.
    ///
    /// - Complexity: O(M·N + pairs).
    public static func blockingPairs(_ matching: Matching, in problem: MatchingProblem, preferences p: StabilityPreferences) -> [BlockingPair] {
        let m = p.mentorCount, n = p.menteeCount
        var mentorOf = [Int?](repeating: nil, count: n)
        var mentees = [[Int]](repeating: [], count: m)
        for pair in matching.pairs {
            mentorOf[pair.mentee.rawValue] = pair.mentor.rawValue
            mentees[pair.mentor.rawValue].append(pair.mentee.rawValue)
        }
        // Each mentor's worst held mentee (largest rank, then largest score loss) and whether it has room.
        let worst: [(rank: Int, score: Double)?] = (0..<m).map { i in
            mentees[i].map { (rank: p.mentorRank[i][$0] ?? .max, score: problem.scores[i, $0]) }.max { ($0.rank, -$0.score) < ($1.rank, -$1.score) }
        }
        var out = [BlockingPair]()
        for i in 0..<m {
            let room = mentees[i].count < p.capacity[i]
            for j in 0..<n where p.acceptable(i, j) && mentorOf[j] != i {
                let menteeWants: Bool
                let menteeGain: Double
                if let h = mentorOf[j] {
                    menteeWants = p.menteeRank[j][i]! < (p.menteeRank[j][h] ?? .max)
                    menteeGain = problem.scores[i, j] - problem.scores[h, j]
                } else {
                    menteeWants = true
                    menteeGain = problem.scores[i, j] + problem.unmatchedPenalty[j]
                }
                guard menteeWants else { continue }
                let mentorWants: Bool
                let mentorGain: Double
                if room {
                    mentorWants = p.capacity[i] > 0
                    mentorGain = problem.scores[i, j]
                } else if let w = worst[i] {
                    mentorWants = p.mentorRank[i][j]! < w.rank
                    mentorGain = problem.scores[i, j] - w.score
                } else {
                    mentorWants = false
                    mentorGain = 0
                }
                if mentorWants { out.append(BlockingPair(pair: Pair(mentor: i, mentee: j), menteeGain: menteeGain, mentorGain: mentorGain)) }
            }
        }
        return out
    }
}
