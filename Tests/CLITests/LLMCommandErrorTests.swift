import Foundation
import TestSupport
import XCTest

/// What `recall chat` / `recall models` say when no server answers or the configuration is wrong.
final class LLMCommandErrorTests: XCTestCase {
    var recall: RecallCLI!

    override func setUpWithError() throws {
        recall = try RecallCLI()
    }

    override func tearDown() {
        recall.cleanUp()
    }

    /// A loopback port with nothing listening (bound, read, released).
    func deadURL() throws -> String { "http://127.0.0.1:\(TestHTTPServer.deadPort())" }

    func testOllamaNotRunningSaysStartIt() throws {
        let url = try deadURL()
        let result = try recall.run(["chat", "hi"], env: ["OLLAMA_HOST": String(url.dropFirst(7))])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("Ollama is not running at \(url.dropFirst(7))"), result.stderr)
        XCTAssertTrue(result.stderr.contains("start it with `ollama serve`"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, "one line: \(result.stderr)")
    }

    func testOpenAIServerNotRunningSaysStartIt() throws {
        let result = try recall.run(["models", "--provider", "openai", "--base-url", try deadURL()])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("no model server answers at"), result.stderr)
        XCTAssertTrue(result.stderr.contains("llama-server"), result.stderr)
    }

    func testDoctorSectionFailsWithFixAndSkipsTheRest() throws {
        let result = try recall.run(["models", "--check", "--base-url", try deadURL()])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stdout.contains("FAIL  model server: Ollama is not running"), result.stdout)
        XCTAssertTrue(result.stdout.contains("→ start it with `ollama serve`"), result.stdout)
        XCTAssertTrue(result.stdout.contains("skip  chat reply"), result.stdout)
    }

    func testBadConfigIsOneLineNamingTheFile() throws {
        try recall.writeConfig("[profiles.x]\napi_key = \"sk-live-123\"\n")
        let result = try recall.run(["models", "--profile", "x"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("config.toml [profiles.x]: API keys are not read from files"), result.stderr)
        XCTAssertFalse(result.stderr.contains("sk-live-123"))
    }

    func testUnknownProviderIsRefused() throws {
        let result = try recall.run(["chat", "hi", "--provider", "bard"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("--provider bard is not a provider — use ollama or openai"), result.stderr)
    }
}
