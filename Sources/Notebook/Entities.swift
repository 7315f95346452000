import Foundation

/// The kind of a snippet: prose in markdown, or source code in a language.
public enum SnippetKind: String, Codable, Sendable, CaseIterable {
    case markdown
    case code
}

/// Where a revision came from, so history says who changed the text.
public enum RevisionOrigin: String, Codable, Sendable, CaseIterable {
    case create, edit, `import`, assistant, restore, editor
    /// Text kept when it was saved over a version changed elsewhere (the stored text was left as it was).
    case conflict
}

/// A project: the top of the tree, holding notebooks.
public struct Project: Codable, Sendable, Equatable, Identifiable {
    /// Stable identifier (lower-case UUID) so exports and packs can merge across databases.
    public var id: String
    public var title: String
    public var position: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var trashedAt: Date?

    /// Creates a project value.
    public init(id: String = newID(), title: String, position: Int = 0, createdAt: Date, updatedAt: Date, trashedAt: Date? = nil) {
        self.id = id; self.title = title; self.position = position
        self.createdAt = createdAt; self.updatedAt = updatedAt; self.trashedAt = trashedAt
    }
}

/// A notebook: one markdown file's worth of snippets inside a project.
public struct NotebookItem: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var projectID: String
    public var title: String
    public var tags: [String]
    /// The file name it was imported from (used to match re-imports and to name exports).
    public var sourceName: String?
    public var position: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var trashedAt: Date?

    /// Creates a notebook value.
    public init(id: String = newID(), projectID: String, title: String, tags: [String] = [], sourceName: String? = nil,
                position: Int = 0, createdAt: Date, updatedAt: Date, trashedAt: Date? = nil) {
        self.id = id; self.projectID = projectID; self.title = title; self.tags = tags; self.sourceName = sourceName
        self.position = position; self.createdAt = createdAt; self.updatedAt = updatedAt; self.trashedAt = trashedAt
    }
}

/// A snippet: one markdown note or one piece of code, the unit that is edited, revised, chunked and searched.
public struct Snippet: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    public var notebookID: String
    public var title: String
    public var kind: SnippetKind
    /// The code language (`python`, `bash`…) for code snippets; nil for markdown.
    public var language: String?
    public var tags: [String]
    public var body: String
    /// SHA-256 of the body (hex), used to detect change and to link cards to the text they came from.
    public var contentHash: String
    public var position: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var trashedAt: Date?
    /// Study status (todo/partial/done); nil for a plain note that is not a study item.
    public var status: StudyStatus?

    /// Creates a snippet value; the content hash is computed from the body.
    public init(id: String = newID(), notebookID: String, title: String, kind: SnippetKind = .markdown, language: String? = nil,
                tags: [String] = [], body: String, position: Int = 0, createdAt: Date, updatedAt: Date, trashedAt: Date? = nil,
                status: StudyStatus? = nil) {
        self.id = id; self.notebookID = notebookID; self.title = title; self.kind = kind; self.language = language
        self.tags = tags; self.body = body; self.contentHash = ContentHash.of(body); self.position = position
        self.createdAt = createdAt; self.updatedAt = updatedAt; self.trashedAt = trashedAt; self.status = status
    }

    /// Encodes every field; `status` is always present (`null` for a plain note) so scripts can rely on the key.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id); try c.encode(notebookID, forKey: .notebookID); try c.encode(title, forKey: .title)
        try c.encode(kind, forKey: .kind); try c.encodeIfPresent(language, forKey: .language); try c.encode(tags, forKey: .tags)
        try c.encode(status, forKey: .status)
        try c.encode(body, forKey: .body); try c.encode(contentHash, forKey: .contentHash); try c.encode(position, forKey: .position)
        try c.encode(createdAt, forKey: .createdAt); try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(trashedAt, forKey: .trashedAt)
    }
}

/// One saved state of a snippet. Revisions are append-only: nothing an edit or import does can lose text.
public struct Revision: Codable, Sendable, Equatable {
    public var id: Int64
    public var snippetID: String
    public var title: String
    public var body: String
    public var contentHash: String
    public var origin: RevisionOrigin
    public var createdAt: Date

    /// Creates a revision value.
    public init(id: Int64, snippetID: String, title: String, body: String, contentHash: String, origin: RevisionOrigin, createdAt: Date) {
        self.id = id; self.snippetID = snippetID; self.title = title; self.body = body
        self.contentHash = contentHash; self.origin = origin; self.createdAt = createdAt
    }
}

/// A new random identifier (lower-case UUID).
public func newID() -> String { UUID().uuidString.lowercased() }

/// Tag normalisation: trimmed, lower-cased, no commas or whitespace inside, duplicates removed, order kept.
public enum Tags {
    /// Normalises a list of raw tags.
    public static func normalize(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for t in raw {
            let cleaned = t.trimmingCharacters(in: .whitespacesAndNewlines)
                .trimmingCharacters(in: CharacterSet(charactersIn: "#"))
                .lowercased()
                .split(whereSeparator: { $0 == "," || $0.isWhitespace }).joined(separator: "-")
            if !cleaned.isEmpty, seen.insert(cleaned).inserted { out.append(cleaned) }
        }
        return out
    }

    /// Parses `a, b` or `[a, b]` or `a b` into normalised tags.
    public static func parse(_ text: String) -> [String] {
        var s = text.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("[") && s.hasSuffix("]") { s = String(s.dropFirst().dropLast()) }
        let parts = s.split(whereSeparator: { $0 == "," }).flatMap { part -> [String] in
            let p = part.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return p.contains(" ") && !s.contains(",") ? p.split(separator: " ").map(String.init) : [p]
        }
        return normalize(parts)
    }
}
