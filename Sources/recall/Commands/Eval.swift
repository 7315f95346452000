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
        commandName: "eval", abstract: "Evaluate retrieval quality on a BEIR-layout dataset, or answers to labelled questions.",
        subcommands: [EvalRetrievalCommand.self, EvalAnswersCommand.self])
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
    @Option(name: .customLong("rrf-k"), help: "Fuse hybrid by reciprocal rank fusion with this constant (default: normalised-score fusion).") var rrfK: Int?
    @Option(help: "Chunks per embedding request.") var batch = 16
    @Option(help: "Keep the evaluation database at this path instead of a temporary one; a database kept by an earlier run on the same corpus is reused (nothing re-imported or re-embedded).") var keepDb: String?
    @Option(help: "Hybrid: the BM25 weight of normalised-score fusion, 0…1 (default \(Self.defaultWeight)).") var lexicalWeight: Double?
    @Option(help: "Hybrid: how many hits of each list are fused (default \(HybridSearch.defaultDepth)).") var depth = HybridSearch.defaultDepth
    @Option(help: "Write each query's BM25 and vector lists (document, score; best chunk per document) as JSON lines to this file, for tuning fusion and the relevance gate offline.")
    var runsOut: String?

    /// The JSON report.
    struct Report: Encodable {
        var documents: Int
        var queries: Int
        var judgedQueries: Int
        var embedModel: String?
        var modes: [String: RetrievalMetrics.Summary]
        var relevance: [String: GateFigures]
        var seconds: [String: Double]
    }

    /// How the relevance gate (`RelevanceGate.tuned`) did on the top hits of each query: "nothing relevant" said for
    /// a question without qrels is a hit. Precision and recall are of that verdict.
    struct GateFigures: Encodable {
        var unanswerable: Int
        var flagged: Int
        var correctlyFlagged: Int
        var precision: Double
        var recall: Double
    }

    func run() async throws {
        let data = try BEIRDataset.load(corpus: corpus, queries: queries, qrels: qrels)
        guard !data.corpus.isEmpty else { throw CLIError("\(corpus) has no documents") }
        guard !data.queries.isEmpty else { throw CLIError("\(queries) has no queries") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-eval-\(UUID().uuidString)").path
        let path = keepDb.map { ($0 as NSString).expandingTildeInPath } ?? dir + "/eval.db"
        if let w = lexicalWeight, !(0...1).contains(w) { throw ValidationError("--lexical-weight must be between 0 and 1") }
        guard depth > 0 else { throw ValidationError("--depth must be at least 1") }
        let reuse = keepDb != nil && FileManager.default.fileExists(atPath: path)
        defer { if keepDb == nil { try? FileManager.default.removeItem(atPath: dir) } }
        let db = try AppDatabase(path: path)
        let started = Date()
        let docOf = reuse ? try Self.corpusMap(data.corpus, in: db, path: path) : try Self.importCorpus(data.corpus, into: db)
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
                                      progress: { if !global.json && $0.event == .progress && isatty(2) == 1 { Output.styled("\r" + Output.field($0.statusLine) + "  ", toStderr: true) } })
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

        let searcher = HybridSearch(db: db, model: profile?.embedModel ?? "", index: index,
                                    fusion: rrfK.map { .reciprocalRank(k: $0) } ?? lexicalWeight.map { .normalizedScores(lexicalWeight: $0) } ?? HybridSearch.defaultFusion,
                                    depth: depth)
        if let runsOut { try Self.writeRuns(to: runsOut, data: data, searcher: searcher, queryVectors: queryVectors, docOf: docOf) }
        var summaries: [String: RetrievalMetrics.Summary] = [:]
        var relevance: [String: GateFigures] = [:]
        for m in modes {
            let t0 = Date()
            // Top-10 metrics from what a user sees (a search for 20 chunks, fused at the default depth);
            // Recall@100 from a deep search (200 chunks).
            var top: [String: [String]] = [:], deep: [String: [String]] = [:]
            var gate = GateFigures(unanswerable: 0, flagged: 0, correctlyFlagged: 0, precision: 1, recall: 1)
            for (i, q) in data.queries.enumerated() {
                let vector = queryVectors.isEmpty ? nil : queryVectors[i]
                func docs(_ hits: [RankedHit]) -> [String] {
                    var seen = Set<String>()
                    return hits.compactMap { docOf[$0.hit.snippetID] }.filter { seen.insert($0).inserted }
                }
                let page = try searcher.search(q.text, queryVector: vector, mode: m, limit: 20)
                top[q.id] = docs(page)
                deep[q.id] = Array(docs(try searcher.search(q.text, queryVector: vector, mode: m, limit: 200)).prefix(100))
                let unanswerable = (data.qrels[q.id] ?? [:]).values.allSatisfy { $0 <= 0 }
                let nothing = !RelevanceGate.tuned.isRelevant(try RelevanceGate.Evidence(q.text, hits: page, db: searcher.db))
                if unanswerable { gate.unanswerable += 1 }
                if nothing { gate.flagged += 1 }
                if nothing && unanswerable { gate.correctlyFlagged += 1 }
            }
            if gate.flagged > 0 { gate.precision = Double(gate.correctlyFlagged) / Double(gate.flagged) }
            if gate.unanswerable > 0 { gate.recall = Double(gate.correctlyFlagged) / Double(gate.unanswerable) }
            relevance[m.rawValue] = gate
            seconds[m.rawValue] = Date().timeIntervalSince(t0)
            let judged = data.qrels.filter { q in data.queries.contains { $0.id == q.key } }
            var summary = RetrievalMetrics.summarize(runs: top, qrels: judged)
            summary.recall100 = RetrievalMetrics.summarize(runs: deep, qrels: judged).recall100
            summaries[m.rawValue] = summary
        }
        let judged = summaries.values.first?.queries ?? 0
        if global.json {
            try Output.json(Report(documents: data.corpus.count, queries: data.queries.count, judgedQueries: judged,
                                   embedModel: profile?.embedModel, modes: summaries, relevance: relevance, seconds: seconds))
            return
        }
        print("\(data.corpus.count) documents, \(data.queries.count) queries (\(judged) judged)" + (profile.map { ", embeddings: \($0.embedModel)" } ?? ""))
        print("mode     nDCG@10  Recall@10  Recall@100  MRR@10  nothing-relevant: precision recall (of N unanswerable)")
        for m in modes {
            guard let s = summaries[m.rawValue], let g = relevance[m.rawValue] else { continue }
            print(m.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                  + String(format: " %7.4f  %9.4f  %10.4f  %6.4f  %.3f %.3f (%d)", s.ndcg10, s.recall10, s.recall100, s.mrr10,
                           g.precision, g.recall, g.unanswerable))
        }
    }

    /// One line of --runs-out.
    struct RunLine: Encodable {
        var id: String
        var text: String
        var judged: Bool
        var bm25: [[String]]
        var vector: [[String]]
        /// The best share of the question's words matched by one of the top BM25 hits (the offline gate's signal).
        var coverage: Double?
    }

    /// Writes the deep BM25 and vector lists of every query (200 chunks each, best chunk per document).
    static func writeRuns(to path: String, data: BEIRDataset, searcher: HybridSearch, queryVectors: [[Float]], docOf: [String: String]) throws {
        var out = Data()
        let encoder = JSONEncoder()
        for (i, q) in data.queries.enumerated() {
            func list(_ mode: SearchMode, _ vector: [Float]?) throws -> [[String]] {
                var seen = Set<String>()
                return try searcher.search(q.text, queryVector: vector, mode: mode, limit: 200).compactMap { r in
                    guard let doc = docOf[r.hit.snippetID], seen.insert(doc).inserted else { return nil }
                    return [doc, String(mode == .bm25 ? -(r.bm25 ?? 0) : (r.cosine ?? 0))]
                }
            }
            let vector = queryVectors.isEmpty ? nil : queryVectors[i]
            let lexical = try searcher.search(q.text, queryVector: nil, mode: .bm25, limit: 20)
            let line = RunLine(id: q.id, text: q.text, judged: !(data.qrels[q.id] ?? [:]).isEmpty,
                               bm25: try list(.bm25, nil), vector: vector == nil ? [] : try list(.vector, vector),
                               coverage: try RelevanceGate.Evidence(q.text, hits: lexical, db: searcher.db).topCoverage)
            out += try encoder.encode(line) + Data("\n".utf8)
        }
        try out.write(to: URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
    }

    /// The BM25 weight of the default fusion (for --help).
    static var defaultWeight: Double {
        if case .normalizedScores(let w) = HybridSearch.defaultFusion { return w }
        return 0.5
    }

    /// Snippet id → document id of a database kept by an earlier run on the same corpus.
    static func corpusMap(_ docs: [BEIRDataset.Document], in db: AppDatabase, path: String) throws -> [String: String] {
        guard let node = try db.tree().first(where: { $0.project.title == "eval" })?.notebooks.first,
              node.snippets.count == docs.count else {
            throw CLIError("\(path) was not kept by `recall eval retrieval` on this corpus — choose a new path for --keep-db")
        }
        var out: [String: String] = [:]
        for s in node.snippets where s.position < docs.count { out[s.id] = docs[s.position].id }
        return out
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
