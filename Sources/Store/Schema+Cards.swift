import GRDB

extension Schema {
    /// Migration 003: decks, cards and the append-only review log (owned by the review work).
    ///
    /// Cards keep the snippet (and chunk) they came from with the content hashes at creation, so a
    /// changed source is flagged rather than silently wrong; the source links are `SET NULL` on delete so
    /// cards and their history survive. The review log is append-only: an undo is a new row that names the
    /// row it takes back. Times are UTC.
    static func v3Cards(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE deck (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL UNIQUE COLLATE NOCASE,
                notebook_id TEXT REFERENCES notebook(id) ON DELETE SET NULL,
                scheduler TEXT NOT NULL DEFAULT 'fsrs' CHECK (scheduler IN ('fsrs', 'sm2')),
                desired_retention REAL NOT NULL DEFAULT 0.9 CHECK (desired_retention > 0 AND desired_retention <= 1),
                learning_steps TEXT NOT NULL DEFAULT '60,600',
                relearning_steps TEXT NOT NULL DEFAULT '600',
                maximum_interval INTEGER NOT NULL DEFAULT 36500 CHECK (maximum_interval >= 1),
                fuzz INTEGER NOT NULL DEFAULT 1,
                new_per_day INTEGER NOT NULL DEFAULT 20 CHECK (new_per_day >= 0),
                weights TEXT,
                created_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL
            );
            CREATE INDEX deck_notebook ON deck(notebook_id);
            CREATE TABLE card (
                id TEXT PRIMARY KEY NOT NULL,
                note_id TEXT NOT NULL,
                deck_id TEXT NOT NULL REFERENCES deck(id) ON DELETE RESTRICT,
                kind TEXT NOT NULL CHECK (kind IN ('basic', 'reversed', 'cloze')),
                front TEXT NOT NULL,
                back TEXT NOT NULL,
                cloze_index INTEGER,
                tags TEXT NOT NULL DEFAULT '',
                source_snippet_id TEXT REFERENCES snippet(id) ON DELETE SET NULL,
                source_chunk_id INTEGER REFERENCES chunk(id) ON DELETE SET NULL,
                source_hash TEXT,
                source_chunk_hash TEXT,
                state TEXT NOT NULL DEFAULT 'learning' CHECK (state IN ('learning', 'review', 'relearning')),
                step INTEGER,
                stability REAL,
                difficulty REAL,
                ease_permille INTEGER NOT NULL DEFAULT 2500,
                repetitions INTEGER NOT NULL DEFAULT 0,
                interval_seconds INTEGER NOT NULL DEFAULT 0,
                due DATETIME NOT NULL,
                last_review DATETIME,
                reps INTEGER NOT NULL DEFAULT 0,
                lapses INTEGER NOT NULL DEFAULT 0,
                created_at DATETIME NOT NULL,
                updated_at DATETIME NOT NULL
            );
            CREATE INDEX card_due ON card(due);
            CREATE INDEX card_deck ON card(deck_id, created_at);
            CREATE INDEX card_note ON card(note_id);
            CREATE INDEX card_source ON card(source_snippet_id);
            CREATE TABLE review_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                card_id TEXT NOT NULL REFERENCES card(id) ON DELETE CASCADE,
                scheduler TEXT NOT NULL,
                rating INTEGER NOT NULL,
                reviewed_at DATETIME NOT NULL,
                state_before TEXT NOT NULL,
                state_after TEXT NOT NULL,
                was_new INTEGER NOT NULL,
                interval_seconds INTEGER NOT NULL,
                schedule_before TEXT NOT NULL,
                schedule_after TEXT NOT NULL,
                undoes INTEGER REFERENCES review_log(id)
            );
            CREATE INDEX review_log_card ON review_log(card_id, id);
            CREATE INDEX review_log_time ON review_log(reviewed_at);
            CREATE TRIGGER review_log_append_only BEFORE UPDATE ON review_log
                BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
            """)
    }
}
