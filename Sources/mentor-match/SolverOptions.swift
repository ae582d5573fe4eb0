import ArgumentParser
import MentorMatch

/// The solver options `solve` and `match` share: which solver, its time
/// limit, the gap at which it may stop, GLPK's presolver. A program
/// config's `solver` settings apply where an option is not given.
struct SolverOptions: ParsableArguments {
    @Option(name: .long, help: "auto (network problems to the exact network-flow solver, the rest to GLPK warm-started by the Lagrangian heuristic, streamed programs to candidate pricing), network-flow (alias hungarian), candidate-pricing, glpk, glpk-pricing or lagrangian (default: auto, or the config's solver.name).")
    var solver: String?

    @Option(name: .long, help: "Stop after this many seconds and return the best matching found (default: none for solve; for match, the config's solver.timeLimit, else 60 s for a program solved by search — an integer program, pool rules, circles — and none for a network problem). Every stage shares this one clock: for match and rematch it counts from the start, and reading, scoring, solving and writing share it.")
    var timeLimit: Double?

    @Option(name: .long, help: "Stop when the relative gap between the matching and the bound is at most this (default 0, or the config's solver.mipGap).")
    var mipGap: Double?

    @Flag(name: .long, help: "Use GLPK's MIP presolver.")
    var presolve = false

    func validate() throws {
        if let s = solver, !SolverSettings.names.contains(s) {
            throw ValidationError("--solver must be \(SolverSettings.namesInWords), not '\(s)'")
        }
        if let t = timeLimit, !(t.isFinite && t > 0) { throw ValidationError("--time-limit must be a positive number of seconds") }
        if let g = mipGap, !(g.isFinite && g >= 0) { throw ValidationError("--mip-gap must be a number ≥ 0") }
    }

    /// The solver's name: the option, else `settings`' (a config), else `auto`.
    func name(_ settings: SolverSettings? = nil) -> String { solver ?? settings?.name ?? "auto" }

    /// The solver the options name (candidate pricing with `pricing`'s settings).
    func makeSolver(_ settings: SolverSettings? = nil, pricing: CandidatePricingSolver = CandidatePricingSolver()) -> any MatchingSolver {
        var chosen = settings ?? SolverSettings()
        chosen.name = name(settings)
        return chosen.makeSolver(presolve: presolve, pricing: pricing)
    }

    /// Solve options from these options, falling back to `settings` (a config).
    func solveOptions(_ settings: SolverSettings? = nil) -> SolveOptions {
        SolveOptions(timeLimit: timeLimit ?? settings?.timeLimit, relativeGap: mipGap ?? settings?.mipGap ?? 0)
    }

    /// Solve options for `program`: these options, falling back to its
    /// config, whose time limit defaults by how the program is solved
    /// (``MentoringProgram/timeLimit``).
    func solveOptions(for program: MentoringProgram) -> SolveOptions {
        SolveOptions(timeLimit: timeLimit ?? program.timeLimit, relativeGap: mipGap ?? program.config.solver.mipGap ?? 0)
    }
}
