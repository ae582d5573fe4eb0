/// The distinct values of a categorical attribute in ascending order, and
/// each person's value as an index into them — the coding every rule on that
/// attribute uses (rows of the formulation, network layers, rule duals).
public struct AttributeCoding: Hashable, Sendable {
    /// The distinct values, ascending.
    public let values: [String]
    /// Per person, the index of its value in ``values``.
    public let codes: [Int32]

    /// Codes `raw`, one value per person.
    public init(_ raw: [String]) {
        values = Array(Set(raw)).sorted()
        var index = [String: Int32]()
        for (k, v) in values.enumerated() { index[v] = Int32(k) }
        codes = raw.map { index[$0]! }
    }

    /// The people in the order of their values (ascending), each value's
    /// people in number order: the order the network engine lays a layered
    /// rule's columns in, so that each value's people are one contiguous run.
    ///
    /// - Complexity: O(P log P).
    package var valueOrder: [Int] { codes.indices.sorted { (codes[$0], $0) < (codes[$1], $1) } }

    /// The code of `value`, or `nil` when nobody has it.
    public func code(of value: String) -> Int32? {
        values.binarySearchIndex(of: value).map(Int32.init)
    }
}

extension Array where Element == String {
    /// The index of `value` in this ascending array, if present.
    fileprivate func binarySearchIndex(of value: String) -> Int? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo < count && self[lo] == value ? lo : nil
    }
}
