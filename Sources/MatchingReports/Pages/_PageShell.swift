import Plot

/// The frame every report page shares: one self-contained HTML file with
/// its style and a small script inline, no external resources, readable
/// from a 400 px phone to a 1,600 px screen and on paper. The script only
/// adds sorting to tables and opens "How this was proven" for printing; with
/// scripts off the page is complete.
enum PageShell {
    /// The page: `title` in the tab and as the heading, `header` under it, then `sections`.
    static func render(title: String, header: [Markup], sections: [Markup]) -> String {
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", text: title),
                .style(style)
            ),
            .body(
                .header(.h1(.text(title)), .group(header)),
                .main(.group(sections)),
                .script(.raw(script))
            )
        )
        return html.render() + "\n"
    }

    /// The style: narrow first, wider layouts from 700 px, and print.
    static let style = """
        :root{--ink:#1d2733;--muted:#4f5d6c;--line:#d8dee6;--soft:#eef2f6;--card:#fff;--bg:#fbfcfd;\
        --bar:#3b6ea8;--bar-light:#b3c3d6;--good:#2f7d4f;--warn:#a35a12}
        *{box-sizing:border-box}
        html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0 auto;max-width:1120px;\
        padding:1rem .8rem 3rem;color:var(--ink);background:var(--bg);line-height:1.45;overflow-wrap:anywhere}
        table{overflow-wrap:break-word}
        h1{font-size:1.45rem;line-height:1.2;margin:.3rem 0 .5rem}
        h2{font-size:1.2rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
        h3{font-size:1rem;margin:1.4rem 0 .3rem}
        p,ul{margin:.5rem 0}ul{padding-left:1.3rem}li{margin:.15rem 0}
        .muted{color:var(--muted);font-size:.9rem}
        .meta{display:flex;flex-wrap:wrap;gap:.15rem 1.4rem;margin:.4rem 0 0;font-size:.85rem;color:var(--muted)}
        .meta div{display:flex;gap:.4rem}.meta dt{font-weight:600;flex:none}.meta dd{margin:0;min-width:0}
        .headline{font-size:1.05rem;margin:1rem 0 .4rem;max-width:75ch}
        .headline strong{font-weight:650}
        .verdict{border-left:4px solid var(--good);background:#f1f7f3;padding:.6rem .8rem;margin:.8rem 0;max-width:75ch}
        .verdict.unsure{border-color:var(--warn);background:#fbf4ec}.verdict.none{border-color:#a33;background:#fbeeee}
        .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(10.5rem,1fr));gap:.6rem;margin:1rem 0;align-items:start}
        .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.55rem .75rem;min-width:0}
        .card .label{font-size:.8rem;color:var(--muted)}.card .value{font-size:1.2rem;font-weight:650;margin-top:.1rem}
        .card .sub{font-size:.78rem;color:var(--muted)}
        .cell-label{display:none}
        figure.chart{margin:.8rem 0 1.4rem;max-width:860px;break-inside:avoid}
        svg.chart{display:block;overflow:hidden;font-size:12px}
        svg.chart text{fill:var(--ink);font-size:12px}svg.chart text.tick{font-size:11px;fill:var(--muted)}
        svg.chart text.axis-title{font-weight:600;fill:var(--muted)}
        svg.chart .axis{stroke:#8a96a3;stroke-width:1}
        svg.chart .bar{fill:var(--bar)}svg.chart .bar.all{fill:var(--bar-light)}
        svg.chart[data-chart=left-out] .bar,svg.chart[data-chart=waiting] .bar{fill:var(--warn)}
        svg.chart[data-chart=loads] .bar,svg.chart[data-chart=capacity] .bar{fill:#4f8a5b}
        .legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;font-size:.85rem;margin:.3rem 0}
        .legend li{display:flex;align-items:center;gap:.35rem}
        .swatch{display:inline-block;width:.9rem;height:.7rem;background:var(--bar)}.swatch.all{background:var(--bar-light)}
        table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}
        th,td{text-align:left;padding:.3rem .45rem;border-bottom:1px solid #e4e9ef;vertical-align:top}
        th{background:var(--soft);font-weight:600}th.num,td.num{text-align:right}td.num{white-space:nowrap}
        td ul{margin:0;padding-left:1rem}
        th button.sort{all:unset;cursor:pointer;display:block}
        th button.sort:focus-visible{outline:2px solid var(--bar)}
        th button.sort::after{content:" \\2195";color:#9aa6b2;font-size:.8em}
        th[aria-sort=ascending] button.sort::after{content:" \\2191";color:var(--ink)}
        th[aria-sort=descending] button.sort::after{content:" \\2193";color:var(--ink)}
        details{margin:.6rem 0}details>summary{cursor:pointer;color:var(--bar);font-weight:600}
        details.proof{border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem;background:var(--card);margin-top:2rem}
        details.proof>summary{font-size:1.05rem;color:var(--ink)}
        dl.facts{display:grid;grid-template-columns:minmax(7rem,max-content) 1fr;gap:.25rem .9rem;margin:.6rem 0;font-size:.9rem}
        dl.facts dt{font-weight:600}dl.facts dd{margin:0}
        code{font-size:.85em;background:var(--soft);padding:0 .2rem;border-radius:3px}
        @media (min-width:700px){body{padding:1.6rem 2rem 3rem}h1{font-size:1.8rem}}
        @media (max-width:520px){svg.chart text.tick-minor{display:none}th,td{padding:.25rem .3rem}}
        @media (max-width:640px){table.stack,table.stack thead,table.stack tbody,table.stack tr{display:block;width:100%}
        table.stack td{display:inline-block;max-width:100%;vertical-align:top}
        table.stack thead tr{display:flex;flex-wrap:wrap;gap:.1rem 1rem;background:var(--soft);padding:.2rem .45rem}
        table.stack th{background:none;border:0;padding:.1rem 0}
        table.stack tbody tr{border-bottom:1px solid var(--line);padding:.35rem 0}
        table.stack td,table.stack td.num{border:0;padding:.08rem .45rem;text-align:left;white-space:normal;overflow-wrap:anywhere}
        table.stack .cell-label{display:inline;font-weight:600;color:var(--muted);margin-right:.4em}
        table.stack .cell-label::after{content:":"}}
        @media print{body{max-width:none;background:#fff;padding:0;font-size:10.5pt}
        h2{break-after:avoid}.card,figure.chart,tr{break-inside:avoid}thead{display:table-header-group}
        th button.sort::after{content:""}details>summary{color:var(--ink)}
        .verdict,.card,svg.chart .bar,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """

    /// Sorting: a click on a column's heading sorts its rows (numbers as
    /// numbers), a second click reverses them. Printing opens "How this was
    /// proven" (the charts' tables of numbers print as they are shown).
    static let script = """
        (function () {
          function key(row, i) {
            var c = row.cells[i], label = c && c.querySelector(".cell-label");
            return c ? c.textContent.slice(label ? label.textContent.length : 0).trim() : "";
          }
          function number(text) { var x = parseFloat(text); return isNaN(x) ? -Infinity : x; }
          Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
            var heads = table.tHead ? table.tHead.rows[0].cells : [];
            Array.prototype.forEach.call(heads, function (th, i) {
              var button = document.createElement("button");
              button.type = "button";
              button.className = "sort";
              while (th.firstChild) { button.appendChild(th.firstChild); }
              th.appendChild(button);
              button.addEventListener("click", function () {
                var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
                var up = th.getAttribute("aria-sort") !== "ascending", numeric = th.classList.contains("num");
                rows.forEach(function (row, k) { row.dataset.order = k; });
                rows.sort(function (a, b) {
                  var x = key(a, i), y = key(b, i);
                  var d = numeric ? number(x) - number(y) : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
                  return (up ? d : -d) || a.dataset.order - b.dataset.order;
                });
                Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
                th.setAttribute("aria-sort", up ? "ascending" : "descending");
                rows.forEach(function (row) { row.removeAttribute("data-order"); body.appendChild(row); });
              });
            });
          });
          window.addEventListener("beforeprint", function () {
            Array.prototype.forEach.call(document.querySelectorAll("details.proof"), function (d) { d.open = true; });
          });
        })();
        """
}
