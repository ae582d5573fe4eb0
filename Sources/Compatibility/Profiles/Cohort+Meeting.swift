extension Cohort {
    /// A first meeting two people can both make: the first block of weekly
    /// hours both listed as available, counted from Monday 00:00 UTC, as
    /// (start, hours) in hours of the UTC week (0…167), blocks wrapping
    /// past Sunday midnight joined; `nil` when they share no hour or either
    /// listed none. Local hours are converted with each person's time zone
    /// (none: UTC), as the availability criterion does.
    ///
    /// - Complexity: O(slots of both + 168).
    public func firstSharedBlock(_ a: Int, _ b: Int) -> (start: Int, hours: Int)? {
        func week(_ k: Int) -> [Bool] {
            var out = [Bool](repeating: false, count: 168)
            let shift = Int((offsets[k] ?? 0).rounded())
            for s in profiles[k].availability {
                for h in s.startHour..<s.endHour { out[((s.day * 24 + h - shift) % 168 + 168) % 168] = true }
            }
            return out
        }
        let x = week(a), y = week(b)
        let both = (0..<168).map { x[$0] && y[$0] }
        guard let first = (0..<168).first(where: { both[$0] && !both[($0 + 167) % 168] }) ?? (both.allSatisfy { $0 } ? 0 : nil) else { return nil }
        var length = 0
        while length < 168 && both[(first + length) % 168] { length += 1 }
        return (first, length)
    }

    /// A UTC hour of the week in person `k`'s local time, e.g. `Tue 16:00`
    /// — shifted by their time zone's offset rounded to the hour, as their
    /// listed hours are read (``firstSharedBlock(_:_:)``), so the time is
    /// one of the hours they listed.
    public func localTime(utcHour: Int, for k: Int) -> String {
        let shift = Int((offsets[k] ?? 0).rounded())
        let minutes = ((utcHour + shift) % 168 + 168) % 168 * 60
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let h = (minutes / 60) % 24, m = minutes % 60
        return "\(days[minutes / (24 * 60)]) \(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}
