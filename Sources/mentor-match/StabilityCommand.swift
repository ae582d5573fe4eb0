import ArgumentParser
import Foundation
import MentorMatch

/// `mentor-match stability`: a matching audited against both sides'
/// preferences, the stable matchings of deferred acceptance, and the price
/// of stability.
struct StabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stability",
        abstract: "Audit a matching for blocking pairs, and compare the optimum with the stable matchings.",
        discussion: """
            Preferences: each person's preferences column ranks those people first, in order; everyone else \
            they may be matched with follows by the pair's score (equal scores tie). Stability concerns these \
            rankings and capacities (a mentor's capacity, one mentor per mentee); minimum loads and attribute \
            rules are not part of it. Prints the blocking pairs of the matching (the optimum of the program, \
            or --assignments of an earlier run) with what each side would gain; the mentee- and \
            mentor-proposing deferred acceptance matchings; the best-total stable matching (with strict rankings, \
            the best closed set of rotations, proven by a minimum cut at any size; with ties, GLPK proves the best \
            weakly stable matching when its program fits, and otherwise the best for ties broken by index is shown, \
            unproven); and the price of stability: the optimum with capacities only against the best stable total \
            (an upper bound while the best is unproven). In one pool \
            (mutual mode) with one partner each, Irving's stable roommates algorithm finds a stable matching or \
            proves there is none; with capacities above one (the stable fixtures problem), GLPK finds the best \
            stable matching or proves there is none, from a stable matching found by random paths to stability. \
            --out writes stability.json and blocking-pairs.csv.
            """)

    @OptionGroup var inputs: ProgramInputs

    @Option(name: .long, help: "The assignments.json of a run to audit (default: the program's optimum, solved now).")
    var assignments: String?

    @Option(name: .long, help: "Write stability.json and blocking-pairs.csv into this directory.")
    var out: String?

    @Option(name: .long, help: "Seconds for each solve (default 60).")
    var timeLimit: Double = 60

    func validate() throws {
        guard timeLimit.isFinite, timeLimit > 0 else { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    func run() async throws {
        // With progress: what reading noticed (unknown ids in a preferences column, say) is printed, as `match` prints it.
        let program = try inputs.loadProgram(progress: true)
        if let pool = program.pool {
            guard program.circles == nil else {
                printError("mentor-match: stability: circles are groups, not pairs; stability is audited for pairs (mentor–mentee programs, or one pool of pairs)")
                throw ExitCode(Exit.unsupported)
            }
            return try await runPool(program, pool)
        }
        guard let problem = program.denseProblem else {
            printError("mentor-match: stability: the scores are streamed; stability needs them dense")
            throw ExitCode(Exit.unsupported)
        }
        let x = program.pairs
        let cohort = program.cohort
        let mentorColumn = Dictionary(uniqueKeysWithValues: x.mentorIndices.enumerated().map { ($1, $0) })
        let menteeColumn = Dictionary(uniqueKeysWithValues: x.menteeIndices.enumerated().map { ($1, $0) })
        let mentorLists = x.mentorIndices.map { k in cohort.profiles[k].preferences.compactMap { cohort.index[$0].flatMap { menteeColumn[$0] } } }
        let menteeLists = x.menteeIndices.map { k in cohort.profiles[k].preferences.compactMap { cohort.index[$0].flatMap { mentorColumn[$0] } } }
        let relaxed = problem.withoutRulesBeyondCapacity
        let preferences: StabilityPreferences
        do { preferences = try StabilityPreferences(relaxed, mentorLists: mentorLists, menteeLists: menteeLists) } catch let e as MatchingError {
            printError("mentor-match: \(program.withIDs(e.message))")
            throw ExitCode(Exit.code(for: e))
        }
        var options = SolveOptions()
        options.timeLimit = timeLimit
        func id(_ i: Int, mentor: Bool) -> String { cohort.profiles[mentor ? x.mentorIndices[i] : x.menteeIndices[i]].id.rawValue }
        func total(_ m: Matching) -> Double { MatchingValidator.check(m, against: relaxed).objective }

        // The matching audited: a run's, or the program's optimum.
        let audited: Matching
        let source: String
        do {
            if let assignments {
                audited = try Self.readMatching(assignments, mentors: mentorColumn, mentees: menteeColumn, cohort: cohort)
                source = assignments
                // The matching must be one of these participants' matchings (allowed pairs, capacities kept).
                let check = MatchingValidator.check(audited, against: relaxed)
                if let first = check.violations.first {
                    throw MatchingError(.invalidFile, "\(assignments): not a matching of these participants and config: \(program.withIDs(first.message))\(check.violations.count > 1 ? " (and \(check.violations.count - 1) more)" : "")")
                }
            } else {
                let r = try await AutoSolver(integerProgram: GLPKSolver()).solve(problem, options: options)
                guard let m = r.matching else {
                    printError("mentor-match: stability: the program has no matching to audit (\(r.termination))")
                    throw ExitCode(Exit.noMatching)
                }
                audited = m
                source = "the program's optimum (\(r.termination.reason.rawValue))"
            }
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        let blocking = StabilityAudit.blockingPairs(audited, in: relaxed, preferences: preferences)
        let menteeOptimal = DeferredAcceptance.solve(preferences, proposers: .mentees)
        let mentorOptimal = DeferredAcceptance.solve(preferences, proposers: .mentors)
        let optimum: SolveReport, best: SolveReport
        do {
            optimum = try await NetworkFlowSolver().solve(relaxed, options: options)
            best = try await GLPKSolver().bestStable(relaxed, preferences: preferences, options: options)
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        func fmt(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "—" }
        let optimal = optimum.objective, stable = best.objective
        var lines = [
            "audited: \(source): \(audited.pairs.count) pairs, total \(fmt(total(audited))), \(blocking.count) blocking pair(s)",
        ]
        for b in blocking.sorted(by: { ($0.menteeGain + $0.mentorGain, $1.pair) > ($1.menteeGain + $1.mentorGain, $0.pair) }).prefix(10) {
            lines.append("  \(id(b.pair.mentor.rawValue, mentor: true))–\(id(b.pair.mentee.rawValue, mentor: false)): mentee gains \(fmt(b.menteeGain)), mentor gains \(fmt(b.mentorGain))")
        }
        if blocking.count > 10 { lines.append("  … and \(blocking.count - 10) more\(out == nil ? " (--out writes them all)" : "")") }
        lines += [
            "deferred acceptance, mentees proposing: \(menteeOptimal.pairs.count) pairs, total \(fmt(total(menteeOptimal)))",
            "deferred acceptance, mentors proposing: \(mentorOptimal.pairs.count) pairs, total \(fmt(total(mentorOptimal)))",
            best.matching == nil
                ? "best-total stable matching: not found (\(best.termination.reason.rawValue)): \(best.termination.detail)"
                : "best-total stable matching: \(best.termination.reason.rawValue), total \(fmt(stable))" + (best.matching.map { " (\($0.pairs.count) pairs)" } ?? "")
                    + (best.termination.reason == .optimal ? "" : ": \(best.termination.detail)"),
            "optimum with capacities only: \(optimum.termination.reason.rawValue), total \(fmt(optimal))",
        ]
        // The price is proven when both totals are; a stable total that reaches the optimum with capacities
        // only is the best as well (no matching does better). Otherwise it is an upper bound.
        let reachesOptimum = optimal.flatMap { o in stable.map { abs(o - $0) <= 1e-9 * Swift.max(1, abs(o)) } } == true
        let proven = optimum.termination.reason == .optimal && (best.termination.reason == .optimal || reachesOptimum)
        if let o = optimal, let s = stable {
            let ratio = o > 0 && s > 0 ? " (\(proven ? "" : "at most ")\(String(format: "%.4f", o / s))×)" : ""
            lines.append("price of stability: \(proven ? "" : "at most ")\(fmt(o - s)) points\(ratio)" + (proven && best.termination.reason != .optimal ? " — the stable total reaches the optimum with capacities only, so it is the best" : ""))
        }
        print(lines.joined(separator: "\n"))
        guard let out else { return }
        let json = JSONText.object([
            ("audited", .object([("source", .string(source)), ("pairs", .number(Double(audited.pairs.count))), ("total", .number(total(audited))),
                                 ("blockingPairs", .array(blocking.map { b in
                                     .object([("mentor", .string(id(b.pair.mentor.rawValue, mentor: true))), ("mentee", .string(id(b.pair.mentee.rawValue, mentor: false))),
                                              ("menteeGain", .number(b.menteeGain)), ("mentorGain", .number(b.mentorGain))])
                                 }))])),
            ("deferredAcceptance", .object([("menteesProposing", .number(total(menteeOptimal))), ("mentorsProposing", .number(total(mentorOptimal)))])),
            ("bestStable", .object([("status", .string(best.termination.reason.rawValue)), ("detail", .string(best.termination.detail)),
                                    ("total", stable.map(JSONText.number) ?? .null),
                                    ("pairs", .array((best.matching?.pairs ?? []).map { .array([.string(id($0.mentor.rawValue, mentor: true)), .string(id($0.mentee.rawValue, mentor: false))]) }))])),
            ("optimum", optimal.map(JSONText.number) ?? .null),
            ("priceOfStability", optimal.flatMap { o in stable.map { s in .number(o - s) } } ?? .null),
            ("priceOfStabilityProven", .bool(proven)),
        ])
        let csv = ResultFiles.csv([["mentor_id", "mentee_id", "mentee_gain", "mentor_gain"]] + blocking.map { b in
            [id(b.pair.mentor.rawValue, mentor: true), id(b.pair.mentee.rawValue, mentor: false), String(format: "%.2f", b.menteeGain), String(format: "%.2f", b.mentorGain)]
        })
        try writeFiles([("stability.json", json.rendered() + "\n"), ("blocking-pairs.csv", csv)], to: out)
    }

    /// One pool of pairs (mutual mode): the optimum's blocking pairs under
    /// everyone's capacity; with one partner each, Irving's stable roommates
    /// algorithm (a stable matching, or the proof that none exists); with
    /// capacities above one (the stable fixtures problem), GLPK's best-total
    /// stable matching, or its proof that none exists.
    func runPool(_ program: MentoringProgram, _ pool: PoolProblem) async throws {
        let capacity = pool.partners.map(\.max)
        let fixtures = capacity.contains { $0 > 1 }
        let x = program.pairs, cohort = program.cohort
        let row = Dictionary(uniqueKeysWithValues: x.mentorIndices.enumerated().map { ($1, $0) })
        let lists = x.mentorIndices.map { k in cohort.profiles[k].preferences.compactMap { cohort.index[$0].flatMap { row[$0] } } }
        let rank = StableRoommates.rankings(pool, lists: lists)
        let n = pool.count
        var scores = [Double](repeating: 0, count: n * n)
        scores.withUnsafeMutableBufferPointer { pool.source.scores(mentors: 0..<n, into: $0) }
        func total(_ pairs: [Pair]) -> Double { pairs.reduce(0) { $0 + scores[$1.mentor.rawValue * n + $1.mentee.rawValue] } }
        func id(_ k: Int) -> String { cohort.profiles[x.mentorIndices[k]].id.rawValue }
        func fmt(_ v: Double) -> String { String(format: "%.2f", v) }
        var options = SolveOptions()
        options.timeLimit = timeLimit
        let audited: [Pair], source: String
        do {
            if let assignments {
                audited = try Self.readPoolMatching(assignments, rows: row, cohort: cohort)
                source = assignments
                var seen = Set<Int>()
                for p in audited {
                    guard rank[p.mentor.rawValue][p.mentee.rawValue] != nil else {
                        throw MatchingError(.invalidFile, "\(assignments): \(id(p.mentor.rawValue))–\(id(p.mentee.rawValue)) may not be paired under these participants and config")
                    }
                    guard seen.insert(p.mentor.rawValue * n + p.mentee.rawValue).inserted else {
                        throw MatchingError(.invalidFile, "\(assignments): \(id(p.mentor.rawValue))–\(id(p.mentee.rawValue)) is listed twice")
                    }
                }
                var degree = [Int](repeating: 0, count: n)
                for p in audited { degree[p.mentor.rawValue] += 1; degree[p.mentee.rawValue] += 1 }
                if let k = (0..<n).first(where: { degree[$0] > capacity[$0] }) {
                    throw MatchingError(.invalidFile, "\(assignments): \(id(k)) has \(degree[k]) partners, more than their capacity \(capacity[k])")
                }
            } else {
                // The matchings stability compares: capacities only (no minimums, rules or fixed pairs).
                let r = try await BlossomSolver().solve(pool.withoutRulesBeyondCapacity, options: options)
                guard let pairs = r.pairs else {
                    printError("mentor-match: stability: the pool has no matching to audit (\(r.termination))")
                    throw ExitCode(Exit.noMatching)
                }
                audited = pairs
                source = "the pool's optimum with capacities only (\(r.termination.reason.rawValue))"
            }
        } catch let e as MatchingError {
            printError("mentor-match: \(e.message)")
            throw ExitCode(Exit.code(for: e))
        }
        let blocking = StableRoommates.blockingPairs(Matching(pairs: audited), rank: rank, capacity: capacity)
        var lines = ["audited: \(source): \(audited.count) pairs, total \(fmt(total(audited))), \(blocking.count) blocking pair(s)"]
        for b in blocking.prefix(10) { lines.append("  \(id(b.mentor.rawValue))–\(id(b.mentee.rawValue))") }
        if blocking.count > 10 { lines.append("  … and \(blocking.count - 10) more") }
        func pairsJSON(_ pairs: [Pair]) -> JSONText { .array(pairs.map { .array([.string(id($0.mentor.rawValue)), .string(id($0.mentee.rawValue))]) }) }
        let stable: (key: String, value: JSONText)
        if fixtures {
            // Capacities above one: the stable fixtures problem, by GLPK (exact: best total, or proof that none exists).
            let r: PoolReport
            do { r = try await GLPKSolver().bestStable(pool: pool, rank: rank, options: options) } catch let e as MatchingError {
                printError("mentor-match: \(e.message)")
                throw ExitCode(Exit.code(for: e))
            }
            switch r.termination.reason {
            case .infeasible:
                lines.append("stable fixtures (GLPK, capacities up to \(capacity.max() ?? 0)): no stable matching exists — every matching within the capacities has a blocking pair (proven)")
            default:
                if let pairs = r.pairs {
                    let proven = r.termination.reason == .optimal
                    lines.append("stable fixtures (GLPK, capacities up to \(capacity.max() ?? 0)): \(proven ? "the best stable matching (proven)" : "a stable matching exists; \(r.termination.detail)"): \(pairs.count) pairs, total \(fmt(total(pairs)))")
                } else {
                    lines.append("stable fixtures (GLPK): stopped before deciding whether a stable matching exists (\(r.termination))")
                }
            }
            if assignments == nil, let pairs = r.pairs, r.termination.reason == .optimal {
                lines.append("price of stability: \(fmt(total(audited) - total(pairs))) (optimum \(fmt(total(audited))) against the best stable \(fmt(total(pairs))))")
            }
            stable = ("stableFixtures", .object([
                ("status", .string(r.termination.reason.rawValue)),
                ("exists", r.termination.reason == .infeasible ? .bool(false) : (r.pairs == nil ? .null : .bool(true))),
                ("total", r.pairs.map { .number(total($0)) } ?? .null), ("pairs", r.pairs.map(pairsJSON) ?? .null),
            ]))
        } else {
            switch StableRoommates.solve(rank) {
            case .stable(let m):
                lines.append("stable roommates (Irving): a stable matching exists: \(m.pairs.count) pairs, total \(fmt(total(m.pairs))) (one stable matching, not necessarily the best total)")
                lines.append("optimum: total \(fmt(total(audited.isEmpty ? [] : audited)))\(assignments == nil ? "" : " (the audited run)")")
                stable = ("stableRoommates", .object([("exists", .bool(true)), ("total", .number(total(m.pairs))), ("pairs", pairsJSON(m.pairs))]))
            case .none(let person):
                lines.append("stable roommates (Irving): no stable matching exists — eliminating rotations leaves \(id(person)) with no one (every matching of this pool has a blocking pair)")
                stable = ("stableRoommates", .object([("exists", .bool(false)), ("emptiedList", .string(id(person)))]))
            }
        }
        print(lines.joined(separator: "\n"))
        guard let out else { return }
        let json = JSONText.object([
            ("audited", .object([("source", .string(source)), ("pairs", .number(Double(audited.count))), ("total", .number(total(audited))),
                                 ("blockingPairs", pairsJSON(blocking))])),
            stable,
        ])
        let csv = ResultFiles.csv([["person_id", "partner_id"]] + blocking.map { [id($0.mentor.rawValue), id($0.mentee.rawValue)] })
        try writeFiles([("stability.json", json.rendered() + "\n"), ("blocking-pairs.csv", csv)], to: out)
    }

    /// The pairs of a pool run's assignments.json (`person`, `partner`), as pool rows, i < j.
    static func readPoolMatching(_ path: String, rows: [Int: Int], cohort: Cohort) throws -> [Pair] {
        guard let data = FileManager.default.contents(atPath: path),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let pairs = root["pairs"] as? [[String: Any]] else {
            throw MatchingError(.invalidFile, "\(path): not an assignments.json of a pool run (no \"pairs\")")
        }
        return try pairs.enumerated().map { k, p in
            guard let a = p["person"] as? String, let b = p["partner"] as? String else {
                throw MatchingError(.invalidFile, "\(path): pairs[\(k)] has no person and partner (a pool run's file)")
            }
            guard let i = cohort.index[PersonID(a)].flatMap({ rows[$0] }), let j = cohort.index[PersonID(b)].flatMap({ rows[$0] }) else {
                throw MatchingError(.invalidFile, "\(path): pairs[\(k)] (\(a)–\(b)) names someone who is not in this pool")
            }
            return Pair(mentor: Swift.min(i, j), mentee: Swift.max(i, j))
        }
    }

    /// The pairs of a run's assignments.json, as indices of this program.
    static func readMatching(_ path: String, mentors: [Int: Int], mentees: [Int: Int], cohort: Cohort) throws -> Matching {
        guard let data = FileManager.default.contents(atPath: path),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let pairs = root["pairs"] as? [[String: Any]] else {
            throw MatchingError(.invalidFile, "\(path): not an assignments.json of a mentor–mentee run (no \"pairs\")")
        }
        return Matching(pairs: try pairs.enumerated().map { k, p in
            guard let a = p["mentor"] as? String, let b = p["mentee"] as? String else {
                throw MatchingError(.invalidFile, "\(path): pairs[\(k)] has no mentor and mentee")
            }
            guard let i = cohort.index[PersonID(a)].flatMap({ mentors[$0] }), let j = cohort.index[PersonID(b)].flatMap({ mentees[$0] }) else {
                throw MatchingError(.invalidFile, "\(path): pairs[\(k)] (\(a)–\(b)) names someone who is not a mentor or mentee of these participants")
            }
            return Pair(mentor: i, mentee: j)
        })
    }
}
