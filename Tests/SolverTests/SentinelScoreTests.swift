import Foundation
import MatchingCore
import MatchingGLPK
import MatchingIO
import MatchingSolvers
import MatchingTestSupport
import Testing

/// An exact sum of doubles as a non-overlapping expansion (Shewchuk 1997,
/// Grow-Expansion with Knuth's TwoSum), so that `-1e300 + 10` and `-1e300`
/// stay different. Values are scaled by 2⁻⁸ first, so that sums of a few
/// `-Double.greatestFiniteMagnitude` do not overflow (exact: no value here is
/// small enough to underflow).
struct ExactSum {
    var parts: [Double] = []

    mutating func add(_ value: Double) { addScaled(value * 0x1p-8) }

    /// Adds a value already scaled by 2⁻⁸.
    mutating func addScaled(_ value: Double) {
        var q = value
        var out = [Double]()
        for e in parts {
            let s = q + e
            let bv = s - q
            let err = (q - (s - bv)) + (e - bv)
            if err != 0 { out.append(err) }
            q = s
        }
        if q != 0 { out.append(q) }
        parts = out
    }

    /// The sign of `self − other`: the sign of the largest component of the difference.
    func compare(_ other: ExactSum) -> Int {
        var d = self
        for p in other.parts { d.addScaled(-p) }
        guard let top = d.parts.last else { return 0 }
        return top > 0 ? 1 : -1
    }
}

/// The exact value of a matching: its scores minus the penalties of the mentees it leaves out.
func exactValue(_ matching: Matching, _ p: MatchingProblem) -> ExactSum {
    var s = ExactSum()
    var matched = Set<Int>()
    for pair in matching.pairs { s.add(p.scores[pair]); matched.insert(pair.mentee.rawValue) }
    for j in 0..<p.menteeCount where !matched.contains(j) && p.unmatchedPenalty[j] != 0 { s.add(-p.unmatchedPenalty[j]) }
    return s
}

/// Brute force in exact arithmetic: the best of every matching the validator accepts (``BruteForce``).
func exactBruteForce(_ p: MatchingProblem) -> ExactSum? {
    BruteForce.best(of: p, value: { matching, _ in exactValue(matching, p) }, isBetter: { $0.compare($1) > 0 })?.value
}

let sentinelValues = [-1e15, -1e300, -Double.greatestFiniteMagnitude]

/// A tiny random problem (every rule kind, ``RandomProblems/Options/tiny``)
/// with the total objective, scores of mixed magnitudes (0.25 to about 10⁵,
/// exactly representable) and random sentinel cells.
func sentinelProblem(seed: UInt64) -> MatchingProblem {
    var p = RandomProblems.make(seed: seed, .tiny.with { $0.maxMinChance = 0 })
    var g = SplitMix64(seed: seed &* 31 &+ 5)
    func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(g.next() % UInt64(range.count)) }
    let magnitudes = [0.25, 1, 100, 10_000]
    p.scores = ScoreMatrix(mentors: p.mentorCount, mentees: p.menteeCount) { _, _ in
        int(0...99) < 30 ? sentinelValues[int(0...2)] : Double(int(-4...12)) * magnitudes[int(0...3)]
    }
    return p
}

@Suite("Sentinel scores: huge negative \"never\" scores")
struct SentinelScoreTests {
    /// Checks one solver's report against exact brute force: right, or not claimed optimal.
    func expectRightOrHonest(_ r: SolveReport, _ p: MatchingProblem, _ best: ExactSum?, _ what: String) {
        guard let best else {
            #expect(r.termination.reason != .optimal && r.termination.reason != .feasible, "\(what): brute force finds no matching, got \(r.termination)")
            return
        }
        #expect(r.termination.reason != .infeasible, "\(what): brute force finds a matching, got \(r.termination) \(r.diagnostics)")
        guard r.termination.reason == .optimal else { return }
        guard let matching = r.matching else { Issue.record("\(what): optimal without a matching"); return }
        #expect(MatchingValidator.check(matching, against: p).isFeasible, "\(what)")
        #expect(exactValue(matching, p).compare(best) == 0, "\(what): claimed optimal with \(r.objective ?? .nan), which is not the exact optimum")
        if let bound = r.bound, let objective = r.objective {
            #expect(bound >= objective, "\(what)")
        }
    }

    @Test("every solver equals exact brute force or does not claim optimal", arguments: 0..<60)
    func bruteForce(_ seed: Int) async throws {
        let p = sentinelProblem(seed: UInt64(seed))
        let best = exactBruteForce(p)
        let solvers: [(String, any MatchingSolver)] = [
            ("glpk", GLPKSolver()), ("auto", AutoSolver(integerProgram: GLPKSolver())), ("lagrangian", LagrangianHeuristic()),
        ] + (p.shape.isNetwork ? [("hungarian", NetworkFlowSolver())] : [])
        try p.validate()
        for (name, solver) in solvers {
            // A -Double.greatestFiniteMagnitude score on a forbidden pair once overflowed the Lagrangian step to -inf (seed 38).
            let r = try await solver.solve(p, options: SolveOptions())
            expectRightOrHonest(r, p, best, "seed \(seed), \(name)")
        }
    }

    @Test("the network solvers prove the exact optimum on network problems with sentinels", arguments: 0..<40)
    func networkOptimal(_ seed: Int) async throws {
        var p = sentinelProblem(seed: UInt64(seed) &+ 1000)
        p.separations = []
        p.constraints = []
        guard let best = exactBruteForce(p) else { return }
        for (name, solver) in [("hungarian", NetworkFlowSolver()), ("glpk", GLPKSolver())] as [(String, any MatchingSolver)] {
            let r = try await solver.solve(p, options: SolveOptions())
            #expect(r.termination.reason == .optimal, "seed \(seed), \(name): \(r.termination)")
            expectRightOrHonest(r, p, best, "seed \(seed), \(name)")
        }
    }

    @Test("the rule replaces sentinels by small exact equivalents, and only once")
    func rule() throws {
        let p = MatchingProblem(scores: try ScoreMatrix(rows: [[5, -1e15], [-1e300, 3]]))
        let rule = try #require(SentinelScores(p))
        #expect(rule.levels.map(\.value) == [-1e15, -1e300])
        #expect(rule.maxPairs == 2 && rule.ordinaryRange == 10)
        let q = rule.apply(to: p)
        #expect(q.scores[0, 1] == rule.levels[0].replacement && rule.levels[0].replacement < -10)
        #expect(q.scores[1, 0] < 2 * rule.levels[0].replacement)
        #expect(SentinelScores(q) == nil)
        // Scores with no gap wide enough are left alone.
        #expect(SentinelScores(MatchingProblem(scores: try ScoreMatrix(rows: [[5, -7], [-9, 3]]))) == nil)
        #expect(SentinelScores(MatchingProblem(scores: try ScoreMatrix(rows: [[5, -1e15], [-1e15 + 1, 3]]))) == nil)
    }

    static let caseRoot = packageRoot.appendingPathComponent("Fixtures/cases/sentinel-scores")

    @Test("the shared case scores-1e15.csv: -24 with pairs (0,2), (1,0), (2,1), (5,3), optimal", arguments: ["glpk", "hungarian", "auto", "lagrangian"])
    func caseCSV(_ name: String) async throws {
        var p = MatchingProblem(scores: try ScoreFiles.read(path: Self.caseRoot.appendingPathComponent("scores-1e15.csv").path).scores,
                                mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 1, max: 1))
        p.objective = .total
        let solver = solver(named: name)
        let r = try await solver.solve(p, options: SolveOptions())
        if name == "lagrangian" {
            expectRightOrHonest(r, p, exactBruteForce(p), name)
            return
        }
        #expect(r.termination.reason == .optimal, "\(r.termination)")
        #expect(r.objective == -24 && r.bound == -24, "\(name): \(r.objective ?? .nan) bound \(r.bound ?? .nan)")
        // -24 is reached by (0,2), (1,0), (2,1), (5,3) and also by (0,1), (1,2), (2,3), (5,0).
        let matching = try #require(r.matching)
        var reference = ExactSum()
        reference.add(-24)
        #expect(exactValue(matching, p).compare(reference) == 0)
        #expect(!matching.pairs.contains { p.scores[$0] < -1e14 })
    }

    @Test("the shared case problem-1e15-separation.json: the separation cannot bind, so -24, optimal", arguments: ["glpk", "auto"])
    func caseSeparation(_ name: String) async throws {
        let p = try ProblemFile.read(path: Self.caseRoot.appendingPathComponent("problem-1e15-separation.json").path)
        let solver: any MatchingSolver = name == "glpk" ? GLPKSolver() : AutoSolver(integerProgram: GLPKSolver())
        let r = try await solver.solve(p, options: SolveOptions())
        #expect(r.termination.reason == .optimal, "\(r.termination)")
        #expect(r.objective == -24 && r.bound == -24, "\(name): \(r.objective ?? .nan)")
    }

    @Test("without the rule, a GLPK claim over scores beyond its tolerances is not repeated as optimal")
    func unsafeSpanIsNotOptimal() async throws {
        // -1e15 and -1e15 + 1 side by side: no valid split, so nothing is replaced.
        let rows: [[Double]] = [[-10, -20, -2, -40], [-10, -1e15, -3, -1e15 + 1], [-20, -10, -60, -1],
                                [-20, -1e15, -25, -1e15], [-1e15, -40, -60, -1e15 + 1], [0, -19, -1e15, -2]]
        var p = MatchingProblem(scores: try ScoreMatrix(rows: rows), mentorLoad: CountRange(min: 0, max: 1), menteeDemand: CountRange(min: 1, max: 1))
        p.separations = [Separation(MenteeIndex(0), MenteeIndex(1))]
        #expect(SentinelScores(p) == nil)
        let r = try await GLPKSolver().solve(p, options: SolveOptions())
        let best = try #require(exactBruteForce(p))
        expectRightOrHonest(r, p, best, "glpk")
    }
}
