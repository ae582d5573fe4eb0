import Compatibility
import Foundation
import MatchingCore
import MatchingSolvers

/// A sweep over criterion weights: the program solved exactly at every point
/// of a grid or a seeded random design, each from the cached per-criterion
/// values (``/Compatibility/CompatibilityMatrices/recombination(varying:)``:
/// no profile is scored again, and the criteria not varied are summed once),
/// the points solved in parallel.
///
/// A network program (no rule beyond what the dense engine holds, the total
/// objective) is re-optimised along the design: runs of
/// ``runLength(points:)`` consecutive points, each solved from the optimum
/// of its neighbour
/// (``/MatchingSolvers/NetworkFlowSolver/solve(_:options:reoptimisingFrom:)``),
/// and certified the same way as a solve from nothing. The runs go in pairs
/// from one solve from nothing, the second run's first point: the first run
/// backward from it, the second forward. A probe (the first pair's first
/// step) decides whether the design's steps are close enough to gain; if
/// not, every point is solved on its own.
///
/// A design names criteria and the weights (0–10) each takes; every other
/// criterion keeps the config's weight:
/// - a **grid** (``grid(_:criteria:)``): `skillGap=0..10:6` is six weights
///   evenly from 0 to 10, `personality=0,5,10` a list; several axes give
///   their Cartesian product (first axis slowest);
/// - **samples** (``samples(_:seed:ranges:)``): each point draws every named
///   criterion uniformly in its range (SplitMix64 from the seed).
///
/// Each point reports the solve's objective, bound, gap and proof, what the
/// matching looks like (pairs, mentees matched, worst pair, share across
/// departments) and the pairs it does not share with the base run (the
/// config's own weights). The same design and seed give the same points.
public struct WeightSweep: Sendable {
    /// The criteria the design varies, in column order.
    public let criteria: [String]
    /// The points' weights, one row per point (`criteria` order).
    public let weights: [[Double]]

    /// One solved point.
    public struct Point: Hashable, Sendable {
        /// The weights of the varied criteria (`criteria` order).
        public var weights: [Double]
        /// The objective (total score less penalties), or `nil` without a matching.
        public var objective: Double?
        /// The proven bound, when the solver gives one.
        public var bound: Double?
        /// How the solve ended (``proven`` when optimal; else why not).
        public var termination: Termination
        /// The relative gap between the objective and the bound.
        public var gap: Double? { SolveReport.relativeGap(objective: objective, bound: bound) }
        /// Whether the solve was proven optimal.
        public var proven: Bool { termination.reason == .optimal }
        /// Pairs matched.
        public var pairs: Int
        /// Mentees with a mentor.
        public var menteesMatched: Int
        /// The smallest pair score of the matching (`nil` without pairs).
        public var worstPair: Double?
        /// The share of pairs whose mentor and mentee are in different
        /// departments (`nil` when nobody has a department or there are no pairs).
        public var acrossDepartments: Double?
        /// Pairs of the base run's matching not in this one.
        public var changed: Int
    }

    /// A grid from its text: axes `name=lo..hi:count` or `name=a,b,c`,
    /// separated by commas (a token without `=` continues the list before it).
    ///
    /// - Throws: `invalidConfig` naming the token: an unknown criterion (the
    ///   known ones listed), a weight outside 0…10 or not a number, a count
    ///   below 2, a criterion named twice, an empty axis.
    /// - Complexity: O(points · axes).
    public static func grid(_ text: String, criteria known: [String]) throws -> WeightSweep {
        var axes = [(String, [Double])]()
        func number(_ s: Substring, _ what: String) throws -> Double {
            guard let v = Double(s.trimmed()), v.isFinite else { throw MatchingError(.invalidConfig, "--grid: '\(s)' in \(what) is not a number") }
            guard (0...10).contains(v) else { throw MatchingError(.invalidConfig, "--grid: \(what): weight \(v) is outside 0…10") }
            return v
        }
        for raw in text.split(separator: ",", omittingEmptySubsequences: false) {
            let token = raw.trimmed()
            if let eq = token.firstIndex(of: "=") {
                let name = String(token[..<eq]).trimmed()
                guard known.contains(name) else {
                    throw MatchingError(.invalidConfig, "--grid: unknown criterion '\(name)' (known: \(known.sorted().joined(separator: ", ")))")
                }
                guard !axes.contains(where: { $0.0 == name }) else { throw MatchingError(.invalidConfig, "--grid: \(name) is named twice") }
                let spec = token[token.index(after: eq)...]
                if spec.contains("...") {
                    throw MatchingError(.invalidConfig, "--grid: \(token): a range has two dots, lo..hi:count (e.g. \(name)=0..10:11)")
                }
                if let dots = spec.range(of: "..") {
                    let lo = try number(spec[..<dots.lowerBound], name)
                    let rest = spec[dots.upperBound...].split(separator: ":", omittingEmptySubsequences: false)
                    guard rest.count == 2, let count = Int(rest[1].trimmed()), count >= 2 else {
                        throw MatchingError(.invalidConfig, "--grid: \(token): a range is lo..hi:count with a count of at least 2 (e.g. \(name)=0..10:11)")
                    }
                    let hi = try number(rest[0], name)
                    guard hi >= lo else { throw MatchingError(.invalidConfig, "--grid: \(token): the range runs from \(lo) down to \(hi)") }
                    axes.append((name, (0..<count).map { k in lo + (hi - lo) * Double(k) / Double(count - 1) }))
                } else {
                    axes.append((name, [try number(spec, name)]))
                }
            } else {
                guard !axes.isEmpty else { throw MatchingError(.invalidConfig, "--grid: '\(token)' names no criterion (write name=values, e.g. skillGap=0..10:6)") }
                guard !token.isEmpty else { throw MatchingError(.invalidConfig, "--grid: an empty value after \(axes[axes.count - 1].0)") }
                if token.contains("..") { throw MatchingError(.invalidConfig, "--grid: '\(token)': a range starts an axis (name=lo..hi:count)") }
                axes[axes.count - 1].1.append(try number(Substring(token), axes[axes.count - 1].0))
            }
        }
        guard !axes.isEmpty else { throw MatchingError(.invalidConfig, "--grid names no criterion (e.g. skillGap=0..10:6)") }
        // The Cartesian product, first axis slowest.
        var rows: [[Double]] = [[]]
        for (_, values) in axes { rows = rows.flatMap { row in values.map { row + [$0] } } }
        return WeightSweep(criteria: axes.map(\.0), weights: rows)
    }

    /// `count` points, each criterion of `ranges` drawn uniformly in its range.
    ///
    /// - Throws: `invalidConfig` for a count below 1, no range, or a range outside 0…10.
    public static func samples(_ count: Int, seed: UInt64, ranges: [(criterion: String, range: ClosedRange<Double>)]) throws -> WeightSweep {
        guard count >= 1 else { throw MatchingError(.invalidConfig, "--samples must be at least 1") }
        guard !ranges.isEmpty else { throw MatchingError(.invalidConfig, "samples need at least one criterion to vary") }
        for r in ranges where r.range.lowerBound < 0 || r.range.upperBound > 10 {
            throw MatchingError(.invalidConfig, "\(r.criterion): range \(r.range) is outside 0…10")
        }
        var g = SplitMix64(seed: seed)
        let rows = (0..<count).map { _ in ranges.map { r in r.range.lowerBound + (r.range.upperBound - r.range.lowerBound) * Double(g.next() >> 11) / Double(1 << 53) } }
        return WeightSweep(criteria: ranges.map(\.criterion), weights: rows)
    }

    /// How many consecutive points of a design of `points` a network program
    /// solves one from another (``/MatchingSolvers/NetworkFlowSolver/solve(_:options:reoptimisingFrom:)``):
    /// about four runs (of at least two points), each pair of them starting
    /// from one solve from nothing (the second run's first point; the first
    /// run goes backward from it), so that up to four lanes share the work
    /// and the runs — a function of the design alone — fix which optimum a
    /// tie gives. A solve from nothing costs about as much as twenty
    /// re-optimised steps of a fine grid (measured on the generated
    /// 500 × 1,500 cohort), so fewer runs trade lanes beyond four for less work.
    public static func runLength(points: Int) -> Int { Swift.max(2, (points + 3) / 4) }

    init(criteria: [String], weights: [[Double]]) {
        self.criteria = criteria
        self.weights = weights
    }
}

extension MentoringProgram {
    /// `pairs` sorted, each once (a decoded matching may be in any order, with repeats).
    static func distinctSorted(_ pairs: [Pair]) -> [Pair] {
        let sorted = pairs.sorted()
        return zip(sorted.indices, sorted).filter { $0.0 == 0 || sorted[$0.0 - 1] != $0.1 }.map(\.1)
    }

    /// Solves the program at every point of `sweep`, `parallel` points at a
    /// time, and describes each (``WeightSweep/Point``) against `base`, the
    /// matching of the config's own weights.
    ///
    /// - Throws: `unsupported` for one pool, streamed scores or
    ///   `matching.exploration` (noise is not a weight); as `solver` (a point
    ///   without a matching is reported, not thrown). A point where every
    ///   criterion weighs 0 scores every pair 0 and is solved so, as `match`
    ///   solves such a config.
    /// - Complexity: once, an O(criteria · M · N) sum of the criteria the
    ///   design does not vary (and, with a `maxPerMentor` rule on the network,
    ///   an O((1 + varied) · M · N) copy of the sums with the mentees in its
    ///   value order, as much memory again); per point O(varied · M · N) and
    ///   one solve — for a network program, re-optimised from its neighbour in
    ///   its run (``WeightSweep/runLength(points:)``), usually a few passes
    ///   over the pairs.
    public func sweep(_ sweep: WeightSweep, base: Matching, solver: any MatchingSolver, options: SolveOptions = SolveOptions(),
                      parallel: Int = ProcessInfo.processInfo.activeProcessorCount) async throws -> [WeightSweep.Point] {
        guard let matrices, let problem = denseProblem, pool == nil else {
            throw MatchingError(.unsupported, "a weight sweep re-solves a mentor–mentee program from its dense matrices")
        }
        guard exploration == nil else {
            throw MatchingError(.unsupported, "a weight sweep: matching.exploration adds noise to the scores; remove it to sweep the weights")
        }
        // The base run's pairs, sorted and distinct: a point's pairs are counted against them by one
        // merge (a sweep describes a hundred matchings; set differences hashed every pair of each).
        let basePairs = Self.distinctSorted(base.pairs)
        let profiles = cohort.profiles
        let mentorDepartment = pairs.mentorIndices.map { profiles[$0].department }
        let menteeDepartment = pairs.menteeIndices.map { profiles[$0].department }
        let lanes = Swift.max(1, parallel)
        // The criteria the design does not vary are summed once.
        let recombination = try matrices.recombination(varying: sweep.criteria)
        // A network program is re-optimised along the design: runs of
        // consecutive points, each solved from where its neighbour ended (a
        // pair of runs from one solve from nothing), so that the runs — not the
        // lanes — fix which optimum a tie gives: the same points at any `parallel`.
        let kind = problem.shape.kind
        let count = sweep.weights.count
        // The caller's network solver (or the one AutoSolver would pick) re-optimises.
        let network = (solver as? NetworkFlowSolver) ?? NetworkFlowSolver()
        var resumable = (solver is AutoSolver || solver is NetworkFlowSolver) && problem.objective == .total
            && (kind == .assignment || kind == .layeredNetwork) && count >= 2
        // The network lays out a maxPerMentor rule's mentees by value, gathering every point's
        // profits in that order; the points are solved with the mentees renumbered so once (the
        // same program: MenteeRenumbering), and each point's pairs are read back.
        let renumbering: MenteeRenumbering? = {
            guard resumable, let index = problem.shape.maxPerMentor, case .maxPerMentor(let attribute, _) = problem.constraints[index] else { return nil }
            return MenteeRenumbering(byValueOf: problem.menteeCoding(attribute))
        }()
        let rules: MatchingRules, recombined: CompatibilityMatrices.Recombination
        if let renumbering {
            // The rules and the criteria renumbered side by side.
            async let renumberedRules = problem.rules.reorderingMentees(renumbering)
            recombined = recombination.reorderingMentees(renumbering)
            rules = await renumberedRules
        } else {
            (rules, recombined) = (problem.rules, recombination)
        }
        // `report` of the program `variant` at point `k`, described in the program's own numbering
        // (`variant`'s pairs read back through `readBack` when it is renumbered).
        @Sendable func point(_ k: Int, _ report: SolveReport, _ variant: MatchingProblem, readBack: MenteeRenumbering?) -> WeightSweep.Point {
            let scores = report.matching?.pairs.map { variant.scores[$0] } ?? []
            let m = report.matching.map { matching in readBack.map { r in Matching(pairs: matching.pairs.map(r.original)) } ?? matching }
            let known = m?.pairs.filter { mentorDepartment[$0.mentor.rawValue] != nil && menteeDepartment[$0.mentee.rawValue] != nil } ?? []
            let across = known.filter { mentorDepartment[$0.mentor.rawValue] != menteeDepartment[$0.mentee.rawValue] }.count
            let pointPairs = Self.distinctSorted(m?.pairs ?? [])
            var kept = 0, b = 0
            for p in pointPairs {
                while b < basePairs.count && basePairs[b] < p { b += 1 }
                if b < basePairs.count && basePairs[b] == p { kept += 1 }
            }
            return WeightSweep.Point(
                weights: sweep.weights[k], objective: report.objective, bound: report.bound, termination: report.termination, pairs: m?.count ?? 0,
                menteesMatched: Set(pointPairs.map(\.mentee)).count,
                worstPair: scores.min(), acrossDepartments: known.isEmpty ? nil : Double(across) / Double(known.count),
                changed: basePairs.count - kept)
        }
        // A point of the renumbered program that ends without a matching or in error (or whose solve threw) is solved
        // again in the program's own numbering, so that whatever it says names people as the
        // program does: `variant`'s scores with their columns put back.
        @Sendable func inOwnNumbering(_ k: Int, _ variant: MatchingProblem) async throws -> WeightSweep.Point {
            let place = renumbering!.place
            var own = problem
            own.scores = try ScoreMatrix(mentors: variant.mentorCount, mentees: variant.menteeCount) { i, j in variant.scores[i, place[j]] }
            return point(k, try await solver.solve(own, options: options), own, readBack: nil)
        }

        typealias Solved = (points: [(Int, WeightSweep.Point)], end: NetworkFlowSolver.OptimalFlow?)
        // Solves `indices` in order: re-optimised (when `chained`) each from the optimum before it,
        // the first from `start` (from nothing when `nil`); else each on its own. Steps too far
        // apart to re-optimise (the solver gave up on two in a row) are solved from nothing for
        // the rest of the run.
        // `keepEnd`: whether the run's last optimum is returned (a run that goes on later), not dropped.
        @Sendable func solveRun(_ indices: [Int], from start: NetworkFlowSolver.OptimalFlow?, chained: Bool, keepEnd: Bool) async throws -> Solved {
            var solved = [(Int, WeightSweep.Point)]()
            var end = start
            var resuming = chained
            var failures = 0
            guard let first = indices.first else { return ([], keepEnd ? start : nil) }
            // One program per run (renumbered, when the design is), its scores rewritten in place at each point.
            var v = MatchingProblem(scores: try recombined.total(sweep.weights[first]), rules: rules)
            for k in indices {
                if k != first { try recombined.total(sweep.weights[k], into: &v.scores) }
                let report: SolveReport
                do {
                    if resuming {
                        let tried = end != nil
                        (report, end) = try await network.solve(v, options: options, reoptimisingFrom: end)
                        if tried {
                            failures = end?.reoptimised == true ? 0 : failures + 1
                            if failures == 2 { resuming = false }
                        }
                    } else {
                        report = try await solver.solve(v, options: options)
                    }
                } catch is MatchingError where renumbering != nil {
                    solved.append((k, try await inOwnNumbering(k, v)))
                    continue
                }
                // (A point stopped by the time limit names nobody: it stands.)
                if renumbering != nil && report.termination.reason != .optimal && report.termination.reason != .feasible {
                    solved.append((k, try await inOwnNumbering(k, v)))
                } else {
                    solved.append((k, point(k, report, v, readBack: renumbering)))
                }
            }
            return (solved, resuming && keepEnd ? end : nil)
        }
        // Runs `jobs`, `lanes` at a time; their results in job order.
        func inLanes<Result: Sendable>(_ jobs: [@Sendable () async throws -> Result]) async throws -> [Result] {
            var results = [Result?](repeating: nil, count: jobs.count)
            try await withThrowingTaskGroup(of: (Int, Result).self) { group in
                var next = 0
                func launch() {
                    guard next < jobs.count else { return }
                    let job = jobs[next], index = next
                    next += 1
                    group.addTask { (index, try await job()) }
                }
                for _ in 0..<lanes { launch() }
                while let (index, solved) = try await group.next() {
                    results[index] = solved
                    launch()
                }
            }
            return results.map { $0! }
        }
        var points = [WeightSweep.Point?](repeating: nil, count: count)
        var remaining: [(indices: [Int], start: NetworkFlowSolver.OptimalFlow?)]
        if resumable {
            // Runs of consecutive points (a function of the design alone, so that the runs — not
            // the lanes — fix which optimum a tie gives), taken in pairs that share one solve from
            // nothing: the second run's first point (the seed), from which the first run goes
            // backward and the second forward (a lone last run goes forward from its own first
            // point). First, at once: every seed, and the probe — the first pair's first step —
            // which decides whether the design's steps are close enough to re-optimise.
            let run = WeightSweep.runLength(points: count)
            let runs = stride(from: 0, to: count, by: run).map { $0..<Swift.min($0 + run, count) }
            let pairs = stride(from: 0, to: runs.count, by: 2).map { r -> (seed: Int, forward: [Int], backward: [Int]) in
                guard r + 1 < runs.count else { return (runs[r].lowerBound, Array(runs[r].dropFirst()), []) }
                return (runs[r + 1].lowerBound, Array(runs[r + 1].dropFirst()), Array(runs[r].reversed()))
            }
            // (A count of at least 2 gives the first pair a point beside its seed.)
            let probe = pairs[0].forward.first ?? pairs[0].backward[0]
            typealias Seeded = (points: [(Int, WeightSweep.Point)], seed: NetworkFlowSolver.OptimalFlow?, probe: NetworkFlowSolver.OptimalFlow?)
            let seeded = try await inLanes(pairs.indices.map { k in
                { @Sendable () async throws -> Seeded in
                    let seed = try await solveRun([pairs[k].seed], from: nil, chained: true, keepEnd: true)
                    guard k == 0 else { return (seed.points, seed.end, nil) }
                    // The probe takes the seed's network.
                    let step = try await solveRun([probe], from: seed.end, chained: true, keepEnd: true)
                    return (seed.points + step.points, seed.end, step.end)
                }
            })
            for pair in seeded { for (k, p) in pair.points { points[k] = p } }
            resumable = seeded[0].probe?.reoptimised == true
            // Re-optimised: the first pair's probed chain goes on from the probe, and every other
            // chain from its seed's optimum — with the seed's network for one chain of a pair and
            // without it for the other, so that no two jobs race for one network; otherwise every
            // point on its own.
            remaining = zip(pairs, seeded).enumerated().flatMap { k, paired -> [(indices: [Int], start: NetworkFlowSolver.OptimalFlow?)] in
                let (pair, done) = paired
                let chains: [([Int], NetworkFlowSolver.OptimalFlow?)]
                switch (k == 0, pair.forward.isEmpty) {
                case (true, true): chains = [(Array(pair.backward.dropFirst()), done.probe)]
                case (true, false): chains = [(Array(pair.forward.dropFirst()), done.probe), (pair.backward, done.seed?.withoutNetwork)]
                case (false, true): chains = [(pair.backward, done.seed)]
                case (false, false): chains = [(pair.forward, done.seed), (pair.backward, done.seed?.withoutNetwork)]
                }
                return chains.flatMap { indices, start in
                    resumable ? [(indices, start)] : indices.map { ([$0], nil) }
                }
            }
        } else {
            remaining = (0..<count).map { ([$0], nil) }
        }
        let chained = resumable
        // The longest chains first, so that the lanes end together (which lane runs a chain does
        // not change its points).
        let rest = try await inLanes(remaining.filter { !$0.indices.isEmpty }.enumerated()
            .sorted { ($0.element.indices.count, -$0.offset) > ($1.element.indices.count, -$1.offset) }.map(\.element).map { job in
            { try await solveRun(job.indices, from: job.start, chained: chained, keepEnd: false) }
        })
        for solved in rest { for (k, p) in solved.points { points[k] = p } }
        return points.map { $0! }
    }
}
