import Foundation
import Testing

/// The route and the proof as values in the JSON, for tests and tools to
/// read instead of the English of the diagnostics.
@Suite("solve statistics: route and proof as values")
struct SolveStatisticsTests {
    func statistics(_ arguments: [String]) throws -> [String: Any] {
        let r = try runCLI(["solve"] + arguments)
        #expect(r.code == 0, "\(r.err)")
        return try #require(try object(r.out)["statistics"] as? [String: Any])
    }

    @Test func eachRouteSaysWhatItIsAndWhatProvesIt() throws {
        let dense = try statistics(["--generate", "30x30", "--family", "lsa", "--solver", "hungarian"])
        #expect(dense["route"] as? String == "network" && dense["proof"] as? String == "dualPotentials")
        let priced = try statistics(["--generate", "400x2000", "--family", "div"])
        #expect(priced["route"] as? String == "candidatePricing" && priced["proof"] as? String == "dualPotentials")
        #expect((priced["pricingRounds"] as? Int ?? 0) >= 1 && (priced["candidatePairs"] as? Int ?? 0) > 0)
        #expect((priced["allowedPairs"] as? Int ?? 0) > (priced["candidatePairs"] as? Int ?? 0))
        let glpk = try statistics(["--problem", "Fixtures/problems/program.json", "--solver", "glpk"])
        #expect(glpk["route"] as? String == "integerProgram")
        #expect(["branchAndBound", "branchAndBoundConfirmed"].contains(glpk["proof"] as? String ?? ""), "\(glpk)")
        let lagrangian = try statistics(["--problem", "Fixtures/problems/program.json", "--solver", "lagrangian"])
        #expect(lagrangian["route"] as? String == "lagrangian")
    }
}
