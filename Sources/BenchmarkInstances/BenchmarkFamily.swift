import MatchingCore

/// The instance families of `shared/bench/GENERATOR.md`, so that MentorMatch
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

    /// The family's problem with `mentors` × `mentees` and the given seed
    /// (the families use seed = mentees unless told otherwise).
    ///
    /// For ``lsa`` and ``cap`` the sizes must agree with the family
    /// (square, and `mentors * 5 == mentees`); otherwise the bounds are
    /// applied as given.
    public func problem(mentors m: Int, mentees n: Int, seed: UInt64? = nil) -> MatchingProblem {
        let seed = seed ?? UInt64(n)
        let scores = SplitMix64.scoreMatrix(mentors: m, mentees: n, seed: seed)
        switch self {
        case .lsa:
            return MatchingProblem(scores: scores, mentorLoad: CountRange(min: 1, max: 1),
                                   menteeDemand: CountRange(min: 1, max: 1))
        case .cap:
            return MatchingProblem(scores: scores, mentorLoad: CountRange(min: 5, max: 5),
                                   menteeDemand: CountRange(min: 1, max: 1))
        case .div, .divTU, .divSep, .tight:
            let cap = m > 0 ? (12 * n + 10 * m - 1) / (10 * m) : 0
            var forbidden = Set<Pair>()
            for i in 0..<m {
                for j in 0..<n where Self.department(i, seed: seed) == Self.department(j, seed: seed) && (i + j) % 3 == 0 {
                    forbidden.insert(Pair(mentor: i, mentee: j))
                }
            }
            let mentorDept = (0..<m).map { "d\(Self.department($0, seed: seed))" }
            let menteeDept = (0..<n).map { "d\(Self.department($0, seed: seed))" }
            var problem = MatchingProblem(
                scores: scores, mentorLoad: CountRange(min: 1, max: cap),
                menteeDemand: CountRange(min: 0, max: 1), forbidden: forbidden,
                mentorAttributes: ["department": mentorDept], menteeAttributes: ["department": menteeDept])
            let separations = stride(from: 0, to: n - 1, by: 10).map { Separation(MenteeIndex($0), MenteeIndex($0 + 1)) }
            switch self {
            case .div:
                problem.constraints = [.maxPerMentor(attribute: "department", limit: 2)]
            case .divSep:
                problem.constraints = [.maxPerMentor(attribute: "department", limit: 2)]
                problem.separations = separations
            case .tight:
                problem.menteeDemand = Array(repeating: CountRange(min: 1, max: 1), count: n)
                problem.menteeAttributes["region"] = (0..<n).map { "r\(Self.region($0, seed: seed))" }
                problem.constraints = [
                    .maxPerMentor(attribute: "department", limit: 1),
                    .maxPerMentor(attribute: "region", limit: 1),
                    .crossShare(attribute: "department", minShare: 0.9),
                ]
                problem.separations = separations
            default:
                break
            }
            return problem
        }
    }
}
