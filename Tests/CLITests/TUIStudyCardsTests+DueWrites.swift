import Foundation
import TestSupport
import XCTest

/// README: the status line's due count "is refreshed … when another process writes".
extension TUIStudyCardsTests {
    func testGivenTheAppIsOpen_whenAnotherProcessAddsACard_thenTheDueCountFollowsWithoutAKey() throws {
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["card", "add", "--front", "Capital of France?", "--back", "Paris"]).status, 0)
        try t.start()
        try t.waitFor("one card due") { $0.split(separator: "\n").last?.contains("due 1") == true }
        XCTAssertEqual(try t.cli(["card", "add", "--front", "Largest planet?", "--back", "Jupiter"]).status, 0)
        try t.waitFor("the count after the other process wrote", timeout: 30) { $0.split(separator: "\n").last?.contains("due 2") == true }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
