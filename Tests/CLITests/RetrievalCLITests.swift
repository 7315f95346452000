import Foundation
import TestSupport
import XCTest

/// `recall index`, `recall search --mode` and `recall eval retrieval`, driven through the built binary against a
/// stand-in embedding server, including the faults: a server dying halfway, Ctrl-C, zero vectors, over-long
/// chunks, a model change and a dimension change.
final class RetrievalCLITests: XCTestCase {
    var cli: RecallCLI!
    var servers: [FakeEmbeddingServer] = []

    override func setUpWithError() throws {
        cli = try RecallCLI()
    }

    override func tearDown() {
        for s in servers { s.stop() }
        cli?.cleanUp()
    }

    func server(_ options: [String: Any] = [:]) throws -> FakeEmbeddingServer {
        let s = try FakeEmbeddingServer(options)
        servers.append(s)
        return s
    }

    /// Three notebooks with clearly different topics.
    func importNotes() throws {
        try cli.writeNotebook(name: "transformers", """
            ---
            title: Transformers
            ---
            ## Attention
            Self-attention lets every token look at every other token; multi-head attention runs several in parallel.

            ## Tokenizers
            Byte-pair encoding merges frequent pairs of symbols into tokens; numbers tokenize oddly.

            ## KV cache
            The key/value cache grows with the context length, so inference memory grows with long prompts.
            """)
        try cli.writeNotebook(name: "storage", """
            ---
            title: Storage
            ---
            ## FTS5
            SQLite FTS5 ranks matches with BM25; triggers keep the index in sync with the table.

            ## WAL
            Write-ahead logging lets readers continue while one writer appends to the log.
            """)
        try cli.writeNotebook(name: "review", """
            ---
            title: Review
            ---
            ## Forgetting curve
            Recall probability falls over time; FSRS stability is the number of days until it reaches 90 percent.

            ## SM-2
            The SM-2 ease factor grows with good answers and shrinks after lapses.
            """)
        let r = try cli.run(["import", cli.notes.path])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func chunkCount() throws -> Int {
        let r = try cli.run(["index", "--status", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return (r.jsonValue as? [String: Any])?["chunks"] as? Int ?? -1
    }

    func testIndexEmbedsEachChunkOnceReportsJSONProgressAndResumesNothingWhenUpToDate() throws {
        let s = try server()
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        try importNotes()
        let chunks = try chunkCount()
        XCTAssertGreaterThan(chunks, 5)

        // When indexing with --json
        let r = try cli.run(["index", "--json", "--batch", "3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let events = r.jsonLines
        // Then there is one JSON object per line: start, progress per batch, done — all chunks embedded
        XCTAssertEqual(events.first?["event"] as? String, "start")
        XCTAssertEqual(events.last?["event"] as? String, "done")
        XCTAssertEqual(events.last?["done"] as? Int, chunks)
        XCTAssertEqual(events.last?["dimension"] as? Int, 64)
        XCTAssertEqual(events.filter { $0["event"] as? String == "progress" }.count, (chunks + 2) / 3)
        XCTAssertEqual(s.embeddedInputs(), chunks)

        // When run again, nothing is re-embedded
        let again = try cli.run(["index"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stderr.contains("up to date"), again.stderr)
        XCTAssertEqual(s.embeddedInputs(), chunks)

        // When one snippet changes, only its chunk is embedded
        try cli.writeNotebook(name: "storage", """
            ---
            title: Storage
            ---
            ## FTS5
            SQLite FTS5 ranks matches with BM25; triggers keep the index in sync with the table.

            ## WAL
            Write-ahead logging lets many readers continue while a single writer appends; checkpoints copy pages back.
            """)
        XCTAssertEqual(try cli.run(["import", cli.notes.path]).status, 0)
        let changed = try cli.run(["index", "--json"])
        XCTAssertEqual(changed.jsonLines.last?["done"] as? Int, 1, changed.stdout + changed.stderr)
        XCTAssertEqual(s.embeddedInputs(), chunks + 1)
    }

    func testSearchModesHybridByDefaultOnceIndexedBM25WithNoteBefore() throws {
        let s = try server()
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        try importNotes()

        // Before indexing: default is bm25 and stderr says why
        let before = try cli.run(["search", "attention tokens", "--json"])
        XCTAssertEqual(before.status, 0, before.stderr)
        XCTAssertTrue(before.stderr.contains("no embeddings for fake-embed"), before.stderr)
        let bm25Hits = try XCTUnwrap(before.jsonValue as? [[String: Any]])
        XCTAssertEqual(bm25Hits.first?["title"] as? String, "Attention")
        XCTAssertEqual(bm25Hits.first?["mode"] as? String, "bm25")
        for key in ["snippet_id", "chunk_id", "notebook_id", "notebook", "project", "title", "score", "excerpt", "byte_start"] {
            XCTAssertNotNil(bm25Hits.first?[key], "BM25 output keeps \(key)")
        }
        // Explicit vector mode without embeddings is a clear error
        let noVectors = try cli.run(["search", "attention", "--mode", "vector"])
        XCTAssertNotEqual(noVectors.status, 0)
        XCTAssertTrue(noVectors.stderr.contains("recall index"), noVectors.stderr)

        XCTAssertEqual(try cli.run(["index"]).status, 0)

        // After indexing: hybrid by default, silently
        let hybrid = try cli.run(["search", "byte pair merges of symbols", "--json"])
        XCTAssertEqual(hybrid.status, 0, hybrid.stderr)
        XCTAssertEqual(hybrid.stderr, "")
        let hits = try XCTUnwrap(hybrid.jsonValue as? [[String: Any]])
        XCTAssertEqual(hits.first?["mode"] as? String, "hybrid")
        XCTAssertEqual(hits.first?["title"] as? String, "Tokenizers")
        XCTAssertNotNil(hits.first?["vector_rank"])

        // Vector mode ranks by cosine and reports it
        let vector = try cli.run(["search", "cache grows with context length memory", "--mode", "vector", "--json", "--limit", "3"])
        XCTAssertEqual(vector.status, 0, vector.stderr)
        let vhits = try XCTUnwrap(vector.jsonValue as? [[String: Any]])
        XCTAssertEqual(vhits.count, 3)
        XCTAssertEqual(vhits.first?["title"] as? String, "KV cache")
        let cosines = vhits.compactMap { $0["cosine"] as? Double }
        XCTAssertEqual(cosines, cosines.sorted(by: >))

        // Filters apply to the vector side too
        let filtered = try cli.run(["search", "cache grows with context length memory", "--mode", "vector", "--json", "--notebook", "Review"])
        let fhits = try XCTUnwrap(filtered.jsonValue as? [[String: Any]])
        XCTAssertFalse(fhits.isEmpty)
        XCTAssertTrue(fhits.allSatisfy { $0["notebook"] as? String == "Review" }, filtered.stdout)

        // Bad queries: empty and 10,000 characters both answer without failing
        let empty = try cli.run(["search", "", "--json"])
        XCTAssertEqual(empty.status, 0, empty.stderr)
        XCTAssertEqual((empty.jsonValue as? [Any])?.count, 0)
        let long = String(repeating: "attention tokens memory ", count: 420)
        XCTAssertGreaterThan(long.count, 10_000)
        let longRun = try cli.run(["search", long, "--json", "--mode", "hybrid"])
        XCTAssertEqual(longRun.status, 0, longRun.stderr)
        XCTAssertFalse((longRun.jsonValue as? [Any])?.isEmpty ?? true)

        // A dead server: default falls back to bm25 with a note; explicit hybrid fails clearly
        s.stop()
        let down = try cli.run(["search", "attention", "--json"])
        XCTAssertEqual(down.status, 0, down.stderr)
        XCTAssertTrue(down.stderr.contains("using bm25"), down.stderr)
        let downExplicit = try cli.run(["search", "attention", "--mode", "hybrid"])
        XCTAssertNotEqual(downExplicit.status, 0)
        XCTAssertTrue(downExplicit.stderr.contains("vector search unavailable"), downExplicit.stderr)
    }

    func testIndexWritesTheVectorFileAndSearchNeverTrustsADamagedOne() throws {
        let s = try server()
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        try importNotes()
        let file = cli.defaultDatabase + "-vectors"
        // Given `recall index`, Then the index file is written beside the database and it says so
        let indexed = try cli.run(["index"])
        XCTAssertEqual(indexed.status, 0, indexed.stderr)
        XCTAssertTrue(indexed.stderr.contains("vector index file written"), indexed.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))
        func hits() throws -> [String] {
            let r = try cli.run(["search", "cache grows with context length memory", "--mode", "hybrid", "--json"])
            XCTAssertEqual(r.status, 0, r.stderr)
            return try XCTUnwrap(r.jsonValue as? [[String: Any]]).map { "\($0["chunk_id"] ?? "") \($0["score"] ?? "")" }
        }
        let reference = try hits()
        XCTAssertFalse(reference.isEmpty)
        let written = try Data(contentsOf: URL(fileURLWithPath: file))
        // When a byte of the rows is damaged, Then search gives the same hits and the file is rewritten whole
        var damaged = written
        damaged[damaged.count - 3] ^= 0x40
        try damaged.write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try hits(), reference)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: file)), written, "the damaged file was rebuilt")
        // When the file is cut short or deleted, Then the same again
        try written.prefix(written.count / 2).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try hits(), reference)
        try FileManager.default.removeItem(atPath: file)
        XCTAssertEqual(try hits(), reference)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file), "a missing file is written by the search that needed it")
        // And `recall index` with nothing to do leaves a current file alone
        let again = try cli.run(["index"])
        XCTAssertFalse(again.stderr.contains("vector index file written"), again.stderr)
    }

    func testModelChangeMakesIndexStaleUntilRebuild() throws {
        let s = try server()
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        try importNotes()
        XCTAssertEqual(try cli.run(["index"]).status, 0)

        // Given a different configured model
        cli.environment["RECALL_EMBED_MODEL"] = "other-embed"
        // Then search says the index is stale and uses bm25
        let search = try cli.run(["search", "attention", "--json"])
        XCTAssertEqual(search.status, 0)
        XCTAssertTrue(search.stderr.contains("index stale"), search.stderr)
        XCTAssertTrue(search.stderr.contains("recall index --rebuild"), search.stderr)
        XCTAssertEqual((search.jsonValue as? [[String: Any]])?.first?["mode"] as? String, "bm25")
        // And index refuses to mix models
        let refuse = try cli.run(["index"])
        XCTAssertNotEqual(refuse.status, 0)
        XCTAssertTrue(refuse.stderr.contains("index stale"), refuse.stderr)
        // And --rebuild re-embeds everything with the new model
        let rebuild = try cli.run(["index", "--rebuild", "--json"])
        XCTAssertEqual(rebuild.status, 0, rebuild.stderr)
        XCTAssertEqual(rebuild.jsonLines.last?["done"] as? Int, try chunkCount())
        let status = try cli.run(["index", "--status", "--json"])
        XCTAssertEqual((status.jsonValue as? [String: Any])?["stale"] as? Bool, false)
        XCTAssertEqual((status.jsonValue as? [String: Any])?["pending"] as? Int, 0)
        let after = try cli.run(["search", "attention", "--json"])
        XCTAssertEqual((after.jsonValue as? [[String: Any]])?.first?["mode"] as? String, "hybrid", after.stderr)
    }

    func testServerDyingHalfwayLosesNothingAndIndexResumes() throws {
        // Given a server that dies on its third request
        let dying = try server(["die_after": 2])
        cli.useEmbeddings(url: dying.url, model: "fake-embed")
        try importNotes()
        let chunks = try chunkCount()

        let r = try cli.run(["index", "--batch", "2"])
        // Then the run fails with a clear message and the two finished batches are kept
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("4 chunks were saved"), r.stderr)
        XCTAssertTrue(r.stderr.contains("recall index"), r.stderr)
        let status = try XCTUnwrap(try cli.run(["index", "--status", "--json"]).jsonValue as? [String: Any])
        XCTAssertEqual(status["embedded"] as? Int, 4)

        // When a working server is back, only the rest is embedded
        let healthy = try server()
        cli.useEmbeddings(url: healthy.url, model: "fake-embed")
        let resumed = try cli.run(["index", "--json", "--batch", "2"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(resumed.jsonLines.last?["done"] as? Int, chunks - 4)
        XCTAssertEqual(healthy.embeddedInputs(), chunks - 4)
    }

    func testCtrlCStopsBetweenBatchesAndTheNextRunResumes() throws {
        let slow = try server(["delay": 0.3])
        cli.useEmbeddings(url: slow.url, model: "fake-embed")
        try importNotes()
        let chunks = try chunkCount()

        // When SIGINT arrives after the first batch was saved
        let running = try cli.start(["index", "--json", "--batch", "1"])
        XCTAssertTrue(running.waitForOutput(containing: "\"event\":\"progress\"", deadline: 30))
        running.signal(SIGINT)
        let r = running.wait(deadline: 30)
        // Then it stops with a message saying how to resume, and what was saved is whole
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("interrupted"), r.stderr)
        let saved = try XCTUnwrap(try cli.run(["index", "--status", "--json"]).jsonValue as? [String: Any])["embedded"] as? Int
        XCTAssertGreaterThanOrEqual(saved ?? 0, 1)
        XCTAssertLessThan(saved ?? chunks, chunks)

        let resumed = try cli.run(["index", "--json"])
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        XCTAssertEqual(resumed.jsonLines.last?["done"] as? Int, chunks - (saved ?? 0))
    }

    func testZeroVectorIsRejectedWithAClearError() throws {
        let s = try server()
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        try cli.writeNotebook(name: "odd", """
            ---
            title: Odd
            ---
            ## Fine
            A normal paragraph about attention.

            ## Broken
            This one makes the model return ZEROVEC.
            """)
        XCTAssertEqual(try cli.run(["import", cli.notes.path]).status, 0)
        let r = try cli.run(["index", "--batch", "1"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("all-zero vector"), r.stderr)
        XCTAssertTrue(r.stderr.contains("chunk "), r.stderr)
        // The good chunk before it was kept
        XCTAssertEqual(try XCTUnwrap(try cli.run(["index", "--status", "--json"]).jsonValue as? [String: Any])["embedded"] as? Int, 1)
    }

    func testOverlongChunkIsCutKnowinglyNeverFailingTheBatch() throws {
        // Given a server that refuses inputs over 300 characters (like llama-server past its batch size)
        let s = try server(["max_chars": 300])
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        let long = (0..<40).map { "Sentence \($0) talks about attention heads and tokens." }.joined(separator: " ")
        try cli.writeNotebook(name: "long", "---\ntitle: Long\n---\n## Short\nA short note.\n\n## Long\n\(long)\n")
        XCTAssertEqual(try cli.run(["import", cli.notes.path]).status, 0)
        let r = try cli.run(["index", "--json", "--batch", "8"])
        // Then every chunk is embedded, the long one cut and counted
        XCTAssertEqual(r.status, 0, r.stderr)
        let done = try XCTUnwrap(r.jsonLines.last)
        XCTAssertEqual(done["done"] as? Int, try chunkCount())
        XCTAssertGreaterThanOrEqual(done["truncated"] as? Int ?? 0, 1)
    }

    func testDimensionChangeUnderTheSameModelNameIsAClearError() throws {
        let s = try server(["dim": 64])
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        try importNotes()
        XCTAssertEqual(try cli.run(["index"]).status, 0)
        // When the server now answers with 48 dimensions for the same model name
        s.stop()
        let other = try server(["dim": 48])
        cli.useEmbeddings(url: other.url, model: "fake-embed")
        let search = try cli.run(["search", "attention", "--mode", "vector"])
        XCTAssertNotEqual(search.status, 0)
        XCTAssertTrue(search.stderr.contains("48 dimensions") && search.stderr.contains("64"), search.stderr)
        try cli.writeNotebook(name: "extra", "---\ntitle: Extra\n---\n## New\nSomething new to embed.\n")
        XCTAssertEqual(try cli.run(["import", cli.notes.path]).status, 0)
        let index = try cli.run(["index"])
        XCTAssertNotEqual(index.status, 0)
        XCTAssertTrue(index.stderr.contains("recall index --rebuild"), index.stderr)
    }

    func testEvalRetrievalOnTheSampleNotebookDataset() throws {
        let s = try server()
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        let f = RecallCLI.repositoryRoot.appendingPathComponent("Tests/RetrievalTests/Fixtures/samples-beir")
        let r = try cli.run(["eval", "retrieval", "--json",
                             "--corpus", f.appendingPathComponent("corpus.jsonl").path,
                             "--queries", f.appendingPathComponent("queries.jsonl").path,
                             "--qrels", f.appendingPathComponent("qrels.tsv").path,
                             "--runs-out", cli.root.appendingPathComponent("runs.jsonl").path], deadline: 300)
        XCTAssertEqual(r.status, 0, r.stderr)
        let report = try XCTUnwrap(r.jsonValue as? [String: Any])
        // 64 questions, of which 7 have no answer in the notes (no qrels) and are not scored
        XCTAssertEqual(report["queries"] as? Int, 64)
        XCTAssertEqual(report["judged_queries"] as? Int, 57)
        // --runs-out: one line per question with its BM25 and vector lists, for tuning offline
        let runs = try String(contentsOf: cli.root.appendingPathComponent("runs.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(runs.count, 64)
        XCTAssertEqual(runs.filter { $0["judged"] as? Bool == false }.count, 7)
        XCTAssertTrue(runs.allSatisfy { ($0["bm25"] as? [[String]])?.isEmpty == false || $0["judged"] as? Bool == false })
        XCTAssertTrue(runs.allSatisfy { ($0["vector"] as? [[String]])?.count ?? 0 >= 10 })
        let modes = try XCTUnwrap(report["modes"] as? [String: [String: Any]])
        XCTAssertEqual(Set(modes.keys), ["bm25", "vector", "hybrid"])
        for (mode, m) in modes {
            for key in ["ndcg10", "recall10", "recall100", "mrr10"] {
                let v = try XCTUnwrap(m[key] as? Double, "\(mode) \(key)")
                XCTAssertTrue((0...1).contains(v), "\(mode) \(key) = \(v)")
            }
        }
        // BM25 on these hand-written questions finds the gold snippet near the top
        XCTAssertGreaterThan(modes["bm25"]?["ndcg10"] as? Double ?? 0, 0.8)
        XCTAssertGreaterThan(modes["hybrid"]?["recall100"] as? Double ?? 0, 0.95)

        // A malformed qrels file is a clear one-line error
        let bad = cli.root.appendingPathComponent("bad.tsv")
        try "query-id\tcorpus-id\tscore\nq01 only-two\n".write(to: bad, atomically: true, encoding: .utf8)
        let badRun = try cli.run(["eval", "retrieval", "--mode", "bm25",
                                  "--corpus", f.appendingPathComponent("corpus.jsonl").path,
                                  "--queries", f.appendingPathComponent("queries.jsonl").path, "--qrels", bad.path])
        XCTAssertNotEqual(badRun.status, 0)
        XCTAssertTrue(badRun.stderr.contains("bad.tsv:2"), badRun.stderr)
    }
}
