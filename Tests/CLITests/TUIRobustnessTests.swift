import Foundation
import TestSupport
import XCTest

/// The real binary in tmux under hostile conditions: job control, huge notes, notes carrying escape
/// sequences, and a database another process is writing.
final class TUIRobustnessTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    /// The process state letter from /proc (R, S, T …).
    static func state(of pid: Int32) -> String {
        let s = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        guard let close = s.lastIndex(of: ")") else { return "?" }
        return String(s[s.index(close, offsetBy: 2)])
    }

    func testCtrlZSuspendsAndContinueRedraws() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        let pid = try XCTUnwrap(try t.appPID())
        try t.keys("Escape")
        try t.waitFor("the navigator focused (no cursor position in the status line)") { s in
            !(s.split(separator: "\n").last { $0.contains("db test.db") }?.contains("1:1") ?? true)
        }
        try t.keys("C-z")  // Ctrl-Z in the navigator suspends (in the editor it is undo)
        try t.waitFor("the process stopped") { _ in Self.state(of: pid) == "T" }
        kill(pid, SIGCONT)
        try t.waitFor(text: "Borrowing rules")
        try t.keys("Enter", "C-End")
        try t.type(" resumed")
        try t.waitFor(text: "references. resumed")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testStopAndContinueRestoreAndRedraw() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        let pid = try XCTUnwrap(try t.appPID())
        kill(pid, SIGTSTP)
        try t.waitFor("the process stopped") { _ in Self.state(of: pid) == "T" }
        kill(pid, SIGCONT)
        try t.waitFor("the process running again") { _ in Self.state(of: pid) != "T" }
        try t.waitFor(text: "│ Borrowing rules")
        try t.keys("C-End")
        try t.type(" after resume")
        try t.waitFor(text: "references. after resume")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testFiveMegabyteSnippetOpensAndEdits() throws {
        let line = "A fairly long line of notes about ownership, borrowing and lifetimes in Rust — 日本語 too.\n"
        let body = String(repeating: line, count: 5_000_000 / line.utf8.count) + "LAST LINE"
        let t = try TUISession.seeded(body: body)
        try t.openFirstSnippet()
        try t.keys("C-End")
        try t.waitFor(text: "LAST LINE")
        try t.type(" edited")
        try t.waitFor(text: "LAST LINE edited")
        try t.keys("C-Home")
        try t.waitFor("back at the top") { $0.contains("1:1") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0", timeout: 30)
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        XCTAssertTrue(try t.cli(["show", id]).stdout.hasSuffix("LAST LINE edited\n"))
    }

    func testEscapeSequencesInANoteAreShownNotObeyed() throws {
        // A note that tries to set the window title and clear the screen.
        let t = try TUISession.seeded(body: "before\u{1B}]2;pwned\u{07}\u{1B}[2J after")
        try t.openFirstSnippet()
        let s = try t.waitFor(text: "before^[]2;pwned^G^[[2J after")
        XCTAssertTrue(s.contains("Notebooks"), "the screen was not cleared")
        let title = try t.tmux(["display-message", "-p", "-t", t.name, "#{pane_title}"])
        XCTAssertFalse(title.contains("pwned"), "the note changed the terminal title")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testAnotherWriterHoldingTheLockDelaysTheSaveButLosesNothing() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        // Another process takes the write lock and holds it until we remove its go-file.
        let go = t.dir.appendingPathComponent("go").path
        let ready = t.dir.appendingPathComponent("ready").path
        FileManager.default.createFile(atPath: go, contents: Data())
        guard TestRequirement.executable("python3") != nil else {
            try TestRequirement.missing("python3 (to hold the write lock from another process)", install: "install it with `apt-get install python3` (scripts/setup does)")
        }
        let py = Process()
        py.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        py.arguments = ["python3", "-c", """
            import sqlite3, os, time, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
            c.execute("BEGIN IMMEDIATE")
            open(sys.argv[2], "w").close()
            deadline = time.time() + 20
            while os.path.exists(sys.argv[3]) and time.time() < deadline:
                time.sleep(0.05)
            c.execute("COMMIT")
            """, t.dbPath, ready, go]
        try py.run()
        let deadline = TUISession.now() + (10)
        while !FileManager.default.fileExists(atPath: ready) && TUISession.now() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: ready), "the other writer did not take the lock")
        // While the database is locked, the app keeps answering keys.
        try t.keys("C-End")
        try t.type(" WHILE LOCKED")
        try t.waitFor(text: "references. WHILE LOCKED")
        try t.keys("Escape", "k")
        try t.waitFor("the navigator still moves") { $0.contains("Borrowing rules") }
        // Release the lock: the pending save lands.
        try FileManager.default.removeItem(atPath: go)
        py.waitUntilExit()
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        _ = try t.waitForCLI(["show", id], timeout: 20) { $0.contains("WHILE LOCKED") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
