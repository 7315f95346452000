import Foundation
import TestSupport
import XCTest

/// The app's incremental search reaches the query log once per search the user made (D53), with the full
/// query — not once per keystroke: when a result is opened, when the overlay is left, or after the query idled.
final class TUISearchLogTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    private func session() throws -> TUISession {
        let t = try TUISession.seeded(body: "# Borrowing\n\nOne mutable or many shared references. Every lifetime ends.")
        try t.start()
        try t.waitFor(text: "Notebooks")
        try t.keys("/")
        try t.waitFor(text: "Search all snippets")
        return t
    }

    /// The logged app searches' questions, after the app has quit (nothing more can be written).
    private func loggedSearches(_ t: TUISession) throws -> [String] {
        let r = try t.cli(["log", "--json", "--kind", "search"])
        XCTAssertEqual(r.status, 0, r.description)
        let entries = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]], r.stdout)
        for e in entries { XCTAssertEqual(e["origin"] as? String, "app", "\(e)") }
        return entries.compactMap { $0["question"] as? String }
    }

    func testOpeningAResultLogsOneSearchWithTheFullQuery() throws {
        let t = try session()
        try t.type("lifetime")  // 8 letters: 8 incremental searches on screen
        try t.waitFor(text: "Rust study ▸ Ownership")
        try t.keys("Enter")
        try t.waitFor("the snippet open at the hit") { $0.contains("│ Borrowing rules") && $0.contains("3:") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        XCTAssertEqual(try loggedSearches(t), ["lifetime"])
    }

    func testAnIdleQueryIsLoggedOnceEvenWhenTheOverlayIsLeftAfterwards() throws {
        let t = try session()
        try t.type("mutable")
        try t.waitFor(text: "Rust study ▸ Ownership")
        // Idle: logged while the overlay is still open.
        _ = try t.waitForCLI(["log", "--json", "--kind", "search"]) { $0.contains("\"question\":\"mutable\"") }
        try t.keys("Escape")  // alone: Escape and the next key in one read would be Alt plus that key
        try t.waitFor("the search overlay closed") { !$0.contains("Search all snippets") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        XCTAssertEqual(try loggedSearches(t), ["mutable"])
    }
}
