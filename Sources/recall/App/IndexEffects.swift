import AppCore
import Foundation
import LLM
import RecallKit
import Retrieval
import Store
import Terminal

/// Keeps the vector index in step with the notes while the app runs, through RecallKit's `BackgroundEmbedder` (the
/// same as the CLI's): at start and soon after each save, when the embedding server is reachable and has the
/// configured model, new and changed chunks are embedded in the background (each batch in one transaction, so
/// quitting mid-way loses nothing); progress goes to the status line and the retrieval planner picks the new
/// vectors up. An offline server stays quiet here (the status line already says so). Typing never waits on it.
/// Each run that has chunks to embed is a job in the jobs view (progress in chunks; cancelling stops it between
/// batches, and the next save or start picks up what is left).
final class IndexEffects: @unchecked Sendable {
    private let db: AppDatabase
    private let environment: [String: String]
    private let mailbox: Mailbox<AppMessage>
    private let planner: RetrievalPlanner
    private let jobs: JobCenter
    private let lock = NSLock()
    private var embedder: BackgroundEmbedder?
    private var job: JobHandle?

    init(db: AppDatabase, environment: [String: String], mailbox: Mailbox<AppMessage>, planner: RetrievalPlanner, jobs: JobCenter) {
        self.db = db
        self.environment = environment
        self.mailbox = mailbox
        self.planner = planner
        self.jobs = jobs
    }

    /// Embeds what is pending soon, when the server has the embedding model (saves in a burst share one run).
    func kick() {
        Task.detached(priority: .utility) { [self] in
            guard let embedder = await ready() else { return }
            embedder.noteSaved()
        }
    }

    /// Stops embedding (on quit).
    func cancel() {
        lock.withLock { embedder }?.cancel()
    }

    /// The embedder when the configured embedding model can be used now (nil, and a status line note when the
    /// stored vectors are another model's).
    private func ready() async -> BackgroundEmbedder? {
        guard let profile = try? LLMConfigLoader.load(environment: environment) else { return nil }
        let model = profile.embedModel
        guard let state = try? db.embeddingState(model: model) else { return nil }
        if state.isStale {
            mailbox.post(.indexStatus(.staleModel))
            return nil
        }
        let services = LLMServices(profile: profile, environment: environment)
        guard let models = try? await services.embed.listModels(),
              models.contains(where: { ModelStatusProbe.normalized($0.name) == ModelStatusProbe.normalized(model) }) else { return nil }
        return lock.withLock {
            if let e = embedder { return e }
            let mailbox = self.mailbox
            let e = BackgroundEmbedder(db: db, profile: profile, environment: environment, planner: planner) { [weak self] event in
                switch event {
                case .progress(let p):
                    switch p.event {
                    case .done: mailbox.post(.indexStatus(.ready(chunks: p.done, model: p.model)))
                    case .error: mailbox.post(.indexStatus(.stopped(p.message ?? "error")))
                    case .start, .progress: mailbox.post(.indexStatus(.indexing(done: p.done, total: p.total)))
                    }
                case .finished(let n): if n == 0 { mailbox.post(.indexStatus(nil)) }  // else the last progress line says so
                case .failed(let why): mailbox.post(.indexStatus(why == "cancelled" ? nil : .stopped(why)))
                }
                self?.report(event, model: model)
            }
            embedder = e
            return e
        }
    }

    /// Mirrors a run of the embedder as a job: started at its first progress with chunks to embed, ended with it.
    private func report(_ event: BackgroundEmbedder.Event, model: String) {
        switch event {
        case .progress(let p):
            guard p.total > 0 else { return }
            let current = lock.withLock { () -> JobHandle in
                if let job { return job }
                let started = jobs.start(.embedding, title: "\(p.total) chunk\(p.total == 1 ? "" : "s") with \(model)") { [weak self] in
                    self?.cancel()
                }
                job = started
                return started
            }
            current.progress(.counts(done: p.done, total: p.total), p.message)
        case .finished(let n):
            lock.withLock { () -> JobHandle? in defer { job = nil }; return job }?
                .finish("embedded \(n) chunk\(n == 1 ? "" : "s") with \(model)")
        case .failed(let why):
            guard let handle = lock.withLock({ () -> JobHandle? in defer { job = nil }; return job }) else { return }
            if why == "cancelled" { handle.cancelled() } else { handle.fail("embedding stopped: \(why) — it resumes after the next save or start") }
        }
    }
}
