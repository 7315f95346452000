import Foundation
import Testing
@testable import TextEngine

@Suite struct UndoTests {
    @Test func typingWithinOneSecondIsOneUndoStep() {
        var editor = makeEditor("|")
        editor.type("hello")
        editor.type(" world", start: 5)
        #expect(editor.text == "hello world")
        editor.apply(.undo, now: at(10))
        #expect(marked(editor) == "hello|")
        editor.apply(.undo, now: at(11))
        #expect(marked(editor) == "|")
        #expect(!editor.isDirty)
        #expect(editor.apply(.undo, now: at(12)).message == "Nothing to undo")
    }

    @Test func aChangeOfKindOrAMoveOrAnExplicitBoundaryStartsANewStep() {
        var editor = makeEditor("|")
        editor.type("abc")
        editor.apply(.deleteBackward, now: at(0.5))
        editor.apply(.undo, now: at(0.6))
        #expect(editor.text == "abc")
        editor.apply(.breakUndoGroup, now: at(0.7))
        editor.apply(.insert("d"), now: at(0.8))
        editor.apply(.move(.left, extend: false), now: at(0.9))
        editor.apply(.insert("e"), now: at(1.0))
        #expect(editor.text == "abced")
        editor.apply(.undo, now: at(2))
        #expect(editor.text == "abcd")
        editor.apply(.undo, now: at(3))
        #expect(editor.text == "abc")
    }

    @Test func undoRestoresTheSelection() {
        var editor = makeEditor("keep ^this| text")
        editor.apply(.insert("that"), now: t0)
        #expect(marked(editor) == "keep that| text")
        editor.apply(.undo, now: at(1))
        #expect(marked(editor) == "keep ^this| text")
        editor.apply(.redo, now: at(2))
        #expect(marked(editor) == "keep that| text")
    }

    @Test func aNewEditDiscardsTheRedoStack() {
        var editor = makeEditor("|")
        editor.run([.insert("a"), .insert("b")])
        editor.apply(.undo, now: at(20))
        #expect(editor.history.canRedo)
        editor.apply(.insert("c"), now: at(30))
        #expect(!editor.history.canRedo)
        #expect(editor.apply(.redo, now: at(40)).message == "Nothing to redo")
        #expect(editor.text == "ac")
    }

    @Test func dirtyFollowsTheSavedState() {
        var editor = makeEditor("x|")
        #expect(!editor.isDirty)
        editor.apply(.insert("y"), now: t0)
        editor.markSaved()
        #expect(!editor.isDirty)
        editor.apply(.insert("z"), now: at(0.1))
        #expect(editor.isDirty)
        editor.apply(.undo, now: at(1))
        #expect(editor.text == "xy")
        #expect(!editor.isDirty)
        editor.apply(.undo, now: at(2))
        #expect(editor.isDirty)
    }

    @Test func aLargePasteIsOneUndoStep() {
        let line = String(repeating: "lorem ipsum 日本 ", count: 3) + "\n"
        let paste = String(repeating: line, count: 1_048_576 / line.utf8.count + 1)
        #expect(paste.utf8.count > 1_000_000)
        var editor = makeEditor("before |after")
        editor.setViewport(width: 80, height: 24)
        editor.apply(.paste(paste), now: t0)
        #expect(editor.text == "before " + paste + "after")
        #expect(editor.history.undoDepth == 1)
        #expect(editor.cursorOnScreen != nil)
        editor.apply(.undo, now: at(1))
        #expect(marked(editor) == "before |after")
        editor.apply(.redo, now: at(2))
        #expect(editor.text.utf8.count == paste.utf8.count + 12)
    }

    @Test func aNewEditAfterUndoKeepsTheOldBranchReachableInTime() {
        var editor = makeEditor("|")
        editor.run([.insert("a"), .insert("b")])
        editor.apply(.undo, now: at(20))
        editor.apply(.insert("c"), now: at(30))
        #expect(editor.text == "ac")
        editor.apply(.earlier, now: at(40))
        #expect(editor.text == "ab")
        editor.apply(.earlier, now: at(41))
        #expect(editor.text == "a")
        editor.apply(.earlier, now: at(42))
        #expect(editor.text == "")
        #expect(editor.apply(.earlier, now: at(43)).message == "At the oldest change")
        editor.apply(.later, now: at(44))
        editor.apply(.later, now: at(45))
        editor.apply(.later, now: at(46))
        #expect(marked(editor) == "ac|")
        #expect(editor.apply(.later, now: at(47)).message == "At the newest change")
        // Undo/redo follow the branch last visited.
        editor.apply(.undo, now: at(48))
        editor.apply(.redo, now: at(49))
        #expect(editor.text == "ac")
    }
}
