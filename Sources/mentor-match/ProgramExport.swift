import Foundation
import MentorMatch

/// `match --export DIR`: the program as the researcher's tools read it —
/// NumPy arrays of the scores, the ids beside them, the problem file and
/// the integer program.
enum ProgramExport {
    /// Writes into `directory` (created if needed):
    /// - `scores.npy`: the total scores, float64, rows = mentors (in a pool:
    ///   people), `-inf` on pairs that may not be matched;
    /// - `criteria/<name>.npy`: each criterion's value (0…1) for every pair,
    ///   float64, the same shape; `criteria.json`: the names and weights;
    /// - `mentor_ids.csv`, `mentee_ids.csv` (a pool: `person_ids.csv`): the
    ///   rows' and columns' ids, in order;
    /// - `problem.json` (mentor–mentee programs): the whole problem for
    ///   `mentor-match solve --problem` (scores from `scores.npy`);
    /// - `model.lp` and `model.mps`: the integer program (CPLEX LP and free
    ///   MPS), for GLPK, HiGHS, CBC or any other solver.
    ///
    /// - Returns: the paths written.
    /// - Throws: `unsupported` for a streamed program (no dense matrix to
    ///   write); file errors.
    static func write(_ program: MentoringProgram, to directory: String) throws -> [String] {
        guard let matrices = program.matrices else {
            throw MatchingError(.unsupported, "--export writes the dense score matrices: this program's scores are streamed (raise --memory-budget to keep them dense)")
        }
        var written = [String]()
        /// A file error as one line naming the path.
        func writing(_ path: String, _ body: () throws -> Void) throws {
            do { try body() } catch let e as MatchingError { throw e } catch {
                throw MatchingError(.invalidFile, "--export: cannot write \(path): \((error as NSError).localizedDescription)")
            }
        }
        let criteriaDirectory = (directory as NSString).appendingPathComponent("criteria")
        try writing(criteriaDirectory) { try FileManager.default.createDirectory(atPath: criteriaDirectory, withIntermediateDirectories: true) }
        func put(_ name: String, _ data: Data) throws {
            let path = (directory as NSString).appendingPathComponent(name)
            try writing(path) { try data.write(to: URL(fileURLWithPath: path)) }
            written.append(path)
        }
        func model(_ name: String, _ export: (String) throws -> Void) throws {
            let path = (directory as NSString).appendingPathComponent(name)
            try writing(path) { try export(path) }
            written.append(path)
        }
        let m = matrices.mentorIndices.count, n = matrices.menteeIndices.count
        // Criterion values for every pair, one criterion at a time (one matrix held at once).
        let names = matrices.criterionNames
        for name in names { try put("criteria/\(name).npy", NPYWriter.float64(matrices.values(of: name)!, shape: [m, n])) }
        try put("criteria.json", Data((JSONText.object([
            ("criteria", .array(names.enumerated().map { c, name in
                .object([("name", .string(name)), ("weight", .number(matrices.weights[c])), ("file", .string("criteria/\(name).npy"))])
            })),
        ]).rendered() + "\n").utf8))
        func ids(_ indices: [Int], _ header: String) -> Data {
            Data(ResultFiles.csv([[header]] + indices.map { [program.cohort.profiles[$0].id.rawValue] }).utf8)
        }
        if let pool = program.pool {
            // The source's rows (-inf already on the pairs that may not be matched); the diagonal -inf too.
            var scores = [Double](repeating: 0, count: n * n)
            scores.withUnsafeMutableBufferPointer { pool.source.scores(mentors: 0..<n, into: $0) }
            for k in 0..<n { scores[k * n + k] = -.infinity }
            try put("scores.npy", NPYWriter.float64(scores, shape: [n, n]))
            try put("person_ids.csv", ids(matrices.mentorIndices, "person_id"))
            try model("model.lp") { try GLPKSolver.export(pool, to: $0, format: .lp) }
            try model("model.mps") { try GLPKSolver.export(pool, to: $0, format: .mps) }
        } else if let problem = program.denseProblem {
            try put("scores.npy", ProblemFile.scoresNPY(problem))
            try put("mentor_ids.csv", ids(matrices.mentorIndices, "mentor_id"))
            try put("mentee_ids.csv", ids(matrices.menteeIndices, "mentee_id"))
            try put("problem.json", Data((ProblemFile.json(problem, scoresFile: "scores.npy").rendered() + "\n").utf8))
            try model("model.lp") { try GLPKSolver.export(problem, to: $0, format: .lp) }
            try model("model.mps") { try GLPKSolver.export(problem, to: $0, format: .mps) }
        }
        return written
    }
}
