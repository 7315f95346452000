import Foundation
import TestSupport
import XCTest

/// A snippet edited by the CLI while it is open in the app: the app notices, reloads an unchanged editor, and never
/// overwrites the other text silently when the editor has unsaved changes.
final class TUIConflictTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    func testAnUnchangedEditorReloadsWhenTheCLIEditsTheSnippet() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        let id = try XCTUnwrap(t.id(ofTitle: "Borrowing rules"))
        XCTAssertEqual(try t.cli(["edit", id, "--body", "Rewritten by the CLI."]).status, 0)
        try t.waitFor(text: "Rewritten by the CLI.")
        try t.waitFor(text: "changed in another process")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        XCTAssertTrue(try t.cli(["show", id]).stdout.contains("Rewritten by the CLI."))
    }

    func testUnsavedTextIsNeverSavedOverACLIEditAndCtrlSKeepsItDeliberately() throws {
        let t = try TUISession.seeded()
        try t.start(env: ["RECALL_AUTOSAVE_MS": "600000"])
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "Enter")
        try t.waitFor(text: "│ Borrowing rules")
        try t.type("MINE ")
        try t.waitFor(text: "MINE # Borrowing")
        let id = try XCTUnwrap(t.id(ofTitle: "Borrowing rules"))
        XCTAssertEqual(try t.cli(["edit", id, "--body", "THEIRS from the CLI"]).status, 0)
        try t.waitFor(text: "changed in another process")
        // Leaving the editor would autosave: it does not write over the CLI's text.
        try t.keys("F3")
        try t.keys("F2")
        XCTAssertTrue(try t.cli(["show", id]).stdout.contains("THEIRS from the CLI"), "nothing overwritten silently")
        // Ctrl-S is the deliberate choice: the app's text is stored, the CLI's stays in the history.
        try t.keys("C-s")
        let shown = try t.waitForCLI(["show", id]) { $0.contains("MINE # Borrowing") }
        XCTAssertFalse(shown.contains("THEIRS"), shown)
        let history = try t.cli(["history", id])
        XCTAssertTrue(history.stdout.contains("edit") || history.stdout.contains("THEIRS"), history.stdout)
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
