import GRDB

extension Schema {
    /// Migration 011: A/B arena rounds — one question asked of two model profiles with the same sources, both
    /// answers with their speed figures, and the vote (NULL until cast). Times are UTC.
    static func v11Arena(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE arena_round (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                question TEXT NOT NULL,
                retrieval TEXT NOT NULL,
                sources INTEGER NOT NULL,
                blind INTEGER NOT NULL DEFAULT 0,
                profile_a TEXT NOT NULL,
                model_a TEXT NOT NULL,
                answer_a TEXT NOT NULL,
                first_token_ms_a REAL,
                tokens_per_s_a REAL,
                tokens_in_a INTEGER,
                tokens_out_a INTEGER,
                profile_b TEXT NOT NULL,
                model_b TEXT NOT NULL,
                answer_b TEXT NOT NULL,
                first_token_ms_b REAL,
                tokens_per_s_b REAL,
                tokens_in_b INTEGER,
                tokens_out_b INTEGER,
                vote TEXT CHECK (vote IN ('a', 'b', 'tie')),
                created_at DATETIME NOT NULL,
                voted_at DATETIME
            );
            CREATE INDEX arena_round_models ON arena_round(model_a, model_b);
            """)
    }
}
