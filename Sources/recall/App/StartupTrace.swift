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

    /// This process's CPU time so far (user + system), in nanoseconds.
    static func processCPUNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Appends `phase wall-ms cpu-ms` to the trace file (when tracing): wall time since the start, and the
    /// process's own CPU time (on a loaded machine the wall time also holds the time other processes had the CPU).
    static func mark(_ phase: StartupPhase) {
        guard let target else { return }
        let ms = Double(Int64(bitPattern: monotonicNanos() &- target.t0)) / 1e6
        let cpu = Double(processCPUNanos()) / 1e6
        let line = "\(phase.rawValue) \(String(format: "%.3f", ms)) \(String(format: "%.3f", cpu))\n"
        let fd = open(target.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        _ = line.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    /// One phase's times in milliseconds.
    struct Mark: Sendable { var wall: Double; var cpu: Double }

    /// Reads a trace file's marks (the last of each phase).
    static func read(_ path: String) -> [StartupPhase: Mark] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var out: [StartupPhase: Mark] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 3, let phase = StartupPhase(rawValue: String(parts[0])), let ms = Double(parts[1]), let cpu = Double(parts[2]) {
                out[phase] = Mark(wall: ms, cpu: cpu)
            }
        }
        return out
    }
}
