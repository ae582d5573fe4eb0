extension Criterion {
    /// The criterion in plain words, for people who read reports rather
    /// than configs: `skillGap` is "Skills the mentee wants to learn".
    public var label: String {
        switch self {
        case .skillGap: "Skills the mentee wants to learn"
        case .interests: "Shared interests"
        case .values: "Shared values"
        case .personality: "Personality fit"
        case .communication: "Communication style"
        case .careerStage: "Career-stage gap"
        case .availability: "Shared free hours"
        case .timeZone: "Close time zones"
        case .language: "A shared language"
        case .crossDepartment: "Department mix"
        case .preferences: "Asked for each other"
        case .mbti: "MBTI type fit"
        }
    }

    /// The criterion in plain words in `mode`: in mutual mode, where both
    /// people teach, `skillGap` is "Skills they can teach each other".
    public func label(in mode: MentoringMode) -> String {
        self == .skillGap && mode == .mutual ? "Skills they can teach each other" : label
    }

    /// The plain-words label of the criterion a config names: a built-in
    /// criterion's ``label(in:)``, or a custom criterion's name as it is.
    public static func label(of name: String, in mode: MentoringMode = .traditional) -> String {
        Criterion(rawValue: name)?.label(in: mode) ?? name
    }
}
