import Foundation
import MatchingCore

/// `matching.exploration` in a program config: randomise a small, stated
/// share of the matching so that later rounds can learn what the matching
/// would otherwise never try.
///
/// ```yaml
/// matching:
///   exploration: {share: 0.1, within: 2, seed: 7}
/// ```
///
/// A `share` of the mentees (drawn with `seed`) get independent uniform
/// noise in [−within/2, +within/2] score points on each of their pairs;
/// the solver then finds the optimal matching of the noisy scores. Each
/// explored mentee's partner is thereby drawn among the alternatives whose
/// scores lie within `within` points of one another at the margin — a
/// perturb-and-optimise scheme (Papandreou & Yuille 2011, "Perturb-and-MAP
/// random fields", ICCV) — and the price is bounded: every pair's noise is
/// at most within/2 in size, so the matching loses at most
/// `within · Σ (explored mentees' most mentors)` points of total score
/// against the optimum (``Exploration/maxLoss``). The same seed gives the
/// same noise and the same matching.
public struct ExplorationSettings: Hashable, Sendable, Codable {
    /// The share of mentees explored, 0…1 (0.1: one in ten).
    public var share: Double
    /// The width of the noise in score points, > 0 and ≤ 100.
    public var within: Double
    /// The seed of the draws (default 1).
    public var seed: UInt64

    /// Exploration of `share` of the mentees within `within` points.
    public init(share: Double, within: Double, seed: UInt64 = 1) {
        self.share = share
        self.within = within
        self.seed = seed
    }

    enum CodingKeys: String, CodingKey, CaseIterable { case share, within, seed }

    /// Decodes the settings; unknown keys are errors, `seed` defaults to 1.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(decoder, CodingKeys.self, in: "matching.exploration")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        share = try c.decode(Double.self, forKey: .share)
        within = try c.decode(Double.self, forKey: .within)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
    }

    /// Throws for a setting out of range.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidConfig`` naming
    ///   `matching.exploration.share` (outside 0…1) or `.within` (not in (0, 100]).
    public func validate() throws {
        guard share.isFinite, (0...1).contains(share) else {
            throw MatchingError(.invalidConfig, "matching.exploration.share \(share) is outside 0…1 (0.1 explores one mentee in ten)")
        }
        guard within.isFinite, within > 0, within <= 100 else {
            throw MatchingError(.invalidConfig, "matching.exploration.within \(within) must be a number of score points above 0 and at most 100")
        }
    }
}

/// The exploration applied to one problem: which mentees were explored and
/// what it may cost (``ExplorationSettings``).
public struct Exploration: Hashable, Sendable, CustomStringConvertible {
    /// The settings applied.
    public var settings: ExplorationSettings
    /// The explored mentees' columns, ascending.
    public var mentees: [Int]
    /// The most total score the explored matching can lose against the optimum:
    /// `within · Σ` the explored mentees' most mentors.
    public var maxLoss: Double

    /// `problem` with noise on the explored mentees' pairs, and the record of it.
    ///
    /// The mentees who may be matched (most mentors ≥ 1, a pair not forbidden) are shuffled with the
    /// seed and the first `round(share · count)` explored; then, explored
    /// column by column in ascending order and row by row, each pair's score
    /// gets a uniform draw in [−within/2, +within/2].
    ///
    /// - Throws: as ``ExplorationSettings/validate()``.
    /// - Complexity: O(N + forbidden pairs + M · explored).
    public static func apply(_ settings: ExplorationSettings, to problem: MatchingProblem) throws -> (problem: MatchingProblem, exploration: Exploration) {
        try settings.validate()
        let m = problem.mentorCount, n = problem.menteeCount
        // Mentees who may be matched: some demand and at least one pair not forbidden.
        var forbidden = [Int](repeating: 0, count: n)
        for pair in problem.rules.forbidden { forbidden[pair.mentee.rawValue] += 1 }
        let candidates = (0..<n).filter { problem.rules.menteeDemand[$0].max > 0 && forbidden[$0] < m }
        var g = SplitMix64(seed: settings.seed &* 0x9E37_79B9_7F4A_7C15 &+ 0xE8F1)
        let k = Int((settings.share * Double(candidates.count)).rounded())
        let chosen = g.permutation(candidates.count).prefix(k).map { candidates[$0] }.sorted()
        var scores = problem.scores
        for j in chosen {
            for i in 0..<m { scores[i, j] += settings.within * (g.unit() - 0.5) }
        }
        var out = problem
        out.scores = scores
        let loss = settings.within * Double(chosen.reduce(0) { $0 + min(m, problem.rules.menteeDemand[$1].max) })
        return (out, Exploration(settings: settings, mentees: chosen, maxLoss: loss))
    }

    /// The exploration in one line, for notes and reports.
    public var description: String {
        "exploration: \(mentees.count) mentee(s) (share \(Self.number(settings.share)), seed \(settings.seed)) matched on scores with noise of ±\(Self.number(settings.within / 2)) points; the objective includes the noise (each pair's reported score does not), and the matching loses at most \(Self.number(maxLoss)) points against the optimum"
    }

    static func number(_ x: Double) -> String { String(format: "%g", x) }
}
