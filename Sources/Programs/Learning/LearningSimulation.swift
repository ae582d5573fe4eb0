import Compatibility
import Foundation
import MatchingCore
import MatchingSolvers

/// A seeded, reproducible evaluation of learning weights from outcomes,
/// against a known truth (``TrueSuccessModel``).
///
/// Round r (1 … `rounds` + 1) draws a new synthetic cohort
/// (``/Compatibility/SyntheticCohort``, seed derived from `seed` and r) and
/// matches it with the weights of the moment — round 1 with the default
/// weights, round r + 1 with the weights learned (``WeightLearner``) from
/// the outcomes of rounds 1 … r — solving exactly with
/// ``/MatchingSolvers/NetworkFlowSolver`` (each mentor up to their capacity,
/// default 2; each mentee at most one mentor; no rules, no penalty). The
/// matched pairs' outcomes are drawn from the truth. For each round it
/// reports:
///
/// - the **cosine similarity** of the weights used to the hidden weights,
///   over the criteria that vary among the cohort's allowed pairs;
/// - the **expected successes** Σ P(success) of its matching, of the matching
///   with the default weights on the same cohort, of the matching whose
///   score uses the hidden weights (the best a weighted score can aim at),
///   and of the **true optimum** — the matching that maximises Σ P(success)
///   itself — with the **regret** 1 − expected / optimum.
///
/// With `exploration`, every round's matching explores as `match` would
/// (``ExplorationSettings``), so its regret includes the price of exploring.
public struct LearningSimulation: Sendable {
    /// What to simulate.
    public struct Settings: Hashable, Sendable {
        /// Mentors per cohort.
        public var mentors: Int
        /// Mentees per cohort.
        public var mentees: Int
        /// Rounds of feedback (the simulation matches `rounds + 1` cohorts).
        public var rounds: Int
        /// The seed of everything: cohorts, outcomes, exploration, folds, bootstrap.
        public var seed: UInt64
        /// The hidden truth (its intercept is calibrated to ``baseRate``).
        public var truth: TrueSuccessModel
        /// The mean success probability of round 1's matched pairs (the
        /// default weights' matching): the truth's intercept is set to give it.
        public var baseRate: Double
        /// Exploration in every round's matching, or `nil`.
        public var exploration: ExplorationSettings?
        /// How weights are learned (bootstrap resamples, penalty, folds).
        public var learning: LearningSettings

        /// The setting: 300 × 800, 5 rounds, the standard truth, 70 % of round 1's pairs succeeding, no exploration.
        public init(mentors: Int = 300, mentees: Int = 800, rounds: Int = 5, seed: UInt64 = 1, truth: TrueSuccessModel = .standard,
                    baseRate: Double = 0.7, exploration: ExplorationSettings? = nil, learning: LearningSettings = LearningSettings(replicates: 50)) {
            self.mentors = mentors
            self.mentees = mentees
            self.rounds = rounds
            self.seed = seed
            self.truth = truth
            self.baseRate = baseRate
            self.exploration = exploration
            self.learning = learning
        }
    }

    /// One round's result.
    public struct Round: Hashable, Sendable {
        /// 1, 2, …
        public var round: Int
        /// Rounds of outcomes the weights were learned from (0: the defaults).
        public var feedbackRounds: Int
        /// The weights used, 0–10, in ``SimulationReport/criterionNames`` order.
        public var weights: [Double]
        /// Their cosine similarity to the hidden weights (criteria that vary).
        public var cosine: Double
        /// Pairs matched.
        public var pairs: Int
        /// Σ P(success) over the matched pairs.
        public var expected: Double
        /// The same for the default weights' matching of this cohort.
        public var defaultExpected: Double
        /// The same for the matching scored with the hidden weights.
        public var trueWeightsExpected: Double
        /// The most expected successes any matching of this cohort reaches.
        public var optimum: Double
        /// Outcomes drawn for the matched pairs: how many succeeded.
        public var successes: Int
        /// The AUC of the weights used (their total score) on this round's
        /// outcomes — out of sample: the weights were set before the outcomes
        /// were drawn — and of the true probabilities on the same outcomes
        /// (the best any ranking can expect); `nil` with one outcome only.
        public var auc: Double?, truthAUC: Double?
        /// The outcomes drawn for the matched pairs, by mentor then mentee (round = this round).
        public var outcomes: [PairOutcome]

        /// 1 − expected / optimum.
        public var regret: Double { optimum > 0 ? 1 - expected / optimum : 0 }
        /// 1 − default expected / optimum.
        public var defaultRegret: Double { optimum > 0 ? 1 - defaultExpected / optimum : 0 }
        /// 1 − hidden-weights expected / optimum.
        public var trueWeightsRegret: Double { optimum > 0 ? 1 - trueWeightsExpected / optimum : 0 }
    }

    /// The settings.
    public var settings: Settings

    /// A simulation of `settings`.
    public init(_ settings: Settings) { self.settings = settings }

    /// Runs every round.
    ///
    /// - Parameter progress: called with a line after each round (for the CLI's standard error).
    /// - Throws: ``/MatchingCore/MatchingError`` for sizes below 1 or an
    ///   exploration setting out of range (`invalidConfig`), or as the solver.
    /// - Complexity: per round, O(M·N·K) scoring and the truth over every
    ///   pair, four exact solves, and one learning run on the outcomes so far.
    public func run(progress: (@Sendable (String) -> Void)? = nil) async throws -> SimulationReport {
        let s = settings
        guard s.mentors >= 1, s.mentees >= 1, s.rounds >= 1 else {
            throw MatchingError(.invalidConfig, "simulation: mentors, mentees and rounds must each be at least 1 (got \(s.mentors), \(s.mentees), \(s.rounds))")
        }
        guard s.baseRate > 0, s.baseRate < 1 else { throw MatchingError(.invalidConfig, "simulation: the base rate \(s.baseRate) must be strictly between 0 and 1") }
        try s.exploration?.validate()
        var truth = s.truth
        var names = [String]()
        var varying = [Bool]()
        var weights: [String: Double] = [:]   // round 1: the defaults
        var learned: PairFeatures? = nil
        var rounds = [Round]()
        var feedback = 0
        var firstCohort = [Profile](), firstConfig = ProgramConfig()
        for r in 1...(s.rounds + 1) {
            let people = SyntheticCohort.generate(mentors: s.mentors, mentees: s.mentees, seed: s.seed &* 1_000_003 &+ UInt64(r))
            var config = ProgramConfig()
            config.matching.defaultCapacity = 2
            config.compatibility.weights = weights
            if var e = s.exploration {
                e.seed = e.seed &* 7_919 &+ s.seed &* 104_729 &+ UInt64(r)
                config.matching.exploration = e
            }
            let program = try MentoringProgram(profiles: people, config: config, plan: ScoringPlan(forced: .dense))
            guard let matrices = program.matrices, let problem = program.denseProblem else {
                throw MatchingError(.unsupported, "simulation: the program was not scored densely")
            }
            let m = matrices.mentorIndices.count, n = matrices.menteeIndices.count
            if names.isEmpty { names = matrices.criterionNames }
            // Every pair's criterion values, and the allowed ones.
            let k = names.count
            var all = [Double](repeating: 0, count: m * n * k)
            for i in 0..<m { for j in 0..<n {
                let v = matrices.criterionValues(mentor: i, mentee: j)
                for c in 0..<k { all[(i * n + j) * k + c] = v[c] }
            } }
            let allowed = (0..<(m * n)).filter { matrices.isAllowed(mentor: $0 / n, mentee: $0 % n) }
            func solve(_ scores: ScoreMatrix) async throws -> [Pair] {
                let report = try await NetworkFlowSolver().solve(MatchingProblem(scores: scores, rules: problem.rules), options: SolveOptions())
                guard let matching = report.matching else {
                    throw MatchingError(.solverInternal, "simulation round \(r): no matching (\(report.termination))")
                }
                return matching.pairs.sorted()
            }
            let used = try await solve(problem.scores)
            if r == 1 {
                // The intercept that makes round 1's matched pairs succeed at the base rate.
                let sample = PairFeatures(criterionNames: names, values: used.flatMap { pair in
                    let cell = pair.mentor.rawValue * n + pair.mentee.rawValue
                    return all[(cell * k)..<((cell + 1) * k)]
                }, labels: used.map { _ in false })
                truth = truth.calibrated(to: s.baseRate, over: sample)
                varying = (0..<k).map { c in
                    let column = allowed.map { all[$0 * k + c] }
                    return ((column.max() ?? 0) - (column.min() ?? 0)) > 1e-9
                }
            }
            let beta = truth.coefficients(names)
            var p = ContiguousArray<Double>(repeating: 0, count: m * n)
            for cell in 0..<(m * n) {
                var eta = truth.intercept
                for c in 0..<k { eta += beta[c] * all[cell * k + c] }
                p[cell] = truth.probability(eta: eta)
            }
            func expected(_ pairs: [Pair]) -> Double { pairs.reduce(0) { $0 + p[$1.mentor.rawValue * n + $1.mentee.rawValue] } }
            let defaults = try await solve(matrices.reweighted(CompatibilityConfig.defaultWeights.reduce(into: [:]) { $0[$1.key.rawValue] = $1.value }).total)
            let hidden = try await solve(matrices.reweighted(Dictionary(uniqueKeysWithValues: names.map { ($0, truth.weights[$0] ?? 0) })).total)
            let optimum = try await solve(ScoreMatrix(mentors: m, mentees: n, values: ContiguousArray(p.map { 100 * $0 })))
            // Outcomes of the matched pairs, drawn from the truth.
            var g = SplitMix64(seed: s.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(r) &* 0x1234_5678_9ABC)
            var values = [Double](), labels = [Bool](), outcomes = [PairOutcome]()
            for pair in used {
                let cell = pair.mentor.rawValue * n + pair.mentee.rawValue
                values += all[(cell * k)..<((cell + 1) * k)]
                let success = g.unit() < p[cell]
                labels.append(success)
                outcomes.append(PairOutcome(mentor: matrices.cohort.profiles[matrices.mentorIndices[pair.mentor.rawValue]].id,
                                            mentee: matrices.cohort.profiles[matrices.menteeIndices[pair.mentee.rawValue]].id,
                                            result: success ? .succeeded : .failed, round: r))
            }
            let data = PairFeatures(criterionNames: names, values: values, labels: labels, rounds: Array(repeating: r, count: labels.count))
            let weightsUsed = matrices.weights
            let scoreSum = weightsUsed.reduce(0, +)
            let round = Round(round: r, feedbackRounds: feedback, weights: weightsUsed,
                              cosine: Self.cosine(weightsUsed, truth.weightVector(names), varying),
                              pairs: used.count, expected: expected(used), defaultExpected: expected(defaults),
                              trueWeightsExpected: expected(hidden), optimum: expected(optimum), successes: labels.filter { $0 }.count,
                              auc: ClassificationMetrics.auc((0..<data.count).map { q in zip(weightsUsed, data.row(q)).reduce(0) { $0 + $1.0 * $1.1 } / max(scoreSum, 1e-300) }, labels),
                              truthAUC: ClassificationMetrics.auc(used.map { p[$0.mentor.rawValue * n + $0.mentee.rawValue] }, labels),
                              outcomes: outcomes)
            if r == 1 { (firstCohort, firstConfig) = (people, config) }
            if r <= s.rounds {
                let history = learned.map { $0.appending(data) } ?? data
                learned = history
                if let next = WeightLearner(settings: s.learning).learn(history, currentWeights: weightsUsed).newWeights {
                    weights = next
                    feedback = r
                }
            }
            rounds.append(round)
            progress?(String(format: "round %d: %d pairs, expected successes %.1f of optimum %.1f (regret %.2f %%), cosine %.3f", r, round.pairs, round.expected, round.optimum, 100 * round.regret, round.cosine))
        }
        return SimulationReport(settings: s, truth: truth, criterionNames: names, varying: varying, rounds: rounds,
                                firstCohort: firstCohort, firstConfig: firstConfig)
    }

    /// The cosine similarity of `a` and `b` over the entries flagged in `mask`.
    static func cosine(_ a: [Double], _ b: [Double], _ mask: [Bool]) -> Double {
        _Statistics.cosine(a.indices.filter { mask[$0] }.map { a[$0] }, b.indices.filter { mask[$0] }.map { b[$0] })
    }
}
