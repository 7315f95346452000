import Execution
import Foundation
import Notebook
@testable import Store
import XCTest

/// The last run of a snippet is saved with it (migration 008), replaced by the next run, and goes with the snippet.
final class StoreRunTests: StoreTestCase {
    func testLastRunRoundTripsAndIsReplaced() throws {
        let db = try openDatabase()
        XCTAssertTrue(try db.schemaVersion().contains("008-snippet-run"))
        let nb = try makeNotebook(db)
        let s = try db.createSnippet(notebookID: nb.id, title: "py", kind: .code, language: "python", body: "print(1)")
        XCTAssertNil(try db.lastRun(snippetID: s.id))
        var limits = RunLimits.defaults
        limits.timeoutSeconds = 2
        let first = RunOutcome(exitCode: 137, transcript: [OutputChunk(stream: .stdout, text: "a\u{1B}[31m"), OutputChunk(stream: .stderr, text: "b")],
                               durationMs: 2004, killed: .timeout, truncated: false, limits: limits, signal: 9)
        try db.saveRun(SavedRun(snippetID: s.id, contentHash: s.contentHash, language: "python", startedAt: Date(timeIntervalSince1970: 1000), outcome: first))
        XCTAssertEqual(try db.lastRun(snippetID: s.id)?.outcome, first)
        let second = RunOutcome(exitCode: 0, transcript: [], durationMs: 5, killed: nil, truncated: false, limits: .defaults)
        try db.saveRun(SavedRun(snippetID: s.id, contentHash: "other", language: "python", startedAt: Date(timeIntervalSince1970: 2000), outcome: second))
        let saved = try XCTUnwrap(db.lastRun(snippetID: s.id))
        XCTAssertEqual(saved.outcome, second)
        XCTAssertEqual(saved.contentHash, "other")
        XCTAssertEqual(try int(db, "SELECT count(*) FROM snippet_run"), 1)
        try db.write { try $0.execute(sql: "DELETE FROM snippet WHERE id = ?", arguments: [s.id]) }
        XCTAssertEqual(try int(db, "SELECT count(*) FROM snippet_run"), 0)
    }
}
