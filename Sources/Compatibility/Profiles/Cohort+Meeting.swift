extension Cohort {
    /// Quarter-hours in a week.
    static let quartersPerWeek = 7 * 24 * 4

    /// Person `k`'s time-zone offset in quarter-hours (none: UTC).
    func offsetQuarters(_ k: Int) -> Int { Int(((offsets[k] ?? 0) * 4).rounded()) }

    /// Calls `body` with each quarter-hour of the UTC week (0…671) person
    /// `k` listed as available: their windows read in their own time zone,
    /// to the quarter-hour (half- and three-quarter-hour zones exact),
    /// wrapping around the week. The one conversion scoring and the first
    /// meeting share.
    func forEachUTCQuarter(of k: Int, _ body: (Int) -> Void) {
        let n = Self.quartersPerWeek, shift = offsetQuarters(k)
        for s in profiles[k].availability {
            for q in s.startQuarter..<s.endQuarter { body(((s.day * 96 + q - shift) % n + n) % n) }
        }
    }

    /// A first meeting two people can both make: the first block of time
    /// both listed as available, counted from Monday 00:00 UTC, as
    /// (start, length) in quarter-hours of the UTC week (0…671), a block
    /// wrapping past Sunday midnight joined; `nil` when they share no time
    /// or either listed none. Each person's listed hours are read in their
    /// own time zone, to the quarter-hour (half-hour zones exact), so the
    /// block is the same moment for both.
    ///
    /// - Complexity: O(slots of both + 672).
    public func firstSharedBlock(_ a: Int, _ b: Int) -> (start: Int, quarters: Int)? {
        let n = Self.quartersPerWeek
        func week(_ k: Int) -> [Bool] {
            var out = [Bool](repeating: false, count: n)
            forEachUTCQuarter(of: k) { out[$0] = true }
            return out
        }
        let x = week(a), y = week(b)
        let both = (0..<n).map { x[$0] && y[$0] }
        guard let first = (0..<n).first(where: { both[$0] && !both[($0 + n - 1) % n] }) ?? (both.allSatisfy { $0 } ? 0 : nil) else { return nil }
        var length = 0
        while length < n && both[(first + length) % n] { length += 1 }
        return (first, length)
    }

    /// A UTC quarter-hour of the week in person `k`'s local time, e.g. `Tue 16:30`.
    public func localTime(utcQuarter: Int, for k: Int) -> String {
        let n = Self.quartersPerWeek
        let q = ((utcQuarter + offsetQuarters(k)) % n + n) % n
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let h = (q / 4) % 24, m = (q % 4) * 15
        return "\(days[q / 96]) \(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
    }
}
