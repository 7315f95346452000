import Testing
@testable import TextEngine

@Suite struct EditorEditingTests {
    @Test func typingInsertsAtTheCursorAndReplacesTheSelection() {
        var editor = makeEditor("hello ^world|")
        editor.type("日本 → 👩‍💻")
        #expect(marked(editor) == "hello 日本 → 👩‍💻|")
        #expect(editor.isDirty)
    }

    @Test func backspaceDeletesAWholeGraphemeCluster() {
        var editor = makeEditor("a👩‍💻|b")
        editor.apply(.deleteBackward, now: t0)
        #expect(marked(editor) == "a|b")
        editor = makeEditor("🇩🇪|🇯🇵")
        editor.apply(.deleteForward, now: t0)
        #expect(marked(editor) == "🇩🇪|")
        editor = makeEditor("cafe\u{301}|")
        editor.apply(.deleteBackward, now: t0)
        #expect(marked(editor) == "caf|")
    }

    @Test func backspaceAtLineStartJoinsLines() {
        var editor = makeEditor("one\n|two")
        editor.apply(.deleteBackward, now: t0)
        #expect(marked(editor) == "one|two")
        editor.apply(.deleteForward, now: at(1))
        #expect(marked(editor) == "one|wo")
    }

    @Test func backspaceInLeadingSpacesRemovesOneIndentStep() {
        var editor = makeEditor("def f():\n        |x", kind: .code, language: "python")
        editor.apply(.deleteBackward, now: t0)
        #expect(marked(editor) == "def f():\n    |x")
    }

    @Test func deleteByWord() {
        var editor = makeEditor("let value = 42|")
        editor.apply(.deleteWordBackward, now: t0)
        #expect(marked(editor) == "let value = |")
        editor.apply(.deleteWordBackward, now: at(5))
        #expect(marked(editor) == "let value |")
        editor = makeEditor("|foo bar")
        editor.apply(.deleteWordForward, now: t0)
        #expect(marked(editor) == "| bar")
    }

    @Test func newlineKeepsIndentation() {
        var editor = makeEditor("    indented|", kind: .code, language: "sh")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "    indented\n    |")
    }

    @Test func newlineOnAWhitespaceOnlyLineDropsTheTrailingSpaces() {
        var editor = makeEditor("    x\n    |", kind: .code, language: "sh")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "    x\n\n    |")
    }

    @Test func newlineAfterAnOpeningBraceIndentsAndSplitsTheClosingBrace() {
        var editor = makeEditor("func f() {|}", kind: .code, language: "swift")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "func f() {\n    |\n}")
        editor = makeEditor("def f():|", kind: .code, language: "python")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "def f():\n    |")
    }

    @Test func markdownListsContinueAndEndOnAnEmptyBullet() {
        var editor = makeEditor("- one|")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "- one\n- |")
        editor.apply(.newline, now: at(0.1))
        #expect(marked(editor) == "- one\n|")
    }

    @Test func markdownTasksAndNumbersContinue() {
        var editor = makeEditor("  - [x] done|")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "  - [x] done\n  - [ ] |")
        editor = makeEditor("9. nine|")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "9. nine\n10. |")
    }

    @Test func codeDoesNotContinueBullets() {
        var editor = makeEditor("- x|", kind: .code, language: "yaml")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "- x\n|")
    }

    @Test func tabInsertsSpacesToTheNextIndentStop() {
        var editor = makeEditor("ab|", kind: .code, language: "python")
        editor.apply(.indent, now: t0)
        #expect(marked(editor) == "ab  |")
        editor = makeEditor("\tx\n|", kind: .code, language: "sh")
        editor.apply(.indent, now: t0)
        #expect(marked(editor) == "\tx\n\t|")
    }

    @Test func indentAndOutdentSelectedLines() {
        var editor = makeEditor("^a\nb\n|c", kind: .code, language: "python")
        editor.apply(.indent, now: t0)
        #expect(editor.text == "    a\n    b\nc")
        editor.apply(.outdent, now: at(5))
        #expect(editor.text == "a\nb\nc")
        editor = makeEditor("  x|", kind: .code, language: "python")
        editor.apply(.outdent, now: t0)
        #expect(marked(editor) == "x|")
    }

    @Test func copyCutAndPasteUseTheRegisterAndReturnTheText() {
        var editor = makeEditor("hello ^world|")
        #expect(editor.apply(.copy, now: t0).copied == "world")
        #expect(editor.text == "hello world")
        let cut = editor.apply(.cut, now: at(1))
        #expect(cut.copied == "world")
        #expect(marked(editor) == "hello |")
        editor.apply(.paste(nil), now: at(2))
        editor.apply(.paste(nil), now: at(3))
        #expect(marked(editor) == "hello worldworld|")
    }

    @Test func copyWithoutSelectionTakesTheLineAndPastesItAbove() {
        var editor = makeEditor("one\ntw|o")
        #expect(editor.apply(.copy, now: t0).copied == "two\n")
        editor.apply(.paste(nil), now: at(1))
        #expect(marked(editor) == "one\ntwo\ntw|o")
        let cut = editor.apply(.cut, now: at(2))
        #expect(cut.copied == "two\n")
        #expect(editor.text == "one\ntwo")
    }

    @Test func bracketedPasteNormalisesLineBreaks() {
        var editor = makeEditor("|")
        editor.apply(.paste("a\r\nb\rc"), now: t0)
        #expect(marked(editor) == "a\nb\nc|")
    }

    @Test func toggleTaskCyclesTheBox() {
        var editor = makeEditor("- [ ] write| tests")
        editor.apply(.toggleTask, now: t0)
        #expect(editor.text == "- [~] write tests")
        editor.apply(.toggleTask, now: at(1))
        #expect(editor.text == "- [x] write tests")
        editor.apply(.toggleTask, now: at(2))
        #expect(editor.text == "- [ ] write tests")
        editor.apply(.undo, now: at(3))
        #expect(editor.text == "- [x] write tests")
    }

    @Test func typingACombiningMarkMergesAndTheCursorStaysOnABoundary() {
        var editor = makeEditor("|\u{301}x")
        editor.apply(.insert("e"), now: t0)
        #expect(editor.document.lines[0] == "e\u{301}x")
        #expect(editor.document.isBoundary(editor.cursor))
        #expect(editor.cursor.offset == "e\u{301}".utf8.count)
    }

    @Test func quotesContinueAndEndOnAnEmptyQuoteLine() {
        var editor = makeEditor("> wise words|")
        editor.apply(.newline, now: t0)
        #expect(marked(editor) == "> wise words\n> |")
        editor.apply(.newline, now: at(0.1))
        #expect(marked(editor) == "> wise words\n|")
    }

    @Test func aClosingBracketOnAnIndentedBlankLineStepsBack() {
        var editor = makeEditor("if x {|", kind: .code, language: "swift")
        editor.type("\nfoo()\n}")
        #expect(editor.text == "if x {\n    foo()\n}")
        editor = makeEditor("    x = f(|", kind: .code, language: "swift")
        editor.apply(.insert(")"), now: t0)
        #expect(editor.text == "    x = f()")
        editor.apply(.undo, now: at(5))
        #expect(editor.text == "    x = f(")
    }
}
