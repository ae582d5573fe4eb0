import Synchronization

/// Values derived from a rule book, computed once per key and kept with it
/// instead of at every call: a sweep solves a hundred programs under the
/// same rules, and each solve validates them and its certificate and
/// validator read what they give — whether the forbidden pairs are in
/// range, the allowed counts and the forbidden mask at a problem's size
/// (``MatchingRules/validate(mentors:mentees:)``,
/// ``MatchingProblem/allowedCounts()``, ``MatchingProblem/forbiddenMask()``),
/// and each attribute's coding (``MatchingProblem/menteeCoding(_:)``).
///
/// No part of the rules' value: every memo is equal to every other and adds
/// nothing to a hash. The rule book starts a new one whenever the field it
/// is derived from changes; copies of a rule book share one until then.
struct _Memo<Key: Hashable & Sendable, Value: Sendable>: Hashable, Sendable {
    private final class Box: Sendable {
        let values = Mutex<[Key: Value]>([:])
    }
    private let box = Box()

    static func == (_: _Memo, _: _Memo) -> Bool { true }
    func hash(into hasher: inout Hasher) {}

    /// The value for `key`, from `compute` the first time (two threads that
    /// both compute it store the same value).
    func value(_ key: Key, _ compute: () -> Value) -> Value {
        if let known = box.values.withLock({ $0[key] }) { return known }
        let value = compute()
        box.values.withLock { $0[key] = value }
        return value
    }
}

/// A problem's size, the key of what the forbidden pairs give.
struct _ProblemSize: Hashable, Sendable {
    let mentors: Int, mentees: Int
}
