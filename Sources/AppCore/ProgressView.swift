import Foundation
import Notebook

/// One study item in the progress view.
public struct ProgressItem: Hashable, Sendable {
    /// Snippet id.
    public var id: String
    /// Snippet title.
    public var title: String
    /// Its status.
    public var status: StudyStatus
    /// Its sub-steps (checkboxes in its text).
    public var steps: StepCount
    /// Cards whose source is this snippet.
    public var cards: Int

    /// An item.
    public init(id: String, title: String, status: StudyStatus, steps: StepCount, cards: Int) {
        self.id = id; self.title = title; self.status = status; self.steps = steps; self.cards = cards
    }
}

/// A notebook in the progress view.
public struct ProgressNotebook: Hashable, Sendable {
    /// Notebook id.
    public var id: String
    /// Title.
    public var title: String
    /// Its study items.
    public var items: [ProgressItem]
    /// All its snippets (items and plain notes).
    public var snippets: Int
    /// Snippets with at least one card.
    public var snippetsWithCards: Int

    /// A notebook.
    public init(id: String, title: String, items: [ProgressItem], snippets: Int, snippetsWithCards: Int) {
        self.id = id; self.title = title; self.items = items; self.snippets = snippets; self.snippetsWithCards = snippetsWithCards
    }

    /// Items by status.
    public var tally: TaskTally { TaskTally(statuses: items.map(\.status)) }
}

/// A project in the progress view.
public struct ProgressProject: Hashable, Sendable {
    /// Project id.
    public var id: String
    /// Title.
    public var title: String
    /// Its notebooks.
    public var notebooks: [ProgressNotebook]

    /// A project.
    public init(id: String, title: String, notebooks: [ProgressNotebook]) {
        self.id = id; self.title = title; self.notebooks = notebooks
    }

    /// Items by status across its notebooks.
    public var tally: TaskTally { notebooks.reduce(TaskTally()) { $0 + $1.tally } }
}

/// One line of the progress view.
public enum ProgressRow: Hashable, Sendable {
    /// A project heading (index into the projects).
    case project(Int)
    /// A notebook heading (project index, notebook index).
    case notebook(Int, Int)
    /// A study item.
    case item(ProgressItem)
    /// Done items folded away under a notebook (how many).
    case foldedDone(Int)
}

/// The progress view (F8): every project and notebook with study items, their items with marks, steps and cards.
public struct ProgressOverlay: Equatable, Sendable {
    /// The loaded projects; nil while loading.
    public var projects: [ProgressProject]?
    /// Whether done items are folded away.
    public var foldDone: Bool = false
    /// The selected row index.
    public var selected: Int = 0
    /// A load failure to show.
    public var error: String?

    /// An empty view waiting for its data.
    public init(projects: [ProgressProject]? = nil, foldDone: Bool = false) {
        self.projects = projects
        self.foldDone = foldDone
    }

    /// The visible rows: projects and notebooks that have items, their items (done ones folded if asked).
    public var rows: [ProgressRow] {
        var out: [ProgressRow] = []
        for (pi, p) in (projects ?? []).enumerated() where p.tally.total > 0 {
            out.append(.project(pi))
            for (ni, n) in p.notebooks.enumerated() where !n.items.isEmpty {
                out.append(.notebook(pi, ni))
                var folded = 0
                for item in n.items {
                    if foldDone && item.status == .done { folded += 1 } else { out.append(.item(item)) }
                }
                if folded > 0 { out.append(.foldedDone(folded)) }
            }
        }
        return out
    }

    /// Items by status over everything shown.
    public var tally: TaskTally { (projects ?? []).reduce(TaskTally()) { $0 + $1.tally } }

    /// The selected item, if the selected row is one.
    public var selectedItem: ProgressItem? {
        let r = rows
        guard r.indices.contains(selected), case .item(let item) = r[selected] else { return nil }
        return item
    }

    /// Changes one item's status in place (the tallies follow); an item set to no status leaves the view.
    public mutating func setStatus(snippet id: String, _ status: StudyStatus?) {
        guard var projects else { return }
        for p in projects.indices {
            for n in projects[p].notebooks.indices {
                guard let i = projects[p].notebooks[n].items.firstIndex(where: { $0.id == id }) else { continue }
                if let status { projects[p].notebooks[n].items[i].status = status } else { projects[p].notebooks[n].items.remove(at: i) }
            }
        }
        self.projects = projects
        selected = min(selected, max(0, rows.count - 1))
    }

    /// Moves the selection, clamped.
    public mutating func move(by delta: Int) {
        selected = min(max(0, selected + delta), max(0, rows.count - 1))
    }

    /// Folds or unfolds done items, keeping the selection on the same item when it stays visible.
    public mutating func toggleFold() {
        let keep = selectedItem?.id
        foldDone.toggle()
        let r = rows
        if let keep, let i = r.firstIndex(where: { if case .item(let it) = $0 { return it.id == keep } else { return false } }) {
            selected = i
        } else {
            selected = min(selected, max(0, r.count - 1))
        }
    }
}
