import GRDB

extension Schema {
    /// Migration 008: the last run of each code snippet — exit code, duration, the limit that stopped it, whether
    /// output was cut, the limits it ran under and its output in arrival order (JSON), so the app shows it when the
    /// snippet is opened again. One row per snippet, replaced by each run; removed with the snippet.
    static func v8SnippetRun(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE snippet_run (
                snippet_id TEXT PRIMARY KEY NOT NULL REFERENCES snippet(id) ON DELETE CASCADE,
                content_hash TEXT NOT NULL,
                language TEXT NOT NULL,
                exit_code INTEGER NOT NULL,
                signal INTEGER,
                killed TEXT CHECK (killed IN ('timeout', 'memory', 'output', 'cancelled')),
                truncated INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL,
                limits TEXT NOT NULL,
                transcript TEXT NOT NULL,
                started_at DATETIME NOT NULL
            );
            """)
    }
}
