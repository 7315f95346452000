import Foundation
import Testing
@testable import TextEngine

/// Random edit sequences over text with wide characters, emoji sequences, combining marks, tabs and controls.
@Suite struct PropertyTests {
    static let pieces = ["a", "b", " ", "é", "e\u{301}", "\u{301}", "日本", "→", "👩‍💻", "🇩🇪", "\u{1F1E9}", "\t", "\n", "- [ ] ",
                         "\u{1B}", "x\ny", "  ", "{", "}", "word ", "\u{200D}", "\u{FE0F}"]

    static func randomCommand(_ random: inout SeededRandom, undoRedo: Bool) -> EditorCommand {
        let roll = Int.random(in: 0..<(undoRedo ? 30 : 27), using: &random)
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
            return .find(SearchQuery(pieces.randomElement(using: &random)!))
        default:
            let motions: [Motion] = [.left, .right, .up, .down, .wordLeft, .wordRight, .lineStart, .lineEnd,
                                     .documentStart, .documentEnd, .pageUp(3), .pageDown(3)]
            if roll >= 27 { return roll == 29 ? .redo : .undo }
            return .move(motions.randomElement(using: &random)!, extend: Bool.random(using: &random))
        }
    }

    /// Invariants that hold after every command.
    static func checkInvariants(_ editor: Editor) {
        let document = editor.document
        #expect(document.isBoundary(editor.selection.head), "head \(editor.selection.head) inside a cluster")
        #expect(document.isBoundary(editor.selection.anchor), "anchor \(editor.selection.anchor) inside a cluster")
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
        var random = SeededRandom(seed: seed)
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
        let steps = editor.history.undoStack.count
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
        var random = SeededRandom(seed: seed)
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
        var random = SeededRandom(seed: seed)
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
}
