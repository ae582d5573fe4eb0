import Compatibility
import MatchingCore

extension MentoringProgram {
    /// The pairs an administrator locked (`matching.fixed`, `--lock`) as
    /// rows and columns of the scored pairs, each checked: both people
    /// take part on the right side, the pair is allowed (filters and
    /// must-haves), it is listed once, and nobody is locked into more pairs
    /// than their capacity or demand. In one pool the pair is `Pair(i, j)`, i < j.
    ///
    /// - Throws: `invalidConfig` naming `matching.fixed[k]` and the people.
    /// - Complexity: O(P + locked).
    static func lockedPairs(_ locked: [LockedPair], in x: CompatibilityMatrices, cohort: Cohort, loads: [CountRange], demands: [CountRange],
                            pool: Bool) throws -> [Pair] {
        guard !locked.isEmpty else { return [] }
        let profiles = cohort.profiles
        let row = Dictionary(uniqueKeysWithValues: x.mentorIndices.enumerated().map { (profiles[$1].id, $0) })
        let column = Dictionary(uniqueKeysWithValues: x.menteeIndices.enumerated().map { (profiles[$1].id, $0) })
        let known = profiles.map(\.id.rawValue)   // for a did-you-mean
        var out = [Pair](), seen = Set<Pair>()
        var load = [Int](repeating: 0, count: x.mentorIndices.count), demand = [Int](repeating: 0, count: x.menteeIndices.count)
        for (k, l) in locked.enumerated() {
            let label = "\(l.source ?? "matching.fixed[\(k)]") (\(l.mentor)–\(l.mentee))"
            for id in [l.mentor, l.mentee] where cohort.index[id] == nil {
                throw MatchingError(.invalidConfig, "\(label): '\(id)' is not a participant\(didYouMean(id.rawValue, among: known))")
            }
            guard let i = row[l.mentor] else { throw MatchingError(.invalidConfig, "\(label): \(l.mentor) is not a mentor (role \(profiles[cohort.index[l.mentor]!].role.rawValue))") }
            guard let j = column[l.mentee] else { throw MatchingError(.invalidConfig, "\(label): \(l.mentee) is not a mentee (role \(profiles[cohort.index[l.mentee]!].role.rawValue))") }
            guard l.mentor != l.mentee else { throw MatchingError(.invalidConfig, "\(label): a person cannot be paired with themself") }
            let excluded = x.exclusions(mentor: i, mentee: j) + (pool ? x.exclusions(mentor: j, mentee: i) : [])
            if !x.isAllowed(mentor: i, mentee: j) || (pool && !x.isAllowed(mentor: j, mentee: i)) {
                throw MatchingError(.invalidConfig, "\(label): the pair is excluded (\(Set(excluded.map(\.description)).sorted().joined(separator: "; "))): a locked pair must be allowed — lift the filter or unlock the pair")
            }
            let pair = pool ? Pair(MentorIndex(Swift.min(i, j)), MenteeIndex(Swift.max(i, j))) : Pair(MentorIndex(i), MenteeIndex(j))
            guard seen.insert(pair).inserted else { throw MatchingError(.invalidConfig, "\(label): the pair is locked twice") }
            load[i] += 1
            demand[j] += 1
            if pool {
                if load[i] + demand[i] > loads[i].max { throw MatchingError(.invalidConfig, "\(label): \(l.mentor) is locked into more pairs than their \(loads[i].max) partner(s)") }
                if load[j] + demand[j] > loads[j].max { throw MatchingError(.invalidConfig, "\(label): \(l.mentee) is locked into more pairs than their \(loads[j].max) partner(s)") }
            } else {
                if load[i] > loads[i].max { throw MatchingError(.invalidConfig, "\(label): \(l.mentor) is locked into more pairs than their capacity \(loads[i].max)") }
                if demand[j] > demands[j].max { throw MatchingError(.invalidConfig, "\(label): \(l.mentee) is locked into more than the \(demands[j].max) mentor(s) a mentee takes (matching.menteeDemand)") }
            }
            out.append(pair)
        }
        return out.sorted()
    }

    /// The committee's rejected pairs (`matching.rejected`) as pairs of the
    /// matrices (a pool's as `Pair(i, j)`, i < j): every id a participant on
    /// the right side; a pair also locked is an error.
    ///
    /// - Throws: `invalidConfig` naming the source and the pair.
    static func rejectedPairs(_ rejected: [LockedPair], locked: [Pair], in x: CompatibilityMatrices, cohort: Cohort, pool: Bool) throws -> [Pair] {
        guard !rejected.isEmpty else { return [] }
        let profiles = cohort.profiles
        let row = Dictionary(uniqueKeysWithValues: x.mentorIndices.enumerated().map { (profiles[$1].id, $0) })
        let column = Dictionary(uniqueKeysWithValues: x.menteeIndices.enumerated().map { (profiles[$1].id, $0) })
        let known = profiles.map(\.id.rawValue)
        let lockedSet = Set(locked)
        var out = Set<Pair>()
        for (k, r) in rejected.enumerated() {
            let label = "\(r.source ?? "matching.rejected[\(k)]") (\(r.mentor)–\(r.mentee))"
            for id in [r.mentor, r.mentee] where cohort.index[id] == nil {
                throw MatchingError(.invalidConfig, "\(label): '\(id)' is not a participant\(didYouMean(id.rawValue, among: known))")
            }
            guard let i = row[r.mentor] else { throw MatchingError(.invalidConfig, "\(label): \(r.mentor) is not a mentor (role \(profiles[cohort.index[r.mentor]!].role.rawValue))") }
            guard let j = column[r.mentee] else { throw MatchingError(.invalidConfig, "\(label): \(r.mentee) is not a mentee (role \(profiles[cohort.index[r.mentee]!].role.rawValue))") }
            let pair = pool ? Pair(MentorIndex(Swift.min(i, j)), MenteeIndex(Swift.max(i, j))) : Pair(MentorIndex(i), MenteeIndex(j))
            if lockedSet.contains(pair) { throw MatchingError(.invalidConfig, "\(label): the pair is both locked and rejected: keep one decision") }
            out.insert(pair)
        }
        return out.sorted()
    }
}
