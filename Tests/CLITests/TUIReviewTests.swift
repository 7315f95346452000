import Foundation
import TestSupport
import XCTest

/// The Review pane in the real binary: a card made with the CLI is studied in the app, and the grade is stored.
final class TUIReviewTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    func testReviewACardInTheAppAndTheGradeIsStored() throws {
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["card", "add", "--front", "Capital of France?", "--back", "Paris"]).status, 0)
        XCTAssertEqual(try t.cli(["deck", "set", "Default", "--fuzz", "off"]).status, 0)
        XCTAssertTrue(try t.cli(["due", "--json"]).stdout.contains("Capital of France?"), "the new card is due before the review")

        try t.start()
        try t.waitFor("the due count in the status line") { $0.split(separator: "\n").last?.contains("due 1") == true }
        try t.keys("3")
        try t.waitFor(text: "Capital of France?")
        try t.waitFor(text: "1 left · 0 done")
        XCTAssertFalse(try t.screen().contains("Paris"), "the answer stays hidden until space")

        try t.keys("Space")
        let revealed = try t.waitFor("the answer and the four buttons with their intervals") {
            $0.contains("Paris") && $0.contains("1 Again 1m") && $0.contains("2 Hard") && $0.contains("3 Good 10m") && $0.contains("4 Easy")
        }
        XCTAssertTrue(revealed.contains("Review"), revealed)

        try t.keys("3")
        // Good on a new card schedules it 10 minutes out: it stays in the session (learn-ahead), hidden again,
        // and the status line no longer counts it as due.
        try t.waitFor("the card back with its answer hidden") { $0.contains("1 left · 1 done") && !$0.contains("Paris") }
        try t.waitFor("the due count refreshed after the grade") { $0.contains("due 0 (next in 10 min)") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")

        let due = try t.cli(["due", "--json"])
        XCTAssertEqual(due.status, 0)
        XCTAssertFalse(due.stdout.contains("Capital of France?"), "the graded card is no longer due: \(due.stdout)")
        let list = try t.cli(["card", "list", "--json"]).stdout
        XCTAssertTrue(list.contains("\"state\":\"learning\""), "the card moved from new to learning: \(list)")
    }

    func testUndoInTheAppTakesTheStoredGradeBack() throws {
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["card", "add", "--front", "Largest planet?", "--back", "Jupiter"]).status, 0)
        XCTAssertEqual(try t.cli(["deck", "set", "Default", "--fuzz", "off"]).status, 0)
        try t.start()
        try t.keys("3")
        try t.waitFor(text: "Largest planet?")
        try t.keys("Space")
        try t.waitFor(text: "4 Easy")
        try t.keys("4")
        try t.waitFor(text: "Session done: 1 answer on 1 card")
        try t.waitFor("the card no longer due") { $0.contains("due 0 (next in") }
        try t.keys("u")
        try t.waitFor("the card back and due again") { $0.contains("1 left · 0 done") && $0.split(separator: "\n").last?.contains("due 1") == true }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        let due = try t.cli(["due", "--json"]).stdout
        XCTAssertTrue(due.contains("Largest planet?") && due.contains("\"state\":\"new\""), "the undo was stored: \(due)")
    }
}
