import Foundation
import GRDB
import Notebook

/// A snippet without its body, for trees and navigators (10k of them load in milliseconds).
public struct SnippetSummary: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var notebookID: String
    public var title: String
    public var kind: SnippetKind
    public var language: String?
    public var tags: [String]
    public var position: Int
    public var updatedAt: Date
    /// Study status; nil for a plain note.
    public var status: StudyStatus?

    /// Encodes every field; `status` is always present (`null` for a plain note).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(notebookID, forKey: .notebookID); try c.encode(title, forKey: .title)
        try c.encode(kind, forKey: .kind); try c.encodeIfPresent(language, forKey: .language); try c.encode(tags, forKey: .tags)
        try c.encode(status, forKey: .status); try c.encode(position, forKey: .position); try c.encode(updatedAt, forKey: .updatedAt)
    }
}

/// A notebook with its snippet summaries.
public struct NotebookNode: Codable, Sendable, Equatable {
    public var notebook: NotebookItem
    public var snippets: [SnippetSummary]
}

/// A project with its notebooks.
public struct ProjectNode: Codable, Sendable, Equatable {
    public var project: Project
    public var notebooks: [NotebookNode]
}

/// What an id (or unique id prefix) names.
public enum ResolvedID: Sendable, Equatable {
    case project(Project)
    case notebook(NotebookItem)
    case snippet(Snippet)

    /// The full id.
    public var id: String {
        switch self { case .project(let p): p.id; case .notebook(let n): n.id; case .snippet(let s): s.id }
    }
}

extension AppDatabase {
    /// The whole live tree (trash excluded), ordered by position then title.
    public func tree() throws -> [ProjectNode] {
        try read { db in
            let projects = try Row.fetchAll(db, sql: "SELECT * FROM project WHERE trashed_at IS NULL ORDER BY position, title COLLATE NOCASE").map(Project.init(row:))
            let notebooks = try Row.fetchAll(db, sql: "SELECT * FROM notebook WHERE trashed_at IS NULL ORDER BY position, title COLLATE NOCASE").map(NotebookItem.init(row:))
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, notebook_id, title, kind, language, tags, position, updated_at, status FROM snippet
                WHERE trashed_at IS NULL ORDER BY position, title COLLATE NOCASE
                """)
            var byNotebook: [String: [SnippetSummary]] = [:]
            for r in rows {
                let s = SnippetSummary(row: r)
                byNotebook[s.notebookID, default: []].append(s)
            }
            var nbByProject: [String: [NotebookNode]] = [:]
            for n in notebooks { nbByProject[n.projectID, default: []].append(NotebookNode(notebook: n, snippets: byNotebook[n.id] ?? [])) }
            return projects.map { ProjectNode(project: $0, notebooks: nbByProject[$0.id] ?? []) }
        }
    }

    /// Resolves a full id or a unique prefix (at least 4 characters) of a project, notebook or snippet id.
    public func resolve(_ idOrPrefix: String) throws -> ResolvedID {
        let key = idOrPrefix.lowercased()
        guard !key.isEmpty, key.allSatisfy({ $0.isHexDigit || $0 == "-" }) else { throw StoreError.notFound(idOrPrefix) }
        return try read { db in
            var found: [ResolvedID] = []
            let pattern = key + "%"
            for r in try Row.fetchAll(db, sql: "SELECT * FROM project WHERE id LIKE ? LIMIT 6", arguments: [pattern]) { found.append(.project(Project(row: r))) }
            for r in try Row.fetchAll(db, sql: "SELECT * FROM notebook WHERE id LIKE ? LIMIT 6", arguments: [pattern]) { found.append(.notebook(NotebookItem(row: r))) }
            for r in try Row.fetchAll(db, sql: "SELECT * FROM snippet WHERE id LIKE ? LIMIT 6", arguments: [pattern]) { found.append(.snippet(Snippet(row: r))) }
            if let exact = found.first(where: { $0.id == key }) { return exact }
            guard let only = found.first else { throw StoreError.notFound(idOrPrefix) }
            if found.count > 1 { throw StoreError.ambiguousID(idOrPrefix, matches: found.map { String($0.id.prefix(12)) }) }
            return only
        }
    }

    /// Fetches one snippet by full id (trashed ones included).
    public func snippet(id: String) throws -> Snippet? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM snippet WHERE id = ?", arguments: [id]).map(Snippet.init(row:)) }
    }

    /// Fetches one notebook by full id.
    public func notebook(id: String) throws -> NotebookItem? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM notebook WHERE id = ?", arguments: [id]).map(NotebookItem.init(row:)) }
    }

    /// Fetches one project by full id.
    public func project(id: String) throws -> Project? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM project WHERE id = ?", arguments: [id]).map(Project.init(row:)) }
    }

    /// All live snippets of a notebook, with bodies, in order.
    public func snippets(inNotebook notebookID: String) throws -> [Snippet] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM snippet WHERE notebook_id = ? AND trashed_at IS NULL ORDER BY position, title",
                             arguments: [notebookID]).map(Snippet.init(row:))
        }
    }

    /// Counts of live rows, for status lines and doctor.
    public func counts() throws -> (projects: Int, notebooks: Int, snippets: Int, chunks: Int, revisions: Int, trashed: Int) {
        try read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM project WHERE trashed_at IS NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM notebook WHERE trashed_at IS NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM snippet WHERE trashed_at IS NULL") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM snippet_revision") ?? 0,
             try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM snippet WHERE trashed_at IS NOT NULL) + (SELECT count(*) FROM notebook WHERE trashed_at IS NOT NULL) + (SELECT count(*) FROM project WHERE trashed_at IS NOT NULL)") ?? 0)
        }
    }

    /// True when the database holds no projects at all (live or trashed): a first run.
    public func isEmpty() throws -> Bool {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM project") == 0 }
    }
}
