import GLPKShims
import MatchingCore

/// A text format for exporting a model so that other solvers can check it.
public enum ModelFormat: String, Sendable, CaseIterable {
    /// CPLEX LP format (readable; `glpsol --lp`, CBC, HiGHS, SCIP read it).
    case lp
    /// Free MPS format (`glpsol --freemps`, and most solvers); minimises the negated objective.
    case mps
}

extension GLPKSolver {
    /// Writes the integer program of `problem` (its ``/MatchingCore/Objective/total`` form)
    /// to `path`, with columns named `x_<mentor>_<mentee>` and rows named
    /// after their rule (`demand_<j>`, `load_<i>`, `maxper_…`, `quota_…`).
    /// The objective constant (minus the unmatched penalties) is carried by a
    /// column `objective_constant` fixed at 1, so other solvers report the
    /// same objective value; a model with rows but no other column gets that
    /// column too (objective 0), so that its empty rows (`0 = 1`) are written
    /// and an infeasible model reads back infeasible. MPS files minimise the
    /// negated objective (MPS has no portable maximise), so their optimum is
    /// minus MentorMatch's.
    ///
    /// For ``/MatchingCore/Objective/maxMin`` problems this is the total-score model
    /// without the threshold; the threshold stage is MentorMatch's own.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` when the problem is invalid, too large, or the file cannot be written.
    public static func export(_ problem: MatchingProblem, to path: String, format: ModelFormat) throws {
        try problem.validate()
        try write(IntegerProgram(matching: problem), to: path, format: format)
    }

    /// Writes `program` to `path`: its objective constant as a column fixed
    /// at 1, and for MPS the objective negated (minimised).
    static func write(_ program: IntegerProgram, to path: String, format: ModelFormat) throws {
        var program = program
        // GLPK's LP writer states a row without entries as `0 <first column>` and
        // writes no rows at all for a model without columns: a model whose rows
        // are all empty (say, a pool person with a minimum of partners and every
        // pair forbidden: `0 = 1`) would read back as feasible. The constant
        // column (objective 0 then) keeps such rows, so the model stays infeasible.
        if program.objectiveConstant != 0 || (program.columnCount == 0 && program.rowCount > 0) {
            // The penalties' constant as a column fixed at 1, so that every
            // solver reading the file reports the same objective as MentorMatch.
            program.addColumn(lower: 1, upper: 1, objective: program.objectiveConstant, integer: false, origin: .constant)
            program.objectiveConstant = 0
        }
        if format == .mps {
            // MPS has no portable way to say "maximise": the file minimises the
            // negated objective, which every MPS reader understands alike.
            for c in 0..<program.columnCount { program.objective[c] = -program.objective[c] }
        }
        try _GLPKModel.checkSize(program)
        var message = [CChar](repeating: 0, count: 1024)
        let code = _GLPKModel.with(program, names: true, maximize: format == .lp) { model in
            mm_glpk_write(model, path, format == .lp ? 0 : 1, &message, message.count)
        }
        if code != 0 {
            let text = String(decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw MatchingError(code == 2 ? .solverInternal : .writeFailed,
                                "cannot write the \(format.rawValue.uppercased()) file '\(path)': \(text)")
        }
    }

    /// Whether an internal GLPK error is caught by the guard instead of
    /// ending the process: triggers one (a column index out of range) and
    /// returns GLPK's message.
    public static func selfTestInternalErrorGuard() -> (caught: Bool, message: String) {
        var message = [CChar](repeating: 0, count: 1024)
        let caught = mm_glpk_selftest_internal_error(&message, message.count) == 1
        return (caught, String(decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
}
