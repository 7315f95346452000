import Foundation
import Grounding
import Notebook
import TUI
import XCTest
@testable import AppCore

/// The assistant in the app, driven with keys and the interpreter's messages: the menu, the streamed side view,
/// the diff, accept (an `assistant` save, undoable), reject, stop, new snippets, stale and changed-text cases.
final class AssistViewTests: XCTestCase {
    let code = "def double(x):\n    y = x*2\n    return y\n"

    private func opened() -> AppState {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s2", title: "double.py", kind: .code, language: "python", body: code, contentHash: "h0"),
                                         focusTerms: []), now: Fixture.now)
        return s
    }

    private func runRequest(_ fx: [AppEffect]) -> AssistRunRequest? {
        for e in fx { if case .assist(.run(let r)) = e { return r } }
        return nil
    }

    private func startRefactor(_ s: inout AppState) -> AssistRunRequest {
        Fixture.press(&s, "alt-e")
        guard case .picker(let p)? = s.overlay else { XCTFail("alt-e opens the assistant menu"); return AssistRunRequest(requestId: 0, action: .refactor, snippetId: "", subject: AssistSubject(title: "", kind: .code, language: nil, text: "")) }
        XCTAssertEqual(p.items.map(\.label), ["Summarize", "Explain", "Refactor", "Generate tests", "Make flashcards"])
        let fx = Fixture.press(&s, "down", "down", "enter")
        return runRequest(fx)!
    }

    func testTheMenuStartsAnActionOnTheWholeSnippet_andTheReplyStreamsIntoTheSideView() {
        var s = opened()
        let r = startRefactor(&s)
        XCTAssertEqual(r.action, .refactor)
        XCTAssertEqual(r.snippetId, "s2")
        XCTAssertEqual(r.subject.body, code)
        XCTAssertFalse(r.subject.isSelection)
        _ = App.update(&s, .assist(requestId: r.requestId, .delta("```python\ndef double(x):\n")), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Assistant — Refactor “double.py”"), screen)
        XCTAssertTrue(screen.contains("writing…"), screen)
        XCTAssertTrue(screen.contains("def double(x):"), screen)
    }

    func testAFinishedRefactorShowsTheDiff_andEnterSavesItAsAnAssistantRevision_andCtrlZUndoesIt() {
        var s = opened()
        let r = startRefactor(&s)
        let proposal = AssistProposal(action: .refactor, subject: r.subject, reply: "```python\ndef double(x):\n    return x * 2\n```")
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(proposal, model: "llama3.2")), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("+1 −2 lines · llama3.2"), screen)
        XCTAssertTrue(screen.contains("@@ -1,3 +1,2 @@"), screen)
        XCTAssertTrue(screen.contains("+ "), screen)

        let fx = Fixture.press(&s, "enter")
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.editor?.text, "def double(x):\n    return x * 2\n")
        XCTAssertTrue(fx.contains(.store(.saveSnippet(id: "s2", body: "def double(x):\n    return x * 2\n", generation: s.editor!.generation,
                                                      basedOn: "h0", origin: .assistant))), "\(fx)")
        _ = App.update(&s, .saved(snippetId: "s2", generation: s.editor!.generation, hash: "h1"), now: Fixture.now)
        Fixture.press(&s, "ctrl-z")
        XCTAssertEqual(s.editor?.text, code, "the accepted proposal is one undoable edit")
        let undoSave = App.update(&s, .timer(.autosave), now: Fixture.now)
        XCTAssertTrue(undoSave.contains(.store(.saveSnippet(id: "s2", body: code, generation: s.editor!.generation, basedOn: "h1", origin: .editor))), "\(undoSave)")
    }

    func testRejectWritesNothing_andEscWhileWritingStopsTheModel() {
        var s = opened()
        var r = startRefactor(&s)
        let fx = Fixture.press(&s, "esc")
        XCTAssertTrue(fx.contains(.assist(.cancel(requestId: r.requestId))), "\(fx)")
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.status.message?.text, "Stopped the assistant — nothing was written")

        r = startRefactor(&s)
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(AssistProposal(action: .refactor, subject: r.subject, reply: "pass"), model: "m")), now: Fixture.now)
        let rejected = Fixture.press(&s, "esc")
        XCTAssertFalse(rejected.contains { if case .store = $0 { return true } else { return false } })
        XCTAssertEqual(s.editor?.text, code)
        XCTAssertEqual(s.status.message?.text, "Proposal dropped — nothing was written")
    }

    func testASelectionIsWhatTheActionWorksOn_andOnlyItIsReplaced() {
        var s = opened()
        Fixture.press(&s, "down")
        Fixture.press(&s, "shift-down")
        let fx = App.run(&s, named: "assist.refactor")
        let r = runRequest(fx)!
        XCTAssertEqual(r.subject.before, "def double(x):\n")
        XCTAssertEqual(r.subject.text, "    y = x*2\n")
        XCTAssertEqual(r.subject.after, "    return y\n")
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(AssistProposal(action: .refactor, subject: r.subject, reply: "    y = 2 * x"), model: "m")), now: Fixture.now)
        Fixture.press(&s, "enter")
        XCTAssertEqual(s.editor?.text, "def double(x):\n    y = 2 * x\n    return y\n")
    }

    func testGeneratedTestsAreCreatedAsANewSnippet_onAccept() {
        var s = opened()
        let r = runRequest(App.run(&s, named: "assist.tests"))!
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(AssistProposal(action: .tests, subject: r.subject, reply: "```python\nassert double(2) == 4\n```"), model: "m")), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).joined().contains("new snippet “test_double.py”"))
        let fx = Fixture.press(&s, "enter")
        XCTAssertTrue(fx.contains(.assist(.create(AssistNewSnippet(sourceSnippetId: "s2", title: "test_double.py", kind: .code, language: "python", body: "assert double(2) == 4\n")))), "\(fx)")
        XCTAssertEqual(s.editor?.text, code)
    }

    func testAStaleUpdateIsDropped_andTextChangedMeanwhileIsNotOverwritten() {
        var s = opened()
        let r = startRefactor(&s)
        _ = App.update(&s, .assist(requestId: r.requestId + 7, .delta("other")), now: Fixture.now)
        guard case .assist(let o)? = s.overlay else { return XCTFail() }
        XCTAssertEqual(o.reply, "")
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(AssistProposal(action: .refactor, subject: r.subject, reply: "pass"), model: "m")), now: Fixture.now)
        s.editor?.replaceAll(with: "changed elsewhere\n", now: Fixture.now)
        let fx = Fixture.press(&s, "enter")
        XCTAssertFalse(fx.contains { if case .store = $0 { return true } else { return false } })
        XCTAssertEqual(s.editor?.text, "changed elsewhere\n")
        XCTAssertTrue(s.status.message?.isError == true)
    }

    func testAFailureSaysWhy_andExplainOnlyCloses() {
        var s = opened()
        var r = runRequest(App.run(&s, named: "assist.explain"))!
        _ = App.update(&s, .assist(requestId: r.requestId, .failed("the model cannot be used: server unreachable")), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).joined().contains("failed: the model cannot be used: server unreachable"))
        Fixture.press(&s, "esc")
        r = runRequest(App.run(&s, named: "assist.explain"))!
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(AssistProposal(action: .explain, subject: r.subject, reply: "It doubles x."), model: "m")), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).joined().contains("It doubles x."))
        XCTAssertEqual(Fixture.press(&s, "enter"), [])
        XCTAssertNil(s.overlay)
    }

    func testMakeFlashcardsHandsOffToTheCardGenerator() {
        var viaMenu = opened(), direct = opened()
        Fixture.press(&viaMenu, "alt-e")
        let fx = Fixture.press(&viaMenu, "down", "down", "down", "down", "enter")
        let expected = App.run(&direct, named: "cards.generate")
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(fx, expected)
    }

    func testGeneratedTestsCanBeRunBeforeAccepting_andTheResultIsShown() {
        var s = opened()
        let r = runRequest(App.run(&s, named: "assist.tests"))!
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(AssistProposal(action: .tests, subject: r.subject, reply: "```python\nassert double(2) == 5\n```"), model: "m")), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).joined().contains("t run tests"))
        let fx = Fixture.press(&s, "t")
        XCTAssertEqual(fx, [.assist(.runTests(requestId: r.requestId, snippetId: "s2", code: code + "\n\nassert double(2) == 5\n"))])
        XCTAssertTrue(Fixture.screen(s).joined().contains("running the tests…"))
        _ = App.update(&s, .assist(requestId: r.requestId, .testsRan(.ran(AssistTestsRun(exitCode: 1, summary: "exit 1 in 40 ms", output: "AssertionError\n")))), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("tests failed (exit 1 in 40 ms)"), screen)
        XCTAssertTrue(screen.contains("AssertionError"), screen)
        guard case .assist(let o)? = s.overlay else { return XCTFail("the view stays open to accept or reject") }
        XCTAssertEqual(o.pane, .tests)
    }

    func testAcceptingASummaryOfMarkdownAsksWhereItGoes_EscGoesBack_andTheTopPutsItUnderTheTitle() throws {
        var s = Fixture.state()
        let note = "# Borrowing\n\nOne mutable borrow at a time.\n"
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s3", title: "Borrowing", kind: .markdown, language: nil, body: note, contentHash: "h0"),
                                         focusTerms: []), now: Fixture.now)
        Fixture.press(&s, "alt-e")
        let r = try XCTUnwrap(runRequest(Fixture.press(&s, "enter")))
        XCTAssertEqual(r.action, .summarize)
        let proposal = AssistProposal(action: .summarize, subject: r.subject, reply: "- one &mut at a time")
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(proposal, model: "llama3.2")), now: Fixture.now)
        Fixture.press(&s, "enter")
        guard case .picker(let p)? = s.overlay else { return XCTFail("accept asks where the summary goes") }
        XCTAssertEqual(p.items.map(\.value), ["end", "top", "newSnippet"])
        XCTAssertEqual(p.selected, 0, "the default (the end) is preselected")
        XCTAssertEqual(s.editor?.text, note, "nothing written while choosing")
        Fixture.press(&s, "esc")
        guard case .assist? = s.overlay else { return XCTFail("Esc goes back to the proposal") }
        Fixture.press(&s, "enter")
        let fx = Fixture.press(&s, "down", "enter")
        XCTAssertNil(s.overlay)
        let top = "# Borrowing\n\n### Summary\n\n- one &mut at a time\n\nOne mutable borrow at a time.\n"
        XCTAssertEqual(s.editor?.text, top)
        XCTAssertTrue(fx.contains(.store(.saveSnippet(id: "s3", body: top, generation: s.editor!.generation, basedOn: "h0", origin: .assistant))), "\(fx)")
    }

    func testAcceptingASummaryAsANewSnippetCreatesIt() throws {
        var s = Fixture.state()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s3", title: "Borrowing", kind: .markdown, language: nil, body: "Text.\n", contentHash: "h0"),
                                         focusTerms: []), now: Fixture.now)
        Fixture.press(&s, "alt-e")
        let r = try XCTUnwrap(runRequest(Fixture.press(&s, "enter")))
        _ = App.update(&s, .assist(requestId: r.requestId, .finished(AssistProposal(action: .summarize, subject: r.subject, reply: "short"), model: "m")),
                       now: Fixture.now)
        let fx = Fixture.press(&s, "enter", "down", "down", "enter")
        XCTAssertTrue(fx.contains(.assist(.create(AssistNewSnippet(sourceSnippetId: "s3", title: "Summary of Borrowing", kind: .markdown,
                                                                   language: nil, body: "short\n")))), "\(fx)")
        XCTAssertEqual(s.editor?.text, "Text.\n")
    }
}
