import Compatibility
import MatchingCore
import Programs

/// The report's plain words for what configs and solvers say in their own
/// terms: modes, objectives, rules, routes and proofs. The terms themselves
/// stay in the report's "How this was proven" section.
enum Words {
    /// A count range as words before a plural: `exactly 2`, `at least 30`, `at most 3`, `between 1 and 4`.
    static func range(_ r: CountRange) -> String {
        if r.min == r.max { return "exactly \(r.min)" }
        if r.max == Int.max { return "at least \(r.min)" }
        if r.min <= 0 { return "at most \(r.max)" }
        return "between \(r.min) and \(r.max)"
    }

    /// A share 0…1 as a percentage: `40 %`, `12.5 %`.
    static func percent(_ share: Double) -> String {
        let p = 100 * share
        return (p == p.rounded() ? String(Int(p)) : Blocks.fmt(p, 1)) + " %"
    }

    /// The first letter in upper case.
    static func sentence(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }

    /// What the program's mode means.
    static func mode(_ program: MentoringProgram) -> String {
        let config = program.config
        if let c = program.circles {
            let size = c.problem.groupSize
            let sizes = size.min == size.max ? "\(size.min)" : "\(size.min) to \(size.max)"
            return config.mode == .mutual ? "peer circles of \(sizes) people" : "circles of \(sizes) mentees learning as peers"
        }
        switch config.mode {
        case .traditional: return "traditional: experienced mentors guide mentees"
        case .reverse: return "reverse: juniors mentor seniors on what they know better"
        case .mutual: return "peer: people teach each other, in one pool"
        }
    }

    /// What the matching aims for.
    static func objective(_ program: MentoringProgram) -> String {
        if program.pool != nil || program.config.matching.objective == .total { return "the highest total score" }
        return "the fairest matching: the best possible weakest pair first, then the highest total score"
    }

    /// The program's rules in plain sentences: capacities, what each person
    /// gets, penalties, fixed pairs, the must-haves and filters, and the
    /// composition rules.
    static func rules(_ program: MentoringProgram) -> [String] {
        let m = program.config.matching
        var out = [String]()
        if let c = program.circles {
            let size = c.problem.groupSize
            out.append("Everyone eligible is placed in a circle of \(size.min == size.max ? "\(size.min)" : "\(size.min) to \(size.max)") people.")
            for rule in c.problem.rules {
                switch rule {
                case .maxPerGroup(let a, let limit): out.append("No circle has more than \(Blocks.count(limit, "person", "people")) with the same \(a).")
                }
            }
        } else if let pool = program.pool {
            out.append("Each person has at most their capacity of partners (\(m.defaultCapacity) unless the participants file gives one)\(m.minimumLoad > 0 ? ", and at least \(m.minimumLoad) when they can" : "").")
            for rule in pool.rules {
                switch rule {
                case .maxPerPerson(let a, let limit):
                    out.append("Nobody has more than \(Blocks.count(limit, "partner")) with the same \(a).")
                case .quota(let a, let v, let c):
                    out.append(sentence("\(range(c)) of the people whose \(a) is “\(v)” have a partner."))
                case .crossShare(let a, let s):
                    out.append("At least \(percent(s)) of the pairs join two people with a different \(a).")
                }
            }
        } else {
            let side = program.config.mode == .reverse ? "junior mentor" : "mentor"
            out.append("Each \(side) takes at most their capacity of mentees (\(m.defaultCapacity) unless the participants file gives one)\(m.minimumLoad > 0 ? ", and at least \(m.minimumLoad) when they can" : "").")
            let d = m.menteeDemand
            if d.min >= 1 {
                out.append("Every mentee must get \(range(d)) \(d.max == 1 ? "mentor" : "mentors").")
            } else {
                out.append(d.max == 1 ? "Each mentee gets at most one mentor." : "Each mentee gets up to \(d.max) mentors.")
            }
            if m.unmatchedPenalty > 0 {
                out.append("Leaving a mentee without a mentor costs \(Blocks.fmt(m.unmatchedPenalty, m.unmatchedPenalty == m.unmatchedPenalty.rounded() ? 0 : 1)) points of the total, so someone is left out only when that lets the others score more.")
            }
            for rule in program.rules.constraints { out.append(constraint(rule)) }
        }
        if !m.fixed.isEmpty { out.append("\(Blocks.count(m.fixed.count, "pair was", "pairs were")) fixed in advance.") }
        let compatibility = program.config.compatibilityInMode
        for (name, threshold) in compatibility.mustHave.sorted(by: { $0.key < $1.key }) {
            out.append("Pairs must reach \(percent(threshold)) on “\(Criterion.label(of: name, in: compatibility.mode))”.")
        }
        let f = compatibility.filters
        var never = [String]()
        if f.ineligible { never.append("people not eligible this round") }
        if f.reportingLine { never.append("people in the same reporting line") }
        if f.sameTeam { never.append("people in the same team") }
        if f.blocked { never.append("pairs either person blocked") }
        if f.pastFailures { never.append("pairs that failed before") }
        if f.sharedLanguage { never.append("people with no language in common") }
        if let h = f.maxTimeZoneGapHours { never.append("people more than \(Blocks.fmt(h, h == h.rounded() ? 0 : 1)) hours apart") }
        if !never.isEmpty { out.append("Never paired: " + never.joined(separator: "; ") + ".") }
        return out
    }

    /// A mentor–mentee program's composition rule in a sentence.
    static func constraint(_ c: MatchingConstraint) -> String {
        switch c {
        case .maxPerMentor(let a, let limit):
            "No mentor has more than \(Blocks.count(limit, "mentee")) with the same \(a)."
        case .quota(let a, let v, let r):
            sentence("\(range(r)) of the matched mentees have \(a) “\(v)”.")
        case .composition(let a, let v, let r):
            "Every mentee has \(range(r)) \(r.max == 1 ? "mentor" : "mentors") whose \(a) is “\(v)”."
        case .crossShare(let a, let s):
            "At least \(percent(s)) of the pairs join a mentor and a mentee with a different \(a)."
        case .parity(let a, let margin):
            "For every \(a), the share of its mentees who have a mentor is at most \(Blocks.fmt(100 * margin, 100 * margin == (100 * margin).rounded() ? 0 : 1)) percentage points from the share of all mentees."
        case .scoreParity(let a, let margin):
            "For every \(a) with a pair, the mean score of its mentees' pairs is at most \(Blocks.fmt(margin, margin == margin.rounded() ? 0 : 10 * margin == (10 * margin).rounded() ? 1 : 2)) \(margin == 1 ? "point" : "points") from the mean of all pairs."
        }
    }

    /// The rules as the config states them (for the technical section).
    static func technicalRules(_ program: MentoringProgram) -> [String] {
        program.circles.map { c in ["circles of \(c.problem.groupSize)"] + c.problem.rules.map(\.description) }
            ?? program.pool.map { $0.rules.map(\.description) } ?? program.rules.constraints.map(\.description)
    }

    /// The route a solve took.
    static func route(_ r: SolveStatistics.Route) -> String {
        switch r {
        case .network: "the exact network (min-cost flow) solver over every allowed pair"
        case .candidatePricing: "candidate pairs, with every other pair priced (column generation)"
        case .integerProgram: "the integer program, by GLPK's branch and bound"
        case .pricedIntegerProgram: "the integer program over priced candidate pairs"
        case .lagrangian: "the Lagrangian heuristic with its subgradient bound"
        case .blossom: "Edmonds' blossom algorithm within one pool"
        }
    }

    /// What proves an optimal claim.
    static func proof(_ p: SolveStatistics.Proof) -> String {
        switch p {
        case .dualPotentials: "dual potentials whose bound, recomputed independently, equals the matching's total"
        case .branchAndBoundConfirmed: "branch and bound, confirmed by an independent network bound"
        case .branchAndBound: "branch and bound, within a tolerance below the smallest difference between scores"
        case .linearRelaxation: "the linear relaxation over every pair equals the matching's total"
        case .lagrangianBound: "the Lagrangian bound equals the matching's total"
        case .oddSetDuals: "odd-set duals whose bound, recomputed independently, equals the matching's total"
        }
    }

    /// Why a solver stopped early.
    static func limit(_ l: Termination.Limit) -> String {
        switch l {
        case .none: "before it could prove this matching the best"
        case .time: "at its time limit"
        case .cancelled: "when the run was cancelled"
        case .gap: "once it was within the allowed gap"
        }
    }

    /// A round change's kind in words.
    static func change(_ kind: RoundChange.Kind) -> String {
        switch kind {
        case .kept: "kept: continuing pairs that stay"
        case .new: "new this round"
        case .changed: "changed by the matching"
        case .ended: "ended by the outcomes"
        case .dissolved: "could not continue"
        }
    }
}
