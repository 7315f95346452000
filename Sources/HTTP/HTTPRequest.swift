import Foundation

/// One HTTP request: method, URL, headers, body and the timeouts that govern it.
public struct HTTPRequest: Sendable, CustomStringConvertible {
    /// The HTTP method, e.g. `GET` or `POST`.
    public var method: String
    /// The absolute URL, e.g. `http://127.0.0.1:11434/api/chat`.
    public var url: String
    /// Request headers in order; `Authorization` values are never printed.
    public var headers: [(name: String, value: String)]
    /// The request body, sent as-is.
    public var body: Data?
    /// The timeouts for this request.
    public var timeouts: HTTPTimeouts
    /// A cheap request on the same server (e.g. `/api/version`) sent when no answer has started after
    /// `timeouts.waitingNotice`: if it answers, the server is alive (loading a model) and the wait goes on; if it does
    /// not answer within `timeouts.probe` seconds, the server is stuck and the transfer fails at once.
    public var probeURL: String?
    /// The largest body accepted (bigger answers fail with `HTTPError.bodyTooLarge`).
    public var maxBodyBytes: Int = 64 << 20

    /// Creates a request; a JSON body gets `Content-Type: application/json` unless a header says otherwise.
    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [],
                body: Data? = nil, timeouts: HTTPTimeouts = HTTPTimeouts()) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
    }

    /// A one-line description safe to log: header values that carry credentials are redacted.
    public var description: String {
        let shown = headers.map { header -> String in
            let lower = header.name.lowercased()
            let secret = lower == "authorization" || lower.contains("api-key") || lower.contains("token")
            return "\(header.name): \(secret ? "<redacted>" : header.value)"
        }
        return "\(method) \(Redact.url(url)) [\(shown.joined(separator: ", "))] body=\(body?.count ?? 0)B"
    }
}

/// How long a request may wait at each stage, in seconds.
public struct HTTPTimeouts: Sendable, Equatable {
    /// Time allowed to open the TCP connection.
    public var connect: Double
    /// Time allowed before the first body byte arrives (covers a model server loading a model).
    public var firstByte: Double
    /// Time allowed between two received chunks once the body has started.
    public var idle: Double
    /// After this long without a first byte, the transfer reports `.waiting` once (e.g. "loading model…").
    public var waitingNotice: Double
    /// The whole transfer's deadline, whatever the server does (`.infinity`: none).
    public var total: Double
    /// Once a line has started (streams), it must be complete within this many seconds: servers write a line at
    /// once, so a line that trickles in byte by byte means a stuck or hostile server.
    public var line: Double
    /// Once the body of a whole (non-streamed) answer, or of an error answer, has started, it must be complete
    /// within this many seconds.
    public var body: Double
    /// How long the liveness probe (`HTTPRequest.probeURL`) may take to answer.
    public var probe: Double
    /// How often the probe is repeated while the server still has not started answering.
    public var probeInterval: Double

    /// Creates timeouts; the defaults suit a local model server that may need minutes to load a model.
    public init(connect: Double = 5, firstByte: Double = 600, idle: Double = 120, waitingNotice: Double = 1.5,
                total: Double = .infinity, line: Double = 10, body: Double = 30, probe: Double = 5, probeInterval: Double = 15) {
        self.connect = connect
        self.firstByte = firstByte
        self.idle = idle
        self.waitingNotice = waitingNotice
        self.total = total
        self.line = line
        self.body = body
        self.probe = probe
        self.probeInterval = probeInterval
    }
}

/// The status line and headers of a response.
public struct HTTPResponseHead: Sendable, Equatable {
    /// The HTTP status code, e.g. 200.
    public var status: Int
    /// Response headers with lower-cased names; the last value wins for repeated names.
    public var headers: [String: String]

    /// Creates a response head.
    public init(status: Int, headers: [String: String]) {
        self.status = status
        self.headers = headers
    }

    /// The `Content-Type` header, if any.
    public var contentType: String? { headers["content-type"] }
    /// True for 2xx statuses.
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// A complete response: head and body.
public struct HTTPResponse: Sendable {
    /// Status and headers.
    public var head: HTTPResponseHead
    /// The whole body.
    public var body: Data

    /// Creates a response.
    public init(head: HTTPResponseHead, body: Data) {
        self.head = head
        self.body = body
    }
}

/// What a streaming transfer reports, in order: maybe `waiting`, then `head`, then lines.
public enum HTTPStreamEvent: Sendable, Equatable {
    /// No byte has arrived after `waitingNotice` seconds (the server is probably loading a model).
    case waiting(seconds: Double)
    /// The response head of a 2xx response (non-2xx responses end the stream with `HTTPError.status`).
    case head(HTTPResponseHead)
    /// One body line without its terminating `\n` (and without a trailing `\r`).
    case line(Data)
}
