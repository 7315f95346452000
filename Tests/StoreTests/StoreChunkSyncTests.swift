import Seeded
import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// Chunks follow the snippet body; unchanged chunks keep their row id (so their embeddings survive), and the FTS
/// index stays in step with chunk text and snippet titles.
final class StoreChunkSyncTests: StoreTestCase {
    /// Five paragraphs of ~850 bytes: each is its own chunk with the default chunker (target 1200 bytes).
    func paragraphs(_ marker: String = "") -> [String] {
        (0..<5).map { i in
            "Paragraph \(i)\(marker) " + (0..<130).map { "w\(i)x\($0 % 37)" }.joined(separator: " ") + "."
        }
    }

    func assertRangesMatchBody(_ db: AppDatabase, _ id: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let body = Array(try XCTUnwrap(db.snippet(id: id)).body.utf8)
        for (i, c) in try chunks(db, id).enumerated() {
            XCTAssertEqual(c.ordinal, i, file: file, line: line)
            XCTAssertEqual(String(decoding: body[c.start..<c.end], as: UTF8.self), c.text, "chunk \(i) byte range", file: file, line: line)
        }
    }

    func testGivenFiveParagraphs_whenOneParagraphChanges_thenTheOtherFourChunksKeepTheirIDs() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        var paras = paragraphs()
        let s = try db.createSnippet(notebookID: nb.id, title: "Long note", body: paras.joined(separator: "\n\n"))
        let before = try chunks(db, s.id)
        guard before.count == 5 else { return XCTFail("expected one chunk per paragraph, got \(before.count)") }

        paras[2] = "Paragraph 2 rewritten about quokkas " + (0..<130).map { "q\($0 % 41)z" }.joined(separator: " ") + "."
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: paras.joined(separator: "\n\n")))
        let after = try chunks(db, s.id)
        guard after.count == 5 else { return XCTFail("expected 5 chunks after the edit, got \(after.count)") }
        XCTAssertEqual(after.map(\.id)[0], before[0].id)
        XCTAssertEqual(after.map(\.id)[1], before[1].id)
        XCTAssertEqual(after.map(\.id)[3], before[3].id)
        XCTAssertEqual(after.map(\.id)[4], before[4].id)
        XCTAssertNotEqual(after[2].id, before[2].id)
        XCTAssertFalse(Set(after.map(\.id)).contains(before[2].id), "the old chunk row is gone")
        XCTAssertEqual(try int(db, "SELECT count(*) FROM chunk WHERE id = ?", [before[2].id]), 0)
        try assertRangesMatchBody(db, s.id)
        try assertSearchIndexInSync(db)
        XCTAssertEqual(try db.search("quokkas").first?.chunkID, after[2].id)
    }

    func testGivenAParagraphInsertedAtTheTop_whenSaved_thenAllOldChunksKeepIDsWithUpdatedRanges() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let paras = paragraphs()
        let s = try db.createSnippet(notebookID: nb.id, title: "Long note", body: paras.joined(separator: "\n\n"))
        let before = try chunks(db, s.id)
        let newTop = "Paragraph new " + String(repeating: "fresh words here ", count: 50)
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: ([newTop] + paras).joined(separator: "\n\n")))
        let after = try chunks(db, s.id)
        XCTAssertEqual(after.count, 6)
        XCTAssertEqual(Array(after.map(\.id).dropFirst()), before.map(\.id))
        XCTAssertEqual(Array(after.map(\.text).dropFirst()), before.map(\.text))
        try assertRangesMatchBody(db, s.id)
        try assertSearchIndexInSync(db)
    }

    func testGivenANoOpSaveOrATagChange_whenSaved_thenChunkRowsAreUntouched() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Note", body: paragraphs().joined(separator: "\n\n"))
        let before = try chunks(db, s.id)
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: s.body))
        try db.saveSnippet(id: s.id, changes: SnippetChanges(tags: ["x"]))
        let after = try chunks(db, s.id)
        XCTAssertEqual(after.map(\.id), before.map(\.id))
        XCTAssertEqual(try int(db, "SELECT max(id) FROM chunk"), Int(before.map(\.id).max() ?? 0))
    }

    func testGivenATitleChange_whenSearched_thenTheNewTitleMatchesAndTheOldDoesNot() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Platypus facts", body: paragraphs().joined(separator: "\n\n"))
        XCTAssertEqual(Set(try db.search("platypus", limit: 50).map(\.snippetID)), [s.id])
        try db.saveSnippet(id: s.id, changes: SnippetChanges(title: "Echidna facts"))
        XCTAssertTrue(try db.search("platypus").isEmpty)
        let hits = try db.search("echidna", limit: 50)
        XCTAssertEqual(hits.count, 5, "every chunk carries the new title")
        XCTAssertEqual(hits.first?.snippetTitle, "Echidna facts")
        try assertSearchIndexInSync(db)
    }

    func testGivenABodyChange_whenSearched_thenNewWordsMatchAndRemovedWordsDoNot() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Note", body: "The wombat sleeps.")
        XCTAssertEqual(try db.search("wombat").count, 1)
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "The numbat eats termites."))
        XCTAssertTrue(try db.search("wombat").isEmpty)
        XCTAssertEqual(try db.search("numbat termites").map(\.snippetID), [s.id])
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: ""))
        XCTAssertTrue(try db.search("numbat").isEmpty)
        XCTAssertEqual(try chunks(db, s.id).count, 0)
        try assertSearchIndexInSync(db)
    }

    func testGivenRandomEditSequences_whenReplayed_thenChunksAndTheIndexAlwaysMatchTheBody() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        var rng = SeededGenerator(seed: 42)
        var ids: [String] = []
        for i in 0..<6 { ids.append(try db.createSnippet(notebookID: nb.id, title: "S\(i)", body: rng.body()).id) }
        for step in 0..<120 {
            let id = ids[rng.int(0...ids.count - 1)]
            switch rng.int(0...9) {
            case 0: try db.saveSnippet(id: id, changes: SnippetChanges(title: "T\(step) " + rng.word()))
            case 1: try db.saveSnippet(id: id, changes: SnippetChanges(kind: rng.int(0...1) == 0 ? .code : .markdown, language: .some("python")))
            case 2: try db.trash(.snippet(XCTUnwrap(db.snippet(id: id))))
            case 3: try db.restoreFromTrash(.snippet(XCTUnwrap(db.snippet(id: id))))
            default:
                var paras = try XCTUnwrap(db.snippet(id: id)).body.components(separatedBy: "\n\n")
                if paras.isEmpty || rng.int(0...2) == 0 { paras.append(rng.paragraph()) } else { paras[rng.int(0...paras.count - 1)] = rng.paragraph() }
                try db.saveSnippet(id: id, changes: SnippetChanges(body: paras.joined(separator: "\n\n")))
            }
            for id in ids {
                let s = try XCTUnwrap(db.snippet(id: id))
                let expected = Chunker().chunks(of: s.body, kind: s.kind).map(\.text)
                XCTAssertEqual(try chunks(db, id).map(\.text), expected, "step \(step)")
                try assertRangesMatchBody(db, id)
            }
        }
        try assertSearchIndexInSync(db)
    }
}

/// Seeded random text for Store tests.
extension SeededGenerator {
    mutating func word() -> String { ["sqlite", "wal", "borrow", "café", "日本", "👩‍💻", "index", "rank", "fts", "chunk"][int(0...9)] + String(int(0...50)) }
    mutating func paragraph() -> String { (0..<int(1...200)).map { _ in word() }.joined(separator: " ") }
    mutating func body() -> String { (0..<int(0...5)).map { _ in paragraph() }.joined(separator: "\n\n") }
}
