import Foundation
import MatchingCore

/// A matching of a pool with rules (``/MatchingCore/PoolRule``) and a proven upper bound,
/// by Lagrangian relaxation with the exact blossom solver as the
/// subproblem — for pools too large for the integer program's branch and
/// bound, and as its warm start.
///
/// The method (Fisher 1981, "The Lagrangian relaxation method for solving
/// integer programming problems"): a `crossShare` rule
/// `Σ ([a_i ≠ a_j] − s) x_ij ≥ 0` moves into the pair scores with a
/// multiplier λ ≥ 0 (`S_ij + λ([a_i ≠ a_j] − s)`); a `quota` minimum
/// `Σ_v y_v ≥ m` into the penalties of the people it counts (`+μ`, with
/// `+μ (N − m)` added to the bound); a `maxPerPerson` rule with a
/// multiplier per person and value (`− μ_{i,a_j} − μ_{j,a_i}` on the pair,
/// `+ limit · Σ μ` on the bound, moved by Polyak's subgradient steps toward
/// the best matching found); quota maximums stay out of the relaxation.
/// For any λ, μ ≥ 0 the blossom optimum of the
/// relaxed pool (proven by its odd-set certificate) bounds every matching
/// that keeps the rules, so the least of them is a proven bound. Each
/// relaxed matching is repaired (a person's excess partners with one value
/// dropped, weakest pair first) and kept when every rule holds
/// (``/MatchingCore/PoolRule/violations(of:in:)``). Multipliers double while a rule is
/// broken, then bisect between the last broken and the first kept scale.
///
/// - Complexity: one blossom solve per step (at most `steps`), each as
///   ``BlossomSolver``.
public struct PoolLagrangian: Sendable {
    /// Blossom solves at most (≥ 1).
    public let steps: Int

    /// The heuristic's identity in reports.
    public static let identity = SolverIdentity(name: "pool-lagrangian", version: "1")

    /// A heuristic of at most `steps` blossom solves.
    public init(steps: Int = 14) { self.steps = Swift.max(1, steps) }

    /// The best rule-keeping matching found (`feasible`, or `optimal` when
    /// it meets the bound) and the least proven bound.
    ///
    /// - Throws: `invalidProblem` from ``/MatchingCore/PoolProblem/validate()``.
    public func solve(_ problem: PoolProblem, options: SolveOptions = SolveOptions()) async throws -> PoolReport {
        try problem.validate()
        try options.checkTimeLimit()
        let started = ContinuousClock.now
        let deadline = Deadline(timeLimit: options.timeLimit, from: started)
        let n = problem.count
        // The scale of a first multiplier: a typical allowed score.
        var sum = 0.0, count = 0
        var row = [Double](repeating: 0, count: n)
        for i in stride(from: 0, to: n, by: Swift.max(1, n / 50)) {
            row.withUnsafeMutableBufferPointer { problem.source.scores(mentors: i..<(i + 1), into: $0) }
            for j in 0..<n where j != i && row[j].isFinite { sum += abs(row[j]); count += 1 }
        }
        let unit = Swift.max(1e-6, count > 0 ? sum / Double(count) : 1)
        let relaxed = problem.rules.indices.filter {
            switch problem.rules[$0] {
            case .crossShare: true
            case .quota(_, _, let c): c.min > 0
            case .maxPerPerson: false
            }
        }
        // maxPerPerson: a multiplier per person and value, by subgradient steps.
        let layout = PoolRuleCounts(problem)
        let perPerson: [(rule: Int, codes: [Int], values: Int, limit: Int)] = problem.rules.indices.compactMap { k in
            guard case .maxPerPerson(_, let limit) = problem.rules[k] else { return nil }
            return (k, layout.codes[k], layout.valueCount(rule: k), limit)
        }
        var mu = perPerson.map { [Double](repeating: 0, count: n * $0.values) }
        var theta = 1.0
        var best: (pairs: [Pair], objective: Double)?
        var bound = Double.infinity
        var scale = 0.0, broken = 0.0, kept: Double? = nil
        var stepsRun = 0
        for step in 0..<steps {
            if Task.isCancelled || deadline.hasPassed { break }
            stepsRun += 1
            let multipliers = relaxed.map { _ in scale * unit }
            var (pool, constant) = relax(problem, rules: relaxed, multipliers: multipliers)
            if !perPerson.isEmpty {
                pool = PoolProblem(source: _RelaxedScores(pool.source, perPerson: zip(perPerson, mu).map { ($0.codes, $0.values, $1) }),
                                   partners: pool.partners, unmatchedPenalty: pool.unmatchedPenalty, fixed: pool.fixed)
                for (p, m) in zip(perPerson, mu) { constant += Double(p.limit) * m.reduce(0, +) }
            }
            var sub = SolveOptions(timeLimit: deadline.remaining.map { Swift.max($0, 0.05) })
            sub.logger = options.logger
            let r = try await BlossomSolver().solve(pool, options: sub)
            var relaxedBound: Double?
            if r.termination.reason == .optimal, let b = r.bound { relaxedBound = b + constant; bound = Swift.min(bound, b + constant) }
            if r.termination.reason == .infeasible { bound = -.infinity; break }
            var feasible = false
            if let pairs = r.pairs {
                let repaired = refill(repair(pairs, problem), problem)
                if PoolRule.violations(of: repaired, in: problem).isEmpty && meetsMinimums(repaired, problem) && Set(problem.fixed).isSubset(of: repaired) {
                    feasible = true
                    let objective = problem.objective(of: repaired)
                    if best.map({ objective > $0.objective }) ?? true { best = (repaired, objective) }
                }
            }
            options.progress?(SolveProgress(stage: "pool rules, step \(step + 1): multiplier scale \(scale), \(feasible ? "rules kept" : "a rule broken")",
                                            elapsed: started.secondsElapsed))
            if let pairs = r.pairs, !perPerson.isEmpty {
                // Subgradient of the maxPerPerson terms: partners per person and value, less the limit;
                // Polyak's step toward the best matching found (θ halved each step).
                let counts = PoolRuleCounts(problem, pairs: pairs)
                let g = perPerson.map { p in counts.perValue[p.rule].map { Double($0 - p.limit) } }
                var norm = 0.0
                for k in g.indices { for q in g[k].indices where g[k][q] > 0 || mu[k][q] > 0 { norm += g[k][q] * g[k][q] } }
                if norm > 0 {
                    let gap = relaxedBound.flatMap { b in best.map { Swift.max(b - $0.objective, 0) } } ?? unit * Double(n) / 10
                    let t = theta * Swift.max(gap, 1e-9 * unit) / norm
                    for k in mu.indices { for q in mu[k].indices { mu[k][q] = Swift.max(0, mu[k][q] + t * g[k][q]) } }
                }
                theta /= 2
            }
            if relaxed.isEmpty {
                if perPerson.isEmpty { break } else { continue }
            }
            // Double until the rules hold, then bisect between broken and kept
            // (with maxPerPerson multipliers moving too, every step is run).
            if feasible { kept = scale } else { broken = scale }
            if let k = kept {
                if k - broken < 0.02 * Swift.max(k, 1e-9) && perPerson.isEmpty { break }
                scale = (broken + k) / 2
            } else {
                scale = scale == 0 ? 0.25 : scale * 2
            }
        }
        let limit: Termination.Limit = Task.isCancelled ? .cancelled : (deadline.hasPassed ? .time : .none)
        let timings = SolveTimings(build: 0, solve: started.secondsElapsed)
        let identity = Self.identity
        let statistics: [String: Double] = ["steps": Double(stepsRun)]
        guard bound > -.infinity else {
            return PoolReport(termination: Termination(.infeasible, detail: "no matching meets the partner ranges, even without the rules"),
                              pairs: nil, objective: nil, bound: nil, duals: nil, solver: identity, timings: timings, statistics: statistics)
        }
        let finiteBound = bound.isFinite ? bound : nil
        guard let best else {
            return PoolReport(termination: Termination(.noSolutionFound, limit: limit, detail: "no matching found that keeps every rule in \(stepsRun) Lagrangian steps"),
                              pairs: nil, objective: nil, bound: finiteBound, duals: nil, solver: identity, timings: timings, statistics: statistics)
        }
        let proven = finiteBound.map { best.objective >= $0 - 1e-9 * Swift.max(1, abs($0)) } ?? false
        return PoolReport(termination: proven ? Termination(.optimal, detail: "the matching meets the Lagrangian bound")
                                              : Termination(.feasible, limit: limit, detail: "a matching that keeps every rule, with a Lagrangian bound"),
                          pairs: best.pairs, objective: best.objective, bound: finiteBound.map { Swift.max($0, best.objective) },
                          duals: nil, solver: identity, timings: timings, statistics: statistics)
    }

    /// The pool with `rules[k]` (k in `relaxed`) moved into scores and
    /// penalties with `multipliers`, and the constant the bound adds.
    func relax(_ problem: PoolProblem, rules relaxed: [Int], multipliers: [Double]) -> (PoolProblem, Double) {
        var pool = PoolProblem(source: _RelaxedScores(problem, rules: relaxed, multipliers: multipliers), partners: problem.partners,
                               unmatchedPenalty: problem.unmatchedPenalty, fixed: problem.fixed)
        var constant = 0.0
        for (k, m) in zip(relaxed, multipliers) where m > 0 {
            guard case .quota(let a, let value, let c) = problem.rules[k], let values = problem.attributes[a] else { continue }
            var counted = 0
            for v in 0..<problem.count where values[v] == value && problem.partners[v].max > 0 {
                pool.unmatchedPenalty[v] += m
                counted += 1
            }
            constant += m * Double(counted - c.min)
        }
        return (pool, constant)
    }

    /// `pairs` without each person's excess partners of one value under the
    /// `maxPerPerson` rules: the weakest such pair dropped first.
    func repair(_ pairs: [Pair], _ problem: PoolProblem) -> [Pair] {
        var counts = PoolRuleCounts(problem, pairs: pairs)
        var kept = Set(pairs)
        let fixed = Set(problem.fixed)
        let byScore = pairs.filter { !fixed.contains($0) }.sorted { (problem.score($0.mentor.rawValue, $0.mentee.rawValue), $1) < (problem.score($1.mentor.rawValue, $1.mentee.rawValue), $0) }
        for p in byScore where counts.overLimit(p.mentor.rawValue, p.mentee.rawValue) {
            counts.remove(p.mentor.rawValue, p.mentee.rawValue)
            kept.remove(p)
        }
        return kept.sorted()
    }

    /// `pairs` (keeping every rule) with more pairs added greedily, best
    /// gain first (score, plus the penalties it saves), while both people
    /// have room and every rule still holds: what a repair freed is used again.
    ///
    /// - Complexity: O(n² log n + n² · rules).
    func refill(_ pairs: [Pair], _ problem: PoolProblem) -> [Pair] {
        let n = problem.count
        var counts = PoolRuleCounts(problem, pairs: pairs)
        var chosen = Set(pairs)
        var candidates = [(gain: Double, i: Int, j: Int)]()
        var row = [Double](repeating: 0, count: n)
        for i in 0..<n where counts.degree[i] < problem.partners[i].max {
            row.withUnsafeMutableBufferPointer { problem.source.scores(mentors: i..<(i + 1), into: $0) }
            for j in (i + 1)..<n where row[j].isFinite && counts.degree[j] < problem.partners[j].max && !chosen.contains(Pair(MentorIndex(i), MenteeIndex(j))) {
                let gain = row[j] + (counts.degree[i] == 0 ? problem.unmatchedPenalty[i] : 0) + (counts.degree[j] == 0 ? problem.unmatchedPenalty[j] : 0)
                if gain > 0 { candidates.append((gain, i, j)) }
            }
        }
        candidates.sort { ($0.gain, $1.i, $1.j) > ($1.gain, $0.i, $0.j) }
        for c in candidates where counts.degree[c.i] < problem.partners[c.i].max && counts.degree[c.j] < problem.partners[c.j].max && counts.allows(c.i, c.j) {
            counts.add(c.i, c.j)
            chosen.insert(Pair(MentorIndex(c.i), MenteeIndex(c.j)))
        }
        return chosen.sorted()
    }

    func meetsMinimums(_ pairs: [Pair], _ problem: PoolProblem) -> Bool {
        var degree = [Int](repeating: 0, count: problem.count)
        for p in pairs { degree[p.mentor.rawValue] += 1; degree[p.mentee.rawValue] += 1 }
        return (0..<problem.count).allSatisfy { problem.partners[$0].contains(degree[$0]) }
    }
}

/// A pool's scores with `crossShare` multipliers applied, `S_ij + λ([a_i ≠ a_j] − s)`,
/// and `maxPerPerson` multipliers, `− μ_{i, a_j} − μ_{j, a_i}`.
struct _RelaxedScores: PairScoreSource {
    let base: any PairScoreSource
    /// Per relaxed crossShare rule: the values per person, the share, the multiplier.
    var shares: [(values: [String], share: Double, multiplier: Double)] = []
    /// Per maxPerPerson rule: each person's value code, the number of values, μ (person-major).
    var perPerson: [(codes: [Int], values: Int, mu: [Double])] = []

    init(_ base: any PairScoreSource, perPerson: [(codes: [Int], values: Int, mu: [Double])]) {
        self.base = base
        self.perPerson = perPerson
    }
    var mentorCount: Int { base.mentorCount }
    var menteeCount: Int { base.menteeCount }

    init(_ problem: PoolProblem, rules: [Int], multipliers: [Double]) {
        base = problem.source
        shares = zip(rules, multipliers).compactMap { k, m in
            guard m > 0, case .crossShare(let a, let s) = problem.rules[k], let values = problem.attributes[a] else { return nil }
            return (values, s, m)
        }
    }

    func scores(mentors rows: Range<Int>, into buffer: UnsafeMutableBufferPointer<Double>) {
        base.scores(mentors: rows, into: buffer)
        guard !shares.isEmpty || !perPerson.isEmpty else { return }
        let n = menteeCount
        for (r, i) in rows.enumerated() {
            for j in 0..<n where buffer[r * n + j].isFinite {
                for s in shares { buffer[r * n + j] += s.multiplier * ((s.values[i] != s.values[j] ? 1 : 0) - s.share) }
                for p in perPerson { buffer[r * n + j] -= p.mu[i * p.values + p.codes[j]] + p.mu[j * p.values + p.codes[i]] }
            }
        }
    }
}
