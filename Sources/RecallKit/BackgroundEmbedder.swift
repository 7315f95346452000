import Foundation
import LLM
import Retrieval
import Store

/// Keeps embeddings current while a program runs: after a save, `noteSaved()` schedules a background run of the
/// indexer over what is pending (the new and changed chunks), shortly after the last save, one run at a time; saves
/// during a run make it go again. After each run the planner's vector index is refreshed, so the new chunks are
/// found by vector and hybrid search without a restart. Nothing here blocks the caller.
public final class BackgroundEmbedder: @unchecked Sendable {
    /// What a run reports.
    public enum Event: Sendable, Equatable {
        /// Progress of a run (start, per batch, done).
        case progress(IndexProgress)
        /// A run ended; `embedded` chunks were saved (0: nothing was pending).
        case finished(embedded: Int)
        /// A run stopped on an error (the server went away, another model's vectors are stored); nothing is lost and
        /// the next save tries again.
        case failed(String)
    }

    private let db: AppDatabase
    private let model: String
    private let embedder: Embedder
    private let planner: RetrievalPlanner?
    private let delay: Duration
    private let onEvent: @Sendable (Event) -> Void
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var dirty = false
    private var runs = 0

    /// Creates an embedder for `profile`'s embedding model; `planner` (if any) is refreshed after each run.
    /// `delay` is how long it waits after a save before embedding (saves in quick succession share one run).
    public init(db: AppDatabase, profile: LLMProfile, environment: [String: String] = ProcessInfo.processInfo.environment,
                planner: RetrievalPlanner? = nil, delay: Duration = .milliseconds(400),
                onEvent: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.db = db
        self.model = profile.embedModel
        self.embedder = LLMServices(profile: profile, environment: environment).embedder
        self.planner = planner
        self.delay = delay
        self.onEvent = onEvent
    }

    /// Schedules embedding of whatever is pending (call it after a snippet was saved, created or imported).
    public func noteSaved() {
        lock.withLock {
            dirty = true
            guard task == nil else { return }
            task = Task.detached(priority: .utility) { [self] in await loop() }
        }
    }

    /// How many runs have finished (successful or not).
    public var completedRuns: Int { lock.withLock { runs } }

    /// Waits until no run is scheduled or running.
    public func waitUntilIdle() async {
        while let t = lock.withLock({ task }) { await t.value }
    }

    /// Stops the current run between batches (nothing half-written) and drops any scheduled one.
    public func cancel() {
        lock.withLock {
            task?.cancel()
            dirty = false
        }
    }

    private func loop() async {
        while true {
            try? await Task.sleep(for: delay)
            let go = lock.withLock { () -> Bool in
                if Task.isCancelled || !dirty { task = nil; return false }
                dirty = false
                return true
            }
            guard go else { return }
            await runOnce()
            lock.withLock { runs += 1 }
        }
    }

    private func runOnce() async {
        let embedder = self.embedder
        let onEvent = self.onEvent
        do {
            let result = try await Indexer.run(db: db, model: model,
                                               embed: { try await embedder.embed(texts: $0, kind: .document) },
                                               shrinkable: Indexer.shrinkable, progress: { onEvent(.progress($0)) })
            if result.done > 0 { planner?.refreshIndex(persist: true) }
            onEvent(.finished(embedded: result.done))
        } catch is CancellationError {
            onEvent(.failed("cancelled"))
        } catch {
            onEvent(.failed("\(error)"))
        }
    }
}
