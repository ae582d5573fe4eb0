/// Strict `Decodable` conformances: a key the type does not know is an error
/// naming the key and the known ones, so a typo in a config file is never
/// ignored silently.
public enum StrictDecoding {
    /// Any key of a keyed container.
    public struct AnyKey: CodingKey, Hashable, Sendable {
        /// The key's text.
        public var stringValue: String
        /// Always `nil`: keys are names.
        public var intValue: Int? { nil }
        /// Creates a key.
        public init(_ name: String) { stringValue = name }
        /// Creates a key.
        public init(stringValue: String) { self.stringValue = stringValue }
        /// Integer keys are not used.
        public init?(intValue: Int) { nil }
    }

    /// Throws `DecodingError.dataCorrupted` naming every key of the
    /// decoder's keyed container that is not one of `Keys`, each with the
    /// closest known key ("did you mean"). `what` names the object in the
    /// message ("filters", "rule").
    public static func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, _: Keys.Type, in what: String) throws {
        let known = Keys.allCases.map(\.stringValue)
        let knownSet = Set(known)
        let container = try decoder.container(keyedBy: AnyKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !knownSet.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let named = unknown.map { key in
            "'\(key)'" + (FieldNames.closest(to: key, among: known, maxDistance: FieldNames.suggestionDistance(key)).map { " (did you mean '\($0)'?)" } ?? "")
        }
        throw DecodingError.dataCorrupted(DecodingError.Context(
            codingPath: container.codingPath + [AnyKey(first)],
            debugDescription: "unknown key\(unknown.count > 1 ? "s" : "") \(named.joined(separator: ", ")) in \(what) (known: \(known.sorted().joined(separator: ", ")))"))
    }
}
