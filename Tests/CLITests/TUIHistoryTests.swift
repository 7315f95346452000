import Foundation
import TestSupport
import XCTest

/// History in the app, driven in tmux: the revision list, a diff between two revisions, and a restore that is itself
/// a new revision and undoable.
final class TUIHistoryTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    func testOpenHistoryDiffTwoRevisionsAndRestoreOne() throws {
        let t = try TUISession.seeded()
        let id = try XCTUnwrap(t.id(ofTitle: "Borrowing rules"))
        XCTAssertEqual(try t.cli(["edit", id, "--body", "# Borrowing\n\nOne mutable borrow at a time.\nMany shared borrows."]).status, 0)
        try t.openFirstSnippet()
        try t.waitFor(text: "One mutable borrow at a time.")
        try t.keys("M-h")
        try t.waitFor(text: "History — Borrowing rules")
        try t.waitFor(text: "create")
        // Enter on the newest revision: what the CLI edit changed, word by word.
        try t.keys("Enter")
        try t.waitFor(text: "- One mutable or many shared references.")
        try t.waitFor(text: "+ One mutable borrow at a time.")
        try t.keys("Escape")
        try t.waitFor(text: "enter diff")
        // Restore the imported text: it becomes a new revision marked restore.
        try t.keys("Down", "r")
        try t.waitFor(text: "Restored revision")
        let restored = try t.waitForCLI(["show", id]) { $0.contains("One mutable or many shared references.") }
        XCTAssertFalse(restored.contains("at a time"), restored)
        XCTAssertTrue(try t.cli(["history", id]).stdout.contains("restore"), "the restore is a revision of its own")
        // Ctrl-Z undoes the restore, and that is saved too.
        try t.keys("C-z")
        try t.waitFor(text: "One mutable borrow at a time.")
        try t.keys("C-s")
        _ = try t.waitForCLI(["show", id]) { $0.contains("One mutable borrow at a time.") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
