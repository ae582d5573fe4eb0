import MatchingCore
import MatchingGLPK
import MatchingSolvers

/// The solver a test names: `glpk`, `hungarian`, `lagrangian`, or `auto`
/// (with GLPK as its integer-programming solver) for anything else.
func solver(named name: String) -> any MatchingSolver {
    switch name {
    case "glpk": GLPKSolver()
    case "hungarian": NetworkFlowSolver()
    case "lagrangian": LagrangianHeuristic()
    default: AutoSolver(integerProgram: GLPKSolver())
    }
}
