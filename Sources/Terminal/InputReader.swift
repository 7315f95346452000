import CNcursesw
import Foundation
import TUI

/// What woke the event loop.
public enum LoopWake<Message> {
    /// Decoded keyboard input.
    case input([InputEvent])
    /// Messages from background work.
    case messages([Message])
    /// Signals (SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT).
    case signals([Int32])
    /// A deadline passed (a timer, or the pause that ends a lone ESC).
    case timeout
    /// Standard input closed (the terminal went away).
    case hangup
}

/// Waits in `poll()` on stdin, the mailbox eventfd and the signal pipe; decodes input bytes.
/// No timeout unless a timer is due or an ESC is pending, so an idle app uses no CPU.
public final class EventWaiter<Message: Sendable> {
    private var decoder = InputDecoder()
    private let mailbox: Mailbox<Message>
    private let signals: SignalWatcher
    private var buffer = [UInt8](repeating: 0, count: 65536)
    /// How long a lone ESC waits for the rest of a sequence.
    public var escapeDelayMs: Int32 = 25

    /// Creates a waiter over a mailbox and a signal watcher.
    public init(mailbox: Mailbox<Message>, signals: SignalWatcher) {
        self.mailbox = mailbox
        self.signals = signals
        _ = fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK)
    }

    /// Blocks until something happens or `timeoutMs` passes (-1: no timeout); returns what happened.
    public func wait(timeoutMs: Int32) -> [LoopWake<Message>] {
        var fds = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: mailbox.fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: signals.fd, events: Int16(POLLIN), revents: 0),
        ]
        var timeout = timeoutMs
        if decoder.hasPending { timeout = timeout < 0 ? escapeDelayMs : min(timeout, escapeDelayMs) }
        let n = poll(&fds, 3, timeout)
        var out: [LoopWake<Message>] = []
        if n < 0 { return errno == EINTR ? [] : [.hangup] }
        if n == 0 {
            if decoder.hasPending { out.append(.input(decoder.flushPending())) }
            out.append(.timeout)
            return out
        }
        if fds[2].revents != 0 { out.append(.signals(signals.drain())) }
        if fds[0].revents & Int16(POLLIN) != 0 {
            var events: [InputEvent] = []
            while true {
                let r = read(STDIN_FILENO, &buffer, buffer.count)
                if r > 0 {
                    events += decoder.feed(Array(buffer[0..<r]))
                    if r < buffer.count { break }
                } else if r == 0 {
                    out.append(.hangup)
                    break
                } else {
                    break  // EAGAIN: drained
                }
            }
            if !events.isEmpty { out.append(.input(events)) }
        } else if fds[0].revents & Int16(POLLHUP | POLLERR) != 0 {
            out.append(.hangup)
        }
        if fds[1].revents != 0 { out.append(.messages(mailbox.drain())) }
        return out
    }

    /// True while inside a bracketed paste (so the caller can keep reading before drawing).
    public var isPasting: Bool { decoder.isPasting }
}
