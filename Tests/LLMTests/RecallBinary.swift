import Foundation
import XCTest

/// Runs the built `recall` executable like a script would, with a clean environment and a deadline.
struct RecallBinary {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The executable next to the test bundle (or `$RECALL_BIN`).
    static var url: URL {
        if let explicit = ProcessInfo.processInfo.environment["RECALL_BIN"] { return URL(fileURLWithPath: explicit) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("recall")
        }
        return Bundle.main.bundleURL.appendingPathComponent("recall")
    }

    /// A private, empty config home so the developer's own config.toml never leaks into a test.
    let configHome: URL

    init() throws {
        configHome = FileManager.default.temporaryDirectory.appendingPathComponent("recall-llm-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: configHome.appendingPathComponent("recall"), withIntermediateDirectories: true)
    }

    func writeConfig(_ text: String) throws {
        try text.write(to: configHome.appendingPathComponent("recall/config.toml"), atomically: true, encoding: .utf8)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: configHome) }

    /// Runs `recall args…`; the process is killed if it outlives `deadline` seconds.
    func run(_ args: [String], env: [String: String] = [:], stdin: String? = nil, deadline: Double = 60) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = args
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "HOME": configHome.path, "XDG_CONFIG_HOME": configHome.path, "LANG": "C.UTF-8"]
        environment.merge(env) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        let outData = LockedData(), errData = LockedData()
        let group = DispatchGroup()
        for (pipe, sink) in [(out, outData), (err, errData)] {
            group.enter()
            DispatchQueue.global().async {
                sink.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        if group.wait(timeout: .now() + deadline) == .timedOut {
            process.terminate()
            group.wait()
            XCTFail("recall \(args.joined(separator: " ")) did not finish within \(deadline) s")
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
                       stderr: String(decoding: errData.get(), as: UTF8.self))
    }
}

/// Bytes shared between a reader thread and the test.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.withLock { data = d } }
    func get() -> Data { lock.withLock { data } }
}
