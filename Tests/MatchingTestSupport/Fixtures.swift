import Foundation
import MatchingCore

/// The package's root folder, from this file's path.
public let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// An OR-Library assignment instance of `Fixtures/orlib` as a MentorMatch
/// problem (scores = −cost, every mentor and mentee matched once).
public func orLibraryAssignment(_ name: String) throws -> MatchingProblem {
    let text = try String(contentsOf: packageRoot.appendingPathComponent("Fixtures/orlib/\(name).txt"), encoding: .utf8)
    let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).map { Double($0)! }
    let n = Int(tokens[0])
    precondition(tokens.count == 1 + n * n, "\(name): \(tokens.count) numbers for n = \(n)")
    let scores = try ScoreMatrix(mentors: n, mentees: n, values: ContiguousArray(tokens[1...].map { -$0 }))
    return MatchingProblem(scores: scores, mentorLoad: CountRange(min: 1, max: 1), menteeDemand: CountRange(min: 1, max: 1))
}
