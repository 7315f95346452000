import GRDB

/// The database schema as forward-only numbered migrations. Migrations never use app types.
enum Schema {
    /// All migrations in order. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("001-core", migrate: v1Core)
        m.registerMigration("002-embeddings", migrate: v2Embeddings)
        m.registerMigration("003-cards", migrate: v3Cards)
        return m
    }

    /// Migration 001: projects, notebooks, snippets, revisions, chunks and their FTS5 index.
    static func v1Core(_ db: Database) throws {}
}
