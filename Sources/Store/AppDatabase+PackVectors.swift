import Foundation
import GRDB
import Notebook
import Packs

extension AppDatabase {
    /// The current vectors of `model` for the chunks of `snippetIDs` (in snippet order, then chunk order), and how
    /// many of those chunks have none (not embedded yet, embedded from older text or by another model).
    static func packVectors(_ db: Database, snippetIDs: [String], model: String) throws -> PackVectors {
        let rows = try db.cachedStatement(sql: """
            SELECT c.content_hash, e.vector, e.dim FROM chunk c
            LEFT JOIN embedding e ON e.chunk_id = c.id AND e.model = ? AND e.content_hash = ? || c.content_hash
            WHERE c.snippet_id = ? ORDER BY c.ordinal
            """)
        var records: [PackVectorRecord] = []
        var leftOut = 0
        var dimension: Int?
        for sid in snippetIDs {
            let cursor = try Row.fetchCursor(rows, arguments: [model, EmbeddingText.recipe, sid])
            while let r = try cursor.next() {
                guard let dim: Int = r["dim"], let blob: Data = r["vector"], dim == (dimension ?? dim) else { leftOut += 1; continue }
                dimension = dim
                records.append(PackVectorRecord(snippetID: sid, chunkHash: r["content_hash"], vector: floats(blob, count: dim)))
            }
        }
        return PackVectors(model: model, dimension: dimension ?? 0, recipe: EmbeddingText.recipe, records: records, leftOut: leftOut)
    }

    /// Stores a pack's vectors for the chunks whose text they were made from, inside the import's transaction.
    /// Only when they fit this database's index: the same model as `model`, the same text recipe, no vectors of
    /// another model here and the same dimension as the ones stored. Otherwise all are skipped and `report` says
    /// why. Each vector goes to the chunk of its snippet with its content hash (equal texts in one snippet pair up
    /// in order); a chunk that already has a current vector keeps it. The triggers of migration 012 bump the vector
    /// state, so a persisted vector index file is rebuilt on its next load.
    func mergePackVectors(_ db: Database, _ vectors: PackVectors, model: String?, report: inout PackImportReport) throws {
        let all = vectors.records.count
        guard all > 0 else { return }
        func skipAll(_ why: String) { report.vectorsSkipped = all; report.vectorsNote = why + "; `recall index` will embed them" }
        guard let model else { return skipAll("no embedding model is configured here") }
        guard vectors.model == model else {
            return skipAll("the pack's vectors are from \(vectors.model), this profile embeds with \(model)")
        }
        guard vectors.recipe == EmbeddingText.recipe else {
            return skipAll("the pack's vectors embed text as \(vectors.recipe), this Recall as \(EmbeddingText.recipe)")
        }
        let others = try String.fetchAll(db, sql: "SELECT DISTINCT model FROM embedding WHERE model <> ? ORDER BY model", arguments: [model])
        if !others.isEmpty { return skipAll("this database still holds vectors of \(others.joined(separator: ", "))") }
        if let dim = try Int.fetchOne(db, sql: "SELECT dim FROM embedding WHERE model = ? LIMIT 1", arguments: [model]), dim != vectors.dimension {
            return skipAll("the pack's vectors have \(vectors.dimension) dimensions, this database's \(dim)")
        }
        let chunks = try db.cachedStatement(sql: """
            SELECT c.id, (e.content_hash IS NOT NULL AND e.model = ? AND e.content_hash = ? || c.content_hash) AS current
            FROM chunk c LEFT JOIN embedding e ON e.chunk_id = c.id WHERE c.snippet_id = ? AND c.content_hash = ? ORDER BY c.ordinal
            """)
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO embedding (chunk_id, model, dim, vector, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(chunk_id) DO UPDATE SET model = excluded.model, dim = excluded.dim, vector = excluded.vector,
                content_hash = excluded.content_hash, created_at = excluded.created_at
            """)
        var used: [String: Int] = [:]
        var changedText = 0, present = 0
        let now = clock()
        for r in vectors.records {
            let key = r.snippetID + r.chunkHash
            let nth = used[key, default: 0]
            used[key] = nth + 1
            let matches = try Row.fetchAll(chunks, arguments: [model, EmbeddingText.recipe, r.snippetID, r.chunkHash])
            guard nth < matches.count else { changedText += 1; continue }
            if matches[nth]["current"] as Bool { present += 1; continue }
            try upsert.execute(arguments: [matches[nth]["id"] as Int64, model, vectors.dimension, Self.blob(r.vector),
                                           EmbeddingText.recipe + r.chunkHash, now])
            report.vectorsImported += 1
        }
        report.vectorsSkipped = changedText + present
        var why: [String] = []
        if changedText > 0 { why.append("\(changedText) for text that differs here, which `recall index` will embed") }
        if present > 0 { why.append("\(present) already embedded here") }
        if !why.isEmpty { report.vectorsNote = why.joined(separator: ", ") }
    }
}
