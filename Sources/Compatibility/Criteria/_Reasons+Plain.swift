/// The reasons a participant reads (a mail merge, the report's pairs): what
/// a criterion found in the pair's favour, in everyday words, or `nil` when
/// it found nothing worth saying. ``_Reasons/text`` keeps the exact detail
/// for administrators and `explain`.
extension _Reasons {
    static func plain(_ c: Criterion, value: Double, mentor t: Profile, mentee l: Profile, config: CompatibilityConfig, tz: (Double?, Double?)) -> String? {
        func words(_ s: String) -> String { s.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ") }
        func list(_ items: [String]) -> String {
            items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
        switch c {
        case .skillGap:
            // The learner's goals the teacher knows better than the learner, most wanted first.
            func helped(_ teacher: Profile, _ learner: Profile) -> [String] {
                learner.goals.filter { (teacher.skills[$0.skill] ?? 0) > (learner.skills[$0.skill] ?? 0) }
                    .sorted { ($0.priority, $1.skill) > ($1.priority, $0.skill) }.prefix(3).map { words($0.skill) }
            }
            let forward = helped(t, l)
            // In mutual mode each teaches the other: both directions, each named.
            let backward = config.mode == .mutual ? helped(l, t) : []
            switch (forward.isEmpty, backward.isEmpty) {
            case (true, true): return nil
            case (false, true): return "\(t.id) can help with \(list(forward))"
            case (true, false): return "\(l.id) can help with \(list(backward))"
            case (false, false): return "\(t.id) can help with \(list(forward)), and \(l.id) with \(list(backward))"
            }
        case .interests:
            let shared = Set(t.interests).intersection(l.interests).sorted().prefix(3).map(words)
            return shared.isEmpty ? nil : "both enjoy \(list(shared))"
        case .values:
            let shared = Set(t.values).intersection(l.values).sorted().prefix(3).map(words)
            return shared.isEmpty ? nil : "both value \(list(shared))"
        case .personality:
            return t.personality != nil && l.personality != nil && value >= 0.7 ? "personalities that fit well" : nil
        case .communication:
            return t.communication != nil && l.communication != nil && value >= 0.7 ? "similar ways of working together" : nil
        case .careerStage:
            guard let x = t.seniority, let y = l.seniority, value >= 0.7 else { return nil }
            let gap = Int((x.level - y.level).rounded())
            switch config.mode {
            case .traditional: return gap > 0 ? "\(t.id) is \(gap) career step\(gap == 1 ? "" : "s") ahead" : nil
            case .reverse: return gap < 0 ? "\(l.id) is \(-gap) career step\(gap == -1 ? "" : "s") ahead, and learns from \(t.id)" : nil
            case .mutual: return abs(gap) <= 1 ? "at a similar career stage" : nil
            }
        case .availability:
            guard !t.availability.isEmpty, !l.availability.isEmpty, value > 0 else { return nil }
            return value >= 1 ? "free at the same times each week" : "some free time at the same times each week"
        case .timeZone:
            guard let x = tz.0, let y = tz.1 else { return nil }
            let d = _TimeZoneOffset.distance(x, y)
            return d == 0 ? "in the same time zone" : d <= 3 ? "time zones \(_format(d)) hour\(d == 1 ? "" : "s") apart" : nil
        case .language:
            let shared = Set(t.languages.map { $0.lowercased() }).intersection(l.languages.map { $0.lowercased() }).sorted()
            return shared.isEmpty ? nil : "both speak \(list(shared.prefix(2).map { $0.prefix(1).uppercased() + $0.dropFirst() }))"
        case .crossDepartment:
            guard let x = t.department, let y = l.department else { return nil }
            switch config.department {
            case .across: return x != y ? "a view from another department (\(x) and \(y))" : nil
            case .within: return x == y ? "both in \(x)" : nil
            }
        case .mbti:
            return t.mbti != nil && l.mbti != nil && value >= 0.75 ? "personality types that fit" : nil
        case .preferences:
            let a = l.preferences.contains(t.id), b = t.preferences.contains(l.id)
            return a && b ? "asked for each other" : a ? "\(l.id) asked for \(t.id)" : b ? "\(t.id) asked for \(l.id)" : nil
        }
    }
}
