/// An indexed binary min-heap of integer items (0..<capacity) keyed by
/// `Double`, with decrease-key. Ties break by the smaller item, so the order
/// is deterministic.
struct _MinHeap {
    private var items: [Int32] = []
    private var keys: [Double] = []
    private var position: [Int32]   // -1 when absent

    init(capacity: Int) {
        position = [Int32](repeating: -1, count: capacity)
        items.reserveCapacity(16)
        keys.reserveCapacity(16)
    }

    var isEmpty: Bool { items.isEmpty }
    var topKey: Double? { keys.first }

    @inline(__always)
    private func less(_ a: Int, _ b: Int) -> Bool {
        keys[a] < keys[b] || (keys[a] == keys[b] && items[a] < items[b])
    }

    private mutating func swapAt(_ a: Int, _ b: Int) {
        items.swapAt(a, b)
        keys.swapAt(a, b)
        position[Int(items[a])] = Int32(a)
        position[Int(items[b])] = Int32(b)
    }

    private mutating func up(_ i: Int) {
        var i = i
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { break }
            swapAt(i, parent)
            i = parent
        }
    }

    private mutating func down(_ i: Int) {
        var i = i
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && less(l, m) { m = l }
            if r < items.count && less(r, m) { m = r }
            if m == i { return }
            swapAt(i, m)
            i = m
        }
    }

    /// Inserts `item` with `key`, or lowers its key when it is present with a larger one.
    mutating func pushOrDecrease(_ item: Int, _ key: Double) {
        let p = Int(position[item])
        if p >= 0 {
            if key < keys[p] { keys[p] = key; up(p) }
            return
        }
        items.append(Int32(item))
        keys.append(key)
        position[item] = Int32(items.count - 1)
        up(items.count - 1)
    }

    /// Inserts an item that is not present.
    mutating func push(_ item: Int, _ key: Double) { pushOrDecrease(item, key) }

    /// Removes and returns the item with the smallest key.
    mutating func pop() -> (Int, Double) {
        let item = Int(items[0]), key = keys[0]
        let last = items.count - 1
        if last > 0 { swapAt(0, last) }
        items.removeLast()
        keys.removeLast()
        position[item] = -1
        if !items.isEmpty { down(0) }
        return (item, key)
    }

    /// Empties the heap.
    mutating func removeAll() {
        for it in items { position[Int(it)] = -1 }
        items.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
    }
}
