import Seeded
import Foundation
import Testing
@testable import TextEngine

/// Random edit sequences over text with wide characters, emoji sequences, combining marks, tabs and controls.
@Suite struct PropertyTests {
    static let pieces = ["a", "b", " ", "é", "e\u{301}", "\u{301}", "日本", "→", "👩‍💻", "🇩🇪", "\u{1F1E9}", "\t", "\n", "- [ ] ",
                         "\u{1B}", "x\ny", "  ", "{", "}", "word ", "\u{200D}", "\u{FE0F}"]

    static func randomCommand(_ random: inout SeededGenerator, undoRedo: Bool) -> EditorCommand {
        let roll = Int.random(in: 0..<(undoRedo ? 32 : 27), using: &random)
        switch roll {
        case 0..<8: return .insert(pieces.randomElement(using: &random)!)
        case 8: return .paste(String(repeating: pieces.randomElement(using: &random)!, count: Int.random(in: 1...20, using: &random)))
        case 9: return .newline
        case 10, 11: return .deleteBackward
        case 12: return .deleteForward
        case 13: return .deleteWordBackward
        case 14: return .deleteWordForward
        case 15: return .indent
        case 16: return .outdent
        case 17: return .cut
        case 18: return .paste(nil)
        case 19: return .toggleTask
        case 20: return .selectWord
        case 21: return .selectLine
        case 22:
            return .replaceAll(with: pieces.randomElement(using: &random)!)
        case 23:
            return [.find(SearchQuery(pieces.randomElement(using: &random)!)), .moveLinesUp, .moveLinesDown,
                    .duplicateLines, .toggleComment].randomElement(using: &random)!
        default:
            let motions: [Motion] = [.left, .right, .up, .down, .wordLeft, .wordRight, .lineStart, .lineEnd,
                                     .documentStart, .documentEnd, .pageUp(3), .pageDown(3)]
            if roll >= 27 { return [.undo, .undo, .redo, .earlier, .later][roll - 27] }
            return .move(motions.randomElement(using: &random)!, extend: Bool.random(using: &random))
        }
    }

    /// Invariants that hold after every command.
    static func checkInvariants(_ editor: Editor) {
        let document = editor.document
        #expect(document.isBoundary(editor.selection.head), "head \(editor.selection.head) inside a cluster")
        #expect(document.isBoundary(editor.selection.anchor), "anchor \(editor.selection.anchor) inside a cluster")
        let cursorLine = editor.cursor.line
        #expect(editor.rows(ofLine: cursorLine)
                == SoftWrap.rows(of: document.lines[cursorLine], width: editor.wrapWidth, tabWidth: editor.tabWidth))
        guard let wrap = editor.wrapWidth else { return }
        for row in editor.visibleRows() {
            #expect(row.cells.map(\.width).reduce(0, +) <= wrap)
            for cell in row.cells {
                #expect(!cell.text.unicodeScalars.contains { DisplayWidth.isControl($0.value) })
            }
        }
        if let screen = editor.cursorOnScreen {
            #expect(screen.row < editor.viewport.height && screen.column <= wrap)
        } else {
            Issue.record("cursor not visible after a command")
        }
    }

    @Test(arguments: Array(UInt64(1)...UInt64(16)))
    func undoAllRestoresTheOriginalAndRedoAllTheFinal(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let original = "# Notes\n\n- [ ] 日本 → 👩‍💻\n\tcode()\ncafe\u{301} 🇩🇪"
        var editor = Editor(text: original, kind: seed % 2 == 0 ? .markdown : .code, language: "python")
        editor.setViewport(width: Int.random(in: 6...30, using: &random), height: Int.random(in: 3...8, using: &random))
        var selectionBeforeFirstEdit: Selection?
        var time = 0.0
        var seen: Set<String> = [original]
        for _ in 0..<200 {
            time += [0.05, 0.3, 0.9, 1.5].randomElement(using: &random)!
            let before = editor.selection
            if editor.apply(Self.randomCommand(&random, undoRedo: false), now: at(time)).textChanged && selectionBeforeFirstEdit == nil {
                selectionBeforeFirstEdit = before
            }
            seen.insert(editor.text)
            Self.checkInvariants(editor)
        }
        let final = editor.text
        let steps = editor.history.undoDepth
        while editor.history.canUndo {
            time += 1
            editor.apply(.undo, now: at(time))
            #expect(seen.contains(editor.text), "an undo produced a text never seen")
            Self.checkInvariants(editor)
        }
        #expect(editor.text == original)
        #expect(selectionBeforeFirstEdit == nil || editor.selection == selectionBeforeFirstEdit)
        #expect(!editor.isDirty)
        for _ in 0..<steps {
            time += 1
            editor.apply(.redo, now: at(time))
        }
        #expect(editor.text == final)
        #expect(!editor.history.canRedo)
    }

    @Test(arguments: Array(UInt64(100)...UInt64(112)))
    func interleavedUndoAndRedoKeepTheHistoryConsistent(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let original = "alpha beta\n  gamma 日本\n"
        var editor = Editor(text: original, kind: .code, language: "swift")
        editor.setViewport(width: 12, height: 4)
        var time = 0.0
        for _ in 0..<300 {
            time += [0.2, 2].randomElement(using: &random)!
            editor.apply(Self.randomCommand(&random, undoRedo: true), now: at(time))
            Self.checkInvariants(editor)
        }
        while editor.history.canUndo {
            time += 1
            editor.apply(.undo, now: at(time))
        }
        #expect(editor.text == original)
    }

    @Test(arguments: Array(UInt64(200)...UInt64(215)))
    func wrappedRowsCoverTheLineWithinTheWidth(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<50 {
            var line = ""
            for _ in 0..<Int.random(in: 0...40, using: &random) { line += Self.pieces.randomElement(using: &random)!.replacingOccurrences(of: "\n", with: " ") }
            let width = Int.random(in: 2...25, using: &random)
            let rows = SoftWrap.rows(of: line, width: width, tabWidth: 4)
            #expect(rows.first?.start == 0 && rows.last?.end == line.utf8.count)
            let boundaries = Set(line.indices.map { line.utf8.distance(from: line.startIndex, to: $0) } + [line.utf8.count])
            for (index, row) in rows.enumerated() {
                #expect(row.width <= width)
                #expect(boundaries.contains(row.start) && boundaries.contains(row.end), "row splits a cluster")
                if index > 0 { #expect(rows[index - 1].end == row.start) }
                // The row's width is the sum of its clusters' widths.
                let text = String(Substring(line.utf8.dropFirst(row.start).prefix(row.end - row.start)))
                var column = 0
                for cluster in text { column += min(DisplayWidth.width(of: cluster, atColumn: column, tabWidth: 4), width) }
                #expect(column == row.width)
            }
            if !line.unicodeScalars.contains("\t") {
                // Stand-ins wider than a very narrow view are capped at the width; otherwise widths add up.
                let rowTotal = rows.map(\.width).reduce(0, +)
                let clusterTotal = line.map { min(DisplayWidth.width(of: $0), width) }.reduce(0, +)
                #expect(rowTotal == clusterTotal)
                #expect(line.map { DisplayWidth.width(of: $0) }.reduce(0, +) == DisplayWidth.width(of: line))
            }
        }
    }

    @Test(arguments: Array(UInt64(300)...UInt64(307)))
    func theASCIIFastPathWrapsLikeTheGeneralPath(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let words = ["a", "bb", "ccc", " ", "  ", "dddddddddd", "e.", "(f)"]
        for _ in 0..<200 {
            var line = ""
            for _ in 0..<Int.random(in: 0...30, using: &random) { line += words.randomElement(using: &random)! }
            let width = Int.random(in: 2...20, using: &random)
            #expect(SoftWrap.asciiRows(of: line, width: width) == SoftWrap.clusterRows(of: line, width: width, tabWidth: 4), "\(line) @ \(width)")
            let rows = SoftWrap.rows(of: line, width: width, tabWidth: 4)
            for (index, row) in rows.enumerated() {
                for column in 0...(width + 1) {
                    let allowEnd = index == rows.count - 1
                    let fast = SoftWrap.offset(atColumn: column, in: row, line: line, tabWidth: 4, width: width, allowEnd: allowEnd)
                    // The general path, through a line that is not printable ASCII but wraps the same (é is 1 column).
                    let general = SoftWrap.offset(atColumn: column, in: row, line: line + "\u{7}", tabWidth: 4, width: width, allowEnd: allowEnd)
                    #expect(fast == general)
                    #expect(SoftWrap.column(of: fast, in: row, line: line, tabWidth: 4, width: width)
                            == SoftWrap.column(of: fast, in: row, line: line + "\u{7}", tabWidth: 4, width: width))
                }
            }
        }
    }

    @Test(arguments: Array(UInt64(400)...UInt64(407)))
    func theScreenCursorSitsOnTheCursorsCellAndClickingThereComesBack(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var text = ""
        for _ in 0..<Int.random(in: 20...120, using: &random) { text += Self.pieces.randomElement(using: &random)! }
        var editor = Editor(text: text, kind: .code, language: "python")
        editor.softWrap = seed % 3 != 0
        editor.setViewport(width: Int.random(in: 8...24, using: &random), height: Int.random(in: 3...6, using: &random))
        for _ in 0..<60 {
            let motions: [Motion] = [.left, .right, .up, .down, .wordLeft, .wordRight, .lineEnd, .lineStart, .pageDown(2), .pageUp(2)]
            editor.apply(.move(motions.randomElement(using: &random)!, extend: false), now: t0)
            guard let screen = editor.cursorOnScreen else {
                Issue.record("cursor off screen")
                continue
            }
            let rows = editor.visibleRows()
            let row = rows[screen.row]
            #expect(row.line == editor.cursor.line)
            // The cell under the cursor is the cursor's cluster, or the cursor is just past the row's last cell.
            if let cell = row.cells.first(where: { $0.column == screen.column }) {
                #expect(cell.offset == editor.cursor.offset)
            } else {
                let end = row.cells.last.map { $0.column + $0.width } ?? 0
                #expect(screen.column == end)
            }
            // Cells tile the row: each starts where the previous ended.
            var column = 0
            for cell in row.cells {
                #expect(cell.column == column)
                column += cell.width
            }
            let cursor = editor.cursor
            editor.apply(.click(row: screen.row, column: screen.column, extend: false), now: t0)
            #expect(editor.cursor == cursor, "click at \(screen) moved the cursor")
        }
    }

    @Test(arguments: Array(UInt64(500)...UInt64(507)))
    func everyRevisionOfTheUndoTreeIsReachableWithItsText(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        var editor = Editor(text: "start 日本\n- [ ] task", kind: .markdown)
        editor.setViewport(width: 16, height: 4)
        var textOf: [Int: String] = [0: editor.text]
        var time = 0.0
        for _ in 0..<150 {
            time += [0.2, 2].randomElement(using: &random)!
            editor.apply(Self.randomCommand(&random, undoRedo: true), now: at(time))
            textOf[editor.history.current] = editor.text
        }
        #expect(textOf.count == editor.history.revisions.count)
        // Walk back through every revision in time, then forward again.
        while editor.history.current > 0 {
            time += 1
            editor.apply(.earlier, now: at(time))
            #expect(editor.text == textOf[editor.history.current])
            Self.checkInvariants(editor)
        }
        #expect(!editor.isDirty)
        while editor.history.current < editor.history.revisions.count - 1 {
            time += 1
            editor.apply(.later, now: at(time))
            #expect(editor.text == textOf[editor.history.current])
        }
    }

    @Test(arguments: Array(UInt64(600)...UInt64(603)))
    func editsOnALongMixedLineKeepTheCachedRowsRight(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let long = String(repeating: "mixed 日本語 text → 👩‍💻 ", count: 120)
        var editor = Editor(text: "short\n" + long + "\nend", kind: .markdown)
        editor.setViewport(width: 30, height: 6)
        editor.apply(.goToLine(2), now: t0)
        var time = 0.0
        for _ in 0..<120 {
            time += [0.2, 2].randomElement(using: &random)!
            editor.apply(Self.randomCommand(&random, undoRedo: true), now: at(time))
            Self.checkInvariants(editor)
        }
    }
}
