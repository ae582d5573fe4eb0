import MatchingCore
import MatchingTestSupport
import Testing

@Suite("Necessary conditions of feasibility")
struct FeasibilityCheckTests {
    @Test("necessary conditions never fail on a problem brute force can satisfy, and catch fixed pairs over a cap")
    func necessaryConditionsAreSound() throws {
        var fired = 0
        for seed in UInt64(0)..<400 {
            var p = RandomProblems.make(seed: seed, .tiny)
            if seed % 4 == 0, let f = p.fixed.first {
                // A cap of zero on the fixed mentor's value makes the fixed pair break it.
                p.constraints.append(.composition(attribute: "g", value: p.mentorAttributes["g"]![f.mentor.rawValue], count: CountRange(min: 0, max: 0)))
            }
            try p.validate()
            let failed = FeasibilityCheck.failedConditions(of: p)
            if !failed.isEmpty {
                fired += 1
                #expect(BruteForce.solve(p) == nil, "seed \(seed): \(failed)")
            }
        }
        #expect(fired >= 20, "fired \(fired)")
    }
}
