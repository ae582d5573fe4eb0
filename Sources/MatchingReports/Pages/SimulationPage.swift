import Compatibility
import Foundation
import Plot
import Programs

/// The page of `mentor-match simulate`: the learning curve — per round,
/// the regret of the weights used against the default and the hidden
/// weights, and how close the learned weights are to the hidden ones —
/// and each weight round by round. One self-contained offline file, in the
/// same frame as ``ReportPage``.
public enum SimulationPage {
    /// The page of `report`; `run` gives the header's date and version.
    public static func html(_ report: SimulationReport, run: ReportRun = ReportRun()) -> String {
        let s = report.settings
        let header: [Markup] = [
            .p(.cls("lede"), .text("\(s.mentors) mentors × \(s.mentees) mentees per cohort, \(Blocks.count(s.rounds, "round")) of feedback, seed \(s.seed).")),
            .element(named: "dl", nodes: [
                .cls("meta"),
                .div(.element(named: "dt", nodes: [.text("Run")]), .element(named: "dd", nodes: [.text(run.dateText)])),
                .div(.element(named: "dt", nodes: [.text("MentorMatch")]), .element(named: "dd", nodes: [.text(run.version)])),
            ]),
        ]
        return PageShell.render(title: "Learning weights: a simulation with a known truth", header: header,
                                sections: [learningCurve(report), weights(report)])
    }

    /// Regret and cosine similarity by round: charts and their table.
    static func learningCurve(_ report: SimulationReport) -> Markup {
        let rounds = report.rounds
        func regretOfDefaults(_ r: LearningSimulation.Round) -> Double { 100 * (1 - r.defaultExpected / r.optimum) }
        // Both regret charts on one scale, so that their bars compare.
        let regretAxis = Charts.niceMax(rounds.map { max(100 * $0.regret, regretOfDefaults($0)) }.max() ?? 1)
        return Blocks.section("Learning curve", [
            Blocks.note("Regret: the share of the true optimum's expected successes a matching misses (lower is better). Round 1 uses the default weights; each later round the weights learned from every earlier round's outcomes."),
            .h3(.text("Regret of the weights used, by round (%)")),
            .figure(.cls("chart"), Charts.bars("regret", title: "Regret of the weights used", categoryAxis: "round", valueAxis: "regret (%)",
                                               rows: rounds.map { .init(label: "round \($0.round)", values: [100 * $0.regret], text: "\(Blocks.fmt(100 * $0.regret, 2)) %") },
                                               upTo: regretAxis, table: "simulation-rounds")),
            .h3(.text("Regret of the default weights on the same cohorts (%)")),
            .figure(.cls("chart"), Charts.bars("regret-defaults", title: "Regret of the default weights", categoryAxis: "round", valueAxis: "regret (%)",
                                               rows: rounds.map { .init(label: "round \($0.round)", values: [regretOfDefaults($0)], text: "\(Blocks.fmt(regretOfDefaults($0), 2)) %") },
                                               upTo: regretAxis, table: "simulation-rounds")),
            .h3(.text("Cosine similarity of the weights used to the hidden ones")),
            .figure(.cls("chart"), Charts.bars("cosine", title: "Cosine similarity to the hidden weights", categoryAxis: "round", valueAxis: "cosine similarity (1 is the same direction)",
                                               rows: rounds.map { .init(label: "round \($0.round)", values: [$0.cosine], text: Blocks.fmt($0.cosine, 3)) },
                                               table: "simulation-rounds")),
            Blocks.table("simulation-rounds", columns: [.init("round", numeric: true), .init("weights from"), .init("pairs", numeric: true), .init("succeeded", numeric: true),
                                                        .init("expected", numeric: true), .init("optimum", numeric: true), .init("regret", numeric: true), .init("cosine", numeric: true)],
                         rows: rounds.map { r in
                             Blocks.cells(String(r.round), r.feedbackRounds == 0 ? "defaults" : "\(Blocks.count(r.feedbackRounds, "round")) of outcomes", String(r.pairs), String(r.successes),
                                          Blocks.fmt(r.expected, 1), Blocks.fmt(r.optimum, 1), "\(Blocks.fmt(100 * r.regret, 2)) %", Blocks.fmt(r.cosine, 3))
                         }),
        ])
    }

    /// Each criterion's hidden weight and the weights used round by round.
    static func weights(_ report: SimulationReport) -> Markup {
        let rounds = report.rounds
        let hidden = report.truth.weights
        return Blocks.section("Weights (0–10), round by round", [
            Blocks.table("simulation-weights", columns: [.init("criterion"), .init("hidden", numeric: true)] + rounds.map { .init("round \($0.round)", numeric: true) },
                         rows: report.criterionNames.enumerated().map { k, name in
                             [.text(Criterion.label(of: name)), .text(hidden[name].map { Blocks.fmt($0, 1) } ?? "0.0")]
                                 + rounds.map { .text(k < $0.weights.count ? Blocks.fmt($0.weights[k], 1) : "–") }
                         }),
        ])
    }
}
