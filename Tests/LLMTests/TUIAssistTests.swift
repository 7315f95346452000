import Foundation
import TestSupport
import XCTest

/// The assistant and the jobs view driven as a person would, in tmux, against the Ollama simulator on loopback:
/// Alt-E → Refactor streams into the side view, Enter accepts (an `assistant` revision), Ctrl-Z undoes it; F7 shows
/// the background embedding running and `c` cancels it; F7 from the side view cancels an assistant action with `c`.
final class TUIAssistTests: XCTestCase {
    var sim: OllamaSimulator!

    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
        sim = try OllamaSimulator()
    }

    override func tearDown() { sim.stop() }

    /// The seeded app with a python snippet `double.py` (`doubleBody`) open, Alt-E → Refactor chosen against the
    /// simulator: the reply is streaming. Returns the session and the snippet's id.
    private func refactorDouble() throws -> (TUISession, String) {
        let t = try TUISession.seeded()
        let made = try t.cli(["new", "snippet", "--notebook", "Ownership", "--code", "python", "double.py", "--body", doubleBody, "--json"])
        XCTAssertEqual(made.status, 0, made.description)
        let id = try XCTUnwrap(try made.object()["id"] as? String)
        try t.start(env: ["OLLAMA_HOST": sim.baseURL, "RECALL_CHAT_MODEL": "llama3.2", "RECALL_NO_SAMPLES": "1"])
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "j", "Enter")
        try t.waitFor(text: "│ double.py")
        try t.keys("M-e")
        try t.waitFor(text: "Make flashcards")
        try t.keys("Down", "Down", "Enter")
        return (t, id)
    }

    private let doubleBody = "def double(x):\n    y = x*2\n    return y\n"

    func testAcceptingARefactorSavesAnAssistantRevision_andCtrlZUndoesIt() throws {
        sim.behaviour.script = { _ in "Here is a tidier version:\n```python\ndef double(x):\n    return x * 2\n```" }
        let (t, id) = try refactorDouble()
        let diff = try t.waitFor("the proposal as a diff") { $0.contains("+1 −2 lines") && $0.contains("@@ -1,3 +1,2 @@") }
        XCTAssertTrue(diff.contains("Assistant — Refactor “double.py”"), diff)
        XCTAssertTrue(diff.contains("return x * 2"), diff)
        try t.keys("Enter")
        try t.waitFor(text: "Accepted — saved as an assistant revision")
        let saved = try t.waitForCLI(["history", id, "--json"]) { $0.contains("\"origin\":\"assistant\"") }
        XCTAssertTrue(saved.contains("return x * 2"), saved)
        XCTAssertFalse(try t.screen().contains("y = x*2"), "the editor shows the accepted text")

        // Undo like any edit: the old text comes back and is saved (as an editor revision).
        try t.keys("C-z")
        try t.waitFor(text: "y = x*2")
        try t.waitForCLI(["show", id]) { $0.contains("y = x*2") }
        let chat = try XCTUnwrap(sim.requests.last { $0.path == "/api/chat" })
        XCTAssertTrue(userMessage(chat).contains("<snippet title=\"double.py\" language=\"python\">"), "the snippet went as quoted data")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testTheJobsViewShowsTheRunningEmbedding_andCancelStopsIt() throws {
        sim.behaviour.loadDelay = 25  // the first embedding request waits: the job stays running
        let t = try TUISession.seeded()
        try t.start(env: ["OLLAMA_HOST": sim.baseURL, "RECALL_CHAT_MODEL": "llama3.2", "RECALL_EMBED_MODEL": "nomic-embed-text",
                          "RECALL_NO_SAMPLES": "1"])
        try t.waitFor(text: "jobs 1 running", timeout: 30)
        try t.keys("F7")
        let view = try t.waitFor("the jobs view") { $0.contains("Jobs — 1 running") && $0.contains("Embedding") }
        XCTAssertTrue(view.contains("with nomic-embed-text"), view)
        XCTAssertTrue(view.contains("running"), view)
        try t.keys("c")
        let cancelled = try t.waitFor("the job cancelled", timeout: 45) { $0.contains("cancelled") && !$0.contains("jobs 1 running") }
        XCTAssertTrue(cancelled.contains("Embedding"), cancelled)
        try t.keys("Escape")  // alone: Escape and the next key in one read would be Alt plus that key
        try t.waitFor("the jobs view closed") { !$0.contains("esc close") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testCancellingAnAssistantActionFromTheJobsViewStopsTheStreamAndWritesNothing() throws {
        sim.behaviour.script = { _ in "Here is a tidier version:\n```python\ndef double(x):\n    return x * 2\n```" }
        sim.behaviour.stallAfter = 3  // the model writes a little, then holds the stream open
        let (t, id) = try refactorDouble()
        try t.waitFor("the reply streaming") { $0.contains("writing…") && $0.contains("f7 jobs") }
        // F7 from the side view: the jobs view lists the running action, and `c` cancels it.
        try t.keys("F7")
        let jobs = try t.waitFor("the assistant job in the jobs view") { $0.contains("Jobs — ") && $0.contains("Refactor “double.py”") }
        XCTAssertTrue(jobs.contains("Assistant"), jobs)
        try t.keys("c")
        try t.waitFor("the job cancelled", timeout: 30) { $0.contains("Refactor “double.py”") && $0.contains("cancelled") }
        let deadline = TUISession.now() + 30
        while sim.disconnects == 0, TUISession.now() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertGreaterThan(sim.disconnects, 0, "the model stream was closed")
        // Closing the jobs view comes back to the side view, which says nothing was written; closing it applies nothing.
        try t.keys("Escape")  // alone: Escape and the next key in one read would be Alt plus that key
        try t.waitFor(text: "stopped — nothing was written")
        try t.keys("Enter")
        try t.waitFor("the side view closed") { !$0.contains("Assistant — Refactor") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        let history = try t.cli(["history", id, "--json"])
        XCTAssertEqual(history.status, 0, history.description)
        XCTAssertFalse(history.stdout.contains("\"origin\":\"assistant\""), history.stdout)
        XCTAssertEqual(try t.cli(["show", id, "--json"]).object()["body"] as? String, doubleBody)
    }

    func testAcceptingASummaryAsksWhereItGoes_atTheTopPutsItUnderTheTitle() throws {
        sim.behaviour.script = { _ in "- one mutable borrow, or many shared ones" }
        let t = try TUISession.seeded()
        let id = try XCTUnwrap(try t.id(ofTitle: "Borrowing rules"))
        try t.start(env: ["OLLAMA_HOST": sim.baseURL, "RECALL_CHAT_MODEL": "llama3.2", "RECALL_NO_SAMPLES": "1"])
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "Enter")
        try t.waitFor(text: "│ Borrowing rules")
        try t.keys("M-e")
        try t.waitFor(text: "Make flashcards")
        try t.keys("Enter")  // Summarize
        try t.waitFor("the summary as a diff") { $0.contains("### Summary") && $0.contains("one mutable borrow, or many shared") }
        try t.keys("Enter")
        let asked = try t.waitFor(text: "Summary — where should it go?")
        XCTAssertTrue(asked.contains("At the end, as a ### Summary section") && asked.contains("At the top, as a ### Summary section")
                      && asked.contains("As a new snippet “Summary of Borrowing rules”"), asked)
        try t.keys("Down")
        try t.keys("Enter")
        try t.waitFor(text: "Accepted — saved as an assistant revision")
        let top = "# Borrowing\n\n### Summary\n\n- one mutable borrow, or many shared ones\n\nOne mutable or many shared references."
        try t.waitForCLI(["history", id, "--json"]) { $0.contains("\"origin\":\"assistant\"") }
        XCTAssertEqual(try t.cli(["show", id, "--json"]).object()["body"] as? String, top)
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testGeneratedTestsRunWithTheSnippetBeforeAccepting_thenBecomeANewSnippet() throws {
        sim.behaviour.script = { _ in "```python\nassert double(2) == 4\nprint('all tests passed')\n```" }
        let t = try TUISession.seeded()
        let made = try t.cli(["new", "snippet", "--notebook", "Ownership", "--code", "python", "double.py",
                              "--body", "def double(x):\n    return x * 2\n"])
        XCTAssertEqual(made.status, 0, made.description)
        try t.start(env: ["OLLAMA_HOST": sim.baseURL, "RECALL_CHAT_MODEL": "llama3.2", "RECALL_NO_SAMPLES": "1"])
        try t.waitFor(text: "▸ Ownership")
        try t.keys("j", "l", "j", "j", "Enter")
        try t.waitFor(text: "│ double.py")
        try t.keys("M-e")
        try t.waitFor(text: "Make flashcards")
        try t.keys("Down", "Down", "Down", "Enter")
        try t.waitFor(text: "new snippet “test_double.py”")
        try t.keys("t")
        let ran = try t.waitFor("the tests' result", timeout: 90) { $0.contains("tests passed") || $0.contains("tests failed") || $0.contains("could not run") }
        XCTAssertTrue(ran.contains("tests passed"), ran)
        XCTAssertTrue(ran.contains("all tests passed"), ran)
        try t.keys("Enter")
        let listed = try t.waitForCLI(["list"]) { $0.contains("test_double.py") }
        XCTAssertTrue(listed.contains("double.py"), listed)
        let id = try XCTUnwrap(t.id(ofTitle: "test_double.py"))
        XCTAssertTrue(try t.cli(["history", id, "--json"]).stdout.contains("\"origin\":\"assistant\""))
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
