import Compatibility
import MatchingCore

/// Who left blank the answers that carry the most weight in this config,
/// and how much their scores could change if they answered — the people a
/// matching committee should ask first.
///
/// A criterion a person did not answer scores 0.5 (neutral) in every pair
/// (``/Compatibility/CompatibilityConfig``), so a pair's score could move by
/// up to `50 · w / Σw` points either way once they answer, `w` the
/// criterion's weight.
public struct DataGap: Hashable, Sendable {
    /// The person.
    public var id: PersonID
    /// `mentor`, `mentee` or `both`.
    public var role: String
    /// The unanswered questions, as columns (`skills`, `availability`, …), heaviest first.
    public var missing: [String]
    /// Their criteria's share of the total weight, 0…1.
    public var weightShare: Double
    /// How far any of their pairs' scores could move (points of 100) once answered.
    public var maxChange: Double
}

extension MentoringProgram {
    /// The columns each built-in criterion reads, for a person on each side
    /// (a mentor's skills, a mentee's goals; the rest alike).
    static func questions(_ c: Criterion, asMentor: Bool) -> String {
        switch c {
        case .skillGap: asMentor ? "skills" : "goals"
        case .interests: "interests"
        case .values: "values"
        case .personality: "personality (Big Five)"
        case .communication: "communication style"
        case .careerStage: "seniority"
        case .availability: "availability"
        case .timeZone: "timezone"
        case .language: "languages"
        case .crossDepartment: "department"
        case .preferences: "preferences"
        case .mbti: "mbti"
        }
    }

    /// Whether `p` answered what criterion `c` reads on their side.
    static func answered(_ c: Criterion, _ p: Profile, asMentor: Bool) -> Bool {
        switch c {
        case .skillGap: asMentor ? !p.skills.isEmpty : !p.goals.isEmpty
        case .interests: !p.interests.isEmpty
        case .values: !p.values.isEmpty
        case .personality: p.personality != nil
        case .communication: p.communication != nil
        case .careerStage: p.seniority != nil
        case .availability: !p.availability.isEmpty
        case .timeZone: p.timeZone != nil
        case .language: !p.languages.isEmpty
        case .crossDepartment: p.department != nil
        case .preferences: true   // an empty ranking is an answer: no one preferred
        case .mbti: p.mbti != nil
        }
    }

    /// The eligible people with weighted questions unanswered, most weight
    /// missing first (ties by id). In mutual mode and for `both`, a person's
    /// skills and goals both count for the skill gap.
    ///
    /// - Complexity: O(people · criteria).
    public func dataGaps() -> [DataGap] {
        let c = config.compatibilityInMode
        let weights = Criterion.allCases.map { ($0, c.weight($0)) }.filter { $0.1 > 0 }
        let total = weights.reduce(0) { $0 + $1.1 }
        guard total > 0 else { return [] }
        var out = [DataGap]()
        for p in cohort.profiles where p.eligible {
            // The mentor's side is the one who teaches in every mode (in reverse mode, the junior).
            let sides: [Bool] = c.mode == .mutual || p.role == .both ? [true, false] : [p.role == .mentor]
            var missing = [(String, Double)]()
            for (criterion, w) in weights {
                for asMentor in sides where !Self.answered(criterion, p, asMentor: asMentor) {
                    let q = Self.questions(criterion, asMentor: asMentor)
                    if !missing.contains(where: { $0.0 == q }) { missing.append((q, w)) }
                }
            }
            guard !missing.isEmpty else { continue }
            // Shares per criterion: a criterion counts once however many of its questions are blank.
            let share = Set(weights.filter { cw in sides.contains { !Self.answered(cw.0, p, asMentor: $0) } }.map(\.0.rawValue))
                .reduce(0.0) { s, name in s + c.weight(Criterion(rawValue: name)!) } / total
            out.append(DataGap(id: p.id, role: p.role.rawValue, missing: missing.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.map(\.0),
                               weightShare: share, maxChange: 50 * share))
        }
        return out.sorted { ($0.weightShare, $1.id) > ($1.weightShare, $0.id) }
    }
}
