import Foundation
import Notebook
@testable import Store
import XCTest

/// SQLite receives strings as C strings: a NUL byte in a snippet's text (an assistant's reply with `\u0000`, an
/// editor buffer) used to cut the stored text at the NUL without a word, while the content hash was of the whole
/// text, so the rest was lost and the snippet's own pack export was then refused as damaged.
final class StoreNulTextTests: StoreTestCase {
    func testGivenTextWithANulByte_whenCreatedOrSaved_thenNothingAfterItIsLostAndTheHashMatches() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let created = try db.createSnippet(notebookID: nb.id, title: "Ti\u{0}tle", body: "before\u{0}after")
        var stored = try XCTUnwrap(try db.snippet(id: created.id))
        XCTAssertEqual(stored.body, "before\u{FFFD}after")
        XCTAssertEqual(stored.title, "Ti\u{FFFD}tle")
        XCTAssertEqual(stored.contentHash, ContentHash.of(stored.body))

        try db.saveSnippet(id: created.id, changes: SnippetChanges(body: "edited\u{0}tail"))
        stored = try XCTUnwrap(try db.snippet(id: created.id))
        XCTAssertEqual(stored.body, "edited\u{FFFD}tail")
        XCTAssertEqual(stored.contentHash, ContentHash.of(stored.body))

        guard case .saved = try db.saveSnippet(id: created.id, body: "app\u{0}text", basedOn: stored.contentHash) else { return XCTFail("should save") }
        stored = try XCTUnwrap(try db.snippet(id: created.id))
        XCTAssertEqual(stored.body, "app\u{FFFD}text")
        XCTAssertEqual(stored.contentHash, ContentHash.of(stored.body))
        XCTAssertEqual(try db.revisions(snippetID: created.id).first?.body, "app\u{FFFD}text", "the revision keeps the whole text too")
    }
}

extension StoreNulTextTests {
    func testGivenACardSideWithANulByte_whenAdded_thenTheWholeSideIsKept() throws {
        let db = try openDatabase()
        let added = try db.addCard(front: "front\u{0}rest", back: "back\u{0}rest")
        let card = try XCTUnwrap(try db.cards().first { $0.id == added.id })
        XCTAssertEqual(card.content.front, "front\u{FFFD}rest")
        XCTAssertEqual(card.content.back, "back\u{FFFD}rest")
    }
}
