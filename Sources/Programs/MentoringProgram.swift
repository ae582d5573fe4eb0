import Compatibility
import Foundation
import MatchingCore
import MatchingSolvers

/// A mentoring program ready to solve: the validated cohort, its scored
/// pairs, and the matching problem built from the program config
/// (capacities, mentee demand, penalties, diversity rules on named
/// attributes) — one program whatever the cohort's size.
///
/// The pair scores are dense matrices or a streamed source, as the
/// ``ScoringPlan`` decides (bytes per pair against a memory budget, and
/// whether candidate pricing holds the rules); the rules, the solve, the
/// result (``ProgramResult``, with explanations on the spot when streamed)
/// and the files written from it are the same on both.
///
/// Mutual (peer) programs match people within one pool: symmetric scores
/// (each teaches the other what the other wants to learn), each person with
/// between `matching.minimumLoad` and their capacity partners, solved exactly
/// by ``/MatchingSolvers/BlossomSolver`` (general-graph b-matching with an
/// odd-set certificate). Their pairs are `Pair(i, j)` with i < j, both
/// indices into the one list of people.
public struct MentoringProgram: Sendable {
    /// The pair scores and the problem over them, dense or streamed.
    public enum Scores: Sendable {
        /// Dense matrices and the dense problem (rows: the matrices' mentors, columns: their mentees).
        case dense(CompatibilityMatrices, MatchingProblem)
        /// A streamed source and the streamed problem.
        case streamed(CompatibilityScoreSource, StreamedMatchingProblem)
        /// Mutual mode: the dense symmetric matrices (rows and columns: everyone) and the pool.
        case pool(CompatibilityMatrices, PoolProblem)
    }

    /// The program's configuration.
    public let config: ProgramConfig
    /// The validated participants.
    public let cohort: Cohort
    /// The scored pairs and the problem, dense or streamed.
    public internal(set) var scores: Scores
    /// Why the scores are held as they are, when it is not the obvious
    /// choice (the ``ScoringPlan``'s note), else `nil`.
    public let scoringNote: String?
    /// The administrator's decisions for this run, one line each (locked
    /// pairs, people excluded, per-person changes, weights), for the
    /// report and the JSON; set by the caller that applied them.
    public var decisions: [String] = []
    /// Settings that cannot act on this cohort (see ``warnings``).
    let settingWarnings: [String]
    /// Settings that cannot act on this cohort, one line each: must-haves and
    /// filters on questions nobody answered, rules on attributes or values
    /// nobody has (left out when they cannot bind); and for each rule, the
    /// participants who left its attribute blank and count as `unknown`
    /// (``missingAttributes()``) — `check`, `match` and the JSON all say so.
    public var warnings: [String] {
        settingWarnings + missingAttributes().map { rule, attribute, ids in
            let some = ids.prefix(5).map(\.rawValue).joined(separator: ", ")
            return "matching.rules[\(rule)]: \(ids.count) participant(s) have no '\(attribute)' and count as '\(Self.unknownValue)' (\(some)\(ids.count > 5 ? ", …" : ""))"
        }
    }
    /// For each of the problem's constraints, the index of the config rule
    /// it comes from (rules that cannot bind are left out, so they differ).
    public let ruleOfConstraint: [Int]
    /// With `matching.circles`: the circles to form (of everyone in mutual
    /// mode, of the mentees otherwise), else `nil`.
    public let circles: Circles?
    /// With `matching.exploration`: the mentees whose scores carry the
    /// exploration noise and its bound (dense bipartite programs), else `nil`.
    public let exploration: Exploration?

    /// Peer-mentoring circles over the eligible people of the pool: everyone
    /// in mutual mode, the mentees in traditional and reverse mode.
    public struct Circles: Sendable {
        /// The partition problem over ``members`` (index k is person `members[k]`).
        public let problem: CircleProblem
        /// The rows (in the pool, ascending) of the people who join a circle: everyone eligible.
        public let members: [Int]

        /// Conditions every partition into these circles needs that the
        /// people and rules break, one line each with what to change (for
        /// `check`): someone allowed with too few of the others to fill a
        /// circle, a value of a `maxPerGroup` attribute held by more people
        /// than the most circles can spread. Necessary, not sufficient.
        ///
        /// - Parameter ids: the members' ids, in ``members`` order.
        /// - Complexity: O(n²) score reads.
        public func failedConditions(ids: [PersonID]) -> [String] {
            let n = problem.count, sizes = problem.groupSize
            var out = [String]()
            guard let counts = CircleProblem.groupCounts(people: n, sizes: sizes) else {
                return ["the \(n) eligible people cannot be split into circles of \(sizes.min)–\(sizes.max): change matching.circles.size"]
            }
            var row = [Double](repeating: 0, count: n)
            for i in 0..<n {
                row.withUnsafeMutableBufferPointer { problem.source.scores(mentors: i..<(i + 1), into: $0) }
                let allowed = (0..<n).filter { $0 != i && row[$0] > -.infinity }.count
                if allowed < sizes.min - 1 {
                    out.append("\(ids[i].rawValue) may share a circle with only \(allowed) of the others, but every circle has at least \(sizes.min) people: relax the filters that exclude their pairs or lower matching.circles.size")
                }
            }
            for rule in problem.rules {
                guard case .maxPerGroup(let attribute, let limit) = rule, let values = problem.attributes[attribute] else { continue }
                var held = [String: Int]()
                for (k, v) in values.enumerated() where v != MentoringProgram.blankValue(k) { held[v, default: 0] += 1 }
                for (value, count) in held.sorted(by: { $0.key < $1.key }) where (count + limit - 1) / limit > counts.upperBound {
                    out.append("\(count) people have \(attribute) '\(value)', more than \(counts.upperBound) circles of at least \(sizes.min) can hold at \(limit) per circle: raise matching.circles.maxPerGroup.\(attribute) or lower matching.circles.size")
                }
            }
            return out
        }
    }

    /// The attributes a rule may name besides free attributes.
    public static let profileAttributes = ["department", "team", "role", "location", "timezone"]

    /// Builds the program.
    ///
    /// - Parameters:
    ///   - profiles: the participants.
    ///   - config: the program's config.
    ///   - customCriteria: criteria an embedding tool adds to the built-in ones.
    ///   - plan: dense or streamed scores (default: decided by bytes, ``ScoringPlan``).
    ///   - precision: how dense criterion matrices are stored.
    /// - Throws: ``/MatchingCore/MatchingError`` — `invalidProfile` for a bad
    ///   profile (naming the person and field), `invalidConfig` for a bad
    ///   setting, or a rule that binds on an attribute or value nobody has
    ///   (naming the rule, with a did-you-mean); such a rule that cannot bind
    ///   (minimum 0) is left out with a line in ``warnings``;
    ///   `unsupported` for a streamed plan whose rules candidate pricing
    ///   cannot hold (naming the rule), and for a `composition` rule in mutual mode.
    ///   With `matching.circles`, `matching.rules` are refused (`invalidConfig`:
    ///   circles take `maxPerGroup`); in traditional and reverse mode the
    ///   circles are of the mentees, scored as peers (``ProgramConfig/circlesOfMentees``).
    /// - Complexity: dense: O(M·N·criteria) time and ``ScoringPlan/denseBytesPerPair(_:)``
    ///   bytes per pair; streamed: O(M + N) here, the pairs scored when solved.
    public init(profiles: [Profile], config: ProgramConfig, customCriteria: [any CompatibilityCriterion] = [],
                precision: CriterionPrecision = .single, plan: ScoringPlan = ScoringPlan()) throws {
        let compatibility = config.compatibilityInMode
        let model = try CompatibilityModel(config: compatibility, customCriteria: customCriteria)
        let s = config.matching
        try Self.checkSettings(s)
        let cohort = try Cohort(profiles, maxSkillLevel: compatibility.maxSkillLevel)
        try Self.checkCarry(config.carry, profiles: profiles)
        if s.exploration != nil && config.isOnePool {
            throw MatchingError(.unsupported, "matching.exploration is available for mentor–mentee programs, not \(config.mode == .mutual ? "in mutual mode" : "with circles"): remove it")
        }
        if config.isOnePool {
            let matrices = try model.matrices(for: cohort, precision: precision)
            let people = matrices.mentorIndices.map { cohort.profiles[$0] }
            // Each person: between the minimum load and their capacity partners; not eligible: sits out.
            let partners = Self.loads(people, s).enumerated().map { k, load in people[k].eligible ? load : CountRange(min: 0, max: 0) }
            let penalty = Array(repeating: s.unmatchedPenalty, count: people.count)
            if !s.rules.isEmpty && s.circles != nil {
                throw MatchingError(.invalidConfig, "matching.rules do not apply to circles: limit a circle's make-up with matching.circles.maxPerGroup")
            }
            if !s.fixed.isEmpty && s.circles != nil {
                throw MatchingError(.invalidConfig, "matching.fixed does not apply to circles: circles place everyone eligible; lock pairs in pair matching")
            }
            let fixed = try Self.lockedPairs(s.fixed, in: matrices, cohort: cohort, loads: partners, demands: partners, pool: true)
            let rejected = try Self.rejectedPairs(s.rejected, locked: fixed, in: matrices, cohort: cohort, pool: true)
            var pool = PoolProblem(scores: matrices.total, forbidden: Set(matrices.excludedPairs).union(rejected), partners: partners, unmatchedPenalty: penalty, fixed: fixed)
            (pool.rules, pool.attributes) = try Self.poolRules(s.rules, people: people, profiles: profiles)
            try pool.validate()
            scores = .pool(matrices, pool)
            self.config = config
            self.cohort = cohort
            if config.circlesOfMentees {
                let mentors = cohort.profiles.count - people.count
                let gap = compatibility.idealGap
                self.scoringNote = "circles of the \(people.count) mentees (role mentee or both), scored as peers — each teaches the other, seniority within \(String(format: "%g", gap.lowerBound))–\(String(format: "%g", gap.upperBound)) levels either way (compatibility.idealGap)" + (mentors > 0 ? "; the \(mentors) mentor(s) are not placed in circles" : "")
            } else {
                self.scoringNote = nil
            }
            self.settingWarnings = model.unansweredSettings(cohort)
            self.ruleOfConstraint = []
            self.circles = try s.circles.map { try Self.circles($0, matrices: matrices, people: people, profiles: profiles) }
            self.exploration = nil
            return
        }
        let (mentorIndices, menteeIndices) = model.pools(cohort)
        let mentors = mentorIndices.map { cohort.profiles[$0] }
        let mentees = menteeIndices.map { cohort.profiles[$0] }
        let built = try Self.rules(s, mentors: mentors, mentees: mentees, profiles: profiles)
        // People not eligible this round keep their rows (every pair excluded,
        // with the reason) but owe no minimum.
        let rules = MatchingRules(
            mentorLoad: Self.loads(mentors, s),
            menteeDemand: Self.demands(mentees, s),
            unmatchedPenalty: Array(repeating: s.unmatchedPenalty, count: mentees.count), objective: s.objective,
            mentorAttributes: built.mentorAttributes, menteeAttributes: built.menteeAttributes, constraints: built.constraints)
        var plan = plan
        if !customCriteria.isEmpty, plan.denseOnly == nil { plan.denseOnly = "custom criteria are scored on dense matrices only" }
        if !s.fixed.isEmpty, plan.denseOnly == nil { plan.denseOnly = "locked pairs (matching.fixed) are checked on dense matrices" }
        if !s.rejected.isEmpty, plan.denseOnly == nil { plan.denseOnly = "rejected pairs (matching.rejected) are forbidden on dense matrices" }
        if s.exploration != nil, plan.denseOnly == nil { plan.denseOnly = "matching.exploration perturbs dense scores" }
        let (storage, note): (ScoringPlan.Storage, String?)
        do {
            (storage, note) = try plan.decide(mentors: mentors.count, mentees: mentees.count, rules: rules, precision: precision)
        } catch let e as MatchingError {
            // A refusal names the config's rule (matching.rules[r]), not the problem's constraint.
            throw MatchingError(e.code, Self.ruleNames(e.message, built.ruleOfConstraint))
        }
        switch storage {
        case .dense:
            let matrices = try model.matrices(for: cohort, precision: precision)
            var withForbidden = rules
            withForbidden.forbidden = Set(matrices.excludedPairs)
            withForbidden.fixed = try Self.lockedPairs(s.fixed, in: matrices, cohort: cohort, loads: rules.mentorLoad, demands: rules.menteeDemand, pool: false)
            // The committee's rejections: forbidden like the filters' exclusions, counted as their own cause (ProgramResult).
            withForbidden.forbidden.formUnion(try Self.rejectedPairs(s.rejected, locked: withForbidden.fixed, in: matrices, cohort: cohort, pool: false))
            var problem = MatchingProblem(scores: matrices.total, rules: withForbidden)
            try problem.validate()
            var explored: Exploration? = nil
            if let settings = s.exploration { (problem, explored) = try Exploration.apply(settings, to: problem) }
            exploration = explored
            scores = .dense(matrices, problem)
        case .streamed:
            let source = try model.scoreSource(for: cohort)
            let problem = StreamedMatchingProblem(source: source, rules: rules)
            try problem.validate()
            exploration = nil   // the plan keeps an exploring program dense (denseOnly)
            scores = .streamed(source, problem)
        }
        self.config = config
        self.cohort = cohort
        self.scoringNote = note
        self.settingWarnings = model.unansweredSettings(cohort) + built.warnings
        self.ruleOfConstraint = built.ruleOfConstraint
        self.circles = nil
    }

    /// `name` as an attribute people can have (a profile field or a free
    /// column, ``resolvedAttribute(_:in:)``), or `nil` with a did-you-mean.
    static func knownAttribute(_ name: String, in profiles: [Profile]) -> (key: String?, hint: String) {
        let key = resolvedAttribute(name, in: profiles)
        let known = profileAttributes + Set(profiles.flatMap { $0.attributes.keys }).sorted()
        return known.contains(key) ? (key, "") : (nil, didYouMean(name, among: known))
    }

    /// `; did you mean 'x'?` for the closest of `candidates` to `name`, or "".
    static func didYouMean(_ name: String, among candidates: [String]) -> String {
        FieldNames.closest(to: name, among: candidates, maxDistance: FieldNames.suggestionDistance(name)).map { "; did you mean '\($0)'?" } ?? ""
    }

    /// The value of person k whose attribute is blank, in circles and pool
    /// rules: their own category (it never counts against a limit, and
    /// differs from every other value); starts with U+0000, which no CSV value holds.
    static func blankValue(_ k: Int) -> String { "\u{0}blank \(k)" }

    /// A mutual program's rules in pool terms (``MatchingCore/PoolRule``):
    /// `maxPerMentor` caps each person's partners with one value,
    /// `quota` counts the people with the value who get a partner,
    /// `crossShare` the share of pairs across; a blank value is its own
    /// (``blankValue(_:)``): never against a limit, different from every other.
    ///
    /// - Throws: `invalidConfig` naming `matching.rules[k]` for a bad field
    ///   or an attribute nobody has (with a did-you-mean); `unsupported` for
    ///   `composition`, which needs a mentor side.
    static func poolRules(_ specs: [RuleSpec], people: [Profile], profiles: [Profile]) throws -> ([PoolRule], [String: [String]]) {
        var rules = [PoolRule](), attributes = [String: [String]]()
        for (k, spec) in specs.enumerated() {
            let label = "matching.rules[\(k)] (\(spec.kind) on \(spec.attribute))"
            let (key, hint) = knownAttribute(spec.attribute, in: profiles)
            guard let key else { throw MatchingError(.invalidConfig, "\(label): nobody has this attribute\(hint)") }
            attributes[key] = people.enumerated().map { attribute(key, of: $1) ?? blankValue($0) }
            switch try spec.constraint(index: k) {
            case .maxPerMentor(_, let limit): rules.append(.maxPerPerson(attribute: key, limit: limit))
            case .quota(_, let value, let count):
                let held = Set(people.compactMap { attribute(key, of: $0) })
                guard held.contains(value) else {
                    let hint = didYouMean(value, among: held.sorted())
                    throw MatchingError(.invalidConfig, "\(label): nobody has \(spec.attribute) '\(value)'\(hint)")
                }
                rules.append(.quota(attribute: key, value: value, count: count))
            case .crossShare(_, let share): rules.append(.crossShare(attribute: key, minShare: share))
            case .composition:
                throw MatchingError(.unsupported, "\(label): composition counts values among a mentor's mentees and has no meaning in mutual mode — use maxPerMentor (each person's partners with one value) or quota")
            case .parity:
                throw MatchingError(.unsupported, "\(label): parity is a mentor–mentee rule (each group of mentees' matched share); in one pool, use quota rules on each group's partners")
            case .scoreParity:
                throw MatchingError(.unsupported, "\(label): scoreParity is a mentor–mentee rule (each group of mentees' mean pair score); in one pool, use quota rules on each group's partners")
            }
        }
        return (rules, attributes)
    }

    /// The circles of a pool (mutual mode, or the mentees): everyone eligible, the pool's scores
    /// among them (excluded pairs may not share a circle), the
    /// `maxPerGroup` limits on their attributes.
    ///
    /// - Throws: `invalidConfig` naming `matching.circles` for a size below
    ///   2, a limit below 1, an attribute nobody has (with a did-you-mean),
    ///   or sizes that cannot split the eligible people.
    static func circles(_ c: CircleSettings, matrices: CompatibilityMatrices, people: [Profile], profiles: [Profile]) throws -> Circles {
        guard c.size.min >= 2, c.size.min <= c.size.max else {
            throw MatchingError(.invalidConfig, "matching.circles.size \(c.size) must be a whole number of at least 2, or {min, max} with 2 ≤ min ≤ max")
        }
        let members = people.indices.filter { people[$0].eligible }
        guard !members.isEmpty else {
            throw MatchingError(.invalidConfig, "matching.circles: nobody to place — \(people.isEmpty ? "the pool is empty (no one with role mentee or both)" : "none of the \(people.count) people in the pool is eligible this round")")
        }
        guard CircleProblem.groupCounts(people: members.count, sizes: c.size) != nil else {
            let size = c.size.min == c.size.max ? "\(c.size.min)" : "{min: \(c.size.min), max: \(c.size.max)}"
            let hint = c.size.min > members.count
                ? " — it is larger than the \(members.count) eligible people"
                : " — allow a range, e.g. size: {min: \(Swift.max(2, c.size.min - 1)), max: \(Swift.min(members.count, c.size.max + 1))}"
            throw MatchingError(.invalidConfig, "matching.circles.size \(size): the \(members.count) eligible people cannot be split into circles of that size\(hint)")
        }
        var attributes = [String: [String]](), rules = [CircleRule]()
        let byKey = Dictionary(grouping: c.maxPerGroup.keys.sorted(), by: { resolvedAttribute($0, in: profiles) })
        if let (key, names) = byKey.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            throw MatchingError(.invalidConfig, "matching.circles.maxPerGroup names '\(key)' \(names.count) times (\(names.joined(separator: ", "))): keep one limit")
        }
        for (name, limit) in c.maxPerGroup.sorted(by: { $0.key < $1.key }) {
            guard limit >= 1 else { throw MatchingError(.invalidConfig, "matching.circles.maxPerGroup.\(name) is \(limit): a limit must be at least 1") }
            let (resolved, hint) = knownAttribute(name, in: profiles)
            guard let key = resolved else {
                throw MatchingError(.invalidConfig, "matching.circles.maxPerGroup.\(name): not an attribute circles can be grouped by (\(profileAttributes.joined(separator: ", ")) or a free column)\(hint)")
            }
            let values = members.map { attribute(key, of: people[$0]) }
            guard values.contains(where: { $0 != nil }) else {
                throw MatchingError(.invalidConfig, "matching.circles.maxPerGroup.\(name): nobody in the circles has a value for it (the column is blank)")
            }
            attributes[key] = values.enumerated().map { k, v in v ?? blankValue(k) }
            rules.append(.maxPerGroup(attribute: key, limit: limit))
        }
        // The pool's scores among the members; excluded pairs may not share a circle.
        let n = members.count, full = matrices.total, width = full.mentees
        var values = ContiguousArray<Double>(repeating: 0, count: n * n)
        for a in 0..<n {
            for b in 0..<n where a != b { values[a * n + b] = full.values[members[a] * width + members[b]] }
        }
        let position = Dictionary(uniqueKeysWithValues: members.enumerated().map { ($1, $0) })
        var forbidden = Set<Pair>()
        for p in matrices.excludedPairs {
            if let a = position[p.mentor.rawValue], let b = position[p.mentee.rawValue] { forbidden.insert(Pair(MentorIndex(a), MenteeIndex(b))) }
        }
        let problem = CircleProblem(scores: try ScoreMatrix(mentors: n, mentees: n, values: values), forbidden: forbidden,
                                    groupSize: c.size, attributes: attributes, rules: rules)
        try problem.validate()
        return Circles(problem: problem, members: members)
    }

    /// The cohort's pairs scored on the spot, for explaining a few pairs
    /// without the program's matrices or rules: memory O(P), not O(M·N).
    ///
    /// - Throws: as the program's `init` for profiles and the compatibility
    ///   config (`invalidProfile`, `invalidConfig`).
    public static func pairsOnTheSpot(profiles: [Profile], config: ProgramConfig) throws -> CompatibilityScoreSource {
        let compatibility = config.compatibilityInMode
        let model = try CompatibilityModel(config: compatibility)
        return try model.scoreSource(for: try Cohort(profiles, maxSkillLevel: compatibility.maxSkillLevel))
    }

    /// The scored pairs, whichever way they are held: explanations, allowed counts, exclusions.
    public var pairs: any ScoredPairs {
        switch scores {
        case .dense(let matrices, _), .pool(let matrices, _): matrices
        case .streamed(let source, _): source
        }
    }

    /// The rules of the problem (loads, demands, attributes, rules, objective, penalties).
    public var rules: MatchingRules {
        switch scores {
        case .dense(_, let problem): problem.rules
        case .streamed(_, let problem): problem.rules
        case .pool(_, let pool):
            // Each person's partner range as both their load and their demand.
            MatchingRules(mentorLoad: pool.partners, menteeDemand: pool.partners, unmatchedPenalty: pool.unmatchedPenalty)
        }
    }

    /// The pool, in mutual mode.
    public var pool: PoolProblem? {
        if case .pool(_, let pool) = scores { pool } else { nil }
    }

    /// The dense matrices, when the scores are dense.
    public var matrices: CompatibilityMatrices? {
        switch scores {
        case .dense(let matrices, _), .pool(let matrices, _): matrices
        case .streamed: nil
        }
    }

    /// The time limit to solve with: the config's `solver.timeLimit`, or when
    /// it states none, ``SolverSettings/defaultTimeLimit`` for a program
    /// solved by search — an integer program (rules beyond a network), a
    /// pool with rules, circles — and none for a network problem (dense or
    /// streamed, or one pool without rules), which is exact in polynomial time.
    public var timeLimit: Double? {
        if let t = config.solver.timeLimit { return t }
        if circles != nil { return SolverSettings.defaultTimeLimit }
        if let pool { return pool.rules.isEmpty ? nil : SolverSettings.defaultTimeLimit }
        return rules.shape.isNetwork ? nil : SolverSettings.defaultTimeLimit
    }

    /// The dense problem, when the scores are dense.
    public var denseProblem: MatchingProblem? {
        if case .dense(_, let problem) = scores { problem } else { nil }
    }

    /// Whether the scores are streamed.
    public var isStreamed: Bool {
        if case .streamed = scores { true } else { false }
    }

    /// Number of mentors (rows).
    public var mentorCount: Int { pairs.mentorIndices.count }
    /// Number of mentees (columns).
    public var menteeCount: Int { pairs.menteeIndices.count }

    /// What `check` can tell about a program too large to score densely,
    /// without scoring a pair: the settings, the cohort, each rule (vacuous
    /// ones as warnings), questions nobody answered, and the counting
    /// conditions that need no pairs (capacity against minimum demand,
    /// demand against minimum load, each quota's minimum against its group).
    ///
    /// - Returns: warnings, then failed conditions (each a cause in one line).
    /// - Throws: as ``init(profiles:config:customCriteria:precision:plan:)``, without scoring.
    /// - Complexity: O(P · (rules + D)).
    public static func checkWithoutScores(profiles: [Profile], config: ProgramConfig) throws -> (warnings: [String], conditions: [String]) {
        let compatibility = config.compatibilityInMode
        let model = try CompatibilityModel(config: compatibility)
        let s = config.matching
        try checkSettings(s)
        let cohort = try Cohort(profiles, maxSkillLevel: compatibility.maxSkillLevel)
        let (mentorIndices, menteeIndices) = model.pools(cohort)
        let mentors = mentorIndices.map { cohort.profiles[$0] }, mentees = menteeIndices.map { cohort.profiles[$0] }
        let rules = try Self.rules(s, mentors: mentors, mentees: mentees, profiles: profiles)
        var conditions = [String]()
        let loads = Self.loads(mentors, s)
        let capacity = loads.reduce(0) { $0 + $1.max }, minLoad = loads.reduce(0) { $0 + $1.min }
        let demands = Self.demands(mentees, s)
        let minDemand = demands.reduce(0) { $0 + $1.min }, room = demands.reduce(0) { $0 + $1.max }
        if capacity < minDemand {
            conditions.append("mentors' total capacity \(capacity) is below the mentees' minimum demand \(minDemand): raise capacities or matching.defaultCapacity (now \(s.defaultCapacity)), or lower matching.menteeDemand.min (now \(s.menteeDemand.min))")
        }
        if room < minLoad {
            conditions.append("mentees' total demand \(room) is below the mentors' minimum load \(minLoad): lower matching.minimumLoad (now \(s.minimumLoad))")
        }
        for (c, rule) in rules.constraints.enumerated() {
            guard case .quota(let a, let value, let count) = rule else { continue }
            let members = rules.menteeAttributes[a].map { values in values.indices.filter { values[$0] == value } } ?? []
            let group = members.count
            let most = Swift.min(members.reduce(0) { $0 + demands[$1].max }, capacity)
            if most < count.min {
                conditions.append("matching.rules[\(rules.ruleOfConstraint[c])] (quota on \(a) = \(value)) needs at least \(count.min) pairs, but its \(group) mentee(s) can have at most \(most) (capacity \(capacity)): lower its min")
            }
        }
        return (model.unansweredSettings(cohort) + rules.warnings, conditions)
    }

    /// The program's rules in the problem's terms, with no scores: each
    /// rule's constraint and the attribute values it reads (a person without
    /// a value counts as "unknown", reported by `check`), the index of the
    /// config rule behind each constraint, and a warning for each rule that
    /// cannot bind and is left out.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidConfig`` for a
    ///   malformed rule, or one that binds on an attribute or value nobody has.
    /// - Complexity: O(rules · P).
    public static func rules(_ s: MatchingSettings, mentors: [Profile], mentees: [Profile], profiles: [Profile]) throws
        -> (constraints: [MatchingConstraint], mentorAttributes: [String: [String]], menteeAttributes: [String: [String]],
            ruleOfConstraint: [Int], warnings: [String]) {
        var constraints = [MatchingConstraint](), ruleOfConstraint = [Int](), warnings = [String]()
        var mentorAttributes = [String: [String]](), menteeAttributes = [String: [String]]()
        for (k, spec) in s.rules.enumerated() {
            let rule = try spec.constraint(index: k)
            let name = spec.attribute
            let key = Self.resolvedAttribute(name, in: profiles)
            let mentorValues = mentors.map { Self.attribute(key, of: $0) }
            let menteeValues = mentees.map { Self.attribute(key, of: $0) }
            let label = "matching.rules[\(k)] (\(spec.kind) on \(name)\(spec.value.map { " = \($0)" } ?? ""))"
            if let vacuous = try Self.vacuity(rule, label: label, mentorValues: mentorValues, menteeValues: menteeValues, profiles: profiles) {
                warnings.append(vacuous)
                continue
            }
            mentorAttributes[name] = mentorValues.map { $0 ?? Self.unknownValue }
            menteeAttributes[name] = menteeValues.map { $0 ?? Self.unknownValue }
            constraints.append(rule)
            ruleOfConstraint.append(k)
        }
        return (constraints, mentorAttributes, menteeAttributes, ruleOfConstraint, warnings)
    }

    /// A rule's attribute as the profiles spell it: a profile field, a free
    /// attribute of that exact name, or else one whose name matches it case-,
    /// space-, hyphen- and underscore-insensitively (`Job Family` for `job_family`).
    static func resolvedAttribute(_ name: String, in profiles: [Profile]) -> String {
        resolvedAttribute(name, keys: Set(profiles.flatMap { $0.attributes.keys }))
    }

    /// ``resolvedAttribute(_:in:)`` with the profiles' attribute names
    /// (`keys`) gathered once by the caller.
    static func resolvedAttribute(_ name: String, keys: Set<String>) -> String {
        if profileAttributes.contains(name) { return name }
        if keys.contains(name) { return name }
        let wanted = FieldNames.normalized(name)
        if let field = profileAttributes.first(where: { FieldNames.normalized($0) == wanted }) { return field }
        return keys.sorted().first { FieldNames.normalized($0) == wanted } ?? name
    }

    /// A warning when `rule` cannot bind on these values (its attribute or
    /// value is held by nobody and its minimum is 0: the rule is left out),
    /// `nil` when it applies; throws when it binds and cannot be met.
    static func vacuity(_ rule: MatchingConstraint, label: String, mentorValues: [String?], menteeValues: [String?],
                        profiles: [Profile]) throws -> String? {
        let attribute = rule.attribute
        let anyone = mentorValues.contains { $0 != nil } || menteeValues.contains { $0 != nil }
        if !anyone {
            let known = Set(profiles.flatMap { $0.attributes.keys }).union(profileAttributes).sorted()
            let others = known.filter { FieldNames.normalized($0) != FieldNames.normalized(attribute) }
            let hint = known.count != others.count
                ? " (nobody gave a value for it)"
                : FieldNames.closest(to: attribute, among: others, maxDistance: FieldNames.suggestionDistance(attribute)).map { "; did you mean '\($0)'?" }
                    ?? " (attributes: \(known.joined(separator: ", ")))"
            let binds: Bool
            switch rule {
            case .quota(_, _, let c), .composition(_, _, let c): binds = c.min > 0
            case .crossShare(_, let share): binds = share > 0
            case .maxPerMentor, .parity, .scoreParity: binds = false
            }
            if binds {
                throw MatchingError(.invalidConfig, "\(label): no participant has the attribute '\(attribute)'\(hint) — the rule cannot be met; set its minimum to 0 or remove it")
            }
            return "\(label): no participant has the attribute '\(attribute)'\(hint); the rule cannot bind and is left out"
        }
        let (value, count, values, side): (String, CountRange, [String?], String)
        switch rule {
        case .quota(_, let v, let c): (value, count, values, side) = (v, c, menteeValues, "mentee")
        case .composition(_, let v, let c): (value, count, values, side) = (v, c, mentorValues, "mentor")
        default: return nil
        }
        guard !values.contains(where: { $0 == value }) else { return nil }
        let present = Set(values.compactMap { $0 }).sorted()
        let hint = didYouMean(value, among: present)
        if count.min > 0 {
            throw MatchingError(.invalidConfig, "\(label): no \(side) has \(attribute) = '\(value)'\(hint) (values: \(present.prefix(8).joined(separator: ", "))\(present.count > 8 ? ", …" : "")) — the minimum \(count.min) cannot be met")
        }
        return "\(label): no \(side) has \(attribute) = '\(value)'\(hint) (values: \(present.prefix(8).joined(separator: ", "))\(present.count > 8 ? ", …" : "")); with min 0 the rule cannot bind and is left out"
    }


    /// Throws for a matching setting out of range, naming it.
    static func checkSettings(_ s: MatchingSettings) throws {
        guard s.defaultCapacity >= 0 else { throw MatchingError(.invalidConfig, "matching.defaultCapacity \(s.defaultCapacity) is below zero") }
        guard s.minimumLoad >= 0 else { throw MatchingError(.invalidConfig, "matching.minimumLoad \(s.minimumLoad) is below zero") }
        guard s.menteeDemand.min >= 0, s.menteeDemand.min <= s.menteeDemand.max else {
            throw MatchingError(.invalidConfig, "matching.menteeDemand \(s.menteeDemand) is not a range of counts from 0")
        }
        guard s.unmatchedPenalty.isFinite, (0...100).contains(s.unmatchedPenalty) else {
            throw MatchingError(.invalidConfig, "matching.unmatchedPenalty \(s.unmatchedPenalty) is outside 0…100")
        }
        try s.exploration?.validate()
    }

    /// Load bounds per mentor: the profile's capacity (or the default), and
    /// the minimum load for eligible mentors.
    static func loads(_ mentors: [Profile], _ s: MatchingSettings) -> [CountRange] {
        mentors.map { p in
            let capacity = p.capacity ?? s.defaultCapacity
            return CountRange(min: p.eligible ? Swift.min(s.minimumLoad, capacity) : 0, max: capacity)
        }
    }

    /// Demand bounds per mentee: `matching.menteeDemand`, or, for a person
    /// whose role is mentee and who gives a capacity, at most that many
    /// mentors (the program's minimum capped to it); a mentee not eligible
    /// this round owes no minimum.
    static func demands(_ mentees: [Profile], _ s: MatchingSettings) -> [CountRange] {
        mentees.map { p in
            let most = p.role == .mentee ? p.capacity ?? s.menteeDemand.max : s.menteeDemand.max
            return CountRange(min: p.eligible ? Swift.min(s.menteeDemand.min, most) : 0, max: most)
        }
    }

    /// `text` with "mentor N" and "mentee N" (positions in the problem)
    /// replaced by the people's ids, for messages such as
    /// ``/MatchingCore/FeasibilityCheck`` conditions and solver diagnostics.
    public func withIDs(_ text: String) -> String {
        Self.withIDs(text, mentors: pairs.mentorIndices, mentees: pairs.menteeIndices, cohort: cohort)
    }

    /// In a mutual program, `text` with "person N" (and the rest of a list after it, "person 2, 5")
    /// replaced by the ids; otherwise `text`.
    ///
    /// - Parameter rows: what N indexes: the pool's rows (default), or a
    ///   subset of them (a circle problem's members).
    func withPersonIDs(_ text: String, rows: [Int]? = nil) -> String {
        guard pool != nil else { return text }
        let people = rows.map { $0.map { pairs.mentorIndices[$0] } } ?? pairs.mentorIndices
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: #"person [0-9]+(, [0-9]+)*"#, options: .regularExpression) {
            out += rest[..<range.lowerBound]
            let numbers = rest[range].dropFirst("person ".count).split(separator: ",").map { $0.trimmed() }
            out += "person " + numbers.map { k in Int(k).flatMap { $0 < people.count ? cohort.profiles[people[$0]].id.rawValue : nil } ?? k }.joined(separator: ", ")
            rest = rest[range.upperBound...]
        }
        return out + rest
    }

    /// `text` with "mentor N" and "mentee N" replaced by the ids of
    /// `cohort.profiles[mentors[N]]` and `cohort.profiles[mentees[N]]`.
    static func withIDs(_ text: String, mentors: [Int], mentees: [Int], cohort: Cohort) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: #"(mentor|mentee) [0-9]+"#, options: .regularExpression) {
            out += rest[..<range.lowerBound]
            let parts = rest[range].split(separator: " ")
            let k = Int(parts[1])!
            let indices = parts[0] == "mentor" ? mentors : mentees
            out += k < indices.count ? "\(parts[0]) \(cohort.profiles[indices[k]].id)" : String(rest[range])
            rest = rest[range.upperBound...]
        }
        return out + rest
    }

    /// The value used for a person who has no value for a rule's attribute.
    public static let unknownValue = "unknown"

    /// A person's value of a rule attribute: a profile field or a free attribute.
    public static func attribute(_ name: String, of p: Profile) -> String? {
        switch name {
        case "department": p.department
        case "team": p.team
        case "role": p.role.rawValue
        case "location": p.location?.description
        case "timezone": p.timeZone
        default: p.attributes[name]
        }
    }

    /// The people missing each rule's attribute: rule index, attribute, and
    /// their ids (in ``warnings``).
    public func missingAttributes() -> [(rule: Int, attribute: String, ids: [PersonID])] {
        let people = (pairs.mentorIndices + pairs.menteeIndices).map { cohort.profiles[$0] }
        return config.matching.rules.enumerated().compactMap { k, spec in
            guard ruleOfConstraint.contains(k) else { return nil }   // left out: its warning says why
            var seen = Set<PersonID>()
            let key = Self.resolvedAttribute(spec.attribute, in: cohort.profiles)
            let missing = people.filter { Self.attribute(key, of: $0) == nil && seen.insert($0.id).inserted }.map(\.id)
            return missing.isEmpty ? nil : (k, spec.attribute, missing)
        }
    }

    /// Solves the program with `solver` — the dense or the streamed problem,
    /// as the scores are held — and explains the result.
    ///
    /// - Throws: as the solver's `solve`; a solver that needs dense scores
    ///   refuses a streamed program with ``/MatchingCore/MatchingError/Code/unsupported``.
    /// A mutual program is solved by ``/MatchingSolvers/BlossomSolver``
    /// whatever `solver` is: the bipartite solvers do not match within one
    /// pool; with `matching.rules`, by `poolSolver` (GLPK's integer
    /// program; `unsupported` without one); with circles, by ``/MatchingSolvers/CircleSolver`` (its pairs are
    /// every pair within a circle, ``ProgramResult/circles`` the circles).
    public func solve(using solver: any MatchingSolver, poolSolver: (any PoolSolver)? = nil, options: SolveOptions) async throws -> ProgramResult {
        let report: SolveReport
        switch scores {
        case .dense(_, let problem): report = try await solver.solve(problem, options: options)
        case .streamed(_, let problem): report = try await solver.solve(problem, options: options)
        case .pool(_, _) where circles != nil:
            let c = circles!
            var r = try await CircleSolver().solve(c.problem, options: options)
            // People by their ids; rules by their config keys (rules[k] maxPerGroup(a) ≤ L → matching.circles.maxPerGroup.a ≤ L).
            func words(_ text: String) -> String {
                withPersonIDs(text, rows: c.members).replacingOccurrences(of: #"rules\[[0-9]+\] maxPerGroup\(([^)]*)\)"#, with: "matching.circles.maxPerGroup.$1", options: .regularExpression)
            }
            r.termination.detail = words(r.termination.detail)
            r.diagnostics = r.diagnostics.map(words)
            let groups = r.groups.map { $0.map { $0.map { c.members[$0] } } }
            return ProgramResult(program: self, report: Self.report(r, groups: groups), groups: groups)
        case .pool(_, let pool):
            let chosen: any PoolSolver
            if pool.rules.isEmpty {
                chosen = BlossomSolver()
            } else if let poolSolver {
                chosen = poolSolver
            } else {
                throw MatchingError(.unsupported, "matching.rules in mutual mode are solved as an integer program: pass GLPK as the pool solver")
            }
            var r = try await chosen.solve(pool, options: options)
            // People by their ids, not their positions.
            r.termination.detail = withPersonIDs(r.termination.detail)
            r.diagnostics = r.diagnostics.map { withPersonIDs($0) }
            report = Self.report(r)
        }
        return ProgramResult(program: self, report: report)
    }

    /// A circle report in the terms every writer reads: every pair within a
    /// circle as `Pair(i, j)`, i < j (rows of the pool, `groups`).
    static func report(_ r: CircleReport, groups: [[Int]]?) -> SolveReport {
        let pairs = groups.map { gs in gs.flatMap { g in g.indices.flatMap { a in g[(a + 1)...].map { Pair(MentorIndex(Swift.min(g[a], $0)), MenteeIndex(Swift.max(g[a], $0))) } } }.sorted() }
        var out = SolveReport(termination: r.termination, matching: pairs.map { Matching(pairs: $0) }, objective: r.objective,
                              bound: r.bound, timings: r.timings, solver: r.solver, diagnostics: r.diagnostics)
        out.statistics.proof = r.termination.reason != .optimal ? nil : r.statistics.boundMethod == .groupLagrangian ? .lagrangianBound : .linearRelaxation
        return out
    }

    /// A pool report in the terms every writer reads: its pairs as a
    /// ``MatchingCore/Matching`` of `Pair(i, j)`, i < j.
    static func report(_ r: PoolReport) -> SolveReport {
        var out = SolveReport(termination: r.termination, matching: r.pairs.map { Matching(pairs: $0) }, objective: r.objective,
                              bound: r.bound, timings: r.timings, solver: r.solver, diagnostics: r.diagnostics)
        let (route, proof): (SolveStatistics.Route, SolveStatistics.Proof) = switch r.solver.name {
        case BlossomSolver.identity.name: (.blossom, .oddSetDuals)
        case PoolLagrangian.identity.name: (.lagrangian, .lagrangianBound)
        default: (.integerProgram, .branchAndBound)
        }
        out.statistics.route = route
        out.statistics.proof = r.termination.reason == .optimal ? proof : nil
        return out
    }
}
