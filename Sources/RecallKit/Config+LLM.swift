import Foundation
import LLM

/// The resolved model-server settings: defaults ← config file (base, then profile) ← environment ← flags.
public struct LLMProfile: Sendable, Hashable {
    /// The profile name (`default` when none was chosen).
    public var name: String
    /// The wire protocol.
    public var provider: ProviderKind
    /// The chat server's base URL.
    public var baseURL: String
    /// The embedding server's base URL (llama-server needs a second process for embeddings); defaults to `baseURL`.
    public var embedBaseURL: String
    /// The chat model.
    public var chatModel: String
    /// The embedding model.
    public var embedModel: String
    /// The context window sent with every chat request (kept constant so the model is not reloaded).
    public var numCtx: Int
    /// Sampling temperature, when set.
    public var temperature: Double?
    /// How long Ollama keeps models loaded.
    public var keepAlive: String
    /// The name of the environment variable holding the API key (the key itself is never stored).
    public var apiKeyEnv: String
    /// Where each setting came from (`default`, the file, an environment variable, a flag), for `doctor`.
    public var origins: [String: String]

    /// The built-in defaults: Ollama at 127.0.0.1:11434, `llama3.2`, `nomic-embed-text`, num_ctx 4096.
    public static let defaults = LLMProfile(
        name: "default", provider: .ollama, baseURL: "http://127.0.0.1:11434", embedBaseURL: "http://127.0.0.1:11434",
        chatModel: "llama3.2", embedModel: "nomic-embed-text", numCtx: 4096, temperature: nil, keepAlive: "10m",
        apiKeyEnv: "RECALL_API_KEY", origins: [:])

    /// Reads the API key from the environment; nil when unset or empty.
    public func apiKey(environment: [String: String]) -> String? {
        guard let value = environment[apiKeyEnv], !value.isEmpty else { return nil }
        return value
    }
}

/// Settings given on the command line; nil means "not given".
public struct LLMOverrides: Sendable, Hashable {
    /// `--profile`.
    public var profile: String?
    /// `--provider`.
    public var provider: String?
    /// `--base-url`.
    public var baseURL: String?
    /// `--embed-base-url`.
    public var embedBaseURL: String?
    /// `--model`.
    public var chatModel: String?
    /// `--embed-model`.
    public var embedModel: String?
    /// `--num-ctx`.
    public var numCtx: Int?
    /// `--temperature`.
    public var temperature: Double?

    /// Creates overrides.
    public init(profile: String? = nil, provider: String? = nil, baseURL: String? = nil, embedBaseURL: String? = nil,
                chatModel: String? = nil, embedModel: String? = nil, numCtx: Int? = nil, temperature: Double? = nil) {
        self.profile = profile
        self.provider = provider
        self.baseURL = baseURL
        self.embedBaseURL = embedBaseURL
        self.chatModel = chatModel
        self.embedModel = embedModel
        self.numCtx = numCtx
        self.temperature = temperature
    }
}

/// A configuration problem, said in one line with the fix.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The explanation.
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}

/// Some fields of a profile, as written in a file section or the environment.
public struct PartialLLMProfile: Sendable, Hashable {
    /// `provider`.
    public var provider: ProviderKind?
    /// `base_url`.
    public var baseURL: String?
    /// `embed_base_url`.
    public var embedBaseURL: String?
    /// `chat_model`.
    public var chatModel: String?
    /// `embed_model`.
    public var embedModel: String?
    /// `num_ctx`.
    public var numCtx: Int?
    /// `temperature`.
    public var temperature: Double?
    /// `keep_alive`.
    public var keepAlive: String?
    /// `api_key_env`.
    public var apiKeyEnv: String?

    /// Creates an empty (or partly filled) profile.
    public init(provider: ProviderKind? = nil, baseURL: String? = nil, embedBaseURL: String? = nil, chatModel: String? = nil,
                embedModel: String? = nil, numCtx: Int? = nil, temperature: Double? = nil, keepAlive: String? = nil,
                apiKeyEnv: String? = nil) {
        self.provider = provider
        self.baseURL = baseURL
        self.embedBaseURL = embedBaseURL
        self.chatModel = chatModel
        self.embedModel = embedModel
        self.numCtx = numCtx
        self.temperature = temperature
        self.keepAlive = keepAlive
        self.apiKeyEnv = apiKeyEnv
    }
}

/// The parsed `config.toml`: a base `[llm]` table, named `[profiles.NAME]` tables and the chosen `profile`.
public struct LLMConfigFile: Sendable, Hashable {
    /// The file it came from (for messages).
    public var path: String
    /// `profile = "NAME"` at the top level.
    public var selectedProfile: String?
    /// The `[llm]` table, applied under every profile.
    public var base: PartialLLMProfile
    /// `[profiles.NAME]` tables.
    public var profiles: [String: PartialLLMProfile]

    /// Creates a config file value.
    public init(path: String, selectedProfile: String? = nil, base: PartialLLMProfile = PartialLLMProfile(),
                profiles: [String: PartialLLMProfile] = [:]) {
        self.path = path
        self.selectedProfile = selectedProfile
        self.base = base
        self.profiles = profiles
    }
}

/// Parses provider names, accepting the common aliases.
public enum ProviderName {
    /// `ollama`; `openai` (also `openai-compatible`, `llama.cpp`, `llamacpp`, `llama-server`, `vllm`, `lmstudio`).
    public static func parse(_ text: String) -> ProviderKind? {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "ollama": return .ollama
        case "openai", "openai-compatible", "openai_compatible", "llama.cpp", "llamacpp", "llama-server", "vllm", "lmstudio", "lm-studio":
            return .openai
        default: return nil
        }
    }
}
