import Foundation

/// A start-up phase `recall bench startup` times.
enum StartupPhase: String, CaseIterable, Sendable {
    /// `Recall.main` entered: the process is loaded and linked, the Swift runtime is up.
    case main
    /// The app's database is open (schema checked).
    case databaseOpen = "database-open"
    /// Themes and keymaps are loaded.
    case resources
    /// The first frame is on the terminal (before the outline arrives).
    case firstFrame = "first-frame"
    /// The navigator's outline arrived from the store.
    case outlineLoaded = "outline-loaded"
    /// The first frame with the outline is on the terminal: the app is usable.
    case fullFrame = "full-frame"
}

/// Start-up marks for `recall bench startup`: when `RECALL_STARTUP_TRACE` names a file, each phase appends a line
/// `phase milliseconds`, counted from `RECALL_STARTUP_T0_NS` (the CLOCK_MONOTONIC time the bench spawned the
/// process) or, without it, from the first mark. Without the variable nothing is done.
enum StartupTrace {
    /// The trace file and the start time, read once.
    static let target: (path: String, t0: UInt64)? = {
        let env = ProcessInfo.processInfo.environment
        guard let path = env["RECALL_STARTUP_TRACE"], !path.isEmpty else { return nil }
        return (path, env["RECALL_STARTUP_T0_NS"].flatMap { UInt64($0) } ?? monotonicNanos())
    }()

    /// CLOCK_MONOTONIC in nanoseconds (the same clock in every process).
    static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Appends `phase ms` to the trace file (when tracing).
    static func mark(_ phase: StartupPhase) {
        guard let target else { return }
        let ms = Double(Int64(bitPattern: monotonicNanos() &- target.t0)) / 1e6
        let line = "\(phase.rawValue) \(String(format: "%.3f", ms))\n"
        let fd = open(target.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        _ = line.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    /// Reads a trace file's marks (the last value of each phase).
    static func read(_ path: String) -> [StartupPhase: Double] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [StartupPhase: Double] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 2, let phase = StartupPhase(rawValue: String(parts[0])), let ms = Double(parts[1]) { out[phase] = ms }
        }
        return out
    }
}
