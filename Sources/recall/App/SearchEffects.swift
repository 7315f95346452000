import AppCore
import Foundation
import LLM
import RecallKit
import Retrieval
import Store
import Terminal

/// Performs the search overlay's requests off the main thread: BM25 from the store, or hybrid/vector ranking with
/// the query embedded by the configured model and the in-memory vector index (loaded once, on first use). When
/// vectors cannot be used (no embeddings, stale index, server down) it falls back to BM25 and says why.
final class SearchEffects: @unchecked Sendable {
    private let db: AppDatabase
    private let mailbox: Mailbox<AppMessage>
    private let environment: [String: String]
    private let lock = NSLock()
    private var cached: (model: String, index: VectorIndex<Int64>)?

    init(db: AppDatabase, mailbox: Mailbox<AppMessage>, environment: [String: String]) {
        self.db = db
        self.mailbox = mailbox
        self.environment = environment
    }

    /// Runs one request; results (and the ranking used) arrive tagged with its id.
    func search(_ query: String, requestId: Int, ranking: SearchRanking) {
        Task.detached { [self] in
            do {
                let (used, hits) = try await run(query, ranking: ranking)
                mailbox.post(.searchRanking(requestId: requestId, used: used))
                mailbox.post(.searchResults(requestId: requestId, hits: Self.results(hits)))
            } catch {
                mailbox.post(.searchFailed(requestId: requestId, message: "\(error)"))
            }
        }
    }

    private func run(_ query: String, ranking: SearchRanking) async throws -> (String, [RankedHit]) {
        let bm25 = { (why: String?) throws -> (String, [RankedHit]) in
            let hits = try HybridSearch(db: self.db, model: "", index: nil).search(query, queryVector: nil, mode: .bm25, limit: 40)
            return (why.map { "bm25 — \($0)" } ?? "bm25", hits)
        }
        if ranking == .bm25 { return try bm25(nil) }
        let profile: LLMProfile
        do { profile = try LLMConfigLoader.load(environment: environment) } catch { return try bm25("config error") }
        let model = profile.embedModel
        let stored = try db.embeddingModels()
        if stored.keys.contains(where: { $0 != model }) { return try bm25("index stale") }
        if (stored[model] ?? 0) == 0 { return try bm25("no embeddings") }
        let vector: [Float]
        do { vector = try await EmbeddingRuntime.embedQuery(query, embedder: EmbeddingRuntime.embedder(profile)) } catch { return try bm25("model offline") }
        guard let index = try index(model: model), index.dimension == vector.count else { return try bm25("no embeddings") }
        let mode: SearchMode = ranking == .vector ? .vector : .hybrid
        return (mode.rawValue, try HybridSearch(db: db, model: model, index: index).search(query, queryVector: vector, mode: mode, limit: 40))
    }

    /// The vector index for a model, loaded from the database on first use and kept.
    private func index(model: String) throws -> VectorIndex<Int64>? {
        lock.lock(); defer { lock.unlock() }
        if let c = cached, c.model == model { return c.index }
        guard let loaded = try VectorIndexLoader.load(db: db, model: model) else { return nil }
        cached = (model, loaded.index)
        return loaded.index
    }

    /// One result per snippet, best first.
    static func results(_ hits: [RankedHit]) -> [SearchResult] {
        var seen = Set<String>()
        var out: [SearchResult] = []
        for r in hits where seen.insert(r.hit.snippetID).inserted {
            let h = r.hit
            out.append(SearchResult(snippetId: h.snippetID, title: h.snippetTitle, location: "\(h.projectTitle) ▸ \(h.notebookTitle)",
                                    excerpt: h.excerpt, score: r.score))
        }
        return out
    }
}
