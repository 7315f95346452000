import CNcursesw
import Foundation

/// A lock-protected queue of messages plus an eventfd the main loop polls: background work posts
/// here and the main thread wakes up (no polling timer, zero CPU when idle).
public final class Mailbox<Message: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Message] = []
    /// The eventfd the main loop waits on.
    public let fd: Int32

    /// Creates a mailbox; fails if the kernel gives no eventfd.
    public init() throws {
        fd = recall_eventfd()
        guard fd >= 0 else { throw TerminalError.system("eventfd failed (errno \(errno))") }
    }

    deinit { close(fd) }

    /// Posts a message from any thread and wakes the main loop.
    public func post(_ m: Message) {
        lock.lock()
        items.append(m)
        lock.unlock()
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { write(fd, $0.baseAddress, 8) }
    }

    /// Takes every waiting message (main thread).
    public func drain() -> [Message] {
        var counter: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &counter) { read(fd, $0.baseAddress, 8) }
        lock.lock()
        defer { lock.unlock() }
        let out = items
        items.removeAll(keepingCapacity: true)
        return out
    }
}

/// A terminal failure, with a one-line explanation.
public enum TerminalError: Error, CustomStringConvertible {
    /// Standard input or output is not a terminal.
    case notATTY
    /// TERM is unset or names a terminal that cannot run a full-screen app.
    case unsupportedTerminal(String)
    /// A system call failed.
    case system(String)

    /// What happened and what to do.
    public var description: String {
        switch self {
        case .notATTY:
            return "recall's full-screen app needs a terminal, but stdin/stdout is not a TTY — run it in a terminal, or use commands such as `recall list` and `recall show ID` in scripts"
        case .unsupportedTerminal(let t):
            return t.isEmpty
                ? "TERM is not set, so recall cannot drive the screen — set it (e.g. export TERM=xterm-256color) or use commands such as `recall list`"
                : "TERM=\(t) cannot run a full-screen app — use a terminal such as xterm-256color, or commands such as `recall list`"
        case .system(let m): return m
        }
    }
}
