import GRDB

/// The database schema as forward-only numbered migrations. Migrations never use app types.
enum Schema {
    /// All migrations in order. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("001-core", migrate: v1Core)
        m.registerMigration("002-embeddings", migrate: v2Embeddings)
        m.registerMigration("003-cards", migrate: v3Cards)
        m.registerMigration("004-ask", migrate: v4Ask)
        m.registerMigration("005-revision-compression", migrate: v5RevisionCompression)
        m.registerMigration("006-study-status", migrate: v6StudyStatus)
        m.registerMigration("007-deck-notebook", migrate: v7DeckNotebooks)
        m.registerMigration("008-snippet-run", migrate: v8SnippetRun)
        m.registerMigration("011-arena", migrate: v11Arena)
        m.registerMigration("012-vector-state", migrate: v12VectorState)
        return m
    }

    /// Migration 001: projects, notebooks, snippets, revisions, chunks, settings and the FTS5 index over chunks.
    /// The FTS5 table is external-content over a view (snippet title + chunk text), so the text is stored once;
    /// triggers keep it in sync, and chunks go before their snippet so their index entries can be removed.
    static func v1Core(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE project (
                id TEXT PRIMARY KEY NOT NULL,
                title TEXT NOT NULL,
                position INTEGER NOT NULL DEFAULT 0,
                created_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL,
                trashed_at DATETIME
            );
            CREATE TABLE notebook (
                id TEXT PRIMARY KEY NOT NULL,
                project_id TEXT NOT NULL REFERENCES project(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                tags TEXT NOT NULL DEFAULT '',
                source_name TEXT,
                position INTEGER NOT NULL DEFAULT 0,
                created_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL,
                trashed_at DATETIME
            );
            CREATE INDEX notebook_project ON notebook(project_id, position);
            CREATE TABLE snippet (
                id TEXT PRIMARY KEY NOT NULL,
                notebook_id TEXT NOT NULL REFERENCES notebook(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('markdown', 'code')),
                language TEXT,
                tags TEXT NOT NULL DEFAULT '',
                body TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                position INTEGER NOT NULL DEFAULT 0,
                created_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL,
                trashed_at DATETIME
            );
            CREATE INDEX snippet_notebook ON snippet(notebook_id, position);
            CREATE TABLE snippet_revision (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                snippet_id TEXT NOT NULL REFERENCES snippet(id) ON DELETE CASCADE,
                title TEXT NOT NULL,
                body TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                origin TEXT NOT NULL,
                created_at DATETIME NOT NULL
            );
            CREATE INDEX revision_snippet ON snippet_revision(snippet_id, id);
            CREATE TRIGGER snippet_revision_append_only_update BEFORE UPDATE ON snippet_revision
                BEGIN SELECT RAISE(ABORT, 'snippet revisions are append-only'); END;
            CREATE TABLE chunk (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                snippet_id TEXT NOT NULL REFERENCES snippet(id) ON DELETE CASCADE,
                ordinal INTEGER NOT NULL,
                text TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                byte_start INTEGER NOT NULL,
                byte_end INTEGER NOT NULL
            );
            CREATE INDEX chunk_snippet ON chunk(snippet_id, ordinal);
            CREATE VIEW chunk_fts_source AS
                SELECT c.id AS id, s.title AS title, c.text AS text FROM chunk c JOIN snippet s ON s.id = c.snippet_id;
            CREATE VIRTUAL TABLE chunk_fts USING fts5(title, text, content = 'chunk_fts_source', content_rowid = 'id',
                tokenize = 'porter unicode61 remove_diacritics 2');
            CREATE TRIGGER chunk_ai AFTER INSERT ON chunk BEGIN
                INSERT INTO chunk_fts(rowid, title, text)
                SELECT new.id, s.title, new.text FROM snippet s WHERE s.id = new.snippet_id;
            END;
            CREATE TRIGGER chunk_ad AFTER DELETE ON chunk BEGIN
                INSERT INTO chunk_fts(chunk_fts, rowid, title, text)
                SELECT 'delete', old.id, s.title, old.text FROM snippet s WHERE s.id = old.snippet_id;
            END;
            CREATE TRIGGER chunk_au AFTER UPDATE OF text ON chunk BEGIN
                INSERT INTO chunk_fts(chunk_fts, rowid, title, text)
                SELECT 'delete', old.id, s.title, old.text FROM snippet s WHERE s.id = old.snippet_id;
                INSERT INTO chunk_fts(rowid, title, text)
                SELECT new.id, s.title, new.text FROM snippet s WHERE s.id = new.snippet_id;
            END;
            CREATE TRIGGER snippet_title_au AFTER UPDATE OF title ON snippet BEGIN
                INSERT INTO chunk_fts(chunk_fts, rowid, title, text)
                SELECT 'delete', c.id, old.title, c.text FROM chunk c WHERE c.snippet_id = new.id;
                INSERT INTO chunk_fts(rowid, title, text)
                SELECT c.id, new.title, c.text FROM chunk c WHERE c.snippet_id = new.id;
            END;
            CREATE TRIGGER snippet_bd BEFORE DELETE ON snippet BEGIN
                DELETE FROM chunk WHERE snippet_id = old.id;
            END;
            CREATE TABLE setting (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            );
            """)
    }
}
