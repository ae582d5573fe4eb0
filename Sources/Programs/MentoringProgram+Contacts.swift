import Compatibility
import MatchingCore

extension MentoringProgram {
    /// The participant columns carried into the outputs, as (label, key):
    /// `carry` from the config, or else `name` and `email` when some
    /// participant has them (any spelling of the column). Never logged.
    public var carriedFields: [(label: String, key: String)] {
        let profiles = cohort.profiles
        let keys = Set(profiles.flatMap { $0.attributes.keys })
        let names = config.carry ?? ["name", "email"]
        return names.compactMap { name in
            let key = Self.resolvedAttribute(name, in: profiles)
            return keys.contains(key) || Self.profileAttributes.contains(key) ? (name, key) : nil
        }
    }

    /// The carried values of cohort profile `k`, in ``carriedFields`` order ("" when blank).
    public func carried(_ k: Int) -> [String] {
        carriedFields.map { Self.attribute($0.key, of: cohort.profiles[k]) ?? "" }
    }

    /// Checks `carry`: every name a column some participant has.
    ///
    /// - Throws: `invalidConfig` naming `carry` and the column, with a did-you-mean.
    static func checkCarry(_ names: [String]?, profiles: [Profile]) throws {
        for name in names ?? [] {
            let (key, hint) = knownAttribute(name, in: profiles)
            if key == nil { throw MatchingError(.invalidConfig, "carry: '\(name)' is not a column of the participants\(hint)") }
        }
    }
}
