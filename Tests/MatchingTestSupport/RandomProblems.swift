import MatchingCore

/// Seeded random matching problems: the one generator every test shares.
///
/// A problem is drawn from a seed and ``Options``: sizes, integer scores
/// (optionally shifted below zero, so that some pairs are worth less than
/// leaving people out), loads and demands with minimums and committees,
/// forbidden and fixed pairs, unmatched penalties, separations, categorical
/// attributes, attribute rules and the objective. Presets name the problem
/// families the tests use (``Options/tiny``, ``Options/network``,
/// ``Options/streamable``, ``Options/integerProgram``).
///
/// Every problem it returns passes ``MatchingProblem/validate()``: a fixed
/// pair that would break a maximum, a separation of two mentees fixed to one
/// mentor, or a rule on a value nobody has is left out rather than drawn.
///
/// Each part of a problem (sizes, scores, bounds, pairs, penalties,
/// separations, attributes, rules, objective) is drawn from its own stream of
/// ``SplitMix64`` derived from the seed, so changing the options of one part
/// — adding a rule, say — leaves the other parts of the problem as they were.
public enum RandomProblems {
    /// The problem drawn from `seed` with `options`.
    ///
    /// - Complexity: O(M·N + rules · (M + N)).
    public static func make(seed: UInt64, _ options: Options = .tiny) -> MatchingProblem {
        var sizes = _Draw(seed: seed, part: 1)
        let m = sizes.int(options.mentors), n = sizes.int(options.mentees)

        var scoreDraw = _Draw(seed: seed, part: 2)
        let range = scoreDraw.pick(options.scoreRanges)
        let shift = scoreDraw.chance(options.negativeChance) ? range.upperBound / 3 : 0
        let scores = ScoreMatrix(mentors: m, mentees: n) { _, _ in Double(scoreDraw.int(range) - shift) }
        var p = MatchingProblem(scores: scores)

        var bounds = _Draw(seed: seed, part: 3)
        p.mentorLoad = (0..<m).map { _ in
            let lo = bounds.chance(options.mentorMinimumChance) ? bounds.int(options.mentorMinimum) : 0
            return CountRange(min: lo, max: lo + bounds.int(options.mentorSlack))
        }
        p.menteeDemand = (0..<n).map { _ in
            let lo = bounds.chance(options.menteeMinimumChance) ? 1 : 0
            let hi = bounds.chance(options.committeeChance) ? bounds.int(options.committeeSize) : 1
            return CountRange(min: lo, max: Swift.max(lo, hi))
        }

        var pairs = _Draw(seed: seed, part: 4)
        for i in 0..<m { for j in 0..<n where pairs.chance(options.forbiddenChance) { p.forbidden.insert(Pair(mentor: i, mentee: j)) } }
        let attempts = pairs.chance(options.fixedChance) ? pairs.int(1...Swift.max(1, options.maxFixed)) : 0
        var fixedOfMentor = [Int](repeating: 0, count: m), fixedOfMentee = [Int](repeating: 0, count: n)
        for _ in 0..<attempts {
            let f = Pair(mentor: pairs.int(0...(m - 1)), mentee: pairs.int(0...(n - 1)))
            let i = f.mentor.rawValue, j = f.mentee.rawValue
            guard p.isAllowed(f), !p.fixed.contains(f),
                  fixedOfMentor[i] < p.mentorLoad[i].max, fixedOfMentee[j] < p.menteeDemand[j].max else { continue }
            p.fixed.append(f)
            fixedOfMentor[i] += 1
            fixedOfMentee[j] += 1
        }

        var penalties = _Draw(seed: seed, part: 5)
        if penalties.chance(options.penaltyChance) {
            let top = Int((Double(range.upperBound) * options.penaltyFraction).rounded())
            p.unmatchedPenalty = (0..<n).map { j in
                let value = Double(penalties.int(0...Swift.max(0, top)))
                return p.menteeDemand[j].max > 1 && !options.committeePenalties ? 0 : value
            }
        }

        var separations = _Draw(seed: seed, part: 6)
        if n >= 2, separations.chance(options.separationChance) {
            for _ in 0..<separations.int(options.separations) {
                let a = separations.int(0...(n - 1)), b = (a + 1 + separations.int(0...(n - 2))) % n
                let s = Separation(MenteeIndex(a), MenteeIndex(b))
                let sharedMentor = p.fixed.contains { f in f.mentee.rawValue == a && p.fixed.contains(Pair(mentor: f.mentor.rawValue, mentee: b)) }
                if !sharedMentor { p.separations.append(s) }
            }
        }

        var attributes = _Draw(seed: seed, part: 7)
        for a in options.mentorAttributes { p.mentorAttributes[a.name] = (0..<m).map { _ in attributes.pick(a.values) } }
        for a in options.menteeAttributes { p.menteeAttributes[a.name] = (0..<n).map { _ in attributes.pick(a.values) } }

        var rules = _Draw(seed: seed, part: 8)
        for rule in options.rules where rules.chance(rule.chance) {
            if let drawn = rule.draw(&rules, p) { p.constraints.append(drawn) }
        }

        var objective = _Draw(seed: seed, part: 9)
        p.objective = objective.chance(options.maxMinChance) ? .maxMin : .total
        return p
    }

    /// What a drawn problem may contain; every chance is a percentage.
    public struct Options: Sendable {
        /// Mentors, drawn uniformly.
        public var mentors: ClosedRange<Int> = 1...3
        /// Mentees, drawn uniformly.
        public var mentees: ClosedRange<Int> = 1...4
        /// Integer scores: one range is picked per problem, then every score is drawn from it.
        public var scoreRanges: [ClosedRange<Int>] = [0...12]
        /// Chance that a problem's scores are shifted down by a third of its range's top.
        public var negativeChance = 15
        /// Chance that a mentor has a minimum load, drawn from ``mentorMinimum``.
        public var mentorMinimumChance = 30
        /// A mentor's minimum load, when it has one.
        public var mentorMinimum: ClosedRange<Int> = 1...1
        /// A mentor's maximum load above its minimum.
        public var mentorSlack: ClosedRange<Int> = 0...2
        /// Chance that a mentee must get a mentor (a minimum demand of 1).
        public var menteeMinimumChance = 25
        /// Chance that a mentee takes a committee, of a size drawn from ``committeeSize``.
        public var committeeChance = 25
        /// A committee's largest size.
        public var committeeSize: ClosedRange<Int> = 2...2
        /// Chance that a pair is forbidden.
        public var forbiddenChance = 12
        /// Chance that a problem has fixed pairs: between 1 and ``maxFixed`` attempts, each kept when valid.
        public var fixedChance = 20
        /// The most fixed pairs.
        public var maxFixed = 1
        /// Chance that a problem has unmatched penalties.
        public var penaltyChance = 40
        /// A penalty is drawn from 0 up to this fraction of the top of the problem's score range.
        public var penaltyFraction = 0.5
        /// Whether a committee mentee may have a penalty (no network holds one beside attribute rules,
        /// and candidate pricing holds none).
        public var committeePenalties = true
        /// Chance that a problem has separations.
        public var separationChance = 0
        /// How many separations such a problem has.
        public var separations: ClosedRange<Int> = 1...1
        /// Mentor attributes and the values they take.
        public var mentorAttributes: [Attribute] = []
        /// Mentee attributes and the values they take.
        public var menteeAttributes: [Attribute] = []
        /// Attribute rules, each drawn with its chance, in this order.
        public var rules: [RandomRule] = []
        /// Chance that the objective is ``Objective/maxMin`` (else ``Objective/total``).
        public var maxMinChance = 0

        /// The default options: ``tiny``.
        public init() {}

        /// These options changed by `change`.
        public func with(_ change: (inout Self) -> Void) -> Self {
            var copy = self
            change(&copy)
            return copy
        }
    }

    /// A categorical attribute and the values people draw from.
    public struct Attribute: Sendable {
        /// The attribute's name.
        public var name: String
        /// Its values, each drawn with the same chance.
        public var values: [String]

        /// Creates an attribute.
        public init(_ name: String, _ values: [String]) {
            self.name = name
            self.values = values
        }
    }
}

/// An attribute rule a generated problem may have, with its chance and the
/// ranges its numbers are drawn from.
public struct RandomRule: Sendable {
    /// Which value of the attribute a `quota` or `composition` rule is on.
    public enum Value: Sendable {
        /// The value of the first mentee (quota) or mentor (composition): someone has it.
        case firstPerson
        /// A value someone has, other than the first person's; no rule when there is none.
        case otherThanFirstPerson
        /// This value; no rule when nobody has it.
        case named(String)
    }

    /// The rule's kind and ranges.
    public enum Template: Sendable {
        /// `maxPerMentor` on a mentee attribute, its limit drawn from the range.
        case maxPerMentor(attribute: String, limit: ClosedRange<Int>)
        /// `quota` on a mentee attribute; the maximum is drawn from its range (no
        /// maximum when `nil`) and raised to the minimum.
        case quota(attribute: String, value: Value, minimum: ClosedRange<Int>, maximum: ClosedRange<Int>?)
        /// `composition` on a mentor attribute, its count drawn as a quota's.
        case composition(attribute: String, value: Value, minimum: ClosedRange<Int>, maximum: ClosedRange<Int>?)
        /// `crossShare` on an attribute both sides have, its share picked from the list.
        case crossShare(attribute: String, shares: [Double])
        /// `parity` on a mentee attribute, its margin picked from the list.
        case parity(attribute: String, margins: [Double])
        /// `scoreParity` on a mentee attribute, its margin (score points) picked from the list.
        case scoreParity(attribute: String, margins: [Double])
    }

    /// Chance (percent) that a problem has the rule.
    public var chance: Int
    /// The rule's kind and ranges.
    public var template: Template

    /// Creates a rule with its chance.
    public init(_ template: Template, chance: Int = 100) {
        self.template = template
        self.chance = chance
    }

    /// `maxPerMentor` on `attribute`, its limit drawn from `limit`.
    public static func maxPerMentor(_ attribute: String, limit: ClosedRange<Int>, chance: Int = 100) -> RandomRule {
        RandomRule(.maxPerMentor(attribute: attribute, limit: limit), chance: chance)
    }

    /// `quota` on a mentee attribute.
    public static func quota(_ attribute: String, _ value: Value = .firstPerson, minimum: ClosedRange<Int>,
                             maximum: ClosedRange<Int>?, chance: Int = 100) -> RandomRule {
        RandomRule(.quota(attribute: attribute, value: value, minimum: minimum, maximum: maximum), chance: chance)
    }

    /// `composition` on a mentor attribute.
    public static func composition(_ attribute: String, _ value: Value = .firstPerson, minimum: ClosedRange<Int>,
                                   maximum: ClosedRange<Int>?, chance: Int = 100) -> RandomRule {
        RandomRule(.composition(attribute: attribute, value: value, minimum: minimum, maximum: maximum), chance: chance)
    }

    /// `crossShare` on `attribute`, its share picked from `shares`.
    public static func crossShare(_ attribute: String, shares: [Double], chance: Int = 100) -> RandomRule {
        RandomRule(.crossShare(attribute: attribute, shares: shares), chance: chance)
    }

    /// `parity` on a mentee attribute, its margin picked from `margins`.
    public static func parity(_ attribute: String, margins: [Double], chance: Int = 100) -> RandomRule {
        RandomRule(.parity(attribute: attribute, margins: margins), chance: chance)
    }

    /// `scoreParity` on a mentee attribute, its margin (score points) picked from `margins`.
    public static func scoreParity(_ attribute: String, margins: [Double], chance: Int = 100) -> RandomRule {
        RandomRule(.scoreParity(attribute: attribute, margins: margins), chance: chance)
    }

    /// The rule for `p`, or `nil` when its attribute or value is missing.
    func draw(_ g: inout _Draw, _ p: MatchingProblem) -> MatchingConstraint? {
        func value(_ choice: Value, of people: [String]?) -> String? {
            guard let people, let first = people.first else { return nil }
            switch choice {
            case .firstPerson: return first
            case .named(let v): return people.contains(v) ? v : nil
            case .otherThanFirstPerson:
                let others = Array(Set(people).subtracting([first])).sorted()
                return others.isEmpty ? nil : g.pick(others)
            }
        }
        func count(_ minimum: ClosedRange<Int>, _ maximum: ClosedRange<Int>?) -> CountRange {
            let lo = g.int(minimum)
            return CountRange(min: lo, max: maximum.map { Swift.max(lo, g.int($0)) } ?? .max)
        }
        switch template {
        case .maxPerMentor(let a, let limit):
            guard p.menteeAttributes[a] != nil else { return nil }
            return .maxPerMentor(attribute: a, limit: g.int(limit))
        case .quota(let a, let choice, let minimum, let maximum):
            guard let v = value(choice, of: p.menteeAttributes[a]) else { return nil }
            return .quota(attribute: a, value: v, count: count(minimum, maximum))
        case .composition(let a, let choice, let minimum, let maximum):
            guard let v = value(choice, of: p.mentorAttributes[a]) else { return nil }
            return .composition(attribute: a, value: v, count: count(minimum, maximum))
        case .crossShare(let a, let shares):
            guard p.mentorAttributes[a] != nil, p.menteeAttributes[a] != nil else { return nil }
            return .crossShare(attribute: a, minShare: g.pick(shares))
        case .parity(let a, let margins):
            guard p.menteeAttributes[a] != nil else { return nil }
            return .parity(attribute: a, margin: g.pick(margins))
        case .scoreParity(let a, let margins):
            guard p.menteeAttributes[a] != nil else { return nil }
            return .scoreParity(attribute: a, margin: g.pick(margins))
        }
    }
}

extension RandomProblems.Options {
    /// Tiny problems (1–3 mentors, 1–4 mentees) with every rule kind: minimum
    /// loads and demands, committees of two, forbidden and fixed pairs,
    /// penalties, a separation, and on one attribute `g` (values `a`, `b`, on
    /// both sides) `maxPerMentor`, `quota`, `composition` and `crossShare`
    /// rules; both objectives. Most are integer programs; every other kind of
    /// ``ProblemShape`` occurs too.
    public static var tiny: Self {
        Self().with {
            $0.separationChance = 25
            $0.mentorAttributes = [.init("g", ["a", "b"])]
            $0.menteeAttributes = [.init("g", ["a", "b"])]
            $0.rules = [
                .maxPerMentor("g", limit: 0...1, chance: 30),
                .quota("g", minimum: 0...2, maximum: 0...4, chance: 30),
                .composition("g", minimum: 0...1, maximum: 0...2, chance: 25),
                .crossShare("g", shares: [0.25, 0.5, 2.0 / 3.0, 1], chance: 25),
            ]
            $0.maxMinChance = 40
        }
    }

    /// Tiny network problems with no attribute rule: minimum loads (1 or 2)
    /// and demands, committees of up to three, forbidden and fixed pairs,
    /// penalties; the total objective.
    public static var network: Self {
        Self().with {
            $0.negativeChance = 20
            $0.mentorMinimumChance = 35
            $0.mentorMinimum = 1...2
            $0.menteeMinimumChance = 30
            $0.committeeSize = 1...3
            $0.fixedChance = 25
            $0.penaltyChance = 45
            $0.penaltyFraction = 2.0 / 3.0
        }
    }

    /// Problems a ``StreamedMatchingProblem`` holds (candidate pricing):
    /// many ties in half of them (scores 0…6), minimum loads, committees of
    /// two without penalties, penalties for single-mentor mentees, up to two
    /// fixed pairs, no mentee minimums; the total objective. Sizes are set by
    /// the caller; add a leading `maxPerMentor` rule and quotas on one mentee
    /// attribute with ``streamableRules(maxPerMentor:quotas:)``.
    public static var streamable: Self {
        Self().with {
            $0.scoreRanges = [0...6, 0...1000]
            $0.negativeChance = 25
            $0.mentorMinimumChance = 20
            $0.mentorSlack = 0...3
            $0.menteeMinimumChance = 0
            $0.committeeChance = 12
            $0.forbiddenChance = 15
            $0.fixedChance = 67
            $0.maxFixed = 2
            $0.penaltyChance = 50
            $0.committeePenalties = false
        }
    }

    /// ``streamable`` with a `maxPerMentor` rule on `dept` (four values)
    /// and quotas on `track` (`early` with minimum and maximum, `late` with a
    /// minimum only, half the time) as asked.
    public static func streamableRules(maxPerMentor: Bool, quotas: Bool) -> Self {
        streamable.with {
            $0.menteeAttributes = [.init("dept", ["a", "b", "c", "d"]), .init("track", ["early", "mid", "late"])]
            if maxPerMentor { $0.rules.append(.maxPerMentor("dept", limit: 1...2)) }
            if quotas {
                $0.rules.append(.quota("track", .named("early"), minimum: 0...3, maximum: 3...9))
                $0.rules.append(.quota("track", .named("late"), minimum: 0...2, maximum: nil, chance: 50))
            }
        }
    }

    /// Medium problems only an integer program holds (3–8 mentors, 6–24
    /// mentees, scores 0…100): two `maxPerMentor` rules (on `dept` and
    /// `region`), a `crossShare` rule and a quota a third of the time each,
    /// up to six separations, forbidden pairs, penalties; the total objective.
    public static var integerProgram: Self {
        Self().with {
            $0.mentors = 3...8
            $0.mentees = 6...24
            $0.scoreRanges = [0...100]
            $0.negativeChance = 0
            $0.mentorMinimumChance = 0
            $0.mentorSlack = 1...4
            $0.menteeMinimumChance = 0
            $0.committeeChance = 0
            $0.forbiddenChance = 10
            $0.fixedChance = 0
            $0.penaltyChance = 100
            $0.penaltyFraction = 0.3
            $0.separationChance = 100
            $0.separations = 1...6
            $0.mentorAttributes = [.init("dept", ["a", "b", "c"])]
            $0.menteeAttributes = [.init("dept", ["a", "b", "c"]), .init("region", ["x", "y"])]
            $0.rules = [
                .maxPerMentor("dept", limit: 1...2),
                .maxPerMentor("region", limit: 1...2),
                .crossShare("dept", shares: [0.5], chance: 33),
                .quota("region", .named("x"), minimum: 0...0, maximum: 1...4, chance: 33),
            ]
        }
    }
}

/// Draws from one stream of ``SplitMix64``.
struct _Draw {
    var g: SplitMix64

    /// The stream for one part of the problem drawn from `seed`.
    init(seed: UInt64, part: UInt64) {
        var mix = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ part &* 0xD1B5_4A32_D192_ED03)
        g = SplitMix64(seed: mix.next())
    }

    /// A value of `range`, uniformly.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(g.next() % UInt64(range.count))
    }

    /// True with `percent` % chance; draws nothing for 0 or 100.
    mutating func chance(_ percent: Int) -> Bool {
        if percent <= 0 { return false }
        if percent >= 100 { return true }
        return int(0...99) < percent
    }

    /// An element of `values`, uniformly.
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
}
