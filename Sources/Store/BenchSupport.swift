import Foundation
import GRDB

/// Baselines for `recall bench store`, run in the same process as the measured code.
public enum BenchSupport {
    /// Inserts texts into a bare FTS5 table (same tokenizer, one transaction, no chunk rows, revisions or hashes) in a
    /// fresh database at `path`, and returns the seconds it took: the floor our import pipeline is compared against.
    public static func bareFTSInsertSeconds(path: String, texts: [String]) throws -> Double {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2')")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        try queue.write { db in
            let st = try db.makeStatement(sql: "INSERT INTO t (title, text) VALUES ('bench', ?)")
            for t in texts { try st.execute(arguments: [t]) }
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

extension AppDatabase {
    /// Moves the WAL into the database file (truncating it) and returns the bytes of pages in use (the file's
    /// pages minus free ones, which later writes reuse), so the figure measures what is stored.
    public func checkpointForBench() throws -> (fileBytes: Int, usedBytes: Int) {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            return (pages * pageSize, (pages - free) * pageSize)
        }
    }

    /// Bytes the revision texts take (plain bodies plus compressed/delta data).
    public func revisionStorageBytes() throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT coalesce(sum(length(CAST(body AS BLOB))), 0) + coalesce(sum(length(data)), 0) FROM snippet_revision") ?? 0 }
    }
}
