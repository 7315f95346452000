import Foundation

/// Which limit (or whom) stopped a run. The raw values are the `killed` field of `recall run --json`.
public enum KillReason: String, Codable, Sendable, Equatable, CaseIterable {
    /// The wall-clock timeout, or the CPU-time limit, ran out.
    case timeout
    /// The program could not get memory under the address-space limit.
    case memory
    /// The program wrote more than the output limit.
    case output
    /// The user cancelled the run.
    case cancelled
}

/// Which stream a piece of output came from.
public enum RunStream: String, Codable, Sendable, Equatable {
    /// Standard output.
    case stdout
    /// Standard error.
    case stderr
}

/// One piece of output in the order it arrived, so the output view can interleave stdout and stderr.
public struct OutputChunk: Codable, Sendable, Equatable {
    /// The stream it came from.
    public var stream: RunStream
    /// The text (UTF-8, decoded; escape sequences kept as they are, shown safely later).
    public var text: String

    /// Creates a chunk.
    public init(stream: RunStream, text: String) { self.stream = stream; self.text = text }
}

/// How a finished run ended: exit code, output, time and the limit that stopped it (if any).
public struct RunOutcome: Codable, Sendable, Equatable {
    /// The program's exit status; 128 + signal number when a signal ended it.
    public var exitCode: Int32
    /// Everything in arrival order (capped).
    public var transcript: [OutputChunk]
    /// Wall-clock duration in milliseconds.
    public var durationMs: Int
    /// The limit that stopped it, or nil when it ended by itself.
    public var killed: KillReason?
    /// True when output past the limit was dropped.
    public var truncated: Bool
    /// The limits it ran under.
    public var limits: RunLimits
    /// The signal that ended the program, if one did.
    public var signal: Int32?

    /// Creates an outcome.
    public init(exitCode: Int32, transcript: [OutputChunk], durationMs: Int, killed: KillReason?, truncated: Bool,
                limits: RunLimits, signal: Int32? = nil) {
        self.exitCode = exitCode; self.transcript = transcript; self.durationMs = durationMs
        self.killed = killed; self.truncated = truncated; self.limits = limits; self.signal = signal
    }

    /// All of one stream's text.
    public func text(of stream: RunStream) -> String {
        transcript.lazy.filter { $0.stream == stream }.map(\.text).joined()
    }

    /// SIGXCPU: the signal the CPU-time limit sends (Linux).
    public static let cpuLimitSignal: Int32 = 24

    /// The one-line verdict: "exit 0 in 12 ms", or which limit stopped it in plain words.
    public var summary: String {
        let time = durationMs < 1000 ? "\(durationMs) ms" : String(format: "%.1f s", Double(durationMs) / 1000)
        switch killed {
        case nil:
            if let signal { return "ended by signal \(signal) after \(time)" }
            return "exit \(exitCode) in \(time)"
        case .timeout?:
            if signal == Self.cpuLimitSignal {
                return "stopped: it used its \(limits.cpuSeconds) s of CPU time (raise it with `[run] cpu_seconds`)"
            }
            return "stopped: it ran past the \(RunLimits.secondsText(limits.timeoutSeconds)) time limit (raise it with --timeout)"
        case .memory?:
            return "stopped: it ran out of memory under the \(limits.memoryText) limit (raise it with --memory)"
        case .output?:
            return "stopped: it wrote more than \(limits.outputText) of output; the rest was dropped"
        case .cancelled?:
            return "cancelled after \(time)"
        }
    }
}
