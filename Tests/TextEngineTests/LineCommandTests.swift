import Testing
@testable import TextEngine

@Suite struct LineCommandTests {
    @Test func moveLinesUpAndDownCarryTheSelection() {
        var editor = makeEditor("a\nb^b\nc|c\nd")
        editor.apply(.moveLinesUp, now: t0)
        #expect(marked(editor) == "b^b\nc|c\na\nd")
        editor.apply(.moveLinesUp, now: at(1))
        #expect(marked(editor) == "b^b\nc|c\na\nd")
        editor.apply(.moveLinesDown, now: at(2))
        editor.apply(.moveLinesDown, now: at(3))
        #expect(marked(editor) == "a\nd\nb^b\nc|c")
        editor.apply(.undo, now: at(4))
        editor.apply(.undo, now: at(5))
        #expect(marked(editor) == "b^b\nc|c\na\nd")
    }

    @Test func duplicateLinesPutsTheCursorOnTheCopy() {
        var editor = makeEditor("one\ntw|o\nthree")
        editor.apply(.duplicateLines, now: t0)
        #expect(marked(editor) == "one\ntwo\ntw|o\nthree")
    }

    @Test func toggleCommentAddsAtTheCommonIndentAndRemoves() {
        var editor = makeEditor("^def f():\n    return 1|\n", kind: .code, language: "python")
        editor.apply(.toggleComment, now: t0)
        #expect(editor.text == "# def f():\n#     return 1\n")
        editor.apply(.toggleComment, now: at(1))
        #expect(editor.text == "def f():\n    return 1\n")
        editor = makeEditor("  let x = 1|", kind: .code, language: "swift")
        editor.apply(.toggleComment, now: t0)
        #expect(marked(editor) == "  // let x = 1|")
        editor = makeEditor("text|")
        #expect(editor.apply(.toggleComment, now: t0).message == "No line comments in markdown")
    }
}
