/// Why a pair is not allowed. Codes are stored per pair (0 = allowed), the
/// first reason found in this order.
public enum ExclusionReason: Hashable, Sendable, CustomStringConvertible {
    /// The same person on both sides.
    case samePerson
    /// One of them is not eligible this round.
    case ineligible(PersonID)
    /// One is in the other's reporting line.
    case reportingLine
    /// Both are in the same team.
    case sameTeam
    /// One of them blocked the other.
    case blocked
    /// They were paired before and it failed.
    case pastFailure
    /// Their time zones are further apart than the cap.
    case timeZoneGap(hours: Double, cap: Double)
    /// They share no language.
    case noSharedLanguage
    /// A criterion is below its must-have threshold.
    case belowMustHave(criterion: String, value: Double, threshold: Double)

    /// The reason in plain words.
    public var description: String {
        switch self {
        case .samePerson: "the same person"
        case .ineligible(let p): "\(p) is not eligible this round"
        case .reportingLine: "one is in the other's reporting line"
        case .sameTeam: "same team"
        case .blocked: "one of them asked not to be paired with the other"
        case .pastFailure: "an earlier pairing of these two failed"
        case .timeZoneGap(let h, let cap): "time zones \(_format(h)) h apart (cap \(_format(cap)) h)"
        case .noSharedLanguage: "no shared language"
        case .belowMustHave(let c, let v, let t): "\(c) \(_format(v)) is below its must-have \(_format(t))"
        }
    }
}

func _format(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    return r == r.rounded() ? String(Int(r)) : String(r)
}

/// The pair-scoring kernel on encoded profiles: every built-in criterion of
/// one direction (teacher `t` on side A, learner `l` on side B) in 0…1, and
/// the hard filters. No allocation; reads flat arrays only.
struct _PairKernel: Sendable {
    let a: _EncodedPeople
    let b: _EncodedPeople
    let config: CompatibilityConfig
    /// Per cohort index: blocked and failed partners (both directions), sorted.
    let blocked: [[Int]]
    let failed: [[Int]]
    /// Per cohort index: preferences as cohort indices, best first.
    let preferences: [[Int]]
    let managerChain: [[Int]]
    let similarTrait: [Bool]
    /// Per MBTI dichotomy, whether alike is wanted.
    let similarDichotomy: [Bool]
    /// Career-stage direction: +1 mentor minus mentee, -1 reversed, 0 absolute.
    let gapSign: Float

    init(_ a: _EncodedPeople, _ b: _EncodedPeople, cohort: Cohort, config: CompatibilityConfig) {
        self.a = a
        self.b = b
        self.config = config
        let n = cohort.profiles.count
        var blocked = [[Int]](repeating: [], count: n), failed = [[Int]](repeating: [], count: n)
        for (k, p) in cohort.profiles.enumerated() {
            for o in p.blocked { if let q = cohort.index[o] { blocked[k].append(q); blocked[q].append(k) } }
            for past in p.pastPairings where past.outcome == .failed {
                if let q = cohort.index[past.partner] { failed[k].append(q); failed[q].append(k) }
            }
        }
        self.blocked = blocked.map { Array(Set($0)).sorted() }
        self.failed = failed.map { Array(Set($0)).sorted() }
        preferences = cohort.profiles.map { $0.preferences.compactMap { cohort.index[$0] } }   // people outside the cohort: a Cohort note
        managerChain = cohort.managerChain
        similarTrait = BigFive.Trait.allCases.map { config.fit($0) == .similar }
        similarDichotomy = MBTIType.Dichotomy.allCases.map { config.fit($0) == .similar }
        gapSign = switch config.mode { case .traditional: 1; case .reverse: -1; case .mutual: 0 }
    }

    // MARK: Criteria, teacher t (side A) and learner l (side B).

    @inline(__always)
    func skillGap(_ t: Int, _ l: Int, teacher: _EncodedPeople, learner: _EncodedPeople) -> Float {
        let s = learner.goalStart[l], e = learner.goalStart[l + 1]
        if s == e || !teacher.hasSkills[t] { return 0.5 }
        var num: Float = 0, den: Float = 0
        let base = t * teacher.skillCount
        for g in s..<e {
            let m = teacher.skill[base + Int(learner.goalSkill[g])]
            let c = learner.goalCurrent[g]
            let gap = Swift.max(learner.goalDesired[g] - c, 1)
            let fit = Swift.min(1, Swift.max(0, (m - c) / gap))
            num += learner.goalPriority[g] * fit
            den += learner.goalPriority[g]
        }
        return num / den
    }

    @inline(__always)
    static func jaccard(_ x: [UInt64], _ xc: [Int32], _ i: Int, _ y: [UInt64], _ yc: [Int32], _ j: Int, words: Int) -> Float {
        if xc[i] == 0 || yc[j] == 0 { return 0.5 }
        var common = 0
        for w in 0..<words { common += (x[i * words + w] & y[j * words + w]).nonzeroBitCount }
        return Float(common) / Float(Int(xc[i]) + Int(yc[j]) - common)
    }

    @inline(__always)
    func personality(_ i: Int, _ j: Int) -> Float {
        guard a.hasPersonality[i] && b.hasPersonality[j] else { return 0.5 }
        func trait(_ t: Int) -> Float {
            let d = abs(a.personality[i * 5 + t] - b.personality[j * 5 + t])
            return similarTrait[t] ? 1 - d : d
        }
        // Summed as the row fill sums it, so that a pair scored alone is the same Float.
        var s = trait(0) + trait(1)
        s += trait(2) + trait(3) + trait(4)
        return s / 5
    }

    @inline(__always)
    func mbti(_ i: Int, _ j: Int) -> Float {
        guard a.hasMBTI[i] && b.hasMBTI[j] else { return 0.5 }
        let differ = a.mbti[i] ^ b.mbti[j]
        var s: Float = 0
        for k in 0..<4 {
            let same = differ & (1 << UInt8(k)) == 0
            s += similarDichotomy[k] == same ? 1 : 0
        }
        return s / 4
    }

    @inline(__always)
    func communication(_ i: Int, _ j: Int) -> Float {
        guard a.hasCommunication[i] && b.hasCommunication[j] else { return 0.5 }
        var d: Float = 0
        for t in 0..<3 { d += abs(a.communication[i * 3 + t] - b.communication[j * 3 + t]) }
        return 1 - d / 3
    }

    @inline(__always)
    func careerStage(_ i: Int, _ j: Int) -> Float {
        guard a.hasLevel[i] && b.hasLevel[j] else { return 0.5 }
        let raw = a.level[i] - b.level[j]
        let g = gapSign == 0 ? abs(raw) : gapSign * raw
        let lo = Float(config.idealGap.lowerBound), hi = Float(config.idealGap.upperBound)
        let fall = Float(Swift.max(config.gapFalloff, 1e-9))
        if g < lo { return Swift.max(0, 1 - (lo - g) / fall) }
        if g > hi { return Swift.max(0, 1 - (g - hi) / fall) }
        return 1
    }

    @inline(__always)
    func availability(_ i: Int, _ j: Int) -> Float {
        guard a.quarterCount[i] > 0 && b.quarterCount[j] > 0 else { return 0.5 }
        let qw = _EncodedPeople.quarterWords
        var shared = 0
        for w in 0..<qw { shared += (a.quarters[i * qw + w] & b.quarters[j * qw + w]).nonzeroBitCount }
        // Shared quarter-hours over the hours that count as enough: times the inverse, as the row
        // fill computes it, so that a pair scored alone is the same Float.
        let inv = 1 / (4 * Float(Swift.max(config.availabilityHours, 1e-9)))
        return Swift.min(1, Float(shared) * inv)
    }

    @inline(__always)
    func zoneDistance(_ i: Int, _ j: Int) -> Float? {
        guard a.hasOffset[i] && b.hasOffset[j] else { return nil }
        let d = abs(a.offset[i] - b.offset[j]).truncatingRemainder(dividingBy: 24)
        return Swift.min(d, 24 - d)
    }

    @inline(__always)
    func timeZone(_ i: Int, _ j: Int) -> Float {
        guard let d = zoneDistance(i, j) else { return 0.5 }
        return Swift.max(0, 1 - d / Float(Swift.max(config.timeZoneScaleHours, 1e-9)))
    }

    @inline(__always)
    func sharesLanguage(_ i: Int, _ j: Int) -> Bool? {
        guard a.languageCount[i] > 0 && b.languageCount[j] > 0 else { return nil }
        let w = a.languageWords
        for k in 0..<w where a.languages[i * w + k] & b.languages[j * w + k] != 0 { return true }
        return false
    }

    @inline(__always)
    func crossDepartment(_ i: Int, _ j: Int) -> Float {
        let x = a.department[i], y = b.department[j]
        guard x >= 0 && y >= 0 else { return 0.5 }
        return (x != y) == (config.department == .across) ? 1 : 0
    }

    @inline(__always)
    static func rankScore(_ list: [Int], of other: Int) -> Float {
        if list.isEmpty { return 0.5 }
        for (r, q) in list.enumerated() where q == other { return 1 - Float(r) / Float(list.count) }
        return 0
    }

    @inline(__always)
    func preferences(_ i: Int, _ j: Int) -> Float {
        let p = a.person[i], q = b.person[j]
        return (Self.rankScore(preferences[q], of: p) + Self.rankScore(preferences[p], of: q)) / 2
    }

    /// The value of built-in criterion `c` for pair (i on side A, j on side B),
    /// combining both directions in mutual mode (`0.75·weaker + 0.25·stronger`).
    @inline(__always)
    func value(_ c: Criterion, _ i: Int, _ j: Int) -> Float {
        switch c {
        case .skillGap:
            let forward = skillGap(i, j, teacher: a, learner: b)
            guard config.mode == .mutual else { return forward }
            let backward = skillGap(j, i, teacher: b, learner: a)
            return 0.75 * Swift.min(forward, backward) + 0.25 * Swift.max(forward, backward)
        case .interests: return Self.jaccard(a.interests, a.interestCount, i, b.interests, b.interestCount, j, words: a.interestWords)
        case .values: return Self.jaccard(a.values, a.valueCount, i, b.values, b.valueCount, j, words: a.valueWords)
        case .personality: return personality(i, j)
        case .communication: return communication(i, j)
        case .careerStage: return careerStage(i, j)
        case .availability: return availability(i, j)
        case .timeZone: return timeZone(i, j)
        case .language: return sharesLanguage(i, j).map { $0 ? 1 : 0 } ?? 0.5
        case .crossDepartment: return crossDepartment(i, j)
        case .preferences: return preferences(i, j)
        case .mbti: return mbti(i, j)
        }
    }

    /// Whether both people gave what built-in criterion `c` reads for pair
    /// (i on side A, j on side B). An unanswered criterion scores its neutral
    /// 0.5 and never triggers a must-have: skill gap needs the learner's
    /// goals and the teacher's skills (in mutual mode, either direction);
    /// preferences need a list from either person; the others need both
    /// people's answers.
    @inline(__always)
    func answered(_ c: Criterion, _ i: Int, _ j: Int) -> Bool {
        switch c {
        case .skillGap:
            let forward = b.goalStart[j] != b.goalStart[j + 1] && a.hasSkills[i]
            return forward || (config.mode == .mutual && a.goalStart[i] != a.goalStart[i + 1] && b.hasSkills[j])
        case .interests: return a.interestCount[i] > 0 && b.interestCount[j] > 0
        case .values: return a.valueCount[i] > 0 && b.valueCount[j] > 0
        case .personality: return a.hasPersonality[i] && b.hasPersonality[j]
        case .communication: return a.hasCommunication[i] && b.hasCommunication[j]
        case .careerStage: return a.hasLevel[i] && b.hasLevel[j]
        case .availability: return a.quarterCount[i] > 0 && b.quarterCount[j] > 0
        case .timeZone: return a.hasOffset[i] && b.hasOffset[j]
        case .language: return a.languageCount[i] > 0 && b.languageCount[j] > 0
        case .crossDepartment: return a.department[i] >= 0 && b.department[j] >= 0
        case .preferences: return !preferences[a.person[i]].isEmpty || !preferences[b.person[j]].isEmpty
        case .mbti: return a.hasMBTI[i] && b.hasMBTI[j]
        }
    }

    // MARK: Filters

    /// The first hard-filter reason excluding the pair (without must-haves), as a code; 0 when none.
    @inline(__always)
    func filterCode(_ i: Int, _ j: Int) -> UInt8 {
        let p = a.person[i], q = b.person[j]
        let f = config.filters
        if p == q { return 1 }
        if f.ineligible && !(a.eligible[i] && b.eligible[j]) { return 2 }
        if f.reportingLine && (managerChain[p].contains(q) || managerChain[q].contains(p)) { return 3 }
        if f.sameTeam && a.team[i] >= 0 && a.team[i] == b.team[j] { return 4 }
        if f.blocked && blocked[p].contains(q) { return 5 }
        if f.pastFailures && failed[p].contains(q) { return 6 }
        if let cap = f.maxTimeZoneGapHours, let d = zoneDistance(i, j), Double(d) > cap { return 7 }
        if f.sharedLanguage, let shared = sharesLanguage(i, j), !shared { return 8 }
        return 0
    }

    /// Every reason excluding the pair, in plain terms (must-haves not included).
    func filterReasons(_ i: Int, _ j: Int, cohort: Cohort) -> [ExclusionReason] {
        let p = a.person[i], q = b.person[j]
        let f = config.filters
        var out = [ExclusionReason]()
        if p == q { out.append(.samePerson) }
        if f.ineligible {
            if !a.eligible[i] { out.append(.ineligible(cohort.profiles[p].id)) }
            if !b.eligible[j] && p != q { out.append(.ineligible(cohort.profiles[q].id)) }
        }
        if f.reportingLine && p != q && (managerChain[p].contains(q) || managerChain[q].contains(p)) { out.append(.reportingLine) }
        if f.sameTeam && p != q && a.team[i] >= 0 && a.team[i] == b.team[j] { out.append(.sameTeam) }
        if f.blocked && blocked[p].contains(q) { out.append(.blocked) }
        if f.pastFailures && failed[p].contains(q) { out.append(.pastFailure) }
        if let cap = f.maxTimeZoneGapHours, let d = zoneDistance(i, j), Double(d) > cap { out.append(.timeZoneGap(hours: Double(d), cap: cap)) }
        if f.sharedLanguage, let shared = sharesLanguage(i, j), !shared { out.append(.noSharedLanguage) }
        return out
    }
}
