import MatchingCore

/// The network of a matching problem whose rules the layered dense engine
/// cannot hold together, on explicit arcs (``_FlowNetwork``): every allowed
/// pair is an arc on the chain
///
///     mentor → (mentor, value) slot → (mentee, value) slot → mentee → group → T
///
/// where the first slot layer carries a `maxPerMentor` cap on mentee
/// attribute A, the second the `composition` rules (minimums and maximums)
/// on mentor attribute C, and the groups the `quota` rules (minimums and
/// maximums) on mentee attribute B; mentee demands (minimums included) bound
/// the mentee → group arcs. Mentors route their load; the units above a
/// mentor's minimum may go to `Z`. Lower bounds are met after the routing
/// (``_FlowNetwork/run(supply:shouldStop:progress:)``). The potentials give
/// the duals of every rule in ``DualBound``'s conventions.
struct _RuleNetwork {
    var flow: _FlowNetwork
    let problem: MatchingProblem
    let supply: [(node: Int, units: Int)]
    /// Builder index of the arc of each free pair, and the pair.
    let pairArcs: [(arc: Int, pair: Pair)]
    /// The first node of each layer (slots, composition slots, mentees, groups), then Z and the sink T.
    let slotBase: Int, compBase: Int, menteeBase: Int, groupBase: Int, z: Int, t: Int
    let menteeClasses: AttributeCoding?
    let mentorClasses: AttributeCoding?
    let groupClasses: AttributeCoding?
    /// Per composition value code, the rule index (nil: no rule on that value).
    let compositionRule: [Int?]
    /// Per group code, the quota rule index (nil: no rule on that value).
    let quotaRule: [Int?]
    let describe: [Int: String]
    /// The arcs of quota minimums (builder indices), with the group's fixed pairs.
    let quotaArcFixed: [Int: Int]

    init(_ problem: MatchingProblem) {
        self.problem = problem
        let m = problem.mentorCount, n = problem.menteeCount
        // The one reduction: fixed pairs out, bounds shrunk, penalties folded (ReducedRules).
        let reduced = ReducedRules(problem.rules)
        let fixedOfMentor = reduced.fixedOfMentor, fixedOfMentee = reduced.fixedOfMentee
        let isFixed = reduced.isFixed
        var maxPer: (attribute: String, limit: Int, index: Int)?
        var quotas = [(index: Int, value: String, count: CountRange)](), quotaAttribute: String?
        var comps = [(index: Int, value: String, count: CountRange)](), compAttribute: String?
        for (r, rule) in problem.constraints.enumerated() {
            switch rule {
            case .maxPerMentor(let a, let l): maxPer = (a, l, r)
            case .quota(let a, let v, let c): quotaAttribute = a; quotas.append((r, v, c))
            case .composition(let a, let v, let c): compAttribute = a; comps.append((r, v, c))
            case .crossShare, .parity, .scoreParity: break
            }
        }
        let mc = maxPer.map { AttributeCoding(problem.menteeAttributes[$0.attribute] ?? []) }
        let cc = compAttribute.map { AttributeCoding(problem.mentorAttributes[$0] ?? []) }
        let gc = quotaAttribute.map { AttributeCoding(problem.menteeAttributes[$0] ?? []) }
        menteeClasses = mc
        mentorClasses = cc
        groupClasses = gc
        let ka = mc?.values.count ?? 0, kc = cc?.values.count ?? 0, kg = gc?.values.count ?? 0
        let slotBase = m, compBase = m + m * ka
        let menteeBase = compBase + n * kc, groupBase = compBase + n * kc + n
        let z = groupBase + kg, t = groupBase + kg + 1
        self.slotBase = slotBase
        self.compBase = compBase
        self.menteeBase = menteeBase
        self.groupBase = groupBase
        self.z = z
        self.t = t
        var b = _FlowNetwork.Builder()
        let allowed = problem.allowedCounts()
        let bonus = (0..<n).map { reduced.bonus($0) }
        var notes = [Int: String]()
        // Mentor side: supply, Z, maxPerMentor slots.
        var sup = [(node: Int, units: Int)]()
        for i in 0..<m {
            let high = Swift.max(0, Swift.min(reduced.mentorLoad[i].max, allowed.mentors[i] - fixedOfMentor[i]))
            let low = Swift.min(high, reduced.mentorLoad[i].min)
            if high > 0 { sup.append((i, high)) }
            if high > low { b.add(i, z, capacity: high - low) }
        }
        if let maxPer, let mc {
            let room = reduced.slotRoom(maxPer.index, coding: mc)
            for s in 0..<(m * ka) where room[s] > 0 { b.add(s / ka, slotBase + s, capacity: room[s]) }
        }
        // Pairs.
        var pairs = [(arc: Int, pair: Pair)]()
        for i in 0..<m {
            for j in 0..<n {
                let pair = Pair(mentor: i, mentee: j)
                guard problem.isAllowed(pair), !isFixed.contains(pair) else { continue }
                let from = mc.map { slotBase + i * ka + Int($0.codes[j]) } ?? i
                let to = cc.map { compBase + j * kc + Int($0.codes[i]) } ?? (menteeBase + j)
                let e = b.add(from, to, capacity: 1, cost: -(problem.scores[pair] + bonus[j]))
                pairs.append((e, pair))
            }
        }
        // Composition slots: (mentee, mentor value) → mentee, with the rule's bounds.
        var compRule = [Int?](repeating: nil, count: kc)
        if let cc {
            var bounds = [CountRange?](repeating: nil, count: kc)
            for (r, v, c) in comps { if let k = cc.code(of: v) { bounds[Int(k)] = c; compRule[Int(k)] = r } }
            for j in 0..<n {
                var fixedIn = [Int](repeating: 0, count: kc)
                for p in problem.fixed where p.mentee.rawValue == j { fixedIn[Int(cc.codes[p.mentor.rawValue])] += 1 }
                for k in 0..<kc {
                    let c = bounds[k]
                    let high = c.map { $0.max == Int.max ? Int.max / 4 : Swift.max(0, $0.max - fixedIn[k]) } ?? Int.max / 4
                    let low = c.map { Swift.max(0, $0.min - fixedIn[k]) } ?? 0
                    let e = b.add(compBase + j * kc + k, menteeBase + j, capacity: high, low: Swift.min(low, high))
                    if low > 0, let r = compRule[k] { notes[e] = "composition rule \(r): mentee \(j) needs \(low) more mentor(s) with the value" }
                }
            }
        }
        compositionRule = compRule
        // Mentees → groups (quotas) or T, with their demands.
        var qRule = [Int?](repeating: nil, count: kg)
        var groupFixed = [Int: Int]()
        for j in 0..<n {
            let high = Swift.max(0, Swift.min(reduced.menteeDemand[j].max, allowed.mentees[j] - fixedOfMentee[j]))
            let low = reduced.menteeDemand[j].min
            let to = gc.map { groupBase + Int($0.codes[j]) } ?? t
            let e = b.add(menteeBase + j, to, capacity: high, low: Swift.min(low, high))
            if low > 0 { notes[e] = "mentee \(j) cannot get the \(problem.menteeDemand[j].min) mentor(s) it must have without breaking another rule" }
        }
        if let gc {
            var fixedIn = [Int](repeating: 0, count: kg)
            for p in problem.fixed { fixedIn[Int(gc.codes[p.mentee.rawValue])] += 1 }
            var bounds = [CountRange?](repeating: nil, count: kg)
            for (r, v, c) in quotas { if let k = gc.code(of: v) { bounds[Int(k)] = c; qRule[Int(k)] = r } }
            for k in 0..<kg {
                let c = bounds[k]
                let high = c.map { $0.max == Int.max ? Int.max / 4 : Swift.max(0, $0.max - fixedIn[k]) } ?? Int.max / 4
                let low = c.map { Swift.max(0, $0.min - fixedIn[k]) } ?? 0
                let e = b.add(groupBase + k, t, capacity: high, low: Swift.min(low, high))
                if low > 0, let r = qRule[k] {
                    // The count the group reached is added when the minimum fails (NetworkFlowSolver.solveRuleNetwork).
                    notes[e] = "constraints[\(r)] \(problem.constraints[r]) needs at least \(low + fixedIn[k]) pairs"
                    groupFixed[e] = fixedIn[k]
                }
            }
        }
        quotaRule = qRule
        quotaArcFixed = groupFixed
        b.add(z, t, capacity: Int.max / 4)
        // Potentials valid for the empty flow: downstream of the pairs at 0;
        // each slot at its best pair profit; each mentor at its best slot (or
        // pair) with room, and at least Z's.
        var p = [Double](repeating: 0, count: t + 1)
        var best = [Double](repeating: -.infinity, count: compBase)
        for (e, _) in pairs { let from = Int(b.tails[e]); best[from] = Swift.max(best[from], -b.costs[e]) }
        var top = [Double](repeating: -.infinity, count: m)
        for i in 0..<m where mc == nil { top[i] = best[i] }
        for e in b.tails.indices {
            let u = Int(b.tails[e]), v = Int(b.heads[e])
            guard u < m else { continue }
            if v == z { top[u] = Swift.max(top[u], 0) } else if v >= slotBase && v < compBase { top[u] = Swift.max(top[u], best[v]) }
        }
        for i in 0..<m {
            p[i] = top[i] == -.infinity ? 0 : top[i]
            for s in (slotBase + i * ka)..<(slotBase + (i + 1) * ka) { p[s] = best[s] == -.infinity ? p[i] : best[s] }
        }
        flow = _FlowNetwork(nodes: t + 1, sink: t, b, potential: p)
        supply = sup
        pairArcs = pairs
        describe = notes
    }

    /// The matched pairs, fixed ones included.
    func matching() -> Matching {
        Matching(pairs: problem.fixed + pairArcs.filter { flow.flow($0.arc) > 0 }.map(\.pair))
    }

    /// Duals in ``DualBound``'s conventions from the potentials (T the sink):
    /// `α = p_mentor − p_T`; `γ = max(0, p_slot − p_mentor)`; a composition
    /// dual `δ_j = p_mentee − p_(mentee, value)`; a mentee's `β = p_next − p_mentee`
    /// (its group, or T); a quota's `ζ = p_T − p_group`.
    func duals() -> Duals {
        let m = problem.mentorCount, n = problem.menteeCount
        let p = flow.potential, pt = p[t]
        var d = Duals(mentors: (0..<m).map { p[$0] - pt },
                      mentees: (0..<n).map { j in (groupClasses.map { p[groupBase + Int($0.codes[j])] } ?? pt) - p[menteeBase + j] })
        if let mc = menteeClasses,
           let r = problem.constraints.firstIndex(where: { if case .maxPerMentor = $0 { return true } else { return false } }) {
            let ka = mc.values.count
            d.constraints[r] = (0..<(m * ka)).map { s in Swift.max(0, p[slotBase + s] - p[s / ka]) }
        }
        if let cc = mentorClasses {
            let kc = cc.values.count
            for (k, rule) in compositionRule.enumerated() {
                guard let rule else { continue }
                d.constraints[rule] = (0..<n).map { j in p[menteeBase + j] - p[compBase + j * kc + k] }
            }
        }
        for (g, rule) in quotaRule.enumerated() {
            guard let rule else { continue }
            d.constraints[rule] = [pt - p[groupBase + g]]
        }
        return d
    }
}
