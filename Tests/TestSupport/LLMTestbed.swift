// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

/// The real llama-server test bed started by `scripts/llm-testbed start` (its URLs and models come from
/// `scripts/llm-testbed env`).
public struct LLMTestbed: Sendable {
    /// The chat server's base URL.
    public var chatURL: String
    /// The embedding server's base URL.
    public var embedURL: String
    /// The chat model's name.
    public var chatModel: String
    /// The embedding model's name.
    public var embedModel: String

    /// The test bed from the environment; skips the test when absent, fails it when `RECALL_REQUIRE_TESTBED=1`.
    public static func require(file: StaticString = #filePath, line: UInt = #line) throws -> LLMTestbed {
        let env = ProcessInfo.processInfo.environment
        guard let chat = env["RECALL_TESTBED_CHAT_URL"], !chat.isEmpty, let embed = env["RECALL_TESTBED_EMBED_URL"], !embed.isEmpty else {
            let message = "llama-server test bed not running: run `scripts/llm-testbed start` and export `scripts/llm-testbed env`"
            if env["RECALL_REQUIRE_TESTBED"] == "1" {
                XCTFail("RECALL_REQUIRE_TESTBED=1 but " + message, file: file, line: line)
                throw LLMTestbedMissing()
            }
            throw XCTSkip(message)
        }
        return LLMTestbed(chatURL: chat, embedURL: embed, chatModel: env["RECALL_TESTBED_CHAT_MODEL"] ?? "smollm2",
                          embedModel: env["RECALL_TESTBED_EMBED_MODEL"] ?? "smollm2-embed")
    }

    /// Flags that point a command at the test bed through the OpenAI-compatible provider.
    public var flags: [String] {
        ["--provider", "openai", "--base-url", chatURL, "--embed-base-url", embedURL,
         "--model", chatModel, "--embed-model", embedModel, "--num-ctx", "2048"]
    }
}

/// The test bed was required but not found.
public struct LLMTestbedMissing: Error {}
#endif
