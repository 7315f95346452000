import CNcursesw
import Foundation

// Signal handlers cannot capture context, so the pipe they write to and the terminal settings to restore
// on a crash live in these process-wide variables. They are set once on the main thread before any handler
// is installed and only read (with async-signal-safe calls) afterwards.
nonisolated(unsafe) private var signalPipeWrite: Int32 = -1
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var haveSavedTermios = false

private let restoreSequence: [UInt8] = Array("\u{1B}[?2004l\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n".utf8)

/// Watches SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP and SIGCONT through a self-pipe the main loop polls,
/// and restores the terminal on a crash signal before dying.
public final class SignalWatcher {
    /// The read end of the self-pipe.
    public let fd: Int32

    /// Signals delivered to the loop.
    public static let watched: [Int32] = [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGCONT, SIGQUIT]

    /// Installs the handlers.
    public init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TerminalError.system("pipe failed (errno \(errno))") }
        for f in fds {
            _ = fcntl(f, F_SETFL, fcntl(f, F_GETFL) | O_NONBLOCK)
            _ = fcntl(f, F_SETFD, FD_CLOEXEC)
        }
        fd = fds[0]
        signalPipeWrite = fds[1]
        if tcgetattr(STDIN_FILENO, &savedTermios) == 0 { haveSavedTermios = true }
        for sig in SignalWatcher.watched { SignalWatcher.install(sig, handler: forwardSignal) }
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] { SignalWatcher.install(sig, handler: crashRestore, resetHand: true) }
    }

    /// Restores default dispositions.
    public func uninstall() {
        for sig in SignalWatcher.watched + [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] { signal(sig, SIG_DFL) }
        close(fd)
        close(signalPipeWrite)
        signalPipeWrite = -1
    }

    /// Reads the signals that arrived.
    public func drain() -> [Int32] {
        var buf = [UInt8](repeating: 0, count: 64)
        var out: [Int32] = []
        while true {
            let n = read(fd, &buf, buf.count)
            if n <= 0 { break }
            out += buf[0..<n].map { Int32($0) }
        }
        return out
    }

    /// Stops the process for job control (the caller has already left curses mode).
    ///
    /// SIGSTOP, not SIGTSTP: the kernel discards SIGTSTP for a process in an orphaned process group
    /// (e.g. started by `sh -c` under tmux), and a shell with job control sees either one the same way.
    public static func stopSelf() {
        kill(getpid(), SIGSTOP)
        // Execution continues here after SIGCONT.
    }

    static func install(_ sig: Int32, handler: @convention(c) (Int32) -> Void, resetHand: Bool = false) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART | (resetHand ? Int32(bitPattern: UInt32(SA_RESETHAND)) : 0)
        sigaction(sig, &action, nil)
    }
}

private func forwardSignal(_ sig: Int32) {
    var b = UInt8(truncatingIfNeeded: sig)
    _ = write(signalPipeWrite, &b, 1)
}

private func crashRestore(_ sig: Int32) {
    // Only async-signal-safe calls: put the terminal back, then die of the same signal.
    restoreSequence.withUnsafeBytes { _ = write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    if haveSavedTermios { recall_restore_tty(STDIN_FILENO, &savedTermios) }
    raise(sig)
}
