import Foundation
import LLM
import Store
import Retrieval

extension HybridSearch {
    /// Longest query sent for embedding, in characters (a 10,000-character query is cut, not refused).
    public static let maxQueryCharacters = 2000

    /// Embeds one query with the model's query prefix (nomic: `search_query: `), cut to `maxQueryCharacters`,
    /// and checks the vector (NaN, infinity or all zeros are a clear error).
    public static func embedQuery(_ text: String, embedder: Embedder) async throws -> [Float] {
        let fitted = EmbeddingPipeline.fit(text, limit: maxQueryCharacters).text
        let vector = try await embedder.embed(texts: [fitted], kind: .query)[0]
        try VectorMath.validate(vector)
        return vector
    }
}

extension Indexer {
    /// Errors that mean "this input was refused — retry it shorter" (context overflow, llama-server's
    /// "input is too large" 500), as opposed to "the server is gone", which stops the run for a later resume.
    public static func shrinkable(_ error: any Error) -> Bool {
        guard let e = error as? LLMError else { return false }
        switch e {
        case .contextOverflow: return true
        case .http(let status, _): return status == 400 || status == 413 || status == 422 || status == 500
        default: return false
        }
    }

    /// Runs `run` with the embedder's document prefix and the LLM error classification.
    @discardableResult
    public static func run(
        db: AppDatabase, embedder: Embedder, rebuild: Bool = false, pipeline: EmbeddingPipeline = EmbeddingPipeline(),
        progress: (IndexProgress) -> Void = { _ in }
    ) async throws -> IndexProgress {
        try await run(db: db, model: embedder.model, rebuild: rebuild, pipeline: pipeline,
                      embed: { try await embedder.embed(texts: $0, kind: .document) },
                      shrinkable: shrinkable, progress: progress)
    }
}
