import Foundation
import MatchingCore

extension ScoreFiles {
    /// The dtypes ``parseNPY(_:name:nanForbidden:)`` reads, for messages.
    static let npyDtypes = "float16/32/64 ('f2', 'f4', 'f8'), int8/16/32/64 ('i1', 'i2', 'i4', 'i8'), uint8/16/32/64 ('u1', 'u2', 'u4', 'u8') and bool ('b1'), each little- or big-endian ('<', '>', '|', '=')"

    /// The longest header read, as NumPy's own `np.load` (`max_header_size`).
    static let npyMaxHeaderBytes = 10_000

    /// Parses NumPy `.npy` bytes (format versions 1.0, 2.0 and 3.0) holding a 2-D
    /// array, rows = mentors; `name` is used in error messages.
    ///
    /// - The header is read as the Python dict literal it is (keys in any order,
    ///   either quote, trailing commas); it must have exactly the keys `descr`,
    ///   `fortran_order` and `shape`.
    /// - dtypes: float16/32/64, int8/16/32/64, uint8/16/32/64 and bool, little- or
    ///   big-endian; `|` and `=` mean the machine's own byte order, as in NumPy.
    ///   Every value becomes a `Double`; a 64-bit integer that a `Double` cannot hold
    ///   exactly (beyond ±2^53, unless a multiple of a large enough power of two) is
    ///   an error naming the cell, never a rounded score. A bool byte other than 0
    ///   or 1 is an error.
    /// - Fortran order (`fortran_order: True`, column-major) is transposed on read,
    ///   so the matrix is the same as NumPy's.
    /// - `-inf` is a forbidden pair (placeholder score `0`), `+inf` an error, NaN an
    ///   error unless `nanForbidden` (then a forbidden pair).
    ///
    /// - Returns: the table (no ids: `.npy` has none).
    /// - Throws: ``/MatchingCore/MatchingError`` with code ``/MatchingCore/MatchingError/Code/invalidFile``
    ///   naming the file and what is wrong: bad magic, header syntax, missing or
    ///   unknown keys, a shape that is not 2-D or whose cell count overflows, an
    ///   unsupported dtype (listing the supported ones), truncated or trailing data,
    ///   or the cell at fault as `row i, column j (0-based)`.
    /// - Complexity: O(file size); never traps on any input (sizes are
    ///   overflow-checked, reads bounds-checked).
    public static func parseNPY(_ data: Data, name: String, nanForbidden: Bool = false) throws -> ScoreTable {
        try parseNPY(data, name: name, nanForbidden: nanForbidden, pool: false)
    }

    /// ``parseNPY(_:name:nanForbidden:)``; with `pool`, the diagonal (a person
    /// with themselves) is not read: any value there is kept out and stored as `0`.
    static func parseNPY(_ data: Data, name: String, nanForbidden: Bool, pool: Bool) throws -> ScoreTable {
        func fail(_ s: String) -> MatchingError { MatchingError(.invalidFile, "\(name): \(s)") }
        let prefix = [UInt8](data.prefix(12))
        guard prefix.count >= 10, prefix[0] == 0x93, Array(prefix[1...5]) == Array("NUMPY".utf8) else {
            throw fail("not a NumPy .npy file (bad magic bytes)")
        }
        let major = prefix[6], minor = prefix[7]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1:
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8
            headerStart = 10
        case 2, 3:
            guard prefix.count >= 12 else { throw fail("truncated header") }
            headerLength = Int(prefix[8]) | Int(prefix[9]) << 8 | Int(prefix[10]) << 16 | Int(prefix[11]) << 24
            headerStart = 12
        default:
            throw fail("unsupported .npy format version \(major).\(minor); versions 1.0, 2.0 and 3.0 are read")
        }
        guard minor == 0 else { throw fail("unsupported .npy format version \(major).\(minor); versions 1.0, 2.0 and 3.0 are read") }
        guard headerLength <= npyMaxHeaderBytes else {
            throw fail("the header is \(headerLength) bytes, more than the \(npyMaxHeaderBytes) NumPy reads by default")
        }
        guard data.count - headerStart >= headerLength else {
            throw fail("truncated header: \(headerLength) bytes announced, \(data.count - headerStart) present")
        }
        let headerBytes = [UInt8](data.dropFirst(headerStart).prefix(headerLength))
        // Versions 1 and 2 are latin-1, 3 is UTF-8; the keys and values read are ASCII either way.
        let header = try _NPYHeader(headerBytes, fail: fail)

        let dtype = try _NPYDtype(header.descr, fail: fail)
        guard header.shape.count == 2 else {
            throw fail("shape (\(header.shape.map(String.init).joined(separator: ", "))\(header.shape.count == 1 ? "," : "")) is not a 2-D matrix (rows = mentors, columns = mentees)")
        }
        let m = header.shape[0], n = header.shape[1]
        let (count, overflow) = m.multipliedReportingOverflow(by: n)
        let (byteCount, overflow2) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, !overflow2 else { throw fail("shape (\(m), \(n)) has more cells than this machine can address") }
        guard m > 0, n > 0 else { throw fail("shape (\(m), \(n)) holds no scores") }
        let bodyStart = headerStart + headerLength
        let present = data.count - bodyStart
        guard present >= byteCount else {
            throw fail("truncated data: a \(m)×\(n) matrix of '\(header.descr)' needs \(byteCount) bytes, the file holds \(present)")
        }
        guard present == byteCount else {
            throw fail("\(present - byteCount) bytes after the \(m)×\(n) matrix of '\(header.descr)' (\(byteCount) bytes); is the shape right?")
        }

        var values = ContiguousArray<Double>(repeating: 0, count: count)
        var forbidden = Set<Pair>()
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let body = UnsafeRawBufferPointer(rebasing: raw[bodyStart...])
            for k in 0..<count {
                let (i, j) = header.fortranOrder ? (k % m, k / m) : (k / n, k % n)
                if pool && i == j { continue }
                let place = { "row \(i), column \(j) (0-based)" }
                let v = try dtype.value(body, k, fail: { fail("\(place()): \($0)") })
                if v.isFinite {
                    values[i * n + j] = v
                } else if let score = try meaning(of: v, text: "\(v)", at: "\(name): \(place())", nanForbidden: nanForbidden) {
                    values[i * n + j] = score
                } else {
                    forbidden.insert(Pair(mentor: i, mentee: j))
                }
            }
        }
        return ScoreTable(scores: try ScoreMatrix(mentors: m, mentees: n, values: values), forbidden: forbidden)
    }
}

/// An `.npy` header: the Python dict literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
struct _NPYHeader {
    var descr: String
    var fortranOrder: Bool
    var shape: [Int]

    init(_ bytes: [UInt8], fail: @escaping (String) -> MatchingError) throws {
        var p = _PythonLiteral(bytes: bytes, fail: fail)
        let value = try p.parseHeader()
        guard case .dict(let entries) = value else { throw fail("the header is not a Python dict") }
        var descr: String?, fortran: Bool?, shape: [Int]?
        for (key, v) in entries {
            switch key {
            case "descr":
                guard case .string(let s) = v else {
                    throw fail("'descr' is \(v.kind), not a string: structured dtypes are not supported; supported are \(ScoreFiles.npyDtypes)")
                }
                descr = s
            case "fortran_order":
                guard case .bool(let b) = v else { throw fail("'fortran_order' is \(v.kind), not True or False") }
                fortran = b
            case "shape":
                guard case .tuple(let items) = v else { throw fail("'shape' is \(v.kind), not a tuple") }
                shape = try items.map {
                    guard case .int(let d) = $0, d >= 0 else { throw fail("'shape' holds \($0.kind), not a size") }
                    return d
                }
            default:
                throw fail("unknown header key '\(key)' (an .npy header has 'descr', 'fortran_order' and 'shape')")
            }
        }
        guard let descr else { throw fail("the header has no 'descr'") }
        guard let fortran else { throw fail("the header has no 'fortran_order'") }
        guard let shape else { throw fail("the header has no 'shape'") }
        self.descr = descr
        self.fortranOrder = fortran
        self.shape = shape
    }
}

/// A Python literal as `.npy` headers use them: dicts, tuples, lists,
/// strings, whole numbers, `True`, `False`, `None`.
indirect enum _PythonValue {
    case dict([(String, _PythonValue)])
    case tuple([_PythonValue])
    case list([_PythonValue])
    case string(String)
    case int(Int)
    case bool(Bool)
    case none

    var kind: String {
        switch self {
        case .dict: "a dict"
        case .tuple: "a tuple"
        case .list: "a list"
        case .string(let s): "the string '\(s.prefix(40))'"
        case .int(let i): "the number \(i)"
        case .bool(let b): b ? "True" : "False"
        case .none: "None"
        }
    }
}

/// A recursive-descent reader of Python literals, nesting at most 16 deep.
struct _PythonLiteral {
    let bytes: [UInt8]
    let fail: (String) -> MatchingError
    var p = 0

    init(bytes: [UInt8], fail: @escaping (String) -> MatchingError) {
        self.bytes = bytes
        self.fail = fail
    }

    func error(_ what: String) -> MatchingError { fail("header byte \(p): \(what)") }

    mutating func skipSpace() {
        while p < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[p]) { p += 1 }
    }

    /// The whole header: one value, then only spaces and newlines (NumPy pads with them).
    mutating func parseHeader() throws -> _PythonValue {
        let v = try value(depth: 0)
        skipSpace()
        guard p == bytes.count else { throw error("unexpected text after the header's dict") }
        return v
    }

    mutating func value(depth: Int) throws -> _PythonValue {
        guard depth < 16 else { throw error("nested too deeply") }
        skipSpace()
        guard p < bytes.count else { throw error("the header ends early") }
        switch bytes[p] {
        case UInt8(ascii: "{"):
            p += 1
            var entries = [(String, _PythonValue)]()
            while true {
                skipSpace()
                if p < bytes.count && bytes[p] == UInt8(ascii: "}") { p += 1; return .dict(entries) }
                guard case .string(let key) = try value(depth: depth + 1) else { throw error("a dict key that is not a string") }
                guard !entries.contains(where: { $0.0 == key }) else { throw error("the key '\(key)' appears twice") }
                skipSpace()
                guard p < bytes.count, bytes[p] == UInt8(ascii: ":") else { throw error("expected ':' after '\(key)'") }
                p += 1
                entries.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard p < bytes.count else { throw error("the dict is never closed") }
                if bytes[p] == UInt8(ascii: ",") { p += 1; continue }
                guard bytes[p] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
            }
        case UInt8(ascii: "("), UInt8(ascii: "["):
            let close = bytes[p] == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
            let isTuple = close == UInt8(ascii: ")")
            p += 1
            var items = [_PythonValue]()
            var sawComma = false
            while true {
                skipSpace()
                if p < bytes.count && bytes[p] == close {
                    p += 1
                    // `(3)` is the number 3 in Python; `(3,)` is a tuple.
                    if isTuple && items.count == 1 && !sawComma { return items[0] }
                    return isTuple ? .tuple(items) : .list(items)
                }
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard p < bytes.count else { throw error("a \(isTuple ? "tuple" : "list") is never closed") }
                if bytes[p] == UInt8(ascii: ",") { p += 1; sawComma = true; continue }
                guard bytes[p] == close else { throw error("expected ',' or '\(Character(UnicodeScalar(close)))'") }
            }
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            let q = bytes[p]
            p += 1
            var out = [UInt8]()
            while true {
                guard p < bytes.count else { throw error("a string is never closed") }
                let b = bytes[p]
                p += 1
                if b == q { break }
                if b == UInt8(ascii: "\\") {
                    guard p < bytes.count else { throw error("a string is never closed") }
                    out.append(bytes[p])
                    p += 1
                } else {
                    out.append(b)
                }
            }
            return .string(String(decoding: out, as: UTF8.self))
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = p
            if bytes[p] == UInt8(ascii: "-") || bytes[p] == UInt8(ascii: "+") { p += 1 }
            while p < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[p]) { p += 1 }
            let digits = String(decoding: bytes[start..<p], as: UTF8.self)
            if p < bytes.count && (bytes[p] == UInt8(ascii: "L") || bytes[p] == UInt8(ascii: "l")) { p += 1 }   // Python 2 longs
            guard let v = Int(digits) else { throw error("'\(digits.prefix(40))' is not a whole number this machine can hold") }
            return .int(v)
        default:
            for (word, v) in [("True", _PythonValue.bool(true)), ("False", .bool(false)), ("None", .none)] {
                let w = Array(word.utf8)
                if bytes.count - p >= w.count && Array(bytes[p..<p + w.count]) == w {
                    p += w.count
                    return v
                }
            }
            throw error("unexpected character '\(String(decoding: [bytes[p]], as: UTF8.self))'")
        }
    }
}

/// A numeric `.npy` dtype and how to read its values as `Double`s.
struct _NPYDtype {
    enum Kind { case float, signed, unsigned, bool }
    var kind: Kind
    /// Bytes per value.
    var size: Int
    /// Whether the file's byte order differs from this machine's.
    var swapped: Bool

    init(_ descr: String, fail: (String) -> MatchingError) throws {
        let unsupported = fail("dtype '\(descr)' is not supported; supported are \(ScoreFiles.npyDtypes)")
        var s = Substring(descr)
        let hostIsLittle = 1.littleEndian == 1
        var little = hostIsLittle
        switch s.first {
        case "<": little = true; s = s.dropFirst()
        case ">": little = false; s = s.dropFirst()
        case "|", "=": s = s.dropFirst()
        default: break
        }
        switch (s.first, Int(s.dropFirst())) {
        case ("f", 2?): kind = .float; size = 2
        case ("f", 4?): kind = .float; size = 4
        case ("f", 8?): kind = .float; size = 8
        case ("i", let k?) where [1, 2, 4, 8].contains(k): kind = .signed; size = k
        case ("u", let k?) where [1, 2, 4, 8].contains(k): kind = .unsigned; size = k
        case ("b", 1?): kind = .bool; size = 1
        default:
            if s == "?" { kind = .bool; size = 1 } else { throw unsupported }
        }
        swapped = size > 1 && little != hostIsLittle
    }

    /// Value `k` of `body`, whose length the caller has checked.
    ///
    /// - Throws: through `fail` for an integer a `Double` cannot hold exactly, or a bool byte other than 0 or 1.
    func value(_ body: UnsafeRawBufferPointer, _ k: Int, fail: (String) -> MatchingError) throws -> Double {
        let offset = k * size
        func load<T: FixedWidthInteger>(_: T.Type) -> T {
            let v = body.loadUnaligned(fromByteOffset: offset, as: T.self)
            return swapped ? v.byteSwapped : v
        }
        switch (kind, size) {
        case (.float, 2): return Self.half(load(UInt16.self))
        case (.float, 4): return Double(Float(bitPattern: load(UInt32.self)))
        case (.float, _): return Double(bitPattern: load(UInt64.self))
        case (.signed, 1): return Double(load(Int8.self))
        case (.signed, 2): return Double(load(Int16.self))
        case (.signed, 4): return Double(load(Int32.self))
        case (.signed, _):
            let v = load(Int64.self)
            guard let d = Double(exactly: v) else {
                throw fail("the int64 \(v) is beyond what a Double score holds exactly (integers up to ±2^53); scale the scores down")
            }
            return d
        case (.unsigned, 1): return Double(load(UInt8.self))
        case (.unsigned, 2): return Double(load(UInt16.self))
        case (.unsigned, 4): return Double(load(UInt32.self))
        case (.unsigned, _):
            let v = load(UInt64.self)
            guard let d = Double(exactly: v) else {
                throw fail("the uint64 \(v) is beyond what a Double score holds exactly (integers up to 2^53); scale the scores down")
            }
            return d
        case (.bool, _):
            let b = load(UInt8.self)
            guard b <= 1 else { throw fail("the bool byte \(b) is neither 0 nor 1") }
            return Double(b)
        }
    }

    /// An IEEE 754 half-precision value, exactly.
    static func half(_ h: UInt16) -> Double {
        let sign: FloatingPointSign = h & 0x8000 != 0 ? .minus : .plus
        let exponent = Int((h >> 10) & 0x1F), fraction = Double(h & 0x3FF)
        switch exponent {
        case 0: return Double(sign: sign, exponent: -24, significand: fraction)
        case 0x1F: return fraction != 0 ? .nan : sign == .minus ? -.infinity : .infinity
        default: return Double(sign: sign, exponent: exponent - 15, significand: 1 + fraction / 1024)
        }
    }
}
