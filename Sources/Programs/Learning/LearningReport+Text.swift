import Foundation

extension LearningReport {
    /// The report as `mentor-match learn` prints it: sample sizes, the fit,
    /// held-out AUC, log-loss, Brier score and calibration for the current
    /// and the learned weights, the weights old → new with intervals,
    /// suggested must-haves and warnings. Names criteria and counts only —
    /// never a profile's content or a comment. The same report gives the
    /// same text, byte for byte.
    public var text: String {
        func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
        func auc(_ x: Double?) -> String { x.map { f($0) } ?? "n/a" }
        var lines = [String]()
        var used = "learning from \(examples) rated pair(s): \(successes) succeeded, \(failures) failed"
        var counts = [PairFeatures.Unused.Reason: Int]()
        for u in unused { counts[u.reason, default: 0] += 1 }
        let words: [(PairFeatures.Unused.Reason, String)] = [(.continuing, "continuing"), (.ended, "ended without a verdict"),
                                                             (.middling, "with middling ratings only (mean above 2.5, below 4)"), (.notAPair, "not a pair of this program")]
        let parts = words.compactMap { reason, text in counts[reason].map { "\($0) \(text)" } }
        if !parts.isEmpty { used += " (not used: " + parts.joined(separator: ", ") + ")" }
        lines.append(used)
        if let fit {
            let fitted = criteria.filter { $0.status == .learned }.count
            lines.append("model: logistic regression on \(fitted) criteria, L2 penalty λ = \(String(format: "%g", settings.penalty)), weights ≥ 0, Newton (IRLS) \(fit.converged ? "converged" : "stopped") after \(fit.iterations) iteration(s) (projected gradient \(String(format: "%.1e", fit.projectedGradient)))")
        }
        if let v = validation {
            lines.append("")
            lines.append("held-out validation, \(v.scheme) — \(v.learned.count) pairs predicted by models fitted without them:")
            lines.append("                     AUC     log-loss  Brier   calibration error")
            for (name, m) in [("current weights", v.current), ("learned weights", v.learned)] {
                lines.append("  \(name.padding(toLength: 17, withPad: " ", startingAt: 0))  \(auc(m.auc))   \(f(m.logLoss))     \(f(m.brier))   \(f(m.calibrationError))")
            }
            lines.append("  (chance: AUC 0.500; predicting the base rate: log-loss \(f(Self.baseRateLogLoss(successes: v.learned.successes, count: v.learned.count))))")
            let scored = v.folds.filter { $0.skipped == nil }
            if scored.count > 1 {
                lines.append("  per fold, AUC current → learned: " + scored.map { "\($0.name) (\($0.heldOut)) \(auc($0.currentAUC)) → \(auc($0.learnedAUC))" }.joined(separator: "; "))
            }
            for (name, m) in [("current", v.current), ("learned", v.learned)] {
                lines.append("  calibration, \(name) weights (predicted → observed, pairs): "
                             + m.calibration.map { "\(f($0.lower, 1))–\(f($0.upper, 1)): \(f($0.meanPredicted, 2)) → \(f($0.observedRate, 2)) (\($0.count))" }.joined(separator: "; "))
            }
        }
        lines.append("")
        if fit != nil {
            lines.append("weights (0–10, largest = 10; \(Int(settings.level * 100)) % bootstrap interval over \(bootstrapReplicates) resamples of the pairs, seed \(settings.seed)):")
        } else {
            lines.append("weights (nothing learned: kept as they are):")
        }
        let width = max(10, (criteria.map(\.name.count).max() ?? 10) + 2)
        lines.append("  " + "criterion".padding(toLength: width, withPad: " ", startingAt: 0) + "current  learned  interval     log-odds per unit (interval)")
        for c in criteria {
            var line = "  " + c.name.padding(toLength: width, withPad: " ", startingAt: 0)
            line += String(format: "%5.1f    %5.1f", c.current, c.learned)
            switch c.status {
            case .learned:
                let i = c.interval.map { String(format: "%4.1f–%4.1f", $0.lowerBound, $0.upperBound) } ?? "    n/a  "
                let b = c.coefficient.map { String(format: "%6.2f", $0) } ?? "   n/a"
                let bi = c.coefficientInterval.map { String(format: " (%.2f–%.2f)", $0.lowerBound, $0.upperBound) } ?? ""
                line += "    \(i)    \(b)\(bi)"
            case .noVariation:
                line += "    kept: the same value in every rated pair"
            case .notLearned:
                line += "    kept"
            }
            lines.append(line)
        }
        if fit != nil {
            lines.append("")
            lines.append("suggested must-haves (pairs below the threshold failed clearly more often: ≥ \(MustHaveSuggestion.minimumPairs) pairs each side, success rate below at most half the rate above, 95 % Wilson intervals apart; written into the config only with --apply-must-haves):")
            if mustHaves.isEmpty { lines.append("  none") }
            for s in mustHaves {
                lines.append("  mustHave.\(s.criterion): \(f(s.threshold, 1)) — \(s.below) pairs below succeeded \(f(100 * s.belowRate, 0)) % (\(s.belowSuccesses)), \(s.above) at or above \(f(100 * s.aboveRate, 0)) % (\(s.aboveSuccesses)), z = \(f(s.z, 1))")
            }
        }
        if let coverage {
            let narrow = coverage.criteria.filter { $0.share < 0.5 }
            if !narrow.isEmpty {
                lines.append("")
                lines.append("criteria the rated pairs cover narrowly (10th–90th percentile, rated pairs against \(coverage.sampled) sampled allowed pairs):")
                for c in narrow {
                    lines.append("  \(c.name): \(f(c.rated.lowerBound, 2))–\(f(c.rated.upperBound, 2)) against \(f(c.allowed.lowerBound, 2))–\(f(c.allowed.upperBound, 2)) (\(f(100 * c.share, 0)) % of the range)")
                }
            }
        }
        if !warnings.isEmpty {
            lines.append("")
            lines.append("warnings:")
            for w in warnings { lines.append("  - \(w)") }
        }
        return lines.joined(separator: "\n")
    }

    /// The log-loss of predicting the base rate `successes / count` for every pair.
    static func baseRateLogLoss(successes: Int, count: Int) -> Double {
        guard count > 0 else { return 0 }
        let p = Double(successes) / Double(count)
        return ClassificationMetrics.logLoss(Array(repeating: p, count: count), (0..<count).map { $0 < successes })
    }
}
