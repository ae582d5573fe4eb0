import MatchingCore

/// The trade-off between the total score and a second objective, as the
/// complete set of Pareto-optimal (non-dominated) points, each one an exact,
/// proven solve.
///
/// The method is the ε-constraint method (Haimes, Lasdon and Wismer 1971;
/// Chankong and Haimes 1983) run to completion, as in the bi-objective
/// algorithms of Ehrgott's *Multicriteria Optimization* (2005, §4.1): the
/// first point maximises the total alone; each next one maximises the total
/// among matchings whose second objective is strictly better than the last
/// point's, until none is. The second objective is held by a rule the exact
/// solvers already take, so each solve is the program's own kind of problem:
///
/// | objective | value | held by |
/// |---|---|---|
/// | ``Objective/fairness`` | the smallest matched pair's score (higher is better) | forbidding every pair scoring below the level (a network problem) |
/// | ``Objective/participation`` | mentees with a mentor (higher) | a `quota` on all mentees (a network problem with one group) |
/// | ``Objective/diversity(attribute:)`` | the share of pairs whose mentor and mentee differ on the attribute (higher) | a `crossShare` rule (the integer program) |
/// | ``Objective/balance`` | the largest mentor load (lower is better) | every mentor's maximum load lowered to the level (a network problem) |
///
/// A solve that finds the same total as the point before it replaces that
/// point (which it dominates), so every point kept is non-dominated; each
/// is then marked *supported* when it lies on the front's convex hull — the
/// points a weighted sum of the two objectives can reach — and the *knee* is
/// the point farthest from the line through the two ends, both objectives
/// scaled to 0…1 over the front (Das 1999).
///
/// - Complexity: one solve per point found plus one, each as the solver
///   takes it, plus O(M·N) to build each level's problem (and, for
///   fairness, O(M·N log(M·N)) once to sort the scores); at most `maxSolves`
///   solves.
public struct ParetoFront: Sendable {
    /// The second objective, traded against the total score.
    public enum Objective: Hashable, Sendable, CustomStringConvertible {
        /// The smallest score among matched pairs (higher is better); people
        /// left out do not count, so raising it may leave more unmatched.
        case fairness
        /// How many mentees have a mentor (higher is better).
        case participation
        /// The share of matched pairs whose mentor and mentee differ on
        /// `attribute` (higher is better); both sides must carry it.
        case diversity(attribute: String)
        /// The largest number of mentees any mentor takes (lower is better).
        case balance

        /// `fairness`, `participation`, `diversity:<attribute>`, `balance`.
        public var description: String {
            switch self {
            case .fairness: "fairness"
            case .participation: "participation"
            case .diversity(let a): "diversity:\(a)"
            case .balance: "balance"
            }
        }

        /// The objective named as ``description`` writes it, or `nil`.
        public init?(_ text: String) {
            switch text {
            case "fairness": self = .fairness
            case "participation": self = .participation
            case "balance": self = .balance
            default:
                guard text.hasPrefix("diversity:"), text.count > 10 else { return nil }
                self = .diversity(attribute: String(text.dropFirst(10)))
            }
        }

        /// Whether a larger value is better.
        public var maximised: Bool { self != .balance }

        /// What the value measures, for tables and charts.
        public var label: String {
            switch self {
            case .fairness: "worst pair's score"
            case .participation: "mentees matched"
            case .diversity(let a): "share of pairs across \(a)"
            case .balance: "largest mentor load"
            }
        }
    }

    /// One point of the front.
    public struct Point: Hashable, Sendable {
        /// The total score (the problem's objective: pair scores less penalties).
        public var total: Double
        /// The second objective's value for ``matching``.
        public var value: Double
        /// The matching.
        public var matching: Matching
        /// How its solve ended (``proven`` when optimal; else why not).
        public var termination: Termination
        /// Whether the solve was proven optimal (else the point is the best found).
        public var proven: Bool { termination.reason == .optimal }
        /// On the front's convex hull: some weighted sum of the two objectives is best here.
        public var supported = false
        /// The front's knee.
        public var knee = false
    }

    /// The second objective.
    public let objective: Objective
    /// The points, from the best total to the best second objective.
    public private(set) var points: [Point]
    /// Whether the front is known whole: the search ran to the end (no
    /// better second objective is possible) and every point is proven.
    /// `false` when it stopped at `maxSolves`, at a solve's limit or at the
    /// solver's tolerance — then the last point may be weakly dominated by
    /// one not found.
    public let complete: Bool
    /// Solves run.
    public let solves: Int

    /// Traces the front of `problem` between its total and `objective`.
    ///
    /// - Parameters:
    ///   - problem: the program (objective `total`); its rules hold at every point.
    ///   - objective: the second objective.
    ///   - solver: solves each ε-constrained problem (``AutoSolver`` picks
    ///     the network or the integer program as the rules need).
    ///   - options: each solve's limits (a time limit applies to each solve:
    ///     the whole trace may take `maxSolves` times it).
    ///   - maxSolves: the most solves (at least 1).
    ///   - progress: called after each solve that found a point, with it and
    ///     the solves so far (a long trace shows where it is).
    /// - Throws: `unsupported` for the `maxMin` objective, `participation`
    ///   with a mentee taking more than one mentor, `diversity` on an
    ///   attribute one side lacks; as `solver`; `invalidProblem` when the
    ///   problem has no matching at all.
    public static func trace(_ problem: MatchingProblem, versus objective: Objective, solver: any MatchingSolver,
                             options: SolveOptions = SolveOptions(), maxSolves: Int = 200,
                             progress: (@Sendable (Point, Int) -> Void)? = nil) async throws -> ParetoFront {
        try problem.validate()
        guard problem.objective == .total else { throw MatchingError(.unsupported, "a Pareto front trades the total score against a second objective: use objective total, not maxMin") }
        switch objective {
        case .participation:
            if let j = problem.menteeDemand.firstIndex(where: { $0.max > 1 }) {
                throw MatchingError(.unsupported, "participation counts mentees matched; mentee \(j) takes up to \(problem.menteeDemand[j].max) mentors: trace it with mentees taking one mentor")
            }
        case .diversity(let a):
            guard problem.mentorAttributes[a] != nil, problem.menteeAttributes[a] != nil else {
                throw MatchingError(.unsupported, "diversity:\(a): both mentors and mentees must carry '\(a)'")
            }
        case .fairness, .balance: break
        }
        let levels = Levels(problem, objective)
        var points = [Point]()
        var level: Double? = nil
        var solves = 0, ended = false
        while solves < Swift.max(1, maxSolves) {
            guard let variant = constrained(problem, objective, atLeast: level) else { ended = true; break }
            let report = try await solver.solve(variant, options: options)
            solves += 1
            guard let matching = report.matching, let total = report.objective else {
                if points.isEmpty { throw MatchingError(.invalidProblem, "no matching: \(report.termination)") }
                // Infeasible: nothing better on the second objective exists. Stopped at a limit: not known.
                ended = report.termination.reason == .infeasible
                break
            }
            let value = Self.value(of: objective, matching, in: problem)
            if let last = points.last, objective.maximised ? value <= last.value : value >= last.value {
                // Within the solver's tolerance the level did not move the matching: the front cannot go on exactly.
                break
            }
            let point = Point(total: total, value: value, matching: matching, termination: report.termination)
            // The same total with a better second value dominates the point before it.
            if let last = points.last, abs(last.total - total) <= 1e-9 * Swift.max(1, abs(total)) { points.removeLast() }
            points.append(point)
            progress?(point, solves)
            guard let next = levels.next(after: value, pairs: matching.count) else { ended = true; break }
            level = next
        }
        // Solves stopped by a limit are not proven: keep only points no other point dominates.
        let gain = { (p: Point) in objective.maximised ? p.value : -p.value }
        points = points.filter { p in !points.contains { q in q.total >= p.total && gain(q) >= gain(p) && (q.total > p.total || gain(q) > gain(p)) } }
        var front = ParetoFront(objective: objective, points: points, complete: ended && points.allSatisfy(\.proven), solves: solves)
        front.markSupportedAndKnee()
        return front
    }

    private init(objective: Objective, points: [Point], complete: Bool, solves: Int) {
        self.objective = objective
        self.points = points
        self.complete = complete
        self.solves = solves
    }

    /// The second objective's value of `matching` in `problem`: see ``Objective``.
    /// (An empty matching: fairness −∞ — it has no worst pair to raise — and diversity 0.)
    ///
    /// - Complexity: O(pairs).
    public static func value(of objective: Objective, _ matching: Matching, in problem: MatchingProblem) -> Double {
        switch objective {
        case .fairness:
            return matching.pairs.map { problem.scores[$0] }.min() ?? -.infinity
        case .participation:
            return Double(Set(matching.pairs.map(\.mentee)).count)
        case .diversity(let a):
            guard !matching.pairs.isEmpty, let x = problem.mentorAttributes[a], let y = problem.menteeAttributes[a] else { return 0 }
            let across = matching.pairs.filter { x[$0.mentor.rawValue] != y[$0.mentee.rawValue] }.count
            return Double(across) / Double(matching.pairs.count)
        case .balance:
            var load = [Int](repeating: 0, count: problem.mentorCount)
            for p in matching.pairs { load[p.mentor.rawValue] += 1 }
            return Double(load.max() ?? 0)
        }
    }

    /// The levels of the second objective, strictly better one after another.
    struct Levels {
        let objective: Objective
        /// Fairness: the distinct scores of allowed pairs, ascending.
        let scores: [Double]
        /// Diversity: the most pairs any matching holds (shares are a/b with b ≤ this).
        let mostPairs: Int
        let mentees: Int

        init(_ problem: MatchingProblem, _ objective: Objective) {
            self.objective = objective
            mentees = problem.menteeCount
            if objective == .fairness {
                let mask = problem.forbidden.isEmpty ? [] : problem.forbiddenMask()
                var all = problem.scores.values.indices.compactMap { k in mask.isEmpty || !mask[k] ? problem.scores.values[k] : nil }
                all.sort()
                var distinct = [Double]()
                for s in all where distinct.last != s { distinct.append(s) }
                scores = distinct
            } else {
                scores = []
            }
            // Saturating sums: a maximum may be Int.max ("no maximum").
            let allowed = problem.allowedCounts()
            let byMentors = (0..<problem.mentorCount).reduce(0) { $0.addingReportingOverflow(Swift.min(problem.mentorLoad[$1].max, allowed.mentors[$1])).partialValue }
            let byMentees = (0..<problem.menteeCount).reduce(0) { $0.addingReportingOverflow(Swift.min(problem.menteeDemand[$1].max, allowed.mentees[$1])).partialValue }
            mostPairs = Swift.max(1, Swift.min(byMentors, byMentees))
        }

        /// The smallest level strictly better than `value` (of a matching
        /// with `pairs` pairs), or `nil` when none can be.
        func next(after value: Double, pairs: Int) -> Double? {
            switch objective {
            case .fairness:
                // The next distinct allowed score (an empty matching, -∞: the smallest).
                var lo = 0, hi = scores.count
                while lo < hi { let mid = (lo + hi) / 2; if scores[mid] <= value { lo = mid + 1 } else { hi = mid } }
                return lo < scores.count ? scores[lo] : nil
            case .participation:
                return value + 1 <= Double(mentees) ? value + 1 : nil
            case .diversity:
                // The next share p/q > a/b with q ≤ the most pairs (the Farey successor), exactly:
                // held at p/q, the old matching's row is short by b·(p/q − a/b) ≥ 1/q, far above a tolerance.
                let b = Swift.max(1, pairs), a = Int((value * Double(b)).rounded())
                guard a < b else { return nil }
                var best: (p: Int, q: Int)? = nil
                for q in 1...mostPairs {
                    let p = a * q / b + 1   // the smallest p with p/q > a/b
                    guard p <= q else { continue }
                    if let c = best { if p * c.q < c.p * q { best = (p, q) } } else { best = (p, q) }
                }
                return best.map { Double($0.p) / Double($0.q) }
            case .balance:
                return value - 1 >= 0 ? value - 1 : nil
            }
        }
    }

    /// `problem` with the second objective held at `level` (`nil`: as it is),
    /// or `nil` when the level cannot be held (a fixed pair below a fairness
    /// level, a fixed load above a balance level, a minimum load above it).
    static func constrained(_ problem: MatchingProblem, _ objective: Objective, atLeast level: Double?) -> MatchingProblem? {
        guard let level else { return problem }
        var p = problem
        switch objective {
        case .fairness:
            // Every pair at the level or above, and at least one pair (an empty matching has no worst pair to raise).
            if p.fixed.contains(where: { p.scores[$0] < level }) { return nil }
            p = atLeastPairs(p.forbiddingPairs(below: level), 1)
        case .participation:
            p = atLeastPairs(p, Int(level))
        case .diversity(let a):
            // A share above 0 needs a pair: an empty matching (share 0) would hold the rule vacuously.
            p.constraints.append(.crossShare(attribute: a, minShare: level))
            if level > 0 { p = atLeastPairs(p, 1) }
        case .balance:
            let cap = Int(level)
            var fixedLoad = [Int](repeating: 0, count: p.mentorCount)
            for f in p.fixed { fixedLoad[f.mentor.rawValue] += 1 }
            for i in 0..<p.mentorCount {
                if fixedLoad[i] > cap || p.mentorLoad[i].min > cap { return nil }
                p.mentorLoad[i] = CountRange(min: p.mentorLoad[i].min, max: Swift.min(p.mentorLoad[i].max, cap))
            }
        }
        return p
    }

    /// The mentee attribute the participation quota reads (every mentee has the value `all`).
    static let everyoneAttribute = "__pareto_everyone"

    /// `p` with at least `count` pairs: a quota on an attribute every mentee has
    /// (one group between the mentees and the sink in the network).
    static func atLeastPairs(_ p: MatchingProblem, _ count: Int) -> MatchingProblem {
        var p = p
        p.menteeAttributes[everyoneAttribute] = Array(repeating: "all", count: p.menteeCount)
        p.constraints.append(.quota(attribute: everyoneAttribute, value: "all", count: CountRange(min: count, max: Int.max)))
        return p
    }

    /// Marks the points on the upper convex hull (both objectives as gains)
    /// supported, and the knee.
    mutating func markSupportedAndKnee() {
        guard !points.isEmpty else { return }
        // An empty matching's fairness (-∞) comes first, with the best total: weighing the total alone picks it.
        let finite = points.indices.filter { points[$0].value.isFinite }
        if finite.count < points.count { points[0].supported = true }
        var rest = ParetoFront(objective: objective, points: finite.map { points[$0] }, complete: complete, solves: solves)
        rest.markFinitePoints()
        for (k, i) in finite.enumerated() {
            points[i].supported = points[i].supported || rest.points[k].supported
            points[i].knee = rest.points[k].knee
        }
    }

    /// ``markSupportedAndKnee()`` on points whose values are all finite.
    private mutating func markFinitePoints() {
        guard !points.isEmpty else { return }
        // As gains: x the second objective (negated when lower is better), y the total. Points run in x ascending, y descending.
        let xs = points.map { objective.maximised ? $0.value : -$0.value }, ys = points.map(\.total)
        // Upper hull by the monotone chain; collinear points on an edge count as supported.
        var hull = [Int]()
        for k in points.indices {
            while hull.count >= 2 {
                let a = hull[hull.count - 2], b = hull[hull.count - 1]
                let cross = (xs[b] - xs[a]) * (ys[k] - ys[a]) - (ys[b] - ys[a]) * (xs[k] - xs[a])
                // b strictly below the segment a→k: not on the hull.
                let scale = (abs(xs[k] - xs[a]) + abs(xs[b] - xs[a])) * (abs(ys[k]) + abs(ys[a]) + 1)
                if cross > 1e-9 * scale { hull.removeLast() } else { break }
            }
            hull.append(k)
        }
        for k in hull { points[k].supported = true }
        // The knee: farthest from the line through the ends, each objective scaled to 0…1.
        guard points.count >= 3 else { return }
        let x0 = xs.first!, x1 = xs.last!, y0 = ys.last!, y1 = ys.first!
        guard x1 > x0, y1 > y0 else { return }
        var best = -1, far = 0.0
        for k in points.indices {
            let u = (xs[k] - x0) / (x1 - x0), v = (ys[k] - y0) / (y1 - y0)
            // The ends are (0, 1) and (1, 0): the distance above the line u + v = 1.
            let d = (u + v - 1) / 2.0.squareRoot()
            if d > far { far = d; best = k }
        }
        if best >= 0 { points[best].knee = true }
    }
}
