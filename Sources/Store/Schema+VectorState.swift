import GRDB

extension Schema {
    /// Migration 012: the state of the stored vectors that a persisted vector index file must match. Every change
    /// that can change the index (a vector inserted, updated or deleted; a chunk's text changed or the chunk deleted)
    /// bumps `generation` and draws a new random `stamp`, so a file built at another state — including one built
    /// for a database later restored from a backup — never matches by accident.
    static func v12VectorState(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE embedding_generation (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                generation INTEGER NOT NULL,
                stamp TEXT NOT NULL
            );
            INSERT INTO embedding_generation (id, generation, stamp) VALUES (1, 0, lower(hex(randomblob(8))));
            CREATE TRIGGER embedding_generation_ai AFTER INSERT ON embedding BEGIN
                UPDATE embedding_generation SET generation = generation + 1, stamp = lower(hex(randomblob(8))) WHERE id = 1;
            END;
            CREATE TRIGGER embedding_generation_au AFTER UPDATE ON embedding BEGIN
                UPDATE embedding_generation SET generation = generation + 1, stamp = lower(hex(randomblob(8))) WHERE id = 1;
            END;
            CREATE TRIGGER embedding_generation_ad AFTER DELETE ON embedding BEGIN
                UPDATE embedding_generation SET generation = generation + 1, stamp = lower(hex(randomblob(8))) WHERE id = 1;
            END;
            CREATE TRIGGER embedding_generation_chunk_au AFTER UPDATE OF content_hash ON chunk
                WHEN old.content_hash IS NOT new.content_hash BEGIN
                UPDATE embedding_generation SET generation = generation + 1, stamp = lower(hex(randomblob(8))) WHERE id = 1;
            END;
            CREATE TRIGGER embedding_generation_chunk_ad AFTER DELETE ON chunk BEGIN
                UPDATE embedding_generation SET generation = generation + 1, stamp = lower(hex(randomblob(8))) WHERE id = 1;
            END;
            """)
    }
}
