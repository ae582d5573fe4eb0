import Foundation

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
public func runOnDedicatedThread<T: Sendable>(stackSize: Int = 16 << 20, _ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.stackSize = stackSize
        thread.start()
    }
}
