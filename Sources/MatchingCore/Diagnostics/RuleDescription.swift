extension MatchingProblem {
    /// A rule of this problem in users' terms, for a row of its integer program.
    public func describe(_ origin: RowOrigin) -> String {
        switch origin {
        case .menteeDemand(let j):
            let d = menteeDemand[j.rawValue]
            return "mentee \(j.rawValue) gets \(d.min == d.max ? "exactly \(d.min)" : "\(d.min)…\(d.max)") mentor(s)"
        case .mentorLoad(let i):
            let l = mentorLoad[i.rawValue]
            return "mentor \(i.rawValue) takes \(l.min == l.max ? "exactly \(l.min)" : "\(l.min)…\(l.max)") mentee(s)"
        case .matchedLink(let j):
            return "mentee \(j.rawValue) counts as matched only with a mentor"
        case .separation(let s, let i):
            return "separation \(s) (\(separations[s])) at mentor \(i.rawValue)"
        case .maxPerMentor(let c, let i, let value):
            return "constraints[\(c)] \(constraints[c]) at mentor \(i.rawValue), value '\(value)'"
        case .quota(let c):
            return "constraints[\(c)] \(constraints[c])"
        case .composition(let c, let j):
            return "constraints[\(c)] \(constraints[c]) for mentee \(j.rawValue)"
        case .crossShare(let c):
            return "constraints[\(c)] \(constraints[c])"
        case .parity(let c, let value):
            return "constraints[\(c)] \(constraints[c]) for \(constraints[c].attribute) = \(value)"
        case .scoreParity(let c, let value):
            return "constraints[\(c)] \(constraints[c]) for \(constraints[c].attribute) = \(value)"
        case .scoreParityLink(let c):
            return "constraints[\(c)] \(constraints[c]) (its definition of the mean pair score)"
        case .matchedCap(let j):
            return "mentee \(j.rawValue) counts as matched when it has a mentor"
        case .saturation(let a, let b):
            return "pool person \(a) counts as full with partners ranked above \(b) only when it is (stability)"
        case .stability(let p):
            return "mentor \(p.mentor.rawValue) and mentee \(p.mentee.rawValue) do not block (stability)"
        case .partners(let v), .partnerLink(let v), .partnerCap(let v), .poolRuleAtPerson(_, let v, _):
            return "pool person \(v)'s partners (not a rule of a mentor–mentee problem)"
        case .poolRule(let k):
            return "pool rule \(k) (not a rule of a mentor–mentee problem)"
        }
    }
}
