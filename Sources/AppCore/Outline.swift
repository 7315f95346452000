import Notebook

/// What a navigator row points at.
public enum NodeRef: Hashable, Sendable {
    /// A project by id.
    case project(String)
    /// A notebook by id.
    case notebook(String)
    /// A snippet by id.
    case snippet(String)

    /// The id, whatever the kind.
    public var id: String {
        switch self {
        case .project(let i), .notebook(let i), .snippet(let i): return i
        }
    }

    /// "project", "notebook" or "snippet", for messages.
    public var kindName: String {
        switch self {
        case .project: return "project"
        case .notebook: return "notebook"
        case .snippet: return "snippet"
        }
    }
}

/// One snippet as the navigator lists it (no body).
public struct OutlineSnippet: Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// Title.
    public var title: String
    /// Markdown or code.
    public var kind: SnippetKind
    /// Language of a code snippet (e.g. "swift").
    public var language: String?
    /// Study status; nil for a plain note.
    public var status: StudyStatus?
    /// Tags (without the status word).
    public var tags: [String]

    /// Creates a snippet summary.
    public init(id: String, title: String, kind: SnippetKind = .markdown, language: String? = nil,
                status: StudyStatus? = nil, tags: [String] = []) {
        self.id = id
        self.title = title
        self.kind = kind
        self.language = language
        self.status = status
        self.tags = tags
    }
}

/// One notebook and its snippets, in order.
public struct OutlineNotebook: Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// Title.
    public var title: String
    /// Snippets, in order.
    public var snippets: [OutlineSnippet]

    /// Creates a notebook summary.
    public init(id: String, title: String, snippets: [OutlineSnippet] = []) {
        self.id = id
        self.title = title
        self.snippets = snippets
    }

    /// Study items by status (snippets without a status are not counted).
    public var tally: TaskTally { TaskTally(statuses: snippets.map(\.status)) }
}

/// One project and its notebooks, in order.
public struct OutlineProject: Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// Title.
    public var title: String
    /// Notebooks, in order.
    public var notebooks: [OutlineNotebook]

    /// Creates a project summary.
    public init(id: String, title: String, notebooks: [OutlineNotebook] = []) {
        self.id = id
        self.title = title
        self.notebooks = notebooks
    }

    /// Number of snippets across its notebooks.
    public var snippetCount: Int { notebooks.reduce(0) { $0 + $1.snippets.count } }

    /// Study items by status across its notebooks.
    public var tally: TaskTally { notebooks.reduce(TaskTally()) { $0 + $1.tally } }
}

/// The whole tree the navigator shows: projects ▸ notebooks ▸ snippets.
public struct Outline: Hashable, Sendable {
    /// Projects, in order.
    public var projects: [OutlineProject]

    /// Creates an outline.
    public init(projects: [OutlineProject] = []) { self.projects = projects }

    /// Number of snippets in the whole tree.
    public var snippetCount: Int { projects.reduce(0) { $0 + $1.snippetCount } }

    /// The notebook holding a snippet, and its project.
    public func location(ofSnippet id: String) -> (project: OutlineProject, notebook: OutlineNotebook)? {
        for p in projects {
            for n in p.notebooks where n.snippets.contains(where: { $0.id == id }) { return (p, n) }
        }
        return nil
    }

    /// The snippet summary with this id.
    public func snippet(_ id: String) -> OutlineSnippet? {
        location(ofSnippet: id)?.notebook.snippets.first { $0.id == id }
    }

    /// Changes one snippet's status and tags in place (shown at once; the store is written in the background).
    public mutating func update(snippet id: String, status: StudyStatus?, tags: [String]? = nil) {
        for p in projects.indices {
            for n in projects[p].notebooks.indices {
                guard let i = projects[p].notebooks[n].snippets.firstIndex(where: { $0.id == id }) else { continue }
                projects[p].notebooks[n].snippets[i].status = status
                if let tags { projects[p].notebooks[n].snippets[i].tags = tags }
                return
            }
        }
    }

    /// The project holding a notebook.
    public func project(ofNotebook id: String) -> OutlineProject? {
        projects.first { $0.notebooks.contains { $0.id == id } }
    }

    /// The title of a node, if it is in the tree.
    public func title(of ref: NodeRef) -> String? {
        switch ref {
        case .project(let id): return projects.first { $0.id == id }?.title
        case .notebook(let id):
            for p in projects { if let n = p.notebooks.first(where: { $0.id == id }) { return n.title } }
            return nil
        case .snippet(let id):
            return location(ofSnippet: id)?.notebook.snippets.first { $0.id == id }?.title
        }
    }
}

/// A snippet opened for editing: its text and what the editor needs to show it.
public struct SnippetDoc: Hashable, Sendable {
    /// Stable id.
    public var id: String
    /// Title.
    public var title: String
    /// Markdown or code.
    public var kind: SnippetKind
    /// Language of a code snippet.
    public var language: String?
    /// The text.
    public var body: String
    /// The content hash of `body` as stored (a save names it, so a change made elsewhere is noticed).
    public var contentHash: String

    /// Creates a document.
    public init(id: String, title: String, kind: SnippetKind = .markdown, language: String? = nil, body: String, contentHash: String = "") {
        self.id = id
        self.title = title
        self.kind = kind
        self.language = language
        self.body = body
        self.contentHash = contentHash
    }
}

/// One global search result.
public struct SearchResult: Hashable, Sendable {
    /// The snippet that matched.
    public var snippetId: String
    /// Its title.
    public var title: String
    /// Where it lives ("Project ▸ Notebook").
    public var location: String
    /// A short excerpt; matched terms are wrapped in `SearchResult.markStart` / `markEnd`.
    public var excerpt: String
    /// BM25 score (lower is better in SQLite's convention; shown only for ordering).
    public var score: Double

    /// Private-use characters that bracket a highlighted term in `excerpt`.
    public static let markStart: Character = "\u{E000}"
    /// See `markStart`.
    public static let markEnd: Character = "\u{E001}"

    /// Creates a hit.
    public init(snippetId: String, title: String, location: String, excerpt: String, score: Double = 0) {
        self.snippetId = snippetId
        self.title = title
        self.location = location
        self.excerpt = excerpt
        self.score = score
    }

    /// The highlighted terms of the excerpt, lower-cased (used to place the cursor at the hit).
    public var highlightedTerms: [String] {
        var terms: [String] = []
        var cur: String?
        for ch in excerpt {
            if ch == SearchResult.markStart { cur = "" } else if ch == SearchResult.markEnd {
                if let c = cur, !c.isEmpty { terms.append(c.lowercased()) }
                cur = nil
            } else if cur != nil { cur!.append(ch) }
        }
        return terms
    }
}
