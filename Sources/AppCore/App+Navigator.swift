import TUI

extension App {
    static func runNavigator(_ s: inout AppState, _ name: String) -> [AppEffect] {
        let page = max(1, Layout.of(s).navigator.height - 2)
        let row = s.navigator.selectedRow
        switch name {
        case "nav.up": s.navigator.move(by: -1)
        case "nav.down": s.navigator.move(by: 1)
        case "nav.page-up": s.navigator.move(by: -page)
        case "nav.page-down": s.navigator.move(by: page)
        case "nav.top": s.navigator.move(by: -s.navigator.rows.count)
        case "nav.bottom": s.navigator.move(by: s.navigator.rows.count)
        case "nav.expand":
            guard let row else { break }
            if case .snippet(let id) = row.ref { return openSnippet(&s, id: id, focusTerms: []) }
            if row.expanded { s.navigator.move(by: 1) } else { s.navigator.setExpanded(row.ref, true) }
        case "nav.collapse":
            guard let row else { break }
            if row.depth > 0 && (!row.expanded || row.depth == 2) {
                // Go to the parent row.
                var i = s.navigator.selected
                while i > 0, s.navigator.rows[i].depth >= row.depth { i -= 1 }
                s.navigator.selected = i
            } else {
                s.navigator.setExpanded(row.ref, false)
            }
        case "nav.toggle":
            guard let row else { break }
            if case .snippet(let id) = row.ref { return openSnippet(&s, id: id, focusTerms: []) }
            s.navigator.setExpanded(row.ref, !row.expanded)
        case "nav.open":
            guard let row else { break }
            if case .snippet(let id) = row.ref { return openSnippet(&s, id: id, focusTerms: []) }
            s.navigator.setExpanded(row.ref, !row.expanded)
        case "nav.new-project":
            s.overlay = .prompt(PromptOverlay(title: "New project title", input: LineInput(), purpose: .newProject))
        case "nav.new-notebook":
            guard let p = s.navigator.targetProject else { return flash(&s, "Create a project first (P)", error: true) }
            s.overlay = .prompt(PromptOverlay(title: "New notebook in “\(p.title)”", input: LineInput(), purpose: .newNotebook(projectId: p.id)))
        case "nav.new-snippet":
            guard let n = s.navigator.targetNotebook else {
                return flash(&s, s.navigator.outline.projects.isEmpty ? "Create a project first (P), then a notebook (N)" : "Create a notebook first (N)", error: true)
            }
            s.overlay = .prompt(PromptOverlay(title: "New snippet in “\(n.title)”", input: LineInput(), purpose: .newSnippet(notebookId: n.id)))
        case "nav.rename":
            guard let row else { break }
            s.overlay = .prompt(PromptOverlay(title: "Rename \(row.ref.kindName)", input: LineInput(row.title), purpose: .rename(row.ref)))
        case "nav.move":
            guard let row, case .snippet(let id) = row.ref else { return flash(&s, "Select a snippet to move it", error: true) }
            var items: [PickerItem] = []
            for p in s.navigator.outline.projects {
                for n in p.notebooks { items.append(PickerItem(label: "\(p.title) ▸ \(n.title)", value: n.id)) }
            }
            s.overlay = .picker(PickerOverlay(title: "Move “\(row.title)” to", items: items, input: LineInput(), selected: 0, purpose: .moveSnippet(id: id)))
        case "nav.delete":
            guard let row else { break }
            let extra: String
            switch row.ref {
            case .snippet: extra = ""
            case .notebook: extra = " and its \(row.count ?? 0) snippets"
            case .project: extra = " and everything in it"
            }
            s.overlay = .confirm(ConfirmOverlay(question: "Move \(row.ref.kindName) “\(row.title)”\(extra) to the trash? (y/n)", action: .trash(row.ref)))
        case "nav.undo-delete":
            guard let last = s.trashed.popLast() else { return flash(&s, "Nothing to undo") }
            return [.restore(last.ref)]
        default:
            return flash(&s, "Unknown command “\(name)”", error: true)
        }
        clampScrolls(&s)
        return []
    }
}
