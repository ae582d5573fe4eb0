import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import Programs

/// What a round adds to a program's files: its number, the history the
/// next round reads (`history.json`), and the changes from the last round
/// (`changes.csv`; none in round 1).
public struct RoundFiles: Sendable {
    /// 1, 2, …
    public var number: Int
    /// The rounds so far, this one last.
    public var history: ProgramHistory
    /// The changes from the last round, with reasons (empty in round 1).
    public var changes: [RoundChange]

    /// Round files.
    public init(number: Int, history: ProgramHistory, changes: [RoundChange] = []) {
        self.number = number
        self.history = history
        self.changes = changes
    }

    /// Round 1 of a program that `result` matched: its pairs and the people left out.
    public static func first(_ result: ProgramResult, program: MentoringProgram) -> RoundFiles {
        RoundFiles(number: 1, history: ProgramHistory(rounds: [ProgramHistory.Round(result, program: program, number: 1)]))
    }

    /// The history as JSON (keys in a fixed order, scores to 1/100): the same history, the same bytes.
    public static func historyJSON(_ h: ProgramHistory) -> String {
        func id(_ p: PersonID) -> JSONText { .string(p.rawValue) }
        let rounds = h.rounds.map { r -> JSONText in
            .object([
                ("round", .number(Double(r.round))), ("mode", .string(r.mode.rawValue)),
                ("pairs", .array(r.pairs.map { l in .object([("mentor", id(l.mentor)), ("mentee", id(l.mentee))] + (l.score.map { [("score", .number($0))] } ?? [])) })),
                ("waiting", .array(r.waiting.map { .object([("id", id($0.id)), ("rounds", .number(Double($0.rounds)))]) })),
                ("outcomes", .array(r.outcomes.map { .object([("mentor", id($0.mentor)), ("mentee", id($0.mentee)), ("result", .string($0.result.rawValue))]) })),
            ] + (r.weights.map { w in [("weights", .object(w.sorted { $0.key < $1.key }.map { ($0.key, .number($0.value)) }))] } ?? []))
        }
        return JSONText.object([("format", .string(ProgramHistory.format)), ("version", .number(Double(ProgramHistory.version))),
                                ("rounds", .array(rounds))]).rendered() + "\n"
    }

    /// `changes.csv`: `mentor_id,mentee_id,change,score,reason`, one line per change.
    public static func changesCSV(_ changes: [RoundChange]) -> String {
        ResultFiles.csv([["mentor_id", "mentee_id", "change", "score", "reason"]] + changes.map { c in
            [c.mentor.rawValue, c.mentee.rawValue, c.kind.rawValue, c.score.map(ResultFiles.score) ?? "", c.reason]
        })
    }

    /// The history in `directory/history.json`.
    ///
    /// - Throws: `invalidFile` naming the file when it is missing (with what
    ///   to run first) or not a history.
    public static func readHistory(from directory: String) throws -> ProgramHistory {
        let path = (directory as NSString).appendingPathComponent("history.json")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw MatchingError(.invalidFile, "\(path): no history here — --previous is the --out directory of the last `match` or `rematch`")
        }
        return try ConfigFile.decode(ProgramHistory.self, from: data, name: path)
    }
}
