import Foundation

/// Cancels a run (or an install) from another thread: the runner sees it within one poll and kills the whole
/// process group.
public final class RunHandle: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false

    /// Creates a handle.
    public init() {}

    /// Asks the run to stop; safe to call more than once and from any thread.
    public func cancel() { lock.withLock { cancelled = true } }

    /// True once `cancel()` was called.
    public var isCancelled: Bool { lock.withLock { cancelled } }
}
