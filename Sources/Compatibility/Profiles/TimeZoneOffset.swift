import Foundation

/// A time zone read from a profile: a UTC offset (`UTC+5:30`, `+02:00`,
/// `GMT-3`, `Z`) or an IANA name (`Europe/Paris`), the latter at its standard
/// offset on 15 January 2026 (a fixed date, so the same input always gives the
/// same scores; daylight saving is not modelled).
enum _TimeZoneOffset {
    /// The offset from UTC in hours, or `nil` when `text` is neither form.
    static func hours(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "Z" || t == "UTC" || t == "GMT" { return 0 }
        var rest = Substring(t)
        if rest.hasPrefix("UTC") || rest.hasPrefix("GMT") { rest = rest.dropFirst(3) }
        if let sign = rest.first, sign == "+" || sign == "-" || sign == "−" {
            let body = rest.dropFirst()
            let parts = body.split(separator: ":", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let h = Int(parts[0]), (0...14).contains(h) else { return nil }
            var minutes = 0
            if parts.count == 2 {
                guard let m = Int(parts[1]), [0, 15, 30, 45].contains(m) else { return nil }
                minutes = m
            }
            let value = Double(h) + Double(minutes) / 60
            return sign == "+" ? value : -value
        }
        guard t.contains("/"), let zone = TimeZone(identifier: t) else { return nil }
        return Double(zone.secondsFromGMT(for: referenceDate)) / 3600
    }

    /// 2026-01-15T00:00:00Z.
    static let referenceDate = Date(timeIntervalSince1970: 1_768_435_200)

    /// The distance between two offsets around the clock, 0…12 hours.
    static func distance(_ a: Double, _ b: Double) -> Double {
        let d = abs(a - b).truncatingRemainder(dividingBy: 24)
        return Swift.min(d, 24 - d)
    }
}
