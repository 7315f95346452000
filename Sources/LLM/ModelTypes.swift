import Foundation

/// Which wire protocol a server speaks.
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ollama's native API (`/api/chat`, `/api/embed`, …).
    case ollama
    /// The OpenAI-compatible API (`/v1/chat/completions`, …): llama.cpp, vLLM, LM Studio, Ollama's `/v1`.
    case openai
}

/// What a model can do, as Ollama's `capabilities` names it (unknown names are kept).
public struct ModelCapability: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The capability name.
    public var rawValue: String
    /// Wraps a capability name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Text generation / chat.
    public static let completion = ModelCapability(rawValue: "completion")
    /// Embeddings.
    public static let embedding = ModelCapability(rawValue: "embedding")
    /// Reasoning ("thinking") output.
    public static let thinking = ModelCapability(rawValue: "thinking")
    /// Tool calls.
    public static let tools = ModelCapability(rawValue: "tools")
    /// Image input.
    public static let vision = ModelCapability(rawValue: "vision")
    /// The name.
    public var description: String { rawValue }
}

/// One model a server offers (`/api/tags`, `/v1/models`).
public struct ModelSummary: Sendable, Hashable {
    /// The model name as the server lists it (`llama3.2:latest`).
    public var name: String
    /// Size on disk in bytes, if known.
    public var sizeBytes: Int?
    /// When it was last changed, if known.
    public var modifiedAt: Date?
    /// Architecture family, e.g. `llama`.
    public var family: String?
    /// Parameter count as the server writes it, e.g. `3.2B`.
    public var parameterSize: String?
    /// Quantisation, e.g. `Q4_K_M`.
    public var quantization: String?
    /// Capabilities, when the server lists them.
    public var capabilities: Set<ModelCapability>?
    /// Trained context length, when listed.
    public var contextLength: Int?
    /// Embedding dimension / hidden size, when listed.
    public var embeddingLength: Int?

    /// Creates a summary.
    public init(name: String, sizeBytes: Int? = nil, modifiedAt: Date? = nil, family: String? = nil,
                parameterSize: String? = nil, quantization: String? = nil, capabilities: Set<ModelCapability>? = nil,
                contextLength: Int? = nil, embeddingLength: Int? = nil) {
        self.name = name
        self.sizeBytes = sizeBytes
        self.modifiedAt = modifiedAt
        self.family = family
        self.parameterSize = parameterSize
        self.quantization = quantization
        self.capabilities = capabilities
        self.contextLength = contextLength
        self.embeddingLength = embeddingLength
    }

    /// True when the model is known or named as an embedding-only model.
    public var looksLikeEmbeddingModel: Bool {
        if let capabilities { return capabilities.contains(.embedding) && !capabilities.contains(.completion) }
        return ModelNames.looksLikeEmbedding(name)
    }
}

/// Details of one model (`/api/show`, llama-server `/v1/models` + `/props`).
public struct ModelInfo: Sendable, Hashable {
    /// The model name.
    public var name: String
    /// Architecture, e.g. `llama`, `nomic-bert`.
    public var architecture: String?
    /// Trained context length in tokens.
    public var contextLength: Int?
    /// Context the server actually runs with (llama-server `n_ctx`), when known.
    public var runtimeContextLength: Int?
    /// Embedding dimension / hidden size.
    public var embeddingLength: Int?
    /// Capabilities; empty when the server does not say.
    public var capabilities: Set<ModelCapability>
    /// Parameter count as written by the server.
    public var parameterSize: String?
    /// Quantisation level.
    public var quantization: String?

    /// Creates model info.
    public init(name: String, architecture: String? = nil, contextLength: Int? = nil, runtimeContextLength: Int? = nil,
                embeddingLength: Int? = nil, capabilities: Set<ModelCapability> = [], parameterSize: String? = nil,
                quantization: String? = nil) {
        self.name = name
        self.architecture = architecture
        self.contextLength = contextLength
        self.runtimeContextLength = runtimeContextLength
        self.embeddingLength = embeddingLength
        self.capabilities = capabilities
        self.parameterSize = parameterSize
        self.quantization = quantization
    }
}

/// Whether the server answers and what it is.
public struct ServerHealth: Sendable, Hashable {
    /// The server's version or build, if it says.
    public var version: String?
    /// Round-trip time of the check in seconds.
    public var latencySeconds: Double

    /// Creates a health report.
    public init(version: String?, latencySeconds: Double) {
        self.version = version
        self.latencySeconds = latencySeconds
    }
}

/// One progress line of a model download (`/api/pull`).
public struct PullProgress: Sendable, Hashable {
    /// The phase, e.g. `pulling manifest`, `pulling dde5aa3fc5ff`, `success`.
    public var status: String
    /// The layer digest being downloaded.
    public var digest: String?
    /// Layer size in bytes.
    public var total: Int?
    /// Bytes done.
    public var completed: Int?

    /// Creates a progress value.
    public init(status: String, digest: String? = nil, total: Int? = nil, completed: Int? = nil) {
        self.status = status
        self.digest = digest
        self.total = total
        self.completed = completed
    }
}

/// Helpers for model names.
public enum ModelNames {
    /// `llama3.2` and `llama3.2:latest` name the same Ollama model.
    public static func canonical(_ name: String) -> String {
        name.contains(":") ? name : name + ":latest"
    }

    /// True when two names denote the same model (tag `latest` implied).
    public static func same(_ a: String, _ b: String) -> Bool {
        canonical(a).lowercased() == canonical(b).lowercased()
    }

    /// Guess from the name alone (used only when a server lists no capabilities).
    public static func looksLikeEmbedding(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["embed", "minilm", "bge-", "e5-", "gte-", "nomic-bert", "arctic-embed"].contains { lower.contains($0) }
    }
}
