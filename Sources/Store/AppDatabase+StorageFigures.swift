import GRDB

/// Storage figures `recall bench revisions` reports (they need the pool, so they live with the database).
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
