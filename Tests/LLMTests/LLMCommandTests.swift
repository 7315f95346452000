import Foundation
import TestSupport
import XCTest

/// `recall chat`, `recall models` and the doctor section, run as a person would, against the Ollama simulator.
final class LLMCommandTests: XCTestCase {
    var sim: OllamaSimulator!
    var recall: RecallCLI!

    override func setUpWithError() throws {
        sim = try OllamaSimulator()
        recall = try RecallCLI()
    }

    override func tearDown() {
        sim.stop()
        recall.cleanUp()
    }

    func testChatStreamsThePlainAnswerToStdout() throws {
        let result = try recall.run(["chat", "Why is the sky blue?", "--base-url", sim.baseURL])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, OllamaProviderTests.expectedAnswer + "\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testChatReadsThePromptFromStdinAndPrintsJSON() throws {
        let result = try recall.run(["chat", "--json", "--base-url", sim.baseURL], stdin: "Why is the sky blue?\n")
        XCTAssertEqual(result.status, 0, result.stderr)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["content"] as? String, OllamaProviderTests.expectedAnswer)
        XCTAssertEqual(doc["done_reason"] as? String, "stop")
        XCTAssertNotNil(doc["first_token_seconds"])
    }

    func testChatShowsLoadingWhileTheModelLoads() throws {
        sim.behaviour.loadDelay = 2.2
        let result = try recall.run(["chat", "Why is the sky blue?", "--base-url", sim.baseURL])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "loading model llama3.2…\n")
        XCTAssertEqual(result.stdout, OllamaProviderTests.expectedAnswer + "\n")
    }

    func testMissingModelPrintsThePullCommandAndFails() throws {
        let result = try recall.run(["chat", "hi", "--base-url", sim.baseURL, "--model", "llama9"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("model 'llama9' not found — run `ollama pull llama9`"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testEmbeddingModelAsChatModelIsExplained() throws {
        let result = try recall.run(["chat", "hi", "--base-url", sim.baseURL, "--model", "nomic-embed-text"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("cannot chat"), result.stderr)
    }

    func testTruncatedPromptWarnsOnStderr() throws {
        let long = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 270)
        let result = try recall.run(["chat", long, "--base-url", sim.baseURL, "--num-ctx", "2048"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("warning: the server read only 1024 of about"), result.stderr)
    }

    func testModelsListsAndMarksTheModelsInUse() throws {
        let result = try recall.run(["models", "--base-url", sim.baseURL])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("  NAME"), lines[0])
        XCTAssertTrue(lines.contains { $0.hasPrefix("* llama3.2:latest") && $0.contains("chat") && $0.contains("3.2B") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("* nomic-embed-text:latest") && $0.contains("embed") }, result.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("  qwen3:latest") }, result.stdout)

        let json = try recall.run(["models", "--json", "--base-url", sim.baseURL, "--model", "qwen3"])
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["chat_model"] as? String, "qwen3")
        let models = try XCTUnwrap(doc["models"] as? [[String: Any]])
        XCTAssertEqual(models.first { $0["name"] as? String == "qwen3:latest" }?["current"] as? String, "chat")
    }

    func testDoctorSectionPassesWithTimingsAndSizes() throws {
        let result = try recall.run(["models", "--check", "--base-url", sim.baseURL])
        XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
        XCTAssertTrue(result.stdout.contains("ok    model server: Ollama 0.12.3 answers at \(sim.baseURL)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ok    chat model: llama3.2, trained context 131072"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ok    embed model: nomic-embed-text, trained context 2048, dimension 768"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ok    chat reply: one-token answer"), result.stdout)
        XCTAssertTrue(result.stdout.contains("ok    embed reply: 1 input → 768 dimensions"), result.stdout)
        let chat = try XCTUnwrap(sim.requests.last { $0.path == "/api/chat" }?.json)
        XCTAssertEqual((chat["options"] as? [String: Any])?["num_predict"] as? Int, 1)
    }

    func testDoctorSectionSaysWhatToPull() throws {
        let result = try recall.run(["models", "--check", "--json", "--base-url", sim.baseURL, "--embed-model", "mxbai-embed-large"])
        XCTAssertNotEqual(result.status, 0)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(doc["ok"] as? Bool, false)
        let checks = try XCTUnwrap(doc["checks"] as? [[String: Any]])
        let model = try XCTUnwrap(checks.first { $0["name"] as? String == "embed model" })
        XCTAssertEqual(model["status"] as? String, "fail")
        XCTAssertEqual(model["fix"] as? String, "run `ollama pull mxbai-embed-large`")
        let trip = try XCTUnwrap(checks.first { $0["name"] as? String == "embed reply" })
        XCTAssertEqual(trip["fix"] as? String, "run `ollama pull mxbai-embed-large`")
    }

    func testRecallDoctorIncludesTheModelServerSection() throws {
        let db = recall.path("doctor.db")
        let host = String(sim.baseURL.dropFirst("http://".count))
        let ok = try recall.run(["doctor", "--db", db, "--json"], env: ["OLLAMA_HOST": host])
        XCTAssertEqual(ok.status, 0, ok.stdout + ok.stderr)
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        let checks = try XCTUnwrap(doc["checks"] as? [[String: Any]])
        let names = checks.compactMap { $0["name"] as? String }
        XCTAssertTrue(names.contains("database"), "\(names)")
        for name in ["model server", "chat model", "embed model", "chat reply", "embed reply"] {
            XCTAssertEqual(checks.first { $0["name"] as? String == name }?["ok"] as? Bool, true, name)
        }
        // With the embedding model missing, doctor fails and says what to pull.
        let missing = try recall.run(["doctor", "--db", db], env: ["OLLAMA_HOST": host, "RECALL_EMBED_MODEL": "all-minilm"])
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertTrue(missing.stdout.contains("→ run `ollama pull all-minilm`"), missing.stdout)
    }

    func testProfilesFromConfigThenEnvironmentThenFlag() throws {
        try recall.writeConfig("""
        profile = "fast"
        [profiles.fast]
        provider = "ollama"
        base_url = "\(sim.baseURL)"
        chat_model = "qwen3"
        num_ctx = 3072
        """)
        func lastModel() -> (String?, Int?) {
            let body = sim.requests.last { $0.path == "/api/chat" }?.json
            return (body?["model"] as? String, (body?["options"] as? [String: Any])?["num_ctx"] as? Int)
        }
        XCTAssertEqual(try recall.run(["chat", "hi"]).status, 0)
        XCTAssertEqual(lastModel().0, "qwen3")
        XCTAssertEqual(lastModel().1, 3072)
        XCTAssertEqual(try recall.run(["chat", "hi"], env: ["RECALL_CHAT_MODEL": "llama3.2"]).status, 0)
        XCTAssertEqual(lastModel().0, "llama3.2")
        XCTAssertEqual(try recall.run(["chat", "hi", "--model", "qwen3:latest"], env: ["RECALL_CHAT_MODEL": "llama3.2"]).status, 0)
        XCTAssertEqual(lastModel().0, "qwen3:latest")
        let wrong = try recall.run(["chat", "hi", "--profile", "slow"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("profile 'slow' is not defined"), wrong.stderr)
    }
}

/// `recall models --pull`.
final class LLMPullCommandTests: XCTestCase {
    func testPullShowsProgressAndReportsFailureLines() throws {
        let sim = try OllamaSimulator()
        let recall = try RecallCLI()
        defer { sim.stop(); recall.cleanUp() }
        let ok = try recall.run(["models", "--pull", "all-minilm", "--base-url", sim.baseURL])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertEqual(ok.stdout, "pulled all-minilm\n")
        XCTAssertTrue(ok.stderr.hasPrefix("pulling manifest\npulling dde5aa3fc5ff 0% of 45.9 MB\n"), ok.stderr)
        XCTAssertTrue(ok.stderr.contains("pulling dde5aa3fc5ff 100% of 45.9 MB\n"), ok.stderr)
        XCTAssertTrue(ok.stderr.hasSuffix("success\n"), ok.stderr)
        let bad = try recall.run(["models", "--pull", "nonexistent", "--base-url", sim.baseURL])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("pull model manifest: file does not exist"), bad.stderr)
        let openai = try recall.run(["models", "--pull", "x", "--provider", "openai", "--base-url", sim.baseURL])
        XCTAssertTrue(openai.stderr.contains("pulling a model is not available with the openai provider"), openai.stderr)
    }
}
