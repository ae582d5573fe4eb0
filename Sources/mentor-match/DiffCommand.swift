import ArgumentParser
import Foundation
import MentorMatch

/// `mentor-match diff`: two runs of a program compared pair by pair.
struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs (their --out directories): each mentee's pairs kept, changed, added or removed, with the score change.",
        discussion: """
            Reads assignments.json of both runs. Prints the counts, the objectives, and one line per mentee whose \
            pairs changed, were added or removed (old mentor → new mentor, scores, change); --out writes every \
            mentee's line as CSV (mentee_id,change,old_mentors,new_mentors,old_score,new_score,delta). Exit 2 when \
            a run cannot be read or the runs are of different kinds.
            """)

    @Argument(help: "The earlier run's --out directory.")
    var old: String

    @Argument(help: "The later run's --out directory.")
    var new: String

    @Option(name: .long, help: "Write every mentee's line to this CSV file.")
    var out: String?

    func run() async throws {
        let diff: RunDiff
        do { diff = try RunDiff(old: old, new: new) } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        let counts = diff.counts
        func score(_ x: Double) -> String { String(format: "%.1f", x) }
        func names(_ xs: [(PersonID, Double)]) -> String { xs.isEmpty ? "no one" : xs.map { "\($0.0) (\(score($0.1)))" }.joined(separator: ", ") }
        var lines = [RunDiff.Change.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ") + (diff.mutual ? " (people)" : " (mentees)")]
        if let a = diff.objectives.old, let b = diff.objectives.new {
            lines.append("objective \(String(format: "%.2f", a)) → \(String(format: "%.2f", b)) (\(String(format: "%+.2f", b - a)))")
        }
        for l in diff.lines where l.change != .kept {
            lines.append("\(l.change.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(l.mentee): \(names(l.before)) → \(names(l.after)) (\(String(format: "%+.1f", l.delta)))")
        }
        print(lines.joined(separator: "\n"))
        if let out {
            do { try Data(diff.csv.utf8).write(to: URL(fileURLWithPath: out)) } catch {
                printError("mentor-match: \(out): cannot be written (\(error.localizedDescription))")
                throw ExitCode(Exit.badInput)
            }
        }
    }
}
