import MatchingCore

extension CompatibilityModel {
    /// Weighted criteria that one side answered nothing for (one line for
    /// all of them), must-haves and the filters a config turns on (`sameTeam`,
    /// `maxTimeZoneGapHours`) that cannot exclude any pair because one side
    /// of the program answered nothing they read — a config reused for a
    /// cohort whose survey had no such question. One warning each, naming the
    /// setting and the missing answers. (A missing answer is neutral: it
    /// never triggers a must-have or a filter.)
    ///
    /// - Complexity: O(P) for P profiles.
    public func unansweredSettings(_ cohort: Cohort) -> [String] {
        let (mentorIndices, menteeIndices) = pools(cohort)
        let mentors = mentorIndices.map { cohort.profiles[$0] }, mentees = menteeIndices.map { cohort.profiles[$0] }
        guard !mentors.isEmpty, !mentees.isEmpty else { return [] }
        /// The side that answered nothing of `field`, or `nil` when both sides answered some.
        func silentSide(_ field: String, _ given: (Profile) -> Bool) -> String? {
            let m = mentors.contains(where: given), e = mentees.contains(where: given)
            if !m && !e { return "no participant answered \(field)" }
            if !m { return "no mentor answered \(field)" }
            if !e { return "no mentee answered \(field)" }
            return nil
        }
        func silence(_ c: Criterion) -> String? {
            switch c {
            case .skillGap:
                let teach = mentors.contains { !$0.skills.isEmpty }, learn = mentees.contains { !$0.goals.isEmpty }
                if config.mode == .mutual {
                    return teach && mentors.contains(where: { !$0.goals.isEmpty }) ? nil : "no participant gave both skills and goals"
                }
                if !teach && !learn { return "no participant answered skills or goals" }
                return !teach ? "no \(config.mode == .reverse ? "reverse mentor" : "mentor") listed skills" : (!learn ? "no mentee listed goals" : nil)
            case .interests: return silentSide("interests") { !$0.interests.isEmpty }
            case .values: return silentSide("values") { !$0.values.isEmpty }
            case .personality: return silentSide("personality") { $0.personality != nil }
            case .communication: return silentSide("communication style") { $0.communication != nil }
            case .careerStage: return silentSide("seniority") { $0.seniority != nil }
            case .availability: return silentSide("availability") { !$0.availability.isEmpty }
            case .timeZone: return silentSide("timezone") { $0.timeZone != nil }
            case .language: return silentSide("languages") { !$0.languages.isEmpty }
            case .crossDepartment: return silentSide("department") { $0.department != nil }
            case .mbti: return silentSide("mbti") { $0.mbti != nil }
            case .preferences: return cohort.profiles.contains(where: { !$0.preferences.isEmpty }) ? nil : "no participant listed preferences"
            }
        }
        var out = [String]()
        // Weighted criteria nobody (or one side) answered: the same neutral points for every pair, in one line.
        let neutral = Criterion.allCases.filter { config.weight($0) > 0 }.compactMap { c in silence(c).map { "\(c.rawValue) (\($0))" } }
        if !neutral.isEmpty {
            out.append("\(neutral.count) weighted criteria score a neutral 50 % for every pair, so they cannot tell pairs apart: \(neutral.joined(separator: "; ")); give them weight 0 or collect the answers")
        }
        for (name, threshold) in config.mustHave.sorted(by: { $0.key < $1.key }) {
            guard let c = Criterion(rawValue: name), let why = silence(c) else { continue }
            out.append("compatibility.mustHave.\(name) ≥ \(_format(threshold)) excludes no pair: \(why) (a missing answer is neutral)")
        }
        if let cap = config.filters.maxTimeZoneGapHours, let why = silence(.timeZone) {
            out.append("compatibility.filters.maxTimeZoneGapHours \(_format(cap)) excludes no pair: \(why)")
        }
        if config.filters.sameTeam, let why = silentSide("team", { $0.team != nil }) {
            out.append("compatibility.filters.sameTeam excludes no pair: \(why)")
        }
        return out
    }
}
