import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import Programs
import Testing

/// Mutual (peer) programs end to end: one pool, symmetric scores, each
/// person between their minimum and their capacity in partners, solved
/// exactly by the blossom solver.
@Suite("mutual programs: matching within one pool")
struct MutualProgramTests {
    @Test("the mutual fixture: proven optimal, every person within their range, every pair allowed both ways")
    func fixtureMatched() async throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        let config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        let program = try MentoringProgram(profiles: people, config: config)
        let pool = try #require(program.pool)
        let x = try #require(program.matrices)
        #expect(x.mentorIndices == x.menteeIndices)
        let result = try await program.solve(using: UnusedSolver(), options: SolveOptions())
        #expect(result.report.termination.reason == .optimal, "\(result.report.termination)")
        // Scores are not whole numbers: the proof is exact at 10⁻⁷, the bound allowing the rounding.
        let gap = (result.report.bound ?? .nan) - (result.report.objective ?? .nan)
        #expect(gap >= 0 && gap < 1e-3, "gap \(gap)")
        var degree = [Int](repeating: 0, count: pool.count)
        var seen = Set<Pair>()
        for a in result.assignments {
            #expect(a.mentorRow < a.menteeColumn)
            #expect(seen.insert(Pair(MentorIndex(a.mentorRow), MenteeIndex(a.menteeColumn))).inserted)
            #expect(x.isAllowed(mentor: a.mentorRow, mentee: a.menteeColumn) && x.isAllowed(mentor: a.menteeColumn, mentee: a.mentorRow))
            degree[a.mentorRow] += 1
            degree[a.menteeColumn] += 1
        }
        for i in 0..<pool.count { #expect(pool.partners[i].contains(degree[i]), "person \(i): \(degree[i]) partners, range \(pool.partners[i])") }
        #expect(result.mentorLoads == degree)
        // The objective is the pairs' scores less the penalties of those left out.
        let expected = result.assignments.reduce(0.0) { $0 + x.total[Pair(MentorIndex($1.mentorRow), MenteeIndex($1.menteeColumn))] }
            - (0..<pool.count).reduce(0.0) { $0 + (degree[$1] == 0 && pool.partners[$1].max > 0 ? pool.unmatchedPenalty[$1] : 0) }
        #expect(abs(expected - (result.report.objective ?? .nan)) < 1e-6)
        // Everyone left out is explained once, as a peer.
        #expect(result.unmatched.count == degree.filter { $0 == 0 }.count)
        #expect(result.unmatched.allSatisfy { $0.side == "peer" && !$0.reason.isEmpty })
        // Scores are symmetric: each teaches the other.
        for i in 0..<5 { for j in 0..<5 where i != j { #expect(x.total[Pair(MentorIndex(i), MenteeIndex(j))] == x.total[Pair(MentorIndex(j), MenteeIndex(i))]) } }
    }

    @Test("exclusions in mutual mode count each pair of two people once (excluded when either direction is), never a person with themselves")
    func exclusionsCountedOnce() async throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        let config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        let program = try MentoringProgram(profiles: people, config: config)
        let x = try #require(program.matrices)
        let n = x.mentorIndices.count
        var excluded = 0
        for i in 0..<n { for j in (i + 1)..<n where !(x.isAllowed(mentor: i, mentee: j) && x.isAllowed(mentor: j, mentee: i)) { excluded += 1 } }
        #expect(excluded > 0)
        let counts = x.exclusionCounts()
        #expect(counts.reduce(0) { $0 + $1.pairs } == excluded, "\(counts)")
        #expect(x.excludedCount == excluded)
        #expect(!counts.contains { $0.cause.contains("the same person") })
        let result = try await program.solve(using: UnusedSolver(), options: SolveOptions())
        #expect(result.exclusions.map(\.cause) == counts.map(\.cause) && result.exclusions.map(\.pairs) == counts.map(\.pairs))
    }

    @Test("attribute rules in mutual mode are refused with one line naming them")
    func rulesRefused() throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/mutual/participants.csv"))
        var config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/mutual/program.yaml"))
        config.matching.rules = [RuleSpec(kind: "maxPerMentor", attribute: "department", limit: 1)]
        do { _ = try MentoringProgram(profiles: people, config: config); Issue.record("a rule in mutual mode") } catch let e as MatchingError {
            #expect(e.code == .unsupported && e.message.contains("matching.rules in mutual mode"))
        }
    }
}

/// A bipartite solver a mutual program never calls.
struct UnusedSolver: MatchingSolver {
    func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        Issue.record("a mutual program called the bipartite solver")
        return SolveReport(termination: Termination(.error), solver: SolverIdentity(name: "unused", version: "0"))
    }
}
