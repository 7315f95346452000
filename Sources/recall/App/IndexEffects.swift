import AppCore
import Foundation
import LLM
import RecallKit
import Retrieval
import Store
import Terminal

/// Keeps the vector index in step with the notes while the app runs: at start and soon after each save, when the
/// embedding server is reachable and has the configured model, new and changed chunks are embedded in the
/// background (each batch in one transaction, so quitting mid-way loses nothing); progress goes to the status line,
/// and the retrieval planner picks the new vectors up. Typing never waits on it.
final class IndexEffects: @unchecked Sendable {
    private let db: AppDatabase
    private let environment: [String: String]
    private let mailbox: Mailbox<AppMessage>
    private let planner: RetrievalPlanner
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var again = false

    init(db: AppDatabase, environment: [String: String], mailbox: Mailbox<AppMessage>, planner: RetrievalPlanner) {
        self.db = db
        self.environment = environment
        self.mailbox = mailbox
        self.planner = planner
    }

    /// Embeds what is pending now, or once more after the run in progress (saves in a burst make one more run).
    func kick() {
        lock.lock()
        defer { lock.unlock() }
        if task != nil { again = true; return }
        task = Task.detached(priority: .utility) { [self] in
            while true {
                await runOnce()
                let more = lock.withLock {
                    if again && !Task.isCancelled { again = false; return true }
                    task = nil
                    return false
                }
                if !more { return }
            }
        }
    }

    /// Stops embedding (on quit).
    func cancel() {
        lock.lock()
        task?.cancel()
        lock.unlock()
    }

    private func runOnce() async {
        guard let profile = try? LLMConfigLoader.load(environment: environment) else { return }
        let model = profile.embedModel
        guard let state = try? db.embeddingState(model: model) else { return }
        if state.isStale {
            mailbox.post(.indexStatus("stale (other model) — run `recall index --rebuild`"))
            return
        }
        let services = LLMServices(profile: profile, environment: environment)
        // Only when the server is up and has the model: an offline app says "model offline" already.
        guard let models = try? await services.embed.listModels(),
              models.contains(where: { ModelStatusProbe.normalized($0.name) == ModelStatusProbe.normalized(model) }) else { return }
        let embedder = services.embedder
        do {
            let result = try await Indexer.run(
                db: db, model: model,
                embed: { texts in try await embedder.embed(texts: texts, kind: .document) },
                shrinkable: EmbeddingRuntime.shrinkable,
                progress: { [mailbox] in mailbox.post(.indexStatus($0.statusLine)) })
            if result.done > 0 { planner.refreshIndex() }
            mailbox.post(.indexStatus(result.done == 0 ? nil : result.statusLine))
        } catch is CancellationError {
            mailbox.post(.indexStatus(nil))
        } catch {
            mailbox.post(.indexStatus("stopped: \(error)"))
        }
    }
}
