// The umbrella module: `import MentorMatch` brings in the whole library.
// This file turns a solver name (a config's `solver.name`, the CLI's
// `--solver`) into a solver, here because only the umbrella sees both the
// pure-Swift solvers and GLPK.

extension SolverSettings {
    /// The solver ``name`` stands for:
    /// - `auto`: ``MatchingSolvers/AutoSolver`` — network problems to the exact
    ///   ``MatchingSolvers/NetworkFlowSolver``, the rest to GLPK warm-started by
    ///   the Lagrangian heuristic (from 10,000 pairs on priced candidate pairs,
    ///   ``MatchingGLPK/GLPKColumnGenerationSolver``); streamed programs to
    ///   candidate pricing;
    /// - `network-flow` (or `hungarian`): ``MatchingSolvers/NetworkFlowSolver``;
    /// - `candidate-pricing`: ``MatchingSolvers/CandidatePricingSolver``;
    /// - `glpk`: ``MatchingGLPK/GLPKSolver``;
    /// - `glpk-pricing`: price and branch (``MatchingGLPK/GLPKColumnGenerationSolver``)
    ///   warm-started by the Lagrangian heuristic;
    /// - `lagrangian`: ``MatchingSolvers/LagrangianHeuristic``.
    ///
    /// - Parameters:
    ///   - presolve: whether GLPK runs its MIP presolver.
    ///   - pricing: the candidate-pricing settings (candidates per mentee, …).
    public func makeSolver(presolve: Bool = false, pricing: CandidatePricingSolver = CandidatePricingSolver()) -> any MatchingSolver {
        switch name {
        case "network-flow", "hungarian": NetworkFlowSolver()
        case "candidate-pricing": pricing
        case "lagrangian": LagrangianHeuristic()
        case "glpk": GLPKSolver(presolve: presolve)
        case "glpk-pricing": WarmStartedSolver(heuristic: LagrangianHeuristic(), solver: GLPKColumnGenerationSolver())
        default: AutoSolver(integerProgram: GLPKSolver(presolve: presolve), largeIntegerProgram: GLPKColumnGenerationSolver(), candidatePricing: pricing)
        }
    }
}
