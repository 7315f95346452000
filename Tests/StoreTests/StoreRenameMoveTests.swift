import Foundation
import Notebook
@testable import Store
import XCTest

/// Renaming projects, notebooks and snippets, and moving a snippet between notebooks, on a real database file:
/// the tree, search, history and filters follow, bad titles and unknown targets change nothing.
final class StoreRenameMoveTests: StoreTestCase {
    struct Fixture { var project: Project; var source: NotebookItem; var target: NotebookItem; var snippet: Snippet; var resident: Snippet }

    func fixture(_ db: AppDatabase) throws -> Fixture {
        let p = try db.createProject(title: "Databases")
        let source = try db.createNotebook(projectID: p.id, title: "SQLite")
        let other = try db.createProject(title: "Elsewhere")
        let target = try db.createNotebook(projectID: other.id, title: "Archive")
        let resident = try db.createSnippet(notebookID: target.id, title: "Already here", body: "older text")
        let s = try db.createSnippet(notebookID: source.id, title: "Checkpoints", body: "A checkpoint copies pages from the quokkawal file.")
        return Fixture(project: p, source: source, target: target, snippet: s, resident: resident)
    }

    func titles(_ db: AppDatabase) throws -> [String] {
        try db.tree().flatMap { p in [p.project.title] + p.notebooks.flatMap { n in [n.notebook.title] + n.snippets.map(\.title) } }
    }

    func testGivenEachKind_whenRenamed_thenTheTreeAndSearchShowTheNewTitle() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        try db.rename(.project(f.project), to: "  Storage engines  ")
        try db.rename(.notebook(f.source), to: "SQLite internals")
        try db.rename(.snippet(f.snippet), to: "WAL checkpoints")

        let all = try titles(db)
        XCTAssertTrue(all.contains("Storage engines"), "titles are trimmed: \(all)")
        XCTAssertTrue(all.contains("SQLite internals") && all.contains("WAL checkpoints"), "\(all)")
        XCTAssertFalse(all.contains("Databases") || all.contains("SQLite") || all.contains("Checkpoints"), "\(all)")
        let hit = try XCTUnwrap(try db.search("quokkawal").first)
        XCTAssertEqual([hit.projectTitle, hit.notebookTitle, hit.snippetTitle], ["Storage engines", "SQLite internals", "WAL checkpoints"])
        // A snippet rename is a save: the old title stays in its history, the body is untouched.
        let stored = try XCTUnwrap(try db.snippet(id: f.snippet.id))
        XCTAssertEqual(stored.body, f.snippet.body)
        XCTAssertEqual(try db.revisions(snippetID: f.snippet.id).count, 2)
        // And a reopened file agrees.
        XCTAssertEqual(try titles(try openDatabase()), all)
    }

    func testGivenABadTitle_whenRenaming_thenItIsRefusedWithAReasonAndNothingChanges() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        let before = try titles(db)
        for (bad, reason) in [("   ", "empty"), ("two\nlines", "one line"), (String(repeating: "x", count: 301), "300")] {
            for target in [ResolvedID.project(f.project), .notebook(f.source), .snippet(f.snippet)] {
                XCTAssertThrowsError(try db.rename(target, to: bad)) { error in
                    guard case .invalid(let message)? = error as? StoreError else { return XCTFail("got \(error)") }
                    XCTAssertTrue(message.contains(reason), message)
                }
            }
        }
        XCTAssertEqual(try titles(db), before)
        XCTAssertEqual(try db.revisions(snippetID: f.snippet.id).count, 1)
    }

    func testGivenASnippet_whenMovedToAnotherNotebook_thenItLeavesTheSourceAndArrivesLastWithItsTextHistoryAndSearch() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        _ = try db.saveSnippet(id: f.snippet.id, changes: SnippetChanges(body: "A checkpoint copies pages from the quokkawal file, twice."))
        try db.moveSnippet(id: f.snippet.id, toNotebook: f.target.id)

        let tree = try db.tree()
        let source = try XCTUnwrap(tree.flatMap(\.notebooks).first { $0.notebook.id == f.source.id })
        let target = try XCTUnwrap(tree.flatMap(\.notebooks).first { $0.notebook.id == f.target.id })
        XCTAssertTrue(source.snippets.isEmpty)
        XCTAssertEqual(target.snippets.map(\.id), [f.resident.id, f.snippet.id], "the moved snippet goes last")
        let moved = try XCTUnwrap(try db.snippet(id: f.snippet.id))
        XCTAssertEqual(moved.notebookID, f.target.id)
        XCTAssertEqual(moved.body, "A checkpoint copies pages from the quokkawal file, twice.")
        XCTAssertEqual(try db.revisions(snippetID: f.snippet.id).count, 2, "history moves with it")
        // Search and its filters see the new place.
        let hit = try XCTUnwrap(try db.search("quokkawal").first)
        XCTAssertEqual([hit.notebookID, hit.notebookTitle, hit.projectTitle], [f.target.id, "Archive", "Elsewhere"])
        XCTAssertTrue(try db.search("quokkawal", filter: SearchFilter(notebookID: f.source.id)).isEmpty)
        XCTAssertEqual(try db.search("quokkawal", filter: SearchFilter(notebookID: f.target.id)).map(\.snippetID), [f.snippet.id])
        // Moving back restores it to the source.
        try db.moveSnippet(id: f.snippet.id, toNotebook: f.source.id)
        XCTAssertEqual(try db.snippet(id: f.snippet.id)?.notebookID, f.source.id)
    }

    func testGivenAnUnknownNotebookOrSnippet_whenMoving_thenNotFoundIsThrownAndNothingMoves() throws {
        let db = try openDatabase()
        let f = try fixture(db)
        XCTAssertThrowsError(try db.moveSnippet(id: f.snippet.id, toNotebook: "0000dead")) {
            XCTAssertEqual($0 as? StoreError, .notFound("0000dead"))
        }
        XCTAssertEqual(try db.snippet(id: f.snippet.id)?.notebookID, f.source.id)
        XCTAssertThrowsError(try db.moveSnippet(id: "0000beef", toNotebook: f.target.id)) {
            XCTAssertEqual($0 as? StoreError, .notFound("0000beef"))
        }
        XCTAssertEqual(try db.tree().flatMap(\.notebooks).first { $0.notebook.id == f.target.id }?.snippets.map(\.id), [f.resident.id])
    }
}
