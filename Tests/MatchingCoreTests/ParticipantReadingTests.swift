import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import Testing

/// Participant files as people write them: cells, headers, scales and
/// references; each problem names the file, line and column.
@Suite("reading participant files")
struct ParticipantReadingTests {
    func read(_ text: String, _ options: ParticipantFile.Options = ParticipantFile.Options()) -> ParticipantFile.Reading {
        ParticipantFile.parseCSV(text, name: "p.csv", options: options)
    }

    @Test func numbersAndBooleansAsSpreadsheetsWriteThem() {
        let r = read("id;role;capacity;seniority;eligible\nM1;mentor;2,0;3,5;Yes\nM2;mentor; 2 ;4;N\nM3;mentor;2.0;1;TRUE\nE1;mentee;;2;0\n")
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.profiles.map(\.capacity) == [2, 2, 2, nil])
        #expect(r.profiles[0].seniority?.level == 3.5)
        #expect(r.profiles.map(\.eligible) == [true, false, true, false])
        let bad = read("id,role,capacity,eligible\nM1,mentor,2.5,maybe\n")
        #expect(bad.problems == ["p.csv: line 2, column 3 (capacity): '2.5' is not a whole number",
                                 "p.csv: line 2, column 4 (eligible): 'maybe' is not yes or no"])
        #expect(CellText.number("1,5", decimalComma: false) == nil && CellText.number("nan", decimalComma: true) == nil)
        #expect(CellText.number("inf", decimalComma: false) == nil && CellText.number("0x10", decimalComma: false) == nil)
    }

    @Test func headersAsPeopleTypeThem() {
        let r = read("ID,Role,Capacity,Time Zone,Manager,Seniority Level,Skill,gender,E-mail\nM1,mentor,1,CET,,3,swift,w,a@b.c\nE1,mentee,,utc+1,M1,1,,m,d@e.f\n",
                     ParticipantFile.Options(ruleAttributes: ["Gender"]))
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.profiles[0].timeZone == "CET" && r.profiles[1].managerID == "M1" && r.profiles[0].seniority?.level == 3)
        // 'Skill' is kept, with a did-you-mean; 'gender' is used by a rule and 'E-mail' carried: no note for them.
        #expect(r.notes.contains("'Skill' (column 7) is kept as a free attribute; did you mean 'skills'?"))
        #expect(!r.notes.contains { $0.contains("'gender'") || $0.contains("'E-mail'") })
        #expect(r.profiles[0].attributes == ["skill": "swift", "gender": "w", "e-mail": "a@b.c"])
        let twice = read("id,role,Manager,manager_id\nM1,mentor,,\n")
        #expect(twice.problems == ["p.csv: line 1, column 4: 'manager_id' means 'manager_id', as column 3 ('Manager') does"])
    }

    @Test func trailingAndNamelessEmptyColumns() {
        let r = read("id,role,,capacity,,\nM1,mentor,,1,,\nE1,mentee,,,,\n")
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.notes.contains("2 trailing empty column(s) after 'capacity' left out"))
        #expect(r.notes.contains("column 3 with no name and no values left out"))
        let named = read("id,role,,capacity\nM1,mentor,x,1\n")
        #expect(named.problems == ["p.csv: line 1: column 3 has values but no name: name it or delete it"])
        // A title row above the header (as workbooks have) is found and left out, with a note.
        let titled = read("Mentoring 2026 export,,\nid,role,capacity\nM1,mentor,1\n")
        #expect(titled.problems.isEmpty && titled.profiles.count == 1, "\(titled.problems)")
        #expect(titled.notes.contains("line 1 above the header (line 2) left out"))
    }

    @Test func crlfFilesWithMultiLineCellsNameThePhysicalLine() {
        // The same shape as ../shared/cases/crlf-multiline-lines: two bios of three lines, then a bad capacity.
        let text = "id,role,capacity,bio\r\nM1,mentor,1,\"one\r\ntwo\r\nthree\"\r\nM2,mentor,1,\"a\r\nb\r\nc\"\r\nM3,mentor,two,x\r\n"
        #expect(read(text).problems == ["p.csv: line 8, column 3 (capacity): 'two' is not a whole number"])
        let cr = text.replacingOccurrences(of: "\r\n", with: "\r")
        #expect(read(cr).problems == ["p.csv: line 8, column 3 (capacity): 'two' is not a whole number"])
    }

    @Test func listsSeparatedBySemicolonsOrCommas() {
        let r = read("id;role;capacity;interests;skills;availability\nM1;mentor;1;hiking, chess;python:4, sql:2,5;Mon 9-12, Wed 14-16\n")
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.profiles[0].interests == ["hiking", "chess"])
        #expect(r.profiles[0].skills == ["python": 4, "sql": 2.5])
        #expect(r.profiles[0].availability.count == 2)
    }

    @Test("availability windows to the quarter-hour: minutes kept, never rounded; other minutes, a window past 24:00 or ending before it starts: one line naming the cell")
    func availabilityToTheQuarterHour() {
        let r = read("id,role,capacity,availability\nM1,mentor,1,Mon 9:30-11; Tue-Wed 08:15-17:45; Fri 22-24:00\n")
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.profiles[0].availability == [WeeklySlot(day: 0, startHour: 9, endHour: 11, startMinute: 30),
                                              WeeklySlot(day: 1, startHour: 8, endHour: 17, startMinute: 15, endMinute: 45),
                                              WeeklySlot(day: 2, startHour: 8, endHour: 17, startMinute: 15, endMinute: 45),
                                              WeeklySlot(day: 4, startHour: 22, endHour: 24)])
        #expect(r.profiles[0].availability.map(\.hours) == [1.5, 9.5, 9.5, 2])
        // Dashes a word processor puts in read as hyphens; full names and the common abbreviations are days; the first quarter-hour of the day is a window.
        let typed = read("id,role,capacity,availability\nM1,mentor,1,Mon\u{2013}Fri 9\u{2013}10; Wednesday 0-0:15; thurs 23:45-24\n")
        #expect(typed.problems.isEmpty, "\(typed.problems)")
        #expect(typed.profiles[0].availability.map(\.day) == [0, 1, 2, 3, 4, 2, 3] && typed.profiles[0].availability.map(\.hours) == [1, 1, 1, 1, 1, 0.25, 0.25])
        for bad in ["Mon 9:10-11", "Mon 9-24:30", "Mon 11:30-11:15", "Mon 9:5-10", "Mon 9:-10", "Mon/Wed 9-10", "Month 9-10", "Satur 9-10", "Mon+Wed 9-10"] {
            let b = read("id,role,capacity,availability\nM1,mentor,1,\(bad)\n")
            #expect(b.problems.count == 1 && b.problems[0].hasPrefix("p.csv: line 2, column 4 (availability): '\(bad)' is not a window like 'Mon 9-12' or 'Mon-Fri 9:30-17:45'"), "\(bad): \(b.problems)")
        }
    }

    @Test func surveyScalesAreInferredOrDeclared() throws {
        let likert = "id,role,capacity,openness,conscientiousness,extraversion,agreeableness,neuroticism\nM1,mentor,1,1,2,3,4,5\nE1,mentee,,5,5,1,3,2\n"
        let r = read(likert)
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.profiles[0].personality == BigFive(openness: 0, conscientiousness: 0.25, extraversion: 0.5, agreeableness: 0.75, neuroticism: 1))
        #expect(r.notes.contains("personality answers read on the 1–5 Likert scale (inferred from the answers, 1…5; set compatibility.personalityScale to state it)"))
        var options = ParticipantFile.Options()
        options.personalityScale = .likert7
        #expect(read(likert, options).profiles[0].personality?.openness == 0)
        options.personalityScale = .unit
        // A wrong scale is one cause: one line, with the first cell, the count and the scale that fits.
        #expect(read(likert, options).problems == ["p.csv: 8 personality answer(s) outside the 0–1 scale (compatibility.personalityScale is unit); first line 2, column 5 (conscientiousness): 2; the answers fit 1–5 Likert: set compatibility.personalityScale to likert5"])
        let wild = read("id,role,capacity,openness,conscientiousness,extraversion,agreeableness,neuroticism\nM1,mentor,1,1,2,3,4,500\n")
        #expect(wild.problems == ["p.csv: 1 personality answer(s) outside the 0–100 scale (inferred); first line 2, column 8 (neuroticism): 500"])
    }

    @Test func peopleOutsideTheFileAreNotes() {
        let r = read("id,role,capacity,manager_id,preferences,blocked,past_pairings\nM1,mentor,1,BOSS,E9,,\nE1,mentee,,BOSS,M1;X1,X2,X3:failed\n")
        #expect(r.problems.isEmpty, "\(r.problems)")
        #expect(r.notes.contains("manager_id: 2 reference(s) to 1 people not in the file ('BOSS'); the reporting-line filter stops there"))
        #expect(r.notes.contains("preferences: 2 reference(s) to 2 people not in the file ('E9', 'X1'); left out of the preference ranks"))
        #expect(r.notes.contains("blocked: 1 reference(s) to 1 people not in the file ('X2'); nothing to block"))
        #expect(r.notes.contains("past_pairings: 1 reference(s) to 1 people not in the file ('X3'); nothing to avoid"))
    }

    @Test func everyCohortProblemInOneRun() {
        let r = read("id,role,capacity,timezone,manager_id\nM1,mentor,1,Mars/Base,\nM2,mentor,1,UTC+20,\nE1,mentee,,,E1\n")
        #expect(r.problems.count == 3)
        #expect(r.problems[0].hasPrefix("p.csv: line 2: person 'M1': time zone 'Mars/Base'"))
        #expect(r.problems[1].hasPrefix("p.csv: line 3: person 'M2': time zone 'UTC+20'"))
        #expect(r.problems[2] == "p.csv: line 4: person 'E1': manager_id is the person themself")
    }

    @Test func unicodeNamesCompareInNFC() {
        // "é" precomposed in one row, decomposed in the other: the same id, so a duplicate.
        let r = read("id,role,capacity\nJos\u{E9},mentor,1\nJose\u{301},mentor,1\n")
        #expect(r.problems == ["p.csv: line 3, column 1 (id): id 'José' already used on line 2"])
    }

    @Test func encodingsAreDetectedAndNamed() throws {
        let text = "id,role,capacity,department\nM1,mentor,1,Ingénierie\n"
        let forms: [(Data, String)] = [
            (Data(text.utf8), "UTF-8"),
            (Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), "UTF-8 with BOM"),
            (Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!, "UTF-16LE with BOM"),
            (text.data(using: .utf16LittleEndian)!, "UTF-16LE"),
            (text.data(using: .windowsCP1252)!, "Windows-1252 (not valid UTF-8)"),
        ]
        for (data, name) in forms {
            let t = try DelimitedText.table(data, name: "p.csv")
            #expect(t.format == "\(name), comma-separated")
            #expect(t.rows.first?.cells.last == "Ingénierie")
        }
        #expect(throws: MatchingError.self) { try DelimitedText.table(Data([0x41, 0, 0, 0x42, 0x43]), name: "bin") }
    }

    @Test func mbtiColumn() {
        let r = read("id,role,capacity,MBTI Type\nM1,mentor,1,intj\nE1,mentee,,ENFP-A\nE2,mentee,,XNTJ\n")
        #expect(r.problems == ["p.csv: line 4, column 4 (mbti): 'XNTJ' is not a type like INTJ (E/I, S/N, T/F, J/P)"])
        #expect(r.profiles.map { $0.mbti?.description } == ["INTJ", "ENFP"])
    }

    @Test func quotesThatNeverCloseOrRunOnAreErrors() {
        // An unclosed quote would swallow every later row into one cell.
        #expect(read("id,role,capacity,bio\nM1,mentor,1,\"oops\nE1,mentee,,x\nE2,mentee,,y\n").problems
                == ["p.csv: line 2: a quoted cell opens here and never closes (every later line would be part of it)"])
        #expect(read("id,role,capacity\nM1,mentor,\"1\"x\n").problems
                == ["p.csv: line 2: text after the closing quote of a cell opened on line 2 (a quote inside a quoted cell is written \"\")"])
        // A quote inside an unquoted cell is text, and doubled quotes are one.
        let fine = read("id,role,capacity,bio\nM1,mentor,1,O\"Brien\nE1,mentee,,\"say \"\"hi\"\"\"\n")
        #expect(fine.problems.isEmpty && fine.profiles.map { $0.attributes["bio"] } == ["O\"Brien", "say \"hi\""])
    }

    @Test func blankRowsHeaderOnlyAndYearsAlone() {
        let r = read("id,role,capacity,years\nM1,mentor,1,12\n,,,\n\nE1,mentee,,\n\n")
        #expect(r.notes.contains("2 blank row(s) between filled rows left out"))
        #expect(r.notes.contains("years: 1 person(s) gave years of experience but no seniority level; years are read with a level only (the career-stage criterion compares levels)"))
        #expect(read("id,role,capacity\n").problems == ["p.csv: no participants below the header (line 1)"])
    }

    @Test func aVeryWideHeaderIsReadOnceAndNotedOnce() {
        let header = ["id", "role", "capacity", "Skill"] + (0..<30_000).map { "c\($0)" }
        let text = header.joined(separator: ",") + "\n" + (["M1", "mentor", "1"] + Array(repeating: "", count: header.count - 3)).joined(separator: ",") + "\n"
        let r = read(text)
        #expect(r.problems.isEmpty)
        #expect(r.notes == ["read as UTF-8, comma-separated",
                            "'Skill' (column 4) is kept as a free attribute; did you mean 'skills'?",
                            "30000 column(s) kept as free attributes that no rule uses: 'c0', 'c1', 'c2', 'c3', 'c4', … (30000 in all)"])
    }

    @Test func theSameFaultDownAColumnIsOneLine() {
        let rows = (1...40).map { "M\($0),mentor,two" }.joined(separator: "\n")
        let r = read("id,role,capacity\n" + rows + "\nE1,boss,\n")
        #expect(r.problems == ["p.csv: line 2, column 3 (capacity): 'two' is not a whole number (and 39 more cell(s) like it; `check --verbose` lists each)",
                               "p.csv: line 42, column 2 (role): role 'boss' is not mentor, mentee or both"])
        #expect(r.details.count == 41)
    }

    @Test func aThousandsLikeNumberInTabTextNeedsEvidence() {
        let ambiguous = read("id\trole\tcapacity\tseniority\nM1\tmentor\t1\t1,500\n")
        #expect(ambiguous.problems == ["p.csv: line 2, column 4 (seniority): '1,500' could be a decimal comma or a thousands separator: write it with a point (1.5) or without the comma (1500)"])
        let european = read("id\trole\tcapacity\tseniority\tyears\nM1\tmentor\t1\t1,500\t2,5\n")
        #expect(european.problems.isEmpty && european.profiles[0].seniority == Seniority(level: 1.5, years: 2.5))
    }

    @Test func oneTypoDoesNotRescaleEveryone() {
        // 30 people answer on 0–1; one typed 5: the 5 is the problem, not everyone's scale.
        let header = "id,role,capacity,openness,conscientiousness,extraversion,agreeableness,neuroticism\n"
        let rows = (1...30).map { "M\($0),mentor,1,0.2,0.4,0.6,0.8,\($0 == 7 ? "5" : "0.5")" }.joined(separator: "\n")
        let r = read(header + rows + "\n")
        #expect(r.problems == ["p.csv: 1 personality answer(s) outside the 0–1 scale (inferred); first line 8, column 8 (neuroticism): 5"])
        #expect(SurveyScale.inferred(from: [1, 10, 4, 7, 9]) == .likert10)
    }
}
