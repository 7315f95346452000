import Foundation

/// A chunk waiting for its embedding.
public struct PendingChunk: Sendable, Equatable {
    /// Chunk row id.
    public var id: Int64
    /// Text to embed.
    public var text: String
    /// Content hash of `text`; stored with the vector so a changed chunk is never matched with an old vector.
    public var contentHash: String

    /// Creates a pending chunk.
    public init(id: Int64, text: String, contentHash: String) {
        self.id = id; self.text = text; self.contentHash = contentHash
    }
}

/// One embedded chunk ready to store.
public struct EmbeddedChunk: Sendable, Equatable {
    /// The chunk.
    public var chunk: PendingChunk
    /// Its vector as the model returned it (validated, not normalised).
    public var vector: [Float]
}

/// Where the pipeline reads work from and writes vectors to (the database, or a fake in tests).
public protocol EmbeddingStore: Sendable {
    /// Chunks without a current vector for the model, with id > `after`, in id order.
    func pendingChunks(after: Int64, limit: Int) throws -> [PendingChunk]
    /// How many chunks still lack a current vector.
    func pendingCount() throws -> Int
    /// Stores one batch atomically (all or nothing).
    func save(_ batch: [EmbeddedChunk], dimension: Int) throws
    /// The dimension of vectors already stored for the model, if any.
    func storedDimension() throws -> Int?
}

/// A progress report of `recall index`, one JSON object per line with `--json`.
public struct IndexProgress: Codable, Sendable, Equatable {
    /// What a report says (its raw value is the `event` field of `recall index --json`).
    public enum Event: String, Codable, Sendable {
        /// Embedding begins: `total` chunks to do.
        case start
        /// A batch was stored.
        case progress
        /// Every pending chunk is embedded.
        case done
        /// The run stopped (`message` says why).
        case error
    }

    /// `start`, `progress`, `done` or `error`.
    public var event: Event
    /// Embedding model name.
    public var model: String
    /// Chunks embedded so far in this run.
    public var done: Int
    /// Chunks to embed in this run.
    public var total: Int
    /// Chunks whose text was cut to fit the model's context.
    public var truncated: Int
    /// Vector dimension, once known.
    public var dimension: Int?
    /// Chunks per second so far.
    public var rate: Double?
    /// A message for a person (errors, notes).
    public var message: String?

    /// Creates a report.
    public init(event: Event, model: String, done: Int, total: Int, truncated: Int, dimension: Int? = nil, rate: Double? = nil, message: String? = nil) {
        self.event = event; self.model = model; self.done = done; self.total = total; self.truncated = truncated
        self.dimension = dimension; self.rate = rate; self.message = message
    }

    /// A short line for a status bar, e.g. `indexing 120/480 (25%)`.
    public var statusLine: String {
        switch event {
        case .done: return "index ready: \(done) chunk\(done == 1 ? "" : "s") embedded with \(model)"
        case .error: return "indexing stopped: \(message ?? "error")"
        case .start, .progress:
            let pct = total > 0 ? done * 100 / total : 100
            return "indexing \(done)/\(total) (\(pct)%)"
        }
    }
}

/// Embeds every pending chunk in batches and stores each batch in one transaction.
///
/// Resumable by construction: a crash, Ctrl-C or a dead server loses at most the batch in flight, and the
/// next run starts from what is still pending. Over-long texts are cut knowingly (counted as `truncated`);
/// when the server rejects a batch (e.g. context overflow) its items are retried one by one with shorter text,
/// so one odd chunk never fails a batch.
public struct EmbeddingPipeline: Sendable {
    /// Chunks per request.
    public var batchSize: Int
    /// Longest text sent, in characters (about 3 characters per token for the model's context).
    public var maxCharacters: Int
    /// The shortest a rejected text is cut to before giving up.
    public var minCharacters: Int

    /// Creates a pipeline.
    public init(batchSize: Int = 32, maxCharacters: Int = 6000, minCharacters: Int = 200) {
        self.batchSize = max(1, batchSize)
        self.maxCharacters = max(1, maxCharacters)
        self.minCharacters = max(1, min(minCharacters, maxCharacters))
    }

    /// The text as sent to the model: cut to `limit` characters at a word boundary when longer.
    public static func fit(_ text: String, limit: Int) -> (text: String, truncated: Bool) {
        guard text.count > limit else { return (text, false) }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(where: { $0 == " " || $0 == "\n" }), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = String(cut[..<space])
        }
        return (cut, true)
    }

    /// Runs to completion (or throws); `shrinkable` says which embed errors mean "input too large/bad, retry smaller".
    @discardableResult
    public func run(
        store: any EmbeddingStore, model: String,
        embed: @Sendable ([String]) async throws -> [[Float]],
        shrinkable: @Sendable (any Error) -> Bool = { _ in false },
        progress: (IndexProgress) -> Void = { _ in },
        now: @Sendable () -> Date = { Date() }
    ) async throws -> IndexProgress {
        let total = try store.pendingCount()
        var dimension = try store.storedDimension()
        var state = IndexProgress(event: .start, model: model, done: 0, total: total, truncated: 0, dimension: dimension)
        progress(state)
        let started = now()
        var cursor: Int64 = .min
        while true {
            try Task.checkCancellation()
            let batch = try store.pendingChunks(after: cursor, limit: batchSize)
            guard let last = batch.last else { break }
            cursor = last.id
            let (vectors, truncated) = try await embedBatch(batch, embed: embed, shrinkable: shrinkable)
            var out: [EmbeddedChunk] = []
            for (chunk, vector) in zip(batch, vectors) {
                do { try VectorMath.validate(vector) } catch let error as RetrievalError {
                    throw EmbeddingPipelineError.rejected(chunkID: chunk.id, reason: error)
                }
                let d = dimension ?? vector.count
                guard vector.count == d else {
                    throw EmbeddingPipelineError.rejected(chunkID: chunk.id, reason: .dimensionMismatch(expected: d, got: vector.count))
                }
                dimension = d
                out.append(EmbeddedChunk(chunk: chunk, vector: vector))
            }
            try Task.checkCancellation()
            try store.save(out, dimension: dimension ?? 0)
            state.event = .progress
            state.done += out.count
            state.truncated += truncated
            state.dimension = dimension
            let seconds = now().timeIntervalSince(started)
            state.rate = seconds > 0 ? Double(state.done) / seconds : nil
            state.total = max(state.total, state.done)
            progress(state)
        }
        state.event = .done
        progress(state)
        return state
    }

    /// Embeds one batch, falling back to one-by-one with shorter text when the server rejects it.
    private func embedBatch(
        _ batch: [PendingChunk], embed: @Sendable ([String]) async throws -> [[Float]],
        shrinkable: @Sendable (any Error) -> Bool
    ) async throws -> ([[Float]], Int) {
        let fitted = batch.map { Self.fit($0.text, limit: maxCharacters) }
        var truncated = fitted.filter(\.truncated).count
        do {
            let vectors = try await embed(fitted.map(\.text))
            guard vectors.count == batch.count else {
                throw EmbeddingPipelineError.countMismatch(expected: batch.count, got: vectors.count)
            }
            return (vectors, truncated)
        } catch where shrinkable(error) {
            var vectors: [[Float]] = []
            for (i, item) in fitted.enumerated() {
                var text = item.text
                var cut = item.truncated
                while true {
                    do {
                        let v = try await embed([text])
                        guard v.count == 1 else { throw EmbeddingPipelineError.countMismatch(expected: 1, got: v.count) }
                        vectors.append(v[0]); break
                    } catch where shrinkable(error) && text.count > minCharacters {
                        text = Self.fit(text, limit: max(minCharacters, text.count / 2)).text
                        cut = true
                    } catch where shrinkable(error) {
                        throw EmbeddingPipelineError.rejectedText(chunkID: batch[i].id, message: String(describing: error))
                    }
                }
                if cut && !item.truncated { truncated += 1 }
            }
            return (vectors, truncated)
        }
    }
}

/// Why the pipeline stopped on a particular chunk.
public enum EmbeddingPipelineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The model's vector for a chunk was unusable.
    case rejected(chunkID: Int64, reason: RetrievalError)
    /// The server refused a chunk even when cut short.
    case rejectedText(chunkID: Int64, message: String)
    /// The server returned a different number of vectors than texts.
    case countMismatch(expected: Int, got: Int)

    /// One line for a person.
    public var description: String {
        switch self {
        case let .rejected(id, reason): return "chunk \(id): \(reason)"
        case let .rejectedText(id, message): return "chunk \(id) could not be embedded even when shortened (\(message)) — edit that snippet or choose another embedding model"
        case let .countMismatch(e, g): return "asked for \(e) embeddings but the server returned \(g) — reduce the batch size with --batch or update the server"
        }
    }
}
