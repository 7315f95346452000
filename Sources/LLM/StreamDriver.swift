import Foundation
import HTTP

/// What a line handler wants next.
enum LineStep {
    /// Keep reading.
    case more
    /// The final line arrived; stop (anything after it is ignored).
    case finished
}

/// Runs a line-oriented streaming request (NDJSON or SSE) on a detached task: retries 503 before the answer
/// starts, turns the waiting notice into a `loading` event, maps transport errors, and treats an end of stream
/// without the final line as truncation.
enum StreamDriver {
    static func run<Event: Sendable>(
        runner: RequestRunner, request: HTTPRequest, purpose: RequestRunner.Purpose, waitingEvent: Event? = nil,
        makeHandler: @escaping @Sendable (AsyncThrowingStream<Event, any Error>.Continuation) -> (Data) throws -> LineStep
    ) -> AsyncThrowingStream<Event, any Error> {
        AsyncThrowingStream<Event, any Error> { continuation in
            // Detached: a plain Task made on the main actor would never run while the main thread sits in poll().
            let request = runner.probing(request)
            let task = Task.detached {
                let handler = makeHandler(continuation)
                var attempt = 1
                while true {
                    var started = false
                    do {
                        var finished = false
                        reading: for try await event in runner.transport.lines(request) {
                            switch event {
                            case .waiting:
                                if let waitingEvent { continuation.yield(waitingEvent) }
                            case .head:
                                started = true
                            case .line(let line):
                                if try handler(line) == .finished {
                                    finished = true
                                    break reading
                                }
                            }
                        }
                        try Task.checkCancellation()
                        if !finished { throw LLMError.streamTruncated }
                        continuation.finish()
                        return
                    } catch let error as HTTPError {
                        if case .status(503, _, let head) = error, !started, attempt < runner.settings.retry.maxAttempts {
                            do {
                                try await runner.settings.retry.sleep(
                                    runner.settings.retry.delay(afterAttempt: attempt, retryAfter: RequestRunner.retryAfter(head)))
                            } catch {
                                continuation.finish(throwing: error)
                                return
                            }
                            attempt += 1
                            continue
                        }
                        if started, case .connectionLost = error {
                            continuation.finish(throwing: LLMError.streamTruncated)
                        } else {
                            continuation.finish(throwing: runner.map(error, purpose: purpose, attempts: attempt))
                        }
                        return
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
