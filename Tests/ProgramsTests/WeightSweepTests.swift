import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingSolvers
import Programs
import Testing

/// Weight sweeps: each point against an independent program scored and
/// solved from scratch with those weights.
@Suite("weight sweeps")
struct WeightSweepTests {
    @Test("every point of a two-axis grid equals a program scored from scratch with its weights and solved on its own; the config's own weights change no pair")
    func pointsEqualIndependentSolves() async throws {
        let (people, config, program, _, base) = try await BundledCohort.load()
        let solver = NetworkFlowSolver()
        let own = try #require(config.compatibility.weights["skillGap"])
        let sweep = try WeightSweep.grid("skillGap=0..10:3,\(own),availability=2,9", criteria: program.pairs.criterionNames)
        #expect(sweep.criteria == ["skillGap", "availability"] && sweep.weights.count == 8)
        #expect(sweep.weights.map { $0[0] } == [0, 0, 5, 5, 10, 10, own, own])
        let points = try await program.sweep(sweep, base: base, solver: solver, parallel: 2)
        #expect(points.count == 8)
        for (row, point) in zip(sweep.weights, points) {
            var changed = config
            changed.compatibility.weights["skillGap"] = row[0]
            changed.compatibility.weights["availability"] = row[1]
            let fresh = try MentoringProgram(profiles: people, config: changed)
            let freshProblem = try #require(fresh.denseProblem)
            let r = try await solver.solve(freshProblem, options: SolveOptions())
            #expect(point.proven && abs((point.objective ?? .nan) - (r.objective ?? .nan)) < 1e-6, "\(row): \(point.objective ?? .nan) vs \(r.objective ?? .nan)")
            let matching = try #require(r.matching)
            #expect(point.pairs == matching.count && point.changed == Set(base.pairs).subtracting(matching.pairs).count, "\(row)")
            #expect(point.menteesMatched == Set(matching.pairs.map(\.mentee)).count, "\(row)")
            let worst = matching.pairs.map { freshProblem.scores[$0] }.min()
            #expect(point.worstPair != nil && abs((point.worstPair ?? .nan) - (worst ?? .nan)) < 1e-9, "\(row)")
        }
        // The config's own weights, as a sweep point: the base matching.
        let ownAvailability = try #require(config.compatibility.weights["availability"])
        let same = try await program.sweep(try WeightSweep.grid("skillGap=\(own),availability=\(ownAvailability)", criteria: program.pairs.criterionNames), base: base, solver: solver)
        #expect(same.count == 1 && same[0].changed == 0)
        // A base matching as a caller may hand one in (decoded, say): repeats count once, and pairs
        // beyond the program or with negative indices count as pairs the point does not share.
        let odd = Matching(pairs: Array(base.pairs.prefix(5)) + Array(base.pairs.prefix(2))
                           + [Pair(mentor: 10_000, mentee: 3), Pair(mentor: -1, mentee: 0), Pair(mentor: 0, mentee: -4)])
        let againstOdd = try await program.sweep(try WeightSweep.grid("skillGap=\(own),availability=\(ownAvailability)", criteria: program.pairs.criterionNames),
                                                 base: odd, solver: solver)
        #expect(againstOdd.count == 1 && againstOdd[0].changed == Set(odd.pairs).subtracting(base.pairs).count && againstOdd[0].changed == 3,
                "\(againstOdd.map(\.changed))")
        #expect(againstOdd.first?.menteesMatched == Set(base.pairs.map(\.mentee)).count)
    }

    @Test("a fine grid is re-optimised point to point, and gives the same points at any parallelism; every point equals a solve of its own")
    func reoptimisedSweepIsDeterministic() async throws {
        let (_, _, program, problem, base) = try await BundledCohort.load()
        let solver = NetworkFlowSolver()
        let sweep = try WeightSweep.grid("skillGap=6..8:21", criteria: program.pairs.criterionNames)
        // The design's steps are close enough: a chain of its points re-optimises.
        let matrices = try #require(program.matrices)
        let recombination = try matrices.recombination(varying: ["skillGap"])
        var end: NetworkFlowSolver.OptimalFlow? = nil
        var reoptimised = 0
        for row in sweep.weights {
            var variant = problem
            variant.scores = try recombination.total(row)
            end = try await solver.solve(variant, options: SolveOptions(), reoptimisingFrom: end).end
            if end?.reoptimised == true { reoptimised += 1 }
        }
        #expect(reoptimised >= 18, "\(reoptimised) of 20 steps re-optimised")
        let one = try await program.sweep(sweep, base: base, solver: solver, parallel: 1)
        let three = try await program.sweep(sweep, base: base, solver: solver, parallel: 3)
        #expect(one == three)
        for (row, p) in zip(sweep.weights, one) {
            var variant = problem
            variant.scores = try recombination.total(row)
            let fresh = try await solver.solve(variant, options: SolveOptions())
            #expect(p.proven && abs((p.objective ?? .nan) - (fresh.objective ?? .nan)) < 1e-6, "\(row): \(p.objective ?? .nan) vs \(fresh.objective ?? .nan)")
        }
        // The recombined totals are the reweighted matrices' totals.
        let direct = try matrices.reweighted(["skillGap": 7.3]).total
        let recombined = try recombination.total([7.3])
        #expect(zip(direct.values, recombined.values).allSatisfy { abs($0 - $1) < 1e-9 })
        // Several varied criteria (the copy, middle and last steps of the sum), some at 0, and none.
        let several = try matrices.recombination(varying: ["skillGap", "values", "interests"])
        for w in [[7.3, 0, 2.5], [0, 4, 1], [1, 2, 3], [0, 0, 0], [5, 0, 0]] {
            let direct = try matrices.reweighted(["skillGap": w[0], "values": w[1], "interests": w[2]]).total
            let recombined = try several.total(w)
            #expect(zip(direct.values, recombined.values).allSatisfy { abs($0 - $1) < 1e-9 }, "\(w)")
        }
    }

    @Test("designs of 2, 3, 5 and 7 points (one run, a pair of runs, a lone last run) solve every point once, equal to a solve of its own, the same at 1, 2 and 4 lanes")
    func everyRunShapeSolvesEveryPoint() async throws {
        let (_, _, program, problem, base) = try await BundledCohort.load()
        let solver = NetworkFlowSolver()
        let recombination = try #require(program.matrices).recombination(varying: ["skillGap"])
        for count in [2, 3, 5, 7] {
            let sweep = try WeightSweep.grid("skillGap=6..\(6 + 0.1 * Double(count - 1)):\(count)", criteria: program.pairs.criterionNames)
            let one = try await program.sweep(sweep, base: base, solver: solver, parallel: 1)
            #expect(one.count == count && one.map(\.weights) == sweep.weights, "\(count)")
            for lanes in [2, 4] {
                let other = try await program.sweep(sweep, base: base, solver: solver, parallel: lanes)
                #expect(other == one, "\(count) points at \(lanes) lanes")
            }
            for (row, p) in zip(sweep.weights, one) {
                var variant = problem
                variant.scores = try recombination.total(row)
                let fresh = try await solver.solve(variant, options: SolveOptions())
                #expect(p.proven && abs((p.objective ?? .nan) - (fresh.objective ?? .nan)) < 1e-6, "\(count): \(row)")
            }
        }
        // A coarse design (the probe does not re-optimise, or does): every point still proven and equal.
        let coarse = try WeightSweep.grid("skillGap=0..10:5", criteria: program.pairs.criterionNames)
        let points = try await program.sweep(coarse, base: base, solver: solver, parallel: 2)
        for (row, p) in zip(coarse.weights, points) {
            var variant = problem
            variant.scores = try recombination.total(row)
            let fresh = try await solver.solve(variant, options: SolveOptions())
            #expect(p.proven && abs((p.objective ?? .nan) - (fresh.objective ?? .nan)) < 1e-6, "coarse \(row)")
        }
    }

    @Test("the criteria with the mentees renumbered give every total renumbered, bit for bit, for one varied criterion (single precision) and several; the bundled cohort's sweep renumbers (its maxPerMentor values are not in order)")
    func renumberedTotals() async throws {
        let (_, _, program, problem, _) = try await BundledCohort.load()
        guard case .maxPerMentor(let attribute, _) = problem.constraints[try #require(problem.shape.maxPerMentor)] else { Issue.record("no maxPerMentor rule"); return }
        #expect(MenteeRenumbering(byValueOf: problem.menteeCoding(attribute)) != nil)
        let matrices = try #require(program.matrices)
        var g = SplitMix64(seed: 11)
        var order = Array(0..<problem.menteeCount)
        for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, Int(g.next() % UInt64(k + 1))) }
        for names in [["skillGap"], ["skillGap", "values", "interests"]] {
            let recombination = try matrices.recombination(varying: names)
            let renumbered = recombination.reorderingMentees(MenteeRenumbering(order))
            #expect(recombination.holdsSinglePrecision == (names.count == 1) && renumbered.holdsSinglePrecision == (names.count == 1))
            for w in [[3.7], [0], [10], [6.25]] {
                let weights = w + Array(repeating: 2.5, count: names.count - 1)
                let a = try recombination.total(weights), b = try renumbered.total(weights)
                let same = (0..<problem.mentorCount).allSatisfy { i in
                    (0..<problem.menteeCount).allSatisfy { k in a[i, order[k]].bitPattern == b[i, k].bitPattern }
                }
                #expect(same && a.knownFiniteNonNegative == b.knownFiniteNonNegative, "\(names) \(weights)")
            }
        }
    }

    @Test("a total written in place equals a fresh one bit for bit, a matrix of another size is replaced, and a refused weight leaves the matrix as it was")
    func totalInPlaceEqualsFresh() async throws {
        let (_, _, program, problem, _) = try await BundledCohort.load()
        let matrices = try #require(program.matrices)
        for names in [["skillGap"], ["skillGap", "values"]] {
            let recombination = try matrices.recombination(varying: names)
            var scores = problem.scores
            for w in [[3.7], [0], [10], [6.25]] {
                let weights = names.count == 1 ? w : w + [2.5]
                try recombination.total(weights, into: &scores)
                let fresh = try recombination.total(weights)
                #expect(scores.values.elementsEqual(fresh.values) { $0.bitPattern == $1.bitPattern }, "\(names) \(weights)")
                #expect(scores.knownFiniteNonNegative == fresh.knownFiniteNonNegative)
            }
            let before = scores
            #expect(throws: MatchingError.self) { try recombination.total(names.map { _ in 11 }, into: &scores) }
            #expect(scores.values.elementsEqual(before.values) { $0.bitPattern == $1.bitPattern })
            var small = try ScoreMatrix(rows: [[1, 2], [3, 4]])
            try recombination.total(names.map { _ in 5 }, into: &small)
            #expect(small.mentors == problem.mentorCount && small.mentees == problem.menteeCount)
            #expect(small.values.elementsEqual(try recombination.total(names.map { _ in 5 }).values) { $0.bitPattern == $1.bitPattern })
        }
    }

    @Test("a recombined total is known finite and non-negative, so the solves skip re-reading it; a write forgets that, and a NaN written is still caught")
    func recombinedTotalsCarryTheirRange() async throws {
        let (_, _, program, problem, _) = try await BundledCohort.load()
        let recombination = try #require(program.matrices).recombination(varying: ["skillGap"])
        var scores = try recombination.total([7])
        #expect(scores.knownFiniteNonNegative && scores.values.allSatisfy { $0.isFinite && $0 >= 0 })
        // Equality is the values', whatever is known of them.
        let plain = try ScoreMatrix(mentors: scores.mentors, mentees: scores.mentees, values: scores.values)
        #expect(!plain.knownFiniteNonNegative && plain == scores && plain.hashValue == scores.hashValue)
        var variant = problem
        variant.scores = scores
        try variant.validate()
        #expect(SentinelScores(variant) == nil)
        scores[2, 3] = .nan
        #expect(!scores.knownFiniteNonNegative)
        variant.scores = scores
        #expect(throws: MatchingError.self) { try variant.validate() }
        scores[2, 3] = -1e12
        variant.scores = scores
        try variant.validate()
        #expect(SentinelScores(variant) != nil, "a huge negative score is a sentinel level again once the range is forgotten")
    }

    @Test("a point where every criterion weighs 0 is solved (every pair scores 0), as match solves such a config")
    func allZeroPointIsSolved() async throws {
        let (_, _, program, problem, base) = try await BundledCohort.load { config in
            for name in config.compatibility.weights.keys where name != "skillGap" { config.compatibility.weights[name] = 0 }
        }
        let solver = NetworkFlowSolver()
        let points = try await program.sweep(try WeightSweep.grid("skillGap=0,5", criteria: program.pairs.criterionNames), base: base, solver: solver)
        var zero = problem
        zero.scores = ScoreMatrix(mentors: problem.mentorCount, mentees: problem.menteeCount) { _, _ in 0 }
        let expected = try await solver.solve(zero, options: SolveOptions())
        #expect(points[0].proven && abs((points[0].objective ?? .nan) - (expected.objective ?? .nan)) < 1e-9, "\(points[0].objective ?? .nan) vs \(expected.objective ?? .nan)")
        #expect(points[1].proven)
    }

    @Test("grids: ranges, lists, products; one line for each mistake")
    func grids() throws {
        let names = ["skillGap", "personality", "availability"]
        let g = try WeightSweep.grid("skillGap=0..10:6, personality=0,5,10", criteria: names)
        #expect(g.criteria == ["skillGap", "personality"] && g.weights.count == 18 && g.weights.first == [0, 0] && g.weights.last == [10, 10])
        #expect(g.weights.map { $0[0] }.uniqued() == [0, 2, 4, 6, 8, 10])
        for (text, words) in [("skilGap=1", "unknown criterion 'skilGap' (known: availability, personality, skillGap)"), ("skillGap=0..10", "a range is lo..hi:count"),
                              ("skillGap=0..10:1", "a count of at least 2"), ("skillGap=11", "weight 11.0 is outside 0…10"), ("skillGap=a", "'a' in skillGap is not a number"),
                              ("3,skillGap=1", "'3' names no criterion"), ("skillGap=1,skillGap=2", "skillGap is named twice"), ("skillGap=5..1:3", "runs from 5.0 down to 1.0"),
                              ("skillGap=0...10:3", "a range has two dots"),
                              ("", "'' names no criterion")] {
            do { _ = try WeightSweep.grid(text, criteria: names); Issue.record("\(text) accepted") } catch let e as MatchingError {
                #expect(e.message.contains(words), "\(text): \(e.message)")
            }
        }
        let s = try WeightSweep.samples(50, seed: 3, ranges: [("skillGap", 2...4), ("personality", 0...10)])
        #expect(s.weights.count == 50 && s.weights.allSatisfy { (2...4).contains($0[0]) && (0...10).contains($0[1]) })
        #expect(try WeightSweep.samples(50, seed: 3, ranges: [("skillGap", 2...4), ("personality", 0...10)]).weights == s.weights)
        #expect(try WeightSweep.samples(50, seed: 4, ranges: [("skillGap", 2...4), ("personality", 0...10)]).weights != s.weights)
    }
}

/// The bundled traditional cohort (`Fixtures/cohorts/traditional`), its
/// config (changed by `change`), the program, its dense problem and the
/// network solver's matching of it.
enum BundledCohort {
    static func load(_ change: (inout ProgramConfig) -> Void = { _ in }) async throws
        -> (people: [Profile], config: ProgramConfig, program: MentoringProgram, problem: MatchingProblem, base: Matching) {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/traditional/participants.csv"))
        var config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/traditional/program.yaml"))
        change(&config)
        let program = try MentoringProgram(profiles: people, config: config)
        let problem = try #require(program.denseProblem)
        let base = try #require(try await NetworkFlowSolver().solve(problem, options: SolveOptions()).matching)
        return (people, config, program, problem, base)
    }
}

extension Array where Element: Hashable {
    /// The distinct elements in first-seen order.
    func uniqued() -> [Element] { var seen = Set<Element>(); return filter { seen.insert($0).inserted } }
}

/// Each weight's optimality range, by re-solving just inside and just outside its ends.
@Suite("weight sensitivity: optimality ranges")
struct WeightRangeTests {
    @Test("on the bundled cohort, the matching is optimal half a tenth inside each end of each weight's range and beaten half a tenth outside it")
    func rangesAgainstResolves() async throws {
        let people = try ParticipantFile.read(path: fixture("Fixtures/cohorts/traditional/participants.csv"))
        let config = try ConfigFile.read(ProgramConfig.self, path: fixture("Fixtures/cohorts/traditional/program.yaml"))
        let program = try MentoringProgram(profiles: people, config: config)
        let solver = NetworkFlowSolver()
        let problem = try #require(program.denseProblem)
        let matrices = try #require(program.matrices)
        let matching = try #require(try await solver.solve(problem, options: SolveOptions()).matching)
        let results = try await program.weightSensitivity(of: matching, using: solver)
        #expect(!results.isEmpty)
        var bounded = 0
        for r in results {
            #expect(r.proven && r.lowest <= r.weight && r.weight <= r.highest && r.lowest >= 0 && r.highest <= 10, "\(r)")
            func gap(_ w: Double) async throws -> Double {
                var p = problem
                p.scores = try matrices.reweighted([r.criterion: w]).total
                let optimum = try #require(try await solver.solve(p, options: SolveOptions()).objective)
                return optimum - MatchingValidator.check(matching, against: p).objective
            }
            for inside in [r.lowest + 0.05, r.highest - 0.05] where inside > r.lowest && inside < r.highest {
                #expect(try await gap(inside) < 1e-6, "\(r.criterion) at \(inside): not optimal inside [\(r.lowest), \(r.highest)]")
            }
            if r.highest < 9.95 { #expect(try await gap(r.highest + 0.05) > 1e-9, "\(r.criterion) at \(r.highest + 0.05): still optimal"); bounded += 1 }
            if r.lowest > 0.05 { #expect(try await gap(r.lowest - 0.05) > 1e-9, "\(r.criterion) at \(r.lowest - 0.05): still optimal"); bounded += 1 }
        }
        #expect(bounded >= 4, "only \(bounded) finite ends: the crossings are hardly exercised")
    }
}
