import Foundation
import MatchingCore
import Yams

extension ConfigFile {
    /// The text of a program config that is `original` (a config file's text,
    /// YAML or JSON; empty for the defaults) with `compatibility.weights`
    /// replaced by `weights`, and `mustHave` thresholds set (each named
    /// criterion's replaced or added, the others kept) — every other key and
    /// value kept as written, in its order (comments are not kept: YAML's
    /// data model has none).
    ///
    /// - Parameters:
    ///   - original: the config's text.
    ///   - name: the config file's name, for messages.
    ///   - weights: (criterion, weight) in the order to write them.
    ///   - mustHave: (criterion, threshold 0…1) to set under `compatibility.mustHave`.
    ///   - header: comment lines put first in YAML output (JSON has no comments).
    ///   - json: JSON (sorted keys, pretty-printed) instead of YAML.
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` naming
    ///   `name` when the text is not YAML/JSON or its top level or its
    ///   `compatibility` (or its `mustHave`) is not a mapping.
    /// - Complexity: O(size of the config).
    public static func replacingCompatibility(in original: String, name: String, weights: [(String, Double)], mustHave: [(String, Double)] = [],
                                        header: [String] = [], json: Bool = false) throws -> String {
        var root: Node
        do {
            root = try Yams.compose(yaml: original) ?? Node.mapping([:])
        } catch {
            throw MatchingError(.invalidFile, "\(name): YAML syntax: \(error)")
        }
        guard case .mapping = root else { throw MatchingError(.invalidFile, "\(name): the top level is not a mapping (key: value)") }
        var compatibility = root["compatibility"] ?? Node.mapping([:])
        guard case .mapping = compatibility else { throw MatchingError(.invalidFile, "\(name): compatibility is not a mapping (key: value)") }
        let pairs = weights.map { (Node($0.0), Node(String(format: "%g", $0.1), Tag(.float))) }
        compatibility["weights"] = Node.mapping(Node.Mapping(pairs))
        if !mustHave.isEmpty {
            // An empty `mustHave:` (null) reads as no must-haves, as the config reader takes it.
            var thresholds = compatibility["mustHave"].flatMap { $0.null == nil ? $0 : nil } ?? Node.mapping([:])
            guard case .mapping = thresholds else { throw MatchingError(.invalidFile, "\(name): compatibility.mustHave is not a mapping (criterion: threshold)") }
            for (criterion, threshold) in mustHave { thresholds[criterion] = Node(String(format: "%g", threshold), Tag(.float)) }
            compatibility["mustHave"] = thresholds
        }
        root["compatibility"] = compatibility
        let yaml: String
        do {
            yaml = try Yams.serialize(node: root, sortKeys: false)
        } catch {
            throw MatchingError(.invalidFile, "\(name): cannot be written back as YAML (\(error))")
        }
        guard json else { return header.map { "# \($0)\n" }.joined() + yaml }
        guard let object = try? Yams.load(yaml: yaml), JSONSerialization.isValidJSONObject(object),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) else {
            throw MatchingError(.invalidFile, "\(name): cannot be written as JSON (a key or value JSON does not hold)")
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
