import Foundation
import TestSupport
import XCTest

/// The model in the status line and the model picker, against a small Ollama-speaking server on loopback
/// (`/api/version`, `/api/tags`, `/api/show`, as Ollama answers them) and against no server at all.
final class TUIModelPickerTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    /// Starts a python3 HTTP server on an ephemeral port that lists two chat models; returns it and its base URL.
    private func startFakeOllama() throws -> (Process, String) {
        let script = #"""
import hashlib, json, sys
from http.server import BaseHTTPRequestHandler, HTTPServer
MODELS = [{"name": "llama3.2:latest", "model": "llama3.2:latest", "size": 2019393189, "details": {"family": "llama"}},
          {"name": "qwen3:4b", "model": "qwen3:4b", "size": 2497293918, "details": {"family": "qwen3"}},
          {"name": "nomic-embed-text:latest", "model": "nomic-embed-text:latest", "size": 274302450, "details": {"family": "nomic-bert"}}]
def vec(text):
    d = hashlib.sha256(text.encode()).digest()
    return [(b - 127.5) / 128.0 for b in d[:16]]
class H(BaseHTTPRequestHandler):
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
        elif self.path == "/": self.send(200, "Ollama is running")
        else: self.send(404, {"error": "not found"})
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        req = json.loads(self.rfile.read(n) or b"{}")
        if self.path == "/api/embed":
            inputs = req.get("input")
            inputs = inputs if isinstance(inputs, list) else [inputs]
            self.send(200, {"model": req.get("model"), "embeddings": [vec(t) for t in inputs]})
        elif self.path == "/api/show" and any(m["name"] == req.get("model") or m["name"] == req.get("model", "") + ":latest" for m in MODELS):
            self.send(200, {"capabilities": ["completion"], "model_info": {"llama.context_length": 131072}})
        else: self.send(404, {"error": "model '%s' not found" % req.get("model")})
    def log_message(self, *a): pass
s = HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#
        let server = try PythonServer.start(script, what: "the stand-in model server")
        return (server.process, server.url)
    }

    func testStatusLineShowsTheModelAndMPicksAnotherOneThatIsKept() throws {
        let (server, url) = try startFakeOllama()
        defer { server.terminate() }
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["new", "project", "P"]).status, 0)
        let env = ["OLLAMA_HOST": url, "RECALL_CHAT_MODEL": "llama3.2", "RECALL_NO_SAMPLES": "1"]
        try t.start(env: env)
        try t.waitFor(text: "llama3.2 ready")
        try t.keys("2")
        try t.keys("M-m")
        try t.waitFor("the model picker listing the server's models") { $0.contains("Chat model") && $0.contains("qwen3:4b") && $0.contains("(in use)") }
        try t.type("qwen")
        try t.keys("Enter")
        try t.waitFor(text: "qwen3:4b ready")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        // The choice is kept: a new session starts with it.
        try t.restart(env: env)
        try t.waitFor(text: "qwen3:4b ready")
    }

    func testWithAnEmbeddingServerTheAppIndexesInTheBackgroundAndSaysSo() throws {
        let (server, url) = try startFakeOllama()
        defer { server.terminate() }
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["new", "project", "P"]).status, 0)
        XCTAssertEqual(try t.cli(["new", "notebook", "--project", "P", "N"]).status, 0)
        for i in 0..<5 {
            XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "N", "Note \(i)", "--body", "Paragraph number \(i) about vectors."]).status, 0)
        }
        try t.start(env: ["OLLAMA_HOST": url, "RECALL_NO_SAMPLES": "1"])
        try t.waitFor(text: "index ready: 5 chunks embedded with nomic-embed-text")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        // The vectors are really stored: vector search runs (the query is embedded by the same server).
        let out = try TUISession.run(TUISession.binary, ["search", "--db", t.dbPath, "--mode", "vector", "--json", "vectors"],
                                     env: ["OLLAMA_HOST": url, "HOME": t.dir.path, "XDG_CONFIG_HOME": t.dir.appendingPathComponent("config").path])
        XCTAssertEqual(out.status, 0, out.stderr)
        XCTAssertTrue(out.stdout.contains("\"mode\":\"vector\""), out.stdout)
    }

    func testWithNoServerTheStatusLineSaysOfflineAndTheAppKeepsWorking() throws {
        let t = try TUISession()
        XCTAssertEqual(try t.cli(["new", "project", "P"]).status, 0)
        try t.start(env: ["OLLAMA_HOST": "http://127.0.0.1:1", "RECALL_NO_SAMPLES": "1"])
        try t.waitFor(text: "model offline")
        try t.keys("2")
        try t.keys("M-m")
        try t.waitFor(text: "Cannot list models")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
