import Foundation
import TestSupport
import XCTest

/// `recall pack export --with-embeddings` / `pack import`: a pack carries its chunks' vectors, an importer with the
/// same embedding model searches by meaning without re-embedding a chunk, one with another model skips them and
/// says so, and a damaged or hostile vector entry is refused with one line and nothing written.
final class PackVectorCLITests: XCTestCase {
    var cli: RecallCLI!
    var servers: [FakeEmbeddingServer] = []
    var source: String { cli.path("source.db") }

    override func setUpWithError() throws {
        cli = try RecallCLI()
        guard TestRequirement.executable("python3") != nil else {
            try TestRequirement.missing("python3 (the stand-in embedding server and hostile zips)", install: "apt-get install python3 (scripts/setup does)")
        }
    }

    override func tearDown() {
        for s in servers { s.stop() }
        cli?.cleanUp()
    }

    func server() throws -> FakeEmbeddingServer {
        let s = try FakeEmbeddingServer()
        servers.append(s)
        return s
    }

    func json(_ args: [String]) throws -> [String: Any] {
        let r = try cli.run(args + ["--json"])
        XCTAssertEqual(r.status, 0, "\(args): \(r.stderr)")
        return try XCTUnwrap(r.jsonValue as? [String: Any], r.stdout)
    }

    /// An indexed source database (two notebooks on different topics) plus one snippet added after indexing, and
    /// a pack of it exported with embeddings. Returns the pack path and the number of vectors packed.
    func indexedPack() throws -> (pack: String, packed: Int) {
        let s = try server()
        cli.useEmbeddings(url: s.url, model: "fake-embed")
        try cli.writeNotebook(name: "transformers", """
            ---
            title: Transformers
            ---
            ## Attention
            Self-attention lets every token look at every other token; multi-head attention runs several in parallel.

            ## Tokenizers
            Byte-pair encoding merges frequent pairs of symbols into tokens; numbers tokenize oddly.
            """)
        try cli.writeNotebook(name: "storage", """
            ---
            title: Storage
            ---
            ## WAL
            Write-ahead logging lets readers continue while one writer appends to the log.
            """)
        try cli.ok(["import", cli.notes.path, "--db", source])
        try cli.ok(["index", "--db", source])
        try cli.ok(["new", "snippet", "--notebook", "Storage", "Later", "--body", "Written after indexing.", "--db", source])
        let chunks = try json(["index", "--status", "--db", source])["chunks"] as? Int ?? 0
        XCTAssertGreaterThan(chunks, 3)

        let pack = cli.path("ml.zip")
        let export = try json(["pack", "export", pack, "--project", cli.notes.lastPathComponent, "--with-embeddings", "--db", source])
        let packed = try XCTUnwrap(export["vectors_packed"] as? Int)
        XCTAssertEqual(packed, chunks - 1, "every embedded chunk is packed")
        XCTAssertEqual(export["vectors_left_out"] as? Int, 1, "the snippet written after indexing has no vector")
        let manifest = try XCTUnwrap(export["manifest"] as? [String: Any])
        let entries = manifest["entries"] as? [[String: Any]] ?? []
        let entry = try XCTUnwrap(entries.first { $0["path"] as? String == "vectors.bin" }, "the vector entry is listed with its checksum")
        XCTAssertEqual((entry["sha256"] as? String)?.count, 64)
        XCTAssertEqual(entry["bytes"] as? Int, 16 + packed * (100 + 64 * 4), "a header, then snippet id, chunk hash and 64 float32 per vector")
        let embeddings = try XCTUnwrap(manifest["embeddings"] as? [String: Any])
        XCTAssertEqual(embeddings["model"] as? String, "fake-embed")
        XCTAssertEqual(embeddings["dimension"] as? Int, 64)
        XCTAssertEqual(embeddings["count"] as? Int, packed)
        return (pack, packed)
    }

    func topHit(_ db: String, _ query: String) throws -> String? {
        let r = try cli.run(["search", query, "--mode", "vector", "--json", "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        return (r.jsonValue as? [[String: Any]])?.first?["title"] as? String
    }

    func testGivenAPackWithEmbeddings_whenImportedWithTheSameModel_thenSearchByMeaningNeedsNoReembedding() throws {
        let (pack, packed) = try indexedPack()
        let query = "byte pair merges of symbols"
        let sourceTop = try topHit(source, query)
        XCTAssertEqual(sourceTop, "Tokenizers")
        let text = try cli.ok(["pack", "export", cli.path("again.zip"), "--project", cli.notes.lastPathComponent, "--with-embeddings", "--db", source]).stdout
        XCTAssertTrue(text.contains("vectors: packed \(packed) of fake-embed") && text.contains("left out 1 chunk(s) not embedded with fake-embed"), text)
        for s in servers { s.stop() }
        servers = []

        // With no embedding server anywhere: the dry run and the import store the vectors in the import's transaction.
        let dry = try json(["pack", "import", pack, "--dry-run", "--db", cli.path("dry.db")])
        XCTAssertEqual((dry["report"] as? [String: Any])?["vectors_imported"] as? Int, packed)
        XCTAssertFalse(FileManager.default.fileExists(atPath: cli.path("dry.db")))
        let target = cli.path("target.db")
        let report = try XCTUnwrap(try json(["pack", "import", pack, "--db", target])["report"] as? [String: Any])
        XCTAssertEqual(report["vectors_imported"] as? Int, packed)
        XCTAssertEqual(report["vectors_skipped"] as? Int, 0)
        XCTAssertEqual(report["snippets_added"] as? Int, 4, "the existing keys are still there")
        let status = try json(["index", "--status", "--db", target])
        XCTAssertEqual(status["embedded"] as? Int, packed)
        XCTAssertEqual(status["pending"] as? Int, 1, "only the chunk that had no vector is left for `recall index`")

        // A new server (the query needs embedding) sees one input: the query. No chunk was embedded again.
        let fresh = try server()
        cli.useEmbeddings(url: fresh.url, model: "fake-embed")
        XCTAssertEqual(try topHit(target, query), sourceTop)
        XCTAssertEqual(fresh.embeddedInputs(), 1)
        let hybrid = try cli.run(["search", "write ahead log readers", "--json", "--db", target])
        XCTAssertEqual((hybrid.jsonValue as? [[String: Any]])?.first?["mode"] as? String, "hybrid", hybrid.stderr)
        XCTAssertEqual((hybrid.jsonValue as? [[String: Any]])?.first?["title"] as? String, "WAL")

        // Re-import: nothing changes, the vectors are already there.
        let again = try XCTUnwrap(try json(["pack", "import", pack, "--db", target])["report"] as? [String: Any])
        XCTAssertEqual(again["vectors_imported"] as? Int, 0)
        XCTAssertEqual(again["vectors_skipped"] as? Int, packed)
        // With a persisted vector index file in place, a second pack's vectors make it stale (migration 012's state):
        // the next search sees the new chunk at once.
        try cli.ok(["index", "--db", target])
        XCTAssertTrue(FileManager.default.fileExists(atPath: target + "-vectors"), "`recall index` wrote the index file")
        try cli.ok(["new", "project", "Extra", "--db", source])
        try cli.ok(["new", "notebook", "--project", "Extra", "Queues", "--db", source])
        try cli.ok(["new", "snippet", "--notebook", "Queues", "Backpressure", "--body", "Backpressure slows producers when consumers lag behind.", "--db", source])
        try cli.ok(["index", "--db", source])
        let extra = cli.path("extra.zip")
        try cli.ok(["pack", "export", extra, "--project", "Extra", "--with-embeddings", "--db", source])
        let second = try XCTUnwrap(try json(["pack", "import", extra, "--db", target])["report"] as? [String: Any])
        XCTAssertEqual(second["vectors_imported"] as? Int, 1)
        XCTAssertEqual(try topHit(target, "producers slow when consumers lag"), "Backpressure")
    }

    func testGivenAPackWithEmbeddings_whenImportedWithAnotherModel_thenTheVectorsAreSkippedAndTheReportSaysSo() throws {
        let (pack, packed) = try indexedPack()
        cli.environment["RECALL_EMBED_MODEL"] = "other-embed"
        let target = cli.path("other.db")
        let r = try cli.ok(["pack", "import", pack, "--db", target])
        XCTAssertTrue(r.stdout.contains("vectors: imported 0, skipped \(packed) (the pack's vectors are from fake-embed, this profile embeds with other-embed; `recall index` will embed them)"), r.stdout)
        let status = try json(["index", "--status", "--db", target])
        XCTAssertEqual(status["embedded"] as? Int, 0)
        XCTAssertEqual(status["other_models"] as? [String], [], "no vector of the pack's model was stored")
        let dry = try XCTUnwrap(try json(["pack", "import", pack, "--dry-run", "--db", cli.path("other2.db")])["report"] as? [String: Any])
        XCTAssertEqual(dry["vectors_imported"] as? Int, 0)
        XCTAssertEqual(dry["vectors_skipped"] as? Int, packed)
    }

    /// Variants of a good pack's vector entry, each broken one way, with the manifest's checksums made to match
    /// (so the vector checks, not the checksum, must catch them).
    static let hostile = #"""
import sys, zipfile, json, hashlib, os, struct
good, out = sys.argv[1], sys.argv[2]
src = zipfile.ZipFile(good)
entries = {i.filename: src.read(i.filename) for i in src.infolist()}
def write(name, vec, change=lambda m: None, method=zipfile.ZIP_DEFLATED):
    m = json.loads(entries["manifest.json"])
    for e in m["entries"]:
        if e["path"] == "vectors.bin": e["bytes"] = len(vec); e["sha256"] = hashlib.sha256(vec).hexdigest()
    change(m)
    with zipfile.ZipFile(os.path.join(out, name), "w", method) as z:
        for n, d in entries.items():
            if n == "manifest.json": d = json.dumps(m).encode()
            if n == "vectors.bin": d = vec
            z.writestr(n, d)
v = entries["vectors.bin"]
dim, count = struct.unpack("<II", v[8:16])
rec = 100 + 4 * dim
write("dimension.zip", v[:8] + struct.pack("<II", 32, count) + v[16:])
write("dimension-manifest.zip", v, lambda m: m["embeddings"].update(dimension=32))
write("nan.zip", v[:16 + 100] + struct.pack("<f", float("nan")) + v[16 + 104:])
write("count.zip", v, lambda m: m["embeddings"].update(count=count + 1))
write("short.zip", v[:8] + struct.pack("<II", dim, count + 1) + v[16:], lambda m: m["embeddings"].update(count=count + 1))
write("stranger.zip", v[:16] + b"00000000-0000-4000-8000-000000000000" + v[16 + 36:])
write("huge.zip", v + os.urandom((65 << 20) - len(v)), method=zipfile.ZIP_STORED)
def drop(m):
    del m["embeddings"]
write("unannounced.zip", v, drop)
"""#

    func testGivenHostileVectorEntries_whenImported_thenEachIsRefusedWithOneLineAndNothingIsWritten() throws {
        let (pack, packed) = try indexedPack()
        let dir = cli.path("evil")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let py = try RecallCLI.Running(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.hostile, pack, dir],
                                       environment: cli.environment, cwd: cli.root, deadline: 120).wait()
        XCTAssertEqual(py.status, 0, py.description)
        let existing = cli.path("existing.db")
        try cli.ok(["new", "project", "Mine", "--db", existing])
        let before = try json(["index", "--status", "--db", existing])
        let cases: [(String, String)] = [
            ("dimension.zip", "holds 32-dimensional vectors but the manifest says 64"),
            ("dimension-manifest.zip", "holds 64-dimensional vectors but the manifest says 32"),
            ("nan.zip", "impossible value: vector 1 holds NaN"),
            ("count.zip", "holds \(packed) vectors but the manifest says \(packed + 1)"),
            ("short.zip", "bytes, not the"),
            ("stranger.zip", "vector 1 names a snippet the pack lacks"),
            ("huge.zip", "'vectors.bin' unpacks to"),
            ("unannounced.zip", "vectors.bin is present but the manifest describes no embeddings"),
        ]
        for (name, reason) in cases {
            let fresh = cli.path("fresh-\(name).db")
            for (db, dryRun) in [(fresh, false), (existing, false), (existing, true)] {
                let r = try cli.run(["pack", "import", dir + "/" + name, "--db", db] + (dryRun ? ["--dry-run"] : []))
                XCTAssertNotEqual(r.status, 0, "\(name) was accepted: \(r.stdout)")
                XCTAssertTrue(r.stderr.contains("pack refused: ") && r.stderr.contains(reason) && r.stderr.contains("nothing was written"), "\(name): \(r.stderr)")
                XCTAssertEqual(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count, 1, "one line: \(r.stderr)")
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: fresh), "\(name): no database was created")
        }
        XCTAssertEqual(NSDictionary(dictionary: try json(["index", "--status", "--db", existing])), NSDictionary(dictionary: before))
        let list = try cli.ok(["list", "--json", "--db", existing]).stdout
        XCTAssertFalse(list.contains("Transformers") || list.contains(cli.notes.lastPathComponent), "no notebook arrived: \(list)")
    }
}
