import Compatibility
import Plot
import Programs

extension ReportPage {
    /// Round N: the changes since the last round by kind (a chart and a
    /// table), the criterion weights when they changed, and the people
    /// waiting, longest first.
    static func roundSection(_ round: RoundFiles) -> Markup {
        var counts = [RoundChange.Kind: Int]()
        for c in round.changes { counts[c.kind, default: 0] += 1 }
        let kinds = RoundChange.Kind.allCases.map { (kind: $0, count: counts[$0] ?? 0) }
        let changed = round.changes.filter { $0.kind != .kept }
        let shown = changed.prefix(300)
        return Blocks.section("Since round \(round.number - 1)", [
            Charts.figure(
                Charts.bars("round-changes", title: "Pairs by what happened to them", categoryAxis: "what happened", valueAxis: "pairs",
                    rows: kinds.map { .init(label: Words.change($0.kind), values: [Double($0.count)], text: String($0.count)) }, whole: true, table: "round-change-counts"),
                numbers: Blocks.table("round-change-counts", columns: [.init("what happened"), .init("pairs", charted: true)],
                    rows: kinds.map { Blocks.cells(Words.change($0.kind), String($0.count)) })),
            .if(!shown.isEmpty, Blocks.table("round-changes", columns: [.init("mentor"), .init("mentee"), .init("change"), .init("score", numeric: true), .init("reason")],
                                             rows: shown.map { c in Blocks.cells(c.mentor.rawValue, c.mentee.rawValue, c.kind.rawValue, c.score.map { Blocks.fmt($0) } ?? "", c.reason) },
                                             total: changed.count, footnote: changed.count > shown.count ? "… and \(changed.count - shown.count) more in changes.csv." : nil)),
            weights(round),
            waiting(round),
        ])
    }

    /// This round's criterion weights beside the last round's, when they
    /// changed (a config rewritten by `learn`).
    static func weights(_ round: RoundFiles) -> Markup {
        let rounds = round.history.rounds
        guard rounds.count >= 2, let now = rounds[rounds.count - 1].weights, let before = rounds[rounds.count - 2].weights, now != before else { return .empty }
        let keys = Set(now.keys).union(before.keys).sorted()
        return .group(
            .h3(.text("Criterion weights")),
            Blocks.note("The weights this round's scores use, beside round \(round.number - 1)'s (0–10)."),
            Blocks.table("round-weights", columns: [.init("criterion"), .init("round \(round.number - 1)", numeric: true), .init("round \(round.number)", numeric: true)],
                         rows: keys.map { key in Blocks.cells(Criterion.label(of: key, in: rounds[rounds.count - 1].mode), before[key].map { Blocks.fmt($0) } ?? "–", now[key].map { Blocks.fmt($0) } ?? "–") })
        )
    }

    /// The people left out this round, by rounds in a row without a match.
    static func waiting(_ round: RoundFiles) -> Markup {
        let waiting = round.history.rounds.last?.waiting ?? []
        guard !waiting.isEmpty else { return .group(.h3(.text("Waiting")), .p(.text("Nobody eligible is left out this round."))) }
        var byRounds = [Int: Int]()
        for w in waiting { byRounds[w.rounds, default: 0] += 1 }
        let rows = byRounds.keys.sorted().map { (rounds: $0, people: byRounds[$0]!) }
        return .group(
            .h3(.text("Waiting")),
            Blocks.note("People left out this round, by rounds in a row without a match (this one included); each round waited raises their priority next round (rounds.waitingBonus)."),
            Charts.figure(
                Charts.bars("waiting", title: "People waiting by rounds without a match", categoryAxis: "rounds without a match", valueAxis: "people",
                    rows: rows.map { .init(label: Blocks.count($0.rounds, "round"), values: [Double($0.people)], text: String($0.people)) }, whole: true, table: "waiting-rounds"),
                numbers: Blocks.table("waiting-rounds", columns: [.init("rounds without a match", numeric: true), .init("people", charted: true)],
                    rows: rows.map { Blocks.cells(String($0.rounds), String($0.people)) }))
        )
    }
}
