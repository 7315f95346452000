import Testing
@testable import TextEngine

@Suite struct SearchTests {
    @Test func findIsCaseInsensitiveByDefaultAndWrapsAround() {
        var editor = makeEditor("Alpha beta\nbeta |ALPHA\ngamma")
        var result = editor.apply(.find(SearchQuery("alpha")), now: t0)
        #expect(marked(editor) == "Alpha beta\nbeta ^ALPHA|\ngamma")
        #expect(result.message == nil)
        result = editor.apply(.findNext, now: t0)
        #expect(marked(editor) == "^Alpha| beta\nbeta ALPHA\ngamma")
        #expect(result.message == "Search wrapped")
        editor.apply(.findPrevious, now: t0)
        #expect(marked(editor) == "Alpha beta\nbeta ^ALPHA|\ngamma")
    }

    @Test func smartCaseMatchesCaseWhenThePatternHasCapitals() {
        var editor = makeEditor("|alpha Alpha")
        editor.apply(.find(SearchQuery("Alpha")), now: t0)
        #expect(marked(editor) == "alpha ^Alpha|")
        editor.apply(.find(SearchQuery("Alpha", caseMode: .insensitive)), now: t0)
        editor.apply(.findNext, now: t0)
        #expect(marked(editor) == "^alpha| Alpha")
    }

    @Test func aMissingPatternSaysSo() {
        var editor = makeEditor("|text")
        let result = editor.apply(.find(SearchQuery("zzz\u{1B}")), now: t0)
        #expect(result.message == "No match for zzz^[")
        #expect(marked(editor) == "|text")
    }

    @Test func findWorksAroundWideCharacters() {
        var editor = makeEditor("|日本語 と 日本")
        editor.apply(.find(SearchQuery("日本")), now: t0)
        editor.apply(.findNext, now: t0)
        #expect(marked(editor) == "日本語 と ^日本|")
    }

    @Test func replaceCurrentReplacesTheMatchAndFindsTheNext() {
        var editor = makeEditor("|cat cat cat")
        editor.apply(.find(SearchQuery("cat")), now: t0)
        editor.apply(.replace(with: "dog"), now: at(1))
        #expect(marked(editor) == "dog ^cat| cat")
        editor.apply(.replace(with: "dog"), now: at(2))
        #expect(editor.text == "dog dog cat")
        editor.apply(.undo, now: at(3))
        #expect(editor.text == "dog cat cat")
    }

    @Test func replaceAllIsOneUndoStep() {
        var editor = makeEditor("|a-b\na-b-a")
        editor.apply(.find(SearchQuery("a")), now: t0)
        let result = editor.apply(.replaceAll(with: "xy\nz"), now: at(1))
        #expect(result.message == "Replaced 3")
        #expect(editor.text == "xy\nz-b\nxy\nz-b-xy\nz")
        editor.apply(.undo, now: at(2))
        #expect(editor.text == "a-b\na-b-a")
        editor.apply(.redo, now: at(3))
        #expect(editor.text == "xy\nz-b\nxy\nz-b-xy\nz")
    }
}
