import ArgumentParser
import Foundation
import MentorMatch

/// `mentor-match learn`: criterion weights learned from how the pairs went.
struct LearnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Learn the criterion weights from an outcomes file: held-out validation against the current weights, intervals, suggested must-haves.",
        discussion: """
            Reads the participants, the program config and an outcomes file (mentor_id, mentee_id, outcome and/or \
            ratings, round, date, comment). Each rated pair that says success (succeeded, or a mean rating of 4 or \
            more) or failure (failed, or 2.5 or less) is an example: its criterion values are scored from today's \
            profiles, and a logistic regression with an L2 penalty and weights ≥ 0 is fitted by Newton's method. \
            Prints the sample sizes, held-out AUC, log-loss, Brier score and calibration of the current and the \
            learned weights (leave one round out when every row has a round, else stratified k folds), each weight \
            old → new on the 0–10 scale with a bootstrap interval, suggested must-haves, and warnings (too few \
            outcomes, criteria with no variation, selection bias). With --out, writes the config with the learned \
            weights (everything else kept as written). Output is deterministic for a seed; profile contents and \
            comments are never printed. Exit codes: 0 learned, 1 too few outcomes to learn from (nothing written), \
            2 bad input (every problem of the outcomes file on its own line, naming the line).
            """)

    @OptionGroup var inputs: ProgramInputs

    @Option(name: .long, help: "The outcomes file: CSV, semicolon- or tab-separated text, or .xlsx (mentor_id, mentee_id, outcome, mentor_rating, mentee_rating, round, date, comment).")
    var outcomes: String

    @Option(name: .long, help: "Write the config with the learned weights here (.yaml/.yml or .json).")
    var out: String?

    @Flag(name: .long, help: "Overwrite --out if it exists.")
    var force = false

    @Flag(name: .long, help: "Also write the suggested must-haves into --out (compatibility.mustHave; each suggestion's criterion set to its threshold, the others kept). Without it they are printed only.")
    var applyMustHaves = false

    @Option(name: .long, help: "Seed of the cross-validation folds, the bootstrap and the coverage sample.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "The L2 penalty λ on the coefficients (log-likelihood units).")
    var penalty: Double = 1

    @Option(name: .long, help: "Folds when the outcomes carry no rounds (at least 2).")
    var folds: Int = 5

    @Option(name: .long, help: "Bootstrap resamples for the intervals (at least 1).")
    var resamples: Int = 200

    @Flag(name: .long, help: "Leave out outcome rows that name people not in the participants file, or not a mentor–mentee pair of this program (each still listed), instead of stopping.")
    var skipUnknown = false

    func validate() throws {
        guard folds >= 2 else { throw ValidationError("--folds must be at least 2") }
        guard resamples >= 1 else { throw ValidationError("--resamples must be at least 1") }
        guard penalty.isFinite, penalty >= 0 else { throw ValidationError("--penalty must be a number ≥ 0") }
        if applyMustHaves && out == nil { throw ValidationError("--apply-must-haves writes them into --out: give --out") }
        if let out {
            let lower = out.lowercased()
            guard lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") || lower.hasSuffix(".json") else { throw ValidationError("--out must end in .yaml, .yml or .json") }
            if let config = inputs.config, URL(fileURLWithPath: config).standardizedFileURL == URL(fileURLWithPath: out).standardizedFileURL {
                throw ValidationError("--out is the input config: write the learned config to a new file")
            }
        }
    }

    func run() async throws {
        let (people, config) = try inputs.loadPeople(progress: false)
        let read: (outcomes: [PairOutcome], problems: [String])
        do {
            read = try OutcomesFile.check(path: outcomes)
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.badInput)
        }
        if !read.problems.isEmpty {
            for p in read.problems { printError("mentor-match: \(p)") }
            printError("mentor-match: \(read.problems.count) problem(s) in \(outcomes)")
            throw ExitCode(Exit.badInput)
        }
        // People not in the participants file, and pairs that are not a mentor and a mentee of this program: one line each.
        let unknown = OutcomesFile.problems(of: read.outcomes, file: outcomes, people: Set(people.map(\.id)))
        let known = Set(people.map(\.id))
        let unknownLines = Set(read.outcomes.filter { !known.contains($0.mentor) || !known.contains($0.mentee) }.map(\.line))
        let pairs = try inputs.exitOnError { try MentoringProgram.pairsOnTheSpot(profiles: people, config: config) }
        let (features, unused) = PairFeatures.rated(read.outcomes, pairs: pairs)
        let misplaced = unused.filter { $0.reason == .notAPair && !unknownLines.contains($0.line) }.map { "\(outcomes): line \($0.line): \($0.detail)" }
        let refused = unknown + misplaced
        if !refused.isEmpty {
            for line in refused { printError(skipUnknown ? "note: \(line) (left out)" : "mentor-match: \(line)") }
            guard skipUnknown else {
                printError("mentor-match: \(refused.count) outcome row(s) name people not in \(inputs.participants) or not a mentor–mentee pair of this program: fix them, or pass --skip-unknown to leave them out")
                throw ExitCode(Exit.badInput)
            }
        }
        let settings = LearningSettings(penalty: penalty, folds: folds, replicates: resamples, seed: seed)
        let allowed = SelectionCoverage.sample(pairs, seed: seed)
        let report = WeightLearner(settings: settings).learn(features, currentWeights: pairs.weights,
                                                             currentMustHave: config.compatibility.mustHave, unused: unused, allowed: allowed)
        print(report.text)
        guard let weights = report.newWeights else {
            if out != nil { printError("mentor-match: nothing learned, so \(out!) was not written") }
            throw ExitCode(Exit.noMatching)
        }
        guard let out else { return }
        if FileManager.default.fileExists(atPath: out) && !force {
            printError("mentor-match: \(out) already exists; pass --force to overwrite")
            throw ExitCode(Exit.badInput)
        }
        let original = inputs.config.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
        let ordered = pairs.criterionNames.map { ($0, weights[$0] ?? 0) }
        let header = ["weights learned by mentor-match learn from \((outcomes as NSString).lastPathComponent) (\(report.examples) rated pairs, seed \(seed));",
                      "everything else as in \(inputs.config.map { ($0 as NSString).lastPathComponent } ?? "the defaults") (comments are not carried over)"]
        do {
            let mustHaves = applyMustHaves ? report.mustHaves.map { ($0.criterion, $0.threshold) } : []
            let text = try ConfigFile.replacingCompatibility(in: original, name: inputs.config ?? "the default config", weights: ordered, mustHave: mustHaves,
                                                       header: header + (mustHaves.isEmpty ? [] : ["must-haves suggested by the outcomes applied: " + mustHaves.map { "\($0.0) \(String(format: "%g", $0.1))" }.joined(separator: ", ")]),
                                                       json: out.lowercased().hasSuffix(".json"))
            // The file written must read back as the same program with the new weights (and must-haves).
            var expected = config
            for (name, w) in ordered { expected.compatibility.weights[name] = w }
            for (name, t) in mustHaves { expected.compatibility.mustHave[name] = t }
            let back = try ConfigFile.decode(ProgramConfig.self, from: Data(text.utf8), name: out)
            guard back.compatibility.weights == expected.compatibility.weights, back.compatibility.mustHave == expected.compatibility.mustHave,
                  back.matching == config.matching, back.mode == config.mode else {
                throw MatchingError(.writeFailed, "\(out): the written config does not read back as the input with the new weights\(mustHaves.isEmpty ? "" : " and must-haves")")
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.badInput)
        } catch {
            printError("mentor-match: cannot write \(out) (\(error.localizedDescription))")
            throw ExitCode(Exit.badInput)
        }
        print("\nwrote \(out): " + report.criteria.filter { $0.current != $0.learned }.map { "\($0.name) \(String(format: "%g", $0.current)) → \(String(format: "%g", $0.learned))" }.joined(separator: ", "))
        if applyMustHaves {
            print(report.mustHaves.isEmpty ? "no must-have suggested: compatibility.mustHave unchanged"
                                           : "must-haves written: " + report.mustHaves.map { "mustHave.\($0.criterion): \(String(format: "%g", $0.threshold))" }.joined(separator: ", "))
        } else if !report.mustHaves.isEmpty {
            print("the suggested must-haves were not written (--apply-must-haves writes them)")
        }
    }
}

/// `mentor-match simulate`: the seeded evaluation of learning against a known truth.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Evaluate learning on synthetic rounds with a known true success model: weight recovery, expected successes against the optimum, the learning curve.",
        discussion: """
            Round 1 matches a new synthetic cohort with the default weights; the matched pairs' outcomes are drawn \
            from a hidden truth (weights over the criteria, a logistic link and a pair chemistry no profile shows); \
            weights are learned as `learn` learns them; round 2 matches a new cohort with them, and so on for \
            --rounds rounds of feedback. Prints per round the cosine similarity of the weights used to the hidden \
            ones and the expected successes of the matching against those of the default weights, of the hidden \
            weights and of the true optimum (the matching that maximises the expected successes), with the regret; \
            then whether the issue's target (cosine ≥ 0.95, round-two regret ≤ 2 %) is met. The same arguments give \
            the same output. Progress on standard error.
            """)

    @Option(name: .long, help: "Mentors per cohort.")
    var mentors: Int = 300

    @Option(name: .long, help: "Mentees per cohort.")
    var mentees: Int = 800

    @Option(name: .long, help: "Rounds of feedback (1–20); the simulation matches one cohort more.")
    var rounds: Int = 5

    @Option(name: .long, help: "Seed of cohorts, outcomes, exploration, folds and bootstrap.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Exploration in every round: the share of mentees (0…1) matched at random among near-optimal partners.")
    var exploreShare: Double?

    @Option(name: .long, help: "Exploration: the width of the noise in score points.")
    var exploreWithin: Double = 2

    @Option(name: .long, help: "The truth: log-odds of success per unit of a criterion of weight 10.")
    var strength: Double = TrueSuccessModel.standard.strength

    @Option(name: .long, help: "The truth: the standard deviation of the pair chemistry, in log-odds.")
    var noise: Double = TrueSuccessModel.standard.noise

    @Option(name: .long, help: "The truth: the share of round 1's pairs (matched with the default weights) expected to succeed; sets the truth's intercept.")
    var baseRate: Double = LearningSimulation.Settings().baseRate

    @Option(name: .long, help: "Bootstrap resamples per learning run.")
    var resamples: Int = 50

    @Option(name: .long, help: "Also write into this directory round 1's files — participants.csv, program.yaml (the default weights) and outcomes.csv (the matched pairs' drawn outcomes), input for `learn` — and simulation.html, the learning curve as a page.")
    var out: String?

    func validate() throws {
        guard mentors >= 1, mentees >= 1, mentors * mentees <= 25_000_000 else { throw ValidationError("--mentors and --mentees must be ≥ 1, with at most 25 million pairs") }
        guard (1...20).contains(rounds) else { throw ValidationError("--rounds must be from 1 to 20") }
        if let share = exploreShare, !(share.isFinite && (0...1).contains(share)) { throw ValidationError("--explore-share must be in 0…1") }
        guard exploreWithin.isFinite, exploreWithin > 0, exploreWithin <= 100 else { throw ValidationError("--explore-within must be in (0, 100]") }
        guard strength.isFinite, strength >= 0, noise.isFinite, noise >= 0 else { throw ValidationError("--strength and --noise must be numbers ≥ 0") }
        guard baseRate > 0, baseRate < 1 else { throw ValidationError("--base-rate must be strictly between 0 and 1") }
        guard resamples >= 1 else { throw ValidationError("--resamples must be at least 1") }
    }

    func run() async throws {
        var truth = TrueSuccessModel.standard
        truth.strength = strength
        truth.noise = noise
        let settings = LearningSimulation.Settings(
            mentors: mentors, mentees: mentees, rounds: rounds, seed: seed, truth: truth, baseRate: baseRate,
            exploration: exploreShare.map { ExplorationSettings(share: $0, within: exploreWithin, seed: seed) },
            learning: LearningSettings(replicates: resamples, seed: seed))
        let report: SimulationReport
        do {
            report = try await LearningSimulation(settings).run { printError("  \($0)") }
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        print(report.text)
        guard let out else { return }
        let run: ReportRun
        do { run = try ReportRun.current(inputs: []) } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        let outcomes = "mentor_id,mentee_id,outcome,round\n" + report.rounds[0].outcomes.map { "\($0.mentor),\($0.mentee),\($0.result!.rawValue),\($0.round!)\n" }.joined()
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for (name, text) in [("participants.csv", CohortFiles.participantsCSV(report.firstCohort)), ("program.yaml", CohortFiles.programYAML(report.firstConfig)),
                                 ("outcomes.csv", outcomes), ("simulation.html", SimulationPage.html(report, run: run))] {
                try Data(text.utf8).write(to: URL(fileURLWithPath: (out as NSString).appendingPathComponent(name)))
            }
        } catch {
            printError("mentor-match: cannot write into \(out) (\(error.localizedDescription))")
            throw ExitCode(Exit.badInput)
        }
        print("\nwrote round 1's participants.csv, program.yaml and outcomes.csv (\(report.rounds[0].outcomes.count) pairs), and the learning curve (simulation.html), into \(out)")
    }
}
