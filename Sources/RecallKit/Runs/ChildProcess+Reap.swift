import Foundation

/// Finds what a run started that left its process group (`setsid`, a double fork, `setpgid`): every process started
/// for a run carries `RECALL_RUN_ID=<uuid>` in its environment, which its descendants inherit whatever group or
/// session they move to, so the run's end can kill them all by that mark.
enum RunReaper {
    /// The environment variable that marks a run's processes.
    static let variable = "RECALL_RUN_ID"

    /// SIGKILLs every process of this user whose starting environment holds `variable=id`, in passes until none is
    /// left (a process forking between a scan and its kill is found by the next pass). Returns how many were killed.
    @discardableResult
    static func killMarked(id: String, passes: Int = 8) -> Int {
        let mark = Array("\(variable)=\(id)".utf8)
        var killed = 0
        let me = getpid()
        for _ in 0..<passes {
            var found: [pid_t] = []
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return killed }
            for name in names {
                guard let pid = pid_t(name), pid != me, let env = readEnviron(pid), holds(env, mark) else { continue }
                found.append(pid)
            }
            if found.isEmpty { break }
            for pid in found where kill(pid, SIGKILL) == 0 { killed += 1 }
        }
        return killed
    }

    /// True when the NUL-separated `environ` bytes hold exactly `mark` as one entry.
    static func holds(_ environ: [UInt8], _ mark: [UInt8]) -> Bool {
        var start = 0
        while start < environ.count {
            var end = start
            while end < environ.count, environ[end] != 0 { end += 1 }
            if end - start == mark.count, environ[start..<end].elementsEqual(mark) { return true }
            start = end + 1
        }
        return false
    }

    /// `/proc/PID/environ` (readable only for this user's processes), or nil.
    static func readEnviron(_ pid: pid_t) -> [UInt8]? {
        let fd = open("/proc/\(pid)/environ", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while out.count < 1 << 20 {
            let n = read(fd, &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }
}
