import Foundation
import PropertyBased

/// Deterministic mutations of real inputs, the way files break in the wild:
/// flipped and inserted bytes, cut and duplicated lines, cells replaced by
/// values at their limits, delimiters and quotes where they should not be,
/// truncation and growth.
struct Mutator {
    var rng: Xoshiro

    init(seed: UInt64) { rng = Xoshiro(seed: (seed, seed ^ 0x9E37_79B9_7F4A_7C15, ~seed, seed &* 0xBF58_476D_1CE4_E5B9 | 1)) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    /// Values that break naive readers: limits, non-numbers, separators, encodings.
    static let nasty: [String] = [
        "", " ", "0", "-0", "1e308", "-1e308", "1e-320", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "nan", "NaN", "inf", "-inf", "Infinity", "-∞", "2,5", "2.5", "0x10", "1_000", "١٢", "+", "-", ".",
        "\"", "\"\"", "\"a\nb\"", ";", ",", "\t", "\r", "\n", "\u{0}", "\u{FEFF}", "\u{202E}evil", "é", "e\u{301}", "🙂", "𝔘",
        "=1+1", "<script>", String(repeating: "x", count: 5000), String(repeating: "9", count: 400),
        "a:b:c:d", "swift:", ":3", "swift:NaN", "swift:-1", "Mon", "Mon 25-26", "Sun-Mon 1-2", "onsite:", "hybrid:a:b",
        "UTC+99", "GMT-14:45", "(UTC+01:00", "x:failed", "mentor", "mentee", "both", "MENTOR", "yes", "no", "maybe",
    ]

    /// `data` with 1…`count` mutations applied.
    mutating func mutate(_ data: Data, count: Int) -> Data {
        var bytes = [UInt8](data)
        for _ in 0..<count { mutateOnce(&bytes) }
        return Data(bytes)
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        let n = bytes.count
        switch int(0...11) {
        case 0 where n > 0:   // flip a bit
            bytes[int(0...n - 1)] ^= UInt8(1 << int(0...7))
        case 1:   // insert a random byte
            bytes.insert(UInt8(int(0...255)), at: int(0...n))
        case 2 where n > 0:   // delete a range
            let a = int(0...n - 1), b = min(n, a + int(1...64))
            bytes.removeSubrange(a..<b)
        case 3 where n > 0:   // truncate
            bytes.removeLast(int(1...n))
        case 4:   // insert a special byte: delimiter, quote, line break, NUL
            bytes.insert(pick([0x2C, 0x3B, 0x09, 0x22, 0x0A, 0x0D, 0x00, 0xFF, 0xC3, 0x3A]), at: int(0...n))
        case 5, 6:   // replace a cell-like span (between separators) with a nasty value
            guard n > 0 else { fallthrough }
            let at = int(0...n - 1)
            var a = at, b = at
            let stops: Set<UInt8> = [0x2C, 0x3B, 0x09, 0x0A, 0x0D, 0x22, 0x3A, 0x20, 0x7B, 0x7D, 0x5B, 0x5D]
            while a > 0 && !stops.contains(bytes[a - 1]) { a -= 1 }
            while b < n && !stops.contains(bytes[b]) { b += 1 }
            bytes.replaceSubrange(a..<b, with: Array(pick(Self.nasty).utf8))
        case 7:   // duplicate or drop a line
            var lines = splitLines(bytes)
            guard !lines.isEmpty else { return }
            let k = int(0...lines.count - 1)
            if int(0...1) == 0 { lines.insert(lines[k], at: k) } else { lines.remove(at: k) }
            bytes = Array(lines.joined(separator: [0x0A]))
        case 8:   // swap two lines
            var lines = splitLines(bytes)
            guard lines.count > 1 else { return }
            lines.swapAt(int(0...lines.count - 1), int(0...lines.count - 1))
            bytes = Array(lines.joined(separator: [0x0A]))
        case 9:   // grow: repeat the body
            if n < 200_000 { bytes += bytes.suffix(min(n, 4096)) }
        case 10 where n > 0:   // a number at its limit where a digit stands
            guard let at = bytes.indices.filter({ (0x30...0x39).contains(bytes[$0]) }).randomElement(using: &rng) else { return }
            var a = at, b = at
            while a > 0 && (0x30...0x39).contains(bytes[a - 1]) { a -= 1 }
            while b < n && ((0x30...0x39).contains(bytes[b]) || bytes[b] == 0x2E) { b += 1 }
            bytes.replaceSubrange(a..<b, with: Array(pick(["0", "-1", "1e308", "99999999999999999999", "2147483648", "-2147483649", "1.5", "1e-9", "NaN", "1e999"]).utf8))
        default:   // CRLF ↔ LF
            bytes = int(0...1) == 0 ? bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] } : bytes.filter { $0 != 0x0D }
        }
    }

    private func splitLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
    }
}

/// How long the fuzz run is: a quick fixed-seed run by default (`make test`),
/// `MENTORMATCH_FUZZ_ITERATIONS` inputs per target and fresh seeds when
/// `MENTORMATCH_FUZZ_SEED` is set (`make fuzz`).
enum FuzzRun {
    static var iterations: Int {
        ProcessInfo.processInfo.environment["MENTORMATCH_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 300
    }
    static var baseSeed: UInt64 {
        ProcessInfo.processInfo.environment["MENTORMATCH_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_129
    }
}

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A fixture's bytes; a missing fixture stops the run (a renamed file must not leave a target fuzzing nothing).
func fixtureData(_ path: String) -> Data {
    guard let data = try? Data(contentsOf: packageRoot.appendingPathComponent(path)), !data.isEmpty else {
        preconditionFailure("fixture \(path) is missing or empty")
    }
    return data
}
