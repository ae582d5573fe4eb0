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
    /// Percentiles or percentages, 0…100: `x / 100`.
    case percent

    /// The range answers on this scale lie in (`auto`: none).
    public var range: ClosedRange<Double>? {
        switch self {
        case .auto: nil
        case .unit: 0...1
        case .likert5: 1...5
        case .likert7: 1...7
        case .percent: 0...100
        }
    }

    /// `x` on 0…1.
    public func unit(_ x: Double) -> Double {
        switch self {
        case .auto, .unit: x
        case .likert5: (x - 1) / 4
        case .likert7: (x - 1) / 6
        case .percent: x / 100
        }
    }

    /// The scale `answers` fit, as ``auto`` chooses it; `nil` when they fit none.
    public static func inferred(from answers: [Double]) -> SurveyScale? {
        guard let lo = answers.min(), let hi = answers.max() else { return .unit }
        if lo >= 0 && hi <= 1 { return .unit }
        let whole = answers.allSatisfy { $0 == $0.rounded() }
        if whole && lo >= 1 && hi <= 5 { return .likert5 }
        if whole && lo >= 1 && hi <= 7 { return .likert7 }
        if lo >= 0 && hi <= 100 { return .percent }
        return nil
    }

    /// How `check` names the scale: `0–1`, `1–5 Likert`, `1–7 Likert`, `0–100`.
    public var label: String {
        switch self {
        case .auto: "inferred"
        case .unit: "0–1"
        case .likert5: "1–5 Likert"
        case .likert7: "1–7 Likert"
        case .percent: "0–100"
        }
    }
}
