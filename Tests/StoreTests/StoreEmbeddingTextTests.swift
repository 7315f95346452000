import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// What is embedded for a chunk carries its context (notebook ▸ title ▸ headings), and a vector made by an older
/// recipe of that text is stale: pending again, and never loaded.
final class StoreEmbeddingTextTests: StoreTestCase {
    func testPendingChunksCarryTheContextHeaderWithTheHeadingPath() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db, notebook: "Transformers")
        let filler = String(repeating: "Keys and values are cached per layer so later tokens reuse them. ", count: 25)
        let body = "Intro paragraph about attention.\n\n### Inference\n\n\(filler)\n\n#### Memory\n\n```\n# not a heading\n```\n\n\(filler)\n\n### Training\n\nGradients flow back."
        _ = try db.createSnippet(notebookID: nb.id, title: "KV cache", body: body)
        let pending = try db.chunksToEmbed(model: "m", limit: 50)
        XCTAssertGreaterThanOrEqual(pending.count, 3, "the body is long enough for several chunks")
        XCTAssertEqual(pending.first?.headingPath, [])
        XCTAssertTrue(pending.first!.document.hasPrefix("Transformers ▸ KV cache\n\nIntro paragraph"), pending.first!.document)
        let last = try XCTUnwrap(pending.last)
        XCTAssertTrue(last.text.contains("Gradients"), last.text)
        // The chunk that starts at "### Training" is under no earlier heading of its own level; one inside
        // "#### Memory" carries both levels, and the `#` line inside the fence is not a heading.
        XCTAssertTrue(pending.contains { $0.headingPath == ["Inference", "Memory"] }, "\(pending.map(\.headingPath))")
        XCTAssertFalse(pending.contains { $0.headingPath.contains("not a heading") })
        XCTAssertEqual(EmbeddingText.headingPath(in: body, before: body.utf8.count), ["Training"])
    }

    func testVectorsOfAnOlderRecipeArePendingAgainAndNotLoaded() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        _ = try db.createSnippet(notebookID: nb.id, title: "A", body: "Some text.")
        let chunk = try XCTUnwrap(try db.chunksToEmbed(model: "m", limit: 5).first)
        try db.saveEmbeddings([EmbeddingRecord(chunkID: chunk.id, contentHash: chunk.contentHash, vector: [1, 0])], model: "m")
        XCTAssertEqual(try db.embeddingState(model: "m").pending, 0)
        XCTAssertEqual(try db.embeddedChunkIDs(model: "m"), [chunk.id])

        // A vector stored by a build that embedded the bare chunk text (no recipe in its source hash)
        try db.write { try $0.execute(sql: "UPDATE embedding SET content_hash = ?", arguments: [chunk.contentHash]) }
        XCTAssertEqual(try db.embeddingState(model: "m").pending, 1)
        XCTAssertEqual(try db.chunksToEmbed(model: "m", limit: 5).map(\.id), [chunk.id])
        XCTAssertEqual(try db.embeddedChunkIDs(model: "m"), [])
        var loaded = 0
        try db.forEachEmbedding(model: "m") { _, _ in loaded += 1 }
        XCTAssertEqual(loaded, 0)
    }
}
