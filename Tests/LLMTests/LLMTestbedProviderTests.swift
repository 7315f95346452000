import Foundation
import HTTP
import LLM
import TestSupport
import XCTest

/// The OpenAI-compatible provider against the real llama-server test bed (`scripts/llm-testbed start`):
/// streaming, embeddings, structured output and cancellation with a real model. Skipped without the test bed,
/// failed when RECALL_REQUIRE_TESTBED=1.
final class LLMTestbedProviderTests: XCTestCase {
    struct Bed {
        var chat: OpenAICompatibleProvider
        var embed: OpenAICompatibleProvider
        var chatModel: String
        var embedModel: String
    }

    func bed() throws -> Bed {
        let testbed = try LLMTestbed.require()
        let (chat, embed) = (testbed.chatURL, testbed.embedURL)
        let timeouts = HTTPTimeouts(connect: 5, firstByte: 240, idle: 120, waitingNotice: 2)
        return Bed(chat: OpenAICompatibleProvider(settings: ProviderSettings(baseURL: chat, numCtx: 2048, timeouts: timeouts)),
                   embed: OpenAICompatibleProvider(settings: ProviderSettings(baseURL: embed, numCtx: 2048, timeouts: timeouts)),
                   chatModel: testbed.chatModel, embedModel: testbed.embedModel)
    }

    func testEmbeddingRoundTripKeepsOrderCountAndNorm() async throws {
        let bed = try bed()
        let texts = ["The cat sat on the mat.", "Photosynthesis turns light into chemical energy.", "The cat sat on the mat.",
                     "", "日本語のテキスト"]
        let embedder = Embedder(provider: bed.embed, model: bed.embedModel, batchSize: 2)
        let vectors = try await embedder.embed(texts: texts, kind: .document)
        XCTAssertEqual(vectors.count, texts.count)
        XCTAssertTrue(vectors.allSatisfy { $0.count == 576 })
        for v in vectors { XCTAssertEqual(v.reduce(0) { $0 + $1 * $1 }, 1, accuracy: 1e-3) }
        // The same text in another batch gives the same vector; different texts do not.
        let same = zip(vectors[0], vectors[2]).reduce(0) { $0 + $1.0 * $1.1 }
        let different = zip(vectors[0], vectors[1]).reduce(0) { $0 + $1.0 * $1.1 }
        XCTAssertEqual(same, 1, accuracy: 1e-3)
        XCTAssertLessThan(different, 0.999)
    }

    func testStreamedChatEndsWithDoneAndUsage() async throws {
        let bed = try bed()
        let result = try await bed.chat.chatStream(ChatRequest(model: bed.chatModel, messages: [.user("Say hello.")],
                                                               temperature: 0, maxTokens: 12)).collect()
        XCTAssertFalse(result.content.isEmpty)
        XCTAssertGreaterThan(result.summary.promptTokens ?? 0, 0)
        XCTAssertLessThanOrEqual(result.summary.outputTokens ?? 99, 12)
    }

    func testStructuredOutputMatchesTheSchema() async throws {
        let bed = try bed()
        let schema = try JSONValue.parse(#"{"type":"object","properties":{"cards":{"type":"array","minItems":1,"maxItems":2,"items":{"type":"object","properties":{"front":{"type":"string","maxLength":40},"back":{"type":"string","maxLength":40}},"required":["front","back"]}}},"required":["cards"]}"#)
        let content = try await bed.chat.structuredChat(
            model: bed.chatModel,
            messages: [.user("Make one flashcard as JSON {\"cards\":[{\"front\",\"back\"}]} about: Paris is the capital of France.")],
            schema: schema, maxTokens: 200)
        struct Cards: Decodable { struct Card: Decodable { var front: String; var back: String }; var cards: [Card] }
        let cards = try JSONDecoder().decode(Cards.self, from: Data(content.utf8))
        XCTAssertFalse(cards.cards.isEmpty, content)
    }

    func testCancelMidStreamEndsQuickly() async throws {
        let bed = try bed()
        let seen = LockedCounter()
        let provider = bed.chat
        let model = bed.chatModel
        let task = Task.detached {
            for try await event in provider.chatStream(ChatRequest(model: model, messages: [.user("Count from one to two hundred in words.")],
                                                                   maxTokens: 400)) {
                if case .token = event { seen.increment() }
            }
        }
        try await seen.wait(atLeast: 2, deadline: .seconds(240))
        let start = ContinuousClock.now
        task.cancel()
        _ = await task.result
        // A generous deadline for a loaded machine, and the answer did not run to its 400 tokens.
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(10))
        XCTAssertLessThan(seen.count, 400)
    }
}
