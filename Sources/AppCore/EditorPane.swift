import Foundation
import Notebook
import TextEngine

/// The open snippet: its document, the TextEngine editor, the vim mode, and save bookkeeping.
///
/// Mutate it in place through optional chaining (`s.editor?.apply(…)`) — holding a copy while editing makes
/// TextEngine copy the whole line array on the next edit.
public struct EditorPane: Sendable {
    /// The snippet (its `body` is the text as loaded; `text` is the live text).
    public var doc: SnippetDoc
    /// The TextEngine editor: text, cursor, selection, undo, search, viewport.
    public var editor: Editor
    /// True in a modal keymap's Normal mode (keys run commands instead of typing).
    public var normalMode: Bool
    /// True in Normal mode after `v`: motions extend the selection.
    public var selecting = false
    /// Counts text changes; a save carries the generation it saved.
    public private(set) var generation = 0
    /// The last find pattern (prefills the find prompt).
    public var lastFind = ""

    /// Opens a snippet; markdown wraps softly, code shows line numbers and scrolls sideways.
    public init(doc: SnippetDoc, modal: Bool) {
        self.doc = doc
        editor = Editor(text: doc.body, kind: doc.kind == .code ? .code : .markdown, language: doc.language)
        editor.softWrap = doc.kind == .markdown
        normalMode = modal
    }

    /// The live text.
    public var text: String { editor.text }

    /// True when the text differs from the last save.
    public var isDirty: Bool { editor.isDirty }

    /// Width of the line-number gutter (code only), including one space.
    public var gutterWidth: Int {
        guard doc.kind == .code else { return 0 }
        return max(3, String(editor.lineCount).count) + 1
    }

    /// Set when the stored text changed elsewhere (its content hash): autosave stops until the user saves (Ctrl-S
    /// keeps this text, the other stays in history) or reloads.
    public var conflict: String?

    /// What the next save records as the revision's origin: `.editor` for typing; a restore from history or an
    /// accepted assistant proposal sets its own until that text is saved.
    public var saveOrigin: RevisionOrigin = .editor

    /// Records that the text of `generation` was saved as `hash`; later edits stay dirty.
    public mutating func markSaved(generation saved: Int, hash: String) {
        doc.contentHash = hash
        conflict = nil
        saveOrigin = .editor
        if saved == generation { editor.markSaved() }
    }

    /// Applies an editor command; returns what it did.
    @discardableResult
    public mutating func apply(_ command: EditorCommand, now: Date) -> EditorResult {
        let r = editor.apply(command, now: now)
        if r.textChanged { generation += 1 }
        return r
    }

    /// Types or pastes text as one undoable edit.
    public mutating func insert(_ text: String, now: Date = Date(timeIntervalSince1970: 0), paste: Bool = false) {
        apply(paste ? .paste(text) : .insert(text), now: now)
    }

    /// Replaces the whole text (e.g. from `$EDITOR`) as one undoable edit.
    public mutating func replaceAll(with text: String, now: Date = Date(timeIntervalSince1970: 0)) {
        guard text != editor.text else { return }
        apply(.selectAll, now: now)
        apply(.paste(text), now: now)
        apply(.move(.documentStart, extend: false), now: now)
    }

    /// Puts the cursor on the first match of any of the terms (search hit), selecting it.
    public mutating func placeCursor(atFirstOf terms: [String]) {
        for t in terms where !t.isEmpty {
            if case .found? = apply(.find(SearchQuery(t, caseMode: .insensitive)), now: Date(timeIntervalSince1970: 0)).search {
                lastFind = t
                return
            }
        }
    }

    /// Sizes the viewport to the pane's text area and scrolls the cursor into view.
    public mutating func ensureCursorVisible(width: Int, height: Int) {
        let w = max(3, width - gutterWidth), h = max(1, height)
        if editor.viewport.width != w || editor.viewport.height != h { editor.setViewport(width: w, height: h) }
    }
}
