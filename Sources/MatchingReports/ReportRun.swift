import Foundation
import MatchingCore

/// What a report says about the run that made it: when, from which input
/// files (their names, never their contents) and with which MentorMatch.
///
/// The date honours `SOURCE_DATE_EPOCH` (the reproducible-builds
/// convention, <https://reproducible-builds.org/specs/source-date-epoch/>):
/// when it is set, the report shows that date instead of the clock's and
/// leaves out the run's timings, so the same input gives the same page,
/// byte for byte.
public struct ReportRun: Hashable, Sendable {
    /// One input of the run: what it is (`participants`, `config`, …) and its file name.
    public struct Input: Hashable, Sendable {
        /// What the file is, e.g. `participants`.
        public var role: String
        /// The file's name, without its folder.
        public var name: String

        /// An input; `path` is reduced to its last component.
        public init(_ role: String, path: String) {
            self.role = role
            name = (path as NSString).lastPathComponent
        }
    }

    /// When the run happened (or `SOURCE_DATE_EPOCH`).
    public var date: Date
    /// The input files, in the order given.
    public var inputs: [Input]
    /// The MentorMatch version (``MentorMatchRelease/version``).
    public var version: String
    /// Whether the page must be the same for the same input: then it shows
    /// no timings.
    public var reproducible: Bool

    /// A run description.
    public init(date: Date = Date(), inputs: [Input] = [], version: String = MentorMatchRelease.version, reproducible: Bool = false) {
        self.date = date
        self.inputs = inputs
        self.version = version
        self.reproducible = reproducible
    }

    /// The run now, or at `SOURCE_DATE_EPOCH` when `environment` sets it
    /// (then ``reproducible``).
    ///
    /// - Throws: `invalidConfig` when `SOURCE_DATE_EPOCH` is not a whole
    ///   number of seconds since 1970 (the convention asks tools to stop
    ///   rather than guess).
    public static func current(inputs: [Input], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ReportRun {
        guard let epoch = environment["SOURCE_DATE_EPOCH"] else { return ReportRun(inputs: inputs) }
        guard let seconds = Int64(epoch.trimmed()), seconds >= 0 else {
            throw MatchingError(.invalidConfig, "SOURCE_DATE_EPOCH: '\(epoch)' is not a whole number of seconds since 1970-01-01 UTC")
        }
        return ReportRun(date: Date(timeIntervalSince1970: TimeInterval(seconds)), inputs: inputs, reproducible: true)
    }

    /// The date as `2026-11-30 14:05 UTC` (the same text in every locale).
    public var dateText: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0)
    }
}
