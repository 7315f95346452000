import Foundation
import GRDB
import Grounding
import Notebook
@testable import Store
import XCTest

/// The Ask history on real database files.
final class StoreAskTests: StoreTestCase {
    func record(_ db: AppDatabase, snippet: Snippet, chunk: Int64, thread: String? = "t1", question: String = "Why blue?") -> AskRecord {
        AskRecord(threadID: thread, question: question, standaloneQuery: question + " sky", answer: "Rayleigh [1]. Mars [4].",
                  mode: .generated, grounded: true, model: "llama3.2", retrieval: "hybrid", scope: .notebook, scopeID: snippet.notebookID,
                  stopped: false, trimmed: true,
                  timings: AskTimings(retrievalMS: 3.5, promptMS: 0.7, firstTokenMS: 120, totalMS: 900, tokensPerSecond: 41.5),
                  sources: [AskSourceRecord(n: 1, snippetID: snippet.id, chunkID: chunk, title: "Sky", notebook: "Notes", excerpt: "Rayleigh…", score: 0.03)],
                  citations: [AskCitationRecord(n: 1, range: 9..<12, support: .supported), AskCitationRecord(n: 4, range: 19..<22, support: .unverified)])
    }

    func testAnAnswerIsSavedAndReadBackWhole() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Sky", body: "The sky is blue because of Rayleigh scattering.")
        let chunk = try XCTUnwrap(try db.chunkPassages(ids: try db.search("Rayleigh").map(\.chunkID)).first)
        let id = try db.saveAsk(record(db, snippet: s, chunk: chunk.chunkID))
        // Reopen the file: it is on disk.
        let again = try openDatabase()
        let saved = try XCTUnwrap(try again.askAnswer(id: id))
        var expected = record(db, snippet: s, chunk: chunk.chunkID)
        expected.id = id
        expected.createdAt = saved.createdAt
        XCTAssertEqual(saved, expected)
        XCTAssertNotNil(saved.createdAt)
        XCTAssertTrue(try again.schemaVersion().contains("004-ask"), "the ask migration is applied")
    }

    func testHistoryIsNewestFirstAndThreadsKeepTheirOrder() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Sky", body: "Blue.")
        let chunk = try XCTUnwrap(try db.search("Blue").first?.chunkID)
        try db.saveAsk(record(db, snippet: s, chunk: chunk, thread: "a", question: "first"))
        try db.saveAsk(record(db, snippet: s, chunk: chunk, thread: "b", question: "other"))
        try db.saveAsk(record(db, snippet: s, chunk: chunk, thread: "a", question: "follow-up"))
        XCTAssertEqual(try db.askHistory().map(\.question), ["follow-up", "other", "first"])
        XCTAssertEqual(try db.askHistory(limit: 1).map(\.question), ["follow-up"])
        XCTAssertEqual(try db.askThread(id: "a").map(\.question), ["first", "follow-up"])
    }

    func testHistorySurvivesTheSourceBeingDeletedForGood() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Sky", body: "Blue.")
        let chunk = try XCTUnwrap(try db.search("Blue").first?.chunkID)
        let id = try db.saveAsk(record(db, snippet: s, chunk: chunk))
        try db.write { try $0.execute(sql: "DELETE FROM snippet WHERE id = ?", arguments: [s.id]) }
        let saved = try XCTUnwrap(try db.askAnswer(id: id))
        XCTAssertNil(saved.sources[0].snippetID)
        XCTAssertNil(saved.sources[0].chunkID)
        XCTAssertEqual(saved.sources[0].title, "Sky")
    }

    func testASourceAlreadyGoneIsKeptByTitle() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "Sky", body: "Blue.")
        var r = record(db, snippet: s, chunk: 999_999)
        r.sources[0].snippetID = "no-such-snippet"
        let saved = try XCTUnwrap(try db.askAnswer(id: try db.saveAsk(r)))
        XCTAssertNil(saved.sources[0].snippetID)
        XCTAssertNil(saved.sources[0].chunkID)
    }

    func testNothingFoundAndStoppedAnswersAreKept() throws {
        let db = try openDatabase()
        let r = AskRecord(question: "bananas?", standaloneQuery: "bananas?", answer: "", mode: .nothingFound, grounded: false,
                          model: nil, retrieval: "bm25", stopped: true)
        let saved = try XCTUnwrap(try db.askAnswer(id: try db.saveAsk(r)))
        XCTAssertEqual(saved.mode, .nothingFound)
        XCTAssertTrue(saved.stopped)
        XCTAssertNil(saved.model)
        XCTAssertNil(saved.timings.firstTokenMS)
    }

    func testBadValuesAreRefusedByTheSchema() throws {
        let db = try openDatabase()
        XCTAssertThrowsError(try db.write { try $0.execute(sql: """
            INSERT INTO ask_answer (question, standalone_query, answer, mode, grounded, retrieval, scope, created_at)
            VALUES ('q', 'q', '', 'made-up', 0, 'bm25', 'all', '2026-01-01')
            """) })
    }

    func testChunkPassagesHoldFullTextAndNeighbours() throws {
        let db = try openDatabase()
        let nb = try makeNotebook(db, notebook: "Physics")
        let para = { (word: String) in String(repeating: "\(word) fills this paragraph with words. ", count: 30) }
        let body = [para("alpha"), para("bravo"), para("charlie")].joined(separator: "\n\n")
        let s = try db.createSnippet(notebookID: nb.id, title: "Long", body: body)
        let ids = try db.read { try Int64.fetchAll($0, sql: "SELECT id FROM chunk WHERE snippet_id = ? ORDER BY ordinal", arguments: [s.id]) }
        XCTAssertGreaterThanOrEqual(ids.count, 3)
        let middle = try XCTUnwrap(try db.chunkPassages(ids: [ids[1]]).first)
        XCTAssertEqual(middle.previous?.chunkID, ids[0])
        XCTAssertEqual(middle.next?.chunkID, ids[2])
        XCTAssertEqual(middle.notebook, "Physics")
        XCTAssertEqual(middle.title, "Long")
        XCTAssertTrue(middle.text.contains("bravo"))
        XCTAssertNil(try db.chunkPassages(ids: [ids[0]]).first?.previous)
        // Order follows the ids; trashed snippets are skipped.
        XCTAssertEqual(try db.chunkPassages(ids: [ids[2], ids[0]]).map(\.chunkID), [ids[2], ids[0]])
        try db.trash(.snippet(s))
        XCTAssertEqual(try db.chunkPassages(ids: ids), [])
    }
}
