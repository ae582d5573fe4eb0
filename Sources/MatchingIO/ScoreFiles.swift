import Foundation
import MatchingCore

/// Readers for score matrices: CSV of numbers (no header) and NumPy `.npy`
/// (`float64` or `int64`, C order). Rows are mentors, columns are mentees.
public enum ScoreFiles {
    /// Reads a matrix, choosing the format by the file's extension
    /// (`.npy`, otherwise CSV).
    ///
    /// - Throws: ``MatchingError`` with code ``MatchingError/Code/invalidFile``
    ///   naming the file and, for CSV, the line and column at fault.
    public static func read(path: String) throws -> ScoreMatrix {
        if path.lowercased().hasSuffix(".npy") { return try readNPY(path: path) }
        return try readCSV(path: path)
    }

    static func load(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MatchingError(.invalidFile, "\(path): cannot read the file (\(error.localizedDescription))")
        }
    }

    /// Reads a CSV of numbers: one line per mentor, one value per mentee,
    /// separated by commas; no header. Blank lines at the end are ignored.
    public static func readCSV(path: String) throws -> ScoreMatrix {
        try parseCSV(load(path), name: path)
    }

    /// Parses CSV bytes; `name` is used in error messages.
    public static func parseCSV(_ data: Data, name: String) throws -> ScoreMatrix {
        var values = ContiguousArray<Double>()
        var columns = -1, rows = 0
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineNumber = 0
            var start = 0
            var pendingBlank = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                lineNumber += 1
                var lineEnd = end
                if lineEnd > start && bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                defer { start = end + 1 }
                let isBlank = (start..<lineEnd).allSatisfy { bytes[$0] == UInt8(ascii: " ") || bytes[$0] == UInt8(ascii: "\t") }
                if isBlank { pendingBlank = lineNumber; continue }
                if pendingBlank > 0 {
                    throw MatchingError(.invalidFile, "\(name):\(pendingBlank): blank line inside the matrix")
                }
                var count = 0
                var fieldStart = start
                var k = start
                while k <= lineEnd {
                    if k == lineEnd || bytes[k] == UInt8(ascii: ",") {
                        count += 1
                        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[fieldStart..<k]), as: UTF8.self)
                            .trimmingCharacters(in: .whitespaces)
                        guard let v = Double(text) else {
                            throw MatchingError(.invalidFile, "\(name):\(lineNumber): column \(count): '\(text.prefix(40))' is not a number")
                        }
                        guard v.isFinite else {
                            throw MatchingError(.invalidFile, "\(name):\(lineNumber): column \(count): \(text) is not a finite number")
                        }
                        values.append(v)
                        fieldStart = k + 1
                    }
                    k += 1
                }
                if columns < 0 { columns = count } else if count != columns {
                    throw MatchingError(.invalidFile, "\(name):\(lineNumber): \(count) values, but line 1 has \(columns)")
                }
                rows += 1
            }
        }
        guard rows > 0 else { throw MatchingError(.invalidFile, "\(name): the file holds no scores") }
        return try ScoreMatrix(mentors: rows, mentees: columns, values: values)
    }

    /// Reads a NumPy `.npy` file holding a 2-D little-endian `float64` or
    /// `int64` array in C (row-major) order.
    public static func readNPY(path: String) throws -> ScoreMatrix {
        try parseNPY(load(path), name: path)
    }

    /// Parses `.npy` bytes; `name` is used in error messages.
    public static func parseNPY(_ data: Data, name: String) throws -> ScoreMatrix {
        func fail(_ s: String) -> MatchingError { MatchingError(.invalidFile, "\(name): \(s)") }
        let bytes = [UInt8](data.prefix(12))
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else {
            throw fail("not a NumPy .npy file (bad magic bytes)")
        }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy version \(major)")
        }
        guard data.count >= headerStart + headerLength else { throw fail("truncated header") }
        let header = String(decoding: data.subdata(in: headerStart..<headerStart + headerLength), as: UTF8.self)
        func field(_ key: String) -> String? {
            guard let r = header.range(of: "'\(key)':") else { return nil }
            return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let descrField = field("descr"), let q1 = descrField.firstIndex(where: { $0 == "'" || $0 == "\"" }) else {
            throw fail("header has no 'descr'")
        }
        let afterQuote = descrField[descrField.index(after: q1)...]
        guard let q2 = afterQuote.firstIndex(where: { $0 == "'" || $0 == "\"" }) else { throw fail("bad 'descr'") }
        let descr = String(afterQuote[..<q2])
        guard let fortran = field("fortran_order") else { throw fail("header has no 'fortran_order'") }
        if fortran.hasPrefix("True") { throw fail("array is in Fortran order; save it in C order (numpy.ascontiguousarray)") }
        guard let shapeField = field("shape"), let open = shapeField.firstIndex(of: "("), let close = shapeField.firstIndex(of: ")") else {
            throw fail("header has no 'shape'")
        }
        let dims = shapeField[shapeField.index(after: open)..<close].split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard dims.count == 2, let m = Int(dims[0]), let n = Int(dims[1]), m >= 0, n >= 0 else {
            throw fail("shape (\(dims.joined(separator: ", "))) is not a 2-D matrix")
        }
        let isFloat: Bool
        switch descr {
        case "<f8": isFloat = true
        case "<i8": isFloat = false
        default: throw fail("dtype '\(descr)' is not supported; use little-endian float64 ('<f8') or int64 ('<i8')")
        }
        let (count, overflow) = m.multipliedReportingOverflow(by: n)
        let bodyStart = headerStart + headerLength
        guard !overflow, count <= (data.count - bodyStart) / 8, data.count - bodyStart == count * 8 else {
            throw fail("holds \(data.count - bodyStart) data bytes; a \(m)×\(n) matrix of 8-byte values needs \(count &* 8)")
        }
        var values = ContiguousArray<Double>(repeating: 0, count: count)
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            for k in 0..<count {
                let bits = raw.loadUnaligned(fromByteOffset: bodyStart + 8 * k, as: UInt64.self)
                let v = isFloat ? Double(bitPattern: UInt64(littleEndian: bits)) : Double(Int64(bitPattern: UInt64(littleEndian: bits)))
                guard v.isFinite else { throw fail("value at row \(k / Swift.max(n, 1)), column \(k % Swift.max(n, 1)) is \(v)") }
                values[k] = v
            }
        }
        return try ScoreMatrix(mentors: m, mentees: n, values: values)
    }
}
