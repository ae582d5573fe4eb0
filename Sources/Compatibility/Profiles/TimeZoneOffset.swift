import Foundation

/// A time zone read from a profile, in any of the forms surveys and HR
/// systems write: a UTC offset in any case (`UTC+5:30`, `utc+1`, `GMT-3`,
/// `+02:00`, `+0200`, `Z`), Windows' display form (`(UTC+01:00) Amsterdam,
/// Berlin`), an IANA name in any case (`Europe/Paris`, `europe/paris`,
/// `CET`), or an abbreviation Foundation's tzdata table knows (`EST`, `PST`,
/// `CEST`). Names are taken at their offset on 15 January 2026 (a fixed
/// date, so the same input always gives the same scores; daylight saving is
/// not modelled, except that a daylight abbreviation such as `CEST` means
/// its zone's summer offset).
enum _TimeZoneOffset {
    /// The offset from UTC in hours, or `nil` when `text` is none of the forms.
    static func hours(_ text: String) -> Double? {
        var t = text.trimmingCharacters(in: .whitespaces)
        // Windows: "(UTC+01:00) Amsterdam, Berlin, …" → "UTC+01:00".
        if t.hasPrefix("("), let close = t.firstIndex(of: ")") {
            t = String(t[t.index(after: t.startIndex)..<close]).trimmingCharacters(in: .whitespaces)
        }
        let upper = t.uppercased()
        if ["Z", "UTC", "GMT", "UT"].contains(upper) { return 0 }
        var rest = Substring(upper)
        for prefix in ["UTC", "GMT"] where rest.hasPrefix(prefix) { rest = rest.dropFirst(prefix.count) }
        rest = Substring(rest.trimmingCharacters(in: .whitespaces))
        if let sign = rest.first, sign == "+" || sign == "-" || sign == "−" {
            return offset(rest.dropFirst().trimmingCharacters(in: .whitespaces), negative: sign != "+")
        }
        if t.contains("/") || t.count > 5, let zone = TimeZone(identifier: t) ?? identifiers[t.lowercased()].flatMap(TimeZone.init(identifier:)) {
            return Double(zone.secondsFromGMT(for: referenceDate)) / 3600
        }
        if upper.allSatisfy({ $0.isLetter }), let zone = TimeZone(abbreviation: upper) {
            // A daylight-saving abbreviation (CEST, EDT, NZDT, …) names the
            // zone's larger offset of the year, a standard one its smaller.
            let a = zone.secondsFromGMT(for: referenceDate), b = zone.secondsFromGMT(for: summerDate)
            return Double(daylightAbbreviations.contains(upper) ? Swift.max(a, b) : Swift.min(a, b)) / 3600
        }
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

    /// Abbreviations of daylight-saving time in Foundation's table.
    static let daylightAbbreviations: Set<String> = ["ADT", "AKDT", "BRST", "BST", "CDT", "CEST", "CLST", "EDT", "EEST", "MDT", "MSD", "NDT", "NZDT", "PDT", "WEST"]

    /// tzdata's identifiers by their lower-case form.
    static let identifiers: [String: String] = {
        var out = [String: String]()
        for id in TimeZone.knownTimeZoneIdentifiers { out[id.lowercased()] = id }
        return out
    }()

    /// 2026-01-15T00:00:00Z.
    static let referenceDate = Date(timeIntervalSince1970: 1_768_435_200)
    /// 2026-07-15T00:00:00Z, for summer-time abbreviations.
    static let summerDate = Date(timeIntervalSince1970: 1_784_073_600)

    /// The distance between two offsets around the clock, 0…12 hours.
    static func distance(_ a: Double, _ b: Double) -> Double {
        let d = abs(a - b).truncatingRemainder(dividingBy: 24)
        return Swift.min(d, 24 - d)
    }
}
