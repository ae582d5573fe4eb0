/// How spreadsheet cells write numbers and yes/no answers.
public enum CellText {
    /// A finite number written as `2`, `2.0`, ` 2 `, `+2`, `1e3`, or (where
    /// `decimalComma`) `2,5`; `nil` for anything else, NaN and infinities included.
    public static func number(_ text: String, decimalComma: Bool) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces)
        if decimalComma, t.contains(","), !t.contains(".") {
            guard t.count(where: { $0 == "," }) == 1 else { return nil }
            t = t.replacingOccurrences(of: ",", with: ".")
        }
        guard let first = t.unicodeScalars.first, first == "+" || first == "-" || first == "." || ("0"..."9").contains(first) else {
            return nil   // refuses "nan", "inf", "infinity" and hex forms Double(_:) would take
        }
        guard !t.lowercased().contains("x"), let x = Double(t), x.isFinite else { return nil }
        return x
    }

    /// A whole number written as `2`, `2.0`, ` 2 ` or (where `decimalComma`)
    /// `2,0`; `nil` for a fraction or anything else.
    public static func wholeNumber(_ text: String, decimalComma: Bool) -> Int? {
        guard let x = number(text, decimalComma: decimalComma), x == x.rounded(), abs(x) <= 1e15 else { return nil }
        return Int(x)
    }

    /// `yes`/`no`, `y`/`n`, `true`/`false`, `1`/`0` in any case (also
    /// `1.0`/`0.0`); `nil` for anything else.
    public static func boolean(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes", "y", "true", "1", "1.0", "t", "wahr", "oui", "ja", "si", "sí": true
        case "no", "n", "false", "0", "0.0", "f", "falsch", "non", "nein": false
        default: nil
        }
    }
}
