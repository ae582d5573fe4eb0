import Foundation
import Plot
import Programs

/// The page of `mentor-match sweep`: per point, the total score and the
/// pairs changed against the config's own weights, charted with the tables
/// that hold their numbers. One self-contained offline file, in the same
/// frame as ``ReportPage``.
public enum SweepPage {
    /// The page of `points`, the sweep of `sweep`'s criteria; `run` gives
    /// the header's date, inputs and version.
    public static func html(_ sweep: WeightSweep, points: [WeightSweep.Point], run: ReportRun = ReportRun()) -> String {
        let header: [Markup] = [
            .p(.cls("lede"), .text("\(Blocks.count(points.count, "point")) over \(sweep.criteria.joined(separator: ", ")) (weights 0–10; the other criteria keep the config's weights), each solved exactly.")),
            .element(named: "dl", nodes: [
                .cls("meta"),
                .div(.element(named: "dt", nodes: [.text("Run")]), .element(named: "dd", nodes: [.text(run.dateText)])),
                .div(.element(named: "dt", nodes: [.text("Inputs")]), .element(named: "dd", nodes: [.text(run.inputs.map { "\($0.role): \($0.name)" }.joined(separator: ", "))])),
                .div(.element(named: "dt", nodes: [.text("MentorMatch")]), .element(named: "dd", nodes: [.text(run.version)])),
            ]),
        ]
        return PageShell.render(title: "Weight sweep", header: header, sections: [totals(sweep, points), changes(sweep, points)])
    }

    /// A point's label: its weights, e.g. `skillGap 2, values 5`.
    static func label(_ sweep: WeightSweep, _ p: WeightSweep.Point) -> String {
        zip(sweep.criteria, p.weights).map { "\($0) \(Blocks.fmt($1, 2))" }.joined(separator: ", ")
    }

    /// The total score by point, and every point's figures.
    static func totals(_ sweep: WeightSweep, _ points: [WeightSweep.Point]) -> Markup {
        Blocks.section("Total score by point", [
            Blocks.note("Each bar is the best total score with the point's weights (pair scores less penalties); a point without a matching has no bar. Every point is solved on its own, from the cached criterion values."),
            .figure(.cls("chart"), Charts.bars("sweep-objective", title: "Total score by point", categoryAxis: "weights", valueAxis: "total score",
                                               rows: points.map { .init(label: label(sweep, $0), values: [max(0, $0.objective ?? 0)], text: Blocks.fmt($0.objective ?? 0, 2)) },
                                               table: "sweep-points")),
            Blocks.table("sweep-points", columns: sweep.criteria.map { .init($0, numeric: true) } + [
                .init("total score", charted: true), .init("proven"), .init("pairs", numeric: true), .init("mentees matched", numeric: true),
                .init("worst pair", numeric: true), .init("across departments", numeric: true),
            ], rows: points.map { p in
                p.weights.map { .text(Blocks.fmt($0, 2)) } + Blocks.cells(
                    Blocks.fmt(p.objective ?? 0, 2), p.proven ? "yes" : "no: \(p.termination)", String(p.pairs), String(p.menteesMatched),
                    p.worstPair.map { Blocks.fmt($0, 2) } ?? "–", p.acrossDepartments.map { "\(Blocks.fmt(100 * $0, 1)) %" } ?? "–")
            }),
        ])
    }

    /// Pairs of the config's own matching that each point does not keep.
    static func changes(_ sweep: WeightSweep, _ points: [WeightSweep.Point]) -> Markup {
        Blocks.section("Pairs changed against the config's weights", [
            Blocks.note("How many of the pairs matched with the config's own weights each point's matching does not keep."),
            .figure(.cls("chart"), Charts.bars("sweep-changed", title: "Pairs changed by point", categoryAxis: "weights", valueAxis: "pairs changed",
                                               rows: points.map { .init(label: label(sweep, $0), values: [Double($0.changed)], text: String($0.changed)) },
                                               whole: true, table: "sweep-changed")),
            Blocks.table("sweep-changed", columns: [.init("weights"), .init("pairs changed", charted: true)],
                         rows: points.map { Blocks.cells(label(sweep, $0), String($0.changed)) }),
        ])
    }
}
