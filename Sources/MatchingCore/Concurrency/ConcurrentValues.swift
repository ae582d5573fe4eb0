import Dispatch

/// `body(0) … body(count − 1)`, computed in parallel on the machine's cores
/// (`DispatchQueue.concurrentPerform`: the calling thread takes part) and
/// returned in index order: the same values as a loop over the indices,
/// whatever the scheduling, so long as each call depends on its index
/// alone. Package-internal: the parallel searches, the pool's row passes and
/// the result files use it.
///
/// - Complexity: the calls' own work, spread over the cores; O(count)
///   memory beside their values.
package func concurrentValues<T: Sendable>(count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    guard count > 0 else { return [] }
    let out = UnsafeMutablePointer<T>.allocate(capacity: count)
    defer { out.deinitialize(count: count); out.deallocate() }
    let shared = DisjointWrites(out)
    DispatchQueue.concurrentPerform(iterations: count) { k in (shared.base + k).initialize(to: body(k)) }
    return Array(UnsafeBufferPointer(start: out, count: count))
}
