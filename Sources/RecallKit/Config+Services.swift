import Foundation
import HTTP
import LLM

/// The model-server clients built from a profile: the chat provider, the embedding provider and the embedder.
public struct LLMServices: Sendable {
    /// The settings they were built from.
    public let profile: LLMProfile
    /// Talks to the chat server.
    public let chat: any LLMProvider
    /// Talks to the embedding server (the same server unless `embed_base_url` differs).
    public let embed: any LLMProvider
    /// Embeds texts with the profile's embedding model, prefixes and batching.
    public let embedder: Embedder

    /// Builds the providers; the API key is read from the environment variable the profile names.
    public init(profile: LLMProfile, environment: [String: String] = ProcessInfo.processInfo.environment,
                transport: any HTTPTransport = CurlHTTPClient(), retry: RetryPolicy = RetryPolicy(),
                onWaiting: (@Sendable (String) -> Void)? = nil) {
        self.profile = profile
        let key = profile.apiKey(environment: environment)
        func make(_ url: String) -> any LLMProvider {
            var settings = ProviderSettings(baseURL: url, numCtx: profile.numCtx, keepAlive: profile.keepAlive,
                                            retry: retry, apiKey: key, apiKeyEnv: profile.apiKeyEnv)
            settings.onWaiting = onWaiting
            switch profile.provider {
            case .ollama: return OllamaProvider(settings: settings, transport: transport)
            case .openai: return OpenAICompatibleProvider(settings: settings, transport: transport)
            }
        }
        chat = make(profile.baseURL)
        embed = profile.embedBaseURL == profile.baseURL ? chat : make(profile.embedBaseURL)
        embedder = Embedder(provider: embed, model: profile.embedModel)
    }

    /// The same services with another chat model (the model picker's choice); providers and embedder are kept.
    public func switching(chatModel: String) -> LLMServices {
        var profile = self.profile
        profile.chatModel = chatModel
        profile.origins["chat_model"] = "model picker"
        return LLMServices(profile: profile, chat: chat, embed: embed, embedder: embedder)
    }

    private init(profile: LLMProfile, chat: any LLMProvider, embed: any LLMProvider, embedder: Embedder) {
        self.profile = profile
        self.chat = chat
        self.embed = embed
        self.embedder = embedder
    }

    /// A chat request for the profile's chat model with its temperature.
    public func chatRequest(_ messages: [ChatMessage], maxTokens: Int? = nil) -> ChatRequest {
        ChatRequest(model: profile.chatModel, messages: messages, temperature: profile.temperature,
                    numCtx: profile.numCtx, maxTokens: maxTokens)
    }

    /// The models for a picker, split into chat and embedding models, with the current ones named.
    public func modelChoices() async throws -> ModelChoices {
        let models = try await chat.listModels()
        var embedModels = models.filter(\.looksLikeEmbeddingModel)
        if embed.baseURL != chat.baseURL, let more = try? await embed.listModels() {
            embedModels += more.filter { m in !embedModels.contains { $0.name == m.name } }
        }
        return ModelChoices(chat: models.filter { !$0.looksLikeEmbeddingModel }, embedding: embedModels,
                            currentChat: profile.chatModel, currentEmbedding: profile.embedModel)
    }
}

/// What a model picker shows.
public struct ModelChoices: Sendable, Hashable {
    /// Models that can chat.
    public var chat: [ModelSummary]
    /// Models that make embeddings.
    public var embedding: [ModelSummary]
    /// The chat model in use.
    public var currentChat: String
    /// The embedding model in use.
    public var currentEmbedding: String
}
