import Foundation
import TestSupport

/// A tiny model server on 127.0.0.1 for `recall cards generate` tests (a `TestHTTPServer` handler). It answers
/// Ollama `/api/chat` (one JSON object, `stream: false`) and OpenAI `/v1/chat/completions` with a canned
/// assistant message, and records each request body so tests can check what was sent (e.g. the schema).
final class ReviewFakeModelServer: @unchecked Sendable {
    private let server: TestHTTPServer
    private let log: BodyLog

    /// The base URL, `http://127.0.0.1:PORT`.
    var baseURL: String { server.baseURL }

    /// Request bodies received so far.
    var requests: [String] { log.bodies }

    /// Starts listening; every chat request gets `content` as the assistant's answer.
    init(content: String) throws {
        let log = BodyLog()
        self.log = log
        server = try TestHTTPServer { request, writer in
            log.append(String(decoding: request.body, as: UTF8.self))
            let json: [String: Any]
            if request.path.hasPrefix("/v1/chat/completions") {
                json = ["id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                        "choices": [["index": 0, "message": ["role": "assistant", "content": content], "finish_reason": "stop"]],
                        "usage": ["prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20]]
            } else if request.path.hasPrefix("/api/chat") {
                json = ["model": "fake", "created_at": "2026-01-01T00:00:00Z", "message": ["role": "assistant", "content": content],
                        "done": true, "done_reason": "stop", "total_duration": 1, "prompt_eval_count": 10, "eval_count": 10]
            } else {
                return writer.json(404, #"{"error":"not found"}"#)
            }
            writer.respond(status: 200, contentType: "application/json", body: (try? JSONSerialization.data(withJSONObject: json)) ?? Data())
        }
    }

    /// Stops accepting.
    func stop() { server.stop() }

    deinit { stop() }

    /// Request bodies, appended from the server's connection threads.
    private final class BodyLog: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func append(_ body: String) { lock.withLock { list.append(body) } }
        var bodies: [String] { lock.withLock { list } }
    }
}
