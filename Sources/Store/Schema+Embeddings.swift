import GRDB

extension Schema {
    /// Migration 002: embedding vectors per chunk and model (owned by the retrieval work).
    static func v2Embeddings(_ db: Database) throws {}
}
