import Foundation
import Notebook
@testable import Store
import XCTest

/// The trash: nothing is deleted, restoring brings the parents back, search never shows trashed text.
final class StoreTrashTests: StoreTestCase {
    struct Fixture { var project: Project; var notebook: NotebookItem; var snippet: Snippet; var other: Snippet }

    func fixture(_ db: AppDatabase) throws -> Fixture {
        let p = try db.createProject(title: "Databases")
        let n = try db.createNotebook(projectID: p.id, title: "SQLite")
        let s = try db.createSnippet(notebookID: n.id, title: "Checkpoints", body: "A checkpoint moves pages from the zebrawal file.")
        let p2 = try db.createProject(title: "Other")
        let n2 = try db.createNotebook(projectID: p2.id, title: "Misc")
        let o = try db.createSnippet(notebookID: n2.id, title: "Unrelated", body: "nothing to see")
        return Fixture(project: p, notebook: n, snippet: s, other: o)
    }

    func liveSnippetIDs(_ db: AppDatabase) throws -> Set<String> {
        Set(try db.tree().flatMap { $0.notebooks.flatMap { $0.snippets.map(\.id) } })
    }

    func testGivenASnippet_whenTrashedAndRestored_thenItLeavesAndReturnsWithItsTextAndHistory() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        try db.trash(.snippet(f.snippet))
        XCTAssertFalse(try liveSnippetIDs(db).contains(f.snippet.id))
        XCTAssertEqual(try db.trashed().map(\.id), [f.snippet.id])
        XCTAssertNotNil(try db.snippet(id: f.snippet.id)?.trashedAt)
        XCTAssertTrue(try db.search("zebrawal").isEmpty)
        XCTAssertEqual(try db.counts().trashed, 1)

        try db.restoreFromTrash(.snippet(XCTUnwrap(db.snippet(id: f.snippet.id))))
        XCTAssertTrue(try liveSnippetIDs(db).contains(f.snippet.id))
        XCTAssertTrue(try db.trashed().isEmpty)
        XCTAssertEqual(try db.snippet(id: f.snippet.id)?.body, f.snippet.body)
        XCTAssertEqual(try db.search("zebrawal").map(\.snippetID), [f.snippet.id])
        XCTAssertEqual(try db.revisions(snippetID: f.snippet.id).count, 1)
    }

    func testGivenATrashedNotebook_whenItsSnippetIsRestored_thenTheNotebookComesBackToo() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        try db.trash(.notebook(f.notebook))
        XCTAssertFalse(try liveSnippetIDs(db).contains(f.snippet.id))
        XCTAssertTrue(try db.search("zebrawal").isEmpty, "a trashed notebook hides its snippets from search")
        try db.restoreFromTrash(.snippet(f.snippet))
        XCTAssertTrue(try liveSnippetIDs(db).contains(f.snippet.id))
        XCTAssertNil(try db.notebook(id: f.notebook.id)?.trashedAt)
        XCTAssertEqual(try db.search("zebrawal").count, 1)
    }

    func testGivenATrashedProject_whenItsSnippetIsRestored_thenProjectAndNotebookComeBack() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        try db.trash(.project(f.project))
        XCTAssertEqual(try db.tree().map(\.project.title), ["Other"])
        XCTAssertTrue(try db.search("zebrawal").isEmpty, "a trashed project hides its snippets from search")
        XCTAssertEqual(try db.search("nothing").map(\.snippetID), [f.other.id], "other projects are unaffected")

        try db.restoreFromTrash(.snippet(f.snippet))
        XCTAssertEqual(Set(try db.tree().map(\.project.title)), ["Databases", "Other"])
        XCTAssertNil(try db.project(id: f.project.id)?.trashedAt)
        XCTAssertTrue(try liveSnippetIDs(db).contains(f.snippet.id))
        XCTAssertEqual(try db.search("zebrawal").count, 1)
    }

    func testGivenATrashedProject_whenTheProjectIsRestored_thenItsNotebooksAndSnippetsAreBack() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        try db.trash(.project(f.project))
        try db.restoreFromTrash(.project(f.project))
        XCTAssertTrue(try liveSnippetIDs(db).contains(f.snippet.id))
        XCTAssertEqual(try db.search("zebrawal").count, 1)
    }

    func testGivenATrashedNotebook_whenRestored_thenItsTrashedProjectComesBackToo() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        try db.trash(.notebook(f.notebook))
        try db.trash(.project(f.project))
        try db.restoreFromTrash(.notebook(f.notebook))
        XCTAssertTrue(try liveSnippetIDs(db).contains(f.snippet.id))
        XCTAssertTrue(try db.trashed().isEmpty)
    }
}
