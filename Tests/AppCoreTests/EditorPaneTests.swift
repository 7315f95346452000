import Notebook
import TUI
import XCTest
@testable import AppCore

final class EditorPaneTests: XCTestCase {
    private func opened(kind: SnippetKind = .markdown, body: String = "# Title\n\nhello", keymap: String = "default") -> AppState {
        var s = Fixture.state(keymap: keymap)
        _ = App.update(&s, .snippetLoaded(SnippetDoc(id: "s1", title: "Borrowing rules", kind: kind, language: kind == .code ? "python" : nil, body: body), focusTerms: []), now: Fixture.now)
        return s
    }

    func testTypingWideTextMarksDirtySchedulesAutosaveAndRenders() {
        var s = opened()
        XCTAssertEqual(s.focus, .editor)
        Fixture.press(&s, "ctrl-end", "enter")
        let fx = Fixture.type(&s, "é 日本 → 👩‍💻")
        XCTAssertTrue(fx.contains(.ui(.startTimer(.autosave, milliseconds: App.autosaveDelayMs))))
        XCTAssertTrue(s.editor!.isDirty)
        let lines = Fixture.screen(s)
        XCTAssertTrue(lines.contains { $0.contains("│é 日本 → 👩‍💻") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines[1].contains("Borrowing rules ●"), "dirty marker in the title: \(lines[1])")
        // When the autosave timer fires, the text is saved with its generation.
        let save = App.update(&s, .timer(.autosave), now: Fixture.now)
        guard case .store(.saveSnippet(let id, let body, let gen, _, _))? = save.last else { return XCTFail("\(save)") }
        XCTAssertEqual(id, "s1")
        XCTAssertEqual(body, "# Title\n\nhello\né 日本 → 👩‍💻")
        _ = App.update(&s, .saved(snippetId: "s1", generation: gen, hash: "h"), now: Fixture.now)
        XCTAssertFalse(s.editor!.isDirty)
    }

    func testASaveOfAnOlderGenerationLeavesNewerEditsDirty() {
        var s = opened()
        Fixture.type(&s, "a")
        guard case .store(.saveSnippet(_, _, let gen, _, _))? = App.update(&s, .timer(.autosave), now: Fixture.now).last else { return XCTFail() }
        Fixture.type(&s, "b")
        _ = App.update(&s, .saved(snippetId: "s1", generation: gen, hash: "h"), now: Fixture.now)
        XCTAssertTrue(s.editor!.isDirty, "text typed after the save started is not marked saved")
    }

    func testUndoRedo() {
        var s = opened(body: "")
        Fixture.type(&s, "abc")
        Fixture.press(&s, "ctrl-z")
        XCTAssertEqual(s.editor!.text, "")
        Fixture.press(&s, "ctrl-y")
        XCTAssertEqual(s.editor!.text, "abc")
    }

    func testPasteIsOneUndoableEdit() {
        var s = opened(body: "x")
        let big = String(repeating: "line of pasted text\n", count: 20_000)
        _ = App.update(&s, .paste(big), now: Fixture.now)
        XCTAssertEqual(s.editor!.text.utf8.count, big.utf8.count + 1)
        Fixture.press(&s, "ctrl-z")
        XCTAssertEqual(s.editor!.text, "x")
    }

    func testGlobalOneKeyCommandsTypeInTheEditor() {
        var s = opened(body: "")
        let fx = Fixture.type(&s, "q?/:1")
        XCTAssertFalse(s.quitting)
        XCTAssertFalse(fx.contains(.ui(.quit)))
        XCTAssertNil(s.overlay)
        XCTAssertEqual(s.editor!.text, "q?/:1")
        // But ctrl-q still quits, saving first.
        let q = Fixture.press(&s, "ctrl-q")
        XCTAssertEqual(q.last, .ui(.quit))
        XCTAssertTrue(q.contains { if case .store(.saveSnippet) = $0 { return true }; return false })
    }

    func testLeavingTheEditorSaves() {
        var s = opened(body: "")
        Fixture.type(&s, "z")
        let fx = Fixture.press(&s, "esc")
        XCTAssertEqual(s.focus, .navigator)
        XCTAssertTrue(fx.contains { if case .store(.saveSnippet(_, "z", _, _, _)) = $0 { return true }; return false })
    }

    func testCopyGoesToTheRegisterAndTheSystemClipboard() {
        var s = opened(body: "hello world")
        Fixture.press(&s, "shift-right", "shift-right", "shift-right", "shift-right", "shift-right")
        let fx = Fixture.press(&s, "ctrl-c")
        XCTAssertEqual(fx.first, .ui(.copyToClipboard("hello")))
        XCTAssertEqual(s.register, "hello")
        Fixture.press(&s, "ctrl-end", "ctrl-v")
        XCTAssertEqual(s.editor!.text, "hello worldhello")
    }

    func testFindReplaceAndGotoLine() {
        var s = opened(body: "one\ntwo\nthree two")
        Fixture.press(&s, "ctrl-g")
        Fixture.type(&s, "3")
        Fixture.press(&s, "enter")
        XCTAssertEqual(s.editor!.editor.cursor.line, 2)
        Fixture.press(&s, "ctrl-r")
        Fixture.type(&s, "two")
        Fixture.press(&s, "enter")
        Fixture.type(&s, "2")
        Fixture.press(&s, "enter")
        XCTAssertEqual(s.editor!.text, "one\n2\nthree 2")
    }

    func testCodeShowsLineNumbers() {
        let s = opened(kind: .code, body: "def f(x):\n    return x")
        let lines = Fixture.screen(s)
        XCTAssertTrue(lines.contains { $0.contains("│  1 def f(x):") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.contains { $0.contains("│  2     return x") })
    }

    func testMarkdownWrapsSoftly() {
        var s = opened(body: String(repeating: "word ", count: 40))
        s.splitEnabled = false
        App.clampScrolls(&s)
        let lines = Fixture.screen(s).filter { $0.contains("word") }
        XCTAssertGreaterThan(lines.count, 1, "a long markdown line wraps onto several rows")
    }

    func testExternalEditorEffectAndResult() {
        var s = opened(body: "before")
        XCTAssertEqual(Fixture.press(&s, "ctrl-e"), [.ui(.externalEdit(snippetId: "s1", text: "before", fileExtension: "md"))])
        let fx = App.update(&s, .externalEditFinished(snippetId: "s1", text: "after"), now: Fixture.now)
        XCTAssertEqual(s.editor!.text, "after")
        XCTAssertTrue(fx.contains { if case .store(.saveSnippet(_, "after", _, _, _)) = $0 { return true }; return false })
        Fixture.press(&s, "ctrl-z")
        XCTAssertEqual(s.editor!.text, "before", "taking text back from $EDITOR is one undoable edit")
    }

    func testVimKeymapIsModal() {
        var s = opened(body: "abc", keymap: "vim")
        XCTAssertTrue(s.editor!.normalMode)
        Fixture.type(&s, "x")  // delete a character in Normal mode
        XCTAssertEqual(s.editor!.text, "bc")
        Fixture.type(&s, "A")  // append at line end, Insert mode
        Fixture.type(&s, "d")
        XCTAssertEqual(s.editor!.text, "bcd")
        Fixture.press(&s, "esc")
        XCTAssertTrue(s.editor!.normalMode)
        XCTAssertTrue(Fixture.screen(s).last!.contains("NORMAL"))
    }

    func testLeavingVisualModeAtTheEndOfTheTextKeepsTheCursorThere() {
        var s = opened(body: "abc", keymap: "vim")
        Fixture.type(&s, "$")  // to the end of the line
        let end = s.editor!.editor.cursor
        Fixture.type(&s, "v")
        Fixture.type(&s, "v")
        XCTAssertEqual(s.editor!.editor.cursor, end, "leaving selection mode must not move the cursor")
        XCTAssertTrue(s.editor!.editor.selection.isEmpty)
    }

    func testVimAppendAndInsertMoveBeforeTyping() {
        var s = opened(body: "abc", keymap: "vim")
        Fixture.type(&s, "a")  // append after the cursor (on "a")
        Fixture.type(&s, "1")
        XCTAssertEqual(s.editor!.text, "a1bc")
        Fixture.press(&s, "esc")
        Fixture.type(&s, "I")  // insert at line start
        Fixture.type(&s, "2")
        XCTAssertEqual(s.editor!.text, "2a1bc")
        Fixture.press(&s, "esc")
        Fixture.type(&s, "A")  // append at line end
        Fixture.type(&s, "3")
        XCTAssertEqual(s.editor!.text, "2a1bc3")
        XCTAssertFalse(s.editor!.normalMode)
    }

    func testControlCharactersInANoteAreShownSafely() {
        let s = opened(body: "evil\u{1B}]52;c;AAAA\u{07}\u{1B}[2J text\u{9B}")
        let frame = Render.render(s, theme: Fixture.theme())
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                for u in frame[x, y].char.unicodeScalars { XCTAssertFalse(u.value < 0x20 || (0x7F...0x9F).contains(u.value)) }
            }
        }
        XCTAssertTrue(frame.lines.contains { $0.contains("evil^[]52;c;AAAA^G^[[2J text") }, frame.lines.joined(separator: "\n"))
    }
}
