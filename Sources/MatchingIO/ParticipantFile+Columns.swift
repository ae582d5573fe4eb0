import Compatibility
import MatchingCore

/// Column names as people write them: `Time Zone`, `time-zone`, `TimeZone`
/// and `time_zone` all mean `timezone`; a few obvious synonyms are aliases.
extension ParticipantFile {
    /// The documented synonyms of known columns (compared after
    /// ``/MatchingCore/FieldNames/normalized(_:)``): `manager`, `reports to`, `supervisor` →
    /// `manager_id`; `level`, `seniority level`, `grade` → `seniority`;
    /// `years of experience`, `experience` → `years`; `tz`, `utc offset` →
    /// `timezone`; `dept` → `department`; `learning goals` → `goals`;
    /// `employee id`, `participant id` → `id`; `mbti type` → `mbti`.
    public static let columnAliases: [String: String] = [
        "manager": "manager_id", "reportsto": "manager_id", "supervisor": "manager_id", "managerid": "manager_id",
        "level": "seniority", "senioritylevel": "seniority", "grade": "seniority",
        "yearsofexperience": "years", "experience": "years", "yearsexperience": "years",
        "tz": "timezone", "utcoffset": "timezone",
        "dept": "department",
        "learninggoals": "goals",
        "employeeid": "id", "participantid": "id",
        "mbtitype": "mbti",
    ]

    /// Columns carried through as free attributes without a note (they
    /// identify people to administrators; they are never scored or logged).
    public static let carriedColumns: Set<String> = ["name", "email", "e-mail", "first_name", "last_name", "full_name"]

    /// Every known column and alias by its normalized name (``MatchingCore/FieldNames/normalized(_:)``):
    /// one lookup per header cell, however wide the header.
    static let columnByName: [String: String] = {
        var out = columnAliases
        for name in knownColumns { out[FieldNames.normalized(name)] = name }
        return out
    }()

    /// The known column a header cell stands for, or `nil` for a free attribute.
    static func knownColumn(_ header: String) -> String? { columnByName[FieldNames.normalized(header)] }

    /// The known column closest to `header` (``FieldNames/suggestionDistance(_:)``), for "did you mean".
    static func closestKnownColumn(_ header: String) -> String? {
        FieldNames.closest(to: header, among: knownColumns, maxDistance: FieldNames.suggestionDistance(header))
    }
}
