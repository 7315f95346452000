import Foundation
import HTTP
import XCTest
import TestSupport

/// The transport's deadlines against a loopback server that misbehaves: a silent server is found stuck by the
/// liveness probe, a loading one (probe answers) is waited for, trickles and endless answers are cut off.
final class HTTPDeadlineTests: XCTestCase {
    /// Counts requests per path (the server's own record, read by the test after the transfer).
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]
        func hit(_ path: String) { lock.withLock { counts[path, default: 0] += 1 } }
        func count(_ path: String) -> Int { lock.withLock { counts[path] ?? 0 } }
    }

    func request(_ server: TestHTTPServer, _ path: String, probe: Bool = true, _ change: (inout HTTPTimeouts) -> Void = { _ in }) -> HTTPRequest {
        var timeouts = HTTPTimeouts(connect: 5, firstByte: 120, idle: 120, waitingNotice: 0.2, probe: 1, probeInterval: 0.5)
        change(&timeouts)
        var r = HTTPRequest(url: server.baseURL + path, timeouts: timeouts)
        if probe { r.probeURL = server.baseURL + "/probe" }
        return r
    }

    func testGivenAServerThatAnswersNothingNotEvenTheProbe_whenWaiting_thenTheTransferFailsAsStuck() async throws {
        let server = try TestHTTPServer { _, w in w.waitForClientClose(limit: 120) }
        defer { server.stop() }
        do {
            _ = try await CurlHTTPClient().send(request(server, "/api/chat"))
            XCTFail("a silent server was waited on to the end")
        } catch let error as HTTPError {
            guard case .serverStuck(_, let probe, _, _) = error else { return XCTFail("expected serverStuck, got \(error)") }
            XCTAssertEqual(probe, server.baseURL + "/probe")
            XCTAssertTrue(error.description.contains("did not answer within 1 s"), error.description)
        }
    }

    func testGivenALoadingModelWhoseServerAnswersTheProbe_whenWaiting_thenTheAnswerIsAwaitedAndArrives() async throws {
        let counter = Counter()
        let server = try TestHTTPServer { r, w in
            counter.hit(r.path)
            if r.path == "/probe" { return w.json(200, #"{"version":"1"}"#) }
            Thread.sleep(forTimeInterval: 3)  // the server's pace: a model loading
            w.json(200, #"{"done":true}"#)
        }
        defer { server.stop() }
        let response = try await CurlHTTPClient().send(request(server, "/api/chat"))
        XCTAssertEqual(String(decoding: response.body, as: UTF8.self), #"{"done":true}"#)
        XCTAssertGreaterThanOrEqual(counter.count("/probe"), 2, "the probe repeats while the answer is awaited")
    }

    func testGivenAStreamLineTrickledByteByByte_whenStreaming_thenItFailsAsStalled() async throws {
        let server = try TestHTTPServer { _, w in
            w.startChunked(contentType: "application/x-ndjson")
            w.chunk(Data("{\"first\":1}\n".utf8))
            for _ in 0..<200 where !w.clientGone {
                w.chunk(Data("x".utf8))
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        defer { server.stop() }
        var lines = 0
        do {
            for try await event in CurlHTTPClient().lines(request(server, "/s", probe: false) { $0.line = 1 }) {
                if case .line = event { lines += 1 }
            }
            XCTFail("a trickled line was waited on to the end")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .stalled(url: server.baseURL + "/s", what: "a line", seconds: 1))
        }
        XCTAssertEqual(lines, 1, "the complete first line was delivered")
    }

    func testGivenAWholeAnswerTrickled_whenReceiving_thenItFailsAsStalled() async throws {
        let server = try TestHTTPServer { _, w in
            w.raw(Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n".utf8))
            for _ in 0..<200 where !w.clientGone {
                w.raw(Data("x".utf8))
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        defer { server.stop() }
        do {
            _ = try await CurlHTTPClient().send(request(server, "/w", probe: false) { $0.body = 1 })
            XCTFail("a trickled body was waited on to the end")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .stalled(url: server.baseURL + "/w", what: "the answer", seconds: 1))
        }
    }

    func testGivenAnEndlessStreamOfGoodLines_whenStreaming_thenTheOverallDeadlineEndsIt() async throws {
        let server = try TestHTTPServer { _, w in
            w.startChunked(contentType: "application/x-ndjson")
            while w.chunk(Data("{\"token\":\"a\"}\n".utf8)) { Thread.sleep(forTimeInterval: 0.05) }
        }
        defer { server.stop() }
        do {
            for try await _ in CurlHTTPClient().lines(request(server, "/s", probe: false) { $0.total = 1 }) {}
            XCTFail("an endless stream was read forever")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .totalTimeout(url: server.baseURL + "/s", seconds: 1))
        }
    }

    func testGivenAHugeErrorBody_whenFailing_thenOnlyItsStartIsKept() async throws {
        let server = try TestHTTPServer { _, w in
            w.respond(status: 500, contentType: "text/plain", body: Data(repeating: UInt8(ascii: "e"), count: 8 << 20))
        }
        defer { server.stop() }
        do {
            _ = try await CurlHTTPClient().send(request(server, "/e", probe: false))
            XCTFail("a 500 succeeded")
        } catch HTTPError.status(let code, let body, _) {
            XCTAssertEqual(code, 500)
            XCTAssertLessThanOrEqual(body.count, 64 << 10)
            XCTAssertGreaterThan(body.count, 0)
        }
    }

    func testGivenAWholeAnswerOverTheLimit_whenReceiving_thenItFailsAsTooLarge() async throws {
        let server = try TestHTTPServer { _, w in
            w.respond(status: 200, contentType: "application/json", body: Data(repeating: UInt8(ascii: "x"), count: 1 << 20))
        }
        defer { server.stop() }
        var r = request(server, "/big", probe: false)
        r.maxBodyBytes = 1000
        do {
            _ = try await CurlHTTPClient().send(r)
            XCTFail("an answer over the limit was accepted")
        } catch let error as HTTPError {
            XCTAssertEqual(error, .bodyTooLarge(url: server.baseURL + "/big", limit: 1000))
        }
    }

    // MARK: Redaction

    func testURLCredentialsAreRedactedAndOtherURLsKept() {
        XCTAssertEqual(Redact.url("http://user:secret@host:11434/api"), "http://***@host:11434/api")
        XCTAssertEqual(Redact.url("https://tok@example.com"), "https://***@example.com")
        XCTAssertEqual(Redact.url("user:secret@host:11434"), "***@host:11434")
        XCTAssertEqual(Redact.url("http://127.0.0.1:11434/x?a=b@c"), "http://127.0.0.1:11434/x?a=b@c")
        XCTAssertEqual(Redact.url("http://127.0.0.1:11434"), "http://127.0.0.1:11434")
        XCTAssertFalse(HTTPError.connectionFailed(url: "http://u:pw1234@h:1", detail: "refused").description.contains("pw1234"))
        let request = HTTPRequest(url: "http://u:pw1234@h:1/x", headers: [("Authorization", "Bearer sk-abc")])
        XCTAssertFalse(request.description.contains("pw1234") || request.description.contains("sk-abc"), request.description)
    }

    func testServerTextIsCutCleanedAndFreeOfCredentials() {
        let body = Data("{\"error\":\"bad\"} \u{1B}]0;pwned\u{07} Authorization: Bearer sk-live-123 from http://u:p4ss@h/ key=KEYVALUE9 \(String(repeating: "z", count: 1000))".utf8)
        let text = Redact.serverText(body, secrets: ["KEYVALUE9"])
        XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, text)
        for secret in ["sk-live-123", "p4ss", "KEYVALUE9"] { XCTAssertFalse(text.contains(secret), "\(secret) in \(text)") }
        XCTAssertTrue(text.hasSuffix("…"))
        XCTAssertLessThanOrEqual(text.count, 301)
        XCTAssertTrue(HTTPError.status(code: 500, body: body, head: HTTPResponseHead(status: 500, headers: [:])).description.hasPrefix("HTTP 500: {\"error\":\"bad\"}"))
    }
}
