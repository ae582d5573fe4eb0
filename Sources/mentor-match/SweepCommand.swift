import ArgumentParser
import Foundation
import MentorMatch

/// `mentor-match sweep`: the program solved over a grid or a random design
/// of criterion weights.
struct SweepCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Solve the program over a grid or a random design of criterion weights, from the cached criteria.",
        discussion: """
            --grid "skillGap=0..10:6,personality=0,5,10" varies the named criteria (0–10): lo..hi:count is \
            count weights evenly from lo to hi, a list is taken as written, several axes give every \
            combination. --samples N --seed S draws N points instead, each named criterion uniformly in its \
            grid range (without --grid: every criterion the config weighs, in 0…10). Other criteria keep the \
            config's weights. Profiles are scored once; each point recombines the cached criteria and is solved \
            exactly, as many at a time as there are cores. Prints one line per point (the first 20, then a \
            summary) and the time against one solve of the config's own weights; --out writes sweep.csv, \
            sweep.json and sweep.html (the charts): per point the weights, objective, bound, gap, proof, pairs, mentees matched, worst pair, \
            share of pairs across departments and pairs changed against the config's own matching.
            """)

    @OptionGroup var inputs: ProgramInputs

    @Option(name: .long, help: "The grid: name=lo..hi:count or name=a,b,c per criterion, comma-separated.")
    var grid: String?

    @Option(name: .long, help: "Draw this many random points instead of the grid's (within the grid's ranges, else 0…10 for every weighted criterion).")
    var samples: Int?

    @Option(name: .long, help: "Seed of --samples.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Points solved at a time (default: the cores).")
    var parallel: Int?

    @Option(name: .long, help: "Seconds for each solve (default: the config's solver.timeLimit, else 60 s for a program solved by search and none for a network problem).")
    var timeLimit: Double?

    @Option(name: .long, help: "Write sweep.csv and sweep.json into this directory (created if needed).")
    var out: String?

    func validate() throws {
        guard grid != nil || samples != nil else { throw ValidationError("give --grid (e.g. \"skillGap=0..10:6\") or --samples N") }
        if let samples { guard samples >= 1 else { throw ValidationError("--samples must be at least 1") } }
        if let parallel { guard parallel >= 1 else { throw ValidationError("--parallel must be at least 1") } }
        if let t = timeLimit { guard t.isFinite, t > 0 else { throw ValidationError("--time-limit must be a positive number of seconds") } }
    }

    func run() async throws {
        try prepareOutput(out)
        let program = try inputs.loadProgram(progress: false)
        guard let matrices = program.matrices, program.pool == nil, program.denseProblem != nil else {
            let why = program.pool != nil ? "this program matches one pool of people (mutual mode or circles), not mentors with mentees"
                : "this program's scores are streamed (too many pairs to hold), so there are no cached matrices to recombine"
            printError("mentor-match: sweep: a weight sweep re-solves a mentor–mentee program from its dense matrices; \(why)")
            throw ExitCode(Exit.unsupported)
        }
        let names = matrices.criterionNames
        let design: WeightSweep
        do {
            let gridded = try grid.map { try WeightSweep.grid($0, criteria: names) }
            if let samples {
                let ranges = gridded.map { g in g.criteria.enumerated().map { c, name in (name, g.weights.map { $0[c] }.min()!...g.weights.map { $0[c] }.max()!) } }
                    ?? names.enumerated().filter { matrices.weights[$0.offset] > 0 }.map { ($0.element, 0.0...10.0) }
                design = try WeightSweep.samples(samples, seed: seed, ranges: ranges)
            } else {
                design = gridded!
            }
        } catch let e as MatchingError {
            // A malformed design is a usage error, as ArgumentParser's own.
            printError("mentor-match: \(e.message)")
            throw ExitCode(64)
        }
        let solver = program.config.solver.makeSolver()
        var options = SolveOptions()
        options.timeLimit = timeLimit ?? program.timeLimit
        let lanes = parallel ?? ProcessInfo.processInfo.activeProcessorCount
        // The base run: the config's own weights, timed as "one solve".
        let baseStart = ContinuousClock.now
        let base: SolveReport
        do {
            base = try await solver.solve(program.denseProblem!, options: options)
        } catch let e as MatchingError {
            // As `match` says it (a solver that cannot hold the program exits 69).
            printError("mentor-match: \(program.withIDs(e.message))")
            throw ExitCode(Exit.code(for: e))
        }
        let one = baseStart.secondsElapsed
        guard let baseMatching = base.matching else {
            printError("mentor-match: the program with the config's weights has no matching (\(base.termination)): nothing to compare the sweep with")
            throw ExitCode(Exit.noMatching)
        }
        let started = ContinuousClock.now
        let points: [WeightSweep.Point]
        do {
            points = try await program.sweep(design, base: baseMatching, solver: solver, options: options, parallel: lanes)
        } catch let e as MatchingError {
            printError("mentor-match: \(program.withIDs(e.message))")
            throw ExitCode(Exit.code(for: e))
        }
        let seconds = started.secondsElapsed
        func f(_ x: Double?, _ digits: Int = 2) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "—" }
        var lines = ["sweep of \(design.criteria.joined(separator: ", ")): \(points.count) point(s) in \(String(format: "%.2f", seconds)) s, \(Swift.min(lanes, points.count)) at a time (one solve of the config's weights: \(String(format: "%.3f", one)) s; the sweep took \(String(format: "%.1f", seconds / Swift.max(one, 1e-9)))× that)",
                     "  " + design.criteria.map { $0 }.joined(separator: "  ") + "  objective  gap  pairs  worst  across-dept  changed"]
        for p in points.prefix(20) {
            lines.append("  " + zip(design.criteria, p.weights).map { name, w in f(w).padding(toLength: Swift.max(name.count, 5), withPad: " ", startingAt: 0) }.joined(separator: "  ")
                         + "  \(f(p.objective))  \(p.proven ? "0" : f(p.gap.map { $0 * 100 }) + " %")  \(p.pairs)  \(f(p.worstPair))  \(f(p.acrossDepartments, 3))  \(p.objective == nil ? "—" : String(p.changed))")
        }
        if points.count > 20 { lines.append("  … \(points.count - 20) more point(s)\(out == nil ? " (--out writes them all)" : "")") }
        let unproven = points.filter { !$0.proven }.count
        // Points without a matching change nothing that means anything: the range is over the others.
        let changes = points.filter { $0.objective != nil }.map(\.changed)
        lines.append("\(points.count - unproven) of \(points.count) point(s) proven optimal; pairs changed against the config's weights: "
                     + (changes.isEmpty ? "— (no point has a matching)" : "\(changes.min()!)–\(changes.max()!)"))
        // Why the others are not proven: one line per way a solve ended, with its first point's words.
        var reasons = [(kind: String, first: Int, count: Int)]()
        for (k, p) in points.enumerated() where !p.proven {
            let kind = "\(p.termination.reason)\(p.termination.limit == .none ? "" : " (\(p.termination.limit))")"
            if let i = reasons.firstIndex(where: { $0.kind == kind }) { reasons[i].count += 1 } else { reasons.append((kind, k, 1)) }
        }
        for r in reasons {
            let weights = zip(design.criteria, points[r.first].weights).map { "\($0)=\(f($1))" }.joined(separator: ", ")
            lines.append("not proven at \(r.count) point(s), e.g. \(weights): \(points[r.first].termination)")
        }
        print(lines.joined(separator: "\n"))
        guard let out else { return }
        let header = design.criteria + ["objective", "bound", "gap", "proven", "pairs", "mentees_matched", "worst_pair", "across_departments", "changed", "status"]
        func cell(_ x: Double?, _ format: String = "%.6f") -> String { x.map { String(format: format, $0) } ?? "" }
        var rows = [header]
        for p in points {
            let weights: [String] = p.weights.map { String(format: "%g", $0) }
            let rest: [String] = [cell(p.objective), cell(p.bound), cell(p.gap, "%.6g"), p.proven ? "yes" : "no", String(p.pairs), String(p.menteesMatched),
                                  cell(p.worstPair), cell(p.acrossDepartments), String(p.changed), p.termination.description]
            rows.append(weights + rest)
        }
        let csv = ResultFiles.csv(rows)
        func number(_ x: Double?) -> JSONText { x.map { $0.isFinite ? JSONText.number($0) : .null } ?? .null }
        let json = JSONText.object([
            ("criteria", .array(design.criteria.map(JSONText.string))),
            ("base", .object([("objective", number(base.objective)), ("proven", .bool(base.termination.reason == .optimal))])),
            ("points", .array(points.map { p in
                .object([("weights", .object(zip(design.criteria, p.weights).map { ($0, JSONText.number($1)) })),
                         ("objective", number(p.objective)), ("bound", number(p.bound)), ("gap", number(p.gap)), ("proven", .bool(p.proven)),
                         ("pairs", .number(Double(p.pairs))), ("menteesMatched", .number(Double(p.menteesMatched))), ("worstPair", number(p.worstPair)),
                         ("acrossDepartments", number(p.acrossDepartments)), ("changed", .number(Double(p.changed))), ("status", .string(p.termination.description))])
            })),
        ])
        let run = try inputs.exitOnError { try ReportRun.current(inputs: inputs.files) }
        try writeFiles([("sweep.csv", csv), ("sweep.json", json.rendered() + "\n"), ("sweep.html", SweepPage.html(design, points: points, run: run))], to: out)
        printError("wrote \(out)/sweep.csv, \(out)/sweep.json and \(out)/sweep.html")
    }
}
