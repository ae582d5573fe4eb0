import Compatibility
import Foundation
import MatchingCore
import MatchingSolvers

/// A mentoring program too large for dense matrices: the cohort's pairs are
/// scored a block at a time (``Compatibility/CompatibilityScoreSource``) and
/// solved exactly by ``MatchingSolvers/CandidatePricingSolver`` — candidate pairs,
/// then pricing of every other pair — so memory stays independent of
/// mentors × mentees.
///
/// It takes the programs a streamed problem holds: capacities and minimum
/// loads, a mentee demand with no minimum, unmatched penalties (for mentees
/// taking one mentor), a `maxPerMentor` cap (the first rule) and quotas on
/// one mentee attribute. Anything
/// else is refused with ``MatchingCore/MatchingError/Code/unsupported``
/// naming the setting, never dropped.
public struct StreamedProgram: Sendable {
    /// The program's configuration.
    public let config: ProgramConfig
    /// The validated participants.
    public let cohort: Cohort
    /// The streamed scores (rows: mentors, columns: mentees).
    public let scores: CompatibilityScoreSource
    /// The problem the solver gets.
    public let problem: StreamedMatchingProblem

    /// Builds the program; nothing is scored yet.
    ///
    /// - Throws: ``MatchingCore/MatchingError`` — `invalidProfile`,
    ///   `invalidConfig` as ``MentoringProgram`` does, and `unsupported` for a
    ///   setting a streamed problem cannot hold.
    public init(profiles: [Profile], config: ProgramConfig) throws {
        var compatibility = config.compatibility
        compatibility.mode = config.mode
        guard config.mode != .mutual else {
            throw MatchingError(.unsupported, "mutual (peer) matching within one pool needs a general-graph matching solver, which MentorMatch does not have yet")
        }
        let s = config.matching
        try MentoringProgram.checkSettings(s)
        guard s.objective == .total else {
            throw MatchingError(.unsupported, "matching.objective \(s.objective.rawValue): the streamed solver maximises the total score only")
        }
        guard s.menteeDemand.min == 0 else {
            throw MatchingError(.unsupported, "matching.menteeDemand minimum \(s.menteeDemand.min): the streamed solver takes mentee minimums of 0 only")
        }
        if s.menteeDemand.max > 1 && s.unmatchedPenalty > 0 {
            throw MatchingError(.unsupported, "matching.unmatchedPenalty with committees (menteeDemand above 1): the streamed solver takes penalties for single-mentor mentees only")
        }
        let model = try CompatibilityModel(config: compatibility)
        let cohort = try Cohort(profiles, maxSkillLevel: compatibility.maxSkillLevel)
        let source = try model.scoreSource(for: cohort)
        let mentors = source.mentorIndices.map { cohort.profiles[$0] }
        let mentees = source.menteeIndices.map { cohort.profiles[$0] }
        var attributes = [String: [String]]()
        var constraints = [MatchingConstraint]()
        for (k, spec) in s.rules.enumerated() {
            let rule = try spec.constraint(index: k)
            switch rule {
            case .maxPerMentor where k == 0, .quota:
                break
            default:
                throw MatchingError(.unsupported, "matching.rules[\(k)] (\(spec.kind) on \(spec.attribute)): the streamed solver takes a maxPerMentor rule (first) and quotas on one mentee attribute only")
            }
            let values = mentees.map { MentoringProgram.attribute(spec.attribute, of: $0) }
            guard values.contains(where: { $0 != nil }) else {
                throw MatchingError(.invalidConfig, "matching.rules[\(k)] (\(spec.kind) on \(spec.attribute)): no mentee has the attribute '\(spec.attribute)'")
            }
            attributes[spec.attribute] = values.map { $0 ?? MentoringProgram.unknownValue }
            constraints.append(rule)
        }
        problem = StreamedMatchingProblem(
            source: source, mentorLoad: MentoringProgram.loads(mentors, s),
            menteeDemand: mentees.map { _ in s.menteeDemand },
            menteeAttributes: attributes, constraints: constraints,
            unmatchedPenalty: Array(repeating: s.unmatchedPenalty, count: mentees.count))
        try problem.validate()
        self.config = config
        self.cohort = cohort
        scores = source
    }

    /// Bytes the dense path (``MentoringProgram``) would hold for this
    /// cohort: per pair, the eleven criteria in single precision, the total,
    /// the exclusion code and the solver's working copy.
    public var denseBytes: Int { scores.mentorCount * scores.menteeCount * (11 * 4 + 8 + 1 + 8) }

    /// Solves the program with `solver`.
    public func solve(using solver: CandidatePricingSolver = CandidatePricingSolver(), options: SolveOptions = SolveOptions()) async throws -> SolveReport {
        try await solver.solve(problem, options: options)
    }

    /// `text` with "mentor N" and "mentee N" replaced by the people's ids.
    public func withIDs(_ text: String) -> String {
        MentoringProgram.withIDs(text, mentors: scores.mentorIndices, mentees: scores.menteeIndices, cohort: cohort)
    }
}
