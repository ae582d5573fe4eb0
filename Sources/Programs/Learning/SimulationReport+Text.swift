import Compatibility
import Foundation

extension SimulationReport {
    /// The issue's target: cosine ≥ 0.95 and round-two regret ≤ 2 % with one round of feedback.
    public static let targetCosine = 0.95, targetRegret = 0.02

    /// Round 2 (weights learned from one round of outcomes), if simulated.
    public var afterOneRound: LearningSimulation.Round? { rounds.count > 1 ? rounds[1] : nil }

    /// The report as `mentor-match simulate` prints it: the setting, the
    /// learning curve (one line per round), the weights hidden, default and
    /// learned, and the issue's target met or not. The same settings give
    /// the same text, byte for byte.
    public var text: String {
        let s = settings
        func f(_ x: Double, _ d: Int) -> String { String(format: "%.\(d)f", x) }
        func pct(_ x: Double) -> String { String(format: "%.2f %%", 100 * x) }
        let hidden = criterionNames.filter { (truth.weights[$0] ?? 0) > 0 }.sorted { (truth.weights[$0]!, $1) > (truth.weights[$1]!, $0) }
        var lines = [
            "simulation: \(s.mentors) mentors × \(s.mentees) mentees per round (synthetic cohorts, capacity from profiles or 2, one mentor per mentee, exact network-flow solves), seed \(s.seed), \(s.rounds) round(s) of feedback",
            "truth: P(success) = E σ(b₀ + Σ βₖxₖ + ε), βₖ = \(String(format: "%g", truth.strength)) · wₖ / 10, chemistry ε ~ N(0, \(String(format: "%g", truth.noise))²), b₀ = \(f(truth.intercept, 3)) (\(f(100 * s.baseRate, 0)) % of round 1's default-weight pairs succeed); hidden weights "
                + hidden.map { "\($0) \(String(format: "%g", truth.weights[$0]!))" }.joined(separator: ", "),
            "learning: \(s.learning.replicates) bootstrap resamples, λ = \(String(format: "%g", s.learning.penalty)); exploration: "
                + (s.exploration.map { "share \(String(format: "%g", $0.share)) within \(String(format: "%g", $0.within)) points" } ?? "none"),
            "cosine over the \(varying.filter { $0 }.count) criteria that vary among allowed pairs" + (varying.contains(false) ? " (not: \(criterionNames.indices.filter { !varying[$0] }.map { criterionNames[$0] }.joined(separator: ", ")))" : ""),
            "",
            "expected successes Σ P(success) of the matching by the weights used / by the default weights / by the hidden weights / the true optimum;",
            "regret = 1 − expected / optimum; AUC of the weights used on the round's own outcomes (drawn after the weights were set) against the truth's",
            "",
            "round  weights from     cosine  pairs  succeeded   expected: used /  default /   hidden /  optimum    regret: used / default / hidden    AUC used / truth",
        ]
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        for r in rounds {
            let from = r.feedbackRounds == 0 ? "defaults" : r.feedbackRounds == 1 ? "1 round" : "\(r.feedbackRounds) rounds"
            lines.append(right("\(r.round)", 5) + "  " + from.padding(toLength: 15, withPad: " ", startingAt: 0) + "  " + f(r.cosine, 3)
                         + "  " + right("\(r.pairs)", 5) + "  " + right("\(r.successes)", 9) + "   "
                         + [r.expected, r.defaultExpected, r.trueWeightsExpected, r.optimum].enumerated().map { right(f($1, 1), $0 == 0 ? 14 : 8) }.joined(separator: " / ")
                         + "   " + right(pct(r.regret), 12) + " / " + right(pct(r.defaultRegret), 7) + " / " + right(pct(r.trueWeightsRegret), 6)
                         + "    " + right(r.auc.map { f($0, 3) } ?? "n/a", 8) + " / " + (r.truthAUC.map { f($0, 3) } ?? "n/a"))
        }
        lines.append("")
        let width = max(10, (criterionNames.map(\.count).max() ?? 10) + 2)
        lines.append("  " + "criterion".padding(toLength: width, withPad: " ", startingAt: 0) + "hidden  default" + rounds.dropFirst().map { String(format: "  after %d", $0.feedbackRounds) }.joined())
        for (c, name) in criterionNames.enumerated() {
            var line = "  " + name.padding(toLength: width, withPad: " ", startingAt: 0)
            line += String(format: "%6.1f  %7.1f", truth.weights[name] ?? 0, Criterion(rawValue: name).flatMap { CompatibilityConfig.defaultWeights[$0] } ?? 1)
            for r in rounds.dropFirst() { line += String(format: "  %7.1f", r.weights[c]) }
            lines.append(line)
        }
        if let two = afterOneRound {
            let cosineMet = two.cosine >= Self.targetCosine, regretMet = two.regret <= Self.targetRegret
            lines.append("")
            lines.append("target (cosine ≥ \(f(Self.targetCosine, 2)) and round-two regret ≤ \(pct(Self.targetRegret)) of the optimum, one round of feedback): cosine \(f(two.cosine, 3)) \(cosineMet ? "met" : "NOT met"), regret \(pct(two.regret)) \(regretMet ? "met" : "NOT met")")
        }
        return lines.joined(separator: "\n")
    }
}
