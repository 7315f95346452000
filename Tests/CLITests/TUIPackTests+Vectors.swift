import Foundation
import TestSupport
import XCTest

/// The app's “Import a pack…” keeps a pack's vectors of the configured embedding model, as `recall pack import`.
extension TUIPackTests {
    func testGivenAPackWithEmbeddings_whenImportedFromThePalette_thenThePreviewAndReportCountTheVectorsAndTheyAreStored() throws {
        try TUISession.requirePrerequisites()
        let t = try TUISession.seeded()
        let server = try FakeEmbeddingServer()
        defer { server.stop() }
        let embed = ["RECALL_PROVIDER": "openai", "RECALL_BASE_URL": server.url, "RECALL_EMBED_BASE_URL": server.url, "RECALL_EMBED_MODEL": "fake-embed"]
        let other = t.dir.appendingPathComponent("other.db").path, pack = t.dir.appendingPathComponent("vectors.zip").path
        for args in [["new", "project", "Go basics"], ["new", "notebook", "--project", "Go basics", "Channels"],
                     ["new", "snippet", "--notebook", "Channels", "Unbuffered", "--body", "A send waits for a receive."],
                     ["new", "snippet", "--notebook", "Channels", "Buffered", "--body", "A send waits only when the buffer is full."],
                     ["index"]] {
            let r = try t.recall.run(args + ["--db", other], env: embed)
            XCTAssertEqual(r.status, 0, r.description)
        }
        let export = try t.recall.run(["pack", "export", pack, "--project", "Go basics", "--with-embeddings", "--json", "--db", other], env: embed)
        let packed = try XCTUnwrap((export.jsonValue as? [String: Any])?["vectors_packed"] as? Int, export.description)
        XCTAssertGreaterThanOrEqual(packed, 2)

        // The app has the same embedding model configured, and no embedding server at all.
        let app = ["RECALL_PROVIDER": "openai", "RECALL_BASE_URL": "http://127.0.0.1:9", "RECALL_EMBED_BASE_URL": "http://127.0.0.1:9",
                   "RECALL_EMBED_MODEL": "fake-embed"]
        try t.start(env: app)
        try t.waitFor(text: "Rust study")
        try t.importPack(pack)
        try t.waitFor(text: "vectors: would import \(packed), skipped 0")
        try t.keys("Enter")
        try t.waitFor(text: "Pack imported")
        try t.waitFor(text: "vectors: imported \(packed), skipped 0")
        try t.keys("q")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        let status = try t.cli(["index", "--status", "--json"], env: app).jsonValue as? [String: Any]
        XCTAssertEqual(status?["embedded"] as? Int, packed, "the vectors are stored: only the seeded snippet is left to embed")
    }
}
