import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingSolvers
import Programs
import Testing

/// Examples drawn from a known logistic model: `rows` pairs of uniform
/// values in 0…1, success with probability σ(b₀ + β·x).
func logisticSample(_ beta: [Double], intercept: Double, rows: Int, seed: UInt64, constantColumn: Int? = nil) -> PairFeatures {
    var g = SplitMix64(seed: seed)
    var values = [Double](), labels = [Bool]()
    for _ in 0..<rows {
        let x = beta.indices.map { $0 == constantColumn ? 0.5 : g.unit() }
        values += x
        let p = LogisticFit.sigmoid(intercept + zip(beta, x).reduce(0) { $0 + $1.0 * $1.1 })
        labels.append(g.unit() < p)
    }
    return PairFeatures(criterionNames: beta.indices.map { "c\($0)" }, values: values, labels: labels)
}

/// The penalised negative log-likelihood, computed here independently of the regression.
func penalisedLoss(_ d: PairFeatures, intercept: Double, _ beta: [Double], penalty: Double) -> Double {
    var loss = 0.0
    for r in 0..<d.count {
        let eta = intercept + zip(beta, d.row(r)).reduce(0) { $0 + $1.0 * $1.1 }
        let p = 1 / (1 + exp(-eta))
        loss -= d.labels[r] ? log(p) : log(1 - p)
    }
    return loss + 0.5 * penalty * beta.reduce(0) { $0 + $1 * $1 }
}

@Suite("learning weights: regression, metrics, validation, warnings, exploration, simulation")
struct LearningTests {
    @Test("the regression recovers known coefficients (fixed seeds)", arguments: [UInt64(3), 17])
    func recoversKnownWeights(_ seed: UInt64) throws {
        let truth = [3.0, 0.0, 1.5, 2.0]
        let data = logisticSample(truth, intercept: -3, rows: 6000, seed: seed)
        let fit = try LogisticRegression(penalty: 1e-3).fit(data)
        #expect(fit.converged)
        #expect(abs(fit.intercept + 3) < 0.4, "\(fit.intercept)")
        for (b, t) in zip(fit.coefficients, truth) { #expect(abs(b - t) < 0.4, "\(fit.coefficients)") }
        // The weights on the 0–10 scale: largest 10, proportional to the coefficients.
        let w = WeightScale.zeroToTen(fit.coefficients)
        #expect(w[0] == 10 && abs(w[2] - 5) < 1.5 && abs(w[3] - 6.7) < 1.5, "\(w)")
    }

    @Test("at the optimum the projected gradient is ~0, and every perturbation of the estimates does worse")
    func optimality() throws {
        // One true coefficient negative: the non-negative fit holds it at 0 (a KKT point, not a zero gradient).
        let data = logisticSample([2.0, -1.5, 0.8], intercept: -0.5, rows: 1500, seed: 5)
        for nonNegative in [true, false] {
            let penalty = 2.0
            let fit = try LogisticRegression(penalty: penalty, nonNegative: nonNegative).fit(data)
            #expect(fit.converged)
            // The gradient, computed here: Σ (p − y)·x̃ + λβ.
            var g = [Double](repeating: 0, count: 4)
            for r in 0..<data.count {
                let x = [1.0] + Array(data.row(r))
                let p = fit.probability(data.row(r))
                for c in 0..<4 { g[c] += (p - (data.labels[r] ? 1 : 0)) * x[c] }
            }
            for c in 1..<4 { g[c] += penalty * fit.coefficients[c - 1] }
            for c in 0..<4 {
                if nonNegative && c > 0 && fit.coefficients[c - 1] == 0 {
                    #expect(g[c] >= -1e-6, "a coefficient at the bound must have a gradient pushing it down: \(g)")
                } else {
                    #expect(abs(g[c]) < 1e-6, "gradient \(g)")
                }
            }
            if nonNegative { #expect(fit.coefficients[1] == 0) } else { #expect(fit.coefficients[1] < -0.5) }
            let best = penalisedLoss(data, intercept: fit.intercept, fit.coefficients, penalty: penalty)
            #expect(abs(best - fit.objective) < 1e-6 * best)
            for c in 0..<4 {
                for delta in [-0.01, 0.01] {
                    var b0 = fit.intercept, beta = fit.coefficients
                    if c == 0 { b0 += delta } else { beta[c - 1] += delta }
                    if nonNegative && c > 0 && beta[c - 1] < 0 { continue }   // outside the feasible set
                    #expect(penalisedLoss(data, intercept: b0, beta, penalty: penalty) > best)
                }
            }
        }
    }

    @Test("one outcome only, no rows or a NaN are refused with a reason")
    func refusals() {
        let all = PairFeatures(criterionNames: ["a"], values: [0.1, 0.5, 0.9], labels: [true, true, true])
        #expect(throws: MatchingError.self) { try LogisticRegression().fit(all) }
        #expect(throws: MatchingError.self) { try LogisticRegression().fit([], rows: 0, columns: 1, labels: []) }
        #expect(throws: MatchingError.self) { try LogisticRegression().fit([0.2, .nan], rows: 2, columns: 1, labels: [true, false]) }
    }

    @Test("AUC, log-loss, Brier and calibration on hand-checked cases")
    func metrics() throws {
        // The textbook case: 3 of the 4 (success, failure) pairs are ordered right.
        let m = ClassificationMetrics(probabilities: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true])
        #expect(m.auc == 0.75)
        let logLoss = -(log(0.9) + log(0.6) + log(0.35) + log(0.8)) / 4
        #expect(abs(m.logLoss - logLoss) < 1e-12)
        #expect(abs(m.brier - (0.01 + 0.16 + 0.4225 + 0.04) / 4) < 1e-12)
        // Bins of width 0.1: [0.1,0.2) one failure, [0.3,0.4) one success, [0.4,0.5) one failure, [0.8,0.9) one success.
        #expect(m.calibration.map(\.count) == [1, 1, 1, 1])
        #expect(m.calibration.map(\.observedRate) == [0, 1, 0, 1])
        #expect(abs(m.calibrationError - (0.1 + 0.65 + 0.4 + 0.2) / 4) < 1e-12)
        // Ties count one half; a perfect and a reversed ranking; one class has no AUC.
        #expect(ClassificationMetrics.auc([0.5, 0.5], [true, false]) == 0.5)
        #expect(ClassificationMetrics.auc([0.2, 0.9, 0.9, 0.1], [false, true, true, false]) == 1)
        #expect(ClassificationMetrics.auc([0.9, 0.1], [false, true]) == 0)
        #expect(ClassificationMetrics.auc([0.3, 0.4], [true, true]) == nil)
        // A certain wrong prediction is clipped, not infinite; a probability of 1 falls in the last bin.
        #expect(ClassificationMetrics.logLoss([1], [false]) < 40)
        #expect(ClassificationMetrics(probabilities: [1], labels: [true]).calibration.first?.upper == 1)
    }

    @Test("cross-validation folds are deterministic, stratified, cover each pair once; by round when rounds are given")
    func folds() {
        let data = logisticSample([2, 1], intercept: -1, rows: 203, seed: 9)
        let a = CrossValidation.folds(data, k: 5, seed: 4), b = CrossValidation.folds(data, k: 5, seed: 4)
        #expect(a.folds == b.folds && a.scheme == .kFold(k: 5, seed: 4))
        #expect(CrossValidation.folds(data, k: 5, seed: 5).folds != a.folds)
        #expect(a.folds.flatMap { $0 }.sorted() == Array(0..<203))
        for fold in a.folds {
            let s = fold.filter { data.labels[$0] }.count
            #expect(s > 0 && s < fold.count)
            #expect(abs(fold.count - 203 / 5) <= 1)
        }
        let rounds = PairFeatures(criterionNames: data.criterionNames, values: data.values, labels: data.labels, rounds: (0..<203).map { $0 % 3 + 1 })
        let byRound = CrossValidation.folds(rounds)
        #expect(byRound.scheme == .byRound(rounds: [1, 2, 3]))
        #expect(byRound.folds[1] == Array(stride(from: 1, to: 203, by: 3)))
        // The comparison is the same twice, and learned weights that see the truth beat weights that ignore it.
        let compare = { CrossValidation.compare(data, columns: [0, 1], regression: LogisticRegression(), currentWeights: [0, 10], scheme: a.scheme, folds: a.folds) }
        let x = compare(), y = compare()
        #expect(x == y)
        #expect(x.learned.count == 203 && x.folds.allSatisfy { $0.skipped == nil })
        #expect((x.learned.auc ?? 0) > (x.current.auc ?? 1))
    }

    @Test("the learner warns on too few outcomes and on a criterion with no variation, and keeps its weight")
    func warnings() {
        let few = logisticSample([2, 1], intercept: 0, rows: 12, seed: 2)
        let r = WeightLearner().learn(few, currentWeights: [5, 5])
        #expect(r.fit == nil && r.newWeights == nil)
        #expect(r.warnings.first?.hasPrefix("too few outcomes to learn from: 12 rated pair(s)") == true, "\(r.warnings)")
        #expect(r.text.contains("weights (nothing learned: kept as they are)"))

        let flat = logisticSample([2, 0, 1], intercept: -1, rows: 400, seed: 8, constantColumn: 1)
        let s = WeightLearner(settings: LearningSettings(replicates: 20)).learn(flat, currentWeights: [4, 6, 3])
        #expect(s.criteria[1].status == .noVariation && s.criteria[1].learned == 6)
        #expect(s.warnings.contains("c1 has the same value (0.50) in every rated pair: its weight cannot be learned and stays at 6"))
        #expect(s.criteria[0].learned == 10 && s.newWeights?["c1"] == 6)
        // 400 pairs on two criteria pass the ten-per-criterion rule; the selection-bias warning is always there.
        #expect(!s.warnings.contains { $0.hasPrefix("few outcomes") })
        #expect(s.warnings.last == LearningReport.selectionBias)
        let eleven = logisticSample(Array(repeating: 0.5, count: 11), intercept: 0, rows: 100, seed: 3)
        #expect(WeightLearner(settings: LearningSettings(replicates: 5)).learn(eleven, currentWeights: Array(repeating: 1, count: 11))
            .warnings.contains { $0.hasPrefix("few outcomes for 11 criteria") })
    }

    @Test("the report and its intervals are the same for the same seed; the interval holds the estimate")
    func deterministicReport() {
        let data = logisticSample([3, 1, 0.5], intercept: -2, rows: 500, seed: 12)
        let learner = WeightLearner(settings: LearningSettings(replicates: 40, seed: 7))
        let a = learner.learn(data, currentWeights: [10, 5, 5]), b = learner.learn(data, currentWeights: [10, 5, 5])
        #expect(a == b && a.text == b.text)
        for c in a.criteria {
            let i = try! #require(c.coefficientInterval)
            #expect(i.contains(c.coefficient!) || abs(i.lowerBound - c.coefficient!) < 0.3 || abs(i.upperBound - c.coefficient!) < 0.3)
        }
        #expect(a.text.contains("held-out validation, 5 stratified folds (seed 7)"))
    }

    @Test("a must-have is suggested where low values predict failure, and not on noise")
    func mustHaves() {
        var values = [Double](), labels = [Bool]()
        var g = SplitMix64(seed: 21)
        for _ in 0..<300 {
            let x = g.unit(), y = g.unit()
            values += [x, y]
            labels.append(g.unit() < (x < 0.3 ? 0.1 : 0.7))
        }
        let data = PairFeatures(criterionNames: ["availability", "noise"], values: values, labels: labels)
        let s = MustHaveSuggestion.suggestions(data)
        #expect(s.map(\.criterion) == ["availability"])
        #expect(s.first?.threshold == 0.3, "\(s)")
        #expect(MustHaveSuggestion.suggestions(data, current: ["availability": 0.4]).isEmpty)
    }

    @Test("exploration: seeded, bounded noise on the stated share of mentees; the matching loses at most the bound")
    func exploration() async throws {
        let people = SyntheticCohort.generate(mentors: 15, mentees: 40, seed: 4)
        var config = ProgramConfig()
        config.matching.defaultCapacity = 2
        let plain = try MentoringProgram(profiles: people, config: config)
        config.matching.exploration = ExplorationSettings(share: 0.25, within: 6, seed: 3)
        let explored = try MentoringProgram(profiles: people, config: config)
        let again = try MentoringProgram(profiles: people, config: config)
        let e = try #require(explored.exploration)
        #expect(e.mentees.count == 10 && e == again.exploration)
        let p = try #require(plain.denseProblem), q = try #require(explored.denseProblem)
        #expect(q == again.denseProblem)
        for i in 0..<p.mentorCount {
            for j in 0..<p.menteeCount {
                let d = q.scores[i, j] - p.scores[i, j]
                if e.mentees.contains(j) { #expect(abs(d) <= 3) } else { #expect(d == 0) }
            }
        }
        #expect(e.maxLoss == 60)
        let best = try await NetworkFlowSolver().solve(p, options: SolveOptions())
        let noisy = try await NetworkFlowSolver().solve(q, options: SolveOptions())
        let trueValue = try #require(noisy.matching).pairs.reduce(0) { $0 + p.scores[$1] }
        let optimum = try #require(best.objective)
        #expect(trueValue >= optimum - e.maxLoss - 1e-6)
        // Read from a config, refused out of range, in mutual mode, and with unknown keys.
        let yaml = "matching:\n  exploration: {share: 0.1, within: 2}\n"
        let read = try ConfigFile.decode(ProgramConfig.self, from: Data(yaml.utf8), name: "program.yaml")
        #expect(read.matching.exploration == ExplorationSettings(share: 0.1, within: 2, seed: 1))
        config.matching.exploration = ExplorationSettings(share: 1.5, within: 2)
        #expect(throws: MatchingError.self) { try MentoringProgram(profiles: people, config: config) }
        var mutual = ProgramConfig(mode: .mutual)
        mutual.matching.exploration = ExplorationSettings(share: 0.1, within: 2)
        #expect(throws: MatchingError.self) { try MentoringProgram(profiles: SyntheticCohort.generate(mentors: 5, mentees: 5, seed: 1, scenario: .mutual), config: mutual) }
        #expect(throws: MatchingError.self) { try ConfigFile.decode(ProgramConfig.self, from: Data("matching:\n  exploration: {share: 0.1, within: 2, sead: 3}\n".utf8), name: "program.yaml") }
    }

    @Test("the simulator's learned weights recover the truth on a fixed seed at a small size, and it is deterministic")
    func simulator() async throws {
        let settings = LearningSimulation.Settings(mentors: 60, mentees: 160, rounds: 3, seed: 2, learning: LearningSettings(replicates: 10))
        let a = try await LearningSimulation(settings).run()
        #expect(a.rounds.count == 4)
        let first = a.rounds[0], last = a.rounds[3]
        #expect(first.feedbackRounds == 0 && last.feedbackRounds == 3)
        #expect(last.cosine >= 0.9, "\(a.text)")
        #expect(last.cosine > first.cosine)
        for r in a.rounds { #expect(r.expected <= r.optimum + 1e-9 && r.trueWeightsExpected <= r.optimum + 1e-9) }
        let b = try await LearningSimulation(settings).run()
        #expect(a == b && a.text == b.text)
    }
}
