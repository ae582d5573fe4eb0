import Foundation
@testable import Compatibility
import MatchingCore
import MatchingSolvers
import Testing

@Suite("Streamed compatibility scores")
struct StreamedScoresTests {
    func config(_ mode: MentoringMode) -> CompatibilityConfig {
        var c = CompatibilityConfig(mode: mode)
        c.weights["interests"] = 0
        c.weights["values"] = 2.5
        c.mustHave = ["language": 0.5, "skillGap": 0.1]
        return c
    }

    @Test("allowed pairs counted on the stream, in parallel blocks of any size, are the dense matrices' counts",
          arguments: [1, 61, 200, 1 << 20])
    func allowedCountsAsDense(_ blockValues: Int) throws {
        let cohort = try Cohort(syntheticCohort(mentors: 23, mentees: 61, seed: 5, mode: .traditional))
        let model = try CompatibilityModel(config: config(.traditional))
        let dense = try model.matrices(for: cohort, cache: .all, precision: .single)
        let source = try model.scoreSource(for: cohort)
        let expected = dense.allowedCounts()
        #expect(expected.mentors.reduce(0, +) < 23 * 61 && expected.mentors.reduce(0, +) > 0, "some pairs must be excluded, some allowed")
        let counted = source.allowedCounts(blockValues: blockValues)
        #expect(counted.mentors == expected.mentors && counted.mentees == expected.mentees)
        // Some columns among every third mentor.
        let rows = (0..<23).map { $0 % 3 == 1 }, columns = [0, 5, 17, 60, 5]
        let want = columns.map { j in (0..<23).filter { rows[$0] && dense.isAllowed(mentor: $0, mentee: j) }.count }
        #expect(source.allowedCounts(ofMentees: columns, amongMentors: rows, blockValues: blockValues) == want)
        #expect(source.allowedCounts(ofMentees: columns, amongMentors: [Bool](repeating: false, count: 23), blockValues: blockValues) == [0, 0, 0, 0, 0])
    }

    @Test("the streamed totals are the dense totals bit for bit, and excluded pairs read -infinity",
          arguments: [MentoringMode.traditional, .reverse])
    func sameAsDense(_ mode: MentoringMode) throws {
        let cohort = try Cohort(syntheticCohort(mentors: 23, mentees: 61, seed: 5, mode: mode))
        let model = try CompatibilityModel(config: config(mode))
        let dense = try model.matrices(for: cohort, cache: .all, precision: .single)
        let source = try model.scoreSource(for: cohort)
        #expect(source.mentors == dense.mentors && source.mentees == dense.mentees)
        let m = source.mentorCount, n = source.menteeCount
        var streamed = [Double](repeating: 0, count: m * n)
        streamed.withUnsafeMutableBufferPointer { b in
            // Uneven blocks, as the solver asks for them.
            source.scores(mentors: 0..<7, into: UnsafeMutableBufferPointer(rebasing: b[0..<(7 * n)]))
            source.scores(mentors: 7..<m, into: UnsafeMutableBufferPointer(rebasing: b[(7 * n)...]))
        }
        var excluded = 0
        for i in 0..<m {
            for j in 0..<n {
                if dense.isAllowed(mentor: i, mentee: j) {
                    #expect(streamed[i * n + j].bitPattern == dense.total[i, j].bitPattern, "(\(i), \(j))")
                } else {
                    excluded += 1
                    #expect(streamed[i * n + j] == -.infinity, "(\(i), \(j)) is excluded")
                }
            }
        }
        #expect(excluded > 0 && excluded < m * n)
        for (i, j) in [(0, 0), (3, 17), (22, 60), (11, 42)] {
            let a = source.explain(mentor: i, mentee: j), b = dense.explain(mentor: i, mentee: j)
            #expect(abs(a.score - b.score) < 1e-4)
            #expect(a.exclusions == b.exclusions)
            #expect(a.contributions.map(\.reason) == b.contributions.map(\.reason))
        }
    }

    @Test("pairs scored one at a time are the row scores bit for bit, excluded pairs included",
          arguments: [MentoringMode.traditional, .reverse, .mutual])
    func pairsAsRows(_ mode: MentoringMode) throws {
        let cohort = try Cohort(syntheticCohort(mentors: 17, mentees: 41, seed: 12, mode: mode))
        var c = config(mode)
        for name in Criterion.allCases.map(\.rawValue) where (c.weights[name] ?? 0) == 0 { c.weights[name] = 1.5 }   // every criterion weighed
        for (weights, hours) in [(config(mode).weights, 2.0), (c.weights, 3.0), (c.weights, 0.75)] {
            var varied = c
            varied.weights = weights
            varied.availabilityHours = hours   // 4·hours not a power of two: a division and a product round apart
            let source = try CompatibilityModel(config: varied).scoreSource(for: cohort)
            let m = source.mentorCount, n = source.menteeCount
            var rows = [Double](repeating: 0, count: m * n)
            rows.withUnsafeMutableBufferPointer { source.scores(mentors: 0..<m, into: $0) }
            #expect(rows.contains(-.infinity) && rows.contains { $0 > 0 }, "some pairs excluded, some allowed")
            for i in 0..<m {
                let columns = (0..<n).reversed().filter { ($0 + i) % 3 != 0 }   // any order, any subset
                var one = [Double](repeating: .nan, count: columns.count)
                one.withUnsafeMutableBufferPointer { source.scores(mentor: i, mentees: columns, into: $0) }
                for (k, j) in columns.enumerated() {
                    #expect(one[k].bitPattern == rows[i * n + j].bitPattern, "\(mode) (\(i), \(j)): \(one[k]) against \(rows[i * n + j])")
                }
            }
        }
    }

    @Test("pricing on the streamed cohort reaches the dense optimum with a department cap")
    func pricingOnCohort() async throws {
        let cohort = try Cohort(syntheticCohort(mentors: 30, mentees: 90, seed: 8))
        let model = try CompatibilityModel(config: config(.traditional))
        let dense = try model.matrices(for: cohort)
        var p = dense.problem()
        p.mentorLoad = Array(repeating: CountRange(min: 0, max: 3), count: p.mentorCount)
        p.unmatchedPenalty = Array(repeating: 10, count: p.menteeCount)
        p.menteeAttributes = ["department": dense.menteeIndices.map { cohort.profiles[$0].department ?? "unknown" }]
        p.constraints = [.maxPerMentor(attribute: "department", limit: 1)]
        let h = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        let source = try model.scoreSource(for: cohort)
        let s = StreamedMatchingProblem(source: source, mentorLoad: p.mentorLoad, menteeDemand: p.menteeDemand,
                                        menteeAttributes: p.menteeAttributes, constraints: p.constraints, unmatchedPenalty: p.unmatchedPenalty)
        let r = try await CandidatePricingSolver(candidatesPerMentee: 2, candidatesPerMentor: 1).solve(s)
        #expect(r.termination.reason == .optimal)
        #expect(abs(r.objective! - h.objective!) < 1e-6)
        #expect(MatchingValidator.check(r.matching!, against: p).isFeasible)
        #expect(abs(DualBound.bound(of: p, duals: r.duals!) - h.objective!) < 1e-6)
    }

    @Test("a model with custom criteria is refused for streaming, naming them")
    func refusesCustom() throws {
        struct Constant: CompatibilityCriterion {
            let name = "constant"
            func score(mentor: Profile, mentee: Profile) -> CriterionScore { CriterionScore(value: 0.5, reason: "always half") }
        }
        let cohort = try Cohort(syntheticCohort(mentors: 2, mentees: 3, seed: 1))
        let model = try CompatibilityModel(customCriteria: [Constant()])
        #expect(throws: MatchingError.self) { try model.scoreSource(for: cohort) }
    }
}
