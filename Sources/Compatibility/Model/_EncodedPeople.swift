/// Profiles pre-encoded for fast pair scoring: dense skill vectors, goals as
/// flat runs, bit sets for tags and weekly hours, codes for departments.
/// Both sides of a model share one vocabulary (``_Vocabulary``).
struct _Vocabulary: Sendable {
    let skills: [String: Int]
    let interests: [String: Int]
    let values: [String: Int]
    let languages: [String: Int]
    let departments: [String: Int32]
    let teams: [String: Int32]

    init(_ profiles: [Profile]) {
        func codes(_ names: some Sequence<String>) -> [String: Int] {
            var out = [String: Int]()
            for (k, v) in Set(names).sorted().enumerated() { out[v] = k }
            return out
        }
        skills = codes(profiles.flatMap { Array($0.skills.keys) + $0.goals.map(\.skill) })
        interests = codes(profiles.flatMap(\.interests))
        values = codes(profiles.flatMap(\.values))
        languages = codes(profiles.flatMap { $0.languages.map { $0.lowercased() } })
        departments = codes(profiles.compactMap(\.department)).mapValues(Int32.init)
        teams = codes(profiles.compactMap { p in p.team.map { "\(p.department ?? "")/\($0)" } }).mapValues(Int32.init)
    }

    static func words(_ count: Int) -> Int { Swift.max(1, (count + 63) / 64) }
}

struct _EncodedPeople: Sendable {
    let count: Int
    /// Cohort index of each person.
    let person: [Int]
    let skillCount: Int
    /// Levels, person-major, `skillCount` per person (0 when absent).
    let skill: [Float]
    /// Whether the person listed any skill (a teacher who listed none has not answered).
    let hasSkills: [Bool]
    /// Goals of person p: `goalStart[p] ..< goalStart[p + 1]`.
    let goalStart: [Int]
    let goalSkill: [Int32]
    let goalCurrent: [Float]
    let goalDesired: [Float]
    let goalPriority: [Float]
    /// Big Five, 5 per person; `hasPersonality` says whether answered.
    let personality: [Float]
    let hasPersonality: [Bool]
    /// MBTI preferences as 4 bits (E, S, T, J set), and whether given.
    let mbti: [UInt8]
    let hasMBTI: [Bool]
    let communication: [Float]
    let hasCommunication: [Bool]
    let level: [Float]
    let hasLevel: [Bool]
    /// Bit sets, `wordsX` words per person.
    let interestWords: Int, interests: [UInt64], interestCount: [Int32]
    let valueWords: Int, values: [UInt64], valueCount: [Int32]
    let languageWords: Int, languages: [UInt64], languageCount: [Int32]
    /// Weekly quarter-hours in UTC, ``quarterWords`` words (672 bits) per person.
    let quarters: [UInt64]
    let quarterCount: [Int32]
    /// Words per person in ``quarters``: 7 · 24 · 4 = 672 bits.
    static let quarterWords = 11
    let offset: [Float]
    let hasOffset: [Bool]
    let department: [Int32]
    let team: [Int32]
    let eligible: [Bool]

    init(_ people: [Int], cohort: Cohort, vocabulary v: _Vocabulary) {
        let n = people.count
        count = n
        person = people
        skillCount = v.skills.count
        var skill = [Float](repeating: 0, count: n * Swift.max(1, v.skills.count))
        var hasSkills = [Bool](repeating: false, count: n)
        var goalStart = [0], goalSkill = [Int32](), goalCurrent = [Float](), goalDesired = [Float](), goalPriority = [Float]()
        var personality = [Float](repeating: 0, count: n * 5), hasPersonality = [Bool](repeating: false, count: n)
        var mbti = [UInt8](repeating: 0, count: n), hasMBTI = [Bool](repeating: false, count: n)
        var communication = [Float](repeating: 0, count: n * 3), hasCommunication = [Bool](repeating: false, count: n)
        var level = [Float](repeating: 0, count: n), hasLevel = [Bool](repeating: false, count: n)
        interestWords = _Vocabulary.words(v.interests.count)
        valueWords = _Vocabulary.words(v.values.count)
        languageWords = _Vocabulary.words(v.languages.count)
        var interests = [UInt64](repeating: 0, count: n * interestWords), interestCount = [Int32](repeating: 0, count: n)
        var values = [UInt64](repeating: 0, count: n * valueWords), valueCount = [Int32](repeating: 0, count: n)
        var languages = [UInt64](repeating: 0, count: n * languageWords), languageCount = [Int32](repeating: 0, count: n)
        let qw = Self.quarterWords
        var quarters = [UInt64](repeating: 0, count: n * qw), quarterCount = [Int32](repeating: 0, count: n)
        var offset = [Float](repeating: 0, count: n), hasOffset = [Bool](repeating: false, count: n)
        var department = [Int32](repeating: -1, count: n), team = [Int32](repeating: -1, count: n)
        var eligible = [Bool](repeating: true, count: n)
        func setBits(_ names: [String], _ codes: [String: Int], _ words: Int, _ out: inout [UInt64], _ count: inout [Int32], _ p: Int) {
            for name in Set(names) {
                let b = codes[name]!
                out[p * words + b / 64] |= 1 << UInt64(b % 64)
            }
            count[p] = Int32(Set(names).count)
        }
        for (p, k) in people.enumerated() {
            let pr = cohort.profiles[k]
            for (name, l) in pr.skills { skill[p * v.skills.count + v.skills[name]!] = Float(l) }
            hasSkills[p] = !pr.skills.isEmpty
            // Goals in skill order, so that reasons and sums are deterministic.
            for g in pr.goals.sorted(by: { $0.skill < $1.skill }) {
                goalSkill.append(Int32(v.skills[g.skill]!))
                goalCurrent.append(Float(pr.skills[g.skill] ?? 0))
                goalDesired.append(Float(g.desiredLevel))
                goalPriority.append(Float(g.priority))
            }
            goalStart.append(goalSkill.count)
            if let b = pr.personality {
                for (t, x) in b.values.enumerated() { personality[p * 5 + t] = Float(x) }
                hasPersonality[p] = true
            }
            if let t = pr.mbti {
                for (k, yes) in t.preferences.enumerated() where yes { mbti[p] |= 1 << UInt8(k) }
                hasMBTI[p] = true
            }
            if let c = pr.communication {
                for (t, x) in c.values.enumerated() { communication[p * 3 + t] = Float(x) }
                hasCommunication[p] = true
            }
            if let s = pr.seniority { level[p] = Float(s.level); hasLevel[p] = true }
            setBits(pr.interests, v.interests, interestWords, &interests, &interestCount, p)
            setBits(pr.values, v.values, valueWords, &values, &valueCount, p)
            setBits(pr.languages.map { $0.lowercased() }, v.languages, languageWords, &languages, &languageCount, p)
            // To the quarter-hour, so half- and three-quarter-hour zones (UTC+5:30, +5:45) are exact.
            cohort.forEachUTCQuarter(of: k) { utc in quarters[p * qw + utc / 64] |= 1 << UInt64(utc % 64) }
            quarterCount[p] = Int32(quarters[(p * qw)..<(p * qw + qw)].reduce(0) { $0 + $1.nonzeroBitCount })
            if let o = cohort.offsets[k] { offset[p] = Float(o); hasOffset[p] = true }
            if let d = pr.department { department[p] = v.departments[d]! }
            if let t = pr.team { team[p] = v.teams["\(pr.department ?? "")/\(t)"]! }
            eligible[p] = pr.eligible
        }
        self.skill = skill
        self.hasSkills = hasSkills
        self.mbti = mbti
        self.hasMBTI = hasMBTI
        self.goalStart = goalStart
        self.goalSkill = goalSkill
        self.goalCurrent = goalCurrent
        self.goalDesired = goalDesired
        self.goalPriority = goalPriority
        self.personality = personality
        self.hasPersonality = hasPersonality
        self.communication = communication
        self.hasCommunication = hasCommunication
        self.level = level
        self.hasLevel = hasLevel
        self.interests = interests
        self.interestCount = interestCount
        self.values = values
        self.valueCount = valueCount
        self.languages = languages
        self.languageCount = languageCount
        self.quarters = quarters
        self.quarterCount = quarterCount
        self.offset = offset
        self.hasOffset = hasOffset
        self.department = department
        self.team = team
        self.eligible = eligible
    }
}
