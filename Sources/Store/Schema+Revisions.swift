import GRDB

extension Schema {
    /// Migration 005: large revisions stored compressed or as deltas (`RevisionStorage`). Existing rows stay
    /// `plain` (revisions are append-only, never rewritten); only new revisions of large texts use `data`.
    static func v5RevisionCompression(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE snippet_revision ADD COLUMN storage TEXT NOT NULL DEFAULT 'plain' CHECK (storage IN ('plain', 'zlib', 'delta'));
            ALTER TABLE snippet_revision ADD COLUMN base_id INTEGER;
            ALTER TABLE snippet_revision ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE snippet_revision ADD COLUMN data BLOB;
            """)
    }
}
