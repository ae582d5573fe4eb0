import MatchingCore
import ArgumentParser
import Foundation
import MentorMatch
import Synchronization

/// Where the participants and the program config come from.
struct ProgramInputs: ParsableArguments {
    @Option(name: .long, help: "Participants: a survey or HR export — CSV, semicolon- or tab-separated text in any common encoding, or an Excel workbook (.xlsx) — or JSON (an array of profiles).")
    var participants: String

    @Option(name: .long, help: "Program config: YAML or JSON (mode, weights, rules, solver). Defaults apply without one.")
    var config: String?

    @Option(name: .long, help: "With an .xlsx workbook: the sheet to read (default: the first).")
    var sheet: String?

    @Option(name: .long, help: "Pairs locked for this run: a CSV (mentor_id, mentee_id), added to the config's matching.fixed; each is checked against the filters and capacities. May be given more than once.")
    var lock: [String] = []

    @Option(name: .long, help: "People left out of this run: a file with an id column (they stay in the files, reported as not eligible). May be given more than once.")
    var exclude: [String] = []

    @Option(name: .long, help: "Per-person changes for this run without editing the survey: a CSV with id and capacity (a whole number) and/or active (yes/no). May be given more than once; a person changed in two files is an error.")
    var overrides: [String] = []

    @Option(name: .long, help: "Criterion weights (0–10) for this run over the config's, e.g. skillGap=8,availability=6.")
    var weights: String?

    @Option(name: .long, help: "A matching committee's review: the review.csv of an earlier run with its decision column filled in — accept (the pair is locked), reject (the pair is forbidden), or blank. May be given more than once (earlier rounds' reviews); a pair decided differently in two files is an error.")
    var review: [String] = []

    /// Warnings for review rows whose score differs from today's score of
    /// the pair by more than the file's rounding (a review of another
    /// program, cohort or weights), one line each, at most five per file
    /// and a count of the rest.
    func reviewMismatches(_ program: MentoringProgram) -> [String] {
        guard let matrices = program.matrices else { return [] }
        let x = matrices, cohort = program.cohort
        let row = Dictionary(uniqueKeysWithValues: x.mentorIndices.enumerated().map { (cohort.profiles[$1].id, $0) })
        let column = Dictionary(uniqueKeysWithValues: x.menteeIndices.enumerated().map { (cohort.profiles[$1].id, $0) })
        var out = [String]()
        for path in review {
            // A file that cannot be read was reported when its decisions were read.
            let read: [(mentor: PersonID, mentee: PersonID, score: Double, line: Int)]?
            do { read = try DecisionFiles.reviewScores(path: path) } catch { continue }
            guard let rows = read, !rows.isEmpty else {
                out.append("\(path): no pair has a score (the score column of the review.csv `match` writes), so whether this review is of this program, cohort and weights cannot be checked")
                continue
            }
            var lines = [String]()
            for r in rows {
                guard let i = row[r.mentor], let j = column[r.mentee] else { continue }
                let now = x.total[i, j]
                if abs(now - r.score) > 0.051 {
                    lines.append("\(path): line \(r.line): \(r.mentor)–\(r.mentee) scores \(String(format: "%.1f", now)) in this program but \(String(format: "%.1f", r.score)) in the review: is it a review of another program, cohort or weights?")
                }
            }
            out += lines.prefix(5)
            if lines.count > 5 { out.append("\(path): \(lines.count - 5) more pair(s) score differently from the review") }
        }
        return out
    }

    /// How to read the participants under `config`.
    /// The input files by name, for the report's header (never their contents).
    var files: [ReportRun.Input] {
        [ReportRun.Input("participants", path: participants)] + [("config", config)].compactMap { role, path in path.map { ReportRun.Input(role, path: $0) } }
            + lock.map { ReportRun.Input("locked pairs", path: $0) } + exclude.map { ReportRun.Input("excluded", path: $0) }
            + overrides.map { ReportRun.Input("overrides", path: $0) } + review.map { ReportRun.Input("review", path: $0) }
    }

    func readingOptions(_ config: ProgramConfig) -> ParticipantFile.Options {
        ParticipantFile.Options(config.compatibility, ruleAttributes: config.matching.rules.map(\.attribute) + (config.matching.circles?.maxPerGroup.keys.sorted() ?? [])
                                + (config.carry ?? MentoringProgram.contactColumns.flatMap(\.spellings)), sheet: sheet)
    }

    func loadConfig() throws -> ProgramConfig {
        guard let config else { return ProgramConfig() }
        return try ConfigFile.read(ProgramConfig.self, path: config)
    }

    /// The program, or an error already printed and turned into an exit code.
    func loadProgram(precision: CriterionPrecision = .single, plan: ScoringPlan = ScoringPlan(), progress: Bool) throws -> MentoringProgram {
        let (people, config) = try loadPeople(progress: progress)
        return try buildProgram(people, config, precision: precision, plan: plan, progress: progress)
    }

    /// The participants and the config, or an error already printed and turned into an exit code.
    /// The participants and the config with this run's decisions applied
    /// (``applyDecisions(_:_:)``), each decision echoed on standard error
    /// with `progress`.
    func loadPeople(progress: Bool) throws -> ([Profile], ProgramConfig) {
        let (people, config, _) = try loadPeopleAndDecisions(progress: progress)
        return (people, config)
    }

    /// As ``loadPeople(progress:)``, with the decisions' lines for the report.
    func loadPeopleAndDecisions(progress: Bool) throws -> ([Profile], ProgramConfig, [String]) {
        try exitOnError {
            var config = try loadConfig()
            if progress { printError("reading \(participants)…") }
            let reading = try ParticipantFile.readWithNotes(path: participants, options: readingOptions(config))
            if progress { for n in reading.notes { printError("note: \(n)") } }
            var people = reading.profiles
            let decisions = try applyDecisions(&people, &config)
            if progress { for d in decisions { printError("decision: \(d)") } }
            return (people, config, decisions)
        }
    }

    /// Applies `--exclude`, `--overrides`, `--lock` and `--weights` to the
    /// people and the config; one line per decision (what changed, for whom).
    ///
    /// - Throws: `invalidFile` naming the file and line of an id that is not
    ///   a participant (with a did-you-mean) or of a malformed row;
    ///   `invalidConfig` for a weight that is not `name=0…10` of a known criterion.
    func applyDecisions(_ people: inout [Profile], _ config: inout ProgramConfig) throws -> [String] {
        var lines = [String]()
        let index = Dictionary(people.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let ids = people.map(\.id.rawValue)
        func position(_ id: PersonID, _ file: String, _ line: Int) throws -> Int {
            guard let k = index[id] else {
                let hint = FieldNames.closest(to: id.rawValue, among: ids, maxDistance: FieldNames.suggestionDistance(id.rawValue)).map { "; did you mean '\($0)'?" } ?? ""
                throw MatchingError(.invalidFile, "\(file): line \(line): '\(id)' is not a participant\(hint)")
            }
            return k
        }
        for exclude in exclude {
            let rows = try DecisionFiles.excluded(path: exclude)
            var seen = [PersonID: Int]()
            for r in rows {
                if let earlier = seen[r.id] { throw MatchingError(.invalidFile, "\(exclude): line \(r.line): \(r.id) is already on line \(earlier)") }
                seen[r.id] = r.line
                people[try position(r.id, exclude, r.line)].eligible = false
            }
            lines.append("\(rows.count) people left out of this run (--exclude \(exclude)): \(rows.prefix(8).map(\.id.rawValue).joined(separator: ", "))\(rows.count > 8 ? ", …" : "")")
        }
        var overridden = [PersonID: String]()
        for overrides in overrides {
            let rows = try DecisionFiles.overrides(path: overrides)
            var seen = [PersonID: Int]()
            for o in rows {
                if let earlier = seen[o.id] { throw MatchingError(.invalidFile, "\(overrides): line \(o.line): \(o.id) is already on line \(earlier): one row per person") }
                if let other = overridden[o.id] { throw MatchingError(.invalidFile, "\(overrides): line \(o.line): \(o.id) is also changed by \(other): one change per person") }
                seen[o.id] = o.line
                overridden[o.id] = "\(overrides): line \(o.line)"
                let k = try position(o.id, overrides, o.line)
                if let c = o.capacity { people[k].capacity = c }
                if let a = o.active { people[k].eligible = a }
            }
            // A mentee's capacity is the most mentors they take (their demand); said in those words.
            let words = rows.prefix(8).map { o in
                let capacity = o.capacity.map { c in index[o.id].map { people[$0].role == .mentee && config.mode != .mutual } == true ? " up to \(c) mentor(s)" : " capacity \(c)" }
                return "\(o.id)" + (capacity ?? "") + (o.active.map { $0 ? " active" : " inactive" } ?? "")
            }
            lines.append("\(rows.count) per-person change(s) (--overrides \(overrides)): \(words.joined(separator: "; "))\(rows.count > 8 ? "; …" : "")")
        }
        for lock in lock {
            let rows = try DecisionFiles.lockedPairs(path: lock)
            for r in rows {
                _ = try position(r.mentor, lock, r.line)
                _ = try position(r.mentee, lock, r.line)
            }
            config.matching.fixed += rows.map { LockedPair(mentor: $0.mentor, mentee: $0.mentee, source: "\(lock): line \($0.line)") }
            lines.append("\(rows.count) pair(s) locked (--lock \(lock)): \(rows.prefix(8).map { "\($0.mentor)–\($0.mentee)" }.joined(separator: ", "))\(rows.count > 8 ? ", …" : "")")
        }
        if lock.isEmpty && !config.matching.fixed.isEmpty {
            lines.append("\(config.matching.fixed.count) pair(s) locked (matching.fixed)")
        }
        var verdicts = [String: (DecisionFiles.Verdict, String)](), lockedByReview = Set<String>(), rejectedByReview = Set<String>()
        for review in review {
            let rows = try DecisionFiles.review(path: review)
            for r in rows {
                let key = "\(r.mentor)\u{0}\(r.mentee)"
                if let (earlier, place) = verdicts[key], earlier != r.verdict {
                    throw MatchingError(.invalidFile, "\(review): line \(r.line): \(r.mentor)–\(r.mentee) is \(r.verdict == .accept ? "accepted" : "rejected") here but \(earlier == .accept ? "accepted" : "rejected") in \(place)")
                }
                verdicts[key] = (r.verdict, "\(review): line \(r.line)")
            }
            for r in rows {
                _ = try position(r.mentor, review, r.line)
                _ = try position(r.mentee, review, r.line)
            }
            // A pair accepted in an earlier review is locked once.
            let accepted = rows.filter { $0.verdict == .accept && lockedByReview.insert("\($0.mentor)\u{0}\($0.mentee)").inserted }
            let rejected = rows.filter { $0.verdict == .reject && rejectedByReview.insert("\($0.mentor)\u{0}\($0.mentee)").inserted }
            config.matching.fixed += accepted.map { LockedPair(mentor: $0.mentor, mentee: $0.mentee, source: "\(review): line \($0.line) (accepted)") }
            config.matching.rejected += rejected.map { LockedPair(mentor: $0.mentor, mentee: $0.mentee, source: "\(review): line \($0.line) (rejected)") }
            func list(_ rows: [(mentor: PersonID, mentee: PersonID, verdict: DecisionFiles.Verdict, line: Int)]) -> String {
                rows.prefix(8).map { "\($0.mentor)–\($0.mentee)" }.joined(separator: ", ") + (rows.count > 8 ? ", …" : "")
            }
            lines.append("review \(review): \(accepted.count) pair(s) accepted and locked\(accepted.isEmpty ? "" : " (\(list(accepted)))"), \(rejected.count) rejected and forbidden\(rejected.isEmpty ? "" : " (\(list(rejected)))")")
        }
        if let weights {
            let known = Criterion.allCases.map(\.rawValue)
            var changed = [String](), named = Set<String>()
            guard weights.contains(where: { !$0.isWhitespace && $0 != "," }) else { throw MatchingError(.invalidConfig, "--weights is empty: give name=weight pairs, e.g. skillGap=8,availability=6") }
            for item in weights.split(separator: ",").map({ $0.trimmed() }) where !item.isEmpty {
                let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmed() }
                guard parts.count == 2, let w = Double(parts[1]), w.isFinite, (0...10).contains(w) else {
                    throw MatchingError(.invalidConfig, "--weights: '\(item)' is not name=weight with a weight from 0 to 10")
                }
                guard let name = known.first(where: { FieldNames.normalized($0) == FieldNames.normalized(parts[0]) }) else {
                    let hint = FieldNames.closest(to: parts[0], among: known, maxDistance: FieldNames.suggestionDistance(parts[0])).map { "; did you mean '\($0)'?" } ?? ""
                    throw MatchingError(.invalidConfig, "--weights: '\(parts[0])' is not a criterion (\(known.joined(separator: ", ")))\(hint)")
                }
                guard named.insert(name).inserted else { throw MatchingError(.invalidConfig, "--weights names \(name) twice: give it once") }
                let before = config.compatibility.weight(Criterion(rawValue: name)!)
                config.compatibility.weights[name] = w
                changed.append("\(name) \(String(format: "%g", before)) → \(String(format: "%g", w))")
            }
            lines.append("weights for this run (--weights): \(changed.joined(separator: ", "))")
        }
        return lines
    }

    /// The program from loaded participants, its scores dense or streamed as `plan` decides.
    func buildProgram(_ people: [Profile], _ config: ProgramConfig, precision: CriterionPrecision, plan: ScoringPlan = ScoringPlan(),
                      progress: Bool) throws -> MentoringProgram {
        try exitOnError {
            let program = try MentoringProgram(profiles: people, config: config, precision: precision, plan: plan)
            if progress {
                if let note = program.scoringNote { printError("note: \(note)") }
                let n = program.mentorCount
                printError(program.isStreamed
                    ? "streaming \(n) mentors × \(program.menteeCount) mentees (scored a block at a time, candidate pairs, then pricing every pair)…"
                    : program.pool != nil
                        ? "scored \(n) people (\(n * (n - 1) / 2) pairs) on \(Criterion.allCases.count) criteria"
                        : "scored \(n) mentors × \(program.menteeCount) mentees on \(Criterion.allCases.count) criteria")
            }
            return program
        }
    }

    /// One note per setting of `config` that matching within one pool does
    /// not use (mutual mode, or circles; none otherwise): a setting left at
    /// its default says nothing.
    static func unusedInOnePool(_ config: ProgramConfig) -> [String] {
        let demand = config.matching.menteeDemand, defaultDemand = ProgramConfig().matching.menteeDemand
        if config.matching.circles != nil {
            let unused = [("matching.minimumLoad", config.matching.minimumLoad != 0), ("matching.unmatchedPenalty", config.matching.unmatchedPenalty != 0),
                          ("matching.menteeDemand", config.circlesOfMentees && demand != defaultDemand)].filter(\.1).map(\.0)
            return unused.isEmpty ? [] : ["\(unused.joined(separator: " and ")) \(unused.count == 1 ? "is" : "are") not used with circles: everyone eligible joins exactly one circle, whatever their capacity"]
        }
        guard config.mode == .mutual, demand != defaultDemand else { return [] }
        return ["matching.menteeDemand (\(demand)) is not used in mutual mode: each person takes between matching.minimumLoad (now \(config.matching.minimumLoad)) and their capacity partners"]
    }

    /// `body`'s value; a ``MatchingError`` is printed and becomes exit 69 (unsupported) or 2.
    func exitOnError<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
    }
}

/// `mentor-match match`: participants and a config in, pairs with reasons and a report out.
struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match a program's participants and write assignments.csv, assignments.json and report.html.",
        discussion: """
            Reads the participants (CSV, semicolon- or tab-separated text, .xlsx or JSON) and the program config (YAML or JSON), scores every \
            pair, solves, and writes into --out: assignments.csv (mentor_id,mentee_id,score,reasons; in mutual \
            mode person_id,partner_id,score,reasons, or with matching.circles circle,person_id,others,score,reasons), \
            assignments.json (pairs with per-criterion contributions, the unmatched with reasons, solver, \
            status, objective, bound, timings) and report.html (one self-contained page with charts). \
            Prints a summary; progress goes to standard error. Exit codes: 0 a matching was written, \
            1 no matching (infeasible or stopped; the files still say why), 2 bad input, \
            64 bad arguments (--streamed in mutual mode or with circles), 69 the solver asked for cannot solve this \
            program. With matching.circles in traditional or reverse mode, the mentees are grouped as peers \
            (mentors are not placed). In mutual mode and with circles, settings they do not use are named in a \
            note on standard error.
            """)

    @OptionGroup var inputs: ProgramInputs

    @Option(name: .long, help: "The directory to write into (created if needed).")
    var out: String

    @OptionGroup var solverOptions: SolverOptions

    @Option(name: .long, help: "single (default) or byte: how the per-criterion matrices are stored (byte uses a quarter of the memory).")
    var precision: String = "single"

    @Flag(name: .long, help: "Score pairs a block at a time and solve exactly with candidate pairs and pricing: memory independent of mentors × mentees (capacities, minimum loads, penalties, a leading maxPerMentor rule and quota rules on one mentee attribute; other settings are refused by name; writes the same files as the dense path, report.html included). Chosen automatically when the dense path would pass --memory-budget. Not in mutual mode (exit 64): a pool is scored densely.")
    var streamed = false

    @Option(name: .long, help: "Streamed path: candidate mentors kept per mentee before pricing.")
    var candidates: Int = 12

    @Option(name: .long, help: "GB the dense path may take; above it the streamed path is chosen.")
    var memoryBudget: Double = 6

    @Flag(name: .long, help: "When there is no matching, also list every person behind each cause.")
    var verbose = false

    @Flag(name: .long, help: "Also write sensitivity.json: for each weighted criterion, how many pairs change when its weight is 10 % lower or higher (each variant solved exactly) and the range of its weight within which the matching stays optimal, and for a network program each pair's lowest score at which the matching stays optimal (one re-solve per pair). These re-solves come after the run, each with the whole time limit of its own.")
    var sensitivity = false

    @Option(name: .long, help: "Also write the program for research tools into this directory: scores.npy (mentors × mentees, -inf on excluded pairs), criteria/<name>.npy and criteria.json, the ids (mentor_ids.csv, mentee_ids.csv; a pool: person_ids.csv), problem.json (for solve --problem) and the integer program as model.lp and model.mps. Dense programs.")
    var export: String?

    @Option(name: .long, help: "Also write shortlist.csv: each mentee's K best allowed mentors who still have room in the optimal matching (suggested matches for self-select programs), with reasons and the score gap to the mentor assigned. Mentor–mentee programs with dense scores.")
    var shortlist: Int?

    func validate() throws {
        if let k = shortlist {
            guard k >= 1 else { throw ValidationError("--shortlist must be at least 1") }
            guard !streamed else { throw ValidationError("--shortlist needs dense scores, not --streamed") }
        }
        guard candidates >= 1 else { throw ValidationError("--candidates must be at least 1") }
        guard memoryBudget.isFinite, memoryBudget > 0 else { throw ValidationError("--memory-budget must be a positive number of GB") }
        guard CriterionPrecision(rawValue: precision) != nil else { throw ValidationError("--precision must be single or byte") }
    }

    /// At most one progress line per second, on standard error.
    static func progressPrinter() -> @Sendable (SolveProgress) -> Void {
        let lastLine = Mutex<Double>(0)
        return { p in
            let show = lastLine.withLock { last in
                guard p.elapsed - last >= 1 else { return false }
                last = p.elapsed
                return true
            }
            if show { printError("  \(p.stage) (\(String(format: "%.0f", p.elapsed)) s)") }
        }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let (people, config, decisions) = try inputs.loadPeopleAndDecisions(progress: true)
        let reading = started.secondsElapsed
        if config.isOnePool && streamed {
            // Streaming bounds memory by mentor rows; a pool is scored densely and
            // solved by the blossom solver: refuse rather than ignore the request.
            printError("mentor-match: --streamed is not available \(config.circlesOfMentees ? "with circles" : "in mutual mode"): one pool is scored densely (every pair) and solved by the \(config.matching.circles != nil ? "circle search" : "blossom solver on candidate pairs"); run without --streamed")
            throw ExitCode.validationFailure
        }
        for note in ProgramInputs.unusedInOnePool(config) { printError("note: \(note)") }
        if config.isOnePool {
            let unused = [("--candidates", candidates != 12), ("--memory-budget", memoryBudget != 6)].filter(\.1).map(\.0)
            if !unused.isEmpty { printError("note: \(unused.joined(separator: " and ")) \(unused.count == 1 ? "is" : "are") not used \(config.mode == .mutual ? "in mutual mode" : "with circles"): one pool is scored densely\(config.matching.circles == nil ? " and the blossom solver picks its own candidates" : "")") }
        }
        let mentors = people.filter { $0.role != .mentee }.count, mentees = people.filter { $0.role != .mentor }.count
        // A large program that counting alone shows infeasible is not scored at all.
        if mentors * mentees > CheckCommand.densePairLimit, !config.isOnePool {
            let light = try inputs.exitOnError { try MentoringProgram.checkWithoutScores(profiles: people, config: config) }
            if !light.conditions.isEmpty {
                printError("mentor-match: no matching: the rules cannot be met (found by counting, before scoring \(mentors) × \(mentees) pairs)")
                for c in light.conditions { printError("  \(c)") }
                throw ExitCode(Exit.noMatching)
            }
        }
        // The program decides dense or streamed scores (ScoringPlan); --streamed forces streaming.
        var plan = ScoringPlan(forced: streamed ? .streamed : nil, memoryBudget: memoryBudget * 1e9)
        let solverName = solverOptions.name(config.solver)
        if !["auto", "candidate-pricing"].contains(solverName) { plan.denseOnly = "the solver \(solverName) needs dense scores" }
        var program = try inputs.buildProgram(people, config, precision: CriterionPrecision(rawValue: precision)!, plan: plan, progress: true)
        program.decisions = decisions
        if shortlist != nil && (program.pool != nil || program.isStreamed) {
            printError("mentor-match: --shortlist suggests mentors for mentees, from dense scores: \(program.pool != nil ? "this program matches within one pool" : "this program's scores are streamed (raise --memory-budget to keep them dense)")")
            throw ExitCode.validationFailure
        }
        for w in program.warnings { printError("warning: \(w)") }
        for w in inputs.reviewMismatches(program) { printError("warning: \(w)") }
        if let exploration = program.exploration { printError("note: \(exploration.description)") }
        if program.isStreamed && precision != "single" {
            printError("note: --precision \(precision) applies to dense matrices; streamed pairs are scored on the spot in double precision")
        }
        if let export {
            let paths = try inputs.exitOnError { try ProgramExport.write(program, to: export) }
            printError("exported \(paths.count) file(s) to \(export): scores.npy, criteria/, ids, \(program.pool == nil ? "problem.json, " : "")model.lp, model.mps")
        }
        let k = shortlist
        let result = try await Self.solveAndWrite(program, solverOptions: solverOptions, candidates: candidates, out: out, verbose: verbose, started: started,
                                     writingEstimate: reading, inputs: inputs.files, extra: { result, program in k.map { [("shortlist.csv", Shortlists.csv(result, program: program, k: $0))] } ?? [] }) { result, program in
            // Round 1 of the program: the history the next `rematch` reads (circles have no rounds yet).
            program.circles == nil && result.report.matching != nil ? RoundFiles.first(result, program: program) : nil
        }
        if sensitivity { try await Self.writeSensitivity(result, program: program, solverOptions: solverOptions, out: out) }
    }

    /// Solves `program`, writes its files into `out` (with the round files
    /// `rounds` gives for the result, and the `inputs` named in the report) and prints the summary; exit 1 when
    /// there is no matching, as `match` documents.
    ///
    /// A time limit counts from `started`, the command's start: the solver
    /// has what reading and building left of it, less 1.5 × `writingEstimate`
    /// seconds kept for making the result and writing it (`writingEstimate`
    /// is the reading's own time: both handle every participant once, and
    /// measured, making and writing took 0.9–1.6 times as long) — at least a
    /// tenth of the limit, since a matching needs some solving.
    @discardableResult
    static func solveAndWrite(_ program: MentoringProgram, solverOptions: SolverOptions, candidates: Int, out: String, verbose: Bool,
                              started: ContinuousClock.Instant, writingEstimate: Double, inputs: [ReportRun.Input],
                              extra: (ProgramResult, MentoringProgram) -> [(String, String)] = { _, _ in [] },
                              rounds: (ProgramResult, MentoringProgram) throws -> RoundFiles?) async throws -> ProgramResult {
        let settings = program.config.solver
        let name = solverOptions.name(settings)
        var options = solverOptions.solveOptions(for: program)
        if let limit = options.timeLimit {
            let spent = started.secondsElapsed
            let writing = 1.5 * writingEstimate
            let solving = Swift.max(limit - spent - writing, limit / 10)
            options.timeLimit = solving
            let seconds = String(format: "%g s", limit)
            let source = solverOptions.timeLimit != nil ? "--time-limit \(seconds)" : settings.timeLimit != nil ? "solver.timeLimit \(seconds)" : "the default \(seconds) for a search"
            printError("note: the time limit (\(source)) counts from the start: "
                       + String(format: "reading and building took %.1f s, about %.1f s are kept for writing, the solver has %.4g s", spent, writing, solving))
        }
        options.progress = Self.progressPrinter()
        if program.pool != nil {
            let route = program.circles != nil ? "the circle search (iterated tabu search with a proven bound)"
                : program.pool?.rules.isEmpty == false ? "the Lagrangian heuristic and GLPK's integer program (pool rules)"
                : "the blossom solver (exact matching within one pool)"
            if !["auto", "blossom"].contains(name) { printError("note: this program is solved by \(route); solver \(name) is not used") }
            if program.config.matching.objective != .total { printError("note: \(program.circles != nil ? "circles maximise" : "mutual mode maximises") the total score; objective \(program.config.matching.objective.rawValue) is not available for pools and is not used") }
            if let c = program.circles {
                printError("solving (circles of \(Self.sizes(c.problem.groupSize)), \(c.members.count) people, \(c.problem.rules.count) rule(s))…")
            } else if let pool = program.pool, !pool.rules.isEmpty {
                printError("solving (GLPK integer program, one pool of \(program.mentorCount), \(pool.rules.count) rule(s))…")
            } else {
                printError("solving (blossom, one pool of \(program.mentorCount))…")
            }
        } else {
            printError("solving (\(name), \(program.rules.constraints.count) rule(s))…")
        }
        let result: ProgramResult
        do {
            result = try await program.solve(using: solverOptions.makeSolver(settings, pricing: CandidatePricingSolver(candidatesPerMentee: candidates)),
                                             poolSolver: GLPKSolver(), options: options)
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        printError("writing \(out)…")
        let paths: [String]
        var round: RoundFiles? = nil
        do {
            round = try rounds(result, program)
            paths = try ResultFiles.write(result, program: program, round: round, extra: result.report.matching == nil ? [] : extra(result, program),
                                          run: ReportRun.current(inputs: inputs), to: out)
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.badInput)
        }
        print(Self.summary(result, program: program, seconds: started.secondsElapsed, paths: paths, round: round))
        if result.report.matching == nil {
            printError("mentor-match: no matching: \(result.report.termination)")
            for c in result.causes { printError("  \(c)") }
            if verbose { for d in result.report.diagnostics { printError("    \(program.withIDs(d))") } }
            throw ExitCode(Exit.noMatching)
        }
        return result
    }

    /// `match --sensitivity`: how many pairs change when each weight moves
    /// ±10 %, and — for a network program — each pair's score range within
    /// which the matching stays optimal; written to `sensitivity.json`, a
    /// line in the summary.
    static func writeSensitivity(_ result: ProgramResult, program: MentoringProgram, solverOptions: SolverOptions, out: String) async throws {
        guard let matching = result.report.matching, let objective = result.report.objective, let problem = program.denseProblem,
              program.pool == nil else {
            printError("note: --sensitivity needs a mentor–mentee program with dense scores and a matching; not computed")
            return
        }
        let settings = program.config.solver
        let solver = solverOptions.makeSolver(settings)
        let options = solverOptions.solveOptions(for: program)
        printError("sensitivity: solving each weight at ±10 %…")
        let weights: [WeightSensitivity]
        do { weights = try await program.weightSensitivity(of: matching, using: solver, options: options) } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        // Pair ranges re-solve once per pair: network programs only (exact and fast there).
        var ranges = [PairSensitivity.Range]()
        if problem.shape.isNetwork {
            printError("sensitivity: re-solving once per pair (\(matching.pairs.count))…")
            for pair in matching.pairs {
                ranges.append(try await PairSensitivity.range(of: pair, matching: matching, optimum: objective, in: problem, solver: NetworkFlowSolver(), options: options))
            }
        }
        let x = program.pairs
        func id(_ k: Int, mentor: Bool) -> String { program.cohort.profiles[mentor ? x.mentorIndices[k] : x.menteeIndices[k]].id.rawValue }
        func bound(_ v: Double) -> JSONText { v.isFinite ? .number((v * 1e6).rounded() / 1e6) : .null }
        let json = JSONText.object([
            ("share", .number(0.1)),
            ("weights", .array(weights.map { w in
                .object([("criterion", .string(w.criterion)), ("weight", .number(w.weight)), ("pairsChangedDown", .number(Double(w.changedDown))),
                         ("pairsChangedUp", .number(Double(w.changedUp))), ("optimalFrom", bound(w.lowest)), ("optimalTo", bound(w.highest)), ("proven", .bool(w.proven))])
            })),
            ("pairs", .array(ranges.map { r in
                .object([("mentor", .string(id(r.pair.mentor.rawValue, mentor: true))), ("mentee", .string(id(r.pair.mentee.rawValue, mentor: false))),
                         ("score", .number((r.score * 1e6).rounded() / 1e6)), ("lowest", bound(r.lower)), ("proven", .bool(r.proven))])
            })),
            ("pairRanges", .string(problem.shape.isNetwork ? "computed" : "not computed: the program is not a network problem (each pair would need an integer program solve); use explain --sensitivity for one pair")),
        ])
        let path = (out as NSString).appendingPathComponent("sensitivity.json")
        do { try Data((json.rendered() + "\n").utf8).write(to: URL(fileURLWithPath: path)) } catch {
            printError("mentor-match: \(path): cannot be written (\(error.localizedDescription))")
            throw ExitCode(Exit.badInput)
        }
        let most = weights.max { ($0.changedDown + $0.changedUp, $1.criterion) < ($1.changedDown + $1.changedUp, $0.criterion) }
        let fragile = ranges.filter { $0.score - $0.lower < 1 }.count
        print("sensitivity: ±10 % on one weight changes " + (most.map { "up to \($0.changedDown + $0.changedUp > 0 ? "\(max($0.changedDown, $0.changedUp)) pair(s) (\($0.criterion))" : "no pair")" } ?? "nothing")
              + (ranges.isEmpty ? "" : "; \(fragile) of \(ranges.count) pairs would leave the optimum if their score fell by less than 1 point") + "; \(path)")
    }

    /// A size range in words: `4`, or `3–5`.
    static func sizes(_ r: CountRange) -> String { r.min == r.max ? "\(r.min)" : "\(r.min)–\(r.max)" }

    static func summary(_ r: ProgramResult, program: MentoringProgram, seconds: Double, paths: [String], round: RoundFiles? = nil) -> String {
        let n = program.menteeCount, m = program.mentorCount
        let matched = Set(r.assignments.map(\.menteeColumn)).count
        let scores = r.assignments.map(\.score)
        let mean = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
        let report = r.report
        let who = if let c = program.circles {
            "grouped \(r.circles.reduce(0) { $0 + $1.members.count }) of \(m) people in \(r.circles.count) circles of \(Self.sizes(c.problem.groupSize)) (\(r.assignments.count) pairs within them)"
        } else if program.pool != nil {
            "matched \(r.mentorLoads.filter { $0 > 0 }.count) of \(m) people in \(r.assignments.count) pairs (a pool: each takes up to their capacity in partners)"
        } else {
            "matched \(matched) of \(n) mentees with \(r.mentorLoads.filter { $0 > 0 }.count) of \(m) mentors (\(r.assignments.count) pairs)"
        }
        var lines = [
            who + ", mean score \(String(format: "%.1f", mean))",
            "solver \(report.solver.name): \(report.termination)",
        ]
        if let o = report.objective { lines.append("objective \(String(format: "%.2f", o))" + (report.bound.map { ", bound \(String(format: "%.2f", $0))" } ?? "")) }
        for (k, x) in report.statistics.rounds.enumerated() {
            lines.append("round \(k + 1): \(x.candidates) candidate pairs, solve \(String(format: "%.1f", x.solveSeconds)) s, pricing \(String(format: "%.1f", x.pricingSeconds)) s, \(x.improving) improving pair(s)")
        }
        let excluded = r.exclusions
        if !excluded.isEmpty {
            lines.append("excluded pairs: " + excluded.map { "\($0.pairs) by \($0.cause)" }.joined(separator: "; "))
        }
        var reasons = [String: Int]()
        for u in r.unmatched where u.side == "mentee" { reasons[u.category, default: 0] += 1 }
        if !reasons.isEmpty {
            lines.append("left out: " + reasons.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        if report.matching != nil {
            let audit = program.biasAudit(r)
            let flagged = audit.flagged
            lines.append("bias audit: \(audit.attributes.count) attribute(s) by side, " + (flagged.isEmpty
                ? "no disparity beyond the audit settings"
                : "\(flagged.count) disparit\(flagged.count == 1 ? "y" : "ies") flagged, e.g. \(flagged[0]) (all in assignments.json \"audit\")"))
        }
        if let round, round.number > 1 {
            var counts = [RoundChange.Kind: Int]()
            for c in round.changes { counts[c.kind, default: 0] += 1 }
            let waiting = round.history.rounds.last?.waiting ?? []
            lines.append("round \(round.number): " + RoundChange.Kind.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
                         + "; \(waiting.count) waiting" + (waiting.isEmpty ? "" : " (longest \(waiting.map(\.rounds).max()!) round(s))"))
        }
        lines.append("wrote " + paths.joined(separator: ", ") + " in \(String(format: "%.1f", seconds)) s")
        if let html = paths.last { lines.append("report: \(html)") }
        return lines.joined(separator: "\n")
    }
}

/// `mentor-match explain`: one pair's score and reasons, or why it is excluded.
struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain one pair: its score, each criterion's contribution and reason, or why it is excluded; with --why-not, what pairing them would cost.")

    @OptionGroup var inputs: ProgramInputs

    @Option(name: [.customLong("mentor"), .customLong("person")], help: "The mentor's id (in mutual mode --person: one of the two).")
    var mentor: String?

    @Option(name: [.customLong("mentee"), .customLong("partner")], help: "The mentee's id (in mutual mode --partner: the other).")
    var mentee: String

    @Option(name: .customLong("why-not"), help: "A mentor the mentee did not get (mutual mode: a partner): solve the program as it is and with this pair locked, and say what the total loses, which pairs change, or which rule forbids the pair.")
    var whyNot: String?

    @Flag(name: .long, help: "Also solve the program and say how far this pair's score may move before the optimal matching changes (one re-solve with the pair forbidden or locked).")
    var sensitivity = false

    @Option(name: .long, help: "The last round's --out directory (its history.json): a pair the program's rounds forbid — failed in any round, or ended unless rounds.repeatEnded — is named as excluded, as rematch would exclude it.")
    var previous: String?

    func validate() throws {
        switch (mentor, whyNot) {
        case (nil, nil): throw ValidationError("give --mentor (or --why-not) with --mentee")
        case (let m?, let w?) where m != w: throw ValidationError("--mentor \(m) and --why-not \(w) name different mentors: give one")
        default: break
        }
    }

    func run() async throws {
        let mentor = (self.mentor ?? whyNot)!
        // One pair is scored on the spot: no matrices, memory independent of the cohort's pairs.
        let (people, config, decisions) = try inputs.loadPeopleAndDecisions(progress: false)
        for d in decisions { printError("decision: \(d)") }
        let x = try inputs.exitOnError { try MentoringProgram.pairsOnTheSpot(profiles: people, config: config) }
        let position: (mentor: Int, mentee: Int)
        do {
            position = try x.position(mentor: PersonID(mentor), mentee: PersonID(mentee))
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.badInput)
        }
        let e = x.explain(mentor: position.mentor, mentee: position.mentee)
        var lines = ["\(e.mentor) → \(e.mentee): score \(String(format: "%.1f", e.score)) of 100"]
        // The committee's rejection (matching.rejected, --review) excludes the pair too, under its own name.
        let rejection = config.matching.rejected.first { ($0.mentor == e.mentor && $0.mentee == e.mentee) || (config.mode == .mutual && $0.mentor == e.mentee && $0.mentee == e.mentor) }
        var exclusions = e.exclusions.map(\.description) + (rejection.map { ["rejected by the matching committee (\($0.source ?? "matching.rejected"))"] } ?? [])
        if let previous {
            let history = try inputs.exitOnError { try RoundFiles.readHistory(from: previous) }
            if let why = history.modeProblem(for: config.mode) {
                printError("mentor-match: \(previous)/history.json: \(why)")
                throw ExitCode(Exit.badInput)
            }
            if let why = history.neverAgain(e.mentor, e.mentee, repeatEnded: config.rounds.repeatEnded) {
                exclusions.append("the program's history (\(previous)): \(why.description)")
            }
        }
        if exclusions.isEmpty {
            lines.append("allowed")
        } else {
            lines.append("excluded: " + exclusions.joined(separator: "; "))
        }
        lines.append("")
        let width = (e.contributions.map(\.criterion.count).max() ?? 10) + 2
        for c in e.contributions {
            let name = c.criterion.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("\(name)\(String(format: "%5.1f", c.points)) pts  value \(String(format: "%3.0f", 100 * c.value))%  weight \(String(format: "%4.1f", c.weight))  \(c.reason)")
        }
        lines.append("")
        lines.append("top reasons: " + e.topReasons(3).joined(separator: " · "))
        print(lines.joined(separator: "\n"))
        if whyNot != nil, exclusions.isEmpty { try await explainWhyNot(mentor: PersonID(mentor), people: people, config: config) }
        if sensitivity, exclusions.isEmpty { try await explainSensitivity(mentor: PersonID(mentor), people: people, config: config) }
    }

    /// `--sensitivity`: the pair's score range within which the optimum stays optimal.
    func explainSensitivity(mentor: PersonID, people: [Profile], config: ProgramConfig) async throws {
        let program = try inputs.exitOnError { try MentoringProgram(profiles: people, config: config, plan: ScoringPlan(forced: .dense)) }
        guard let problem = program.denseProblem, program.pool == nil else {
            printError("note: --sensitivity is for mentor–mentee programs; not computed")
            return
        }
        let x = program.pairs, cohort = program.cohort
        guard let i = x.mentorIndices.firstIndex(where: { cohort.profiles[$0].id == mentor }),
              let j = x.menteeIndices.firstIndex(where: { cohort.profiles[$0].id == PersonID(mentee) }) else { return }
        let solver = config.solver.makeSolver()
        var options = SolveOptions()
        options.timeLimit = program.timeLimit
        do {
            let r = try await solver.solve(problem, options: options)
            guard let matching = r.matching, let optimum = r.objective else {
                printError("mentor-match: the program has no matching (\(r.termination)): no sensitivity")
                throw ExitCode(Exit.noMatching)
            }
            let range = try await PairSensitivity.range(of: Pair(mentor: i, mentee: j), matching: matching, optimum: optimum, in: problem, solver: solver, options: options)
            let now = String(format: "%.2f", range.score), estimate = range.proven ? "" : " (not proven: a solve stopped at its limit)"
            if range.matched {
                print(range.lower.isFinite
                    ? "sensitivity: in the optimal matching; it stays optimal while this pair scores at least \(String(format: "%.2f", range.lower)) (now \(now)), and at any higher score\(estimate)"
                    : "sensitivity: in the optimal matching, and no matching can do without this pair\(estimate)")
            } else {
                print(range.upper.isFinite
                    ? "sensitivity: not in the optimal matching; the matching stays optimal while this pair scores at most \(String(format: "%.2f", range.upper)) (now \(now)): above that the pair enters\(estimate)"
                    : "sensitivity: not in the optimal matching, and no matching can hold this pair\(estimate)")
            }
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
    }

    /// `--why-not`: the optimum as it is and with the pair locked, compared.
    func explainWhyNot(mentor: PersonID, people: [Profile], config: ProgramConfig) async throws {
        let pair = "\(mentor)–\(mentee)"
        printError("solving the program as it is and with \(pair) locked…")
        let c: ForcedPairComparison
        do {
            c = try await MentoringProgram.whyNot(mentor: mentor, mentee: PersonID(mentee), profiles: people, config: config,
                                                  using: config.solver.makeSolver(), poolSolver: GLPKSolver(),
                                                  options: SolveOptions(timeLimit: config.solver.timeLimit ?? SolverSettings.defaultTimeLimit, relativeGap: config.solver.mipGap ?? 0))
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        func score(_ x: Double?) -> String { x.map { String(format: "%.2f", $0) } ?? "—" }
        var lines = ["", "why not \(pair)?"]
        if c.optimal.assignments.contains(where: { $0.mentor == mentor && $0.mentee.rawValue == mentee }) {
            lines.append("  \(pair) is in the optimal matching (objective \(score(c.optimal.report.objective)))")
        } else if let refusal = c.refusal {
            lines.append("  no matching can contain it: \(refusal)")
        } else if let forced = c.forced, forced.report.matching == nil {
            lines.append("  no matching keeps every rule with \(pair) in it: \(forced.report.termination)")
            for cause in forced.causes { lines.append("    \(cause)") }
        } else if let forced = c.forced {
            let proven = c.optimal.report.termination.reason == .optimal && forced.report.termination.reason == .optimal
            lines.append("  the total falls from \(score(c.optimal.report.objective)) to \(score(forced.report.objective)): \(score(c.cost)) points\(proven ? " (both proven optimal)" : " (not both proven optimal: an upper estimate)")")
            // Whom the mentor would lose, and who would lose the mentee.
            // In one pool a person may be on either side of a pair.
            let pool = config.mode == .mutual
            let loses = c.dropped.compactMap { $0.mentor == mentor ? $0.mentee.rawValue : pool && $0.mentee == mentor ? $0.mentor.rawValue : nil }
            let losers = c.dropped.compactMap { $0.mentee.rawValue == mentee ? $0.mentor.rawValue : pool && $0.mentor.rawValue == mentee ? $0.mentee.rawValue : nil }
            lines.append("  \(mentor) would lose \(loses.isEmpty ? "no one" : loses.joined(separator: ", ")); \(losers.isEmpty ? "nobody loses \(mentee)" : "\(losers.joined(separator: ", ")) would lose \(mentee)")")
            lines.append("  pairs dropped: " + (c.dropped.isEmpty ? "none" : c.dropped.map { "\($0.mentor)–\($0.mentee) (\(String(format: "%.1f", $0.score)))" }.joined(separator: ", ")))
            lines.append("  pairs made:    " + c.made.map { "\($0.mentor)–\($0.mentee) (\(String(format: "%.1f", $0.score)))" }.joined(separator: ", "))
        }
        print(lines.joined(separator: "\n"))
    }
}

/// `check --previous`: the history read and held against today's program.
extension CheckCommand {
    /// One summary line for the pairs the history forbids among today's
    /// people, or one problem when it cannot be read or is in another mode.
    func historyLines(_ previous: String, people: [Profile], config: ProgramConfig, summary: inout [String], problems: inout [String]) {
        let history: ProgramHistory
        do { history = try RoundFiles.readHistory(from: previous) } catch let e as MatchingError { problems.append(e.message); return } catch { problems.append("\(previous): \(error)"); return }
        if let why = history.modeProblem(for: config.mode) {
            problems.append("\(previous)/history.json: \(why)")
            return
        }
        let present = Set(people.map(\.id))
        var failed = 0, ended = 0
        for (ids, why) in history.neverAgainPairs(repeatEnded: config.rounds.repeatEnded) where ids.allSatisfy(present.contains) {
            if why.result == .failed { failed += 1 } else { ended += 1 }
        }
        summary.append("  \(failed + ended) pairs of today's people excluded by the program's history (\(previous), \(history.rounds.count) round(s)): \(failed) failed before, \(ended) ended\(config.rounds.repeatEnded ? "" : " (rounds.repeatEnded: false)")")
    }
}

/// `mentor-match check`: every problem in the inputs, not just the first.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate participants and config, and report every problem found (exit 2 if any).",
        discussion: """
            Prints notes (how the file was read, columns kept as free attributes, people named who are \
            not in the file), the pairs excluded by each filter and must-have, warnings (settings that \
            cannot act on this cohort), and every problem, each naming the file, line or row, column, \
            person or rule — one line per cause; --verbose adds the per-person lines.
            """)

    @OptionGroup var inputs: ProgramInputs

    @Flag(name: .long, help: "Also list every person behind an aggregated problem.")
    var verbose = false

    @Option(name: .long, help: "The last round's --out directory (its history.json): also check it against this config and count the pairs the program's rounds forbid (failed in any round; ended, unless rounds.repeatEnded), as rematch applies them.")
    var previous: String?

    /// Above this many pairs `check` does not score them densely.
    static let densePairLimit = 25_000_000

    func run() async throws {
        var problems = [String](), warnings = [String](), notes = [String](), summary = [String](), details = [String]()
        var config = ProgramConfig()
        do { config = try inputs.loadConfig() } catch let e as MatchingError { problems.append(e.message) }
        var people = [Profile]()
        do {
            let result = try ParticipantFile.check(path: inputs.participants, options: inputs.readingOptions(config))
            people = result.profiles
            problems += result.problems
            notes = result.notes
            if verbose && result.details.count > result.problems.count { details += result.details }
        } catch let e as MatchingError {
            problems.append(e.message)
        }
        // This run's decisions, checked and applied as match applies them.
        if problems.isEmpty {
            do { notes += try inputs.applyDecisions(&people, &config).map { "decision: \($0)" } } catch let e as MatchingError { problems.append(e.message) }
        }
        // One pool: everyone (mutual mode) or the mentees (circles of mentees) on both sides.
        let m = people.filter { config.mode == .mutual || (config.circlesOfMentees ? $0.role != .mentor : $0.role != .mentee) }.count
        let n = people.filter { config.mode == .mutual || $0.role != .mentor }.count
        if problems.isEmpty && !people.isEmpty && (m == 0 || n == 0) {
            warnings.append(m == 0 && !config.circlesOfMentees ? "no mentors in the file (role mentor or both): nobody can be matched" : "no mentees in the file (role mentee or both): nobody can be matched")
        }
        if problems.isEmpty && m * n > Self.densePairLimit {
            // Scoring every pair densely would take gigabytes: check what needs no pairs.
            do {
                let light = try MentoringProgram.checkWithoutScores(profiles: people, config: config)
                warnings += light.warnings
                problems += light.conditions.map { "no matching can satisfy the rules: \($0)" }
                summary.append("\(people.count) participants: \(m) mentors, \(n) mentees; \(m * n) pairs: pair-level checks (filters, must-haves, who may meet whom) skipped — scoring them densely would take about \(String(format: "%.1f", Double(m) * Double(n) * Double(ScoringPlan.denseBytesPerPair(.single)) / 1e9)) GB; `match` streams them when that passes its --memory-budget (default 6 GB)")
            } catch let e as MatchingError {
                if e.code == .unsupported { warnings.append(e.message) } else { problems.append(e.message) }
            }
        } else if problems.isEmpty {
            do {
                let program = try MentoringProgram(profiles: people, config: config, plan: ScoringPlan(forced: .dense))
                if let pool = program.pool, let matrices = program.matrices {
                    // One pool: each person's allowed partners against their minimum (a necessary condition).
                    warnings += program.warnings
                    // A pair is allowed when neither direction is excluded.
                    var allowed = [Int](repeating: 0, count: pool.count)
                    for i in 0..<pool.count {
                        for j in (i + 1)..<pool.count where matrices.isAllowed(mentor: i, mentee: j) && matrices.isAllowed(mentor: j, mentee: i) {
                            allowed[i] += 1; allowed[j] += 1
                        }
                    }
                    if let circles = program.circles {
                        let ids = circles.members.map { program.cohort.profiles[matrices.mentorIndices[$0]].id }
                        for c in circles.failedConditions(ids: ids) { problems.append("no partition into circles can satisfy the rules: \(c)") }
                        let counts = CircleProblem.groupCounts(people: circles.members.count, sizes: circles.problem.groupSize)
                        summary.append("circles of \(MatchCommand.sizes(circles.problem.groupSize)) for \(circles.members.count) eligible people: \(counts.map { "\($0.lowerBound)–\($0.upperBound) circles" } ?? "no way to split them")")
                    }
                    for i in 0..<pool.count where program.circles == nil && pool.partners[i].min > allowed[i] {
                        let id = program.cohort.profiles[matrices.mentorIndices[i]].id
                        problems.append("no matching can satisfy the rules: \(id) needs at least \(pool.partners[i].min) partner(s) but is allowed only \(allowed[i]): lower matching.minimumLoad (now \(config.matching.minimumLoad)) or relax the filters that exclude their pairs")
                    }
                    let pairs = pool.count * (pool.count - 1) / 2
                    let allowedPairs = (0..<pool.count).reduce(0) { $0 + allowed[$1] } / 2
                    summary.append("\(config.circlesOfMentees ? "\(pool.count) mentees of \(people.count) participants in one pool (circles of mentees)" : "\(people.count) participants in one pool (mutual mode)"): \(allowedPairs) of \(pairs) pairs allowed by filters and must-haves; people with no allowed partner: \(allowed.filter { $0 == 0 }.count)")
                    for (cause, count) in matrices.exclusionCounts() { summary.append("  \(count) pairs excluded by \(cause)") }
                    notes += ProgramInputs.unusedInOnePool(config)
                    if let note = program.scoringNote { notes.append(note) }
                } else {
                guard let problem = program.denseProblem, let matrices = program.matrices else { return }
                warnings += program.warnings
                warnings += inputs.reviewMismatches(program)
                let conditions = FeasibilityCheck.failedConditions(of: problem)
                for condition in program.summarized(conditions) {
                    problems.append("no matching can satisfy the rules: \(condition)")
                }
                if verbose { for c in FeasibilityCheck.failedConditions(of: problem, perPerson: true) { details.append(program.withIDs(c)) } }
                let excluded = matrices.excludedCount
                let m = program.mentorCount, n = program.menteeCount
                summary.append("\(people.count) participants: \(m) mentors, \(n) mentees; \(excluded) of \(m * n) pairs excluded by filters and must-haves")
                for (cause, pairs) in matrices.exclusionCounts() {
                    summary.append("  \(pairs) excluded by \(cause)")
                }
                }
            } catch let e as MatchingError {
                // A setting the program's mode cannot take (parity or composition in mutual mode, exploration
                // in a pool) makes `match` refuse: a problem here too, not a warning.
                problems.append(e.code == .unsupported ? "match refuses this program: \(e.message)" : e.message)
            }
        }
        if let previous, problems.isEmpty { historyLines(previous, people: people, config: config, summary: &summary, problems: &problems) }
        for n in notes { print("note: \(n)") }
        for line in summary { print(line) }
        for w in warnings { print("warning: \(w)") }
        for p in problems { print("error: \(p)") }
        for d in details { print("  \(d)") }
        if problems.isEmpty {
            print("ok: no problems found" + (warnings.isEmpty ? "" : " (\(warnings.count) warning(s))"))
        } else {
            printError("mentor-match: \(problems.count) problem(s) found")
            throw ExitCode(Exit.badInput)
        }
    }
}

/// `mentor-match generate`: a seeded synthetic cohort and a matching program config.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic seeded cohort (participants.csv) and a program config for it.",
        discussion: """
            A technology organisation: a 40-skill taxonomy (engineering, data and AI, product, design, \
            security, leadership), a seniority pyramid, departments and reporting lines, time zones in three \
            regions, Big Five traits, availability patterns. The reverse scenario has juniors strong in new \
            skills and seniors who want them; mutual puts everyone in one pool. Same seed, same files. The config fits its cohort: a minimum load only when mentors are few enough, verified by an exact solve on cohorts up to 4 million pairs. Existing files are kept unless --force.

            Every distribution and its parameters are written to scenario.yaml beside the cohort (bags, chances k/n and \
            normals, explained in its header). Edit it and pass it back with --scenario-file to draw another population; \
            a file states only what it changes.
            """)

    @Option(name: .long, help: "Number of mentors (in the mutual scenario, added to --mentees for one pool).")
    var mentors: Int

    @Option(name: .long, help: "Number of mentees.")
    var mentees: Int

    @Option(name: .long, help: "Seed.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "traditional (the default), reverse or mutual.")
    var scenario: String?

    @Option(name: .long, help: "A scenario file (YAML or JSON): the distributions to draw from, over the built-in defaults of its scenario (see scenario.yaml, written by every run).")
    var scenarioFile: String?

    @Option(name: .long, help: "The directory to write into (created if needed).")
    var out: String

    @Option(name: .long, help: "yaml (program.yaml, the default) or json (program.json).")
    var format: String = "yaml"

    @Flag(name: .long, help: "Overwrite participants.csv and the program file if they exist.")
    var force = false

    func validate() throws {
        guard mentors >= 0, mentees >= 0, mentors + mentees > 0 else { throw ValidationError("--mentors and --mentees must be ≥ 0, not both 0") }
        guard mentors + mentees <= ParticipantFile.maxParticipants else { throw ValidationError("at most \(ParticipantFile.maxParticipants) participants") }
        if let scenario, SyntheticCohort.Scenario(rawValue: scenario) == nil { throw ValidationError("--scenario must be traditional, reverse or mutual") }
        guard ["yaml", "json"].contains(format) else { throw ValidationError("--format must be yaml or json") }
    }

    func run() async throws {
        let option = scenario.flatMap(SyntheticCohort.Scenario.init(rawValue:))
        let distributions: SyntheticCohort.Distributions
        do {
            distributions = try scenarioFile.map { try ScenarioFile.read(path: $0, scenario: option) } ?? .defaults(for: option ?? .traditional)
        } catch let error as MatchingError {
            printError("mentor-match: \(error.message)")
            throw ExitCode(Exit.badInput)
        }
        let kind = distributions.scenario
        let people = SyntheticCohort.generate(mentors: mentors, mentees: mentees, seed: seed, distributions: distributions)
        let config = await ProgramConfig.generated(kind, people: people)
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            printError("mentor-match: \(out): cannot create the directory (\(error.localizedDescription))")
            throw ExitCode(Exit.badInput)
        }
        let participants = (out as NSString).appendingPathComponent("participants.csv")
        let programPath = (out as NSString).appendingPathComponent(format == "yaml" ? "program.yaml" : "program.json")
        let scenarioPath = (out as NSString).appendingPathComponent("scenario.yaml")
        let existing = [participants, programPath, scenarioPath].filter { FileManager.default.fileExists(atPath: $0) }
        if !existing.isEmpty && !force {
            printError("mentor-match: \(existing.joined(separator: " and ")) already exist(s); pass --force to overwrite")
            throw ExitCode(Exit.badInput)
        }
        let programText: String
        if format == "yaml" {
            programText = CohortFiles.programYAML(config)
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            programText = String(decoding: try encoder.encode(config), as: UTF8.self) + "\n"
        }
        do {
            try Data(CohortFiles.participantsCSV(people).utf8).write(to: URL(fileURLWithPath: participants))
            try Data(programText.utf8).write(to: URL(fileURLWithPath: programPath))
            let rerun = "mentor-match generate --mentors \(mentors) --mentees \(mentees) --seed \(seed) --scenario-file scenario.yaml --out DIR"
            try Data(ScenarioFile.yaml(distributions, command: rerun).utf8).write(to: URL(fileURLWithPath: scenarioPath))
        } catch {
            printError("mentor-match: cannot write into \(out) (\(error.localizedDescription))")
            throw ExitCode(Exit.badInput)
        }
        print("wrote \(participants) (\(people.count) participants), \(programPath) and \(scenarioPath) (its distributions)")
    }
}
