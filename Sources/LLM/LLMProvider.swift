import Foundation

// Overview of the LLM module (the adapter between Recall and a model server):
//
//   let services = LLMServices(profile: try LLMConfigLoader.load())          // RecallKit: config → providers
//   for try await event in services.chat.chatStream(services.chatRequest([.user("Why?")])) { … }   // .loading,
//       .token, .thinking, .warning(.contextTruncated…), .done(summary)
//   services.chat.startChat(request, onEvent: post, onFinish: post)         // callback form for the poll() loop
//   let vectors = try await services.embedder.embed(texts: chunks, kind: .document)   // prefixes, batches, checks
//   let json = try await services.chat.structuredChat(model:messages:schema:)         // JSON-Schema output
//   let models = try await services.modelChoices()                          // for a model picker
//
// Errors are `LLMError`s whose description says what happened and what to do next.

/// A model server: chat (streamed or whole), embeddings, the model list and model details, health.
///
/// Streams are `AsyncThrowingStream`s that run their transfer on a background thread; the app consumes them in
/// a detached task and posts each event to its mailbox. Cancelling the consuming task cancels the transfer.
public protocol LLMProvider: Sendable {
    /// The wire protocol.
    var kind: ProviderKind { get }
    /// The server's base URL, e.g. `http://127.0.0.1:11434`.
    var baseURL: String { get }
    /// The context window sent with chat requests when the request does not say (`num_ctx`).
    var defaultNumCtx: Int { get }

    /// Streams an answer: maybe `loading`, then tokens (and thinking), warnings, and a final `done`.
    func chatStream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error>
    /// Asks for a whole answer in one response (`stream: false`).
    func chat(_ request: ChatRequest) async throws -> ChatResult
    /// Embeds the inputs in one request, in order; the count is checked. Prefixes and batching are the caller's
    /// (see `Embedder`).
    func embedBatch(_ inputs: [String], model: String) async throws -> [[Float]]
    /// Lists the models the server offers.
    func listModels() async throws -> [ModelSummary]
    /// Details of one model: context length, embedding dimension, capabilities.
    func modelInfo(_ model: String) async throws -> ModelInfo
    /// Checks the server answers, and reads its version.
    func health() async throws -> ServerHealth
    /// Downloads a model, reporting progress (Ollama only).
    func pull(_ model: String) -> AsyncThrowingStream<PullProgress, any Error>
}

extension LLMProvider {
    /// Structured output: asks for JSON matching `schema` and returns the content string (decode it yourself).
    /// Sends temperature 0 unless the request says otherwise, no thinking, and a whole (non-streamed) answer.
    public func structuredChat(model: String, messages: [ChatMessage], schema: JSONValue,
                               maxTokens: Int? = nil, temperature: Double = 0) async throws -> String {
        var request = ChatRequest(model: model, messages: messages, temperature: temperature,
                                  maxTokens: maxTokens, think: false, format: .schema(schema))
        request.format = .schema(schema)
        let result = try await chat(request)
        if result.warnings.contains(.lengthLimited) || result.summary.doneReason == "length" {
            throw LLMError.invalidResponse(detail: "the JSON answer was cut at the token limit; raise maxTokens")
        }
        return result.content
    }
}
