import Foundation
import Retrieval
import Store

/// The database as the embedding pipeline's work queue: pending chunks of one model, batches saved atomically.
public struct DatabaseEmbeddingStore: EmbeddingStore {
    /// The database.
    public let db: AppDatabase
    /// The embedding model whose vectors are read and written.
    public let model: String

    /// Creates the adapter.
    public init(db: AppDatabase, model: String) { self.db = db; self.model = model }

    /// Live chunks without a current vector, after `after`, in id order; the text is the context header + chunk.
    public func pendingChunks(after: Int64, limit: Int) throws -> [PendingChunk] {
        try db.chunksToEmbed(model: model, after: after, limit: limit).map { PendingChunk(id: $0.id, text: $0.document, contentHash: $0.contentHash) }
    }

    /// Live chunks still to embed.
    public func pendingCount() throws -> Int { try db.embeddingState(model: model).pending }

    /// Saves one batch in one transaction.
    public func save(_ batch: [EmbeddedChunk], dimension: Int) throws {
        try db.saveEmbeddings(batch.map { EmbeddingRecord(chunkID: $0.chunk.id, contentHash: $0.chunk.contentHash, vector: $0.vector) }, model: model)
    }

    /// Dimension of the vectors already stored for the model.
    public func storedDimension() throws -> Int? { try db.embeddingState(model: model).dimension }
}

/// Runs `recall index`: embeds new and changed chunks with the configured model, never mixing models.
public enum Indexer {
    /// Embeds everything pending. With `rebuild`, first deletes every stored vector (needed after a model change);
    /// without it, a database holding another model's vectors is refused with the "index stale" message.
    @discardableResult
    public static func run(
        db: AppDatabase, model: String, rebuild: Bool = false, pipeline: EmbeddingPipeline = EmbeddingPipeline(),
        embed: @escaping @Sendable ([String]) async throws -> [[Float]],
        shrinkable: @escaping @Sendable (any Error) -> Bool = { _ in false },
        progress: (IndexProgress) -> Void = { _ in }
    ) async throws -> IndexProgress {
        let state = try db.embeddingState(model: model)
        if rebuild {
            try db.deleteAllEmbeddings()
        } else if state.isStale {
            throw EmbeddingStoreError.staleModel(stored: state.otherModels, configured: model)
        }
        return try await pipeline.run(store: DatabaseEmbeddingStore(db: db, model: model), model: model,
                                      embed: embed, shrinkable: shrinkable, progress: progress)
    }
}

/// Builds the in-memory vector index from the stored vectors of one model.
public enum VectorIndexLoader {
    /// Reads every current vector of `model` into an index (nil when there are none).
    /// Vectors of the wrong length or that are not finite are skipped and counted, never loaded.
    public static func load(db: AppDatabase, model: String, storage: VectorStorage = .int8) throws -> (index: VectorIndex<Int64>, skipped: Int)? {
        let count = try db.embeddingCount(model: model)
        // A damaged row (dimension 0 or absurd) must not crash the index: such vectors count as absent.
        guard count > 0, let dim = try db.embeddingDimension(model: model), (1...65_536).contains(dim) else { return nil }
        var index = VectorIndex<Int64>(dimension: dim, storage: storage, reservingCapacity: count)
        var skipped = 0
        try db.forEachEmbedding(model: model) { id, blob in
            do { try index.upsert(id, vector: VectorMath.vector(fromBlob: blob, dimension: dim)) } catch { skipped += 1 }
        }
        return (index, skipped)
    }

    /// Brings an index in line with the database after edits or an indexing run: removes vectors of chunks
    /// that are gone (or changed) and adds the new ones. Returns (added, removed).
    @discardableResult
    public static func sync(_ index: inout VectorIndex<Int64>, db: AppDatabase, model: String) throws -> (added: Int, removed: Int) {
        let current = try db.embeddedChunkIDs(model: model)
        let live = Set(current)
        var removed = 0
        for id in index.allIDs where !live.contains(id) { index.remove(id); removed += 1 }
        let missing = current.filter { !index.contains($0) }
        var added = 0
        for start in stride(from: 0, to: missing.count, by: 500) {
            let ids = Array(missing[start..<min(missing.count, start + 500)])
            for (id, vector) in try db.embeddingVectors(chunkIDs: ids, model: model) {
                if (try? index.upsert(id, vector: vector)) != nil { added += 1 }
            }
        }
        return (added, removed)
    }

    /// Loads on a detached task so the caller (the UI's first frame) never waits for it.
    public static func loadInBackground(db: AppDatabase, model: String, storage: VectorStorage = .int8)
        -> Task<(index: VectorIndex<Int64>, skipped: Int)?, any Error> {
        Task.detached(priority: .utility) { try load(db: db, model: model, storage: storage) }
    }
}
