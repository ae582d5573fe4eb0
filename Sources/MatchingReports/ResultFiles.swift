import CSV
import Compatibility
import Foundation
import MatchingIO
import MatchingCore
import Programs

/// Writes a solved program's files: `assignments.csv`, `assignments.json` and
/// `report.html` (see ``ReportPage``). Everything but the timings in the JSON
/// is the same, byte for byte, for the same input.
public enum ResultFiles {
    /// A cell safe to open in a spreadsheet: text starting with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return is prefixed with `'` so that it is
    /// never run as a formula. (Quoting is the CSV writer's.)
    /// A plain number (`-23.7`, `+4`) is left as it is: a spreadsheet reads
    /// it as the number, never as a formula.
    public static func neutralised(_ text: String) -> String {
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first),
           !(text.count <= 32 && Double(text) != nil && text.allSatisfy { "+-0123456789.".contains($0) }) {
            return "'" + text
        }
        return text
    }

    /// Rows as CSV text (CSV.swift's writer), every cell neutralised.
    public static func csv(_ rows: [[String]]) -> String {
        let stream = OutputStream.toMemory()
        guard let writer = try? CSVWriter(stream: stream) else { return "" }
        for row in rows { try? writer.write(row: row.map(neutralised)) }
        writer.stream.close()
        // Read through NSData's bytes: `as? Data` copies on Linux one byte at a time (a tenth of
        // the writing at 30,000 people).
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? NSData else { return "\n" }
        return withExtendedLifetime(data) { String(decoding: UnsafeRawBufferPointer(start: $0.bytes, count: $0.length), as: UTF8.self) } + "\n"
    }

    /// A score with one decimal.
    static func score(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? "\(Int(r)).0" : "\(r)"
    }

    /// `mentor_id,mentee_id,score,reasons` (in mutual mode `person_id,partner_id,score,reasons`), one line per pair.
    /// With `program`, each side's carried columns (``/Programs/MentoringProgram/carriedFields``,
    /// e.g. `mentor_name,mentor_email`) follow the ids.
    ///
    /// With `review`, the file a matching committee fills in (`review.csv`):
    /// the same rows and a last column, `decision` — `accept` for pairs
    /// already locked, blank for the rest; `accept` locks the pair and
    /// `reject` forbids it when the next run reads the file with `--review`
    /// (``/MatchingIO/DecisionFiles/review(path:)``). A rejected pair is not
    /// in the matching, so not in the file: earlier reviews are passed again
    /// (`--review` repeats).
    public static func assignmentsCSV(_ result: ProgramResult, program: MentoringProgram? = nil, mutual: Bool = false, review: Bool = false) -> String {
        let sides = mutual ? ("person", "partner") : ("mentor", "mentee")
        let carriedFields = program?.carriedFields ?? []
        let fields = carriedFields.map(\.label)
        let index = program?.cohort.index ?? [:]
        func carried(_ id: PersonID) -> [String] { program.flatMap { p in index[id].map { p.carried($0, carriedFields) } } ?? fields.map { _ in "" } }
        // In the review file, pairs already locked (accepted in a review, --lock, matching.fixed) read `accept`.
        let locked = Set((program?.config.matching.fixed ?? []).map { "\($0.mentor)\u{0}\($0.mentee)" })
        let decision = review ? ["decision"] : []
        return csv([["\(sides.0)_id", "\(sides.1)_id"] + fields.map { "\(sides.0)_\($0)" } + fields.map { "\(sides.1)_\($0)" } + ["score", "reasons"] + decision]
            + result.assignments.map { a in
                [a.mentor.rawValue, a.mentee.rawValue] + carried(a.mentor) + carried(a.mentee) + [score(a.score), a.explanation.topReasons(3).joined(separator: "; ")]
                    + (review ? [locked.contains("\(a.mentor)\u{0}\(a.mentee)") ? "accept" : ""] : [])
            })
    }

    /// `mailmerge.csv`, one row per person for the messages an administrator
    /// sends: `person_id,role`, their carried columns, then `matched_with`
    /// (ids), each carried column of the people they are matched with
    /// (`partner_name`, …, `; `-separated), each pair's top three reasons in
    /// everyday words (``/Compatibility/PairExplanation/plainReasons(_:)``,
    /// ` | ` between pairs), a suggested first meeting
    /// per pair — the first weekly block both listed, in the person's own
    /// time (``/Compatibility/Cohort/firstSharedBlock(_:_:)``) — and `status`
    /// (`matched`, or `left out: ` and the reason). Pair programs only.
    public static func mailMergeCSV(_ result: ProgramResult, program: MentoringProgram) -> String {
        let carriedFields = program.carriedFields
        let fields = carriedFields.map(\.label)
        let cohort = program.cohort, x = program.pairs
        let pool = program.pool != nil
        var partners = [PersonID: [ProgramResult.Assignment]]()
        for a in result.assignments { partners[a.mentor, default: []].append(a); partners[a.mentee, default: []].append(a) }
        let reasons = Dictionary(result.unmatched.map { ($0.id, $0.reason) }, uniquingKeysWith: { a, _ in a })
        var people = [(id: PersonID, role: String)]()
        var listed = Set<PersonID>()
        for (role, indices) in pool ? [("peer", x.mentorIndices)] : [("mentor", x.mentorIndices), ("mentee", x.menteeIndices)] {
            for k in indices where listed.insert(cohort.profiles[k].id).inserted { people.append((cohort.profiles[k].id, role)) }
        }
        var rows = [["person_id", "role"] + fields + ["matched_with"] + fields.map { "partner_\($0)" } + ["reasons", "first_meeting", "status"]]
        for (id, role) in people {
            let k = cohort.index[id]!
            let mine = (partners[id] ?? []).sorted { ($0.mentor, $0.mentee) < ($1.mentor, $1.mentee) }
            let others = mine.map { $0.mentor == id ? $0.mentee : $0.mentor }
            let otherCarried = others.map { program.carried(cohort.index[$0]!, carriedFields) }
            let meetings = others.map { o -> String in
                guard let block = cohort.firstSharedBlock(k, cohort.index[o]!) else { return "with \(o): no shared weekly hour listed" }
                return "with \(o): \(cohort.localTime(utcQuarter: block.start, for: k))–\(cohort.localTime(utcQuarter: block.start + block.quarters, for: k).suffix(5)) your time"
            }
            rows.append([id.rawValue, role] + program.carried(k, carriedFields) + [others.map(\.rawValue).joined(separator: "; ")]
                        + fields.indices.map { f in otherCarried.map { $0[f] }.joined(separator: "; ") }
                        + [mine.map { a in
                               let plain = a.explanation.plainReasons(3)
                               return "with \(a.mentor == id ? a.mentee : a.mentor): " + (plain.isEmpty ? "no single reason stands out" : plain.joined(separator: "; "))
                           }.joined(separator: " | "),
                           meetings.joined(separator: "; "),
                           mine.isEmpty ? "left out: \(reasons[id] ?? "not matched")" : "matched"])
        }
        return csv(rows)
    }

    /// A mutual program's circles, one line per member:
    /// `circle,person_id,others,score,reasons` — the circle's number, the
    /// other members' ids (`; `-separated), the member's mean score with
    /// them, and per other member their pair's score and strongest reason.
    public static func circlesCSV(_ result: ProgramResult) -> String {
        let byRows = pairsByRows(result)
        return csv([["circle", "person_id", "others", "score", "reasons"]] + result.circles.flatMap { c in
            c.members.indices.map { k in
                [String(c.number), c.members[k].rawValue, c.members.indices.filter { $0 != k }.map { c.members[$0].rawValue }.joined(separator: "; "),
                 score(c.memberScores[k]), circleReasons(c, member: k, pairs: byRows).joined(separator: "; ")]
            }
        })
    }

    /// The assignments by their rows.
    static func pairsByRows(_ result: ProgramResult) -> [Pair: ProgramResult.Assignment] {
        Dictionary(uniqueKeysWithValues: result.assignments.map { (Pair(MentorIndex($0.mentorRow), MenteeIndex($0.menteeColumn)), $0) })
    }

    /// Member k's reasons in circle c: with each other member, the pair's score and its strongest reason.
    static func circleReasons(_ c: ProgramResult.Circle, member k: Int, pairs byRows: [Pair: ProgramResult.Assignment]) -> [String] {
        let i = c.rows[k]
        return c.rows.enumerated().filter { $0.offset != k }.compactMap { other, j in
            guard let a = byRows[Pair(MentorIndex(Swift.min(i, j)), MenteeIndex(Swift.max(i, j)))] else { return nil }
            return "with \(c.members[other].rawValue) (\(score(a.score))): \(a.explanation.topReasons(1).first ?? "no weighted criterion")"
        }
    }

    /// Every pair with its per-criterion contributions, the unmatched with
    /// their reasons, mentor loads, the solver, status, objective, bound and
    /// timings.
    public static func assignmentsJSON(_ result: ProgramResult, program: MentoringProgram) -> JSONText {
        let r = result.report
        // In one pool the two are peers: person and partner, not mentor and mentee.
        let sides = program.pool != nil ? ("person", "partner") : ("mentor", "mentee")
        let carriedFields = program.carriedFields
        let fields = carriedFields.map(\.label)
        func contact(_ id: PersonID) -> [(String, JSONText)] {
            guard !fields.isEmpty, let k = program.cohort.index[id] else { return [] }
            return zip(fields, program.carried(k, carriedFields)).map { ($0, .string($1)) }
        }
        // Pairs of mentees whose scores carried the exploration noise (matching.exploration) say so.
        let explored = Set(program.exploration?.mentees ?? [])
        let pairs = result.assignments.map { a -> JSONText in
            .object([
                (sides.0, .string(a.mentor.rawValue)), (sides.1, .string(a.mentee.rawValue)), ("score", num(a.score)),
            ] + (explored.isEmpty ? [] : [("explored", .bool(explored.contains(a.menteeColumn)))]) + (fields.isEmpty ? [] : [("\(sides.0)Contact", .object(contact(a.mentor))), ("\(sides.1)Contact", .object(contact(a.mentee)))]) + [
                ("contributions", .object(a.explanation.contributions.filter { $0.weight > 0 }.map { ($0.criterion, num($0.points)) })),
                ("values", .object(a.explanation.contributions.map { ($0.criterion, num($0.value)) })),
                ("reasons", .array(a.explanation.topReasons(3).map { .string($0) })),
                ("plainReasons", .array(a.explanation.plainReasons(3).map { .string($0) })),
            ])
        }
        let unmatched = result.unmatched.map { u -> JSONText in
            .object([("id", .string(u.id.rawValue)), ("side", .string(u.side)), ("category", .string(u.category)), ("reason", .string(u.reason))])
        }
        // Circles have no capacities: no loads.
        let loads = program.circles != nil ? [] : program.pairs.mentorIndices.enumerated().map { i, k -> JSONText in
            .object([("id", .string(program.cohort.profiles[k].id.rawValue)), ("load", .number(Double(result.mentorLoads[i]))),
                     ("capacity", .number(Double(program.rules.mentorLoad[i].max)))])
        }
        // Conditions per person need the dense problem; a streamed program's causes come from its solver.
        let conditions = r.matching != nil ? [] : program.denseProblem.map { FeasibilityCheck.failedConditions(of: $0, perPerson: true) } ?? []
        return .object(outcomeFields(r, mode: program.config.mode) + [
            ("seconds", .object([("build", num(r.timings.build)), ("solve", num(r.timings.solve))])),
            ("causes", .array(result.causes.map { .string($0) })),
            ("warnings", .array(result.warnings.map { .string($0) })),
            ("decisions", .array(program.decisions.map { .string($0) })),
            ("diagnostics", .array(r.diagnostics.map { .string(program.withIDs($0)) })),
            ("conditions", .array(conditions.map { .string(program.withIDs($0)) })),
            ("excluded", .array(result.exclusions.map { .object([("cause", .string($0.cause)), ("pairs", .number(Double($0.pairs)))]) })),
            ("mentors", .number(Double(program.mentorCount))),
            ("mentees", .number(Double(program.menteeCount))),
            ("pairs", .array(pairs)),
        ] + (program.circles == nil ? [] : [
            ("circles", .array(result.circles.map { [byRows = pairsByRows(result)] c in
                .object([
                    ("circle", .number(Double(c.number))), ("total", num(c.total)),
                    ("members", .array(c.members.indices.map { k in
                        .object([("id", .string(c.members[k].rawValue)), ("score", num(c.memberScores[k])),
                                 ("reasons", .array(circleReasons(c, member: k, pairs: byRows).map { .string($0) }))])
                    })),
                ])
            })),
        ]) + [
            ("unmatched", .array(unmatched)),
            ("mentorLoads", .array(loads)),
        ] + (r.matching == nil ? [] : [("audit", auditJSON(program.biasAudit(result)))])
          + (program.exploration.map { e in
                [("exploration", .object([
                    ("share", num(e.settings.share)), ("within", num(e.settings.within)), ("seed", .number(Double(e.settings.seed))),
                    ("maxLoss", num(e.maxLoss)),
                    ("mentees", .array(e.mentees.map { .string(program.cohort.profiles[program.pairs.menteeIndices[$0]].id.rawValue) })),
                ]))]
            } ?? []))
    }

    /// A ``/Programs/BiasAudit`` as JSON: the settings, the top-quartile cut,
    /// and per side and attribute the whole and each group.
    public static func auditJSON(_ audit: BiasAudit) -> JSONText {
        func group(_ g: BiasAudit.Group) -> JSONText {
            .object([
                ("value", .string(g.value)), ("people", .number(Double(g.people))), ("matched", .number(Double(g.matched))),
                ("matchRate", num(g.matchRate)), ("pairs", .number(Double(g.pairs))), ("meanScore", num(g.meanScore)),
                ("topQuartileShare", num(g.topQuartileShare)), ("flags", .array(g.flags.map { .string($0) })),
            ])
        }
        let s = audit.settings
        return .object([
            ("settings", .object([("matchRateGap", num(s.matchRateGap)), ("scoreGap", num(s.scoreGap)),
                                  ("topQuartileGap", num(s.topQuartileGap)), ("minimumGroup", .number(Double(s.minimumGroup)))])),
            ("topQuartileCut", num(audit.topQuartileCut)),
            ("flagged", .array(audit.flagged.map { .string($0) })),
            ("attributes", .array(audit.attributes.map { a in
                .object([("attribute", .string(a.name)), ("side", .string(a.side)), ("whole", group(a.whole)), ("groups", .array(a.groups.map(group)))])
            })),
        ])
    }

    /// A number rounded to 6 decimals (stable text), or null.
    static func num(_ x: Double?) -> JSONText { x.map { .number(($0 * 1e6).rounded() / 1e6) } ?? .null }

    /// A report's ``/MatchingCore/SolveStatistics`` as a JSON object: `route`,
    /// `proof` (`null` unless optimal), and for the candidate-pair path
    /// `pricingRounds`, `candidatePairs`, `allowedPairs` and each of the
    /// `rounds` (without its timings).
    public static func statisticsJSON(_ s: SolveStatistics) -> JSONText {
        var fields: [(String, JSONText)] = [
            ("route", s.route.map { .string($0.rawValue) } ?? .null),
            ("proof", s.proof.map { .string($0.rawValue) } ?? .null),
        ]
        if let r = s.pricingRounds { fields.append(("pricingRounds", .number(Double(r)))) }
        if let c = s.candidatePairs { fields.append(("candidatePairs", .number(Double(c)))) }
        if let a = s.allowedPairs { fields.append(("allowedPairs", .number(Double(a)))) }
        if !s.rounds.isEmpty { fields.append(("rounds", roundsJSON(s.rounds, timings: false))) }
        return .object(fields)
    }

    /// Each pricing round as a JSON object: `candidates`, `objective`,
    /// `bound` and `improvingPairs`, and with `timings` its `solveSeconds`,
    /// `pricingSeconds` and `nodesSettled` (the searches' work; left out of
    /// result files, which stay the same byte for byte from run to run and
    /// from version to version).
    public static func roundsJSON(_ rounds: [PricingRound], timings: Bool = true) -> JSONText {
        .array(rounds.map { x in
            var fields: [(String, JSONText)] = [
                ("candidates", .number(Double(x.candidates))), ("objective", num(x.objective)), ("bound", num(x.bound)),
                ("improvingPairs", .number(Double(x.improving))),
            ]
            if timings {
                fields.append(("solveSeconds", .number((x.solveSeconds * 1e3).rounded() / 1e3)))
                fields.append(("pricingSeconds", .number((x.pricingSeconds * 1e3).rounded() / 1e3)))
                fields.append(("nodesSettled", .number(Double(x.nodesSettled))))
            }
            return .object(fields)
        })
    }

    /// The fields every result file starts with: status, limit, detail,
    /// solver, mode, objective, bound and gap.
    static func outcomeFields(_ r: SolveReport, mode: MentoringMode) -> [(String, JSONText)] {
        [
            ("status", .string(r.termination.reason.rawValue)),
            ("limit", .string(r.termination.limit.rawValue)),
            ("detail", .string(r.termination.detail)),
            ("solver", .object([("name", .string(r.solver.name)), ("version", .string(r.solver.version))])),
            ("mode", .string(mode.rawValue)),
            ("objective", num(r.objective)),
            ("bound", num(r.bound)),
            ("gap", num(r.gap)),
            ("statistics", statisticsJSON(r.statistics)),
        ]
    }

    /// Writes the files into `directory` (created if needed) and returns
    /// their paths: `assignments.csv`, `assignments.json`, with a round
    /// `history.json` (what the next `rematch` reads) and, after round 1,
    /// `changes.csv`, then `report.html` (last), whose header states `run`
    /// (date, input files, version).
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/writeFailed`` naming the file.
    @discardableResult
    public static func write(_ result: ProgramResult, program: MentoringProgram, round: RoundFiles? = nil, extra: [(String, String)] = [],
                             run: ReportRun = ReportRun(), to directory: String) throws -> [String] {
        var json = assignmentsJSON(result, program: program)
        if let round, case .object(var fields) = json {
            fields.insert(("round", .number(Double(round.number))), at: 0)
            if round.number > 1 {
                fields.append(("changes", .array(round.changes.map { c in
                    .object([("mentor", .string(c.mentor.rawValue)), ("mentee", .string(c.mentee.rawValue)), ("change", .string(c.kind.rawValue)),
                             ("score", num(c.score)), ("reason", .string(c.reason))])
                })))
            }
            json = .object(fields)
        }
        // The texts are independent: made in parallel, kept in this order.
        let mutual = program.pool != nil
        var jobs: [(String, @Sendable () -> String)] = [
            ("assignments.csv", { program.circles != nil ? circlesCSV(result) : assignmentsCSV(result, program: program, mutual: mutual) }),
            ("assignments.json", { [json] in json.rendered() + "\n" }),
            // Whom to ask first: the weighted questions left blank.
            ("datagaps.csv", {
                csv([["person_id", "role", "missing", "weight_share", "max_change"]] + program.dataGaps().map { g in
                    [g.id.rawValue, g.role, g.missing.joined(separator: "; "), "\(Int((100 * g.weightShare).rounded())) %", score(g.maxChange)]
                })
            }),
        ]
        // The mail merge, for pair programs with a matching.
        if program.circles == nil && result.report.matching != nil {
            jobs.append(("mailmerge.csv", { mailMergeCSV(result, program: program) }))
            jobs.append(("review.csv", { assignmentsCSV(result, program: program, mutual: mutual, review: true) }))
        }
        if let round {
            jobs.append(("history.json", { RoundFiles.historyJSON(round.history) }))
            if round.number > 1 { jobs.append(("changes.csv", { RoundFiles.changesCSV(round.changes) })) }
        }
        jobs += extra.map { name, text in (name, { text }) }
        jobs.append(("report.html", { ReportPage.html(result, program: program, round: round, run: run) }))
        let makers = jobs.map(\.1)
        let files = Array(zip(jobs.map(\.0), concurrentValues(count: makers.count) { makers[$0]() }))
        let paths = try write(files, to: directory)
        // A round file this run does not write would describe an earlier run: removed.
        for stale in ["history.json", "changes.csv", "mailmerge.csv", "review.csv", "datagaps.csv"] where !files.contains(where: { $0.0 == stale }) {
            try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(stale))
        }
        return paths
    }

    /// Writes named texts into `directory` (created if needed); returns their paths.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/writeFailed`` naming the directory or file.
    public static func write(_ files: [(String, String)], to directory: String) throws -> [String] {
        try prepare(directory)
        var paths = [String]()
        for (name, text) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                throw MatchingError(.writeFailed, "\(path): cannot be written (\(error.localizedDescription))")
            }
            paths.append(path)
        }
        return paths
    }
}

extension ResultFiles {
    /// Creates `directory` (with its parents) if it is missing, and checks
    /// that files can be written in it: a long run checks its `--out` first,
    /// so that a wrong path is one line at once, not after the work.
    ///
    /// - Throws: `writeFailed` naming the directory: a file is in the way, a
    ///   parent cannot be created, or the directory is not writable.
    public static func prepare(_ directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            // The usual cause named: the path or one of its parents is a file.
            var prefix = directory
            while !prefix.isEmpty && prefix != "/" && prefix != "." {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: prefix, isDirectory: &isDirectory), !isDirectory.boolValue {
                    throw MatchingError(.writeFailed, "\(directory): cannot create the directory: \(prefix) is a file")
                }
                prefix = (prefix as NSString).deletingLastPathComponent
            }
            throw MatchingError(.writeFailed, "\(directory): cannot create the directory (\(error.localizedDescription))")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw MatchingError(.writeFailed, "\(directory): the directory is not writable")
        }
    }
}
