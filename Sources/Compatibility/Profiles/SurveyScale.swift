/// The answer scale of a survey question group (Big Five traits,
/// communication style): profiles hold every answer on 0…1, and files may
/// give them on the scale the survey used.
public enum SurveyScale: String, Hashable, Sendable, Codable, CaseIterable {
    /// Read from the answers: 0…1 if every answer lies there, else 1–5 or
    /// 1–7 Likert if every answer is a whole number in range, else 0–100.
    case auto
    /// Already 0…1.
    case unit
    /// A 5-point Likert scale, 1…5: `(x − 1) / 4`.
    case likert5
    /// A 7-point Likert scale, 1…7: `(x − 1) / 6`.
    case likert7
    /// A 10-point scale, 1…10: `(x − 1) / 9`.
    case likert10
    /// Percentiles or percentages, 0…100: `x / 100`.
    case percent

    /// The range answers on this scale lie in (`auto`: none).
    public var range: ClosedRange<Double>? {
        switch self {
        case .auto: nil
        case .unit: 0...1
        case .likert5: 1...5
        case .likert7: 1...7
        case .likert10: 1...10
        case .percent: 0...100
        }
    }

    /// `x` on 0…1.
    public func unit(_ x: Double) -> Double {
        switch self {
        case .auto, .unit: x
        case .likert5: (x - 1) / 4
        case .likert7: (x - 1) / 6
        case .likert10: (x - 1) / 9
        case .percent: x / 100
        }
    }

    /// The scale `answers` fit, as ``auto`` chooses it: the narrowest of
    /// 0–1, 1–5, 1–7, 1–10 (the Likert ones whole numbers) and 0–100 that
    /// holds at least 95 % of the answers — so that one typo (a `5` among
    /// 0–1 answers) is an answer outside the scale, not a reason to read
    /// everyone's answers on another one; `nil` when none does.
    public static func inferred(from answers: [Double]) -> SurveyScale? {
        guard !answers.isEmpty else { return .unit }
        func share(_ scale: SurveyScale) -> Double {
            let range = scale.range!
            let whole = scale != .unit && scale != .percent
            let fit = answers.count { range.contains($0) && (!whole || $0 == $0.rounded()) }
            return Double(fit) / Double(answers.count)
        }
        return [SurveyScale.unit, .likert5, .likert7, .likert10, .percent].first { share($0) >= 0.95 }
    }

    /// How `check` names the scale: `0–1`, `1–5 Likert`, `1–7 Likert`, `0–100`.
    public var label: String {
        switch self {
        case .auto: "inferred"
        case .unit: "0–1"
        case .likert5: "1–5 Likert"
        case .likert7: "1–7 Likert"
        case .likert10: "1–10"
        case .percent: "0–100"
        }
    }
}
