import Foundation
import HTTP

/// The OpenAI-compatible API: `/v1/chat/completions` (SSE), `/v1/embeddings`, `/v1/models` — llama.cpp's
/// `llama-server`, vLLM, LM Studio, Ollama's `/v1`. The API key (if any) is sent as a bearer token only.
public struct OpenAICompatibleProvider: LLMProvider {
    /// Always `.openai`.
    public let kind = ProviderKind.openai
    /// Connection and request settings.
    public let settings: ProviderSettings
    let runner: RequestRunner

    /// Creates a provider talking to `settings.baseURL` (with or without a trailing `/v1`).
    public init(settings: ProviderSettings, transport: any HTTPTransport = CurlHTTPClient()) {
        self.settings = settings
        self.runner = RequestRunner(transport: transport, settings: settings, kind: .openai)
    }

    /// The server's base URL.
    public var baseURL: String { settings.baseURL }
    /// The context size assumed for budgeting (the OpenAI API cannot set it).
    public var defaultNumCtx: Int { settings.numCtx }

    /// The root without `/v1`.
    var root: String {
        var base = settings.trimmedBase
        if base.hasSuffix("/v1") { base.removeLast(3) }
        return base
    }

    func request(_ method: String, _ path: String, body: Data? = nil, timeouts: HTTPTimeouts) -> HTTPRequest {
        var headers: [(name: String, value: String)] = []
        if body != nil { headers.append(("Content-Type", "application/json")) }
        if let key = settings.apiKey, !key.isEmpty { headers.append(("Authorization", "Bearer \(key)")) }
        return HTTPRequest(method: method, url: root + path, headers: headers, body: body, timeouts: timeouts)
    }

    func chatBody(_ request: ChatRequest, stream: Bool) -> Data {
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(request.messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) }),
            "stream": .bool(stream),
        ]
        if stream { body["stream_options"] = .object(["include_usage": .bool(true)]) }
        if let t = request.temperature { body["temperature"] = .number(t) }
        if let n = request.maxTokens { body["max_tokens"] = .number(Double(n)) }
        if let s = request.seed { body["seed"] = .number(Double(s)) }
        if let stop = request.stop { body["stop"] = .array(stop.map(JSONValue.string)) }
        switch request.format {
        case .json:
            body["response_format"] = .object(["type": .string("json_object")])
        case .schema(let schema, let name):
            body["response_format"] = .object([
                "type": .string("json_schema"),
                "json_schema": .object(["name": .string(name), "schema": schema, "strict": .bool(true)]),
            ])
        case nil: break
        }
        return encodeBody(body)
    }

    /// Streams an answer from `/v1/chat/completions` (SSE, ends with `data: [DONE]`).
    public func chatStream(_ chat: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        let http = request("POST", "/v1/chat/completions", body: chatBody(chat, stream: true), timeouts: settings.timeouts)
        let numCtx = chat.numCtx ?? settings.numCtx
        let estimated = TokenEstimate.prompt(chat.messages)
        return StreamDriver.run(runner: runner, request: http, purpose: .chat(model: chat.model), waitingEvent: ChatEvent.loading) { continuation in
            if estimated > numCtx {
                continuation.yield(.warning(.promptExceedsContext(estimatedTokens: estimated, numCtx: numCtx)))
            }
            var summary = ChatSummary(model: chat.model)
            var written = 0
            return { line in
                if line.first == UInt8(ascii: "{") {
                    // A server that ignored `stream: true` and sent one whole JSON answer (or a bare JSON error).
                    let whole = try decodeJSON(OpenAIChatChunk.self, from: line)
                    if let error = whole.error { throw LLMError.streamError(message: openAIErrorMessage(error)) }
                    guard let choice = whole.choices?.first else { return .more }
                    if let text = choice.message?.content ?? choice.delta?.content, !text.isEmpty { continuation.yield(.token(text)) }
                    summary.doneReason = choice.finish_reason
                    summary.promptTokens = whole.usage?.prompt_tokens
                    summary.outputTokens = whole.usage?.completion_tokens
                    if summary.doneReason == "length" { continuation.yield(.warning(.lengthLimited)) }
                    continuation.yield(.done(summary))
                    return .finished
                }
                guard let event = SSELine.parse(line) else {
                    if let text = String(data: line, encoding: .utf8), !text.isEmpty, !text.hasPrefix(":"),
                       !["event:", "id:", "retry:"].contains(where: text.hasPrefix) {
                        throw LLMError.invalidResponse(detail: "the answer is neither an event stream nor valid JSON (it starts with \"\(Redact.serverText(line, limit: 80))\")")
                    }
                    return .more
                }
                switch event {
                case .done:
                    if let w = TokenEstimate.truncationWarning(estimated: estimated, reported: summary.promptTokens, numCtx: numCtx) {
                        continuation.yield(.warning(w))
                    }
                    if summary.doneReason == "length" { continuation.yield(.warning(.lengthLimited)) }
                    continuation.yield(.done(summary))
                    return .finished
                case .error(let message):
                    throw LLMError.streamError(message: message)
                case .data(let payload):
                    let chunk = try decodeJSON(OpenAIChatChunk.self, from: payload)
                    if let error = chunk.error { throw LLMError.streamError(message: openAIErrorMessage(error)) }
                    if let model = chunk.model { summary.model = model }
                    if let choice = chunk.choices?.first {
                        if let thinking = choice.delta?.reasoning_content ?? choice.delta?.reasoning, !thinking.isEmpty {
                            written += thinking.utf8.count
                            if written > chat.outputByteLimit { throw chat.outputLimitError }
                            continuation.yield(.thinking(thinking))
                        }
                        if let text = choice.delta?.content, !text.isEmpty {
                            written += text.utf8.count
                            if written > chat.outputByteLimit { throw chat.outputLimitError }
                            continuation.yield(.token(text))
                        }
                        if let reason = choice.finish_reason { summary.doneReason = reason }
                    }
                    if let usage = chunk.usage {
                        summary.promptTokens = usage.prompt_tokens ?? summary.promptTokens
                        summary.outputTokens = usage.completion_tokens ?? summary.outputTokens
                    }
                    return .more
                }
            }
        }
    }

    /// Asks for a whole answer (`stream: false`).
    public func chat(_ chat: ChatRequest) async throws -> ChatResult {
        let http = request("POST", "/v1/chat/completions", body: chatBody(chat, stream: false), timeouts: settings.timeouts)
        let data = try await runner.send(http, purpose: .chat(model: chat.model))
        let decoded = try decodeJSON(OpenAIChatChunk.self, from: data)
        if let error = decoded.error { throw LLMError.streamError(message: openAIErrorMessage(error)) }
        guard let choice = decoded.choices?.first else {
            throw LLMError.invalidResponse(detail: "no choices in the answer")
        }
        let summary = ChatSummary(model: decoded.model ?? chat.model, doneReason: choice.finish_reason,
                                  promptTokens: decoded.usage?.prompt_tokens, outputTokens: decoded.usage?.completion_tokens)
        var warnings: [LLMWarning] = []
        let numCtx = chat.numCtx ?? settings.numCtx
        if let w = TokenEstimate.truncationWarning(estimated: TokenEstimate.prompt(chat.messages), reported: summary.promptTokens, numCtx: numCtx) {
            warnings.append(w)
        }
        if choice.finish_reason == "length" { warnings.append(.lengthLimited) }
        return ChatResult(content: choice.message?.content ?? "",
                          thinking: choice.message?.reasoning_content ?? choice.message?.reasoning ?? "",
                          summary: summary, warnings: warnings)
    }

    /// Embeds the inputs with `/v1/embeddings` in one request; answers are put back in input order by `index`.
    public func embedBatch(_ inputs: [String], model: String) async throws -> [[Float]] {
        if inputs.isEmpty { return [] }
        let body = encodeBody([
            "model": .string(model), "input": .array(inputs.map(JSONValue.string)), "encoding_format": .string("float"),
        ])
        let data = try await runner.send(request("POST", "/v1/embeddings", body: body, timeouts: settings.timeouts),
                                         purpose: .embed(model: model))
        let decoded = try decodeJSON(OpenAIEmbeddingResponse.self, from: data)
        let items = decoded.data ?? []
        guard items.count == inputs.count else {
            throw LLMError.embeddingCountMismatch(expected: inputs.count, got: items.count)
        }
        var ordered = [[Float]?](repeating: nil, count: inputs.count)
        for (position, item) in items.enumerated() {
            let index = item.index ?? position
            guard ordered.indices.contains(index), ordered[index] == nil else {
                throw LLMError.invalidResponse(detail: "embedding index \(index) out of order or repeated")
            }
            ordered[index] = item.embedding.map(Float.init)
        }
        return ordered.map { $0 ?? [] }
    }

    /// Lists the served models (`/v1/models`).
    public func listModels() async throws -> [ModelSummary] {
        let data = try await runner.send(request("GET", "/v1/models", timeouts: settings.metadataTimeouts), purpose: .server)
        let decoded = try decodeJSON(OpenAIModelsResponse.self, from: data)
        return (decoded.data ?? []).map { model in
            ModelSummary(name: model.id, sizeBytes: model.meta?.size,
                         modifiedAt: model.created.map { Date(timeIntervalSince1970: $0) },
                         contextLength: model.meta?.n_ctx_train, embeddingLength: model.meta?.n_embd)
        }
    }

    /// Model details from `/v1/models` (llama-server `meta`) and, where available, the runtime context from `/props`.
    public func modelInfo(_ model: String) async throws -> ModelInfo {
        let models = try await listModels()
        // llama-server serves exactly one model and ignores the requested name.
        guard let entry = models.first(where: { $0.name == model }) ?? (models.count == 1 ? models.first : nil) else {
            throw LLMError.modelNotFound(model: model, provider: .openai)
        }
        var info = ModelInfo(name: entry.name, contextLength: entry.contextLength, embeddingLength: entry.embeddingLength)
        if let props = try? await runner.send(request("GET", "/props", timeouts: settings.metadataTimeouts), purpose: .server),
           let decoded = try? decodeJSON(LlamaServerProps.self, from: props) {
            info.runtimeContextLength = decoded.default_generation_settings?.n_ctx
        }
        return info
    }

    /// Checks `/health` (llama-server) or, failing that, `/v1/models`; the version comes from `/props` when present.
    public func health() async throws -> ServerHealth {
        let start = ContinuousClock.now
        do {
            _ = try await runner.send(request("GET", "/health", timeouts: settings.metadataTimeouts), purpose: .server)
        } catch LLMError.http(404, _) {
            _ = try await runner.send(request("GET", "/v1/models", timeouts: settings.metadataTimeouts), purpose: .server)
        }
        let elapsed = (ContinuousClock.now - start).secondsDouble
        var version: String?
        if let props = try? await runner.send(request("GET", "/props", timeouts: settings.metadataTimeouts), purpose: .server) {
            version = (try? decodeJSON(LlamaServerProps.self, from: props))?.build_info
        }
        return ServerHealth(version: version, latencySeconds: elapsed)
    }

    /// Not offered by OpenAI-compatible servers.
    public func pull(_ model: String) -> AsyncThrowingStream<PullProgress, any Error> {
        AsyncThrowingStream { $0.finish(throwing: LLMError.unsupported(feature: "pulling a model", provider: .openai)) }
    }
}

/// One meaningful SSE line.
enum SSELine: Equatable {
    /// `data: {...}`.
    case data(Data)
    /// `data: [DONE]`.
    case done
    /// Old llama.cpp's non-standard `error: {...}` line.
    case error(String)

    /// Parses a line; nil for blank lines, `:` comments (pings) and fields other than data/error.
    static func parse(_ line: Data) -> SSELine? {
        guard let first = line.first, first != UInt8(ascii: ":") else { return nil }
        let text = String(decoding: line, as: UTF8.self)
        if text.hasPrefix("data:") {
            let payload = text.dropFirst(5).trimmingCharacters(in: .whitespaces)
            if payload == "[DONE]" { return .done }
            if payload.isEmpty { return nil }
            return .data(Data(line.suffix(from: line.startIndex + 5)).trimmingLeadingSpace())
        }
        if text.hasPrefix("error:") {
            let payload = Data(text.dropFirst(6).utf8)
            if let value = try? JSONDecoder().decode(JSONValue.self, from: payload) {
                return .error(value["message"]?.stringValue ?? openAIErrorMessage(value["error"] ?? value))
            }
            return .error(text.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}

extension Data {
    /// Drops leading spaces (keeps the original bytes otherwise, including invalid UTF-8).
    func trimmingLeadingSpace() -> Data {
        Data(drop(while: { $0 == 0x20 }))
    }
}

/// What one SSE line means, for callers outside the module (tests, tools).
public enum SSEParsing {
    /// The meaning of an SSE line.
    public enum Kind: Equatable {
        /// Nothing to act on (blank, comment, other field).
        case none
        /// `data: [DONE]`.
        case done
        /// A `data:` payload.
        case data(Data)
        /// An `error:` line with its message.
        case error(String)
    }

    /// Classifies a line as the provider does.
    public static func classify(_ line: Data) -> Kind {
        switch SSELine.parse(line) {
        case nil: return .none
        case .done: return .done
        case .data(let d): return .data(d)
        case .error(let m): return .error(m)
        }
    }
}
