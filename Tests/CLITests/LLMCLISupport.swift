import Foundation
import XCTest

/// Runs the built `recall` binary for the model-server command tests, with a private config home and a deadline.
struct LLMRecallRunner {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as a JSON object.
        func json() throws -> [String: Any] {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any], stdout + stderr)
        }
    }

    /// The executable next to the test bundle (or `$RECALL_BIN`).
    static var url: URL {
        if let explicit = ProcessInfo.processInfo.environment["RECALL_BIN"] { return URL(fileURLWithPath: explicit) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("recall")
        }
        return Bundle.main.bundleURL.appendingPathComponent("recall")
    }

    let home: URL

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("recall-llm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("recall"), withIntermediateDirectories: true)
    }

    func writeConfig(_ text: String) throws {
        try text.write(to: home.appendingPathComponent("recall/config.toml"), atomically: true, encoding: .utf8)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: home) }

    /// Runs `recall args…`; killed (and failed) if it outlives `deadline` seconds.
    func run(_ args: [String], env: [String: String] = [:], deadline: Double = 300) throws -> Outcome {
        let process = Process()
        process.executableURL = Self.url
        process.arguments = args
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "HOME": home.path, "XDG_CONFIG_HOME": home.path, "LANG": "C.UTF-8"]
        environment.merge(env) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outBox = LLMDataBox(), errBox = LLMDataBox()
        let group = DispatchGroup()
        for (pipe, box) in [(out, outBox), (err, errBox)] {
            group.enter()
            DispatchQueue.global().async {
                box.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        if group.wait(timeout: .now() + deadline) == .timedOut {
            process.terminate()
            group.wait()
            XCTFail("recall \(args.joined(separator: " ")) did not finish within \(deadline) s")
        }
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: outBox.get(), as: UTF8.self),
                       stderr: String(decoding: errBox.get(), as: UTF8.self))
    }
}

/// Bytes handed from a reader thread to the test.
final class LLMDataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.withLock { data = d } }
    func get() -> Data { lock.withLock { data } }
}

/// The real llama-server test bed started by `scripts/llm-testbed start`.
struct LLMTestbed {
    var chatURL: String
    var embedURL: String
    var chatModel: String
    var embedModel: String

    /// The test bed from the environment; skips the test when absent, fails it when `RECALL_REQUIRE_TESTBED=1`.
    static func require() throws -> LLMTestbed {
        let env = ProcessInfo.processInfo.environment
        guard let chat = env["RECALL_TESTBED_CHAT_URL"], let embed = env["RECALL_TESTBED_EMBED_URL"] else {
            let message = "llama-server test bed not running: run `scripts/llm-testbed start` and export `scripts/llm-testbed env`"
            if env["RECALL_REQUIRE_TESTBED"] == "1" {
                XCTFail("RECALL_REQUIRE_TESTBED=1 but " + message)
                throw LLMTestbedMissing()
            }
            throw XCTSkip(message)
        }
        return LLMTestbed(chatURL: chat, embedURL: embed, chatModel: env["RECALL_TESTBED_CHAT_MODEL"] ?? "smollm2",
                          embedModel: env["RECALL_TESTBED_EMBED_MODEL"] ?? "smollm2-embed")
    }

    /// Flags that point a command at the test bed through the OpenAI-compatible provider.
    var flags: [String] {
        ["--provider", "openai", "--base-url", chatURL, "--embed-base-url", embedURL,
         "--model", chatModel, "--embed-model", embedModel, "--num-ctx", "2048"]
    }
}

/// The test bed was required but not found.
struct LLMTestbedMissing: Error {}
