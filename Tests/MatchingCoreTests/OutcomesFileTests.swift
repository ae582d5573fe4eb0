import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import Testing

/// Outcomes files as administrators write them: aliases, a BOM and
/// semicolons, ratings, and one line per problem naming the line.
@Suite("outcomes files")
struct OutcomesFileTests {
    func write(_ text: String, _ name: String = "outcomes.csv") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mm-\(UUID().uuidString)-\(name)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("a spreadsheet export: BOM, semicolons, loose headers, aliases and ratings; success read from the result or the ratings")
    func spreadsheet() throws {
        let path = try write("\u{FEFF}Mentor;Mentee ID;Status;Mentor rating;Mentee_Rating;Round;Date;Comments\r\n"
                             + "M1;E1;Succeeded;5;4;1;2026-10-01;great\r\nM1;E2;bad fit;;;1;;\r\nM2;E3;;2;2;1;;\r\nM2;E4;ongoing;;;1;;\r\nM3;E5;ended;3;4;1;;\r\n")
        let outcomes = try OutcomesFile.read(path: path)
        #expect(outcomes.map(\.result) == [.succeeded, .failed, nil, .continuing, .ended])
        #expect(outcomes.map(\.succeeded) == [true, false, false, nil, nil])
        #expect(outcomes[0].mentorRating == 5 && outcomes[0].menteeRating == 4 && outcomes[0].round == 1 && outcomes[0].date == "2026-10-01")
        #expect(outcomes[0].comment == "great" && outcomes[0].line == 2)
        #expect(outcomes[4].meanRating == 3.5)
    }

    @Test("bad rows: one line each naming the line — unknown word (did you mean), rating out of range, self-pair, blank id, no outcome, bad date, duplicate pair")
    func badRows() throws {
        let path = try write("mentor_id,mentee_id,outcome,mentor_rating,date\nM1,E1,faild,,\nM1,E2,,6,\nM2,M2,failed,,\n,E3,failed,,\nM3,E4,,,\nM3,E5,failed,,2026-02-30\nM4,E6,failed,,\nM4,E6,succeeded,,\n")
        let (outcomes, problems) = try OutcomesFile.check(path: path)
        #expect(outcomes.count == 1, "\(outcomes)")
        let expected = ["line 2: outcome 'faild' is not continuing, succeeded, failed or ended; did you mean 'failed'?",
                        "line 3: mentor_rating '6' is not a whole number from 1 to 5",
                        "line 4: 'M2' is paired with themself",
                        "line 5: mentor_id is blank",
                        "line 6: gives neither an outcome nor a rating",
                        "line 7: date '2026-02-30' is not a calendar date",
                        "line 9: the pair M4–E6 is already on line 8"]
        #expect(problems.count == expected.count, "\(problems)")
        for (p, e) in zip(problems, expected) { #expect(p.contains(path) && p.contains(e), "\(p) vs \(e)") }
        #expect(throws: MatchingError.self) { try OutcomesFile.read(path: path) }
    }

    @Test("a row missing its empty trailing cells reads them blank, a row with filled cells past the header is one problem naming its line, never a crash")
    func rowWidths() throws {
        let path = try write("mentor_id,mentee_id,outcome,mentor_rating\nM1,E1,failed\nM2,E2,succeeded,4,extra\nM3,E3,failed,2\n")
        let (outcomes, problems) = try OutcomesFile.check(path: path)
        #expect(outcomes.map(\.mentor) == ["M1", "M3"])
        #expect(problems == ["\(path): line 3: 5 fields, the header has 4: name the extra column or remove its cells"])
    }

    @Test("columns: an unknown one is refused with a did-you-mean, a missing id column named, a repeated one refused")
    func columns() throws {
        for (text, words) in [("mentor_id,mentee_id,outcom\nM1,E1,failed\n", "did you mean 'outcome'?"),
                              ("mentor_id,outcome\nM1,failed\n", "no mentee_id column"),
                              ("mentor,mentor_id,mentee\nM1,M1,E1\n", "are both mentor_id")] {
            let (_, problems) = try OutcomesFile.check(path: try write(text))
            #expect(problems.count == 1 && problems[0].contains("line 1") && problems[0].contains(words), "\(problems)")
        }
    }

    @Test("against the people and the pairs matched: unknown ids, a pair never matched, a pair the other way round")
    func againstRounds() throws {
        let outcomes = try OutcomesFile.read(path: try write("mentor_id,mentee_id,outcome\nM1,E1,failed\nM9,E1,failed\nM1,E2,failed\nE3,M2,ended\n"))
        let problems = OutcomesFile.problems(of: outcomes, file: "o.csv", people: ["M1", "M2", "E1", "E2", "E3"], pairs: [["M1", "E1"], ["M2", "E3"]])
        #expect(problems == ["o.csv: line 3: 'M9' is not a participant",
                             "o.csv: line 4: M1–E2 was never matched",
                             "o.csv: line 5: E3–M2 was never matched (the other way round it was: swap the columns)"])
    }
}

/// Rows as spreadsheets leave them.
@Suite("outcomes files: short and long rows, workbook dates")
struct OutcomesRowShapeTests {
    @Test("a row missing its empty trailing cells reads them blank; extra filled cells are refused; a workbook's serial date is a date")
    func shapes() throws {
        let table = Table(header: ["mentor_id", "mentee_id", "outcome", "comment"], rows: [
            Table.Row(line: 2, cells: ["M1", "E1", "failed"]),
            Table.Row(line: 3, cells: ["M1", "E2", "ended", "", "x"]),
            Table.Row(line: 4, cells: ["M1", "E3", "ended", "", ""]),
        ], format: "test")
        let (outcomes, problems) = OutcomesFile.parse(table, name: "o.csv")
        #expect(outcomes.map(\.mentee) == ["E1", "E3"] && outcomes[0].comment == nil)
        #expect(problems == ["o.csv: line 3: 5 fields, the header has 4: name the extra column or remove its cells"])
        var sheet = Table(header: ["mentor_id", "mentee_id", "outcome", "date"], rows: [Table.Row(line: 2, cells: ["M1", "E1", "failed", "46310"])], format: "sheet")
        sheet.sheet = "Outcomes"
        #expect(OutcomesFile.parse(sheet, name: "o.xlsx").outcomes.first?.date == "2026-10-15")
    }
}
