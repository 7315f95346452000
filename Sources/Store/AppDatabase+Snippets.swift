import Foundation
import GRDB
import Notebook

/// What a save changed.
public struct SaveResult: Sendable, Equatable {
    /// False when the text and metadata were already as given (no revision written).
    public var changed: Bool
    public var snippet: Snippet
}

/// The fields a save may change; nil leaves a field as it is.
public struct SnippetChanges: Sendable, Equatable {
    public var title: String?
    public var body: String?
    public var kind: SnippetKind?
    /// `.some(nil)` clears the language.
    public var language: String??
    /// New tags; a status word among them (`todo`, `partial`, `done`) sets the status instead (see `StatusTags`).
    public var tags: [String]?
    public var position: Int?
    /// `.some(nil)` makes the snippet a plain note again; nil leaves the status as it is.
    public var status: StudyStatus??

    /// Creates a change set.
    public init(title: String? = nil, body: String? = nil, kind: SnippetKind? = nil, language: String?? = nil,
                tags: [String]? = nil, position: Int? = nil, status: StudyStatus?? = nil) {
        self.title = title; self.body = body; self.kind = kind; self.language = language; self.tags = tags; self.position = position
        self.status = status
    }
}

extension AppDatabase {
    static let chunker = Chunker()

    /// Creates a project.
    @discardableResult
    public func createProject(title: String) throws -> Project {
        let title = try Self.validTitle(title)
        return try write { db in try insertProject(db, title: title) }
    }

    func insertProject(_ db: Database, title: String) throws -> Project {
        let now = clock()
        let pos = (try Int.fetchOne(db, sql: "SELECT max(position) + 1 FROM project") ?? 0)
        let p = Project(title: title, position: pos, createdAt: now, updatedAt: now)
        try db.execute(sql: "INSERT INTO project (id, title, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [p.id, p.title, p.position, now, now])
        return p
    }

    /// Creates a notebook in a project.
    @discardableResult
    public func createNotebook(projectID: String, title: String, tags: [String] = []) throws -> NotebookItem {
        let title = try Self.validTitle(title)
        return try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM project WHERE id = ?", arguments: [projectID]) != nil else { throw StoreError.notFound(projectID) }
            return try insertNotebook(db, projectID: projectID, title: title, tags: tags, sourceName: nil)
        }
    }

    func insertNotebook(_ db: Database, projectID: String, title: String, tags: [String], sourceName: String?) throws -> NotebookItem {
        let now = clock()
        let pos = (try Int.fetchOne(db, sql: "SELECT max(position) + 1 FROM notebook WHERE project_id = ?", arguments: [projectID]) ?? 0)
        let n = NotebookItem(projectID: projectID, title: title, tags: Tags.normalize(tags), sourceName: sourceName, position: pos, createdAt: now, updatedAt: now)
        try db.execute(sql: "INSERT INTO notebook (id, project_id, title, tags, source_name, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       arguments: [n.id, projectID, n.title, TagColumn.encode(n.tags), sourceName, pos, now, now])
        return n
    }

    /// Creates a snippet (and its first revision and chunks).
    @discardableResult
    public func createSnippet(notebookID: String, title: String, kind: SnippetKind = .markdown, language: String? = nil,
                              tags: [String] = [], body: String = "", origin: RevisionOrigin = .create,
                              status: StudyStatus? = nil) throws -> Snippet {
        let title = try Self.validTitle(title)
        return try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM notebook WHERE id = ?", arguments: [notebookID]) != nil else { throw StoreError.notFound(notebookID) }
            let pos = (try Int.fetchOne(db, sql: "SELECT max(position) + 1 FROM snippet WHERE notebook_id = ?", arguments: [notebookID]) ?? 0)
            return try insertSnippet(db, notebookID: notebookID, title: title, kind: kind, language: language, tags: tags, body: body,
                                     position: pos, origin: origin, status: status)
        }
    }

    func insertSnippet(_ db: Database, notebookID: String, title: String, kind: SnippetKind, language: String?, tags: [String],
                       body: String, position: Int, origin: RevisionOrigin, status: StudyStatus? = nil) throws -> Snippet {
        let title = Self.storable(title), body = Self.storable(body)
        let now = clock()
        let split = StatusTags.split(Tags.normalize(tags))
        let s = Snippet(notebookID: notebookID, title: title, kind: kind, language: kind == .code ? language : nil,
                        tags: split.tags, body: body, position: position, createdAt: now, updatedAt: now, status: status ?? split.status)
        try db.cachedStatement(sql: """
            INSERT INTO snippet (id, notebook_id, title, kind, language, tags, body, content_hash, position, created_at, updated_at, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [s.id, notebookID, s.title, s.kind.rawValue, s.language, TagColumn.encode(s.tags), s.body,
                                     s.contentHash, position, now, now, s.status?.rawValue])
        try appendRevision(db, snippet: s, origin: origin)
        try syncChunks(db, snippetID: s.id, body: s.body, kind: s.kind)
        return s
    }

    /// Saves changes to a snippet. Writes a revision only when something changed; re-chunks only changed text.
    @discardableResult
    public func saveSnippet(id: String, changes: SnippetChanges, origin: RevisionOrigin = .edit) throws -> SaveResult {
        if let t = changes.title { _ = try Self.validTitle(t) }
        return try write { db in try updateSnippet(db, id: id, changes: changes, origin: origin) }
    }

    func updateSnippet(_ db: Database, id: String, changes: SnippetChanges, origin: RevisionOrigin) throws -> SaveResult {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM snippet WHERE id = ?", arguments: [id]) else { throw StoreError.notFound(id) }
        let old = Snippet(row: row)
        var new = old
        if let t = changes.title { new.title = Self.storable(t).trimmingCharacters(in: .whitespacesAndNewlines) }
        if let b = changes.body.map(Self.storable) { new.body = b; new.contentHash = ContentHash.of(b) }
        if let k = changes.kind { new.kind = k }
        if let l = changes.language { new.language = l }
        if new.kind == .markdown { new.language = nil }
        if let t = changes.tags {
            let split = StatusTags.split(Tags.normalize(t))
            new.tags = split.tags
            if let status = split.status { new.status = status }
        }
        if let status = changes.status { new.status = status }
        if let p = changes.position { new.position = p }
        guard new != old else { return SaveResult(changed: false, snippet: old) }
        new.updatedAt = clock()
        try db.cachedStatement(sql: """
            UPDATE snippet SET title = ?, kind = ?, language = ?, tags = ?, body = ?, content_hash = ?, position = ?, updated_at = ?, status = ?
            WHERE id = ?
            """).execute(arguments: [new.title, new.kind.rawValue, new.language, TagColumn.encode(new.tags), new.body,
                                     new.contentHash, new.position, new.updatedAt, new.status?.rawValue, id])
        let textChanged = new.body != old.body || new.title != old.title
        if textChanged { try appendRevision(db, snippet: new, origin: origin, previous: old) }
        if new.body != old.body || new.kind != old.kind { try syncChunks(db, snippetID: id, body: new.body, kind: new.kind) }
        return SaveResult(changed: true, snippet: new)
    }

    /// Text as SQLite can store it: a string is bound as a C string, so everything after a NUL byte was silently
    /// dropped (and the content hash, taken before, no longer matched the stored text). NUL becomes U+FFFD.
    static func storable(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { out.append(scalar == "\u{0}" ? "\u{FFFD}" : scalar) }
        return String(out)
    }

    /// Brings a snippet's chunks in line with its body. Chunks whose text is unchanged keep their row (and so their
    /// embeddings); only new text is inserted into the index.
    func syncChunks(_ db: Database, snippetID: String, body: String, kind: SnippetKind) throws {
        let drafts = Self.chunker.chunks(of: body, kind: kind)
        var existing: [String: [Int64]] = [:]
        for r in try Row.fetchAll(db.cachedStatement(sql: "SELECT id, content_hash FROM chunk WHERE snippet_id = ?"), arguments: [snippetID]) {
            existing[r["content_hash"], default: []].append(r["id"])
        }
        let update = try db.cachedStatement(sql: "UPDATE chunk SET ordinal = ?, byte_start = ?, byte_end = ? WHERE id = ?")
        let insert = try db.cachedStatement(sql: "INSERT INTO chunk (snippet_id, ordinal, text, content_hash, byte_start, byte_end) VALUES (?, ?, ?, ?, ?, ?)")
        for d in drafts {
            if var ids = existing[d.contentHash], let reuse = ids.popLast() {
                existing[d.contentHash] = ids
                try update.execute(arguments: [d.ordinal, d.byteStart, d.byteEnd, reuse])
            } else {
                try insert.execute(arguments: [snippetID, d.ordinal, d.text, d.contentHash, d.byteStart, d.byteEnd])
            }
        }
        let leftovers = existing.values.flatMap { $0 }
        if !leftovers.isEmpty {
            let delete = try db.cachedStatement(sql: "DELETE FROM chunk WHERE id = ?")
            for id in leftovers { try delete.execute(arguments: [id]) }
        }
    }

    /// A snippet's revisions, newest first.
    public func revisions(snippetID: String) throws -> [Revision] {
        try read { db in try decodedRevisions(db, snippetID: snippetID) }
    }

    /// Restores a snippet's text to an earlier revision, as a new revision (history is never rewritten).
    @discardableResult
    public func restoreRevision(snippetID: String, revisionID: Int64) throws -> SaveResult {
        try write { db in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM snippet_revision WHERE id = ? AND snippet_id = ?", arguments: [revisionID, snippetID]) else {
                throw StoreError.invalid("snippet \(snippetID.prefix(8)) has no revision \(revisionID) — run `recall history \(snippetID.prefix(8))`")
            }
            let rev = try decodedRevision(db, row: r)
            return try updateSnippet(db, id: snippetID, changes: SnippetChanges(title: rev.title, body: rev.body), origin: .restore)
        }
    }

    /// Moves a project, notebook or snippet to the trash (restorable; nothing is deleted).
    public func trash(_ target: ResolvedID) throws {
        try write { db in
            let now = clock()
            switch target {
            case .project(let p): try db.execute(sql: "UPDATE project SET trashed_at = ? WHERE id = ?", arguments: [now, p.id])
            case .notebook(let n): try db.execute(sql: "UPDATE notebook SET trashed_at = ? WHERE id = ?", arguments: [now, n.id])
            case .snippet(let s): try db.execute(sql: "UPDATE snippet SET trashed_at = ? WHERE id = ?", arguments: [now, s.id])
            }
        }
    }

    /// Takes a project, notebook or snippet out of the trash (and its parents, so it is visible again).
    public func restoreFromTrash(_ target: ResolvedID) throws {
        try write { db in
            switch target {
            case .project(let p):
                try db.execute(sql: "UPDATE project SET trashed_at = NULL WHERE id = ?", arguments: [p.id])
            case .notebook(let n):
                try db.execute(sql: "UPDATE notebook SET trashed_at = NULL WHERE id = ?", arguments: [n.id])
                try db.execute(sql: "UPDATE project SET trashed_at = NULL WHERE id = ?", arguments: [n.projectID])
            case .snippet(let s):
                try db.execute(sql: "UPDATE snippet SET trashed_at = NULL WHERE id = ?", arguments: [s.id])
                try db.execute(sql: "UPDATE notebook SET trashed_at = NULL WHERE id = ?", arguments: [s.notebookID])
                try db.execute(sql: "UPDATE project SET trashed_at = NULL WHERE id = (SELECT project_id FROM notebook WHERE id = ?)", arguments: [s.notebookID])
            }
        }
    }

    /// Everything in the trash, newest first: (kind, id, title, trashed at).
    public func trashed() throws -> [(kind: String, id: String, title: String, trashedAt: Date)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT 'project' AS kind, id, title, trashed_at FROM project WHERE trashed_at IS NOT NULL
                UNION ALL SELECT 'notebook', id, title, trashed_at FROM notebook WHERE trashed_at IS NOT NULL
                UNION ALL SELECT 'snippet', id, title, trashed_at FROM snippet WHERE trashed_at IS NOT NULL
                ORDER BY trashed_at DESC
                """).map { ($0["kind"], $0["id"], $0["title"], $0["trashed_at"]) }
        }
    }

    /// Renames a project or notebook.
    public func rename(_ target: ResolvedID, to title: String) throws {
        let title = try Self.validTitle(title)
        switch target {
        case .project(let p): try write { db in try db.execute(sql: "UPDATE project SET title = ?, updated_at = ? WHERE id = ?", arguments: [title, clock(), p.id]) }
        case .notebook(let n): try write { db in try db.execute(sql: "UPDATE notebook SET title = ?, updated_at = ? WHERE id = ?", arguments: [title, clock(), n.id]) }
        case .snippet(let s): try saveSnippet(id: s.id, changes: SnippetChanges(title: title))
        }
    }

    /// Moves a snippet to another notebook (at its end).
    public func moveSnippet(id: String, toNotebook notebookID: String) throws {
        try write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM notebook WHERE id = ?", arguments: [notebookID]) != nil else { throw StoreError.notFound(notebookID) }
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM snippet WHERE id = ?", arguments: [id]) != nil else { throw StoreError.notFound(id) }
            let pos = (try Int.fetchOne(db, sql: "SELECT max(position) + 1 FROM snippet WHERE notebook_id = ?", arguments: [notebookID]) ?? 0)
            try db.execute(sql: "UPDATE snippet SET notebook_id = ?, position = ?, updated_at = ? WHERE id = ?", arguments: [notebookID, pos, clock(), id])
        }
    }

    /// Titles are one line, non-empty, at most 300 characters.
    static func validTitle(_ title: String) throws -> String {
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { throw StoreError.invalid("a title cannot be empty") }
        guard !t.contains("\n") && !t.contains("\r") else { throw StoreError.invalid("a title must be one line") }
        guard t.count <= 300 else { throw StoreError.invalid("a title can be at most 300 characters") }
        return t
    }
}
