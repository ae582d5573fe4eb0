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
/// and says which it was, so that `check` can tell the user.
public enum TextEncoding {
    /// The text and a name for the encoding used (`UTF-8`, `UTF-8 with BOM`,
    /// `UTF-16LE`, `Windows-1252 (not valid UTF-8)`, …).
    ///
    /// - Throws: ``MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file when the bytes are UTF-16 that does not decode, or hold NUL
    ///   bytes in no known pattern (a binary file).
    /// - Complexity: O(bytes).
    public static func decode(_ data: Data, name: String) throws -> (text: String, encoding: String) {
        let b = [UInt8](data.prefix(4))
        if b.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let s = String(data: data.dropFirst(3), encoding: .utf8) else {
                throw invalid(name, "starts with a UTF-8 byte-order mark but is not UTF-8 text")
            }
            return (s, "UTF-8 with BOM")
        }
        if b.starts(with: [0xFF, 0xFE]) || b.starts(with: [0xFE, 0xFF]) {
            let little = b[0] == 0xFF
            guard let s = String(data: data.dropFirst(2), encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw invalid(name, "starts with a UTF-16 byte-order mark but is not UTF-16 text")
            }
            return (s, little ? "UTF-16LE with BOM" : "UTF-16BE with BOM")
        }
        if let little = utf16WithoutBOM(data) {
            guard let s = String(data: data, encoding: little ? .utf16LittleEndian : .utf16BigEndian) else {
                throw invalid(name, "looks like UTF-16 text (every other byte is zero) but does not decode")
            }
            return (s, little ? "UTF-16LE" : "UTF-16BE")
        }
        if data.contains(0) { throw invalid(name, "holds NUL bytes: not a text file (save it as CSV or .xlsx)") }
        if let s = String(data: data, encoding: .utf8) { return (s, "UTF-8") }
        if let s = String(data: data, encoding: .windowsCP1252) { return (s, "Windows-1252 (not valid UTF-8)") }
        throw invalid(name, "is neither UTF-8, UTF-16 nor Windows-1252 text")
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
