import Foundation
import Programs

/// The page of `mentor-match simulate`: the learning curve — per round,
/// the regret of the weights used against the default and the hidden
/// weights, and how close the learned weights are to the hidden ones —
/// and each weight round by round. One self-contained offline file.
public enum SimulationPage {
    /// The page of `report`.
    public static func html(_ report: SimulationReport) -> String {
        let rounds = report.rounds
        let f = ReportPage.fmt
        var body = "<h2>Learning curve</h2><p class=\"muted\">Regret: the share of the true optimum's expected successes a matching misses (lower is better). Round 1 uses the default weights; each later round the weights learned from every earlier round's outcomes.</p>"
        body += "<h3>Regret of the weights used, by round (%)</h3>"
        body += ReportPage.bars(rounds.map { (label: "round \($0.round)", value: 100 * $0.regret, note: f(100 * $0.regret, 2)) }, unit: " %", color: "#3b6ea8")
        body += "<h3>Regret of the default weights on the same cohorts (%)</h3>"
        body += ReportPage.bars(rounds.map { r in (label: "round \(r.round)", value: 100 * (1 - r.defaultExpected / r.optimum), note: f(100 * (1 - r.defaultExpected / r.optimum), 2)) }, unit: " %", color: "#b5651d")
        body += "<h3>Cosine similarity of the weights used to the hidden ones</h3>"
        body += ReportPage.bars(rounds.map { (label: "round \($0.round)", value: $0.cosine, note: f($0.cosine, 3)) }, color: "#5a8f5a")
        body += "<table><thead><tr><th>round</th><th>weights from</th><th>pairs</th><th>succeeded</th><th>expected</th><th>optimum</th><th>regret</th><th>cosine</th></tr></thead><tbody>"
        for r in rounds {
            body += "<tr><td class=\"num\">\(r.round)</td><td>\(r.feedbackRounds == 0 ? "defaults" : "\(r.feedbackRounds) round(s) of outcomes")</td><td class=\"num\">\(r.pairs)</td><td class=\"num\">\(r.successes)</td>"
                + "<td class=\"num\">\(f(r.expected, 1))</td><td class=\"num\">\(f(r.optimum, 1))</td><td class=\"num\">\(f(100 * r.regret, 2)) %</td><td class=\"num\">\(f(r.cosine, 3))</td></tr>"
        }
        body += "</tbody></table>"
        body += "<h2>Weights (0–10), round by round</h2><table><thead><tr><th>criterion</th><th>hidden</th>" + rounds.map { "<th>round \($0.round)</th>" }.joined() + "</tr></thead><tbody>"
        let hidden = report.truth.weights
        for (k, name) in report.criterionNames.enumerated() {
            body += "<tr><td>\(ReportPage.escape(name))</td><td class=\"num\">\(hidden[name].map { f($0, 1) } ?? "0.0")</td>"
                + rounds.map { "<td class=\"num\">\(k < $0.weights.count ? f($0.weights[k], 1) : "–")</td>" }.joined() + "</tr>"
        }
        body += "</tbody></table>"
        let s = report.settings
        return ReportPage.page(title: "Learning weights: a simulation with a known truth",
                               subtitle: "\(s.mentors) mentors × \(s.mentees) mentees per cohort, \(s.rounds) round(s) of feedback, seed \(s.seed).", body: body)
    }
}
