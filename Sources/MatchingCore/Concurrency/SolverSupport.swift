import Foundation
import Synchronization

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

extension ContinuousClock.Instant {
    /// Seconds from this instant until now.
    public var secondsElapsed: Double { duration(to: .now).inSeconds }
}

/// Runs a long, synchronous piece of solver work on a thread of its own and
/// resumes with its value, so that it does not hold a thread of Swift's
/// cooperative pool. Solvers call it once per solve; the work itself should
/// poll a stop flag for cancellation.
///
/// The work, and what it captures, is let go before the caller resumes (the
/// thread itself ends later): a caller that rewrites a captured array in
/// place afterwards — a sweep's scores, one matrix per lane — finds it its
/// own again instead of copying it.
public func runOnDedicatedThread<T: Sendable>(stackSize: Int = 16 << 20, _ body: @escaping @Sendable () -> T) async -> T {
    let job = _DedicatedJob(body)
    return await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: job.run()) }
        thread.stackSize = stackSize
        thread.start()
    }
}

/// The work of ``runOnDedicatedThread(stackSize:_:)``, run once and dropped.
private final class _DedicatedJob<T>: Sendable {
    private let body: Mutex<(@Sendable () -> T)?>

    init(_ body: @escaping @Sendable () -> T) { self.body = Mutex(body) }

    /// Runs the work; it is released before this returns.
    func run() -> T {
        let work = body.withLock { held in
            let taken = held
            held = nil
            return taken
        }
        return work!()
    }
}

/// A raw pointer shared by the threads of one parallel pass, each of which
/// writes its own disjoint part (a block of rows, say). The caller keeps the
/// memory alive for the pass and keeps the parts disjoint; that is what makes
/// the unchecked `Sendable` sound. Package-internal: not part of the public API.
package struct DisjointWrites<T>: @unchecked Sendable {
    /// The start of the memory.
    package let base: UnsafeMutablePointer<T>
    /// Shares `base` for one pass.
    package init(_ base: UnsafeMutablePointer<T>) { self.base = base }
}
