/// Errors raised by the retrieval core; each message says what happened and what to do.
public enum RetrievalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A vector had a different length than the index expects.
    case dimensionMismatch(expected: Int, got: Int)
    /// A vector contained NaN or infinity.
    case nonFiniteVector
    /// A vector was all zeros (cosine is undefined).
    case zeroVector
    /// A stored vector BLOB had a byte length that is not `dim * 4`.
    case corruptBlob(bytes: Int, dimension: Int)
    /// A persisted vector index did not hold together (sizes or ids disagree); it is rebuilt from the database.
    case corruptIndex(String)

    /// One line for a person.
    public var description: String {
        switch self {
        case let .dimensionMismatch(expected, got):
            return "embedding has \(got) dimensions but the index holds \(expected)-dimensional vectors — the embedding model changed; run `recall index --rebuild`"
        case .nonFiniteVector:
            return "the embedding model returned a vector containing NaN or infinity — check the model (try another embedding model) and run `recall index` again"
        case .zeroVector:
            return "the embedding model returned an all-zero vector — check the model (try another embedding model) and run `recall index` again"
        case let .corruptBlob(bytes, dimension):
            return "a stored embedding is \(bytes) bytes, expected \(dimension * 4) — run `recall index --rebuild`"
        case .corruptIndex(let detail):
            return "the vector index file is damaged (\(detail)) — it is rebuilt from the database; nothing is lost"
        }
    }
}
