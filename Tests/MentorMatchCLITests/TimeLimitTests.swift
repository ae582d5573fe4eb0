import Foundation
import Testing

/// `match --time-limit` counts from the command's start: the solver has
/// what reading and building left, less what writing is expected to take.
@Suite("time limit over the whole run")
struct TimeLimitTests {
    @Test("match with a generous --time-limit says how the limit is shared, and writes the same matching as a run with the config's own limit (60 s, shared the same way)")
    func sharedLimit() throws {
        let dir = try temporaryDirectory()
        let participants = fixture("Fixtures/cohorts/traditional/participants.csv")
        let config = fixture("Fixtures/cohorts/traditional/program.yaml")
        let limited = try runCLI(["match", "--participants", participants, "--config", config, "--time-limit", "120", "--out", "\(dir)/limited"])
        #expect(limited.code == 0, "\(limited.err)")
        let note = limited.err.split(separator: "\n").first { $0.hasPrefix("note: the time limit (--time-limit 120 s) counts from the start") }
        #expect(note != nil, "\(limited.err)")
        // The solver's share is the limit less what came before and the writing's estimate: between a tenth and all of it.
        if let note, let share = note.split(separator: " ").dropLast().last.flatMap({ Double($0) }) {
            #expect(share >= 12 && share <= 120, "\(note)")
        }
        let free = try runCLI(["match", "--participants", participants, "--config", config, "--out", "\(dir)/free"])
        #expect(free.code == 0 && free.err.contains("note: the time limit (solver.timeLimit 60 s) counts from the start"), "\(free.err)")
        let a = try String(contentsOfFile: "\(dir)/limited/assignments.csv", encoding: .utf8)
        let b = try String(contentsOfFile: "\(dir)/free/assignments.csv", encoding: .utf8)
        #expect(a == b && a.split(separator: "\n").count > 10)
    }
}
