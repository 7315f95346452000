import Foundation
import TUI

/// The navigator's command handlers (declared in `Commands.navigator`).
extension App {
    /// Rows in a navigator page.
    static func navigatorPage(_ s: AppState) -> Int { max(1, Layout.of(s).navigator.height - 2) }

    /// Moves the selection by `delta` rows.
    static func navigatorMove(_ s: inout AppState, by delta: Int) -> [AppEffect] {
        s.navigator.move(by: delta)
        clampScrolls(&s)
        return []
    }

    /// Opens a snippet row, or expands (then enters) a project or notebook row.
    static func navigatorExpand(_ s: inout AppState) -> [AppEffect] {
        guard let row = s.navigator.selectedRow else { return [] }
        if case .snippet(let id) = row.ref { return openSnippet(&s, id: id, focusTerms: []) }
        if row.expanded { s.navigator.move(by: 1) } else { s.navigator.setExpanded(row.ref, true) }
        clampScrolls(&s)
        return []
    }

    /// Goes to the parent row, or collapses an expanded row.
    static func navigatorCollapse(_ s: inout AppState) -> [AppEffect] {
        guard let row = s.navigator.selectedRow else { return [] }
        if row.depth > 0 && (!row.expanded || row.depth == 2) {
            var i = s.navigator.selected
            while i > 0, s.navigator.rows[i].depth >= row.depth { i -= 1 }
            s.navigator.selected = i
        } else {
            s.navigator.setExpanded(row.ref, false)
        }
        clampScrolls(&s)
        return []
    }

    /// Opens a snippet row, or toggles a project or notebook row.
    static func navigatorOpen(_ s: inout AppState) -> [AppEffect] {
        guard let row = s.navigator.selectedRow else { return [] }
        if case .snippet(let id) = row.ref { return openSnippet(&s, id: id, focusTerms: []) }
        s.navigator.setExpanded(row.ref, !row.expanded)
        clampScrolls(&s)
        return []
    }

    /// Asks for a new project's title.
    static func navigatorNewProject(_ s: inout AppState) -> [AppEffect] {
        s.overlay = .prompt(PromptOverlay(title: "New project title", input: LineInput(), purpose: .newProject))
        return []
    }

    /// Asks for a new notebook's title (in the selected project).
    static func navigatorNewNotebook(_ s: inout AppState) -> [AppEffect] {
        guard let p = s.navigator.targetProject else { return flash(&s, "Create a project first (P)", error: true) }
        s.overlay = .prompt(PromptOverlay(title: "New notebook in “\(p.title)”", input: LineInput(), purpose: .newNotebook(projectId: p.id)))
        return []
    }

    /// Asks for a new snippet's title (in the selected notebook).
    static func navigatorNewSnippet(_ s: inout AppState) -> [AppEffect] {
        guard let n = s.navigator.targetNotebook else {
            return flash(&s, s.navigator.outline.projects.isEmpty ? "Create a project first (P), then a notebook (N)" : "Create a notebook first (N)", error: true)
        }
        s.overlay = .prompt(PromptOverlay(title: "New snippet in “\(n.title)”", input: LineInput(), purpose: .newSnippet(notebookId: n.id)))
        return []
    }

    /// Asks for the selected row's new title.
    static func navigatorRename(_ s: inout AppState) -> [AppEffect] {
        guard let row = s.navigator.selectedRow else { return [] }
        s.overlay = .prompt(PromptOverlay(title: "Rename \(row.ref.kindName)", input: LineInput(row.title), purpose: .rename(row.ref)))
        return []
    }

    /// Offers the notebooks the selected snippet can move to.
    static func navigatorMoveSnippet(_ s: inout AppState) -> [AppEffect] {
        guard let row = s.navigator.selectedRow, case .snippet(let id) = row.ref else { return flash(&s, "Select a snippet to move it", error: true) }
        var items: [PickerItem] = []
        for p in s.navigator.outline.projects {
            for n in p.notebooks { items.append(PickerItem(label: "\(p.title) ▸ \(n.title)", value: n.id)) }
        }
        s.overlay = .picker(PickerOverlay(title: "Move “\(row.title)” to", items: items, input: LineInput(), selected: 0, purpose: .moveSnippet(id: id)))
        return []
    }

    /// Asks to confirm moving the selected row to the trash.
    static func navigatorDelete(_ s: inout AppState) -> [AppEffect] {
        guard let row = s.navigator.selectedRow else { return [] }
        let extra: String
        switch row.ref {
        case .snippet: extra = ""
        case .notebook: extra = " and its \(row.count ?? 0) snippets"
        case .project: extra = " and everything in it"
        }
        s.overlay = .confirm(ConfirmOverlay(question: "Move \(row.ref.kindName) “\(row.title)”\(extra) to the trash? (y/n)", action: .trash(row.ref)))
        return []
    }

    /// Brings the last trashed node back.
    static func navigatorUndoDelete(_ s: inout AppState) -> [AppEffect] {
        guard let last = s.trashed.popLast() else { return flash(&s, "Nothing to undo") }
        return [.store(.restore(last.ref))]
    }
}
