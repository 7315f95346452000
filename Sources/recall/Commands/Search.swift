import ArgumentParser
import Foundation
import Notebook
import RecallKit
import Retrieval
import Store

extension SearchMode: ExpressibleByArgument {}

/// `recall search`: BM25, vector or hybrid (RRF) search over chunks and titles with highlighted excerpts.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Search your notes.",
        discussion: """
            Any text is a valid query. "exact phrase", -exclude and prefix* are understood; everything else is plain words.
            Without --mode, search is hybrid (BM25 and vector ranks fused) when the notes are embedded with the current \
            embedding model (`recall index`), and BM25 otherwise (saying so on stderr).
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(parsing: .allUnrecognized, help: "What to look for.") var query: [String]
    @Option(parsing: .unconditional, help: "Maximum number of hits.") var limit = 10
    @Option(help: "Only this notebook (id or title).") var notebook: String?
    @Option(help: "Only this project (id or title).") var project: String?
    @Option(help: "Only snippets (or notebooks) with this tag.") var tag: String?
    @Option(help: "Ranking: bm25, vector or hybrid (default: hybrid when embeddings exist, else bm25).") var mode: SearchMode?
    @Option(name: .customLong("rrf-k"), help: "Reciprocal rank fusion constant for hybrid search.") var rrfK = RankFusion.defaultK
    @OptionGroup var embedding: EmbeddingOptions

    /// One hit as printed with --json.
    struct Hit: Encodable {
        var snippetId: String
        var chunkId: Int64
        var notebookId: String
        var notebook: String
        var project: String
        var title: String
        var score: Double
        var excerpt: String
        var byteStart: Int
        var mode: String
        var bm25Rank: Int?
        var vectorRank: Int?
        var cosine: Double?
    }

    func run() async throws {
        let text = query.joined(separator: " ")
        guard limit > 0 else { throw ValidationError("--limit must be at least 1 (got \(limit))") }
        guard rrfK >= 0 else { throw ValidationError("--rrf-k must be 0 or more") }
        let db = try global.openForReading()
        let filter = SearchFilter(projectID: try project.map { try resolveProject(db, $0).id },
                                  notebookID: try notebook.map { try resolveNotebook(db, $0).id }, tag: tag)
        let (effective, searcher, vector) = try await prepare(db, text: text)
        let hits = try searcher.search(text, queryVector: vector, mode: effective, limit: limit, filter: filter)
        if global.json {
            try Output.json(hits.map { r in
                let h = r.hit
                return Hit(snippetId: h.snippetID, chunkId: h.chunkID, notebookId: h.notebookID, notebook: h.notebookTitle,
                           project: h.projectTitle, title: h.snippetTitle, score: r.score,
                           excerpt: Excerpt.render(h.excerpt, open: "**", close: "**"), byteStart: h.byteStart,
                           mode: effective.rawValue, bm25Rank: r.bm25Rank, vectorRank: r.vectorRank, cosine: r.cosine)
            })
            return
        }
        if hits.isEmpty { Output.note("no matches for \"\(text)\""); return }
        let tty = Output.stdoutIsTTY
        for r in hits {
            let h = r.hit
            let excerpt = Excerpt.render(Output.safe(h.excerpt), open: tty ? "\u{1B}[1;33m" : "**", close: tty ? "\u{1B}[0m" : "**")
                .replacingOccurrences(of: "\n", with: " ")
            let score = effective == .hybrid ? String(format: "%.4f", r.score) : String(format: "%.2f", r.score)
            print("\(Output.short(h.snippetID))  \(Output.safe(h.snippetTitle))  — \(Output.safe(h.notebookTitle))  (\(score))")
            print("          \(excerpt)")
        }
    }

    /// Chooses the mode, loads the vector index and embeds the query when the mode needs them.
    /// An explicit --mode vector/hybrid fails with a clear error when it cannot run; the default falls back to BM25.
    func prepare(_ db: AppDatabase, text: String) async throws -> (SearchMode, HybridSearch, [Float]?) {
        let bm25 = { (model: String) in (SearchMode.bm25, HybridSearch(db: db, model: model, index: nil, rrfK: rrfK), [Float]?.none) }
        if mode == .bm25 { return bm25("") }
        let explicit = mode != nil
        func fallBack(_ reason: String) throws -> (SearchMode, HybridSearch, [Float]?) {
            if explicit { throw CLIError(reason) }
            Output.note(reason + " — using bm25")
            return bm25("")
        }
        let profile: LLMProfile
        do { profile = try embedding.profile() } catch { return try fallBack("\(error)") }
        let model = profile.embedModel
        let models = try db.embeddingModels()
        let others = models.keys.filter { $0 != model }.sorted()
        if !others.isEmpty { return try fallBack(EmbeddingStoreError.staleModel(stored: others, configured: model).description) }
        if (models[model] ?? 0) == 0 { return try fallBack("no embeddings for \(model) yet (run `recall index`)") }
        let wanted = mode ?? .hybrid
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return (wanted, HybridSearch(db: db, model: model, index: nil, rrfK: rrfK), nil)
        }
        let loading = VectorIndexLoader.loadInBackground(db: db, model: model)
        let vector: [Float]
        do {
            vector = try await EmbeddingRuntime.embedQuery(text, embedder: EmbeddingRuntime.embedder(profile))
        } catch {
            loading.cancel()
            return try fallBack("vector search unavailable: \(error)")
        }
        guard let loaded = try await loading.value else { return try fallBack("no embeddings for \(model) yet (run `recall index`)") }
        if vector.count != loaded.index.dimension {
            return try fallBack(RetrievalError.dimensionMismatch(expected: loaded.index.dimension, got: vector.count).description)
        }
        return (wanted, HybridSearch(db: db, model: model, index: loaded.index, rrfK: rrfK), vector)
    }
}
