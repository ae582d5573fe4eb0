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
    /// The weights (0…10) of this criterion, all others as they are,
    /// within which the matching stays optimal: `lowest ... highest`.
    public var lowest: Double
    /// See ``lowest``.
    public var highest: Double
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
            let (lowest, highest, rangesProven) = try await weightRange(of: name, weight: w, matching: matching, matrices: matrices, problem: problem, using: solver, options: options)
            var changed = [Int](), proven = rangesProven
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
            out.append(WeightSensitivity(criterion: name, weight: w, changedDown: changed[0], changedUp: changed[1], proven: proven, lowest: lowest, highest: highest))
        }
        return out
    }

    /// The range of one criterion's weight (0…10, every other weight fixed)
    /// within which `matching` stays optimal, found exactly by Eisner and
    /// Severance's parametric method (1976): solve at the end of the
    /// interval; if another matching wins there, the two objectives cross
    /// once — scores are `100 · Σ w·v / Σ w`, so the difference of two
    /// matchings' objectives times `Σ w` is linear in the weight — and the
    /// crossing is the next place to solve. Each solve either proves
    /// `matching` optimal at the candidate end or finds a matching that
    /// beats it there, so it ends after a few solves.
    func weightRange(of name: String, weight w0: Double, matching: Matching, matrices: CompatibilityMatrices, problem: MatchingProblem,
                     using solver: any MatchingSolver, options: SolveOptions) async throws -> (Double, Double, Bool) {
        let others = matrices.weights.reduce(0, +) - w0
        var proven = true
        func variant(_ w: Double) throws -> MatchingProblem {
            var p = problem
            p.scores = try matrices.reweighted([name: w]).total
            return p
        }
        func value(_ m: Matching, _ p: MatchingProblem) -> Double { MatchingValidator.check(m, against: p).objective }
        func end(toward limit: Double) async throws -> Double {
            if abs(limit - w0) < 1e-12 { return limit }
            let at0 = try variant(w0)
            var target = limit
            for _ in 0..<40 {
                // With every weight 0 every pair scores 0: any matching is optimal there.
                if others + target <= 0 { return target }
                let p = try variant(target)
                let r = try await solver.solve(p, options: options)
                if r.termination.reason != .optimal { proven = false }
                guard let best = r.matching, let optimum = r.objective else { proven = false; return target }
                let mine = value(matching, p)
                if mine >= optimum - 1e-9 * Swift.max(1, abs(optimum)) { return target }
                // Where `best` and `matching` cross: (f_mine − f_best)·Σw is linear in the weight.
                let h0 = (value(matching, at0) - value(best, at0)) * (others + w0)
                let h1 = (mine - optimum) * (others + target)
                guard h0 - h1 > 0 else { return w0 }
                let crossing = w0 + h0 * (target - w0) / (h0 - h1)
                if abs(crossing - target) < 1e-12 || abs(crossing - w0) < 1e-12 { return crossing }
                target = crossing
            }
            proven = false
            return target
        }
        let low = try await end(toward: 0), high = try await end(toward: 10)
        return (low, high, proven)
    }
}
