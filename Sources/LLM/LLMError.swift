import Foundation
import HTTP

/// Why talking to the model server failed; every description says what to do next.
public enum LLMError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Nothing answers at the server address.
    case serverUnreachable(provider: ProviderKind, baseURL: String, detail: String)
    /// The server does not have the model.
    case modelNotFound(model: String, provider: ProviderKind)
    /// The model cannot chat (an embedding model used for chat).
    case notAChatModel(model: String, provider: ProviderKind, message: String)
    /// The model (or server) cannot make embeddings (a chat model used for embeddings).
    case notAnEmbeddingModel(model: String, provider: ProviderKind, message: String)
    /// The prompt does not fit the context window and the server refused it.
    case contextOverflow(message: String)
    /// The server stayed busy (503) through every retry.
    case busy(message: String, attempts: Int)
    /// The server rejected the API key.
    case unauthorized(message: String, apiKeyEnv: String?)
    /// Any other HTTP error, with the server's own message.
    case http(status: Int, message: String)
    /// The server reported an error in the middle of a streamed answer.
    case streamError(message: String)
    /// The stream ended without its final `done` / `[DONE]` marker.
    case streamTruncated
    /// The server returned a different number of embeddings than inputs.
    case embeddingCountMismatch(expected: Int, got: Int)
    /// Embeddings in one run came back with different dimensions.
    case embeddingDimensionMismatch(expected: Int, got: Int)
    /// The server stopped answering in time.
    case timeout(detail: String)
    /// The server accepts connections but answers nothing, not even a cheap status request.
    case stuck(provider: ProviderKind, baseURL: String, detail: String)
    /// The response could not be understood.
    case invalidResponse(detail: String)
    /// The provider cannot do this (e.g. pulling a model through an OpenAI-compatible server).
    case unsupported(feature: String, provider: ProviderKind)

    /// A one-line explanation with the next step.
    public var description: String {
        switch self.cleaned {
        case .serverUnreachable(let provider, let rawURL, let detail):
            let baseURL = Redact.url(rawURL)
            let host = LLMError.hostPort(baseURL)
            switch provider {
            case .ollama:
                return "Ollama is not running at \(host) (\(detail)) — start it with `ollama serve`, or point OLLAMA_HOST / --base-url at it"
            case .openai:
                return "no model server answers at \(baseURL) (\(detail)) — start it (e.g. `llama-server -m MODEL.gguf --host 127.0.0.1 --port N`) or fix --base-url"
            }
        case .modelNotFound(let model, let provider):
            switch provider {
            case .ollama: return "model '\(model)' not found — run `ollama pull \(model)`"
            case .openai: return "the server does not serve model '\(model)' — choose one listed by `recall models`"
            }
        case .notAChatModel(let model, _, let message):
            return "'\(model)' cannot chat (\(message)) — it is an embedding model; choose a chat model with --model (see `recall models`)"
        case .notAnEmbeddingModel(let model, let provider, let message):
            switch provider {
            case .ollama:
                return "'\(model)' cannot make embeddings (\(message)) — set an embedding model with --embed-model, e.g. run `ollama pull nomic-embed-text`"
            case .openai:
                return "'\(model)' cannot make embeddings (\(message)) — point the embedding URL at a server started with `--embeddings` (profile key embed_base_url)"
            }
        case .contextOverflow(let message):
            return "the prompt is longer than the model's context (\(message)) — raise num_ctx or send less text"
        case .busy(let message, let attempts):
            return "the server is busy (\(message)) after \(attempts) attempts — wait a moment and try again (with Ollama, raise OLLAMA_MAX_QUEUE if it persists)"
        case .unauthorized(let message, let env):
            let hint = env.map { "set the API key in $\($0)" } ?? "set the API key variable named by api_key_env"
            return "the server refused the credentials (\(message)) — \(hint)"
        case .http(let status, let message):
            return "the server answered HTTP \(status): \(message)"
        case .streamError(let message):
            return "the server failed mid-answer: \(message) — try again; check the server log if it repeats"
        case .streamTruncated:
            return "the answer stream ended before the server said it was done — the server may have crashed or closed the connection; try again"
        case .embeddingCountMismatch(let expected, let got):
            return "asked for \(expected) embeddings but the server returned \(got) — reduce the batch size or update the server"
        case .embeddingDimensionMismatch(let expected, let got):
            return "embeddings changed dimension from \(expected) to \(got) within one run — the server switched models; re-run the index"
        case .timeout(let detail):
            return "the server stopped answering: \(detail) — check that it is not overloaded, or raise the timeout"
        case .stuck(let provider, let baseURL, let detail):
            let restart = provider == .ollama ? "restart it (`ollama serve`)" : "restart the server"
            return "the model server at \(Redact.url(baseURL)) is stuck: \(detail) — \(restart), or point --base-url elsewhere"
        case .invalidResponse(let detail):
            return "the server's answer could not be read: \(detail) — check that --provider matches the server"
        case .unsupported(let feature, let provider):
            return "\(feature) is not available with the \(provider.rawValue) provider"
        }
    }

    /// The same error with every server-supplied message cut and cleaned (see `Redact.serverText`).
    var cleaned: LLMError {
        func c(_ text: String) -> String { Redact.serverText(text) }
        switch self {
        case .notAChatModel(let model, let provider, let message): return .notAChatModel(model: c(model), provider: provider, message: c(message))
        case .notAnEmbeddingModel(let model, let provider, let message): return .notAnEmbeddingModel(model: c(model), provider: provider, message: c(message))
        case .contextOverflow(let message): return .contextOverflow(message: c(message))
        case .busy(let message, let attempts): return .busy(message: c(message), attempts: attempts)
        case .unauthorized(let message, let env): return .unauthorized(message: c(message), apiKeyEnv: env)
        case .http(let status, let message): return .http(status: status, message: c(message))
        case .streamError(let message): return .streamError(message: c(message))
        default: return self
        }
    }

    /// `127.0.0.1:11434` from `http://127.0.0.1:11434/`.
    static func hostPort(_ url: String) -> String {
        var text = url
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        return text
    }
}

/// Reads the server's own error message out of an error body.
enum ServerMessage {
    /// `{"error":"..."}` (Ollama), `{"error":{"message":"..."}}` (OpenAI, llama.cpp), or the text itself — cut to
    /// 300 characters, cleaned of control characters and of credentials (`secrets`, bearer tokens, URL passwords).
    static func extract(_ body: Data, secrets: [String] = []) -> String {
        var raw: String?
        if let value = try? JSONDecoder().decode(JSONValue.self, from: body) {
            raw = value["error"]?.stringValue ?? value["error"]?["message"]?.stringValue
                ?? value["message"]?.stringValue ?? value["detail"]?.stringValue
        }
        let text = Redact.serverText(raw ?? String(decoding: body.prefix(2000), as: UTF8.self), secrets: secrets)
        return text.isEmpty ? "no message" : text
    }

    /// The OpenAI-style error `type`, if present (e.g. `exceed_context_size_error`).
    static func type(_ body: Data) -> String? {
        (try? JSONDecoder().decode(JSONValue.self, from: body))?["error"]?["type"]?.stringValue
    }
}

/// Says why an answer could not be decoded, in words (never a raw `DecodingError` dump).
enum DecodeProblem {
    /// "not JSON (starts with "<html>…")", "field `models` is missing", "field `models` has the wrong type".
    static func describe(_ error: any Error, data: Data) -> String {
        let start = Redact.serverText(data, limit: 80)
        guard let decoding = error as? DecodingError else { return "unreadable answer starting with \"\(start)\"" }
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch decoding {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return data.isEmpty ? "the answer was empty" : "the answer is not valid JSON (it starts with \"\(start)\")"
        case .dataCorrupted(let context):
            return "field `\(path(context.codingPath))` holds an unexpected value"
        case .keyNotFound(let key, let context):
            return "field `\(path(context.codingPath + [key]))` is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field `\(path(context.codingPath))` has the wrong type"
        @unknown default:
            return "the answer has an unexpected shape"
        }
    }
}
