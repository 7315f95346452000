import Testing
@testable import TextEngine

@Suite struct EditorMotionTests {
    @Test func leftAndRightStepOverWholeClusters() {
        var editor = makeEditor("|é 日本 → 👩‍💻")
        var offsets: [Int] = []
        for _ in 0..<8 {
            editor.apply(.move(.right, extend: false), now: t0)
            offsets.append(editor.cursor.offset)
        }
        let text = "é 日本 → 👩‍💻"
        let boundaries = text.indices.dropFirst().map { text.utf8.distance(from: text.startIndex, to: $0) } + [text.utf8.count]
        #expect(offsets == Array(boundaries.prefix(7)) + [text.utf8.count])
        editor.apply(.move(.left, extend: false), now: t0)
        #expect(marked(editor) == "é 日本 → |👩‍💻")
    }

    @Test func leftCollapsesASelectionToItsStart() {
        var editor = makeEditor("a^bc|d")
        editor.apply(.move(.left, extend: false), now: t0)
        #expect(marked(editor) == "a|bcd")
    }

    @Test func verticalMovesKeepThePreferredDisplayColumn() {
        var editor = makeEditor("abcdef|\n日本\nxyz\nabcdefgh")
        editor.apply(.move(.down, extend: false), now: t0)
        #expect(marked(editor) == "abcdef\n日本|\nxyz\nabcdefgh")
        editor.apply(.move(.down, extend: false), now: t0)
        #expect(marked(editor) == "abcdef\n日本\nxyz|\nabcdefgh")
        editor.apply(.move(.down, extend: false), now: t0)
        #expect(marked(editor) == "abcdef\n日本\nxyz\nabcdef|gh")
    }

    @Test func aColumnInsideAWideCharacterLandsOnItsStart() {
        var editor = makeEditor("ab|c\n日本")
        editor.apply(.move(.down, extend: false), now: t0)
        #expect(marked(editor) == "abc\n日|本")
    }

    @Test func upOnTheFirstLineGoesToTheStartAndDownOnTheLastToTheEnd() {
        var editor = makeEditor("ab|c\nxyz")
        editor.apply(.move(.up, extend: false), now: t0)
        #expect(marked(editor) == "|abc\nxyz")
        editor.apply(.move(.down, extend: false), now: t0)
        editor.apply(.move(.down, extend: false), now: t0)
        #expect(marked(editor) == "abc\nxyz|")
    }

    @Test func wordMotions() {
        var editor = makeEditor("|let value = foo(1)")
        editor.apply(.move(.wordRight, extend: false), now: t0)
        #expect(marked(editor) == "let| value = foo(1)")
        editor.apply(.move(.wordRight, extend: false), now: t0)
        #expect(marked(editor) == "let value| = foo(1)")
        editor.apply(.move(.wordLeft, extend: false), now: t0)
        #expect(marked(editor) == "let |value = foo(1)")
    }

    @Test func smartHomeTogglesBetweenFirstNonBlankAndColumnZero() {
        var editor = makeEditor("    code|")
        editor.apply(.move(.lineStart, extend: false), now: t0)
        #expect(marked(editor) == "    |code")
        editor.apply(.move(.lineStart, extend: false), now: t0)
        #expect(marked(editor) == "|    code")
        editor.apply(.move(.lineEnd, extend: false), now: t0)
        #expect(marked(editor) == "    code|")
    }

    @Test func documentStartEndAndPages() {
        var editor = makeEditor((0..<50).map { "line \($0)" }.joined(separator: "\n"))
        editor.setViewport(width: 40, height: 10)
        editor.apply(.move(.pageDown(9), extend: false), now: t0)
        #expect(editor.cursor.line == 9)
        editor.apply(.move(.pageUp(4), extend: false), now: t0)
        #expect(editor.cursor.line == 5)
        editor.apply(.move(.documentEnd, extend: false), now: t0)
        #expect(editor.cursor == TextPosition(line: 49, offset: 7))
        editor.apply(.move(.documentStart, extend: false), now: t0)
        #expect(editor.cursor == .zero)
    }

    @Test func shiftSelectExtendsFromTheAnchor() {
        var editor = makeEditor("ab|cd\nef")
        editor.apply(.move(.right, extend: true), now: t0)
        editor.apply(.move(.down, extend: true), now: t0)
        #expect(editor.selectedText == "cd\nef")
        editor.apply(.move(.lineStart, extend: true), now: t0)
        #expect(editor.selectedText == "cd\n")
    }

    @Test func selectAllWordAndLine() {
        var editor = makeEditor("one tw|o\nthree")
        editor.apply(.selectWord, now: t0)
        #expect(editor.selectedText == "two")
        editor.apply(.selectLine, now: t0)
        #expect(editor.selectedText == "one two\n")
        editor.apply(.selectLine, now: t0)
        #expect(editor.selectedText == "one two\nthree")
        editor.apply(.selectAll, now: t0)
        #expect(editor.selectedText == "one two\nthree")
    }

    @Test func goToLineIsOneBasedAndClamped() {
        var editor = makeEditor("a\n  b\nc")
        editor.apply(.goToLine(2), now: t0)
        #expect(editor.cursor == TextPosition(line: 1, offset: 2))
        editor.apply(.goToLine(99), now: t0)
        #expect(editor.cursor.line == 2)
        #expect(editor.cursorLineColumn == (3, 1))
    }

    @Test func pageDownScrollsTheViewWithTheCursor() {
        var editor = makeEditor((0..<100).map { "line \($0)" }.joined(separator: "\n"))
        editor.setViewport(width: 40, height: 10)
        editor.apply(.goToLine(5), now: t0)
        let screenRow = editor.cursorOnScreen!.row
        editor.apply(.move(.pageDown(9), extend: false), now: t0)
        #expect(editor.cursor.line == 13)
        #expect(editor.cursorOnScreen!.row == screenRow)
        #expect(editor.visibleRows().first?.line == 9)
        editor.apply(.move(.pageUp(9), extend: false), now: t0)
        #expect(editor.cursor.line == 4)
        #expect(editor.visibleRows().first?.line == 0)
    }
}

@Suite struct ViewportTests {
    @Test func wheelScrollingKeepsTheCursorUnlessItWouldLeaveTheView() {
        var editor = makeEditor((0..<100).map { "line \($0)" }.joined(separator: "\n"))
        editor.setViewport(width: 40, height: 10)
        editor.apply(.goToLine(5), now: t0)
        editor.apply(.scroll(3), now: t0)
        #expect(editor.visibleRows().first?.line == 3)
        #expect(editor.cursor.line == 4)
        editor.apply(.scroll(10), now: t0)
        #expect(editor.visibleRows().first?.line == 13)
        #expect(editor.cursor.line == 13)
        editor.apply(.scroll(1_000), now: t0)
        #expect(editor.visibleRows().last?.line == 99)
        #expect(editor.visibleRows().count == 10)
        editor.apply(.scroll(-1_000), now: t0)
        #expect(editor.visibleRows().first?.line == 0)
        #expect(editor.cursorOnScreen != nil)
    }

    @Test func aSelectedLineBreakIsReportedOnTheRow() {
        var editor = makeEditor("ab^c\nd|ef")
        editor.setViewport(width: 20, height: 3)
        let rows = editor.visibleRows()
        #expect(rows[0].selectsLineBreak)
        #expect(!rows[1].selectsLineBreak)
    }

    @Test func pastingAnEmptyRegisterSaysSo() {
        var editor = makeEditor("x|")
        #expect(editor.apply(.paste(nil), now: t0).message == "Nothing to paste")
        #expect(editor.text == "x")
    }
}
