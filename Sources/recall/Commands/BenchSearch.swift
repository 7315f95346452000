import RecallBench
import Seeded
import ArgumentParser
import Foundation
import Notebook
import RecallKit
import Retrieval
import Store

/// `recall bench search`: vector scan speed per storage type against the machine's measured read bandwidth and a
/// plain-loop baseline in the same process, top-10 overlap of quantised storage with exact search, and hybrid
/// (BM25 + int8 vector with SQLite rescoring + RRF) latency and index memory on a generated database.
struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "search", abstract: "Vector index scan speed against memory bandwidth and a plain-loop baseline.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Numbers of vectors, comma-separated.") var n = "100000,1000000"
    @Option(help: "Dimensions, comma-separated.") var dim = "384,768"
    @Option(help: "Queries per configuration.") var queries = 30
    @Option(help: "Storage types, comma-separated (float32, float16, int8).") var storage = "float32,float16,int8"
    @Option(help: "Quantised candidates rescored exactly (the app rescores 100).") var candidates = 100
    @Option(help: "Queries timed with the plain-loop baseline (slow).") var baselineQueries = 3
    @Option(help: "Chunks in the generated database for the hybrid measurement (0 skips it).") var hybridN = 100_000
    @Option(help: "Vector dimension for the hybrid measurement.") var hybridDim = 768
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Folder for the temporary database (default: the system temp dir).") var dir: String?

    /// The hybrid measurement.
    struct Hybrid: Encodable {
        var chunks: Int
        var dimension: Int
        var queries: Int
        var hybridMedianMs: Double
        var hybridP95Ms: Double
        var bm25MedianMs: Double
        var vectorMedianMs: Double
        var vectorScanMedianMs: Double
        var rescoreFetchMedianMs: Double
        var hitsMedianMs: Double
        var indexMatrixBytes: Int
        var indexResidentBytes: Int
        var indexEstimatedBytes: Int
        var sqliteReaderResidentBytes: Int
        var loadSeconds: Double
        var fileBytes: Int
        var fileWriteMs: Double
        var fileOpenMedianMs: Double
        var fileOpenNoChecksumMedianMs: Double
        var mappedFirstHybridMs: Double
        var mappedHybridMedianMs: Double
        var bm25PruningOverlapAt10: Double
        /// The BM25 part at the same depth as FTS5 `bm25()` over every content word ORed (the unpruned reference).
        var bm25FullOrMedianMs: Double
    }

    /// Everything printed with --json.
    struct Report: Encodable {
        var cores: Int
        var scanKernel: String
        var scanKernelWarning: String?
        var readBandwidthGBps: Double
        var rows: [VectorBenchmark.Row]
        var hybrid: Hybrid?
    }

    func run() throws {
        let ns = try list(n, "--n"), dims = try list(dim, "--dim")
        let storages = try storage.split(separator: ",").map { s -> VectorStorage in
            guard let v = VectorStorage(rawValue: s.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("unknown storage '\(s)' — use float32, float16 or int8") }
            return v
        }
        guard queries > 0 else { throw ValidationError("--queries must be at least 1") }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let selection = ScanKernel.select(environment: ProcessInfo.processInfo.environment)
        if let warning = selection.warning { note(warning) }
        let kernel = selection.kernel
        note("int8 scan kernel: \(kernel.rawValue) (best on this CPU: \(ScanKernel.best.rawValue))")
        note("measuring read bandwidth on \(cores) cores…")
        let bandwidthStart = VectorBenchmark.measureReadBandwidth()
        var bandwidth = bandwidthStart
        note(String(format: "read bandwidth %.1f GB/s", bandwidth))
        var rows: [VectorBenchmark.Row] = []
        for count in ns {
            for d in dims {
                rows += try VectorBenchmark.run(n: count, dimension: d, queries: queries, candidates: candidates, bandwidth: bandwidth,
                                            seed: seed, storages: storages, baselineQueries: baselineQueries, kernel: kernel, progress: note)
            }
        }
        let hybrid = hybridN > 0 ? try measureHybrid() : nil
        // Other processes share the memory bus: probe again at the end and keep the better figure, and
        // recompute each row's fraction against it.
        let bandwidthEnd = VectorBenchmark.measureReadBandwidth()
        bandwidth = max(bandwidthStart, bandwidthEnd)
        for i in rows.indices { rows[i].bandwidthFraction = rows[i].scanGBps / bandwidth }
        if global.json {
            try Output.json(Report(cores: cores, scanKernel: kernel.rawValue, scanKernelWarning: selection.warning,
                                   readBandwidthGBps: bandwidth, rows: rows, hybrid: hybrid))
            return
        }
        print(String(format: "cores %d, measured read bandwidth %.1f GB/s (probes at start %.1f, end %.1f; %%bw uses the higher), top-10, %d queries per row",
                     cores, bandwidth, bandwidthStart, bandwidthEnd, queries))
        print("int8 scan kernel: \(kernel.rawValue) (chosen at start from the CPU; best here: \(ScanKernel.best.rawValue); \(ScanKernel.environmentKey) forces one)"
              + (selection.warning.map { " — " + $0 } ?? ""))
        print("N        dim  storage               median ms   p95 ms  scan ms   GB/s  %bw   overlap@10 (scan only)   matrix MB")
        for r in rows {
            print(String(format: "%-8d %4d  %-22@%9.2f %8.2f %8.2f %6.1f %4.0f%%   %.3f (%.3f)            %8.1f",
                         r.n, r.dimension, r.storage as NSString, r.medianMs, r.p95Ms, r.scanMedianMs, r.scanGBps,
                         r.bandwidthFraction * 100, r.overlapAt10, r.overlapWithoutRescoring, Double(r.matrixBytes) / 1e6))
        }
        for count in ns {
            for d in dims {
                let here = rows.filter { $0.n == count && $0.dimension == d }
                if let base = here.first(where: { $0.storage == "baseline-loop" }), let f = here.first(where: { $0.storage == "float32" }) {
                    let best = here.filter { $0.storage != "baseline-loop" && $0.overlapAt10 >= 0.99 }.min { $0.medianMs < $1.medianMs }
                    print(String(format: "%d×%d: float32 SIMD is %.1f× the plain loop", count, d, base.medianMs / f.medianMs)
                          + (best.map { String(format: "; best with overlap ≥ 0.99: %@ %.2f ms (%.1f× the plain loop)", $0.storage, $0.medianMs, base.medianMs / $0.medianMs) } ?? ""))
                }
                if let chosen = here.first(where: { $0.kernel == kernel.rawValue }), let swift = here.first(where: { $0.kernel == ScanKernel.swift.rawValue }), chosen.kernel != swift.kernel {
                    print(String(format: "%d×%d: int8 scan with the %@ kernel %.2f ms (%.0f%% of bandwidth) vs the Swift kernel %.2f ms (%.0f%%): %.1f×",
                                 count, d, kernel.rawValue, chosen.scanMedianMs, chosen.bandwidthFraction * 100, swift.scanMedianMs,
                                 swift.bandwidthFraction * 100, swift.scanMedianMs / max(chosen.scanMedianMs, 0.0001)))
                }
            }
        }
        if let h = hybrid {
            print(String(format: "hybrid %d×%d (BM25 + int8 scan + %d exact rescores from SQLite + RRF), %d queries: median %.2f ms, p95 %.2f ms (bm25 %.2f ms, vector %.2f ms)",
                         h.chunks, h.dimension, candidates, h.queries, h.hybridMedianMs, h.hybridP95Ms, h.bm25MedianMs, h.vectorMedianMs))
            print(String(format: "  BM25 part: top-10 overlap of the pruned query with ORing every content word: %.3f", h.bm25PruningOverlapAt10))
            print(String(format: "  BM25 part against FTS5 bm25() over every content word ORed at the same depth: %.2f ms vs %.2f ms (%.1f×)",
                         h.bm25MedianMs, h.bm25FullOrMedianMs, h.bm25FullOrMedianMs / max(h.bm25MedianMs, 0.001)))
            print(String(format: "  vector parts: int8 scan %.2f ms, fetching %d float32 BLOBs %.2f ms, hit metadata %.2f ms",
                         h.vectorScanMedianMs, candidates, h.rescoreFetchMedianMs, h.hitsMedianMs))
            print(String(format: "index memory: matrix %.1f MB, index total %.1f MB (matrix, scales, ids, id map), resident growth on load %.1f MB (loaded in %.1f s); SQLite reader after a full read: +%.1f MB",
                         Double(h.indexMatrixBytes) / 1e6, Double(h.indexEstimatedBytes) / 1e6, Double(h.indexResidentBytes) / 1e6, h.loadSeconds,
                         Double(h.sqliteReaderResidentBytes) / 1e6))
            print(String(format: "index file: %.1f MB written in %.0f ms; opened (mmap + checks + full checksum) in %.2f ms median (%.2f ms without the checksum) vs %.0f ms reading SQLite: %.0f× faster (target ≤ 20 ms at 100k×768)",
                         Double(h.fileBytes) / 1e6, h.fileWriteMs, h.fileOpenMedianMs, h.fileOpenNoChecksumMedianMs, h.loadSeconds * 1000,
                         h.loadSeconds * 1000 / max(h.fileOpenMedianMs, 0.001)))
            print(String(format: "hybrid on the mapped index: first query %.2f ms, median %.2f ms (in-memory index: median %.2f ms)",
                         h.mappedFirstHybridMs, h.mappedHybridMedianMs, h.hybridMedianMs))
        }
    }

    func list(_ text: String, _ flag: String) throws -> [Int] {
        let values = text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 > 0 }) else { throw ValidationError("\(flag) takes positive numbers separated by commas") }
        return values
    }

    func note(_ s: String) { Output.note("bench: " + s) }

    /// Resident set size of this process in bytes (Linux /proc).
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }

    /// Builds a database of `hybridN` one-chunk snippets with synthetic vectors, loads the int8 index and times hybrid search.
    func measureHybrid() throws -> Hybrid {
        let model = "bench-synthetic"
        let base = dir ?? NSTemporaryDirectory()
        let path = (base as NSString).appendingPathComponent("recall-bench-search-\(UUID().uuidString.prefix(8)).db")
        defer { for s in ["", "-wal", "-shm", "-vectors"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let db = try AppDatabase(path: path)
        var rng = SeededGenerator(seed: seed)
        let vocab = BenchCorpus.vocabulary(&rng, size: 50_000)
        note("hybrid: generating \(hybridN) chunks")
        var notebooks: [ImportedNotebook] = []
        var snippets: [ParsedSnippet] = []
        for i in 0..<hybridN {
            snippets.append(ParsedSnippet(title: "Snippet \(i)", body: BenchCorpus.paragraph(&rng, vocab: vocab, words: 80)))
            if snippets.count == 1000 || i == hybridN - 1 {
                notebooks.append(ImportedNotebook(projectTitle: "Bench", sourceName: "nb-\(notebooks.count).md",
                                                  notebook: ParsedNotebook(title: "Notebook \(notebooks.count)", snippets: snippets)))
                snippets = []
            }
        }
        _ = try db.importNotebooks(notebooks)
        note("hybrid: storing \(hybridDim)-dimensional vectors")
        let set = SyntheticVectors(seed: seed, dimension: hybridDim)
        var after = Int64.min
        while true {
            let page = try db.chunksToEmbed(model: model, after: after, limit: 2000)
            guard let last = page.last else { break }
            after = last.id
            try db.saveEmbeddings(page.map { EmbeddingRecord(chunkID: $0.id, contentHash: $0.contentHash, vector: set.vector(Int($0.id))) }, model: model)
        }
        note("hybrid: loading the int8 index")
        _ = glibcMallocTrim(0)
        // First read every BLOB without keeping it: what SQLite's reader connection keeps afterwards (page cache,
        // WAL index) is the database's, not the index's, and is measured apart.
        let r0 = Self.residentBytes()
        try db.forEachEmbedding(model: model) { _, _ in }
        _ = glibcMallocTrim(0)
        let sqliteResident = Self.residentBytes() - r0
        let before = Self.residentBytes()
        let t0 = Date()
        guard let loaded = try VectorIndexLoader.load(db: db, model: model, storage: .int8) else { throw CLIError("no vectors were stored") }
        let loadSeconds = Date().timeIntervalSince(t0)
        _ = glibcMallocTrim(0)  // hand back the loader's freed temporaries so RSS shows what the index keeps
        let resident = Self.residentBytes() - before
        let searcher = HybridSearch(db: db, model: model, index: loaded.index, rescoreCandidates: candidates)
        let count = max(queries, 20)
        var overlaps: [Double] = []
        var fullOr: [Double] = []
        var totals: [Double] = [], bm25: [Double] = [], vector: [Double] = [], scan: [Double] = [], fetch: [Double] = [], hits: [Double] = []
        for q in 0..<count {
            let words = (0..<3).map { _ in BenchCorpus.pick(&rng, vocab) }
            let text = "how does \(words[0]) relate to \(words[1]) and \(words[2])"
            let qv = set.query(q, count: hybridN)
            func ms(_ body: () throws -> Void) rethrows -> Double {
                let s = DispatchTime.now().uptimeNanoseconds
                try body()
                return Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6
            }
            totals.append(try ms { _ = try searcher.search(text, queryVector: qv, mode: .hybrid, limit: 10) })
            bm25.append(try ms { _ = try db.search(text, limit: searcher.depth) })
            fullOr.append(try ms { _ = try db.benchmarkRawSearch(SearchQuery(text).ftsExpression(matchAll: false) ?? "", limit: searcher.depth) })
            vector.append(try ms { _ = try searcher.vectorHits(qv, limit: searcher.depth, filter: SearchFilter()) })
            var top: [VectorHit<Int64>] = []
            scan.append(try ms { top = try loaded.index.search(qv, k: candidates) })
            fetch.append(try ms { _ = try db.embeddingVectors(chunkIDs: top.map(\.id), model: model) })
            hits.append(try ms { _ = try db.chunkHits(ids: Array(top.prefix(searcher.depth + 16)).map(\.id)) })
            // BM25's pruning (stop words and words in > 5 % of chunks skipped) against ORing every content word.
            let ours = Set(try db.search(text, limit: 10).map(\.chunkID))
            let full = Set(try db.benchmarkRawHits(SearchQuery(text).ftsExpression(matchAll: false) ?? "", limit: 10))
            overlaps.append(full.isEmpty ? 1 : Double(ours.intersection(full).count) / Double(full.count))
        }
        // The persisted index: written once, then opened as `recall search` opens it (mmap + header, size, database
        // state and full checksum), against the load from SQLite above.
        note("hybrid: writing and opening the index file")
        let state = try db.embeddingGeneration()
        let file = PersistedVectorIndex.path(forDatabase: path)
        let w0 = DispatchTime.now().uptimeNanoseconds
        try PersistedVectorIndex.write(loaded.index, model: model, state: state, path: file)
        let writeMs = Double(DispatchTime.now().uptimeNanoseconds - w0) / 1e6
        let fileBytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        var opens: [Double] = [], headerOnly: [Double] = []
        var mapped: VectorIndex<Int64>?
        for _ in 0..<5 {
            mapped = nil
            let o0 = DispatchTime.now().uptimeNanoseconds
            mapped = try PersistedVectorIndex.open(path: file, model: model, state: state)
            opens.append(Double(DispatchTime.now().uptimeNanoseconds - o0) / 1e6)
            let h0 = DispatchTime.now().uptimeNanoseconds
            _ = try PersistedVectorIndex.open(path: file, model: model, state: state, verifyChecksum: false)
            headerOnly.append(Double(DispatchTime.now().uptimeNanoseconds - h0) / 1e6)
        }
        guard let mappedIndex = mapped else { throw CLIError("the index file did not open") }
        let mappedSearcher = HybridSearch(db: db, model: model, index: mappedIndex, rescoreCandidates: candidates)
        var mappedTimes: [Double] = []
        for q in 0..<count {
            let words = (0..<3).map { _ in BenchCorpus.pick(&rng, vocab) }
            let text = "how does \(words[0]) relate to \(words[1]) and \(words[2])"
            let qv = set.query(q + count, count: hybridN)
            let s0 = DispatchTime.now().uptimeNanoseconds
            _ = try mappedSearcher.search(text, queryVector: qv, mode: .hybrid, limit: 10)
            mappedTimes.append(Double(DispatchTime.now().uptimeNanoseconds - s0) / 1e6)
        }
        let t = VectorBenchmark.percentiles(totals)
        return Hybrid(chunks: loaded.index.count, dimension: hybridDim, queries: count, hybridMedianMs: t.median, hybridP95Ms: t.p95,
                      bm25MedianMs: VectorBenchmark.percentiles(bm25).median, vectorMedianMs: VectorBenchmark.percentiles(vector).median,
                      vectorScanMedianMs: VectorBenchmark.percentiles(scan).median, rescoreFetchMedianMs: VectorBenchmark.percentiles(fetch).median,
                      hitsMedianMs: VectorBenchmark.percentiles(hits).median,
                      indexMatrixBytes: loaded.index.matrixBytes, indexResidentBytes: resident, indexEstimatedBytes: loaded.index.estimatedBytes, sqliteReaderResidentBytes: sqliteResident, loadSeconds: loadSeconds,
                      fileBytes: fileBytes, fileWriteMs: writeMs, fileOpenMedianMs: VectorBenchmark.percentiles(opens).median,
                      fileOpenNoChecksumMedianMs: VectorBenchmark.percentiles(headerOnly).median,
                      mappedFirstHybridMs: mappedTimes.first ?? 0, mappedHybridMedianMs: VectorBenchmark.percentiles(mappedTimes).median,
                      bm25PruningOverlapAt10: overlaps.reduce(0, +) / Double(max(1, overlaps.count)),
                      bm25FullOrMedianMs: VectorBenchmark.percentiles(fullOr).median)
    }
}

/// glibc's `malloc_trim` (not exported by Swift's Glibc module): returns freed heap pages to the system so the
/// benchmark's resident-memory figure shows what the index keeps, not the loader's freed temporaries.
@_silgen_name("malloc_trim")
func glibcMallocTrim(_ pad: Int) -> Int32
