import Foundation
import TestSupport
import XCTest

/// Study status, tags and links in the real app (tmux), each checked through the CLI: cycling a status moves the
/// navigator's percentage and is stored; the progress view (F8) lists items and folds done ones; the tags prompt;
/// Alt-O hands the address under the cursor to `$BROWSER` with a display, and copies it (OSC 52) without one.
final class TUIStudyTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    /// Project "Roadmap", notebook "Models": Sampling (done), Attention (todo, 1 of 3 steps), Reading list (no status).
    private func seeded() throws -> TUISession {
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["new", "project", "Roadmap"]).status, 0)
        XCTAssertEqual(try t.cli(["new", "notebook", "--project", "Roadmap", "Models"]).status, 0)
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Models", "Sampling", "--status", "done", "--body", "Temperature."]).status, 0)
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Models", "Attention", "--tags", "todo, transformers", "--stdin"],
                                 stdin: "- [ ] **Attention**\n  - [x] watch\n  - [ ] read\n  - [ ] write\n\nSee https://arxiv.org/abs/1706.03762 first.\n").status, 0)
        XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Models", "Reading list", "--body", "later"]).status, 0)
        return t
    }

    private func status(_ t: TUISession, _ title: String) throws -> Any? {
        let id = try XCTUnwrap(try t.id(ofTitle: title))
        return try t.cli(["show", id, "--json"]).object()["status"]
    }

    func testCyclingAStatusMovesTheNavigatorPercentageAndIsStored() throws {
        let t = try seeded()
        try t.start()
        try t.waitFor(text: "▸ Models")
        try t.waitFor("the notebook at 50%") { $0.contains("Models") && $0.contains("50%") }
        try t.keys("j", "l", "j", "j")  // Models, expand, Sampling, Attention
        try t.waitFor(text: "○ Attention")
        try t.keys("s")
        try t.waitFor(text: "◐ Attention")
        try t.waitFor("the notebook at 75%") { $0.contains("Models") && $0.contains("75%") }
        _ = try t.waitForCLI(["progress"]) { $0.hasPrefix("75% · 1 done · 1 partial · 0 todo") }
        XCTAssertEqual(try status(t, "Attention") as? String, "partial")

        // The progress view lists the items with their steps; done ones fold away.
        try t.keys("F8")
        let view = try t.waitFor(text: "1/3 steps · 0 cards")  // the view's own line (the navigator shows ◐ Attention too)
        XCTAssertTrue(view.contains("75% · 1 done · 1 partial · 0 todo"), view)
        XCTAssertTrue(view.contains("◐ Attention"), view)
        XCTAssertTrue(view.contains("✓ Sampling"), view)
        try t.keys("z")
        try t.waitFor(text: "✓ 1 done item folded")
        try t.keys("Escape")
        try t.waitFor("the view closed") { !$0.contains("done item folded") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testTagsAreEditedInAPromptAndAStatusWordSetsTheStatus() throws {
        let t = try seeded()
        try t.start()
        try t.waitFor(text: "▸ Models")
        try t.keys("j", "l", "j", "j", "j")  // Reading list
        try t.waitFor(text: "· Reading list")
        try t.keys("t")
        try t.waitFor(text: "Tags for “Reading list”")
        try t.type("papers, todo")
        try t.keys("Enter")
        try t.waitFor(text: "○ Reading list")
        let id = try XCTUnwrap(try t.id(ofTitle: "Reading list"))
        _ = try t.waitForCLI(["show", id, "--json"]) { $0.contains("\"status\":\"todo\"") }
        XCTAssertEqual(try t.cli(["show", id, "--json"]).object()["tags"] as? [String], ["papers"])

        // In the editor: Alt-G edits the open snippet's tags, Alt-D cycles its status.
        try t.keys("Enter")
        try t.waitFor(text: "│ Reading list")
        try t.keys("M-g")
        try t.waitFor(text: "Tags for “Reading list”")
        try t.keys("End")
        try t.type(", reading")
        try t.keys("Enter")
        _ = try t.waitForCLI(["show", id, "--json"]) { $0.contains("\"reading\"") }
        try t.keys("M-d")
        _ = try t.waitForCLI(["show", id, "--json"]) { $0.contains("\"status\":\"partial\"") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    /// Opens Attention and puts the cursor on the arXiv address (line 6, after "See ").
    private func cursorOnTheLink(_ t: TUISession) throws {
        try t.waitFor(text: "▸ Models")
        try t.keys("j", "l", "j", "j", "Enter")
        try t.waitFor(text: "│ Attention")
        try t.keys("C-g")
        try t.type("6")
        try t.keys("Enter")
        try t.keys("Right", "Right", "Right", "Right", "Right", "Right")
    }

    /// Writes an executable script that records its first argument (the address it was asked to open) in `record`.
    private func writeRecorder(_ script: String, into record: String) throws {
        try "#!/bin/sh\nprintf '%s' \"$1\" > \(TUISession.shellQuote(record))\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
    }

    /// What the recorder wrote, waiting up to 15 s for it ("" when nothing came).
    private func addressOpened(_ record: String) -> String {
        let deadline = TUISession.now() + 15
        var opened = ""
        while TUISession.now() < deadline && opened.isEmpty {
            opened = (try? String(contentsOfFile: record, encoding: .utf8)) ?? ""
            if opened.isEmpty { Thread.sleep(forTimeInterval: 0.05) }  // polling interval of a deadline-bounded wait
        }
        return opened
    }

    func testWithADisplayTheAddressUnderTheCursorGoesToTheBrowser() throws {
        let t = try seeded()
        let record = t.dir.appendingPathComponent("opened.txt").path
        let browser = t.dir.appendingPathComponent("browser.sh").path
        try writeRecorder(browser, into: record)
        try t.start(env: ["DISPLAY": ":99", "BROWSER": browser])
        try cursorOnTheLink(t)
        try t.keys("M-o")
        try t.waitFor(text: "Opening https://arxiv.org/abs/1706.03762")
        let opened = addressOpened(record)
        XCTAssertEqual(opened, "https://arxiv.org/abs/1706.03762")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testWithADisplayAndNoBrowserSetTheAddressGoesToXdgOpen() throws {
        let t = try seeded()
        let record = t.dir.appendingPathComponent("opened.txt").path
        let bin = t.dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = bin.appendingPathComponent("xdg-open").path
        try writeRecorder(fake, into: record)
        let path = bin.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        try t.start(env: ["DISPLAY": ":99", "BROWSER": "", "PATH": path])
        try cursorOnTheLink(t)
        try t.keys("M-o")
        try t.waitFor(text: "Opening https://arxiv.org/abs/1706.03762")
        let opened = addressOpened(record)
        XCTAssertEqual(opened, "https://arxiv.org/abs/1706.03762", "xdg-open got the address")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testWithoutADisplayTheAddressIsCopiedWithOSC52AndTheStatusLineSaysSo() throws {
        let t = try seeded()
        try t.start(env: ["DISPLAY": "", "WAYLAND_DISPLAY": "", "BROWSER": "/bin/false"])
        try t.tmux(["set-option", "-s", "set-clipboard", "on"])
        try cursorOnTheLink(t)
        try t.keys("M-o")
        try t.waitFor(text: "No display — copied https://arxiv.org/abs/1706.03762")
        let deadline = TUISession.now() + 10
        var buffer = ""
        while TUISession.now() < deadline && buffer != "https://arxiv.org/abs/1706.03762" {
            buffer = try t.tmux(["show-buffer"])
            Thread.sleep(forTimeInterval: 0.05)  // polling interval of a deadline-bounded wait
        }
        XCTAssertEqual(buffer, "https://arxiv.org/abs/1706.03762")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
