
/// Both sides' rankings for two-sided stability: every mentor ranks the
/// mentees it may be matched with, every mentee the mentors, best first, ties
/// allowed (an equal rank), lists incomplete (a forbidden pair is acceptable
/// to neither).
///
/// One mentee takes at most one mentor and a mentor up to its load maximum:
/// the college admissions (hospitals/residents) setting of Gale and Shapley,
/// "College admissions and the stability of marriage" (1962), and Roth,
/// "The evolution of the labor market for medical interns and residents"
/// (1984). Minimum loads, quotas and attribute rules are not part of
/// stability.
public struct StabilityPreferences: Hashable, Sendable {
    /// `mentorRank[i][j]`: mentor i's rank of mentee j (0 best; equal ranks
    /// tie), or `nil` when the pair is not acceptable.
    public let mentorRank: [[Int?]]
    /// `menteeRank[j][i]`: mentee j's rank of mentor i, as ``mentorRank``.
    public let menteeRank: [[Int?]]
    /// Each mentor's capacity (its load maximum).
    public let capacity: [Int]

    /// Rankings from explicit lists, then the scores: a person who lists
    /// people ranks them first, in their order; everyone else acceptable
    /// follows by score, highest first, equal scores tied. With no lists,
    /// both sides rank by the pair's score (each side's own view of the
    /// shared score).
    ///
    /// - Parameters:
    ///   - problem: the pairs allowed (not forbidden, between a mentor and a
    ///     mentee who can each take someone), the scores and the mentors' load maxima.
    ///   - mentorLists: per mentor, mentee indices best first (empty: by score).
    ///   - menteeLists: per mentee, mentor indices best first (empty: by score).
    /// - Throws: `unsupported` when a mentee may take more than one mentor.
    /// - Complexity: O(M·N·log(max(M, N))).
    public init(_ problem: MatchingProblem, mentorLists: [[Int]]? = nil, menteeLists: [[Int]]? = nil) throws {
        let m = problem.mentorCount, n = problem.menteeCount
        if let j = (0..<n).first(where: { problem.menteeDemand[$0].max > 1 }) {
            throw MatchingError(.unsupported, "stability: mentee \(j) takes up to \(problem.menteeDemand[j].max) mentors; two-sided stability here is for one mentor per mentee")
        }
        // A pair is acceptable when allowed and both can take someone (a capacity or demand of 0 takes no one).
        var forbidden = problem.forbiddenMask()
        for i in 0..<m where problem.mentorLoad[i].max == 0 { for j in 0..<n { forbidden[i * n + j] = true } }
        for j in 0..<n where problem.menteeDemand[j].max == 0 { for i in 0..<m { forbidden[i * n + j] = true } }
        func ranks(count: Int, others: Int, list: [Int], allowed: (Int) -> Bool, score: (Int) -> Double) -> [Int?] {
            var rank = [Int?](repeating: nil, count: others)
            var next = 0
            var listed = Set<Int>()
            for o in list where (0..<others).contains(o) && allowed(o) && listed.insert(o).inserted {
                rank[o] = next
                next += 1
            }
            let rest = (0..<others).filter { allowed($0) && !listed.contains($0) }.sorted { (score($0), $1) > (score($1), $0) }
            var previous: Double?
            for o in rest {
                let s = score(o)
                if let p = previous, p == s { rank[o] = next - 1 } else { rank[o] = next; next += 1 }
                previous = s
            }
            return rank
        }
        mentorRank = (0..<m).map { i in
            ranks(count: m, others: n, list: mentorLists?[i] ?? [], allowed: { !forbidden[i * n + $0] }, score: { problem.scores[i, $0] })
        }
        menteeRank = (0..<n).map { j in
            ranks(count: n, others: m, list: menteeLists?[j] ?? [], allowed: { !forbidden[$0 * n + j] }, score: { problem.scores[$0, j] })
        }
        capacity = problem.mentorLoad.map(\.max)
    }

    /// Mentors, mentees.
    public var mentorCount: Int { mentorRank.count }
    /// Mentees.
    public var menteeCount: Int { menteeRank.count }

    /// Whether no ranking has a tie among the partners it accepts (strict
    /// preferences: the stable matchings then form a distributive lattice
    /// between the two proposing sides' deferred-acceptance matchings).
    public var isStrict: Bool {
        func strict(_ ranks: [Int?]) -> Bool {
            let r = ranks.compactMap { $0 }
            return Set(r).count == r.count
        }
        return mentorRank.allSatisfy(strict) && menteeRank.allSatisfy(strict)
    }

    /// Whether the pair is acceptable to both.
    public func acceptable(_ i: Int, _ j: Int) -> Bool { mentorRank[i][j] != nil && menteeRank[j][i] != nil }
}
