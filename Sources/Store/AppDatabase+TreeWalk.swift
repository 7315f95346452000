import Foundation
import GRDB
import Notebook

/// One step of a walk over the live tree, in display order (`AppDatabase.walkTree`).
public enum TreeStep: Sendable {
    /// A project and how many live notebooks it holds (its notebooks follow).
    case project(Project, notebookCount: Int)
    /// A notebook with its live snippets, in order.
    case notebook(NotebookItem, snippets: [SnippetSummary])
}

extension SnippetSummary {
    /// A summary from a row holding `id, notebook_id, title, kind, language, tags, position, updated_at, status`.
    init(row r: Row) {
        self.init(id: r["id"], notebookID: r["notebook_id"], title: r["title"],
                  kind: SnippetKind(rawValue: r["kind"]) ?? .markdown, language: r["language"],
                  tags: TagColumn.decode(r["tags"]), position: r["position"], updatedAt: r["updated_at"],
                  status: (r["status"] as String?).flatMap(StudyStatus.init(rawValue:)))
    }
}

extension AppDatabase {
    /// The live tree in the order `tree()` gives, one notebook's snippets at a time (read through the
    /// `snippet_notebook` index), so a caller can print the first lines before the rest is read: `recall list`
    /// starts printing at once however many snippets there are. One read transaction: a consistent snapshot.
    public func walkTree(_ visit: (TreeStep) throws -> Void) throws {
        try read { db in
            let projects = try Row.fetchAll(db, sql: "SELECT * FROM project WHERE trashed_at IS NULL ORDER BY position, title COLLATE NOCASE").map(Project.init(row:))
            let notebooks = try Row.fetchAll(db, sql: "SELECT * FROM notebook WHERE trashed_at IS NULL ORDER BY position, title COLLATE NOCASE").map(NotebookItem.init(row:))
            var byProject: [String: [NotebookItem]] = [:]
            for n in notebooks { byProject[n.projectID, default: []].append(n) }
            let statement = try db.cachedStatement(sql: """
                SELECT id, notebook_id, title, kind, language, tags, position, updated_at, status FROM snippet
                WHERE notebook_id = ? AND trashed_at IS NULL ORDER BY position, title COLLATE NOCASE
                """)
            for p in projects {
                let own = byProject[p.id] ?? []
                try visit(.project(p, notebookCount: own.count))
                for n in own {
                    let snippets = try Row.fetchAll(statement, arguments: [n.id]).map(SnippetSummary.init(row:))
                    try visit(.notebook(n, snippets: snippets))
                }
            }
        }
    }
}

/// A snippet as the app's navigator shows it: no body, no dates (`AppDatabase.outlineTree`).
public struct SnippetHeading: Sendable, Equatable {
    /// The snippet's id.
    public var id: String
    /// Its title.
    public var title: String
    /// Markdown or code.
    public var kind: SnippetKind
    /// The code's language, if any.
    public var language: String?
    /// Its study status, if it is a study item.
    public var status: StudyStatus?
    /// Its tags.
    public var tags: [String]
}

extension AppDatabase {
    /// The live tree with only what a navigator shows, in `tree()`'s order: each notebook's snippets read through
    /// the `snippet_notebook` index (no sort of the whole table) with a cursor (no row copies), and no dates decoded.
    /// The app's start-up reads it (`recall bench startup`: the outline is most of the time to the first full frame).
    public func outlineTree() throws -> [(project: Project, notebooks: [(notebook: NotebookItem, snippets: [SnippetHeading])])] {
        try read { db in
            let projects = try Row.fetchAll(db, sql: "SELECT * FROM project WHERE trashed_at IS NULL ORDER BY position, title COLLATE NOCASE").map(Project.init(row:))
            let notebooks = try Row.fetchAll(db, sql: "SELECT * FROM notebook WHERE trashed_at IS NULL ORDER BY position, title COLLATE NOCASE").map(NotebookItem.init(row:))
            var byProject: [String: [NotebookItem]] = [:]
            for n in notebooks { byProject[n.projectID, default: []].append(n) }
            let statement = try db.cachedStatement(sql: """
                SELECT id, title, kind, language, status, tags FROM snippet
                WHERE notebook_id = ? AND trashed_at IS NULL ORDER BY position, title COLLATE NOCASE
                """)
            return try projects.map { p in
                (p, try (byProject[p.id] ?? []).map { n in
                    var snippets: [SnippetHeading] = []
                    let rows = try Row.fetchCursor(statement, arguments: [n.id])
                    while let r = try rows.next() {
                        let tags: String? = r[5]
                        snippets.append(SnippetHeading(id: r[0], title: r[1], kind: SnippetKind(rawValue: r[2]) ?? .markdown, language: r[3],
                                                       status: (r[4] as String?).flatMap(StudyStatus.init(rawValue:)),
                                                       tags: TagColumn.decode(tags)))
                    }
                    return (n, snippets)
                })
            }
        }
    }
}
