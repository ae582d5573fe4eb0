import Compatibility
import Foundation
import MatchingCore

/// Two runs of a program compared pair by pair (`mentor-match diff old/ new/`):
/// for each mentee (in mutual mode, each pair of people) whether its
/// pairs were kept, changed, added or removed, with the score change.
public struct RunDiff: Sendable {
    /// What happened to one mentee's pairs.
    public enum Change: String, Sendable, CaseIterable {
        /// The same mentor(s) in both runs.
        case kept
        /// Matched in both, with other mentor(s).
        case changed
        /// Matched in the new run only.
        case added
        /// Matched in the old run only.
        case removed
    }

    /// One mentee's line.
    public struct Line: Sendable {
        /// The mentee (mutual mode: the second person of the pair).
        public var mentee: PersonID
        /// What happened.
        public var change: Change
        /// Mentors in the old run, with the pairs' scores.
        public var before: [(PersonID, Double)]
        /// Mentors in the new run, with the pairs' scores.
        public var after: [(PersonID, Double)]
        /// The new total score of the mentee's pairs less the old (0…100 per pair).
        public var delta: Double { after.reduce(0) { $0 + $1.1 } - before.reduce(0) { $0 + $1.1 } }
    }

    /// One line per mentee matched in either run, by mentee id.
    public var lines: [Line]
    /// The two runs' objectives, as their files say.
    public var objectives: (old: Double?, new: Double?)
    /// Whether the runs match people within one pool: the lines are then
    /// per person, their partners on either side of a pair.
    public var mutual: Bool

    /// Counts per change.
    public var counts: [Change: Int] {
        var out = [Change: Int]()
        for l in lines { out[l.change, default: 0] += 1 }
        return out
    }

    /// The runs in `old` and `new` (their `assignments.json`).
    ///
    /// - Throws: `invalidFile` naming the file when a run's JSON is missing,
    ///   unreadable or not a MentorMatch result, and when the runs are of
    ///   different kinds (pairs against one pool).
    /// - Complexity: O(P log P) for P pairs.
    public init(old: String, new: String) throws {
        let a = try Self.pairs(old), b = try Self.pairs(new)
        guard a.mutual == b.mutual, a.circles == b.circles else {
            throw MatchingError(.invalidFile, "\(old) and \(new) are not the same kind of run: \(a.circles != b.circles ? "one forms circles, the other pairs" : "one pairs mentors and mentees, the other people within one pool")")
        }
        mutual = a.mutual
        // In one pool each person's partners are on either side of their pairs.
        var byMentee = [PersonID: (before: [(PersonID, Double)], after: [(PersonID, Double)])]()
        for p in a.pairs {
            byMentee[p.mentee, default: ([], [])].before.append((p.mentor, p.score))
            if a.mutual { byMentee[p.mentor, default: ([], [])].before.append((p.mentee, p.score)) }
        }
        for p in b.pairs {
            byMentee[p.mentee, default: ([], [])].after.append((p.mentor, p.score))
            if b.mutual { byMentee[p.mentor, default: ([], [])].after.append((p.mentee, p.score)) }
        }
        lines = byMentee.keys.sorted().map { m in
            let (before, after) = byMentee[m]!
            let x = before.sorted { $0.0 < $1.0 }, y = after.sorted { $0.0 < $1.0 }
            let change: Change = x.isEmpty ? .added : y.isEmpty ? .removed : x.map(\.0) == y.map(\.0) ? .kept : .changed
            return Line(mentee: m, change: change, before: x, after: y)
        }
        objectives = (a.objective, b.objective)
    }

    /// `diff.csv`: `mentee_id,change,old_mentors,new_mentors,old_score,new_score,delta`.
    public var csv: String {
        func names(_ xs: [(PersonID, Double)]) -> String { xs.map(\.0.rawValue).joined(separator: "; ") }
        func total(_ xs: [(PersonID, Double)]) -> String { xs.isEmpty ? "" : ResultFiles.score(xs.reduce(0) { $0 + $1.1 }) }
        return ResultFiles.csv([["mentee_id", "change", "old_mentors", "new_mentors", "old_score", "new_score", "delta"]] + lines.map { l in
            [l.mentee.rawValue, l.change.rawValue, names(l.before), names(l.after), total(l.before), total(l.after), ResultFiles.score(l.delta)]
        })
    }

    /// The pairs of one run's `assignments.json`.
    static func pairs(_ directory: String) throws -> (pairs: [(mentor: PersonID, mentee: PersonID, score: Double)], mutual: Bool, circles: Bool, objective: Double?) {
        let path = (directory as NSString).appendingPathComponent("assignments.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MatchingError(.invalidFile, "\(path): cannot be read — give the --out directories of two match or rematch runs")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let pairs = json["pairs"] as? [[String: Any]] else {
            throw MatchingError(.invalidFile, "\(path): not a MentorMatch result (no \"pairs\")")
        }
        var out = [(mentor: PersonID, mentee: PersonID, score: Double)](), mutual = false
        for (k, p) in pairs.enumerated() {
            if let a = p["person"] as? String, let b = p["partner"] as? String, let s = p["score"] as? Double {
                mutual = true
                out.append((PersonID(a), PersonID(b), s))
            } else if let a = p["mentor"] as? String, let b = p["mentee"] as? String, let s = p["score"] as? Double {
                out.append((PersonID(a), PersonID(b), s))
            } else {
                throw MatchingError(.invalidFile, "\(path): pairs[\(k)] has no mentor, mentee and score")
            }
        }
        return (out, mutual, json["circles"] != nil, json["objective"] as? Double)
    }
}
