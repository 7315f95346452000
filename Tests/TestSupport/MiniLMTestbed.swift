// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

/// The real sentence-embedding model of the test bed: all-MiniLM-L6-v2 served as `all-minilm` in the Ollama wire
/// format by `scripts/minilm-server.py` (`scripts/llm-testbed start` or `start minilm`; URL from `env`).
public struct MiniLMTestbed: Sendable {
    /// The server's base URL (Ollama protocol).
    public var url: String
    /// The model name.
    public var model: String

    /// The server from the environment; skips the test when absent, fails it when `RECALL_REQUIRE_TESTBED=1`.
    public static func require(file: StaticString = #filePath, line: UInt = #line) throws -> MiniLMTestbed {
        let env = ProcessInfo.processInfo.environment
        guard let url = env["RECALL_TESTBED_MINILM_URL"], !url.isEmpty else {
            let message = "MiniLM embedding test bed not running: run `scripts/llm-testbed start minilm` and export `scripts/llm-testbed env`"
            if env["RECALL_REQUIRE_TESTBED"] == "1" {
                XCTFail("RECALL_REQUIRE_TESTBED=1 but " + message, file: file, line: line)
                throw LLMTestbedMissing()
            }
            throw XCTSkip(message)
        }
        return MiniLMTestbed(url: url, model: env["RECALL_TESTBED_MINILM_MODEL"] ?? "all-minilm")
    }
}
#endif
