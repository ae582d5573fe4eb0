import ArgumentParser
import Foundation
import MentorMatch

/// `mentor-match rematch`: the next round of a program, from the last
/// round's files, how its pairs went, and today's participants and config.
struct RematchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rematch",
        abstract: "Match the next round: keep continuing pairs, never repeat failed ones, favour people who waited, match latecomers.",
        discussion: """
            Reads the last round's history.json from --previous (the --out directory of the last match or rematch), \
            the outcomes of its pairs (--outcomes: mentor_id,mentee_id,outcome with continuing, succeeded, failed or ended, \
            and/or mentor_rating/mentee_rating 1–5; optional round, date, comment), and today's participants and config. \
            Pairs reported failed, in any round, are never matched again; unless rounds.repeatEnded, neither are pairs \
            that succeeded or ended. The last round's other pairs continue: locked (default), or with rounds.changePrice p \
            each may change when that gains more than p points per pair changed. A continuing pair that cannot continue \
            today (someone left or is not eligible, a filter now excludes it, a capacity fell) is dissolved and reported. \
            A mentee's unmatched penalty grows by rounds.waitingBonus (default 10) per round waited in a row. A pair \
            reported failed mid-round is repaired: both people are matched again within the free capacity, nothing else moves. \
            Writes into --out the files of match plus changes.csv (every pair kept, new, changed, ended or dissolved, with \
            the reason) and history.json with this round added; the report shows the round. Mentor–mentee programs \
            with dense scores; exit codes as match.
            """)

    @OptionGroup var inputs: ProgramInputs

    @Option(name: .long, help: "The last round's --out directory (it holds history.json).")
    var previous: String

    @Option(name: .long, help: "How the last round's pairs went: CSV, semicolon- or tab-separated text or .xlsx (mentor_id, mentee_id, outcome and/or ratings). Without it every pair continues.")
    var outcomes: String?

    @Option(name: .long, help: "The directory to write this round into (created if needed).")
    var out: String

    @OptionGroup var solverOptions: SolverOptions

    @Flag(name: .long, help: "When there is no matching, also list every person behind each cause.")
    var verbose = false

    func validate() throws {
        let a = URL(fileURLWithPath: previous).standardizedFileURL.path, b = URL(fileURLWithPath: out).standardizedFileURL.path
        guard a != b else { throw ValidationError("--out must differ from --previous: round files are never overwritten (write the next round into a new directory)") }
    }

    func run() async throws {
        let started = ContinuousClock.now
        let (people, config, decisions) = try inputs.loadPeopleAndDecisions(progress: true)
        let reading = started.secondsElapsed
        let history: ProgramHistory
        var reported = [PairOutcome]()
        do {
            history = try RoundFiles.readHistory(from: previous)
            if let outcomes {
                let (rows, problems) = try OutcomesFile.check(path: outcomes)
                let known = Set(people.map(\.id)).union(history.everyone)
                var all = problems + OutcomesFile.problems(of: rows, file: outcomes, people: known, pairs: history.everyPair)
                if all.isEmpty {
                    // Each row against its round: placed, not twice, failed kept failed.
                    var trial = history
                    all = trial.record(rows).map { "\(outcomes): \($0)" }
                }
                if !all.isEmpty {
                    for p in all { printError("mentor-match: \(p)") }
                    throw ExitCode(Exit.badInput)
                }
                reported = rows
            }
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        var program = try inputs.buildProgram(people, config, precision: .single, plan: ScoringPlan(forced: config.isOnePool ? nil : .dense), progress: true)
        program.decisions = decisions
        for w in program.warnings { printError("warning: \(w)") }
        var next: NextRound
        do {
            next = try NextRound(program: program, history: history, outcomes: reported)
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        // Locked pairs may put a mentor's minimum load out of reach: then held to what they keep.
        if let relaxed = next.relaxingMinimums() { next = relaxed }
        for note in next.notes { printError("note: \(note)") }
        let price = config.rounds.changePrice.map { "changes allowed above \(String(format: "%g", $0)) points each" } ?? "locked"
        printError("round \(next.number): \(next.carried.count) continuing pair(s) \(price), \(next.before.count) ended or dissolved, \(next.forbiddenByHistory) pair(s) never matched again, \(next.waited.filter { $0 > 0 }.count) mentee(s) waiting")
        if let p = config.rounds.changePrice {
            printError("note: the objective counts \(String(format: "%g", p)) extra points per continuing pair kept (rounds.changePrice)")
        }
        do {
            let files = inputs.files + [ReportRun.Input("previous round", path: previous)] + (outcomes.map { [ReportRun.Input("outcomes", path: $0)] } ?? [])
            try await MatchCommand.solveAndWrite(next.program, solverOptions: solverOptions, candidates: 12, out: out, verbose: verbose, started: started,
                                                 writingEstimate: reading, inputs: files) { result, program in
                result.report.matching == nil ? nil : RoundFiles(number: next.number, history: next.history(after: result), changes: next.changes(in: result))
            }
        } catch let exit as ExitCode where exit.rawValue == Exit.noMatching && config.rounds.changePrice == nil && !next.carried.isEmpty {
            printError("note: the \(next.carried.count) continuing pairs are locked (the \"fixed pairs\" above); rounds.changePrice lets them change when that pays, or end some in the outcomes file")
            throw exit
        }
    }
}
