import Compatibility
import Foundation
import MatchingCore
import Yams

/// Scenario files for `mentor-match generate --scenario-file`: the
/// distributions of a synthetic population
/// (``/Compatibility/SyntheticCohort/Distributions``) in YAML or JSON.
///
/// A file states only what it changes: its `scenario` (traditional, reverse
/// or mutual) picks the built-in defaults, and every other key overrides
/// the default at its place. Mappings merge key by key; a list replaces the
/// default list whole. Unknown keys are errors naming their path, as are
/// values no draw can use (``/Compatibility/SyntheticCohort/Distributions/problems()``).
public enum ScenarioFile {
    /// The distributions of the scenario file at `path`, or of `scenario`
    /// when the file names none.
    ///
    /// - Throws: ``/MatchingCore/MatchingError/Code/invalidFile`` naming the
    ///   file and the key path, one line per problem.
    public static func read(path: String, scenario: SyntheticCohort.Scenario?) throws -> SyntheticCohort.Distributions {
        guard let data = FileManager.default.contents(atPath: path) else { throw MatchingError(.invalidFile, "\(path): cannot be read") }
        guard data.count <= 16 << 20 else { throw MatchingError(.invalidFile, "\(path): larger than 16 MB, too large for a scenario file") }
        return try decode(data, name: path, scenario: scenario)
    }

    /// The distributions of a scenario file's `data`; `name`'s extension
    /// chooses the format (YAML unless it ends in `.json`).
    public static func decode(_ data: Data, name: String, scenario: SyntheticCohort.Scenario?) throws -> SyntheticCohort.Distributions {
        func fail(_ message: String) -> MatchingError { MatchingError(.invalidFile, "\(name): \(message)") }
        let tree: Any?
        do {
            if name.lowercased().hasSuffix(".json") {
                tree = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            } else {
                guard let text = String(data: data, encoding: .utf8) else { throw fail("not UTF-8 text") }
                tree = try Yams.load(yaml: text)
            }
        } catch let error as MatchingError {
            throw error
        } catch let error as YamlError {
            throw fail("YAML syntax: \(error)")
        } catch {
            throw fail("JSON syntax: \(error.localizedDescription)")
        }
        let given: [String: Any]
        switch tree {
        case nil: given = [:]
        case let mapping as [String: Any]: given = mapping
        default: throw fail("at top level: expected a mapping (key: value)")
        }
        // The scenario first: it picks the defaults the rest overrides.
        var kind = scenario
        if let raw = given["scenario"] {
            guard let text = raw as? String, let named = SyntheticCohort.Scenario(rawValue: text) else {
                throw fail("at scenario: '\(raw)' is not one of \(SyntheticCohort.Scenario.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if let scenario, scenario != named {
                throw fail("at scenario: the file says \(named.rawValue) and --scenario says \(scenario.rawValue); give one")
            }
            kind = named
        }
        let defaults = SyntheticCohort.Distributions.defaults(for: kind ?? .traditional)
        let base = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(defaults)) as! [String: Any]
        var problems = [String]()
        let merged = merge(base, given, path: "", problems: &problems)
        if !problems.isEmpty { throw fail(problems.joined(separator: "\n\(name): ")) }
        guard JSONSerialization.isValidJSONObject(merged) else {
            throw fail("a value is neither text, a number, true/false, a list nor a mapping (quote dates and other special values)")
        }
        let distributions: SyntheticCohort.Distributions
        do {
            distributions = try JSONDecoder().decode(SyntheticCohort.Distributions.self, from: try JSONSerialization.data(withJSONObject: merged))
        } catch let error as DecodingError {
            throw fail(ConfigFile.describe(error))
        }
        let unusable = distributions.problems()
        if !unusable.isEmpty { throw fail(unusable.map { "at \($0)" }.joined(separator: "\n\(name): ")) }
        return distributions
    }

    /// `given` laid over `base`: mappings key by key, anything else replaced;
    /// a key `base` does not have is a problem, as is an element key of a
    /// list of mappings that its default elements do not have.
    static func merge(_ base: [String: Any], _ given: [String: Any], path: String, problems: inout [String]) -> [String: Any] {
        var out = base
        for key in given.keys.sorted() {
            let value = given[key]!
            let here = path.isEmpty ? key : "\(path).\(key)"
            guard let old = base[key] ?? (optionalKeys(at: path).contains(key) ? NSNull() : nil) else {
                let hint = FieldNames.closest(to: key, among: Array(base.keys), maxDistance: FieldNames.suggestionDistance(key))
                    .map { "; did you mean '\($0)'?" } ?? " (keys here: \(base.keys.sorted().joined(separator: ", ")))"
                problems.append("at \(here): unknown key\(hint)")
                continue
            }
            if let oldMap = old as? [String: Any], let newMap = value as? [String: Any] {
                out[key] = merge(oldMap, newMap, path: here, problems: &problems)
                continue
            }
            if let oldList = old as? [Any], let template = oldList.first as? [String: Any], let newList = value as? [Any] {
                let keys = Set(template.keys).union(optionalKeys(at: here))
                for (k, element) in newList.enumerated() {
                    guard let element = element as? [String: Any] else { continue }   // the decoder names the type
                    for stray in element.keys.sorted() where !keys.contains(stray) {
                        let hint = FieldNames.closest(to: stray, among: Array(keys), maxDistance: FieldNames.suggestionDistance(stray))
                            .map { "; did you mean '\($0)'?" } ?? " (keys: \(keys.sorted().joined(separator: ", ")))"
                        problems.append("at \(here)[\(k)].\(stray): unknown key\(hint)")
                    }
                }
            }
            out[key] = value
        }
        return out
    }

    /// Keys that may be absent from an encoded default (optionals), by path.
    static func optionalKeys(at path: String) -> Set<String> {
        path == "tracks" ? ["upToLevel"] : []
    }

    /// A scenario file stating every distribution of `d`, with a header that
    /// explains the three kinds of distribution: what `generate` writes
    /// beside the cohort, so that `generate --scenario-file` with the same
    /// seed and sizes rewrites it bit for bit.
    public static func yaml(_ d: SyntheticCohort.Distributions, command: String) throws -> String {
        let header = """
            # MentorMatch scenario file: every distribution `mentor-match generate` drew this cohort from.
            # Rerun bit for bit:  \(command)
            # Edit any value and pass the file to `generate --scenario-file FILE`; keys left out keep the
            # built-in defaults of the file's `scenario` (traditional, reverse or mutual).
            #
            # Three kinds of distribution, drawn from one seeded SplitMix64 stream in a fixed order:
            # - a list of values is a bag: one element is drawn, each position equally likely;
            #   repeat a value to weight it (capacity: [1, 2, 2, 3, 3, 4] gives 2 and 3 twice the chance of 1);
            # - a chance "k/n" happens when a uniform draw from 0…n-1 is below k (probability k/n);
            # - {mean, sd} is a normal draw (Box–Muller), clamped to 0…1 and rounded to 0.01.
            # Regions are drawn by weight; days are 0 = Monday … 6 = Sunday; windows are [start, end]
            # in whole local hours; a track holds the levels up to its upToLevel (the last has none).

            """
        guard let node = try Yams.compose(yaml: try YAMLEncoder().encode(d)) else { return header }
        return header + (try Yams.serialize(node: flowScalarLists(node)))
    }

    /// `node` laid out for reading: every list of scalars (or of such lists)
    /// and every mapping of at most three scalars in flow style
    /// (`[1, 2, 2, 3]`, `{mean: 0.6, sd: 0.18}`), numbers in plain decimals
    /// (`0.6`, not `6e-1`); lists of mappings stay in block style.
    static func flowScalarLists(_ node: Node) -> Node {
        switch node {
        case .scalar(var s):
            if s.style == .plain, s.string.contains("e"), let x = Double(s.string), x.isFinite { s.string = "\(x)" }   // numbers only: text that looks like one is quoted
            return .scalar(s)
        case .sequence(let s):
            let items = s.map(flowScalarLists)
            let flat = items.allSatisfy { item in
                switch item {
                case .scalar: true
                case .sequence(let inner): inner.style == .flow
                default: false
                }
            }
            return .sequence(Node.Sequence(items, s.tag, flat ? .flow : s.style, s.mark, s.anchor))
        case .mapping(let m):
            let pairs = m.map { ($0.key, flowScalarLists($0.value)) }
            let small = pairs.count <= 3 && pairs.allSatisfy { if case .scalar = $0.1 { true } else { false } }
            return .mapping(Node.Mapping(pairs, m.tag, small ? .flow : m.style, m.mark, m.anchor))
        default:
            return node
        }
    }
}
