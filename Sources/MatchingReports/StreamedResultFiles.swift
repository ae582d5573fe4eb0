import Compatibility
import Foundation
import MatchingIO
import MatchingCore
import MatchingSolvers
import Programs

extension ResultFiles {
    /// `mentor_id,mentee_id,score,reasons` for a streamed program's pairs
    /// (each explained on the spot), by mentor then mentee.
    public static func assignmentsCSV(_ r: SolveReport, program: StreamedProgram) -> String {
        let pairs = (r.matching?.pairs ?? []).sorted()
        return csv([["mentor_id", "mentee_id", "score", "reasons"]] + pairs.map { p in
            let e = program.scores.explain(mentor: p.mentor.rawValue, mentee: p.mentee.rawValue)
            return [e.mentor.rawValue, e.mentee.rawValue, score(e.score), e.topReasons(3).joined(separator: "; ")]
        })
    }

    /// The streamed solve's summary: status, solver, objective, bound and
    /// gap over every pair, each pricing round, the pairs with their scores
    /// and reasons, the people left out, and mentor loads.
    public static func assignmentsJSON(_ r: SolveReport, program: StreamedProgram) -> JSONText {
        let source = program.scores
        let m = source.mentorCount, n = source.menteeCount
        let pairs = (r.matching?.pairs ?? []).sorted()
        var load = [Int](repeating: 0, count: m), got = [Int](repeating: 0, count: n)
        for p in pairs { load[p.mentor.rawValue] += 1; got[p.mentee.rawValue] += 1 }
        let pairRows = pairs.map { p -> JSONText in
            let e = source.explain(mentor: p.mentor.rawValue, mentee: p.mentee.rawValue)
            return .object([("mentor", .string(e.mentor.rawValue)), ("mentee", .string(e.mentee.rawValue)), ("score", num(e.score)),
                            ("reasons", .array(e.topReasons(3).map { .string($0) }))])
        }
        let loads = (0..<m).map { i -> JSONText in
            .object([("id", .string(source.mentors[i].rawValue)), ("load", .number(Double(load[i]))),
                     ("capacity", .number(Double(program.problem.mentorLoad[i].max)))])
        }
        return .object(outcomeFields(r, mode: program.config.mode) + [
            ("allowedPairs", .number(Double(r.statistics.allowedPairs ?? 0))),
            ("pricingRounds", roundsJSON(r.statistics.rounds, timings: false)),
            ("diagnostics", .array(r.diagnostics.map { .string(program.withIDs($0)) })),
            ("mentors", .number(Double(m))),
            ("mentees", .number(Double(n))),
            ("pairs", .array(pairRows)),
            ("unmatchedMentees", .array((0..<n).filter { got[$0] == 0 }.map { .string(source.mentees[$0].rawValue) })),
            ("mentorLoads", .array(loads)),
        ])
    }

    /// Writes `assignments.csv` and `assignments.json` for a streamed
    /// program into `directory` (created if needed) and returns their paths.
    ///
    /// - Throws: ``MatchingCore/MatchingError/Code/writeFailed`` naming the file.
    @discardableResult
    public static func write(_ r: SolveReport, program: StreamedProgram, to directory: String) throws -> [String] {
        try write([
            ("assignments.csv", assignmentsCSV(r, program: program)),
            ("assignments.json", assignmentsJSON(r, program: program).rendered() + "\n"),
        ], to: directory)
    }

    /// Writes named texts into `directory` (created if needed).
    static func write(_ files: [(String, String)], to directory: String) throws -> [String] {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw MatchingError(.writeFailed, "\(directory): cannot create the directory (\(error.localizedDescription))")
        }
        var paths = [String]()
        for (name, text) in files {
            let path = (directory as NSString).appendingPathComponent(name)
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                throw MatchingError(.writeFailed, "\(path): cannot be written (\(error.localizedDescription))")
            }
            paths.append(path)
        }
        return paths
    }
}
