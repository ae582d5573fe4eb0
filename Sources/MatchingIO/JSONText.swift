import Foundation

/// A JSON value written with a fixed key order and number format, so that
/// the same result prints the same bytes every time.
public indirect enum JSONText: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A number: whole values print without a fraction, others with up to 17 significant digits.
    case number(Double)
    /// A string, escaped.
    case string(String)
    /// An array.
    case array([JSONText])
    /// An object whose keys print in the given order.
    case object([(String, JSONText)])

    /// Compares structurally.
    public static func == (a: JSONText, b: JSONText) -> Bool { a.rendered() == b.rendered() }
    /// Hashes the rendering.
    public func hash(into h: inout Hasher) { h.combine(rendered()) }

    /// The compact rendering.
    public func rendered() -> String {
        var out = ""
        write(into: &out)
        return out
    }

    func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let d):
            if !d.isFinite { out += "null" } else if d.rounded() == d && abs(d) < 9e15 {
                out += String(Int64(d))
            } else {
                out += "\(d)"
            }
        case .string(let s):
            out += "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "<": out += "\\u003c"
                case ">": out += "\\u003e"
                case "&": out += "\\u0026"
                default:
                    if u.value < 0x20 { out += String(format: "\\u%04x", u.value) } else { out.unicodeScalars.append(u) }
                }
            }
            out += "\""
        case .array(let items):
            out += "["
            for (k, v) in items.enumerated() {
                if k > 0 { out += "," }
                v.write(into: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (k, (key, v)) in fields.enumerated() {
                if k > 0 { out += "," }
                JSONText.string(key).write(into: &out)
                out += ":"
                v.write(into: &out)
            }
            out += "}"
        }
    }
}
