import Foundation

/// The pack format this Recall writes and the newest one it reads.
public enum PackFormat {
    /// The format name in every manifest.
    public static let name = "recall-pack"
    /// The version written; a manifest with a higher version is refused.
    public static let version = 1
    /// The manifest's path at the archive's root.
    public static let manifestPath = "manifest.json"
    /// The metadata file: projects, notebooks, snippets with stable ids.
    public static let metadataPath = "metadata.json"
    /// Decks, cards and (with scheduling) the review log.
    public static let cardsPath = "cards.json"
    /// Snippet histories (only with revisions).
    public static let revisionsPath = "revisions.json"
    /// The folder holding the notebooks as markdown in the import format.
    public static let notebooksFolder = "notebooks/"
    /// The chunks' vectors (only with `--with-embeddings`; binary, see `PackVectorCodec`).
    public static let vectorsPath = "vectors.bin"
}

/// How many items a pack holds (written in the manifest, checked on import).
public struct PackCounts: Codable, Sendable, Equatable {
    public var projects: Int
    public var notebooks: Int
    public var snippets: Int
    public var cards: Int
    public var reviews: Int
    public var revisions: Int

    /// Counts for a pack's content.
    public init(projects: Int = 0, notebooks: Int = 0, snippets: Int = 0, cards: Int = 0, reviews: Int = 0, revisions: Int = 0) {
        self.projects = projects; self.notebooks = notebooks; self.snippets = snippets
        self.cards = cards; self.reviews = reviews; self.revisions = revisions
    }
}

/// One archive entry as the manifest lists it: its path, size and SHA-256.
public struct PackEntryDigest: Codable, Sendable, Equatable {
    public var path: String
    public var bytes: Int
    public var sha256: String

    /// A digest line.
    public init(path: String, bytes: Int, sha256: String) { self.path = path; self.bytes = bytes; self.sha256 = sha256 }
}

/// `manifest.json`: what the pack is, who wrote it, what it holds and a checksum per entry.
public struct PackManifest: Codable, Sendable, Equatable {
    public var format: String
    public var formatVersion: Int
    public var recallVersion: String
    public var createdAt: Date
    public var counts: PackCounts
    /// The embedding model of the exported notes' vectors.
    public var embeddingModel: String?
    /// The packed vectors (`vectors.bin`), when exported with embeddings; nil otherwise.
    public var embeddings: PackEmbeddings?
    public var withScheduling: Bool
    public var withRevisions: Bool
    public var entries: [PackEntryDigest]

    /// A manifest of the current format.
    public init(recallVersion: String, createdAt: Date, counts: PackCounts, embeddingModel: String?,
                withScheduling: Bool, withRevisions: Bool, entries: [PackEntryDigest], embeddings: PackEmbeddings? = nil) {
        format = PackFormat.name; formatVersion = PackFormat.version
        self.recallVersion = recallVersion; self.createdAt = createdAt; self.counts = counts
        self.embeddingModel = embeddingModel; self.withScheduling = withScheduling; self.withRevisions = withRevisions
        self.entries = entries; self.embeddings = embeddings
    }
}

/// The first two fields of a manifest, read before anything else so an unknown format or a newer version is
/// refused for what it is rather than as a decoding error.
struct PackManifestHeader: Decodable {
    var format: String?
    var formatVersion: Int?
}
