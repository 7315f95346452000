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
    /// The server accepted the request but sent nothing, and did not answer the cheap probe request either.
    case serverStuck(url: String, probe: String, seconds: Double, detail: String)
    /// A line (`what` = "a line") or the body ("the answer") started but did not finish in time: a trickling server.
    case stalled(url: String, what: String, seconds: Double)
    /// The transfer as a whole took longer than its overall deadline.
    case totalTimeout(url: String, seconds: Double)
    /// The answer was larger than the limit.
    case bodyTooLarge(url: String, limit: Int)

    /// A one-line description for people.
    public var description: String {
        switch self {
        case .connectionFailed(let url, let detail): return "could not connect to \(Redact.url(url)) (\(detail))"
        case .cannotResolve(let url): return "could not resolve the host of \(Redact.url(url))"
        case .connectTimeout(let url, let s): return "connecting to \(Redact.url(url)) took longer than \(Self.format(s)) s"
        case .firstByteTimeout(let url, let s): return "\(Redact.url(url)) sent nothing for \(Self.format(s)) s"
        case .idleTimeout(let url, let s): return "\(Redact.url(url)) stopped sending for \(Self.format(s)) s"
        case .status(let code, let body, _):
            return "HTTP \(code): \(Redact.serverText(body))"
        case .connectionLost(let url, let detail): return "the connection to \(Redact.url(url)) broke (\(detail))"
        case .lineTooLong(let limit): return "a response line exceeded \(limit) bytes"
        case .invalidURL(let url): return "invalid URL \(Redact.url(url))"
        case .transport(let code, let detail): return "transfer failed (curl \(code): \(detail))"
        case .serverStuck(let url, let probe, let s, let detail):
            return "\(Redact.url(url)) accepted the request but sent nothing, and \(Redact.url(probe)) did not answer within \(Self.format(s)) s either (\(detail))"
        case .stalled(let url, let what, let s):
            return "\(Redact.url(url)) started answering but \(what) took longer than \(Self.format(s)) s to arrive"
        case .totalTimeout(let url, let s): return "\(Redact.url(url)) did not finish answering within \(Self.format(s)) s"
        case .bodyTooLarge(let url, let limit): return "\(Redact.url(url)) sent more than \(limit >> 20) MB"
        }
    }

    /// Seconds without a needless ".0".
    public static func format(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
    }
}
