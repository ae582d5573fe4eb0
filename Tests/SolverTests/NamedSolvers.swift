import MatchingCore
import MatchingGLPK
import MatchingSolvers
import Testing

/// A solver under test, with what ``ProblemShape`` (or, for the objective,
/// the solver's documentation) says it must do with a problem: the
/// conformance suite runs every one of ``all``.
struct NamedSolver: Sendable, CustomTestStringConvertible {
    /// What a solver's answers promise.
    enum Claim: Sendable {
        /// Always `optimal` (the true optimum) or `infeasible` (truly).
        case exact
        /// Any termination; a matching that passes the validator under a
        /// valid bound, and `optimal` or `infeasible` only when true.
        case bounded
    }

    /// The name tests use, e.g. `hungarian`.
    let name: String
    /// The solver.
    let solver: any MatchingSolver
    /// Options for its solves (GLPK-based solvers get a time limit).
    let options: SolveOptions
    /// Why its method cannot hold a problem — text its `unsupported`
    /// refusal must quote — or `nil` when it must answer.
    let refusal: @Sendable (MatchingProblem) -> String?
    /// What its answer to a problem it holds promises.
    let claim: @Sendable (MatchingProblem) -> Claim
    /// Whether its `optimal` total-score answers carry duals (``DualBound`` certifies them).
    let certifies: @Sendable (MatchingProblem) -> Bool
    /// Whether it solves a ``StreamedMatchingProblem`` (the others refuse it as `unsupported`).
    let streams: Bool

    var testDescription: String { name }

    init(_ name: String, _ solver: any MatchingSolver, timeLimit: Double? = nil, streams: Bool = false,
         refusal: @escaping @Sendable (MatchingProblem) -> String? = { _ in nil },
         claim: @escaping @Sendable (MatchingProblem) -> Claim = { _ in .exact },
         certifies: @escaping @Sendable (MatchingProblem) -> Bool = { _ in false }) {
        self.name = name
        self.solver = solver
        self.options = SolveOptions(timeLimit: timeLimit)
        self.streams = streams
        self.refusal = refusal
        self.claim = claim
        self.certifies = certifies
    }
}

extension NamedSolver {
    /// The time limit of the solvers that run GLPK: it takes them through
    /// their timed paths (shares of the limit, deadlines, the elastic
    /// diagnosis after an infeasible network) but never binds. A limit that
    /// could bind would make the answers depend on the machine's load — a
    /// test that waits for a busy thread pool can lose 20 s — and the
    /// suite's ``Testing/Trait/timeLimit(_:)`` guards against a hang instead.
    static let glpkTimeLimit = 600.0

    /// Every ``MatchingSolver`` of the package, and the compositions that change what a solver holds.
    static let all: [NamedSolver] = {
        let glpk = glpkTimeLimit
        let network: @Sendable (MatchingProblem) -> String? = { $0.shape.integerProgramReason }
        let pricing: @Sendable (MatchingProblem) -> String? = { $0.shape.candidatePricingRefusal }
        // The Lagrangian heuristic and GLPK on candidate pairs maximise the total only; both say "maxMin" when refusing.
        let totalOnly: @Sendable (MatchingProblem) -> String? = { $0.objective == .maxMin ? "maxMin" : nil }
        let exactOnNetworks: @Sendable (MatchingProblem) -> Claim = { $0.shape.isNetwork ? .exact : .bounded }
        let stingyPricing = CandidatePricingSolver(candidatesPerMentee: 1, candidatesPerMentor: 0, addedPerMentorPerRound: 1, blockValues: 3)
        let stingyColumns = GLPKColumnGenerationSolver(candidatesPerMentee: 1, candidatesPerMentor: 0, addedPerMenteePerRound: 1)
        return [
            NamedSolver("hungarian", NetworkFlowSolver(), refusal: network, certifies: { _ in true }),
            NamedSolver("hungarian, candidate pairs from the start", NetworkFlowSolver(pricingAbove: 0), refusal: network, certifies: { _ in true }),
            NamedSolver("candidate-pricing", CandidatePricingSolver(), streams: true, refusal: pricing, certifies: { _ in true }),
            NamedSolver("candidate-pricing, one candidate per mentee", stingyPricing, streams: true, refusal: pricing, certifies: { _ in true }),
            NamedSolver("lagrangian", LagrangianHeuristic(), refusal: totalOnly, claim: { _ in .bounded }),
            NamedSolver("glpk", GLPKSolver(), timeLimit: glpk),
            NamedSolver("glpk-pricing", GLPKColumnGenerationSolver(), timeLimit: glpk, refusal: totalOnly, claim: { _ in .bounded }),
            NamedSolver("glpk-pricing, one candidate per mentee", stingyColumns, timeLimit: glpk, refusal: totalOnly, claim: { _ in .bounded }),
            NamedSolver("auto", AutoSolver(integerProgram: GLPKSolver()), timeLimit: glpk, streams: true,
                        certifies: { $0.shape.isNetwork }),
            NamedSolver("auto without an integer program", AutoSolver(), streams: true,
                        refusal: { $0.objective == .maxMin ? $0.shape.integerProgramReason : nil }, claim: exactOnNetworks,
                        certifies: { $0.shape.isNetwork }),
            NamedSolver("auto, candidate-pair integer program at any size",
                        AutoSolver(integerProgram: GLPKSolver(), largeIntegerProgram: stingyColumns, largeAbove: 0), timeLimit: glpk, streams: true,
                        claim: { $0.shape.isNetwork || $0.objective == .maxMin ? .exact : .bounded }, certifies: { $0.shape.isNetwork }),
            // A composition passes a streamed problem on: candidate pricing takes it.
            NamedSolver("fallback: candidate-pricing, then glpk", FallbackSolver(primary: CandidatePricingSolver(), fallback: GLPKSolver()),
                        timeLimit: glpk, streams: true, certifies: { $0.shape.candidatePricingRefusal == nil }),
            NamedSolver("fallback: hungarian, then lagrangian", FallbackSolver(primary: NetworkFlowSolver(), fallback: LagrangianHeuristic()),
                        refusal: { $0.shape.isNetwork ? nil : totalOnly($0) }, claim: exactOnNetworks, certifies: { $0.shape.isNetwork }),
            NamedSolver("warm start: lagrangian, then glpk", WarmStartedSolver(heuristic: LagrangianHeuristic(), solver: GLPKSolver()), timeLimit: glpk),
        ]
    }()
}

/// The solver a test names (``NamedSolver/all``): `glpk`, `hungarian`,
/// `lagrangian`, `auto` (with GLPK as its integer-programming solver), ….
func solver(named name: String) -> any MatchingSolver {
    guard let named = NamedSolver.all.first(where: { $0.name == name }) else { preconditionFailure("no solver named \(name)") }
    return named.solver
}
