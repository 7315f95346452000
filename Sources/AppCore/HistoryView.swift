import Foundation
import Notebook

/// One saved revision of a snippet, as the history view lists it.
public struct RevisionEntry: Hashable, Sendable {
    /// Revision id (grows with time).
    public var id: Int64
    /// When it was saved ("2026-12-05 21:40"), formatted by the interpreter.
    public var when: String
    /// What made it (typing, import, restore, assistant, a kept conflict, …).
    public var origin: RevisionOrigin
    /// The text as saved.
    public var body: String

    /// Creates an entry.
    public init(id: Int64, when: String, origin: RevisionOrigin, body: String) {
        self.id = id
        self.when = when
        self.origin = origin
        self.body = body
    }

    /// Size in bytes.
    public var size: Int { body.utf8.count }
}

/// Which two texts a diff compares.
public enum DiffSide: Hashable, Sendable {
    /// A saved revision.
    case revision(Int64)
    /// Nothing (before the first revision).
    case empty
    /// The editor's live text.
    case current

    /// How the diff header names it.
    public var label: String {
        switch self {
        case .revision(let id): return "#\(id)"
        case .empty: return "(nothing)"
        case .current: return "current text"
        }
    }
}

/// The diff shown in the history view.
public struct HistoryDiff: Hashable, Sendable {
    /// The older side.
    public var from: DiffSide
    /// The newer side.
    public var to: DiffSide
    /// First visible line of the diff.
    public var scroll: Int = 0
    /// The rows drawn (hunk headers and lines), computed once when the diff opens, not per frame or key.
    public var rows: [DiffRow] = []
}

/// The history view of the open snippet: its revisions newest first, a selection, an optional mark (the other
/// side of a diff between any two), and the diff when one is shown.
public struct HistoryOverlay: Hashable, Sendable {
    /// The snippet whose revisions these are.
    public var snippetId: String
    /// Its title (the view's title).
    public var title: String
    /// Revisions, newest first; nil while they load. Setting them computes each row's change summary once.
    public var revisions: [RevisionEntry]? {
        didSet {
            let r = revisions ?? []
            changedLines = r.indices.map { Self.changedLine(in: r, at: $0) }
        }
    }
    /// Per revision, the line that shows what it changed (see `changedLine(at:)`), computed when revisions load.
    public private(set) var changedLines: [String] = []
    /// Selected row.
    public var selected = 0
    /// A revision marked as one side of the next diff.
    public var mark: Int64?
    /// The diff shown over the list, if any.
    public var diff: HistoryDiff?

    /// An empty view waiting for its revisions.
    public init(snippetId: String, title: String) {
        self.snippetId = snippetId
        self.title = title
    }

    /// The selected revision.
    public var selectedEntry: RevisionEntry? {
        guard let r = revisions, r.indices.contains(selected) else { return nil }
        return r[selected]
    }

    /// How many bytes a revision added or removed against the one before it (nil for the first).
    public func sizeChange(at index: Int) -> Int? {
        guard let r = revisions, r.indices.contains(index), index + 1 < r.count else { return nil }
        return r[index].size - r[index + 1].size
    }

    /// A line that shows what a revision changed: its first line that differs from the revision before it (for the
    /// first revision, its first non-empty line).
    public func changedLine(at index: Int) -> String {
        changedLines.indices.contains(index) ? changedLines[index] : ""
    }

    /// Computes `changedLine(at:)` for one revision of a newest-first list.
    static func changedLine(in r: [RevisionEntry], at index: Int) -> String {
        guard r.indices.contains(index) else { return "" }
        let new = r[index].body.split(separator: "\n", omittingEmptySubsequences: false)
        guard index + 1 < r.count else { return new.first { !$0.allSatisfy(\.isWhitespace) }.map(String.init) ?? "" }
        let old = r[index + 1].body.split(separator: "\n", omittingEmptySubsequences: false)
        for (i, line) in new.enumerated() where i >= old.count || old[i] != line {
            if !line.allSatisfy(\.isWhitespace) { return String(line) }
        }
        return new.count < old.count ? "(lines removed)" : "(whitespace)"
    }

    /// The text of one side of a diff (`current` is the editor's text).
    public func text(of side: DiffSide, current: String) -> String {
        switch side {
        case .revision(let id): return revisions?.first { $0.id == id }?.body ?? ""
        case .empty: return ""
        case .current: return current
        }
    }

    /// The diff Enter shows: marked revision → selected one (older first), or what the selected revision changed
    /// against the one before it.
    public func diffForSelection() -> HistoryDiff? {
        guard let r = revisions, let sel = selectedEntry else { return nil }
        if let m = mark, m != sel.id {
            return HistoryDiff(from: .revision(min(m, sel.id)), to: .revision(max(m, sel.id)))
        }
        let before = selected + 1 < r.count ? DiffSide.revision(r[selected + 1].id) : .empty
        return HistoryDiff(from: before, to: .revision(sel.id))
    }

    /// The diff from the selected revision to the editor's text: what restoring it would change, read backwards.
    public func diffToCurrent() -> HistoryDiff? {
        guard let sel = selectedEntry else { return nil }
        return HistoryDiff(from: .revision(sel.id), to: .current)
    }
}
