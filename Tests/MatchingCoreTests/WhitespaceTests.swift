import Foundation
import MatchingCore
import Testing

@Suite("Trimming cell text without Foundation's NSString round trip")
struct WhitespaceTests {
    /// Spaces of every kind around, inside and alone; combining marks next to
    /// spaces; line breaks; text that is all ASCII and text that is not.
    static let samples: [String] = [
        "", " ", "\t", "  \t ", "\n", "\r\n", " \u{0B}\u{0C} ", "a", " a ", "\ta b\t", "a\n", "\n a \r\n",
        "\u{00A0}x\u{00A0}", "\u{2003}Zoë\u{2009}", "\u{3000}全角\u{3000}", "\u{200B}zero width\u{200B}", "\u{0085}next line\u{2028}",
        " \u{0301}a ", "e\u{0301} ", " \u{1F600} ", "x\u{1680}", "\u{202F}\u{205F}", "  python:4, sql:2,5 ",
        "\u{FEFF}bom\u{FEFF}", " \u{180E} ",
    ]

    @Test("trimmed(), trimmed(newlines: true) and isBlank give what trimmingCharacters(in:) gives, on strings and substrings")
    func sameAsFoundation() {
        for s in Self.samples {
            for newlines in [false, true] {
                let set: CharacterSet = newlines ? .whitespacesAndNewlines : .whitespaces
                let expected = s.trimmingCharacters(in: set)
                #expect(Array(s.trimmed(newlines: newlines).unicodeScalars) == Array(expected.unicodeScalars), "\(s.debugDescription), newlines \(newlines)")
                #expect(s.isBlank(newlines: newlines) == expected.isEmpty, "\(s.debugDescription)")
                let inner = ("<" + s + ">").dropFirst().dropLast()
                #expect(Array(inner.trimmed(newlines: newlines).unicodeScalars) == Array(expected.unicodeScalars), "substring \(s.debugDescription)")
            }
        }
    }

    @Test("containsByte finds an ASCII character where Foundation's contains does, and composed is NFC")
    func bytesAndComposition() {
        for s in Self.samples + ["a,b", "1.5", "x"] {
            for c in [":", ",", ".", "x"] as [Unicode.Scalar] {
                #expect(s.containsByte(c) == (s.range(of: String(c)) != nil), "\(s.debugDescription) \(c)")
            }
            #expect(Array(s.composed.unicodeScalars) == Array(s.precomposedStringWithCanonicalMapping.unicodeScalars))
        }
        #expect(Array("Zoe\u{0308}".composed.unicodeScalars) == Array("Zoë".unicodeScalars))
        // A byte search: a colon before a combining mark is still a colon (Foundation's canonical search says no).
        #expect(":\u{0301}".containsByte(":") && "a\u{0301}".containsByte("a") && !"é".containsByte("e"))
    }
}
