import Compatibility
import Foundation
import MatchingCore

/// The next round of a program: the last round's pairs, the outcomes
/// reported on them and today's participants and config become one
/// matching problem, solved as usual, then compared with the last round.
///
/// The round's rules (``RoundSettings``):
/// - pairs reported `failed`, in any round, are forbidden (and, unless
///   `repeatEnded`, pairs that ended or succeeded);
/// - the last round's other pairs continue — locked (fixed pairs) by
///   default, or with `changePrice` p each earns p points while kept, so a
///   pair changes only when that gains more than p — after a check against
///   today's participants, filters and capacities: a pair that cannot
///   continue is dissolved and reported with the reason, never kept silently;
/// - mentee j's unmatched penalty is `matching.unmatchedPenalty +
///   waitingBonus × w_j`, `w_j` the rounds in a row j waited.
///
/// A pair reported `failed` early is the mid-round repair: both people are
/// matched again within the free capacity, that pair forbidden, every other
/// pair locked.
///
/// - Complexity: O(M·N) to copy the scores when a change price applies,
///   O(P + history) otherwise.
public struct NextRound: Sendable {
    /// The round's number (the last round's plus one).
    public let number: Int
    /// The settings applied.
    public let settings: RoundSettings
    /// The history with the outcomes recorded in their rounds.
    public let history: ProgramHistory
    /// Today's program with the round's rules applied: solve this one.
    public private(set) var program: MentoringProgram
    /// The continuing pairs carried into the solve (rows and columns of today's program).
    public let carried: [Pair]
    /// Pairs ended by the outcomes and continuing pairs dissolved before the solve.
    public let before: [RoundChange]
    /// Per mentee column: rounds waited in a row before this round.
    public let waited: [Int]
    /// Pairs forbidden by the round (failed, or ended without `repeatEnded`) among today's people.
    public let forbiddenByHistory: Int
    /// What the round relaxed, one line each (empty until
    /// ``relaxingMinimums()``).
    public private(set) var notes: [String] = []
    /// With continuing pairs locked: mentors who keep fewer pairs than their
    /// minimum load, with what they keep (row, kept).
    let belowMinimum: [(row: Int, kept: Int)]

    /// Builds the next round.
    ///
    /// - Parameters:
    ///   - program: today's program (participants and config), dense and bipartite.
    ///   - history: the rounds so far (``ProgramHistory``), at least one.
    ///   - outcomes: how pairs went, checked against the people and the
    ///     pairs first (`OutcomesFile.problems`); ratings without a result
    ///     change nothing here.
    /// - Throws: `unsupported` for a streamed or mutual program or one with
    ///   circles; `invalidProblem` for an empty history or an outcome that
    ///   names no pair of its round (``ProgramHistory/record(_:)``, every
    ///   line in the message); `invalidConfig` when the program's mode is
    ///   not the history's; as the problem's `validate()`.
    public init(program: MentoringProgram, history: ProgramHistory, outcomes: [PairOutcome]) throws {
        guard case .dense(let matrices, var problem) = program.scores else {
            let why = program.isStreamed ? "this program's scores are streamed (too large for dense matrices)" : "rounds of one pool (mutual mode, circles) are not supported yet"
            throw MatchingError(.unsupported, "rematch needs a dense mentor–mentee program: \(why)")
        }
        guard let last = history.rounds.last else { throw MatchingError(.invalidProblem, "the history has no round to follow") }
        if let why = history.modeProblem(for: program.config.mode) { throw MatchingError(.invalidConfig, why) }
        if program.config.rounds.changePrice != nil && program.config.matching.objective == .maxMin {
            throw MatchingError(.invalidConfig, "rounds.changePrice prices changes against the total score; with objective maxMin it cannot: lock the continuing pairs (changePrice: null) or use objective total")
        }
        var history = history
        let problems = history.record(outcomes)
        if let first = problems.first {
            throw MatchingError(.invalidProblem, first + (problems.count > 1 ? " (and \(problems.count - 1) more problem(s))" : ""))
        }
        let settings = program.config.rounds
        self.number = last.round + 1
        self.settings = settings
        self.history = history
        let profiles = program.cohort.profiles
        let mentorRow = Dictionary(uniqueKeysWithValues: matrices.mentorIndices.enumerated().map { (profiles[$1].id, $0) })
        let menteeColumn = Dictionary(uniqueKeysWithValues: matrices.menteeIndices.enumerated().map { (profiles[$1].id, $0) })
        let present = Set(profiles.map(\.id))
        func pair(_ m: PersonID, _ e: PersonID) -> Pair? {
            guard let i = mentorRow[m], let j = menteeColumn[e], profiles[matrices.mentorIndices[i]].id != profiles[matrices.menteeIndices[j]].id else { return nil }
            return Pair(MentorIndex(i), MenteeIndex(j))
        }

        // The last round's pairs: ended by an outcome, or continuing.
        var before = [RoundChange]()
        let reported = Dictionary(history.rounds[history.rounds.count - 1].outcomes.map { ([$0.mentor, $0.mentee], $0.result) }, uniquingKeysWith: { $1 })
        let failedEver = history.failedPairs
        var continuing = [(link: ProgramHistory.Link, pair: Pair)]()
        for link in last.pairs {
            // A pair reported failed in any round ends now, whichever round the report names.
            let result = failedEver.contains([link.mentor, link.mentee]) ? .failed : reported[[link.mentor, link.mentee]]
            switch result {
            case .failed?: before.append(RoundChange(mentor: link.mentor, mentee: link.mentee, kind: .ended, reason: "failed: never matched again", score: link.score))
            case .succeeded?: before.append(RoundChange(mentor: link.mentor, mentee: link.mentee, kind: .ended, reason: "succeeded" + (settings.repeatEnded ? "" : ": not matched again (rounds.repeatEnded)"), score: link.score))
            case .ended?: before.append(RoundChange(mentor: link.mentor, mentee: link.mentee, kind: .ended, reason: "ended" + (settings.repeatEnded ? "" : ": not matched again (rounds.repeatEnded)"), score: link.score))
            case .continuing?, nil:
                // Continuing: still possible today?
                var why: String? = nil
                for id in [link.mentor, link.mentee] where why == nil && !present.contains(id) { why = "\(id) is not in today's participants" }
                if why == nil, let p = pair(link.mentor, link.mentee) {
                    let (i, j) = (p.mentor.rawValue, p.mentee.rawValue)
                    let exclusions = matrices.isAllowed(mentor: i, mentee: j) ? [] : matrices.exclusions(mentor: i, mentee: j)
                    if !exclusions.isEmpty { why = "now excluded: " + exclusions.map(\.description).joined(separator: "; ") }
                    else { continuing.append((link, p)) }
                } else if why == nil {
                    why = menteeColumn[link.mentee] == nil ? "\(link.mentee) is no longer a mentee (role)" : "\(link.mentor) is no longer a mentor (role)"
                }
                if let why { before.append(RoundChange(mentor: link.mentor, mentee: link.mentee, kind: .dissolved, reason: why, score: link.score)) }
            }
        }
        // Capacities today: each person keeps their best continuing pairs up to their maximum.
        let rules = problem.rules
        // Pairs the administrator locked this run come first; continuing pairs fill what is left.
        var load = [Int](repeating: 0, count: problem.mentorCount), demand = [Int](repeating: 0, count: problem.menteeCount)
        let locked = Set(rules.fixed)
        for p in locked { load[p.mentor.rawValue] += 1; demand[p.mentee.rawValue] += 1 }
        var carried = [Pair]()
        for c in continuing.sorted(by: { (matrices.total[$0.pair], $1.link.mentor, $1.link.mentee) > (matrices.total[$1.pair], $0.link.mentor, $0.link.mentee) }) {
            let (i, j) = (c.pair.mentor.rawValue, c.pair.mentee.rawValue)
            let byLocks = { (count: Int) in count > 0 ? " (\(count) taken by pairs locked this run)" : "" }
            if locked.contains(c.pair) {
                carried.append(c.pair)
            } else if load[i] >= rules.mentorLoad[i].max {
                let lockedHere = locked.filter { $0.mentor.rawValue == i }.count
                before.append(RoundChange(mentor: c.link.mentor, mentee: c.link.mentee, kind: .dissolved, reason: "\(c.link.mentor)'s capacity is now \(rules.mentorLoad[i].max)\(byLocks(lockedHere)): their pairs that score more are kept", score: c.link.score))
            } else if demand[j] >= rules.menteeDemand[j].max {
                let lockedHere = locked.filter { $0.mentee.rawValue == j }.count
                before.append(RoundChange(mentor: c.link.mentor, mentee: c.link.mentee, kind: .dissolved, reason: "\(c.link.mentee) now takes at most \(rules.menteeDemand[j].max) mentor(s)\(byLocks(lockedHere)): their pairs that score more are kept", score: c.link.score))
            } else {
                load[i] += 1
                demand[j] += 1
                carried.append(c.pair)
            }
        }
        carried.sort()
        self.carried = carried
        self.before = before.sorted { ($0.kind.rawValue, $0.mentor, $0.mentee) < ($1.kind.rawValue, $1.mentor, $1.mentee) }

        // Never again (ProgramHistory.neverAgainPairs, with this round's outcomes recorded in the last round):
        // failed pairs of any round; ended ones unless repeated, and never in the round right after they ended.
        let carriedSet = Set(carried)
        var forbidden = 0
        for ids in history.neverAgainPairs(repeatEnded: settings.repeatEnded).keys.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) {
            // Either way round: two people whose pairing failed are never paired again (roles may have changed).
            for p in [pair(ids[0], ids[1]), pair(ids[1], ids[0])].compactMap({ $0 }) where !carriedSet.contains(p) {
                if problem.rules.forbidden.insert(p).inserted { forbidden += 1 }
            }
        }
        self.forbiddenByHistory = forbidden

        // Waiting: the penalty grows with the rounds waited.
        let waitedByID = Dictionary(last.waiting.map { ($0.id, $0.rounds) }, uniquingKeysWith: { a, _ in a })
        let waited = matrices.menteeIndices.map { waitedByID[profiles[$0].id] ?? 0 }
        self.waited = waited
        if settings.waitingBonus > 0 {
            if problem.rules.unmatchedPenalty.isEmpty { problem.rules.unmatchedPenalty = Array(repeating: 0, count: problem.menteeCount) }
            for j in waited.indices where waited[j] > 0 { problem.rules.unmatchedPenalty[j] += settings.waitingBonus * Double(waited[j]) }
        }

        // Locked pairs cannot move to meet a minimum load: who keeps fewer than their minimum
        // and has fewer free allowed mentees than they lack (see relaxingMinimums()).
        var below = [(row: Int, kept: Int)]()
        if settings.changePrice == nil {
            for i in 0..<problem.mentorCount where problem.rules.mentorLoad[i].min > load[i] && problem.rules.mentorLoad[i].max > 0 {
                let free = (0..<problem.menteeCount).filter { j in demand[j] < problem.rules.menteeDemand[j].max && problem.isAllowed(Pair(MentorIndex(i), MenteeIndex(j))) }.count
                if free < problem.rules.mentorLoad[i].min - load[i] { below.append((i, load[i])) }
            }
        }
        belowMinimum = below

        // Continuing pairs: locked, or priced.
        if let price = settings.changePrice {
            var values = problem.scores.values
            let n = problem.menteeCount
            for p in carried { values[p.mentor.rawValue * n + p.mentee.rawValue] += price }
            problem.scores = try ScoreMatrix(mentors: problem.mentorCount, mentees: n, values: values)
        } else {
            problem.rules.fixed = Array(Set(problem.rules.fixed).union(carried)).sorted()
        }
        try problem.validate()
        var adjusted = program
        adjusted.scores = .dense(matrices, problem)
        self.program = adjusted
    }

    /// The round with each mentor held to what they keep whose minimum load
    /// the locked pairs put out of reach — they keep fewer continuing pairs
    /// than their minimum and fewer free mentees are allowed to them than
    /// they lack, so ``program`` has no matching — one note per mentor
    /// relaxed (``notes``). `nil` when there is none, or pairs may change (`changePrice`).
    public func relaxingMinimums() -> NextRound? {
        guard !belowMinimum.isEmpty, case .dense(let matrices, var problem) = program.scores else { return nil }
        var copy = self
        for (i, kept) in belowMinimum {
            let id = program.cohort.profiles[matrices.mentorIndices[i]].id
            copy.notes.append("\(id) keeps \(kept) continuing pair(s), below the minimum load of \(problem.rules.mentorLoad[i].min), and the free mentees cannot make up the rest with the pairs locked: their minimum this round is \(kept) (rounds.changePrice lets pairs move instead)")
            problem.rules.mentorLoad[i].min = kept
        }
        copy.program.scores = .dense(matrices, problem)
        return copy
    }

    /// Every change from the last round to `result` (this round's solve of
    /// ``program``): the pairs ended and dissolved before the solve, then
    /// each continuing pair kept or changed, each new pair with why it is
    /// new; sorted by kind, mentor, mentee.
    public func changes(in result: ProgramResult) -> [RoundChange] {
        let last = history.rounds[history.rounds.count - 1]
        let known = history.everyone
        let matched = Dictionary(result.assignments.map { ([$0.mentor, $0.mentee], $0.score) }, uniquingKeysWith: { a, _ in a })
        var out = before
        let x = program.pairs, profiles = program.cohort.profiles
        func id(mentor i: Int) -> PersonID { profiles[x.mentorIndices[i]].id }
        func id(mentee j: Int) -> PersonID { profiles[x.menteeIndices[j]].id }
        let carriedIDs = Set(carried.map { [id(mentor: $0.mentor.rawValue), id(mentee: $0.mentee.rawValue)] })
        var partnersOf = [PersonID: [PersonID]]()
        for a in result.assignments { partnersOf[a.mentor, default: []].append(a.mentee); partnersOf[a.mentee, default: []].append(a.mentor) }
        func now(_ person: PersonID) -> String {
            let others = partnersOf[person] ?? []
            return others.isEmpty ? "\(person) is left out" : "\(person) now with \(others.map(\.rawValue).joined(separator: ", "))"
        }
        for p in carried {
            let (m, e) = (id(mentor: p.mentor.rawValue), id(mentee: p.mentee.rawValue))
            if let score = matched[[m, e]] {
                out.append(RoundChange(mentor: m, mentee: e, kind: .kept, reason: settings.changePrice == nil ? "continuing (locked)" : "continuing: no change gains more than the change price", score: score))
            } else {
                let price = settings.changePrice.map { String(format: "%g", $0) } ?? "?"
                out.append(RoundChange(mentor: m, mentee: e, kind: .changed,
                                       reason: "changed: the new matching gains more than the change price (\(price) points per pair changed); \(now(m)); \(now(e))",
                                       score: x.explain(mentor: p.mentor.rawValue, mentee: p.mentee.rawValue).score))
            }
        }
        let endedBy = Dictionary(before.flatMap { c in [(c.mentor, c), (c.mentee, c)] }, uniquingKeysWith: { a, _ in a })
        let changedBy = Dictionary(out.filter { $0.kind == .changed }.flatMap { c in [(c.mentor, c), (c.mentee, c)] }, uniquingKeysWith: { a, _ in a })
        let column = Dictionary(uniqueKeysWithValues: x.menteeIndices.enumerated().map { (profiles[$1].id, $0) })
        let inLast = Set(last.pairs.flatMap { [$0.mentor, $0.mentee] })
        for a in result.assignments where !carriedIDs.contains([a.mentor, a.mentee]) {
            var why = [String]()
            for person in [a.mentee, a.mentor] where !known.contains(person) { why.append("\(person) joined this round") }
            if let j = column[a.mentee], waited[j] > 0 { why.append("\(a.mentee) waited \(waited[j]) round(s)") }
            for person in [a.mentee, a.mentor] {
                if let c = endedBy[person] { why.append("\(person)'s pair \(c.mentor)–\(c.mentee) \(c.kind == .ended ? "ended" : "was dissolved")") }
                if let c = changedBy[person] { why.append("\(person)'s pair \(c.mentor)–\(c.mentee) changed") }
            }
            if why.isEmpty { why.append(inLast.contains(a.mentor) || inLast.contains(a.mentee) ? "free capacity" : "matched this round") }
            out.append(RoundChange(mentor: a.mentor, mentee: a.mentee, kind: .new, reason: why.joined(separator: "; "), score: a.score))
        }
        let order = Dictionary(uniqueKeysWithValues: RoundChange.Kind.allCases.enumerated().map { ($1, $0) })
        return out.sorted { (order[$0.kind]!, $0.mentor, $0.mentee) < (order[$1.kind]!, $1.mentor, $1.mentee) }
    }

    /// The history with this round appended: `result`'s pairs, and the
    /// eligible mentees it leaves out, each with one more round waited.
    public func history(after result: ProgramResult) -> ProgramHistory {
        var h = history
        h.rounds.append(ProgramHistory.Round(result, program: program, number: number, waitedBefore: waited))
        return h
    }
}
