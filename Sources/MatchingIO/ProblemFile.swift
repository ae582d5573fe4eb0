import Foundation
import MatchingCore

/// The JSON problem file of `mentor-match solve --problem`.
///
/// Keys (all but `scores` optional):
/// - `scores`: a path to a CSV or `.npy` file (relative to the problem file;
///   its `-inf` cells are forbidden pairs, its ids are kept, see ``ScoreFiles``)
///   or a nested array, rows = mentors;
/// - `mentorLoad`, `menteeDemand`: one `{"min": a, "max": b}` for everyone or
///   an array with one per person (default `{"min": 0, "max": 1}`; a missing
///   `max` means no limit);
/// - `forbidden`, `fixed`: `[[mentor, mentee], …]`; `separations`: `[[mentee, mentee], …]`;
/// - `mentorAttributes`, `menteeAttributes`: `{"name": [value per person]}`
///   (strings or numbers);
/// - `constraints`: objects with `kind` `maxPerMentor` (`attribute`, `limit`),
///   `quota` or `composition` (`attribute`, `value`, `min`, `max`), or
///   `crossShare` (`attribute`, `minShare`);
/// - `objective`: `total` (default) or `maxMin`;
/// - `unmatchedPenalty`: a number or an array with one per mentee.
///
/// Unknown keys are errors, so a misspelt rule is never silently ignored.
/// With `"pool": true` the file is one pool of people matched among
/// themselves: see ``readPool(path:nanForbidden:)``.
public enum ProblemFile {
    /// Reads and validates a problem file.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` naming the file and the key path at fault
    ///   (e.g. `constraints[1].limit`), or the problem rule that is broken.
    public static func read(path: String, nanForbidden: Bool = false) throws -> MatchingProblem {
        try readWithIDs(path: path, nanForbidden: nanForbidden).problem
    }

    /// Reads and validates a problem file, and gives the ids of the score
    /// file it names (a CSV with a header row or an id column; see
    /// ``ScoreFiles/parseCSV(_:name:nanForbidden:layout:)``), empty for inline scores.
    ///
    /// The score file's forbidden cells (`-inf`, and NaN with `nanForbidden`)
    /// join the file's `forbidden` pairs.
    ///
    /// - Throws: ``/MatchingCore/MatchingError`` naming the file and the key path at fault,
    ///   or the score file's line and column.
    public static func readWithIDs(path: String, nanForbidden: Bool = false) throws -> (problem: MatchingProblem, ids: ScoreIDs) {
        let (data, base) = try contents(of: path)
        return try parseWithIDs(data, name: path, baseDirectory: base, nanForbidden: nanForbidden)
    }

    /// The file's bytes and the folder its relative score paths start from.
    static func contents(of path: String) throws -> (data: Data, base: String) {
        do {
            return (try Data(contentsOf: URL(fileURLWithPath: path)), URL(fileURLWithPath: path).deletingLastPathComponent().path)
        } catch {
            throw MatchingError(.invalidFile, "\(path): cannot read the file (\(error.localizedDescription))")
        }
    }

    /// `problem` validated, an error naming the file and the ids.
    static func validated(_ problem: MatchingProblem, ids: ScoreIDs, name: String) throws -> MatchingProblem {
        do { try problem.validate() } catch let e as MatchingError {
            throw MatchingError(e.code, "\(name): \(ids.annotate(e.message))")
        }
        return problem
    }

    /// Parses problem JSON; `name` is used in messages, relative score paths
    /// are resolved against `baseDirectory`.
    public static func parse(_ data: Data, name: String, baseDirectory: String, nanForbidden: Bool = false) throws -> MatchingProblem {
        try parseWithIDs(data, name: name, baseDirectory: baseDirectory, nanForbidden: nanForbidden).problem
    }

    /// Parses problem JSON and gives the ids of the score file it names; see
    /// ``readWithIDs(path:nanForbidden:)``.
    public static func parseWithIDs(_ data: Data, name: String, baseDirectory: String, nanForbidden: Bool = false) throws -> (problem: MatchingProblem, ids: ScoreIDs) {
        try parseWithIDs(data, name: name, baseDirectory: baseDirectory, nanForbidden: nanForbidden, keepVacuous: false)
    }

    /// The parser; with `keepVacuous` the problem is returned unvalidated for
    /// ``readWithWarnings(path:nanForbidden:)`` to drop rules that cannot bind.
    static func parseWithIDs(_ data: Data, name: String, baseDirectory: String, nanForbidden: Bool, keepVacuous: Bool) throws -> (problem: MatchingProblem, ids: ScoreIDs) {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw MatchingError(.invalidFile, "\(name): not valid JSON (\(error.localizedDescription))")
        }
        let r = _JSONReader(file: name)
        let top = try r.object(root, "")
        try r.onlyKeys(top, ["scores", "mentorLoad", "menteeDemand", "forbidden", "fixed", "separations",
                             "mentorAttributes", "menteeAttributes", "constraints", "objective", "unmatchedPenalty"], "")
        guard let scoresValue = top["scores"] else { throw r.fail("", "the key 'scores' is missing") }
        let (scores, fileForbidden, ids) = try Self.scores(scoresValue, r: r, baseDirectory: baseDirectory, nanForbidden: nanForbidden)
        let m = scores.mentors, n = scores.mentees
        let mentorLoad = try r.ranges(top["mentorLoad"], "mentorLoad", count: m)
        let menteeDemand = try r.ranges(top["menteeDemand"], "menteeDemand", count: n)
        let forbidden = try r.pairs(top["forbidden"], "forbidden").map { Pair(mentor: $0.0, mentee: $0.1) }
        let fixed = try r.pairs(top["fixed"], "fixed").map { Pair(mentor: $0.0, mentee: $0.1) }
        let separations = try r.pairs(top["separations"], "separations").map {
            Separation(MenteeIndex($0.0), MenteeIndex($0.1))
        }
        let mentorAttributes = try r.attributes(top["mentorAttributes"], "mentorAttributes")
        let menteeAttributes = try r.attributes(top["menteeAttributes"], "menteeAttributes")
        var constraints = [MatchingConstraint]()
        if let list = top["constraints"] {
            for (k, item) in try r.array(list, "constraints").enumerated() {
                constraints.append(try r.constraint(item, "constraints[\(k)]"))
            }
        }
        var objective = Objective.total
        if let o = top["objective"] {
            let s = try r.string(o, "objective")
            guard let parsed = Objective(rawValue: s) else {
                throw r.fail("objective", "'\(s)' is not one of total, maxMin")
            }
            objective = parsed
        }
        let penalty = try r.penalties(top["unmatchedPenalty"], count: n)
        let problem = MatchingProblem(scores: scores, rules: MatchingRules(
            mentorLoad: mentorLoad, menteeDemand: menteeDemand, unmatchedPenalty: penalty, objective: objective,
            fixed: fixed, forbidden: Set(forbidden).union(fileForbidden), separations: separations,
            mentorAttributes: mentorAttributes, menteeAttributes: menteeAttributes, constraints: constraints))
        return (keepVacuous ? problem : try validated(problem, ids: ids, name: name), ids)
    }

    /// The `scores` value: a score file's matrix, forbidden cells and ids, or an inline nested array.
    /// With `pool`, the cells pairing a person with themselves are not read
    /// (inline: any JSON value on the diagonal, stored as `0`).
    static func scores(_ value: Any, r: _JSONReader, baseDirectory: String, nanForbidden: Bool, pool: Bool = false) throws -> (ScoreMatrix, Set<Pair>, ScoreIDs) {
        if let p = value as? String {
            let full = p.hasPrefix("/") ? p : (baseDirectory as NSString).appendingPathComponent(p)
            let table = try ScoreFiles.read(path: full, nanForbidden: nanForbidden, layout: ScoreCSVLayout(), pool: pool)
            return (table.scores, table.forbidden, table.ids)
        }
        let rows = try r.array(value, "scores").enumerated().map { i, row in
            try r.array(row, "scores[\(i)]").enumerated().map { j, v in pool && i == j ? 0 : try r.number(v, "scores[\(i)][\(j)]") }
        }
        do { return (try ScoreMatrix(rows: rows), [], ScoreIDs()) } catch let e as MatchingError {
            throw r.fail("scores", e.message)
        }
    }

    /// Reads a problem file as ``readWithIDs(path:nanForbidden:)`` does,
    /// except that rules which cannot bind (``/MatchingCore/MatchingProblem/removingVacuousRules()``)
    /// are left out with a warning each instead of refused.
    ///
    /// - Throws: as ``read(path:nanForbidden:)``.
    public static func readWithWarnings(path: String, nanForbidden: Bool = false) throws -> (problem: MatchingProblem, ids: ScoreIDs, warnings: [String]) {
        let (data, base) = try contents(of: path)
        let (problem, ids) = try parseWithIDs(data, name: path, baseDirectory: base, nanForbidden: nanForbidden, keepVacuous: true)
        let (kept, removed) = problem.removingVacuousRules()
        return (try validated(kept, ids: ids, name: path), ids, removed.map { "\(path): \(ids.annotate($0))" })
    }
}

/// Walks a JSONSerialization tree with errors that name the key path.
struct _JSONReader {
    let file: String

    func fail(_ path: String, _ message: String) -> MatchingError {
        MatchingError(.invalidFile, path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)")
    }

    func object(_ v: Any, _ path: String) throws -> [String: Any] {
        guard let o = v as? [String: Any] else { throw fail(path, "expected an object") }
        return o
    }

    func array(_ v: Any, _ path: String) throws -> [Any] {
        guard let a = v as? [Any] else { throw fail(path, "expected an array") }
        return a
    }

    func string(_ v: Any, _ path: String) throws -> String {
        guard let s = v as? String else { throw fail(path, "expected a string") }
        return s
    }

    func number(_ v: Any, _ path: String) throws -> Double {
        guard let x = v as? NSNumber, String(describing: type(of: v)) != "__NSCFBoolean", !(v is Swift.Bool && !(v is NSNumber)) else {
            throw fail(path, "expected a number")
        }
        let d = x.doubleValue
        guard d.isFinite else { throw fail(path, "\(d) is not a finite number") }
        return d
    }

    func integer(_ v: Any, _ path: String) throws -> Int {
        let d = try number(v, path)
        guard d.rounded() == d, let i = Int(exactly: d) else { throw fail(path, "\(d) is not a whole number") }
        return i
    }

    func onlyKeys(_ o: [String: Any], _ allowed: Set<String>, _ path: String) throws {
        if let bad = o.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw fail(path, "unknown key '\(bad)' (expected one of \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func range(_ v: Any, _ path: String) throws -> CountRange {
        let o = try object(v, path)
        try onlyKeys(o, ["min", "max"], path)
        let lo = try o["min"].map { try integer($0, path + ".min") } ?? 0
        let hi = try o["max"].map { try integer($0, path + ".max") } ?? Int.max
        return CountRange(min: lo, max: hi)
    }

    func ranges(_ v: Any?, _ path: String, count: Int) throws -> [CountRange] {
        guard let v else { return Array(repeating: CountRange(min: 0, max: 1), count: count) }
        if let list = v as? [Any] {
            guard list.count == count else { throw fail(path, "has \(list.count) entries; expected \(count)") }
            return try list.enumerated().map { try range($1, "\(path)[\($0)]") }
        }
        return Array(repeating: try range(v, path), count: count)
    }

    /// `unmatchedPenalty`: a number for everyone or one per person (default 0).
    func penalties(_ v: Any?, count n: Int) throws -> [Double] {
        guard let v else { return [Double](repeating: 0, count: n) }
        if let list = v as? [Any] { return try list.enumerated().map { try number($1, "unmatchedPenalty[\($0)]") } }
        return [Double](repeating: try number(v, "unmatchedPenalty"), count: n)
    }

    func pairs(_ v: Any?, _ path: String) throws -> [(Int, Int)] {
        guard let v else { return [] }
        return try array(v, path).enumerated().map { k, item in
            let p = try array(item, "\(path)[\(k)]")
            guard p.count == 2 else { throw fail("\(path)[\(k)]", "expected two indices") }
            return (try integer(p[0], "\(path)[\(k)][0]"), try integer(p[1], "\(path)[\(k)][1]"))
        }
    }

    func attributes(_ v: Any?, _ path: String) throws -> [String: [String]] {
        guard let v else { return [:] }
        var out = [String: [String]]()
        for (name, values) in try object(v, path) {
            out[name] = try array(values, "\(path).\(name)").enumerated().map { k, x in
                if let s = x as? String { return s }
                let d = try number(x, "\(path).\(name)[\(k)]")
                return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
            }
        }
        return out
    }

    func constraint(_ v: Any, _ path: String) throws -> MatchingConstraint {
        let o = try object(v, path)
        guard let kindValue = o["kind"] else { throw fail(path, "the key 'kind' is missing") }
        let kind = try string(kindValue, path + ".kind")
        func req(_ key: String) throws -> Any {
            guard let x = o[key] else { throw fail(path, "\(kind) needs the key '\(key)'") }
            return x
        }
        func value() throws -> String {
            let x = try req("value")
            if let s = x as? String { return s }
            let d = try number(x, path + ".value")
            return d.rounded() == d && abs(d) < 1e15 ? String(Int(d)) : String(d)
        }
        func count() throws -> CountRange {
            CountRange(min: try o["min"].map { try integer($0, path + ".min") } ?? 0,
                       max: try o["max"].map { try integer($0, path + ".max") } ?? Int.max)
        }
        switch kind {
        case "maxPerMentor":
            try onlyKeys(o, ["kind", "attribute", "limit"], path)
            return .maxPerMentor(attribute: try string(try req("attribute"), path + ".attribute"),
                                 limit: try integer(try req("limit"), path + ".limit"))
        case "quota":
            try onlyKeys(o, ["kind", "attribute", "value", "min", "max"], path)
            return .quota(attribute: try string(try req("attribute"), path + ".attribute"), value: try value(), count: try count())
        case "composition":
            try onlyKeys(o, ["kind", "attribute", "value", "min", "max"], path)
            return .composition(attribute: try string(try req("attribute"), path + ".attribute"), value: try value(), count: try count())
        case "crossShare":
            try onlyKeys(o, ["kind", "attribute", "minShare"], path)
            return .crossShare(attribute: try string(try req("attribute"), path + ".attribute"),
                               minShare: try number(try req("minShare"), path + ".minShare"))
        case "parity":
            try onlyKeys(o, ["kind", "attribute", "margin"], path)
            return .parity(attribute: try string(try req("attribute"), path + ".attribute"),
                           margin: try number(try req("margin"), path + ".margin"))
        case "scoreParity":
            try onlyKeys(o, ["kind", "attribute", "margin"], path)
            return .scoreParity(attribute: try string(try req("attribute"), path + ".attribute"),
                                margin: try number(try req("margin"), path + ".margin"))
        default:
            throw fail(path + ".kind", "'\(kind)' is not one of maxPerMentor, quota, composition, crossShare, parity, scoreParity")
        }
    }
}
