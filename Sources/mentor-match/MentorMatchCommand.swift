import ArgumentParser
import Foundation
import MentorMatch

/// The `mentor-match` command-line tool.
@main
struct MentorMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentor-match",
        abstract: "Match mentors and mentees as well as a program's rules allow, and prove how good the matching is.",
        version: MentorMatchRelease.version,
        subcommands: [MatchCommand.self, RematchCommand.self, ExplainCommand.self, CheckCommand.self, GenerateCommand.self, SolveCommand.self, DiffCommand.self, LearnCommand.self, SimulateCommand.self, StabilityCommand.self, FrontCommand.self, SweepCommand.self]
    )
}

/// Writes named texts into `directory` (``ResultFiles/write(_:to:)``); a
/// failure is one line naming the directory or file, and exit 2.
@discardableResult
func writeFiles(_ files: [(String, String)], to directory: String) throws -> [String] {
    do { return try ResultFiles.write(files, to: directory) } catch let e as MatchingError {
        printError("mentor-match: \(e.message)")
        throw ExitCode(Exit.code(for: e))
    }
}

/// Checks a command's `--out` before its work (``ResultFiles/prepare(_:)``);
/// a directory that cannot be written is one line and exit 2.
func prepareOutput(_ directory: String?) throws {
    guard let directory else { return }
    do { try ResultFiles.prepare(directory) } catch let e as MatchingError {
        printError("mentor-match: \(e.message)")
        throw ExitCode(Exit.code(for: e))
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Exit codes shared by the subcommands.
enum Exit {
    /// A matching was returned.
    static let matched: Int32 = 0
    /// The run ended without a matching (infeasible, no solution within the limit, solver error).
    static let noMatching: Int32 = 1
    /// The input was wrong (files, arguments, problem rules).
    static let badInput: Int32 = 2
    /// The solver asked for cannot solve this problem, or a setting is not
    /// available in the program's mode (a composition rule in mutual mode).
    static let unsupported: Int32 = 69

    /// The one table from an error to an exit code, for every command:
    /// a solver's internal failure ends without a matching (1), a problem
    /// no available solver can take is unsupported (69), everything else is
    /// bad input (2).
    static func code(for error: MatchingError) -> Int32 {
        if error.code == .solverInternal { return noMatching }
        if error.code == .unsupported { return unsupported }
        return badInput
    }
}
