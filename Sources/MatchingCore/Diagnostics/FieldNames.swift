/// Names as people type them: field and column names compared loosely, and
/// "did you mean" suggestions for names that match nothing.
public enum FieldNames {
    /// A field or column name compared case-, space-, hyphen-, underscore-
    /// and dot-insensitively: `Time Zone` → `timezone`, `Job_Family` → `jobfamily`.
    public static func normalized(_ name: String) -> String {
        String(name.lowercased().unicodeScalars.filter { !" \t-_.".unicodeScalars.contains($0) })
    }

    /// The Levenshtein distance between two strings (insertions, deletions
    /// and substitutions of Unicode scalars).
    ///
    /// - Complexity: O(|a| · |b|) time, O(|b|) memory.
    public static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count), current = previous
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }

    /// How many edits a "did you mean" may be from `name`: 1 for names of up
    /// to five letters, 2 for longer ones.
    public static func suggestionDistance(_ name: String) -> Int { normalized(name).count <= 5 ? 1 : 2 }

    /// The candidate closest to `name` (compared ``normalized(_:)``) within
    /// `maxDistance` edits, the first in `candidates` order on a tie; `nil` when none is that close.
    public static func closest(to name: String, among candidates: [String], maxDistance: Int = 2) -> String? {
        let key = normalized(name)
        guard !key.isEmpty else { return nil }
        var best: (distance: Int, name: String)? = nil
        for c in candidates {
            let d = editDistance(key, normalized(c))
            if d <= maxDistance, best == nil || d < best!.distance { best = (d, c) }
        }
        return best?.name
    }
}
