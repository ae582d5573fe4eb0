/// The release of MentorMatch: what `mentor-match --version` prints and
/// what every report states it was made with.
public enum MentorMatchRelease {
    /// The version, `major.minor.patch`.
    public static let version = "0.1.0"
}
