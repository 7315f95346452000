import Foundation

extension Editor {
    /// Replaces the selection with text and leaves a caret after it.
    mutating func insertText(_ text: String, kind: EditKind, now: Date) -> EditorResult {
        if text.isEmpty && selection.isEmpty { return EditorResult() }
        let before = selection
        var edits: [Edit] = []
        var range = selection.range
        if kind == .typing, self.kind == .code, text.count == 1, "}])".contains(text), range.isEmpty {
            // A closing bracket typed on a line of only indentation steps back one indent level.
            let head = document.lines[range.lower.line].utf8.prefix(range.lower.offset)
            let unit = indentUnit.utf8.count
            if !head.isEmpty, head.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                let remove = head.last == 0x09 ? 1 : min(unit, head.count)
                let start = TextPosition(line: range.lower.line, offset: range.lower.offset - remove)
                range = TextRange(start, range.upper)
            }
        }
        let inserted = replace(range, with: text, into: &edits)
        selection = Selection(caret: inserted.upper)
        return commit(edits, kind: kind, before: before, now: now)
    }

    /// Pastes a bracketed paste, or the register (whole lines go above the current line).
    mutating func paste(_ text: String?, now: Date) -> EditorResult {
        history.seal()
        if let text { return insertText(text, kind: .paste, now: now) }
        guard let register else { return EditorResult(message: "Nothing to paste") }
        guard register.linewise && selection.isEmpty else { return insertText(register.text, kind: .paste, now: now) }
        let before = selection
        var edits: [Edit] = []
        let inserted = replace(TextRange(at: TextPosition(line: cursor.line, offset: 0)), with: register.text, into: &edits)
        let moved = inserted.upper.line - inserted.lower.line
        selection = Selection(caret: TextPosition(line: cursor.line + moved, offset: cursor.offset))
        return commit(edits, kind: .paste, before: before, now: now)
    }

    /// Deletes from the cursor to `target`, or the selection when there is one.
    mutating func deleteTo(_ target: TextPosition, kind: EditKind, now: Date) -> EditorResult {
        let before = selection
        let range = selection.isEmpty ? TextRange(cursor, target) : selection.range
        if range.isEmpty { return EditorResult() }
        var edits: [Edit] = []
        replace(range, with: "", into: &edits)
        selection = Selection(caret: range.lower)
        return commit(edits, kind: before.isEmpty ? kind : .other, before: before, now: now)
    }

    /// Backspace: the selection, one indent step inside leading spaces, or one grapheme.
    mutating func deleteBackward(now: Date) -> EditorResult {
        guard selection.isEmpty else { return deleteTo(cursor, kind: .other, now: now) }
        let line = document.lines[cursor.line]
        if kind == .markdown, cursor.offset > 0, let item = MarkdownListItem(line: line), cursor.offset == item.markerEnd {
            // Backspace right after a bullet (and its task box) removes the marker, keeping the indentation.
            let start = TextPosition(line: cursor.line, offset: item.markerOffset)
            if start != cursor {
                history.seal()
                return deleteTo(start, kind: .other, now: now)
            }
        }
        let unitWidth = indentUnit.utf8.count
        if cursor.offset > 0, indentUnit != "\t", unitWidth > 1,
           line.utf8.prefix(cursor.offset).allSatisfy({ $0 == 0x20 }) {
            let remove = cursor.offset % unitWidth == 0 ? unitWidth : cursor.offset % unitWidth
            return deleteTo(TextPosition(line: cursor.line, offset: cursor.offset - remove), kind: .deleteBackward, now: now)
        }
        return deleteTo(document.position(before: cursor), kind: .deleteBackward, now: now)
    }

    /// Enter: splits the line, keeps indentation, continues markdown lists, indents after an opening bracket.
    mutating func newline(now: Date) -> EditorResult {
        let before = selection
        var edits: [Edit] = []
        var range = selection.range
        let lineIndex = range.lower.line
        let lineText = document.lines[lineIndex]
        let head = String(Substring(lineText.utf8.prefix(range.lower.offset)))
        let indent = String(head.prefix { $0 == " " || $0 == "\t" })
        var insertion = "\n" + indent
        var caretAfterInsertion: TextPosition?

        if kind == .markdown, let item = MarkdownListItem(line: lineText), range.lower.offset >= item.markerEnd {
            if item.contentIsEmpty && range.isEmpty && range.lower.offset == lineText.utf8.count {
                // Enter on an empty bullet ends the list: clear the bullet instead of adding another.
                replace(TextRange(TextPosition(line: lineIndex, offset: 0), range.lower), with: "", into: &edits)
                selection = Selection(caret: TextPosition(line: lineIndex, offset: 0))
                return commit(edits, kind: .typing, before: before, now: now)
            }
            insertion = "\n" + item.continuation
        } else if kind == .markdown, let quote = Editor.quotePrefix(of: lineText), range.lower.offset >= quote.utf8.count {
            if lineText.utf8.count == quote.utf8.count && range.isEmpty {
                // Enter on an empty quote line ends the quote.
                replace(TextRange(TextPosition(line: lineIndex, offset: 0), range.lower), with: "", into: &edits)
                selection = Selection(caret: TextPosition(line: lineIndex, offset: 0))
                return commit(edits, kind: .typing, before: before, now: now)
            }
            insertion = "\n" + quote
        } else if kind == .code {
            let trimmed = head.trimmingCharacters(in: .whitespaces)
            let opensBlock = trimmed.hasSuffix("{") || trimmed.hasSuffix("(") || trimmed.hasSuffix("[")
                || (language == .python && trimmed.hasSuffix(":"))
            if opensBlock {
                insertion = "\n" + indent + indentUnit
                let after = document.character(at: range.upper)
                if range.isEmpty, let after, "}])".contains(after) {
                    caretAfterInsertion = TextDocument.endPosition(inserting: insertion, at: range.lower)
                    insertion += "\n" + indent
                }
            }
        }
        // A line of only indentation loses it when split at its end (no trailing-whitespace lines).
        if range.isEmpty && !head.isEmpty && head.utf8.count == indent.utf8.count && range.lower.offset == lineText.utf8.count {
            range = TextRange(TextPosition(line: lineIndex, offset: 0), range.upper)
        }
        let inserted = replace(range, with: insertion, into: &edits)
        if var caret = caretAfterInsertion {
            caret.offset = min(caret.offset, document.length(ofLine: caret.line))
            selection = Selection(caret: caret)
        } else {
            selection = Selection(caret: inserted.upper)
        }
        return commit(edits, kind: .typing, before: before, now: now)
    }

    /// The block-quote prefix of a markdown line (`> `, `>> `, `  > > `), if it is a quote.
    static func quotePrefix(of line: String) -> String? {
        let bytes = Array(line.utf8)
        var index = 0
        while index < bytes.count && index < 3 && bytes[index] == 0x20 { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { return nil }
        while index < bytes.count && (bytes[index] == UInt8(ascii: ">") || bytes[index] == 0x20) { index += 1 }
        return String(decoding: bytes[..<index], as: UTF8.self)
    }

    /// The lines a line-wise command acts on: the cursor line or every line the selection touches.
    var selectedLines: ClosedRange<Int> {
        let range = selection.range
        var last = range.upper.line
        if last > range.lower.line && range.upper.offset == 0 { last -= 1 }
        return range.lower.line...last
    }

    /// Tab: indents the selected lines, or inserts an indent step at the cursor.
    mutating func indent(now: Date) -> EditorResult {
        history.seal()
        guard !selection.isEmpty else {
            if indentUnit == "\t" { return insertText("\t", kind: .other, now: now) }
            let column = cursorLineColumn.column - 1
            let width = indentUnit.count
            return insertText(String(repeating: " ", count: width - column % width), kind: .other, now: now)
        }
        let before = selection
        var edits: [Edit] = []
        let unitLength = indentUnit.utf8.count
        var anchor = selection.anchor
        var head = selection.head
        for line in selectedLines where document.length(ofLine: line) > 0 {
            replace(TextRange(at: TextPosition(line: line, offset: 0)), with: indentUnit, into: &edits)
            if anchor.line == line && anchor.offset > 0 { anchor.offset += unitLength }
            if head.line == line && head.offset > 0 { head.offset += unitLength }
        }
        selection = Selection(anchor: anchor, head: head)
        return commit(edits, kind: .other, before: before, now: now)
    }

    /// Shift-Tab: removes one indent step from the current or selected lines.
    mutating func outdent(now: Date) -> EditorResult {
        history.seal()
        let before = selection
        var edits: [Edit] = []
        var anchor = selection.anchor
        var head = selection.head
        for line in selectedLines {
            let text = document.lines[line]
            var remove = 0
            if text.hasPrefix("\t") {
                remove = 1
            } else {
                remove = min(text.utf8.prefix { $0 == 0x20 }.count, max(indentUnit == "\t" ? tabWidth : indentUnit.count, 1))
            }
            guard remove > 0 else { continue }
            replace(TextRange(TextPosition(line: line, offset: 0), TextPosition(line: line, offset: remove)), with: "", into: &edits)
            if anchor.line == line { anchor.offset = max(0, anchor.offset - remove) }
            if head.line == line { head.offset = max(0, head.offset - remove) }
        }
        selection = Selection(anchor: anchor, head: head)
        return commit(edits, kind: .other, before: before, now: now)
    }

    /// The range of whole lines under the cursor (including the line break) for line-wise cut/copy.
    var currentLineRange: TextRange {
        let line = cursor.line
        if line + 1 < document.lineCount {
            return TextRange(TextPosition(line: line, offset: 0), TextPosition(line: line + 1, offset: 0))
        }
        if line > 0 {
            return TextRange(TextPosition(line: line - 1, offset: document.length(ofLine: line - 1)), document.end)
        }
        return TextRange(.zero, document.end)
    }

    /// Copies the selection (or the current line, line-wise) into the register and returns the text.
    mutating func copyToRegister() -> String {
        if selection.isEmpty {
            let text = document.lines[cursor.line] + "\n"
            register = Register(text: text, linewise: true)
            return text
        }
        let text = selectedText
        register = Register(text: text, linewise: false)
        return text
    }

    /// Cuts the selection (or the current line) into the register.
    mutating func cut(now: Date) -> EditorResult {
        history.seal()
        let copied = copyToRegister()
        let before = selection
        let range = selection.isEmpty ? currentLineRange : selection.range
        var edits: [Edit] = []
        replace(range, with: "", into: &edits)
        let caretLine = min(before.head.line, document.lineCount - 1)
        selection = Selection(caret: before.isEmpty
            ? TextPosition(line: caretLine, offset: document.firstNonBlank(ofLine: caretLine))
            : range.lower)
        var result = commit(edits, kind: .other, before: before, now: now)
        history.seal()
        result.copied = copied
        return result
    }

    /// Selects whole lines; when the selection already is whole lines, extends it by one more line.
    mutating func selectLine() {
        let range = selection.range
        let aligned = !selection.isEmpty && range.lower.offset == 0 && selection.head == range.upper
            && (range.upper.offset == 0 || range.upper == document.end)
        let nextLine = aligned ? range.upper.line + 1 : selectedLines.upperBound + 1
        let head = nextLine < document.lineCount ? TextPosition(line: nextLine, offset: 0) : document.end
        selection = Selection(anchor: TextPosition(line: range.lower.line, offset: 0), head: head)
        preferredColumn = nil
    }

    /// Cycles the task box on the cursor line: `[ ]` → `[~]` → `[x]` → `[ ]`.
    mutating func toggleTask(now: Date) -> EditorResult {
        history.seal()
        let lineText = document.lines[cursor.line]
        guard let item = MarkdownListItem(line: lineText), let box = item.taskBoxOffset else {
            return EditorResult(message: "Not a task item")
        }
        let next: String
        switch item.taskMark {
        case " ": next = "~"
        case "~": next = "x"
        default: next = " "
        }
        let before = selection
        var edits: [Edit] = []
        let markRange = TextRange(TextPosition(line: cursor.line, offset: box + 1), TextPosition(line: cursor.line, offset: box + 2))
        replace(markRange, with: next, into: &edits)
        return commit(edits, kind: .other, before: before, now: now)
    }
}
