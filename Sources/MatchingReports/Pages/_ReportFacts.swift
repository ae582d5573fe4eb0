import Compatibility
import MatchingCore
import Programs

/// What the report's sections share about one solved program: its sizes,
/// who was matched, the scores, and people's names.
struct ReportFacts {
    let result: ProgramResult
    let program: MentoringProgram
    /// Mentees (or, in one pool, people) and mentors.
    let n: Int, m: Int
    /// One pool: mutual mode or circles.
    let pool: Bool
    /// The program's objective is `maxMin` (pair programs only).
    let maxMin: Bool
    /// The columns of the mentees matched.
    let matchedMentees: Set<Int>
    /// The pairs' scores, ascending.
    let sortedScores: [Double]
    /// The carried columns and which one is the name.
    private let carriedFields: [(label: String, key: String)]
    private let nameField: Int?

    init(_ result: ProgramResult, program: MentoringProgram) {
        self.result = result
        self.program = program
        n = program.pairs.menteeIndices.count
        m = program.pairs.mentorIndices.count
        pool = program.pool != nil
        maxMin = program.pool == nil && program.config.matching.objective == .maxMin
        matchedMentees = Set(result.assignments.map(\.menteeColumn))
        sortedScores = result.assignments.map(\.score).sorted()
        carriedFields = program.carriedFields
        nameField = carriedFields.firstIndex { $0.label.lowercased() == "name" }
    }

    var report: SolveReport { result.report }
    var hasMatching: Bool { result.report.matching != nil }
    /// The two sides of a pair in words: mentor and mentee, or person and partner.
    var sides: (String, String) { pool ? ("person", "partner") : ("mentor", "mentee") }
    /// Who a chart of people counts: mentees, or people in one pool.
    var counted: String { pool ? "people" : "mentees" }

    /// The median pair score.
    var median: Double? { sortedScores.isEmpty ? nil : sortedScores[sortedScores.count / 2] }
    /// The mean pair score.
    var mean: Double? { sortedScores.isEmpty ? nil : sortedScores.reduce(0, +) / Double(sortedScores.count) }
    /// The pair with the lowest score (the first such pair in the files' order).
    var weakest: ProgramResult.Assignment? { result.assignments.min { $0.score < $1.score } }

    /// A person as `id (name)` when the participants carry a name, else the id.
    func who(_ id: PersonID) -> String {
        guard let f = nameField, let k = program.cohort.index[id] else { return id.rawValue }
        let name = program.carried(k, carriedFields)[f]
        return name.isEmpty ? id.rawValue : "\(id.rawValue) (\(name))"
    }

    /// A criterion named in the config, in plain words for this program's mode.
    func label(_ criterion: String) -> String {
        Criterion.label(of: criterion, in: program.config.compatibilityInMode.mode)
    }

    /// A left-out category in words.
    static func category(_ c: String) -> String {
        switch c {
        case "not eligible": "not eligible this round"
        case "no allowed partner": "no allowed match under the filters"
        case "capacity and rules": "capacity or the rules"
        case "no solution": "no matching was found"
        case "time limit": "left out when the time limit ended the run"
        default: c
        }
    }

    /// A left-out category in a few words, for a chart's label.
    static func shortCategory(_ c: String) -> String {
        switch c {
        case "no allowed partner": "no allowed match"
        case "capacity and rules": "capacity or rules"
        case "no solution": "no matching found"
        default: c
        }
    }

    /// The people left out of `side` (`mentee`, `mentor`, `peer`) per category, most first.
    func leftOut(_ side: String) -> [(category: String, count: Int)] {
        var counts = [String: Int]()
        for u in result.unmatched where u.side == side { counts[u.category, default: 0] += 1 }
        return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { ($0.key, $0.value) }
    }

    /// Who has a match, and why the others do not.
    func coverageSentence() -> String {
        guard hasMatching else { return "No pairs were made." }
        let side = pool ? "peer" : "mentee"
        let out = leftOut(side)
        let left = out.reduce(0) { $0 + $1.count }
        var s: String
        if program.circles != nil {
            s = "\(m - left) of \(m) people are in \(Blocks.count(result.circles.count, "circle"))."
        } else if pool {
            s = "\(m - left) of \(m) people have at least one partner."
        } else {
            let mentors = result.mentorLoads.filter { $0 > 0 }.count
            s = "\(matchedMentees.count) of \(n) mentees have a mentor; \(mentors) of \(m) mentors have at least one mentee."
        }
        guard left > 0 else { return s + (pool ? " Nobody is left out." : " No mentee is left out.") }
        let reasons = out.map { "\(Self.category($0.category)) (\($0.count))" }.joined(separator: ", ")
        let others = left == 1 ? "The other \(pool ? "person" : "mentee") is" : "The \(left) other \(pool ? "people" : "mentees") are"
        s += " \(others) left out: \(reasons)."
        if out.allSatisfy({ ["not eligible", "no allowed partner"].contains($0.category) }) {
            s += " Everyone who could be matched was matched."
        }
        return s
    }

    /// With `maxMin`: the weakest pair by name — or the mentee left out
    /// whom the worst outcome counts — and, when `proven`, the claim that
    /// no matching does better for its worst-off.
    func fairnessSentence(proven: Bool) -> String? {
        guard maxMin, hasMatching, let weakest else { return nil }
        let pair = "its weakest pair, \(who(weakest.mentor)) with \(who(weakest.mentee)), scores \(Blocks.fmt(weakest.score)) of 100"
        if let worst = report.worstOutcome, worst < weakest.score - 1e-6 {
            let left = "its worst outcome is a mentee left without a mentor, counted as \(Blocks.fmt(worst)) points"
            return proven
                ? "It is the fairest possible: \(left), which no matching that keeps the program's rules avoids; among those, none scores higher in total. \(Words.sentence(pair))."
                : "\(Words.sentence(left)); \(pair)."
        }
        return proven
            ? "It is the fairest possible: \(pair), and no matching that keeps the program's rules has a better weakest pair; among those as fair, none scores higher in total."
            : "\(Words.sentence(pair))."
    }

    /// The key numbers, each short enough for a card.
    func cards() -> [(label: String, value: String, sub: String?)] {
        var out = [(label: String, value: String, sub: String?)]()
        let left = result.unmatched.filter { $0.side == (pool ? "peer" : "mentee") }.count
        if program.circles != nil {
            out.append(("People in circles", "\(m - left) of \(m)", nil))
            out.append(("Circles", "\(result.circles.count)", nil))
        } else if pool {
            out.append(("People with a partner", "\(m - left) of \(m)", nil))
            out.append(("Pairs", "\(result.assignments.count)", nil))
        } else {
            out.append(("Mentees with a mentor", "\(matchedMentees.count) of \(n)", nil))
            out.append(("Mentors with mentees", "\(result.mentorLoads.filter { $0 > 0 }.count) of \(m)", nil))
            out.append(("Pairs", "\(result.assignments.count)", nil))
        }
        if let median { out.append(("Typical pair score", Blocks.fmt(median), "median, of 100")) }
        if let weakest { out.append(("Weakest pair", Blocks.fmt(weakest.score), maxMin ? "of 100, as high as it can be" : "of 100")) }
        let result: (String, String?) = switch report.termination.reason {
        case .optimal: report.termination.limit == .gap ? ("Near best", "proven within the gap") : ("Best possible", "proven")
        case .feasible: ("Good", "not proven the best")
        case .infeasible: ("No matching", "the rules conflict")
        case .noSolutionFound: ("No matching", "none found in time")
        case .error: ("No matching", "the solver failed")
        }
        out.append(("Result", result.0, result.1))
        return out
    }
}
