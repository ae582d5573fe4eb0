import Compatibility
import Foundation
import MatchingCore
import Programs

/// Suggested matches for self-select programs: each mentee's K best allowed
/// mentors who still have room in the optimal matching, with reasons and
/// the score gap to the mentor assigned (`match --shortlist K`,
/// `shortlist.csv`).
public enum Shortlists {
    /// `mentee_id,rank,mentor_id,score,below_assigned,assigned_mentor,reasons`:
    /// per mentee, up to `k` mentors with room (load below capacity in
    /// `result`), allowed for them, best score first (ties by id);
    /// `below_assigned` is how many points the mentor scores below the
    /// assigned one (empty when the mentee has none). Attribute rules are not re-checked per suggestion.
    ///
    /// - Precondition: the program's scores are dense and it pairs mentors and mentees.
    /// - Complexity: O(M·N + N·M log K).
    public static func csv(_ result: ProgramResult, program: MentoringProgram, k: Int) -> String {
        guard let x = program.matrices, program.pool == nil else { return "" }
        let m = x.mentorIndices.count, n = x.menteeIndices.count
        let ids = program.cohort.profiles
        let room = (0..<m).filter { result.mentorLoads[$0] < program.rules.mentorLoad[$0].max }
        var assigned = [Int: [ProgramResult.Assignment]]()
        for a in result.assignments { assigned[a.menteeColumn, default: []].append(a) }
        var rows = [["mentee_id", "rank", "mentor_id", "score", "below_assigned", "assigned_mentor", "reasons"]]
        for j in 0..<n where ids[x.menteeIndices[j]].eligible {
            let mine = assigned[j] ?? []
            let best = room.filter { i in x.isAllowed(mentor: i, mentee: j) && !mine.contains { $0.mentorRow == i } }
                .map { (i: $0, s: x.total[Pair(MentorIndex($0), MenteeIndex(j))]) }
                .sorted { ($0.s, ids[x.mentorIndices[$1.i]].id) > ($1.s, ids[x.mentorIndices[$0.i]].id) }
                .prefix(k)
            let top = mine.map(\.score).max()
            for (r, c) in best.enumerated() {
                let e = x.explain(mentor: c.i, mentee: j)
                rows.append([ids[x.menteeIndices[j]].id.rawValue, "\(r + 1)", ids[x.mentorIndices[c.i]].id.rawValue, ResultFiles.score(e.score),
                             top.map { ResultFiles.score($0 - e.score) } ?? "", mine.map(\.mentor.rawValue).joined(separator: "; "),
                             e.topReasons(3).joined(separator: "; ")])
            }
        }
        return ResultFiles.csv(rows)
    }
}
