import Foundation
import Notebook
import SRS

/// A project in a pack (its stable id is kept on import).
public struct PackProject: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var position: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// A packed project.
    public init(id: String, title: String, position: Int, createdAt: Date, updatedAt: Date) {
        self.id = id; self.title = title; self.position = position; self.createdAt = createdAt; self.updatedAt = updatedAt
    }
}

/// A notebook in a pack: its metadata, and the markdown file holding its snippets.
public struct PackNotebook: Codable, Sendable, Equatable {
    public var id: String
    public var projectID: String
    public var title: String
    public var tags: [String]
    public var sourceName: String?
    public var position: Int
    public var createdAt: Date
    public var updatedAt: Date
    /// The markdown file in the archive (`notebooks/<project>/<file>.md`).
    public var file: String
    /// True when the markdown cannot reproduce every snippet exactly (e.g. a body holding a `## ` line): the
    /// snippets' bodies are then carried in the metadata and the markdown is only the readable copy.
    public var bodiesInMetadata: Bool

    /// A packed notebook.
    public init(id: String, projectID: String, title: String, tags: [String], sourceName: String?, position: Int,
                createdAt: Date, updatedAt: Date, file: String, bodiesInMetadata: Bool) {
        self.id = id; self.projectID = projectID; self.title = title; self.tags = tags; self.sourceName = sourceName
        self.position = position; self.createdAt = createdAt; self.updatedAt = updatedAt; self.file = file
        self.bodiesInMetadata = bodiesInMetadata
    }
}

/// A snippet in a pack. Its text comes from its notebook's markdown section (same order), or from `body` when the
/// notebook has `bodiesInMetadata`; either way it must hash to `contentHash`.
public struct PackSnippet: Codable, Sendable, Equatable {
    public var id: String
    public var notebookID: String
    public var title: String
    public var kind: SnippetKind
    public var language: String?
    public var tags: [String]
    /// The study status; nil for a plain note.
    public var status: StudyStatus?
    public var position: Int
    public var contentHash: String
    /// Content hashes of the snippet's earlier texts: a local text whose hash is here is older than the pack's.
    public var history: [String]
    public var createdAt: Date
    public var updatedAt: Date
    /// The text, only when the notebook's markdown cannot carry it exactly (filled in on reading otherwise).
    public var body: String?

    /// A packed snippet.
    public init(id: String, notebookID: String, title: String, kind: SnippetKind, language: String?, tags: [String],
                status: StudyStatus? = nil, position: Int, contentHash: String, history: [String], createdAt: Date,
                updatedAt: Date, body: String?) {
        self.id = id; self.notebookID = notebookID; self.title = title; self.kind = kind; self.language = language
        self.tags = tags; self.status = status; self.position = position; self.contentHash = contentHash
        self.history = history; self.createdAt = createdAt; self.updatedAt = updatedAt; self.body = body
    }
}

/// `metadata.json`: the tree with stable ids.
public struct PackMetadata: Codable, Sendable, Equatable {
    public var projects: [PackProject]
    public var notebooks: [PackNotebook]
    public var snippets: [PackSnippet]

    /// Metadata for a pack.
    public init(projects: [PackProject], notebooks: [PackNotebook], snippets: [PackSnippet]) {
        self.projects = projects; self.notebooks = notebooks; self.snippets = snippets
    }
}

/// A deck in a pack.
public struct PackDeck: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var notebookID: String?
    public var settings: DeckSettings

    /// A packed deck.
    public init(id: String, name: String, notebookID: String?, settings: DeckSettings) {
        self.id = id; self.name = name; self.notebookID = notebookID; self.settings = settings
    }
}

/// A card in a pack; `schedule` only when the pack was exported with scheduling.
public struct PackCard: Codable, Sendable, Equatable {
    public var id: String
    public var noteID: String
    public var deckID: String
    public var content: CardDraft
    public var tags: [String]
    public var sourceSnippetID: String?
    public var sourceHash: String?
    /// The content hash of the source passage (chunk ids are local; the chunk is found again by this hash).
    public var sourceChunkHash: String?
    public var schedule: CardSchedule?
    public var createdAt: Date

    /// A packed card.
    public init(id: String, noteID: String, deckID: String, content: CardDraft, tags: [String], sourceSnippetID: String?,
                sourceHash: String?, sourceChunkHash: String?, schedule: CardSchedule?, createdAt: Date) {
        self.id = id; self.noteID = noteID; self.deckID = deckID; self.content = content; self.tags = tags
        self.sourceSnippetID = sourceSnippetID; self.sourceHash = sourceHash; self.sourceChunkHash = sourceChunkHash
        self.schedule = schedule; self.createdAt = createdAt
    }
}

/// One review-log row in a pack (with scheduling only); `id` and `undoes` are numbers within the pack.
public struct PackReview: Codable, Sendable, Equatable {
    public var id: Int64
    public var cardID: String
    public var scheduler: String
    public var rating: Int
    public var reviewedAt: Date
    public var stateBefore: String
    public var stateAfter: String
    public var wasNew: Bool
    public var intervalSeconds: Int
    public var scheduleBefore: String
    public var scheduleAfter: String
    public var undoes: Int64?

    /// A packed review.
    public init(id: Int64, cardID: String, scheduler: String, rating: Int, reviewedAt: Date, stateBefore: String, stateAfter: String,
                wasNew: Bool, intervalSeconds: Int, scheduleBefore: String, scheduleAfter: String, undoes: Int64?) {
        self.id = id; self.cardID = cardID; self.scheduler = scheduler; self.rating = rating; self.reviewedAt = reviewedAt
        self.stateBefore = stateBefore; self.stateAfter = stateAfter; self.wasNew = wasNew; self.intervalSeconds = intervalSeconds
        self.scheduleBefore = scheduleBefore; self.scheduleAfter = scheduleAfter; self.undoes = undoes
    }
}

/// `cards.json`.
public struct PackCards: Codable, Sendable, Equatable {
    public var decks: [PackDeck]
    public var cards: [PackCard]
    public var reviews: [PackReview]

    /// The cards part of a pack.
    public init(decks: [PackDeck] = [], cards: [PackCard] = [], reviews: [PackReview] = []) {
        self.decks = decks; self.cards = cards; self.reviews = reviews
    }
}

/// One earlier text of a snippet (with revisions only).
public struct PackRevision: Codable, Sendable, Equatable {
    public var snippetID: String
    public var title: String
    public var body: String
    public var origin: RevisionOrigin
    public var createdAt: Date

    /// A packed revision.
    public init(snippetID: String, title: String, body: String, origin: RevisionOrigin, createdAt: Date) {
        self.snippetID = snippetID; self.title = title; self.body = body; self.origin = origin; self.createdAt = createdAt
    }
}

/// Everything a pack carries, as values: what the exporter builds and the importer merges.
public struct PackContent: Sendable, Equatable {
    public var metadata: PackMetadata
    /// Snippet bodies by snippet id (always complete once read).
    public var bodies: [String: String]
    public var cards: PackCards
    public var revisions: [PackRevision]
    public var withScheduling: Bool
    public var withRevisions: Bool
    public var embeddingModel: String?
    /// The chunks' vectors, when packed with embeddings.
    public var vectors: PackVectors?

    /// A pack's content.
    public init(metadata: PackMetadata, bodies: [String: String], cards: PackCards = PackCards(), revisions: [PackRevision] = [],
                withScheduling: Bool = false, withRevisions: Bool = false, embeddingModel: String? = nil, vectors: PackVectors? = nil) {
        self.metadata = metadata; self.bodies = bodies; self.cards = cards; self.revisions = revisions
        self.withScheduling = withScheduling; self.withRevisions = withRevisions; self.embeddingModel = embeddingModel
        self.vectors = vectors
    }

    /// The counts the manifest states.
    public var counts: PackCounts {
        PackCounts(projects: metadata.projects.count, notebooks: metadata.notebooks.count, snippets: metadata.snippets.count,
                   cards: cards.cards.count, reviews: cards.reviews.count, revisions: revisions.count)
    }
}
