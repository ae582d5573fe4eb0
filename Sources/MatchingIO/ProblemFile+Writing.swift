import Foundation
import MatchingCore

extension ProblemFile {
    /// The problem file of `problem` (see ``ProblemFile``'s keys), its scores
    /// in the separate file `scoresFile` (a path relative to the problem
    /// file, e.g. `scores.npy` written by ``NPYWriter`` with `-inf` on the
    /// forbidden pairs, which the reader takes back as forbidden).
    ///
    /// ``read(path:nanForbidden:)`` of the file gives back the same problem
    /// (the forbidden pairs through the score file), so another solver or a
    /// later run can study exactly what was solved.
    ///
    /// - Complexity: O(M + N + pairs named + attributes).
    public static func json(_ problem: MatchingProblem, scoresFile: String) -> JSONText {
        func range(_ r: CountRange) -> JSONText {
            .object([("min", .number(Double(r.min)))] + (r.max == .max ? [] : [("max", .number(Double(r.max)))]))
        }
        func pairs(_ list: [Pair]) -> JSONText {
            .array(list.map { .array([.number(Double($0.mentor.rawValue)), .number(Double($0.mentee.rawValue))]) })
        }
        func attributes(_ a: [String: [String]]) -> JSONText {
            .object(a.keys.sorted().map { ($0, .array(a[$0]!.map { .string($0) })) })
        }
        func constraint(_ c: MatchingConstraint) -> JSONText {
            switch c {
            case .maxPerMentor(let a, let limit):
                return .object([("kind", .string(c.kind)), ("attribute", .string(a)), ("limit", .number(Double(limit)))])
            case .quota(let a, let v, let count), .composition(let a, let v, let count):
                return .object([("kind", .string(c.kind)), ("attribute", .string(a)), ("value", .string(v)), ("min", .number(Double(count.min)))]
                    + (count.max == .max ? [] : [("max", .number(Double(count.max)))]))
            case .crossShare(let a, let share):
                return .object([("kind", .string(c.kind)), ("attribute", .string(a)), ("minShare", .number(share))])
            case .parity(let a, let margin), .scoreParity(let a, let margin):
                return .object([("kind", .string(c.kind)), ("attribute", .string(a)), ("margin", .number(margin))])
            }
        }
        return .object([
            ("scores", .string(scoresFile)),
            ("mentorLoad", .array(problem.mentorLoad.map(range))),
            ("menteeDemand", .array(problem.menteeDemand.map(range))),
            ("unmatchedPenalty", .array(problem.unmatchedPenalty.map { .number($0) })),
            ("fixed", pairs(problem.fixed)),
            ("separations", .array(problem.separations.map { .array([.number(Double($0.first.rawValue)), .number(Double($0.second.rawValue))]) })),
            ("mentorAttributes", attributes(problem.mentorAttributes)),
            ("menteeAttributes", attributes(problem.menteeAttributes)),
            ("constraints", .array(problem.constraints.map(constraint))),
            ("objective", .string(problem.objective.rawValue)),
        ])
    }

    /// The scores of `problem` as a mentors × mentees float64 `.npy` file,
    /// `-inf` on the forbidden pairs (``NPYWriter``).
    public static func scoresNPY(_ problem: MatchingProblem) -> Data {
        var values = Array(problem.scores.values)
        let n = problem.menteeCount
        for p in problem.forbidden { values[p.mentor.rawValue * n + p.mentee.rawValue] = -.infinity }
        return NPYWriter.float64(values, shape: [problem.mentorCount, n])
    }
}
