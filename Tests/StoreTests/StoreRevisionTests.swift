import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// Revisions: one per real change, none for a no-op save, restore as a new revision, rows never rewritten.
final class StoreRevisionTests: StoreTestCase {
    func testGivenASnippet_whenItsTextChanges_thenEachChangeAppendsARevisionAndNoOpSavesDoNot() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "WAL", body: "v1")
        XCTAssertEqual(try db.revisions(snippetID: s.id).map(\.origin), [.create])

        XCTAssertTrue(try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "v2")).changed)
        XCTAssertFalse(try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "v2")).changed, "same body is a no-op")
        XCTAssertFalse(try db.saveSnippet(id: s.id, changes: SnippetChanges(title: "  WAL  ")).changed, "same title after trimming is a no-op")
        XCTAssertFalse(try db.saveSnippet(id: s.id, changes: SnippetChanges()).changed)
        XCTAssertTrue(try db.saveSnippet(id: s.id, changes: SnippetChanges(title: "Write-ahead log")).changed)
        XCTAssertTrue(try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "v3"), origin: .assistant).changed)

        let revs = try db.revisions(snippetID: s.id)
        XCTAssertEqual(revs.map(\.body), ["v3", "v2", "v2", "v1"], "newest first")
        XCTAssertEqual(revs.map(\.title), ["Write-ahead log", "Write-ahead log", "WAL", "WAL"])
        XCTAssertEqual(revs.map(\.origin), [.assistant, .edit, .edit, .create])
        XCTAssertEqual(revs.first?.contentHash, ContentHash.of("v3"))
        XCTAssertEqual(revs.map(\.id), revs.map(\.id).sorted(by: >))
    }

    func testGivenEarlierRevisions_whenOneIsRestored_thenTheTextComesBackAsANewRevisionAndHistoryIsKept() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Original title", body: "first text")
        try db.saveSnippet(id: s.id, changes: SnippetChanges(title: "Renamed", body: "second text"))
        let first = try XCTUnwrap(db.revisions(snippetID: s.id).last)

        let result = try db.restoreRevision(snippetID: s.id, revisionID: first.id)
        XCTAssertTrue(result.changed)
        let now = try XCTUnwrap(db.snippet(id: s.id))
        XCTAssertEqual(now.body, "first text")
        XCTAssertEqual(now.title, "Original title")
        XCTAssertEqual(now.contentHash, ContentHash.of("first text"))
        let revs = try db.revisions(snippetID: s.id)
        XCTAssertEqual(revs.map(\.origin), [.restore, .edit, .create])
        XCTAssertEqual(revs.map(\.body), ["first text", "second text", "first text"])
        XCTAssertEqual(try db.search("first").first?.snippetID, s.id, "the search index follows the restore")
        XCTAssertTrue(try db.search("second").isEmpty)

        XCTAssertFalse(try db.restoreRevision(snippetID: s.id, revisionID: first.id).changed, "restoring the current text adds nothing")
        XCTAssertEqual(try db.revisions(snippetID: s.id).count, 3)
    }

    func testGivenARevisionOfAnotherSnippet_whenRestored_thenItIsRefusedAndNothingChanges() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let a = try db.createSnippet(notebookID: nb.id, title: "A", body: "alpha")
        let b = try db.createSnippet(notebookID: nb.id, title: "B", body: "beta")
        let revOfB = try XCTUnwrap(db.revisions(snippetID: b.id).first)
        XCTAssertThrowsError(try db.restoreRevision(snippetID: a.id, revisionID: revOfB.id))
        XCTAssertEqual(try db.snippet(id: a.id)?.body, "alpha")
        XCTAssertEqual(try db.revisions(snippetID: a.id).count, 1)
    }

    func testGivenARevisionRow_whenSQLTriesToUpdateIt_thenTheTriggerRefusesAndTheRowIsUnchanged() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Keep", body: "original words")
        let rev = try XCTUnwrap(db.revisions(snippetID: s.id).first)
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "UPDATE snippet_revision SET body = 'rewritten' WHERE id = ?", arguments: [rev.id]) }) { error in
            XCTAssertTrue("\(error)".contains("append-only"), "\(error)")
        }
        XCTAssertThrowsError(try db.write { try $0.execute(sql: "UPDATE snippet_revision SET origin = 'edit'") })
        XCTAssertEqual(try db.revisions(snippetID: s.id), [rev])
    }

    func testGivenAnInvalidTitle_whenSaved_thenItIsRefusedAndNoRevisionIsWritten() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Fine", body: "x")
        for bad in ["", "   ", "two\nlines", String(repeating: "t", count: 301)] {
            XCTAssertThrowsError(try db.saveSnippet(id: s.id, changes: SnippetChanges(title: bad)), bad.debugDescription)
        }
        XCTAssertEqual(try db.revisions(snippetID: s.id).count, 1)
        XCTAssertEqual(try db.snippet(id: s.id)?.title, "Fine")
    }
}
