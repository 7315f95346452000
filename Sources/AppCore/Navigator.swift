import Notebook
/// One visible navigator row.
public struct NavRow: Hashable, Sendable {
    /// What it points at.
    public var ref: NodeRef
    /// 0 project, 1 notebook, 2 snippet.
    public var depth: Int
    /// Title shown.
    public var title: String
    /// Count shown after the title (notebooks in a project show snippets; nil for snippets).
    public var count: Int?
    /// Whether it is expanded (projects and notebooks).
    public var expanded: Bool
    /// For snippets: code or markdown.
    public var kind: SnippetKind?
    /// For snippets: the study status (nil for a plain note).
    public var status: StudyStatus? = nil
    /// For projects and notebooks: their study items by status (shown as a percentage and a bar when there are any).
    public var tally: TaskTally? = nil
}

/// The navigator: the tree, what is expanded, the selected row and the scroll offset.
///
/// The visible rows are rebuilt only when the tree or the expansion changes, never per keystroke,
/// so 10k snippets cost nothing while typing in the editor.
public struct NavigatorState: Equatable, Sendable {
    /// The tree.
    public private(set) var outline: Outline
    /// Expanded projects and notebooks.
    public private(set) var expanded: Set<NodeRef>
    /// Visible rows, top to bottom.
    public private(set) var rows: [NavRow]
    /// Selected row index.
    public var selected: Int
    /// First visible row.
    public var scroll: Int

    /// Creates a navigator with every project expanded.
    public init(outline: Outline = Outline()) {
        self.outline = outline
        expanded = Set(outline.projects.map { NodeRef.project($0.id) })
        rows = []
        selected = 0
        scroll = 0
        rebuild()
    }

    /// The selected row, if any.
    public var selectedRow: NavRow? { rows.indices.contains(selected) ? rows[selected] : nil }

    /// Replaces the tree, keeping the selection on the same node when it still exists.
    public mutating func replace(outline new: Outline, select: NodeRef? = nil) {
        let keep = select ?? selectedRow?.ref
        let known = Set(outline.projects.map(\.id))
        outline = new
        // New projects start expanded.
        for p in new.projects where !known.contains(p.id) { expanded.insert(.project(p.id)) }
        if let keep { reveal(keep) }
        rebuild()
        if let keep, let i = rows.firstIndex(where: { $0.ref == keep }) { selected = i }
        selected = min(max(0, selected), max(0, rows.count - 1))
    }

    /// Expands the ancestors of a node so it becomes visible.
    public mutating func reveal(_ ref: NodeRef) {
        switch ref {
        case .project: break
        case .notebook(let id):
            if let p = outline.project(ofNotebook: id) { expanded.insert(.project(p.id)) }
        case .snippet(let id):
            if let loc = outline.location(ofSnippet: id) {
                expanded.insert(.project(loc.project.id))
                expanded.insert(.notebook(loc.notebook.id))
            }
        }
    }

    /// Selects a node (revealing it).
    public mutating func select(_ ref: NodeRef) {
        reveal(ref)
        rebuild()
        if let i = rows.firstIndex(where: { $0.ref == ref }) { selected = i }
    }

    /// Expands or collapses a project or notebook.
    public mutating func setExpanded(_ ref: NodeRef, _ on: Bool) {
        if case .snippet = ref { return }
        if on { expanded.insert(ref) } else { expanded.remove(ref) }
        let current = selectedRow?.ref
        rebuild()
        if let current, let i = rows.firstIndex(where: { $0.ref == current }) { selected = i }
    }

    /// Changes one snippet's status (and tags) in the tree and the rows, keeping the selection.
    public mutating func update(snippet id: String, status: StudyStatus?, tags: [String]? = nil) {
        outline.update(snippet: id, status: status, tags: tags)
        rebuild()
    }

    /// Moves the selection by `delta` rows, clamped.
    public mutating func move(by delta: Int) {
        guard !rows.isEmpty else { return }
        selected = min(max(0, selected + delta), rows.count - 1)
    }

    /// Keeps the selected row inside a window of `height` rows.
    public mutating func scrollToSelection(height: Int) {
        guard height > 0 else { return }
        if selected < scroll { scroll = selected }
        if selected >= scroll + height { scroll = selected - height + 1 }
        scroll = max(0, min(scroll, max(0, rows.count - height)))
    }

    /// The notebook a new snippet goes into: the selected notebook, or the selected snippet's notebook.
    public var targetNotebook: OutlineNotebook? {
        guard let row = selectedRow else { return nil }
        switch row.ref {
        case .notebook(let id):
            for p in outline.projects { if let n = p.notebooks.first(where: { $0.id == id }) { return n } }
            return nil
        case .snippet(let id): return outline.location(ofSnippet: id)?.notebook
        case .project(let id): return outline.projects.first { $0.id == id }?.notebooks.first
        }
    }

    /// The project a new notebook goes into.
    public var targetProject: OutlineProject? {
        guard let row = selectedRow else { return outline.projects.first }
        switch row.ref {
        case .project(let id): return outline.projects.first { $0.id == id }
        case .notebook(let id): return outline.project(ofNotebook: id)
        case .snippet(let id): return outline.location(ofSnippet: id)?.project
        }
    }

    /// Rebuilds the visible rows from the tree and the expansion set.
    mutating func rebuild() {
        var out: [NavRow] = []
        out.reserveCapacity(outline.projects.count * 4)
        for p in outline.projects {
            let pRef = NodeRef.project(p.id)
            let pOpen = expanded.contains(pRef)
            out.append(NavRow(ref: pRef, depth: 0, title: p.title, count: p.snippetCount, expanded: pOpen, kind: nil, tally: p.tally))
            guard pOpen else { continue }
            for n in p.notebooks {
                let nRef = NodeRef.notebook(n.id)
                let nOpen = expanded.contains(nRef)
                out.append(NavRow(ref: nRef, depth: 1, title: n.title, count: n.snippets.count, expanded: nOpen, kind: nil, tally: n.tally))
                guard nOpen else { continue }
                for s in n.snippets {
                    out.append(NavRow(ref: .snippet(s.id), depth: 2, title: s.title, count: nil, expanded: false, kind: s.kind, status: s.status))
                }
            }
        }
        rows = out
    }
}
