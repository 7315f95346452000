import Foundation
@testable import TextEngine

/// A fixed clock start for tests.
let t0 = Date(timeIntervalSince1970: 1_800_000_000)

/// `t0` plus some seconds.
func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

/// Builds an editor from text where `|` marks the cursor (and an optional `^` the selection anchor).
func makeEditor(_ marked: String, kind: DocumentKind = .markdown, language: String? = nil) -> Editor {
    var text = ""
    var caret: TextPosition?
    var anchor: TextPosition?
    var line = 0
    var offset = 0
    for scalar in marked.unicodeScalars {
        switch scalar {
        case "|": caret = TextPosition(line: line, offset: offset)
        case "^": anchor = TextPosition(line: line, offset: offset)
        default:
            text.unicodeScalars.append(scalar)
            if scalar == "\n" {
                line += 1
                offset = 0
            } else {
                offset += String(scalar).utf8.count
            }
        }
    }
    var editor = Editor(text: text, kind: kind, language: language)
    let head = caret ?? .zero
    editor.select(Selection(anchor: anchor ?? head, head: head))
    return editor
}

/// The editor's text with `|` at the cursor and `^` at the anchor when the selection is not empty.
func marked(_ editor: Editor) -> String {
    var lines = editor.document.lines
    let selection = editor.selection
    var marks = [(selection.head, "|")]
    if !selection.isEmpty { marks.append((selection.anchor, "^")) }
    for (position, mark) in marks.sorted(by: { $0.0 > $1.0 }) {
        var line = lines[position.line]
        let index = line.utf8.index(line.utf8.startIndex, offsetBy: position.offset)
        line.insert(contentsOf: mark, at: index)
        lines[position.line] = line
    }
    return lines.joined(separator: "\n")
}

extension Editor {
    /// Applies commands one second apart from `start` (so they never group by time unless asked).
    @discardableResult
    mutating func run(_ commands: [EditorCommand], start: Double = 0, step: Double = 5) -> EditorResult {
        var result = EditorResult()
        for (index, command) in commands.enumerated() {
            result = apply(command, now: at(start + Double(index) * step))
        }
        return result
    }

    /// Types text one character at a time, 0.1 s apart.
    mutating func type(_ text: String, start: Double = 0) {
        for (index, character) in text.enumerated() {
            if character == "\n" {
                apply(.newline, now: at(start + Double(index) * 0.1))
            } else {
                apply(.insert(String(character)), now: at(start + Double(index) * 0.1))
            }
        }
    }
}
