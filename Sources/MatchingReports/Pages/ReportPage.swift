import Compatibility
import Foundation
import MatchingCore
import Plot
import Programs

/// The program report: one self-contained HTML page an administrator reads
/// without a glossary — what was decided in plain words first (who has a
/// match, how good the matching is, the program's rules), then the charts
/// (pair scores, what the scores are made of, how full the mentors are,
/// the diversity mix, who was left out and why) each with its numbers as a
/// table, the people tables (sortable), and last, collapsed, how the
/// result was proven (solver, route, objective, bound, gap, timings).
///
/// The page is built with Plot, which escapes every text node; attributes
/// only ever hold constants and numbers (see `Attr`). It needs no network
/// and no script (a small inline one sorts tables), and prints.
public enum ReportPage {
    /// The page of `result`; with a round after the first, a section on
    /// what changed since the last round and who is waiting. `run` gives the
    /// header's date, input files and version.
    public static func html(_ result: ProgramResult, program: MentoringProgram, round: RoundFiles? = nil, run: ReportRun = ReportRun()) -> String {
        let facts = ReportFacts(result, program: program)
        let sections: [Markup] = [
            summary(facts),
            round.map { $0.number > 1 ? roundSection($0) : .empty } ?? .empty,
            rules(facts),
            dataGaps(facts),
            decisions(facts),
            causes(facts),
            warnings(facts),
            pairScores(facts),
            criteria(facts),
            loads(facts),
            diversity(facts),
            biasAudit(facts),
            leftOut(facts),
            circles(facts),
            pairs(facts),
            proof(facts, run: run),
        ]
        let title = "Mentoring program report" + (round.map { $0.number > 1 ? " — round \($0.number)" : "" } ?? "")
        return PageShell.render(title: title, header: header(facts, run: run), sections: sections)
    }

    /// Under the title: who is in the program, its mode and aim, and the
    /// run — date, input files, version.
    static func header(_ f: ReportFacts, run: ReportRun) -> [Markup] {
        let people = f.pool ? "\(f.m) people" : "\(f.n) mentees and \(f.m) mentors"
        let inputs = run.inputs.isEmpty ? "not recorded" : run.inputs.map { "\($0.name) (\($0.role))" }.joined(separator: ", ")
        func item(_ term: String, _ value: String) -> Markup { .div(.element(named: "dt", nodes: [.text(term)]), .element(named: "dd", nodes: [.text(value)])) }
        return [
            .p(.cls("lede"), .text("\(people). Mode: \(Words.mode(f.program)). Aim: \(Words.objective(f.program)).")),
            .element(named: "dl", nodes: [
                .cls("meta"),
                item("Run", run.dateText), item("Inputs", inputs), item("MentorMatch", run.version),
            ]),
        ]
    }

    /// The verdict in words — who has a match, how good the matching is
    /// proven to be, for `maxMin` the weakest pair — and the key numbers as cards.
    static func summary(_ f: ReportFacts) -> Markup {
        let r = f.report
        var verdict = [f.coverageSentence()]
        let cls: StaticString
        switch r.termination.reason {
        case .optimal:
            cls = "verdict"
            if r.termination.limit == .gap, let g = r.gap {
                verdict.append("It is within \(Words.percent(g)) of the best possible: the solver stopped once it had proven that.")
            } else if let fairest = f.fairnessSentence(proven: true) {
                verdict.append(fairest)
            } else {
                verdict.append("It is the best possible: no other matching that keeps the program's rules scores higher in total.")
            }
        case .feasible:
            cls = "verdict unsure"
            let gap = r.gap.map { " At that point it was at most \(Words.percent($0)) below the best possible total." } ?? ""
            verdict.append("It is a good matching but not proven the best: the solver stopped \(Words.limit(r.termination.limit)).\(gap)")
        case .infeasible:
            cls = "verdict none"
            verdict.append("No matching keeps all of the program's rules. Below: why, and which settings to change.")
        case .noSolutionFound:
            cls = "verdict none"
            verdict.append("No matching was found before the solver stopped \(Words.limit(r.termination.limit)). Allow more time (solver.timeLimit) or relax the rules.")
        case .error:
            cls = "verdict none"
            verdict.append("The solver failed: \(r.termination.detail.isEmpty ? "no detail given" : r.termination.detail).")
        }
        if r.termination.reason != .optimal || r.termination.limit == .gap, let weakest = f.fairnessSentence(proven: false) { verdict.append(weakest) }
        return .section(
            .cls("summary"),
            .h2(.text("Summary")),
            .div(Attr("class", cls).node(), .group(verdict.map { .p(.text($0)) })),
            .div(.cls("cards"), .group(f.cards().map { card in
                .div(.cls("card"),
                     .div(.cls("label"), .text(card.label)),
                     .div(.cls("value"), .text(card.value)),
                     .unwrap(card.sub) { .div(.cls("sub"), .text($0)) })
            }))
        )
    }

    /// How the result was reached and proven, collapsed: status, solver,
    /// route and proof, objective, bound, gap, the worst outcome of
    /// `maxMin`, timings (left out of reproducible runs), the solver's
    /// diagnostics, the rules as configured, and the criteria's config names.
    static func proof(_ f: ReportFacts, run: ReportRun) -> Markup {
        let r = f.report, s = r.statistics
        var facts: [(String, String)] = [
            ("Status", r.termination.description),
            ("Solver", "\(r.solver.name)\(r.solver.version.isEmpty ? "" : " \(r.solver.version)")"),
        ]
        if let route = s.route { facts.append(("Route", "\(Words.route(route)) (\(route.rawValue))")) }
        if let p = s.proof { facts.append(("Proof", "\(Words.proof(p)) (\(p.rawValue))")) }
        facts.append(("Objective", r.objective.map { Blocks.fmt($0, 2) } ?? "none"))
        facts.append(("Bound", r.bound.map { Blocks.fmt($0, 2) } ?? "none"))
        facts.append(("Gap", r.gap.map { "\(Blocks.fmt(100 * $0, 3)) %" } ?? "none"))
        if f.maxMin { facts.append(("Worst outcome", r.worstOutcome.map { Blocks.fmt($0, 2) } ?? "none")) }
        if r.objectiveScale != .original { facts.append(("Scale", "\(r.objectiveScale.rawValue): never-scores solved as their equivalents")) }
        if let rounds = s.pricingRounds { facts.append(("Pricing rounds", "\(rounds)")) }
        if let c = s.candidatePairs { facts.append(("Candidate pairs", "\(c)\(s.allowedPairs.map { " of \($0) allowed" } ?? "")")) }
        facts.append(("Timings", run.reproducible
            ? "left out: SOURCE_DATE_EPOCH is set, so that the same input gives the same page"
            : "build \(Blocks.fmt(r.timings.build, 3)) s, solve \(Blocks.fmt(r.timings.solve, 3)) s"))
        let config = f.program.config
        facts.append(("Config", "mode \(config.mode.rawValue), objective \(f.pool ? "total" : config.matching.objective.rawValue), solver \(config.solver.name)\(config.solver.timeLimit.map { ", time limit \(Blocks.fmt($0, 0)) s" } ?? "")"))
        let technical = Words.technicalRules(f.program)
        facts.append(("Rules", technical.isEmpty ? "none" : technical.joined(separator: "; ")))
        let x = f.program.pairs
        let criteria = x.criterionNames.enumerated().filter { x.weights[$0.offset] > 0 }
        return .tag("details", [Attr("class", "proof")], [
            .element(named: "summary", nodes: [.text("How this was proven")]),
            .p(.cls("muted"), .text("The solver's own terms, for anyone who wants to check the result; assignments.json has the same figures.")),
            .element(named: "dl", nodes: [.cls("facts"), .forEach(facts) { term, value in
                .group(.element(named: "dt", nodes: [.text(term)]), .element(named: "dd", nodes: [.text(value)]))
            }]),
            .if(!r.diagnostics.isEmpty, .group(.h3(.text("The solver's notes")), Blocks.list(r.diagnostics.map(f.program.withIDs)))),
            .if(!criteria.isEmpty, .group(
                .h3(.text("The criteria's names in the config")),
                Blocks.table("criterion-names", columns: [.init("criterion"), .init("config name"), .init("weight", numeric: true)],
                             rows: criteria.map { k, name in [.text(f.label(name)), .element(named: "code", nodes: [.text(name)]), .text(Blocks.fmt(x.weights[k], 1))] })
            )),
        ])
    }
}
