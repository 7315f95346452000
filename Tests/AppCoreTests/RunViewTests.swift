import Execution
import Foundation
import Notebook
import TUI
@testable import AppCore

import XCTest

/// The output view in the pure core: F5 asks for a run of the editor's text, output lines keep their stream and
/// the program's colours (other escapes shown as text), stale updates are dropped, Ctrl-C asks for a cancel, and a
/// markdown snippet says it cannot run.
final class RunViewTests: XCTestCase {
    func open(_ s: inout AppState, kind: SnippetKind = .code) {
        let doc = SnippetDoc(id: "s2", title: "double.py", kind: kind, language: kind == .code ? "python" : nil, body: "print(2)\n", contentHash: "h")
        let fx = App.update(&s, .snippetLoaded(doc, focusTerms: []), now: Fixture.now)
        XCTAssertEqual(fx.contains(.run(.loadLast(snippetId: "s2"))), kind == .code, "a code snippet asks for its last run")
    }

    func testF5RunsTheEditorsTextAndOutputStreamsIntoTheView() throws {
        var s = Fixture.state()
        open(&s)
        let fx = Fixture.press(&s, "f5")
        let run = try XCTUnwrap(s.run)
        XCTAssertTrue(fx.contains(.run(.start(requestId: run.requestId, snippetId: "s2", body: "print(2)\n"))), "\(fx)")
        XCTAssertTrue(s.runHasKeys)
        XCTAssertEqual(s.keyContexts, [.run, .global])

        _ = App.update(&s, .run(requestId: run.requestId, .output([OutputChunk(stream: .stdout, text: "plain \u{1B}[31mred")])), now: Fixture.now)
        _ = App.update(&s, .run(requestId: run.requestId, .output([OutputChunk(stream: .stdout, text: " still\n\u{1B}]0;x\u{07}"),
                                                                    OutputChunk(stream: .stderr, text: "err\n")])), now: Fixture.now)
        _ = App.update(&s, .run(requestId: run.requestId + 99, .output([OutputChunk(stream: .stdout, text: "stale\n")])), now: Fixture.now)
        let lines = try XCTUnwrap(s.run).shownLines
        XCTAssertEqual(lines.map { $0.map(\.text).joined() }, ["plain red still", "^[]0;x^Gerr"])
        XCTAssertEqual(lines[0][1].style.fg, .ansi(1), "the program's red is kept")
        XCTAssertEqual(lines[0][2].style.fg, .ansi(1), "and carries over to the next piece")
        XCTAssertEqual(lines[1].last?.stream, .stderr)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("─ Output · running 0:00"), screen)
        XCTAssertTrue(screen.contains("plain red still"), screen)

        let cancel = Fixture.press(&s, "ctrl-c")
        XCTAssertTrue(cancel.contains(.run(.cancel(requestId: run.requestId))), "\(cancel)")
        let outcome = RunOutcome(exitCode: 137, transcript: [], durationMs: 1500, killed: .cancelled, truncated: false, limits: .defaults)
        _ = App.update(&s, .run(requestId: run.requestId, .finished(outcome)), now: Fixture.now)
        XCTAssertFalse(try XCTUnwrap(s.run).running)
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("cancelled after 1.5 s"))
        Fixture.press(&s, "esc")
        XCTAssertNil(s.run, "Esc closes a finished run's view")
        XCTAssertEqual(s.keyContexts, [.editor, .global])
    }

    func testMarkdownDoesNotRunAndTheLastRunShowsWhenOpened() throws {
        var s = Fixture.state()
        open(&s, kind: .markdown)
        XCTAssertFalse(Fixture.press(&s, "f5").contains { if case .run = $0 { return true } else { return false } })
        XCTAssertTrue(s.status.message?.text.contains("only code snippets run") ?? false)
        open(&s)
        let outcome = RunOutcome(exitCode: 0, transcript: [OutputChunk(stream: .stdout, text: "4\n")], durationMs: 12, killed: nil,
                                 truncated: false, limits: .defaults)
        _ = App.update(&s, .lastRun(snippetId: "s2", LastRun(outcome: outcome, startedAt: Fixture.now, stale: true)), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("last run") && screen.contains("exit 0 in 12 ms") && screen.contains("the snippet changed since"), screen)
        XCTAssertFalse(s.runHasKeys, "a saved run does not take the keys")
    }
}
