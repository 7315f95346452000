import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
}

/// A loopback HTTP/1.1 server on BSD sockets whose behaviour (`fault`) can change between requests. Every
/// connection gets its own thread; `stop()` closes the listener and every open connection.
final class FaultServer: @unchecked Sendable {
    /// The port it listens on.
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var current: Fault
    private var open: Set<Int32> = []
    private var stopped = false
    private var heads: [String] = []
    /// How long `loading` holds chat and embed answers.
    var loadingSeconds: Double = 4

    /// `127.0.0.1:PORT` (an `OLLAMA_HOST` value).
    var hostPort: String { "127.0.0.1:\(port)" }

    /// The behaviour for the next requests.
    var fault: Fault {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// Request heads received so far (method, path, headers).
    var requestHeads: [String] { lock.withLock { heads } }

    init(_ fault: Fault) throws {
        current = fault
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Closes the listener and every connection (silent and trickling answers end here).
    func stop() {
        let fds = lock.withLock { () -> Set<Int32> in
            stopped = true
            return open
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func acceptLoop() {
        while true {
            let c = accept(listener, nil, nil)
            if c < 0 { return }
            var one: Int32 = 1
            setsockopt(c, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let registered = lock.withLock { () -> Bool in
                if stopped { return false }
                open.insert(c)
                return true
            }
            guard registered else { close(c); return }
            Thread { [self] in
                serve(c)
                _ = lock.withLock { open.remove(c) }
                close(c)
            }.start()
        }
    }

    /// Reads one request (head and Content-Length body).
    private func readRequest(_ c: Int32) -> (head: String, path: String, body: Data)? {
        var data = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Range<Data.Index>?
        var contentLength = 0
        while true {
            let n = read(c, &buf, buf.count)
            if n <= 0 { return nil }
            data.append(buf, count: n)
            if headerEnd == nil, let r = data.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = r
                let head = String(decoding: data[..<r.lowerBound], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let r = headerEnd, data.count - r.upperBound >= contentLength {
                let head = String(decoding: data[..<r.lowerBound], as: UTF8.self)
                let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
                return (head, path, Data(data[r.upperBound...]))
            }
        }
    }

    private func serve(_ c: Int32) {
        guard let request = readRequest(c) else { return }
        lock.withLock { heads.append(request.head) }
        switch fault {
        case .healthy:
            answer(c, path: request.path, body: request.body)
        case .loading:
            if request.path.hasPrefix("/api/chat") || request.path.hasPrefix("/api/embed") { pause(loadingSeconds) }
            answer(c, path: request.path, body: request.body)
        case .silent:
            while !isStopped { pause(0.2) }
        case .trickle:
            let body = #"{"version":"0.12.3","models":[],"message":{"role":"assistant","content":"hi"},"done":true}"#
            let all = Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
            for byte in all {
                if isStopped || !send(c, Data([byte])) { return }
                pause(1)
            }
        case .status500:
            respond(c, status: "500 Internal Server Error",
                    body: Data(#"{"error":"model runner crashed \u001b]0;pwned\u0007 \u001b[2J and more"}"#.utf8))
        case .invalidJSON:
            respond(c, status: "200 OK", body: Data("<html>this is not json {\n".utf8))
        case .hugeBody:
            _ = send(c, Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n".utf8))
            let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 16)
            while !isStopped && send(c, block) {}
        case .reflect:
            let message = "unauthorized, you sent: " + request.head.replacingOccurrences(of: "\r\n", with: " | ")
            let body = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
            respond(c, status: "401 Unauthorized", body: body)
        }
    }

    /// A healthy Ollama answer for `path`.
    private func answer(_ c: Int32, path: String, body: Data) {
        let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
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
                respond(c, status: "200 OK", body: lines.reduce(Data()) { $0 + $1 + Data("\n".utf8) }, type: "application/x-ndjson")
                return
            }
        } else {
            respond(c, status: "404 Not Found", body: Data(#"{"error":"not found"}"#.utf8))
            return
        }
        respond(c, status: "200 OK", body: (try? JSONSerialization.data(withJSONObject: json)) ?? Data())
    }

    private func respond(_ c: Int32, status: String, body: Data, type: String = "application/json; charset=utf-8") {
        _ = send(c, Data("HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n".utf8) + body)
    }

    private func send(_ c: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { p in
            guard let base = p.baseAddress else { return true }
            var off = 0
            while off < p.count {
                let n = Glibc.send(c, base + off, p.count - off, Int32(MSG_NOSIGNAL))
                if n <= 0 { return false }
                off += n
            }
            return true
        }
    }

    /// Waits between trickled bytes or while holding an answer back (the server's pacing, not a test wait).
    private func pause(_ seconds: Double) { usleep(useconds_t(seconds * 1_000_000)) }
}
