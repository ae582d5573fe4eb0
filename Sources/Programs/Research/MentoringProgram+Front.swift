import Compatibility
import MatchingCore
import MatchingSolvers

extension MentoringProgram {
    /// The program's Pareto front between its total score and `objective`
    /// (``/MatchingSolvers/ParetoFront``): every non-dominated point, each an
    /// exact solve of this program with the second objective held at a level.
    ///
    /// `diversity` reads any attribute of the participants (a profile field
    /// such as `department`, or a free column), spelled as a rule would
    /// spell it; people without a value count as `unknown` (see
    /// ``missingValues(of:)``), and both sides must carry it.
    ///
    /// - Throws: `unsupported` for one pool (mutual mode, circles) or
    ///   streamed scores; `invalidConfig` for a diversity attribute nobody
    ///   has; as ``/MatchingSolvers/ParetoFront/trace(_:versus:solver:options:maxSolves:progress:)``.
    /// - Complexity: one solve per point, as there.
    public func paretoFront(versus objective: ParetoFront.Objective, solver: any MatchingSolver, options: SolveOptions = SolveOptions(),
                            maxSolves: Int = 200, progress: (@Sendable (ParetoFront.Point, Int) -> Void)? = nil) async throws -> ParetoFront {
        guard pool == nil else { throw MatchingError(.unsupported, "a Pareto front is traced for mentor–mentee programs; one pool (mutual mode, circles) is not supported yet") }
        guard var problem = denseProblem else { throw MatchingError(.unsupported, "a Pareto front needs dense scores; this program's are streamed") }
        if case .diversity(let name) = objective, problem.mentorAttributes[name] == nil || problem.menteeAttributes[name] == nil {
            let (mentors, mentees) = attributeValues(name)
            guard (mentors + mentees).contains(where: { $0 != nil }) else {
                throw MatchingError(.invalidConfig, "diversity:\(name): no participant has a category '\(name)' — diversity reads department, team, role, location, timezone or a free column of the participants file; numbers and lists (seniority, years, skills, languages…) are not categories")
            }
            // Across is only meaningful when both sides carry the attribute.
            for (side, values) in [("mentors", mentors), ("mentees", mentees)] where !values.contains(where: { $0 != nil }) {
                throw MatchingError(.invalidConfig, "diversity:\(name): no \(side.dropLast()) has '\(name)', so no pair can be across or within it: fill it in for both sides")
            }
            problem.mentorAttributes[name] = mentors.map { $0 ?? Self.unknownValue }
            problem.menteeAttributes[name] = mentees.map { $0 ?? Self.unknownValue }
        }
        return try await ParetoFront.trace(problem, versus: objective, solver: solver, options: options, maxSolves: maxSolves, progress: progress)
    }

    /// Mentors and mentees with no value for `attribute` (spelled as a rule
    /// would spell it): they count as `unknown` in a diversity front.
    public func missingValues(of attribute: String) -> (mentors: Int, mentees: Int) {
        let (mentors, mentees) = attributeValues(attribute)
        return (mentors.filter { $0 == nil }.count, mentees.filter { $0 == nil }.count)
    }

    /// Each mentor's and mentee's value of `name`, resolved as a rule's
    /// attribute is (``resolvedAttribute(_:in:)``); `nil` where blank.
    func attributeValues(_ name: String) -> (mentors: [String?], mentees: [String?]) {
        let profiles = cohort.profiles
        let key = Self.resolvedAttribute(name, in: profiles)
        return (pairs.mentorIndices.map { Self.attribute(key, of: profiles[$0]) }, pairs.menteeIndices.map { Self.attribute(key, of: profiles[$0]) })
    }
}
