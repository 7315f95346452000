import ArgumentParser
import Foundation
import LLM
import Notebook
import RecallKit
import Retrieval
import Store

extension SearchMode: ExpressibleByArgument {}

/// `recall search`: BM25, vector or hybrid (fused) search over chunks and titles with highlighted excerpts.
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
    @Option(name: .customLong("rrf-k"), help: "Fuse hybrid search by reciprocal rank fusion with this constant (default: normalised-score fusion).") var rrfK: Int?
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
        if let rrfK, rrfK < 0 { throw ValidationError("--rrf-k must be 0 or more") }
        let db = try global.openForReading()
        let filter = SearchFilter(projectID: try project.map { try resolveProject(db, $0).id },
                                  notebookID: try notebook.map { try resolveNotebook(db, $0).id }, tag: tag)
        let planner = RetrievalPlanner(db: db, profile: Result { try embedding.profile() },
                                       fusion: rrfK.map { .reciprocalRank(k: $0) } ?? HybridSearch.defaultFusion)
        let plan: RetrievalPlan
        let log = try global.queryLog(profile: try? embedding.profile())
        let started = ContinuousClock.now
        func elapsedMS() -> Double { (ContinuousClock.now - started).secondsDouble * 1000 }
        do { plan = try await planner.plan(text, mode: mode, explicit: true, limit: limit, filter: filter) } catch let e as RetrievalUnavailable {
            log.record(QueryLogEntry(kind: .search, question: text, retrieval: mode?.rawValue, latency: QueryLatency(totalMS: elapsedMS()),
                                     outcome: .failed, error: e.description))
            throw CLIError(e.description)
        }
        let took = elapsedMS()
        log.record(QueryLogEntry(kind: .search, question: text, retrieval: plan.used.rawValue,
                                 latency: QueryLatency(retrievalMS: took, totalMS: took),
                                 outcome: plan.hits.isEmpty ? .noResults : .results, hits: plan.hits.count))
        if let why = plan.fallback { Output.note(why.description + " — using bm25") }
        let effective = plan.used, hits = plan.hits
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
            // The excerpt is sanitized first (one line); the highlight codes are ours, added after.
            let excerpt = Excerpt.render(Output.field(h.excerpt.replacingOccurrences(of: "\n", with: " ")),
                                         open: tty ? "\u{1B}[1;33m" : "**", close: tty ? "\u{1B}[0m" : "**")
            let score = effective == .hybrid ? String(format: "%.4f", r.score) : String(format: "%.2f", r.score)
            print("\(Output.short(h.snippetID))  \(Output.field(h.snippetTitle))  — \(Output.field(h.notebookTitle))  (\(score))")
            Output.styled("          \(excerpt)\n")
        }
    }
}
