import Foundation
import LLM
import Retrieval
import Store

/// Why a search ran BM25 instead of the vector or hybrid ranking it wanted.
public enum FallbackReason: Sendable, Equatable, CustomStringConvertible {
    /// The embedding settings could not be read (bad config file, unknown profile).
    case configError(String)
    /// No chunk has a vector of the configured embedding model yet.
    case noEmbeddings(model: String)
    /// Vectors of another model are stored; they must not be compared with this model's query vector.
    case staleModel(stored: [String], configured: String)
    /// The model returns vectors of another length than the stored ones (the model changed under its name).
    case dimensionMismatch(model: String, stored: Int, query: Int)
    /// The query could not be embedded: the server is down, the model is missing, or it answered an error.
    case embeddingUnavailable(String)

    /// One line for a person, saying what to do.
    public var description: String {
        switch self {
        case .configError(let message): return message
        case .noEmbeddings(let model): return "no embeddings for \(model) yet (run `recall index`)"
        case let .staleModel(stored, configured):
            return EmbeddingStoreError.staleModel(stored: stored, configured: configured).description
        case let .dimensionMismatch(_, stored, query):
            return RetrievalError.dimensionMismatch(expected: stored, got: query).description + " — run `recall index --rebuild`"
        case .embeddingUnavailable(let message): return "vector search unavailable: \(message)"
        }
    }

    /// A few words for a status line ("bm25 — model offline").
    public var label: String {
        switch self {
        case .configError: return "config error"
        case .noEmbeddings: return "no embeddings"
        case .staleModel: return "index stale"
        case .dimensionMismatch: return "dimension changed"
        case .embeddingUnavailable: return "model offline"
        }
    }
}

extension RelevanceGate.Evidence {
    /// How many of the top lexical hits are probed for word coverage.
    public static let coverageProbes = 3

    /// The evidence of the hits of `text`: the best cosine among them; when there is none, the best share of the
    /// question's words matched by one of the first `coverageProbes` BM25 hits (read from `db`).
    public init(_ text: String, hits: [RankedHit], db: AppDatabase) throws {
        let cosine = hits.compactMap(\.cosine).max()
        var coverage: Double?
        if cosine == nil {
            for h in hits.filter({ $0.bm25Rank != nil }).prefix(Self.coverageProbes) {
                let c = try db.termCoverage(text, chunkID: h.hit.chunkID)
                if c.total > 0 { coverage = max(coverage ?? 0, Double(c.matched) / Double(c.total)) }
            }
        }
        self.init(topCosine: cosine, topCoverage: coverage)
    }
}

/// An explicit vector or hybrid request that cannot run (a default request falls back to BM25 instead).
public struct RetrievalUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    /// The mode that was asked for.
    public var mode: SearchMode
    /// Why it cannot run.
    public var reason: FallbackReason
    /// The reason, as a person reads it.
    public var description: String { reason.description }

    /// Creates the error.
    public init(mode: SearchMode, reason: FallbackReason) { self.mode = mode; self.reason = reason }
}

/// Where the time of one search went, in milliseconds.
public struct RetrievalTimings: Sendable, Equatable {
    /// Embedding the query (0 for BM25).
    public var embedMs: Double = 0
    /// Waiting for the vector index to load or refresh after the query was embedded.
    public var indexMs: Double = 0
    /// Ranking and reading the hits.
    public var searchMs: Double = 0
    /// The whole plan.
    public var totalMs: Double = 0

    /// Zero timings.
    public init() {}
}

/// Whether the hits are about the question, and the closest titles to show when they are not.
public struct RelevanceVerdict: Sendable, Equatable {
    /// True when the best hit clears the gate's threshold.
    public var isRelevant: Bool
    /// What the verdict was based on.
    public var signal: RelevanceGate.Signal
    /// Distinct snippet titles of the best hits (at most three), best first.
    public var closestTitles: [String]
}

/// The outcome of one search: which ranking ran, why it fell back, the hits and how relevant they are.
public struct RetrievalPlan: Sendable {
    /// The mode asked for (nil: the default).
    public var requested: SearchMode?
    /// The mode that ran.
    public var used: SearchMode
    /// Why it ran BM25 instead of the vector or hybrid ranking it wanted (nil: no fallback).
    public var fallback: FallbackReason?
    /// The embedding model whose vectors were used (nil for BM25).
    public var embedModel: String?
    /// The hits, best first.
    public var hits: [RankedHit]
    /// Where the time went.
    public var timings: RetrievalTimings
    /// Whether anything found is about the question (`RelevanceGate.tuned` unless the planner was given another).
    public var relevance: RelevanceVerdict
}

/// The one place that decides how a search runs, for `recall search`, `recall ask` and the app.
///
/// Without a mode it runs hybrid when the notes have vectors of the configured embedding model and the query can
/// be embedded, and BM25 otherwise, saying why (`FallbackReason`). An explicit `vector`/`hybrid` that cannot run
/// throws `RetrievalUnavailable`. The vector index is loaded once per model (beside the query embedding) and kept;
/// each plan compares it with the stored vectors (count and newest chunk id, one indexed query) and brings it up to
/// date when they differ, so newly embedded chunks are found without a restart. `refreshIndex()` forces that sync.
public final class RetrievalPlanner: @unchecked Sendable {
    /// The database searched.
    public let db: AppDatabase
    /// The relevance thresholds applied to every plan.
    public let gate: RelevanceGate
    /// How hybrid search fuses its two lists.
    public let fusion: RankFusion.Method
    /// How many hits of each list are fused.
    public let depth: Int
    private let profile: Result<LLMProfile, any Error>
    private let embedder: Embedder?
    private let lock = NSLock()
    private var slot: (model: String, task: Task<Cached, any Error>)?

    /// Creates a planner over `db` with the embedding settings of `profile` (a failed config load is kept and
    /// reported as `FallbackReason.configError` when vectors are wanted).
    public init(db: AppDatabase, profile: Result<LLMProfile, any Error>,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                fusion: RankFusion.Method = HybridSearch.defaultFusion, depth: Int = HybridSearch.defaultDepth, gate: RelevanceGate = .tuned) {
        self.db = db
        self.profile = profile
        self.embedder = (try? profile.get()).map { LLMServices(profile: $0, environment: environment).embedder }
        self.fusion = fusion
        self.depth = depth
        self.gate = gate
    }

    /// Creates a planner that reads the embedding settings from the config file and `environment`.
    public convenience init(db: AppDatabase, environment: [String: String]) {
        self.init(db: db, profile: Result { try LLMConfigLoader.load(environment: environment) }, environment: environment)
    }

    /// Searches `text` in `mode` (nil: hybrid when possible, else BM25 with a reason). `explicit` makes a vector
    /// or hybrid mode that cannot run an error instead of a fallback (a nil mode is never explicit).
    public func plan(_ text: String, mode: SearchMode?, explicit: Bool = true, limit: Int,
                     filter: SearchFilter = SearchFilter()) async throws -> RetrievalPlan {
        let started = DispatchTime.now()
        var timings = RetrievalTimings()
        let strict = explicit && mode != nil
        func finish(_ used: SearchMode, _ fallback: FallbackReason?, _ search: HybridSearch, _ vector: [Float]?) throws -> RetrievalPlan {
            let t0 = DispatchTime.now()
            let hits = try search.search(text, queryVector: vector, mode: used, limit: limit, filter: filter)
            timings.searchMs = Self.ms(since: t0)
            timings.totalMs = Self.ms(since: started)
            return RetrievalPlan(requested: mode, used: used, fallback: fallback, embedModel: used == .bm25 ? nil : search.model,
                                 hits: hits, timings: timings, relevance: try verdict(text, hits))
        }
        func fallBack(_ reason: FallbackReason) throws -> RetrievalPlan {
            if strict, let mode { throw RetrievalUnavailable(mode: mode, reason: reason) }
            return try finish(.bm25, reason, searcher(model: "", index: nil), nil)
        }
        if mode == .bm25 { return try finish(.bm25, nil, searcher(model: "", index: nil), nil) }
        let wanted = mode ?? .hybrid
        let profile: LLMProfile
        do { profile = try self.profile.get() } catch { return try fallBack(.configError("\(error)")) }
        let model = profile.embedModel
        let stored = try db.embeddingModels()
        let others = stored.keys.filter { $0 != model }.sorted()
        if !others.isEmpty { return try fallBack(.staleModel(stored: others, configured: model)) }
        if (stored[model] ?? 0) == 0 { return try fallBack(.noEmbeddings(model: model)) }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let embedder else {
            return try finish(wanted, nil, searcher(model: model, index: nil), nil)
        }
        let loading = indexTask(model: model)
        let vector: [Float]
        let t0 = DispatchTime.now()
        do { vector = try await HybridSearch.embedQuery(text, embedder: embedder) } catch {
            if error is CancellationError { throw error }
            return try fallBack(.embeddingUnavailable("\(error)"))
        }
        timings.embedMs = Self.ms(since: t0)
        let t1 = DispatchTime.now()
        guard let index = try await loading.value.index, index.count > 0 else { return try fallBack(.noEmbeddings(model: model)) }
        timings.indexMs = Self.ms(since: t1)
        if vector.count != index.dimension {
            return try fallBack(.dimensionMismatch(model: model, stored: index.dimension, query: vector.count))
        }
        return try finish(wanted, nil, searcher(model: model, index: index), vector)
    }

    /// Brings the cached vector index in line with the stored vectors (new, changed and deleted chunks) on the
    /// next plan; call it after embedding new chunks. Cheap when nothing changed.
    /// With `persist` (after the app's background embedding), the index is read afresh from the database and the
    /// index file beside it rewritten, labelled with the state read in the same transaction.
    public func refreshIndex(persist: Bool = false) {
        lock.withLock {
            guard let s = slot else { return }
            slot = (s.model, Self.refreshed(s.task, db: db, model: s.model, persist: persist))
        }
    }

    /// Starts loading the configured model's vector index in the background (the app calls it at start), so the
    /// first hybrid search waits only for its query embedding, like the later ones. Does nothing without vectors.
    public func prepareIndex() {
        guard let model = try? profile.get().embedModel else { return }
        Task.detached(priority: .utility) { [self] in
            guard let stored = try? db.embeddingModels(), (stored[model] ?? 0) > 0, stored.count == 1 else { return }
            _ = indexTask(model: model)
        }
    }

    /// The relevance verdict of the hits of `text` under this planner's gate.
    public func verdict(_ text: String, _ hits: [RankedHit]) throws -> RelevanceVerdict {
        let evidence = try RelevanceGate.Evidence(text, hits: hits, db: db)
        var seen = Set<String>()
        let titles = hits.filter { seen.insert($0.hit.snippetID).inserted }.prefix(3).map(\.hit.snippetTitle)
        return RelevanceVerdict(isRelevant: gate.isRelevant(evidence), signal: gate.signal(evidence), closestTitles: titles)
    }

    // MARK: internals

    private func searcher(model: String, index: VectorIndex<Int64>?) -> HybridSearch {
        HybridSearch(db: db, model: model, index: index, fusion: fusion, depth: depth)
    }

    /// A loaded index and the stored-vector signature read just before it was loaded or synced.
    private struct Cached: Sendable {
        var index: VectorIndex<Int64>?
        var signature: EmbeddingSignature?
        var source: VectorIndexSource? = nil
    }

    /// Where the current index came from (mapped file or rebuilt), once it has loaded; nil before the first
    /// vector or hybrid plan, or when synced in memory since.
    public func indexSource() async -> VectorIndexSource? {
        guard let task = lock.withLock({ slot?.task }) else { return nil }
        return try? await task.value.source
    }

    /// The index task of `model`: the cached one (synced first when the stored vectors changed), or a new load.
    private func indexTask(model: String) -> Task<Cached, any Error> {
        let now = try? db.embeddingSignature(model: model)
        return lock.withLock {
            if let s = slot, s.model == model {
                let task = Self.refreshed(s.task, db: db, model: model, unlessAt: now)
                slot = (model, task)
                return task
            }
            let db = self.db
            let task = Task.detached(priority: .userInitiated) {
                let signature = try db.embeddingSignature(model: model)
                let loaded = try PersistedVectorIndex.load(db: db, model: model)
                return Cached(index: loaded?.index, signature: signature, source: loaded?.source)
            }
            slot = (model, task)
            return task
        }
    }

    /// A task that waits for `previous` and syncs its index with the database (a full load when it had none or its
    /// dimension no longer matches). An index loaded at the signature `unlessAt` is passed through unchanged.
    private static func refreshed(_ previous: Task<Cached, any Error>, db: AppDatabase, model: String,
                                  unlessAt signature: EmbeddingSignature? = nil, persist: Bool = false) -> Task<Cached, any Error> {
        Task.detached(priority: .userInitiated) {
            let old = try? await previous.value
            if let old, old.index != nil, let signature, old.signature == signature { return old }
            let now = try db.embeddingSignature(model: model)
            // Persisting reads the vectors afresh in one transaction (the file must name exactly the state it holds).
            guard !persist, var index = old?.index, let dim = try db.embeddingDimension(model: model), dim == index.dimension else {
                let loaded = try PersistedVectorIndex.load(db: db, model: model)
                return Cached(index: loaded?.index, signature: now, source: loaded?.source)
            }
            try VectorIndexLoader.sync(&index, db: db, model: model)
            return Cached(index: index, signature: now)
        }
    }

    private static func ms(since t: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - t.uptimeNanoseconds) / 1_000_000
    }
}
