import Foundation

/// Edits made in two places at once (the app and `recall edit`, or two apps): nothing is overwritten silently.
extension App {
    /// A save found the stored text changed underneath. The store kept the editor's text as a conflict revision and
    /// left the other text in place; the editor keeps the user's text and stops autosaving until the user chooses.
    static func saveConflict(_ s: inout AppState, id: String, generation: Int, current: SnippetDoc) -> [AppEffect] {
        guard s.editor?.doc.id == id else { return [] }
        s.editor?.conflict = current.contentHash
        if s.editor?.generation == generation { s.editor?.editor.markSaved() }
        let title = current.title
        return flash(&s, "“\(title)” changed in another process — both versions are kept (yours as a conflict revision, see `recall history`); Ctrl-S saves yours over it, “Reload snippet” takes theirs", error: true)
    }

    /// The open snippet changed in another process: reload it when nothing is unsaved, else warn.
    static func changedElsewhere(_ s: inout AppState, _ doc: SnippetDoc) -> [AppEffect] {
        guard let open = s.editor, open.doc.id == doc.id, open.doc.contentHash != doc.contentHash, open.conflict != doc.contentHash else { return [] }
        if !open.isDirty {
            reload(&s, doc)
            return flash(&s, "Reloaded “\(doc.title)”: it changed in another process")
        }
        s.editor?.conflict = doc.contentHash
        return flash(&s, "“\(doc.title)” changed in another process while you edit — Ctrl-S saves yours (theirs stays in history), “Reload snippet” takes theirs", error: true)
    }

    /// Replaces the editor's document with the stored one, keeping the cursor's line where it can.
    static func reload(_ s: inout AppState, _ doc: SnippetDoc) {
        let line = s.editor?.editor.cursorLineColumn.line ?? 1
        var e = EditorPane(doc: doc, modal: s.keymap.modal)
        e.apply(.goToLine(line), now: s.now)
        s.editor = e
        clampScrolls(&s)
    }

    /// “Reload snippet”: takes the stored text. Unsaved edits are dropped only when they are already kept (a conflict
    /// revision holds them); otherwise the user is asked to save or undo first, so nothing is lost.
    static func editorReload(_ s: inout AppState) -> [AppEffect] {
        guard let e = s.editor else { return noSnippet(&s) }
        if e.isDirty && e.conflict == nil {
            return flash(&s, "Unsaved changes — save them (Ctrl-S) or undo them before reloading", error: true)
        }
        return [.store(.openSnippet(id: e.doc.id, focusTerms: []))]
    }
}
