import Compatibility
import Foundation
import MatchingCore

extension MentoringProgram {
    /// Diagnostics (from ``/MatchingCore/FeasibilityCheck`` or a solver)
    /// aggregated to one line per cause: lines that differ only in the
    /// person they name ("mentor 3 must take a mentee but has no allowed
    /// mentee" for 300 mentors) become one line with the count and the first
    /// few ids; positions are replaced by ids (``withIDs(_:)``). Lines keep
    /// the order of their cause's first line. The per-person lines stay
    /// available through ``withIDs(_:)`` on each (`--verbose`).
    ///
    /// - Complexity: O(total length of the lines).
    public func summarized(_ lines: [String]) -> [String] {
        Self.summarized(lines) { inConfigTerms(withIDs($0)) }
    }

    /// The root causes of a solve's outcome, one line each: when there is no
    /// matching, the failed necessary conditions and the solver's
    /// diagnostics, aggregated (``summarized(_:)``), each with the setting
    /// to change where one is known.
    ///
    /// - Complexity: O(M · N) for the conditions.
    public func causes(of report: SolveReport) -> [String] {
        guard report.matching == nil else { return [] }
        var seen = Set<String>()
        // Streamed scores have no dense problem to count on: the solver's diagnostics name the causes.
        let conditions = denseProblem.map { FeasibilityCheck.failedConditions(of: $0) } ?? []
        // When a necessary condition already names the cause, the Hall sets
        // read off the flow restate it: one cause, one line.
        let hall = conditions.isEmpty ? [] : Set(denseProblem.map { HallCondition.explanation(of: $0, violations: report.hallViolations) } ?? [])
        // So does a solver's line about a rule whose necessary condition failed.
        let failedRules = Set(conditions.compactMap(Self.constraintIndex(in:)))
        let notes = report.diagnostics.filter { line in
            !Self.routingNotes.contains { line.hasPrefix($0) } && !hall.contains(line)
                && !(Self.constraintIndex(in: line).map(failedRules.contains) ?? false)
        }
        // A solver may repeat the necessary conditions in its diagnostics: each raw line counts once.
        let lines = (conditions + notes).filter { seen.insert($0).inserted }
        return summarized(lines)
    }

    /// How a solver's line names a rule: `constraints[k]`.
    static let constraintReference = #"constraints\[[0-9]+\]"#

    /// The rule a line is about, when it starts by naming it (``constraintReference``).
    static func constraintIndex(in line: some StringProtocol) -> Int? {
        guard let r = line.range(of: "^" + constraintReference, options: .regularExpression) else { return nil }
        return Int(line[r].dropFirst("constraints[".count).dropLast())
    }

    /// Diagnostics that tell which route a solver took, not why there is no
    /// matching (structured solve statistics will replace them).
    static let routingNotes = ["auto:", "candidate pairs", "warm start", "fallback", "the explicit rule network", "no rule needed relaxing"]

    /// A condition in the config's terms: every `constraints[k]` becomes the
    /// `matching.rules[r]` it came from, and a total that cannot be met
    /// names the setting to change.
    func inConfigTerms(_ line: String) -> String {
        var out = Self.ruleNames(line, ruleOfConstraint)
        if out.hasPrefix("no pair is allowed") {
            // Name the setting behind it when a whole side is out this round.
            let mentors = pairs.mentorIndices.map { cohort.profiles[$0] }, mentees = pairs.menteeIndices.map { cohort.profiles[$0] }
            if !mentors.isEmpty && mentors.allSatisfy({ !$0.eligible }) {
                out += ": all \(mentors.count) mentors are marked not eligible this round (eligible column)"
            } else if !mentees.isEmpty && mentees.allSatisfy({ !$0.eligible }) {
                out += ": all \(mentees.count) mentees are marked not eligible this round (eligible column)"
            } else if case let causes = pairs.exclusionCounts(), !causes.isEmpty {
                out += ": " + causes.prefix(3).map { "\($0.pairs) excluded by \($0.cause)" }.joined(separator: "; ")
            }
        } else if out.contains("which allows no pair") && config.matching.minimumLoad > 0 {
            out += ": raise the rule's limit, or lower matching.minimumLoad (now \(config.matching.minimumLoad))"
        } else if out.hasPrefix("mentees' total demand") && config.matching.minimumLoad > 0 {
            out += ": lower matching.minimumLoad (now \(config.matching.minimumLoad))"
        } else if out.hasPrefix("mentors' total capacity") {
            out += ": raise capacities or matching.defaultCapacity (now \(config.matching.defaultCapacity)), or lower matching.menteeDemand.min (now \(config.matching.menteeDemand.min))"
        }
        return out
    }

    /// `line` with every `constraints[k]` named as the config rule it comes from, `matching.rules[r]`.
    static func ruleNames(_ line: String, _ ruleOfConstraint: [Int]) -> String {
        var out = ""
        var rest = Substring(line)
        while let r = rest.range(of: constraintReference, options: .regularExpression) {
            out += rest[..<r.lowerBound]
            let k = constraintIndex(in: rest[r])!
            out += k < ruleOfConstraint.count ? "matching.rules[\(ruleOfConstraint[k])]" : String(rest[r])
            rest = rest[r.upperBound...]
        }
        return out + rest
    }

    /// `lines` aggregated as ``summarized(_:)`` describes, with `ids` turning
    /// one line's positions into ids.
    static func summarized(_ lines: [String], ids: (String) -> String) -> [String] {
        var order = [String](), groups = [String: [String]]()
        for line in lines {
            let key = template(line)
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(line)
        }
        return order.map { key in
            let group = groups[key]!
            guard group.count > 1 else { return ids(group[0]) }
            guard let first = Self.subject(of: group[0]) else {
                return ids(group[0]) + " (and \(group.count - 1) more like it; --verbose lists each)"
            }
            let named = group.compactMap { Self.subject(of: $0).map { ids($0.whole) } }
            let people = named.map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? $0 }
            let example = people.prefix(3).joined(separator: ", ") + (people.count > 3 ? ", …" : "")
            var rest = String(ids(group[0]).dropFirst(ids(first.whole).count))
            for (one, many) in [(" has ", " have "), (" needs ", " need "), (" is ", " are "), (" gets ", " get ")] {
                if let r = rest.range(of: one) { rest.replaceSubrange(r, with: many); break }
            }
            let same = Set(group.map { numbersAfterSubject($0) }).count == 1
            return "\(group.count) \(first.side)s (\(example))\(rest)" + (same ? "" : " (figures of the first; --verbose lists each)")
        }
    }

    /// The line with every "mentor N"/"mentee N" position and every other
    /// number after it made generic, so that lines naming different people
    /// with different counts share a template.
    static func template(_ line: String) -> String {
        // A rule's index stays: lines about different rules are different causes.
        var out = "", digits = false
        var rest = Substring(line)
        if let r = line.range(of: #"^constraints\[[0-9]+\]"#, options: .regularExpression) {
            out = String(line[r])
            rest = line[r.upperBound...]
        }
        for c in rest.unicodeScalars {
            if ("0"..."9").contains(c) {
                if !digits { out += "#" }
                digits = true
            } else {
                digits = false
                out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The person a line starts with: `mentor 3` or `mentee 17`.
    static func subject(of line: String) -> (side: String, whole: String)? {
        for side in ["mentor", "mentee"] where line.hasPrefix(side + " ") {
            let digits = line.dropFirst(side.count + 1).prefix { $0.isNumber }
            if !digits.isEmpty { return (side, "\(side) \(digits)") }
        }
        return nil
    }

    /// The numbers after a line's subject, to tell whether a group's figures agree.
    static func numbersAfterSubject(_ line: String) -> String {
        let rest = subject(of: line).map { line.dropFirst($0.whole.count) } ?? Substring(line)
        return rest.filter { $0.isNumber || $0 == " " }
    }
}
