import CNcursesw
import Foundation

/// Spawns this binary for `recall bench startup` and times it: to the first byte on stdout (CLI), or to the app's
/// StartupTrace marks on a pseudo-terminal.
enum StartupProbe {
    /// A probe that could not run.
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Runs `argv` with stdout on a pipe: ms from spawn to the first byte and to the end, and the trace marks.
    /// A CLI run: ms from spawn to the first byte on stdout and to the exit, the process's CPU time, its marks.
    struct CLIRun { var first: Double; var total: Double; var cpu: Double; var marks: [StartupPhase: StartupTrace.Mark] }

    static func firstOutput(_ argv: [String], env: [String: String], trace: String) throws -> CLIRun {
        unlink(trace)
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "pipe failed: errno \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let devnull = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { close(devnull) }
        let start = StartupTrace.monotonicNanos()
        let pid = try spawn(argv, env: env.merging(["RECALL_STARTUP_TRACE": trace, "RECALL_STARTUP_T0_NS": String(start)]) { $1 },
                            stdin: devnull, stdout: fds[1], stderr: devnull)
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 65536)
        var first: UInt64 = 0
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n > 0 && first == 0 { first = StartupTrace.monotonicNanos() }
            if n <= 0 && !(n < 0 && errno == EINTR) { break }
        }
        close(fds[0])
        var status: Int32 = 0
        var usage = rusage()
        wait4(pid, &status, 0, &usage)
        let end = StartupTrace.monotonicNanos()
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3
        guard status == 0 else { throw Failure(description: "\(argv.dropFirst().joined(separator: " ")) exited with status \(status)") }
        guard first > 0 else { throw Failure(description: "\(argv.dropFirst().joined(separator: " ")) printed nothing") }
        return CLIRun(first: Double(first - start) / 1e6, total: Double(end - start) / 1e6, cpu: cpu, marks: StartupTrace.read(trace))
    }

    /// Runs the app on a new pseudo-terminal of the given size until it marks its first full frame, then stops it
    /// with SIGTERM (the app's quit path); returns its marks (ms from spawn). Fails after 120 s without a full frame.
    static func app(_ argv: [String], env: [String: String], trace: String, width: Int, height: Int) throws -> [StartupPhase: StartupTrace.Mark] {
        unlink(trace)
        var nameBuffer = [CChar](repeating: 0, count: 128)
        let master = recall_open_pty(Int32(height), Int32(width), &nameBuffer, nameBuffer.count)
        guard master >= 0 else { throw Failure(description: "no pseudo-terminal: errno \(errno)") }
        let name = String(decoding: nameBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else { close(master); throw Failure(description: "cannot open \(name): errno \(errno)") }
        // Drain the terminal so the app never blocks writing; ends when the app is gone (EIO).
        let drained = DispatchSemaphore(value: 0)
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 && !(n < 0 && errno == EINTR) { break }
            }
            drained.signal()
        }
        reader.start()
        let start = StartupTrace.monotonicNanos()
        let vars = ["RECALL_STARTUP_TRACE": trace, "RECALL_STARTUP_T0_NS": String(start), "TERM": "xterm-256color",
                    "LINES": String(height), "COLUMNS": String(width)]
        let pid: pid_t
        do { pid = try spawn(argv, env: env.merging(vars) { $1 }, stdin: slave, stdout: slave, stderr: slave) } catch {
            close(slave); close(master); throw error
        }
        close(slave)
        let deadline = start + 120_000_000_000
        var marks: [StartupPhase: StartupTrace.Mark] = [:]
        var status: Int32 = 0
        var exited = false
        while StartupTrace.monotonicNanos() < deadline {
            marks = StartupTrace.read(trace)
            if marks[.fullFrame] != nil { break }
            if waitpid(pid, &status, WNOHANG) == pid { exited = true; break }
            usleep(2000)  // polling a file the child writes; the figures come from the child's own clock reads
        }
        if !exited {
            kill(pid, SIGTERM)
            var waited = 0
            while waitpid(pid, &status, WNOHANG) != pid {
                if waited == 5000 { kill(pid, SIGKILL); waitpid(pid, &status, 0); break }
                usleep(2000); waited += 2
            }
        }
        _ = drained.wait(timeout: .now() + 10)
        close(master)
        guard marks[.fullFrame] != nil else {
            throw Failure(description: "the app showed no full frame (exit status \(status)); marks: \(marks)")
        }
        return marks
    }

    /// posix_spawn with the three standard descriptors replaced.
    static func spawn(_ argv: [String], env: [String: String], stdin: Int32, stdout: Int32, stderr: Int32) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv)
        guard rc == 0 else { throw Failure(description: "cannot start \(argv[0]): error \(rc)") }
        return pid
    }
}
