import GRDB

extension Schema {
    /// Migration 004: the Ask history — each question with its standalone query, answer, how it was made, the
    /// sources given to the model (with the snippet/chunk they came from, `SET NULL` when those are deleted, so
    /// history survives a purge) and every citation with its verdict. Times are UTC.
    static func v4Ask(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE ask_answer (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                thread_id TEXT,
                question TEXT NOT NULL,
                standalone_query TEXT NOT NULL,
                answer TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('generated', 'extractive', 'nothing-found')),
                grounded INTEGER NOT NULL,
                model TEXT,
                retrieval TEXT NOT NULL CHECK (retrieval IN ('hybrid', 'bm25', 'vector')),
                scope TEXT NOT NULL CHECK (scope IN ('all', 'project', 'notebook')),
                scope_id TEXT,
                stopped INTEGER NOT NULL DEFAULT 0,
                trimmed INTEGER NOT NULL DEFAULT 0,
                retrieval_ms REAL,
                prompt_ms REAL,
                first_token_ms REAL,
                total_ms REAL,
                tokens_per_s REAL,
                created_at DATETIME NOT NULL
            );
            CREATE INDEX ask_answer_time ON ask_answer(created_at);
            CREATE INDEX ask_answer_thread ON ask_answer(thread_id, id);
            CREATE TABLE ask_source (
                answer_id INTEGER NOT NULL REFERENCES ask_answer(id) ON DELETE CASCADE,
                n INTEGER NOT NULL,
                snippet_id TEXT REFERENCES snippet(id) ON DELETE SET NULL,
                chunk_id INTEGER REFERENCES chunk(id) ON DELETE SET NULL,
                title TEXT NOT NULL,
                notebook TEXT NOT NULL,
                excerpt TEXT NOT NULL,
                score REAL NOT NULL,
                PRIMARY KEY (answer_id, n)
            );
            CREATE INDEX ask_source_snippet ON ask_source(snippet_id);
            CREATE INDEX ask_source_chunk ON ask_source(chunk_id);
            CREATE TABLE ask_citation (
                answer_id INTEGER NOT NULL REFERENCES ask_answer(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                n INTEGER NOT NULL,
                char_start INTEGER NOT NULL,
                char_end INTEGER NOT NULL,
                support TEXT NOT NULL CHECK (support IN ('supported', 'weak', 'unverified')),
                PRIMARY KEY (answer_id, position)
            );
            """)
    }
}
