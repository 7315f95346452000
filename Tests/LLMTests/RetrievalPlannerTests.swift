import Foundation
import XCTest
import Notebook
import RecallKit
import Retrieval
import Store

/// The retrieval planner's decisions (hybrid, vector, or BM25 and why) against a real SQLite file and the
/// protocol-faithful Ollama simulator on loopback, whose `nomic-embed-text` returns 768-dimensional vectors.
final class RetrievalPlannerTests: XCTestCase {
    var dir: URL!
    var db: AppDatabase!
    var sim: OllamaSimulator!
    var notebook: NotebookItem!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-planner-\(UUID().uuidString)")
        db = try AppDatabase(path: dir.appendingPathComponent("r.db").path)
        sim = try OllamaSimulator()
        let p = try db.createProject(title: "P")
        notebook = try db.createNotebook(projectID: p.id, title: "Transformers")
        _ = try db.createSnippet(notebookID: notebook.id, title: "Attention", body: "Self-attention lets every token look at every other token.")
        _ = try db.createSnippet(notebookID: notebook.id, title: "KV cache", body: "The key/value cache grows with the context length.")
    }

    override func tearDown() {
        sim?.stop()
        try? FileManager.default.removeItem(at: dir)
    }

    var profile: LLMProfile {
        var p = LLMProfile.defaults
        p.baseURL = sim.baseURL
        p.embedBaseURL = sim.baseURL
        return p
    }

    func planner(_ profile: Result<LLMProfile, any Error>? = nil) -> RetrievalPlanner {
        RetrievalPlanner(db: db, profile: profile ?? .success(self.profile), environment: [:])
    }

    /// Embeds every pending chunk through the simulator, as `recall index` would.
    func embedAll(model: String = "nomic-embed-text") async throws {
        var p = profile
        p.embedModel = model
        try await Indexer.run(db: db, embedder: LLMServices(profile: p, environment: [:]).embedder)
    }

    func embedRequests() -> Int { sim.requests.filter { $0.path == "/api/embed" }.count }

    func testNoEmbeddingsDefaultFallsBackToBM25AndExplicitVectorFails() async throws {
        let plan = try await planner().plan("attention token", mode: nil, limit: 5)
        XCTAssertEqual(plan.used, .bm25)
        XCTAssertNil(plan.requested)
        XCTAssertEqual(plan.fallback, .noEmbeddings(model: "nomic-embed-text"))
        XCTAssertTrue(plan.fallback!.description.contains("recall index"))
        XCTAssertEqual(plan.hits.first?.hit.snippetTitle, "Attention")
        XCTAssertNotNil(plan.hits.first?.bm25, "BM25 hits carry their raw score")
        XCTAssertEqual(embedRequests(), 0, "nothing to compare a query vector with: the model is not asked")

        for mode in [SearchMode.vector, .hybrid] {
            do {
                _ = try await planner().plan("attention", mode: mode, explicit: true, limit: 5)
                XCTFail("explicit \(mode) without embeddings must fail")
            } catch let e as RetrievalUnavailable {
                XCTAssertEqual(e, RetrievalUnavailable(mode: mode, reason: .noEmbeddings(model: "nomic-embed-text")))
            }
            // Not explicit (the app's ranking toggle): the same request falls back instead
            let soft = try await planner().plan("attention", mode: mode, explicit: false, limit: 5)
            XCTAssertEqual(soft.used, .bm25)
            XCTAssertEqual(soft.fallback?.label, "no embeddings")
        }
    }

    func testEmbeddedNotesSearchHybridAndVectorAndExplicitBM25NeverEmbeds() async throws {
        try await embedAll()
        let p = planner()
        let hybrid = try await p.plan("Self-attention lets every token look at every other token.", mode: nil, limit: 5)
        XCTAssertEqual(hybrid.used, .hybrid)
        XCTAssertNil(hybrid.fallback)
        XCTAssertEqual(hybrid.embedModel, "nomic-embed-text")
        XCTAssertEqual(hybrid.hits.count, 2)
        XCTAssertEqual(hybrid.hits.first?.hit.snippetTitle, "Attention")
        XCTAssertNotNil(hybrid.hits.first?.vectorRank)
        XCTAssertGreaterThan(hybrid.timings.totalMs, 0)

        let vector = try await p.plan("anything at all", mode: .vector, limit: 5)
        XCTAssertEqual(vector.used, .vector)
        XCTAssertEqual(vector.hits.count, 2)
        XCTAssertTrue(vector.hits.allSatisfy { $0.cosine != nil && $0.bm25Rank == nil })

        let before = embedRequests()
        let bm25 = try await p.plan("cache", mode: .bm25, limit: 5)
        XCTAssertEqual(bm25.used, .bm25)
        XCTAssertNil(bm25.fallback)
        XCTAssertEqual(embedRequests(), before, "bm25 asks no model")
    }

    func testStaleModelFallsBackNamingTheRebuild() async throws {
        let chunks = try db.chunksToEmbed(model: "other-embed", limit: 10)
        try db.saveEmbeddings(chunks.map { EmbeddingRecord(chunkID: $0.id, contentHash: $0.contentHash, vector: [1, 0.5, 0.25]) }, model: "other-embed")
        let plan = try await planner().plan("attention", mode: nil, limit: 5)
        XCTAssertEqual(plan.used, .bm25)
        XCTAssertEqual(plan.fallback, .staleModel(stored: ["other-embed"], configured: "nomic-embed-text"))
        XCTAssertTrue(plan.fallback!.description.contains("recall index --rebuild"))
        XCTAssertEqual(plan.fallback?.label, "index stale")
        do {
            _ = try await planner().plan("attention", mode: .hybrid, limit: 5)
            XCTFail("explicit hybrid over another model's vectors must fail")
        } catch let e as RetrievalUnavailable {
            XCTAssertEqual(e.reason.label, "index stale")
        }
    }

    func testDimensionMismatchFallsBackAndExplicitFails() async throws {
        // Vectors stored under the configured name but with 8 dimensions: the model changed under its name
        let chunks = try db.chunksToEmbed(model: "nomic-embed-text", limit: 10)
        try db.saveEmbeddings(chunks.map { EmbeddingRecord(chunkID: $0.id, contentHash: $0.contentHash, vector: [1, 0, 0, 0, 0, 0, 0, 0.5]) },
                              model: "nomic-embed-text")
        let plan = try await planner().plan("attention", mode: nil, limit: 5)
        XCTAssertEqual(plan.used, .bm25)
        XCTAssertEqual(plan.fallback, .dimensionMismatch(model: "nomic-embed-text", stored: 8, query: 768))
        XCTAssertTrue(plan.fallback!.description.contains("--rebuild"), plan.fallback!.description)
        XCTAssertEqual(plan.hits.first?.hit.snippetTitle, "Attention")
        do {
            _ = try await planner().plan("attention", mode: .vector, limit: 5)
            XCTFail("explicit vector with a dimension mismatch must fail")
        } catch let e as RetrievalUnavailable {
            XCTAssertEqual(e.reason, .dimensionMismatch(model: "nomic-embed-text", stored: 8, query: 768))
        }
    }

    func testServerDownFallsBackWithTheReasonAndExplicitFails() async throws {
        try await embedAll()
        sim.stop()
        let plan = try await planner().plan("attention", mode: nil, limit: 5)
        XCTAssertEqual(plan.used, .bm25)
        guard case .embeddingUnavailable = plan.fallback else { return XCTFail("expected the server-down reason, got \(String(describing: plan.fallback))") }
        XCTAssertEqual(plan.fallback?.label, "model offline")
        XCTAssertEqual(plan.hits.first?.hit.snippetTitle, "Attention", "BM25 still answers")
        do {
            _ = try await planner().plan("attention", mode: .hybrid, limit: 5)
            XCTFail("explicit hybrid with the server down must fail")
        } catch let e as RetrievalUnavailable {
            XCTAssertEqual(e.reason.label, "model offline")
            XCTAssertTrue(e.description.hasPrefix("vector search unavailable"), e.description)
        }
    }

    func testConfigErrorFallsBack() async throws {
        struct BadConfig: Error, CustomStringConvertible { var description: String { "config.toml: unknown profile \"x\"" } }
        let plan = try await planner(.failure(BadConfig())).plan("attention", mode: nil, limit: 5)
        XCTAssertEqual(plan.used, .bm25)
        XCTAssertEqual(plan.fallback, .configError("config.toml: unknown profile \"x\""))
    }

    func testNewlyEmbeddedChunksAreFoundWithoutANewPlanner() async throws {
        try await embedAll()
        let p = planner()
        let first = try await p.plan("anything", mode: .vector, limit: 10)
        XCTAssertEqual(first.hits.count, 2)
        // A snippet saved and embedded while the planner (the app) keeps running
        let s = try db.createSnippet(notebookID: notebook.id, title: "Tokenizers", body: "Byte-pair encoding merges frequent pairs.")
        try await embedAll()
        let second = try await p.plan("anything", mode: .vector, limit: 10)
        XCTAssertEqual(second.hits.count, 3)
        XCTAssertTrue(second.hits.contains { $0.hit.snippetID == s.id }, "the cached index picked up the new vector")
        // An edit replaces the chunk: the stale vector is dropped and the new one found after embedding
        _ = try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "WordPiece splits words into known pieces."))
        try await embedAll()
        p.refreshIndex()
        let third = try await p.plan("anything", mode: .vector, limit: 10)
        XCTAssertEqual(Set(third.hits.map(\.hit.chunkID)), Set(try db.embeddedChunkIDs(model: "nomic-embed-text")),
                       "the edited chunk's new vector is in the index, its old one gone")
    }

    func testRelevanceVerdictOfflineReadsWordCoverageAndListsClosestTitles() async throws {
        _ = try db.createSnippet(notebookID: notebook.id, title: "Sampling", body: "Temperature scales the logits before sampling.")
        let p = planner()
        // Every content word of the question is in the KV cache snippet ("grows" and "grow" share a stem)
        let cache = try await p.plan("why does the cache grow with context length", mode: .bm25, limit: 5)
        XCTAssertTrue(cache.relevance.isRelevant)
        XCTAssertEqual(cache.relevance.signal, .termCoverage(1))
        XCTAssertEqual(cache.relevance.closestTitles.first, "KV cache")
        // One word of five matches something: nothing in the notes is about this, but the closest titles are listed
        let offTopic = try await p.plan("recommended temperature for baking sourdough bread", mode: .bm25, limit: 5)
        XCTAssertFalse(offTopic.relevance.isRelevant)
        XCTAssertEqual(offTopic.relevance.signal, .termCoverage(0.2))
        XCTAssertEqual(offTopic.relevance.closestTitles, ["Sampling"])
        // No hit at all
        let nothing = try await p.plan("zebra", mode: .bm25, limit: 5)
        XCTAssertEqual(nothing.relevance.signal, .noHits)
        XCTAssertFalse(nothing.relevance.isRelevant)
        XCTAssertEqual(nothing.relevance.closestTitles, [])
        // With vectors the cosine decides; the thresholds come from the planner's gate
        try await embedAll()
        let strict = RetrievalPlanner(db: db, profile: .success(profile), environment: [:], gate: RelevanceGate(minCosine: 2, minCoverage: 0))
        let refused = try await strict.plan("why does the cache grow with context length", mode: nil, limit: 5)
        XCTAssertEqual(refused.used, .hybrid)
        guard case .cosine = refused.relevance.signal else { return XCTFail("hybrid plans are judged on the cosine") }
        XCTAssertFalse(refused.relevance.isRelevant)
    }

    /// Waits (with a deadline) until the background embedder has nothing scheduled or running.
    func idle(_ e: BackgroundEmbedder, deadline: Double = 60) async throws {
        let waiter = Task { await e.waitUntilIdle() }
        let timeout = Task { try await Task.sleep(for: .seconds(deadline)); waiter.cancel() }
        await waiter.value
        timeout.cancel()
        XCTAssertFalse(waiter.isCancelled, "the background embedder did not finish within \(deadline) s")
    }

    func testSavedSnippetsAreEmbeddedInTheBackgroundAndFoundByTheRunningPlanner() async throws {
        try await embedAll()
        let p = planner()
        let events = EventLog()
        let bg = BackgroundEmbedder(db: db, profile: profile, environment: [:], planner: p, delay: .milliseconds(50),
                                    onEvent: { events.append($0) })
        let first = try await p.plan("anything", mode: .vector, limit: 10)
        XCTAssertEqual(first.hits.count, 2)

        // Two saves in quick succession, as the app does after edits
        let a = try db.createSnippet(notebookID: notebook.id, title: "Tokenizers", body: "Byte-pair encoding merges frequent pairs.")
        bg.noteSaved()
        let b = try db.createSnippet(notebookID: notebook.id, title: "Sampling", body: "Temperature scales the logits.")
        bg.noteSaved()
        try await idle(bg)
        XCTAssertEqual(try db.embeddingState(model: "nomic-embed-text").pending, 0)
        XCTAssertEqual(events.embedded, 2, "\(events.all)")
        let second = try await p.plan("anything", mode: .vector, limit: 10)
        XCTAssertEqual(Set(second.hits.map(\.hit.snippetID)).isSuperset(of: [a.id, b.id]), true)

        // The server goes away: the run fails and says so; the new chunk stays pending for a later run
        sim.stop()
        _ = try db.createSnippet(notebookID: notebook.id, title: "Offline", body: "Written while the server was down.")
        bg.noteSaved()
        try await idle(bg)
        XCTAssertTrue(events.all.contains { if case .failed = $0 { return true } else { return false } }, "\(events.all)")
        XCTAssertEqual(try db.embeddingState(model: "nomic-embed-text").pending, 1)
    }

    func testPrepareIndexLoadsTheIndexBeforeTheFirstSearch() async throws {
        // Given an indexed database with its index file
        try await embedAll()
        XCTAssertEqual(try PersistedVectorIndex.save(db: db, model: "nomic-embed-text"), 2)
        // When the app starts its planner and prepares the index, Then the index is mapped before any search runs
        let requests = embedRequests()
        let p = planner()
        p.prepareIndex()
        let deadline = Date().addingTimeInterval(30)
        var source: VectorIndexSource?
        while source == nil, Date() < deadline {
            source = await p.indexSource()
            if source == nil { await Task.yield() }
        }
        XCTAssertEqual(source, .mapped)
        XCTAssertEqual(embedRequests(), requests, "preparing the index asks the model for nothing")
        let plan = try await p.plan("attention", mode: .hybrid, limit: 5)
        XCTAssertEqual(plan.used, .hybrid)
    }

    func testTheIndexFileIsWrittenOnFirstUseMappedByTheNextPlannerAndRewrittenAfterBackgroundEmbedding() async throws {
        // Given an indexed database without an index file
        try await embedAll()
        let file = PersistedVectorIndex.path(forDatabase: db.path)
        XCTAssertFalse(FileManager.default.fileExists(atPath: file))
        // When a first planner runs a hybrid search, Then it read the database and wrote the file
        let p = planner()
        let first = try await p.plan("attention", mode: .hybrid, limit: 5)
        XCTAssertEqual(first.used, .hybrid)
        let source1 = await p.indexSource()
        XCTAssertEqual(source1, .rebuilt(.missing, written: true))
        // When another planner (the next `recall search`) searches, Then it maps the file and finds the same hits
        let next = planner()
        let again = try await next.plan("attention", mode: .hybrid, limit: 5)
        let source2 = await next.indexSource()
        XCTAssertEqual(source2, .mapped)
        XCTAssertEqual(again.hits.map(\.hit.chunkID), first.hits.map(\.hit.chunkID))
        // When the app's background embedder embeds a new snippet, Then the file is rewritten for the new state
        let bg = BackgroundEmbedder(db: db, profile: profile, environment: [:], planner: next, delay: .milliseconds(50))
        let added = try db.createSnippet(notebookID: notebook.id, title: "Tokenizers", body: "Byte-pair encoding merges frequent pairs.")
        bg.noteSaved()
        try await idle(bg)
        let synced = try await next.plan("byte-pair encoding", mode: .vector, limit: 10)
        XCTAssertTrue(synced.hits.contains { $0.hit.snippetID == added.id })
        XCTAssertTrue(PersistedVectorIndex.isCurrent(db: db, model: "nomic-embed-text"), "the file matches the database after the run")
        let fresh = planner()
        let third = try await fresh.plan("byte-pair encoding", mode: .vector, limit: 10)
        let source3 = await fresh.indexSource()
        XCTAssertEqual(source3, .mapped)
        XCTAssertTrue(third.hits.contains { $0.hit.snippetID == added.id })
    }
}

/// Events collected from a background thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [BackgroundEmbedder.Event] = []
    func append(_ e: BackgroundEmbedder.Event) { lock.withLock { events.append(e) } }
    var all: [BackgroundEmbedder.Event] { lock.withLock { events } }
    /// Chunks embedded over all finished runs.
    var embedded: Int { all.reduce(0) { if case .finished(let n) = $1 { return $0 + n } else { return $0 } } }
}
