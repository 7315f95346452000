import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// The crash test's checker (`consistencyProblems`) finds each kind of damage it claims to find, and finds nothing
/// in a sound database; import makes titles one clean line whatever the file and folder names hold.
final class StoreConsistencyTests: StoreTestCase {
    func makeSound() throws -> (AppDatabase, Snippet) {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "WAL", body: "Readers do not block writers.\n\nCheckpoints move pages back.")
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "Readers never block writers.\n\nCheckpoints move pages back."))
        return (db, s)
    }

    func testASoundDatabaseHasNoProblems() throws {
        let (db, _) = try makeSound()
        XCTAssertEqual(try db.consistencyProblems(), [])
    }

    func testABodyChangedBehindTheStoreIsFound() throws {
        let (db, s) = try makeSound()
        try db.write { try $0.execute(sql: "UPDATE snippet SET body = 'other text' WHERE id = ?", arguments: [s.id]) }
        let problems = try db.consistencyProblems().joined(separator: "\n")
        XCTAssertTrue(problems.contains("content hash does not match"), problems)
        XCTAssertTrue(problems.contains("stored chunk(s) do not match"), problems)
    }

    func testAnIndexRowMissingIsFound() throws {
        let (db, s) = try makeSound()
        try db.write { d in
            let r = try XCTUnwrap(try Row.fetchOne(d, sql: "SELECT c.id, c.text FROM chunk c WHERE c.snippet_id = ? LIMIT 1", arguments: [s.id]))
            try d.execute(sql: "INSERT INTO chunk_fts(chunk_fts, rowid, title, text) VALUES ('delete', ?, 'WAL', ?)", arguments: [r["id"] as Int64, r["text"] as String])
        }
        let problems = try db.consistencyProblems().joined(separator: "\n")
        XCTAssertTrue(problems.contains("missing from the FTS5 index"), problems)
    }

    func testANewestRevisionThatIsNotTheTextIsFound() throws {
        let (db, s) = try makeSound()
        try db.write {
            try $0.execute(sql: "INSERT INTO snippet_revision (snippet_id, title, body, content_hash, origin, created_at) VALUES (?, 'WAL', 'x', ?, 'edit', ?)",
                           arguments: [s.id, ContentHash.of("x"), Date()])
        }
        let problems = try db.consistencyProblems().joined(separator: "\n")
        XCTAssertTrue(problems.contains("newest revision does not hold the current text"), problems)
    }

    func testAForeignKeyViolationIsFound() throws {
        let (db, _) = try makeSound()
        var config = Configuration()
        config.foreignKeysEnabled = false
        let raw = try DatabaseQueue(path: db.path, configuration: config)
        try raw.write { try $0.execute(sql: "INSERT INTO chunk (snippet_id, ordinal, text, content_hash, byte_start, byte_end) VALUES ('gone', 0, 't', 'h', 0, 1)") }
        try raw.close()
        let problems = try db.consistencyProblems().joined(separator: "\n")
        XCTAssertTrue(problems.contains("foreign_key_check"), problems)
    }

    func testImportedTitlesAreOneCleanLine() throws {
        let db = try openDatabase()
        let parsed = MarkdownFormat.parse("## Head\u{1B}]0;x\u{07}ing\n\ntext\n", fallbackTitle: "two\nlines\u{1B}]52;c;eA==\u{07}")
        _ = try db.importNotebooks([ImportedNotebook(projectTitle: "Fold\ner\u{9B}", sourceName: "two\nlines.md", notebook: parsed)])
        let tree = try db.tree()
        XCTAssertEqual(tree.map(\.project.title), ["Fold er"])
        XCTAssertEqual(tree.first?.notebooks.map(\.notebook.title), ["two lines ]52;c;eA=="])
        XCTAssertEqual(tree.first?.notebooks.first?.snippets.map(\.title), ["Head ]0;x ing"])
        // Re-import matches the same notebook and snippet (by file name and cleaned title): nothing new.
        let again = try db.importNotebooks([ImportedNotebook(projectTitle: "Fold\ner\u{9B}", sourceName: "two\nlines.md", notebook: parsed)])
        XCTAssertEqual(again.notebooksCreated, 0)
        XCTAssertEqual(again.snippetsUnchanged, 1)
    }
}
