import Foundation
import XCTest
import Notebook
import RecallKit
import Retrieval
import Store

/// The embedding table, the index loader and hybrid search on a real SQLite file in a temp folder.
final class HybridSearchStoreTests: XCTestCase {
    var dir: URL!
    var db: AppDatabase!
    var notebookA: NotebookItem!
    var notebookB: NotebookItem!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-hybrid-\(UUID().uuidString)")
        db = try AppDatabase(path: dir.appendingPathComponent("r.db").path)
        let p = try db.createProject(title: "P")
        notebookA = try db.createNotebook(projectID: p.id, title: "A")
        notebookB = try db.createNotebook(projectID: p.id, title: "B", tags: ["beta"])
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    /// A toy embedding: one dimension per keyword, plus a constant so nothing is all zero.
    static let keywords = ["attention", "token", "cache", "sqlite", "index", "review", "memory", "cosine"]
    static func embed(_ text: String) -> [Float] {
        let lower = text.lowercased()
        return [0.1] + keywords.map { lower.contains($0) ? 1 : 0 }
    }

    func embedAll(model: String = "toy") async throws -> IndexProgress {
        try await Indexer.run(db: db, model: model, embed: { $0.map(Self.embed) })
    }

    func testEmbeddingsAreStoredPerChunkAndNeverMixModels() async throws {
        let s = try db.createSnippet(notebookID: notebookA.id, title: "Attention", body: "Attention over every token.")
        _ = try db.createSnippet(notebookID: notebookB.id, title: "SQLite", body: "An sqlite index on disk.")
        let first = try await embedAll()
        XCTAssertEqual(first.done, 2)
        var state = try db.embeddingState(model: "toy")
        XCTAssertEqual([state.chunks, state.embedded, state.pending], [2, 2, 0])
        XCTAssertEqual(state.dimension, 9)

        // A changed snippet: its old chunk (and vector) is replaced; only the new chunk is pending
        _ = try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "Attention and the KV cache."))
        state = try db.embeddingState(model: "toy")
        XCTAssertEqual(state.pending, 1)
        XCTAssertEqual(try db.embeddingCount(model: "toy"), 1, "the deleted chunk's vector went with it")
        let again = try await embedAll()
        XCTAssertEqual(again.done, 1)

        // Another model is refused until a rebuild
        do {
            try await Indexer.run(db: db, model: "other", embed: { $0.map(Self.embed) })
            XCTFail("mixing models must be refused")
        } catch let e as EmbeddingStoreError {
            XCTAssertEqual(e, .staleModel(stored: ["toy"], configured: "other"))
            XCTAssertTrue(e.description.contains("recall index --rebuild"))
        }
        XCTAssertTrue(try db.embeddingState(model: "other").isStale)
        let rebuilt = try await Indexer.run(db: db, model: "other", rebuild: true, embed: { $0.map(Self.embed) })
        XCTAssertEqual(rebuilt.done, 2)
        XCTAssertFalse(try db.embeddingState(model: "other").isStale)
        XCTAssertEqual(try db.embeddingCount(model: "toy"), 0)

        // A different dimension under the same model name is refused
        let chunk = try XCTUnwrap(try db.chunksToEmbed(model: "third", limit: 1).first)
        try db.deleteAllEmbeddings()
        try db.saveEmbeddings([EmbeddingRecord(chunkID: chunk.id, contentHash: chunk.contentHash, vector: [1, 2, 3])], model: "third")
        let next = try XCTUnwrap(try db.chunksToEmbed(model: "third", limit: 1).first)
        XCTAssertThrowsError(try db.saveEmbeddings([EmbeddingRecord(chunkID: next.id, contentHash: next.contentHash, vector: [1, 2])], model: "third")) {
            XCTAssertEqual($0 as? EmbeddingStoreError, .dimensionMismatch(model: "third", stored: 3, got: 2))
        }
        // A vector made from text that has since changed is skipped, not stored against the new text
        XCTAssertEqual(try db.saveEmbeddings([EmbeddingRecord(chunkID: next.id, contentHash: "stale-hash", vector: [1, 2, 3])], model: "third"), 0)
    }

    func testLoaderReadsVectorsAndSyncFollowsEdits() async throws {
        let a = try db.createSnippet(notebookID: notebookA.id, title: "Attention", body: "Attention over every token.")
        _ = try db.createSnippet(notebookID: notebookA.id, title: "Cache", body: "The cache grows with memory.")
        _ = try await embedAll()
        var index = try XCTUnwrap(try VectorIndexLoader.load(db: db, model: "toy", storage: .int8)).index
        XCTAssertEqual(index.count, 2)
        XCTAssertEqual(index.storage, .int8)

        _ = try db.saveSnippet(id: a.id, changes: SnippetChanges(body: "Cosine similarity of vectors."))
        _ = try db.createSnippet(notebookID: notebookB.id, title: "SQLite", body: "An sqlite index.")
        _ = try await embedAll()
        let (added, removed) = try VectorIndexLoader.sync(&index, db: db, model: "toy")
        XCTAssertEqual(added, 2)
        XCTAssertEqual(removed, 1)
        XCTAssertEqual(Set(index.allIDs), Set(try db.embeddedChunkIDs(model: "toy")))
        XCTAssertNil(try VectorIndexLoader.load(db: db, model: "nothing-here"))
        let background = VectorIndexLoader.loadInBackground(db: db, model: "toy", storage: .float32)
        let loaded = try await background.value
        XCTAssertEqual(loaded?.index.count, 3)
    }

    func testHybridFusesBothListsAppliesFiltersAndSkipsTrash() async throws {
        // "cache" is lexical for one snippet; "memory" only matches the other by meaning (toy vector)
        _ = try db.createSnippet(notebookID: notebookA.id, title: "KV cache", body: "The cache holds keys and values.")
        let mem = try db.createSnippet(notebookID: notebookA.id, title: "Memory", body: "Memory use grows with context.")
        _ = try db.createSnippet(notebookID: notebookB.id, title: "Cache in B", body: "Another cache, with memory, in notebook B.")
        _ = try await embedAll()
        let index = try XCTUnwrap(try VectorIndexLoader.load(db: db, model: "toy")).index
        let search = HybridSearch(db: db, model: "toy", index: index, fusion: .reciprocalRank(k: 60))
        let q = Self.embed("memory")

        let bm25 = try search.search("cache", queryVector: nil, mode: .bm25, limit: 10)
        XCTAssertEqual(Set(bm25.map(\.hit.snippetTitle)), ["KV cache", "Cache in B"])
        let vector = try search.search("cache", queryVector: q, mode: .vector, limit: 2)
        XCTAssertEqual(Set(vector.map(\.hit.snippetTitle)), ["Memory", "Cache in B"])
        let hybrid = try search.search("cache", queryVector: q, mode: .hybrid, limit: 10)
        // The fused order, worked out by hand (RRF, k = 60) rather than recomputed by the code under test:
        // BM25 for "cache": KV cache (shorter) 1st, Cache in B 2nd; cosine to "memory": Memory 1.0 (1st),
        // Cache in B ≈ 0.71 (2nd), KV cache ≈ 0.01 (3rd). So KV cache 1/61 + 1/63 ≈ 0.032267 just beats
        // Cache in B 2/62 ≈ 0.032258, and Memory, found by meaning only, is last with 1/61.
        XCTAssertEqual(hybrid.map(\.hit.snippetTitle), ["KV cache", "Cache in B", "Memory"])
        XCTAssertEqual(hybrid.map(\.bm25Rank), [1, 2, nil])
        XCTAssertEqual(hybrid.map(\.vectorRank), [3, 2, 1])
        for (got, want) in zip(hybrid.map(\.score), [1.0 / 61 + 1.0 / 63, 2.0 / 62, 1.0 / 61]) {
            XCTAssertEqual(got, want, accuracy: 1e-12)
        }

        // Filters: notebook, tag
        let onlyA = try search.search("cache", queryVector: q, mode: .hybrid, limit: 10, filter: SearchFilter(notebookID: notebookA.id))
        XCTAssertTrue(onlyA.allSatisfy { $0.hit.notebookID == notebookA.id })
        let tagged = try search.search("cache", queryVector: q, mode: .vector, limit: 10, filter: SearchFilter(tag: "beta"))
        XCTAssertEqual(tagged.map(\.hit.snippetTitle), ["Cache in B"])

        // Trash: a trashed snippet is not returned by vector search
        try db.trash(.snippet(mem))
        let afterTrash = try search.search("cache", queryVector: q, mode: .vector, limit: 10)
        XCTAssertFalse(afterTrash.contains { $0.hit.snippetTitle == "Memory" })

        // Empty query text still answers (vector side only in hybrid)
        XCTAssertEqual(try search.search("", queryVector: nil, mode: .bm25, limit: 5).count, 0)
    }
}
