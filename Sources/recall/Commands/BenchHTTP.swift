import ArgumentParser
import Foundation
import HTTP

/// `recall bench http`: how fast a model-server transfer stops — after a cancel, and when the server goes quiet
/// (the idle timeout) — against a loopback server, with a complete small request as the baseline. Tests only
/// assert that these happen within generous deadlines; the figures live here.
struct BenchHTTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "http", abstract: "Model-server transfers: time to stop after a cancel and after the server goes quiet, against one request.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Transfers cancelled (and baseline requests made).") var rounds = 20
    @Option(help: "Transfers left to hit the idle timeout.") var idleRounds = 3
    @Option(help: "The idle timeout to measure, in seconds.") var idle = 0.5

    /// Figures printed (and emitted with --json).
    struct Report: Codable {
        var rounds: Int
        var baselineRequestMedianMs: Double
        var cancelMedianMs: Double
        var cancelP95Ms: Double
        var cancelRatio: Double
        var idleRounds: Int
        var idleConfiguredMs: Double
        var idleFiredMedianMs: Double
        var idleOvershootMedianMs: Double
    }

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1") }
        guard idleRounds >= 1 else { throw ValidationError("--idle-rounds must be at least 1") }
        guard idle > 0 && idle <= 60 else { throw ValidationError("--idle must be between 0 and 60 seconds") }
    }

    func run() throws {
        let server = try BenchLoopbackServer()
        defer { server.stop() }
        let client = CurlHTTPClient()
        var baseline: [Double] = [], cancels: [Double] = [], idles: [Double] = []
        for _ in 0..<rounds {
            baseline.append(try Self.completeRequest(client, server.baseURL + "/short"))
            cancels.append(try Self.cancelAfterThreeLines(client, server.baseURL + "/stream"))
        }
        for _ in 0..<idleRounds { idles.append(try Self.idleTimeout(client, server.baseURL + "/quiet", idle: idle)) }
        let base = Self.median(baseline), cancel = Self.median(cancels), fired = Self.median(idles)
        let report = Report(rounds: rounds, baselineRequestMedianMs: base, cancelMedianMs: cancel, cancelP95Ms: Self.p95(cancels),
                            cancelRatio: cancel / max(base, 0.001), idleRounds: idleRounds, idleConfiguredMs: idle * 1000,
                            idleFiredMedianMs: fired, idleOvershootMedianMs: fired - idle * 1000)
        if global.json { try Output.json(report); return }
        print("recall bench http — libcurl transfers against a loopback server, \(rounds) rounds")
        print(String(format: "  baseline: one complete small request   median %.2f ms", base))
        print(String(format: "  cancel mid-stream → completion         median %.2f ms  p95 %.2f ms  (%.1f× a request)", cancel, report.cancelP95Ms, report.cancelRatio))
        print(String(format: "  idle timeout %.0f ms → fired after      median %.0f ms  (%.0f ms late; libcurl's own low-speed check needs ≥ 8 s)",
                     idle * 1000, fired, report.idleOvershootMedianMs))
    }

    /// Milliseconds for a complete request.
    static func completeRequest(_ client: CurlHTTPClient, _ url: String) throws -> Double {
        let done = DispatchSemaphore(value: 0)
        let outcome = Box()
        let start = DispatchTime.now().uptimeNanoseconds
        client.start(HTTPRequest(url: url), mode: .whole, onEvent: { _ in }, onComplete: { result in
            outcome.set(result, at: DispatchTime.now().uptimeNanoseconds); done.signal()
        })
        guard done.wait(timeout: .now() + 30) == .success else { throw CLIError("bench http: a request to the loopback server did not finish in 30 s") }
        if case .failure(let e) = outcome.result { throw CLIError("bench http: the baseline request failed: \(e)") }
        return Double(outcome.at - start) / 1e6
    }

    /// Milliseconds from cancel to completion of a streaming transfer that has delivered three lines.
    static func cancelAfterThreeLines(_ client: CurlHTTPClient, _ url: String) throws -> Double {
        let three = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        let lines = Counter(), outcome = Box()
        let handle = client.start(HTTPRequest(url: url), mode: .lines, onEvent: { event in
            if case .stream(.line) = event, lines.increment() == 3 { three.signal() }
        }, onComplete: { result in
            outcome.set(result, at: DispatchTime.now().uptimeNanoseconds); done.signal()
        })
        guard three.wait(timeout: .now() + 30) == .success else { handle.cancel(); throw CLIError("bench http: the stream sent no lines in 30 s") }
        let start = DispatchTime.now().uptimeNanoseconds
        handle.cancel()
        guard done.wait(timeout: .now() + 30) == .success else { throw CLIError("bench http: a cancelled transfer did not complete in 30 s") }
        guard case .failure(let e) = outcome.result, e is CancellationError else {
            throw CLIError("bench http: a cancelled transfer ended with \(String(describing: outcome.result)) instead of a cancellation")
        }
        return Double(outcome.at - start) / 1e6
    }

    /// Milliseconds from the last line to the idle-timeout error.
    static func idleTimeout(_ client: CurlHTTPClient, _ url: String, idle: Double) throws -> Double {
        let done = DispatchSemaphore(value: 0)
        let lastLine = Counter(), outcome = Box()
        client.start(HTTPRequest(url: url, timeouts: HTTPTimeouts(connect: 5, firstByte: 30, idle: idle, waitingNotice: 30)), mode: .lines,
                     onEvent: { event in if case .stream(.line) = event { lastLine.set(DispatchTime.now().uptimeNanoseconds) } },
                     onComplete: { result in outcome.set(result, at: DispatchTime.now().uptimeNanoseconds); done.signal() })
        guard done.wait(timeout: .now() + idle + 60) == .success else { throw CLIError("bench http: the idle timeout did not fire within \(idle + 60) s") }
        guard case .failure(let e) = outcome.result, case .idleTimeout? = e as? HTTPError else {
            throw CLIError("bench http: a quiet transfer ended with \(String(describing: outcome.result)) instead of an idle timeout")
        }
        return Double(outcome.at - UInt64(lastLine.value)) / 1e6
    }

    static func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
    static func p95(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[min(s.count - 1, Int(Double(s.count) * 0.95))] }

    /// A counter shared with the transfer thread.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        /// Adds one; returns the new count.
        func increment() -> Int { lock.withLock { n += 1; return n } }
        /// Sets the value.
        func set(_ v: UInt64) { lock.withLock { n = Int(v) } }
        /// The value.
        var value: Int { lock.withLock { n } }
    }

    /// A transfer's result and when it arrived.
    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (Result<Void, any Error>, UInt64)?
        /// Records the result.
        func set(_ r: Result<Void, any Error>, at t: UInt64) { lock.withLock { stored = (r, t) } }
        /// The result, if any.
        var result: Result<Void, any Error>? { lock.withLock { stored?.0 } }
        /// When it arrived (uptime nanoseconds).
        var at: UInt64 { lock.withLock { stored?.1 ?? 0 } }
    }
}
