import RecallBench
import ArgumentParser
import Foundation
import LLM
import Notebook
import RecallKit
import Retrieval
import Store

/// `recall eval`: evaluations of Recall's quality.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate retrieval quality on a BEIR-layout dataset.",
        subcommands: [EvalRetrievalCommand.self])
}

/// `recall eval retrieval`: nDCG@10, Recall@10/100 and MRR@10 per search mode on a BEIR-layout dataset.
struct EvalRetrievalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrieval", abstract: "nDCG@10, Recall@10/100 and MRR@10 of bm25, vector and hybrid search.",
        discussion: """
            The corpus is imported into a temporary database (one snippet per document, title + text), embedded with \
            the configured embedding model when a vector mode is asked for, and every query is run in each mode. \
            Documents split into several chunks are ranked by their best chunk. Without --mode, all three modes run \
            when the embedding server answers, and bm25 alone otherwise (saying so on stderr).
            """)
    @OptionGroup var global: GlobalOptions
    @OptionGroup var embedding: EmbeddingOptions
    @Option(help: "corpus.jsonl: one {\"_id\", \"title\", \"text\"} per line.") var corpus: String
    @Option(help: "queries.jsonl: one {\"_id\", \"text\"} per line.") var queries: String
    @Option(help: "qrels TSV: query-id, corpus-id, score (header line first).") var qrels: String
    @Option(help: "A mode to evaluate (repeatable): bm25, vector, hybrid.") var mode: [SearchMode] = []
    @Option(name: .customLong("rrf-k"), help: "Reciprocal rank fusion constant.") var rrfK = RankFusion.defaultK
    @Option(help: "Chunks per embedding request.") var batch = 16
    @Option(help: "Keep the evaluation database at this path (must not exist) instead of a temporary one.") var keepDb: String?

    /// The JSON report.
    struct Report: Encodable {
        var documents: Int
        var queries: Int
        var judgedQueries: Int
        var embedModel: String?
        var modes: [String: RetrievalMetrics.Summary]
        var seconds: [String: Double]
    }

    func run() async throws {
        let data = try BEIRDataset.load(corpus: corpus, queries: queries, qrels: qrels)
        guard !data.corpus.isEmpty else { throw CLIError("\(corpus) has no documents") }
        guard !data.queries.isEmpty else { throw CLIError("\(queries) has no queries") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-eval-\(UUID().uuidString)").path
        let path = keepDb.map { ($0 as NSString).expandingTildeInPath } ?? dir + "/eval.db"
        if keepDb != nil, FileManager.default.fileExists(atPath: path) { throw CLIError("\(path) already exists — choose a new path for --keep-db") }
        defer { if keepDb == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let db = try AppDatabase(path: path)
        let started = Date()
        let docOf = try Self.importCorpus(data.corpus, into: db)
        var seconds = ["import": Date().timeIntervalSince(started)]

        var modes = mode.isEmpty ? SearchMode.allCases : NSOrderedSet(array: mode).array.compactMap { $0 as? SearchMode }
        var profile: LLMProfile?
        var index: VectorIndex<Int64>?
        var queryVectors: [[Float]] = []
        if modes.contains(where: { $0 != .bm25 }) {
            do {
                let p = try embedding.profile()
                let embedder = EmbeddingRuntime.embedder(p)
                let t0 = Date()
                try await Indexer.run(db: db, model: p.embedModel, pipeline: EmbeddingPipeline(batchSize: batch),
                                      embed: { try await embedder.embed(texts: $0, kind: .document) },
                                      shrinkable: EmbeddingRuntime.shrinkable,
                                      progress: { if !global.json && $0.event == "progress" && isatty(2) == 1 { Output.styled("\r" + Output.field($0.statusLine) + "  ", toStderr: true) } })
                if !global.json && isatty(2) == 1 { Output.err("\n") }
                seconds["embed_corpus"] = Date().timeIntervalSince(t0)
                index = try VectorIndexLoader.load(db: db, model: p.embedModel, storage: .int8)?.index
                let t1 = Date()
                queryVectors = try await embedder.embed(texts: data.queries.map { EmbeddingPipeline.fit($0.text, limit: EmbeddingRuntime.maxQueryCharacters).text }, kind: .query)
                seconds["embed_queries"] = Date().timeIntervalSince(t1)
                profile = p
            } catch {
                if !mode.isEmpty { throw CLIError("cannot embed for vector search: \(error)") }
                Output.note("vector search unavailable (\(error)) — evaluating bm25 only")
                modes = [.bm25]
            }
        }

        let searcher = HybridSearch(db: db, model: profile?.embedModel ?? "", index: index, rrfK: rrfK)
        var summaries: [String: RetrievalMetrics.Summary] = [:]
        for m in modes {
            let t0 = Date()
            // Top-10 metrics from what a user sees (a search for 20 chunks, fused at the default depth);
            // Recall@100 from a deep search (200 chunks).
            var top: [String: [String]] = [:], deep: [String: [String]] = [:]
            for (i, q) in data.queries.enumerated() {
                let vector = queryVectors.isEmpty ? nil : queryVectors[i]
                func docs(_ limit: Int) throws -> [String] {
                    var seen = Set<String>()
                    return try searcher.search(q.text, queryVector: vector, mode: m, limit: limit)
                        .compactMap { docOf[$0.hit.snippetID] }.filter { seen.insert($0).inserted }
                }
                top[q.id] = try docs(20)
                deep[q.id] = Array(try docs(200).prefix(100))
            }
            seconds[m.rawValue] = Date().timeIntervalSince(t0)
            let judged = data.qrels.filter { q in data.queries.contains { $0.id == q.key } }
            var summary = RetrievalMetrics.summarize(runs: top, qrels: judged)
            summary.recall100 = RetrievalMetrics.summarize(runs: deep, qrels: judged).recall100
            summaries[m.rawValue] = summary
        }
        let judged = summaries.values.first?.queries ?? 0
        if global.json {
            try Output.json(Report(documents: data.corpus.count, queries: data.queries.count, judgedQueries: judged,
                                   embedModel: profile?.embedModel, modes: summaries, seconds: seconds))
            return
        }
        print("\(data.corpus.count) documents, \(data.queries.count) queries (\(judged) judged)" + (profile.map { ", embeddings: \($0.embedModel)" } ?? ""))
        print("mode     nDCG@10  Recall@10  Recall@100  MRR@10")
        for m in modes {
            guard let s = summaries[m.rawValue] else { continue }
            print(m.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                  + String(format: " %7.4f  %9.4f  %10.4f  %6.4f", s.ndcg10, s.recall10, s.recall100, s.mrr10))
        }
    }

    /// Imports one snippet per document in one transaction; returns snippet id → document id.
    static func importCorpus(_ docs: [BEIRDataset.Document], into db: AppDatabase) throws -> [String: String] {
        let snippets = docs.map { ParsedSnippet(title: $0.title.isEmpty ? "Untitled" : String($0.title.prefix(200)), body: $0.text) }
        _ = try db.importNotebooks([ImportedNotebook(projectTitle: "eval", sourceName: "corpus.jsonl",
                                                     notebook: ParsedNotebook(title: "corpus", snippets: snippets))])
        guard let node = try db.tree().first?.notebooks.first else { throw CLIError("the corpus could not be imported") }
        var out: [String: String] = [:]
        for s in node.snippets where s.position < docs.count { out[s.id] = docs[s.position].id }
        return out
    }
}
