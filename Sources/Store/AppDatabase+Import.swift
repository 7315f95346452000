import Foundation
import GRDB
import Notebook

/// One markdown file, already read and parsed, to be imported.
public struct ImportedNotebook: Sendable {
    /// Title of the project it belongs to (the folder name).
    public var projectTitle: String
    /// The file name, used to match a re-import to the notebook it created.
    public var sourceName: String
    public var notebook: ParsedNotebook

    /// Creates an import item.
    public init(projectTitle: String, sourceName: String, notebook: ParsedNotebook) {
        self.projectTitle = projectTitle; self.sourceName = sourceName; self.notebook = notebook
    }
}

/// What an import did.
public struct ImportReport: Codable, Sendable, Equatable {
    public var projectsCreated = 0
    public var notebooksCreated = 0
    public var notebooksUpdated = 0
    public var snippetsCreated = 0
    public var snippetsUpdated = 0
    public var snippetsUnchanged = 0
    /// Snippets that were no longer in a re-imported file: moved to the trash, never deleted.
    public var snippetsTrashed = 0

    /// An empty report.
    public init() {}
}

extension AppDatabase {
    /// Imports parsed files in one transaction: all or nothing. Re-importing a file updates its notebook in place:
    /// snippets are matched by title (in order, for repeated titles), changed ones get a new revision, new ones are
    /// added, and ones gone from the file go to the trash. With `intoNotebook`, the file's snippets are merged into
    /// that existing notebook instead (nothing is trashed).
    public func importNotebooks(_ items: [ImportedNotebook], intoNotebook: String? = nil) throws -> ImportReport {
        try write { db in
            var report = ImportReport()
            var projectIDs: [String: String] = [:]
            // Live notebooks of each project touched, loaded once per project, so matching a file costs O(1)
            // rather than a scan of the project's notebooks (which made large imports quadratic).
            var bySource: [String: [String: String]] = [:]
            var byTitle: [String: [String: String]] = [:]
            var stored: [String: (title: String, tags: String, source: String?)] = [:]
            for item in items {
                let notebookID: String
                var isTarget = false
                let projectTitle = Self.importedTitle(item.projectTitle, fallback: "Imported")
                let notebookTitle = Self.importedTitle(item.notebook.title, fallback: "Untitled")
                if let target = intoNotebook {
                    guard try Bool.fetchOne(db, sql: "SELECT 1 FROM notebook WHERE id = ?", arguments: [target]) != nil else { throw StoreError.notFound(target) }
                    notebookID = target; isTarget = true
                    report.notebooksUpdated += 1
                } else {
                    let projectID: String
                    if let known = projectIDs[projectTitle] {
                        projectID = known
                    } else if let existing = try String.fetchOne(db, sql: "SELECT id FROM project WHERE title = ? AND trashed_at IS NULL ORDER BY created_at LIMIT 1", arguments: [projectTitle]) {
                        projectID = existing
                    } else {
                        projectID = try insertProject(db, title: projectTitle).id
                        report.projectsCreated += 1
                    }
                    projectIDs[projectTitle] = projectID
                    if bySource[projectID] == nil {
                        var sources: [String: String] = [:], titles: [String: String] = [:]
                        for r in try Row.fetchAll(db, sql: "SELECT id, title, tags, source_name FROM notebook WHERE project_id = ? AND trashed_at IS NULL ORDER BY position, created_at",
                                                  arguments: [projectID]) {
                            let id: String = r["id"]
                            stored[id] = (r["title"], r["tags"], r["source_name"])
                            if let source: String = r["source_name"] {
                                if sources[source] == nil { sources[source] = id }
                            } else if titles[r["title"]] == nil {
                                titles[r["title"]] = id
                            }
                        }
                        bySource[projectID] = sources; byTitle[projectID] = titles
                    }
                    if let existing = bySource[projectID]?[item.sourceName] ?? byTitle[projectID]?[notebookTitle] {
                        if bySource[projectID]?[item.sourceName] == nil { byTitle[projectID]?[notebookTitle] = nil }
                        bySource[projectID]?[item.sourceName] = existing
                        notebookID = existing
                        let tags = TagColumn.encode(Tags.normalize(item.notebook.tags))
                        if let old = stored[existing], old.title == notebookTitle, old.tags == tags, old.source == item.sourceName {
                            // Unchanged (the usual re-import): nothing to write.
                        } else {
                            try db.execute(sql: "UPDATE notebook SET source_name = ?, title = ?, tags = ?, updated_at = ? WHERE id = ?",
                                           arguments: [item.sourceName, notebookTitle, tags, clock(), existing])
                            stored[existing] = (notebookTitle, tags, item.sourceName)
                        }
                        report.notebooksUpdated += 1
                    } else {
                        notebookID = try insertNotebook(db, projectID: projectID, title: notebookTitle, tags: item.notebook.tags, sourceName: item.sourceName).id
                        bySource[projectID]?[item.sourceName] = notebookID
                        report.notebooksCreated += 1
                    }
                }
                try mergeSnippets(db, notebookID: notebookID, snippets: item.notebook.snippets, trashMissing: !isTarget, report: &report)
            }
            return report
        }
    }

    func mergeSnippets(_ db: Database, notebookID: String, snippets: [ParsedSnippet], trashMissing: Bool, report: inout ImportReport) throws {
        var existing: [String: [Snippet]] = [:]
        var base = 0
        for r in try Row.fetchAll(db, sql: "SELECT * FROM snippet WHERE notebook_id = ? AND trashed_at IS NULL ORDER BY position", arguments: [notebookID]) {
            let s = Snippet(row: r)
            existing[s.title, default: []].append(s)
            base = max(base, s.position + 1)
        }
        if trashMissing { base = 0 }
        for (i, p) in snippets.enumerated() {
            let title = Self.importedTitle(p.title, fallback: "Untitled")
            let position = base + i
            if var list = existing[title], !list.isEmpty {
                let old = list.removeFirst()
                existing[title] = list
                // Files never carry blank lines around a section's text, so a stored body that differs only by
                // those (typed in an editor, say) is the same text: keep it rather than write a revision.
                let sameText = MarkdownFormat.trimmedBody(old.body) == p.body
                // Nothing changed (the usual case on re-import): no hashing, no statement.
                if sameText && old.kind == p.kind && old.language == (p.kind == .code ? p.language : nil)
                    && old.tags == StatusTags.split(Tags.normalize(p.tags)).tags
                    && (StatusTags.split(p.tags).status ?? old.status) == old.status && old.position == position {
                    report.snippetsUnchanged += 1
                    continue
                }
                let result = try updateSnippet(db, id: old.id, changes: SnippetChanges(body: sameText ? old.body : p.body, kind: p.kind, language: .some(p.language),
                                                                                        tags: p.tags, position: position), origin: .import)
                if result.changed && (result.snippet.body != old.body || result.snippet.kind != old.kind || result.snippet.tags != old.tags || result.snippet.language != old.language
                                       || result.snippet.status != old.status) {
                    report.snippetsUpdated += 1
                } else {
                    report.snippetsUnchanged += 1
                }
            } else {
                _ = try insertSnippet(db, notebookID: notebookID, title: title, kind: p.kind, language: p.language, tags: p.tags,
                                      body: p.body, position: position, origin: .import)
                report.snippetsCreated += 1
            }
        }
        if trashMissing {
            let now = clock()
            for s in existing.values.flatMap({ $0 }) {
                try db.execute(sql: "UPDATE snippet SET trashed_at = ? WHERE id = ?", arguments: [now, s.id])
                report.snippetsTrashed += 1
            }
        }
    }

    /// A title from outside text (a file or folder name, a heading): one clean line (control characters and line
    /// breaks become spaces, see `TerminalText.cleanTitle`), at most 300 characters, never empty.
    static func importedTitle(_ raw: String, fallback: String) -> String {
        let t = String(TerminalText.cleanTitle(raw).prefix(300))
        return t.isEmpty ? fallback : t
    }

    /// The notebooks to export, as parsed values with their project title and file name.
    /// `projectID`/`notebookID` narrow the selection; neither means everything live.
    public func exportNotebooks(projectID: String? = nil, notebookID: String? = nil) throws -> [ImportedNotebook] {
        try read { db in
            var sql = """
                SELECT n.*, p.title AS project_title FROM notebook n JOIN project p ON p.id = n.project_id
                WHERE n.trashed_at IS NULL AND p.trashed_at IS NULL
                """
            var args: [DatabaseValueConvertible?] = []
            if let p = projectID { sql += " AND p.id = ?"; args.append(p) }
            if let n = notebookID { sql += " AND n.id = ?"; args.append(n) }
            sql += " ORDER BY p.position, p.title, n.position, n.title"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { r in
                let nb = NotebookItem(row: r)
                let snippets = try Row.fetchAll(db, sql: "SELECT * FROM snippet WHERE notebook_id = ? AND trashed_at IS NULL ORDER BY position, title",
                                                arguments: [nb.id]).map(Snippet.init(row:))
                let parsed = ParsedNotebook(title: nb.title, tags: nb.tags, snippets: snippets.map {
                    ParsedSnippet(title: $0.title, kind: $0.kind, language: $0.language, tags: StatusTags.joined($0.tags, status: $0.status), body: $0.body)
                })
                return ImportedNotebook(projectTitle: r["project_title"], sourceName: nb.sourceName ?? FileNames.slug(nb.title) + ".md", notebook: parsed)
            }
        }
    }
}

/// Safe file and folder names for exports: never a path separator, never `.`/`..`, never empty.
public enum FileNames {
    /// A kebab-case name from a title (`Phase 1 — CRUD` → `phase-1-crud`).
    public static func slug(_ title: String) -> String {
        var out = ""
        for ch in title.lowercased() {
            if ch.isLetter || ch.isNumber { out.append(ch) } else if !out.isEmpty && out.last != "-" { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "untitled" : String(out.prefix(80))
    }

    /// A title usable as one path component: separators and control characters replaced, dots-only names refused.
    public static func component(_ title: String) -> String {
        var s = String(title.map { $0 == "/" || $0 == "\\" || $0.asciiValue.map { $0 < 0x20 } == true ? "-" : $0 })
        s = s.trimmingCharacters(in: .whitespaces)
        if s.isEmpty || s.allSatisfy({ $0 == "." }) { s = "untitled" }
        return String(s.prefix(120))
    }
}
