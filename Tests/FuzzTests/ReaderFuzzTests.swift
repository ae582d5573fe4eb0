import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import MatchingSolvers
import Programs
import PropertyBased
import Testing
import ZIPFoundation

/// Every reader on mutated real inputs and on generated ones: each input
/// gives a value or a ``MatchingError`` — never a crash, a trap, a hang or
/// another kind of error — and whatever reads cleanly goes on through the
/// program, the solver and the independent validator. A failure names the
/// seed that reproduces it (`MENTORMATCH_FUZZ_SEED`).
@Suite("fuzzing the readers", .timeLimit(.minutes(60)))
struct ReaderFuzzTests {
    /// `body(k, seed, mutator)` for each iteration; counts outcomes.
    func run(_ label: String, _ body: (Int, UInt64, inout Mutator) throws -> Void) {
        var untyped = 0
        for k in 0..<FuzzRun.iterations {
            let seed = FuzzRun.baseSeed &+ UInt64(k) &* 0x9E37_79B9
            var m = Mutator(seed: seed)
            do {
                try body(k, seed, &m)
            } catch is MatchingError {
            } catch {
                untyped += 1
                Issue.record("\(label): seed \(seed): an error that is not a MatchingError: \(error)")
                if untyped > 5 { return }
            }
        }
    }

    static let participantFixtures = [
        "Fixtures/exports/reference.csv", "Fixtures/exports/semicolon-decimal-comma.csv", "Fixtures/exports/unicode-text-utf16le.txt",
        "Fixtures/exports/windows-1252.csv", "Fixtures/exports/header-spellings.csv", "Fixtures/cohorts/broken/hostile.csv",
        "Fixtures/cohorts/broken/good-small.csv", "Fixtures/cohorts/broken/no-shared-language.csv",
    ].map { ($0, fixtureData($0)) }

    static let configs = ["Fixtures/cohorts/traditional/program.yaml", "Fixtures/cohorts/reverse/program.yaml", "Fixtures/exports/program.yaml",
                          "Fixtures/cohorts/broken/minimum-load.yaml"].map { fixtureData($0) }

    /// Reads `data` as participants; when it reads cleanly and is small,
    /// matches it and checks the result with the independent validator.
    func readAndMatch(_ data: Data, name: String, config: ProgramConfig = ProgramConfig(), sheet: String? = nil) async throws {
        let table = name.hasSuffix(".xlsx") ? try Workbook.table(data, name: name, sheet: sheet) : try DelimitedText.table(data, name: name)
        let reading = ParticipantFile.parse(table, name: name, options: ParticipantFile.Options(config.compatibility))
        for p in reading.problems { #expect(p.hasPrefix(name), "a problem that does not name the file: \(p)") }
        guard reading.problems.isEmpty, reading.profiles.count <= 60, !reading.profiles.isEmpty else { return }
        let program = try MentoringProgram(profiles: reading.profiles, config: config)
        var options = SolveOptions(timeLimit: 2)
        options.relativeGap = 0
        let problem = try #require(program.denseProblem)
        let report = try await NetworkFlowSolver().solve(problem, options: options)
        if let matching = report.matching {
            let check = MatchingValidator.check(matching, against: problem)
            #expect(check.isFeasible, "\(name): the solver's matching breaks a rule: \(check.violations)")
        }
        _ = program.causes(of: report)
    }

    @Test func mutatedParticipantFiles() async {
        for k in 0..<FuzzRun.iterations {
            let seed = FuzzRun.baseSeed &+ UInt64(k) &* 0x9E37_79B9
            var m = Mutator(seed: seed)
            let (name, data) = m.pick(Self.participantFixtures)
            let input = m.mutate(data, count: m.int(1...6))
            do { try await readAndMatch(input, name: name) } catch is MatchingError {} catch {
                Issue.record("\(name): seed \(seed): an error that is not a MatchingError: \(error)")
            }
        }
    }

    @Test func generatedParticipantTables() async {
        // Property-based generation: headers from the known columns, their
        // spellings and junk; cells from the nasty values and plausible ones.
        let headerCell = Gen.element(of: ParticipantFile.knownColumns + ["Time Zone", "Manager", "level", "gender", "", "ID", "Role"]).map { $0! }
        let cell = Gen.element(of: Mutator.nasty + ["mentor", "mentee", "M1", "E1", "2", "swift:4", "CET", "yes", "Mon 9-12", "english"]).map { $0! }
        let rows = Gen.int(in: 2...9).map { $0 }
        for k in 0..<FuzzRun.iterations {
            var rng = Xoshiro(seed: (FuzzRun.baseSeed, UInt64(k), 17, 42))
            let width = rows.run(using: &rng)
            let header = ["id", "role"] + (0..<width).map { _ in headerCell.run(using: &rng) }
            let body = (0..<rows.run(using: &rng)).map { _ in (0..<header.count).map { _ in cell.run(using: &rng) } }
            let delimiter = [",", ";", "\t"][k % 3]
            func quoted(_ c: String) -> String {
                let special = c.contains(delimiter) || c.contains("\"") || c.contains("\n") || c.contains("\r")
                return special ? "\"" + c.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : c
            }
            let lines: [String] = ([header] + body).map { (row: [String]) -> String in row.map(quoted).joined(separator: delimiter) }
            let text = lines.joined(separator: "\r\n")
            do { try await readAndMatch(Data(text.utf8), name: "generated.csv") } catch is MatchingError {} catch {
                Issue.record("generated \(k): an error that is not a MatchingError: \(error)")
            }
        }
    }

    @Test func mutatedWorkbooks() async throws {
        let original = fixtureData("Fixtures/exports/participants.xlsx")
        let archive = try Archive(data: original, accessMode: .read)
        var parts = [(String, Data)]()
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts.append((entry.path, data))
        }
        for k in 0..<FuzzRun.iterations / 2 {
            let seed = FuzzRun.baseSeed &+ UInt64(k) &* 0x9E37_79B9
            var m = Mutator(seed: seed)
            var input: Data
            if k % 4 == 0 {
                input = m.mutate(original, count: m.int(1...4))   // the ZIP bytes themselves
            } else {
                // One XML part mutated, then zipped again: exercises the sheet and string readers.
                let target = m.pick(parts.indices.filter { parts[$0].0.hasSuffix(".xml") || parts[$0].0.hasSuffix(".rels") })
                let rebuilt = try Archive(data: Data(), accessMode: .create)
                for (k, (path, data)) in parts.enumerated() {
                    let body = k == target ? m.mutate(data, count: m.int(1...5)) : data
                    try rebuilt.addEntry(with: path, type: .file, uncompressedSize: Int64(body.count), compressionMethod: .deflate) { position, size in
                        body.subdata(in: Int(position)..<Int(position) + size)
                    }
                }
                input = rebuilt.data ?? Data()
            }
            do { try await readAndMatch(input, name: "fuzz.xlsx", sheet: k % 3 == 0 ? nil : "Participants") } catch is MatchingError {} catch {
                Issue.record("workbook seed \(seed): an error that is not a MatchingError: \(error)")
            }
        }
    }

    @Test func mutatedConfigs() async {
        let people = (try? ParticipantFile.read(path: packageRoot.appendingPathComponent("Fixtures/exports/reference.csv").path)) ?? []
        #expect(people.count == 34)
        for k in 0..<FuzzRun.iterations {
            let seed = FuzzRun.baseSeed &+ UInt64(k) &* 0x9E37_79B9
            var m = Mutator(seed: seed)
            let input = m.mutate(m.pick(Self.configs), count: m.int(1...5))
            do {
                let config = try ConfigFile.decode(ProgramConfig.self, from: input, name: k % 2 == 0 ? "p.yaml" : "p.json")
                let reading = ParticipantFile.parse(try DelimitedText.table(fixtureData("Fixtures/exports/reference.csv"), name: "r.csv"),
                                                    name: "r.csv", options: ParticipantFile.Options(config.compatibility))
                guard reading.problems.isEmpty else { continue }
                let program = try MentoringProgram(profiles: reading.profiles, config: config)
                let problem = try #require(program.denseProblem)
                let report = try await AutoSolver(integerProgram: LagrangianHeuristic()).solve(problem, options: SolveOptions(timeLimit: 2))
                if let matching = report.matching {
                    #expect(MatchingValidator.check(matching, against: problem).isFeasible, "config seed \(seed)")
                }
            } catch is MatchingError {} catch {
                Issue.record("config seed \(seed): an error that is not a MatchingError: \(error)")
            }
        }
    }

    @Test func mutatedProblemAndScoreFiles() {
        let problems = ["Fixtures/problems/program.json", "Fixtures/problems/committee.json", "Fixtures/problems/infeasible-rules.json"].map(fixtureData)
        let csvs = ["Fixtures/matrices/plain.csv", "Fixtures/matrices/pandas.csv", "Fixtures/matrices/semicolon-decimal-comma.csv",
                    "Fixtures/matrices/utf16le.csv", "Fixtures/problems/program-scores.csv"].map(fixtureData)
        let npys = ["Fixtures/matrices/reference.npy", "Fixtures/matrices/fortran.npy", "Fixtures/matrices/version3.npy", "Fixtures/matrices/bool.npy"].map(fixtureData)
        let base = packageRoot.appendingPathComponent("Fixtures/problems").path
        run("problem and score files") { k, _, m in
            switch k % 3 {
            case 0:
                let problem = try ProblemFile.parse(m.mutate(m.pick(problems), count: m.int(1...5)), name: "p.json", baseDirectory: base)
                try problem.validate()
                _ = FeasibilityCheck.failedConditions(of: problem)
                if let pairs = Optional(Array(problem.fixed.prefix(3))) {
                    _ = MatchingValidator.check(Matching(pairs: pairs), against: problem)
                }
            case 1:
                _ = try ScoreFiles.parseCSV(m.mutate(m.pick(csvs), count: m.int(1...5)), name: "s.csv", nanForbidden: k % 2 == 0)
            default:
                _ = try ScoreFiles.parseNPY(m.mutate(m.pick(npys), count: m.int(1...3)), name: "s.npy")
            }
        }
    }

    @Test func theValidatorOnGeneratedProblemsAndMatchings() {
        // Generated problems (sizes, bounds, forbidden and fixed pairs, rules)
        // and arbitrary matchings, valid or not: validate() and the
        // validator answer without trapping, and a matching the validator
        // accepts really keeps every load and demand bound.
        let size = Gen.int(in: 0...6)
        let count = Gen.int(in: -1...3)
        let score = Gen.element(of: [0, 1, -1, 1e300, -1e300, Double.greatestFiniteMagnitude, 3.5, Double.nan, Double.infinity]).map { $0! }
        for k in 0..<FuzzRun.iterations {
            var rng = Xoshiro(seed: (FuzzRun.baseSeed, UInt64(k), 99, 7))
            let mm = size.run(using: &rng), nn = size.run(using: &rng)
            guard let scores = try? ScoreMatrix(mentors: mm, mentees: nn, values: ContiguousArray((0..<mm * nn).map { _ in score.run(using: &rng) })) else { continue }
            func range() -> CountRange { let a = count.run(using: &rng), b = count.run(using: &rng); return CountRange(min: a, max: b) }
            var problem = MatchingProblem(scores: scores, rules: MatchingRules(
                mentorLoad: (0..<mm).map { _ in range() }, menteeDemand: (0..<nn).map { _ in range() },
                unmatchedPenalty: (0..<nn).map { _ in score.run(using: &rng) }))
            let pair = { (rng: inout Xoshiro) in Pair(mentor: Int.random(in: -1...max(mm, 0), using: &rng), mentee: Int.random(in: -1...max(nn, 0), using: &rng)) }
            problem.forbidden = Set((0..<3).map { _ in pair(&rng) })
            problem.fixed = (0..<2).map { _ in pair(&rng) }
            if k % 2 == 0 {
                problem.menteeAttributes["g"] = (0..<nn).map { _ in ["a", "b"].randomElement(using: &rng)! }
                let rules: [MatchingConstraint] = [.maxPerMentor(attribute: "g", limit: count.run(using: &rng)),
                                                   .quota(attribute: k % 4 == 0 ? "g" : "missing", value: "a", count: range())]
                problem.constraints = rules
            }
            let valid = (try? problem.validate()) != nil
            let matching = Matching(pairs: (0..<Int.random(in: 0...5, using: &rng)).map { _ in pair(&rng) })
            guard valid else { continue }
            _ = FeasibilityCheck.failedConditions(of: problem)
            let check = MatchingValidator.check(matching, against: problem)
            if check.isFeasible {
                var load = [Int](repeating: 0, count: mm), got = [Int](repeating: 0, count: nn)
                for p in matching.pairs { load[p.mentor.rawValue] += 1; got[p.mentee.rawValue] += 1 }
                for i in 0..<mm { #expect(problem.mentorLoad[i].contains(load[i]), "seed \(k): mentor \(i) load \(load[i]) accepted") }
                for j in 0..<nn { #expect(problem.menteeDemand[j].contains(got[j]), "seed \(k): mentee \(j) got \(got[j]) accepted") }
            }
        }
    }
}
