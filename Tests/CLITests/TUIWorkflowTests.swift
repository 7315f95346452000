import Foundation
import TestSupport
import XCTest

/// The app's everyday workflows driven in tmux against the real binary, each checked through the CLI
/// (`recall list --json`, `recall show`) rather than the screen alone: create, rename, move, trash and restore in
/// the navigator; explicit save (Ctrl-S) with autosave pushed out of reach; the command palette; find, replace and
/// go-to-line; theme switching; the vim keymap. Keys are the default keymap's (panes by F2–F4, never digits).
final class TUIWorkflowTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    /// A project with two notebooks, one holding a snippet, made with the CLI.
    private func seeded(body: String = "# Borrowing\n\nOne mutable or many shared references.") throws -> TUISession {
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["new", "project", "Rust study"]).status, 0)
        XCTAssertEqual(try t.cli(["new", "notebook", "--project", "Rust study", "Ownership"]).status, 0)
        XCTAssertEqual(try t.cli(["new", "notebook", "--project", "Rust study", "Lifetimes"]).status, 0)
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Ownership", "Borrowing rules", "--body", body]).status, 0)
        return t
    }

    /// The live tree from `recall list --json` as "Project", "Project ▸ Notebook" and "Project ▸ Notebook ▸ Snippet" paths.
    private func outline(_ t: TUISession) throws -> Set<String> {
        let out = try t.cli(["list", "--json"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let projects = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [[String: Any]])
        var paths: Set<String> = []
        for p in projects {
            let pt = (p["project"] as? [String: Any])?["title"] as? String ?? "?"
            paths.insert(pt)
            for n in p["notebooks"] as? [[String: Any]] ?? [] {
                let nt = (n["notebook"] as? [String: Any])?["title"] as? String ?? "?"
                paths.insert("\(pt) ▸ \(nt)")
                for s in n["snippets"] as? [[String: Any]] ?? [] { paths.insert("\(pt) ▸ \(nt) ▸ \(s["title"] as? String ?? "?")") }
            }
        }
        return paths
    }

    /// Waits until the CLI's tree satisfies a condition.
    @discardableResult
    private func waitForOutline(_ t: TUISession, _ what: String, file: StaticString = #filePath, line: UInt = #line,
                                _ ok: (Set<String>) -> Bool) throws -> Set<String> {
        let deadline = TUISession.now() + 15
        var last: Set<String> = []
        repeat {
            last = try outline(t)
            if ok(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)  // polling interval of a deadline-bounded wait
        } while TUISession.now() < deadline
        XCTFail("timed out waiting for \(what); `recall list --json` had:\n\(last.sorted().joined(separator: "\n"))\nscreen:\n\((try? t.screen()) ?? "")", file: file, line: line)
        throw TUITimeout()
    }

    /// Opens “Borrowing rules” from the start screen (Ownership is the first notebook, collapsed).
    private func openBorrowingRules(_ t: TUISession) throws {
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "Enter")
        try t.waitFor(text: "│ Borrowing rules")
    }

    func testNavigatorCreatesRenamesMovesTrashesAndRestoresAndTheStoreAgrees() throws {
        let t = try seeded()
        try t.start()
        try t.waitFor(text: "▸ Ownership")

        // Create a project (P), then a notebook in it (N) and a snippet in that (n).
        try t.keys("P")
        try t.waitFor(text: "New project title")
        try t.type("Go study")
        try t.keys("Enter")
        try waitForOutline(t, "the new project") { $0.contains("Go study") }
        try t.waitFor(text: "Go study")
        try t.keys("End")
        try t.waitFor("the new project selected at the bottom") { $0.contains("Go study") }
        try t.keys("N")
        try t.waitFor(text: "New notebook in “Go study”")
        try t.type("Channels")
        try t.keys("Enter")
        try waitForOutline(t, "the new notebook") { $0.contains("Go study ▸ Channels") }
        try t.keys("End", "n")
        try t.waitFor(text: "New snippet in “Channels”")
        try t.type("Select statement")
        try t.keys("Enter")
        try waitForOutline(t, "the new snippet") { $0.contains("Go study ▸ Channels ▸ Select statement") }

        // Rename the seeded snippet (r): the prompt starts with the old title; clear it and type the new one.
        try t.keys("Escape")  // back to the navigator from the new snippet's editor
        try t.keys("Home")
        try t.waitFor(text: "Rust study")
        try t.keys("j", "l", "j")
        try t.keys("r")
        try t.waitFor(text: "Rename snippet")
        for _ in 0..<"Borrowing rules".count { try t.keys("BSpace") }
        try t.type("Borrow checker")
        try t.keys("Enter")
        try waitForOutline(t, "the renamed snippet") {
            $0.contains("Rust study ▸ Ownership ▸ Borrow checker") && !$0.contains("Rust study ▸ Ownership ▸ Borrowing rules")
        }

        // Move it (m) to Lifetimes: type to filter the picker, Enter.
        try t.waitFor(text: "Borrow checker")
        try t.keys("m")
        try t.waitFor(text: "Move “Borrow checker” to")
        try t.type("Lifetimes")
        try t.keys("Enter")
        try waitForOutline(t, "the moved snippet") {
            $0.contains("Rust study ▸ Lifetimes ▸ Borrow checker") && !$0.contains("Rust study ▸ Ownership ▸ Borrow checker")
        }

        // Trash the Go project (d, y): it and everything in it leave the tree and wait in the trash.
        try t.keys("End")
        try t.waitFor(text: "Go study")
        try t.keys("Home")
        var screen = try t.screen()
        // Select the Go study row: walk down until it is the selection the confirm names.
        for _ in 0..<12 {
            try t.keys("d")
            screen = try t.waitFor("a trash confirmation") { $0.contains("to the trash? (y/n)") }
            if screen.contains("“Go study”") { break }
            try t.keys("n", "j")
        }
        XCTAssertTrue(screen.contains("Move project “Go study” and everything in it to the trash?"), screen)
        try t.keys("y")
        try waitForOutline(t, "the project trashed") { !$0.contains("Go study") && !$0.contains { $0.hasPrefix("Go study ▸") } }
        let trash = try t.cli(["list", "--trash"]).stdout
        XCTAssertTrue(trash.contains("Go study"), trash)

        // Undo the trash (u): the project comes back with its notebook and snippet.
        try t.keys("u")
        try waitForOutline(t, "the project restored") { $0.contains("Go study ▸ Channels ▸ Select statement") }
        XCTAssertEqual(try outline(t), ["Rust study", "Rust study ▸ Ownership", "Rust study ▸ Lifetimes",
                                        "Rust study ▸ Lifetimes ▸ Borrow checker", "Go study", "Go study ▸ Channels",
                                        "Go study ▸ Channels ▸ Select statement"])
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testCtrlSSavesAtOnceWhenAutosaveIsTenMinutesAway() throws {
        let t = try seeded()
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        // Autosave ten minutes after the last keystroke: only Ctrl-S can save within this test.
        try t.start(env: ["RECALL_AUTOSAVE_MS": "600000"])
        try openBorrowingRules(t)
        try t.keys("C-End")
        try t.type(" SAVED-BY-CTRL-S")
        try t.waitFor("the typed text, not yet saved") { $0.contains("SAVED-BY-CTRL-S") && $0.contains("Borrowing rules ●") }
        // Well past the default 800 ms autosave, the store still has the old text (the override works) …
        let quietUntil = TUISession.now() + 2.5
        while TUISession.now() < quietUntil {
            XCTAssertFalse(try t.cli(["show", id]).stdout.contains("SAVED-BY-CTRL-S"), "saved without Ctrl-S")
            Thread.sleep(forTimeInterval: 0.2)  // sampling a window in which nothing may happen
        }
        // … and Ctrl-S saves it at once, with the app still running.
        try t.keys("C-s")
        let shown = try t.waitForCLI(["show", id]) { $0.contains("SAVED-BY-CTRL-S") }
        XCTAssertEqual(shown.trimmingCharacters(in: .newlines), "# Borrowing\n\nOne mutable or many shared references. SAVED-BY-CTRL-S")
        try t.waitFor("the dirty marker gone") { !$0.contains("Borrowing rules ●") }
        try t.keys("C-s")
        try t.waitFor(text: "Already saved")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testAnInvalidAutosaveDelayIsRefusedWithWhatToSet() throws {
        let t = try seeded()
        try t.start(env: ["RECALL_AUTOSAVE_MS": "soon"])
        let s = try t.waitFor(text: "EXIT=")
        XCTAssertTrue(s.contains("RECALL_AUTOSAVE_MS must be the pause before an autosave in whole milliseconds"), s)
        XCTAssertTrue(s.contains("EXIT=1") || s.contains("EXIT=64"), s)
    }

    func testCommandPaletteFiltersAndRunsTheChosenCommand() throws {
        let t = try seeded()
        try t.start()
        try t.waitFor(text: "▸ Ownership")
        // Ctrl-P, type part of a title, Enter: the help overlay opens.
        try t.keys("C-p")
        try t.waitFor(text: "┌─ Commands")
        try t.type("show keys")
        try t.waitFor(text: "Show keys (help)")
        try t.keys("Enter")
        try t.waitFor("the help overlay, run from the palette") { $0.contains("Keys — default keymap") && !$0.contains("┌─ Commands") }
        try t.keys("Escape")
        try t.waitFor("the help closed") { !$0.contains("Keys — default keymap") }
        // A command with a lasting effect: a new project, made through the palette.
        try t.keys("C-p")
        try t.waitFor(text: "┌─ Commands")
        try t.type("new project")
        try t.keys("Enter")
        try t.waitFor(text: "New project title")
        try t.type("From the palette")
        try t.keys("Enter")
        try waitForOutline(t, "the project made from the palette") { $0.contains("From the palette") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testFindReplaceAndGoToLineInTheEditor() throws {
        let t = try seeded(body: "alpha\nbeta\ngamma\nbeta again\nepsilon")
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        try t.start()
        try openBorrowingRules(t)
        // Go to line 4 (Ctrl-G): the cursor position in the status line says so.
        try t.keys("C-g")
        try t.waitFor(text: "Go to line (1–5)")
        try t.type("4")
        try t.keys("Enter")
        try t.waitFor("the cursor on line 4") { $0.contains(" 4:1") }
        // Find (Ctrl-W) “gamma”: the cursor moves to line 3.
        try t.keys("C-w")
        try t.waitFor(text: "Find in snippet")
        try t.type("gamma")
        try t.keys("Enter")
        try t.waitFor("the cursor on the match in line 3") { $0.contains(" 3:") && !$0.contains("Find in snippet") }
        // Replace (Ctrl-R) every “beta” with “BETA”, then save and read it back.
        try t.keys("C-r")
        try t.waitFor(text: "Replace — find")
        for _ in 0..<"gamma".count { try t.keys("BSpace") }  // the prompt starts with the last search
        try t.type("beta")
        try t.keys("Enter")
        try t.waitFor(text: "Replace “beta” with")
        try t.type("BETA")
        try t.keys("Enter")
        try t.waitFor("both lines replaced") { $0.contains("│BETA") && $0.contains("BETA again") }
        try t.keys("C-s")
        let shown = try t.waitForCLI(["show", id]) { $0.contains("BETA again") }
        XCTAssertEqual(shown.trimmingCharacters(in: .newlines), "alpha\nBETA\ngamma\nBETA again\nepsilon")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testAltTSwitchesTheThemeAndTheColoursChange() throws {
        let t = try seeded()
        // Colour on whatever the test runner's environment says (an empty NO_COLOR counts as unset).
        try t.start(env: ["RECALL_THEME": "dark", "TERM": "xterm-256color", "NO_COLOR": ""])
        try t.waitFor(text: "▸ Ownership")
        let before = try t.tmux(["capture-pane", "-p", "-e", "-t", t.name])
        XCTAssertFalse(Self.colourCodes(before).isEmpty, "the dark theme draws in colour:\n\(before)")
        try t.keys("M-t")
        let status = try t.waitFor("a theme message") { $0.contains("Theme: ") }
        let name = try XCTUnwrap(status.components(separatedBy: "Theme: ").last?.split(separator: " ").first.map(String.init))
        XCTAssertNotEqual(name, "dark", "Alt-T moved on from the dark theme")
        try t.waitFor("the screen redrawn in other colours") { _ in
            let after = (try? t.tmux(["capture-pane", "-p", "-e", "-t", t.name])) ?? before
            return Self.colourCodes(after) != Self.colourCodes(before)
        }
        // The command palette's “Next theme” moves on again.
        try t.keys("C-p")
        try t.waitFor(text: "┌─ Commands")
        try t.type("next theme")
        try t.keys("Enter")
        try t.waitFor("the next theme's message") { s in
            guard let now = s.components(separatedBy: "Theme: ").last?.split(separator: " ").first else { return false }
            return String(now) != name && !s.contains("┌─ Commands")
        }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    /// The colour parameters (38/48 selections) of every SGR sequence on a styled capture, in order.
    static func colourCodes(_ styled: String) -> [String] {
        var codes: [String] = []
        for part in styled.components(separatedBy: "\u{1B}[").dropFirst() {
            guard let end = part.firstIndex(of: "m") else { continue }
            let params = part[..<end]
            if params.contains("38;") || params.contains("48;") { codes.append(String(params)) }
        }
        return codes
    }

    func testVimKeymapIsModal() throws {
        let t = try seeded(body: "alpha\nbeta")
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        try t.start(env: ["RECALL_KEYMAP": "vim"])
        try openBorrowingRules(t)
        // Normal mode: G goes to the last line, A appends at its end; Esc back to Normal; g to the top, x deletes.
        try t.keys("G", "A")
        try t.type("!")
        try t.waitFor("the appended text in insert mode") { $0.contains("beta!") && $0.contains("INSERT") }
        try t.keys("Escape")  // alone: Escape and the next key in one read would be Alt-g
        try t.waitFor("normal mode") { !$0.contains("INSERT") }
        try t.keys("g", "x")
        try t.waitFor("the edits made in normal and insert mode") { $0.contains("│lpha") && $0.contains("beta!") }
        try t.keys("C-s")
        let shown = try t.waitForCLI(["show", id]) { $0.contains("beta!") }
        XCTAssertEqual(shown.trimmingCharacters(in: .newlines), "lpha\nbeta!", "normal-mode keys were commands, not text")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
