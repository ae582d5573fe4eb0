import Compatibility
import Foundation
import MatchingIO
import MatchingCore
import Programs

/// Writes participants as the CSV that ``/MatchingIO/ParticipantFile`` reads, and
/// program configs as commented YAML — what `mentor-match generate` produces.
public enum CohortFiles {
    /// A number as written in files and messages: whole values without a fraction.
    static func number(_ x: Double) -> String { CellText.text(x) }

    /// The participants as CSV: the documented columns, then one column per
    /// free attribute (sorted by name).
    public static func participantsCSV(_ people: [Profile]) -> String {
        let attributes = Set(people.flatMap { $0.attributes.keys }).subtracting(ParticipantFile.knownColumns).sorted()
        let header = ParticipantFile.knownColumns + attributes
        var rows = [header]
        let days = ParticipantFile.days.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        for p in people {
            var cell = [String: String]()
            cell["id"] = p.id.rawValue
            cell["role"] = p.role.rawValue
            cell["capacity"] = p.capacity.map(String.init)
            cell["department"] = p.department
            cell["team"] = p.team
            cell["manager_id"] = p.managerID?.rawValue
            if let s = p.seniority { cell["seniority"] = number(s.level); cell["years"] = number(s.years) }
            cell["skills"] = p.skills.sorted { $0.key < $1.key }.map { "\($0.key):\(number($0.value))" }.joined(separator: "; ")
            cell["goals"] = p.goals.map { "\($0.skill):\(number($0.desiredLevel)):\(number($0.priority))" }.joined(separator: "; ")
            if let b = p.personality {
                for (name, v) in zip(["openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism"], b.values) { cell[name] = number(v) }
            }
            cell["mbti"] = p.mbti?.description
            if let c = p.communication {
                for (name, v) in zip(["collaborative", "flexible", "big_picture"], c.values) { cell[name] = number(v) }
            }
            cell["interests"] = p.interests.joined(separator: "; ")
            cell["values"] = p.values.joined(separator: "; ")
            cell["languages"] = p.languages.joined(separator: "; ")
            cell["timezone"] = p.timeZone
            cell["availability"] = p.availability.map { "\(days[$0.day]) \($0.hoursText)" }.joined(separator: "; ")
            cell["location"] = p.location?.description
            cell["preferences"] = p.preferences.map(\.rawValue).joined(separator: "; ")
            cell["blocked"] = p.blocked.map(\.rawValue).joined(separator: "; ")
            cell["eligible"] = p.eligible ? "yes" : "no"
            cell["past_pairings"] = p.pastPairings.map { "\($0.partner):\($0.outcome.rawValue)" }.joined(separator: "; ")
            for (k, v) in p.attributes { cell[k] = v }
            rows.append(header.map { cell[$0] ?? "" })
        }
        return ResultFiles.csv(rows)
    }

    /// A program config as commented YAML, readable by ``/MatchingIO/ConfigFile``.
    public static func programYAML(_ c: ProgramConfig) -> String {
        func yamlString(_ s: String) -> String {
            let plain = s.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) } && !s.isEmpty && Double(s) == nil
                && !["yes", "no", "true", "false", "null", "on", "off"].contains(s.lowercased())
            return plain ? s : "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        let cc = c.compatibility
        var out = """
        # MentorMatch program config (YAML). Every key is optional; see the README.
        mode: \(c.mode.rawValue)   # traditional | reverse | mutual

        compatibility:
          # Weight of each criterion, 0…10 (0 leaves it out of the score).
          weights:

        """
        for criterion in Criterion.allCases {
            out += "    \(criterion.rawValue): \(number(cc.weight(criterion)))\n"
        }
        out += "  # Pairs below a threshold (0…1) on a criterion are not allowed.\n"
        if cc.mustHave.isEmpty {
            out += "  mustHave: {}\n"
        } else {
            out += "  mustHave:\n"
            for (k, v) in cc.mustHave.sorted(by: { $0.key < $1.key }) { out += "    \(yamlString(k)): \(number(v))\n" }
        }
        out += "  personality:   # similar or complementary, per Big Five trait\n"
        for trait in BigFive.Trait.allCases { out += "    \(trait.rawValue): \(cc.fit(trait).rawValue)\n" }
        out += "  personalityScale: \(cc.personalityScale.rawValue)   # auto | unit | likert5 | likert7 | percent (answers in the participant file)\n"
        out += "  communicationScale: \(cc.communicationScale.rawValue)\n"
        out += "  mbtiFit:   # similar or complementary, per MBTI dichotomy (mbti weighs 0 unless set: weak evidence)\n"
        for d in MBTIType.Dichotomy.allCases { out += "    \(d.rawValue): \(cc.fit(d).rawValue)\n" }
        out += """
          idealGap: [\(number(cc.idealGap.lowerBound)), \(number(cc.idealGap.upperBound))]   # seniority levels between mentor and mentee
          gapFalloff: \(number(cc.gapFalloff))
          maxSkillLevel: \(number(cc.maxSkillLevel))
          availabilityHours: \(number(cc.availabilityHours))   # shared weekly hours that score 1
          timeZoneScaleHours: \(number(cc.timeZoneScaleHours))
          department: \(cc.department.rawValue)   # across | within
          filters:
            reportingLine: \(cc.filters.reportingLine)
            sameTeam: \(cc.filters.sameTeam)
            blocked: \(cc.filters.blocked)
            pastFailures: \(cc.filters.pastFailures)
            ineligible: \(cc.filters.ineligible)
            sharedLanguage: \(cc.filters.sharedLanguage)

        """
        if let cap = cc.filters.maxTimeZoneGapHours { out += "    maxTimeZoneGapHours: \(number(cap))\n" }
        let m = c.matching
        out += """

        matching:
          defaultCapacity: \(m.defaultCapacity)   # for mentors without a capacity
          minimumLoad: \(m.minimumLoad)       # each mentor takes at least this many (capped by capacity)
          menteeDemand: {min: \(m.menteeDemand.min), max: \(m.menteeDemand.max)}
          unmatchedPenalty: \(number(m.unmatchedPenalty))   # score points lost per mentee left out
          objective: \(m.objective.rawValue)   # total | maxMin
          rules:

        """
        if m.rules.isEmpty { out = String(out.dropLast()) + " []\n" }
        for r in m.rules {
            var fields = ["kind: \(r.kind)", "attribute: \(yamlString(r.attribute))"]
            if let v = r.value { fields.append("value: \(yamlString(v))") }
            if let v = r.limit { fields.append("limit: \(v)") }
            if let v = r.min { fields.append("min: \(v)") }
            if let v = r.max { fields.append("max: \(v)") }
            if let v = r.minShare { fields.append("minShare: \(number(v))") }
            out += "    - {\(fields.joined(separator: ", "))}\n"
        }
        out += """

        solver:
          name: \(c.solver.name)   # auto | network-flow | candidate-pricing | glpk | glpk-pricing | lagrangian
        """
        if let t = c.solver.timeLimit {
            out += "\n  timeLimit: \(number(t))   # seconds"
        } else {
            out += "\n  # timeLimit: 60   # seconds; unset: 60 s for a search (integer program, pool rules, circles), none for a network problem"
        }
        if let g = c.solver.mipGap { out += "\n  mipGap: \(number(g))" }
        out += """


        rounds:   # how `mentor-match rematch` treats the last round
          waitingBonus: \(number(c.rounds.waitingBonus))   # points added to a mentee's unmatched penalty per round waited
          changePrice: \(c.rounds.changePrice.map(number) ?? "null")   # null: continuing pairs locked; a number: a pair may change when that gains more
          repeatEnded: \(c.rounds.repeatEnded)   # whether pairs that ended may be matched again (never in the round right after)
        """
        return out + "\n"
    }
}
