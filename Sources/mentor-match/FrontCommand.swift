import ArgumentParser
import Foundation
import MentorMatch

/// `mentor-match front`: the Pareto front between the total score and a
/// second objective.
struct FrontCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "front",
        abstract: "Trace the Pareto front between the total score and fairness, participation, diversity or balance.",
        discussion: """
            Every non-dominated trade-off between the program's total score and a second objective, by the \
            ε-constraint method run to completion: each point maximises the total among matchings whose second \
            objective is strictly better than the point before, solved exactly (network flow or GLPK, as the \
            program's rules need) and proven. --versus fairness: the worst matched pair's score (pairs below the \
            level are forbidden; people left out do not count); participation: mentees with a mentor; \
            diversity:ATTRIBUTE: the share of pairs whose mentor and mentee differ on ATTRIBUTE (e.g. \
            diversity:department; each point solves the integer program with GLPK, so large programs take \
            minutes — cap them with --max-solves); balance: the largest mentor load (lower is better). Points on the front's \
            convex hull are marked supported (a weighted sum of the two objectives is best there); the knee is \
            the point farthest from the line through the ends, both objectives scaled to 0…1. Prints the table; \
            --out writes front.csv (one row per point, for plotting) and front.json (with each point's pairs).
            """)

    @OptionGroup var inputs: ProgramInputs

    @Option(name: .long, help: "The second objective: fairness, participation, diversity:ATTRIBUTE or balance.")
    var versus: String

    @Option(name: .long, help: "The most solves (each point takes one, the end one more).")
    var maxSolves: Int = 200

    @Option(name: .long, help: "Seconds for each solve (default: the config's solver.timeLimit, else 60 s for a program solved by search and none for a network problem).")
    var timeLimit: Double?

    @Option(name: .long, help: "Write front.csv and front.json into this directory (created if needed).")
    var out: String?

    func validate() throws {
        guard ParetoFront.Objective(versus) != nil else {
            throw ValidationError("--versus \(versus): use fairness, participation, diversity:ATTRIBUTE (e.g. diversity:department) or balance")
        }
        guard maxSolves >= 1 else { throw ValidationError("--max-solves must be at least 1") }
        if let t = timeLimit { guard t.isFinite, t > 0 else { throw ValidationError("--time-limit must be a positive number of seconds") } }
    }

    func run() async throws {
        try prepareOutput(out)
        let objective = ParetoFront.Objective(versus)!
        let program = try inputs.loadProgram(progress: false)
        for w in inputs.reviewMismatches(program) { printError("warning: \(w)") }
        if case .diversity(let name) = objective, program.pool == nil {
            let missing = program.missingValues(of: name)
            if missing.mentors + missing.mentees > 0 {
                printError("note: diversity:\(name): \(missing.mentors) mentor(s) and \(missing.mentees) mentee(s) have no value and count as '\(MentoringProgram.unknownValue)' (a pair with it on one side only counts as across)")
            }
        }
        var options = SolveOptions()
        options.timeLimit = timeLimit ?? program.timeLimit
        options.relativeGap = 0
        let started = ContinuousClock.now
        let front: ParetoFront
        do {
            // Each point on standard error as it is found: a long trace (GLPK per point) shows where it is.
            let label = objective.label
            front = try await program.paretoFront(versus: objective, solver: program.config.solver.makeSolver(), options: options, maxSolves: maxSolves) { point, solves in
                printError("solve \(solves): total \(String(format: "%.2f", point.total)), \(label) \(point.value.isFinite ? String(format: "%.4g", point.value) : "none")\(point.proven ? "" : " (not proven)")")
            }
        } catch let e as MatchingError {
            printError("mentor-match: \(program.withIDs(e.message))")
            throw ExitCode(Exit.code(for: e))
        }
        let seconds = started.secondsElapsed
        let x = program.pairs, cohort = program.cohort
        func id(_ i: Int, mentor: Bool) -> String { cohort.profiles[mentor ? x.mentorIndices[i] : x.menteeIndices[i]].id.rawValue }
        func value(_ v: Double) -> String {
            switch objective {
            case .participation, .balance: String(format: "%.0f", v)
            case .diversity: String(format: "%.4f", v)
            case .fairness: v.isFinite ? String(format: "%.2f", v) : "none (no pair)"
            }
        }
        var lines = ["Pareto front: total score against \(objective.label) (\(objective.maximised ? "higher" : "lower") is better), \(front.points.count) point(s), \(front.solves) solve(s) in \(String(format: "%.1f", seconds)) s" + (front.complete ? "" : front.solves >= maxSolves ? " — stopped at --max-solves \(maxSolves): the front goes on, and the last point may be weakly dominated" : " — not proven whole: a solve stopped at its limit or within the solver's tolerance (see each point)")]
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: Swift.max(0, width - text.count)) + text }
        lines.append("  " + right("point", 5) + "  " + right("total", 12) + "  " + objective.label)
        // Why points are not proven, once each (GLPK's reasons run long): numbered notes under the table.
        var reasons = [String]()
        for (k, p) in front.points.enumerated() {
            var marks = [String]()
            if p.supported { marks.append("supported") }
            if p.knee { marks.append("knee") }
            if !p.proven {
                let why = p.termination.description
                if !reasons.contains(why) { reasons.append(why) }
                marks.append("not proven (note \(reasons.firstIndex(of: why)! + 1))")
            }
            lines.append("  " + right(String(k + 1), 5) + "  " + right(String(format: "%.2f", p.total), 12) + "  " + right(value(p.value), objective.label.count)
                         + (marks.isEmpty ? "" : "   " + marks.joined(separator: ", ")))
        }
        for (k, why) in reasons.enumerated() { lines.append("  note \(k + 1): \(why)") }
        if let first = front.points.first, let last = front.points.last, front.points.count > 1 {
            lines.append("from the best total to the best \(objective.label): \(String(format: "%.2f", first.total - last.total)) points of total for \(value(first.value)) → \(value(last.value))")
        }
        print(lines.joined(separator: "\n"))
        guard let out else { return }
        let csv = ResultFiles.csv([["point", "total", objective.description, "pairs", "proven", "supported", "knee", "status"]] + front.points.enumerated().map { k, p in
            [String(k + 1), String(format: "%.6f", p.total), p.value.isFinite ? String(format: "%.6f", p.value) : "", String(p.matching.count),
             p.proven ? "yes" : "no", p.supported ? "yes" : "no", p.knee ? "yes" : "no", p.termination.description]
        })
        let json = JSONText.object([
            ("objective", .string(objective.description)), ("label", .string(objective.label)), ("maximised", .bool(objective.maximised)),
            ("complete", .bool(front.complete)), ("solves", .number(Double(front.solves))),
            ("points", .array(front.points.map { p in
                .object([("total", .number(p.total)), ("value", p.value.isFinite ? .number(p.value) : .null), ("proven", .bool(p.proven)),
                         ("status", .string(p.termination.description)),
                         ("supported", .bool(p.supported)), ("knee", .bool(p.knee)),
                         ("pairs", .array(p.matching.pairs.map { .array([.string(id($0.mentor.rawValue, mentor: true)), .string(id($0.mentee.rawValue, mentor: false))]) }))])
            })),
        ])
        try writeFiles([("front.csv", csv), ("front.json", json.rendered() + "\n")], to: out)
        printError("wrote \(out)/front.csv and \(out)/front.json")
    }
}
