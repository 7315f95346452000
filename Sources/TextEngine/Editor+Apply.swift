import Foundation

extension Editor {
    /// Performs one command at the injected time `now` (used to group typing into undo steps).
    @discardableResult
    public mutating func apply(_ command: EditorCommand, now: Date) -> EditorResult {
        var result = EditorResult()
        switch command {
        case .insert(let text):
            result = insertText(Editor.normalizeLineBreaks(text), kind: .typing, now: now)
        case .paste(let text):
            result = paste(text.map(Editor.normalizeLineBreaks), now: now)
        case .newline:
            result = newline(now: now)
        case .indent:
            result = indent(now: now)
        case .outdent:
            result = outdent(now: now)
        case .deleteBackward:
            result = deleteBackward(now: now)
        case .deleteForward:
            result = deleteTo(selection.isEmpty ? document.position(after: cursor) : cursor, kind: .deleteForward, now: now)
        case .deleteWordBackward:
            result = deleteTo(selection.isEmpty ? document.wordStart(before: cursor) : cursor, kind: .deleteBackward, now: now)
        case .deleteWordForward:
            result = deleteTo(selection.isEmpty ? document.wordEnd(after: cursor) : cursor, kind: .deleteForward, now: now)
        case .move(let motion, let extend):
            history.seal()
            move(motion, extend: extend)
            // Page keys scroll the view with the cursor, so the cursor keeps its place on screen.
            if case .pageDown(let count) = motion { top = advance(top, by: max(count, 1)).top }
            if case .pageUp(let count) = motion { top = advance(top, by: -max(count, 1)).top }
        case .selectAll:
            history.seal()
            selection = Selection(anchor: .zero, head: document.end)
            preferredColumn = nil
        case .selectWord:
            history.seal()
            let range = document.wordRange(at: cursor)
            selection = Selection(anchor: range.lower, head: range.upper)
            preferredColumn = nil
        case .selectLine:
            history.seal()
            selectLine()
        case .cut:
            result = cut(now: now)
        case .copy:
            history.seal()
            result.copied = copyToRegister()
        case .undo:
            result = undo()
        case .redo:
            result = redo()
        case .earlier:
            result = travel(by: -1)
        case .later:
            result = travel(by: 1)
        case .breakUndoGroup:
            history.seal()
        case .find(let query):
            history.seal()
            search = query
            result = find(forward: true, from: selection.range.lower, skipCurrent: false)
        case .findNext:
            history.seal()
            result = find(forward: true, from: cursor, skipCurrent: true)
        case .findPrevious:
            history.seal()
            result = find(forward: false, from: selection.range.lower, skipCurrent: true)
        case .replace(let replacement):
            result = replaceCurrent(with: Editor.normalizeLineBreaks(replacement), now: now)
        case .replaceAll(let replacement):
            result = replaceAll(with: Editor.normalizeLineBreaks(replacement), now: now)
        case .goToLine(let number):
            history.seal()
            let line = max(0, min(number - 1, document.lineCount - 1))
            selection = Selection(caret: TextPosition(line: line, offset: document.firstNonBlank(ofLine: line)))
            preferredColumn = nil
        case .toggleTask:
            result = toggleTask(now: now)
        case .moveLinesUp:
            result = moveLines(by: -1, now: now)
        case .moveLinesDown:
            result = moveLines(by: 1, now: now)
        case .duplicateLines:
            result = duplicateLines(now: now)
        case .toggleComment:
            result = toggleComment(now: now)
        case .click(let row, let column, let extend):
            history.seal()
            let position = position(atViewportRow: row, column: column)
            selection = Selection(anchor: extend ? selection.anchor : position, head: position)
            preferredColumn = nil
        case .scroll(let rows):
            scroll(by: rows)
            return result
        }
        // An edit can move cluster boundaries elsewhere in its line (a regional indicator re-pairs the flags
        // after it): keep both selection ends on boundaries.
        let snapped = Selection(anchor: document.snap(selection.anchor), head: document.snap(selection.head))
        if snapped != selection { selection = snapped }
        scrollToCursor()
        return result
    }

    /// Converts `\r\n` and lone `\r` to `\n` (terminals send `\r` for Enter inside a bracketed paste).
    static func normalizeLineBreaks(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0D {
                bytes.append(0x0A)
                previousCR = true
            } else {
                if !(byte == 0x0A && previousCR) { bytes.append(byte) }
                previousCR = false
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Replaces a range, records the edit in `edits` and invalidates cached syntax states.
    @discardableResult
    mutating func replace(_ range: TextRange, with text: String, into edits: inout [Edit]) -> TextRange {
        let removed = document.text(in: range)
        if removed.isEmpty && text.isEmpty { return range }
        let edit = Edit(range: range, inserted: text, removed: removed)
        let inserted = document.apply(edit)
        edits.append(edit)
        invalidateSyntax(fromLine: range.lower.line)
        return inserted
    }

    /// Records edits as an undo step (or merges them into the current one) and reports the change.
    mutating func commit(_ edits: [Edit], kind: EditKind, before: Selection, now: Date, message: String? = nil) -> EditorResult {
        selection = Selection(anchor: snapUp(selection.anchor), head: snapUp(selection.head))
        preferredColumn = nil
        history.record(edits, kind: kind, before: before, after: selection, at: now)
        return EditorResult(textChanged: !edits.isEmpty, message: message)
    }

    /// The position rounded up to the next grapheme boundary (after an edit merged clusters around it).
    func snapUp(_ position: TextPosition) -> TextPosition {
        let clamped = document.clampRaw(position)
        let down = document.snap(clamped)
        return down == clamped ? clamped : document.position(after: down)
    }

    /// Forgets syntax states from a line on (they are recomputed lazily for the visible lines).
    mutating func invalidateSyntax(fromLine line: Int) {
        syntaxValid = min(syntaxValid, line + 1)
    }

    /// Undoes the last step and restores the selection it had.
    mutating func undo() -> EditorResult {
        guard let step = history.popUndo() else { return EditorResult(message: "Nothing to undo") }
        for edit in step.edits.reversed() {
            document.apply(edit.inverse)
            invalidateSyntax(fromLine: edit.range.lower.line)
        }
        selection = Selection(anchor: document.snap(step.selectionBefore.anchor), head: document.snap(step.selectionBefore.head))
        preferredColumn = nil
        return EditorResult(textChanged: true)
    }

    /// Moves one revision back (`delta` -1) or forward (+1) in creation order, across undo branches.
    mutating func travel(by delta: Int) -> EditorResult {
        let target = history.current + delta
        guard target >= 0 && target < history.revisions.count else {
            return EditorResult(message: delta < 0 ? "At the oldest change" : "At the newest change")
        }
        let (undoSteps, redoSteps) = history.travel(to: target)
        var restored = selection
        for step in undoSteps {
            for edit in step.edits.reversed() {
                document.apply(edit.inverse)
                invalidateSyntax(fromLine: edit.range.lower.line)
            }
            restored = step.selectionBefore
        }
        for step in redoSteps {
            for edit in step.edits {
                document.apply(edit)
                invalidateSyntax(fromLine: edit.range.lower.line)
            }
            restored = step.selectionAfter
        }
        selection = Selection(anchor: document.snap(restored.anchor), head: document.snap(restored.head))
        preferredColumn = nil
        return EditorResult(textChanged: true)
    }

    /// Redoes the last undone step and restores the selection after it.
    mutating func redo() -> EditorResult {
        guard let step = history.popRedo() else { return EditorResult(message: "Nothing to redo") }
        for edit in step.edits {
            document.apply(edit)
            invalidateSyntax(fromLine: edit.range.lower.line)
        }
        selection = Selection(anchor: document.snap(step.selectionAfter.anchor), head: document.snap(step.selectionAfter.head))
        preferredColumn = nil
        return EditorResult(textChanged: true)
    }
}
