import Foundation
import HTTP

/// How to retry when the server answers 503 (busy): exponential back-off, honouring `Retry-After`.
public struct RetryPolicy: Sendable {
    /// Attempts in all, including the first.
    public var maxAttempts: Int
    /// Delay before the second attempt, in seconds; doubles each time.
    public var baseDelay: Double
    /// The longest delay between attempts, in seconds.
    public var maxDelay: Double
    /// Waits between attempts (injected so tests need not wait).
    public var sleep: @Sendable (Double) async throws -> Void

    /// Creates a policy; the default sleeps with `Task.sleep`.
    public init(maxAttempts: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 8,
                sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
                    try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
                }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
    }

    /// The delay after failed attempt `attempt` (1-based); `Retry-After` wins when the server sends it.
    public func delay(afterAttempt attempt: Int, retryAfter: Double?) -> Double {
        if let retryAfter { return min(maxDelay, max(0, retryAfter)) }
        return min(maxDelay, baseDelay * pow(2, Double(attempt - 1)))
    }
}

/// Where a provider connects and the fixed parameters it sends.
public struct ProviderSettings: Sendable, CustomStringConvertible {
    /// The server's base URL (`http://127.0.0.1:11434`; a trailing `/v1` is accepted for OpenAI-compatible servers).
    public var baseURL: String
    /// The context window sent with every chat request unless the request says (keep constant per model).
    public var numCtx: Int
    /// How long Ollama keeps the model loaded after a request (`keep_alive`).
    public var keepAlive: String?
    /// Connect / first-byte / idle timeouts.
    public var timeouts: HTTPTimeouts
    /// Timeouts for quick metadata calls (list, show, version).
    public var metadataTimeouts: HTTPTimeouts
    /// What to do on 503.
    public var retry: RetryPolicy
    /// The API key (read from the environment by the caller; never stored, never printed).
    public var apiKey: String?
    /// The name of the environment variable the key came from, for error messages.
    public var apiKeyEnv: String?
    /// Told what a non-streamed request waits for when the server has not started answering after the waiting
    /// notice (e.g. "the embedding model nomic-embed-text at http://127.0.0.1:11434"), so a command can say so.
    public var onWaiting: (@Sendable (String) -> Void)?

    /// Creates settings with defaults suitable for a local server.
    public init(baseURL: String, numCtx: Int = 4096, keepAlive: String? = "10m", timeouts: HTTPTimeouts = ProviderSettings.modelTimeouts,
                metadataTimeouts: HTTPTimeouts = ProviderSettings.quickTimeouts,
                retry: RetryPolicy = RetryPolicy(), apiKey: String? = nil, apiKeyEnv: String? = nil) {
        self.baseURL = baseURL
        self.numCtx = numCtx
        self.keepAlive = keepAlive
        self.timeouts = timeouts
        self.metadataTimeouts = metadataTimeouts
        self.retry = retry
        self.apiKey = apiKey
        self.apiKeyEnv = apiKeyEnv
    }

    /// Model work (chat, embeddings, pull): loading a model may take minutes, and is told apart from a stuck server by
    /// the liveness probe (5 s); a started line must finish within 10 s, a whole answer within 30 s; 30 min at most.
    public static let modelTimeouts = HTTPTimeouts(connect: 5, firstByte: 600, idle: 120, waitingNotice: 1.5, total: 1800)
    /// Quick metadata calls (version, model list, model details) answer at once on a healthy server: 10 s to start,
    /// 15 s in all.
    public static let quickTimeouts = HTTPTimeouts(connect: 3, firstByte: 10, idle: 10, waitingNotice: 10, total: 15, body: 15)

    /// A description that never includes the key.
    public var description: String {
        "\(Redact.url(baseURL)) num_ctx=\(numCtx) key=\(apiKey == nil ? "none" : "<from $\(apiKeyEnv ?? "env")>")"
    }

    /// The base URL without trailing slashes.
    var trimmedBase: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}

/// Shared plumbing of both providers: sending with retries, mapping transport errors to `LLMError`.
struct RequestRunner: Sendable {
    let transport: any HTTPTransport
    let settings: ProviderSettings
    let kind: ProviderKind

    /// What a request is for, so errors can name the right fix.
    enum Purpose {
        case chat(model: String)
        case embed(model: String)
        case model(String)
        case server
    }

    /// The cheap request that shows the server is alive while a model loads (`/api/version`, `/v1/models`).
    var probeURL: String {
        var base = settings.trimmedBase
        switch kind {
        case .ollama: return base + "/api/version"
        case .openai:
            if base.hasSuffix("/v1") { base.removeLast(3) }
            return base + "/v1/models"
        }
    }

    /// The request with the liveness probe attached when it has a waiting phase (model work, not quick calls).
    func probing(_ request: HTTPRequest) -> HTTPRequest {
        var request = request
        if request.probeURL == nil && request.timeouts.waitingNotice < request.timeouts.firstByte { request.probeURL = probeURL }
        return request
    }

    /// Sends a request, retrying on 503, and returns the body of the 2xx answer.
    func send(_ request: HTTPRequest, purpose: Purpose) async throws -> Data {
        let request = probing(request)
        var attempt = 1
        while true {
            do {
                let notice = settings.onWaiting.map { tell in { @Sendable in tell(waitingFor(purpose)) } }
                return try await transport.send(request, onWaiting: notice).body
            } catch let error as HTTPError {
                if case .status(503, _, let head) = error, attempt < settings.retry.maxAttempts {
                    try await settings.retry.sleep(settings.retry.delay(afterAttempt: attempt, retryAfter: Self.retryAfter(head)))
                    attempt += 1
                    continue
                }
                throw map(error, purpose: purpose, attempts: attempt)
            }
        }
    }

    /// What a request waits for, in words.
    func waitingFor(_ purpose: Purpose) -> String {
        let at = Redact.url(settings.baseURL)
        switch purpose {
        case .chat(let model): return "the chat model \(model) at \(at)"
        case .embed(let model): return "the embedding model \(model) at \(at)"
        case .model(let model): return "model \(model) at \(at)"
        case .server: return "the server at \(at)"
        }
    }

    /// The `Retry-After` header in seconds, if present and numeric.
    static func retryAfter(_ head: HTTPResponseHead) -> Double? {
        head.headers["retry-after"].flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// Turns a transport error into the `LLMError` a person can act on.
    func map(_ error: HTTPError, purpose: Purpose, attempts: Int = 1) -> LLMError {
        switch error {
        case .connectionFailed(_, let detail):
            return .serverUnreachable(provider: kind, baseURL: settings.baseURL, detail: detail)
        case .cannotResolve:
            return .serverUnreachable(provider: kind, baseURL: settings.baseURL, detail: "unknown host")
        case .connectTimeout(_, let seconds):
            return .serverUnreachable(provider: kind, baseURL: settings.baseURL, detail: "no connection within \(HTTPError.format(seconds)) s")
        case .invalidURL(let url):
            return .serverUnreachable(provider: kind, baseURL: url, detail: "invalid URL")
        case .firstByteTimeout, .idleTimeout, .totalTimeout, .stalled:
            return .timeout(detail: error.description)
        case .serverStuck:
            return .stuck(provider: kind, baseURL: settings.baseURL, detail: error.description)
        case .connectionLost(_, let detail):
            return .serverUnreachable(provider: kind, baseURL: settings.baseURL, detail: "the connection closed: \(detail)")
        case .lineTooLong, .transport, .bodyTooLarge:
            return .invalidResponse(detail: error.description)
        case .status(let code, let body, _):
            let message = ServerMessage.extract(body, secrets: [settings.apiKey].compactMap { $0 })
            return Self.classify(status: code, message: message, type: ServerMessage.type(body), kind: kind,
                                 purpose: purpose, attempts: attempts, apiKeyEnv: settings.apiKeyEnv)
        }
    }

    /// Maps a server error (status + message) to an `LLMError`.
    static func classify(status: Int, message: String, type: String?, kind: ProviderKind, purpose: Purpose,
                         attempts: Int, apiKeyEnv: String?) -> LLMError {
        let lower = message.lowercased()
        let model: String? = {
            switch purpose {
            case .chat(let m), .embed(let m), .model(let m): return m
            case .server: return nil
            }
        }()
        if lower.contains("does not support embed") || (lower.contains("embedding") && lower.contains("not supported")) {
            return .notAnEmbeddingModel(model: model ?? "?", provider: kind, message: message)
        }
        if lower.contains("does not support chat") || lower.contains("does not support generate")
            || lower.contains("does not support completion") {
            return .notAChatModel(model: model ?? "?", provider: kind, message: message)
        }
        if type == "exceed_context_size_error" || lower.contains("exceeds the available context")
            || lower.contains("exceeds the context length") || lower.contains("longer than the context length") {
            return .contextOverflow(message: message)
        }
        switch status {
        case 404 where model != nil && (lower.contains("not found") || lower.contains("no such model")):
            return .modelNotFound(model: model ?? "?", provider: kind)
        case 401, 403:
            return .unauthorized(message: message, apiKeyEnv: apiKeyEnv)
        case 503:
            return .busy(message: message, attempts: attempts)
        case 501:
            if case .embed(let m) = purpose { return .notAnEmbeddingModel(model: m, provider: kind, message: message) }
            if case .chat(let m) = purpose { return .notAChatModel(model: m, provider: kind, message: message) }
            return .http(status: status, message: message)
        default:
            return .http(status: status, message: message)
        }
    }
}

/// Decodes one JSON document, replacing invalid UTF-8 bytes (U+FFFD) instead of failing on them.
func decodeJSON<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
    do {
        return try JSONDecoder().decode(type, from: data)
    } catch {
        if String(data: data, encoding: .utf8) == nil {
            let repaired = Data(String(decoding: data, as: UTF8.self).utf8)
            return try JSONDecoder().decode(type, from: repaired)
        }
        throw LLMError.invalidResponse(detail: DecodeProblem.describe(error, data: data))
    }
}

/// Encodes a JSON object body with stable key order.
func encodeBody(_ object: [String: JSONValue]) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(JSONValue.object(object))) ?? Data("{}".utf8)
}
