import Foundation
import TUI
import XCTest
@testable import AppCore

/// The Ask pane as a person uses it: the question box has the keyboard, Enter asks, the answer streams in with its
/// citations checked, Tab walks the citations, Enter opens the cited snippet and Ctrl-O comes back, Esc stops.
final class AskPaneTests: XCTestCase {
    /// A state with the Ask pane shown and a ready model.
    func askState() -> AppState {
        var s = Fixture.state()
        _ = App.update(&s, .modelStatus(.ready("llama3.2")), now: Fixture.now)
        Fixture.press(&s, "2")
        XCTAssertEqual(s.focus, .ask)
        XCTAssertTrue(s.ask.inputFocused)
        return s
    }

    /// The query of the last `.ask` effect.
    func query(_ fx: [AppEffect]) -> AskQuery? {
        fx.compactMap { if case .ask(.ask(let q)) = $0 { return q } else { return nil } }.last
    }

    let sources = [
        AskSource(n: 1, snippetId: "s1", chunkId: 11, title: "Borrowing rules", notebook: "Ownership",
                  excerpt: "One mutable borrow or many shared borrows.", anchor: "One mutable borrow"),
        AskSource(n: 2, snippetId: "s3", chunkId: 33, title: "Dyn vs impl", notebook: "Traits",
                  excerpt: "dyn Trait is dispatched at run time.", anchor: "dyn Trait"),
    ]

    func testTypingGoesToTheQuestionBoxEvenForKeysThatAreCommandsElsewhere() {
        var s = askState()
        Fixture.type(&s, "q 2 / ? [x]")
        XCTAssertEqual(s.ask.input.text, "q 2 / ? [x]", "printable keys type in the box")
        XCTAssertFalse(s.quitting)
        XCTAssertEqual(s.focus, .ask)
        Fixture.press(&s, "backspace", "backspace", "backspace")
        XCTAssertEqual(s.ask.input.text, "q 2 / ? ")
        Fixture.press(&s, "alt-enter")
        Fixture.type(&s, "x")
        XCTAssertEqual(s.ask.input.text, "q 2 / ? \nx", "alt-enter inserts a new line")
    }

    func testEnterAsksAndTheAnswerStreamsWithCheckedCitations() {
        var s = askState()
        Fixture.type(&s, "How do borrows work?")
        let fx = Fixture.press(&s, "enter")
        let q = try! XCTUnwrap(query(fx))
        XCTAssertEqual(q.question, "How do borrows work?")
        XCTAssertEqual(q.scope, .all)
        XCTAssertTrue(q.thread.isEmpty)
        XCTAssertEqual(s.ask.input.text, "", "the box is cleared")
        XCTAssertTrue(s.ask.isBusy)

        _ = App.update(&s, .ask(requestId: q.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        for piece in ["You may have **one** mutable", " borrow [1]", " or many shared ones [1, 2]. Traits differ [7]."] {
            _ = App.update(&s, .ask(requestId: q.requestId, .text(piece)), now: Fixture.now)
        }
        var screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("You may have one mutable borrow [1]"), "bold markers are rendered, not shown:\n\(screen)")
        XCTAssertTrue(screen.contains("[1] Ownership ▸ Borrowing rules"), screen)
        XCTAssertTrue(screen.contains("answering…"), screen)

        let footer = AskFooter(retrieval: "hybrid", model: "llama3.2", firstTokenMs: 120, tokensPerSecond: 31.5, trimmed: true)
        _ = App.update(&s, .ask(requestId: q.requestId, .finished(citations: [AskCitation(n: 1, verified: true, weak: false),
                                                                              AskCitation(n: 7, verified: false, weak: false)],
                                                                  grounded: true, footer: footer, historyId: 5)), now: Fixture.now)
        XCTAssertFalse(s.ask.isBusy)
        screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("unverified: [7]"), screen)
        XCTAssertTrue(screen.contains("hybrid · llama3.2 · first token 120 ms · 31.5 tok/s · sources trimmed to fit"), screen)
        XCTAssertFalse(screen.contains("not grounded"), screen)

        // The unverified number is drawn in the warning style, a verified one in the citation style.
        let frame = Render.render(s, theme: Fixture.theme())
        let theme = Fixture.theme()
        let row = frame.lines.firstIndex { $0.contains("Traits differ [7]") }!
        let x7 = try! XCTUnwrap(cellColumn(frame, row: row, of: "[7]"))
        XCTAssertEqual(frame[x7 + 1, row].style, theme.style("ui.ask.citation.unverified", over: "ui.background"))
        let r1 = frame.lines.firstIndex { $0.contains("borrow [1]") }!
        let x1 = try! XCTUnwrap(cellColumn(frame, row: r1, of: "[1]"))
        XCTAssertEqual(frame[x1 + 1, r1].style, theme.style("ui.ask.citation", over: "ui.background"))
    }

    /// The screen column where `needle` starts on a row (cells, not characters).
    func cellColumn(_ f: Frame, row: Int, of needle: String) -> Int? {
        let n = Array(needle)
        for x in 0..<(f.width - n.count) where (0..<n.count).allSatisfy({ f[x + $0, row].char == n[$0] }) { return x }
        return nil
    }

    func testTabWalksCitationsEnterOpensTheSourceAndCtrlOComesBack() {
        var s = askState()
        Fixture.type(&s, "q")
        let q = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .text("Borrow rules [1]. Dispatch [2].")), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .finished(citations: [], grounded: true,
            footer: AskFooter(retrieval: "bm25", model: "m", firstTokenMs: nil, tokensPerSecond: nil, trimmed: false), historyId: nil)), now: Fixture.now)
        Fixture.press(&s, "tab")
        XCTAssertFalse(s.ask.inputFocused)
        XCTAssertEqual(s.ask.selectedCitation, 0)
        Fixture.press(&s, "]")
        XCTAssertEqual(s.ask.selectedCitation, 1, "] moves on while the answer has the keyboard")
        Fixture.press(&s, "shift-tab")
        XCTAssertEqual(s.ask.selectedCitation, 0)
        let before = s.ask
        let fx = Fixture.press(&s, "enter")
        XCTAssertEqual(fx, [.store(.openSnippet(id: "s1", focusTerms: ["One mutable borrow"]))])
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Borrowing rules", body: "Intro.\nOne mutable borrow or many shared borrows."), focusTerms: ["One mutable borrow"]), now: Fixture.now)
        XCTAssertEqual(s.focus, .editor)
        XCTAssertEqual(s.editor?.editor.selectedText, "One mutable borrow", "the cited passage is selected")
        Fixture.press(&s, "ctrl-o")
        XCTAssertEqual(s.focus, .ask, "one key returns to the answer")
        XCTAssertEqual(s.ask, before, "exactly as it was")
        // A letter while the answer has the keys goes to the question box (global one-key commands never run here).
        Fixture.type(&s, "q")
        XCTAssertFalse(s.quitting)
        XCTAssertTrue(s.ask.inputFocused)
        XCTAssertEqual(s.ask.input.text, "q")
        XCTAssertFalse(Fixture.screen(s)[0].contains("Ask (2)"), "the tab bar shows no plain digit while Ask has the keys")
    }

    func testEscStopsAtOnceAndThePartialAnswerStaysMarkedStopped() {
        var s = askState()
        Fixture.type(&s, "long one")
        let q = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .text("The first half")), now: Fixture.now)
        XCTAssertEqual(Fixture.press(&s, "esc").first, .ask(.cancel(requestId: q.requestId)))
        XCTAssertFalse(s.ask.isBusy)
        _ = App.update(&s, .ask(requestId: q.requestId, .text(" and a late token")), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("The first half"), screen)
        XCTAssertFalse(screen.contains("late token"), "text after the stop is dropped")
        XCTAssertTrue(screen.contains("stopped"), screen)
    }

    func testANewQuestionStopsTheOldAndStaleUpdatesAreDropped() {
        var s = askState()
        Fixture.type(&s, "first")
        let q1 = query(Fixture.press(&s, "enter"))!
        Fixture.type(&s, "second")
        let fx = Fixture.press(&s, "enter")
        XCTAssertTrue(fx.contains(.ask(.cancel(requestId: q1.requestId))))
        let q2 = query(fx)!
        XCTAssertEqual(q2.thread.count, 0, "the first had no answer yet, so it is no context")
        _ = App.update(&s, .ask(requestId: q1.requestId, .text("stale")), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q2.requestId, .sources([], mode: .extractive, closest: [])), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q2.requestId, .text("fresh")), now: Fixture.now)
        XCTAssertEqual(s.ask.current?.answer, "fresh")
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Extractive answer"))
    }

    func testFollowUpsCarryTheThreadAndCtrlNStartsOver() {
        var s = askState()
        Fixture.type(&s, "What is borrowing?")
        let q1 = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q1.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q1.requestId, .text("Lending a value [1].")), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q1.requestId, .finished(citations: [], grounded: true,
            footer: AskFooter(retrieval: "bm25", model: nil, firstTokenMs: nil, tokensPerSecond: nil, trimmed: false), historyId: 1)), now: Fixture.now)
        Fixture.type(&s, "and mutable ones?")
        let q2 = query(Fixture.press(&s, "enter"))!
        XCTAssertEqual(q2.thread, [AskExchange(question: "What is borrowing?", answer: "Lending a value [1].")])
        Fixture.press(&s, "ctrl-n")
        XCTAssertTrue(s.ask.thread.isEmpty)
        Fixture.type(&s, "fresh")
        XCTAssertEqual(query(Fixture.press(&s, "enter"))?.thread, [])
    }

    func testUpAndDownInAnEmptyBoxWalkEarlierQuestions() {
        var s = askState()
        for q in ["one", "two"] { Fixture.type(&s, q); Fixture.press(&s, "enter") }
        Fixture.press(&s, "up")
        XCTAssertEqual(s.ask.input.text, "two")
        Fixture.press(&s, "up")
        XCTAssertEqual(s.ask.input.text, "one")
        Fixture.press(&s, "down")
        XCTAssertEqual(s.ask.input.text, "two")
        Fixture.press(&s, "down")
        XCTAssertEqual(s.ask.input.text, "")
    }

    func testNothingRelevantSaysSoAndAltAAnswersAnyway() {
        var s = askState()
        Fixture.type(&s, "Who won the 1998 world cup?")
        let q = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q.requestId, .sources([], mode: .nothingFound, closest: ["Borrowing rules", "Dyn vs impl"])), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .finished(citations: [], grounded: false,
            footer: AskFooter(retrieval: "bm25", model: nil, firstTokenMs: nil, tokensPerSecond: nil, trimmed: false), historyId: nil)), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Nothing in your notes about “Who won the 1998 world cup?”"), screen)
        XCTAssertTrue(screen.contains("Closest: Borrowing rules · Dyn vs impl"), screen)
        let again = query(Fixture.press(&s, "alt-a"))!
        XCTAssertTrue(again.anyway)
        XCTAssertEqual(again.question, "Who won the 1998 world cup?")
    }

    func testAGeneratedAnswerWithoutAVerifiedCitationIsLabelledNotGrounded() {
        var s = askState()
        Fixture.type(&s, "q")
        let q = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .text("Made up [9].")), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .finished(citations: [AskCitation(n: 9, verified: false, weak: false)], grounded: false,
            footer: AskFooter(retrieval: "bm25", model: "m", firstTokenMs: nil, tokensPerSecond: nil, trimmed: false), historyId: nil)), now: Fixture.now)
        XCTAssertFalse(Fixture.screen(s).joined(separator: "\n").contains("weak:"))
        Fixture.press(&s, "tab", "enter")
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("not grounded in your notes"), screen)
        XCTAssertTrue(screen.contains("[9] is not one of the sources sent"), screen)
        XCTAssertEqual(s.focus, .ask)
    }

    func testAWeakCitationIsFlagged() {
        var s = askState()
        Fixture.type(&s, "q")
        let q = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .text("Unrelated words [2].")), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .finished(citations: [AskCitation(n: 2, verified: true, weak: true)], grounded: true,
            footer: AskFooter(retrieval: "bm25", model: "m", firstTokenMs: nil, tokensPerSecond: nil, trimmed: false), historyId: nil)), now: Fixture.now)
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("weak: [2] — the citing sentence shares no word with its source"), screen)
        XCTAssertFalse(screen.contains("not grounded"), screen)
    }

    func testScopeCyclesThroughTheProjectAndNotebookOfTheOpenSnippet() {
        var s = askState()
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s3", title: "Dyn vs impl", body: "x"), focusTerms: []), now: Fixture.now)
        Fixture.press(&s, "f3")
        XCTAssertEqual(s.focus, .ask, "F3 switches to Ask from inside the editor")
        Fixture.press(&s, "ctrl-t")
        XCTAssertEqual(s.ask.scope, .project(id: "p1", title: "Rust study"))
        Fixture.press(&s, "ctrl-t")
        XCTAssertEqual(s.ask.scope, .notebook(id: "n2", title: "Traits"))
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("notebook “Traits”"))
        Fixture.type(&s, "x")
        XCTAssertEqual(query(Fixture.press(&s, "enter"))?.scope, .notebook(id: "n2", title: "Traits"))
        Fixture.press(&s, "ctrl-t")
        XCTAssertEqual(s.ask.scope, .all)
    }

    func testWithoutAModelThePaneSaysAnswersAreExtractiveAndWhatToDo() {
        var s = Fixture.state()
        _ = App.update(&s, .modelStatus(.notPulled("llama3.2")), now: Fixture.now)
        Fixture.press(&s, "2")
        let screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("answers are extractive"), screen)
        XCTAssertTrue(screen.contains("ollama pull llama3.2"), screen)
        XCTAssertTrue(screen.contains("model llama3.2 not pulled"), screen)
        XCTAssertFalse(ModelStatus.notPulled("x").canGenerate)
        XCTAssertFalse(ModelStatus.configError("bad").canGenerate)
        XCTAssertTrue(ModelStatus.ready("x").canGenerate)
    }

    func testHistoryPickerReopensASavedAnswer() {
        var s = askState()
        var turn = AskTurn(question: "Saved question")
        turn.answer = "Saved answer [1]."
        turn.sources = sources
        turn.phase = .done
        XCTAssertTrue(Fixture.press(&s, "ctrl-r").contains(.ask(.loadHistory)))
        _ = App.update(&s, .askHistory([AskHistoryEntry(id: 42, when: "2026-12-05 21:40", turn: turn)]), now: Fixture.now)
        guard case .picker(let p)? = s.overlay else { return XCTFail("the history picker should open") }
        XCTAssertEqual(p.purpose, .askHistory)
        Fixture.press(&s, "enter")
        XCTAssertEqual(s.ask.current?.question, "Saved question")
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Saved answer [1]."))
    }

    func testSaveAsSnippetPicksANotebook() {
        var s = askState()
        Fixture.type(&s, "q")
        let q = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q.requestId, .text("An answer.")), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .finished(citations: [], grounded: false,
            footer: AskFooter(retrieval: "bm25", model: nil, firstTokenMs: nil, tokensPerSecond: nil, trimmed: false), historyId: nil)), now: Fixture.now)
        Fixture.press(&s, "ctrl-s")
        guard case .picker(let p)? = s.overlay else { return XCTFail("a notebook picker should open") }
        XCTAssertEqual(p.purpose, .saveAnswer)
        let fx = Fixture.press(&s, "enter")
        guard case .ask(.saveAnswer(let a))? = fx.first else { return XCTFail("\(fx)") }
        XCTAssertEqual(a.notebookId, "n1")
        XCTAssertEqual(a.turn.answer, "An answer.")
    }

    func testWhileTheModelReadsThePromptThePaneCountsTheSecondsUntilTheFirstWord() {
        var s = askState()
        Fixture.type(&s, "How do borrows work?")
        let fx = Fixture.press(&s, "enter")
        let q = try! XCTUnwrap(query(fx))
        XCTAssertTrue(fx.contains(.ui(.startTimer(.askTick, milliseconds: 1000))), "\(fx)")
        _ = App.update(&s, .ask(requestId: q.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Waiting for the model…"))
        XCTAssertFalse(Fixture.screen(s).joined(separator: "\n").contains("Esc stops"), "no count in the first seconds")
        let tick = App.update(&s, .timer(.askTick), now: Fixture.now.addingTimeInterval(12))
        XCTAssertEqual(tick, [.ui(.startTimer(.askTick, milliseconds: 1000))], "the count goes on while nothing arrived")
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Waiting for the model… 12 s · Esc stops"),
                      Fixture.screen(s).joined(separator: "\n"))
        _ = App.update(&s, .ask(requestId: q.requestId, .text("One mutable borrow [1].")), now: Fixture.now.addingTimeInterval(13))
        XCTAssertEqual(App.update(&s, .timer(.askTick), now: Fixture.now.addingTimeInterval(14)), [], "the first word ends the ticking")
        XCTAssertFalse(Fixture.screen(s).joined(separator: "\n").contains("Waiting for the model"))
    }

    func testAltYCopiesTheFinishedAnswerWithItsSourcesToTheClipboardAndThePasteRegister() {
        var s = askState()
        Fixture.type(&s, "what is a borrow")
        let q = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        _ = App.update(&s, .ask(requestId: q.requestId, .text("One mutable borrow at a time [1].")), now: Fixture.now)
        XCTAssertFalse(Fixture.press(&s, "alt-y").contains { if case .ui(.copyToClipboard) = $0 { return true } else { return false } },
                       "a streaming answer is not copied half-way")
        XCTAssertTrue(Fixture.screen(s).last!.contains("No finished answer to copy"), Fixture.screen(s).last!)
        _ = App.update(&s, .ask(requestId: q.requestId, .finished(citations: [], grounded: true,
            footer: AskFooter(retrieval: "hybrid", model: "llama3.2", firstTokenMs: nil, tokensPerSecond: nil, trimmed: false), historyId: 4)), now: Fixture.now)
        let fx = Fixture.press(&s, "alt-y")
        guard case .ui(.copyToClipboard(let text))? = fx.first else { return XCTFail("\(fx)") }
        XCTAssertEqual(text, """
            > what is a borrow

            One mutable borrow at a time [1].

            ### Sources

            - [1] Ownership ▸ Borrowing rules — `recall show s1`
            - [2] Traits ▸ Dyn vs impl — `recall show s3`

            """)
        XCTAssertEqual(s.register, text, "the editor's paste key pastes the same text")
        XCTAssertTrue(Fixture.screen(s).last!.contains("Copied the answer and its 2 sources"), Fixture.screen(s).last!)
        XCTAssertEqual(s.ask.input.text, "", "alt-y types nothing into the question box")
    }

    func testALongStreamingAnswerKeepsItsNewestTextInViewAndPageUpScrollsBack() {
        var s = askState()
        Fixture.type(&s, "long")
        let q = query(Fixture.press(&s, "enter"))!
        _ = App.update(&s, .ask(requestId: q.requestId, .sources(sources, mode: .generated, closest: [])), now: Fixture.now)
        for i in 0..<60 { _ = App.update(&s, .ask(requestId: q.requestId, .text("Streamed line \(i).\n\n")), now: Fixture.now) }
        var screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Streamed line 59."), "the newest text is in view:\n\(screen)")
        XCTAssertFalse(screen.contains("Streamed line 0."), screen)
        Fixture.press(&s, "pgup")
        screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Streamed line 54."), "page up moves back from where the view was:\n\(screen)")
        XCTAssertFalse(screen.contains("Q: long"), screen)
        Fixture.press(&s, "pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup", "pgup")
        screen = Fixture.screen(s).joined(separator: "\n")
        XCTAssertTrue(screen.contains("Q: long"), "page up reaches the question:\n\(screen)")
        _ = App.update(&s, .ask(requestId: q.requestId, .text("More.")), now: Fixture.now)
        XCTAssertTrue(Fixture.screen(s).joined(separator: "\n").contains("Q: long"), "scrolled back, the view stays where the reader is")
    }

    func testAnswerLayoutRendersMarkdownAndWraps() {
        let text = "# Title\n\nSome **bold** and *it* and `code` here [1].\n- item one that is long enough to wrap around\n```python\ndef f(): return 1\n```"
        let lines = AnswerLayout.lines(text, width: 24) { _ in "ui.ask.citation" }.map { String($0.map(\.ch)) }
        XCTAssertEqual(lines[0], "Title")
        XCTAssertTrue(lines.contains("Some bold and it and"), "\(lines)")
        XCTAssertTrue(lines.contains("• item one that is long"), "\(lines)")
        XCTAssertTrue(lines.contains("  enough to wrap around"), "hanging indent: \(lines)")
        let wrapped = AnswerLayout.wrap("aaaa bbbb: cc dd".map { AnswerCell(ch: $0, style: "x", mark: nil) }, width: 10, indent: 0).map { String($0.map(\.ch)) }
        XCTAssertEqual(wrapped, ["aaaa bbbb:", "cc dd"], "a space where the line breaks is dropped, no other")
        XCTAssertEqual(AnswerLayout.wrap("aaaa bb: c".map { AnswerCell(ch: $0, style: "x", mark: nil) }, width: 8, indent: 0).map { String($0.map(\.ch)) },
                       ["aaaa bb:", "c"])
        XCTAssertTrue(lines.contains("│ def f(): return 1"), "\(lines)")
        let cells = AnswerLayout.lines(text, width: 80) { _ in "ui.ask.citation" }
        let code = cells.first { String($0.map(\.ch)).hasPrefix("│ def") }!
        XCTAssertEqual(code[2].style, "syntax.keyword", "fenced code has the editor's syntax colours")
    }
}
