import Foundation
import MatchingCore

/// The settings of learning weights from outcomes.
public struct LearningSettings: Hashable, Sendable {
    /// λ, the L2 penalty of the ``LogisticRegression`` (default 1: a weak
    /// prior that keeps coefficients finite when the data separate).
    public var penalty: Double
    /// Folds of the k-fold cross-validation when outcomes carry no rounds.
    public var folds: Int
    /// Bootstrap resamples for the intervals.
    public var replicates: Int
    /// The seed of the folds and the bootstrap.
    public var seed: UInt64
    /// The intervals' coverage.
    public var level: Double

    /// The fewest rated pairs a fit is attempted on.
    public static let minimumExamples = 20
    /// The fewest pairs of each outcome a fit is attempted on.
    public static let minimumPerClass = 5
    /// Pairs of the rarer outcome wanted per fitted criterion — the "ten
    /// events per variable" rule of thumb (Peduzzi et al. 1996, *J Clin
    /// Epidemiol* 49(12)); below it the report warns that the weights are rough.
    public static let eventsPerCriterion = 10
    /// A criterion whose standard deviation among the rated pairs is below
    /// this barely varies: its weight is poorly determined.
    public static let lowVariation = 0.05

    /// The defaults: λ = 1, 5 folds, 200 resamples, seed 1, 95 % intervals.
    public init(penalty: Double = 1, folds: Int = 5, replicates: Int = 200, seed: UInt64 = 1, level: Double = 0.95) {
        self.penalty = penalty
        self.folds = folds
        self.replicates = replicates
        self.seed = seed
        self.level = level
    }
}

/// Learns criterion weights from how rated pairs went: a non-negative,
/// L2-regularised ``LogisticRegression`` of success on the pairs' criterion
/// values (criteria with no variation left out and kept at their current
/// weight), validated on held-out pairs against the current weights
/// (``CrossValidation``), with ``BootstrapIntervals``, weights on the 0–10
/// scale (``WeightScale``), ``MustHaveSuggestion``s and plain warnings when
/// the data cannot support the fit.
public struct WeightLearner: Hashable, Sendable {
    /// The settings.
    public var settings: LearningSettings

    /// A learner with `settings`.
    public init(settings: LearningSettings = LearningSettings()) { self.settings = settings }

    /// The regression learning fits.
    public var regression: LogisticRegression { LogisticRegression(penalty: settings.penalty, nonNegative: true) }

    /// Learns from `features`.
    ///
    /// - Parameters:
    ///   - features: the pairs and their outcomes.
    ///   - currentWeights: the config's weights, one per criterion of `features` (0–10).
    ///   - currentMustHave: the config's must-haves by criterion name.
    ///   - unused: the outcomes that gave no example (counted in the report).
    ///   - allowed: a sample of the pairs the matching could have chosen
    ///     (``SelectionCoverage/sample(_:count:seed:)``), for the coverage
    ///     lines of the selection-bias warning; `nil` to leave them out.
    /// - Returns: the report; without a fit (``LearningReport/fit`` `nil`)
    ///   when there are too few outcomes, saying so.
    /// - Complexity: one fit, one per fold and model, and one per bootstrap
    ///   resample: O((2·folds + replicates) · iterations · n · k²).
    public func learn(_ features: PairFeatures, currentWeights: [Double], currentMustHave: [String: Double] = [:],
                      unused: [PairFeatures.Unused] = [], allowed: PairFeatures? = nil) -> LearningReport {
        precondition(currentWeights.count == features.dimension, "WeightLearner: one current weight per criterion")
        let names = features.criterionNames
        var warnings = [String]()
        var report = LearningReport(settings: settings, examples: features.count, successes: features.successes, failures: features.failures,
                                    unused: unused, criteria: names.indices.map { k in
                                        LearningReport.CriterionWeight(name: names[k], current: currentWeights[k], learned: currentWeights[k], status: .notLearned)
                                    })
        // Variation per criterion.
        var columns = [Int]()
        for k in names.indices {
            let column = features.column(k)
            let (mean, sd) = _Statistics.meanAndSD(column)
            report.criteria[k].ratedSD = sd
            let spread = (column.max() ?? 0) - (column.min() ?? 0)
            if features.count > 0 && spread <= 1e-9 {
                report.criteria[k].status = .noVariation
                warnings.append("\(names[k]) has the same value (\(String(format: "%.2f", mean))) in every rated pair: its weight cannot be learned and stays at \(String(format: "%g", currentWeights[k]))")
            } else {
                columns.append(k)
                if sd < LearningSettings.lowVariation && features.count > 0 {
                    warnings.append("\(names[k]) barely varies among the rated pairs (standard deviation \(String(format: "%.3f", sd))): its weight is poorly determined — read its interval")
                }
            }
        }
        let rarer = min(features.successes, features.failures)
        guard features.count >= LearningSettings.minimumExamples, rarer >= LearningSettings.minimumPerClass, !columns.isEmpty else {
            let why = columns.isEmpty && features.count > 0
                ? "no criterion varies among the rated pairs"
                : "\(features.count) rated pair(s) (\(features.successes) succeeded, \(features.failures) failed); learning needs at least \(LearningSettings.minimumExamples), with at least \(LearningSettings.minimumPerClass) of each outcome"
            report.warnings = ["too few outcomes to learn from: \(why) — the weights are left as they are"] + warnings
            return report
        }
        if rarer < LearningSettings.eventsPerCriterion * columns.count {
            warnings.append("few outcomes for \(columns.count) criteria: the rarer outcome (\(features.successes <= features.failures ? "successes" : "failures")) has \(rarer) pairs, fewer than \(LearningSettings.eventsPerCriterion) per criterion (\(LearningSettings.eventsPerCriterion * columns.count); Peduzzi et al. 1996): treat the learned weights as rough — the intervals show how rough")
        }
        let fit: LogisticFit, unconstrained: LogisticFit?
        do {
            fit = try regression.fit(features, columns: columns)
            unconstrained = try? LogisticRegression(penalty: settings.penalty, nonNegative: false).fit(features, columns: columns, start: fit)
        } catch let e as MatchingError {
            report.warnings = ["the fit failed: \(e.message) — the weights are left as they are"] + warnings
            return report
        } catch {
            report.warnings = ["the fit failed: \(error) — the weights are left as they are"] + warnings
            return report
        }
        if !fit.converged {
            warnings.append("the fit did not converge in \(fit.iterations) Newton iterations (projected gradient \(String(format: "%.2g", fit.projectedGradient))): the weights are the last iterate")
        }
        report.fit = fit
        let intervals = BootstrapIntervals(features, columns: columns, regression: regression, fit: fit,
                                           replicates: settings.replicates, seed: settings.seed, level: settings.level)
        (report.bootstrapReplicates, report.bootstrapFailed) = (intervals.replicates, intervals.failed)
        if intervals.failed > 0 {
            warnings.append("\(intervals.failed) of \(intervals.replicates) bootstrap resamples held one outcome only and were left out of the intervals")
        }
        let weights = WeightScale.zeroToTen(fit.coefficients)
        let learnable = weights.contains { $0 > 0 }
        for (q, k) in columns.enumerated() {
            report.criteria[k].status = .learned
            report.criteria[k].learned = learnable ? WeightScale.rounded(weights[q]) : currentWeights[k]
            report.criteria[k].interval = intervals.weights[q]
            report.criteria[k].coefficient = fit.coefficients[q]
            report.criteria[k].coefficientInterval = intervals.coefficients[q]
            report.criteria[k].unconstrained = unconstrained?.coefficients[q]
            if fit.coefficients[q] == 0, let u = unconstrained?.coefficients[q], u < 0 {
                warnings.append("\(names[k]): the data favour a negative effect (\(String(format: "%.2f", u)) log-odds per unit without the bound); weights cannot be negative, so it is 0 — check how the criterion is set (e.g. compatibility.department, personality fit)")
            }
        }
        if !learnable {
            warnings.append("no criterion has a positive effect on success in these outcomes: the weights are left as they are")
        } else {
            report.newWeights = Dictionary(uniqueKeysWithValues: report.criteria.map { ($0.name, $0.learned) })
        }
        let (scheme, folds) = CrossValidation.folds(features, k: settings.folds, seed: settings.seed)
        let validation = CrossValidation.compare(features, columns: columns, regression: regression, currentWeights: currentWeights,
                                                 scheme: scheme, folds: folds)
        report.validation = validation
        for f in validation.folds { if let why = f.skipped { warnings.append("\(f.name) of the cross-validation was not scored: \(why)") } }
        if validation.learned.logLoss >= validation.current.logLoss {
            warnings.append("on held-out pairs the learned weights predict no better than the current ones (log-loss \(String(format: "%.3f", validation.learned.logLoss)) against \(String(format: "%.3f", validation.current.logLoss))): keep the current weights, or gather more outcomes")
        }
        report.mustHaves = MustHaveSuggestion.suggestions(features, columns: columns, current: currentMustHave)
        if let allowed, allowed.count > 0 {
            report.coverage = SelectionCoverage(rated: features, allowed: allowed)
        }
        warnings.append(LearningReport.selectionBias)
        report.warnings = warnings
        return report
    }
}
