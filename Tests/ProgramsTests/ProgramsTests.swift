import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingSolvers
import Programs
import Testing

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
func fixture(_ path: String) -> String { packageRoot.appendingPathComponent(path).path }

/// The Programs module on its own: rules that cannot act, checks without
/// scores, causes in one line each, and generated configs that fit.
@Suite("programs: rules, checks, causes, generated configs")
struct ProgramsTests {
    @Test func vacuousRulesWarnAndBindingOnesAreExplained() throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/broken/good-small.csv"))
        var config = ProgramConfig()
        config.matching.rules = [RuleSpec(kind: "quota", attribute: "gender", value: "Woman", min: 0),
                                 RuleSpec(kind: "maxPerMentor", attribute: "shoe_size", limit: 1)]
        let program = try MentoringProgram(profiles: people, config: config)
        #expect(program.rules.constraints.isEmpty)
        #expect(program.warnings.filter { !$0.contains("weighted criteria score a neutral") } == [
            "matching.rules[0] (quota on gender = Woman): no mentee has gender = 'Woman' (values: man); with min 0 the rule cannot bind and is left out",
            "matching.rules[1] (maxPerMentor on shoe_size): no participant has the attribute 'shoe_size' (attributes: department, gender, location, role, team, timezone); the rule cannot bind and is left out",
        ])
        config.matching.rules = [RuleSpec(kind: "quota", attribute: "Gender", value: "woman", min: 1)]
        #expect(throws: MatchingError.self) { try MentoringProgram(profiles: people, config: config) }
        config.matching.rules = [RuleSpec(kind: "quota", attribute: "gender", value: "Man ", min: 1)]
        do { _ = try MentoringProgram(profiles: people, config: config); Issue.record("a binding quota on a missing value") } catch let e as MatchingError {
            #expect(e.message == "matching.rules[0] (quota on gender = Man ): no mentee has gender = 'Man '; did you mean 'man'? (values: man) — the minimum 1 cannot be met")
        }
    }
    @Test func checkingWithoutScoresCountsWhatNeedsNoPairs() throws {
        // What `check` runs when the cohort is too large to score densely.
        let people = try ParticipantFile.read(path: fixture("Fixtures/exports/reference.csv"))
        var config = ProgramConfig()
        config.matching.minimumLoad = 3
        config.matching.rules = [RuleSpec(kind: "quota", attribute: "track", value: "early", min: 500),
                                 RuleSpec(kind: "composition", attribute: "region", value: "Mars", min: 0)]
        let r = try MentoringProgram.checkWithoutScores(profiles: people, config: config)
        let capacity = people.filter { $0.role != .mentee }.map { $0.capacity ?? 1 }.reduce(0, +)
        let early = people.filter { $0.role != .mentor && $0.attributes["track"] == "early" }.count
        #expect(r.conditions.contains("matching.rules[0] (quota on track = early) needs at least 500 pairs, but its \(early) mentee(s) can have at most \(min(early, capacity)) (capacity \(capacity)): lower its min"), "\(r.conditions)")
        #expect(r.warnings.contains { $0.hasPrefix("matching.rules[1] (composition on region = Mars): no mentor has region = 'Mars'") })
        // The same program, scored: the same quota cause from the pair-level check.
        config.matching.minimumLoad = 0
        let program = try MentoringProgram(profiles: people, config: config)
        #expect(FeasibilityCheck.failedConditions(of: try #require(program.denseProblem)).contains { $0.hasPrefix("constraints[0]") })
    }

    @Test func diagnosticsAboutManyPeopleAreOneLineWithIDs() throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/broken/good-small.csv"))
        let program = try MentoringProgram(profiles: people, config: ProgramConfig())
        // Positions become ids; lines that differ only in the person become one line with a count.
        #expect(program.summarized(["mentor 0 must take a mentee but has no allowed mentee"]) == ["mentor M1 must take a mentee but has no allowed mentee"])
        let many = (0..<1).map { "mentee \($0) needs at least 2 mentors but has only 1 allowed" } + ["mentor 0 needs at least 3 mentees but has only 1 allowed"]
        #expect(program.summarized(many).count == 2)
        #expect(program.summarized(["constraints[0] a", "constraints[0] a"]) == ["constraints[0] a (and 1 more like it; --verbose lists each)"])
    }

    @Test("generated configs fit their cohort", arguments: [(50, 30), (8, 40), (20, 20)])
    func generatedConfigsFit(_ mentors: Int, _ mentees: Int) async throws {
        let people = SyntheticCohort.generate(mentors: mentors, mentees: mentees, seed: 3, scenario: .traditional)
        let config = await ProgramConfig.generated(.traditional, people: people)
        #expect(config.matching.minimumLoad == (mentors * 10 <= mentees * 8 ? 1 : 0))
        let program = try MentoringProgram(profiles: people, config: config)
        #expect(FeasibilityCheck.failedConditions(of: try #require(program.denseProblem)).isEmpty)
    }

    @Test("a generated cohort with its quota minimum, on candidate pairs and pricing: the dense optimum, both proven by their dual potentials, and round 1's searches settle at most 20,000 nodes (each ends as soon as nothing left is nearer than the sink)")
    func quotaGroupSearchesEndAtTheSink() async throws {
        // Popping the nodes that tie with the sink first crossed every matched mentee of the quota
        // group in every search: 145,278 nodes settled in round 1 (measured by a build without the
        // early end), against 6,280 with it.
        let people = SyntheticCohort.generate(mentors: 200, mentees: 1_000, seed: 3, scenario: .traditional)
        let config = await ProgramConfig.generated(.traditional, people: people)
        #expect(config.matching.rules.contains { $0.kind == "quota" && ($0.min ?? 0) > 0 })
        let problem = try #require(try MentoringProgram(profiles: people, config: config).denseProblem)
        let report = try await CandidatePricingSolver().solve(problem, options: SolveOptions())
        let dense = try await NetworkFlowSolver(pricingAbove: .max).solve(problem, options: SolveOptions())
        #expect(report.termination.reason == .optimal && dense.termination.reason == .optimal, "\(report.termination), \(dense.termination)")
        #expect(report.statistics.proof == .dualPotentials && dense.statistics.proof == .dualPotentials,
                "\(String(describing: report.statistics.proof)), \(String(describing: dense.statistics.proof))")
        #expect(abs((report.objective ?? .nan) - (dense.objective ?? .nan)) <= 1e-6 * max(1, abs(dense.objective ?? 0)),
                "\(String(describing: report.objective)) against the dense \(String(describing: dense.objective))")
        let matching = try #require(report.matching)
        #expect(MatchingValidator.check(matching, against: problem).isFeasible)
        let first = try #require(report.statistics.rounds.first)
        #expect(first.nodesSettled > 0 && first.nodesSettled <= 20_000, "\(first.nodesSettled) nodes settled in round 1")
    }

    @Test("a streamed run whose scoring the time limit cut: a matching that keeps every rule, and everyone eligible it leaves out is put down to the limit")
    func cutScoringIsPutDownToTheLimit() async throws {
        let people = SyntheticCohort.generate(mentors: 40, mentees: 200, seed: 4, scenario: .traditional)
        let config = await ProgramConfig.generated(.traditional, people: people)
        let program = try MentoringProgram(profiles: people, config: config, plan: ScoringPlan(forced: .streamed))
        #expect(program.isStreamed)
        var solver = CandidatePricingSolver(blockValues: 1)
        solver.scoringCut = 10   // as half of a time limit cuts the first pass
        let result = try await program.solve(using: solver, options: SolveOptions())
        #expect(result.report.termination.reason == .feasible && result.report.termination.limit == .time, "\(result.report.termination)")
        let matching = try #require(result.report.matching)
        let dense = try #require(try MentoringProgram(profiles: people, config: config, plan: ScoringPlan(forced: .dense)).denseProblem)
        let check = MatchingValidator.check(matching, against: dense)
        #expect(check.isFeasible, "\(check.violations)")
        let left = result.unmatched.filter { $0.category != "not eligible" }
        #expect(!left.isEmpty && left.allSatisfy { $0.category == ProgramResult.timeLimitCategory && $0.reason == ProgramResult.timeLimitReason },
                "\(Set(left.map(\.category)))")
        // A limit already past: no mentor scored, the greedy completion answers. The pairs no pass
        // scored are not counted as excluded (every one of them was, before).
        let past = try await program.solve(using: CandidatePricingSolver(), options: SolveOptions(timeLimit: 1e-9))
        let pastMatching = try #require(past.report.matching, "\(past.report.termination)")
        #expect(MatchingValidator.check(pastMatching, against: dense).isFeasible)
        #expect(past.report.statistics.allowedPairs == nil && past.report.termination.detail.contains("cut the scoring after mentor 0 of 40"), "\(past.report.termination)")
        #expect(past.exclusions.reduce(0) { $0 + $1.pairs } <= dense.forbidden.count, "\(past.exclusions) against \(dense.forbidden.count) excluded")
    }

    @Test("a quota minimum no matching can meet is one cause line, whichever solver found it (the pricing solver's own line restates the failed condition)")
    func unmeetableQuotaIsOneCause() async throws {
        let people = SyntheticCohort.generate(mentors: 30, mentees: 90, seed: 1, scenario: .traditional)
        var config = await ProgramConfig.generated(.traditional, people: people)
        let quota = try #require(config.matching.rules.firstIndex { $0.kind == "quota" })
        config.matching.rules[quota].min = 1_000
        let program = try MentoringProgram(profiles: people, config: config)
        let problem = try #require(program.denseProblem)
        for (name, report) in [("candidate-pricing", try await CandidatePricingSolver().solve(problem, options: SolveOptions())),
                               ("network-flow", try await NetworkFlowSolver().solve(problem, options: SolveOptions()))] {
            #expect(report.termination.reason == .infeasible, "\(name): \(report.termination)")
            let causes = program.causes(of: report)
            #expect(causes.count == 1 && causes[0].hasPrefix("matching.rules[\(quota)]"), "\(name): \(causes)")
        }
    }

    @Test func ruleAttributesMatchProfileFieldsInAnySpelling() throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/exports/reference.csv"))
        var config = ProgramConfig()
        config.matching.rules = [RuleSpec(kind: "maxPerMentor", attribute: "Department", limit: 1)]
        let program = try MentoringProgram(profiles: people, config: config)
        #expect(program.rules.constraints.count == 1)
        #expect(!program.warnings.contains { $0.contains("Department") })
        #expect(program.missingAttributes().isEmpty)
    }
}
