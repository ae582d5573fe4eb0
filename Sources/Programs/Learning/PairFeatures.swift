import Compatibility
import MatchingCore

/// The examples learning reads: one row per rated pair with every
/// criterion's value (0…1, from the scored pairs — the same values the
/// total score combines), whether the pair succeeded, the round it was
/// matched in and the line of the outcomes file it came from.
///
/// Rows are stored flat, row-major: `values[r · K + k]` is criterion `k` of
/// row `r` for K = `criterionNames.count`.
public struct PairFeatures: Hashable, Sendable {
    /// The criteria, in the scored pairs' order (the order of their weights).
    public let criterionNames: [String]
    /// The values, row-major, `count · criterionNames.count` of them, each 0…1.
    public private(set) var values: [Double]
    /// Per row: `true` when the pair succeeded (``/Compatibility/PairOutcome/succeeded``).
    public private(set) var labels: [Bool]
    /// Per row: the round the pair was matched in, when known.
    public private(set) var rounds: [Int?]
    /// Per row: the line of the outcomes file (0 when not from a file).
    public private(set) var lines: [Int]

    /// An outcome that is not an example, and why.
    public struct Unused: Hashable, Sendable {
        /// Why a row gives no example.
        public enum Reason: String, Hashable, Sendable, CaseIterable {
            /// `continuing`: no verdict yet.
            case continuing
            /// `ended` without a rating that says success or failure.
            case ended
            /// Only ratings, whose mean is between 2.5 and 4 (neither success nor failure).
            case middling
            /// The two people are not a (mentor, mentee) pair of the scored pairs.
            case notAPair
        }
        /// The outcome's line in its file.
        public var line: Int
        /// Why.
        public var reason: Reason
        /// For ``Reason/notAPair``: which id is not where it should be.
        public var detail: String
    }

    /// Examples with the given columns; the arrays' lengths must agree.
    ///
    /// - Precondition: `values.count == labels.count · criterionNames.count`,
    ///   and `rounds` and `lines` have one entry per label.
    public init(criterionNames: [String], values: [Double], labels: [Bool], rounds: [Int?]? = nil, lines: [Int]? = nil) {
        precondition(values.count == labels.count * criterionNames.count, "PairFeatures: \(values.count) values for \(labels.count) rows × \(criterionNames.count) criteria")
        self.criterionNames = criterionNames
        self.values = values
        self.labels = labels
        self.rounds = rounds ?? Array(repeating: nil, count: labels.count)
        self.lines = lines ?? Array(repeating: 0, count: labels.count)
        precondition(self.rounds.count == labels.count && self.lines.count == labels.count, "PairFeatures: rounds and lines need one entry per row")
    }

    /// The examples among `outcomes`: every outcome that says success or
    /// failure (``/Compatibility/PairOutcome/succeeded``) whose two people are
    /// a pair of `pairs`, with the pair's criterion values
    /// (``/Compatibility/ScoredPairs/criterionValues(mentor:mentee:)``); every
    /// other outcome is returned with its reason — none is dropped unsaid.
    ///
    /// - Complexity: O(R · (M + N + K)) for R outcomes (each pair's row and
    ///   column are looked up by id).
    public static func rated(_ outcomes: [PairOutcome], pairs: any ScoredPairs) -> (features: PairFeatures, unused: [Unused]) {
        var values = [Double](), labels = [Bool](), rounds = [Int?](), lines = [Int](), unused = [Unused]()
        for o in outcomes {
            guard let label = o.succeeded else {
                let reason: Unused.Reason = o.result == .continuing ? .continuing : o.result == .ended ? .ended : .middling
                unused.append(Unused(line: o.line, reason: reason, detail: ""))
                continue
            }
            let position: (mentor: Int, mentee: Int)
            do {
                position = try pairs.position(mentor: o.mentor, mentee: o.mentee)
            } catch let e as MatchingError {
                // The message names the id and its role; its hint is for `explain`'s flags, here the file's columns.
                let detail = e.message.replacingOccurrences(of: "swap --mentor and --mentee?", with: "swap the mentor_id and mentee_id columns?")
                unused.append(Unused(line: o.line, reason: .notAPair, detail: detail))
                continue
            } catch {
                unused.append(Unused(line: o.line, reason: .notAPair, detail: "\(error)"))
                continue
            }
            values += pairs.criterionValues(mentor: position.mentor, mentee: position.mentee)
            labels.append(label)
            rounds.append(o.round)
            lines.append(o.line)
        }
        return (PairFeatures(criterionNames: pairs.criterionNames, values: values, labels: labels, rounds: rounds, lines: lines), unused)
    }

    /// The number of rows.
    public var count: Int { labels.count }
    /// The number of criteria (columns).
    public var dimension: Int { criterionNames.count }
    /// The number of rows that succeeded.
    public var successes: Int { labels.reduce(0) { $0 + ($1 ? 1 : 0) } }
    /// The number of rows that failed.
    public var failures: Int { count - successes }

    /// Criterion `k` of row `r`.
    @inlinable
    public func value(_ r: Int, _ k: Int) -> Double { values[r * criterionNames.count + k] }

    /// Row `r`'s values, in criterion order.
    public func row(_ r: Int) -> ArraySlice<Double> {
        let k = criterionNames.count
        return values[(r * k)..<((r + 1) * k)]
    }

    /// Column `k`: criterion `k` of every row.
    public func column(_ k: Int) -> [Double] {
        (0..<count).map { value($0, k) }
    }

    /// The rows `rows` (repeats allowed: a bootstrap sample), in that order.
    ///
    /// - Complexity: O(|rows| · K).
    public func subset(_ rows: [Int]) -> PairFeatures {
        let k = criterionNames.count
        var v = [Double]()
        v.reserveCapacity(rows.count * k)
        for r in rows { v += values[(r * k)..<((r + 1) * k)] }
        return PairFeatures(criterionNames: criterionNames, values: v, labels: rows.map { labels[$0] },
                            rounds: rows.map { rounds[$0] }, lines: rows.map { lines[$0] })
    }

    /// These rows followed by `other`'s (the same criteria).
    ///
    /// - Precondition: `other.criterionNames == criterionNames`.
    public func appending(_ other: PairFeatures) -> PairFeatures {
        precondition(other.criterionNames == criterionNames, "PairFeatures: appending rows of other criteria")
        return PairFeatures(criterionNames: criterionNames, values: values + other.values, labels: labels + other.labels,
                            rounds: rounds + other.rounds, lines: lines + other.lines)
    }

    /// The design matrix of the columns `columns`, row-major (`count · |columns|` values).
    func design(_ columns: [Int]) -> [Double] {
        let k = criterionNames.count
        var out = [Double]()
        out.reserveCapacity(count * columns.count)
        for r in 0..<count { for c in columns { out.append(values[r * k + c]) } }
        return out
    }
}
