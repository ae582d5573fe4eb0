import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingSolvers
import MatchingTestSupport
import Programs
import Testing

/// Programs in rounds: random multi-round histories on tiny synthetic
/// cohorts, every round re-checked from the history and against brute force.
@Suite("rounds: rematch keeps, forbids, favours the waiting and prices changes")
struct RoundTests {
    /// Per-round facts the invariants need.
    struct Step {
        var next: NextRound
        var result: ProgramResult
    }

    /// Round 1 of `people` under `config`: the program, its exact solve, and the history it starts.
    static func roundOne(_ people: [Profile], _ config: ProgramConfig) async throws -> (MentoringProgram, ProgramResult, ProgramHistory) {
        let program = try MentoringProgram(profiles: people, config: config)
        let first = try await program.solve(using: NetworkFlowSolver(), options: SolveOptions())
        return (program, first, ProgramHistory(rounds: [ProgramHistory.Round(first, program: program, number: 1)]))
    }

    /// Round 1 of `people`, then `rounds − 1` rematches with random outcomes
    /// (a quarter of pairs failed, an eighth ended), latecomers (mentees
    /// joining each round), and now and then someone no longer eligible.
    static func run(seed: UInt64, rounds: Int, price: Double?) async throws -> [Step] {
        var g = SplitMix64(seed: seed)
        let everyone = SyntheticCohort.generate(mentors: 3, mentees: 8, seed: seed)
        var config = ProgramConfig()
        config.matching.defaultCapacity = 2
        config.matching.unmatchedPenalty = 5
        config.rounds.changePrice = price
        config.rounds.waitingBonus = 7
        config.solver.timeLimit = 10
        func people(round r: Int) -> [Profile] {
            // Mentees E1…E(5 + r) take part in round r; someone may sit a round out.
            var out = everyone.filter { $0.role == .mentor || Int($0.id.rawValue.dropFirst()).map { $0 <= 5 + r } ?? true }
            if r > 1, g.next() % 3 == 0 { let k = Int(g.next() % UInt64(out.count)); out[k].eligible = false }
            return out
        }
        let first = try MentoringProgram(profiles: people(round: 1), config: config)
        var result = try await first.solve(using: NetworkFlowSolver(), options: SolveOptions())
        var history = ProgramHistory(rounds: [ProgramHistory.Round(result, program: first, number: 1)])
        var steps = [Step]()
        for r in 2...rounds {
            var outcomes = [PairOutcome]()
            for (k, link) in history.rounds.last!.pairs.enumerated() {
                switch g.next() % 8 {
                case 0, 1: outcomes.append(PairOutcome(mentor: link.mentor, mentee: link.mentee, result: .failed, line: k + 2))
                case 2: outcomes.append(PairOutcome(mentor: link.mentor, mentee: link.mentee, result: .ended, line: k + 2))
                default: break
                }
            }
            let program = try MentoringProgram(profiles: people(round: r), config: config)
            let next = try NextRound(program: program, history: history, outcomes: outcomes)
            result = try await next.program.solve(using: NetworkFlowSolver(), options: SolveOptions())
            steps.append(Step(next: next, result: result))
            history = next.history(after: result)
        }
        return steps
    }

    @Test("random multi-round histories: no failed pair returns, locked pairs kept or reported, waiting priority grows, every round optimal by brute force", arguments: [nil, 5.0] as [Double?])
    func invariants(_ price: Double?) async throws {
        var kept = 0, changed = 0, waitedRounds = 0, dissolved = 0
        for seed in UInt64(0)..<12 {
            let steps = try await Self.run(seed: seed, rounds: 4, price: price)
            for (k, s) in steps.enumerated() {
                let next = s.next, result = s.result, round = k + 2
                let where_ = "seed \(seed), round \(round)"
                let problem = try #require(next.program.denseProblem)
                let x = try #require(next.program.matrices)
                let pairs = Set(result.assignments.map { [$0.mentor, $0.mentee] })
                // No failed pair, of any round, is matched again; nor an ended one (repeatEnded is off).
                #expect(pairs.isDisjoint(with: next.history.failedPairs), "\(where_)")
                #expect(pairs.isDisjoint(with: next.history.endedPairs), "\(where_)")
                // Every pair of the last round is ended, dissolved, or carried, exactly once.
                let last = next.history.rounds.last!.pairs.map { [$0.mentor, $0.mentee] }
                let ids = { (p: Pair) in [next.program.cohort.profiles[x.mentorIndices[p.mentor.rawValue]].id, next.program.cohort.profiles[x.menteeIndices[p.mentee.rawValue]].id] }
                let accounted = next.before.map { [$0.mentor, $0.mentee] } + next.carried.map(ids)
                #expect(accounted.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) } == last.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }, "\(where_)")
                // Locked: every carried pair stays; priced: the changes say which did not.
                let changes = next.changes(in: result)
                for p in next.carried.map(ids) {
                    let c = changes.filter { [$0.mentor, $0.mentee] == p }
                    #expect(c.count == 1 && (c[0].kind == .kept) == pairs.contains(p) && (c[0].kind == .changed) == !pairs.contains(p), "\(where_): \(p) \(c)")
                    if price == nil { #expect(pairs.contains(p), "\(where_): locked pair \(p) dropped") }
                }
                kept += changes.filter { $0.kind == .kept }.count
                changed += changes.filter { $0.kind == .changed }.count
                dissolved += changes.filter { $0.kind == .dissolved }.count
                // Every pair of this round is kept or new, once.
                #expect(changes.filter { $0.kind == .kept || $0.kind == .new }.count == result.assignments.count, "\(where_)")
                // Waiting: the penalty is the base plus the bonus per round waited.
                for (j, k) in x.menteeIndices.enumerated() {
                    let id = next.program.cohort.profiles[k].id
                    let waited = next.history.roundsWaited(id)
                    #expect(next.waited[j] == waited)
                    #expect(abs(problem.rules.unmatchedPenalty[j] - (5 + 7 * Double(waited))) < 1e-12, "\(where_): \(id)")
                    waitedRounds += waited
                }
                let after = next.history(after: result)
                for w in after.rounds.last!.waiting { #expect(w.rounds == next.history.roundsWaited(w.id) + 1) }
                // Optimal for the round's problem (price and penalties included): brute force agrees.
                let best = try #require(BruteForce.solve(problem), "\(where_): brute force found no matching")
                #expect(result.report.termination.reason == .optimal, "\(where_)")
                #expect(abs((result.report.objective ?? .nan) - best.objective) < 1e-6, "\(where_): \(result.report.objective ?? .nan) vs \(best.objective)")
                // The objective is the scores, plus the price per continuing pair kept, less the penalties.
                let keptNow = next.carried.filter { pairs.contains(ids($0)) }.count
                var matched = [Bool](repeating: false, count: x.menteeIndices.count)
                for a in result.assignments { matched[a.menteeColumn] = true }
                let expected = result.assignments.reduce(0.0) { $0 + x.total[Pair(MentorIndex($1.mentorRow), MenteeIndex($1.menteeColumn))] }
                    + (price ?? 0) * Double(keptNow)
                    - matched.indices.reduce(0.0) { $0 + (matched[$1] || problem.rules.menteeDemand[$1].max == 0 ? 0 : problem.rules.unmatchedPenalty[$1]) }
                #expect(abs(expected - (result.report.objective ?? .nan)) < 1e-6, "\(where_): \(expected) vs \(result.report.objective ?? .nan)")
            }
        }
        // The random histories exercise every path.
        #expect(kept > 20 && waitedRounds > 0 && dissolved > 0, "kept \(kept), waited \(waitedRounds), dissolved \(dissolved)")
        if price != nil { #expect(changed > 0, "no continuing pair ever changed") }
    }

    @Test("mid-round repair: a pair reported failed is dissolved, both people matched again within free capacity, that pair forbidden, every other pair kept")
    func repair() async throws {
        let people = SyntheticCohort.generate(mentors: 20, mentees: 40, seed: 11)
        var config = ProgramConfig()
        config.matching.defaultCapacity = 3
        let (program, first, history) = try await Self.roundOne(people, config)
        let bad = try #require(first.assignments.first)
        let next = try NextRound(program: program, history: history, outcomes: [PairOutcome(mentor: bad.mentor, mentee: bad.mentee, result: .failed, line: 2)])
        let result = try await next.program.solve(using: NetworkFlowSolver(), options: SolveOptions())
        let before = Set(first.assignments.map { [$0.mentor, $0.mentee] }), after = Set(result.assignments.map { [$0.mentor, $0.mentee] })
        #expect(!after.contains([bad.mentor, bad.mentee]))
        #expect(before.subtracting([[bad.mentor, bad.mentee]]).isSubset(of: after))
        #expect(after.contains { $0[1] == bad.mentee }, "the mentee of the failed pair is matched again")
        let changes = next.changes(in: result)
        #expect(changes.filter { $0.kind == .ended } == [RoundChange(mentor: bad.mentor, mentee: bad.mentee, kind: .ended, reason: "failed: never matched again", score: (bad.score * 100).rounded() / 100)])
        #expect(changes.filter { $0.kind == .new }.allSatisfy { $0.reason.contains("ended") || $0.reason.contains("waited") || $0.reason.contains("free capacity") }, "\(changes.filter { $0.kind == .new })")
    }

    @Test("continuing pairs that cannot continue are dissolved with the reason: someone gone, not eligible, a capacity that fell")
    func dissolved() async throws {
        let people = SyntheticCohort.generate(mentors: 10, mentees: 20, seed: 5)
        var config = ProgramConfig()
        config.matching.defaultCapacity = 2
        let (program, first, history) = try await Self.roundOne(people, config)
        let pairs = first.assignments
        let gone = pairs[0].mentee
        let resting = try #require(pairs.first { $0.mentee != gone && $0.mentor != pairs[0].mentor })
        let busy = try #require(Dictionary(grouping: pairs, by: \.mentor).first { $0.value.count == 2 && $0.key != resting.mentor && $0.key != pairs[0].mentor })
        var today = people.filter { $0.id != gone }
        today[today.firstIndex { $0.id == resting.mentee }!].eligible = false
        today[today.firstIndex { $0.id == busy.key }!].capacity = 1
        let next = try NextRound(program: try MentoringProgram(profiles: today, config: config), history: history, outcomes: [])
        let reasons = Dictionary(uniqueKeysWithValues: next.before.map { ([$0.mentor, $0.mentee], $0.reason) })
        #expect(reasons[[pairs[0].mentor, gone]] == "\(gone) is not in today's participants")
        #expect(reasons[[resting.mentor, resting.mentee]]?.contains("now excluded") == true, "\(reasons)")
        let lower = busy.value.min { $0.score < $1.score }!
        #expect(reasons[[busy.key, lower.mentee]] == "\(busy.key)'s capacity is now 1: their pairs that score more are kept")
        #expect(next.before.allSatisfy { $0.kind == .dissolved })
        #expect(next.carried.count == pairs.count - 3)
    }

    /// Three rounds of a 10 × 20 synthetic program: round 1 solved, then round 2 with `outcomes2`.
    static func twoRounds(_ config: ProgramConfig, outcomes2: (ProgramResult) -> [PairOutcome]) async throws -> (ProgramHistory, MentoringProgram, [PairOutcome]) {
        let people = SyntheticCohort.generate(mentors: 10, mentees: 20, seed: 21)
        let (program, first, h1) = try await Self.roundOne(people, config)
        let o2 = outcomes2(first)
        let next = try NextRound(program: program, history: h1, outcomes: o2)
        let second = try await next.program.solve(using: NetworkFlowSolver(), options: SolveOptions())
        return (next.history(after: second), program, o2)
    }

    @Test("outcomes against the history: a failure reported for an earlier round ends the pair now; failed stays failed; one row per pair and round; no pair of the last round without a round column")
    func historyRules() async throws {
        var config = ProgramConfig()
        config.matching.defaultCapacity = 2
        // Round 2 keeps every pair (no outcomes).
        let (h2, program, _) = try await Self.twoRounds(config) { _ in [] }
        let kept = try #require(h2.rounds[1].pairs.first)
        // A failure of that pair reported for round 1 (where it began) ends it in round 3.
        let late = PairOutcome(mentor: kept.mentor, mentee: kept.mentee, result: .failed, round: 1, line: 2)
        let next = try NextRound(program: program, history: h2, outcomes: [late])
        #expect(next.before.contains { $0.mentor == kept.mentor && $0.mentee == kept.mentee && $0.kind == .ended })
        #expect(!next.carried.contains { next.program.cohort.profiles[next.program.pairs.mentorIndices[$0.mentor.rawValue]].id == kept.mentor && next.program.cohort.profiles[next.program.pairs.menteeIndices[$0.mentee.rawValue]].id == kept.mentee })
        let third = try await next.program.solve(using: NetworkFlowSolver(), options: SolveOptions())
        #expect(!third.assignments.contains { $0.mentor == kept.mentor && $0.mentee == kept.mentee })
        // Failed stays failed: a later report cannot undo it, in this file or the next.
        var h3 = next.history(after: third)
        #expect(h3.record([PairOutcome(mentor: kept.mentor, mentee: kept.mentee, result: .continuing, round: 1, line: 4)]) == ["line 4: \(kept.mentor)–\(kept.mentee) was reported failed in round 1: a failed pair stays failed"])
        var same = h2
        let both = same.record([late, PairOutcome(mentor: kept.mentor, mentee: kept.mentee, result: .succeeded, round: 2, line: 3)])
        #expect(both == ["line 3: \(kept.mentor)–\(kept.mentee) is reported succeeded here and failed on line 2: a failed pair stays failed"])
        // A blank round is the last round: the same pair twice is refused, naming both lines.
        var twice = h2
        let dup = twice.record([PairOutcome(mentor: kept.mentor, mentee: kept.mentee, result: .ended, line: 2),
                                PairOutcome(mentor: kept.mentor, mentee: kept.mentee, result: .continuing, round: 2, line: 3)])
        #expect(dup == ["line 3: \(kept.mentor)–\(kept.mentee) (round 2) is already reported on line 2: keep one row per pair and round"])
        #expect(twice == h2, "a refused file recorded something")
        // Without a round, a pair that is not in the last round is refused with what to add.
        #expect(h3.record([PairOutcome(mentor: kept.mentor, mentee: kept.mentee, result: .ended, line: 5)]).first?.contains("is not a pair of the last round (round 3)") == true)
    }

    @Test("ended pairs: never in the round right after, even with repeatEnded; the mid-round repair keeps a minimum load it cannot meet as a note, not an infeasible round")
    func endedAndMinimums() async throws {
        var config = ProgramConfig()
        config.matching.defaultCapacity = 2
        config.matching.minimumLoad = 1
        config.rounds.repeatEnded = true
        var ended = [[PersonID]]()
        let (h2, _, _) = try await Self.twoRounds(config) { first in
            let picks = first.assignments.prefix(4)
            ended = picks.map { [$0.mentor, $0.mentee] }
            return picks.map { PairOutcome(mentor: $0.mentor, mentee: $0.mentee, result: .ended, line: 2) }
        }
        let round2 = Set(h2.rounds[1].pairs.map { [$0.mentor, $0.mentee] })
        for p in ended { #expect(!round2.contains(p), "\(p) ended and came straight back") }
        // Every pair of one mentor fails mid-round, everything else is locked: the round still matches.
        let people = SyntheticCohort.generate(mentors: 10, mentees: 20, seed: 21)
        var locked = ProgramConfig()
        locked.matching.defaultCapacity = 2
        locked.matching.minimumLoad = 1
        let (program, first, history) = try await Self.roundOne(people, locked)
        let mentor = try #require(first.assignments.first?.mentor)
        let failed = first.assignments.filter { $0.mentor == mentor }.enumerated().map { PairOutcome(mentor: $1.mentor, mentee: $1.mentee, result: .failed, line: $0 + 2) }
        let strict = try NextRound(program: program, history: history, outcomes: failed)
        let unmet = try await strict.program.solve(using: NetworkFlowSolver(), options: SolveOptions())
        #expect(unmet.report.termination.reason == .infeasible, "\(unmet.report.termination)")
        let next = try #require(strict.relaxingMinimums())
        let result = try await next.program.solve(using: NetworkFlowSolver(), options: SolveOptions())
        #expect(result.report.matching != nil, "\(result.report.termination)")
        #expect(next.notes.contains { $0.hasPrefix("\(mentor) keeps 0 continuing pair(s), below the minimum load of 1") }, "\(next.notes)")
        // Every other pair is kept.
        let before = Set(first.assignments.filter { $0.mentor != mentor }.map { [$0.mentor, $0.mentee] })
        #expect(before.isSubset(of: Set(result.assignments.map { [$0.mentor, $0.mentee] })))
    }

    @Test("a change price needs the total objective: with maxMin it is refused in one line")
    func priceNeedsTotal() async throws {
        var config = ProgramConfig()
        config.rounds.changePrice = 5
        config.matching.objective = .maxMin
        let people = SyntheticCohort.generate(mentors: 4, mentees: 6, seed: 2)
        let (program, first, history) = try await Self.roundOne(people, config)
        do { _ = try NextRound(program: program, history: history, outcomes: []); Issue.record("accepted") } catch let e as MatchingError {
            #expect(e.code == .invalidConfig && e.message.hasPrefix("rounds.changePrice prices changes against the total score"), "\(e.message)")
        }
    }

    @Test("a hand-edited history is refused naming the entry: negative waits, a pair twice, a self-pair, an empty id, rounds out of order, an outcome of no pair")
    func historyValidation() throws {
        let good = #"{"format":"mentormatch-history","version":1,"rounds":[{"round":1,"mode":"traditional","pairs":[{"mentor":"M1","mentee":"E1","score":50}],"waiting":[{"id":"E2","rounds":1}],"outcomes":[]}]}"#
        #expect((try? ConfigFile.decode(ProgramHistory.self, from: Data(good.utf8), name: "history.json")) != nil)
        for (from, to, words) in [(#""rounds":1}]"#, #""rounds":-5}]"#, "rounds[0].waiting[0]: E2 has waited -5 round(s)"),
                                  (#"{"mentor":"M1","mentee":"E1","score":50}"#, #"{"mentor":"M1","mentee":"E1","score":50},{"mentor":"M1","mentee":"E1"}"#, "rounds[0].pairs[1]: M1–E1 is listed twice"),
                                  (#""mentee":"E1""#, #""mentee":"M1""#, "rounds[0].pairs[0]: 'M1' is paired with themself"),
                                  (#""mentee":"E1""#, #""mentee":"""#, "rounds[0].pairs[0]: an id is empty"),
                                  (#""round":1"#, #""round":2"#, "rounds[0] is numbered 2"),
                                  (#""outcomes":[]"#, #""outcomes":[{"mentor":"M2","mentee":"E1","result":"failed"}]"#, "rounds[0].outcomes[0]: M2–E1 is not a pair of round 1")] {
            let bad = good.replacingOccurrences(of: from, with: to)
            #expect(bad != good)
            do { _ = try ConfigFile.decode(ProgramHistory.self, from: Data(bad.utf8), name: "history.json"); Issue.record("accepted: \(words)") } catch let e as MatchingError {
                #expect(e.message.contains(words) && e.message.contains("history.json"), "\(e.message)")
            }
        }
    }
}
