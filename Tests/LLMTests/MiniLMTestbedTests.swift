import Foundation
import HTTP
import LLM
import TestSupport
import XCTest

/// Recall's own Ollama provider against the real sentence-embedding model of the test bed (all-MiniLM-L6-v2 served
/// by `scripts/minilm-server.py`): the wire format it speaks and vectors that carry meaning. Skipped without the
/// test bed, failed when RECALL_REQUIRE_TESTBED=1.
final class MiniLMTestbedTests: XCTestCase {
    func testOllamaProviderSeesAnEmbeddingModelWhoseVectorsCarryMeaning() async throws {
        let bed = try MiniLMTestbed.require()
        let timeouts = HTTPTimeouts(connect: 5, firstByte: 240, idle: 120, waitingNotice: 2)
        let provider = OllamaProvider(settings: ProviderSettings(baseURL: bed.url, timeouts: timeouts))
        let health = try await provider.health()
        XCTAssertNotNil(health.version)
        let models = try await provider.listModels()
        let listed = try XCTUnwrap(models.first { $0.name.hasPrefix(bed.model) }, "\(models.map(\.name))")
        XCTAssertTrue(listed.looksLikeEmbeddingModel, "the picker offers it as an embedding model")
        let info = try await provider.modelInfo(bed.model)
        XCTAssertEqual(info.embeddingLength, 384)
        XCTAssertTrue(info.capabilities.contains(.embedding))

        let texts = ["How do I bake a loaf of bread?", "A recipe for baking bread at home", "SQLite write-ahead logging and checkpoints",
                     "How do I bake a loaf of bread?"]
        let vectors = try await Embedder(provider: provider, model: bed.model).embed(texts: texts, kind: .query)
        XCTAssertEqual(vectors.map(\.count), [384, 384, 384, 384])
        func cos(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        for v in vectors { XCTAssertEqual(cos(v, v), 1, accuracy: 1e-3, "unit vectors") }
        XCTAssertEqual(cos(vectors[0], vectors[3]), 1, accuracy: 1e-4, "the same text, the same vector")
        XCTAssertGreaterThan(cos(vectors[0], vectors[1]), cos(vectors[0], vectors[2]) + 0.3, "a paraphrase is nearer than another topic")
        // An unknown model is Ollama's 404, which the provider names
        do {
            _ = try await provider.embedBatch(["x"], model: "no-such-model")
            XCTFail("an unknown model must be refused")
        } catch let e as LLMError {
            XCTAssertTrue("\(e)".contains("no-such-model"), "\(e)")
        }
    }
}
