import Foundation
import HTTP
import XCTest
import TestSupport

/// The line splitter and the libcurl transport against a loopback server.
final class HTTPTransportTests: XCTestCase {
    // MARK: LineBuffer

    func testLineSplitAcrossReadsIsJoined() throws {
        // Given a line cut in the middle of a multi-byte character
        var buffer = LineBuffer()
        let text = Data("{\"a\":\"日本\"}\n".utf8)
        // When it arrives in two reads
        let first = try buffer.append(text.prefix(9))
        let second = try buffer.append(text.dropFirst(9))
        // Then nothing is returned until the newline, and then the whole line
        XCTAssertEqual(first, [])
        XCTAssertEqual(second.map { String(decoding: $0, as: UTF8.self) }, ["{\"a\":\"日本\"}"])
    }

    func testSeveralLinesInOneReadAndCRLFAndTrailingLine() throws {
        var buffer = LineBuffer()
        let lines = try buffer.append(Data("one\r\ntwo\n\nthr".utf8))
        XCTAssertEqual(lines.map { String(decoding: $0, as: UTF8.self) }, ["one", "two", ""])
        XCTAssertEqual(try buffer.append(Data("ee".utf8)), [])
        XCTAssertEqual(buffer.finish().map { String(decoding: $0, as: UTF8.self) }, "three")
        XCTAssertNil(buffer.finish())
    }

    func testOverlongLineIsRefused() {
        var buffer = LineBuffer(maxLineLength: 16)
        XCTAssertThrowsError(try buffer.append(Data(repeating: 0x41, count: 17))) { error in
            XCTAssertEqual(error as? HTTPError, .lineTooLong(limit: 16))
        }
    }

    // MARK: Curl transport

    func testStreamedLinesArriveInOrderWhateverTheWriteBoundaries() async throws {
        // Given a server that writes 40 lines in 3-byte chunk frames
        let payload = (0..<40).map { "{\"n\":\($0)}\n" }.joined()
        let server = try TestHTTPServer { _, w in
            w.startChunked(contentType: "application/x-ndjson")
            let bytes = Data(payload.utf8)
            for start in stride(from: 0, to: bytes.count, by: 3) {
                w.chunk(bytes.subdata(in: start..<min(start + 3, bytes.count)))
                Thread.sleep(forTimeInterval: 0.001)
            }
            w.endChunked()
        }
        defer { server.stop() }
        // When the client streams it
        var lines: [String] = []
        var head: HTTPResponseHead?
        for try await event in CurlHTTPClient().lines(HTTPRequest(url: server.baseURL + "/x")) {
            switch event {
            case .head(let h): head = h
            case .line(let data): lines.append(String(decoding: data, as: UTF8.self))
            case .waiting: break
            }
        }
        // Then every line arrives whole, in order, after the head
        XCTAssertEqual(head?.status, 200)
        XCTAssertEqual(head?.contentType, "application/x-ndjson")
        XCTAssertEqual(lines, (0..<40).map { "{\"n\":\($0)}" })
    }

    func testErrorStatusCarriesTheServerMessage() async throws {
        let server = try TestHTTPServer { _, w in w.json(404, #"{"error":"model 'x' not found"}"#) }
        defer { server.stop() }
        do {
            _ = try await CurlHTTPClient().send(HTTPRequest(method: "POST", url: server.baseURL + "/api/show", body: Data("{}".utf8)))
            XCTFail("expected an error")
        } catch HTTPError.status(let code, let body, let head) {
            XCTAssertEqual(code, 404)
            XCTAssertEqual(String(decoding: body, as: UTF8.self), #"{"error":"model 'x' not found"}"#)
            XCTAssertEqual(head.contentType, "application/json; charset=utf-8")
        }
    }

    func testRequestBodyAndHeadersReachTheServer() async throws {
        let server = try TestHTTPServer { request, w in
            w.json(200, #"{"method":"\#(request.method)","len":\#(request.body.count),"h":"\#(request.headers["x-test"] ?? "")"}"#)
        }
        defer { server.stop() }
        let body = Data(repeating: 0x61, count: 200_000)
        let response = try await CurlHTTPClient().send(HTTPRequest(method: "POST", url: server.baseURL + "/p",
                                                                   headers: [("X-Test", "yes")], body: body))
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), #"{"method":"POST","len":200000,"h":"yes"}"#)
    }

    func testConnectionRefusedIsReported() async throws {
        let port = TestHTTPServer.deadPort()
        do {
            _ = try await CurlHTTPClient().send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
            XCTFail("expected an error")
        } catch let error as HTTPError {
            guard case .connectionFailed = error else { return XCTFail("got \(error)") }
        }
    }

    func testIdleTimeoutFiresOnTimeNotAfterCurlsLowSpeedWindow() async throws {
        // Given a server that sends one line then goes quiet (holding the connection open)
        let server = try TestHTTPServer { _, w in
            w.startChunked(contentType: "application/x-ndjson")
            w.chunk(Data("{\"n\":1}\n".utf8))
            w.waitForClientClose(limit: 15)
        }
        defer { server.stop() }
        let timeouts = HTTPTimeouts(connect: 2, firstByte: 10, idle: 0.5, waitingNotice: 10)
        let start = ContinuousClock.now
        var lines = 0
        do {
            for try await event in CurlHTTPClient().lines(HTTPRequest(url: server.baseURL + "/s", timeouts: timeouts)) {
                if case .line = event { lines += 1 }
            }
            XCTFail("expected an idle timeout")
        } catch let error as HTTPError {
            guard case .idleTimeout = error else { return XCTFail("got \(error)") }
        }
        // Then it fires on our timer, not libcurl's LOW_SPEED_TIME window (≥ 8 s); generous for a loaded machine
        let elapsed = ContinuousClock.now - start
        XCTAssertEqual(lines, 1)
        XCTAssertLessThan(elapsed, .seconds(6), "idle timeout fired late: \(elapsed)")
    }

    func testSlowFirstByteReportsWaitingAndIsNotAnIdleTimeout() async throws {
        // Given a server that takes 1.2 s before its first byte (a model load) and then streams
        let server = try TestHTTPServer { _, w in
            Thread.sleep(forTimeInterval: 1.2)
            w.startChunked(contentType: "application/x-ndjson")
            w.chunk(Data("{\"n\":1}\n".utf8))
            w.endChunked()
        }
        defer { server.stop() }
        // When the idle timeout is shorter than the load but the first-byte timeout is not
        let timeouts = HTTPTimeouts(connect: 2, firstByte: 10, idle: 0.4, waitingNotice: 0.2)
        var events: [String] = []
        for try await event in CurlHTTPClient().lines(HTTPRequest(url: server.baseURL + "/slow", timeouts: timeouts)) {
            switch event {
            case .waiting: events.append("waiting")
            case .head: events.append("head")
            case .line: events.append("line")
            }
        }
        // Then the client reported waiting first and got the answer
        XCTAssertEqual(events, ["waiting", "head", "line"])
    }

    func testCancellationStopsTheTransferLongBeforeTheStreamEnds() async throws {
        // Given an endless slow stream (2,000 lines 10 ms apart: ~20 s if the cancel were ignored)
        let server = try TestHTTPServer { _, w in
            w.startChunked(contentType: "application/x-ndjson")
            for n in 0..<2000 {
                if !w.chunk(Data("{\"n\":\(n)}\n".utf8)) { return }
                Thread.sleep(forTimeInterval: 0.01)
            }
            w.endChunked()
        }
        defer { server.stop() }
        let received = LockedCounter()
        let done = expectation(description: "completed")
        let outcome = LockedBox<Result<Void, any Error>>()
        let handle = CurlHTTPClient().start(HTTPRequest(url: server.baseURL + "/endless"), mode: .lines, onEvent: { event in
            if case .stream(.line) = event { received.increment() }
        }, onComplete: { result in
            outcome.set(result)
            done.fulfill()
        })
        // When three lines have arrived and the transfer is cancelled
        try await received.wait(atLeast: 3, deadline: .seconds(5))
        let start = ContinuousClock.now
        handle.cancel()
        await fulfillment(of: [done], timeout: 10)
        // Then it completes with CancellationError (a generous deadline; speed belongs to benchmarks)
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(10))
        XCTAssertLessThan(received.count, 1000, "the transfer ran on after the cancel")
        guard case .failure(let error) = outcome.get() else { return XCTFail("not cancelled") }
        XCTAssertTrue(error is CancellationError, "got \(error)")
    }

    func testLoopbackNeverGoesThroughAProxyFromTheEnvironment() async throws {
        // Given a proxy variable pointing at a dead port (as a CI machine might have)
        let server = try TestHTTPServer { _, w in w.json(200, #"{"ok":true}"#) }
        defer { server.stop() }
        setenv("http_proxy", "http://127.0.0.1:\(TestHTTPServer.deadPort())", 1)
        defer { unsetenv("http_proxy") }
        // When the local server is asked, then it answers directly
        let response = try await CurlHTTPClient().send(HTTPRequest(url: server.baseURL + "/"))
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), #"{"ok":true}"#)
    }

    func testDescriptionRedactsCredentials() {
        let request = HTTPRequest(method: "POST", url: "http://h/v1", headers: [("Authorization", "Bearer sk-secret")])
        XCTAssertFalse(request.description.contains("sk-secret"))
        XCTAssertTrue(request.description.contains("<redacted>"))
    }
}

/// A counter shared with a background thread, with a deadline-bounded wait.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }

    /// Waits until the count reaches `n`, polling a lock (no fixed sleep decides the outcome).
    func wait(atLeast n: Int, deadline: Duration) async throws {
        let end = ContinuousClock.now + deadline
        while count < n {
            if ContinuousClock.now > end { throw DeadlinePassed(what: "counter stuck at \(count)") }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
    }
}

/// A value shared across threads.
final class LockedBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T?
    func set(_ v: T) { lock.withLock { value = v } }
    func get() -> T? { lock.withLock { value } }
}

/// A wait with a deadline gave up.
struct DeadlinePassed: Error, CustomStringConvertible {
    var what: String
    var description: String { "deadline passed: \(what)" }
}
