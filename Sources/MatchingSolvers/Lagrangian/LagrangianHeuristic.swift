import MatchingCore

/// A Lagrangian-relaxation heuristic around the exact ``NetworkFlowSolver``,
/// for problems the network method cannot hold exactly (several attribute
/// rules, separations, `crossShare`).
///
/// The network keeps loads, demands, forbidden and fixed pairs, penalties and
/// the largest set of attribute rules it can hold exactly (the `maxPerMentor`
/// rule that caps a mentor's load most with `quota` rules on one mentee attribute, or
/// `composition` caps on one mentor attribute); every other rule is moved into the objective with
/// a multiplier λ ≥ 0 per side of each of its rows, so each iteration solves a
/// network problem exactly. Its optimum plus `Σ λ·bound` is an upper bound on
/// the real optimum for any λ (weak duality), and the multipliers follow the
/// subgradient method (Held, Wolfe and Crowder 1974; Polyak steps toward the
/// best matching found). Each iterate's matching is checked against every rule
/// by ``/MatchingCore/MatchingValidator``. When the rules are one-per-mentor
/// caps (`maxPerMentor` with limit 1 on one or more mentee attributes, any
/// other `maxPerMentor` rules), `crossShare` and separations, with mentee
/// demands of at most 1, each iterate goes to a large neighbourhood search
/// (`_WindowSearch`): the mentees of one value of a capped attribute are
/// placed again exactly by ``NetworkFlowSolver`` with everyone else held —
/// window after window, first to repair the iterate (on its shifted scores),
/// then to polish it (on the real scores) until no window improves.
/// Otherwise, or when that repair leaves a rule broken, a constructive repair drops
/// the lowest-scoring pairs of broken upper-side groups and adds pairs, best
/// first, that keep every rule (with one-step ejection chains for mentees
/// below their minimum); failing that, every fifth iteration a second repair
/// forbids those pairs and solves the network part again. A result is kept
/// only when the validator accepts it.
///
/// The report is `feasible` with the best matching and the best bound (so the
/// gap is known), `optimal` when they meet, or `noSolutionFound` with the bound
/// and the rules the last iterate still broke — a rule is never dropped
/// silently. The ``/MatchingCore/Objective/maxMin`` objective is refused
/// (``/MatchingCore/MatchingError/Code/unsupported``).
public struct LagrangianHeuristic: MatchingSolver {
    /// Subgradient iterations at most.
    public var iterations: Int

    /// Creates the solver.
    public init(iterations: Int = 60) {
        self.iterations = iterations
    }

    /// `lagrangian subgradient-1`.
    public static let identity = SolverIdentity(name: "lagrangian", version: "subgradient-1")

    /// The indices of the attribute rules the network keeps: the largest of
    /// a leading `maxPerMentor` rule with the `quota` rules on one mentee
    /// attribute, the `composition` caps on one mentor attribute, or the
    /// leading `maxPerMentor` rule alone, that ``NetworkFlowSolver`` holds
    /// exactly. Every other rule (and every separation) gets multipliers.
    /// The leading `maxPerMentor` rule is the one that caps a mentor's load
    /// most — the fewest values times its limit, the first among equals —
    /// so that the relaxed network stays closest to the real problem.
    public static func networkRules(_ problem: MatchingProblem) -> [Int] {
        var candidates = [[Int]]()
        let rules = Array(problem.constraints.enumerated())
        // The maxPerMentor rule that caps a mentor's load most (fewest values times limit): the relaxed
        // network then stays closest to the real problem, and its windows are the repair's.
        var leading = [Int](), tightest = Int.max
        for (k, rule) in rules {
            guard case .maxPerMentor(let a, let limit) = rule else { continue }
            let cap = problem.menteeCoding(a).values.count * Swift.min(limit, problem.menteeCount)
            if cap < tightest { (leading, tightest) = ([k], cap) }
        }
        // Quotas grouped by attribute (each with the leading rule); composition caps likewise.
        var quotas = [String: [Int]](), caps = [String: [Int]]()
        for (k, rule) in rules {
            switch rule {
            case .quota(let a, _, _): quotas[a, default: []].append(k)
            case .composition(let a, _, let c) where c.min == 0: caps[a, default: []].append(k)
            default: break
            }
        }
        for (_, ks) in quotas.sorted(by: { $0.key < $1.key }) { candidates.append(leading + ks) }
        for (_, ks) in caps.sorted(by: { $0.key < $1.key }) { candidates.append(ks) }
        candidates.append(leading)
        var best = [Int]()
        for c in candidates where c.count > best.count {
            var trial = problem
            trial.constraints = c.map { problem.constraints[$0] }
            trial.separations = []
            if trial.shape.isNetwork { best = c }
        }
        return best
    }

    /// One relaxed row: `lower ≤ Σ coef · x ≤ upper` over pairs.
    struct RelaxedRow {
        var pairs: [Pair]
        var coefficients: [Double]
        var lower: Double
        var upper: Double
    }

    /// Solves `problem` heuristically with a proven bound; see the type's documentation.
    public func solve(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        // An "optimal" the scores' scale cannot support is reported feasible (ScoreResolution).
        var report = try await solveUnlimited(problem, options: options)
        if report.statistics.route == nil {   // not answered by the network solver it runs inside
            report.statistics.route = .lagrangian
            if report.termination.reason == .optimal { report.statistics.proof = .lagrangianBound }
        }
        return ScoreResolution.limitingClaim(report, of: problem)
    }

    func solveUnlimited(_ problem: MatchingProblem, options: SolveOptions) async throws -> SolveReport {
        let started = ContinuousClock.now
        try problem.validate()
        if let refusal = problem.shape.totalObjectiveRefusal ?? problem.shape.heuristicRefusal {
            throw MatchingError(.unsupported, "the Lagrangian heuristic cannot take \(refusal)")
        }
        // Huge negative "never" scores: solved as their exact small equivalents (see SentinelScores).
        if let equivalent = try await solvingSentinels(problem, options: options) { return equivalent }
        if let infeasible = FeasibilityCheck.infeasibleReport(of: problem, solver: Self.identity, started: started) { return infeasible }
        // The network part, and the rows it cannot hold.
        let kept = Self.networkRules(problem)
        var base = problem
        base.constraints = kept.map { problem.constraints[$0] }
        base.separations = []
        // A forbidden pair's score never counts: 0 keeps it out of the step scale and the shifted sums
        // (a huge value there, e.g. -Double.greatestFiniteMagnitude, would overflow them).
        for p in problem.forbidden { base.scores[p.mentor.rawValue, p.mentee.rawValue] = 0 }
        let program = IntegerProgram(matching: problem)
        var relaxed = [RelaxedRow]()
        for r in 0..<program.rowCount {
            switch program.rowOrigin[r] {
            case .menteeDemand, .mentorLoad, .matchedLink: continue
            case .maxPerMentor(let c, _, _) where kept.contains(c): continue
            case .quota(let c) where kept.contains(c): continue
            case .composition(let c, _) where kept.contains(c): continue
            default: break
            }
            var row = RelaxedRow(pairs: [], coefficients: [], lower: program.rowLower[r], upper: program.rowUpper[r])
            for k in program.rowStart[r]..<program.rowStart[r + 1] {
                if case .pair(let p) = program.columnOrigin[Int(program.entryColumn[k])] {
                    row.pairs.append(p)
                    row.coefficients.append(program.entryValue[k])
                }
            }
            relaxed.append(row)
        }
        let build = started.secondsElapsed
        if relaxed.isEmpty {
            var report = try await NetworkFlowSolver().solve(base, options: options)
            report.diagnostics.append("no rule needed relaxing: solved exactly by the network method")
            return report
        }

        var upperMultiplier = [Double](repeating: 0, count: relaxed.count)
        var lowerMultiplier = [Double](repeating: 0, count: relaxed.count)
        var bestBound = Double.infinity
        var best: (matching: Matching, objective: Double)?
        var lastViolations = [String]()
        var limit = Termination.Limit.none
        var theta = 2.0
        var stall = 0
        let deadline = Deadline(timeLimit: options.timeLimit, from: started).end
        let scale = Swift.max(1, base.scores.values.reduce(0) { Swift.max($0, abs($1)) })
        let gainOrder = Self.gainOrder(problem)
        var windows = _WindowSearch(problem, first: kept.first.map { problem.constraints[$0].attribute })

        for iteration in 0..<iterations {
            if Task.isCancelled { limit = .cancelled; break }
            if let deadline, ContinuousClock.now >= deadline { limit = .time; break }
            // Scores shifted by the multipliers; the constant collects λ·bound.
            var shifted = base
            var constant = 0.0
            for (k, row) in relaxed.enumerated() {
                let w = upperMultiplier[k] - lowerMultiplier[k]
                if upperMultiplier[k] > 0 { constant += upperMultiplier[k] * row.upper }
                if lowerMultiplier[k] > 0 { constant -= lowerMultiplier[k] * row.lower }
                guard w != 0 else { continue }
                for (p, a) in zip(row.pairs, row.coefficients) { shifted.scores[p.mentor.rawValue, p.mentee.rawValue] -= w * a }
            }
            var sub = SolveOptions()
            if let deadline {
                sub.timeLimit = Swift.max(0.001, Deadline(end: deadline).remaining ?? 0)
            }
            let report = try await NetworkFlowSolver().solve(shifted, options: sub)
            guard let matching = report.matching, let value = report.objective else {
                if report.termination.reason == .infeasible {
                    return SolveReport(termination: Termination(.infeasible, detail: "the network rules alone admit no matching"),
                                       timings: SolveTimings(build: build, solve: started.secondsElapsed - build),
                                       solver: Self.identity, diagnostics: report.diagnostics)
                }
                limit = report.termination.limit == .none ? .time : report.termination.limit
                break
            }
            bestBound = Swift.min(bestBound, value + constant)
            // The iterate, or its repair, as a matching of the real problem.
            let check = MatchingValidator.check(matching, against: problem)
            var candidate: (Matching, Double)?
            if check.isFeasible {
                candidate = (matching, check.objective)
            } else {
                lastViolations = check.violations.map(\.description)
            }
            if var search = windows {
                // The iterate's windows placed again until every rule holds, then polished (large neighbourhood search).
                var repaired = check.isFeasible
                if repaired { search.start(from: matching) } else { repaired = try await search.repair(matching, scores: shifted.scores, deadline: deadline) }
                if repaired {
                    try await search.polish(deadline: deadline)
                    let polished = search.matching
                    let result = MatchingValidator.check(polished, against: problem)
                    if result.isFeasible, candidate == nil || result.objective > candidate!.1 { candidate = (polished, result.objective) }
                }
                windows = search
            }
            if candidate == nil {
                // No window search, or it left a rule broken: the constructive repair, then the re-solve.
                if let repaired = Self.greedyComplete(matching, problem: problem, order: gainOrder) {
                    candidate = (repaired, MatchingValidator.check(repaired, against: problem).objective)
                } else if iteration % 5 == 0,
                          let resolved = try await Self.resolveRepair(matching, problem: problem, shifted: shifted, options: sub) {
                    candidate = (resolved, MatchingValidator.check(resolved, against: problem).objective)
                }
            }
            if let (m, o) = candidate, best == nil || o > best!.objective { best = (m, o); stall = 0 } else { stall += 1 }
            if let best, bestBound - best.objective <= 1e-9 * Swift.max(1, abs(best.objective)) { break }
            // Subgradient step toward the best known value (or a fraction of the bound):
            // g⁺ = A x − upper for the upper sides, g⁻ = lower − A x for the lower sides.
            let chosen = Set(matching.pairs)
            var gUpper = [Double](repeating: 0, count: relaxed.count)
            var gLower = [Double](repeating: 0, count: relaxed.count)
            var norm = 0.0
            for (k, row) in relaxed.enumerated() {
                var activity = 0.0
                for (p, a) in zip(row.pairs, row.coefficients) where chosen.contains(p) { activity += a }
                if row.upper.isFinite {
                    gUpper[k] = activity - row.upper
                    if gUpper[k] > 0 || upperMultiplier[k] > 0 { norm += gUpper[k] * gUpper[k] }
                }
                if row.lower.isFinite {
                    gLower[k] = row.lower - activity
                    if gLower[k] > 0 || lowerMultiplier[k] > 0 { norm += gLower[k] * gLower[k] }
                }
            }
            guard norm > 0 else { break }
            let target = best?.objective ?? (bestBound - 0.05 * abs(bestBound) - scale)
            if stall >= 5 { theta /= 2; stall = 0 }
            let step = theta * Swift.max(bestBound - target, 1e-9 * scale) / norm
            for k in relaxed.indices {
                if relaxed[k].upper.isFinite { upperMultiplier[k] = Swift.max(0, upperMultiplier[k] + step * gUpper[k]) }
                if relaxed[k].lower.isFinite { lowerMultiplier[k] = Swift.max(0, lowerMultiplier[k] + step * gLower[k]) }
            }
            options.progress?(SolveProgress(stage: "lagrangian iteration \(iteration + 1)", incumbent: best?.objective,
                                            bound: bestBound, elapsed: started.secondsElapsed))
        }
        let timings = SolveTimings(build: build, solve: started.secondsElapsed - build)
        guard let best else {
            return SolveReport(
                termination: Termination(.noSolutionFound, limit: limit,
                                         detail: "no iterate or repair satisfied every rule"),
                bound: bestBound.isFinite ? bestBound : nil, timings: timings, solver: Self.identity,
                diagnostics: ["rules the last iterate broke: " + lastViolations.prefix(10).joined(separator: "; ")])
        }
        let proven = bestBound - best.objective <= 1e-9 * Swift.max(1, abs(best.objective))
        return SolveReport(
            termination: Termination(proven ? .optimal : .feasible, limit: proven ? .none : limit,
                                     detail: proven ? "the Lagrangian bound meets the matching" : "best matching found; the bound shows the remaining gap"),
            matching: best.matching, objective: best.objective, bound: Swift.max(bestBound, best.objective),
            timings: timings, solver: Self.identity)
    }

    /// A constructive repair: drops the weakest pairs of broken upper-side
    /// groups until none is broken, then adds pairs, best score first, that
    /// keep every rule — first for mentees and mentors below their minimums,
    /// then wherever a pair raises the objective — and returns the result when
    /// the validator accepts it.
    static func greedyComplete(_ matching: Matching, problem: MatchingProblem, order: [Pair]) -> Matching? {
        let m = problem.mentorCount, n = problem.menteeCount
        var pairs = matching.pairs
        let fixed = Set(problem.fixed)
        for _ in 0...pairs.count {
            let drop = Set(weakestOfBrokenGroups(pairs, problem: problem, fixed: fixed))
            guard !drop.isEmpty else { break }
            pairs.removeAll { drop.contains($0) }
        }
        guard upperSideGroups(pairs, problem: problem).isEmpty else { return nil }
        var chosen = Set(pairs)
        var load = [Int](repeating: 0, count: m), demand = [Int](repeating: 0, count: n)
        var mentorsOf = [Set<Int>](repeating: [], count: n)
        var partners = [[Int]](repeating: [], count: n)
        for sep in problem.separations {
            partners[sep.first.rawValue].append(sep.second.rawValue)
            partners[sep.second.rawValue].append(sep.first.rawValue)
        }
        // Running counts per rule: maxPerMentor (mentor, value), quota, composition (mentee), crossShare (differ, total).
        var perMentor = [Int: Int](), quota = [Int: Int](), perMentee = [Int: Int]()
        var share = [Int: (differ: Int, total: Int)]()
        func ruleKey(_ r: Int, _ a: Int, _ b: Int) -> Int { (r &* 1_000_003 &+ a) &* 1_000_003 &+ b }
        func count(_ p: Pair, _ sign: Int) {
            let i = p.mentor.rawValue, j = p.mentee.rawValue
            load[i] += sign
            demand[j] += sign
            if sign > 0 { mentorsOf[j].insert(i) } else { mentorsOf[j].remove(i) }
            for (r, rule) in problem.constraints.enumerated() {
                switch rule {
                case .maxPerMentor(let a, _):
                    perMentor[ruleKey(r, i, valueCode(a, j, mentee: true)), default: 0] += sign
                case .quota(let a, let v, _):
                    if problem.menteeAttributes[a]?[j] == v { quota[r, default: 0] += sign }
                case .composition(let a, let v, _):
                    if problem.mentorAttributes[a]?[i] == v { perMentee[ruleKey(r, j, 0), default: 0] += sign }
                case .crossShare(let a, _):
                    let differ = problem.mentorAttributes[a]?[i] != problem.menteeAttributes[a]?[j]
                    var t = share[r] ?? (0, 0)
                    t.total += sign
                    if differ { t.differ += sign }
                    share[r] = t
                case .parity, .scoreParity:
                    break   // refused before (ProblemShape.heuristicRefusal)
                }
            }
        }
        var codes = [String: [String: Int]]()
        func valueCode(_ attribute: String, _ k: Int, mentee: Bool) -> Int {
            let value = (mentee ? problem.menteeAttributes[attribute] : problem.mentorAttributes[attribute])?[k] ?? ""
            if let c = codes[attribute]?[value] { return c }
            let c = codes[attribute, default: [:]].count
            codes[attribute, default: [:]][value] = c
            return c
        }
        for p in pairs { count(p, 1) }
        func canAdd(_ p: Pair) -> Bool {
            let i = p.mentor.rawValue, j = p.mentee.rawValue
            guard !chosen.contains(p), !problem.forbidden.contains(p),
                  load[i] < problem.mentorLoad[i].max, demand[j] < problem.menteeDemand[j].max else { return false }
            for k in partners[j] where mentorsOf[k].contains(i) { return false }
            for (r, rule) in problem.constraints.enumerated() {
                switch rule {
                case .maxPerMentor(let a, let limit):
                    if perMentor[ruleKey(r, i, valueCode(a, j, mentee: true)), default: 0] >= limit { return false }
                case .quota(let a, let v, let c):
                    if problem.menteeAttributes[a]?[j] == v, quota[r, default: 0] >= c.max { return false }
                case .composition(let a, let v, let c):
                    if problem.mentorAttributes[a]?[i] == v, perMentee[ruleKey(r, j, 0), default: 0] >= c.max { return false }
                case .crossShare(let a, let s):
                    let t = share[r] ?? (0, 0)
                    let differ = problem.mentorAttributes[a]?[i] != problem.menteeAttributes[a]?[j]
                    if Double(t.differ + (differ ? 1 : 0)) < s * Double(t.total + 1) - 1e-9 { return false }
                case .parity, .scoreParity:
                    break   // refused before (ProblemShape.heuristicRefusal)
                }
            }
            return true
        }
        func add(_ p: Pair) {
            pairs.append(p)
            chosen.insert(p)
            count(p, 1)
        }
        func remove(_ p: Pair) {
            pairs.removeAll { $0 == p }
            chosen.remove(p)
            count(p, -1)
        }
        var mentorOrder = [Int: [Int]]()
        func mentorsByScore(_ j: Int) -> [Int] {
            if let known = mentorOrder[j] { return known }
            let sorted = (0..<m).sorted(by: { (problem.scores[$1, j], $0) < (problem.scores[$0, j], $1) })
            mentorOrder[j] = sorted
            return sorted
        }
        // Places mentee j with mentor i, ejecting one of i's pairs when that is
        // what blocks it and the ejected mentee can go elsewhere (or may stay
        // unmatched): one step of an ejection chain.
        func insertWithEjection(_ j: Int) -> Bool {
            for i in mentorsByScore(j) {
                let p = Pair(mentor: i, mentee: j)
                if problem.forbidden.contains(p) || chosen.contains(p) { continue }
                if canAdd(p) { add(p); return true }
                let victims = pairs.filter { $0.mentor.rawValue == i && !fixed.contains($0) }
                    .sorted(by: { (problem.scores[$0], $0) < (problem.scores[$1], $1) }).prefix(6)
                for victim in victims {
                    remove(victim)
                    guard canAdd(p) else { add(victim); continue }
                    add(p)
                    let j2 = victim.mentee.rawValue
                    if demand[j2] >= problem.menteeDemand[j2].min { return true }
                    if let i2 = mentorsByScore(j2).first(where: { $0 != i && canAdd(Pair(mentor: $0, mentee: j2)) }) {
                        add(Pair(mentor: i2, mentee: j2))
                        return true
                    }
                    remove(p)
                    add(victim)
                }
            }
            return false
        }
        // Minimums first: mentees, then mentors, best partners first.
        for j in 0..<n where demand[j] < problem.menteeDemand[j].min {
            for i in mentorsByScore(j) {
                if demand[j] >= problem.menteeDemand[j].min { break }
                let p = Pair(mentor: i, mentee: j)
                if canAdd(p) { add(p) }
            }
            while demand[j] < problem.menteeDemand[j].min && insertWithEjection(j) {}
        }
        for i in 0..<m where load[i] < problem.mentorLoad[i].min {
            for j in (0..<n).sorted(by: { (problem.scores[i, $1], $0) < (problem.scores[i, $0], $1) }) {
                if load[i] >= problem.mentorLoad[i].min { break }
                let p = Pair(mentor: i, mentee: j)
                if canAdd(p) { add(p) }
            }
        }
        // Then any pair that still raises the objective, best possible gain first.
        for p in order {
            let j = p.mentee.rawValue
            let gain = problem.scores[p] + (demand[j] == 0 ? problem.unmatchedPenalty[j] : 0)
            if gain > 0 && canAdd(p) { add(p) }
        }
        let result = Matching(pairs: pairs)
        return MatchingValidator.check(result, against: problem).isFeasible ? result : nil
    }

    /// The second repair: forbids the weakest pairs of every group that breaks
    /// an upper-side rule (as many as the group is over) and solves the
    /// network part again (with the
    /// multiplier-shifted scores), a few times, keeping the first matching the
    /// validator accepts. Lower-side rules (minimum demands) are held by the
    /// network itself, so mentees that lose a pair are re-matched.
    static func resolveRepair(_ matching: Matching, problem: MatchingProblem, shifted: MatchingProblem,
                              options: SolveOptions) async throws -> Matching? {
        var current = matching
        var work = shifted
        let fixed = Set(problem.fixed)
        for _ in 0..<8 {
            if Task.isCancelled { return nil }
            let weakest = weakestOfBrokenGroups(current.pairs, problem: problem, fixed: fixed)
            guard !weakest.isEmpty else { break }
            work.forbidden.formUnion(weakest)
            guard (try? work.validate()) != nil else { return nil }
            let report = try await NetworkFlowSolver().solve(work, options: options)
            guard let next = report.matching else { return nil }
            if MatchingValidator.check(next, against: problem).isFeasible { return next }
            current = next
        }
        return nil
    }

    /// Every group of pairs that breaks an upper-side rule.
    static func upperSideGroups(_ pairs: [Pair], problem: MatchingProblem) -> [(pairs: [Pair], excess: Int)] {
        var out = [(pairs: [Pair], excess: Int)]()
        for sep in problem.separations {
            let a = pairs.filter { $0.mentee == sep.first }, b = pairs.filter { $0.mentee == sep.second }
            for i in Set(a.map(\.mentor)).intersection(b.map(\.mentor)).sorted() { out.append(((a + b).filter { $0.mentor == i }, 1)) }
        }
        for rule in problem.constraints {
            switch rule {
            case .maxPerMentor(let attribute, let limit):
                let values = problem.menteeAttributes[attribute] ?? []
                var groups = [String: [Pair]]()
                for p in pairs { groups["\(p.mentor.rawValue)\u{1}\(values[p.mentee.rawValue])", default: []].append(p) }
                for (_, g) in groups.sorted(by: { $0.key < $1.key }) where g.count > limit { out.append((g, g.count - limit)) }
            case .composition(let attribute, let value, let count):
                let values = problem.mentorAttributes[attribute] ?? []
                var byMentee = [Int: [Pair]]()
                for p in pairs where values[p.mentor.rawValue] == value { byMentee[p.mentee.rawValue, default: []].append(p) }
                for (_, g) in byMentee.sorted(by: { $0.key < $1.key }) where g.count > count.max { out.append((g, g.count - count.max)) }
            case .quota(let attribute, let value, let count):
                let values = problem.menteeAttributes[attribute] ?? []
                let group = pairs.filter { values[$0.mentee.rawValue] == value }
                if group.count > count.max { out.append((group, group.count - count.max)) }
            case .crossShare(let attribute, let share):
                let mv = problem.mentorAttributes[attribute] ?? [], ev = problem.menteeAttributes[attribute] ?? []
                let same = pairs.filter { mv[$0.mentor.rawValue] == ev[$0.mentee.rawValue] }
                // Dropping k "same" pairs of n: (n − same) ≥ share·(n − k) needs k ≥ n − (n − same)/share.
                let differ = Double(pairs.count - same.count)
                if differ < share * Double(pairs.count) - 1e-9 {
                    let keep = share > 0 ? Int((differ / share).rounded(.down)) : pairs.count
                    out.append((same, Swift.max(1, pairs.count - keep)))
                }
            case .parity, .scoreParity:
                break   // refused before (ProblemShape.heuristicRefusal)
            }
        }
        return out
    }

    /// The weakest pairs of every group that breaks an upper-side rule, as
    /// many as the group is over; fixed pairs are never among them.
    static func weakestOfBrokenGroups(_ pairs: [Pair], problem: MatchingProblem, fixed: Set<Pair>) -> [Pair] {
        upperSideGroups(pairs, problem: problem).flatMap { g in
            g.pairs.filter { !fixed.contains($0) }
                .sorted(by: { (problem.scores[$0], $0) < (problem.scores[$1], $1) })
                .prefix(g.excess)
        }
    }

    /// Every allowed pair that could raise the objective (score plus the
    /// mentee's penalty above zero), best first: computed once per solve for
    /// the constructive repair.
    static func gainOrder(_ problem: MatchingProblem) -> [Pair] {
        let n = problem.menteeCount
        var gains = [(Double, Pair)]()
        problem.scores.values.withUnsafeBufferPointer { s in
            for k in s.indices {
                let j = k % n
                let gain = s[k] + problem.unmatchedPenalty[j]
                let p = Pair(mentor: k / n, mentee: j)
                if gain > 0 && !problem.forbidden.contains(p) { gains.append((gain, p)) }
            }
        }
        return gains.sorted(by: { ($0.0, $1.1) > ($1.0, $0.1) }).map(\.1)
    }
}
