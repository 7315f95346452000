import Foundation
import GRDB
import Notebook
@testable import Store
import XCTest

/// The study status field: set and cleared through saves, set by status tags, kept by import and written by export,
/// and taken from tags when an older database is migrated.
final class StoreStudyStatusTests: StoreTestCase {
    func notebook(_ db: AppDatabase) throws -> NotebookItem {
        let p = try db.createProject(title: "Study")
        return try db.createNotebook(projectID: p.id, title: "AI")
    }

    func testGivenASnippet_whenItsStatusIsSetAndCleared_thenTheFieldChangesWithoutARevision() throws {
        let db = try openDatabase()
        let s = try db.createSnippet(notebookID: try notebook(db).id, title: "Attention", body: "text")
        XCTAssertNil(s.status)
        let r = try db.saveSnippet(id: s.id, changes: SnippetChanges(status: .some(.partial)))
        XCTAssertTrue(r.changed)
        XCTAssertEqual(try db.snippet(id: s.id)?.status, .partial)
        XCTAssertEqual(try db.tree().first?.notebooks.first?.snippets.first?.status, .partial, "the navigator's tree carries it")
        _ = try db.saveSnippet(id: s.id, changes: SnippetChanges(status: .some(nil)))
        XCTAssertNil(try db.snippet(id: s.id)?.status)
        XCTAssertEqual(try db.revisions(snippetID: s.id).count, 1, "a status is metadata: no new revision")
    }

    func testGivenStatusWordsAmongTags_whenSaved_thenTheySetTheFieldAndAreNotKeptAsTags() throws {
        let db = try openDatabase()
        let nb = try notebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "KV cache", tags: ["inference", "#todo"], body: "b")
        XCTAssertEqual(s.status, .todo)
        XCTAssertEqual(s.tags, ["inference"])
        let r = try db.saveSnippet(id: s.id, changes: SnippetChanges(tags: ["inference", "memory", "done"]))
        XCTAssertEqual(r.snippet.status, .done)
        XCTAssertEqual(r.snippet.tags, ["inference", "memory"])
        let kept = try db.saveSnippet(id: s.id, changes: SnippetChanges(tags: ["memory"]))
        XCTAssertEqual(kept.snippet.status, .done, "tags without a status word leave the status as it is")
    }

    func testGivenAFileWithStatusTags_whenImportedExportedAndReimported_thenTheStatusRoundTrips() throws {
        let db = try openDatabase()
        let text = """
            ---
            title: Transformer
            ---
            ## Attention
            <!-- tags: attention, todo -->
            - [ ] read
            ## Sampling
            <!-- tags: sampling, done -->
            Temperature.
            ## Notes
            Plain note.
            """
        let file = ImportedNotebook(projectTitle: "Roadmap", sourceName: "t.md", notebook: MarkdownFormat.parse(text, fallbackTitle: "t"))
        _ = try db.importNotebooks([file])
        let snippets = try db.snippets(inNotebook: try XCTUnwrap(db.tree().first?.notebooks.first?.notebook.id))
        XCTAssertEqual(snippets.map(\.status), [.todo, .done, nil])
        XCTAssertEqual(snippets.map(\.tags), [["attention"], ["sampling"], []])

        // Export writes the status back as the last tag, so another database reads the same statuses.
        let exported = try XCTUnwrap(db.exportNotebooks().first)
        let rendered = MarkdownFormat.render(exported.notebook)
        XCTAssertTrue(rendered.contains("<!-- tags: attention, todo -->"), rendered)
        XCTAssertTrue(rendered.contains("<!-- tags: sampling, done -->"), rendered)

        let other = try openDatabase("other.db")
        _ = try other.importNotebooks([ImportedNotebook(projectTitle: "Roadmap", sourceName: "t.md",
                                                        notebook: MarkdownFormat.parse(rendered, fallbackTitle: "t"))])
        let again = try other.snippets(inNotebook: try XCTUnwrap(other.tree().first?.notebooks.first?.notebook.id))
        XCTAssertEqual(again.map(\.status), [.todo, .done, nil])
        XCTAssertEqual(again.map(\.tags), [["attention"], ["sampling"], []])
    }

    func testGivenAStoredStatus_whenAFileWithoutAStatusWordIsReimported_thenTheStatusIsKept() throws {
        let db = try openDatabase()
        let text = "---\ntitle: T\n---\n## Attention\n<!-- tags: attention -->\nText.\n"
        let file = ImportedNotebook(projectTitle: "P", sourceName: "t.md", notebook: MarkdownFormat.parse(text, fallbackTitle: "t"))
        _ = try db.importNotebooks([file])
        let id = try XCTUnwrap(db.tree().first?.notebooks.first?.snippets.first?.id)
        _ = try db.saveSnippet(id: id, changes: SnippetChanges(status: .some(.partial)))
        let report = try db.importNotebooks([file])
        XCTAssertEqual(report.snippetsUnchanged, 1)
        XCTAssertEqual(try db.snippet(id: id)?.status, .partial)
        let done = ImportedNotebook(projectTitle: "P", sourceName: "t.md",
                                    notebook: MarkdownFormat.parse(text.replacingOccurrences(of: "attention -->", with: "attention, done -->"), fallbackTitle: "t"))
        XCTAssertEqual(try db.importNotebooks([done]).snippetsUpdated, 1)
        XCTAssertEqual(try db.snippet(id: id)?.status, .done)
    }

    func testGivenADatabaseFromBeforeTheStatusField_whenOpened_thenStatusTagsBecomeTheField() throws {
        let path = folder.path("old.db")
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "005-revision-compression")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO project (id, title, created_at, updated_at) VALUES ('p', 'P', 0, 0)")
            try db.execute(sql: "INSERT INTO notebook (id, project_id, title, created_at, updated_at) VALUES ('n', 'p', 'N', 0, 0)")
            for (id, tags) in [("a", ",rust,done,"), ("b", ",partial,"), ("c", ",todo,partial,x,"), ("d", ",notes,")] {
                try db.execute(sql: """
                    INSERT INTO snippet (id, notebook_id, title, kind, tags, body, content_hash, created_at, updated_at)
                    VALUES (?, 'n', ?, 'markdown', ?, '', '', 0, 0)
                    """, arguments: [id, id, tags])
            }
        }
        try queue.close()
        let db = try AppDatabase(path: path)
        let byID = Dictionary(uniqueKeysWithValues: try db.snippets(inNotebook: "n").map { ($0.id, $0) })
        XCTAssertEqual(byID["a"]?.status, .done); XCTAssertEqual(byID["a"]?.tags, ["rust"])
        XCTAssertEqual(byID["b"]?.status, .partial); XCTAssertEqual(byID["b"]?.tags, [])
        XCTAssertEqual(byID["c"]?.status, .partial, "the furthest along wins"); XCTAssertEqual(byID["c"]?.tags, ["x"])
        XCTAssertNil(byID["d"]?.status); XCTAssertEqual(byID["d"]?.tags, ["notes"])
    }
}
