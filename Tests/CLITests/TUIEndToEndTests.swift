import Foundation
import TestSupport
import XCTest

/// The real binary in tmux, driven like a person: keys in, screen text out.
final class TUIEndToEndTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    func testCreateTypeUndoRedoSaveQuitThenShowProvesItPersisted() throws {
        let t = try TUISession.seeded()
        try t.start()
        try t.waitFor(text: "▸ Ownership")
        // Navigate to the notebook and create a snippet.
        try t.keys("j", "n")
        try t.waitFor(text: "New snippet in “Ownership”")
        try t.type("Wide text")
        try t.keys("Enter")
        try t.waitFor("the new snippet open in the editor") { $0.contains("│ Wide text") && $0.contains("· Wide text") }
        // Type wide text, undo it, redo it.
        try t.type("é 日本 → 👩‍💻 done")
        try t.waitFor(text: "é 日本 → ")
        try t.keys("C-z")
        try t.waitFor("the text undone") { !$0.contains("日本") }
        try t.keys("C-y")
        try t.waitFor(text: "é 日本 → ")
        // Save and quit.
        try t.keys("C-s")
        try t.waitFor("the dirty marker gone") { !$0.contains("Wide text ●") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        let id = try XCTUnwrap(try t.id(ofTitle: "Wide text"))
        let shown = try t.cli(["show", id])
        XCTAssertEqual(shown.status, 0)
        XCTAssertEqual(shown.stdout.trimmingCharacters(in: .newlines), "é 日本 → 👩‍💻 done")
        XCTAssertFalse(try t.screen().contains("\u{1B}"), "terminal restored")
    }

    func testResizeRelayoutsAndTinyTerminalShowsANotice() throws {
        let t = try TUISession.seeded()
        try t.start(width: 120, height: 40)
        try t.waitFor(text: "Notebooks")
        try t.resize(width: 170, height: 40)
        try t.waitFor(text: "Ask answers questions from your notes")  // Ask beside the editor when wide
        try t.resize(width: 50, height: 12)
        try t.waitFor(text: "Terminal too small")
        try t.resize(width: 100, height: 30)
        try t.waitFor("the layout back") { $0.contains("Notebooks") && !$0.contains("Terminal too small") }
        // A burst of resizes settles on the last size.
        for w in [80, 140, 90, 130, 110] { try t.resize(width: w, height: 30) }
        try t.waitFor("the status line at 110 columns") { s in
            let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.contains { $0.hasPrefix(" db test.db") } && s.contains("Notebooks")
        }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testTinyTerminalAtStart() throws {
        let t = try TUISession.seeded()
        try t.start(width: 40, height: 10)
        try t.waitFor(text: "Terminal too small")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testHelpOverlayListsTheKeymap() throws {
        let t = try TUISession.seeded()
        try t.start()
        try t.waitFor(text: "Notebooks")
        try t.keys("?")
        // Wait for the whole overlay: tmux may show a frame that is still being written.
        try t.waitFor("the help overlay with the keymap's bindings") {
            $0.contains("Keys — default keymap") && $0.contains("Search all snippets") && $0.contains("ctrl-f")
        }
        try t.keys("Escape")
        try t.waitFor("the help closed") { !$0.contains("Keys — default keymap") }
        try t.keys("q")
        try t.waitFor(text: "EXIT=0")
    }

    func testUserKeymapOverrideIsUsed() throws {
        let t = try TUISession.seeded()
        try "[global]\n\"alt-h\" = \"app.help\"\n\"?\" = \"none\"\n".write(to: t.dir.appendingPathComponent("config/recall/keymap.toml").creatingParent(), atomically: true, encoding: .utf8)
        try t.start()
        try t.waitFor(text: "Notebooks")
        try t.keys("M-h")
        try t.waitFor("the help overlay listing the user's key") { $0.contains("Keys — default keymap") && $0.contains("alt-h") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testSearchOverlayOpensTheSnippetAtTheHit() throws {
        let t = try TUISession.seeded()
        try t.start()
        try t.waitFor(text: "Notebooks")
        try t.keys("/")
        try t.waitFor(text: "Search all snippets")
        try t.type("mutable")
        try t.waitFor(text: "Rust study ▸ Ownership")
        try t.keys("Enter")
        try t.waitFor("the snippet open at the hit") { $0.contains("│ Borrowing rules") && $0.contains("3:") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testKillNineWhileEditingKeepsSavedText() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        try t.keys("C-End")
        try t.type(" AUTOSAVED")
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        // Autosave after a pause: the CLI sees the text without any explicit save.
        _ = try t.waitForCLI(["show", id]) { $0.contains("AUTOSAVED") }
        try t.type(" unsaved")
        let pid = try XCTUnwrap(try t.appPID())
        kill(pid, SIGKILL)
        try t.waitFor(text: "EXIT=137")
        let shown = try t.cli(["show", id])
        XCTAssertEqual(shown.status, 0, shown.stderr)
        XCTAssertTrue(shown.stdout.contains("references. AUTOSAVED"), shown.stdout)
    }

    func testBracketedPasteIsOneUndoableEdit() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        try t.keys("C-End", "Enter")
        let lines = (1...3000).map { "pasted line \($0) with q and ? inside" }
        try t.paste(lines.joined(separator: "\n"))
        try t.waitFor(text: "pasted line 3000 with q and ? inside")
        try t.keys("C-z")
        try t.waitFor("the whole paste undone at once") { !$0.contains("pasted line") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testSigtermQuitsCleanlyAndSaves() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        try t.keys("C-End")
        try t.type(" TERM")
        try t.waitFor(text: "references. TERM")
        let pid = try XCTUnwrap(try t.appPID())
        kill(pid, SIGTERM)
        try t.waitFor(text: "EXIT=0")
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        XCTAssertTrue(try t.cli(["show", id]).stdout.contains("references. TERM"))
    }

    func testCtrlEHandsTheSnippetToEDITORAndTakesItBack() throws {
        let t = try TUISession.seeded()
        // An "editor" that rewrites the file, as a person would in vi.
        let script = t.dir.appendingPathComponent("fake-editor.sh")
        try "#!/bin/sh\nsed -i 's/mutable/MUTABLE (edited outside)/' \"$1\"\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        try t.start(env: ["EDITOR": script.path])
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "Enter")
        try t.waitFor(text: "│ Borrowing rules")
        try t.keys("C-e")
        try t.waitFor(text: "One MUTABLE (edited outside) or many")
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        _ = try t.waitForCLI(["show", id]) { $0.contains("MUTABLE (edited outside)") }
        try t.keys("C-z")
        try t.waitFor("the outside edit undone in one step") { $0.contains("One mutable or many") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testNoColorStillShowsTheSelection() throws {
        let t = try TUISession.seeded()
        try t.start(env: ["NO_COLOR": "1"])
        try t.waitFor(text: "▸ Ownership")
        // capture-pane -e shows attributes: no colour codes, but the selected row is in reverse video (7).
        let styled = try t.tmux(["capture-pane", "-p", "-e", "-t", t.name])
        XCTAssertFalse(styled.contains("\u{1B}[38;5;"), "no 256-colour foreground with NO_COLOR")
        XCTAssertFalse(styled.contains("\u{1B}[48;5;"), "no 256-colour background with NO_COLOR")
        // The selected row (the first project) is drawn in reverse video; the row under it is not.
        let reversed = TUIScreenAttributes.reverseVideo(styled)
        let lines = styled.split(separator: "\n", omittingEmptySubsequences: false)
        let selected = try XCTUnwrap(lines.firstIndex { $0.contains("Rust study") })
        let other = try XCTUnwrap(lines.firstIndex { $0.contains("Ownership") })
        XCTAssertTrue(reversed[selected].contains("Rust study"), "the selection is visible as reverse video:\n\(styled)")
        XCTAssertFalse(reversed[other].contains("Ownership"), "only the selection is in reverse video:\n\(styled)")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testDumbTerminalExitsNonZeroWithAClearMessage() throws {
        let t = try TUISession.seeded()
        try t.start(env: ["TERM": "dumb"])
        let s = try t.waitFor(text: "EXIT=")
        XCTAssertTrue(s.contains("TERM=dumb cannot run a full-screen app"), s)
        XCTAssertFalse(s.contains("EXIT=0"))
    }

    func testNotATTYExitsNonZeroWithAClearMessage() throws {
        let t = try TUISession()
        let r = try t.cli([])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("not a TTY"), r.stderr)
    }
}

extension URL {
    /// Creates the parent directory and returns self.
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}
