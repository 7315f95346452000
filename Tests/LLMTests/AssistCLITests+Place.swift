import Foundation
import TestSupport
import XCTest

/// `recall assist summarize --place end|top|new`: where a summary of a markdown snippet goes (the app's question);
/// a code snippet's summary only as a new snippet, and a wrong place is refused before the model is asked.
extension AssistCLITests {
    func markdownNote() throws -> String {
        let note = try cli.ok(["new", "snippet", "--notebook", "Python", "Notes", "--body", "# Decorators\n\nA decorator wraps a function.", "--json"])
            .object()["id"] as? String
        return try XCTUnwrap(note)
    }

    func body(_ snippet: String) throws -> String? { try cli.ok(["show", snippet, "--json"]).object()["body"] as? String }

    func testSummarizePlaceTopPutsTheSectionUnderTheTitleLine_andEndIsTheDefault() throws {
        let note = try markdownNote()
        sim.behaviour.script = { _ in "- wraps functions" }
        let top = try cli.ok(["assist", "summarize", note, "--place", "top", "--apply", "--json"] + server).object()
        XCTAssertEqual(top["applied"] as? Bool, true)
        XCTAssertEqual(try body(note), "# Decorators\n\n### Summary\n\n- wraps functions\n\nA decorator wraps a function.")

        let other = try markdownNote()
        try cli.ok(["assist", "summarize", other, "--apply"] + server)
        XCTAssertEqual(try body(other), "# Decorators\n\nA decorator wraps a function.\n\n### Summary\n\n- wraps functions\n", "end is the default")
        let end = try cli.ok(["assist", "summarize", other, "--place", "end"] + server)
        XCTAssertTrue(end.stdout.contains("+### Summary"), end.stdout)
    }

    func testSummarizePlaceNewCreatesASnippet_forMarkdownAndCode() throws {
        let note = try markdownNote()
        sim.behaviour.script = { _ in "- wraps functions" }
        let doc = try cli.ok(["assist", "summarize", note, "--place", "new", "--apply", "--json"] + server).object()
        let created = try XCTUnwrap(doc["created_snippet_id"] as? String)
        XCTAssertEqual(try cli.ok(["show", created, "--json"]).object()["title"] as? String, "Summary of Notes")
        XCTAssertEqual(try body(note), "# Decorators\n\nA decorator wraps a function.", "the note itself is unchanged")
        let code = try cli.ok(["assist", "summarize", id, "--place", "new", "--json"] + server).object()
        XCTAssertTrue((code["diff"] as? String)?.hasPrefix("--- /dev/null\n+++ b/Summary of double.py") == true, "\(code)")
    }

    func testSummarizeRefusesAPlaceThatDoesNotFit_beforeAskingTheModel() throws {
        let code = try cli.run(["assist", "summarize", id, "--place", "top", "--apply"] + server)
        XCTAssertNotEqual(code.status, 0)
        XCTAssertTrue(code.stderr.contains("is code: its summary can only be a new snippet") && code.stderr.contains("--place new"), code.stderr)
        let wrong = try cli.run(["assist", "summarize", id, "--place", "middle"] + server)
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("'middle'") && wrong.stderr.contains("'end', 'top'"), wrong.stderr)
        let explain = try cli.run(["assist", "explain", id, "--place", "end"] + server)
        XCTAssertNotEqual(explain.status, 0)
        XCTAssertTrue(explain.stderr.contains("--place applies to summarize only"), explain.stderr)
        XCTAssertFalse(sim.requests.contains { $0.path == "/api/chat" }, "the model was never asked")
        XCTAssertEqual(try history().count, 1, "nothing was written")
    }
}
