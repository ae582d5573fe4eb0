import Foundation
import MatchingCore
import MatchingIO
import Testing
import ZIPFoundation

/// Inputs the fuzz runs found that trapped, kept as tests.
@Suite("fuzz findings")
struct FuzzFindingsTests {
    /// The fixture workbook with one part replaced.
    func workbook(replacing path: String, with transform: (Data) -> Data) throws -> Data {
        let original = try Archive(data: fixtureData("Fixtures/exports/participants.xlsx"), accessMode: .read)
        let rebuilt = try Archive(data: Data(), accessMode: .create)
        for entry in original {
            var data = Data()
            _ = try original.extract(entry) { data.append($0) }
            let body = entry.path == path ? transform(data) : data
            try rebuilt.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(body.count), compressionMethod: .deflate) { position, size in
                body.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(rebuilt.data)
    }

    @Test func anAttributeNameThatIsNotUTF8IsAnErrorNotATrap() throws {
        // Seed 777: one byte of "Target" flipped to 0xC3; FoundationXML trapped decoding the name.
        let data = try workbook(replacing: "xl/_rels/workbook.xml.rels") { xml in
            var bytes = [UInt8](xml)
            let name = Array("Target".utf8)
            let at = (0...(bytes.count - name.count)).first { Array(bytes[$0..<$0 + name.count]) == name } ?? 0
            bytes.insert(0xC3, at: at + 4)
            return Data(bytes)
        }
        #expect(throws: MatchingError(.invalidFile, "w.xlsx: xl/_rels/workbook.xml.rels: not UTF-8 XML")) {
            try Workbook.table(data, name: "w.xlsx", sheet: "Participants")
        }
    }

    @Test func aCentralDirectoryPastTheEndIsAnErrorNotATrap() throws {
        // ZIPFoundation's in-memory archive trapped reading past the end; files are read from disk instead.
        var bytes = [UInt8](fixtureData("Fixtures/exports/participants.xlsx"))
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        var found: Int? = nil
        for k in stride(from: bytes.count - 22, through: 0, by: -1) where Array(bytes[k..<k + 4]) == signature {
            found = k
            break
        }
        let eocd = try #require(found)
        let past = UInt32(bytes.count + 1000)
        for k in 0..<4 { bytes[eocd + 16 + k] = UInt8((past >> (8 * UInt32(k))) & 0xFF) }
        #expect(throws: MatchingError.self) { try Workbook.table(Data(bytes), name: "w.xlsx") }
    }

    @Test func aFormulaWrittenWithAnEmptyValueIsAnErrorNotABlank() throws {
        // openpyxl writes <v /> for a formula it did not compute; read as blank, capacities fell back to the default.
        let data = try workbook(replacing: "xl/worksheets/sheet2.xml") { xml in
            var text = String(decoding: xml, as: UTF8.self)
            if let r = text.range(of: #"<c r="C2"[^>]*>.*?</c>"#, options: .regularExpression) { text.replaceSubrange(r, with: #"<c r="C2"><f>1+1</f><v /></c>"#) }
            return Data(text.utf8)
        }
        #expect(throws: MatchingError(.invalidFile, "w.xlsx, sheet 'Participants': 1 formula cell(s) with no saved value (first: C2); open the workbook in a spreadsheet and save it, or export the values")) {
            try Workbook.table(data, name: "w.xlsx", sheet: "Participants")
        }
    }
}
