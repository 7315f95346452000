import Foundation
import TestSupport
import XCTest

/// `recall chat`, `recall models` and the doctor section against a real llama-server (SmolLM2-135M) through the
/// OpenAI-compatible provider. Needs `scripts/llm-testbed start`; skipped otherwise, failed under RECALL_REQUIRE_TESTBED=1.
final class LLMTestbedCommandTests: XCTestCase {
    var recall: RecallCLI!

    override func setUpWithError() throws {
        recall = try RecallCLI()
    }

    override func tearDown() {
        recall.cleanUp()
    }

    func testChatStreamsARealAnswer() throws {
        let bed = try LLMTestbed.require()
        let result = try recall.run(["chat", "What is the capital of France? Answer in one sentence.", "--max-tokens", "24"] + bed.flags)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        XCTAssertFalse(result.stderr.contains("Error"), result.stderr)
    }

    func testChatJSONReportsTheServersFigures() throws {
        let bed = try LLMTestbed.require()
        let result = try recall.run(["chat", "--json", "Name one colour.", "--max-tokens", "8", "--temperature", "0"] + bed.flags)
        XCTAssertEqual(result.status, 0, result.stderr)
        let doc = try result.object()
        XCTAssertEqual(doc["model"] as? String, bed.chatModel)
        XCTAssertGreaterThan(doc["prompt_tokens"] as? Int ?? 0, 5)
        XCTAssertLessThanOrEqual(doc["output_tokens"] as? Int ?? 99, 8)
        XCTAssertTrue(["stop", "length"].contains(doc["done_reason"] as? String ?? ""), "\(doc)")
        XCTAssertFalse((doc["content"] as? String ?? "").isEmpty)
    }

    func testPromptLongerThanTheServersContextIsRefusedWithAFix() throws {
        let bed = try LLMTestbed.require()
        let long = String(repeating: "Rayleigh scattering of sunlight in the atmosphere. ", count: 400)
        let result = try recall.run(["chat", long, "--max-tokens", "4"] + bed.flags)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("the prompt is longer than the model's context"), result.stderr)
        XCTAssertTrue(result.stderr.contains("raise num_ctx or send less text"), result.stderr)
    }

    func testModelsListsBothServers() throws {
        let bed = try LLMTestbed.require()
        let result = try recall.run(["models", "--json"] + bed.flags)
        XCTAssertEqual(result.status, 0, result.stderr)
        let models = try XCTUnwrap(try result.object()["models"] as? [[String: Any]])
        let chat = try XCTUnwrap(models.first { $0["kind"] as? String == "chat" })
        let embed = try XCTUnwrap(models.first { $0["kind"] as? String == "embed" })
        XCTAssertEqual(chat["name"] as? String, bed.chatModel)
        XCTAssertEqual(chat["current"] as? String, "chat")
        XCTAssertEqual(embed["name"] as? String, bed.embedModel)
        XCTAssertEqual(embed["embedding_length"] as? Int, 576)
    }

    func testDoctorSectionPassesEndToEnd() throws {
        let bed = try LLMTestbed.require()
        let result = try recall.run(["models", "--check", "--json"] + bed.flags)
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        let doc = try result.object()
        XCTAssertEqual(doc["ok"] as? Bool, true)
        let checks = try XCTUnwrap(doc["checks"] as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: checks.map { ($0["name"] as! String, $0) })
        XCTAssertEqual(byName["chat reply"]?["status"] as? String, "pass", "\(checks)")
        XCTAssertEqual(byName["embed reply"]?["status"] as? String, "pass", "\(checks)")
        XCTAssertEqual(byName["embed reply"]?["detail"] as? String, "1 input → 576 dimensions")
        XCTAssertNotNil(byName["chat reply"]?["seconds"] as? Double)
        XCTAssertTrue((byName["chat model"]?["detail"] as? String ?? "").contains("server context 2048"), "\(checks)")
    }

    func testDoctorSectionNamesAServerStartedWithoutEmbeddings() throws {
        let bed = try LLMTestbed.require()
        // Pointing embeddings at the chat server (started without --embeddings) must fail with the fix.
        var flags = bed.flags
        flags[flags.firstIndex(of: "--embed-base-url")! + 1] = bed.chatURL
        let result = try recall.run(["models", "--check", "--json"] + flags)
        XCTAssertNotEqual(result.status, 0)
        let checks = try XCTUnwrap(try result.object()["checks"] as? [[String: Any]])
        let trip = try XCTUnwrap(checks.first { $0["name"] as? String == "embed reply" })
        XCTAssertEqual(trip["status"] as? String, "fail")
        XCTAssertTrue((trip["fix"] as? String ?? "").contains("--embeddings"), "\(trip)")
    }
}
