import Compatibility
import MatchingCore

/// What pairing two people would cost: the program solved as it is and
/// with the pair locked (`matching.fixed`), compared.
public struct ForcedPairComparison: Sendable {
    /// The optimum as the program stands.
    public var optimal: ProgramResult
    /// The optimum with the pair locked; `nil` when it cannot be locked (``refusal``).
    public var forced: ProgramResult?
    /// Why the pair cannot be in any matching (excluded by a filter, a
    /// capacity), in one line; `nil` when it can be locked.
    public var refusal: String?
    /// Pairs of the optimum that the forced matching drops.
    public var dropped: [ProgramResult.Assignment]
    /// Pairs the forced matching makes that the optimum does not (the locked one included).
    public var made: [ProgramResult.Assignment]

    /// How much the objective falls when the pair is forced (≥ 0 when both are proven optimal).
    public var cost: Double? {
        guard let a = optimal.report.objective, let b = forced?.report.objective else { return nil }
        return a - b
    }
}

extension MentoringProgram {
    /// Why `mentor` and `mentee` are not paired: the program solved as it
    /// is and again with the pair locked, and the difference — what the
    /// total loses, the pairs dropped and made — or the one line that says
    /// why the pair can never be matched.
    ///
    /// - Parameters:
    ///   - mentor: the mentor of the pair.
    ///   - mentee: the mentee of the pair.
    ///   - profiles: the participants, as ``init(profiles:config:customCriteria:precision:plan:)`` takes them.
    ///   - config: the program's config, likewise.
    ///   - solver: the solver, as ``solve(using:poolSolver:options:)`` takes it.
    ///   - poolSolver: the pool solver, likewise.
    ///   - options: the solve options, likewise.
    /// - Throws: as the program's `init` and `solve`; `invalidConfig` when
    ///   the program has circles (a pair of a circle is not locked).
    /// - Complexity: two solves of the program.
    public static func whyNot(mentor: PersonID, mentee: PersonID, profiles: [Profile], config: ProgramConfig,
                              using solver: any MatchingSolver, poolSolver: (any PoolSolver)? = nil,
                              options: SolveOptions) async throws -> ForcedPairComparison {
        guard config.matching.circles == nil else {
            throw MatchingError(.invalidConfig, "why-not compares pair matchings; with matching.circles there are no pairs to lock")
        }
        let program = try MentoringProgram(profiles: profiles, config: config, plan: ScoringPlan(forced: .dense))
        let optimal = try await program.solve(using: solver, poolSolver: poolSolver, options: options)
        var locked = config
        locked.matching.fixed.append(LockedPair(mentor: mentor, mentee: mentee, source: "the pair asked about"))
        let forcedProgram: MentoringProgram
        do {
            forcedProgram = try MentoringProgram(profiles: profiles, config: locked, plan: ScoringPlan(forced: .dense))
        } catch let e as MatchingError where e.code == .invalidConfig && e.message.hasPrefix("the pair asked about") {
            return ForcedPairComparison(optimal: optimal, forced: nil, refusal: String(e.message.dropFirst("the pair asked about ".count)), dropped: [], made: [])
        }
        let forced = try await forcedProgram.solve(using: solver, poolSolver: poolSolver, options: options)
        func key(_ a: ProgramResult.Assignment) -> [PersonID] { [a.mentor, a.mentee] }
        let before = Set(optimal.assignments.map(key)), after = Set(forced.assignments.map(key))
        return ForcedPairComparison(optimal: optimal, forced: forced, refusal: nil,
                                    dropped: optimal.assignments.filter { !after.contains(key($0)) },
                                    made: forced.assignments.filter { !before.contains(key($0)) })
    }
}
