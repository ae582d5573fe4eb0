import Compatibility
import Foundation
import MatchingCore
import MatchingIO
import Programs
import Testing

/// One cohort written the ways spreadsheets, HR systems and survey tools
/// export it (Fixtures/exports, written by its make_exports.py; the .xlsx by
/// openpyxl): every form must read as the same people and give the same
/// matching, byte for byte.
@Suite("participant files as they are exported")
struct ExportFormTests {
    static let forms: [(file: String, sheet: String?, format: String)] = [
        ("semicolon-decimal-comma.csv", nil, "UTF-8 with BOM, semicolon-separated"),
        ("unicode-text-utf16le.txt", nil, "UTF-16LE with BOM, tab-separated"),
        ("utf16be.csv", nil, "UTF-16BE with BOM, comma-separated"),
        ("windows-1252.csv", nil, "Windows-1252 (not valid UTF-8), comma-separated"),
        ("cr-only.csv", nil, "UTF-8, comma-separated"),
        ("header-spellings.csv", nil, "UTF-8, comma-separated"),
        ("blank-rows.csv", nil, "UTF-8, comma-separated"),
        ("participants.xlsx", "Participants", "sheet 'Participants' of 2"),
    ]

    @Test("each export form reads as the reference file's people", arguments: forms.map(\.file))
    func sameProfiles(_ file: String) throws {
        let form = Self.forms.first { $0.file == file }!
        let reference = try ParticipantFile.read(path: fixture("Fixtures/exports/reference.csv"))
        var options = ParticipantFile.Options()
        options.sheet = form.sheet
        let reading = try ParticipantFile.readWithNotes(path: fixture("Fixtures/exports/\(file)"), options: options)
        #expect(reading.notes.first == "read as \(form.format)")
        #expect(reading.profiles.count == reference.count)
        for (a, b) in zip(reading.profiles, reference) { #expect(a == b, "\(file): \(a.id) differs from the reference") }
        // The free-text bio kept its line breaks, quotes and accents.
        #expect(reading.profiles.contains { $0.attributes["bio"] == "Leads the Zürich team;\nbuilt the €1M pipeline" })
    }

    @Test func everyFormGivesTheSameAssignmentsBytes() throws {
        let config = fixture("Fixtures/exports/program.yaml")
        func assignments(_ file: String, sheet: String?) throws -> String {
            let out = try temporaryDirectory()
            var args = ["match", "--participants", fixture("Fixtures/exports/\(file)"), "--config", config, "--out", out]
            if let sheet { args += ["--sheet", sheet] }
            let r = try runCLI(args)
            #expect(r.code == 0, "\(file): \(r.err)")
            return try String(contentsOfFile: "\(out)/assignments.csv", encoding: .utf8)
        }
        let reference = try assignments("reference.csv", sheet: nil)
        #expect(reference.split(separator: "\n").count > 20)
        for form in Self.forms {
            #expect(try assignments(form.file, sheet: form.sheet) == reference, "\(form.file)")
        }
    }

    @Test func workbookSheetsAndErrors() throws {
        let xlsx = fixture("Fixtures/exports/participants.xlsx")
        // The first sheet is a cover note: the problem says which sheet was read, and the note lists the others.
        let first = try ParticipantFile.check(path: xlsx)
        #expect(first.problems.contains("\(xlsx), sheet 'About': row 1: missing required column 'id' (or 'employee id')"))
        #expect(first.notes.contains { $0.contains("'About', 'Participants'") && $0.contains("--sheet") })
        var options = ParticipantFile.Options()
        options.sheet = "nope"
        #expect(throws: MatchingError.self) { try ParticipantFile.check(path: xlsx, options: options) }
        do { _ = try ParticipantFile.check(path: xlsx, options: options) } catch let e as MatchingError {
            #expect(e.message == "\(xlsx): no sheet named 'nope' (sheets: 'About', 'Participants')")
        }
        // A file named .xlsx that is not a workbook.
        let dir = try temporaryDirectory()
        try "id,role\n".write(toFile: "\(dir)/fake.xlsx", atomically: true, encoding: .utf8)
        do { _ = try ParticipantFile.check(path: "\(dir)/fake.xlsx"); Issue.record("a text file read as a workbook") } catch let e as MatchingError {
            #expect(e.message.hasPrefix("\(dir)/fake.xlsx: not an .xlsx workbook"))
        }
    }

    @Test func aBadCellInAWorkbookIsNamedByRowAndColumnLetter() throws {
        // Rebuild the fixture workbook's sheet with one capacity changed, through the same reader path.
        var table = try Workbook.table(Data(contentsOf: URL(fileURLWithPath: fixture("Fixtures/exports/participants.xlsx"))), name: "w.xlsx", sheet: "participants")
        let capacity = try #require(table.header.firstIndex(of: "capacity"))
        table.rows[2].cells[capacity] = "2.5"
        let r = ParticipantFile.parse(table, name: "w.xlsx")
        #expect(r.problems == ["w.xlsx, sheet 'Participants': row \(table.rows[2].line), column C (capacity): '2.5' is not a whole number"])
    }
}
