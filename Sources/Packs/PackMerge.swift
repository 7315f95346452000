import Foundation

/// What an import does with one snippet of the pack, decided from content hashes only (never from clocks).
public enum SnippetMerge: String, Sendable, Equatable, Codable {
    /// No local snippet with this id: added.
    case add
    /// Same text locally: skipped.
    case unchanged
    /// The local text is one the pack's snippet went through (it is older): the pack's text replaces it; the local
    /// text stays in the history.
    case fastForward
    /// The pack's text is one the local snippet went through (local is newer): skipped.
    case localNewer
    /// Both changed: the local text stays, the pack's text is kept as a revision, and the report lists it.
    case conflict

    /// Decides from the local text's hash and history (nil when there is no local snippet) and the pack's.
    public static func decide(localHash: String?, localHistory: Set<String>, packHash: String, packHistory: [String]) -> SnippetMerge {
        guard let localHash else { return .add }
        if localHash == packHash { return .unchanged }
        if packHistory.contains(localHash) { return .fastForward }
        if localHistory.contains(packHash) { return .localNewer }
        return .conflict
    }
}

/// One snippet whose text differs on both sides.
public struct PackConflict: Codable, Sendable, Equatable {
    public var snippetID: String
    public var title: String
    public var notebook: String

    /// A conflict line.
    public init(snippetID: String, title: String, notebook: String) { self.snippetID = snippetID; self.title = title; self.notebook = notebook }
}

/// What an import did (or, with `dryRun`, would do).
public struct PackImportReport: Codable, Sendable, Equatable {
    public var dryRun = false
    public var projectsAdded = 0
    public var projectsSkipped = 0
    public var notebooksAdded = 0
    public var notebooksSkipped = 0
    public var snippetsAdded = 0
    public var snippetsUpdated = 0
    public var snippetsUnchanged = 0
    /// Local text newer than the pack's (already in the local history): skipped.
    public var snippetsLocalNewer = 0
    public var cardsAdded = 0
    public var cardsSkipped = 0
    public var reviewsAdded = 0
    public var revisionsAdded = 0
    /// Snippets changed on both sides: the local text stayed, the pack's is a `conflict` revision.
    public var conflicts: [PackConflict] = []
    /// Packed vectors stored for chunks whose text matches (`vectors_imported`).
    public var vectorsImported = 0
    /// Packed vectors not stored (`vectors_skipped`): another model or dimension, a changed text, or already here.
    public var vectorsSkipped = 0
    /// Why vectors were skipped, one line (nil when none were or the pack has none).
    public var vectorsNote: String?

    /// An empty report.
    public init() {}

    /// True when the import changed nothing.
    public var isNoOp: Bool {
        projectsAdded + notebooksAdded + snippetsAdded + snippetsUpdated + cardsAdded + reviewsAdded + revisionsAdded + vectorsImported == 0 && conflicts.isEmpty
    }

    /// Human-readable lines (the CLI and the app's overlay show the same).
    public var lines: [String] {
        var out = [
            (dryRun ? "would add" : "added") + ": \(projectsAdded) project(s), \(notebooksAdded) notebook(s), \(snippetsAdded) snippet(s), \(cardsAdded) card(s), \(reviewsAdded) review(s), \(revisionsAdded) revision(s)",
            (dryRun ? "would update" : "updated") + ": \(snippetsUpdated) snippet(s) whose local text was older",
            "unchanged: \(projectsSkipped) project(s), \(notebooksSkipped) notebook(s), \(snippetsUnchanged) snippet(s), \(cardsSkipped) card(s); \(snippetsLocalNewer) snippet(s) newer here",
        ]
        if conflicts.isEmpty { out.append("conflicts: none") } else {
            out.append("conflicts: \(conflicts.count) (local text kept; the pack's text saved as a conflict revision)")
            out += conflicts.map { "  \($0.notebook) ▸ \($0.title) (\($0.snippetID.prefix(8)))" }
        }
        if vectorsImported + vectorsSkipped > 0 {
            out.append((dryRun ? "vectors: would import " : "vectors: imported ") + "\(vectorsImported), skipped \(vectorsSkipped)"
                       + (vectorsNote.map { " (\($0))" } ?? ""))
        }
        if dryRun { out.append("dry run: nothing was written") }
        return out
    }
}
