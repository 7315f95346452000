/// The limits a snippet runs under. Every limit has a default and can be changed per run (`recall run --timeout`,
/// `--memory`) or in `config.toml` (`[run]`).
public struct RunLimits: Codable, Sendable, Equatable {
    /// Wall-clock time before the whole process group is killed, in seconds.
    public var timeoutSeconds: Double
    /// Address-space limit (RLIMIT_AS) in bytes; 0 means none.
    public var memoryBytes: UInt64
    /// CPU-time limit (RLIMIT_CPU) in seconds; 0 means none.
    public var cpuSeconds: UInt64
    /// Output kept (stdout + stderr) in bytes; past it the rest is dropped and the program stopped.
    public var outputBytes: Int

    /// The longest wall-clock or CPU limit accepted, in seconds (a day): a larger number would overflow the
    /// nanosecond deadline arithmetic (`inf` or `1e300` used to trap).
    public static let maximumSeconds: Double = 86_400
    /// The largest memory limit accepted, in MB (1 TiB).
    public static let maximumMemoryMB: UInt64 = 1 << 20
    /// The largest output limit accepted, in KB (1 GiB, all kept in memory).
    public static let maximumOutputKB = 1 << 20

    /// The defaults: 30 s wall clock, 1 GiB address space, 30 s CPU, 1 MiB output.
    public static let defaults = RunLimits(timeoutSeconds: 30, memoryBytes: 1 << 30, cpuSeconds: 30, outputBytes: 1 << 20)

    /// Creates limits.
    public init(timeoutSeconds: Double, memoryBytes: UInt64, cpuSeconds: UInt64, outputBytes: Int) {
        self.timeoutSeconds = timeoutSeconds; self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds; self.outputBytes = outputBytes
    }

    /// The memory limit in plain words ("1 GiB", "200 MB").
    public var memoryText: String { Self.bytesText(memoryBytes) }

    /// The output limit in plain words.
    public var outputText: String { Self.bytesText(UInt64(outputBytes)) }

    /// A byte count in plain words: whole GiB/MiB/KiB when exact, else MB/KB.
    public static func bytesText(_ n: UInt64) -> String {
        if n >= 1 << 30 && n % (1 << 30) == 0 { return "\(n >> 30) GiB" }
        if n >= 1 << 20 && n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
        if n >= 1 << 10 && n % (1 << 10) == 0 { return "\(n >> 10) KiB" }
        if n >= 1_000_000 { return "\(n / 1_000_000) MB" }
        if n >= 1_000 { return "\(n / 1_000) KB" }
        return "\(n) bytes"
    }

    /// Seconds in plain words ("30 s", "0.5 s").
    public static func secondsText(_ s: Double) -> String {
        s == s.rounded() && abs(s) < 1e15 ? "\(Int(s)) s" : "\(s) s"
    }
}
