import Foundation

/// Why an HTTP transfer failed.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing listens at the address (connection refused or host unreachable).
    case connectionFailed(url: String, detail: String)
    /// The host name could not be resolved.
    case cannotResolve(url: String)
    /// The connection could not be opened within the connect timeout.
    case connectTimeout(url: String, seconds: Double)
    /// No body byte arrived within the first-byte timeout.
    case firstByteTimeout(url: String, seconds: Double)
    /// The body stopped flowing for longer than the idle timeout.
    case idleTimeout(url: String, seconds: Double)
    /// The server answered with a non-2xx status; the body holds its message.
    case status(code: Int, body: Data, head: HTTPResponseHead)
    /// The connection broke before the response was complete.
    case connectionLost(url: String, detail: String)
    /// A single line exceeded the maximum line length.
    case lineTooLong(limit: Int)
    /// The URL is malformed or uses an unsupported scheme.
    case invalidURL(String)
    /// Any other libcurl failure.
    case transport(code: Int, detail: String)

    /// A one-line description for people.
    public var description: String {
        switch self {
        case .connectionFailed(let url, let detail): return "could not connect to \(url) (\(detail))"
        case .cannotResolve(let url): return "could not resolve the host of \(url)"
        case .connectTimeout(let url, let s): return "connecting to \(url) took longer than \(Self.format(s)) s"
        case .firstByteTimeout(let url, let s): return "\(url) sent nothing for \(Self.format(s)) s"
        case .idleTimeout(let url, let s): return "\(url) stopped sending for \(Self.format(s)) s"
        case .status(let code, let body, _):
            let text = String(decoding: body.prefix(300), as: UTF8.self)
            return "HTTP \(code): \(text)"
        case .connectionLost(let url, let detail): return "the connection to \(url) broke (\(detail))"
        case .lineTooLong(let limit): return "a response line exceeded \(limit) bytes"
        case .invalidURL(let url): return "invalid URL \(url)"
        case .transport(let code, let detail): return "transfer failed (curl \(code): \(detail))"
        }
    }

    /// Seconds without a needless ".0".
    public static func format(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
    }
}
