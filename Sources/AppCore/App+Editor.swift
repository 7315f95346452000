import Foundation
import TUI
import TextEngine

extension App {
    /// Editor commands by name; motions extend the selection in Normal mode after `v`.
    static func runEditor(_ s: inout AppState, _ name: String) -> [AppEffect] {
        guard s.editor != nil else {
            return flash(&s, "No snippet open — pick one in the navigator and press Enter")
        }
        let page = max(1, s.editor!.editor.viewport.height - 1)
        let extend = s.editor!.selecting
        var command: EditorCommand?
        switch name {
        case "edit.up": command = .move(.up, extend: extend)
        case "edit.down": command = .move(.down, extend: extend)
        case "edit.left": command = .move(.left, extend: extend)
        case "edit.right": command = .move(.right, extend: extend)
        case "edit.word-left": command = .move(.wordLeft, extend: extend)
        case "edit.word-right": command = .move(.wordRight, extend: extend)
        case "edit.line-start": command = .move(.lineStart, extend: extend)
        case "edit.line-end": command = .move(.lineEnd, extend: extend)
        case "edit.doc-start": command = .move(.documentStart, extend: extend)
        case "edit.doc-end": command = .move(.documentEnd, extend: extend)
        case "edit.page-up": command = .move(.pageUp(page), extend: extend)
        case "edit.page-down": command = .move(.pageDown(page), extend: extend)
        case "edit.select-up": command = .move(.up, extend: true)
        case "edit.select-down": command = .move(.down, extend: true)
        case "edit.select-left": command = .move(.left, extend: true)
        case "edit.select-right": command = .move(.right, extend: true)
        case "edit.select-line-start": command = .move(.lineStart, extend: true)
        case "edit.select-line-end": command = .move(.lineEnd, extend: true)
        case "edit.select-all": command = .selectAll
        case "edit.select-toggle":
            s.editor!.selecting.toggle()
            // Leaving selection mode collapses the selection onto the cursor, where it is.
            if !s.editor!.selecting { s.editor!.editor.select(Selection(caret: s.editor!.editor.cursor)) }
            return []
        case "edit.newline": command = .newline
        case "edit.backspace": command = .deleteBackward
        case "edit.delete": command = .deleteForward
        case "edit.indent": command = .indent
        case "edit.dedent": command = .outdent
        case "edit.copy": command = .copy
        case "edit.cut": command = .cut
        case "edit.paste": command = .paste(s.register.isEmpty ? nil : s.register)
        case "edit.undo": command = .undo
        case "edit.redo": command = .redo
        case "edit.find-next": command = .findNext
        case "edit.find-prev": command = .findPrevious
        case "edit.delete-to-line-end":
            s.editor!.apply(.move(.lineEnd, extend: true), now: s.now)
            command = .deleteForward
        case "edit.save":
            let fx = saveIfDirty(&s)
            return fx.isEmpty ? flash(&s, "Already saved") : fx
        case "edit.find":
            s.overlay = .prompt(PromptOverlay(title: "Find in snippet", input: LineInput(s.editor!.lastFind), purpose: .find))
            return []
        case "edit.replace":
            s.overlay = .prompt(PromptOverlay(title: "Replace — find", input: LineInput(s.editor!.lastFind), purpose: .replaceFind))
            return []
        case "edit.goto-line":
            s.overlay = .prompt(PromptOverlay(title: "Go to line (1–\(s.editor!.editor.lineCount))", input: LineInput(), purpose: .gotoLine))
            return []
        case "edit.external":
            let ext = s.editor!.doc.kind == .code ? (s.editor!.doc.language ?? "txt") : "md"
            return [.externalEdit(snippetId: s.editor!.doc.id, text: s.editor!.text, fileExtension: ext)]
        case "mode.insert":
            s.editor!.normalMode = false
            s.editor!.selecting = false
            return []
        case "mode.normal":
            if s.keymap.modal { s.editor!.normalMode = true; s.editor!.selecting = false }
            return []
        case "mode.append", "mode.append-line-end", "mode.insert-line-start":
            // Vim's a / A / I: move, then type.
            let motion = name == "mode.append" ? EditorCommand.move(.right, extend: false)
                : name == "mode.append-line-end" ? .move(.lineEnd, extend: false) : .move(.lineStart, extend: false)
            s.editor!.apply(motion, now: s.now)
            s.editor!.normalMode = false
            clampScrolls(&s)
            return []
        case "edit.open-below":
            s.editor!.apply(.move(.lineEnd, extend: false), now: s.now)
            s.editor!.apply(.newline, now: s.now)
            s.editor!.normalMode = false
            clampScrolls(&s)
            return edited(&s)
        case "edit.open-above":
            s.editor!.apply(.move(.lineStart, extend: false), now: s.now)
            s.editor!.apply(.move(.lineStart, extend: false), now: s.now)
            s.editor!.apply(.insert("\n"), now: s.now)
            s.editor!.apply(.move(.up, extend: false), now: s.now)
            s.editor!.normalMode = false
            clampScrolls(&s)
            return edited(&s)
        default:
            return flash(&s, "Unknown editor command “\(name)”", error: true)
        }
        guard let command else { return [] }
        let result = s.editor!.apply(command, now: s.now)
        clampScrolls(&s)
        var fx: [AppEffect] = []
        if let copied = result.copied {
            s.register = copied
            fx.append(.copyToClipboard(copied))
        }
        if result.textChanged { fx += edited(&s) }
        if let m = result.message { fx += flash(&s, m) }
        return fx
    }

    /// Finishes a find / replace / go-to-line prompt.
    static func acceptEditorPrompt(_ s: inout AppState, _ purpose: PromptPurpose, text: String) -> [AppEffect] {
        guard s.editor != nil else { return [] }
        var fx: [AppEffect] = []
        switch purpose {
        case .gotoLine:
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else { return flash(&s, "Type a line number", error: true) }
            s.editor!.apply(.goToLine(n), now: s.now)
        case .find:
            guard !text.isEmpty else { return [] }
            s.editor!.lastFind = text
            if let m = s.editor!.apply(.find(SearchQuery(text)), now: s.now).message { fx += flash(&s, m) }
        case .replaceFind:
            guard !text.isEmpty else { return [] }
            s.editor!.lastFind = text
            s.overlay = .prompt(PromptOverlay(title: "Replace “\(text)” with", input: LineInput(), purpose: .replaceWith(find: text)))
            return []
        case .replaceWith(let find):
            s.editor!.apply(.find(SearchQuery(find)), now: s.now)
            let r = s.editor!.apply(.replaceAll(with: text), now: s.now)
            if r.textChanged { fx += edited(&s) }
            fx += flash(&s, r.message ?? (r.textChanged ? "Replaced" : "No match for “\(find)”"))
        default:
            return []
        }
        clampScrolls(&s)
        return fx
    }
}
