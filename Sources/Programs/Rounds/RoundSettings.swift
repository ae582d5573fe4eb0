import MatchingCore

/// How a program's next round treats the last one (`rounds:` in a program
/// config), read by `mentor-match rematch`:
///
/// ```yaml
/// rounds:
///   waitingBonus: 10    # points added to a mentee's unmatched penalty per round waited
///   changePrice: null   # null: continuing pairs are locked; a number: a pair may change when that gains more
///   repeatEnded: false  # whether pairs that ended (succeeded or ended) may be matched again
/// ```
///
/// - The unmatched penalty of mentee j in the next round is
///   `matching.unmatchedPenalty + waitingBonus × w_j`, where `w_j` is the
///   number of rounds in a row j was eligible and left out: the longer
///   someone waited, the more leaving them out again costs.
/// - Continuing pairs are fixed (locked) by default. With a `changePrice` p,
///   each continuing pair instead earns p extra points while it is kept,
///   so the matching changes a pair only when the change gains more than p
///   per pair changed (the standard incumbent bonus of re-optimisation with
///   minimum disruption).
/// - Pairs that `failed` are never matched again, whatever these settings.
public struct RoundSettings: Hashable, Sendable, Codable {
    /// Score points added to the unmatched penalty per round a mentee waited (≥ 0).
    public var waitingBonus: Double = 10
    /// `nil`: continuing pairs are locked; else the price (score points, > 0) a change must beat.
    public var changePrice: Double? = nil
    /// Whether pairs that ended without failing may be matched again.
    public var repeatEnded: Bool = false

    /// The defaults: a waiting bonus of 10, continuing pairs locked, ended pairs not repeated.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable { case waitingBonus, changePrice, repeatEnded }

    /// Decodes the settings; unknown keys and out-of-range values are errors.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "rounds")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        waitingBonus = try c.decodeIfPresent(Double.self, forKey: .waitingBonus) ?? 10
        changePrice = try c.decodeIfPresent(Double.self, forKey: .changePrice)
        repeatEnded = try c.decodeIfPresent(Bool.self, forKey: .repeatEnded) ?? false
        guard waitingBonus.isFinite, (0...100).contains(waitingBonus) else {
            throw DecodingError.dataCorruptedError(forKey: .waitingBonus, in: c, debugDescription: "waitingBonus must be a number of score points from 0 to 100")
        }
        if let p = changePrice, !(p.isFinite && p > 0 && p <= 100) {
            throw DecodingError.dataCorruptedError(forKey: .changePrice, in: c, debugDescription: "changePrice must be a number of score points above 0 and at most 100, or null to lock continuing pairs")
        }
    }
}
