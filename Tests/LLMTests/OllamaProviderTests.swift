import Foundation
import HTTP
import LLM
import XCTest
import TestSupport

/// The Ollama provider against the protocol-faithful simulator.
final class OllamaProviderTests: XCTestCase {
    var sim: OllamaSimulator!

    override func setUpWithError() throws {
        sim = try OllamaSimulator()
    }

    override func tearDown() {
        sim.stop()
    }

    func provider(numCtx: Int = 4096, timeouts: HTTPTimeouts = HTTPTimeouts(connect: 2, firstByte: 20, idle: 5, waitingNotice: 5),
                  retry: RetryPolicy = RetryPolicy(sleep: { _ in })) -> OllamaProvider {
        OllamaProvider(settings: ProviderSettings(baseURL: sim.baseURL, numCtx: numCtx, timeouts: timeouts, retry: retry))
    }

    static let expectedAnswer = "You asked about Why is the sky blue?. Rayleigh scattering makes the sky blue: 日本 café → done."

    func ask(_ p: OllamaProvider, _ question: String = "Why is the sky blue?", model: String = "llama3.2") async throws -> ChatResult {
        try await p.chatStream(ChatRequest(model: model, messages: [.user(question)])).collect()
    }

    // MARK: streaming and framing

    func testStreamsTheWholeAnswerForEveryFraming() async throws {
        for framing in [OllamaSimulator.Framing.perLine, .split(every: 7), .split(every: 1), .coalesced] {
            // Given the daemon cuts its NDJSON writes this way
            sim.behaviour.framing = framing
            // Byte-by-byte writes go out back to back (each is still its own chunk frame and send()).
            if case .split(every: 1) = framing { sim.behaviour.tokenDelay = 0 }
            // When a question is streamed
            let result = try await ask(provider())
            // Then the answer is complete, including the content on the done line, with its metrics
            XCTAssertEqual(result.content, Self.expectedAnswer, "framing \(framing)")
            XCTAssertEqual(result.summary.doneReason, "stop")
            XCTAssertNotNil(result.summary.promptTokens)
            XCTAssertNotNil(result.summary.createdAt, "created_at not parsed for \(framing)")
            XCTAssertEqual(result.warnings, [])
        }
    }

    func testRequestSendsNumCtxThinkFalseKeepAliveAndStream() async throws {
        _ = try await ask(provider(numCtx: 8192))
        let body = try XCTUnwrap(sim.requests.last?.json)
        XCTAssertEqual(sim.requests.last?.path, "/api/chat")
        XCTAssertEqual((body["options"] as? [String: Any])?["num_ctx"] as? Int, 8192)
        XCTAssertEqual(body["think"] as? Bool, false)
        XCTAssertEqual(body["stream"] as? Bool, true)
        XCTAssertEqual(body["keep_alive"] as? String, "10m")
        XCTAssertNil(body["format"])
    }

    func testNumCtxStaysConstantAcrossRequestsToOneModel() async throws {
        let p = provider(numCtx: 6144)
        _ = try await ask(p, "one")
        _ = try await ask(p, "two")
        _ = try await p.chat(ChatRequest(model: "llama3.2", messages: [.user("three")]))
        let sent = sim.requests.filter { $0.path == "/api/chat" }.compactMap { ($0.json?["options"] as? [String: Any])?["num_ctx"] as? Int }
        XCTAssertEqual(sent, [6144, 6144, 6144])
    }

    func testNonStreamingChatReturnsTheConcatenatedAnswer() async throws {
        let result = try await provider().chat(ChatRequest(model: "llama3.2", messages: [.user("Why is the sky blue?")]))
        XCTAssertEqual(result.content, Self.expectedAnswer)
        XCTAssertEqual(sim.requests.last?.json?["stream"] as? Bool, false)
        XCTAssertEqual(result.summary.outputTokens, OllamaSimulator.tokens(Self.expectedAnswer).count)
    }

    func testThinkingModelStreamsThinkingSeparatelyOnlyWhenAsked() async throws {
        let p = provider()
        let quiet = try await p.chatStream(ChatRequest(model: "qwen3", messages: [.user("hi")])).collect()
        XCTAssertEqual(quiet.thinking, "")
        let thoughtful = try await p.chatStream(ChatRequest(model: "qwen3", messages: [.user("hi")], think: true)).collect()
        XCTAssertEqual(thoughtful.thinking, "Let me think.")
        XCTAssertTrue(thoughtful.content.hasPrefix("You asked about hi."))
    }

    func testThinkOnANonThinkingModelIsA400WithTheServerMessage() async throws {
        do {
            _ = try await provider().chatStream(ChatRequest(model: "llama3.2", messages: [.user("hi")], think: true)).collect()
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .http(status: 400, message: "\"llama3.2\" does not support thinking"))
        }
    }

    // MARK: failures

    func testDaemonNotRunningSaysHowToStartIt() async throws {
        let p = OllamaProvider(settings: ProviderSettings(baseURL: "http://127.0.0.1:\(TestHTTPServer.deadPort())"))
        do {
            _ = try await ask(p)
            XCTFail("expected an error")
        } catch let error as LLMError {
            guard case .serverUnreachable(.ollama, _, _) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(error.description.contains("start it with `ollama serve`"), error.description)
        }
    }

    func testUnknownModelIs404WithTheExactPullCommand() async throws {
        do {
            _ = try await ask(provider(), model: "llama9")
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .modelNotFound(model: "llama9", provider: .ollama))
            XCTAssertTrue(error.description.contains("run `ollama pull llama9`"), error.description)
        }
    }

    func testEmbeddingModelUsedForChatIsNamedAsSuch() async throws {
        do {
            _ = try await ask(provider(), model: "nomic-embed-text")
            XCTFail("expected an error")
        } catch let error as LLMError {
            guard case .notAChatModel("nomic-embed-text", .ollama, let message) = error else { return XCTFail("got \(error)") }
            XCTAssertEqual(message, "\"nomic-embed-text\" does not support chat")
            XCTAssertTrue(error.description.contains("--model"))
        }
    }

    func testChatModelUsedForEmbeddingsIsNamedAsSuch() async throws {
        do {
            _ = try await provider().embedBatch(["x"], model: "llama3.2")
            XCTFail("expected an error")
        } catch let error as LLMError {
            guard case .notAnEmbeddingModel("llama3.2", .ollama, _) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(error.description.contains("ollama pull nomic-embed-text"), error.description)
        }
    }

    func testErrorLineInTheMiddleOfA200StreamFailsTheAnswer() async throws {
        sim.behaviour.midStreamErrorAfter = 3
        var tokens: [String] = []
        do {
            for try await event in provider().chatStream(ChatRequest(model: "llama3.2", messages: [.user("q")])) {
                if case .token(let t) = event { tokens.append(t) }
            }
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .streamError(message: "an error was encountered while running the model"))
        }
        XCTAssertEqual(tokens.count, 3, "tokens before the error are delivered")
    }

    func testStreamEndingWithoutDoneIsTruncation() async throws {
        sim.behaviour.omitDone = true
        do {
            _ = try await ask(provider())
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .streamTruncated)
        }
    }

    func testInvalidUTF8BytesAreReplacedNotFatal() async throws {
        sim.behaviour.invalidUTF8 = true
        let result = try await ask(provider())
        XCTAssertTrue(result.content.contains("a\u{FFFD}\u{FFFD}b"), result.content)
        XCTAssertTrue(result.content.hasSuffix("café → done."))
    }

    func testPromptLongerThanNumCtxIsDetectedFromPromptEvalCount() async throws {
        // Given a prompt of ~3000 tokens and num_ctx 2048 (Ollama cuts it silently and answers 200)
        let long = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 270)
        let result = try await ask(provider(numCtx: 2048), long)
        // Then the answer arrives with a truncation warning computed from prompt_eval_count
        let truncated = result.warnings.contains { if case .contextTruncated(_, 1024, 2048) = $0 { return true } else { return false } }
        XCTAssertTrue(truncated, "warnings: \(result.warnings)")
        XCTAssertTrue(result.warnings.contains { if case .promptExceedsContext = $0 { return true } else { return false } })
        // And a prompt that fits raises no warning
        let fits = try await ask(provider(numCtx: 8192), long)
        XCTAssertEqual(fits.warnings, [])
    }

    func testSlowModelLoadShowsLoadingAndIsNoFalseTimeout() async throws {
        // Given the model takes 1.5 s to load and the idle timeout is only 0.5 s
        sim.behaviour.loadDelay = 1.5
        let p = provider(timeouts: HTTPTimeouts(connect: 2, firstByte: 30, idle: 0.5, waitingNotice: 0.3))
        var events: [ChatEvent] = []
        for try await event in p.chatStream(ChatRequest(model: "llama3.2", messages: [.user("Why is the sky blue?")])) {
            events.append(event)
        }
        // Then a loading event comes first, and the full answer follows
        XCTAssertEqual(events.first, .loading)
        let text = events.compactMap { if case .token(let t) = $0 { return t } else { return nil } }.joined()
        XCTAssertEqual(text, Self.expectedAnswer)
        guard case .done(let summary) = events.last else { return XCTFail("no done") }
        XCTAssertGreaterThanOrEqual(summary.loadSeconds ?? 0, 1.5)
    }

    func testBusyServerIsRetriedWithBackoff() async throws {
        sim.behaviour.busyResponses = 2
        let delays = LockedBox<[Double]>()
        delays.set([])
        let retry = RetryPolicy(maxAttempts: 4, baseDelay: 0.25, maxDelay: 8, sleep: { d in delays.set((delays.get() ?? []) + [d]) })
        let result = try await ask(provider(retry: retry))
        XCTAssertEqual(result.content, Self.expectedAnswer)
        XCTAssertEqual(delays.get(), [0.25, 0.5])
        XCTAssertEqual(sim.requests.filter { $0.path == "/api/chat" }.count, 3)
    }

    func testBusyServerThatStaysBusyGivesUpWithItsMessage() async throws {
        sim.behaviour.busyResponses = 10
        do {
            _ = try await provider(retry: RetryPolicy(maxAttempts: 3, sleep: { _ in })).embedBatch(["a"], model: "nomic-embed-text")
            XCTFail("expected an error")
        } catch let error as LLMError {
            guard case .busy(let message, 3) = error else { return XCTFail("got \(error)") }
            XCTAssertTrue(message.hasPrefix("server busy"))
        }
    }

    func testCancelMidStreamStopsQuicklyAndClosesTheConnection() async throws {
        // 2,000 tokens 20 ms apart: the stream would run ~40 s if the cancel were ignored.
        sim.behaviour.extraTokens = 2000
        sim.behaviour.tokenDelay = 0.02
        let p = provider()
        let seen = LockedCounter()
        let task = Task.detached {
            for try await event in p.chatStream(ChatRequest(model: "llama3.2", messages: [.user("q")])) {
                if case .token = event { seen.increment() }
            }
        }
        try await seen.wait(atLeast: 3, deadline: .seconds(10))
        let start = ContinuousClock.now
        task.cancel()
        _ = await task.result
        // A generous deadline (a loaded 2-core machine); the figure itself is not a test's business.
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(10), "the stream did not stop on cancel")
        XCTAssertLessThan(seen.count, 1000)
        // The server notices the client went away (its next write fails).
        let end = ContinuousClock.now + .seconds(5)
        while sim.disconnects == 0 && ContinuousClock.now < end { try await Task.sleep(nanoseconds: 5_000_000) }
        XCTAssertEqual(sim.disconnects, 1)
    }

    // MARK: embeddings

    func testEmbedderAddsNomicPrefixesBatchesAndKeepsOrder() async throws {
        let embedder = Embedder(provider: provider(), model: "nomic-embed-text", batchSize: 4)
        let texts = (0..<10).map { "chunk \($0)" }
        let vectors = try await embedder.embed(texts: texts, kind: .document)
        XCTAssertEqual(vectors.count, 10)
        XCTAssertEqual(vectors[7].count, 768)
        let expected = OllamaSimulator.vector(for: "search_document: chunk 7", dimension: 768).map(Float.init)
        XCTAssertEqual(vectors[7], expected)
        let batches = sim.requests.filter { $0.path == "/api/embed" }.map { ($0.json?["input"] as? [String]) ?? [] }
        XCTAssertEqual(batches.map(\.count), [4, 4, 2])
        XCTAssertEqual(batches.first?.first, "search_document: chunk 0")
        let query = try await embedder.embedQuery("sky")
        XCTAssertEqual(query, OllamaSimulator.vector(for: "search_query: sky", dimension: 768).map(Float.init))
        let norm = query.reduce(0) { $0 + $1 * $1 }
        XCTAssertEqual(norm, 1, accuracy: 1e-4)
    }

    func testEmbeddingCountMismatchIsAnError() async throws {
        sim.behaviour.dropOneEmbedding = true
        do {
            _ = try await Embedder(provider: provider(), model: "nomic-embed-text").embed(texts: ["a", "b", "c"], kind: .document)
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .embeddingCountMismatch(expected: 3, got: 2))
        }
    }

    func testBatchesRespectCountAndCharacterLimits() {
        let inputs = ["aaaa", "bbbb", "cccccccccc", "d", "e"]
        XCTAssertEqual(Embedder.batches(inputs, maxCount: 2, maxCharacters: 9), [0..<2, 2..<3, 3..<5])
        XCTAssertEqual(Embedder.batches([], maxCount: 2, maxCharacters: 9), [])
    }

    // MARK: models, show, version, pull

    func testListShowAndVersion() async throws {
        let p = provider()
        let models = try await p.listModels()
        XCTAssertEqual(models.map(\.name), ["llama3.2:latest", "nomic-embed-text:latest", "qwen3:latest"])
        XCTAssertEqual(models.first?.parameterSize, "3.2B")
        XCTAssertNotNil(models.first?.modifiedAt)
        let info = try await p.modelInfo("nomic-embed-text")
        XCTAssertEqual(info.architecture, "nomic-bert")
        XCTAssertEqual(info.contextLength, 2048)
        XCTAssertEqual(info.embeddingLength, 768)
        XCTAssertEqual(info.capabilities, [.embedding])
        let health = try await p.health()
        XCTAssertEqual(health.version, "0.12.3")
        do {
            _ = try await p.modelInfo("nope")
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .modelNotFound(model: "nope", provider: .ollama))
        }
    }

    func testPullReportsProgressAndFailsOnAnErrorLine() async throws {
        let p = provider()
        var statuses: [String] = []
        var completed: [Int] = []
        for try await progress in p.pull("all-minilm") {
            statuses.append(progress.status)
            if let c = progress.completed { completed.append(c) }
        }
        XCTAssertEqual(statuses.first, "pulling manifest")
        XCTAssertEqual(statuses.last, "success")
        XCTAssertEqual(completed, [241_970, 22_000_000, 45_949_216])
        let after = try await p.listModels()
        XCTAssertTrue(after.contains { $0.name == "all-minilm:latest" })
        do {
            for try await _ in p.pull("nonexistent") {}
            XCTFail("expected an error")
        } catch let error as LLMError {
            XCTAssertEqual(error, .streamError(message: "pull model manifest: file does not exist"))
        }
    }

    // MARK: structured output

    func testStructuredChatSendsTheSchemaAsFormatAndReturnsJSON() async throws {
        let schema = try JSONValue.parse(#"{"type":"object","properties":{"cards":{"type":"array","items":{"type":"object","properties":{"front":{"type":"string"},"back":{"type":"string"}},"required":["front","back"]}}},"required":["cards"]}"#)
        let content = try await provider().structuredChat(model: "llama3.2", messages: [.user("Make cards")], schema: schema)
        struct Cards: Decodable { struct Card: Decodable { var front: String; var back: String }; var cards: [Card] }
        let cards = try JSONDecoder().decode(Cards.self, from: Data(content.utf8))
        XCTAssertEqual(cards.cards.count, 1)
        let body = try XCTUnwrap(sim.requests.last?.json)
        XCTAssertEqual(body["stream"] as? Bool, false)
        XCTAssertEqual(body["think"] as? Bool, false)
        XCTAssertEqual((body["format"] as? [String: Any])?["type"] as? String, "object")
        XCTAssertEqual((body["options"] as? [String: Any])?["temperature"] as? Int, 0)
    }
}

/// The callback API the app's poll/eventfd loop uses.
final class ChatSessionTests: XCTestCase {
    func testStartChatDeliversEventsThenFinishAndCancelStopsIt() async throws {
        let sim = try OllamaSimulator()
        defer { sim.stop() }
        let provider = OllamaProvider(settings: ProviderSettings(baseURL: sim.baseURL))
        // Given a normal answer
        let tokens = LockedBox<[String]>()
        tokens.set([])
        let finished = expectation(description: "finished")
        provider.startChat(ChatRequest(model: "llama3.2", messages: [.user("Why is the sky blue?")]), onEvent: { event in
            if case .token(let t) = event { tokens.set((tokens.get() ?? []) + [t]) }
        }, onFinish: { error in
            XCTAssertNil(error)
            finished.fulfill()
        })
        await fulfillment(of: [finished], timeout: 10)
        XCTAssertEqual(tokens.get()?.joined(), OllamaProviderTests.expectedAnswer)

        // Given an endless answer, when the handle is cancelled, then onFinish gets CancellationError
        // (2,000 tokens 20 ms apart: ~40 s if the cancel were ignored; the deadline below is generous for a loaded machine)
        sim.behaviour.extraTokens = 2000
        sim.behaviour.tokenDelay = 0.02
        let seen = LockedCounter()
        let cancelled = expectation(description: "cancelled")
        let handle = provider.startChat(ChatRequest(model: "llama3.2", messages: [.user("q")]), onEvent: { event in
            if case .token = event { seen.increment() }
        }, onFinish: { error in
            XCTAssertTrue(error is CancellationError, "got \(String(describing: error))")
            cancelled.fulfill()
        })
        try await seen.wait(atLeast: 2, deadline: .seconds(10))
        handle.cancel()
        await fulfillment(of: [cancelled], timeout: 10)
    }
}
