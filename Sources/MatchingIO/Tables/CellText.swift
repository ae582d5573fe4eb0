import MatchingCore

/// How spreadsheet cells write numbers and yes/no answers.
public enum CellText {
    /// A number as written in files and messages: whole values without a
    /// fraction (`2`, not `2.0`), others in Swift's shortest round-trip form.
    public static func text(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x) }

    /// A finite number written as `2`, `2.0`, ` 2 `, `+2`, `1e3`, or (where
    /// `decimalComma`) `2,5`; `nil` for anything else, NaN and infinities included.
    public static func number(_ text: String, decimalComma: Bool) -> Double? {
        if case .number(let x) = reading(text, decimalComma: decimalComma) { return x }
        return nil
    }

    /// What a cell that should hold a number holds.
    public enum NumberReading: Hashable, Sendable {
        /// A finite number.
        case number(Double)
        /// A number too large for a Double (`1e999`): never read as infinity.
        case outOfRange
        /// Anything else (text, `nan`, `inf`, hexadecimal, two decimal commas, …).
        case notANumber
    }

    /// The one rule for numbers in cells, used by participant and score files
    /// (the score reader's byte-level fast path takes the same decisions):
    /// spaces around are ignored; the first character is `+`, `-`, `.` or a
    /// digit; where `decimalComma`, a cell with exactly one comma and no point
    /// reads the comma as the decimal point (`2,5`); no hexadecimal forms.
    public static func reading(_ text: String, decimalComma: Bool) -> NumberReading {
        var t = text.trimmed()
        if decimalComma, t.containsByte(","), !t.containsByte(".") {
            guard t.utf8.count(where: { $0 == UInt8(ascii: ",") }) == 1 else { return .notANumber }
            t = String(decoding: t.utf8.map { $0 == UInt8(ascii: ",") ? UInt8(ascii: ".") : $0 }, as: UTF8.self)
        }
        guard let first = t.unicodeScalars.first, first == "+" || first == "-" || first == "." || ("0"..."9").contains(first) else {
            return .notANumber   // refuses "nan", "inf", "infinity" and hex forms Double(_:) would take
        }
        guard !t.containsByte("x"), !t.containsByte("X"), t.isASCII, let x = Double(t) else { return .notANumber }
        return x.isFinite ? .number(x) : (x.isNaN ? .notANumber : .outOfRange)
    }

    /// Whether a number's only comma is followed by exactly three digits and
    /// nothing else (`1,500`, `-12,000`): a decimal comma (1.5) or a thousands
    /// separator (1500). Where decimal commas are only likely, not certain
    /// (tab-separated text), such a cell is ambiguous unless other numbers of
    /// the file show decimal commas (see ``isDecimalCommaEvidence(_:)``).
    public static func isThousandsLike<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> Bool {
        var digitsBefore = 0, digitsAfter = 0, commas = 0
        for (k, b) in utf8.enumerated() {
            if b == UInt8(ascii: ",") { commas += 1; continue }
            if (b == UInt8(ascii: "-") || b == UInt8(ascii: "+")) && k == 0 { continue }
            guard b >= 48 && b <= 57 else { return false }
            if commas == 0 { digitsBefore += 1 } else { digitsAfter += 1 }
        }
        return commas == 1 && digitsBefore >= 1 && digitsAfter == 3
    }

    /// Whether a number written with one comma shows that the comma is a
    /// decimal comma: any comma-number that is not ``isThousandsLike(_:)``
    /// (`0,5`, `2,25`, `1,5000`).
    public static func isDecimalCommaEvidence<Bytes: Collection<UInt8>>(_ utf8: Bytes) -> Bool {
        utf8.contains(UInt8(ascii: ",")) && !isThousandsLike(utf8)
    }

    /// A whole number written as `2`, `2.0`, ` 2 ` or (where `decimalComma`)
    /// `2,0`; `nil` for a fraction or anything else.
    public static func wholeNumber(_ text: String, decimalComma: Bool) -> Int? {
        guard let x = number(text, decimalComma: decimalComma), x == x.rounded(), abs(x) <= 1e15 else { return nil }
        return Int(x)
    }

    /// `yes`/`no`, `y`/`n`, `t`/`f`, `true`/`false`, `1`/`0` in any case
    /// (also `1.0`/`0.0`, and the yes/no of German, French and Spanish
    /// exports: `ja`/`nein`, `wahr`/`falsch`, `oui`/`non`, `si`/`sí`); `nil`
    /// for anything else.
    public static func boolean(_ text: String) -> Bool? {
        switch text.trimmed().lowercased() {
        case "yes", "y", "true", "1", "1.0", "t", "wahr", "oui", "ja", "si", "sí": true
        case "no", "n", "false", "0", "0.0", "f", "falsch", "non", "nein": false
        default: nil
        }
    }
}
