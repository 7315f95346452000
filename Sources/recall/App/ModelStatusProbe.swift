import AppCore
import Foundation
import LLM
import RecallKit
import Terminal

/// Finds out, in the background, whether the configured model server is reachable and has the chat model, and
/// posts the answer to the app's mailbox for the status line and the Ask pane. Never blocks the first frame.
enum ModelStatusProbe {
    /// Starts the probe; the result arrives as `.modelStatus`.
    static func start(environment: [String: String], chatModel: String?, mailbox: Mailbox<AppMessage>) {
        Task.detached {
            mailbox.post(.modelStatus(await status(environment: environment, chatModel: chatModel)))
        }
    }

    /// The server's status for the configured (or picked) chat model.
    static func status(environment: [String: String], chatModel: String? = nil) async -> ModelStatus {
        let profile: LLMProfile
        do { profile = try LLMConfigLoader.load(environment: environment, overrides: LLMOverrides(chatModel: chatModel)) } catch {
            return .configError("\(error)")
        }
        let services = LLMServices(profile: profile, environment: environment)
        do {
            _ = try await services.chat.health()
            let models = try await services.chat.listModels()
            let wanted = normalized(profile.chatModel)
            return models.contains { normalized($0.name) == wanted } ? .ready(profile.chatModel) : .notPulled(profile.chatModel)
        } catch {
            return .offline
        }
    }

    /// `llama3.2` and `llama3.2:latest` name the same model.
    static func normalized(_ name: String) -> String { name.contains(":") ? name : name + ":latest" }
}
