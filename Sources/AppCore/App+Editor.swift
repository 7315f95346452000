import Foundation
import TUI
import TextEngine

/// The editor's command handlers (declared in `Commands.editor`). The open snippet is changed in place through
/// `s.editor?.…` (optional chaining mutates without copying the document).
extension App {
    /// Flash shown when an editor command runs with no snippet open.
    static func noSnippet(_ s: inout AppState) -> [AppEffect] {
        flash(&s, "No snippet open — pick one in the navigator and press Enter")
    }

    /// Applies `first` (if any), then the command `make` builds from the selecting flag and the page height; turns the result
    /// into effects (clipboard, autosave, message).
    static func editorApply(_ s: inout AppState, first: EditorCommand? = nil,
                            _ make: (_ selecting: Bool, _ page: Int) -> EditorCommand) -> [AppEffect] {
        // Read fields only: holding a copy of the pane while editing would copy the whole document.
        guard let height = s.editor?.editor.viewport.height, let selecting = s.editor?.selecting else { return noSnippet(&s) }
        if let first { s.editor?.apply(first, now: s.now) }
        let command = make(selecting, max(1, height - 1))
        guard let result = s.editor?.apply(command, now: s.now) else { return [] }
        clampScrolls(&s)
        var fx: [AppEffect] = []
        if let copied = result.copied {
            s.register = copied
            fx.append(.ui(.copyToClipboard(copied)))
        }
        if result.textChanged { fx += edited(&s) }
        if let m = result.message { fx += flash(&s, m) }
        return fx
    }

    /// Ctrl-S: saves now, or says it is saved already.
    static func editorSave(_ s: inout AppState) -> [AppEffect] {
        guard s.editor != nil else { return noSnippet(&s) }
        let fx = saveIfDirty(&s, explicit: true)
        return fx.isEmpty ? flash(&s, "Already saved") : fx
    }

    /// Opens the find, replace or go-to-line prompt.
    static func editorPrompt(_ s: inout AppState, _ purpose: PromptPurpose) -> [AppEffect] {
        guard let e = s.editor else { return noSnippet(&s) }
        switch purpose {
        case .find: s.overlay = .prompt(PromptOverlay(title: "Find in snippet", input: LineInput(e.lastFind), purpose: .find))
        case .replaceFind: s.overlay = .prompt(PromptOverlay(title: "Replace — find", input: LineInput(e.lastFind), purpose: .replaceFind))
        default: s.overlay = .prompt(PromptOverlay(title: "Go to line (1–\(e.editor.lineCount))", input: LineInput(), purpose: .gotoLine))
        }
        return []
    }

    /// Hands the snippet to `$EDITOR`.
    static func editorExternal(_ s: inout AppState) -> [AppEffect] {
        guard let e = s.editor else { return noSnippet(&s) }
        let ext = e.doc.kind == .code ? (e.doc.language ?? "txt") : "md"
        return [.ui(.externalEdit(snippetId: e.doc.id, text: e.text, fileExtension: ext))]
    }

    /// Vim's `v`: starts or stops extending the selection; stopping collapses it onto the cursor.
    static func editorToggleSelecting(_ s: inout AppState) -> [AppEffect] {
        guard s.editor != nil else { return noSnippet(&s) }
        s.editor?.selecting.toggle()
        if s.editor?.selecting == false, let cursor = s.editor?.editor.cursor { s.editor?.editor.select(Selection(caret: cursor)) }
        return []
    }

    /// Vim's i / a / A / I / o / O: applies the commands, then types (Insert mode).
    static func editorInsertMode(_ s: inout AppState, _ commands: [EditorCommand], edits: Bool) -> [AppEffect] {
        guard s.editor != nil else { return noSnippet(&s) }
        for c in commands { s.editor?.apply(c, now: s.now) }
        s.editor?.normalMode = false
        s.editor?.selecting = false
        clampScrolls(&s)
        return edits ? edited(&s) : []
    }

    /// Esc in a modal keymap: back to Normal mode.
    static func editorNormalMode(_ s: inout AppState) -> [AppEffect] {
        guard s.keymap.modal, s.editor != nil else { return [] }
        s.editor?.normalMode = true
        s.editor?.selecting = false
        return []
    }

    /// Finishes a find / replace / go-to-line prompt.
    static func acceptEditorPrompt(_ s: inout AppState, _ purpose: PromptPurpose, text: String) -> [AppEffect] {
        guard s.editor != nil else { return [] }
        var fx: [AppEffect] = []
        switch purpose {
        case .gotoLine:
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)) else { return flash(&s, "Type a line number", error: true) }
            s.editor?.apply(.goToLine(n), now: s.now)
        case .find:
            guard !text.isEmpty else { return [] }
            s.editor?.lastFind = text
            if let m = s.editor?.apply(.find(SearchQuery(text)), now: s.now).message { fx += flash(&s, m) }
        case .replaceFind:
            guard !text.isEmpty else { return [] }
            s.editor?.lastFind = text
            s.overlay = .prompt(PromptOverlay(title: "Replace “\(text)” with", input: LineInput(), purpose: .replaceWith(find: text)))
            return []
        case .replaceWith(let find):
            s.editor?.apply(.find(SearchQuery(find)), now: s.now)
            guard let r = s.editor?.apply(.replaceAll(with: text), now: s.now) else { return [] }
            if r.textChanged { fx += edited(&s) }
            switch r.search {
            case .replaced(let n)?: fx += flash(&s, "Replaced \(n)")
            default: fx += flash(&s, "No match for “\(find)”")
            }
        default:
            return []
        }
        clampScrolls(&s)
        return fx
    }
}
