import Compatibility
import Foundation
import MatchingIO
import MatchingCore
import Programs

/// The program report: one self-contained HTML page (inline CSS and SVG, no
/// scripts, no external resources) with the summary and charts — pair
/// scores, each criterion's contribution, mentor loads against capacity, the
/// diversity mix, and the reasons people were left out — and the pairs with
/// their reasons. Every user string is HTML-escaped.
public enum ReportPage {
    /// `&`, `<`, `>`, `"` and `'` as entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func fmt(_ x: Double, _ digits: Int = 1) -> String {
        let p = pow(10, Double(digits))
        let r = (x * p).rounded() / p
        return String(format: "%.\(digits)f", r)
    }

    /// A horizontal bar chart: one labelled bar per item.
    static func bars(_ items: [(label: String, value: Double, note: String)], unit: String = "", color: String = "#3b6ea8") -> String {
        guard !items.isEmpty else { return "<p class=\"muted\">Nothing to show.</p>" }
        let maxValue = max(items.map(\.value).max() ?? 1, 1e-9)
        let rowH = 24, labelW = 190, barW = 420
        let h = items.count * rowH + 8
        var svg = "<svg viewBox=\"0 0 \(labelW + barW + 340) \(h)\" width=\"\(labelW + barW + 340)\" role=\"img\">"
        for (k, item) in items.enumerated() {
            let y = 4 + k * rowH
            let w = Int((item.value / maxValue * Double(barW)).rounded())
            svg += "<text x=\"\(labelW - 8)\" y=\"\(y + 16)\" text-anchor=\"end\">\(escape(item.label))</text>"
            svg += "<rect x=\"\(labelW)\" y=\"\(y + 3)\" width=\"\(max(w, 1))\" height=\"\(rowH - 8)\" fill=\"\(color)\"><title>\(escape(item.label)): \(escape(item.note))</title></rect>"
            svg += "<text x=\"\(labelW + max(w, 1) + 6)\" y=\"\(y + 16)\">\(escape(item.note))\(unit)</text>"
        }
        return svg + "</svg>"
    }

    /// A vertical histogram.
    static func histogram(_ counts: [Int], labels: [String], color: String = "#3b6ea8") -> String {
        let maxCount = max(counts.max() ?? 1, 1)
        let colW = 86, plotH = 160
        let w = counts.count * colW + 20
        var svg = "<svg viewBox=\"0 0 \(w) \(plotH + 44)\" width=\"\(w)\" role=\"img\">"
        for (k, c) in counts.enumerated() {
            let h = Int((Double(c) / Double(maxCount) * Double(plotH)).rounded())
            let x = 10 + k * colW
            svg += "<rect x=\"\(x + 4)\" y=\"\(plotH - h + 14)\" width=\"\(colW - 8)\" height=\"\(max(h, c > 0 ? 1 : 0))\" fill=\"\(color)\"><title>\(escape(labels[k])): \(c)</title></rect>"
            svg += "<text x=\"\(x + colW / 2)\" y=\"\(plotH - h + 10)\" text-anchor=\"middle\" class=\"small\">\(c)</text>"
            svg += "<text x=\"\(x + colW / 2)\" y=\"\(plotH + 30)\" text-anchor=\"middle\" class=\"small\">\(escape(labels[k]))</text>"
        }
        return svg + "</svg>"
    }

    /// Grouped bars comparing two shares per value (matched vs all).
    static func mix(_ rows: [(value: String, all: Double, matched: Double)]) -> String {
        guard !rows.isEmpty else { return "" }
        let rowH = 34, labelW = 150, barW = 380
        var svg = "<svg viewBox=\"0 0 \(labelW + barW + 300) \(rows.count * rowH + 10)\" width=\"\(labelW + barW + 300)\" role=\"img\">"
        for (k, r) in rows.enumerated() {
            let y = 4 + k * rowH
            svg += "<text x=\"\(labelW - 8)\" y=\"\(y + 19)\" text-anchor=\"end\">\(escape(r.value))</text>"
            let wa = Int((r.all * Double(barW)).rounded()), wm = Int((r.matched * Double(barW)).rounded())
            svg += "<rect x=\"\(labelW)\" y=\"\(y + 2)\" width=\"\(max(wa, 1))\" height=\"12\" fill=\"#b9c7d8\"><title>all mentees \(fmt(100 * r.all))%</title></rect>"
            svg += "<rect x=\"\(labelW)\" y=\"\(y + 15)\" width=\"\(max(wm, 1))\" height=\"12\" fill=\"#3b6ea8\"><title>matched \(fmt(100 * r.matched))%</title></rect>"
            svg += "<text x=\"\(labelW + max(wa, wm) + 6)\" y=\"\(y + 19)\" class=\"small\">\(fmt(100 * r.all))% of mentees, \(fmt(100 * r.matched))% of matched</text>"
        }
        return svg + "</svg>"
    }

    /// Round N: the changes since the last round by kind (a chart and a
    /// table), and the people waiting, longest first.
    static func roundSection(_ round: RoundFiles) -> String {
        var out = "<h2>Since round \(round.number - 1)</h2>"
        var counts = [RoundChange.Kind: Int]()
        for c in round.changes { counts[c.kind, default: 0] += 1 }
        let kinds = RoundChange.Kind.allCases
        out += bars(kinds.map { (label: $0.rawValue, value: Double(counts[$0] ?? 0), note: "\(counts[$0] ?? 0)") }, color: "#4a6fa5")
        out += "<p class=\"muted\">kept: continuing pairs that stay; new: matched this round; changed: continuing pairs the matching changed (only with rounds.changePrice); ended: pairs the outcomes ended; dissolved: continuing pairs that could not continue.</p>"
        let shown = round.changes.filter { $0.kind != .kept }.prefix(300)
        if !shown.isEmpty {
            out += "<table><thead><tr><th>mentor</th><th>mentee</th><th>change</th><th>score</th><th>reason</th></tr></thead><tbody>"
            for c in shown {
                out += "<tr><td>\(escape(c.mentor.rawValue))</td><td>\(escape(c.mentee.rawValue))</td><td>\(escape(c.kind.rawValue))</td><td class=\"num\">\(c.score.map { fmt($0) } ?? "")</td><td>\(escape(c.reason))</td></tr>"
            }
            out += "</tbody></table>"
            let more = round.changes.filter { $0.kind != .kept }.count - shown.count
            if more > 0 { out += "<p class=\"muted\">… and \(more) more in changes.csv.</p>" }
        }
        // The weights beside the last round's, when they changed (a config rewritten by `learn`).
        let rounds = round.history.rounds
        if rounds.count >= 2, let now = rounds[rounds.count - 1].weights, let before = rounds[rounds.count - 2].weights, now != before {
            out += "<h3>Criterion weights</h3><p class=\"muted\">The weights this round's scores use, beside round \(round.number - 1)'s (0–10).</p>"
            out += "<table><thead><tr><th>criterion</th><th>round \(round.number - 1)</th><th>round \(round.number)</th></tr></thead><tbody>"
            for key in Set(now.keys).union(before.keys).sorted() {
                out += "<tr><td>\(escape(key))</td><td class=\"num\">\(before[key].map { fmt($0) } ?? "–")</td><td class=\"num\">\(now[key].map { fmt($0) } ?? "–")</td></tr>"
            }
            out += "</tbody></table>"
        }
        let waiting = (round.history.rounds.last?.waiting ?? []).sorted { ($0.rounds, $1.id) > ($1.rounds, $0.id) }
        out += "<h3>Waiting</h3>"
        if waiting.isEmpty {
            out += "<p>Nobody eligible is left out this round.</p>"
        } else {
            var byRounds = [Int: Int]()
            for w in waiting { byRounds[w.rounds, default: 0] += 1 }
            out += "<p class=\"muted\">People left out this round, by rounds in a row without a match (this one included); each round waited raises their priority next round (rounds.waitingBonus).</p>"
            out += bars(byRounds.keys.sorted().map { (label: "\($0) round(s)", value: Double(byRounds[$0]!), note: "\(byRounds[$0]!)") }, color: "#b5651d")
        }
        return out
    }

    /// The page; with a round after the first, a section on what changed
    /// since the last round and who is waiting.
    public static func html(_ result: ProgramResult, program: MentoringProgram, round: RoundFiles? = nil) -> String {
        let r = result.report
        let x = program.pairs
        let n = x.menteeIndices.count, m = x.mentorIndices.count
        let scores = result.assignments.map(\.score)
        let matchedMentees = Set(result.assignments.map(\.menteeColumn))
        let mean = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
        let sorted = scores.sorted()
        let median = sorted.isEmpty ? 0 : sorted[sorted.count / 2]
        var body = ""
        // Summary.
        let status = r.termination.reason == .optimal ? "proven optimal" : r.termination.description
        body += "<section class=\"cards\">"
        let pool = program.pool != nil
        let counts: [(String, String)] = pool
            ? [("People matched", "\(result.mentorLoads.filter { $0 > 0 }.count) of \(m)")]
            : [("Mentees matched", "\(matchedMentees.count) of \(n)"),
               ("Mentors with mentees", "\(result.mentorLoads.filter { $0 > 0 }.count) of \(m)")]
        for (label, value) in counts + [

            ("Pairs", "\(result.assignments.count)"),
            ("Mean pair score", fmt(mean)),
            ("Median pair score", fmt(median)),
            ("Solver", "\(r.solver.name) — \(status)"),
        ] {
            body += "<div class=\"card\"><div class=\"label\">\(escape(label))</div><div class=\"value\">\(escape(value))</div></div>"
        }
        body += "</section>"
        var facts = "Objective \(r.objective.map { fmt($0, 2) } ?? "–")"
        if let b = r.bound { facts += ", bound \(fmt(b, 2))" }
        if let g = r.gap { facts += ", gap \(fmt(100 * g, 3))%" }
        if let route = r.statistics.route { facts += ". Route: \(route.rawValue)" + (r.statistics.proof.map { ", proof: \($0.rawValue)" } ?? "") }
        facts += ". Mode: \(program.config.mode.rawValue). Rules: "
        let ruleWords = program.circles.map { c in ["circles of \(c.problem.groupSize.min)–\(c.problem.groupSize.max)"] + c.problem.rules.map(\.description) }
            ?? program.pool.map { $0.rules.map(\.description) } ?? program.rules.constraints.map(\.description)
        facts += ruleWords.isEmpty ? "none." : ruleWords.joined(separator: "; ") + "."
        body += "<p class=\"muted\">\(escape(facts))</p>"
        let gaps = program.dataGaps()
        if !gaps.isEmpty {
            body += "<h2>Answers missing</h2><p class=\"muted\">\(gaps.count) people left weighted questions blank; their pairs score those criteria as neutral (50 %). Ask these first: once they answer, their scores could move by up to the points shown. The full list is in datagaps.csv.</p>"
            body += "<table><thead><tr><th>person</th><th>role</th><th>left blank</th><th>share of the weight</th><th>up to ± points</th></tr></thead><tbody>"
            for g in gaps.prefix(20) {
                body += "<tr><td>\(escape(g.id.rawValue))</td><td>\(escape(g.role))</td><td>\(escape(g.missing.joined(separator: ", ")))</td><td class=\"num\">\(fmt(100 * g.weightShare, 0)) %</td><td class=\"num\">\(fmt(g.maxChange))</td></tr>"
            }
            body += "</tbody></table>"
        }
        if !program.decisions.isEmpty {
            body += "<h2>Decisions for this run</h2><ul>" + program.decisions.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
        if let round, round.number > 1 { body += roundSection(round) }
        // Pair scores.
        var bins = [Int](repeating: 0, count: 10)
        for s in scores { bins[min(9, max(0, Int(s / 10)))] += 1 }
        if !result.causes.isEmpty {
            body += "<h2>Why there is no matching</h2><ul class=\"causes\">" + result.causes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
            body += "<p class=\"muted\">One line per cause; assignments.json lists each person behind it under \"conditions\".</p>"
        }
        let excluded = result.exclusions
        if !excluded.isEmpty {
            body += "<h2>Excluded pairs</h2><ul>" + excluded.map { "<li>\($0.pairs) excluded by \(escape($0.cause))</li>" }.joined() + "</ul>"
        }
        if !result.warnings.isEmpty {
            body += "<h2>Settings that did not apply</h2><ul>" + result.warnings.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
        }
        if r.matching != nil {
            body += "<h2>Pair scores</h2>" + histogram(bins, labels: (0..<10).map { "\($0 * 10)–\($0 * 10 + 10)" })
            // Criteria.
            var points = [String: Double](), values = [String: Double]()
            for a in result.assignments {
                for c in a.explanation.contributions {
                    points[c.criterion, default: 0] += c.points
                    values[c.criterion, default: 0] += c.value
                }
            }
            let count = Double(max(result.assignments.count, 1))
            let criteria = x.criterionNames.enumerated().filter { x.weights[$0.offset] > 0 }.map { k, name in
                (label: name, value: (points[name] ?? 0) / count,
                 note: "\(fmt((points[name] ?? 0) / count)) pts (weight \(fmt(x.weights[k], 0)), mean value \(fmt(100 * (values[name] ?? 0) / count, 0))%)")
            }
            body += "<h2>What the scores are made of</h2><p class=\"muted\">Mean points each criterion adds to a matched pair's score (out of 100).</p>"
            body += bars(criteria.sorted { ($0.value, $1.label) > ($1.value, $0.label) })
            // Loads (circles have no capacities: everyone eligible is in one).
            if program.circles == nil {
            var utilisation = [Int](repeating: 0, count: 5)   // 0, <50%, <100%, full, over? (never)
            var spare = 0
            for (i, load) in result.mentorLoads.enumerated() {
                let cap = program.rules.mentorLoad[i].max
                spare += max(0, cap - load)
                if load == 0 { utilisation[0] += 1 } else if cap > 0 && load * 2 < cap { utilisation[1] += 1 } else if load < cap { utilisation[2] += 1 } else { utilisation[3] += 1 }
            }
            body += pool
                ? "<h2>Partners against capacity</h2><p class=\"muted\">\(spare) partner place(s) left free.</p>"
                : "<h2>Mentor loads against capacity</h2><p class=\"muted\">\(spare) mentor place(s) left free.</p>"
            body += histogram(Array(utilisation.prefix(4)), labels: [pool ? "no partner" : "no mentee", "under half", "half or more", "full"], color: "#5a8f5a")
            var byCapacity = [Int: (mentors: Int, load: Int)]()
            for (i, load) in result.mentorLoads.enumerated() {
                let cap = program.rules.mentorLoad[i].max
                byCapacity[cap, default: (0, 0)].mentors += 1
                byCapacity[cap, default: (0, 0)].load += load
            }
            body += bars(byCapacity.keys.sorted().map { cap in
                let e = byCapacity[cap]!
                return (label: "capacity \(cap) (\(e.mentors) \(pool ? "people" : "mentors"))", value: Double(e.load) / Double(max(1, e.mentors)),
                        note: "mean load \(fmt(Double(e.load) / Double(max(1, e.mentors))))")
            }, color: "#5a8f5a")
            }
            // Diversity mix.
            var attributes = program.config.matching.rules.map(\.attribute) + (program.circles?.problem.rules.map(\.attribute) ?? [])
            if attributes.isEmpty { attributes = ["department"] }
            var seenAttributes = Set<String>()
            let who = pool ? "people" : "mentees"
            body += "<h2>Diversity mix</h2><p class=\"muted\">Share of each value among all \(who) (light) and among matched \(who) (dark).</p>"
            for name in attributes where seenAttributes.insert(name).inserted {
                var all = [String: Int](), matched = [String: Int]()
                for (j, k) in x.menteeIndices.enumerated() {
                    let v = MentoringProgram.attribute(name, of: program.cohort.profiles[k]) ?? MentoringProgram.unknownValue
                    all[v, default: 0] += 1
                    if matchedMentees.contains(j) { matched[v, default: 0] += 1 }
                }
                let rows = all.keys.sorted().map { v in
                    (value: v, all: Double(all[v]!) / Double(max(1, n)), matched: Double(matched[v] ?? 0) / Double(max(1, matchedMentees.count)))
                }
                body += "<h3>\(escape(name))</h3>" + mix(rows)
            }
        }
        // Unmatched.
        var categories = [String: Int]()
        for u in result.unmatched where u.side == "mentee" || u.side == "peer" { categories[u.category, default: 0] += 1 }
        body += "<h2>Left out</h2>"
        if categories.isEmpty {
            body += program.pool != nil ? "<p>Everyone has a partner.</p>" : "<p>Every mentee has a mentor.</p>"
        } else {
            body += bars(categories.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { (label: $0.key, value: Double($0.value), note: "\($0.value)") }, color: "#b5651d")
        }
        let unmatchedRows = result.unmatched.prefix(200)
        if !unmatchedRows.isEmpty {
            body += "<table><thead><tr><th>id</th><th>side</th><th>reason</th></tr></thead><tbody>"
            for u in unmatchedRows {
                body += "<tr><td>\(escape(u.id.rawValue))</td><td>\(escape(u.side))</td><td>\(escape(u.reason))</td></tr>"
            }
            body += "</tbody></table>"
            if result.unmatched.count > unmatchedRows.count { body += "<p class=\"muted\">… and \(result.unmatched.count - unmatchedRows.count) more in assignments.json.</p>" }
        }
        // Circles.
        if !result.circles.isEmpty {
            let byRows = ResultFiles.pairsByRows(result)
            body += "<h2>Circles</h2><p class=\"muted\">\(result.circles.count) circles; each member's score is their mean score with the others.</p>"
            body += "<table><thead><tr><th>circle</th><th>member</th><th>score</th><th>with each other member</th></tr></thead><tbody>"
            for c in result.circles.prefix(200) {
                for k in c.members.indices {
                    body += "<tr><td class=\"num\">\(c.number)</td><td>\(escape(c.members[k].rawValue))</td><td class=\"num\">\(fmt(c.memberScores[k]))</td>"
                        + "<td>\(escape(ResultFiles.circleReasons(c, member: k, pairs: byRows).joined(separator: " · ")))</td></tr>"
                }
            }
            body += "</tbody></table>"
            if result.circles.count > 200 { body += "<p class=\"muted\">… and \(result.circles.count - 200) more circles in assignments.csv.</p>" }
        }
        // Pairs.
        // With a carried name column, people are shown as "id (name)".
        let carriedFields = program.carriedFields
        let nameField = carriedFields.firstIndex { $0.label.lowercased() == "name" }
        func who(_ id: PersonID) -> String {
            guard let f = nameField, let k = program.cohort.index[id] else { return id.rawValue }
            let name = program.carried(k, carriedFields)[f]
            return name.isEmpty ? id.rawValue : "\(id.rawValue) (\(name))"
        }
        let shown = result.assignments.prefix(300)
        let sides = program.pool != nil ? ("person", "partner") : ("mentor", "mentee")
        body += "<h2>Pairs</h2><table><thead><tr><th>\(sides.0)</th><th>\(sides.1)</th><th>score</th><th>top reasons</th></tr></thead><tbody>"
        for a in shown {
            body += "<tr><td>\(escape(who(a.mentor)))</td><td>\(escape(who(a.mentee)))</td><td class=\"num\">\(fmt(a.score))</td><td>\(escape(a.explanation.topReasons(3).joined(separator: " · ")))</td></tr>"
        }
        body += "</tbody></table>"
        if result.assignments.count > shown.count { body += "<p class=\"muted\">… and \(result.assignments.count - shown.count) more in assignments.csv.</p>" }

        return page(title: "Mentoring program report\(round.map { $0.number > 1 ? " — round \($0.number)" : "" } ?? "")",
                    subtitle: "\(program.pool != nil ? "\(m) people" : "\(n) mentees, \(m) mentors"), \(program.config.mode.rawValue) mode\(program.circles != nil ? ", in circles" : "").",
                    body: body)
    }

    /// One self-contained page: the shared style, a title (escaped), a
    /// subtitle (escaped) and `body` (HTML built with ``escape(_:)``).
    static func page(title: String, subtitle: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:1000px;padding:0 1rem;color:#1d2733;background:#fbfcfd}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;font-size:1.2rem;border-bottom:1px solid #d8dee6;padding-bottom:.3rem}h3{font-size:1rem;margin:1rem 0 .3rem}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:.8rem;margin:1rem 0}
        .card{background:#fff;border:1px solid #d8dee6;border-radius:8px;padding:.7rem .9rem}.label{font-size:.8rem;color:#5b6878}.value{font-size:1.15rem;font-weight:600;margin-top:.2rem}
        .muted{color:#5b6878;font-size:.9rem}svg{max-width:100%;height:auto;font-size:12px;fill:#1d2733;display:block}svg .small{font-size:11px}
        table{border-collapse:collapse;width:100%;font-size:.85rem;margin-top:.6rem}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e6eaef;vertical-align:top}th{background:#eef2f6}td.num{text-align:right}
        </style></head><body>
        <h1>\(escape(title))</h1>
        <p class="muted">\(escape(subtitle))</p>
        \(body)
        </body></html>

        """
    }
}
