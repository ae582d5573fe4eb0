import Foundation
import MatchingCore
import MatchingGLPK
import MatchingSolvers
import MatchingTestSupport
import Testing

/// Whether `python3` can import the `matching` package (installed by
/// `make test` when missing: scripts/ensure-test-peers.sh).
private let matchingPackageAvailable = pythonCanImport("from matching.games import HospitalResident")

/// Two-sided stability: the blocking-pair audit, deferred acceptance and the
/// best-total stable matching, each against an independent answer.
@Suite("stability")
struct StabilityTests {
    @Test("on tiny problems (ties in half): the audit finds exactly the blocking pairs of every matching; both deferred acceptance matchings are stable, each side's the best stable for it; GLPK's best-total stable matching equals brute force", arguments: 0..<4)
    func againstBruteForce(_ batch: Int) async throws {
        var checked = (matchings: 0, stableSets: 0, unstable: 0)
        for seed in UInt64(batch * 40)..<UInt64(batch * 40 + 40) {
            let p = StabilityCases.problem(seed: 9_000 + seed, mentors: 1...3, mentees: 1...4, ties: seed % 2 == 0)
            let prefs = try StabilityPreferences(p)
            var stable = [(Matching, Double)]()
            BruteForce.forEachFeasibleMatching(of: p) { m, check in
                let audit = Set(StabilityAudit.blockingPairs(m, in: p, preferences: prefs).map(\.pair))
                #expect(audit == StabilityCases.naiveBlocking(m, prefs), "seed \(seed): \(m.pairs)")
                checked.matchings += 1
                if audit.isEmpty { stable.append((m, check.objective)) } else { checked.unstable += 1 }
            }
            try #require(!stable.isEmpty, "seed \(seed): no stable matching among the feasible ones")
            checked.stableSets += 1
            for side in DeferredAcceptance.Proposers.allCases {
                let da = DeferredAcceptance.solve(prefs, proposers: side)
                #expect(StabilityAudit.blockingPairs(da, in: p, preferences: prefs).isEmpty, "seed \(seed): \(side) not stable")
                // Strict preferences: every proposer weakly prefers its DA partner to its partner in any stable matching.
                if prefs.isStrict {
                    for (s, _) in stable {
                        switch side {
                        case .mentees:
                            for j in 0..<p.menteeCount {
                                let mine = da.pairs.first { $0.mentee.rawValue == j }.map { prefs.menteeRank[j][$0.mentor.rawValue]! } ?? Int.max
                                let other = s.pairs.first { $0.mentee.rawValue == j }.map { prefs.menteeRank[j][$0.mentor.rawValue]! } ?? Int.max
                                #expect(mine <= other, "seed \(seed): mentee \(j) does better in another stable matching")
                            }
                        case .mentors:
                            // Each mentor's DA set is at least as good as any stable set (Roth 1984: same count, responsive).
                            for i in 0..<p.mentorCount {
                                let mine = da.pairs.filter { $0.mentor.rawValue == i }.map { prefs.mentorRank[i][$0.mentee.rawValue]! }.sorted()
                                let other = s.pairs.filter { $0.mentor.rawValue == i }.map { prefs.mentorRank[i][$0.mentee.rawValue]! }.sorted()
                                #expect(mine.count == other.count && zip(mine, other).allSatisfy { $0 <= $1 }, "seed \(seed): mentor \(i)")
                            }
                        }
                    }
                }
            }
            let best = try await GLPKSolver().bestStable(p, preferences: prefs)
            let expected = stable.map(\.1).max()!
            #expect(best.termination.reason == .optimal, "seed \(seed): \(best.termination)")
            #expect(abs((best.objective ?? .nan) - expected) < 1e-9, "seed \(seed): GLPK \(best.objective ?? .nan), brute force \(expected)")
            if let m = best.matching { #expect(StabilityAudit.blockingPairs(m, in: p, preferences: prefs).isEmpty, "seed \(seed)") }
        }
        #expect(checked.unstable > 50 && checked.stableSets == 40, "\(checked)")
    }

    @Test("with ties and a mentor whose capacity is far above the mentees (1,000,000): GLPK still proves the best stable total, equal to brute force (the stability rows' coefficient is capped at the mentees the mentor accepts)")
    func tiesWithHugeCapacity() async throws {
        for seed in UInt64(0)..<30 {
            var p = StabilityCases.problem(seed: 8_800 + seed, mentors: 1...3, mentees: 2...4, ties: true)
            p.mentorLoad[0] = CountRange(min: 0, max: 1_000_000)
            let prefs = try StabilityPreferences(p)
            var best = -Double.infinity
            BruteForce.forEachFeasibleMatching(of: p) { m, check in
                if StabilityCases.naiveBlocking(m, prefs).isEmpty { best = max(best, check.objective) }
            }
            let r = try await GLPKSolver().bestStable(p, preferences: prefs)
            #expect(r.termination.reason == .optimal && abs((r.objective ?? .nan) - best) < 1e-9, "seed \(seed): \(r.termination), \(r.objective ?? .nan) against \(best)")
            // No coefficient of the program exceeds the mentees a mentor could hold.
            #expect(IntegerProgram(stable: p, preferences: prefs).entryValue.allSatisfy { $0 <= Double(p.menteeCount) }, "seed \(seed)")
        }
    }

    @Test("the best stable matching's program size is counted before it is built: the count equals the built program's coefficients, with ties and without; above the limit the integer program is refused in one line, and the best stable matching of the broken ties is returned unproven")
    func programSizeCountedFirst() async throws {
        for seed in UInt64(0)..<UInt64(40) {
            let p = StabilityCases.problem(seed: 7_000 + seed, mentors: 1...5, mentees: 1...8, ties: seed % 2 == 0)
            let prefs = try StabilityPreferences(p)
            #expect(GLPKSolver.stabilityEntries(prefs) == IntegerProgram(stable: p, preferences: prefs).entryCount, "seed \(seed)")
        }
        // 250 × 500, every pair acceptable, four score levels (ties: deferred acceptance does not settle it):
        // well over 250·500·(250 + 500)/2 coefficients, beyond the limit.
        let big = MatchingProblem(scores: ScoreMatrix(mentors: 250, mentees: 500) { i, j in Double((i * 7 + j * 3) % 4) },
                                  mentorLoad: CountRange(min: 0, max: 2), menteeDemand: CountRange(min: 0, max: 1))
        let prefs = try StabilityPreferences(big)
        #expect(GLPKSolver.stabilityEntries(prefs) > GLPKSolver.stabilityEntryLimit)
        let program = try await GLPKSolver().bestStableProgram(big, preferences: prefs)
        #expect(program.termination.reason == .noSolutionFound && program.termination.detail.contains("coefficients, more than 30000000"), "\(program.termination)")
        // The best of the lattice with ties broken by index still answers: stable, not claimed the best weakly stable.
        let r = try await GLPKSolver().bestStable(big, preferences: prefs)
        #expect(r.termination.reason == .feasible && r.termination.detail.contains("ties broken by index") && r.termination.detail.contains("more than 30000000"), "\(r.termination)")
        let m = try #require(r.matching)
        #expect(StabilityAudit.blockingPairs(m, in: big, preferences: prefs).isEmpty)
    }

    @Test("explicit lists rank first, then the scores; a forbidden pair is acceptable to neither; committees are refused")
    func preferencesFromListsAndScores() throws {
        var p = MatchingProblem(scores: try ScoreMatrix(rows: [[5, 9, 7], [8, 1, 8]]), mentorLoad: CountRange(min: 0, max: 2),
                                menteeDemand: CountRange(min: 0, max: 1))
        p.forbidden = [Pair(mentor: 1, mentee: 1)]
        let prefs = try StabilityPreferences(p, mentorLists: [[2], []], menteeLists: [[], [], []])
        #expect(prefs.mentorRank[0] == [2, 1, 0])          // listed mentee 2 first, then 9 > 5
        #expect(prefs.mentorRank[1] == [0, nil, 0])        // a tie at 8; the forbidden pair unranked
        #expect(prefs.menteeRank[1] == [0, nil] && !prefs.isStrict)
        // A mentee or mentor who takes no one (capacity 0) is acceptable to no one: never matched, never blocking.
        var zero = p
        zero.menteeDemand[2] = CountRange(min: 0, max: 0)
        zero.mentorLoad[0] = CountRange(min: 0, max: 0)
        let z = try StabilityPreferences(zero)
        #expect(z.menteeRank[2].allSatisfy { $0 == nil } && z.mentorRank[0].allSatisfy { $0 == nil })
        for side in DeferredAcceptance.Proposers.allCases {
            #expect(!DeferredAcceptance.solve(z, proposers: side).pairs.contains { $0.mentee.rawValue == 2 || $0.mentor.rawValue == 0 })
        }
        #expect(StabilityAudit.blockingPairs(Matching(pairs: []), in: zero, preferences: z).allSatisfy { $0.pair.mentee.rawValue != 2 && $0.pair.mentor.rawValue != 0 })
        var committees = p
        committees.menteeDemand = [CountRange(min: 0, max: 2), CountRange(min: 0, max: 1), CountRange(min: 0, max: 1)]
        #expect(throws: MatchingError.self) { _ = try StabilityPreferences(committees) }
    }

    @Test("deferred acceptance agrees with the matching package (mentee- and mentor-proposing) on 60 strict instances of up to 12 mentors and 40 mentees",
          .enabled(if: matchingPackageAvailable, "python3 with the matching package is not available (make test installs it from PyPI)"))
    func againstMatchingPackage() throws {
        var instances = [[String: Any]](), answers = [(Matching, Matching)]()
        for k in 0..<60 {
            let p = StabilityCases.problem(seed: 77_000 + UInt64(k), mentors: 2...12, mentees: 3...40, ties: false)
            let prefs = try StabilityPreferences(p)
            try #require(prefs.isStrict)
            func list(_ ranks: [Int?], _ acceptable: (Int) -> Bool) -> [Int] {
                ranks.indices.filter { ranks[$0] != nil && acceptable($0) }.sorted { ranks[$0]! < ranks[$1]! }
            }
            instances.append([
                "mentors": p.mentorCount, "mentees": p.menteeCount, "capacity": prefs.capacity,
                "mentorPrefs": (0..<p.mentorCount).map { i in list(prefs.mentorRank[i]) { prefs.acceptable(i, $0) } },
                "menteePrefs": (0..<p.menteeCount).map { j in list(prefs.menteeRank[j]) { prefs.acceptable($0, j) } },
            ])
            answers.append((DeferredAcceptance.solve(prefs, proposers: .mentees), DeferredAcceptance.solve(prefs, proposers: .mentors)))
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("mm-da-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: input) }
        try JSONSerialization.data(withJSONObject: instances).write(to: URL(fileURLWithPath: input))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", packageRoot.appendingPathComponent("Tests/Peers/matching_da.py").path, input]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(errors.split(separator: "\n").suffix(5).joined(separator: "\n"))")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        try #require(lines.count == instances.count, "the matching package answered \(lines.count) of \(instances.count)")
        func render(_ m: Matching) -> String { m.pairs.map { "\($0.mentor.rawValue)-\($0.mentee.rawValue)" }.joined(separator: " ") }
        for (k, line) in lines.enumerated() {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            #expect(parts.count == 2 && parts[0] == render(answers[k].0) && parts[1] == render(answers[k].1), "instance \(k): \(line) vs \(render(answers[k].0))|\(render(answers[k].1))")
        }
    }
}

/// Stable roommates (one pool): Irving's algorithm against brute force.
@Suite("stable roommates")
struct StableRoommatesTests {
    /// Random strict rankings for n people, some pairs unacceptable (mutually).
    static func rankings(seed: UInt64, n: Int) -> [[Int?]] {
        var g = SplitMix64(seed: seed)
        var acceptable = [[Bool]](repeating: [Bool](repeating: false, count: n), count: n)
        for x in 0..<n { for y in (x + 1)..<n where g.next() % 5 != 0 { acceptable[x][y] = true; acceptable[y][x] = true } }
        return (0..<n).map { x in
            var others = (0..<n).filter { acceptable[x][$0] }
            for k in stride(from: others.count - 1, to: 0, by: -1) { others.swapAt(k, Int(g.next() % UInt64(k + 1))) }
            var rank = [Int?](repeating: nil, count: n)
            for (r, y) in others.enumerated() { rank[y] = r }
            return rank
        }
    }

    /// Every matching of the pool (pairs of acceptable people), by recursion.
    static func allMatchings(_ rank: [[Int?]]) -> [[Pair]] {
        let n = rank.count
        var out = [[Pair]]()
        func extend(_ x: Int, _ used: [Bool], _ pairs: [Pair]) {
            guard x < n else { out.append(pairs); return }
            if used[x] { extend(x + 1, used, pairs); return }
            extend(x + 1, used, pairs)   // x alone
            for y in (x + 1)..<n where !used[y] && rank[x][y] != nil {
                var u = used
                u[x] = true; u[y] = true
                extend(x + 1, u, pairs + [Pair(mentor: x, mentee: y)])
            }
        }
        extend(0, [Bool](repeating: false, count: n), [])
        return out
    }

    @Test("on 300 random pools of 2–8 people: Irving finds a stable matching exactly when brute force finds one, and the one it finds has no blocking pair; unmatched people are unmatched in every stable matching")
    func againstBruteForce() {
        var counts = (stable: 0, none: 0)
        for seed in UInt64(0)..<300 {
            let n = 2 + Int(seed % 7)
            let rank = Self.rankings(seed: 31_000 + seed, n: n)
            let stable = Self.allMatchings(rank).filter { StableRoommates.blockingPairs(Matching(pairs: $0), rank: rank).isEmpty }
            switch StableRoommates.solve(rank) {
            case .stable(let m):
                #expect(!stable.isEmpty, "seed \(seed): Irving found \(m.pairs), brute force none")
                #expect(StableRoommates.blockingPairs(m, rank: rank).isEmpty, "seed \(seed): \(m.pairs) blocked")
                // The same people are matched in every stable matching (Gusfield and Irving, 1989, §4.5.2).
                let matched = Set(m.pairs.flatMap { [$0.mentor.rawValue, $0.mentee.rawValue] })
                for s in stable { #expect(Set(s.flatMap { [$0.mentor.rawValue, $0.mentee.rawValue] }) == matched, "seed \(seed)") }
                counts.stable += 1
            case .none(let person):
                #expect(stable.isEmpty, "seed \(seed): Irving says none (person \(person)), brute force found \(stable.first ?? [])")
                counts.none += 1
            }
        }
        #expect(counts.stable > 100 && counts.none > 10, "\(counts)")
    }

    @Test("rankings from a pool's scores: higher score first, forbidden pairs unacceptable; symmetric scores always admit a stable matching")
    func fromScores() throws {
        let scores = try ScoreMatrix(rows: [[0, 5, 3, 9], [5, 0, 8, 1], [3, 8, 0, 2], [9, 1, 2, 0]])
        let pool = PoolProblem(scores: scores, forbidden: [Pair(mentor: 1, mentee: 3)])
        let rank = StableRoommates.rankings(pool)
        #expect(rank[0] == [nil, 1, 2, 0] && rank[1] == [1, nil, 0, nil])
        guard case .stable(let m) = StableRoommates.solve(rank) else { Issue.record("no stable matching"); return }
        #expect(m.pairs == [Pair(mentor: 0, mentee: 3), Pair(mentor: 1, mentee: 2)])
    }
}
