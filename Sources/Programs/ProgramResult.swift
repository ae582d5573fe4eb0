import Compatibility
import MatchingCore

/// A solved program: the solver's report, every pair with its explanation,
/// and everyone left out with the reason.
public struct ProgramResult: Sendable {
    /// One matched pair.
    public struct Assignment: Hashable, Sendable {
        /// The mentor's row in the matrices.
        public var mentorRow: Int
        /// The mentee's column in the matrices.
        public var menteeColumn: Int
        /// Why the pair scores what it does.
        public var explanation: PairExplanation
        /// The mentor.
        public var mentor: PersonID { explanation.mentor }
        /// The mentee.
        public var mentee: PersonID { explanation.mentee }
        /// The pair's score, 0…100.
        public var score: Double { explanation.score }
    }

    /// A participant left out, and why.
    public struct Unmatched: Hashable, Sendable {
        /// The person.
        public var id: PersonID
        /// `mentee` or `mentor`.
        public var side: String
        /// The reason in plain words.
        public var reason: String
        /// A short category for charts: `not eligible`, `no allowed partner`, `capacity and rules`, `no solution`.
        public var category: String
    }

    /// The solver's report.
    public let report: SolveReport
    /// The matched pairs, by mentor then mentee.
    public let assignments: [Assignment]
    /// Mentees with fewer mentors than they could have had (none), and mentors with no mentee.
    public let unmatched: [Unmatched]
    /// Each mentor's load, in row order.
    public let mentorLoads: [Int]
    /// Why there is no matching, one line per root cause with counts and
    /// the setting to change (empty when a matching was found);
    /// ``MentoringProgram/causes(of:)``.
    public let causes: [String]
    /// Settings that could not act on this cohort (``MentoringProgram/warnings``).
    public let warnings: [String]
    /// Excluded pairs per cause, most first (``/Compatibility/ScoredPairs/exclusionCounts()``),
    /// counted once here for every writer — a streamed program scores each pair once more for it.
    public let exclusions: [(cause: String, pairs: Int)]
    /// A mutual program's circles (`matching.circles`), in order; empty otherwise.
    /// Their pairs (every two members) are the ``assignments``.
    public let circles: [Circle]

    /// One circle of a mutual program.
    public struct Circle: Hashable, Sendable {
        /// 1, 2, … in the order of their first members' rows.
        public var number: Int
        /// The members' rows in the pool, ascending.
        public var rows: [Int]
        /// The members.
        public var members: [PersonID]
        /// Per member: their mean score with the others, 0…100.
        public var memberScores: [Double]
        /// The sum of the scores of the pairs within the circle.
        public var total: Double
    }

    init(program: MentoringProgram, report: SolveReport, groups: [[Int]]? = nil) {
        self.report = report
        let x = program.pairs
        let pairs = (report.matching?.pairs ?? []).sorted()
        assignments = pairs.map { p in
            Assignment(mentorRow: p.mentor.rawValue, menteeColumn: p.mentee.rawValue,
                       explanation: x.explain(mentor: p.mentor.rawValue, mentee: p.mentee.rawValue))
        }
        var score = [Pair: Double]()
        if groups != nil { for a in assignments { score[Pair(MentorIndex(a.mentorRow), MenteeIndex(a.menteeColumn))] = a.score } }
        circles = (groups ?? []).enumerated().map { k, rows in
            let memberScores = rows.map { i in
                rows.filter { $0 != i }.reduce(0.0) { $0 + (score[Pair(MentorIndex(Swift.min(i, $1)), MenteeIndex(Swift.max(i, $1)))] ?? 0) } / Double(Swift.max(1, rows.count - 1))
            }
            let total = rows.indices.reduce(0.0) { sum, a in
                rows[(a + 1)...].reduce(sum) { $0 + (score[Pair(MentorIndex(rows[a]), MenteeIndex($1))] ?? 0) }
            }
            return Circle(number: k + 1, rows: rows, members: rows.map { program.cohort.profiles[x.mentorIndices[$0]].id },
                          memberScores: memberScores, total: total)
        }
        let m = x.mentorIndices.count, n = x.menteeIndices.count
        var load = [Int](repeating: 0, count: m), got = [Int](repeating: 0, count: n)
        for p in pairs { load[p.mentor.rawValue] += 1; got[p.mentee.rawValue] += 1 }
        if program.pool != nil {
            // One pool: a person's partners are their pairs on either side.
            let degree = (0..<m).map { load[$0] + got[$0] }
            mentorLoads = degree
            exclusions = x.exclusionCounts()
            let solved = report.matching != nil
            let allowed = degree.contains(0) ? x.allowedCounts().mentors : []
            var out = [Unmatched]()
            for i in 0..<m where degree[i] == 0 {
                let person = program.cohort.profiles[x.mentorIndices[i]]
                let reason: (String, String)
                if !person.eligible { reason = ("not eligible this round", "not eligible") }
                else if !solved { reason = ("no matching was found: \(report.termination)", "no solution") }
                else if program.rules.mentorLoad[i].max == 0 { reason = ("capacity 0", "capacity and rules") }
                else if allowed[i] == 0 { reason = ("no allowed partner among the \(m - 1) others", "no allowed partner") }
                else { reason = ("all \(allowed[i]) allowed partner(s) are matched with pairs that score more in total", "capacity and rules") }
                out.append(Unmatched(id: person.id, side: "peer", reason: reason.0, category: reason.1))
            }
            unmatched = out
            causes = program.causes(of: report)
            warnings = program.warnings
            return
        }
        mentorLoads = load
        var out = [Unmatched]()
        let solved = report.matching != nil
        // Allowed pairs per person, to explain who a matching leaves out: one pass over the pairs
        // (scored again when streamed, minutes at 500 million pairs), so only when there is a
        // matching and someone is left out. A streamed program's excluded pairs follow from the
        // pricing run's own count when it made one, else from the same pass; with neither, they are
        // not counted.
        let left = got.contains(0) || load.contains(0)
        let counted = program.isStreamed ? report.statistics.allowedPairs : nil
        // A streamed run the time limit ended is not lengthened by that pass: who it left out is
        // put down to the limit.
        let limited = program.isStreamed && solved && report.termination.limit == .time
        let allowed = solved && !limited && (left || (program.isStreamed && counted == nil)) ? x.allowedCounts() : (mentors: [], mentees: [])
        if program.isStreamed {
            if let total = counted ?? (allowed.mentors.isEmpty ? nil : allowed.mentors.reduce(0, +)) {
                let excluded = m * n - total
                exclusions = excluded > 0 ? [(CompatibilityScoreSource.streamedExclusionCause, excluded)] : []
            } else {
                exclusions = []
            }
        } else {
            // The committee's rejections are forbidden beside the filters' exclusions: their own cause.
            let rejected = program.denseProblem.map { p in p.forbidden.count - (program.matrices?.excludedPairs.count ?? p.forbidden.count) } ?? 0
            exclusions = x.exclusionCounts() + (rejected > 0 ? [(Self.rejectedCause, rejected)] : [])
        }
        // Per mentee left out with allowed mentors: how many of those have room.
        let leftOut = allowed.mentees.isEmpty ? [] : (0..<n).filter { got[$0] == 0 && allowed.mentees[$0] > 0 }
        let room = (0..<m).map { load[$0] < program.rules.mentorLoad[$0].max }
        let withRoom = solved && !leftOut.isEmpty ? x.allowedCounts(ofMentees: leftOut, amongMentors: room) : []
        let withRoomOf = Dictionary(uniqueKeysWithValues: zip(leftOut, withRoom))
        for j in 0..<n where got[j] == 0 {
            let person = program.cohort.profiles[x.menteeIndices[j]]
            out.append(Self.reason(for: j, person: person, program: program, solved: solved, limited: limited, report: report,
                                   allowedCount: allowed.mentees.isEmpty ? 0 : allowed.mentees[j], withRoom: withRoomOf[j] ?? 0))
        }
        for i in 0..<m where load[i] == 0 {
            let person = program.cohort.profiles[x.mentorIndices[i]]
            let capacity = program.rules.mentorLoad[i].max
            let reason: (String, String)
            if !person.eligible { reason = ("not eligible this round", "not eligible") }
            else if capacity == 0 { reason = ("capacity 0", "capacity and rules") }
            else if !solved { reason = ("no matching was found: \(report.termination)", "no solution") }
            else if limited { reason = (Self.timeLimitReason, Self.timeLimitCategory) }
            else if allowed.mentors[i] == 0 { reason = ("no allowed mentee", "no allowed partner") }
            else { reason = ("every allowed mentee was matched better elsewhere", "capacity and rules") }
            out.append(Unmatched(id: person.id, side: "mentor", reason: reason.0, category: reason.1))
        }
        unmatched = out
        causes = program.causes(of: report)
        warnings = program.warnings
    }

    /// Why a streamed run the time limit ended left someone out: their
    /// allowed partners are not counted (that takes another pass over every pair).
    public static let timeLimitReason = "left out when the time limit ended the run (the matching is not proven optimal; their allowed partners were not counted)"
    /// The category of ``timeLimitReason``.
    public static let timeLimitCategory = "time limit"

    /// The cause under which the committee's rejected pairs (`matching.rejected`, `--review`) are counted.
    public static let rejectedCause = "the matching committee's review (matching.rejected)"

    static func reason(for j: Int, person: Profile, program: MentoringProgram, solved: Bool, limited: Bool, report: SolveReport,
                       allowedCount: Int, withRoom: Int) -> Unmatched {
        let x = program.pairs
        func make(_ reason: String, _ category: String) -> Unmatched { Unmatched(id: person.id, side: "mentee", reason: reason, category: category) }
        if !person.eligible { return make("not eligible this round", "not eligible") }
        if !solved { return make("no matching was found: \(report.termination)", "no solution") }
        if program.rules.menteeDemand[j].max == 0 { return make("capacity 0: takes no mentor this round", "capacity and rules") }
        if limited { return make(timeLimitReason, timeLimitCategory) }
        let m = x.mentorIndices.count
        if allowedCount == 0 {
            // The most common exclusions across all mentors.
            var counts = [String: Int]()
            for i in 0..<m {
                for r in x.exclusions(mentor: i, mentee: j) {
                    let key: String
                    switch r {
                    case .belowMustHave(let c, _, _): key = "below the must-have on \(c)"
                    case .timeZoneGap: key = "time-zone gap"
                    case .ineligible: key = "mentor not eligible"
                    default: key = r.description
                    }
                    counts[key, default: 0] += 1
                }
            }
            let top = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3).map { "\($0.key) (\($0.value))" }
            return make("no allowed mentor among \(m): " + top.joined(separator: ", "), "no allowed partner")
        }
        if withRoom == 0 {
            return make("all \(allowedCount) allowed mentor(s) are at capacity with pairs that score more in total", "capacity and rules")
        }
        return make("left out by the program's rules: the \(withRoom) allowed mentor(s) with room would break a rule or lower the total", "capacity and rules")
    }
}
