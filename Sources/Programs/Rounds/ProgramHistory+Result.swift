import Compatibility
import MatchingCore

extension ProgramHistory.Round {
    /// Round `number` of `program` as `result` matched it: the pairs (ids,
    /// scores to 1/100) and the eligible people left out, each with
    /// `waitedBefore[column] + 1` rounds waited (mentees; in one pool, everyone).
    public init(_ result: ProgramResult, program: MentoringProgram, number: Int, waitedBefore: [Int]? = nil) {
        let pairs = result.assignments.map { ProgramHistory.Link(mentor: $0.mentor, mentee: $0.mentee, score: ($0.score * 100).rounded() / 100) }
        let profiles = program.cohort.profiles, x = program.pairs
        var waiting = [ProgramHistory.Waiting]()
        if program.pool != nil {
            for (i, k) in x.mentorIndices.enumerated() where result.mentorLoads[i] == 0 && profiles[k].eligible {
                waiting.append(.init(id: profiles[k].id, rounds: (waitedBefore?[i] ?? 0) + 1))
            }
        } else {
            var got = [Int](repeating: 0, count: x.menteeIndices.count)
            for a in result.assignments { got[a.menteeColumn] += 1 }
            for (j, k) in x.menteeIndices.enumerated() where got[j] == 0 && profiles[k].eligible {
                waiting.append(.init(id: profiles[k].id, rounds: (waitedBefore?[j] ?? 0) + 1))
            }
        }
        let c = program.config.compatibility
        self.init(round: number, mode: program.config.mode, pairs: pairs.sorted { ($0.mentor, $0.mentee) < ($1.mentor, $1.mentee) },
                  waiting: waiting.sorted { $0.id < $1.id },
                  weights: Dictionary(uniqueKeysWithValues: Criterion.allCases.map { ($0.rawValue, c.weight($0)) }))
    }
}
