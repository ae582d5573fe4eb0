import MatchingCore

/// Large neighbourhood search over attribute windows: the repair and the
/// local search of ``LagrangianHeuristic`` on programs with several
/// one-per-mentor rules.
///
/// A *window* is the set of mentees sharing one value of a mentee attribute
/// that a `maxPerMentor` rule limits to one per mentor (one region, one
/// department). With every other mentee's mentor held fixed, placing a
/// window again is a network problem: each mentor takes at most one of its
/// mentees, so every other `maxPerMentor` rule and every separation only
/// forbids single pairs (a mentor who already holds the group, or the
/// partner), and each `crossShare` rule is priced into the scores with a
/// multiplier that is raised until the rule holds. ``NetworkFlowSolver``
/// solves that problem exactly.
///
/// - ``repair(_:scores:deadline:)`` places the windows of one attribute
///   after another. Each window avoids the groups and partners the others
///   hold when it is placed, so once every window of an attribute has been
///   placed, every `maxPerMentor` rule and separation holds.
/// - ``polish(deadline:)`` places every window again with the real scores,
///   keeping a move when it raises the total and keeps every rule, until a
///   whole pass changes nothing: a local optimum over neighbourhoods of whole
///   regions or departments, each searched exactly.
///
/// Applies to the total objective with mentee demands of at most 1 and
/// `maxPerMentor` and `crossShare` rules only (``init(_:first:)`` returns `nil`
/// otherwise); a result is only ever used after ``/MatchingCore/MatchingValidator``
/// accepts it.
///
/// Sources: Shaw (1998), large neighbourhood search; Ahuja, Ergun, Orlin and
/// Punnen (2002), very large-scale neighbourhoods searched exactly by network
/// flows.
struct _WindowSearch {
    /// One `maxPerMentor` rule's running counts.
    struct LimitRule {
        /// Each mentee's value code.
        var codes: [Int32]
        /// The attribute's distinct values among the mentees.
        var valueCount: Int
        /// The most mentees of one value a mentor may take.
        var limit: Int
        /// `mentor · valueCount + code` → mentees of that value the mentor holds.
        var counts: [Int32]
    }

    /// One `crossShare` rule: a pair is "same" when both sides have the same value.
    struct ShareRule {
        /// Each mentee's value code.
        var menteeCodes: [Int32]
        /// Each mentor's value as a code of the mentees' coding (-1: no mentee has it).
        var mentorCodes: [Int32]
        var minShare: Double
        /// Pairs whose two sides have the same value.
        var sameCount = 0

        func isSame(_ i: Int, _ j: Int) -> Bool { mentorCodes[i] == menteeCodes[j] }
    }

    let problem: MatchingProblem
    let mentors: Int, mentees: Int
    /// The windows: mentees of one value of an attribute limited to one per mentor, grouped by attribute.
    let windows: [[[Int]]]
    let forbiddenMask: [Bool]
    let partners: [[Int]]
    let fixedMentor: [Int]
    /// The scale of the first `crossShare` price: a hundredth of the score range.
    let priceStep: Double

    private(set) var limits: [LimitRule]
    private(set) var shares: [ShareRule]
    /// Each mentee's mentor, or -1.
    private(set) var assignment: [Int]
    /// Each mentor's mentees.
    private(set) var load: [Int]
    /// The pairs of the current matching.
    private(set) var matched = 0
    /// The price (score points off each "same" pair) the search of the last move settled on: the next search starts from half of it.
    private var lastPrice = 0.0
    /// Whether each mentee is in the window being placed.
    private var inWindow: [Bool]

    /// The search for `problem`, or `nil` when it does not apply: another
    /// objective than the total, a mentee demand above 1, a rule other than
    /// `maxPerMentor` and `crossShare`, or no `maxPerMentor` rule with limit 1
    /// on an attribute with at most 8 values or at least four mentees per
    /// value on average (many windows of a few mentees are not worth a
    /// network solve each).
    ///
    /// The windows of attribute `first` (when it has them) come first: the
    /// repair places them before any other's.
    ///
    /// - Complexity: O(M·N + rules·(M + N)).
    init?(_ problem: MatchingProblem, first: String?) {
        guard problem.objective == .total, problem.menteeDemand.allSatisfy({ $0.max <= 1 }) else { return nil }
        let m = problem.mentorCount, n = problem.menteeCount
        var limits = [LimitRule](), shares = [ShareRule](), windowAttributes = [String]()
        for rule in problem.constraints {
            switch rule {
            case .maxPerMentor(let a, let limit):
                let coding = problem.menteeCoding(a)
                limits.append(LimitRule(codes: coding.codes, valueCount: coding.values.count, limit: limit,
                                        counts: [Int32](repeating: 0, count: m * coding.values.count)))
                // Many windows of a few mentees each are not worth a network solve each.
                let few = coding.values.count <= 8 || coding.values.count * 4 <= n
                if limit == 1 && few && !windowAttributes.contains(a) { windowAttributes.append(a) }
            case .crossShare(let a, let share):
                let coding = problem.menteeCoding(a)
                let mentorCodes = (problem.mentorAttributes[a] ?? []).map { coding.code(of: $0) ?? -1 }
                guard mentorCodes.count == m else { return nil }
                shares.append(ShareRule(menteeCodes: coding.codes, mentorCodes: mentorCodes, minShare: share))
            case .quota, .composition, .parity, .scoreParity:
                return nil
            }
        }
        guard !windowAttributes.isEmpty else { return nil }
        if let first, let k = windowAttributes.firstIndex(of: first) { windowAttributes.insert(windowAttributes.remove(at: k), at: 0) }
        windows = windowAttributes.map { a in
            let coding = problem.menteeCoding(a)
            var groups = [[Int]](repeating: [], count: coding.values.count)
            for j in 0..<n { groups[Int(coding.codes[j])].append(j) }
            return groups.filter { !$0.isEmpty }
        }
        var partners = [[Int]](repeating: [], count: n)
        for s in problem.separations {
            partners[s.first.rawValue].append(s.second.rawValue)
            partners[s.second.rawValue].append(s.first.rawValue)
        }
        var fixedMentor = [Int](repeating: -1, count: n)
        for p in problem.fixed { fixedMentor[p.mentee.rawValue] = p.mentor.rawValue }
        forbiddenMask = problem.forbiddenMask()
        var low = Double.infinity, high = -Double.infinity
        for (k, v) in problem.scores.values.enumerated() where !forbiddenMask[k] { low = Swift.min(low, v); high = Swift.max(high, v) }
        priceStep = low < high ? high / 100 - low / 100 : 1   // halves first: no overflow at ±1e308
        self.problem = problem
        (mentors, mentees) = (m, n)
        self.partners = partners
        self.fixedMentor = fixedMentor
        self.limits = limits
        self.shares = shares
        assignment = [Int](repeating: -1, count: n)
        load = [Int](repeating: 0, count: m)
        inWindow = [Bool](repeating: false, count: n)
    }

    // MARK: - Running counts

    private mutating func count(_ i: Int, _ j: Int, _ sign: Int) {
        load[i] += sign
        matched += sign
        for r in limits.indices { limits[r].counts[i * limits[r].valueCount + Int(limits[r].codes[j])] += Int32(sign) }
        for r in shares.indices where shares[r].isSame(i, j) { shares[r].sameCount += sign }
    }

    /// Makes `matching` the current one (mentees with several mentors keep the first).
    mutating func start(from matching: Matching) {
        for j in 0..<mentees where assignment[j] >= 0 { count(assignment[j], j, -1) }
        assignment = [Int](repeating: -1, count: mentees)
        for p in matching.pairs where assignment[p.mentee.rawValue] < 0 {
            assignment[p.mentee.rawValue] = p.mentor.rawValue
            count(p.mentor.rawValue, p.mentee.rawValue, 1)
        }
    }

    /// The current matching.
    var matching: Matching {
        Matching(pairs: (0..<mentees).compactMap { j in assignment[j] >= 0 ? Pair(mentor: assignment[j], mentee: j) : nil })
    }

    /// Whether every `crossShare` rule holds now.
    var sharesHold: Bool {
        shares.allSatisfy { Double(matched - $0.sameCount) >= $0.minShare * Double(matched) - 1e-9 }
    }

    /// What mentee `j` adds to the total with mentor `i` (-1: unmatched).
    private func value(_ i: Int, _ j: Int) -> Double {
        i >= 0 ? problem.scores[i, j] : -problem.unmatchedPenalty[j]
    }

    // MARK: - One window

    /// A window's network problem: every other mentee held where it is.
    struct WindowProblem {
        var problem: MatchingProblem
        /// The row-major entries of `problem.scores` whose pair has the same value on a `crossShare` rule's two sides.
        var same: [Int]
    }

    /// The network problem of placing `window` again on `scores`, every other
    /// mentee held: each mentor takes at most one of its mentees, within what
    /// its load leaves; a pair is forbidden when it is, or when the mentor
    /// already holds the limit of a `maxPerMentor` group or the mentee's
    /// separated partner. With `minimums`, a mentor below its minimum load
    /// must take one of the window's mentees. `nil` when that problem is
    /// invalid (a fixed pair it forbids, a minimum load it cannot meet).
    ///
    /// - Complexity: O(M·|window|·rules).
    private mutating func windowProblem(_ window: [Int], scores: ScoreMatrix, minimums: Bool) -> WindowProblem? {
        let k = window.count
        for j in window where assignment[j] >= 0 { count(assignment[j], j, -1) }
        defer { for j in window where assignment[j] >= 0 { count(assignment[j], j, 1) } }
        for j in window { inWindow[j] = true }
        defer { for j in window { inWindow[j] = false } }
        var values = ContiguousArray<Double>(repeating: 0, count: mentors * k)
        var forbidden = Set<Pair>(minimumCapacity: mentors * k / 2)
        var same = [Int]()
        var loads = [CountRange]()
        loads.reserveCapacity(mentors)
        for i in 0..<mentors {
            let bound = problem.mentorLoad[i]
            let cap = Swift.max(0, Swift.min(bound.max - load[i], 1))
            loads.append(CountRange(min: minimums ? Swift.min(Swift.max(0, bound.min - load[i]), cap) : 0, max: cap))
            for (c, j) in window.enumerated() {
                var allowed = !forbiddenMask[i * mentees + j]
                for r in limits.indices where allowed {
                    allowed = limits[r].counts[i * limits[r].valueCount + Int(limits[r].codes[j])] < limits[r].limit
                }
                for p in partners[j] where allowed && !inWindow[p] { allowed = assignment[p] != i }
                guard allowed else {
                    forbidden.insert(Pair(mentor: i, mentee: c))
                    continue
                }
                values[i * k + c] = scores[i, j]
                if shares.contains(where: { $0.isSame(i, j) }) { same.append(i * k + c) }
            }
        }
        var rules = MatchingRules(mentorLoad: loads, menteeDemand: window.map { problem.menteeDemand[$0] },
                                  unmatchedPenalty: window.map { problem.unmatchedPenalty[$0] })
        rules.forbidden = forbidden
        rules.fixed = window.enumerated().compactMap { c, j in fixedMentor[j] >= 0 ? Pair(mentor: fixedMentor[j], mentee: c) : nil }
        guard let matrix = try? ScoreMatrix(mentors: mentors, mentees: k, values: values) else { return nil }
        let sub = MatchingProblem(scores: matrix, rules: rules)
        guard (try? sub.validate()) != nil else { return nil }
        return WindowProblem(problem: sub, same: same)
    }

    /// Solves `window` exactly with `price` (score points) off every "same"
    /// pair's score: the mentor of each of its mentees (-1: none), or `nil`
    /// without a solution.
    ///
    /// - Complexity: one ``NetworkFlowSolver`` solve of M × |window| pairs.
    private func place(_ window: WindowProblem, price: Double, deadline: ContinuousClock.Instant?) async throws -> [Int]? {
        var sub = window.problem
        let k = sub.menteeCount
        if price > 0 {
            for e in window.same {
                let v = sub.scores[e / k, e % k] - price
                guard v.isFinite else { return nil }
                sub.scores[e / k, e % k] = v
            }
        }
        var options = SolveOptions()
        if let deadline {
            guard let left = Deadline(end: deadline).remaining, left > 0.001 else { return nil }
            options.timeLimit = left
        }
        let report = try await NetworkFlowSolver().solve(sub, options: options)
        guard let matching = report.matching, report.termination.reason == .optimal || report.termination.reason == .feasible else { return nil }
        var placed = [Int](repeating: -1, count: sub.menteeCount)
        for p in matching.pairs { placed[p.mentee.rawValue] = p.mentor.rawValue }
        return placed
    }

    /// Moves the window's mentees to `placed`.
    private mutating func apply(_ window: [Int], _ placed: [Int]) {
        for (c, j) in window.enumerated() where assignment[j] != placed[c] {
            if assignment[j] >= 0 { count(assignment[j], j, -1) }
            assignment[j] = placed[c]
            if placed[c] >= 0 { count(placed[c], j, 1) }
        }
    }

    /// Places `window` again and keeps the best placement `accept` takes.
    /// The first placement is unpriced; when it breaks a `crossShare` rule
    /// and `priced`, one price on every `crossShare` rule's "same" pairs is
    /// doubled (from half the last search's price, at least a hundredth of
    /// the score range, up to the score range times the window's size)
    /// until the rules hold, then bisected five times, keeping the best
    /// placement that holds. Returns whether
    /// the matching changed.
    ///
    /// - Complexity: O(M·|window|·rules) to build the window's problem, then
    ///   one network solve, or up to about 10 more (rarely 45) while a price is searched.
    private mutating func move(_ window: [Int], scores: ScoreMatrix, priced: Bool, minimums: Bool = true, deadline: ContinuousClock.Instant?,
                               accept: (_ gain: Double, _ holds: Bool) -> Bool) async throws -> Bool {
        let before = window.reduce(0.0) { $0 + value(assignment[$1], $1) }
        let old = window.map { assignment[$0] }
        var best: (placed: [Int], gain: Double, holds: Bool)?
        var settled: Double?
        func trial(_ placed: [Int]) -> Bool {
            apply(window, placed)
            let holds = sharesHold
            let gain = window.reduce(0.0) { $0 + value(assignment[$1], $1) } - before
            apply(window, old)
            if accept(gain, holds), best == nil || (holds && !best!.holds) || (holds == best!.holds && gain > best!.gain) {
                best = (placed, gain, holds)
            }
            return holds
        }
        guard let sub = windowProblem(window, scores: scores, minimums: minimums),
              let first = try await place(sub, price: 0, deadline: deadline) else { return false }
        if !trial(first), priced, !shares.isEmpty {
            // From half the price the last search settled on: a few doublings, then bisection.
            var low = 0.0, high = Swift.max(priceStep, lastPrice / 2), found = false
            // Past the score range times the window's size a "same" pair already loses to any
            // other choice: a higher price changes nothing.
            let ceiling = 100 * priceStep * Double(window.count + 1)
            while high <= ceiling && high.isFinite {
                guard let placed = try await place(sub, price: high, deadline: deadline) else { break }
                if trial(placed) { found = true; break }
                (low, high) = (high, 2 * high)
            }
            for _ in 0..<(found ? 5 : 0) {
                let mid = (low + high) / 2
                guard let placed = try await place(sub, price: mid, deadline: deadline) else { break }
                if trial(placed) { high = mid } else { low = mid }
            }
            if found { settled = high }
        }
        guard let best, best.placed != old else { return false }
        apply(window, best.placed)
        // Only a move changes where the next search starts: a window placed again with the
        // matching and this price unchanged gives the same placement (``polish`` skips it).
        if let settled { lastPrice = settled }
        return true
    }

    // MARK: - Repair and polish

    /// Repairs `matching` (which may break `maxPerMentor` rules, separations
    /// and `crossShare`) by placing the windows of each attribute in turn on
    /// `scores` (e.g. a Lagrangian iterate's shifted scores), stopping after
    /// the first attribute whose windows leave every `maxPerMentor` rule and
    /// separation kept; a `crossShare` rule still broken then is mended by
    /// priced placements with the real scores, window by window. `false` when
    /// the result still breaks a rule.
    ///
    /// - Complexity: one network solve per window (more while a `crossShare` price is searched).
    mutating func repair(_ matching: Matching, scores: ScoreMatrix, deadline: ContinuousClock.Instant?) async throws -> Bool {
        start(from: matching)
        let clock = Deadline(end: deadline)
        for attribute in windows {
            // Minimum loads are asked of the last window only: earlier windows, each giving a
            // mentor at most one mentee, would have to meet them all at once.
            for (k, window) in attribute.enumerated() {
                if clock.hasPassed || Task.isCancelled { return false }
                _ = try await move(window, scores: scores, priced: false, minimums: k == attribute.count - 1, deadline: deadline) { _, _ in true }
            }
            if limitsHold { break }
        }
        for window in windows[0] where !sharesHold {
            if clock.hasPassed || Task.isCancelled { return false }
            _ = try await move(window, scores: problem.scores, priced: true, deadline: deadline) { _, holds in holds }
        }
        return MatchingValidator.check(self.matching, against: problem).isFeasible
    }

    /// Whether every `maxPerMentor` rule and separation holds now.
    var limitsHold: Bool {
        for rule in limits where rule.counts.contains(where: { $0 > rule.limit }) { return false }
        for j in 0..<mentees where assignment[j] >= 0 {
            for p in partners[j] where assignment[p] == assignment[j] { return false }
        }
        return true
    }

    /// Places every window again with the real scores, keeping each move
    /// that raises the total and keeps every rule, until a whole pass
    /// changes nothing or the deadline passes. The current matching must keep
    /// every rule.
    ///
    /// - Complexity: one network solve per window and pass (more while a `crossShare` price is searched).
    mutating func polish(deadline: ContinuousClock.Instant?) async throws {
        let tolerance = 1e-9 * Swift.max(1, priceStep * 100)
        let all = Array(windows.joined())
        // A window placed again after the last move that changed the matching gives the same
        // placement (the solves are deterministic): it is skipped until another move.
        var checkedAt = [Int](repeating: -1, count: all.count)
        var moves = 0, w = 0, unchanged = 0
        let clock = Deadline(end: deadline)
        while unchanged < all.count {
            if clock.hasPassed || Task.isCancelled { return }
            if checkedAt[w] != moves,
               try await move(all[w], scores: problem.scores, priced: true, deadline: deadline, accept: { gain, holds in holds && gain > tolerance }) {
                moves += 1
                unchanged = 0
            } else {
                unchanged += 1
            }
            checkedAt[w] = moves
            w = (w + 1) % all.count
        }
    }
}
