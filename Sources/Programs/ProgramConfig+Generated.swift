import Compatibility
import MatchingCore
import MatchingSolvers

extension ProgramConfig {
    /// The config `mentor-match generate` writes for a synthetic cohort, fitted
    /// to it so that its own cohort can always be matched: capacities from the
    /// profiles (default 2), a penalty of 20 for leaving a mentee out, and per
    /// scenario — traditional: a department cap of 2 per mentor and a quota of
    /// 30 % of the early-career pairs the capacities could hold; reverse: skill gap weighted 10 and
    /// the department cap; mutual: no rules.
    ///
    /// Fitting: every mentor owes a minimum of one mentee only when the
    /// eligible mentors number at most 80 % of the eligible mentees (room for
    /// exclusions and the department cap). Then, for cohorts of at most
    /// `verifyPairs` pairs, the program is solved exactly (``/MatchingSolvers/NetworkFlowSolver``);
    /// while it has no matching the minimum load is dropped, then the quota's
    /// minimum (a solve that stops at its limit proves nothing and keeps them).
    /// Larger cohorts keep the counting rules alone.
    public static func generated(_ scenario: SyntheticCohort.Scenario, people: [Profile], verifyPairs: Int = 4_000_000) async -> ProgramConfig {
        let mode = MentoringMode(rawValue: scenario.rawValue)!
        var c = ProgramConfig(mode: mode)
        c.matching.defaultCapacity = 2
        c.matching.unmatchedPenalty = 20
        let mentors = people.filter { $0.role != .mentee && $0.eligible }.count
        let mentees = people.filter { $0.role != .mentor && $0.eligible }.count
        c.matching.minimumLoad = mode != .mutual && mentors * 10 <= mentees * 8 ? 1 : 0
        switch scenario {
        case .traditional:
            // 30 % of the early-career pairs the capacities could hold at most.
            let early = people.filter { $0.role == .mentee && $0.attributes["track"] == "early" }.count
            let capacity = people.filter { $0.role != .mentee && $0.eligible }.reduce(0) { $0 + ($1.capacity ?? c.matching.defaultCapacity) }
            c.matching.rules = [RuleSpec(kind: "maxPerMentor", attribute: "department", limit: 2)]
            if early > 0 { c.matching.rules.append(RuleSpec(kind: "quota", attribute: "track", value: "early", min: Swift.min(early, capacity) * 3 / 10)) }
        case .reverse:
            c.compatibility.weights = ["skillGap": 10, "careerStage": 3]
            c.matching.rules = [RuleSpec(kind: "maxPerMentor", attribute: "department", limit: 2)]
        case .mutual:
            c.matching.rules = []
        }
        guard mode != .mutual else { return c }
        let all = people.filter { $0.role != .mentee }.count * people.filter { $0.role != .mentor }.count
        guard all <= verifyPairs else { return c }
        while await !isMatchable(people, c) {
            if c.matching.minimumLoad > 0 {
                c.matching.minimumLoad = 0
            } else if let q = c.matching.rules.firstIndex(where: { $0.kind == "quota" && ($0.min ?? 0) > 0 }) {
                c.matching.rules[q].min = 0
            } else {
                break
            }
        }
        return c
    }

    /// Whether the program has a matching: false only when it is proven
    /// infeasible (a failed necessary condition, or the exact solver's
    /// proof); a solve that stops at its limit keeps the settings.
    static func isMatchable(_ people: [Profile], _ config: ProgramConfig) async -> Bool {
        guard let program = try? MentoringProgram(profiles: people, config: config, plan: ScoringPlan(forced: .dense)),
              let problem = program.denseProblem else { return false }
        if !FeasibilityCheck.failedConditions(of: problem).isEmpty { return false }
        guard let report = try? await NetworkFlowSolver().solve(problem, options: SolveOptions(timeLimit: 60)) else { return true }
        return report.termination.reason != .infeasible
    }
}
