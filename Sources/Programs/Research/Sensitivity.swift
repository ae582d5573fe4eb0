import Compatibility
import MatchingCore
import MatchingSolvers

/// How many pairs change when one criterion's weight moves by a share
/// (±10 % by default), each variant solved exactly from the cached
/// criterion values (``/Compatibility/CompatibilityMatrices/reweighted(_:)``,
/// no profile scored again).
public struct WeightSensitivity: Hashable, Sendable {
    /// The criterion.
    public var criterion: String
    /// Its weight now.
    public var weight: Double
    /// Pairs of the matching not in the optimum with the weight lowered by the share, and its objective.
    public var changedDown: Int
    /// As ``changedDown``, with the weight raised.
    public var changedUp: Int
    /// Whether every variant was proven optimal.
    public var proven: Bool
}

extension MentoringProgram {
    /// For each weighted criterion, the pairs of `matching` that change when
    /// its weight is `1 − share` and `1 + share` times what it is (every
    /// other weight and rule as they are), by solving each variant with
    /// `solver`.
    ///
    /// - Throws: `unsupported` for a program without dense matrices or with
    ///   exploration noise (its scores are not the criteria's alone); as `solver`.
    /// - Complexity: two solves per weighted criterion, each after an
    ///   O(criteria · M · N) recombination.
    public func weightSensitivity(of matching: Matching, share: Double = 0.1, using solver: any MatchingSolver,
                                  options: SolveOptions = SolveOptions()) async throws -> [WeightSensitivity] {
        guard let matrices, let problem = denseProblem, pool == nil else {
            throw MatchingError(.unsupported, "weight sensitivity re-solves a mentor–mentee program from its dense matrices")
        }
        guard exploration == nil else {
            throw MatchingError(.unsupported, "weight sensitivity: matching.exploration adds noise to the scores; remove it to measure the weights")
        }
        let base = Set(matching.pairs)
        var out = [WeightSensitivity]()
        for (c, name) in matrices.criterionNames.enumerated() where matrices.weights[c] > 0 {
            let w = matrices.weights[c]
            var changed = [Int](), proven = true
            for factor in [1 - share, 1 + share] {
                // Scores divide by the sum of the weights, so scaling every other weight by 1/factor is the
                // same change; used when the weight itself would pass the scale's 10.
                let changes = w * factor <= 10 ? [name: w * factor]
                    : Dictionary(uniqueKeysWithValues: matrices.criterionNames.enumerated().filter { $0.offset != c }.map { ($0.element, matrices.weights[$0.offset] / factor) })
                var variant = problem
                variant.scores = try matrices.reweighted(changes).total
                let r = try await solver.solve(variant, options: options)
                proven = proven && r.termination.reason == .optimal
                changed.append(base.subtracting(r.matching?.pairs ?? []).count)
            }
            out.append(WeightSensitivity(criterion: name, weight: w, changedDown: changed[0], changedUp: changed[1], proven: proven))
        }
        return out
    }
}
