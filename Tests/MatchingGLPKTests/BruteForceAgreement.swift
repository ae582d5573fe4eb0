import MatchingCore
import MatchingTestSupport
import Testing

/// How a solver's report compared with brute force's answer.
enum BruteForceAgreement { case infeasible, optimal }

/// Expects `r` to answer `p` as brute force does (`expected`): infeasible
/// when brute force finds no matching; otherwise optimal, with a matching
/// the validator accepts, the same objective and, for `maxMin`, the same
/// worst outcome. Records an issue naming `seed` otherwise; returns what
/// was compared (`nil` when the report had no matching to compare).
func expectBruteForceAgreement(_ r: SolveReport, _ expected: BruteForce.Answer?, on p: MatchingProblem, seed: UInt64) -> BruteForceAgreement? {
    guard let expected else {
        #expect(r.termination.reason == .infeasible, "seed \(seed): brute force finds no matching, \(r.solver.name) says \(r.termination)")
        return .infeasible
    }
    #expect(r.termination.reason == .optimal, "seed \(seed): \(r.termination)")
    guard let matching = r.matching, let objective = r.objective else {
        Issue.record("seed \(seed): no matching; expected \(expected.objective)")
        return nil
    }
    let check = MatchingValidator.check(matching, against: p)
    #expect(check.isFeasible, "seed \(seed): \(check.violations)")
    #expect(abs(objective - expected.objective) < 1e-6 && (p.objective == .total || abs(check.worstOutcome - expected.worstOutcome) < 1e-6),
            "seed \(seed) (\(p.objective)): \(r.solver.name) \(objective) worst \(check.worstOutcome), brute force \(expected.objective) worst \(expected.worstOutcome)")
    return .optimal
}
