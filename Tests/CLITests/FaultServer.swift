import Foundation
import TestSupport

/// How the fault server misbehaves. `healthy` answers like a small Ollama (version, tags, show, embed, chat), so a
/// database can be indexed before the server turns hostile.
enum Fault: String, CaseIterable, Sendable {
    /// A working Ollama-like server.
    case healthy
    /// Accepts the connection, reads the request, never answers (not even `/api/version`).
    case silent
    /// Sends a valid-looking answer one byte per second, forever.
    case trickle
    /// Answers 500 with an error body holding terminal escape sequences.
    case status500
    /// Answers 200 with a body that is not JSON.
    case invalidJSON
    /// Answers 200 with an endless body (no newline), as fast as the client reads.
    case hugeBody
    /// Answers 401 with the request's own head (its `Authorization` header included) in the error message.
    case reflect
    /// `/api/version` (and the other quick calls) answer at once, but chat and embed wait `loadingSeconds` first:
    /// a model that is loading, which must not be mistaken for a stuck server.
    case loading
    /// Healthy, except that a streamed chat answer never ends: content lines as fast as the client reads, never `done`
    /// (a server that ignores the requested maximum length).
    case endlessAnswer
}

/// A loopback HTTP/1.1 server (a `TestHTTPServer` handler) whose behaviour (`fault`) can change between requests.
/// Every connection gets its own thread; `stop()` closes the listener and every open connection.
final class FaultServer: @unchecked Sendable {
    private let lock = NSCondition()
    private var current: Fault
    private var stopped = false
    private var heads: [String] = []
    private var loading: Double = 4
    private var server: TestHTTPServer!

    /// The port it listens on.
    var port: UInt16 { server.port }

    /// How long `loading` holds chat and embed answers.
    var loadingSeconds: Double {
        get { lock.withLock { loading } }
        set { lock.withLock { loading = newValue } }
    }

    /// `127.0.0.1:PORT` (an `OLLAMA_HOST` value).
    var hostPort: String { "127.0.0.1:\(port)" }

    /// The behaviour for the next requests.
    var fault: Fault {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// How many requests have arrived so far (to wait for a later one with `waitForRequest(_:after:deadline:)`).
    var requestCount: Int { lock.withLock { heads.count } }

    /// Blocks until a request for a path starting with `prefix` arrives after the first `after` requests (true), or
    /// `deadline` seconds pass (false).
    func waitForRequest(_ prefix: String, after: Int, deadline: TimeInterval) -> Bool {
        let until = Date().addingTimeInterval(deadline)
        lock.lock()
        defer { lock.unlock() }
        while !heads.dropFirst(after).contains(where: { $0.split(separator: " ").dropFirst().first?.hasPrefix(prefix) == true }) {
            if !lock.wait(until: until) { return false }
        }
        return true
    }

    /// Request heads received so far (method, path, headers).
    var requestHeads: [String] { lock.withLock { heads } }

    init(_ fault: Fault) throws {
        current = fault
        server = try TestHTTPServer { [unowned self] request, writer in serve(request, writer) }
    }

    /// Closes the listener and every connection (silent and trickling answers end here).
    func stop() {
        lock.withLock { stopped = true }
        server.stop()
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func serve(_ request: TestRequest, _ w: ResponseWriter) {
        let head = (["\(request.method) \(request.path) HTTP/1.1"] + request.headers.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" })
            .joined(separator: "\r\n")
        lock.withLock {
            heads.append(head)
            lock.broadcast()
        }
        switch fault {
        case .healthy:
            answer(w, request)
        case .loading:
            if request.path.hasPrefix("/api/chat") || request.path.hasPrefix("/api/embed") { pause(loadingSeconds) }
            answer(w, request)
        case .endlessAnswer:
            guard request.path.hasPrefix("/api/chat"), (request.json?["stream"] as? Bool) != false else { return answer(w, request) }
            let line = #"{"model":"llama3.2","message":{"role":"assistant","content":""# + String(repeating: "word ", count: 2000) + #""},"done":false}"# + "\n"
            guard w.raw(Data("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n\r\n".utf8)) else { return }
            let block = Data(String(repeating: line, count: 8).utf8)
            while !isStopped && w.raw(block) {}
        case .silent:
            while !isStopped { pause(0.2) }
        case .trickle:
            let body = #"{"version":"0.12.3","models":[],"message":{"role":"assistant","content":"hi"},"done":true}"#
            let all = Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
            for byte in all {
                if isStopped || !w.raw(Data([byte])) { return }
                pause(1)
            }
        case .status500:
            w.json(500, #"{"error":"model runner crashed \u001b]0;pwned\u0007 \u001b[2J and more"}"#)
        case .invalidJSON:
            w.json(200, "<html>this is not json {\n")
        case .hugeBody:
            w.raw(Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n".utf8))
            let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 16)
            while !isStopped && w.raw(block) {}
        case .reflect:
            let message = "unauthorized, you sent: " + head.replacingOccurrences(of: "\r\n", with: " | ")
            let body = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
            w.respond(status: 401, contentType: "application/json; charset=utf-8", body: body)
        }
    }

    /// A healthy Ollama answer for the request's path.
    private func answer(_ w: ResponseWriter, _ r: TestRequest) {
        let request = r.json ?? [:]
        let path = r.path
        var json: Any
        if path.hasPrefix("/api/version") {
            json = ["version": "0.12.3"]
        } else if path.hasPrefix("/api/tags") {
            json = ["models": [["name": "llama3.2:latest", "model": "llama3.2:latest", "size": 1000],
                               ["name": "nomic-embed-text:latest", "model": "nomic-embed-text:latest", "size": 1000]]]
        } else if path.hasPrefix("/api/show") {
            let embed = (request["model"] as? String ?? "").contains("embed")
            json = ["capabilities": [embed ? "embedding" : "completion"],
                    "model_info": ["general.architecture": "llama", "llama.context_length": 8192, "llama.embedding_length": 8]]
        } else if path.hasPrefix("/api/embed") {
            let inputs = request["input"] as? [String] ?? []
            json = ["model": "nomic-embed-text", "embeddings": inputs.map { text in
                (0..<8).map { i in Double((text.unicodeScalars.reduce(i) { ($0 &* 31 &+ Int($1.value)) % 97 }) + 1) / 97 }
            }]
        } else if path.hasPrefix("/api/chat") {
            let line: [String: Any] = ["model": "llama3.2", "created_at": "2026-01-01T00:00:00Z",
                                       "message": ["role": "assistant", "content": "hello"], "done": false]
            let done: [String: Any] = ["model": "llama3.2", "created_at": "2026-01-01T00:00:00Z",
                                       "message": ["role": "assistant", "content": ""], "done": true, "done_reason": "stop"]
            if request["stream"] as? Bool == false {
                json = ["model": "llama3.2", "created_at": "2026-01-01T00:00:00Z", "done": true, "done_reason": "stop",
                        "message": ["role": "assistant", "content": #"{"cards":[]}"#]]
            } else {
                let lines = [line, done].compactMap { try? JSONSerialization.data(withJSONObject: $0) }
                w.respond(status: 200, contentType: "application/x-ndjson", body: lines.reduce(Data()) { $0 + $1 + Data("\n".utf8) })
                return
            }
        } else {
            return w.json(404, #"{"error":"not found"}"#)
        }
        w.respond(status: 200, contentType: "application/json; charset=utf-8", body: (try? JSONSerialization.data(withJSONObject: json)) ?? Data())
    }

    /// Waits between trickled bytes or while holding an answer back (the server's pacing, not a test wait).
    private func pause(_ seconds: Double) { usleep(useconds_t(seconds * 1_000_000)) }
}
