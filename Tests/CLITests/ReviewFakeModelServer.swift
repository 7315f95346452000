import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 model server on 127.0.0.1 for `recall cards generate` tests. It answers Ollama
/// `/api/chat` (one JSON object, `stream: false`) and OpenAI `/v1/chat/completions` with a canned
/// assistant message, and records each request body so tests can check what was sent (e.g. the schema).
final class ReviewFakeModelServer: @unchecked Sendable {
    /// The port it listens on.
    let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var bodies: [String] = []
    private let reply: String
    private let thread: Thread

    /// The base URL, `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Request bodies received so far.
    var requests: [String] { lock.lock(); defer { lock.unlock() }; return bodies }

    /// Starts listening; every chat request gets `content` as the assistant's answer.
    init(content: String) throws {
        reply = content
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 8) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        listener = fd
        let box = Box()
        thread = Thread { box.server?.acceptLoop() }
        box.server = self
        thread.start()
    }

    private final class Box: @unchecked Sendable { weak var server: ReviewFakeModelServer? }

    /// Stops accepting (the accept loop ends when the socket is shut down).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let c = accept(listener, nil, nil)
            if c < 0 { return }
            handle(c)
            close(c)
        }
    }

    private func handle(_ c: Int32) {
        var data = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Range<Data.Index>?
        var contentLength = 0
        while true {
            let n = read(c, &buf, buf.count)
            if n <= 0 { return }
            data.append(buf, count: n)
            if headerEnd == nil, let r = data.range(of: Data("\r\n\r\n".utf8)) {
                headerEnd = r
                let head = String(decoding: data[..<r.lowerBound], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let r = headerEnd, data.count - r.upperBound >= contentLength { break }
        }
        guard let r = headerEnd else { return }
        let head = String(decoding: data[..<r.lowerBound], as: UTF8.self)
        let body = String(decoding: data[r.upperBound...], as: UTF8.self)
        let path = head.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        lock.lock(); bodies.append(body); lock.unlock()
        let json: [String: Any]
        if path.hasPrefix("/v1/chat/completions") {
            json = ["id": "x", "object": "chat.completion", "created": 0, "model": "fake",
                    "choices": [["index": 0, "message": ["role": "assistant", "content": reply], "finish_reason": "stop"]],
                    "usage": ["prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20]]
        } else if path.hasPrefix("/api/chat") {
            json = ["model": "fake", "created_at": "2026-01-01T00:00:00Z", "message": ["role": "assistant", "content": reply],
                    "done": true, "done_reason": "stop", "total_duration": 1, "prompt_eval_count": 10, "eval_count": 10]
        } else {
            let msg = Data("{\"error\":\"not found\"}".utf8)
            write(c, "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: \(msg.count)\r\nConnection: close\r\n\r\n", msg)
            return
        }
        let out = (try? JSONSerialization.data(withJSONObject: json)) ?? Data()
        write(c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(out.count)\r\nConnection: close\r\n\r\n", out)
    }

    private func write(_ c: Int32, _ head: String, _ body: Data) {
        var all = Data(head.utf8)
        all.append(body)
        all.withUnsafeBytes { p in
            var off = 0
            while off < p.count {
                let n = Glibc.write(c, p.baseAddress! + off, p.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }
}
