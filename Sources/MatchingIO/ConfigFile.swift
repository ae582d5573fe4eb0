import Compatibility
import Foundation
import MatchingCore
import Yams

/// Reads configuration files written in JSON (`.json`) or YAML (`.yaml`,
/// `.yml`) into `Decodable` values, with errors that name the file and the
/// key path (and, for YAML syntax errors, the line).
public enum ConfigFile {
    /// Decodes `type` from the file at `path`, choosing the format by extension.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file and the place at fault.
    public static func read<T: Decodable>(_ type: T.Type, path: String) throws -> T {
        let url = URL(fileURLWithPath: path)
        guard let data = try? Data(contentsOf: url) else {
            throw MatchingError(.invalidFile, "\(path): cannot be read")
        }
        guard data.count <= 16 << 20 else { throw MatchingError(.invalidFile, "\(path): larger than 16 MB, too large for a config") }
        return try decode(type, from: data, name: path)
    }

    /// Decodes `type` from `data`; `name`'s extension chooses the format
    /// (YAML unless it ends in `.json`).
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, name: String) throws -> T {
        let isJSON = name.lowercased().hasSuffix(".json")
        do {
            if isJSON { return try JSONDecoder().decode(type, from: data) }
            guard let text = String(data: data, encoding: .utf8) else { throw MatchingError(.invalidFile, "\(name): not UTF-8 text") }
            // Every key is optional: a file of comments and blank lines is the defaults.
            let empty = text.split(whereSeparator: \.isNewline).allSatisfy { line in
                let t = line.trimmed()
                return t.isEmpty || t.hasPrefix("#") || t == "---" || t == "..."
            }
            return try YAMLDecoder().decode(type, from: empty ? "{}" : text)
        } catch let error as DecodingError {
            throw MatchingError(.invalidFile, "\(name): \(describe(error))")
        } catch let error as YamlError {
            throw MatchingError(.invalidFile, "\(name): YAML syntax: \(error)")
        } catch let error as MatchingError {
            throw error
        } catch {
            throw MatchingError(.invalidFile, "\(name): \(isJSON ? "JSON" : "YAML") syntax: \(error.localizedDescription)")
        }
    }

    /// A decoding error in words: where (the key path) and what.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "at \(path(context.codingPath)): missing key '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "at \(path(context.codingPath)): expected \(kind(type))"
        case .valueNotFound(let type, let context):
            return "at \(path(context.codingPath)): missing \(type) value"
        case .dataCorrupted(let context):
            if let yaml = context.underlyingError as? YamlError { return "YAML syntax: \(yaml)" }
            if let json = context.underlyingError { return "JSON syntax: \(json.localizedDescription)" }
            return "at \(path(context.codingPath)): \(readable(context.debugDescription))"
        @unknown default:
            return "\(error)"
        }
    }

    /// A Swift type as a config's reader would call it.
    static func kind(_ type: Any.Type) -> String {
        if type == Int.self { return "a whole number" }
        if type == Double.self || type == Float.self { return "a number" }
        if type == String.self { return "text" }
        if type == Bool.self { return "true or false" }
        let name = String(describing: type)
        if name.hasPrefix("Array") || name.hasSuffix("Sequence") { return "a list" }
        if name.hasPrefix("Dictionary") || name.hasSuffix("Mapping") { return "a mapping (key: value)" }
        if name.hasSuffix("Scalar") { return "a single value, not a list or mapping" }
        return name
    }

    /// The values each enumerated setting accepts, for messages.
    static let accepted: [String: [String]] = [
        "MentoringMode": MentoringMode.allCases.map(\.rawValue), "TraitFit": ["similar", "complementary"],
        "DepartmentPreference": ["across", "within"], "Objective": ["total", "maxMin"],
        "SurveyScale": SurveyScale.allCases.map(\.rawValue), "Trait": BigFive.Trait.allCases.map(\.rawValue),
        "Dichotomy": MBTIType.Dichotomy.allCases.map(\.rawValue), "Scenario": SyntheticCohort.Scenario.allCases.map(\.rawValue),
    ]

    /// Swift's "Cannot initialize T from invalid String value v" as "'v' is not one of …; did you mean …?".
    static func readable(_ text: String) -> String {
        guard let r = text.range(of: #"^Cannot initialize ([A-Za-z]+) from invalid String value (.*)$"#, options: .regularExpression) else { return text }
        let body = text[r].dropFirst("Cannot initialize ".count)
        guard let space = body.firstIndex(of: " ") else { return text }
        let type = String(body[..<space])
        let value = String(body.split(separator: " ", maxSplits: 5).last ?? "")
        guard let values = accepted[type] else { return "'\(value)' is not a valid value" }
        let hint = FieldNames.closest(to: value, among: values, maxDistance: FieldNames.suggestionDistance(value)).map { "; did you mean '\($0)'?" } ?? ""
        return "'\(value)' is not one of \(values.joined(separator: ", "))\(hint)"
    }
}
