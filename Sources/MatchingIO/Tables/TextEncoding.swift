import Foundation
import MatchingCore

/// Turns the bytes of an exported text file into text, the way spreadsheets
/// and HR systems write them: UTF-8 with or without a byte-order mark,
/// UTF-16 little- or big-endian (Excel's "Unicode text", with a BOM, or
/// recognised by its zero bytes without one), and Windows-1252 (Excel's
/// "CSV" on Windows in Western Europe and the Americas) when the bytes are
/// not valid UTF-8.
///
/// Decoding is Foundation's; this type only decides which encoding to use
/// and says which it was, so that `check` and `solve` can tell the user.
/// Participant files (``decode(_:name:)``) and score files
/// (``utf8(_:name:)``) take the same decision.
public enum TextEncoding {
    /// The encodings recognised.
    enum Kind {
        case utf8, utf8BOM, windows1252
        case utf16(little: Bool, bom: Bool)
        case utf32(little: Bool)

        var name: String {
            switch self {
            case .utf8: "UTF-8"
            case .utf8BOM: "UTF-8 with BOM"
            case .windows1252: "Windows-1252 (not valid UTF-8)"
            case .utf16(let little, let bom): (little ? "UTF-16LE" : "UTF-16BE") + (bom ? " with BOM" : "")
            case .utf32(let little): (little ? "UTF-32LE" : "UTF-32BE") + " with BOM"
            }
        }
    }

    /// The text and a name for the encoding used (`UTF-8`, `UTF-8 with BOM`,
    /// `UTF-16LE`, `Windows-1252 (not valid UTF-8)`, …).
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file when the bytes are UTF-16 that does not decode, or hold NUL
    ///   bytes in no known pattern (a binary file).
    /// - Complexity: O(bytes).
    public static func decode(_ data: Data, name: String) throws -> (text: String, encoding: String) {
        let kind = try detect(data, name: name)
        switch kind {
        case .utf8:
            if let s = String(data: data, encoding: .utf8) { return (s, kind.name) }
        case .utf8BOM:
            if let s = String(data: data.dropFirst(3), encoding: .utf8) { return (s, kind.name) }
        case .windows1252:
            if let s = String(data: data, encoding: .windowsCP1252) { return (s, kind.name) }
        case .utf16(let little, let bom):
            if let s = String(data: bom ? data.dropFirst(2) : data, encoding: little ? .utf16LittleEndian : .utf16BigEndian) {
                return (s.hasPrefix("\u{FEFF}") ? String(s.dropFirst()) : s, kind.name)
            }
        case .utf32(let little):
            if let s = String(data: data.dropFirst(4), encoding: little ? .utf32LittleEndian : .utf32BigEndian) {
                return (s.hasPrefix("\u{FEFF}") ? String(s.dropFirst()) : s, kind.name)
            }
        }
        throw undecodable(kind, name)
    }

    /// The text as UTF-8 bytes without a byte-order mark, and the encoding's
    /// name: the same decision as ``decode(_:name:)``, but UTF-8 files (the
    /// common case, and the large ones) are only validated, never copied
    /// into a `String`.
    ///
    /// - Complexity: O(bytes).
    public static func utf8(_ data: Data, name: String) throws -> (bytes: [UInt8], encoding: String) {
        let kind = try detect(data, name: name)
        switch kind {
        case .utf8: return ([UInt8](data), kind.name)
        case .utf8BOM: return ([UInt8](data.dropFirst(3)), kind.name)
        default: return (Array(try decode(data, name: name).text.utf8), kind.name)
        }
    }

    /// Which encoding the bytes are in; UTF-8 (with or without a BOM) is
    /// validated here.
    static func detect(_ data: Data, name: String) throws -> Kind {
        let b = [UInt8](data.prefix(4))
        if b.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard isUTF8(data.dropFirst(3)) else { throw invalid(name, "starts with a UTF-8 byte-order mark but is not UTF-8 text") }
            return .utf8BOM
        }
        if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            guard data.count % 4 == 0 else { throw undecodable(.utf32(little: b[0] == 0xFF), name) }
            return .utf32(little: b[0] == 0xFF)
        }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) {
            let little = b[0] == 0xFF
            guard data.count % 2 == 0 else { throw undecodable(.utf16(little: little, bom: true), name) }
            return .utf16(little: little, bom: true)
        }
        if let little = utf16WithoutBOM(data) { return .utf16(little: little, bom: false) }
        if data.contains(0) { throw invalid(name, "holds NUL bytes: not a text file (save it as CSV)") }
        return isUTF8(data) ? .utf8 : .windows1252
    }

    static func undecodable(_ kind: Kind, _ name: String) -> MatchingError {
        switch kind {
        case .utf16(_, true): invalid(name, "starts with a UTF-16 byte-order mark but is not UTF-16 text")
        case .utf16(_, false): invalid(name, "looks like UTF-16 text (every other byte is zero) but does not decode")
        case .utf8, .utf8BOM: invalid(name, "is not UTF-8 text")
        case .windows1252: invalid(name, "is neither UTF-8, UTF-16 nor Windows-1252 text")
        case .utf32: invalid(name, "starts with a UTF-32 byte-order mark but is not UTF-32 text")
        }
    }

    /// Whether the bytes are valid UTF-8 (ASCII checked without decoding).
    static func isUTF8(_ data: Data) -> Bool {
        if data.allSatisfy({ $0 < 0x80 }) { return true }
        return String(validating: data, as: UTF8.self) != nil
    }

    static func invalid(_ name: String, _ what: String) -> MatchingError {
        MatchingError(.invalidFile, "\(name): \(what)")
    }

    /// Little-endian (true) or big-endian (false) when the first bytes look
    /// like UTF-16 text without a BOM: mostly ASCII with a zero byte in every
    /// other position; `nil` otherwise.
    static func utf16WithoutBOM(_ data: Data) -> Bool? {
        let sample = [UInt8](data.prefix(256))
        guard sample.count >= 4, sample.count % 2 == 0 else { return nil }
        var zeroEven = 0, zeroOdd = 0
        for (k, x) in sample.enumerated() where x == 0 { if k % 2 == 0 { zeroEven += 1 } else { zeroOdd += 1 } }
        let half = sample.count / 2
        if zeroOdd * 10 >= half * 9 && zeroEven == 0 { return true }
        if zeroEven * 10 >= half * 9 && zeroOdd == 0 { return false }
        return nil
    }
}
