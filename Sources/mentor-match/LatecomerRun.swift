import ArgumentParser
import Foundation
import MentorMatch

extension SolveCommand {
    /// `solve --latecomers K`: the problem without its last K mentees solved
    /// once, then each latecomer added and re-optimised from the last
    /// optimum; the final matching certified, and a cold solve of the whole
    /// problem run for comparison (the same optimum, and the time ratio).
    func runLatecomers(_ problem: MatchingProblem, count k: Int) async throws {
        let m = problem.mentorCount, n = problem.menteeCount
        guard k < n else {
            printError("mentor-match: --latecomers \(k) leaves no mentee for the first solve (\(n) mentees)")
            throw ExitCode.validationFailure
        }
        if let name = solverOptions.solver, !["auto", "network-flow", "hungarian"].contains(name) {
            printError("note: --latecomers re-optimises with the network-flow engine (IncrementalMatching); --solver \(name) is not used")
        }
        let n0 = n - k
        if let j = (n0..<n).first(where: { problem.menteeDemand[$0].min > 0 }) {
            printError("mentor-match: --latecomers: mentee \(j) must have a mentor (demand \(problem.menteeDemand[j])); a latecomer may stay unmatched (--mentee-demand 0:1)")
            throw ExitCode(Exit.badInput)
        }
        if problem.fixed.contains(where: { $0.mentee.rawValue >= n0 }) {
            printError("mentor-match: --latecomers: a fixed pair names one of the last \(k) mentees; latecomers have no fixed pairs")
            throw ExitCode(Exit.badInput)
        }
        // The first problem: the first n0 mentees.
        var values = ContiguousArray<Double>(repeating: 0, count: m * n0)
        for i in 0..<m { for j in 0..<n0 { values[i * n0 + j] = problem.scores[i, j] } }
        var rules = problem.rules
        rules.menteeDemand = Array(rules.menteeDemand.prefix(n0))
        rules.unmatchedPenalty = Array(rules.unmatchedPenalty.prefix(n0))
        rules.forbidden = rules.forbidden.filter { $0.mentee.rawValue < n0 }
        rules.menteeAttributes = rules.menteeAttributes.mapValues { Array($0.prefix(n0)) }
        let first = MatchingProblem(scores: try ScoreMatrix(mentors: m, mentees: n0, values: values), rules: rules)
        var matching: IncrementalMatching
        do {
            matching = try await IncrementalMatching.solve(first, options: solverOptions.solveOptions())
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        var seconds = [Double](), moved = 0
        let cold: SolveReport
        do {
            for j in n0..<n {
                let scores = (0..<m).map { problem.scores[$0, j] }
                let forbidden = Set((0..<m).filter { problem.forbidden.contains(Pair(MentorIndex($0), MenteeIndex(j))) })
                let clock = ContinuousClock.now
                let step = try matching.addMentee(scores: scores, demand: problem.menteeDemand[j], unmatchedPenalty: problem.unmatchedPenalty[j], forbidden: forbidden)
                seconds.append(clock.secondsElapsed)
                moved += step.moved.count
            }
            cold = try await NetworkFlowSolver().solve(problem, options: solverOptions.solveOptions())
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        let certifying = ContinuousClock.now
        let report = matching.report()
        let certifySeconds = certifying.secondsElapsed
        let sorted = seconds.sorted()
        let median = sorted[sorted.count / 2], total = seconds.reduce(0, +)
        let same = abs((cold.objective ?? .nan) - (report.objective ?? .nan)) <= 1e-9 * Swift.max(1, abs(cold.objective ?? 0))
        let coldSeconds = cold.timings.build + cold.timings.solve
        if format == "text" {
            print("""
                first solve:  \(m) mentors × \(n0) mentees in \(String(format: "%.3f", matching.firstSolve.solve)) s
                latecomers:   \(k) added one at a time: median \(String(format: "%.2f", median * 1e3)) ms, max \(String(format: "%.2f", sorted.last! * 1e3)) ms, total \(String(format: "%.3f", total)) s; \(moved) other mentee(s) moved
                final:        \(report.termination), objective \(report.objective.map { String(format: "%.2f", $0) } ?? "—"), bound \(report.bound.map { String(format: "%.2f", $0) } ?? "—") (certified in \(String(format: "%.3f", certifySeconds)) s)
                cold solve:   \(m) × \(n) from scratch: \(cold.termination.reason.rawValue), objective \(cold.objective.map { String(format: "%.2f", $0) } ?? "—") in \(String(format: "%.3f", coldSeconds)) s — \(same ? "the same optimum" : "A DIFFERENT OPTIMUM")
                """)
        } else {
            print(JSONText.object([
                ("mentors", .number(Double(m))), ("firstMentees", .number(Double(n0))), ("latecomers", .number(Double(k))),
                ("firstSolveSeconds", .number(matching.firstSolve.solve)),
                ("addSeconds", .object([("median", .number(median)), ("max", .number(sorted.last!)), ("total", .number(total))])),
                ("moved", .number(Double(moved))),
                ("status", .string(report.termination.reason.rawValue)), ("objective", report.objective.map(JSONText.number) ?? .null),
                ("bound", report.bound.map(JSONText.number) ?? .null), ("certifySeconds", .number(certifySeconds)),
                ("coldSolveSeconds", .number(coldSeconds)), ("coldObjective", cold.objective.map(JSONText.number) ?? .null), ("sameOptimum", .bool(same)),
            ]).rendered())
        }
        if !same || report.termination.reason != .optimal { throw ExitCode(Exit.noMatching) }
    }
}
