import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A parsed HTTP/1.1 request as the loopback test server received it.
public struct TestRequest: Sendable {
    /// GET, POST …
    public var method: String
    /// The request target (path and query).
    public var path: String
    /// Header names lower-cased.
    public var headers: [String: String]
    /// The body (Content-Length bytes).
    public var body: Data

    /// A request value (for handlers called directly).
    public init(method: String, path: String, headers: [String: String], body: Data) {
        self.method = method; self.path = path; self.headers = headers; self.body = body
    }

    /// The body parsed as JSON, if it is JSON.
    public var json: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
    }
}

/// Writes an HTTP/1.1 response on one connection: a fixed-length body, or chunked transfer encoding
/// where every `chunk` call is one chunk frame and one `send()`.
public final class ResponseWriter: @unchecked Sendable {
    private let fd: Int32
    /// True once a write failed (the client closed the connection).
    public private(set) var clientGone = false

    init(fd: Int32) { self.fd = fd }

    /// The reason phrase of a status code.
    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    /// Writes bytes as they are (a head, a partial body); false once the client is gone.
    @discardableResult
    public func raw(_ data: Data) -> Bool {
        if clientGone { return false }
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { buffer in
                send(fd, buffer.baseAddress! + offset, data.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 {
                clientGone = true
                return false
            }
            offset += n
        }
        return true
    }

    /// A complete response with Content-Length.
    public func respond(status: Int, contentType: String, body: Data, extraHeaders: [String: String] = [:]) {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        for (k, v) in extraHeaders { head += "\(k): \(v)\r\n" }
        head += "Date: Sat, 21 Nov 2026 06:00:00 GMT\r\nConnection: close\r\n\r\n"
        raw(Data(head.utf8) + body)
    }

    /// A JSON response (`application/json; charset=utf-8`, as Go's gin writes it).
    public func json(_ status: Int, _ text: String, extraHeaders: [String: String] = [:]) {
        respond(status: status, contentType: "application/json; charset=utf-8", body: Data(text.utf8), extraHeaders: extraHeaders)
    }

    /// Starts a chunked response.
    public func startChunked(status: Int = 200, contentType: String) {
        raw(Data("HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\nTransfer-Encoding: chunked\r\nDate: Sat, 21 Nov 2026 06:00:00 GMT\r\nConnection: close\r\n\r\n".utf8))
    }

    /// Sends one chunk frame.
    @discardableResult
    public func chunk(_ data: Data) -> Bool {
        if data.isEmpty { return !clientGone }
        return raw(Data(String(data.count, radix: 16).utf8) + Data("\r\n".utf8) + data + Data("\r\n".utf8))
    }

    /// Ends a chunked response.
    public func endChunked() { raw(Data("0\r\n\r\n".utf8)) }

    /// Waits until the client closes the connection or `limit` seconds pass (used to hold a stalled stream open).
    public func waitForClientClose(limit: Double) {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            let r = poll(&pfd, 1, 50)
            if r > 0 {
                var byte: UInt8 = 0
                if recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) <= 0 {
                    clientGone = true
                    return
                }
            }
        }
    }
}

/// A small HTTP/1.1 server on 127.0.0.1 with an ephemeral port, one thread per connection.
public final class TestHTTPServer: @unchecked Sendable {
    /// Answers one request on its own thread.
    public typealias Handler = @Sendable (TestRequest, ResponseWriter) -> Void
    /// The port it listens on.
    public let port: UInt16
    private let listenFD: Int32
    private let handler: Handler
    private let lock = NSLock()
    private var stopped = false
    private var open: Set<Int32> = []

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts listening on an ephemeral port; every request is passed to `handler`.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = UInt16(bigEndian: addr.sin_port)
        listenFD = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// A port on which nothing listens (bound, read, closed).
    public static func deadPort() -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return UInt16(bigEndian: addr.sin_port)
    }

    /// Stops accepting and shuts down every open connection, so a handler that holds one open ends (idempotent).
    public func stop() {
        let first = lock.withLock { () -> Bool in
            defer { stopped = true }
            for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
            return !stopped
        }
        // Only shut down here: the accept thread closes the descriptor itself, so its number cannot be reused by
        // another server's socket while that thread might still call accept() on it.
        if first { shutdown(listenFD, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        defer { close(listenFD) }
        while true {
            let client = accept(listenFD, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                if errno == EINTR { continue }
                return
            }
            let registered = lock.withLock { () -> Bool in
                if stopped { return false }
                open.insert(client)
                return true
            }
            guard registered else {
                close(client)
                return
            }
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            let handler = self.handler
            let thread = Thread { [self] in
                if let request = Self.readRequest(client) {
                    handler(request, ResponseWriter(fd: client))
                }
                shutdown(client, Int32(SHUT_WR))
                // Forget the descriptor before closing it, so stop() never shuts down a reused number.
                lock.withLock { _ = open.remove(client) }
                close(client)
            }
            thread.start()
        }
    }

    private static func readRequest(_ fd: Int32) -> TestRequest? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65536)
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
        }
        let headerEnd = buffer.range(of: separator)!
        let headText = String(decoding: buffer[..<headerEnd.lowerBound], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(buffer[headerEnd.upperBound...])
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while body.count < length {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n <= 0 { break }
            body.append(contentsOf: chunk[0..<n])
        }
        return TestRequest(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
    }
}
