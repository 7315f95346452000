import Foundation
import TextDiff
import TUI

/// The history view: the open snippet's revisions, a diff between any two (or one and the live text), and restore.
extension App {
    /// Opens the history of the open snippet (saving unsaved text first, so it is in the list).
    static func openHistory(_ s: inout AppState) -> [AppEffect] {
        guard let e = s.editor else { return noSnippet(&s) }
        s.overlay = .history(HistoryOverlay(snippetId: e.doc.id, title: e.doc.title))
        return saveIfDirty(&s) + [.store(.loadRevisions(snippetId: e.doc.id))]
    }

    /// History of the navigator's selected snippet: opens it in the editor first (restore edits the editor's text).
    static func navigatorHistory(_ s: inout AppState) -> [AppEffect] {
        guard case .snippet(let id)? = s.navigator.selectedRow?.ref else { return flash(&s, "Select a snippet to see its history") }
        if s.editor?.doc.id == id { return openHistory(&s) }
        s.pendingHistory = id
        return openSnippet(&s, id: id, focusTerms: [])
    }

    /// The revisions arrived: fill the view (if it is still open on that snippet).
    static func historyLoaded(_ s: inout AppState, snippetId: String, _ entries: [RevisionEntry]) -> [AppEffect] {
        guard case .history(var o)? = s.overlay, o.snippetId == snippetId else { return [] }
        o.revisions = entries
        o.selected = min(o.selected, max(0, entries.count - 1))
        s.overlay = .history(o)
        return []
    }

    /// A key in the history view: list moves select (or scroll the diff); accept shows a diff; close steps back.
    static func historyKey(_ s: inout AppState, _ overlay: HistoryOverlay, _ k: KeyEvent) -> [AppEffect] {
        var o = overlay
        switch overlayAction(s, .history(o), k) {
        case .run(let handler)?: return handler(&s)
        case .confirm?, nil: return []
        case .list(let a)?:
            if var d = o.diff {
                let last = max(0, d.rows.count - 1)
                switch a {
                case .up: d.scroll = max(0, d.scroll - 1)
                case .down: d.scroll = min(last, d.scroll + 1)
                case .pageUp: d.scroll = max(0, d.scroll - max(1, s.height - 6))
                case .pageDown: d.scroll = min(last, d.scroll + max(1, s.height - 6))
                case .close, .accept: o.diff = nil; s.overlay = .history(o); return []
                case .cycleRanking: break
                }
                o.diff = d
            } else {
                let last = max(0, (o.revisions?.count ?? 0) - 1)
                switch a {
                case .up: o.selected = max(0, o.selected - 1)
                case .down: o.selected = min(last, o.selected + 1)
                case .pageUp: o.selected = max(0, o.selected - 10)
                case .pageDown: o.selected = min(last, o.selected + 10)
                case .close: s.overlay = nil; return []
                case .accept: o.diff = o.diffForSelection(); let rows = historyDiffRows(o, s); o.diff?.rows = rows
                case .cycleRanking: break
                }
            }
            s.overlay = .history(o)
            return []
        }
    }

    /// Marks the selected revision as one side of the next diff (again: unmarks it).
    static func historyMark(_ s: inout AppState) -> [AppEffect] {
        guard case .history(var o)? = s.overlay, o.diff == nil, let sel = o.selectedEntry else { return [] }
        o.mark = o.mark == sel.id ? nil : sel.id
        s.overlay = .history(o)
        return []
    }

    /// Shows the diff from the selected revision to the editor's live text.
    static func historyDiffCurrent(_ s: inout AppState) -> [AppEffect] {
        guard case .history(var o)? = s.overlay, o.diff == nil else { return [] }
        o.diff = o.diffToCurrent()
        let rows = historyDiffRows(o, s)
        o.diff?.rows = rows
        s.overlay = .history(o)
        return []
    }

    /// Restores the selected revision: its text replaces the editor's as one undoable edit, saved at once as a new
    /// revision marked `restore` (nothing in the history is removed).
    static func historyRestore(_ s: inout AppState) -> [AppEffect] {
        guard case .history(let o)? = s.overlay, let sel = o.selectedEntry ?? o.diff.flatMap({ d in
            if case .revision(let id) = d.to { return o.revisions?.first { $0.id == id } }
            return nil
        }) else { return [] }
        guard let e = s.editor, e.doc.id == o.snippetId else { return flash(&s, "Open the snippet to restore a revision into it", error: true) }
        if e.conflict != nil {
            return flash(&s, "This snippet has a save conflict — save yours (Ctrl-S) or reload theirs before restoring", error: true)
        }
        if e.text == sel.body { return flash(&s, "The text already equals revision #\(sel.id)") }
        s.overlay = nil
        s.editor?.replaceAll(with: sel.body, now: s.now)
        s.editor?.saveOrigin = .restore
        s.focus = .editor
        s.mainPane = .editor
        clampScrolls(&s)
        return saveIfDirty(&s) + flash(&s, "Restored revision #\(sel.id) as a new revision — Ctrl-Z undoes it")
    }

    /// The rows of the open diff (hunk headers and lines), computed from the two texts; stored in the diff when it opens.
    static func historyDiffRows(_ o: HistoryOverlay, _ s: AppState) -> [DiffRow] {
        guard let d = o.diff else { return [] }
        let live = s.editor?.doc.id == o.snippetId ? s.editor?.text ?? "" : ""
        return DiffRow.rows(LineDiff(old: o.text(of: d.from, current: live), new: o.text(of: d.to, current: live)))
    }
}
