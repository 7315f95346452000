import GRDB

extension Schema {
    /// Migration 003: decks, cards and the append-only review log (owned by the review work).
    static func v3Cards(_ db: Database) throws {}
}
