import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// Large revisions are stored as deltas or compressed copies: saving a large note again and again adds a few
/// bytes per save, not a copy of the note, and every revision still reads back exactly (history, show, restore).
final class StoreRevisionCompressionTests: StoreTestCase {
    /// A large text with varied lines (so compression is not trivially perfect).
    func bigText(_ lines: Int, seed: Int) -> String {
        (0..<lines).map { "line \($0) of note \(seed): value \(($0 &* 2_654_435_761) % 1_000_003) and \(($0 * 7 + seed) % 97) more words here" }
            .joined(separator: "\n") + "\n"
    }

    func revisionBytesStored(_ db: AppDatabase) throws -> Int {
        try int(db, "SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) + coalesce(sum(length(data)), 0) FROM snippet_revision")
    }

    func testRepeatedSavesOfALargeNoteAddLittleAndEveryRevisionReadsBackExactly() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        var text = bigText(10_000, seed: 1)   // ~570 KB
        XCTAssertGreaterThan(text.utf8.count, 500_000)
        let s = try db.createSnippet(notebookID: nb.id, title: "Big", body: text)
        var saved = [text]
        let afterCreate = try revisionBytesStored(db)
        XCTAssertLessThan(afterCreate, text.utf8.count / 2, "the first revision of a large note is stored compressed")
        // 40 autosaves, each typing at one place (chains are cut at 32 deltas, so a whole copy is written once).
        for i in 0..<40 {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let at = (i * 977) % (lines.count - 1)
            lines[at] += " typed \(i) — ünïcödé ✓"
            text = lines.joined(separator: "\n")
            try db.saveSnippet(id: s.id, changes: SnippetChanges(body: text), origin: .editor)
            saved.append(text)
        }
        let growth = try revisionBytesStored(db) - afterCreate
        XCTAssertLessThan(growth, text.utf8.count, "40 saves of a \(text.utf8.count)-byte note added \(growth) bytes of revisions")
        XCTAssertLessThanOrEqual(try int(db, "SELECT max(depth) FROM snippet_revision"), RevisionCodec.maxChainDepth)
        XCTAssertGreaterThan(try int(db, "SELECT count(*) FROM snippet_revision WHERE storage = 'delta'"), 30)

        // Exact read-back of every revision, newest first.
        let revisions = try db.revisions(snippetID: s.id)
        XCTAssertEqual(revisions.map(\.body), saved.reversed())
        // Restore an old one exactly, as a new revision.
        let third = revisions[revisions.count - 3]
        try db.restoreRevision(snippetID: s.id, revisionID: third.id)
        XCTAssertEqual(try db.revisions(snippetID: s.id).first?.body, saved[2])
        XCTAssertEqual(try db.snippet(id: s.id)?.body, saved[2])
        XCTAssertEqual(try db.consistencyProblems(), [])
    }

    func testSmallNotesStayPlainAndAWholeRewriteIsACompressedCopy() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Small", body: "short text")
        XCTAssertEqual(try int(db, "SELECT count(*) FROM snippet_revision WHERE storage = 'plain' AND body = 'short text'"), 1)
        let a = bigText(3_000, seed: 2), b = bigText(3_000, seed: 3)
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: a))
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: b))
        XCTAssertEqual(try int(db, "SELECT count(*) FROM snippet_revision WHERE storage = 'zlib'"), 2)
        XCTAssertEqual(try db.revisions(snippetID: s.id).map(\.body), [b, a, "short text"])
    }

    func testADamagedRevisionIsReportedNotMisread() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Big", body: bigText(3_000, seed: 4))
        try db.write { d in
            try d.execute(sql: "DROP TRIGGER snippet_revision_append_only_update")
            try d.execute(sql: "UPDATE snippet_revision SET data = zeroblob(40) WHERE snippet_id = ?", arguments: [s.id])
        }
        XCTAssertThrowsError(try db.revisions(snippetID: s.id)) { error in
            XCTAssertTrue("\(error)".contains("is damaged"), "\(error)")
        }
    }
}
