import MatchingCore
import Foundation

/// A time zone read from a profile, in any of the forms surveys and HR
/// systems write: a UTC offset in any case (`UTC+5:30`, `utc+1`, `GMT-3`,
/// `+02:00`, `+0200`, `Z`), Windows' display form (`(UTC+01:00) Amsterdam,
/// Berlin`), an abbreviation or English/Windows name from ``named`` (`CET`,
/// `CEST`, `AEST`, `Eastern Standard Time`), or an IANA name in any case
/// (`Europe/Paris`, `europe/paris`). IANA names are taken at their offset on
/// 15 January 2026 (a fixed date, so the same input always gives the same
/// scores; daylight saving is not modelled — a daylight abbreviation such as
/// `CEST` names its summer offset).
enum _TimeZoneOffset {
    /// The offset from UTC in hours, or `nil` when `text` is none of the forms.
    static func hours(_ text: String) -> Double? {
        var t = text.trimmed()
        // Windows: "(UTC+01:00) Amsterdam, Berlin, …" → "UTC+01:00".
        if t.hasPrefix("("), let close = t.firstIndex(of: ")") {
            t = String(t[t.index(after: t.startIndex)..<close]).trimmed()
        }
        let upper = t.uppercased()
        if ["Z", "UTC", "GMT", "UT"].contains(upper) { return 0 }
        var rest = Substring(upper)
        for prefix in ["UTC", "GMT"] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        rest = Substring(rest.trimmed())
        if let sign = rest.first, sign == "+" || sign == "-" || sign == "−" {
            return offset(rest.dropFirst().trimmed(), negative: sign != "+")
        }
        if t.contains("/") || t.count > 5, let zone = TimeZone(identifier: t) ?? identifiers[t.lowercased()].flatMap(TimeZone.init(identifier:)) {
            return Double(zone.secondsFromGMT(for: referenceDate)) / 3600
        }
        if let h = named[upper.split(whereSeparator: { $0 == " " }).joined(separator: " ")] { return h }
        return nil
    }

    /// `5`, `5:30`, `05:30` or `0530` hours, 0…14, minutes 0, 15, 30 or 45.
    static func offset(_ body: String, negative: Bool) -> Double? {
        var hoursText = body, minutesText: String? = nil
        if let colon = body.firstIndex(of: ":") {
            hoursText = String(body[..<colon])
            minutesText = String(body[body.index(after: colon)...])
        } else if body.count == 4, body.allSatisfy(\.isNumber) {
            hoursText = String(body.prefix(2))
            minutesText = String(body.suffix(2))
        }
        guard !hoursText.isEmpty, hoursText.count <= 2, let h = Int(hoursText), (0...14).contains(h) else { return nil }
        var minutes = 0
        if let m = minutesText {
            guard m.count == 2, let value = Int(m), [0, 15, 30, 45].contains(value) else { return nil }
            minutes = value
        }
        let value = Double(h) + Double(minutes) / 60
        return negative ? -value : value
    }

    /// Abbreviations and the English and Windows names people write, by
    /// their upper-case form, with the offset they name — a fixed table, so
    /// the same file scores the same on every platform. Ambiguous
    /// abbreviations take their most common reading: `CST` is US Central
    /// (−6), `IST` India (+5:30), `BST` British Summer Time (+1), `AST`
    /// Atlantic (−4); write the IANA name for the others.
    static let named: [String: Double] = [
        "WET": 0, "WEST": 1, "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "EET": 2, "EEST": 3,
        "MSK": 3, "TRT": 3, "GST": 4, "PKT": 5, "NPT": 5.75, "ICT": 7, "WIB": 7, "WITA": 8, "WIT": 9, "SGT": 8, "HKT": 8,
        "PHT": 8, "AWST": 8, "JST": 9, "KST": 9, "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
        "HST": -10, "AKST": -9, "AKDT": -8, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5, "EST": -5,
        "EDT": -4, "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5, "BRT": -3, "ART": -3, "CLT": -4, "COT": -5, "PET": -5,
        "WAT": 1, "CAT": 2, "EAT": 3, "SAST": 2, "IRST": 3.5,
        "GREENWICH MEAN TIME": 0, "COORDINATED UNIVERSAL TIME": 0, "BRITISH SUMMER TIME": 1,
        "CENTRAL EUROPEAN TIME": 1, "CENTRAL EUROPEAN SUMMER TIME": 2, "EASTERN EUROPEAN TIME": 2,
        "EASTERN TIME": -5, "CENTRAL TIME": -6, "MOUNTAIN TIME": -7, "PACIFIC TIME": -8,
        "EASTERN STANDARD TIME": -5, "CENTRAL STANDARD TIME": -6, "MOUNTAIN STANDARD TIME": -7, "PACIFIC STANDARD TIME": -8,
        "ATLANTIC STANDARD TIME": -4, "ALASKAN STANDARD TIME": -9, "HAWAIIAN STANDARD TIME": -10, "GMT STANDARD TIME": 0,
        "W. EUROPE STANDARD TIME": 1, "CENTRAL EUROPE STANDARD TIME": 1, "CENTRAL EUROPEAN STANDARD TIME": 1, "ROMANCE STANDARD TIME": 1,
        "E. EUROPE STANDARD TIME": 2, "FLE STANDARD TIME": 2, "GTB STANDARD TIME": 2, "SOUTH AFRICA STANDARD TIME": 2,
        "ISRAEL STANDARD TIME": 2, "RUSSIAN STANDARD TIME": 3, "ARABIAN STANDARD TIME": 4, "INDIA STANDARD TIME": 5.5,
        "CHINA STANDARD TIME": 8, "SINGAPORE STANDARD TIME": 8, "TOKYO STANDARD TIME": 9, "KOREA STANDARD TIME": 9,
        "AUS EASTERN STANDARD TIME": 10, "NEW ZEALAND STANDARD TIME": 12, "SA PACIFIC STANDARD TIME": -5,
        "E. SOUTH AMERICA STANDARD TIME": -3,
    ]

    /// tzdata's identifiers by their lower-case form.
    static let identifiers: [String: String] = {
        var out = [String: String]()
        for id in TimeZone.knownTimeZoneIdentifiers { out[id.lowercased()] = id }
        return out
    }()

    /// 2026-01-15T00:00:00Z.
    static let referenceDate = Date(timeIntervalSince1970: 1_768_435_200)

    /// The distance between two offsets around the clock, 0…12 hours.
    static func distance(_ a: Double, _ b: Double) -> Double {
        let d = abs(a - b).truncatingRemainder(dividingBy: 24)
        return Swift.min(d, 24 - d)
    }
}
