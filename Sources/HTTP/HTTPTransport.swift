import Foundation

/// How a transfer hands over the response body.
public enum HTTPBodyMode: Sendable {
    /// Line by line as bytes arrive (NDJSON, SSE).
    case lines
    /// Once, complete, at the end.
    case whole
}

/// Something that performs HTTP requests: libcurl in the app, the same in tests against a loopback server.
public protocol HTTPTransport: Sendable {
    /// Starts a transfer off the calling thread. Events (`waiting`, `head`, `line`/`body`) arrive in order on a
    /// background thread, followed by exactly one `onComplete`; a non-2xx status completes with `HTTPError.status`,
    /// a cancelled transfer with `CancellationError`.
    @discardableResult
    func start(_ request: HTTPRequest, mode: HTTPBodyMode,
               onEvent: @escaping @Sendable (HTTPBodyEvent) -> Void,
               onComplete: @escaping @Sendable (Result<Void, any Error>) -> Void) -> HTTPTransferHandle
}

/// An event of a transfer started with a body mode: stream events plus the whole body in `.whole` mode.
public enum HTTPBodyEvent: Sendable, Equatable {
    /// A streaming event (waiting, head, line).
    case stream(HTTPStreamEvent)
    /// The complete body (only in `.whole` mode, once, before completion).
    case body(Data)
}

/// Cancels a running transfer; safe to call from any thread, any number of times.
public final class HTTPTransferHandle: Sendable {
    private let cancelAction: @Sendable () -> Void

    /// Creates a handle that runs `cancel` when asked to cancel.
    public init(cancel: @escaping @Sendable () -> Void) {
        self.cancelAction = cancel
    }

    /// Stops the transfer; the transfer completes with `CancellationError` within a fraction of a second.
    public func cancel() { cancelAction() }
}

extension HTTPTransport {
    /// Streams a response as lines; cancelling the consuming task (or dropping the stream) cancels the transfer.
    public func lines(_ request: HTTPRequest) -> AsyncThrowingStream<HTTPStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let handle = start(request, mode: .lines, onEvent: { event in
                if case .stream(let e) = event { continuation.yield(e) }
            }, onComplete: { result in
                switch result {
                case .success: continuation.finish()
                case .failure(let error): continuation.finish(throwing: error)
                }
            })
            continuation.onTermination = { termination in
                if case .cancelled = termination { handle.cancel() }
            }
        }
    }

    /// Sends a request and returns the whole response; throws `HTTPError.status` for non-2xx answers.
    /// `onWaiting` runs once when no answer has started after `timeouts.waitingNotice` (e.g. a model is loading).
    public func send(_ request: HTTPRequest, onWaiting: (@Sendable () -> Void)? = nil) async throws -> HTTPResponse {
        let box = ResponseBox()
        let handleBox = HandleBox()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let handle = start(request, mode: .whole, onEvent: { event in
                    switch event {
                    case .stream(.head(let head)): box.set(head: head)
                    case .body(let data): box.set(body: data)
                    case .stream(.waiting): onWaiting?()
                    default: break
                    }
                }, onComplete: { result in
                    switch result {
                    case .success: continuation.resume(returning: box.response())
                    case .failure(let error): continuation.resume(throwing: error)
                    }
                })
                handleBox.set(handle)
            }
        } onCancel: {
            handleBox.cancel()
        }
    }
}

/// Collects the head and body of a `.whole` transfer across threads.
private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var head = HTTPResponseHead(status: 0, headers: [:])
    private var body = Data()

    func set(head: HTTPResponseHead) { lock.withLock { self.head = head } }
    func set(body: Data) { lock.withLock { self.body = body } }
    func response() -> HTTPResponse { lock.withLock { HTTPResponse(head: head, body: body) } }
}

/// Holds a transfer handle so a cancellation that races the start still cancels it.
private final class HandleBox: @unchecked Sendable {
    private let lock = NSLock()
    private var handle: HTTPTransferHandle?
    private var cancelled = false

    func set(_ handle: HTTPTransferHandle) {
        let cancelNow = lock.withLock { () -> Bool in
            self.handle = handle
            return cancelled
        }
        if cancelNow { handle.cancel() }
    }

    func cancel() {
        let handle = lock.withLock { () -> HTTPTransferHandle? in
            cancelled = true
            return self.handle
        }
        handle?.cancel()
    }
}
