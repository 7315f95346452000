import Foundation
import HTTP
import LLM
import XCTest

/// The OpenAI-compatible provider against a llama-server stand-in.
final class OpenAIProviderTests: XCTestCase {
    var sim: LlamaServerSimulator!

    override func setUpWithError() throws {
        sim = try LlamaServerSimulator()
    }

    override func tearDown() {
        sim.stop()
    }

    func provider(key: String? = nil, suffix: String = "") -> OpenAICompatibleProvider {
        OpenAICompatibleProvider(settings: ProviderSettings(
            baseURL: sim.baseURL + suffix, numCtx: 2048,
            timeouts: HTTPTimeouts(connect: 2, firstByte: 20, idle: 5, waitingNotice: 5),
            retry: RetryPolicy(sleep: { _ in }), apiKey: key, apiKeyEnv: "TEST_KEY_VAR"))
    }

    func testStreamsSSEWithNullFirstDeltaPingsAndDone() async throws {
        for split in [nil, 5] as [Int?] {
            sim.behaviour.splitEvery = split
            let result = try await provider(suffix: "/v1").chatStream(ChatRequest(model: "smollm2", messages: [.user("Why is the sky blue?")])).collect()
            XCTAssertEqual(result.content, OllamaProviderTests.expectedAnswer)
            XCTAssertEqual(result.summary.doneReason, "stop")
            XCTAssertEqual(result.summary.model, "smollm2")
            XCTAssertNotNil(result.summary.promptTokens)
        }
        let body = try XCTUnwrap(sim.requests.last?.json)
        XCTAssertEqual(sim.requests.last?.path, "/v1/chat/completions")
        XCTAssertEqual(body["stream"] as? Bool, true)
        XCTAssertEqual((body["stream_options"] as? [String: Any])?["include_usage"] as? Bool, true)
    }

    func testServerThatIgnoresStreamTrueStillAnswers() async throws {
        sim.behaviour.ignoreStream = true
        let result = try await provider().chatStream(ChatRequest(model: "smollm2", messages: [.user("Why is the sky blue?")])).collect()
        XCTAssertEqual(result.content, OllamaProviderTests.expectedAnswer)
        XCTAssertEqual(result.summary.doneReason, "stop")
    }

    func testStreamWithoutDoneIsTruncation() async throws {
        sim.behaviour.omitDone = true
        do {
            _ = try await provider().chatStream(ChatRequest(model: "smollm2", messages: [.user("q")])).collect()
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .streamTruncated)
        }
    }

    func testDataErrorAndLegacyErrorLinesFailTheAnswer() async throws {
        sim.behaviour.dataErrorAfter = 2
        do {
            _ = try await provider().chatStream(ChatRequest(model: "smollm2", messages: [.user("q")])).collect()
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .streamError(message: "slot crashed"))
        }
        sim.behaviour.dataErrorAfter = nil
        sim.behaviour.legacyErrorAfter = 1
        do {
            _ = try await provider().chatStream(ChatRequest(model: "smollm2", messages: [.user("q")])).collect()
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .streamError(message: "legacy failure"))
        }
    }

    func testContextOverflowIsRefusedAndExplained() async throws {
        let long = String(repeating: "word ", count: 3000)
        do {
            _ = try await provider().chatStream(ChatRequest(model: "smollm2", messages: [.user(long)])).collect()
            XCTFail("expected an error")
        } catch let error as LLMError {
            guard case .contextOverflow(let message) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.contains("exceeds the available context size"))
        }
    }

    func testChatServerRefusesEmbeddingsAndEmbeddingServerRefusesChat() async throws {
        do {
            _ = try await provider().embedBatch(["x"], model: "smollm2")
            XCTFail("expected an error")
        } catch let error as LLMError {
            guard case .notAnEmbeddingModel(_, .openai, _) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(error.description.contains("--embeddings"))
        }
        sim.behaviour.embeddingsMode = true
        do {
            _ = try await provider().chatStream(ChatRequest(model: "smollm2", messages: [.user("q")])).collect()
            XCTFail("expected an error")
        } catch let error as LLMError {
            guard case .notAChatModel(_, .openai, _) = error else { return XCTFail("got \(error)") }
        }
    }

    func testEmbeddingsAreReorderedByIndex() async throws {
        sim.behaviour.embeddingsMode = true
        let vectors = try await provider().embedBatch(["a", "b", "c"], model: "smollm2")
        XCTAssertEqual(vectors, ["a", "b", "c"].map { OllamaSimulator.vector(for: $0, dimension: 576).map(Float.init) })
        let empty = try await Embedder(provider: provider(), model: "smollm2").embed(texts: ["", "x"], kind: .query)
        XCTAssertEqual(empty.count, 2)
    }

    func testAPIKeyIsSentAsBearerAndRefusalNamesTheVariable() async throws {
        sim.behaviour.requiredKey = "s3cret"
        let ok = try await provider(key: "s3cret").listModels()
        XCTAssertEqual(ok.map(\.name), ["smollm2"])
        XCTAssertEqual(ok.first?.contextLength, 8192)
        do {
            _ = try await provider(key: "wrong").listModels()
            XCTFail("expected an error")
        } catch let error as LLMError {
            guard case .unauthorized = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(error.description.contains("$TEST_KEY_VAR"))
            XCTAssertFalse(error.description.contains("wrong"))
        }
    }

    func testModelInfoAndHealth() async throws {
        let info = try await provider().modelInfo("smollm2")
        XCTAssertEqual(info.contextLength, 8192)
        XCTAssertEqual(info.runtimeContextLength, 2048)
        XCTAssertEqual(info.embeddingLength, 576)
        let health = try await provider().health()
        XCTAssertEqual(health.version, "b6999-sim")
    }

    func testStructuredChatSendsResponseFormatSchema() async throws {
        let schema = try JSONValue.parse(#"{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"]}"#)
        let content = try await provider().structuredChat(model: "smollm2", messages: [.user("q")], schema: schema)
        XCTAssertEqual(content, #"{"answer":"text"}"#)
        let format = try XCTUnwrap(sim.requests.last?.json?["response_format"] as? [String: Any])
        XCTAssertEqual(format["type"] as? String, "json_schema")
        XCTAssertNotNil((format["json_schema"] as? [String: Any])?["schema"])
    }

    func testSSELineParsing() {
        XCTAssertNil(SSEProbe.parse(": ping"))
        XCTAssertNil(SSEProbe.parse(""))
        XCTAssertEqual(SSEProbe.parse("data: [DONE]"), "done")
        XCTAssertEqual(SSEProbe.parse("data:{\"a\":1}"), "data {\"a\":1}")
        XCTAssertEqual(SSEProbe.parse("error: {\"message\":\"m\"}"), "error m")
    }
}

/// Reaches the internal SSE parser through its observable behaviour.
enum SSEProbe {
    static func parse(_ text: String) -> String? {
        // The provider ignores comment and blank lines, ends on [DONE], and reports `error:` lines.
        switch SSEParsing.classify(Data(text.utf8)) {
        case .none: return nil
        case .done: return "done"
        case .data(let d): return "data " + String(decoding: d, as: UTF8.self)
        case .error(let m): return "error " + m
        }
    }
}
