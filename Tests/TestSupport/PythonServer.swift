// Test-only code: XCTest exists for test builds; the static release build that the man-page plugin makes
// (scripts/install) has no XCTest, and compiles this file to nothing.
#if canImport(XCTest)
import Foundation
import XCTest

/// Starts a stand-in server written in python3 (`python3 -c SCRIPT ARGS…`) on loopback and waits, with a deadline,
/// for the first line it prints: its port (the line's last word). The script must print that line only once it
/// listens. Missing python3 skips the test, or fails it under `RECALL_REQUIRE_ALL`.
public enum PythonServer {
    /// The server never printed its port in time (python3 ran): a failure, never a skip.
    public struct DidNotStart: Error, CustomStringConvertible {
        /// What the server was for.
        public let what: String
        /// The failure, for the test log.
        public var description: String { "\(what) did not print its port within 20 s" }
    }

    /// Starts the script; returns the running process (stop it with `terminate()`) and `http://127.0.0.1:PORT`.
    public static func start(_ script: String, arguments: [String] = [], what: String,
                             file: StaticString = #filePath, line: UInt = #line) throws -> (process: Process, url: String) {
        if TestRequirement.executable("python3") == nil {
            try TestRequirement.missing("python3 (for \(what))", install: "install it with `apt-get install python3` (scripts/setup does)",
                                        file: file, line: line)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A blocking read of the first line on a background thread, bounded by a deadline.
        let box = FirstLine()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var buffer = Data()
            while !buffer.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
            }
            box.set(String(decoding: buffer, as: UTF8.self))
            done.signal()
        }
        guard done.wait(timeout: .now() + 20) == .success,
              let port = box.get().split(whereSeparator: \.isWhitespace).last.flatMap({ Int($0) }) else {
            process.terminate()
            throw DidNotStart(what: what)
        }
        return (process, "http://127.0.0.1:\(port)")
    }

    private final class FirstLine: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func set(_ s: String) { lock.withLock { text = s } }
        func get() -> String { lock.withLock { text } }
    }

    /// Python for a stand-in Ollama server: `class OllamaBase(BaseHTTPRequestHandler)` answers `GET /api/version`,
    /// `/api/tags` (the script's `MODELS`), `/api/ps` and `/`, and has `send(code, obj)` for JSON replies. A script
    /// defines `MODELS`, subclasses it with its own `do_POST`, and serves it.
    public static let ollamaPrelude = #"""
import hashlib, json, sys, time
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
class OllamaBase(BaseHTTPRequestHandler):
    def send(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def do_GET(self):
        if self.path == "/api/version": self.send(200, {"version": "0.9.0"})
        elif self.path == "/api/tags": self.send(200, {"models": MODELS})
        elif self.path == "/api/ps": self.send(200, {"models": []})
        elif self.path == "/": self.send(200, "Ollama is running")
        else: self.send(404, {"error": "not found"})
    def log_message(self, *a): pass

"""#
}
#endif
