import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for `recall bench http`: `/short` answers at once, `/stream` sends a
/// chunked line every 10 ms until the client goes away, `/quiet` sends one line and then nothing until the client
/// goes away. One thread per connection; writes use MSG_NOSIGNAL, so a closed client never raises SIGPIPE.
final class BenchLoopbackServer: @unchecked Sendable {
    /// The listening socket.
    private let listener: Int32
    /// The port the kernel chose.
    let port: Int
    /// The base URL, `http://127.0.0.1:PORT`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Binds an ephemeral loopback port and starts accepting.
    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CLIError("bench http: cannot open a socket (errno \(errno))") }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw CLIError("bench http: cannot listen on 127.0.0.1 (errno \(errno))") }
        var chosen = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &chosen) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listener = fd
        port = Int(UInt16(bigEndian: chosen.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Stops accepting (connections in progress end when their clients go away).
    func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { if errno == EINTR { continue }; return }
            Thread.detachNewThread { [self] in serve(client) }
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var request = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.range(of: Data("\r\n\r\n".utf8)) == nil {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return }
            request.append(contentsOf: buffer[0..<n])
        }
        let firstLine = String(decoding: request.prefix { $0 != 0x0D }, as: UTF8.self)
        let path = firstLine.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        switch path {
        case "/stream":
            guard send(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n") else { return }
            var n = 0
            while send(fd, chunk("{\"n\":\(n)}\n")) {
                n += 1
                usleep(10_000)
            }
        case "/quiet":
            guard send(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n"), send(fd, chunk("{\"n\":0}\n")) else { return }
            while recv(fd, &buffer, buffer.count, 0) > 0 {}  // until the client closes
        default:
            _ = send(fd, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}")
        }
    }

    private func chunk(_ text: String) -> String { String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n" }

    /// Writes all of `text`; false when the client has gone.
    private func send(_ fd: Int32, _ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            bytes = bytes.dropFirst(n)
        }
        return true
    }
}
