import Compatibility
import MatchingCore

/// A program's rounds so far, as `history.json` keeps them beside each
/// round's results: the pairs of every round, who was left out and for how
/// many rounds in a row, and how the pairs went (from the outcomes files).
/// `match` writes round 1; each `rematch` reads it and writes it back with
/// one more round.
///
/// ```json
/// {"format": "mentormatch-history", "version": 1, "rounds": [
///   {"round": 1, "mode": "traditional",
///    "pairs": [{"mentor": "M1", "mentee": "E1", "score": 71.25}],
///    "waiting": [{"id": "E9", "rounds": 1}],
///    "outcomes": [{"mentor": "M1", "mentee": "E1", "result": "failed"}]}]}
/// ```
public struct ProgramHistory: Hashable, Sendable, Codable {
    /// The `format` value of a history file.
    public static let format = "mentormatch-history"
    /// The version this code writes and reads.
    public static let version = 1

    /// One matched pair of a round (mutual mode: `mentor` is one of the two).
    public struct Link: Hashable, Sendable, Codable {
        /// The mentor.
        public var mentor: PersonID
        /// The mentee.
        public var mentee: PersonID
        /// The pair's score when it was matched, 0…100.
        public var score: Double?
        /// Creates a link.
        public init(mentor: PersonID, mentee: PersonID, score: Double? = nil) {
            self.mentor = mentor
            self.mentee = mentee
            self.score = score
        }
    }

    /// Someone eligible left out at the end of a round.
    public struct Waiting: Hashable, Sendable, Codable {
        /// The person.
        public var id: PersonID
        /// Rounds in a row they have been left out, this one included (≥ 1).
        public var rounds: Int
        /// Creates an entry.
        public init(id: PersonID, rounds: Int) {
            self.id = id
            self.rounds = rounds
        }
    }

    /// How a pair of the round went, as reported afterwards.
    public struct Reported: Hashable, Sendable, Codable {
        /// The mentor.
        public var mentor: PersonID
        /// The mentee.
        public var mentee: PersonID
        /// What became of the pair.
        public var result: PairOutcome.Result
        /// Creates a report.
        public init(mentor: PersonID, mentee: PersonID, result: PairOutcome.Result) {
            self.mentor = mentor
            self.mentee = mentee
            self.result = result
        }
    }

    /// One round.
    public struct Round: Hashable, Sendable, Codable {
        /// 1, 2, …
        public var round: Int
        /// The program's mode then.
        public var mode: MentoringMode
        /// The round's matching (continuing pairs included).
        public var pairs: [Link]
        /// The eligible people left out, with the rounds they have waited.
        public var waiting: [Waiting]
        /// How the round's pairs went, filled in by the next round's outcomes.
        public var outcomes: [Reported]
        /// The criterion weights (0–10) the round was scored with, when known:
        /// the report shows how they changed from round to round (after `learn`).
        public var weights: [String: Double]?
        /// Creates a round.
        public init(round: Int, mode: MentoringMode, pairs: [Link], waiting: [Waiting], outcomes: [Reported] = [], weights: [String: Double]? = nil) {
            self.round = round
            self.mode = mode
            self.pairs = pairs
            self.waiting = waiting
            self.outcomes = outcomes
            self.weights = weights
        }
    }

    /// The rounds, first to last.
    public var rounds: [Round]

    /// A history of `rounds`.
    public init(rounds: [Round]) { self.rounds = rounds }

    enum CodingKeys: String, CodingKey, CaseIterable { case format, version, rounds }

    /// Decodes a history and checks it.
    ///
    /// - Throws: `DecodingError` when `format` is not ``format``, the version
    ///   is not ``version``, or the rounds are not numbered 1, 2, … in order.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let format = try c.decode(String.self, forKey: .format)
        guard format == Self.format else {
            throw DecodingError.dataCorruptedError(forKey: .format, in: c, debugDescription: "'\(format)' is not a MentorMatch history (\(Self.format))")
        }
        let version = try c.decode(Int.self, forKey: .version)
        guard version == Self.version else {
            throw DecodingError.dataCorruptedError(forKey: .version, in: c, debugDescription: "version \(version): this MentorMatch reads version \(Self.version)")
        }
        rounds = try c.decode([Round].self, forKey: .rounds)
        if let problem = Self.problem(in: rounds) {
            throw DecodingError.dataCorruptedError(forKey: .rounds, in: c, debugDescription: problem)
        }
    }

    /// The first thing wrong with `rounds`, naming it (`rounds[i].pairs[k]: …`), or `nil`.
    static func problem(in rounds: [Round]) -> String? {
        for (i, r) in rounds.enumerated() {
            if r.round != i + 1 { return "rounds[\(i)] is numbered \(r.round): rounds run 1, 2, … in order" }
            var seen = Set<[PersonID]>()
            for (k, l) in r.pairs.enumerated() {
                if l.mentor.rawValue.isEmpty || l.mentee.rawValue.isEmpty { return "rounds[\(i)].pairs[\(k)]: an id is empty" }
                if l.mentor == l.mentee { return "rounds[\(i)].pairs[\(k)]: '\(l.mentor)' is paired with themself" }
                if let s = l.score, !s.isFinite { return "rounds[\(i)].pairs[\(k)]: score \(s) is not a number" }
                if !seen.insert([l.mentor, l.mentee]).inserted { return "rounds[\(i)].pairs[\(k)]: \(l.mentor)–\(l.mentee) is listed twice" }
            }
            var waiting = Set<PersonID>()
            for (k, w) in r.waiting.enumerated() {
                if w.id.rawValue.isEmpty { return "rounds[\(i)].waiting[\(k)]: the id is empty" }
                if w.rounds < 1 || w.rounds > r.round { return "rounds[\(i)].waiting[\(k)]: \(w.id) has waited \(w.rounds) round(s), which must be 1 to \(r.round)" }
                if !waiting.insert(w.id).inserted { return "rounds[\(i)].waiting[\(k)]: \(w.id) is listed twice" }
            }
            for (k, o) in r.outcomes.enumerated() where !seen.contains([o.mentor, o.mentee]) {
                return "rounds[\(i)].outcomes[\(k)]: \(o.mentor)–\(o.mentee) is not a pair of round \(r.round)"
            }
        }
        return nil
    }

    /// Encodes the history with its format and version.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Self.format, forKey: .format)
        try c.encode(Self.version, forKey: .version)
        try c.encode(rounds, forKey: .rounds)
    }

    /// Pairs (mentor, mentee) reported `failed` in any round: never matched again.
    public var failedPairs: Set<[PersonID]> {
        Set(rounds.flatMap { $0.outcomes.filter { $0.result == .failed }.map { [$0.mentor, $0.mentee] } })
    }

    /// Pairs reported `succeeded` or `ended` in any round.
    public var endedPairs: Set<[PersonID]> {
        Set(rounds.flatMap { $0.outcomes.filter { $0.result == .succeeded || $0.result == .ended }.map { [$0.mentor, $0.mentee] } })
    }

    /// A pair the history forbids in the next round, and why.
    public struct NeverAgain: Hashable, Sendable, CustomStringConvertible {
        /// The pair's mentor, as reported.
        public var mentor: PersonID
        /// The pair's mentee, as reported.
        public var mentee: PersonID
        /// `failed`, or `succeeded` / `ended`.
        public var result: PairOutcome.Result
        /// The round whose outcome it was (`Round.round`).
        public var round: Int
        /// "M1–E1 failed in round 2: never matched again".
        public var description: String {
            result == .failed
                ? "\(mentor)–\(mentee) failed in round \(round): never matched again"
                : "\(mentor)–\(mentee) \(result.rawValue) in round \(round): not matched again (rounds.repeatEnded)"
        }
    }

    /// The pairs the round after the last one may not make — the one rule
    /// ``NextRound`` applies, `explain --previous` names and `check
    /// --previous` counts: a pair reported `failed` in any round; a pair
    /// reported `succeeded` or `ended` in the last round (never in the round
    /// right after); and, unless `repeatEnded`, in any round. Keyed by the two
    /// people in id order (either may be the mentor next time); a failure is
    /// named before an ending, an earlier round before a later one.
    ///
    /// - Complexity: O(outcomes of every round), one pass.
    public func neverAgainPairs(repeatEnded: Bool) -> [[PersonID]: NeverAgain] {
        var out = [[PersonID]: NeverAgain]()
        for (k, round) in rounds.enumerated() {
            let last = k == rounds.count - 1
            for o in round.outcomes {
                let forbids = o.result == .failed || ((o.result == .succeeded || o.result == .ended) && (last || !repeatEnded))
                guard forbids else { continue }
                let key = o.mentor.rawValue <= o.mentee.rawValue ? [o.mentor, o.mentee] : [o.mentee, o.mentor]
                let found = NeverAgain(mentor: o.mentor, mentee: o.mentee, result: o.result, round: round.round)
                if let held = out[key], held.result == .failed || found.result != .failed { continue }
                out[key] = found
            }
        }
        return out
    }

    /// Whether ``neverAgainPairs(repeatEnded:)`` forbids pairing `a` with `b`
    /// (either way round), and why; `nil` when nothing does.
    ///
    /// - Complexity: O(outcomes of every round).
    public func neverAgain(_ a: PersonID, _ b: PersonID, repeatEnded: Bool) -> NeverAgain? {
        neverAgainPairs(repeatEnded: repeatEnded)[a.rawValue <= b.rawValue ? [a, b] : [b, a]]
    }

    /// Why a program in `mode` cannot follow these rounds (their mode is
    /// another), in one line; `nil` when it can. `rematch` refuses such a
    /// program, and `explain` and `check --previous` say so.
    public func modeProblem(for mode: MentoringMode) -> String? {
        guard let last = rounds.last, last.mode != mode else { return nil }
        return "the history's rounds are in \(last.mode.rawValue) mode and this config is \(mode.rawValue) mode: a program that changes its mode starts again with match"
    }

    /// Every pair matched in any round, as (mentor, mentee).
    public var everyPair: Set<[PersonID]> { Set(rounds.flatMap { $0.pairs.map { [$0.mentor, $0.mentee] } }) }

    /// Everyone named in any round: matched or waiting.
    public var everyone: Set<PersonID> {
        Set(rounds.flatMap { r in r.pairs.flatMap { [$0.mentor, $0.mentee] } + r.waiting.map(\.id) })
    }

    /// Rounds in a row `id` has waited at the end of the last round (0 when matched or new).
    public func roundsWaited(_ id: PersonID) -> Int {
        rounds.last?.waiting.first { $0.id == id }?.rounds ?? 0
    }

    /// Records `outcomes` in the rounds whose pairs they report on: a row
    /// with a round in that round, a row without one in the last round. A
    /// report replaces an earlier one on the same pair and round, except
    /// that `failed` is final.
    ///
    /// - Returns: one line per outcome that cannot be recorded, naming its
    ///   line (`line 7: …`), none recorded then: a pair that is not a pair
    ///   of its round (without a round: of the last round), the same pair
    ///   and round twice in the file, a pair already reported failed given
    ///   another result.
    ///
    /// - Complexity: O(pairs of every round + rows), then a sort of each round's outcomes.
    public mutating func record(_ outcomes: [PairOutcome]) -> [String] {
        var problems = [String](), placed = [(k: Int, outcome: PairOutcome)]()
        var lineOf = [String: Int]()
        let failing = Dictionary(outcomes.filter { $0.result == .failed }.map { ([$0.mentor, $0.mentee], $0.line) }, uniquingKeysWith: { a, _ in a })
        // Indexed once: each round's pairs, and the round each pair was first reported failed in.
        let pairsOf = rounds.map { Set($0.pairs.map { [$0.mentor, $0.mentee] }) }
        var failedIn = [[PersonID]: Int]()
        for (r, round) in rounds.enumerated() { for o in round.outcomes where o.result == .failed && failedIn[[o.mentor, o.mentee]] == nil { failedIn[[o.mentor, o.mentee]] = r } }
        for o in outcomes {
            let k = (o.round ?? rounds.count) - 1
            let pair = "\(o.mentor)–\(o.mentee)", ids = [o.mentor, o.mentee]
            guard pairsOf.indices.contains(k), pairsOf[k].contains(ids) else {
                problems.append(o.round == nil
                    ? "line \(o.line): \(pair) is not a pair of the last round (round \(rounds.count)): for a pair of an earlier round, give its round (a round column)"
                    : "line \(o.line): \(pair) is not a pair of round \(k + 1)")
                continue
            }
            let key = "\(k)\u{0}\(o.mentor)\u{0}\(o.mentee)"
            if let earlier = lineOf[key] {
                problems.append("line \(o.line): \(pair) (round \(k + 1)) is already reported on line \(earlier): keep one row per pair and round")
                continue
            }
            lineOf[key] = o.line
            guard let result = o.result else { continue }   // ratings alone say nothing about the pair's future
            // A pair that went on into the last round is reported on there (a failure may name any round).
            if result != .failed, k < rounds.count - 1, pairsOf[rounds.count - 1].contains(ids) {
                problems.append("line \(o.line): \(pair) went on into round \(rounds.count), the last: report its \(result.rawValue) for round \(rounds.count) (or leave the round blank)")
                continue
            }
            if result != .failed, let r = failedIn[ids] {
                problems.append("line \(o.line): \(pair) was reported failed in round \(r + 1): a failed pair stays failed")
                continue
            }
            if result != .failed, let line = failing[ids] {
                problems.append("line \(o.line): \(pair) is reported \(result.rawValue) here and failed on line \(line): a failed pair stays failed")
                continue
            }
            placed.append((k, o))
        }
        guard problems.isEmpty else { return problems }
        // A report replaces the round's earlier one on the pair; each touched round is sorted once.
        for (k, group) in Dictionary(grouping: placed, by: \.k) {
            let newer = Dictionary(group.map { ([$0.outcome.mentor, $0.outcome.mentee], $0.outcome.result!) }, uniquingKeysWith: { $1 })
            rounds[k].outcomes.removeAll { newer[[$0.mentor, $0.mentee]] != nil }
            rounds[k].outcomes += newer.map { Reported(mentor: $0.key[0], mentee: $0.key[1], result: $0.value) }
            rounds[k].outcomes.sort { ($0.mentor, $0.mentee) < ($1.mentor, $1.mentee) }
        }
        return []
    }
}
