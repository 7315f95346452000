import Foundation
import GRDB
import Notebook

/// A vector to store for a chunk, with the hash of the text it was made from.
public struct EmbeddingRecord: Sendable, Equatable {
    /// The chunk row id.
    public var chunkID: Int64
    /// Content hash of the chunk text that was embedded.
    public var contentHash: String
    /// The vector as the model returned it.
    public var vector: [Float]

    /// Creates a record.
    public init(chunkID: Int64, contentHash: String, vector: [Float]) {
        self.chunkID = chunkID; self.contentHash = contentHash; self.vector = vector
    }
}

/// A chunk whose vector is missing or out of date.
public struct ChunkToEmbed: Sendable, Equatable {
    /// Chunk row id.
    public var id: Int64
    /// Chunk text.
    public var text: String
    /// Content hash of the text.
    public var contentHash: String
    /// Title of the chunk's notebook.
    public var notebookTitle: String = ""
    /// Title of the chunk's snippet.
    public var snippetTitle: String = ""
    /// Markdown headings in force where the chunk starts (outermost first).
    public var headingPath: [String] = []

    /// The text to embed: the context header (notebook ▸ title ▸ headings) and the chunk text (`EmbeddingText`).
    public var document: String {
        EmbeddingText.document(notebook: notebookTitle, title: snippetTitle, headingPath: headingPath, text: text)
    }
}

/// The state of the stored embeddings against the configured model.
public struct EmbeddingState: Codable, Sendable, Equatable {
    /// The configured embedding model.
    public var model: String
    /// Live chunks (not in the trash).
    public var chunks: Int
    /// Live chunks with a current vector of `model`.
    public var embedded: Int
    /// Live chunks still to embed.
    public var pending: Int
    /// Dimension of the stored vectors of `model`, if any.
    public var dimension: Int?
    /// Models other than `model` that still have vectors (the index is stale while this is non-empty).
    public var otherModels: [String]

    /// True when vectors of another model are stored: search must not use them, `recall index --rebuild` re-embeds.
    public var isStale: Bool { !otherModels.isEmpty }
}

/// Errors of the embedding store.
public enum EmbeddingStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Vectors of another model are stored; the index would be mixed.
    case staleModel(stored: [String], configured: String)
    /// A vector has a different dimension than the ones already stored for the model.
    case dimensionMismatch(model: String, stored: Int, got: Int)

    /// One line for a person.
    public var description: String {
        switch self {
        case let .staleModel(stored, configured):
            return "index stale: vectors were made by \(stored.joined(separator: ", ")) but the embedding model is now \(configured) — re-embed? run `recall index --rebuild`"
        case let .dimensionMismatch(model, stored, got):
            return "\(model) returned \(got)-dimensional vectors but the index holds \(stored) — the model changed under the same name; run `recall index --rebuild`"
        }
    }
}

extension AppDatabase {
    /// SQL for chunks that are live (snippet, notebook and project not in the trash).
    static let liveChunkJoin = """
        FROM chunk c JOIN snippet s ON s.id = c.snippet_id JOIN notebook n ON n.id = s.notebook_id JOIN project p ON p.id = n.project_id
        WHERE s.trashed_at IS NULL AND n.trashed_at IS NULL AND p.trashed_at IS NULL
        """

    /// Counts of live chunks, embedded and pending for `model`, and any other models' vectors.
    public func embeddingState(model: String) throws -> EmbeddingState {
        try read { db in
            let chunks = try Int.fetchOne(db, sql: "SELECT count(*) \(Self.liveChunkJoin)") ?? 0
            let embedded = try Int.fetchOne(db, sql: """
                SELECT count(*) \(Self.liveChunkJoin)
                AND EXISTS (SELECT 1 FROM embedding e WHERE e.chunk_id = c.id AND e.model = ? AND e.content_hash = ? || c.content_hash)
                """, arguments: [model, EmbeddingText.recipe]) ?? 0
            let dim = try Int.fetchOne(db, sql: "SELECT dim FROM embedding WHERE model = ? LIMIT 1", arguments: [model])
            let others = try String.fetchAll(db, sql: "SELECT DISTINCT model FROM embedding WHERE model <> ? ORDER BY model", arguments: [model])
            return EmbeddingState(model: model, chunks: chunks, embedded: embedded, pending: chunks - embedded, dimension: dim, otherModels: others)
        }
    }

    /// Live chunks without a current vector of `model` (none, or made from other text or by an older recipe), with
    /// id greater than `after`, in id order, with their notebook, snippet title and heading path for the header.
    public func chunksToEmbed(model: String, after: Int64 = .min, limit: Int) throws -> [ChunkToEmbed] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT c.id, c.text, c.content_hash, c.byte_start, c.snippet_id, s.title AS snippet_title, n.title AS notebook_title
                \(Self.liveChunkJoin) AND c.id > ?
                AND NOT EXISTS (SELECT 1 FROM embedding e WHERE e.chunk_id = c.id AND e.model = ? AND e.content_hash = ? || c.content_hash)
                ORDER BY c.id LIMIT ?
                """, arguments: [after, model, EmbeddingText.recipe, limit])
            // Heading paths need the bodies: one read per snippet in the batch, not per chunk.
            var bodies: [String: String] = [:]
            let body = try db.cachedStatement(sql: "SELECT body FROM snippet WHERE id = ?")
            return try rows.map { r in
                let snippet: String = r["snippet_id"]
                if bodies[snippet] == nil { bodies[snippet] = try String.fetchOne(body, arguments: [snippet]) ?? "" }
                let start: Int = r["byte_start"]
                return ChunkToEmbed(id: r["id"], text: r["text"], contentHash: r["content_hash"],
                                    notebookTitle: r["notebook_title"], snippetTitle: r["snippet_title"],
                                    headingPath: start > 0 ? EmbeddingText.headingPath(in: bodies[snippet]!, before: start) : [])
            }
        }
    }

    /// Stores one batch of vectors in one transaction (all or nothing). Refuses to mix models or dimensions.
    /// A record whose chunk was deleted or whose text changed since it was read is skipped (it will be embedded
    /// again from its new text). Returns how many were stored.
    @discardableResult
    public func saveEmbeddings(_ records: [EmbeddingRecord], model: String) throws -> Int {
        guard let dim = records.first?.vector.count else { return 0 }
        return try write { db in
            let others = try String.fetchAll(db, sql: "SELECT DISTINCT model FROM embedding WHERE model <> ?", arguments: [model])
            if !others.isEmpty { throw EmbeddingStoreError.staleModel(stored: others.sorted(), configured: model) }
            if let stored = try Int.fetchOne(db, sql: "SELECT dim FROM embedding WHERE model = ? LIMIT 1", arguments: [model]), stored != dim {
                throw EmbeddingStoreError.dimensionMismatch(model: model, stored: stored, got: dim)
            }
            let current = try db.cachedStatement(sql: "SELECT content_hash FROM chunk WHERE id = ?")
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO embedding (chunk_id, model, dim, vector, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(chunk_id) DO UPDATE SET model = excluded.model, dim = excluded.dim, vector = excluded.vector,
                    content_hash = excluded.content_hash, created_at = excluded.created_at
                """)
            let now = clock()
            var stored = 0
            for r in records {
                guard r.vector.count == dim else { throw EmbeddingStoreError.dimensionMismatch(model: model, stored: dim, got: r.vector.count) }
                guard let hash = try String.fetchOne(current, arguments: [r.chunkID]), hash == r.contentHash else { continue }
                try upsert.execute(arguments: [r.chunkID, model, dim, Self.blob(r.vector), EmbeddingText.recipe + r.contentHash, now])
                stored += 1
            }
            return stored
        }
    }

    /// Deletes every stored vector (before re-embedding with another model). Returns how many were deleted.
    @discardableResult
    public func deleteAllEmbeddings() throws -> Int {
        try write { db in
            try db.execute(sql: "DELETE FROM embedding")
            return db.changesCount
        }
    }

    /// Stored vector counts per model (cheap: reads the model index only).
    public func embeddingModels() throws -> [String: Int] {
        try read { db in
            var out: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT model, count(*) AS n FROM embedding GROUP BY model") { out[r["model"]] = r["n"] }
            return out
        }
    }

    /// Dimension of the stored vectors of `model`, if any (one indexed lookup).
    public func embeddingDimension(model: String) throws -> Int? {
        try read { db in try Int.fetchOne(db, sql: "SELECT dim FROM embedding WHERE model = ? LIMIT 1", arguments: [model]) }
    }

    /// Number of stored vectors of `model` (live or not).
    public func embeddingCount(model: String) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM embedding WHERE model = ?", arguments: [model]) ?? 0 }
    }

    /// Streams every current vector of `model` as (chunk id, float32 little-endian BLOB), without holding them all.
    public func forEachEmbedding(model: String, _ body: (Int64, Data) throws -> Void) throws {
        try read { db in
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT e.chunk_id, e.vector FROM embedding e JOIN chunk c ON c.id = e.chunk_id
                WHERE e.model = ? AND e.content_hash = ? || c.content_hash ORDER BY e.chunk_id
                """, arguments: [model, EmbeddingText.recipe])
            while let row = try cursor.next() { try body(row["chunk_id"], row["vector"]) }
        }
    }

    /// Chunk ids with a current vector of `model`, ascending.
    public func embeddedChunkIDs(model: String) throws -> [Int64] {
        try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT e.chunk_id FROM embedding e JOIN chunk c ON c.id = e.chunk_id
                WHERE e.model = ? AND e.content_hash = ? || c.content_hash ORDER BY e.chunk_id
                """, arguments: [model, EmbeddingText.recipe])
        }
    }

    /// The exact float32 vectors of a few chunks (rescoring of quantised candidates), read in a few `IN (…)`
    /// queries by primary key rather than one query per chunk.
    public func embeddingVectors(chunkIDs: [Int64], model: String) throws -> [Int64: [Float]] {
        guard !chunkIDs.isEmpty else { return [:] }
        return try read { db in
            var out: [Int64: [Float]] = [:]
            out.reserveCapacity(chunkIDs.count)
            for start in stride(from: 0, to: chunkIDs.count, by: 250) {
                let part = Array(chunkIDs[start..<min(chunkIDs.count, start + 250)])
                let marks = repeatElement("?", count: part.count).joined(separator: ",")
                var args = part.map { $0 as DatabaseValueConvertible? }
                args.append(model)
                let rows = try Row.fetchCursor(db, sql: "SELECT chunk_id, vector, dim FROM embedding WHERE chunk_id IN (\(marks)) AND model = ?",
                                               arguments: StatementArguments(args))
                while let row = try rows.next() {
                    let data: Data = row["vector"]
                    out[row["chunk_id"]] = Self.floats(data, count: row["dim"])
                }
            }
            return out
        }
    }

    /// Live chunk ids inside a filter (project, notebook, tag); nil when the filter is empty.
    public func chunkIDs(matching filter: SearchFilter) throws -> Set<Int64>? {
        guard filter.projectID != nil || filter.notebookID != nil || filter.tag != nil else { return nil }
        var sql = "SELECT c.id \(Self.liveChunkJoin)"
        var args: [DatabaseValueConvertible?] = []
        if let nb = filter.notebookID { sql += " AND n.id = ?"; args.append(nb) }
        if let pr = filter.projectID { sql += " AND p.id = ?"; args.append(pr) }
        if let tag = filter.tag, let t = Tags.normalize([tag]).first {
            sql += " AND (instr(s.tags, ?) > 0 OR instr(n.tags, ?) > 0)"
            args.append("," + t + ","); args.append("," + t + ",")
        }
        return try read { db in Set(try Int64.fetchAll(db, sql: sql, arguments: StatementArguments(args))) }
    }

    /// Search-hit metadata for chunks found by vector search, in the given order, skipping trashed ones.
    /// The excerpt is the start of the chunk text (no term highlighting: the match is by meaning).
    public func chunkHits(ids: [Int64], excerptCharacters: Int = 160) throws -> [SearchHit] {
        guard !ids.isEmpty else { return [] }
        return try read { db in
            var found: [Int64: SearchHit] = [:]
            for start in stride(from: 0, to: ids.count, by: 250) {
                let part = Array(ids[start..<min(ids.count, start + 250)])
                let marks = repeatElement("?", count: part.count).joined(separator: ",")
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT c.id AS chunk_id, c.snippet_id, s.title AS snippet_title, n.id AS notebook_id, n.title AS notebook_title,
                           p.title AS project_title, c.byte_start, substr(c.text, 1, ?) AS head
                    FROM chunk c JOIN snippet s ON s.id = c.snippet_id JOIN notebook n ON n.id = s.notebook_id JOIN project p ON p.id = n.project_id
                    WHERE c.id IN (\(marks)) AND s.trashed_at IS NULL AND n.trashed_at IS NULL AND p.trashed_at IS NULL
                    """, arguments: StatementArguments([excerptCharacters + 1] + part))
                while let r = try rows.next() {
                    let text: String = r["head"]
                    let flat = text.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
                    let excerpt = flat.count > excerptCharacters ? String(flat.prefix(excerptCharacters)) + "…" : flat
                    let id: Int64 = r["chunk_id"]
                    found[id] = SearchHit(chunkID: id, snippetID: r["snippet_id"], snippetTitle: r["snippet_title"],
                                          notebookID: r["notebook_id"], notebookTitle: r["notebook_title"], projectTitle: r["project_title"],
                                          bm25: 0, excerpt: excerpt, byteStart: r["byte_start"])
                }
            }
            return ids.compactMap { found[$0] }
        }
    }

    /// float32 little-endian bytes of a vector.
    static func blob(_ vector: [Float]) -> Data {
        var data = Data(count: vector.count * 4)
        data.withUnsafeMutableBytes { raw in
            for (i, x) in vector.enumerated() { raw.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
        }
        return data
    }

    /// Decodes float32 little-endian bytes (`count` values).
    static func floats(_ data: Data, count: Int) -> [Float] {
        let n = min(count, data.count / 4)
        #if _endian(little)
        return [Float](unsafeUninitializedCapacity: n) { buffer, initialized in
            data.withUnsafeBytes { raw in
                if n > 0, let to = buffer.baseAddress, let from = raw.baseAddress { _ = memcpy(to, from, n * 4) }
            }
            initialized = n
        }
        #else
        return data.withUnsafeBytes { raw in
            (0..<n).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
        #endif
    }
}

/// A cheap fingerprint of the stored vectors of one model: a cached index loaded at the same fingerprint is current.
public struct EmbeddingSignature: Sendable, Equatable {
    /// Stored vectors of the model.
    public var count: Int
    /// The highest chunk id with a vector of the model (new chunks get higher ids).
    public var maxChunkID: Int64?
    /// The state of all stored vectors (changes with any vector or chunk text; migration 012).
    public var state: EmbeddingGeneration? = nil
}

/// The state of the stored vectors, bumped by triggers on every change that can change a vector index
/// (migration 012): a persisted index built at this state is current, at any other it is stale.
public struct EmbeddingGeneration: Sendable, Equatable, Codable {
    /// Counts changes (for people reading the figures; the stamp decides).
    public var generation: Int64
    /// Random, redrawn on every change: a file built at another state never matches by accident.
    public var stamp: String

    /// Creates a state.
    public init(generation: Int64, stamp: String) { self.generation = generation; self.stamp = stamp }
}

extension AppDatabase {
    /// Count and newest chunk id of the stored vectors of `model` (one query on the model index).
    public func embeddingSignature(model: String) throws -> EmbeddingSignature {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, max(chunk_id) AS top FROM embedding WHERE model = ?", arguments: [model])
            return EmbeddingSignature(count: row?["n"] ?? 0, maxChunkID: row?["top"], state: try Self.generation(db))
        }
    }

    /// The current state of the stored vectors (one single-row read).
    public func embeddingGeneration() throws -> EmbeddingGeneration {
        try read { db in try Self.generation(db) }
    }

    /// Streams every current vector of `model` like `forEachEmbedding`, and returns the state they were read at
    /// (the same read transaction, so the state names exactly these vectors).
    public func forEachEmbeddingWithState(model: String, _ body: (Int64, Data) throws -> Void) throws -> EmbeddingGeneration {
        try read { db in
            let state = try Self.generation(db)
            let cursor = try Row.fetchCursor(db, sql: """
                SELECT e.chunk_id, e.vector FROM embedding e JOIN chunk c ON c.id = e.chunk_id
                WHERE e.model = ? AND e.content_hash = ? || c.content_hash ORDER BY e.chunk_id
                """, arguments: [model, EmbeddingText.recipe])
            while let row = try cursor.next() { try body(row["chunk_id"], row["vector"]) }
            return state
        }
    }

    /// The row of `embedding_generation`.
    static func generation(_ db: Database) throws -> EmbeddingGeneration {
        let row = try Row.fetchOne(db, sql: "SELECT generation, stamp FROM embedding_generation WHERE id = 1")
        return EmbeddingGeneration(generation: row?["generation"] ?? 0, stamp: row?["stamp"] ?? "")
    }
}
