import Foundation
import GRDB
import Notebook

/// Facts about a database used by the crash test (`recall bench crash`) to check that nothing was lost.
public struct StoreFacts: Sendable {
    /// Live snippet id → body hash (SHA-256), for the snippets of the notebook asked about.
    public var snippetHashes: [String: String]
    /// Trashed snippet ids of that notebook.
    public var trashedSnippets: Set<String>
    /// Notebook source file name → the set of snippet titles in it (live), for all-or-nothing import checks.
    public var notebookBodiesBySource: [String: [String]]
    /// Card ids.
    public var cardIDs: Set<String>
    /// Card id → number of review-log rows.
    public var reviewCounts: [String: Int]
}

extension AppDatabase {
    /// Everything that must hold after any crash, as a list of problems (empty when the database is sound):
    /// `PRAGMA integrity_check`, `PRAGMA foreign_key_check`, the FTS5 index's own integrity check and its rows
    /// against the chunk table, each live snippet's hash against its body, its chunks against the chunker's
    /// output for its body, its newest revision against its current text, and each embedding against its chunk.
    public func consistencyProblems() throws -> [String] {
        // The FTS5 check is an INSERT command, so it runs on the writer (it changes nothing).
        var problems: [String] = try write { db in
            do { try db.execute(sql: "INSERT INTO chunk_fts(chunk_fts) VALUES ('integrity-check')"); return [] } catch {
                return ["FTS5 integrity-check: \(error)"]
            }
        }
        problems += try read { db in
            var problems: [String] = []
            let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            if integrity != ["ok"] { problems.append("integrity_check: " + integrity.prefix(5).joined(separator: "; ")) }
            let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            if !fk.isEmpty { problems.append("foreign_key_check: \(fk.count) violation(s), first in \(fk[0]["table"] as String? ?? "?")") }
            let indexed = try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk_fts_docsize") ?? -1
            let chunks = try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk") ?? -2
            if indexed != chunks { problems.append("FTS5 holds \(indexed) documents for \(chunks) chunks") }
            let missing = try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk WHERE id NOT IN (SELECT id FROM chunk_fts_docsize)") ?? 0
            if missing > 0 { problems.append("\(missing) chunk(s) missing from the FTS5 index") }
            let stray = try Int.fetchOne(db, sql: "SELECT count(*) FROM chunk_fts_docsize WHERE id NOT IN (SELECT id FROM chunk)") ?? 0
            if stray > 0 { problems.append("\(stray) FTS5 row(s) without a chunk") }

            // Each embedding was made from its chunk's current text (its hash is a recipe tag + the chunk's hash).
            let staleVectors = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM embedding e JOIN chunk c ON c.id = e.chunk_id
                WHERE substr(e.content_hash, -length(c.content_hash)) != c.content_hash
                """) ?? 0
            if staleVectors > 0 { problems.append("\(staleVectors) embedding(s) made from another text than their chunk's") }

            // Each snippet: hash, chunks and newest revision agree with its body.
            let snippets = try Row.fetchAll(db, sql: "SELECT id, title, kind, body, content_hash FROM snippet")
            for r in snippets {
                let id: String = r["id"], body: String = r["body"], hash: String = r["content_hash"]
                let kind = SnippetKind(rawValue: r["kind"]) ?? .markdown
                if ContentHash.of(body) != hash { problems.append("snippet \(id.prefix(8)): content hash does not match its body") }
                let stored = try Row.fetchAll(db, sql: "SELECT text, byte_start, byte_end FROM chunk WHERE snippet_id = ? ORDER BY ordinal", arguments: [id])
                    .map { ($0["text"] as String, $0["byte_start"] as Int, $0["byte_end"] as Int) }
                let expected = Self.chunker.chunks(of: body, kind: kind).map { ($0.text, $0.byteStart, $0.byteEnd) }
                if stored.count != expected.count || zip(stored, expected).contains(where: { $0.0 != $1.0 || $0.1 != $1.1 || $0.2 != $1.2 }) {
                    problems.append("snippet \(id.prefix(8)): \(stored.count) stored chunk(s) do not match the \(expected.count) its body makes")
                }
                guard let newest = try Row.fetchOne(db, sql: "SELECT id, title, content_hash FROM snippet_revision WHERE snippet_id = ? ORDER BY id DESC LIMIT 1", arguments: [id]) else {
                    problems.append("snippet \(id.prefix(8)): no revision"); continue
                }
                if (newest["content_hash"] as String) != hash || (newest["title"] as String) != (r["title"] as String) {
                    problems.append("snippet \(id.prefix(8)): newest revision does not hold the current text")
                }
            }
            return problems
        }
        return problems
    }

    /// The facts the crash test compares against the writes it saw acknowledged.
    public func crashTestFacts(notebookTitle: String) throws -> StoreFacts {
        try read { db in
            var hashes: [String: String] = [:]
            var trashed: Set<String> = []
            for r in try Row.fetchAll(db, sql: """
                SELECT s.id AS id, s.content_hash AS hash, s.trashed_at IS NOT NULL AS trashed FROM snippet s JOIN notebook n ON n.id = s.notebook_id
                WHERE n.title = ?
                """, arguments: [notebookTitle]) {
                if r["trashed"] as Bool { trashed.insert(r["id"]) } else { hashes[r["id"]] = r["hash"] }
            }
            var bySource: [String: [String]] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT n.source_name AS source, s.body AS body FROM notebook n JOIN snippet s ON s.notebook_id = n.id
                WHERE n.source_name IS NOT NULL AND n.trashed_at IS NULL AND s.trashed_at IS NULL ORDER BY s.position
                """) {
                bySource[r["source"], default: []].append(r["body"])
            }
            let cards = Set(try String.fetchAll(db, sql: "SELECT id FROM card"))
            var reviews: [String: Int] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT card_id, count(*) AS n FROM review_log GROUP BY card_id") { reviews[r["card_id"]] = r["n"] }
            return StoreFacts(snippetHashes: hashes, trashedSnippets: trashed, notebookBodiesBySource: bySource, cardIDs: cards, reviewCounts: reviews)
        }
    }
}
