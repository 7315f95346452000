import Foundation

/// Who wrote a chat message.
public enum ChatRole: String, Sendable, Codable, Hashable {
    /// Instructions for the model.
    case system
    /// The person asking.
    case user
    /// The model's earlier answers.
    case assistant
}

/// One message of a conversation.
public struct ChatMessage: Sendable, Hashable, Codable {
    /// Who wrote it.
    public var role: ChatRole
    /// The text.
    public var content: String

    /// Creates a message.
    public init(role: ChatRole, content: String) {
        self.role = role
        self.content = content
    }

    /// A system message.
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    /// A user message.
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    /// An assistant message.
    public static func assistant(_ text: String) -> ChatMessage { ChatMessage(role: .assistant, content: text) }
}

/// Constrains the answer to JSON.
public enum ResponseFormat: Sendable, Hashable {
    /// Any valid JSON (ask for JSON in the prompt too).
    case json
    /// JSON matching this JSON Schema (grammar-constrained by the server).
    case schema(JSONValue, name: String = "response")
}

/// A chat request, independent of the provider.
public struct ChatRequest: Sendable, Hashable {
    /// The model name, e.g. `llama3.2`.
    public var model: String
    /// The conversation, oldest first.
    public var messages: [ChatMessage]
    /// Sampling temperature; nil leaves the server default.
    public var temperature: Double?
    /// Context window to request (Ollama `options.num_ctx`); nil uses the provider's configured value.
    /// Keep it constant per model: a different value reloads the model.
    public var numCtx: Int?
    /// Maximum tokens to generate; nil leaves the server default.
    public var maxTokens: Int?
    /// Seed for reproducible sampling.
    public var seed: Int?
    /// Stop strings.
    public var stop: [String]?
    /// Whether a thinking model may think (Ollama `think`); false unless asked.
    public var think: Bool
    /// JSON mode or a JSON Schema for the answer.
    public var format: ResponseFormat?

    /// The most answer text (bytes of content and thinking) a stream may deliver: a server that ignores `maxTokens`
    /// and writes forever would otherwise fill memory and never end (64 bytes a token, at least 1 MB; 32 MB when no
    /// maximum was asked).
    public var outputByteLimit: Int {
        guard let maxTokens, maxTokens > 0 else { return 32 << 20 }
        return max(1 << 20, min(maxTokens, 1 << 24) * 64)
    }

    /// The error a stream past `outputByteLimit` ends with.
    public var outputLimitError: LLMError {
        LLMError.invalidResponse(detail: "the server kept writing past \(outputByteLimit >> 20) MB of answer"
                                 + (maxTokens.map { " (Recall asked for at most \($0) tokens)" } ?? "") + " — it ignores the length limit")
    }

    /// Creates a request.
    public init(model: String, messages: [ChatMessage], temperature: Double? = nil, numCtx: Int? = nil,
                maxTokens: Int? = nil, seed: Int? = nil, stop: [String]? = nil, think: Bool = false,
                format: ResponseFormat? = nil) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.numCtx = numCtx
        self.maxTokens = maxTokens
        self.seed = seed
        self.stop = stop
        self.think = think
        self.format = format
    }
}

/// Something worth telling the person about an answer that still arrived.
public enum LLMWarning: Sendable, Hashable, CustomStringConvertible {
    /// The server evaluated far fewer prompt tokens than were sent: it cut the prompt (Ollama does so silently).
    case contextTruncated(estimatedTokens: Int, reportedTokens: Int, numCtx: Int)
    /// The prompt is estimated to be longer than the context window before sending.
    case promptExceedsContext(estimatedTokens: Int, numCtx: Int)
    /// The answer stopped at the token limit and is incomplete.
    case lengthLimited

    /// A one-line explanation with what to do.
    public var description: String {
        switch self {
        case .contextTruncated(let estimated, let reported, let numCtx):
            return "the server read only \(reported) of about \(estimated) prompt tokens (num_ctx \(numCtx)): the start of the prompt was cut — raise num_ctx or send less text"
        case .promptExceedsContext(let estimated, let numCtx):
            return "the prompt (about \(estimated) tokens) is longer than the context window (num_ctx \(numCtx)) — raise num_ctx or send less text"
        case .lengthLimited:
            return "the answer hit the token limit and is incomplete — raise the output limit"
        }
    }
}

/// Figures the server reports when an answer is complete.
public struct ChatSummary: Sendable, Hashable {
    /// The model that answered, as the server names it.
    public var model: String
    /// Why generation stopped (`stop`, `length`, …), when reported.
    public var doneReason: String?
    /// Prompt tokens the server evaluated (Ollama `prompt_eval_count`, OpenAI `usage.prompt_tokens`).
    public var promptTokens: Int?
    /// Tokens generated.
    public var outputTokens: Int?
    /// Total server time in seconds.
    public var totalSeconds: Double?
    /// Time spent loading the model, in seconds.
    public var loadSeconds: Double?
    /// When the server finished, if it said.
    public var createdAt: Date?

    /// Creates a summary.
    public init(model: String, doneReason: String? = nil, promptTokens: Int? = nil, outputTokens: Int? = nil,
                totalSeconds: Double? = nil, loadSeconds: Double? = nil, createdAt: Date? = nil) {
        self.model = model
        self.doneReason = doneReason
        self.promptTokens = promptTokens
        self.outputTokens = outputTokens
        self.totalSeconds = totalSeconds
        self.loadSeconds = loadSeconds
        self.createdAt = createdAt
    }
}

/// One step of a streamed answer.
public enum ChatEvent: Sendable, Hashable {
    /// Nothing has arrived yet after a short wait: the server is probably loading the model.
    case loading
    /// Reasoning text from a thinking model.
    case thinking(String)
    /// Answer text.
    case token(String)
    /// A warning about this answer.
    case warning(LLMWarning)
    /// The answer is complete.
    case done(ChatSummary)
}

/// A complete answer.
public struct ChatResult: Sendable, Hashable {
    /// The answer text.
    public var content: String
    /// The reasoning text, if the model thought aloud.
    public var thinking: String
    /// The server's figures.
    public var summary: ChatSummary
    /// Warnings raised while answering.
    public var warnings: [LLMWarning]

    /// Creates a result.
    public init(content: String, thinking: String = "", summary: ChatSummary, warnings: [LLMWarning] = []) {
        self.content = content
        self.thinking = thinking
        self.summary = summary
        self.warnings = warnings
    }
}

extension AsyncThrowingStream where Element == ChatEvent {
    /// Drains the stream into one result.
    public func collect() async throws -> ChatResult {
        var content = ""
        var thinking = ""
        var warnings: [LLMWarning] = []
        var summary: ChatSummary?
        for try await event in self {
            switch event {
            case .token(let text): content += text
            case .thinking(let text): thinking += text
            case .warning(let warning): warnings.append(warning)
            case .done(let s): summary = s
            case .loading: break
            }
        }
        try Task.checkCancellation()
        guard let summary else { throw LLMError.streamTruncated }
        return ChatResult(content: content, thinking: thinking, summary: summary, warnings: warnings)
    }
}
