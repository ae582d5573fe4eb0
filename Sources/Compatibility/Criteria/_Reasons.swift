/// Plain-words reasons for a built-in criterion's value on one pair, read from
/// the profiles (the value itself comes from the matrices).
enum _Reasons {
    static func text(_ c: Criterion, value: Double, mentor t: Profile, mentee l: Profile, config: CompatibilityConfig, tz: (Double?, Double?)) -> String {
        switch c {
        case .skillGap:
            let goals = l.goals.sorted { ($0.priority, $1.skill) > ($1.priority, $0.skill) }
            guard !goals.isEmpty else { return "\(l.id) listed no learning goals" }
            guard !t.skills.isEmpty else { return "\(t.id) listed no skills" }
            let parts = goals.prefix(3).map { g -> String in
                let have = t.skills[g.skill] ?? 0, now = l.skills[g.skill] ?? 0
                return "\(g.skill) \(_format(have)) (mentee \(_format(now)), wants \(_format(g.desiredLevel)))"
            }
            let lead = config.mode == .mutual ? "weaker direction counts most; " : ""
            return lead + "mentor's level on the mentee's goals: " + parts.joined(separator: ", ")
        case .interests, .values:
            let x = c == .interests ? t.interests : t.values, y = c == .interests ? l.interests : l.values
            guard !x.isEmpty && !y.isEmpty else { return "not answered by both" }
            let shared = Set(x).intersection(y).sorted()
            return shared.isEmpty ? "no shared \(c.rawValue)" : "shared \(c.rawValue): " + shared.prefix(4).joined(separator: ", ")
        case .personality:
            guard let x = t.personality, let y = l.personality else { return "personality not answered by both" }
            let fits = zip(BigFive.Trait.allCases, zip(x.values, y.values)).map { trait, v -> (String, Double) in
                let d = abs(v.0 - v.1)
                return (trait.rawValue, config.fit(trait) == .similar ? 1 - d : d)
            }
            let best = fits.max { ($0.1, $1.0) < ($1.1, $0.0) }!
            let worst = fits.min { ($0.1, $1.0) < ($1.1, $0.0) }!
            return "best fit on \(best.0), weakest on \(worst.0)"
        case .communication:
            guard let x = t.communication, let y = l.communication else { return "communication style not answered by both" }
            let names = ["directive/collaborative", "structured/flexible", "detail/big picture"]
            let gaps = zip(names, zip(x.values, y.values).map { abs($0 - $1) })
            let worst = gaps.max { ($0.1, $1.0) < ($1.1, $0.0) }!
            return worst.1 < 0.2 ? "similar styles" : "styles differ most on \(worst.0)"
        case .careerStage:
            guard let x = t.seniority, let y = l.seniority else { return "seniority not given for both" }
            let gap = x.level - y.level
            let window = "ideal \(_format(config.idealGap.lowerBound))–\(_format(config.idealGap.upperBound))"
            switch config.mode {
            case .traditional: return "mentor \(_format(gap)) level(s) above (\(window))"
            case .reverse: return "mentee \(_format(-gap)) level(s) above the mentor (\(window))"
            case .mutual: return "\(_format(abs(gap))) level(s) apart (\(window))"
            }
        case .availability:
            guard !t.availability.isEmpty && !l.availability.isEmpty else { return "availability not given for both" }
            let shared = value * config.availabilityHours
            return value >= 1 ? "at least \(_format(config.availabilityHours)) shared weekly hours" : "\(_format(shared)) shared weekly hour(s)"
        case .timeZone:
            guard let x = tz.0, let y = tz.1 else { return "time zone not given for both" }
            return "\(_format(_TimeZoneOffset.distance(x, y))) h apart"
        case .language:
            guard !t.languages.isEmpty && !l.languages.isEmpty else { return "languages not given for both" }
            let shared = Set(t.languages.map { $0.lowercased() }).intersection(l.languages.map { $0.lowercased() }).sorted()
            return shared.isEmpty ? "no shared language" : "both speak " + shared.prefix(3).joined(separator: ", ")
        case .crossDepartment:
            guard let x = t.department, let y = l.department else { return "department not given for both" }
            return x == y ? "same department (\(x))" : "\(x) and \(y)"
        case .mbti:
            guard let x = t.mbti, let y = l.mbti else { return "MBTI type not given for both" }
            let fits = zip(MBTIType.Dichotomy.allCases, zip(x.preferences, y.preferences)).filter { d, p in (p.0 == p.1) == (config.fit(d) == .similar) }
            return "\(x) and \(y): the fit asked for on \(fits.count) of 4 dichotomies" + (fits.isEmpty ? "" : " (" + fits.map(\.0.rawValue).joined(separator: ", ") + ")")
        case .preferences:
            func rank(_ list: [PersonID], _ who: PersonID) -> String? { list.firstIndex(of: who).map { "#\($0 + 1)" } }
            let a = rank(l.preferences, t.id).map { "\(l.id) ranked \(t.id) \($0)" }
            let b = rank(t.preferences, l.id).map { "\(t.id) ranked \(l.id) \($0)" }
            // An empty list is neutral (half the value), and is said so: "neither
            // ranked the other" is for two lists that leave each other out (0).
            func unranked(_ who: Profile, _ other: Profile) -> String {
                who.preferences.isEmpty ? "\(who.id) listed no preferences (neutral)" : "\(who.id) did not rank \(other.id)"
            }
            if a == nil && b == nil {
                if l.preferences.isEmpty && t.preferences.isEmpty { return "neither listed preferences (neutral)" }
                if !l.preferences.isEmpty && !t.preferences.isEmpty { return "neither ranked the other" }
            }
            return [a ?? unranked(l, t), b ?? unranked(t, l)].joined(separator: "; ")
        }
    }
}
