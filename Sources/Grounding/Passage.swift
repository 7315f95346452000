import Foundation

/// A retrieved chunk offered to Ask, before numbering and budgeting.
public struct PassageCandidate: Sendable, Hashable {
    /// The chunk row id.
    public var chunkID: Int64
    /// The snippet it belongs to.
    public var snippetID: String
    /// The snippet title.
    public var title: String
    /// The notebook title.
    public var notebook: String
    /// The chunk text.
    public var text: String
    /// The retrieval score (higher is better; its scale depends on the retrieval mode).
    public var score: Double
    /// The chunk just before this one in the same snippet, if any (merged when there is room).
    public var previous: NeighbourChunk?
    /// The chunk just after this one in the same snippet, if any (merged when there is room).
    public var next: NeighbourChunk?

    /// Creates a candidate.
    public init(chunkID: Int64, snippetID: String, title: String, notebook: String, text: String, score: Double,
                previous: NeighbourChunk? = nil, next: NeighbourChunk? = nil) {
        self.chunkID = chunkID
        self.snippetID = snippetID
        self.title = title
        self.notebook = notebook
        self.text = text
        self.score = score
        self.previous = previous
        self.next = next
    }
}

/// A chunk next to a retrieved one.
public struct NeighbourChunk: Sendable, Hashable {
    /// The chunk row id.
    public var chunkID: Int64
    /// Its text.
    public var text: String

    /// Creates a neighbour.
    public init(chunkID: Int64, text: String) {
        self.chunkID = chunkID
        self.text = text
    }
}

/// A numbered source as sent to the model: `[n]` in the answer refers to it.
public struct Passage: Sendable, Hashable, Codable {
    /// The number the model cites (from 1, in rank order).
    public var n: Int
    /// The retrieved chunk.
    public var chunkID: Int64
    /// Neighbouring chunks merged into the text (in body order with the retrieved chunk).
    public var mergedChunkIDs: [Int64]
    /// The snippet.
    public var snippetID: String
    /// The snippet title.
    public var title: String
    /// The notebook title.
    public var notebook: String
    /// The text sent (the chunk, with merged neighbours).
    public var text: String
    /// The retrieval score of the chunk.
    public var score: Double

    /// Creates a passage.
    public init(n: Int, chunkID: Int64, mergedChunkIDs: [Int64] = [], snippetID: String, title: String, notebook: String,
                text: String, score: Double) {
        self.n = n
        self.chunkID = chunkID
        self.mergedChunkIDs = mergedChunkIDs
        self.snippetID = snippetID
        self.title = title
        self.notebook = notebook
        self.text = text
        self.score = score
    }

    /// A one-line excerpt of the text (whitespace folded), at most `limit` characters.
    public func excerpt(limit: Int = 160) -> String {
        let flat = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }
}
