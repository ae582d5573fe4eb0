import MatchingCore

/// Held-out validation of learned weights against the current ones (ESL
/// §7.10): the rated pairs are split into folds; each fold is predicted by
/// models fitted on the other folds only, and the held-out predictions of
/// every fold are pooled into one set of ``ClassificationMetrics``.
///
/// - **By round** (leave one round out) when every rated pair carries its
///   round and there are at least two rounds: each round is predicted from
///   the others, as the next round will be predicted from the past ones.
/// - Otherwise **k folds**, stratified (each class dealt round-robin over the
///   folds after a seeded shuffle, so every fold holds both outcomes): the
///   same seed gives the same folds.
///
/// Both models are fitted on the training folds alone, so the comparison is
/// fair: the learned model is the ``LogisticRegression`` on the criteria;
/// the current weights' total score `s = Σ wₖ·xₖ / Σ wₖ` (the match
/// percentage / 100) is turned into a probability by a logistic fit on `s`
/// alone — one slope and an intercept, Platt scaling (Platt 1999) — which
/// keeps the current ranking of pairs and only calibrates it.
public struct CrossValidation: Hashable, Sendable {
    /// How the pairs were split.
    public enum Scheme: Hashable, Sendable, CustomStringConvertible {
        /// One fold per round, in round order.
        case byRound(rounds: [Int])
        /// Stratified k folds from a seeded shuffle.
        case kFold(k: Int, seed: UInt64)

        /// The scheme in words.
        public var description: String {
            switch self {
            case .byRound(let rounds): "leave one round out (rounds \(rounds.map(String.init).joined(separator: ", ")))"
            case .kFold(let k, let seed): "\(k) stratified folds (seed \(seed))"
            }
        }
    }

    /// One fold's result.
    public struct Fold: Hashable, Sendable {
        /// The fold's name: `round 2`, `fold 3`.
        public var name: String
        /// Pairs held out.
        public var heldOut: Int
        /// The learned model's AUC on them (`nil`: one class only).
        public var learnedAUC: Double?
        /// The current weights' AUC on them.
        public var currentAUC: Double?
        /// Why the fold was not scored (a training set of one class), else `nil`.
        public var skipped: String?
    }

    /// How the pairs were split.
    public var scheme: Scheme
    /// Every fold, in order.
    public var folds: [Fold]
    /// The learned weights' pooled held-out measures.
    public var learned: ClassificationMetrics
    /// The current weights' pooled held-out measures.
    public var current: ClassificationMetrics

    /// The held-out rows of each fold (each row in exactly one fold) and the scheme.
    ///
    /// - Parameters:
    ///   - features: the pairs to split.
    ///   - k: the folds wanted without rounds (fewer when the rarer outcome has fewer pairs; at least 2).
    ///   - seed: the shuffle's seed.
    /// - Complexity: O(n).
    public static func folds(_ features: PairFeatures, k: Int = 5, seed: UInt64 = 1) -> (scheme: Scheme, folds: [[Int]]) {
        let rounds = features.rounds
        if features.count > 0, rounds.allSatisfy({ $0 != nil }) {
            let distinct = Set(rounds.compactMap { $0 }).sorted()
            if distinct.count >= 2 {
                return (.byRound(rounds: distinct), distinct.map { r in features.rounds.indices.filter { features.rounds[$0] == r } })
            }
        }
        let rarer = min(features.successes, features.failures)
        let folds = max(2, min(k, rarer))
        var g = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ 0x4C4E)
        var out = [[Int]](repeating: [], count: folds)
        var next = 0
        for label in [true, false] {
            let rows = features.labels.indices.filter { features.labels[$0] == label }
            for q in g.permutation(rows.count) {
                out[next % folds].append(rows[q])
                next += 1
            }
        }
        return (.kFold(k: folds, seed: seed), out.map { $0.sorted() })
    }

    /// Validates the learned model (`regression` on the criteria `columns`)
    /// against the current `weights` (one per criterion of `features`) on `folds`.
    ///
    /// - Complexity: one regression fit per fold and model.
    public static func compare(_ features: PairFeatures, columns: [Int], regression: LogisticRegression, currentWeights weights: [Double],
                               scheme: Scheme, folds: [[Int]]) -> CrossValidation {
        precondition(weights.count == features.dimension, "CrossValidation: one weight per criterion")
        let scores = currentScores(features, weights: weights)
        let platt = LogisticRegression(penalty: 1e-6, nonNegative: false)
        var learnedP = [Double](), currentP = [Double](), labels = [Bool](), results = [Fold]()
        for (f, heldOut) in folds.enumerated() {
            let name: String
            if case .byRound(let rounds) = scheme { name = "round \(rounds[f])" } else { name = "fold \(f + 1)" }
            let held = Set(heldOut)
            let training = (0..<features.count).filter { !held.contains($0) }
            let train = features.subset(training), test = features.subset(heldOut)
            guard train.successes > 0, train.failures > 0 else {
                results.append(Fold(name: name, heldOut: heldOut.count, skipped: "its training pairs are all \(train.successes > 0 ? "successes" : "failures")"))
                continue
            }
            do {
                let model = try regression.fit(train, columns: columns)
                let calibration = try platt.fit(training.map { scores[$0] }, rows: training.count, columns: 1, labels: train.labels)
                let lp = (0..<test.count).map { r in model.probability(columns.map { test.value(r, $0) }) }
                let cp = heldOut.map { calibration.probability([scores[$0]]) }
                learnedP += lp
                currentP += cp
                labels += test.labels
                results.append(Fold(name: name, heldOut: heldOut.count, learnedAUC: ClassificationMetrics.auc(lp, test.labels),
                                    currentAUC: ClassificationMetrics.auc(cp, test.labels)))
            } catch let e as MatchingError {
                results.append(Fold(name: name, heldOut: heldOut.count, skipped: e.message))
            } catch {
                results.append(Fold(name: name, heldOut: heldOut.count, skipped: "\(error)"))
            }
        }
        return CrossValidation(scheme: scheme, folds: results,
                               learned: ClassificationMetrics(probabilities: learnedP, labels: labels),
                               current: ClassificationMetrics(probabilities: currentP, labels: labels))
    }

    /// Each row's total score under `weights`, 0…1: `Σ wₖ·xₖ / Σ wₖ` (0 when every weight is 0).
    public static func currentScores(_ features: PairFeatures, weights: [Double]) -> [Double] {
        let sum = weights.reduce(0, +)
        return (0..<features.count).map { r in
            sum > 0 ? zip(weights, features.row(r)).reduce(0) { $0 + $1.0 * $1.1 } / sum : 0
        }
    }
}
