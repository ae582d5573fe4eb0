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

    /// Throws `DecodingError.dataCorrupted` for the first key (in sorted
    /// order) of the decoder's keyed container that is not one of `Keys`.
    /// `what` names the object in the message ("filters", "rule").
    public static func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, _: Keys.Type, in what: String) throws {
        let known = Set(Keys.allCases.map(\.stringValue))
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) where !known.contains(key.stringValue) {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: container.codingPath + [key],
                debugDescription: "unknown key '\(key.stringValue)' in \(what) (known: \(known.sorted().joined(separator: ", ")))"))
        }
    }
}
