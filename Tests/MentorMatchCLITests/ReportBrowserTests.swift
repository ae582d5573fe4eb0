import Foundation
import Testing

/// The report as a browser shows it: written by the CLI for several
/// programs, laid out by headless Chromium at a phone's, a laptop's and a
/// wide screen's width, and measured — no element wider than the page,
/// every chart with named axes and the same numbers as its table and as the
/// people tables, readable chart text, tables that sort, no injected markup.
/// Layout facts, not pixels: fonts may differ from machine to machine.
@Suite("report.html in headless Chromium", .enabled(if: Chromium.path != nil, Comment(rawValue: Chromium.missing)))
struct ReportBrowserTests {
    static let widths = [400, 1000, 1600]

    /// The programs whose reports are measured, by name.
    static let programs = ["traditional", "traditional round 2", "mutual", "reverse maxMin", "hostile"]

    @Test("the report lays out at 400, 1000 and 1600 px and its charts count what its tables list", arguments: programs)
    func reportInTheBrowser(_ name: String) throws {
        let dir = try temporaryDirectory()
        let out = try writeReport(name, in: dir)
        let html = try String(contentsOfFile: "\(out)/report.html", encoding: .utf8)
        let files = try object(String(contentsOfFile: "\(out)/assignments.json", encoding: .utf8))
        let results = try Chromium.measure(html, script: Self.measuring, widths: Self.widths, in: dir)
        for width in Self.widths {
            let text = try #require(results[width], "\(name): Chromium reported nothing at \(width) px")
            let page = try JSONDecoder().decode(Page.self, from: Data(text.utf8))
            check(page, width: width, name: name, files: files)
        }
    }

    @Test("sweep.html lays out at 400, 1000 and 1600 px and its bars are the numbers of its tables")
    func sweepPageInTheBrowser() throws {
        let dir = try temporaryDirectory()
        let r = try runCLI(["sweep", "--participants", fixture("Fixtures/cohorts/traditional/participants.csv"), "--config", fixture("Fixtures/cohorts/traditional/program.yaml"),
                            "--grid", "skillGap=0..10:6,values=2,8", "--out", dir], environment: ["SOURCE_DATE_EPOCH": "1764460800"])
        #expect(r.code == 0, "\(r.err)")
        let html = try String(contentsOfFile: "\(dir)/sweep.html", encoding: .utf8)
        let results = try Chromium.measure(html, script: Self.measuring, widths: Self.widths, in: dir)
        for width in Self.widths {
            let text = try #require(results[width], "sweep: Chromium reported nothing at \(width) px")
            let page = try JSONDecoder().decode(Page.self, from: Data(text.utf8))
            check(page, width: width, name: "sweep", files: [:])
            #expect(page.charts.map(\.key).sorted() == ["sweep-changed", "sweep-objective"] && page.charts.allSatisfy { $0.values.count == 12 }, "sweep at \(width) px: \(page.charts.map(\.key))")
        }
    }

    /// Runs the CLI for `name` into a folder of `dir`; returns the folder.
    func writeReport(_ name: String, in dir: String) throws -> String {
        let epoch = ["SOURCE_DATE_EPOCH": "1764460800"]
        func match(_ cohort: String, _ config: String, participants: String? = nil) throws -> String {
            let out = "\(dir)/\(cohort)"
            let r = try runCLI(["match", "--participants", participants ?? fixture("Fixtures/cohorts/\(cohort)/participants.csv"),
                                "--config", config, "--out", out], environment: epoch)
            #expect(r.code == 0, "\(name): \(r.err)")
            return out
        }
        switch name {
        case "traditional":
            return try match("traditional", fixture("Fixtures/cohorts/traditional/program.yaml"))
        case "traditional round 2":
            let one = try match("traditional", fixture("Fixtures/cohorts/traditional/program.yaml"))
            let two = "\(dir)/round-2"
            let r = try runCLI(["rematch", "--participants", fixture("Fixtures/cohorts/traditional/participants.csv"),
                                "--config", fixture("Fixtures/cohorts/traditional/program.yaml"), "--previous", one,
                                "--outcomes", fixture("Fixtures/rounds/traditional-round-1-outcomes.csv"), "--out", two], environment: epoch)
            #expect(r.code == 0, "\(name): \(r.err)")
            return two
        case "mutual":
            return try match("mutual", fixture("Fixtures/cohorts/mutual/program.yaml"))
        case "reverse maxMin":
            return try match("reverse", fixture("Fixtures/cohorts/reverse/fairest.yaml"))
        default:
            // Markup in every field a page shows: ids, names, departments, an attribute's name and values.
            let csv = """
                id,role,capacity,skills,goals,department,name,"ti""tle<b>x</b>"
                M1,mentor,2,swift:4,,"Eng"" onmouseover=""alert(1)","Ann <img src=x onerror=alert(2)>",a
                M2,mentor,2,swift:3; go:4,,Ops,"Bob &lt;b&gt;",b
                "E1<svg onload=alert(3)>",mentee,,,swift:4,"<svg onload=alert(3)>",Cy,a
                E2,mentee,,,go:4,Ops,"Di' onclick='alert(4)",b
                E3,mentee,,,swift:2,"Ops & <b>Co</b>",Ed,"c""d"

                """
            try csv.write(toFile: "\(dir)/hostile.csv", atomically: true, encoding: .utf8)
            try "matching:\n  rules:\n    - {kind: maxPerMentor, attribute: department, limit: 2}\n".write(toFile: "\(dir)/hostile.yaml", atomically: true, encoding: .utf8)
            return try match("hostile", "\(dir)/hostile.yaml", participants: "\(dir)/hostile.csv")
        }
    }

    /// What the measuring script reports for one width.
    struct Page: Decodable {
        struct Chart: Decodable {
            var key: String
            var axisX: String
            var axisY: String
            /// Per bar row, the bars' values (`data-value`).
            var values: [[Double]]
            /// Per bar row, the value printed beside it.
            var printed: [String]
            /// Per bar row, the drawn lengths (px) of its bars.
            var lengths: [[Double]]
            var vertical: Bool
            var minFont: Double
            var clipped: [String]
            /// The numbers table: its rows, and per row the charted columns' values.
            var tableRows: Int
            var tableValues: [[Double]]
        }
        struct Table: Decodable {
            var key: String
            var rows: Int
            var total: Int
            /// Distinct texts of the first two columns (people, in people tables).
            var firstColumn: [String]
            var secondColumn: [String]
        }
        var width: Int
        var innerWidth: Int
        var scrollWidth: Int
        var overflow: [String]
        var errors: [String]
        var charts: [Chart]
        var tables: [Table]
        var injected: [String]
        var scripts: Int
        var sortedUp: Bool?
        var sortedDown: Bool?
    }

    func check(_ page: Page, width: Int, name: String, files: [String: Any]) {
        let at = "\(name) at \(width) px"
        #expect(page.innerWidth == width, "\(at): the frame is \(page.innerWidth) px wide")
        #expect(page.scrollWidth <= width, "\(at): the page scrolls sideways (\(page.scrollWidth) px)")
        #expect(page.overflow.isEmpty, "\(at): elements outside the viewport: \(page.overflow.prefix(8))")
        #expect(page.errors.isEmpty, "\(at): script errors \(page.errors)")
        #expect(page.injected.isEmpty, "\(at): markup from the participants file became elements or attributes: \(page.injected)")
        #expect(page.scripts == 1, "\(at): \(page.scripts) scripts in the page (its own sorting script only)")
        #expect(page.sortedUp == true && page.sortedDown == true, "\(at): a click on a column's heading sorts the table both ways")
        let pairs = (files["pairs"] as? [Any])?.count ?? -1
        let unmatched = (files["unmatched"] as? [Any])?.count ?? -1
        let mentors = files["mentors"] as? Int ?? -1
        #expect(!page.charts.isEmpty, "\(at): no chart")
        let tables = Dictionary(page.tables.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        for chart in page.charts {
            let c = "\(at), chart \(chart.key)"
            #expect(!chart.axisX.isEmpty && !chart.axisY.isEmpty, "\(c): an axis has no title")
            #expect(chart.minFont >= 9, "\(c): text drawn at \(chart.minFont) px")
            #expect(chart.clipped.isEmpty, "\(c): text cut off at the chart's edge: \(chart.clipped)")
            #expect(chart.values.count == chart.tableRows, "\(c): \(chart.values.count) bars, \(chart.tableRows) rows in its table")
            // Bars drawn in proportion to their values.
            let allValues = chart.values.flatMap { $0 }, allLengths = chart.lengths.flatMap { $0 }
            if let top = allValues.max(), top > 0, let k = allValues.firstIndex(of: top) {
                let unit = allLengths[k] / top
                for (v, l) in zip(allValues, allLengths) { #expect(abs(v * unit - l) <= 1.5, "\(c): a bar of \(v) is \(l) px long (\(v * unit) expected)") }
            }
            let series = chart.values.first?.count ?? 0
            if series == 1 && chart.tableValues.first?.count == 1 {
                for (row, (v, t)) in zip(chart.values, chart.tableValues).enumerated() {
                    #expect(abs(v[0] - t[0]) < 0.051, "\(c), row \(row): the bar says \(v[0]), the table \(t[0])")
                }
                for (v, p) in zip(chart.values, chart.printed) {
                    #expect(abs(v[0] - (Double(p.split(separator: " ").first ?? "") ?? .nan)) < 0.051, "\(c): the bar of \(v[0]) is printed as '\(p)'")
                }
            } else if series >= 2, chart.tableValues.first?.count == series {
                // Shares: each bar is its row's count over the column's total.
                for s in 0..<series {
                    let total = chart.tableValues.reduce(0) { $0 + $1[s] }
                    for (v, t) in zip(chart.values, chart.tableValues) { #expect(abs(v[s] - 100 * t[s] / max(total, 1)) < 0.01, "\(c): share \(v[s]) against \(t[s]) of \(total)") }
                }
            }
            let sum = Int(chart.values.reduce(0) { $0 + $1[0] }.rounded())
            switch chart.key {
            case "pair-scores":
                #expect(sum == pairs && tables["pairs"].map { $0.total == pairs } != false, "\(c): \(sum) pairs charted, \(pairs) in assignments.json")
            case "left-out":
                #expect(sum == unmatched && tables["left-out"]?.total == unmatched, "\(c): \(sum) people charted, \(tables["left-out"]?.total ?? -1) in the table, \(unmatched) in assignments.json")
            case "loads":
                #expect(sum == mentors, "\(c): \(sum) mentors charted of \(mentors)")
            case let key where key.hasPrefix("mix-"):
                // The matched column counts the people the pairs table lists.
                let matched = Int(chart.tableValues.reduce(0) { $0 + ($1.count > 1 ? $1[1] : 0) }.rounded())
                if let p = tables["pairs"], p.rows == p.total {
                    let people = name == "mutual" ? Set(p.firstColumn + p.secondColumn).count : Set(p.secondColumn).count
                    #expect(matched == people, "\(c): \(matched) matched charted, \(people) in the pairs table")
                }
            default:
                break
            }
        }
        if name == "reverse maxMin" { #expect(page.charts.contains { $0.key == "pair-scores" }) }
    }

    /// The measuring script added to a copy of the report: opens every
    /// collapsed section, measures, clicks a column's heading twice, and
    /// posts what it found to the harness (and keeps it in `#layout-result`).
    static let measuring = #"""
    (function () {
      var W = document.documentElement.clientWidth;
      Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
      function text(el) { return el ? el.textContent.trim() : ""; }
      function describe(el) { return el.tagName.toLowerCase() + (el.getAttribute("class") ? "." + el.getAttribute("class").replace(/ /g, ".") : "") + " '" + text(el).slice(0, 40) + "'"; }
      function cell(row, i) { var c = row.cells[i], l = c && c.querySelector(".cell-label"); return c ? c.textContent.slice(l ? l.textContent.length : 0).trim() : ""; }
      var out = { width: window.innerWidth, innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
                  overflow: [], errors: (window.__errors || []).slice(), charts: [], tables: [], injected: [], scripts: 0 };
      Array.prototype.forEach.call(document.body.querySelectorAll("*"), function (el) {
        var r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) { return; }
        if (r.left < -0.5 || r.right > W + 0.5) { out.overflow.push(describe(el) + " " + Math.round(r.left) + "–" + Math.round(r.right)); }
      });
      Array.prototype.forEach.call(document.querySelectorAll("svg.chart"), function (svg) {
        var box = svg.getBoundingClientRect(), c = { key: svg.getAttribute("data-chart"), axisX: text(svg.querySelector(".axis-title.axis-x")),
          axisY: text(svg.querySelector(".axis-title.axis-y")), values: [], printed: [], lengths: [], minFont: 1000, clipped: [], tableRows: -1, tableValues: [] };
        c.vertical = c.key === "pair-scores" || c.key === "loads";
        Array.prototype.forEach.call(svg.querySelectorAll("g.row"), function (g) {
          var bars = Array.prototype.slice.call(g.querySelectorAll("rect.bar"));
          c.values.push(bars.map(function (b) { return parseFloat(b.getAttribute("data-value")); }));
          c.lengths.push(bars.map(function (b) { var r = b.getBoundingClientRect(); return c.vertical ? r.height : r.width; }));
          c.printed.push(text(g.querySelector("text.value")));
        });
        Array.prototype.forEach.call(svg.querySelectorAll("text"), function (t) {
          if (getComputedStyle(t).display === "none") { return; }
          var m = t.getScreenCTM(), size = parseFloat(getComputedStyle(t).fontSize) * (m ? Math.sqrt(m.a * m.a + m.b * m.b) : 1);
          c.minFont = Math.min(c.minFont, size);
          var r = t.getBoundingClientRect();
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5) { c.clipped.push(text(t)); }
        });
        var table = document.querySelector("table[data-table='" + svg.getAttribute("data-numbers") + "']");
        if (table) {
          var charted = [];
          Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) { if (th.classList.contains("charted")) { charted.push(i); } });
          c.tableRows = table.tBodies[0].rows.length;
          Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
            c.tableValues.push(charted.map(function (i) { return parseFloat(cell(row, i)); }));
          });
        }
        out.charts.push(c);
      });
      Array.prototype.forEach.call(document.querySelectorAll("table[data-table]"), function (table) {
        var rows = table.tBodies[0].rows, first = {}, second = {};
        Array.prototype.forEach.call(rows, function (row) { first[cell(row, 0)] = 1; second[cell(row, 1)] = 1; });
        out.tables.push({ key: table.getAttribute("data-table"), rows: rows.length, total: parseInt(table.getAttribute("data-rows"), 10),
                          firstColumn: Object.keys(first), secondColumn: Object.keys(second) });
      });
      var hostile = "img, b, a, iframe, object, embed, [onmouseover], [onerror], [onload], [onclick], [src], [href]";
      Array.prototype.forEach.call(document.querySelectorAll(hostile), function (el) { out.injected.push(describe(el)); });
      out.scripts = document.querySelectorAll("script").length - 2;   // less the test's error catcher and this script
      var table = document.querySelector("table[data-table=pairs]") || document.querySelector("table.sortable");
      if (table) {
        var heads = table.tHead.rows[0].cells, i = 0;
        for (var k = 0; k < heads.length; k++) { if (heads[k].classList.contains("num")) { i = k; break; } }
        var button = heads[i].querySelector("button.sort");
        function column() { return Array.prototype.map.call(table.tBodies[0].rows, function (r) { return cell(r, i); }); }
        function ordered(list, up) {
          for (var j = 1; j < list.length; j++) {
            var a = list[j - 1], b = list[j], x = parseFloat(a), y = parseFloat(b);
            var d = heads[i].classList.contains("num") ? x - y : a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
            if (up ? d > 0 : d < 0) { return false; }
          }
          return true;
        }
        if (button) {
          button.click(); out.sortedUp = ordered(column(), true);
          button.click(); out.sortedDown = ordered(column(), false);
        }
      }
      var json = JSON.stringify(out), pre = document.createElement("pre");
      pre.id = "layout-result"; pre.textContent = json; pre.style.display = "none";
      document.body.appendChild(pre);
      parent.postMessage(json, "*");
    })();
    """#
}
