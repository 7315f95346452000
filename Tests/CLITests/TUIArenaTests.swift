import Foundation
import TestSupport
import XCTest

/// The A/B arena in the Ask pane, in tmux, against a loopback Ollama-speaking server with two chat models: Alt-B
/// asks the question of the second profile too, both answers appear side by side with their figures, `b` votes and
/// the vote is saved (`recall arena stats`); a blind round (Alt-L) shows the names only after the vote; the app's
/// asks and arena sides reach the query log.
final class TUIArenaTests: XCTestCase {
    override func setUpWithError() throws {
        try TUISession.requirePrerequisites()
    }

    /// Each model answers in its own words, token by token.
    private func startServer() throws -> (Process, String) {
        let script = PythonServer.ollamaPrelude + #"""
MODELS = [{"name": m, "model": m, "size": 1000, "details": {"family": "llama"}} for m in ("llama3.2:latest", "qwen3:latest", "phi3:latest")]
class H(OllamaBase):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        req = json.loads(self.rfile.read(n) or b"{}")
        if self.path == "/api/show":
            return self.send(200, {"capabilities": ["completion"], "model_info": {"llama.context_length": 8192}})
        if self.path != "/api/chat":
            return self.send(404, {"error": "not found"})
        if req["model"].startswith("qwen3"):
            tokens = ["Qwen", " answers:", " one", " mutable", " borrow [1]", "."]
        elif req["model"].startswith("phi3"):
            tokens = ["Phi", " answers:", " a single", " mutable", " borrow [1]", "."]
        else:
            tokens = ["Llama", " answers:", " borrow", " once", " mutably [1]", "."]
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
                time.sleep(0.03)
            chunk({"model": req["model"], "created_at": "2026-12-05T10:00:01Z", "message": {"role": "assistant", "content": ""},
                   "done": True, "done_reason": "stop", "total_duration": 1000000, "prompt_eval_count": 321, "eval_count": len(tokens), "eval_duration": 500000000})
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""#
        let server = try PythonServer.start(script, arguments: [], what: "the stand-in Ollama server with two models")
        return (server.process, server.url)
    }

    private func arenaSession(_ url: String, env: [String: String] = [:]) throws -> TUISession {
        let t = try TUISession.seeded(body: "# Borrowing\n\nBorrowing rules: one mutable borrow or many shared borrows at a time.")
        let others = ["Traits": "A trait declares methods a type implements.", "Enums": "An enum lists variants; match covers each.",
                      "Closures": "A closure captures its environment by reference or by move.", "Cargo": "Cargo builds the crate."]
        for (title, body) in others.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(try t.cli(["new", "snippet", "--notebook", "Ownership", title, "--body", body]).status, 0)
        }
        let config = t.dir.appendingPathComponent("config/recall")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try """
            profile = "small"
            [profiles.small]
            base_url = "\(url)"
            chat_model = "llama3.2"
            [profiles.big]
            base_url = "\(url)"
            chat_model = "qwen3"
            [profiles.tiny]
            base_url = "\(url)"
            chat_model = "phi3"
            """.write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        try t.start(width: 200, height: 40, env: ["RECALL_NO_SAMPLES": "1"].merging(env) { _, new in new })
        try t.waitFor(text: "llama3.2 ready")
        try t.keys("F3")
        try t.waitFor(text: "Ask a question about your notes")
        return t
    }

    /// The two profile pickers after the arena key: Enter keeps the preselected one (side A: the profile in use;
    /// side B: the session's last choice, else the first with another model), `downB` moves first.
    private func chooseProfiles(_ t: TUISession, downB: Int = 0) throws {
        let a = try t.waitFor(text: "Arena — side A (1 of 2)")
        XCTAssertTrue(a.contains("small · llama3.2 (in use)") && a.contains("big · qwen3") && a.contains("tiny · phi3"), a)
        try t.keys("Enter")
        try t.waitFor(text: "Arena — side B (2 of 2): A is small")
        for _ in 0..<downB { try t.keys("Down") }
        try t.keys("Enter")
    }

    func testTheUserChoosesTheSecondProfile_theHeaderAndTheStatsNameIt() throws {
        let (server, url) = try startServer()
        defer { server.terminate() }
        let t = try arenaSession(url)
        try t.type("How many mutable borrows are allowed?")
        try t.keys("M-b")
        try chooseProfiles(t, downB: 1)  // side B: big is preselected; the third profile, tiny, is below it
        let done = try t.waitFor("both answers and the vote prompt") {
            $0.contains("Llama answers: borrow once mutably [1].") && $0.contains("Phi answers: a single mutable borrow")
                && $0.contains("a / b / t vote")
        }
        XCTAssertTrue(done.contains("A · small (llama3.2)") && done.contains("B · tiny (phi3)"), done)
        XCTAssertFalse(done.contains("qwen3"), done)
        try t.keys("b")
        try t.waitFor(text: "Voted B — A was small (llama3.2), B was tiny (phi3)")
        let stats = try t.waitForCLI(["arena", "stats", "--json"]) { $0.contains("\"votes\":1") }
        XCTAssertTrue(stats.contains("\"phi3\"") && stats.contains("\"llama3.2\"") && !stats.contains("qwen3"), stats)
        // The next round remembers the choice: Enter, Enter asks small and tiny again.
        try t.keys("M-b")
        try t.waitFor(text: "Arena — side A (1 of 2)")
        try t.keys("Enter")
        let b = try t.waitFor(text: "Arena — side B (2 of 2)")
        XCTAssertTrue(b.contains("tiny · phi3"), b)
        try t.keys("Enter")
        try t.waitFor("the second round with tiny") { $0.contains("B · tiny (phi3)") && $0.contains("a / b / t vote") && !$0.contains("Voted B") }
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testRecallArenaProfilePreselectsSideB() throws {
        let (server, url) = try startServer()
        defer { server.terminate() }
        // Without it, side B would be big (the first profile with another model); the variable names tiny.
        let t = try arenaSession(url, env: ["RECALL_ARENA_PROFILE": "tiny"])
        try t.type("How many mutable borrows are allowed?")
        try t.keys("M-b")
        try chooseProfiles(t)  // Enter, Enter: the preselected profiles
        let done = try t.waitFor("both answers and the vote prompt") {
            $0.contains("Llama answers: borrow once mutably [1].") && $0.contains("Phi answers: a single mutable borrow") && $0.contains("a / b / t vote")
        }
        XCTAssertTrue(done.contains("A · small (llama3.2)") && done.contains("B · tiny (phi3)"), done)
        XCTAssertFalse(done.contains("qwen3"), done)
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testWithOneProfileTheArenaSaysHowToAddASecond() throws {
        let t = try TUISession.seeded()
        let config = t.dir.appendingPathComponent("config/recall")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try "[profiles.only]\nchat_model = \"llama3.2\"\n".write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        try t.start(width: 200, height: 40, env: ["RECALL_NO_SAMPLES": "1", "RECALL_PROFILE": "only", "OLLAMA_HOST": "http://127.0.0.1:9"])
        try t.waitFor(text: "Notebooks")
        try t.keys("F3")
        try t.waitFor(text: "Ask a question about your notes")
        try t.type("Anything?")
        try t.keys("M-b")
        let said = try t.waitFor(text: "The arena needs a second model profile")
        XCTAssertTrue(said.contains("[profiles.NAME]"), said)
        XCTAssertFalse(said.contains("Arena — side A"), said)
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testBothAnswersStreamSideBySideAndAVoteIsSaved() throws {
        let (server, url) = try startServer()
        defer { server.terminate() }
        let t = try arenaSession(url)
        try t.type("How many mutable borrows are allowed?")
        try t.keys("M-b")
        try chooseProfiles(t)
        let done = try t.waitFor("both answers with their figures and the vote prompt") {
            $0.contains("Llama answers: borrow once mutably [1].") && $0.contains("Qwen answers: one mutable borrow [1].")
                && $0.contains("a / b / t vote")
        }
        // Side by side: both answers on the same screen row, A left of B, with names and figures.
        let row = try XCTUnwrap(done.split(separator: "\n").first { $0.contains("Llama answers") && $0.contains("Qwen answers") }, done)
        XCTAssertLessThan(try XCTUnwrap(row.range(of: "Llama answers")).lowerBound, try XCTUnwrap(row.range(of: "Qwen answers")).lowerBound)
        XCTAssertTrue(done.contains("A · small (llama3.2)"), done)
        XCTAssertTrue(done.contains("B · big (qwen3)"), done)
        XCTAssertTrue(done.contains("first token ") && done.contains("321 in") && done.contains("6 out"), done)
        XCTAssertTrue(done.contains("tok/s"), done)
        try t.keys("b")
        try t.waitFor(text: "Voted B — A was small (llama3.2), B was big (qwen3)")
        let stats = try t.waitForCLI(["arena", "stats", "--json"]) { $0.contains("\"votes\":1") }
        XCTAssertTrue(stats.contains("\"wins_b\":1"), stats)
        XCTAssertTrue(stats.contains("\"model_a\":\"llama3.2\""), stats)
        // Esc goes back to the thread; the arena sides were logged from the app.
        try t.keys("Escape")  // alone, then wait: Escape and the next key in one read would be Alt plus that key
        try t.waitFor("the thread instead of the arena") { !$0.contains("Arena:") }
        let log = try t.cli(["log", "--kind", "arena", "--json"]).stdout
        XCTAssertTrue(log.contains("\"origin\":\"app\"") && log.contains("\"model\":\"qwen3\""), log)
        // A search in the app is logged too.
        try t.keys("C-f")
        try t.type("closure")
        try t.waitFor(text: "Closures")
        try t.keys("Escape")  // alone: Escape and the next key in one read would be Alt plus that key
        try t.waitFor("the search overlay closed") { !$0.contains("Closures") }
        let searches = try t.waitForCLI(["log", "--kind", "search", "--json"]) { $0.contains("\"question\":\"closure\"") }
        XCTAssertTrue(searches.contains("\"origin\":\"app\""), searches)
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }

    func testABlindRoundNamesTheModelsOnlyAfterTheVote() throws {
        let (server, url) = try startServer()
        defer { server.terminate() }
        let t = try arenaSession(url)
        try t.type("How many mutable borrows are allowed?")
        try t.keys("M-l")
        try chooseProfiles(t)
        let done = try t.waitFor("both blind answers") {
            $0.contains("Llama answers") && $0.contains("Qwen answers") && $0.contains("a / b / t vote")
        }
        XCTAssertFalse(done.contains("small (llama3.2)") || done.contains("big (qwen3)"), done)
        try t.keys("t")
        let voted = try t.waitFor(text: "Voted a tie — A was ")
        XCTAssertTrue(voted.contains("small (llama3.2)") && voted.contains("big (qwen3)"), voted)
        let stats = try t.waitForCLI(["arena", "stats", "--json"]) { $0.contains("\"ties\":1") }
        XCTAssertTrue(stats.contains("\"votes\":1"), stats)
        try t.keys("C-q")
        try t.waitFor(text: "EXIT=0")
    }
}
