import Foundation
import TestSupport
import XCTest

/// The Ask pane driven as a person would, in tmux, against a protocol-faithful Ollama-speaking server on loopback
/// (`/api/version`, `/api/tags`, `/api/show`, streamed NDJSON `/api/chat`) that logs every chat request: type a
/// question, watch the answer stream, walk and open a citation, come back, stop a long answer, and see that a
/// question with nothing relevant never reaches the model.
final class TUIAskTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    /// Starts the fake server; chat requests are appended to `log`. An answer streams token by token; a question with
    /// "slowly" in it streams a long answer slowly (for stopping it).
    private func startServer(log: URL) throws -> (Process, String) {
        let script = #"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
LOG = sys.argv[1]
MODELS = [{"name": "llama3.2:latest", "model": "llama3.2:latest", "size": 2019393189, "details": {"family": "llama"}}]
class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
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
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        req = json.loads(self.rfile.read(n) or b"{}")
        if self.path == "/api/show":
            return self.send(200, {"capabilities": ["completion"], "model_info": {"llama.context_length": 8192}})
        if self.path != "/api/chat":
            return self.send(404, {"error": "model '%s' not found" % req.get("model")})
        with open(LOG, "a") as f: f.write(json.dumps(req) + "\n")
        last = req["messages"][-1]["content"]
        if "slowly" in last:
            tokens = ["Token%d " % i for i in range(600)]
            delay = 0.05
        elif "standalone" in req["messages"][0]["content"].lower() or "rewrite" in req["messages"][0]["content"].lower():
            tokens = ["borrowing rules"]
            delay = 0
        else:
            tokens = ["Borrowing", " allows", " **one**", " mutable", " borrow", " at a time [1]", ". Lifetimes", " are unrelated [9]", "."]
            delay = 0.05
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        def chunk(obj):
            data = (json.dumps(obj) + "\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()
        try:
            for t in tokens:
                chunk({"model": req["model"], "created_at": "2026-12-05T10:00:00Z", "message": {"role": "assistant", "content": t}, "done": False})
                time.sleep(delay)
            chunk({"model": req["model"], "created_at": "2026-12-05T10:00:01Z", "message": {"role": "assistant", "content": ""},
                   "done": True, "done_reason": "stop", "total_duration": 1000000, "prompt_eval_count": 100, "eval_count": len(tokens), "eval_duration": 500000000})
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
    def log_message(self, *a): pass
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#
        let server = try PythonServer.start(script, arguments: [log.path], what: "the stand-in Ollama server")
        return (server.process, server.url)
    }

    /// A seeded session with a second note, the app started against the server, the Ask pane shown.
    private func askSession(_ url: String) throws -> TUISession {
        let t = try TUISession.seeded(body: "# Borrowing\n\nBorrowing rules: one mutable borrow or many shared borrows at a time.")
        let r = try t.cli(["new", "snippet", "--notebook", "Ownership", "Lifetimes", "--body", "A lifetime names how long a reference is valid."])
        XCTAssertEqual(r.status, 0, r.description)
        // A few more notes on other topics, as a real notebook has (BM25's idea of a rare word needs more than two).
        let others = ["Traits": "A trait declares methods a type implements.", "Enums": "An enum lists variants; match covers each.",
                      "Closures": "A closure captures its environment by reference or by move.", "Iterators": "Iterators are lazy; collect consumes them.",
                      "Modules": "A module groups items; pub makes them visible.", "Errors": "Result carries either a value or an error.",
                      "Macros": "Declarative macros match token patterns.", "Cargo": "Cargo builds the crate and fetches dependencies."]
        for (title, body) in others.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Ownership", title, "--body", body]).status, 0)
        }
        try t.start(env: ["OLLAMA_HOST": url, "RECALL_CHAT_MODEL": "llama3.2", "RECALL_NO_SAMPLES": "1"])
        try t.waitFor(text: "llama3.2 ready")
        try t.keys("F3")
        try t.waitFor(text: "Ask a question about your notes")
        return t
    }

    func testAQuestionStreamsACitedAnswerAndACitationOpensItsSourceAndComesBack() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ask-log-\(UUID().uuidString)")
        let (server, url) = try startServer(log: log)
        defer { server.terminate() }
        let t = try askSession(url)
        try t.type("How many mutable borrows are allowed?")
        try t.keys("Enter")
        try t.waitFor(text: "Sources")
        let done = try t.waitFor("the whole answer with its checks") { $0.contains("unverified: [9]") && $0.contains("llama3.2") }
        XCTAssertTrue(done.contains("Borrowing allows one mutable borrow at a time [1]"), done)
        XCTAssertTrue(done.contains("[1] Ownership ▸ Borrowing rules"), done)
        // Tab selects the first citation; Enter opens its snippet with the passage selected; Ctrl-O comes back.
        try t.keys("Tab")
        try t.waitFor(text: "enter open")
        try t.keys("Enter")
        try t.waitFor("the cited snippet in the editor") { $0.contains("│ Borrowing rules") && $0.contains("Borrowing rules: one mutable borrow") }
        try t.keys("C-o")
        try t.waitFor("the answer as it was") { $0.contains("Borrowing allows one mutable borrow at a time [1]") && $0.contains("enter open") }
        // Ctrl-S keeps the answer as a snippet in a chosen notebook, its sources listed as references.
        try t.keys("Escape")  // alone: Escape and the next key in one read would be Alt plus that key
        try t.waitFor(text: "enter ask")
        try t.keys("C-s")
        try t.waitFor(text: "Save the answer as a snippet in")
        try t.keys("Enter")
        let listed = try t.waitForCLI(["list"]) { $0.contains("Q: How many mutable borrows are allowed?") }
        XCTAssertTrue(listed.contains("Ownership"), listed)
        let saved = try t.cli(["show", try XCTUnwrap(t.id(ofTitle: "Q: How many mutable borrows"))]).stdout
        XCTAssertTrue(saved.contains("[1] Ownership ▸ Borrowing rules"), saved)
        let chats = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(chats.count, 1, "one chat request")
        XCTAssertTrue(chats[0].contains("Borrowing rules: one mutable borrow"), "the note was sent as a source")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
        // The answer was kept: `recall ask --history` lists it.
        let history = try t.cli(["ask", "--history", "--json"])
        XCTAssertEqual(history.status, 0, history.description)
        XCTAssertTrue(history.stdout.contains("How many mutable borrows are allowed?"), history.stdout)
    }

    func testEscStopsALongAnswerAtOnceAndThePartialAnswerStays() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ask-log-\(UUID().uuidString)")
        let (server, url) = try startServer(log: log)
        defer { server.terminate() }
        let t = try askSession(url)
        try t.type("Explain borrowing slowly")
        try t.keys("Enter")
        try t.waitFor(text: "Token5 ")
        try t.keys("Escape")
        let stopped = try t.waitFor(text: "stopped — the answer above is partial")
        XCTAssertFalse(stopped.contains("Token599"), stopped)
        // The stream really stopped: the screen no longer changes.
        let a = try t.screen()
        let quiet = TUISession.now() + 1.0
        while TUISession.now() < quiet { _ = try t.screen() }
        XCTAssertEqual(try t.screen(), a)
        // The keyboard stayed responsive: typing goes into the box at once.
        try t.type("next")
        try t.waitFor(text: "› next")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testNothingRelevantSaysSoWithoutAskingTheModel() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ask-log-\(UUID().uuidString)")
        let (server, url) = try startServer(log: log)
        defer { server.terminate() }
        let t = try askSession(url)
        try t.type("Which volcano erupted in Iceland in 2010?")
        try t.keys("Enter")
        try t.waitFor(text: "Nothing in your notes about")
        try t.waitFor(text: "alt-a answers anyway")
        XCTAssertFalse(FileManager.default.fileExists(atPath: log.path), "no chat request was made")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testPaneKeysNeverTypeAndDigitsTypeInTheEditorAndTheQuestionBox() throws {
        let t = try TUISession.seeded()
        try t.openFirstSnippet()
        try t.type("2")
        try t.keys("M-2")
        try t.waitFor(text: "Ask a question about your notes")
        try t.type("3")
        try t.waitFor(text: "› 3")
        try t.keys("F2")
        try t.waitFor(text: "2# Borrowing")
        try t.keys("C-s")
        let id = try XCTUnwrap(t.id(ofTitle: "Borrowing rules"))
        let shown = try t.waitForCLI(["show", id]) { $0.contains("2# Borrowing") }
        XCTAssertFalse(shown.contains("3# Borrowing"), "the digit typed in the question box stayed there: \(shown)")
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
