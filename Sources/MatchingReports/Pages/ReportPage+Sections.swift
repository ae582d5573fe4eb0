import Compatibility
import MatchingCore
import Plot
import Programs

/// The report's sections, one function each, in page order after the summary.
extension ReportPage {
    /// The program's rules in sentences, and the pairs the filters never allow, by cause.
    static func rules(_ f: ReportFacts) -> Markup {
        let excluded = f.result.exclusions
        return Blocks.section("The program's rules", [
            Blocks.list(Words.rules(f.program)),
            .if(!excluded.isEmpty, .group(
                .h3(.text("Pairs never considered")),
                Blocks.note("Pairs the filters and must-haves rule out before matching, by the first reason that applies."),
                Blocks.table("excluded", columns: [.init("reason"), .init("pairs", numeric: true)],
                             rows: excluded.map { [.text(Words.sentence($0.cause)), .text(String($0.pairs))] })
            )),
        ])
    }

    /// The people who left weighted questions blank, heaviest first (20; the rest in `datagaps.csv`).
    static func dataGaps(_ f: ReportFacts) -> Markup {
        let gaps = f.program.dataGaps()
        guard !gaps.isEmpty else { return .empty }
        let shown = gaps.prefix(20)
        return Blocks.section("Answers missing", [
            Blocks.note("\(Blocks.count(gaps.count, "person", "people")) left weighted questions blank; their pairs score those criteria as neutral (50 %). Ask these first: once they answer, their pair scores could move by up to the points shown."),
            Blocks.table("data-gaps", columns: [.init("person"), .init("role"), .init("left blank"), .init("share of the weight", numeric: true), .init("up to ± points", numeric: true)],
                         rows: shown.map { g in Blocks.cells(f.who(g.id), g.role, g.missing.joined(separator: ", "), "\(Blocks.fmt(100 * g.weightShare, 0)) %", Blocks.fmt(g.maxChange)) },
                         total: gaps.count, footnote: gaps.count > shown.count ? "… and \(gaps.count - shown.count) more in datagaps.csv." : nil),
        ])
    }

    /// The administrator's decisions for this run (locks, exclusions, overrides, weights).
    static func decisions(_ f: ReportFacts) -> Markup {
        f.program.decisions.isEmpty ? .empty : Blocks.section("Decisions for this run", [Blocks.list(f.program.decisions)])
    }

    /// Why there is no matching, one line per cause.
    static func causes(_ f: ReportFacts) -> Markup {
        f.result.causes.isEmpty ? .empty : Blocks.section("Why there is no matching", [
            .ul(.cls("causes"), .forEach(f.result.causes) { .li(.text($0)) }),
            Blocks.note("One line per cause; assignments.json lists each person behind it under \"conditions\"."),
        ])
    }

    /// Settings that could not act on this cohort.
    static func warnings(_ f: ReportFacts) -> Markup {
        f.result.warnings.isEmpty ? .empty : Blocks.section("Settings that did not apply", [Blocks.list(f.result.warnings)])
    }

    /// The pairs' scores as a histogram of ten bands.
    static func pairScores(_ f: ReportFacts) -> Markup {
        guard f.hasMatching else { return .empty }
        var bins = [Int](repeating: 0, count: 10)
        for s in f.sortedScores { bins[min(9, max(0, Int(s / 10)))] += 1 }
        let bands = (0..<10).map { "\($0 * 10)–\($0 * 10 + 10)" }
        let pairs = f.program.circles != nil ? "pairs within circles" : "pairs"
        return Blocks.section("Pair scores", [
            Blocks.note("Each pair's score, 0 to 100, says how well the two fit on the weighted criteria. Typical (median): \(f.median.map { Blocks.fmt($0) } ?? "–"); mean: \(f.mean.map { Blocks.fmt($0) } ?? "–")."),
            Charts.figure(
                Charts.columns("pair-scores", title: "Pair scores: \(Blocks.count(f.sortedScores.count, "pair")) by score band", xAxis: "pair score (0–100)", yAxis: pairs,
                    columns: zip(bands, bins).map { ($0, $1) }, edges: (0...10).map { String($0 * 10) }, table: "pair-score-bands"),
                numbers: Blocks.table("pair-score-bands", columns: [.init("score band"), .init(pairs, charted: true)],
                    rows: zip(bands, bins).map { Blocks.cells($0, String($1)) })),
        ])
    }

    /// The mean points each weighted criterion adds to a pair's score.
    static func criteria(_ f: ReportFacts) -> Markup {
        guard f.hasMatching, !f.result.assignments.isEmpty else { return .empty }
        let x = f.program.pairs
        var points = [String: Double](), values = [String: Double]()
        for a in f.result.assignments {
            for c in a.explanation.contributions {
                points[c.criterion, default: 0] += c.points
                values[c.criterion, default: 0] += c.value
            }
        }
        let count = Double(f.result.assignments.count)
        let rows = x.criterionNames.enumerated().filter { x.weights[$0.offset] > 0 }
            .map { k, name in (name: name, weight: x.weights[k], points: (points[name] ?? 0) / count, value: (values[name] ?? 0) / count) }
            .sorted { ($0.points, $1.name) > ($1.points, $0.name) }
        return Blocks.section("What the scores are made of", [
            Blocks.note("The points each criterion adds to a matched pair's score, on average; a pair's points add up to its score. The weights are the program's."),
            Charts.figure(
                Charts.bars("criteria", title: "Mean points per criterion", categoryAxis: "criterion", valueAxis: "mean points added to a pair's score",
                    rows: rows.map { .init(label: f.label($0.name), values: [$0.points], text: "\(Blocks.fmt($0.points)) points") },
                    table: "criterion-points"),
                numbers: Blocks.table("criterion-points", columns: [.init("criterion"), .init("weight", numeric: true), .init("mean points", charted: true), .init("mean fit", numeric: true)],
                    rows: rows.map { Blocks.cells(f.label($0.name), Blocks.fmt($0.weight, 1), Blocks.fmt($0.points), "\(Blocks.fmt(100 * $0.value, 0)) %") })),
        ])
    }

    /// How full the mentors (or, in one pool, people) are against their capacity.
    static func loads(_ f: ReportFacts) -> Markup {
        guard f.hasMatching, f.program.circles == nil else { return .empty }   // circles have no capacities
        let whom = f.pool ? "people" : "mentors", what = f.pool ? "partners" : "mentees"
        var bands = [0, 0, 0, 0]   // none, under half, half or more, full
        var spare = 0
        var byCapacity = [Int: (people: Int, load: Int)]()
        for (i, load) in f.result.mentorLoads.enumerated() {
            let cap = f.program.rules.mentorLoad[i].max
            spare += max(0, cap - load)
            bands[load == 0 ? 0 : cap > 0 && load * 2 < cap ? 1 : load < cap ? 2 : 3] += 1
            byCapacity[cap, default: (0, 0)].people += 1
            byCapacity[cap, default: (0, 0)].load += load
        }
        let labels = [f.pool ? "no partner" : "no mentee", "under half", "half or more", "full"]
        let capacities = byCapacity.keys.sorted().map { cap in (cap: cap, people: byCapacity[cap]!.people, load: byCapacity[cap]!.load) }
        func mean(_ c: (cap: Int, people: Int, load: Int)) -> Double { Double(c.load) / Double(max(1, c.people)) }
        return Blocks.section(f.pool ? "How many partners people have" : "How full the mentors are", [
            Blocks.note("\(Blocks.count(spare, "place")) for \(what) left free. Each \(f.pool ? "person" : "mentor") is counted once, by their \(what) against their capacity."),
            Charts.figure(
                Charts.columns("loads", title: "\(whom.capitalized) by how full they are", xAxis: "\(what) against capacity", yAxis: whom,
                    columns: zip(labels, bands).map { ($0, $1) }, table: "load-bands"),
                numbers: Blocks.table("load-bands", columns: [.init("how full"), .init(whom, charted: true)],
                    rows: zip(labels, bands).map { Blocks.cells($0, String($1)) })),
            .h3(.text("By capacity")),
            Charts.figure(
                Charts.bars("capacity", title: "Mean \(what) by capacity", categoryAxis: "capacity", valueAxis: "mean \(what) per \(f.pool ? "person" : "mentor")",
                    rows: capacities.map { .init(label: "capacity \($0.cap) (\(Blocks.count($0.people, f.pool ? "person" : "mentor", whom)))", values: [mean($0)], text: "\(Blocks.fmt(mean($0))) on average") },
                    table: "capacity-loads"),
                numbers: Blocks.table("capacity-loads", columns: [.init("capacity", numeric: true), .init(whom, numeric: true), .init(what, numeric: true), .init("mean", charted: true), .init("places free", numeric: true)],
                    rows: capacities.map { Blocks.cells(String($0.cap), String($0.people), String($0.load), Blocks.fmt(mean($0)), String($0.cap * $0.people - $0.load)) })),
        ])
    }

    /// The most values an attribute may have to be charted.
    static let mixValueLimit = 12

    /// The attributes of the counted side to chart: those the rules name
    /// first, then the profile fields, then every other column — never the
    /// carried contact columns, nor the side's own role.
    static func mixAttributes(_ f: ReportFacts, people: [Profile]) -> [String] {
        let carried = Set(f.program.carriedFields.map(\.key))
        let free = Set(people.flatMap { $0.attributes.keys }).subtracting(carried).sorted()
        let known = MentoringProgram.profileAttributes.filter { $0 != "role" } + free
        let named = f.program.config.matching.rules.map(\.attribute) + (f.program.config.matching.circles?.maxPerGroup.keys.sorted() ?? [])
        let first = named.compactMap { name in known.first { FieldNames.normalized($0) == FieldNames.normalized(name) } }
        var seen = Set<String>()
        return (first + known).filter { seen.insert($0).inserted }
    }

    /// Per attribute the cohort has, the share of each value among all
    /// mentees (or people) and among those matched.
    static func diversity(_ f: ReportFacts) -> Markup {
        guard f.hasMatching else { return .empty }
        let x = f.program.pairs
        let indices = f.pool ? x.mentorIndices : x.menteeIndices
        let people = indices.map { f.program.cohort.profiles[$0] }
        let matched: Set<Int> = f.pool ? Set(f.result.mentorLoads.indices.filter { f.result.mentorLoads[$0] > 0 }) : f.matchedMentees
        var charts = [Markup](), skipped = [String]()
        for name in mixAttributes(f, people: people) {
            var all = [String: Int](), inMatch = [String: Int]()
            var anyKnown = false
            for (j, p) in people.enumerated() {
                let value = MentoringProgram.attribute(name, of: p)
                anyKnown = anyKnown || value != nil
                let v = value ?? MentoringProgram.unknownValue
                all[v, default: 0] += 1
                if matched.contains(j) { inMatch[v, default: 0] += 1 }
            }
            guard anyKnown else { continue }
            guard all.count >= 2, all.count <= mixValueLimit else {
                skipped.append(all.count < 2 ? "\(name): everyone \(all.keys.first ?? "")" : "\(name): \(all.count) different values")
                continue
            }
            let k = charts.count
            let total = people.count, totalMatched = max(1, matched.count)
            let rows = all.keys.sorted().map { v in
                (value: v, all: all[v]!, matched: inMatch[v] ?? 0,
                 allShare: 100 * Double(all[v]!) / Double(total), matchedShare: 100 * Double(inMatch[v] ?? 0) / Double(totalMatched))
            }
            charts.append(.group(
                .h3(.text(Words.sentence(name))),
                Charts.figure(
                    Charts.bars(Key("mix-", k), title: "\(Words.sentence(name)) of all and of matched \(f.counted)", categoryAxis: name, valueAxis: "share of the \(f.counted) (%)",
                        series: ["bar all", "bar matched"],
                        rows: rows.map { r in
                            .init(label: r.value, values: [r.allShare, r.matchedShare], text: "all \(Blocks.fmt(r.allShare, 0)) % · matched \(Blocks.fmt(r.matchedShare, 0)) %")
                        },
                        table: Key("mix-numbers-", k)),
                    numbers: Blocks.table(Key("mix-numbers-", k), columns: [.init(name), .init("all", charted: true), .init("matched", charted: true), .init("% of all", numeric: true), .init("% of matched", numeric: true)],
                        rows: rows.map { r in Blocks.cells(r.value, String(r.all), String(r.matched), Blocks.fmt(r.allShare), Blocks.fmt(r.matchedShare)) }))
            ))
        }
        return Blocks.section("Diversity mix", [
            Blocks.note("For each attribute of the \(f.counted): the share of each value among all \(f.counted) (light) and among the \(f.counted) matched (dark). A dark bar shorter than its light one means that group was matched less often."),
            Charts.legend([("swatch all", "all \(f.counted) (\(people.count))"), ("swatch matched", "matched \(f.counted) (\(matched.count))")]),
            .group(charts),
            .if(!skipped.isEmpty, Blocks.note("Not charted — " + skipped.joined(separator: "; ") + ".")),
        ])
    }

    /// The bias audit (``/Programs/BiasAudit``): the disparities flagged,
    /// then every group's match rate, mean pair score and share of pairs in
    /// the top quartile, per side and attribute.
    static func biasAudit(_ f: ReportFacts) -> Markup {
        guard f.hasMatching else { return .empty }
        let audit = f.program.biasAudit(f.result)
        guard !audit.attributes.isEmpty else { return .empty }
        let s = audit.settings
        func percent(_ x: Double?) -> String { x.map { "\(Blocks.fmt(100 * $0, 0)) %" } ?? "–" }
        let rows = audit.attributes.flatMap { a in
            ([("everyone", a.whole)] + a.groups.map { ($0.value, $0) }).map { label, g -> [Markup] in
                Blocks.cells("\(a.side)s", a.name, label, String(g.people), String(g.matched),
                             percent(g.matchRate), g.meanScore.map { Blocks.fmt($0) } ?? "–", percent(g.topQuartileShare), g.flags.isEmpty ? "" : "flagged")
            }
        }
        return Blocks.section("Fairness check", [
            Blocks.note("For each attribute and side: how often each group was matched, how good its pairs are, and how many of its pairs are among the best quarter. A group is flagged when it is more than \(Blocks.fmt(100 * s.matchRateGap, 0)) points off in match rate, \(Blocks.fmt(s.scoreGap, 0)) points in mean score, or \(Blocks.fmt(100 * s.topQuartileGap, 0)) points in top-quarter share — and further off than chance would make a group of its size (two standard errors). Groups under \(s.minimumGroup) people are never flagged."),
            audit.flagged.isEmpty
                ? Blocks.list(["No group differs from the whole beyond these limits."])
                : Blocks.list(audit.flagged.map { Words.sentence($0) + "." }),
            Blocks.table("bias-audit", columns: [.init("side"), .init("attribute"), .init("group"), .init("people", numeric: true), .init("matched", numeric: true),
                                                 .init("match rate", numeric: true), .init("mean score", numeric: true), .init("top quarter", numeric: true), .init("flag")],
                         rows: rows),
        ])
    }

    /// Everyone left out, by reason and side (a chart of the same people as the table).
    static func leftOut(_ f: ReportFacts) -> Markup {
        let sides: [(key: String, one: String, many: String)] = f.pool ? [("peer", "person", "people")] : [("mentee", "mentee", "mentees"), ("mentor", "mentor", "mentors")]
        let counts = sides.map { side in (side: side, categories: f.leftOut(side.key)) }
        let total = f.result.unmatched.count
        let summary = counts.map { c in Blocks.count(c.categories.reduce(0) { $0 + $1.count }, c.side.one, c.side.many) }.joined(separator: " and ")
        guard total > 0 else { return Blocks.section("Left out", [.p(.text(f.pool ? "Everyone has a partner." : "Every mentee has a mentor, and every mentor a mentee."))]) }
        let rows = counts.flatMap { c in
            c.categories.map { (label: "\(ReportFacts.shortCategory($0.category)) · \(c.side.many)", side: c.side.many, reason: ReportFacts.category($0.category), count: $0.count) }
        }
        let shown = f.result.unmatched.prefix(200)
        return Blocks.section("Left out", [
            .p(.text("Left out: \(summary).\(f.pool ? "" : " Mentors with no mentee are counted too.") The chart counts the same people as the table below it.")),
            Charts.figure(
                Charts.bars("left-out", title: "People left out by reason", categoryAxis: "reason (side)", valueAxis: "people left out",
                    rows: rows.map { .init(label: $0.label, values: [Double($0.count)], text: String($0.count)) }, whole: true, table: "left-out-reasons"),
                numbers: Blocks.table("left-out-reasons", columns: [.init("reason"), .init("side"), .init("people", charted: true)],
                    rows: rows.map { Blocks.cells($0.reason, $0.side, String($0.count)) })),
            Blocks.table("left-out", columns: [.init("person"), .init("side"), .init("reason")],
                         rows: shown.map { u in Blocks.cells(f.who(u.id), u.side, u.reason) }, total: total,
                         footnote: total > shown.count ? "… and \(total - shown.count) more in assignments.json." : nil),
        ])
    }

    /// A mutual program's circles, member by member.
    static func circles(_ f: ReportFacts) -> Markup {
        let circles = f.result.circles
        guard !circles.isEmpty else { return .empty }
        let byRows = ResultFiles.pairsByRows(f.result)
        let shown = circles.prefix(200)
        return Blocks.section("Circles", [
            Blocks.note("\(Blocks.count(circles.count, "circle")); each member's score is their mean score with the others."),
            Blocks.table("circles", columns: [.init("circle", numeric: true), .init("member"), .init("score", numeric: true), .init("with each other member")],
                         rows: shown.flatMap { c in c.members.indices.map { k in
                             Blocks.cells(String(c.number), f.who(c.members[k]), Blocks.fmt(c.memberScores[k]),
                                          ResultFiles.circleReasons(c, member: k, pairs: byRows).joined(separator: " · "))
                         } },
                         total: circles.reduce(0) { $0 + $1.members.count },
                         footnote: circles.count > shown.count ? "… and \(circles.count - shown.count) more circles in assignments.csv." : nil),
        ])
    }

    /// Every pair with its three strongest reasons in words (300; the rest in `assignments.csv`).
    static func pairs(_ f: ReportFacts) -> Markup {
        guard f.hasMatching, f.program.circles == nil else { return .empty }
        let all = f.result.assignments
        let shown = all.prefix(300)
        return Blocks.section("Pairs", [
            Blocks.note("Click a column's heading to sort. Each reason names a criterion, how well the pair fits it (100 % is a perfect fit), and why."),
            Blocks.table("pairs", columns: [.init(f.sides.0), .init(f.sides.1), .init("score", numeric: true), .init("why they fit")],
                         rows: shown.map { a in
                             [.text(f.who(a.mentor)), .text(f.who(a.mentee)), .text(Blocks.fmt(a.score)), .ul(.cls("reasons"), .forEach(reasons(a, f)) { .li(.text($0)) })]
                         },
                         total: all.count, footnote: all.count > shown.count ? "… and \(all.count - shown.count) more in assignments.csv." : nil),
        ])
    }

    /// A pair's three strongest weighted criteria: `Shared free hours (100 %): at least 2 shared weekly hours`.
    static func reasons(_ a: ProgramResult.Assignment, _ f: ReportFacts) -> [String] {
        a.explanation.contributions.filter { $0.weight > 0 }
            .sorted { ($0.points, $1.criterion) > ($1.points, $0.criterion) }
            .prefix(3)
            .map { "\(f.label($0.criterion)) (\(Int(($0.value * 100).rounded())) %): \($0.reason)" }
    }
}
