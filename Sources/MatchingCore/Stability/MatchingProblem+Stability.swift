extension MatchingProblem {
    /// The problem with the rules stability does not speak of removed:
    /// minimum loads and demands, fixed and separated pairs and attribute
    /// rules — loads, demands' maxima, forbidden pairs, scores and penalties
    /// kept. The matchings stability compares are this problem's.
    public var withoutRulesBeyondCapacity: MatchingProblem {
        var p = self
        p.mentorLoad = mentorLoad.map { CountRange(min: 0, max: $0.max) }
        p.menteeDemand = menteeDemand.map { CountRange(min: 0, max: $0.max) }
        p.fixed = []
        p.separations = []
        p.constraints = []
        p.objective = .total
        return p
    }
}

extension PoolProblem {
    /// The pool with what stability does not speak of removed, as
    /// ``MatchingProblem/withoutRulesBeyondCapacity``: minimum partners,
    /// rules and fixed pairs; capacities, forbidden pairs, scores and
    /// penalties kept.
    public var withoutRulesBeyondCapacity: PoolProblem {
        var p = self
        p.partners = partners.map { CountRange(min: 0, max: $0.max) }
        p.rules = []
        p.fixed = []
        return p
    }
}
