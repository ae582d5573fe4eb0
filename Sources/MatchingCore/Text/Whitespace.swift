import Foundation

/// Spaces around cell text, taken off without Foundation's `NSString` round
/// trip: `trimmingCharacters(in:)` bridges every cell on Linux, which made
/// reading a 30,000-row export take seconds.
///
/// The sets are Foundation's own — ``CharacterSet/whitespaces`` (tab and
/// Unicode's space separators, Zs) and ``CharacterSet/whitespacesAndNewlines``
/// (also U+000A–U+000D, U+0085, U+2028, U+2029) — checked per Unicode scalar,
/// as Foundation checks per UTF-16 unit (no space lies outside the BMP), so
/// the result is the same string.
extension String {
    /// The text without the spaces (and tabs; with `newlines`, also line
    /// breaks) at either end.
    ///
    /// - Complexity: O(characters trimmed), and O(length) to copy the rest.
    package func trimmed(newlines: Bool = false) -> String { self[...].trimmed(newlines: newlines) }
}

extension Substring {
    /// The text without the spaces (and tabs; with `newlines`, also line
    /// breaks) at either end.
    ///
    /// - Complexity: O(characters trimmed), and O(length) to copy the rest.
    package func trimmed(newlines: Bool = false) -> String {
        let scalars = unicodeScalars
        var lo = scalars.startIndex, hi = scalars.endIndex
        while lo < hi, Self.isSpace(scalars[lo], newlines: newlines) { lo = scalars.index(after: lo) }
        while lo < hi {
            let last = scalars.index(before: hi)
            guard Self.isSpace(scalars[last], newlines: newlines) else { break }
            hi = last
        }
        return String(Substring(scalars[lo..<hi]))
    }
}

extension StringProtocol {
    /// Whether the text is empty or only spaces (and with `newlines`, line breaks).
    package func isBlank(newlines: Bool = false) -> Bool {
        unicodeScalars.allSatisfy { Self.isSpace($0, newlines: newlines) }
    }

    /// Whether the UTF-8 text holds byte `ascii`: where Foundation's
    /// `contains(_:)` finds the ASCII character, and also before a combining
    /// mark (`:` then U+0301), which Foundation's canonical search passes over.
    @inlinable package func containsByte(_ ascii: Unicode.Scalar) -> Bool {
        utf8.contains(UInt8(ascii: ascii))
    }

    /// Whether every character is ASCII (one byte each in UTF-8).
    @inlinable package var isASCII: Bool { utf8.allSatisfy { $0 < 0x80 } }

    @inlinable @inline(__always)
    package static func isSpace(_ s: Unicode.Scalar, newlines: Bool) -> Bool {
        if s.isASCII { return s == " " || s == "\t" || (newlines && s.value >= 0x0A && s.value <= 0x0D) }
        return (newlines ? CharacterSet.whitespacesAndNewlines : CharacterSet.whitespaces).contains(s)
    }
}

extension String {
    /// The text in Unicode normalization form C (canonical composition), as
    /// `precomposedStringWithCanonicalMapping`; ASCII text, which is already
    /// in that form, is returned as it is without Foundation's round trip.
    @inlinable package var composed: String {
        isASCII ? self : precomposedStringWithCanonicalMapping
    }
}
