/// How a pair of an earlier round went, as an outcomes file reports it: the
/// input of the next round (``PairOutcome/Result/failed`` pairs are never
/// matched again) and of learning the criterion weights.
///
/// A row gives a result, a rating from either side (1–5), or both. Free
/// comments are kept for the administrator's own files and never logged.
public struct PairOutcome: Hashable, Sendable {
    /// What became of the pair.
    public enum Result: String, Hashable, Sendable, CaseIterable, Codable {
        /// The pair goes on into the next round (kept, still checked against the rules).
        case continuing
        /// The pair ended well.
        case succeeded
        /// The pair did not work: never matched again, in any later round.
        case failed
        /// The pair ended without a verdict (the cycle closed, someone left).
        case ended

        /// Words administrators write for each result, besides its name.
        public static let aliases: [String: Result] = [
            "ongoing": .continuing, "continue": .continuing, "continues": .continuing, "active": .continuing, "keep": .continuing,
            "success": .succeeded, "successful": .succeeded, "completed": .succeeded, "good": .succeeded,
            "fail": .failed, "failure": .failed, "bad fit": .failed, "badfit": .failed,
            "end": .ended, "finished": .ended, "closed": .ended, "left": .ended,
        ]
    }

    /// The mentor (in mutual mode: one of the two).
    public var mentor: PersonID
    /// The mentee (in mutual mode: the other).
    public var mentee: PersonID
    /// The result, when the row gives one.
    public var result: Result?
    /// The mentor's rating of the pair, 1…5.
    public var mentorRating: Int?
    /// The mentee's rating of the pair, 1…5.
    public var menteeRating: Int?
    /// The round the pair belongs to, when the file says (1, 2, …).
    public var round: Int?
    /// The date of the report, `YYYY-MM-DD`, when given.
    public var date: String?
    /// A free comment: kept, never logged.
    public var comment: String?
    /// The line of the file the row is on (0 when not from a file), for messages.
    public var line: Int

    /// Creates an outcome.
    public init(mentor: PersonID, mentee: PersonID, result: Result? = nil, mentorRating: Int? = nil, menteeRating: Int? = nil,
                round: Int? = nil, date: String? = nil, comment: String? = nil, line: Int = 0) {
        self.mentor = mentor
        self.mentee = mentee
        self.result = result
        self.mentorRating = mentorRating
        self.menteeRating = menteeRating
        self.round = round
        self.date = date
        self.comment = comment
        self.line = line
    }

    /// Whether the pair counts as a success for learning: `succeeded`, or
    /// a mean rating of 4 or more; a failure: `failed`, or a mean rating of
    /// 2.5 or less; `nil` when it says neither (`continuing` or `ended`
    /// without ratings, a middling rating).
    public var succeeded: Bool? {
        switch result {
        case .succeeded: return true
        case .failed: return false
        default: break
        }
        let ratings = [mentorRating, menteeRating].compactMap { $0 }
        guard !ratings.isEmpty else { return nil }
        let mean = Double(ratings.reduce(0, +)) / Double(ratings.count)
        return mean >= 4 ? true : mean <= 2.5 ? false : nil
    }

    /// The mean of the ratings given, 1…5, or `nil`.
    public var meanRating: Double? {
        let ratings = [mentorRating, menteeRating].compactMap { $0 }
        return ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
    }
}
