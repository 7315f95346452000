import Foundation
import Notebook
import RecallBench
import RecallKit
import Retrieval
import Seeded
import Store
import XCTest

/// The memory-mapped index file beside a real SQLite database: used only when it matches the database; a missing,
/// stale, truncated or damaged file is rebuilt, and searches give the same hits as the index read from SQLite.
final class PersistedVectorIndexTests: XCTestCase {
    var dir: URL!
    var db: AppDatabase!
    var file: String { PersistedVectorIndex.path(forDatabase: db.path) }
    let model = "toy-48"
    static let dimension = 48

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-vfile-\(UUID().uuidString)")
        db = try AppDatabase(path: dir.appendingPathComponent("r.db").path)
        let p = try db.createProject(title: "P")
        let nb = try db.createNotebook(projectID: p.id, title: "N")
        for i in 0..<300 { _ = try db.createSnippet(notebookID: nb.id, title: "Note \(i)", body: "Paragraph number \(i) about topic \(i % 17).") }
        _ = try db.createSnippet(notebookID: nb.id, title: "Edited later", body: "Text that will change.")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    /// A deterministic 48-d vector per text (stable FNV-1a seed), clustered by the topic number.
    static func embed(_ text: String) -> [Float] {
        var h: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return SyntheticVectors(seed: 7, dimension: dimension, clusters: 17).vector(Int(h % 1_000_000))
    }

    func embedAll() async throws {
        try await Indexer.run(db: db, model: model, embed: { $0.map(Self.embed) })
    }

    /// Hits of a few queries (ids and exact scores after rescoring from SQLite).
    func hits(_ index: VectorIndex<Int64>) throws -> [[VectorHit<Int64>]] {
        let exact: ExactVectorSource<Int64> = { [db, model] ids in try db!.embeddingVectors(chunkIDs: ids, model: model) }
        return try (0..<8).map { q in try index.search(SyntheticVectors(seed: 7, dimension: Self.dimension, clusters: 17).query(q, count: 300), k: 10, candidates: 40, exact: exact) }
    }

    /// The index read from SQLite alone, as before index files.
    func fromDatabase() throws -> VectorIndex<Int64> { try XCTUnwrap(try VectorIndexLoader.load(db: db, model: model)).index }

    func testIndexWrittenAfterIndexingIsMappedAndSearchesLikeTheDatabaseBuild() async throws {
        // Given embedded chunks and the file written (as `recall index` does)
        try await embedAll()
        XCTAssertEqual(try PersistedVectorIndex.save(db: db, model: model), 301)
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))
        // When the index is opened
        let loaded = try XCTUnwrap(try PersistedVectorIndex.load(db: db, model: model))
        // Then it is mapped in place, not copied, and gives the same hits and scores as the build from SQLite
        XCTAssertEqual(loaded.source, .mapped)
        XCTAssertTrue(loaded.index.isMapped)
        XCTAssertEqual(try hits(loaded.index), try hits(fromDatabase()))
        XCTAssertEqual(Set(loaded.index.allIDs), Set(try db.embeddedChunkIDs(model: model)))
        // And a filtered search (the id map is built on first use) matches the database build's
        let allowed = Set(loaded.index.allIDs.filter { $0 % 3 == 0 })
        let q = SyntheticVectors(seed: 7, dimension: Self.dimension, clusters: 17).query(1, count: 300)
        let filtered = try loaded.index.search(q, k: 10, allowed: allowed)
        XCTAssertEqual(filtered, try fromDatabase().search(q, k: 10, allowed: allowed))
        XCTAssertTrue(filtered.allSatisfy { allowed.contains($0.id) } && filtered.count == 10)
    }

    func testAMissingFileIsBuiltOnFirstOpenAndMappedOnTheNext() async throws {
        try await embedAll()
        let first = try XCTUnwrap(try PersistedVectorIndex.load(db: db, model: model))
        XCTAssertEqual(first.source, .rebuilt(.missing, written: true))
        let second = try XCTUnwrap(try PersistedVectorIndex.load(db: db, model: model))
        XCTAssertEqual(second.source, .mapped)
        XCTAssertEqual(try hits(second.index), try hits(first.index))
    }

    func testACorruptByteAnywhereIsDetectedAndRebuilt() async throws {
        try await embedAll()
        try PersistedVectorIndex.save(db: db, model: model)
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        let reference = try hits(fromDatabase())
        // Given one byte flipped in the header's counters, the ids, the scales or the last row
        for (offset, expected) in [(44, VectorIndexFile.Problem.checksum), (700, .checksum), (3000, .checksum), (size - 1, .checksum), (0, .notAnIndex)] {
            let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: file))
            try handle.seek(toOffset: UInt64(offset))
            let byte = try XCTUnwrap(try handle.read(upToCount: 1)?.first)
            try handle.seek(toOffset: UInt64(offset))
            try handle.write(contentsOf: [byte ^ 0x01])
            try handle.close()
            // When it is opened, Then it is not trusted: read from the database, same hits, and the file rewritten
            let loaded = try XCTUnwrap(try PersistedVectorIndex.load(db: db, model: model))
            XCTAssertEqual(loaded.source, .rebuilt(expected, written: true), "byte \(offset)")
            XCTAssertEqual(try hits(loaded.index), reference, "byte \(offset)")
            XCTAssertEqual(try PersistedVectorIndex.load(db: db, model: model)?.source, .mapped, "rewritten after byte \(offset)")
        }
    }

    func testATruncatedOrForeignFileIsRebuilt() async throws {
        try await embedAll()
        try PersistedVectorIndex.save(db: db, model: model)
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int)
        // Given the file cut short
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: file))
        try handle.truncate(atOffset: UInt64(size - 100))
        try handle.close()
        let cut = try XCTUnwrap(try PersistedVectorIndex.load(db: db, model: model))
        XCTAssertEqual(cut.source, .rebuilt(.size(expected: size, actual: size - 100), written: true))
        XCTAssertEqual(try hits(cut.index), try hits(fromDatabase()))
        // Given a file that is not an index at all, or an empty one
        for junk in [Data("hello, not an index".utf8), Data(), Data(repeating: 0, count: 4096)] {
            try junk.write(to: URL(fileURLWithPath: file))
            XCTAssertEqual(try PersistedVectorIndex.load(db: db, model: model)?.source, .rebuilt(.notAnIndex, written: true))
        }
        // Given a file built for another model
        try PersistedVectorIndex.write(try fromDatabase(), model: "other-model", state: try db.embeddingGeneration(), path: file)
        guard case .rebuilt(.model, true)? = try PersistedVectorIndex.load(db: db, model: model)?.source else { return XCTFail("model mismatch not detected") }
    }

    func testAChangedEmbeddingOrEditedChunkMakesTheFileStale() async throws {
        try await embedAll()
        try PersistedVectorIndex.save(db: db, model: model)
        XCTAssertTrue(PersistedVectorIndex.isCurrent(db: db, model: model))
        // Given one stored vector replaced (same chunk, new vector: count and newest id unchanged)
        let target = try XCTUnwrap(try db.embeddedChunkIDs(model: model).first)
        let hash = try XCTUnwrap(try db.chunksToEmbed(model: "nobody", limit: 1000).first { $0.id == target }).contentHash
        let probe = SyntheticVectors(seed: 7, dimension: Self.dimension, clusters: 17).query(3, count: 300)
        XCTAssertEqual(try db.saveEmbeddings([EmbeddingRecord(chunkID: target, contentHash: hash, vector: probe)], model: model), 1)
        // Then the file no longer matches, is rebuilt, and the new vector is found first for its own query
        XCTAssertFalse(PersistedVectorIndex.isCurrent(db: db, model: model))
        let loaded = try XCTUnwrap(try PersistedVectorIndex.load(db: db, model: model))
        XCTAssertEqual(loaded.source, .rebuilt(.stale, written: true))
        XCTAssertEqual(try loaded.index.search(probe, k: 1).first?.id, target)
        XCTAssertEqual(try hits(loaded.index), try hits(fromDatabase()))
        // Given a snippet edited (its chunk's text and hash change, no vector is written), Then the file is stale too
        XCTAssertTrue(PersistedVectorIndex.isCurrent(db: db, model: model))
        let edited = try XCTUnwrap(try db.search("Edited later", limit: 1).first)
        _ = try db.saveSnippet(id: edited.snippetID, changes: SnippetChanges(body: "Completely different text now."))
        XCTAssertFalse(PersistedVectorIndex.isCurrent(db: db, model: model))
        let after = try XCTUnwrap(try PersistedVectorIndex.load(db: db, model: model))
        XCTAssertEqual(after.source, .rebuilt(.stale, written: true))
        XCTAssertFalse(after.index.contains(edited.chunkID), "the edited chunk's old vector is not current")
        XCTAssertEqual(try hits(after.index), try hits(fromDatabase()))
    }

    func testAMappedIndexCanStillBeUpdatedInMemory() async throws {
        try await embedAll()
        try PersistedVectorIndex.save(db: db, model: model)
        var index = try XCTUnwrap(try PersistedVectorIndex.load(db: db, model: model)).index
        XCTAssertTrue(index.isMapped)
        // When a vector is removed and another added (what the app's sync does), Then the rows are copied first
        let gone = index.allIDs[5]
        XCTAssertTrue(index.remove(gone))
        try index.upsert(999_999, vector: Self.embed("new"))
        XCTAssertFalse(index.isMapped)
        XCTAssertFalse(index.contains(gone))
        XCTAssertEqual(try index.search(Self.embed("new"), k: 1).first?.id, 999_999)
        XCTAssertEqual(index.count, 301)
    }
}
