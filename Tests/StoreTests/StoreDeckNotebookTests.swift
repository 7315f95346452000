import Foundation
import GRDB
import Notebook
import SRS
@testable import Store
import XCTest

/// Decks belong to a notebook by id (migration 007): two notebooks with one title no longer share a deck.
final class StoreDeckNotebookTests: StoreTestCase {
    func testTwoNotebooksWithOneTitleGetTwoDecksAndARenameKeepsTheDeck() throws {
        let db = try openDatabase()
        let a = try makeNotebook(db, project: "Rust", notebook: "Ownership")
        let b = try makeNotebook(db, project: "C++", notebook: "Ownership")
        let sa = try db.createSnippet(notebookID: a.id, title: "Borrowing", body: "One mutable or many shared.")
        let sb = try db.createSnippet(notebookID: b.id, title: "unique_ptr", body: "Moves, never copies.")
        let ca = try db.addCard(front: "Rust rule?", back: "One mutable", source: CardSource(snippetID: sa.id))
        let cb = try db.addCard(front: "unique_ptr?", back: "Moves", source: CardSource(snippetID: sb.id))
        XCTAssertEqual(ca.deckName, "Ownership")
        XCTAssertEqual(cb.deckName, "Ownership (C++)")
        XCTAssertNotEqual(ca.deckID, cb.deckID)
        try db.rename(.notebook(a), to: "Borrow checker")
        let again = try db.addCard(front: "Shared?", back: "Many", source: CardSource(snippetID: sa.id))
        XCTAssertEqual(again.deckID, ca.deckID, "the notebook's deck is found by id, not by title")
    }

    func testMigrationSplitsADeckThatTwoNotebooksShared() throws {
        let path = folder.path("recall.db")
        var ids: (a: String, b: String, cardB: String, deckA: String) = ("", "", "", "")
        do {
            let db = try openDatabase()
            let a = try makeNotebook(db, project: "Rust", notebook: "Ownership")
            let b = try makeNotebook(db, project: "C++", notebook: "Ownership")
            let sa = try db.createSnippet(notebookID: a.id, title: "Borrowing", body: "One mutable or many shared.")
            let sb = try db.createSnippet(notebookID: b.id, title: "unique_ptr", body: "Moves, never copies.")
            let ca = try db.addCard(front: "Rust rule?", back: "One mutable", source: CardSource(snippetID: sa.id))
            let cb = try db.addCard(front: "unique_ptr?", back: "Moves", source: CardSource(snippetID: sb.id))
            try db.updateDeck(named: "Ownership") { $0.newCardsPerDay = 7 }
            _ = try db.grade(cardID: cb.id, grade: .fsrs(.good), at: Date(timeIntervalSince1970: 1_767_300_000))
            ids = (a.id, b.id, cb.id, ca.deckID)
        }
        // Rewind to the data as Recall kept it before 007: both notebooks' cards in the deck named "Ownership".
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP INDEX deck_one_per_notebook")
            try db.execute(sql: "UPDATE card SET deck_id = ? WHERE id = ?", arguments: [ids.deckA, ids.cardB])
            try db.execute(sql: "DELETE FROM deck WHERE notebook_id = ?", arguments: [ids.b])
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = '007-deck-notebook'")
        }
        try queue.close()

        let db = try openDatabase()
        let moved = try XCTUnwrap(db.card(id: ids.cardB))
        XCTAssertEqual(moved.deckName, "Ownership (C++)")
        XCTAssertEqual(moved.schedule.reps, 1, "the card keeps its schedule")
        XCTAssertEqual(try db.reviewLog().count, 1, "and its review history")
        let decks = try db.decks()
        XCTAssertEqual(decks.map(\.name).sorted(), ["Ownership", "Ownership (C++)"])
        XCTAssertEqual(decks.first { $0.name == "Ownership (C++)" }?.settings.newCardsPerDay, 7, "settings copied from the shared deck")
        XCTAssertEqual(decks.first { $0.name == "Ownership (C++)" }?.notebookID, ids.b)
        XCTAssertEqual(try db.cards(deck: "Ownership").count, 1)
    }
}

/// A pack whose deck belongs to a notebook that already has another deck here goes to that notebook's deck.
final class StoreDeckNotebookPackTests: StoreTestCase {
    func testAPackDeckForANotebookThatHasADeckHereUsesIt() throws {
        let a = try openDatabase("a.db")
        let nb = try makeNotebook(a, project: "Rust", notebook: "Ownership")
        let s = try a.createSnippet(notebookID: nb.id, title: "Borrowing", body: "One mutable or many shared.")
        _ = try a.addCard(front: "Rule?", back: "One mutable", source: CardSource(snippetID: s.id))
        let pack = try a.packContent(projectIDs: [], notebookIDs: [nb.id], withScheduling: false, withRevisions: false)
        // The same notebook here, with its deck renamed: the pack's deck (another id, another name) has no match but the notebook.
        let b = try openDatabase("b.db")
        _ = try b.importPack(pack, dryRun: false)
        try b.write { db in
            try db.execute(sql: "DELETE FROM card")
            try db.execute(sql: "UPDATE deck SET id = 'local-deck', name = 'Mine'")
        }
        let report = try b.importPack(pack, dryRun: false)
        XCTAssertEqual(try b.decks().map(\.name), ["Mine"], "\(report)")
        XCTAssertEqual(try b.cards(deck: "Mine").count, 1)
    }
}
