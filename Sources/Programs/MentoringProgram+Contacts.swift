import Compatibility
import MatchingCore

extension MentoringProgram {
    /// The participant columns carried into the outputs, as (label, key):
    /// `carry` from the config, or else `name` and `email` when some
    /// participant has them (any spelling of the column). Never logged.
    public var carriedFields: [(label: String, key: String)] {
        let profiles = cohort.profiles
        let keys = Set(profiles.flatMap { $0.attributes.keys })
        func present(_ name: String) -> String? {
            let key = Self.resolvedAttribute(name, keys: keys)
            return keys.contains(key) || Self.profileAttributes.contains(key) ? key : nil
        }
        if let carry = config.carry { return carry.compactMap { name in present(name).map { (name, $0) } } }
        // The spellings survey tools export (Google Forms: "Email Address"), the first present of each.
        return Self.contactColumns.compactMap { label, spellings in spellings.lazy.compactMap(present).first.map { (label, $0) } }
    }

    /// The contact columns carried by default, with the spellings looked for, in order.
    public static let contactColumns: [(label: String, spellings: [String])] = [
        ("name", ["name", "full name", "display name", "first and last name"]),
        ("email", ["email", "email address", "e-mail", "work email", "mail"]),
    ]

    /// The values of `fields` (``carriedFields``, computed once by the caller)
    /// for cohort profile `k`, in order ("" when blank).
    public func carried(_ k: Int, _ fields: [(label: String, key: String)]) -> [String] {
        fields.map { Self.attribute($0.key, of: cohort.profiles[k]) ?? "" }
    }

    /// Checks `carry`: every name a column some participant has, named once.
    ///
    /// - Throws: `invalidConfig` naming `carry` and the column, with a did-you-mean.
    static func checkCarry(_ names: [String]?, profiles: [Profile]) throws {
        var seen = Set<String>()
        for name in names ?? [] {
            guard seen.insert(FieldNames.normalized(name)).inserted else { throw MatchingError(.invalidConfig, "carry names '\(name)' twice: give each column once") }
            let (key, hint) = knownAttribute(name, in: profiles)
            if key == nil { throw MatchingError(.invalidConfig, "carry: '\(name)' is not a column of the participants\(hint)") }
        }
    }
}
