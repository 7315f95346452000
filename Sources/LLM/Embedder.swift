import Foundation

/// What a text is embedded for: some models (nomic, mxbai) need different prefixes for each.
public enum EmbedKind: String, Sendable, Hashable {
    /// A stored passage (note chunk).
    case document
    /// A search query.
    case query
}

/// The task prefixes a model expects in front of documents and queries.
public struct EmbeddingPrefixes: Sendable, Hashable {
    /// Put in front of documents.
    public var document: String
    /// Put in front of queries.
    public var query: String

    /// Creates prefixes.
    public init(document: String, query: String) {
        self.document = document
        self.query = query
    }

    /// No prefixes.
    public static let none = EmbeddingPrefixes(document: "", query: "")

    /// The prefixes documented for well-known models: nomic `search_document: ` / `search_query: `, mxbai's query
    /// instruction; none for others.
    public static func forModel(_ name: String) -> EmbeddingPrefixes {
        let lower = name.lowercased()
        if lower.contains("nomic-embed") {
            return EmbeddingPrefixes(document: "search_document: ", query: "search_query: ")
        }
        if lower.contains("mxbai-embed") {
            return EmbeddingPrefixes(document: "", query: "Represent this sentence for searching relevant passages: ")
        }
        return .none
    }

    /// The prefix for `kind`.
    public func prefix(for kind: EmbedKind) -> String { kind == .document ? document : query }
}

/// Embeds any number of texts: adds the model's prefixes, splits into modest batches (by count and characters),
/// checks every batch returns one vector per input and that all vectors share one dimension.
public struct Embedder: Sendable {
    /// The server.
    public let provider: any LLMProvider
    /// The embedding model; store it with the vectors.
    public let model: String
    /// Prefixes added per kind.
    public var prefixes: EmbeddingPrefixes
    /// Most inputs per request.
    public var batchSize: Int
    /// Most characters per request (Ollama embeds serially; big batches time out on CPU).
    public var maxBatchCharacters: Int

    /// Creates an embedder; prefixes default to the model's documented ones.
    public init(provider: any LLMProvider, model: String, prefixes: EmbeddingPrefixes? = nil,
                batchSize: Int = 32, maxBatchCharacters: Int = 24_000) {
        self.provider = provider
        self.model = model
        self.prefixes = prefixes ?? .forModel(model)
        self.batchSize = max(1, batchSize)
        self.maxBatchCharacters = max(1, maxBatchCharacters)
    }

    /// One vector per text, in order. Empty texts are sent as a single space (servers reject empty input).
    public func embed(texts: [String], kind: EmbedKind) async throws -> [[Float]] {
        let prefix = prefixes.prefix(for: kind)
        let inputs = texts.map { prefix + ($0.isEmpty ? " " : $0) }
        var vectors: [[Float]] = []
        vectors.reserveCapacity(inputs.count)
        var dimension: Int?
        for batch in Self.batches(inputs, maxCount: batchSize, maxCharacters: maxBatchCharacters) {
            try Task.checkCancellation()
            let result = try await provider.embedBatch(Array(inputs[batch]), model: model)
            guard result.count == batch.count else {
                throw LLMError.embeddingCountMismatch(expected: batch.count, got: result.count)
            }
            for vector in result {
                let expected = dimension ?? vector.count
                guard vector.count == expected, expected > 0 else {
                    throw LLMError.embeddingDimensionMismatch(expected: expected, got: vector.count)
                }
                dimension = expected
                vectors.append(vector)
            }
        }
        return vectors
    }

    /// Embeds one query.
    public func embedQuery(_ text: String) async throws -> [Float] {
        try await embed(texts: [text], kind: .query)[0]
    }

    /// Index ranges of consecutive inputs, each within the count and character limits (a single over-long
    /// input gets a batch of its own).
    public static func batches(_ inputs: [String], maxCount: Int, maxCharacters: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        var characters = 0
        for (index, input) in inputs.enumerated() {
            let size = input.count
            if index > start && (index - start >= maxCount || characters + size > maxCharacters) {
                ranges.append(start..<index)
                start = index
                characters = 0
            }
            characters += size
        }
        if start < inputs.count { ranges.append(start..<inputs.count) }
        return ranges
    }
}
