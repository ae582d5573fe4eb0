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
        /// Creates a round.
        public init(round: Int, mode: MentoringMode, pairs: [Link], waiting: [Waiting], outcomes: [Reported] = []) {
            self.round = round
            self.mode = mode
            self.pairs = pairs
            self.waiting = waiting
            self.outcomes = outcomes
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
        for (k, r) in rounds.enumerated() where r.round != k + 1 {
            throw DecodingError.dataCorruptedError(forKey: .rounds, in: c, debugDescription: "round \(k + 1) is numbered \(r.round): rounds run 1, 2, … in order")
        }
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
    /// with a round in that round, a row without one in the latest round
    /// that matched the pair. A later report on the same pair and round replaces an earlier one.
    ///
    /// - Returns: the outcomes that name no pair of their round, for the caller to report.
    public mutating func record(_ outcomes: [PairOutcome]) -> [PairOutcome] {
        var unplaced = [PairOutcome]()
        for o in outcomes {
            guard let result = o.result else { continue }   // ratings alone say nothing about the pair's future
            let k: Int? = if let r = o.round { rounds.indices.contains(r - 1) && rounds[r - 1].pairs.contains { $0.mentor == o.mentor && $0.mentee == o.mentee } ? r - 1 : nil }
                else { rounds.indices.last { rounds[$0].pairs.contains { $0.mentor == o.mentor && $0.mentee == o.mentee } } }
            guard let k else { unplaced.append(o); continue }
            rounds[k].outcomes.removeAll { $0.mentor == o.mentor && $0.mentee == o.mentee }
            rounds[k].outcomes.append(Reported(mentor: o.mentor, mentee: o.mentee, result: result))
            rounds[k].outcomes.sort { ($0.mentor, $0.mentee) < ($1.mentor, $1.mentee) }
        }
        return unplaced
    }
}
