import RecallBench
import Seeded
import ArgumentParser
import Foundation
import Notebook
import Retrieval
import Store

/// `recall bench store`: imports a generated corpus into a fresh database and measures import throughput and BM25
/// latency, next to a baseline in the same run (natural-language questions searched with stop words kept).
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Import a generated corpus; report import throughput and BM25 latency.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Number of chunks to generate.") var chunks = 100_000
    @Option(help: "Queries per kind.") var queries = 200
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Folder for the temporary database (default: the system temp dir).") var dir: String?
    @Option(help: "Keep the generated database at this path and reuse it when it exists (then import is not measured).") var database: String?

    func run() throws {
        var rng = SeededGenerator(seed: seed)
        let vocab = BenchCorpus.vocabulary(&rng, size: 50_000)
        let perSnippet = 5
        let snippetCount = max(1, chunks / perSnippet)
        let perNotebook = 200
        var notebooks: [ImportedNotebook] = []
        var snippets: [ParsedSnippet] = []
        for i in 0..<snippetCount {
            var body = ""
            for p in 0..<perSnippet {
                body += "### Part \(p + 1)\n\n" + BenchCorpus.paragraph(&rng, vocab: vocab, words: 110) + "\n\n"
            }
            snippets.append(ParsedSnippet(title: "Snippet \(i) " + vocab[Int(rng.next() % UInt64(vocab.count))], body: body))
            if snippets.count == perNotebook || i == snippetCount - 1 {
                notebooks.append(ImportedNotebook(projectTitle: "Bench \(notebooks.count / 50)", sourceName: "nb-\(notebooks.count).md",
                                                  notebook: ParsedNotebook(title: "Notebook \(notebooks.count)", snippets: snippets)))
                snippets = []
            }
        }
        let base = dir ?? NSTemporaryDirectory()
        let path = database ?? (base as NSString).appendingPathComponent("recall-bench-\(UUID().uuidString.prefix(8)).db")
        let reused = database.map { FileManager.default.fileExists(atPath: $0) } ?? false
        defer { if database == nil { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } } }
        let db = try AppDatabase(path: path)

        var importSeconds = 0.0, bareSeconds = 0.0
        var bareCount = 0
        if !reused {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try db.importNotebooks(notebooks)
            importSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
            let allTexts = notebooks.flatMap { $0.notebook.snippets.map(\.body) }
            let bareTexts = allTexts.flatMap { AppDatabaseChunks.split($0) }
            bareCount = bareTexts.count
            let barePath = path + "-bare"
            defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: barePath + s) } }
            bareSeconds = try BenchSupport.bareFTSInsertSeconds(path: barePath, texts: bareTexts)
        }
        let stored = try db.counts().chunks

        // Queries: keywords (2–3 content words) and natural-language questions (content words wrapped in stop words).
        var keyword: [String] = [], natural: [String] = []
        for _ in 0..<queries {
            let w = (0..<3).map { _ in BenchCorpus.pick(&rng, vocab) }
            keyword.append(w.prefix(2 + Int(rng.next() % 2)).joined(separator: " "))
            let c = BenchCorpus.common[Int(rng.next() % UInt64(BenchCorpus.common.count))]
            natural.append("what is the difference between \(w[0]) and \(w[1]) when the \(c) is used for \(w[2]) in a project?")
        }
        func time(_ qs: [String], _ body: (String) throws -> Int) rethrows -> (median: Double, p95: Double, hits: Int) {
            var ms: [Double] = []
            var hits = 0
            for q in qs {
                let s = DispatchTime.now().uptimeNanoseconds
                hits += try body(q)
                ms.append(Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6)
            }
            ms.sort()
            return (ms[ms.count / 2], ms[min(ms.count - 1, Int(Double(ms.count) * 0.95))], hits)
        }
        let kw = try time(keyword) { try db.search($0, limit: 10).count }
        let nl = try time(natural) { try db.search($0, limit: 10).count }
        let cold = try time(natural) { db.benchmarkForgetTermCounts(); return try db.search($0, limit: 10).count }
        let naive = try time(natural) { try db.benchmarkRawSearch(BenchCorpus.naiveOrQuery($0), limit: 10) }
        let fullOr = try time(natural) { try db.benchmarkRawSearch(SearchQuery($0).ftsExpression(matchAll: false) ?? "", limit: 10) }
        // Quality check of skipping frequent words: overlap of our top 10 with the top 10 of every content word ORed.
        var overlap = 0.0
        for q in natural {
            let ours = Set(try db.search(q, limit: 10).map(\.chunkID))
            let full = Set(try db.benchmarkRawHits(SearchQuery(q).ftsExpression(matchAll: false) ?? "", limit: 10))
            overlap += full.isEmpty ? 1 : Double(ours.intersection(full).count) / Double(full.count)
        }
        overlap /= Double(natural.count)
        // How the OR step was answered: the bound proved the top 10 (pruned), or the full query ranked.
        var proven = 0, attempted = 0
        for q in natural {
            switch try db.benchmarkPruningOutcome(q, limit: 10) {
            case .proven: proven += 1; attempted += 1
            case .fullQuery(let tried): if tried { attempted += 1 }
            }
        }
        let provenShare = Double(proven) / Double(max(1, natural.count))

        let rate = reused ? 0 : Double(stored) / importSeconds
        if global.json {
            try Output.json(["chunks": Double(stored), "import_seconds": importSeconds, "bare_fts_seconds": bareSeconds, "chunks_per_second": rate,
                             "keyword_median_ms": kw.median, "keyword_p95_ms": kw.p95, "nl_median_ms": nl.median, "nl_p95_ms": nl.p95, "nl_top10_overlap": overlap,
                             "nl_pruning_proven_share": provenShare,
                             "baseline_nl_median_ms": naive.median, "baseline_nl_p95_ms": naive.p95,
                             "nl_cold_counts_median_ms": cold.median, "nl_cold_counts_p95_ms": cold.p95,
                             "full_or_nl_median_ms": fullOr.median, "full_or_nl_p95_ms": fullOr.p95])
            return  // --json prints the one JSON document only
        }
        print("corpus: \(stored) chunks in \(snippetCount) snippets (seed \(seed))")
        if reused {
            print("import: not measured (reused \(path))")
        } else {
            print(String(format: "import: %.2f s, %.0f chunks/s (target ≥ 20000)", importSeconds, rate))
            print(String(format: "baseline: bare FTS5 insert of the same %d chunk texts: %.2f s, %.0f rows/s — our import costs %.1f× that",
                         bareCount, bareSeconds, Double(bareCount) / bareSeconds, importSeconds / bareSeconds))
        }
        print(String(format: "keyword query (2–3 words, AND then OR):   median %.2f ms  p95 %.2f ms", kw.median, kw.p95))
        print(String(format: "NL question (stop words skipped, OR; words in ≥ 5%% of chunks pruned with a bound): median %.2f ms  p95 %.2f ms  (target ≤ 20 ms median at 1M chunks)", nl.median, nl.p95))
        print(String(format: "  top-10 overlap with ORing every content word: %.3f", overlap))
        print(String(format: "  exactness: the bound proved the top 10 for %.1f%% of questions; %d of %d ran the full query after trying, %d had nothing to prune",
                     provenShare * 100, attempted - proven, natural.count, natural.count - attempted))
        print(String(format: "  with no word counts remembered (as a fresh `recall search` process): median %.2f ms  p95 %.2f ms", cold.median, cold.p95))
        print(String(format: "reference: ORing every content word, no pruning (the exact ranking): median %.2f ms  p95 %.2f ms — pruning %.1f× faster",
                     fullOr.median, fullOr.p95, fullOr.median / max(nl.median, 0.001)))
        print(String(format: "baseline NL (all words ORed, stop words kept): median %.2f ms  p95 %.2f ms", naive.median, naive.p95))
        print(String(format: "ratio baseline/ours for NL questions: %.1f×", naive.median / max(nl.median, 0.001)))
    }
}

/// Deterministic generated text for benchmarks: Zipf-like word frequencies with English stop words mixed in.
enum BenchCorpus {
    static func vocabulary(_ rng: inout SeededGenerator, size: Int) -> [String] {
        let syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "vo", "zen", "pha", "dri", "qui", "stor", "bel", "mon", "tex", "gra"]
        var seen = Set<String>()
        var out: [String] = []
        while out.count < size {
            let n = 2 + Int(rng.next() % 3)
            let w = (0..<n).map { _ in syllables[Int(rng.next() % UInt64(syllables.count))] }.joined()
            if seen.insert(w).inserted { out.append(w) }
        }
        return out
    }

    /// A content word with Zipf (1/rank) frequencies over ranks 200…N: the head of the curve is the function and
    /// common words, drawn separately below, as in real technical prose.
    static func pick(_ rng: inout SeededGenerator, _ vocab: [String]) -> String {
        let u = Double(rng.next() % 1_000_000) / 1_000_000
        let lo = 200.0
        let k = lo * pow(Double(vocab.count) / lo, u)
        return vocab[min(vocab.count - 1, max(0, Int(k) - 1))]
    }

    static let fillers = ["the", "a", "of", "to", "and", "in", "is", "it", "that", "for", "with", "as", "on", "this", "be", "are"]
    /// Frequent content words (not stop words): they appear in many chunks and in many questions.
    static let common = ["data", "model", "query", "index", "time", "file", "user", "note", "search", "value", "list", "text",
                         "system", "code", "test", "function", "result", "table", "vector", "server"]

    static func paragraph(_ rng: inout SeededGenerator, vocab: [String], words: Int) -> String {
        var out: [String] = []
        out.reserveCapacity(words)
        for _ in 0..<words {
            let roll = rng.next() % 20
            out.append(roll < 8 ? fillers[Int(rng.next() % UInt64(fillers.count))]
                       : roll < 9 ? common[Int(rng.next() % UInt64(common.count))] : pick(&rng, vocab))
        }
        return out.joined(separator: " ") + "."
    }

    /// What a naive builder sends: every word quoted and ORed, stop words kept.
    static func naiveOrQuery(_ text: String) -> String {
        text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { "\"\($0)\"" }.joined(separator: " OR ")
    }
}


/// The chunk texts the store would make, for the bare-FTS baseline.
enum AppDatabaseChunks {
    static let chunker = Chunker()
    static func split(_ body: String) -> [String] { chunker.chunks(of: body, kind: .markdown).map(\.text) }
}
