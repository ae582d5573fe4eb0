import Foundation
import Plot

/// Content of a page's `<body>`, built with Plot: text nodes are escaped by
/// the library, so participant data (names, ids, departments, reasons) only
/// ever enters a page as ``Plot/Node/text(_:)``.
typealias Markup = Node<HTML.BodyContext>

/// An attribute of the report pages.
///
/// Plot escapes text nodes but writes attribute values as given, so an
/// attribute here can only hold what cannot carry participant data: a
/// constant written in this module (a `StaticString`, fixed at compile
/// time) or a number. Participant text goes into text nodes — a chart's
/// tooltip is an SVG `<title>` element, a table's sort key is its cell's text.
struct Attr {
    let name: String
    let value: String

    /// A constant value, e.g. `Attr("class", "muted")`.
    init(_ name: StaticString, _ value: StaticString) {
        self.name = name.description
        self.value = value.description
    }

    /// A whole number, e.g. `data-count="12"`.
    init(_ name: StaticString, _ value: Int) {
        self.name = name.description
        self.value = String(value)
    }

    /// A number with at most two decimals, e.g. a coordinate in pixels.
    init(_ name: StaticString, _ value: Double) {
        self.name = name.description
        self.value = Self.number(value)
    }

    /// A share of the chart's width, e.g. `x="12.5%"`.
    init(_ name: StaticString, percent: Double) {
        self.name = name.description
        self.value = Self.number(percent) + "%"
    }

    /// A chart's or table's key, e.g. `data-table="pairs"`.
    init(_ name: StaticString, key: Key) {
        self.name = name.description
        self.value = key.text
    }

    /// `x` with at most two decimals and no trailing zeros (`12`, `12.5`, `0.25`).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        var s = String(format: "%.2f", (x * 100).rounded() / 100)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// The attribute as a Plot node of any context.
    func node<Context>() -> Node<Context> {
        .attribute(named: name, value: value, ignoreIfValueIsEmpty: false)
    }
}

/// The name of a chart or a table (`data-chart`, `data-table`,
/// `data-numbers`): a constant, with a number when there are several of a
/// kind (`mix-2`). Never participant text: it is an attribute value.
struct Key: ExpressibleByStringLiteral {
    let text: String

    /// A constant key.
    init(stringLiteral value: StaticString) { text = value.description }

    /// A constant prefix and a number, e.g. `mix-2`.
    init(_ prefix: StaticString, _ number: Int) { text = prefix.description + String(number) }
}

extension Node {
    /// An element named by a constant with attributes and children, e.g.
    /// `.tag("rect", [Attr("x", 0), …])` for SVG, which Plot has no DSL for.
    static func tag(_ name: StaticString, _ attributes: [Attr], _ children: [Node] = []) -> Node {
        .element(named: name.description, nodes: attributes.map { $0.node() } + children)
    }

    /// `class="…"` with a constant.
    static func cls(_ value: StaticString) -> Node { Attr("class", value).node() }
}

extension Node where Context: HTML.BodyContext {
    /// A `<figure>`, which Plot has no DSL for.
    static func figure(_ nodes: Node...) -> Node { .element(named: "figure", nodes: nodes) }
}

/// Small building blocks shared by the pages.
enum Blocks {
    /// A number with `digits` decimals, rounded half away from zero.
    static func fmt(_ x: Double, _ digits: Int = 1) -> String {
        let p = pow(10, Double(digits))
        let r = (x * p).rounded() / p
        return String(format: "%.\(digits)f", r)
    }

    /// `1 mentee`, `3 mentees`.
    static func count(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) \(n == 1 ? one : many ?? one + "s")"
    }

    /// A section: a heading and its content.
    static func section(_ title: String, _ content: [Markup]) -> Markup {
        .section(.h2(.text(title)), .group(content))
    }

    /// A muted note.
    static func note(_ text: String) -> Markup {
        .p(.cls("muted"), .text(text))
    }

    /// A bulleted list of plain lines.
    static func list(_ lines: [String]) -> Markup {
        .ul(.forEach(lines) { .li(.text($0)) })
    }

    /// A collapsed `<details>` with a summary line.
    static func details(_ summary: String, _ content: [Markup], cls: StaticString = "more") -> Markup {
        .tag("details", [Attr("class", cls)], [.element(named: "summary", nodes: [.text(summary)])] + content)
    }

    /// One column of a ``table(_:columns:rows:total:footnote:)``: its
    /// heading, whether it holds numbers (right-aligned, sorted as
    /// numbers), and whether it holds the values a chart draws (`charted`,
    /// numeric; the browser test compares the two).
    struct Column {
        var title: String
        var numeric = false
        var charted = false
        init(_ title: String, numeric: Bool = false, charted: Bool = false) {
            self.title = title
            self.numeric = numeric || charted
            self.charted = charted
        }

        /// The class of the column's heading.
        var headingClass: Attr { charted ? Attr("class", "num charted") : Attr("class", "num") }
    }

    /// A table whose columns sort on a click of their heading (the page's
    /// script; without scripts it is a plain table). `key` names it for the
    /// charts that count the same people (`data-table`), and
    /// `rows` are its cells, as text. `total` is how many rows there are in
    /// all when only the first are shown.
    ///
    /// Tables of four columns or more stack on narrow screens: each row
    /// becomes a block whose cells are lines led by their column's title
    /// (`span.cell-label`, hidden on wider screens).
    static func table(_ key: Key, columns: [Column], rows: [[Markup]], total: Int? = nil, footnote: String? = nil) -> Markup {
        let stack = columns.count >= 4
        return .group(
            .table(
                stack ? .cls("data sortable stack") : .cls("data sortable"), Attr("data-table", key: key).node(), Attr("data-rows", total ?? rows.count).node(),
                .thead(.tr(.forEach(columns) { c in
                    c.numeric ? .th(c.headingClass.node(), .text(c.title)) : .th(.text(c.title))
                })),
                .tbody(.forEach(rows) { cells in
                    .tr(.forEach(Array(zip(columns, cells))) { c, cell in
                        let label: Markup = stack ? .span(.cls("cell-label"), .text(c.title)) : .empty
                        return c.numeric ? .td(.cls("num"), label, cell) : .td(label, cell)
                    })
                })
            ),
            .unwrap(footnote) { note($0) }
        )
    }

    /// Plain text cells.
    static func cells(_ texts: String...) -> [Markup] { texts.map { .text($0) } }
}
