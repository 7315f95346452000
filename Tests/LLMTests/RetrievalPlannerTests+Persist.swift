import Foundation
import RecallKit
import Retrieval
import XCTest

/// README: the vector file beside the database is "written by `recall index` and after the app's background
/// embedding" — the app's BackgroundEmbedder, driven as the app drives it (a save, then its run).
extension RetrievalPlannerTests {
    func testAfterTheBackgroundEmbeddingTheVectorFileBesideTheDatabaseIsCurrent() async throws {
        try await embedAll()
        let p = planner()
        _ = try await p.plan("anything", mode: .vector, limit: 10)  // the running app has its index loaded
        _ = try db.createSnippet(notebookID: notebook.id, title: "Tokenizers", body: "Byte-pair encoding merges frequent pairs.")
        try? FileManager.default.removeItem(atPath: PersistedVectorIndex.path(forDatabase: db.path))
        XCTAssertFalse(PersistedVectorIndex.isCurrent(db: db, model: "nomic-embed-text"), "no file before the background run")
        let bg = BackgroundEmbedder(db: db, profile: profile, environment: [:], planner: p, delay: .milliseconds(50), onEvent: { _ in })
        bg.noteSaved()
        try await idle(bg)
        XCTAssertEqual(try db.embeddingState(model: "nomic-embed-text").pending, 0)
        let deadline = Date().addingTimeInterval(30)
        while !PersistedVectorIndex.isCurrent(db: db, model: "nomic-embed-text"), Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))  // polling a deadline-bounded wait for the background write
        }
        XCTAssertTrue(PersistedVectorIndex.isCurrent(db: db, model: "nomic-embed-text"),
                      "\(PersistedVectorIndex.path(forDatabase: db.path)) was not written after the background embedding")
    }
}
