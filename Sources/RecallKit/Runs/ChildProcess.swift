import CSpawn
import Execution
import Foundation

/// One child process in its own process group, watched until it ends: output read as it comes (capped), the
/// wall-clock deadline and cancellation enforced by killing the whole group, which is also killed when the
/// program itself ends (so nothing it started in the background lives on or holds the pipes open).
/// Public for `recall bench run`, which times the interpreter started through it without the runner's work.
public struct ChildProcess: Sendable {
    /// The program's full path.
    public var executable: String
    /// Its argv (argv[0] included).
    public var argv: [String]
    /// Its whole environment.
    public var environment: [String: String]
    /// Its working directory.
    public var directory: String
    /// Address space in bytes (0 = none).
    public var addressSpace: UInt64
    /// CPU seconds (0 = none).
    public var cpuSeconds: UInt64
    /// Wall clock before the group is killed.
    public var timeout: Double
    /// Output kept; past it the group is killed.
    public var outputCap: Int

    /// Describes a child to start.
    public init(executable: String, argv: [String], environment: [String: String], directory: String,
                addressSpace: UInt64, cpuSeconds: UInt64, timeout: Double, outputCap: Int) {
        self.executable = executable; self.argv = argv; self.environment = environment; self.directory = directory
        self.addressSpace = addressSpace; self.cpuSeconds = cpuSeconds; self.timeout = timeout; self.outputCap = outputCap
    }

    /// How the child ended.
    public struct Result: Sendable {
        /// Exit status, or 128 + signal.
        public var status: Int32
        /// The signal that ended it, if any.
        public var signal: Int32?
        /// The limit that stopped it, if any.
        public var killed: KillReason?
        /// True when output past the cap was dropped.
        public var truncated: Bool
        /// Output in arrival order.
        public var transcript: [OutputChunk]
        /// Wall-clock seconds.
        public var duration: Double
    }

    /// Starts the child and watches it until it ends; `onOutput` gets each decoded piece as it arrives.
    /// Throws `RunError.cannotStart` when fork/exec failed.
    public func run(handle: RunHandle, onOutput: (OutputChunk) -> Void) throws -> Result {
        let start = DispatchTime.now().uptimeNanoseconds
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        let e1 = recall_pipe_cloexec(&outPipe)
        guard e1 == 0 else { throw RunError.cannotStart(executable, String(cString: strerror(e1))) }
        let e2 = recall_pipe_cloexec(&errPipe)
        guard e2 == 0 else {
            close(outPipe[0]); close(outPipe[1])
            throw RunError.cannotStart(executable, String(cString: strerror(e2)))
        }
        var limits = recall_spawn_limits(address_space_bytes: addressSpace, cpu_seconds: cpuSeconds, file_size_bytes: 0)
        var pid: pid_t = 0
        // Every process of this run carries a mark, so one that leaves the process group is still found and killed.
        let runID = UUID().uuidString
        var markedEnvironment = environment
        markedEnvironment[RunReaper.variable] = runID
        let envList = markedEnvironment.map { "\($0.key)=\($0.value)" }.sorted()
        let rc = withCStrings(argv) { cArgv in
            withCStrings(envList) { cEnv in
                recall_spawn(executable, cArgv, cEnv, directory, &limits, outPipe[1], errPipe[1], &pid)
            }
        }
        close(outPipe[1]); close(errPipe[1])
        guard rc == 0 else {
            close(outPipe[0]); close(errPipe[0])
            throw RunError.cannotStart(executable, String(cString: strerror(rc)))
        }
        var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0), pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
        var open = [true, true]
        var decoders = [StreamDecoder(), StreamDecoder()]
        let streams: [RunStream] = [.stdout, .stderr]
        var transcript: [OutputChunk] = []
        var kept = 0
        var truncated = false
        var killed: KillReason?
        var exitStatus: Int32?
        var drainDeadline: UInt64?
        let deadline = start + UInt64(min(max(0, timeout), RunLimits.maximumSeconds) * 1e9)   // NaN → 0, inf → a day
        var buffer = [UInt8](repeating: 0, count: 65536)

        func emit(_ text: String, _ i: Int) {
            guard !text.isEmpty else { return }
            let chunk = OutputChunk(stream: streams[i], text: text)
            if let last = transcript.last, last.stream == chunk.stream { transcript[transcript.count - 1].text += text }
            else { transcript.append(chunk) }
            onOutput(chunk)
        }
        func killGroup() { kill(-pid, SIGKILL); RunReaper.killMarked(id: runID) }

        while open[0] || open[1] {
            let now = DispatchTime.now().uptimeNanoseconds
            if killed == nil && exitStatus == nil {
                if handle.isCancelled { killed = .cancelled; killGroup() }
                else if now >= deadline { killed = .timeout; killGroup() }
            }
            if exitStatus == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    exitStatus = status
                    killGroup()   // whatever it left running in the background
                    drainDeadline = now + 1_000_000_000
                }
            }
            if let d = drainDeadline, now >= d { break }
            let untilDeadline = deadline > now ? Int32(min(100, (deadline - now) / 1_000_000 + 1)) : 100
            for i in 0..<2 { fds[i].fd = open[i] ? (i == 0 ? outPipe[0] : errPipe[0]) : -1; fds[i].revents = 0 }
            let ready = poll(&fds, 2, untilDeadline)
            if ready < 0 && errno != EINTR { break }
            for i in 0..<2 where open[i] && fds[i].revents != 0 {
                let n = read(fds[i].fd, &buffer, buffer.count)
                if n <= 0 {
                    if n < 0 && (errno == EINTR || errno == EAGAIN) { continue }
                    open[i] = false
                    emit(decoders[i].finish(), i)
                    continue
                }
                var take = n
                if kept + n > outputCap {
                    take = max(0, outputCap - kept)
                    if !truncated {
                        truncated = true
                        if killed == nil && exitStatus == nil { killed = .output; killGroup() }
                    }
                }
                kept += take
                if take > 0 { emit(decoders[i].feed(buffer[0..<take]), i) }
            }
        }
        close(outPipe[0]); close(errPipe[0])
        var status: Int32 = exitStatus ?? 0
        if exitStatus == nil {
            killGroup()
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        let duration = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        var code: Int32
        var signal: Int32?
        if status & 0x7F == 0 { code = (status >> 8) & 0xFF } else { signal = status & 0x7F; code = 128 + (status & 0x7F) }
        if killed == nil, let s = signal, s == SIGXCPU || (s == SIGKILL && cpuSeconds > 0 && duration + 0.5 >= Double(cpuSeconds)) {
            killed = .timeout
            signal = Execution.RunOutcome.cpuLimitSignal
            code = 128 + SIGXCPU
        }
        return Result(status: code, signal: signal, killed: killed, truncated: truncated, transcript: transcript, duration: duration)
    }
}

/// Calls `body` with a NULL-terminated C array of the strings (valid only during the call).
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for p in pointers { free(p) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
