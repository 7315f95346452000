import Foundation
import HTTP

/// Ollama's native API: `/api/chat` (NDJSON), `/api/embed`, `/api/tags`, `/api/show`, `/api/version`, `/api/pull`.
public struct OllamaProvider: LLMProvider {
    /// Always `.ollama`.
    public let kind = ProviderKind.ollama
    /// Connection and request settings.
    public let settings: ProviderSettings
    let runner: RequestRunner

    /// Creates a provider talking to `settings.baseURL` through `transport`.
    public init(settings: ProviderSettings, transport: any HTTPTransport = CurlHTTPClient()) {
        self.settings = settings
        self.runner = RequestRunner(transport: transport, settings: settings, kind: .ollama)
    }

    /// The server's base URL.
    public var baseURL: String { settings.baseURL }
    /// The `num_ctx` sent when a request does not set one.
    public var defaultNumCtx: Int { settings.numCtx }

    func url(_ path: String) -> String { settings.trimmedBase + path }

    /// The `/api/chat` body: `num_ctx` always sent, `think` false unless asked, `format` for JSON output.
    func chatBody(_ request: ChatRequest, stream: Bool) -> Data {
        var options: [String: JSONValue] = ["num_ctx": .number(Double(request.numCtx ?? settings.numCtx))]
        if let t = request.temperature { options["temperature"] = .number(t) }
        if let n = request.maxTokens { options["num_predict"] = .number(Double(n)) }
        if let s = request.seed { options["seed"] = .number(Double(s)) }
        if let stop = request.stop { options["stop"] = .array(stop.map(JSONValue.string)) }
        var body: [String: JSONValue] = [
            "model": .string(request.model),
            "messages": .array(request.messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) }),
            "stream": .bool(stream),
            "options": .object(options),
            "think": .bool(request.think),
        ]
        if let keepAlive = settings.keepAlive { body["keep_alive"] = .string(keepAlive) }
        switch request.format {
        case .json: body["format"] = .string("json")
        case .schema(let schema, _): body["format"] = schema
        case nil: break
        }
        return encodeBody(body)
    }

    func post(_ path: String, _ body: Data, timeouts: HTTPTimeouts) -> HTTPRequest {
        HTTPRequest(method: "POST", url: url(path), headers: [("Content-Type", "application/json")], body: body, timeouts: timeouts)
    }

    /// Streams an answer from `/api/chat`.
    public func chatStream(_ request: ChatRequest) -> AsyncThrowingStream<ChatEvent, any Error> {
        let http = post("/api/chat", chatBody(request, stream: true), timeouts: settings.timeouts)
        let numCtx = request.numCtx ?? settings.numCtx
        let estimated = TokenEstimate.prompt(request.messages)
        return StreamDriver.run(runner: runner, request: http, purpose: .chat(model: request.model), waitingEvent: ChatEvent.loading) { continuation in
            if estimated > numCtx {
                continuation.yield(.warning(.promptExceedsContext(estimatedTokens: estimated, numCtx: numCtx)))
            }
            var finished = false
            var written = 0
            return { line in
                if finished { return .finished }
                let trimmed = line.filter { $0 != 0x20 && $0 != 0x09 }
                if trimmed.isEmpty { return .more }
                let decoded = try decodeJSON(OllamaChatLine.self, from: line)
                if let error = decoded.error { throw LLMError.streamError(message: error) }
                if let thinking = decoded.message?.thinking ?? decoded.thinking, !thinking.isEmpty {
                    written += thinking.utf8.count
                    if written > request.outputByteLimit { throw request.outputLimitError }
                    continuation.yield(.thinking(thinking))
                }
                if let text = decoded.message?.content ?? decoded.response, !text.isEmpty {
                    written += text.utf8.count
                    if written > request.outputByteLimit { throw request.outputLimitError }
                    continuation.yield(.token(text))
                }
                if decoded.done == true {
                    finished = true
                    let summary = Self.summary(decoded, model: request.model)
                    if let warning = TokenEstimate.truncationWarning(estimated: estimated, reported: summary.promptTokens, numCtx: numCtx) {
                        continuation.yield(.warning(warning))
                    }
                    if summary.doneReason == "length" { continuation.yield(.warning(.lengthLimited)) }
                    continuation.yield(.done(summary))
                    return .finished
                }
                return .more
            }
        }
    }

    /// Asks `/api/chat` for a whole answer (`stream: false`).
    public func chat(_ request: ChatRequest) async throws -> ChatResult {
        let http = post("/api/chat", chatBody(request, stream: false), timeouts: settings.timeouts)
        let data = try await runner.send(http, purpose: .chat(model: request.model))
        let decoded = try decodeJSON(OllamaChatLine.self, from: data)
        if let error = decoded.error { throw LLMError.streamError(message: error) }
        let summary = Self.summary(decoded, model: request.model)
        let numCtx = request.numCtx ?? settings.numCtx
        var warnings: [LLMWarning] = []
        let estimated = TokenEstimate.prompt(request.messages)
        if let w = TokenEstimate.truncationWarning(estimated: estimated, reported: summary.promptTokens, numCtx: numCtx) {
            warnings.append(w)
        }
        if summary.doneReason == "length" { warnings.append(.lengthLimited) }
        return ChatResult(content: decoded.message?.content ?? decoded.response ?? "",
                          thinking: decoded.message?.thinking ?? decoded.thinking ?? "",
                          summary: summary, warnings: warnings)
    }

    static func summary(_ line: OllamaChatLine, model: String) -> ChatSummary {
        ChatSummary(model: line.model ?? model, doneReason: line.done_reason, promptTokens: line.prompt_eval_count,
                    outputTokens: line.eval_count, totalSeconds: line.total_duration?.seconds,
                    loadSeconds: line.load_duration?.seconds, createdAt: line.created_at.flatMap(RFC3339.parse))
    }
}
