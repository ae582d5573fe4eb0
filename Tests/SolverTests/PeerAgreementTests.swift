import Foundation
import MatchingCore
import MatchingSolvers
import MatchingTestSupport
import Testing

/// Whether `python3` can import networkx (installed by `make test` when
/// missing: scripts/ensure-test-peers.sh).
private let networkxAvailable = pythonCanImport("import networkx")

/// The blossom solver against an independent peer: networkx's
/// `max_weight_matching` (Galil's O(n³) primal–dual algorithm, exact on
/// integer weights), run as a real process on the same graphs.
@Suite("blossom solver agrees with networkx")
struct PeerAgreementTests {
    @Test("150 random integer pools (4–120 people, 3–100 % of pairs, negative, zero, tied and large weights): the same optimum as networkx, each proven by its certificate",
          .enabled(if: networkxAvailable, "python3 with networkx is not available (make test installs python3-networkx)"))
    func networkx() async throws {
        var g = SplitMix64(seed: 20261129)
        var pools = [PoolProblem](), graphs = [[String: Any]]()
        for k in 0..<150 {
            let n = 4 + Int(g.next() % 117)
            let density = [3, 10, 30, 60, 100][k % 5]
            // Weights: small (many ties), wide, or large; some negative and zero.
            let range: Int = [6, 200, 1_000_000][k % 3]
            var values = [Double](repeating: 0, count: n * n)
            var edges = [[Int]](), forbidden = Set<Pair>()
            for i in 0..<n {
                for j in (i + 1)..<n {
                    guard Int(g.next() % 100) < density else { forbidden.insert(Pair(MentorIndex(i), MenteeIndex(j))); continue }
                    let w = Int(g.next() % UInt64(range + 1)) - range / 5
                    values[i * n + j] = Double(w)
                    values[j * n + i] = Double(w)
                    edges.append([i, j, w])
                }
            }
            let scores = try ScoreMatrix(mentors: n, mentees: n, values: ContiguousArray(values))
            pools.append(PoolProblem(scores: scores, forbidden: forbidden, partners: Array(repeating: CountRange(min: 0, max: 1), count: n)))
            graphs.append(["n": n, "edges": edges])
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("mm-networkx-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: input) }
        try JSONSerialization.data(withJSONObject: graphs).write(to: URL(fileURLWithPath: input))
        let script = packageRoot.appendingPathComponent("Tests/Peers/networkx_matching.py").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", script, input]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let lines = text.split(separator: "\n")
        try #require(lines.count == pools.count, "networkx answered \(lines.count) of \(pools.count) graphs")
        for (k, pool) in pools.enumerated() {
            let expected = try #require(Double(lines[k].split(separator: " ")[0]))
            let report = try await BlossomSolver().solve(pool)
            #expect(report.termination.reason == .optimal, "graph \(k): \(report.termination)")
            #expect(report.objective == expected, "graph \(k) (\(pool.count) people): \(report.objective ?? .nan) vs networkx \(expected)")
            let duals = try #require(report.duals)
            let check = OddSetBound.check(pool, scale: PoolScale(of: pool), duals: duals)
            #expect(check.violation == nil && check.bound == expected, "graph \(k): \(check.violation ?? "bound \(check.bound ?? .nan)")")
        }
    }
}
