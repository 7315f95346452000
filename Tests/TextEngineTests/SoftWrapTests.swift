import Testing
@testable import TextEngine

@Suite struct SoftWrapTests {
    func texts(_ line: String, width: Int) -> [String] {
        SoftWrap.rows(of: line, width: width, tabWidth: 4).map { row in
            String(Substring(line.utf8.dropFirst(row.start).prefix(row.end - row.start)))
        }
    }

    @Test func breaksAtWordBoundaries() {
        #expect(texts("the quick brown fox", width: 10) == ["the quick ", "brown fox"])
        #expect(texts("abcdefghijkl", width: 5) == ["abcde", "fghij", "kl"])
        #expect(texts("", width: 5) == [""])
    }

    @Test func wideCharactersNeverStraddleTheEdge() {
        let rows = SoftWrap.rows(of: "a日本語", width: 4, tabWidth: 4)
        #expect(texts("a日本語", width: 4) == ["a日", "本語"])
        #expect(rows.map(\.width) == [3, 4])
    }

    @Test func emojiSequencesStayWhole() {
        #expect(texts("ab👩‍💻👩‍💻", width: 5) == ["ab👩‍💻", "👩‍💻"])
    }

    @Test func cursorMapsToRowAndColumnAndBack() {
        var editor = makeEditor("first line\nthe quick brown fox jumps|")
        editor.setViewport(width: 11, height: 5)
        // Wrap width is 10: "the quick " / "brown fox " / "jumps".
        let rows = editor.visibleRows()
        #expect(rows.map { $0.cells.map(\.text).joined() } == ["first line", "the quick ", "brown fox ", "jumps"])
        #expect(rows.map(\.continues) == [false, true, true, false])
        #expect(editor.cursorOnScreen! == (3, 5))
        editor.apply(.move(.up, extend: false), now: t0)
        #expect(editor.cursorOnScreen! == (2, 5))
        #expect(marked(editor) == "first line\nthe quick brown| fox jumps")
        editor.apply(.click(row: 1, column: 4, extend: false), now: t0)
        #expect(marked(editor) == "first line\nthe |quick brown fox jumps")
        editor.apply(.click(row: 1, column: 30, extend: false), now: t0)
        #expect(marked(editor) == "first line\nthe quick| brown fox jumps")
    }

    @Test func viewportScrollsToKeepTheCursorVisible() {
        var editor = makeEditor((1...100).map { "line \($0)" }.joined(separator: "\n"))
        editor.setViewport(width: 20, height: 5)
        editor.apply(.goToLine(50), now: t0)
        let rows = editor.visibleRows()
        #expect(rows.count == 5)
        #expect(rows.contains { $0.line == 49 })
        let screen = editor.cursorOnScreen!
        #expect(rows[screen.row].line == 49)
        editor.apply(.scroll(-10), now: t0)
        #expect(editor.visibleRows().contains { $0.line == editor.cursor.line })
    }

    @Test func controlCharactersAreDrawnSafely() {
        var editor = makeEditor("a\u{1B}[2Jb\tc|")
        editor.setViewport(width: 40, height: 3)
        let cells = editor.visibleRows()[0].cells
        #expect(cells.map(\.text).joined() == "a^[[2Jb c")
        #expect(cells.map(\.width).reduce(0, +) == 9)
    }

    @Test func withoutWrapLongLinesScrollHorizontally() {
        var editor = makeEditor("0123456789abcdefghij|")
        editor.softWrap = false
        editor.setViewport(width: 10, height: 2)
        let row = editor.visibleRows()[0]
        #expect(row.cells.map(\.text).joined() == "bcdefghij")
        #expect(editor.cursorOnScreen! == (0, 9))
    }

    @Test func selectionAndMatchesAreMarkedOnCells() {
        var editor = makeEditor("ab ^cd| cd")
        editor.apply(.find(SearchQuery("cd")), now: t0)
        editor.setViewport(width: 20, height: 2)
        let cells = editor.visibleRows()[0].cells
        #expect(cells.filter(\.isSelected).map(\.text) == ["c", "d"])
        #expect(cells.filter(\.isMatch).count == 4)
    }
}
