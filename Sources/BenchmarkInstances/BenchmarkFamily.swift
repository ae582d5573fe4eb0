import MatchingCore

/// The instance families of `Benchmarks/generator/GENERATOR.md`, so that MentorMatch
/// and the peer solvers are timed on exactly the same problems.
public enum BenchmarkFamily: String, Sendable, CaseIterable, Codable {
    /// Square assignment: `gen(n, n, n)`, every mentor and mentee matched exactly once.
    case lsa
    /// Capacitated: `gen(n/5, n, n)`, mentors take exactly 5, mentees exactly 1.
    case cap
    /// The mentoring program: loads `1…ceil(1.2·N/M)`, department conflicts,
    /// at most 2 mentees per department per mentor; seed = N.
    case div
    /// DIV without the department rule (a pure b-matching).
    case divTU = "div-tu"
    /// DIV with TIGHT's separations (mentees j and j+1 never share a mentor,
    /// for every j ≡ 0 mod 10): no longer a network problem (the large-cohort
    /// gap benchmark of issue 6).
    case divSep = "div-sep"
    /// DIV plus a region attribute, demand exactly 1, at most 1 mentee per
    /// department and per region per mentor, separations and crossShare ≥ 0.9.
    case tight

    /// The department `d(k) = (7k + seed) mod 8` of mentor or mentee `k`.
    public static func department(_ k: Int, seed: UInt64) -> Int {
        Int((UInt64(k) &* 7 &+ seed) % 8)
    }

    /// The region `r(k) = (3k + seed) mod 5` of mentee `k` (TIGHT only).
    public static func region(_ k: Int, seed: UInt64) -> Int {
        Int((UInt64(k) &* 3 &+ seed) % 5)
    }

    /// The family's rules at `mentors` × `mentees` — loads, demands,
    /// attributes, attribute rules, separations — without the forbidden
    /// pairs (``forbidden(mentors:mentees:seed:)``), which a streamed source
    /// reads as `-infinity` instead. The same rules serve the dense problem
    /// (``problem(mentors:mentees:seed:)``) and the streamed one
    /// (``streamedProblem(mentors:mentees:seed:)``).
    ///
    /// - Complexity: O(M + N).
    public func rules(mentors m: Int, mentees n: Int, seed: UInt64? = nil) -> MatchingRules {
        let seed = seed ?? UInt64(n)
        func uniform(_ load: CountRange, _ demand: CountRange) -> MatchingRules {
            MatchingRules(mentorLoad: Array(repeating: load, count: m), menteeDemand: Array(repeating: demand, count: n),
                          unmatchedPenalty: Array(repeating: 0, count: n))
        }
        switch self {
        case .lsa:
            return uniform(CountRange(min: 1, max: 1), CountRange(min: 1, max: 1))
        case .cap:
            return uniform(CountRange(min: 5, max: 5), CountRange(min: 1, max: 1))
        case .div, .divTU, .divSep, .tight:
            let cap = m > 0 ? (12 * n + 10 * m - 1) / (10 * m) : 0
            var rules = uniform(CountRange(min: 1, max: cap), CountRange(min: 0, max: 1))
            rules.mentorAttributes = ["department": (0..<m).map { "d\(Self.department($0, seed: seed))" }]
            rules.menteeAttributes = ["department": (0..<n).map { "d\(Self.department($0, seed: seed))" }]
            let separations = stride(from: 0, to: n - 1, by: 10).map { Separation(MenteeIndex($0), MenteeIndex($0 + 1)) }
            switch self {
            case .div:
                rules.constraints = [.maxPerMentor(attribute: "department", limit: 2)]
            case .divSep:
                rules.constraints = [.maxPerMentor(attribute: "department", limit: 2)]
                rules.separations = separations
            case .tight:
                rules.menteeDemand = Array(repeating: CountRange(min: 1, max: 1), count: n)
                rules.menteeAttributes["region"] = (0..<n).map { "r\(Self.region($0, seed: seed))" }
                rules.constraints = [
                    .maxPerMentor(attribute: "department", limit: 1),
                    .maxPerMentor(attribute: "region", limit: 1),
                    .crossShare(attribute: "department", minShare: 0.9),
                ]
                rules.separations = separations
            default:
                break
            }
            return rules
        }
    }

    /// The family's forbidden pairs: for DIV, DIV-TU, DIV-SEP and TIGHT, a
    /// mentor and a mentee of one department with `(i + j) % 3 == 0`; none
    /// for LSA and CAP.
    ///
    /// - Complexity: O(M·N).
    public func forbidden(mentors m: Int, mentees n: Int, seed: UInt64? = nil) -> Set<Pair> {
        guard self != .lsa && self != .cap else { return [] }
        let seed = seed ?? UInt64(n)
        var forbidden = Set<Pair>()
        for i in 0..<m {
            for j in 0..<n where Self.department(i, seed: seed) == Self.department(j, seed: seed) && (i + j) % 3 == 0 {
                forbidden.insert(Pair(mentor: i, mentee: j))
            }
        }
        return forbidden
    }

    /// The family's problem with `mentors` × `mentees` and the given seed
    /// (the families use seed = mentees unless told otherwise): its dense
    /// scores, its ``rules(mentors:mentees:seed:)`` and its forbidden pairs.
    ///
    /// For ``lsa`` and ``cap`` the sizes must agree with the family
    /// (square, and `mentors * 5 == mentees`); otherwise the bounds are
    /// applied as given.
    public func problem(mentors m: Int, mentees n: Int, seed: UInt64? = nil) -> MatchingProblem {
        let seed = seed ?? UInt64(n)
        var rules = rules(mentors: m, mentees: n, seed: seed)
        rules.forbidden = forbidden(mentors: m, mentees: n, seed: seed)
        return MatchingProblem(scores: SplitMix64.scoreMatrix(mentors: m, mentees: n, seed: seed), rules: rules)
    }
}
