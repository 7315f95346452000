import Foundation
import GRDB
import Notebook

extension AppDatabase {
    /// Appends a revision holding `s`'s title and text. A text of `RevisionCodec.threshold` bytes or more is stored
    /// as a delta against the previous revision when that revision holds `previous`'s text and the change is small,
    /// else as a zlib copy; smaller texts are stored plain.
    func appendRevision(_ db: Database, snippet s: Snippet, origin: RevisionOrigin, previous: Snippet? = nil) throws {
        let bytes = Array(s.body.utf8)
        guard bytes.count >= RevisionCodec.threshold else {
            try db.cachedStatement(sql: "INSERT INTO snippet_revision (snippet_id, title, body, content_hash, origin, created_at) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [s.id, s.title, s.body, s.contentHash, origin.rawValue, clock()])
            return
        }
        var storage = RevisionStorage.zlib
        var baseID: Int64?
        var depth = 0
        var data: [UInt8]?
        if let previous, let last = try Row.fetchOne(db, sql: "SELECT id, content_hash, depth FROM snippet_revision WHERE snippet_id = ? ORDER BY id DESC LIMIT 1",
                                                      arguments: [s.id]),
           (last["content_hash"] as String) == previous.contentHash, (last["depth"] as Int) < RevisionCodec.maxChainDepth,
           let d = RevisionCodec.delta(from: Array(previous.body.utf8), to: bytes) {
            storage = .delta; baseID = last["id"]; depth = (last["depth"] as Int) + 1; data = d
        }
        let blob = Data(data ?? RevisionCodec.compress(bytes))
        try db.cachedStatement(sql: """
            INSERT INTO snippet_revision (snippet_id, title, body, content_hash, origin, created_at, storage, base_id, depth, data)
            VALUES (?, ?, '', ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [s.id, s.title, s.contentHash, origin.rawValue, clock(), storage.rawValue, baseID, depth, blob])
    }

    /// A snippet's revisions with their texts decoded, newest first. Decoded oldest first, so each delta's base is
    /// the text just decoded.
    func decodedRevisions(_ db: Database, snippetID: String) throws -> [Revision] {
        var out: [Revision] = []
        var last: (id: Int64, bytes: [UInt8])?
        for r in try Row.fetchAll(db, sql: "SELECT * FROM snippet_revision WHERE snippet_id = ? ORDER BY id", arguments: [snippetID]) {
            let bytes = try revisionBytes(db, row: r, cachedBase: last)
            let id: Int64 = r["id"]
            last = (id, bytes)
            out.append(try revision(row: r, bytes: bytes))
        }
        return out.reversed()
    }

    /// One revision with its text decoded.
    func decodedRevision(_ db: Database, row: Row) throws -> Revision {
        try revision(row: row, bytes: revisionBytes(db, row: row, cachedBase: nil))
    }

    /// The revision value, after checking the decoded text against its stored hash.
    private func revision(row: Row, bytes: [UInt8]) throws -> Revision {
        let id: Int64 = row["id"]
        let body = String(decoding: bytes, as: UTF8.self)
        if (row["storage"] as String? ?? "plain") != RevisionStorage.plain.rawValue, ContentHash.of(body) != (row["content_hash"] as String) {
            throw RevisionCodec.Damaged(revisionID: id)
        }
        return Revision(id: id, snippetID: row["snippet_id"], title: row["title"], body: body,
                        contentHash: row["content_hash"], origin: RevisionOrigin(rawValue: row["origin"]) ?? .edit, createdAt: row["created_at"])
    }

    /// The UTF-8 text of a revision row, following its delta chain (at most `maxChainDepth` rows).
    private func revisionBytes(_ db: Database, row: Row, cachedBase: (id: Int64, bytes: [UInt8])?) throws -> [UInt8] {
        let id: Int64 = row["id"]
        switch RevisionStorage(rawValue: row["storage"] as String? ?? "plain") {
        case .plain?:
            return Array((row["body"] as String).utf8)
        case .zlib?:
            guard let data = row["data"] as Data?, let bytes = RevisionCodec.decompress(Array(data)[...]) else { throw RevisionCodec.Damaged(revisionID: id) }
            return bytes
        case .delta?:
            guard let data = row["data"] as Data?, let baseID = row["base_id"] as Int64? else { throw RevisionCodec.Damaged(revisionID: id) }
            let base: [UInt8]
            if let c = cachedBase, c.id == baseID { base = c.bytes } else {
                guard let baseRow = try Row.fetchOne(db, sql: "SELECT * FROM snippet_revision WHERE id = ?", arguments: [baseID]),
                      (baseRow["depth"] as Int) < (row["depth"] as Int) else { throw RevisionCodec.Damaged(revisionID: id) }
                base = try revisionBytes(db, row: baseRow, cachedBase: nil)
            }
            guard let bytes = RevisionCodec.apply(Array(data), to: base) else { throw RevisionCodec.Damaged(revisionID: id) }
            return bytes
        case nil:
            throw RevisionCodec.Damaged(revisionID: id)
        }
    }
}
