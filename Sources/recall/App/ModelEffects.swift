import AppCore
import Foundation
import LLM
import RecallKit
import Store
import Terminal

/// The model picker's effects, off the main thread: list the server's chat models, and switch the chat model.
/// The choice is kept in the database's settings (`chat_model`) and wins over config and environment in the app,
/// like a flag would.
enum ModelEffects {
    /// The settings key holding the model picked in the app.
    static let chatModelKey = "chat_model"

    /// Performs a model effect.
    static func perform(_ effect: ModelEffect, db: AppDatabase, environment: [String: String], mailbox: Mailbox<AppMessage>) {
        switch effect {
        case .listModels:
            Task.detached {
                do {
                    let services = try services(db: db, environment: environment)
                    let choices = try await services.modelChoices()
                    let names = choices.chat.map(\.name)
                    // `llama3.2` in the config is `llama3.2:latest` in the server's list.
                    let current = names.first { ModelStatusProbe.normalized($0) == ModelStatusProbe.normalized(choices.currentChat) } ?? choices.currentChat
                    mailbox.post(.modelChoices(names, current: current))
                } catch {
                    mailbox.post(.failure("Cannot list models: \(error)"))
                }
            }
        case .chooseChatModel(let name):
            Task.detached {
                do { try db.setSetting(chatModelKey, name) } catch { mailbox.post(.failure("\(error)")) }
                mailbox.post(.modelStatus(await ModelStatusProbe.status(environment: environment, chatModel: name)))
            }
        }
    }

    /// The configured services, with the model picked in the app (if any) as the chat model.
    static func services(db: AppDatabase, environment: [String: String]) throws -> LLMServices {
        let picked = try? db.setting(chatModelKey)
        let profile = try LLMConfigLoader.load(environment: environment, overrides: LLMOverrides(chatModel: picked ?? nil))
        return LLMServices(profile: profile, environment: environment)
    }
}
