import Synchronization

/// What a rule book's forbidden pairs give at a problem's size — whether
/// all are in range, each person's count of allowed partners and, up to 16
/// million pairs, the row-major mask of forbidden cells — computed once per
/// rule book (``MatchingRules/validate(mentors:mentees:)``,
/// ``MatchingProblem/allowedCounts()``, ``MatchingProblem/forbiddenMask()``)
/// instead of once per call: a sweep solves a hundred programs with the same
/// rules, and each solve validates them and its certificate reads the rest.
///
/// No part of the rules' value: every memo is equal to every other and adds
/// nothing to a hash. ``MatchingRules/forbidden`` starts a new one whenever
/// it changes; copies of a rule book share one until then.
struct _ExclusionMemo: Hashable, Sendable {
    /// The largest problem (mentors × mentees) whose mask is kept.
    static let maskPairLimit = 16_000_000

    private struct Size: Hashable { let mentors: Int, mentees: Int }
    private struct Derived {
        var inRange: Bool?
        var allowed: (mentors: [Int], mentees: [Int])?
        var mask: [Bool]?
    }
    private final class Box: Sendable {
        let derived = Mutex<[Size: Derived]>([:])
    }
    private let box = Box()

    static func == (_: _ExclusionMemo, _: _ExclusionMemo) -> Bool { true }
    func hash(into hasher: inout Hasher) {}

    /// Whether every forbidden pair is within `mentors` × `mentees`, from `compute` the first time.
    func allInRange(mentors: Int, mentees: Int, _ compute: () -> Bool) -> Bool {
        let size = Size(mentors: mentors, mentees: mentees)
        if let known = box.derived.withLock({ $0[size]?.inRange }) { return known }
        let inRange = compute()
        box.derived.withLock { $0[size, default: Derived()].inRange = inRange }
        return inRange
    }

    /// The counts at `mentors` × `mentees`, from `compute` the first time.
    func allowedCounts(mentors: Int, mentees: Int, _ compute: () -> (mentors: [Int], mentees: [Int])) -> (mentors: [Int], mentees: [Int]) {
        let size = Size(mentors: mentors, mentees: mentees)
        if let known = box.derived.withLock({ $0[size]?.allowed }) { return known }
        let counts = compute()
        box.derived.withLock { $0[size, default: Derived()].allowed = counts }
        return counts
    }

    /// The mask at `mentors` × `mentees`, from `compute` the first time (kept
    /// up to ``maskPairLimit`` pairs; larger masks are computed at each call).
    func mask(mentors: Int, mentees: Int, _ compute: () -> [Bool]) -> [Bool] {
        guard mentors * mentees <= Self.maskPairLimit else { return compute() }
        let size = Size(mentors: mentors, mentees: mentees)
        if let known = box.derived.withLock({ $0[size]?.mask }) { return known }
        let mask = compute()
        box.derived.withLock { $0[size, default: Derived()].mask = mask }
        return mask
    }
}

/// Each attribute's coding (``AttributeCoding``), computed once per rule
/// book and side (``MatchingProblem/menteeCoding(_:)``,
/// ``MatchingProblem/mentorCoding(_:)``): each solve's certificate and
/// validator code the attributes its rules name, a sweep a hundred times.
///
/// No part of the rules' value, as ``_ExclusionMemo``;
/// ``MatchingRules/menteeAttributes`` and ``MatchingRules/mentorAttributes``
/// start a new one whenever they change.
struct _CodingMemo: Hashable, Sendable {
    private final class Box: Sendable {
        let codings = Mutex<[String: AttributeCoding]>([:])
    }
    private let box = Box()

    static func == (_: _CodingMemo, _: _CodingMemo) -> Bool { true }
    func hash(into hasher: inout Hasher) {}

    /// The coding of `attribute`, from `values` the first time.
    func coding(_ attribute: String, _ values: () -> [String]) -> AttributeCoding {
        if let known = box.codings.withLock({ $0[attribute] }) { return known }
        let coding = AttributeCoding(values())
        box.codings.withLock { $0[attribute] = coding }
        return coding
    }
}
