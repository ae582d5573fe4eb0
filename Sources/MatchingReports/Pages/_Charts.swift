import Foundation
import Plot

/// The pages' charts: inline SVG that fills the width it is given.
///
/// Horizontal positions are shares of the chart's width (`x="40%"`) and
/// vertical ones pixels, with no `viewBox`: the drawing stretches with the
/// page while its text keeps the page's CSS size (12 px) at any width, from
/// a phone to a wide screen. Every chart names both axes (`text.axis-title`,
/// `axis-x` and `axis-y`), marks each bar `rect.bar` with its value
/// (`data-value`), prints the value beside it (`text.value`), and is followed
/// by the same numbers as a table; the browser test reads all of these.
enum Charts {
    /// The longest category label drawn in full; longer ones end in "…"
    /// (the full text is in the bar's tooltip and in the table).
    static let labelLimit = 34

    /// `text` cut to `limit` characters with an ellipsis.
    static func short(_ text: String, _ limit: Int = labelLimit) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// A round upper end for an axis at or above `x`: 1, 2, 2.5 or 5 times a power of ten.
    static func niceMax(_ x: Double) -> Double {
        guard x > 0, x.isFinite else { return 1 }
        let p = pow(10, floor(log10(x)))
        for m in [1.0, 2, 2.5, 5, 10] where m * p >= x * (1 - 1e-12) { return m * p }
        return 10 * p
    }

    /// A tick's text: whole numbers without decimals.
    static func tick(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : Blocks.fmt(x, x < 1 ? 2 : 1)
    }

    /// One category of a ``bars(_:categoryAxis:valueAxis:series:rows:table:)`` chart.
    struct Row {
        /// The category, e.g. a criterion in words.
        var label: String
        /// One value per series.
        var values: [Double]
        /// The values as printed beside the bars, e.g. `12.8 points`.
        var text: String
    }

    /// A horizontal bar chart: per row its label and value on one line and
    /// its bars (one per series) below, so that long labels never squeeze
    /// the bars at narrow widths. `series` are the bars' classes (one
    /// series: `["bar"]`); `table` the key of the table with the same numbers.
    /// With `whole` (counts), the middle tick is shown only when it is a whole
    /// number; `upTo` sets the axis's end (charts to compare share one).
    static func bars(_ key: Key, title: String, categoryAxis: String, valueAxis: String,
                     series: [StaticString] = ["bar"], rows: [Row], whole: Bool = false, upTo: Double? = nil, table: Key) -> Markup {
        guard !rows.isEmpty else { return Blocks.note("Nothing to show.") }
        let top = 22.0, barH = series.count > 1 ? 11.0 : 14.0
        let rowH = 21 + Double(series.count) * (barH + 2) + 7
        let axisY = top + Double(rows.count) * rowH
        let maxValue = niceMax(max(upTo ?? 0, rows.flatMap(\.values).max() ?? 1))
        var nodes: [Markup] = [
            .element(named: "title", nodes: [.text(title)]),
            .tag("text", [Attr("class", "axis-title axis-y"), Attr("x", 0), Attr("y", 13)], [.text(categoryAxis)]),
        ]
        for (k, row) in rows.enumerated() {
            let y = top + Double(k) * rowH
            var group: [Markup] = [
                .element(named: "title", nodes: [.text("\(row.label): \(row.text)")]),
                .tag("text", [Attr("class", "label"), Attr("x", 5), Attr("y", y + 14)], [.text(short(row.label))]),
                .tag("text", [Attr("class", "value"), Attr("x", percent: 100), Attr("y", y + 14), Attr("text-anchor", "end")], [.text(row.text)]),
            ]
            for (s, cls) in series.enumerated() {
                // Drawn to the value as written in `data-value` (two decimals).
                let v = s < row.values.count ? (row.values[s] * 100).rounded() / 100 : 0
                group.append(.tag("rect", [
                    Attr("class", cls), Attr("x", 0), Attr("y", y + 20 + Double(s) * (barH + 2)),
                    Attr("width", percent: max(0, v) / maxValue * 100), Attr("height", barH), Attr("data-value", v),
                ]))
            }
            nodes.append(.tag("g", [Attr("class", "row")], group))
        }
        nodes += [
            .tag("line", [Attr("class", "axis"), Attr("x1", 0), Attr("x2", percent: 100), Attr("y1", axisY), Attr("y2", axisY)]),
            .tag("line", [Attr("class", "axis"), Attr("x1", 0.5), Attr("x2", 0.5), Attr("y1", top), Attr("y2", axisY)]),
            .tag("text", [Attr("class", "tick"), Attr("x", 0), Attr("y", axisY + 14)], [.text("0")]),
            .if(!whole || (maxValue / 2).rounded() == maxValue / 2,
                .tag("text", [Attr("class", "tick"), Attr("x", percent: 50), Attr("y", axisY + 14), Attr("text-anchor", "middle")], [.text(tick(maxValue / 2))])),
            .tag("text", [Attr("class", "tick"), Attr("x", percent: 100), Attr("y", axisY + 14), Attr("text-anchor", "end")], [.text(tick(maxValue))]),
            .tag("text", [Attr("class", "axis-title axis-x"), Attr("x", percent: 50), Attr("y", axisY + 32), Attr("text-anchor", "middle")], [.text(valueAxis)]),
        ]
        return svg(key, table: table, height: axisY + 40, nodes)
    }

    /// A vertical bar chart of counts, one column per category. With
    /// `edges` (one more than the columns) the ticks mark the columns'
    /// boundaries — a histogram — instead of naming each column; every
    /// other edge is left out at narrow widths when there are many.
    static func columns(_ key: Key, title: String, xAxis: String, yAxis: String,
                        columns: [(label: String, count: Int)], edges: [String]? = nil, table: Key) -> Markup {
        guard !columns.isEmpty else { return Blocks.note("Nothing to show.") }
        let left = 9.0, top = 22.0, plotH = 150.0, base = top + plotH
        let w = (100 - left) / Double(columns.count)
        let maxCount = Double(max(columns.map(\.count).max() ?? 1, 1))
        var nodes: [Markup] = [
            .element(named: "title", nodes: [.text(title)]),
            .tag("text", [Attr("class", "axis-title axis-y"), Attr("x", 0), Attr("y", 0), Attr("text-anchor", "middle"),
                          Attr("transform", "translate(12 97) rotate(-90)")], [.text(yAxis)]),
        ]
        for (k, c) in columns.enumerated() {
            let h = Double(c.count) / maxCount * plotH
            let x = left + Double(k) * w
            nodes.append(.tag("g", [Attr("class", "row")], [
                .element(named: "title", nodes: [.text("\(c.label): \(c.count)")]),
                .tag("rect", [Attr("class", "bar"), Attr("x", percent: x + 0.12 * w), Attr("y", base - h), Attr("width", percent: 0.76 * w),
                              Attr("height", h), Attr("data-value", c.count)]),
                .tag("text", [Attr("class", "value"), Attr("x", percent: x + w / 2), Attr("y", base - h - 4), Attr("text-anchor", "middle")], [.text(String(c.count))]),
            ]))
            if edges == nil {
                nodes.append(.tag("text", [Attr("class", "tick"), Attr("x", percent: x + w / 2), Attr("y", base + 15), Attr("text-anchor", "middle")], [.text(c.label)]))
            }
        }
        if let edges {
            for (k, e) in edges.enumerated() {
                let minor = columns.count > 6 && k % 2 == 1
                let anchor: Attr = k == 0 ? Attr("text-anchor", "start") : k == edges.count - 1 ? Attr("text-anchor", "end") : Attr("text-anchor", "middle")
                nodes.append(.tag("text", [minor ? Attr("class", "tick tick-minor") : Attr("class", "tick"), Attr("x", percent: left + Double(k) * w),
                                           Attr("y", base + 15), anchor], [.text(e)]))
            }
        }
        nodes += [
            .tag("line", [Attr("class", "axis"), Attr("x1", percent: left), Attr("x2", percent: 100), Attr("y1", base), Attr("y2", base)]),
            .tag("text", [Attr("class", "axis-title axis-x"), Attr("x", percent: left + (100 - left) / 2), Attr("y", base + 36), Attr("text-anchor", "middle")], [.text(xAxis)]),
        ]
        return svg(key, table: table, height: base + 44, nodes)
    }

    /// The chart's `<svg>`: full width, `height` pixels, named by `key` and
    /// pointing at the table with its numbers.
    static func svg(_ key: Key, table: Key, height: Double, _ nodes: [Markup]) -> Markup {
        .tag("svg", [Attr("class", "chart"), Attr("data-chart", key: key), Attr("data-numbers", key: table), Attr("role", "img"),
                     Attr("width", percent: 100), Attr("height", height.rounded(.up))], nodes)
    }

    /// A chart and, collapsed under it, the table of its numbers.
    static func figure(_ chart: Markup, numbers: Markup) -> Markup {
        .figure(.cls("chart"), chart, Blocks.details("The numbers", [numbers]))
    }

    /// A legend for a chart with several series: per series its swatch's
    /// classes (`swatch` and the series' class) and what it shows.
    static func legend(_ items: [(swatch: StaticString, text: String)]) -> Markup {
        .ul(.cls("legend"), .forEach(items) { item in
            .li(.tag("span", [Attr("class", item.swatch), Attr("aria-hidden", "true")]), .text(item.text))
        })
    }
}
