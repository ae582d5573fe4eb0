/// An indexed binary min-heap of integer items (0..<capacity) keyed by
/// `Double`, with decrease-key. Ties break by the smaller item, so the order
/// is deterministic. Sifting moves a hole and writes the moving entry once.
struct _MinHeap {
    private struct Entry {
        var key: Double
        var item: Int32
        @inline(__always)
        func precedes(_ other: Entry) -> Bool { key < other.key || (key == other.key && item < other.item) }
    }
    private var entries: [Entry] = []
    private var position: [Int32]   // -1 when absent

    init(capacity: Int) {
        position = [Int32](repeating: -1, count: capacity)
        entries.reserveCapacity(16)
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Makes room for items up to `capacity − 1` (items already held keep their places).
    mutating func grow(to capacity: Int) {
        if capacity > position.count { position.append(contentsOf: repeatElement(-1, count: capacity - position.count)) }
    }
    var topKey: Double? { entries.first?.key }
    /// The first item and its key, without taking it.
    var top: (item: Int, key: Double)? { entries.first.map { (Int($0.item), $0.key) } }

    /// Moves `entry` up from slot `i` to its place.
    private mutating func up(_ i: Int, _ entry: Entry) {
        entries.withUnsafeMutableBufferPointer { e in
            position.withUnsafeMutableBufferPointer { pos in
                var i = i
                while i > 0 {
                    let parent = (i - 1) >> 1
                    guard entry.precedes(e[parent]) else { break }
                    e[i] = e[parent]
                    pos[Int(e[i].item)] = Int32(i)
                    i = parent
                }
                e[i] = entry
                pos[Int(entry.item)] = Int32(i)
            }
        }
    }

    /// Moves `entry` down from slot `i` to its place.
    private mutating func down(_ i: Int, _ entry: Entry) {
        entries.withUnsafeMutableBufferPointer { e in
            position.withUnsafeMutableBufferPointer { pos in
                let n = e.count
                var i = i
                while true {
                    let l = 2 * i + 1
                    if l >= n { break }
                    var m = l
                    if l + 1 < n && e[l + 1].precedes(e[l]) { m = l + 1 }
                    guard e[m].precedes(entry) else { break }
                    e[i] = e[m]
                    pos[Int(e[i].item)] = Int32(i)
                    i = m
                }
                e[i] = entry
                pos[Int(entry.item)] = Int32(i)
            }
        }
    }

    /// Inserts `item` with `key`, or lowers its key when it is present with a larger one.
    mutating func pushOrDecrease(_ item: Int, _ key: Double) {
        let p = Int(position[item])
        if p >= 0 {
            if key < entries[p].key { up(p, Entry(key: key, item: Int32(item))) }
            return
        }
        entries.append(Entry(key: key, item: Int32(item)))
        up(entries.count - 1, entries[entries.count - 1])
    }

    /// Inserts an item that is not present.
    mutating func push(_ item: Int, _ key: Double) { pushOrDecrease(item, key) }

    /// Removes and returns the item with the smallest key.
    mutating func pop() -> (Int, Double) {
        let top = entries[0]
        let last = entries.removeLast()
        position[Int(top.item)] = -1
        if !entries.isEmpty { down(0, last) }
        return (Int(top.item), top.key)
    }

    /// Empties the heap.
    mutating func removeAll() {
        for e in entries { position[Int(e.item)] = -1 }
        entries.removeAll(keepingCapacity: true)
    }
}
