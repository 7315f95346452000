import Foundation
import Notebook
@testable import Store
import XCTest

/// A save names the text it started from; when another process changed the snippet in the meantime nothing is
/// overwritten: the stored text stays and the other text is kept as a conflict revision.
final class StoreGuardedSaveTests: StoreTestCase {
    func testGivenAnUnchangedBase_whenSaved_thenTheTextIsStored() throws {
        let db = try openDatabase()
        let s = try db.createSnippet(notebookID: try makeNotebook(db).id, title: "T", body: "v1")
        guard case .saved(let r) = try db.saveSnippet(id: s.id, body: "v2", basedOn: s.contentHash) else { return XCTFail("should save") }
        XCTAssertEqual(r.snippet.body, "v2")
        XCTAssertEqual(try db.snippet(id: s.id)?.body, "v2")
        XCTAssertEqual(try db.revisions(snippetID: s.id).map(\.origin), [.editor, .create])
    }

    func testGivenAChangeElsewhere_whenSavedOnTheOldBase_thenBothVersionsAreKeptAndNothingIsOverwritten() throws {
        let db = try openDatabase()
        let s = try db.createSnippet(notebookID: try makeNotebook(db).id, title: "T", body: "v1")
        try db.saveSnippet(id: s.id, changes: SnippetChanges(body: "from the CLI"))
        guard case .conflict(let current) = try db.saveSnippet(id: s.id, body: "from the app", basedOn: s.contentHash) else {
            return XCTFail("a stale base is a conflict")
        }
        XCTAssertEqual(current.body, "from the CLI")
        XCTAssertEqual(try db.snippet(id: s.id)?.body, "from the CLI", "the stored text stays")
        let revs = try db.revisions(snippetID: s.id)
        XCTAssertEqual(revs.first?.origin, .conflict)
        XCTAssertEqual(revs.first?.body, "from the app", "the app's text is kept in the history")
        // Saving on the new base (the user chose their text) stores it.
        guard case .saved = try db.saveSnippet(id: s.id, body: "from the app", basedOn: current.contentHash) else { return XCTFail() }
        XCTAssertEqual(try db.snippet(id: s.id)?.body, "from the app")
    }
}
