import AppCore
import Foundation
import LLM
import RecallKit
import Retrieval
import Store
import Terminal

/// Keeps the vector index in step with the notes while the app runs: at start, when the embedding server is
/// reachable and has the configured model, new and changed chunks are embedded in the background (each batch in
/// one transaction, so quitting mid-way loses nothing); progress goes to the status line. Typing never waits on it.
enum IndexEffects {
    /// Starts background indexing; returns the task so it can be cancelled on quit.
    @discardableResult
    static func start(db: AppDatabase, environment: [String: String], mailbox: Mailbox<AppMessage>) -> Task<Void, Never> {
        Task.detached(priority: .utility) {
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
                    progress: { mailbox.post(.indexStatus($0.statusLine)) })
                mailbox.post(.indexStatus(result.done == 0 ? nil : result.statusLine))
            } catch is CancellationError {
                mailbox.post(.indexStatus(nil))
            } catch {
                mailbox.post(.indexStatus("stopped: \(error)"))
            }
        }
    }
}
