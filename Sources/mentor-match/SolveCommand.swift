import ArgumentParser
import Foundation
import Logging
import MentorMatch

/// `mentor-match solve`: the researchers' entry point.
struct SolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve a matching problem given as a problem file, a score matrix, or a generated benchmark instance.",
        discussion: """
            Prints one JSON object on standard output: status, objective, bound, gap, \
            (when huge negative "never" scores were solved as exact equivalents) \
            sentinelPairs and objectiveScale (original, or sentinelEquivalent when the \
            matching's original scores add up beyond a double), solver, seconds {build, solve}, pairs ([[mentor, mentee], …], 0-based), \
            unmatched (mentee indices), diagnostics (one line per cause) and, when the \
            problem is infeasible because people compete for too few partners, hallSets \
            (side, members, neighbours, demand, usable); when the score file names \
            people (a header row and/or an id column), also pairIds ([[mentor id, \
            mentee id], …] in the order of pairs, an index where a side has no ids) \
            and unmatchedIds, and diagnostics name the ids. Exits 0 when a matching is \
            returned, 1 when none is (infeasible, or none found within the limits), \
            2 on bad input files or problems, 64 on bad arguments, 69 when the solver \
            asked for cannot solve this problem (--solver hungarian on separations).

            Examples:
              mentor-match solve --problem Fixtures/problems/program.json
              mentor-match solve --scores scores.csv --mentor-load 1:3 --mentee-demand 0:1
              mentor-match solve --scores pandas-export.csv --nan-forbidden
              mentor-match solve --scores scores.csv --header yes --index-column no
              mentor-match solve --generate 200x1000 --family div --export-lp div.lp
            """
    )

    @Option(name: .long, help: "A JSON problem file (see the README for its keys).")
    var problem: String?

    @Option(name: .long, help: ArgumentHelp("A score matrix, rows = mentors: CSV or NumPy .npy. -inf marks a forbidden pair.", discussion: """
        CSV: comma, semicolon or tab separated (decimal commas with semicolons; with tabs too, but a lone 1,500 is an error), \
        UTF-8, UTF-16 or Windows-1252, any line ends, quoted cells, a trailing delimiter on every line; an optional header row \
        of mentee ids and first column of mentor ids, found as pandas' to_csv writes them (text, an empty first cell, whole-number \
        labels over decimal scores, 0, 1, … labels, row numbers, a first cell like mentor_id) or set with --header and \
        --index-column. How the file was read is a note on standard error. .npy: float16/32/64, (u)int8/16/32/64 or bool, \
        either byte order, C or Fortran order. +inf is an error; NaN (in CSV also an empty cell) is an error unless --nan-forbidden.
        """))
    var scores: String?

    @Option(name: .long, help: "With a CSV --scores: whether line 1 is a header of mentee ids: yes, no or auto (decided from the file and said in a note).")
    var header: String = "auto"

    @Option(name: .long, help: "With a CSV --scores: whether column 1 holds mentor ids: yes, no or auto (decided from the file and said in a note).")
    var indexColumn: String = "auto"

    @Flag(name: .long, help: "Read NaN cells of the score file (--scores, or the problem file's) as forbidden pairs instead of failing.")
    var nanForbidden = false

    @Option(name: .long, help: "Generate the benchmark matrix MxN of Benchmarks/generator/GENERATOR.md in memory, e.g. 200x1000.")
    var generate: String?

    @Option(name: .long, help: "The seed of --generate (default: the number of mentees, as the benchmark families use).")
    var seed: UInt64?

    @Option(name: .long, help: "With --generate: plain (the matrix with --mentor-load/--mentee-demand), lsa, cap, div, div-tu, div-sep or tight; or a pool of NxN people matched among themselves by the blossom solver: peer (uniform weights) or popularity (everyone wants the same few).")
    var family: String = "plain"

    @Option(name: .long, help: "With a pool family (peer, popularity): everyone's number of partners MIN:MAX (default 0:1; 1:2 makes circles of exchange partners, a b-matching).")
    var partners: String?

    @Option(name: .long, help: "Every mentor's load bounds MIN:MAX, with --scores or --generate plain (default 0:1).")
    var mentorLoad: String?

    @Option(name: .long, help: "Every mentee's demand bounds MIN:MAX, with --scores or --generate plain (default 0:1).")
    var menteeDemand: String?

    @Option(name: .long, help: "total or maxMin (overrides the problem file).")
    var objective: String?

    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "Write the integer program as CPLEX LP to this path.")
    var exportLp: String?

    @Option(name: .long, help: "Write the integer program as free MPS to this path.")
    var exportMps: String?

    @Flag(name: .long, help: "Only export (with --export-lp/--export-mps); do not solve.")
    var noSolve = false

    @Flag(name: .long, help: "Log the solver's progress to standard error.")
    var verbose = false

    @Flag(name: .long, help: "With --generate: stream the scores a block of rows at a time and solve exactly with candidate pairs and pricing (memory independent of mentors × mentees); a family whose rules candidate pricing cannot hold (lsa and cap: mentee minimums; div-sep and tight: separations) is refused, naming the rule. The JSON gains pricingRounds, allowedPairs and peakMemoryBytes.")
    var streamed = false

    @Option(name: .long, help: "With --streamed: candidate mentors kept per mentee before pricing.")
    var candidates: Int = 12

    @Option(name: .long, help: "Latecomers: solve without the last K mentees, then add them one at a time, each re-optimised from the last optimum (IncrementalMatching); prints the time of each addition, the final objective with its certificate, and a cold solve of the whole problem for comparison. Loads, demands with minimum 0, penalties, forbidden pairs; no attribute rules.")
    var latecomers: Int?

    @Option(name: .long, help: "json (one object, the default) or text (a summary for people).")
    var format: String = "json"

    func validate() throws {
        let sources = [problem != nil, scores != nil, generate != nil].filter { $0 }.count
        guard sources == 1 else {
            throw ValidationError("give exactly one of --problem, --scores or --generate")
        }
        if problem != nil, mentorLoad != nil || menteeDemand != nil {
            throw ValidationError("--mentor-load and --mentee-demand go with --scores or --generate, not --problem")
        }
        if generate != nil, family != "plain", mentorLoad != nil || menteeDemand != nil {
            throw ValidationError("--mentor-load and --mentee-demand go with --family plain; the \(family) family sets its own bounds")
        }
        if generate == nil, family != "plain" { throw ValidationError("--family goes with --generate") }
        if family != "plain", BenchmarkFamily(rawValue: family) == nil, PoolFamily(rawValue: family) == nil {
            let names = ["plain"] + BenchmarkFamily.allCases.map(\.rawValue) + PoolFamily.allCases.map(\.rawValue)
            throw ValidationError("--family must be one of \(names.joined(separator: ", ")); got '\(family)'")
        }
        if generate == nil, seed != nil { throw ValidationError("--seed goes with --generate") }
        if generate != nil, nanForbidden { throw ValidationError("--nan-forbidden goes with --scores or --problem") }
        _ = try scoreLayout()
        if let o = objective, Self.objective(o) == nil { throw ValidationError("--objective must be total or maxMin (any case), not '\(o)'") }
        if noSolve, exportLp == nil, exportMps == nil { throw ValidationError("--no-solve needs --export-lp or --export-mps") }
        guard ["json", "text"].contains(format) else { throw ValidationError("--format must be json or text, not '\(format)'") }
        if let l = mentorLoad { _ = try Self.range(l, "--mentor-load") }
        if let d = menteeDemand { _ = try Self.range(d, "--mentee-demand") }
        if let g = generate { _ = try Self.size(g, dense: !streamed) }
        if let k = latecomers {
            guard k >= 1 else { throw ValidationError("--latecomers must be at least 1") }
            guard !streamed, exportLp == nil, exportMps == nil else { throw ValidationError("--latecomers goes with a dense problem, not --streamed or model exports") }
        }
        if streamed {
            guard generate != nil else { throw ValidationError("--streamed goes with --generate") }
            guard exportLp == nil, exportMps == nil, objective == nil else {
                throw ValidationError("--streamed does not export models or take --objective (it maximises the total)")
            }
            guard candidates >= 1 else { throw ValidationError("--candidates must be at least 1") }
        }
    }

    /// `--objective`'s value in any case: `total`, `maxMin` (`maxmin`, `MAXMIN`…).
    static func objective(_ text: String) -> Objective? {
        Objective.allCases.first { $0.rawValue.lowercased() == text.lowercased() }
    }

    /// `--header` and `--index-column`, which go with a CSV `--scores` only.
    func scoreLayout() throws -> ScoreCSVLayout {
        guard let h = ScoreCSVLayout.Choice(rawValue: header) else { throw ValidationError("--header must be yes, no or auto, not '\(header)'") }
        guard let i = ScoreCSVLayout.Choice(rawValue: indexColumn) else {
            throw ValidationError("--index-column must be yes, no or auto, not '\(indexColumn)'")
        }
        if h != .auto || i != .auto {
            guard let scores, !scores.lowercased().hasSuffix(".npy") else {
                throw ValidationError("--header and --index-column go with a CSV --scores file")
            }
        }
        return ScoreCSVLayout(header: h, indexColumn: i)
    }

    static func range(_ text: String, _ option: String) throws -> CountRange {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]) else {
            throw ValidationError("\(option) takes MIN:MAX with whole numbers, e.g. 1:3; got '\(text)'")
        }
        return CountRange(min: lo, max: hi)
    }

    static func size(_ text: String, dense: Bool = true) throws -> (Int, Int) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let m = Int(parts[0]), let n = Int(parts[1]), m > 0, n > 0, m <= 1_000_000, n <= 1_000_000 else {
            throw ValidationError("--generate takes MxN with positive sizes, e.g. 200x1000; got '\(text)'")
        }
        // A dense matrix of 8-byte scores: refuse sizes that cannot fit in memory
        // instead of letting the allocation end the process.
        let cells = m * n, limit = 1_500_000_000
        guard cells <= limit || !dense else {
            throw ValidationError("--generate \(m)x\(n) needs \(cells) scores (\(cells / 134_217_728) GiB as a dense matrix); at most \(limit) are supported")
        }
        return (m, n)
    }

    /// The problem to solve and the ids its score file gives (empty for
    /// inline scores and generated instances).
    func loadProblem() throws -> (problem: MatchingProblem, ids: ScoreIDs) {
        var result: MatchingProblem
        var ids = ScoreIDs()
        if let problem {
            let read = try ProblemFile.readWithWarnings(path: problem, nanForbidden: nanForbidden)
            (result, ids) = (read.problem, read.ids)
            for w in read.warnings { printError("warning: \(w)") }
        } else if let scores {
            let table = try ScoreFiles.read(path: scores, nanForbidden: nanForbidden, layout: scoreLayout())
            for n in table.notes { printError("note: \(n)") }
            ids = table.ids
            result = table.problem(
                mentorLoad: try mentorLoad.map { try Self.range($0, "--mentor-load") } ?? CountRange(min: 0, max: 1),
                menteeDemand: try menteeDemand.map { try Self.range($0, "--mentee-demand") } ?? CountRange(min: 0, max: 1))
        } else {
            let (m, n) = try Self.size(generate!)
            if family == "plain" {
                result = MatchingProblem(
                    scores: SplitMix64.scoreMatrix(mentors: m, mentees: n, seed: seed ?? UInt64(n)),
                    mentorLoad: try mentorLoad.map { try Self.range($0, "--mentor-load") } ?? CountRange(min: 0, max: 1),
                    menteeDemand: try menteeDemand.map { try Self.range($0, "--mentee-demand") } ?? CountRange(min: 0, max: 1))
            } else {
                guard let f = BenchmarkFamily(rawValue: family) else {
                    throw MatchingError(.invalidProblem, "--family must be plain, \(BenchmarkFamily.allCases.map(\.rawValue).joined(separator: ", ")); got '\(family)'")
                }
                result = f.problem(mentors: m, mentees: n, seed: seed)
            }
        }
        if let objective, let o = Self.objective(objective) { result.objective = o }
        do { try result.validate() } catch let e as MatchingError {
            throw MatchingError(e.code, ids.annotate(e.message))
        }
        return (result, ids)
    }

    /// `--streamed`: the family's problem with its scores streamed.
    func loadStreamedProblem() throws -> StreamedMatchingProblem {
        let (m, n) = try Self.size(generate!, dense: false)
        if family == "plain" {
            let problem = StreamedMatchingProblem(
                source: BenchmarkScoreSource(family: .lsa, mentors: m, mentees: n, seed: seed),
                mentorLoad: Array(repeating: try mentorLoad.map { try Self.range($0, "--mentor-load") } ?? CountRange(min: 0, max: 1), count: m),
                menteeDemand: Array(repeating: try menteeDemand.map { try Self.range($0, "--mentee-demand") } ?? CountRange(min: 0, max: 1), count: n),
                unmatchedPenalty: Array(repeating: 0, count: n))
            try problem.validate()
            return problem
        }
        guard let f = BenchmarkFamily(rawValue: family) else {
            throw MatchingError(.invalidProblem, "--family must be plain, \(BenchmarkFamily.allCases.map(\.rawValue).joined(separator: ", ")); got '\(family)'")
        }
        return try f.streamedProblem(mentors: m, mentees: n, seed: seed)
    }

    func run() async throws {
        if let (pool, ids) = try loadPool() {
            do {
                if let exportLp { try GLPKSolver.export(pool, to: exportLp, format: .lp) }
                if let exportMps { try GLPKSolver.export(pool, to: exportMps, format: .mps) }
            } catch let e as MatchingError {
                printError("mentor-match: \(e.message)")
                throw ExitCode(Exit.code(for: e))
            }
            if noSolve { return }
            return try await runPool(pool, ids: ids)
        }
        // One path for both problem kinds: they differ in their score source only.
        var dense: MatchingProblem?, streamedProblem: StreamedMatchingProblem?
        var ids = ScoreIDs()
        do {
            if streamed {
                streamedProblem = try loadStreamedProblem()
            } else {
                let (problem, read) = try loadProblem()
                (dense, ids) = (problem, read)
                if let exportLp { try GLPKSolver.export(problem, to: exportLp, format: .lp) }
                if let exportMps { try GLPKSolver.export(problem, to: exportMps, format: .mps) }
            }
        } catch let e as MatchingError {
            // The one table: a rule the streamed path cannot hold is 69, bad input 2.
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        if noSolve { return }
        if let latecomers {
            guard let dense else { throw ValidationError("--latecomers needs a dense problem (not --streamed)") }
            return try await runLatecomers(dense, count: latecomers)
        }
        var logger = Logger(label: "mentor-match") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        var options = solverOptions.solveOptions()
        if verbose {
            options.logger = logger
            options.progress = { (p: SolveProgress) in
                let incumbent = p.incumbent.map { String($0) } ?? "-"
                let bound = p.bound.map { String($0) } ?? "-"
                printError("progress: \(p.stage) incumbent=\(incumbent) bound=\(bound) t=\(String(format: "%.2f", p.elapsed))s")
            }
        }
        let solver = solverOptions.makeSolver(pricing: CandidatePricingSolver(candidatesPerMentee: candidates))
        let report: SolveReport
        let rules: MatchingRules, mentors: Int, mentees: Int
        do {
            if let dense {
                (rules, mentors, mentees) = (dense.rules, dense.mentorCount, dense.menteeCount)
                report = try await solver.solve(dense, options: options)
            } else {
                let p = streamedProblem!
                (rules, mentors, mentees) = (p.rules, p.mentorCount, p.menteeCount)
                report = try await solver.solve(p, options: options)
            }
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        if format == "text" {
            var text = Self.text(report, mentees: mentees, mentors: mentors, ids: ids)
            for (k, x) in report.statistics.rounds.enumerated() {
                text += "\nround \(k + 1):    \(x.candidates) candidate pairs, \(x.improving) improving; solve \(String(format: "%.2f", x.solveSeconds)) s, pricing \(String(format: "%.2f", x.pricingSeconds)) s"
            }
            print(text)
        } else {
            var json = Self.json(report, menteeCount: mentees, maxMin: rules.objective == .maxMin, ids: ids)
            if streamed, case .object(var fields) = json {
                fields.append(("pricingRounds", ResultFiles.roundsJSON(report.statistics.rounds)))
                fields.append(("allowedPairs", .number(Double(report.statistics.allowedPairs ?? 0))))
                fields.append(("peakMemoryBytes", .number(Double(peakResidentBytes()))))
                json = .object(fields)
            }
            print(json.rendered())
        }
        if report.matching == nil {
            printError("mentor-match: no matching: \(report.termination)")
            for d in report.diagnostics { printError("  \(ids.annotate(d))") }
            throw ExitCode(Exit.noMatching)
        }
    }

    /// A short summary for people; people are named by their ids where `ids` has them.
    static func text(_ r: SolveReport, mentees: Int, mentors: Int, ids: ScoreIDs = ScoreIDs()) -> String {
        func number(_ x: Double?) -> String {
            guard let x else { return "—" }
            return x.rounded() == x && abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.6g", x)
        }
        var lines = [
            "status:     \(r.termination)",
            "solver:     \(r.solver)",
            "objective:  \(number(r.objective))   bound: \(number(r.bound))   gap: \(r.gap.map { String(format: "%.4g%%", $0 * 100) } ?? "—")"
                + (r.objectiveScale == .sentinelEquivalent ? "   (on the sentinel-equivalent scale; see the notes)" : ""),
        ]
        if let k = r.sentinelPairs { lines.append("sentinel pairs: \(k) of the matching score a huge negative \"never\" value") }
        if let w = r.worstOutcome { lines.append("worst outcome: \(number(w))") }
        lines.append("time:       build \(String(format: "%.3f", r.timings.build)) s, solve \(String(format: "%.3f", r.timings.solve)) s")
        if let m = r.matching {
            let unmatched = m.unmatchedMentees(menteeCount: mentees).map { ids.mentee($0.rawValue)?.rawValue ?? String($0.rawValue) }
            lines.append("pairs:      \(m.count) for \(mentors) mentors and \(mentees) mentees; unmatched mentees: \(unmatched.isEmpty ? "none" : unmatched.prefix(20).joined(separator: ", ") + (unmatched.count > 20 ? ", …" : ""))")
            var byMentor = [Int: [Int]]()
            for p in m.pairs { byMentor[p.mentor.rawValue, default: []].append(p.mentee.rawValue) }
            for (i, js) in byMentor.sorted(by: { $0.key < $1.key }).prefix(12) {
                let mentor = ids.mentor(i).map { "'\($0.rawValue)'" } ?? String(i)
                let mentees = js.map { j in ids.mentee(j).map { "'\($0.rawValue)'" } ?? String(j) }
                lines.append("  mentor \(mentor) ← mentees \(mentees.joined(separator: ", "))")
            }
            if byMentor.count > 12 { lines.append("  … \(byMentor.count - 12) more mentors (use --format json for every pair)") }
        }
        for d in r.diagnostics { lines.append("note:       \(ids.annotate(d))") }
        return lines.joined(separator: "\n")
    }

    /// The JSON object; with ids, `pairIds` and `unmatchedIds` follow `pairs`
    /// and `unmatched` (an id where the file names that side, else the index),
    /// and diagnostics name the ids.
    static func json(_ r: SolveReport, menteeCount: Int, maxMin: Bool, ids: ScoreIDs = ScoreIDs()) -> JSONText {
        let status = r.termination.reason.rawValue
        func num(_ x: Double?) -> JSONText { x.map { .number($0) } ?? .null }
        var fields: [(String, JSONText)] = [
            ("status", .string(status)),
            ("limit", .string(r.termination.limit.rawValue)),
            ("detail", .string(r.termination.detail)),
            ("objective", num(r.objective)),
            ("bound", num(r.bound)),
            ("gap", num(r.gap)),
        ]
        if maxMin { fields.append(("worstOutcome", num(r.worstOutcome))) }
        if let k = r.sentinelPairs {
            // The pairs scoring a huge negative "never" value, and the scale objective and bound are on.
            fields.append(("sentinelPairs", .number(Double(k))))
            fields.append(("objectiveScale", .string(r.objectiveScale.rawValue)))
        }
        fields += [
            ("solver", .object([("name", .string(r.solver.name)), ("version", .string(r.solver.version))])),
            ("seconds", .object([("build", .number((r.timings.build * 1e4).rounded() / 1e4)),
                                 ("solve", .number((r.timings.solve * 1e4).rounded() / 1e4))])),
            ("pairs", .array((r.matching?.pairs ?? []).map { .array([.number(Double($0.mentor.rawValue)), .number(Double($0.mentee.rawValue))]) })),
            ("unmatched", .array((r.matching?.unmatchedMentees(menteeCount: menteeCount) ?? []).map { .number(Double($0.rawValue)) })),
        ]
        if !ids.isEmpty {
            func mentor(_ i: Int) -> JSONText { ids.mentor(i).map { .string($0.rawValue) } ?? .number(Double(i)) }
            func mentee(_ j: Int) -> JSONText { ids.mentee(j).map { .string($0.rawValue) } ?? .number(Double(j)) }
            fields.append(("pairIds", .array((r.matching?.pairs ?? []).map { .array([mentor($0.mentor.rawValue), mentee($0.mentee.rawValue)]) })))
            fields.append(("unmatchedIds", .array((r.matching?.unmatchedMentees(menteeCount: menteeCount) ?? []).map { mentee($0.rawValue) })))
        }
        fields.append(("statistics", ResultFiles.statisticsJSON(r.statistics)))
        fields.append(("diagnostics", .array(r.diagnostics.map { .string(ids.annotate($0)) })))
        if !r.hallViolations.isEmpty {
            // The per-person lists behind the one-line diagnostics.
            fields.append(("hallSets", .array(r.hallViolations.map { v in
                .object([("side", .string(v.side.rawValue)),
                         ("members", .array(v.members.map { .number(Double($0)) })),
                         ("neighbours", .array(v.neighbours.map { .number(Double($0)) })),
                         ("demand", .number(Double(v.demand))), ("usable", .number(Double(v.usable)))])
            })))
        }
        return .object(fields)
    }
}

/// This process's peak resident memory so far, in bytes: `VmHWM` from
/// `/proc/self/status` on Linux (the high-water mark of this program's own
/// memory — `getrusage` would also count the parent's before `exec`), else
/// `getrusage` (kilobytes on Linux, bytes on macOS).
func peakResidentBytes() -> Int {
    if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
       let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
       let kb = Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "") {
        return kb * 1024
    }
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
    #if os(Linux)
    return Int(usage.ru_maxrss) * 1024
    #else
    return Int(usage.ru_maxrss)
    #endif
}
