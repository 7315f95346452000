import GRDB

extension Schema {
    /// Migration 002: one embedding vector per chunk, with the model and dimension that made it and the content
    /// hash of the text it was made from. Vectors are float32 little-endian BLOBs of `dim * 4` bytes.
    /// Deleting a chunk deletes its vector; a vector of another model is never mixed in (see AppDatabase+Embeddings).
    static func v2Embeddings(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE embedding (
                chunk_id INTEGER PRIMARY KEY NOT NULL REFERENCES chunk(id) ON DELETE CASCADE,
                model TEXT NOT NULL,
                dim INTEGER NOT NULL CHECK (dim > 0),
                vector BLOB NOT NULL CHECK (length(vector) = dim * 4),
                content_hash TEXT NOT NULL,
                created_at DATETIME NOT NULL
            );
            CREATE INDEX embedding_model ON embedding(model);
            """)
    }
}
