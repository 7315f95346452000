import Foundation
import TestSupport
import XCTest

/// A stand-in OpenAI-compatible embedding server (python3 on loopback): hashed bag-of-words vectors, with
/// switches to misbehave — die after N requests, delay each request, refuse long inputs like llama-server,
/// return an all-zero vector for texts containing ZEROVEC, change the dimension.
final class FakeEmbeddingServer {
    let process: Process
    let url: String
    let statsFile: URL

    static let script = #"""
import http.server, json, sys, hashlib, re, os, time, threading
opts = json.loads(sys.argv[1])
dim = opts.get("dim", 64)
state = {"requests": 0, "inputs": 0}
lock = threading.Lock()
def vec(text):
    v = [0.0] * dim
    v[0] = 0.05
    if "ZEROVEC" in text:
        return [0.0] * dim
    for tok in re.findall(r"[a-z0-9]+", text.lower()):
        if len(tok) > 3 and tok.endswith("s"): tok = tok[:-1]
        h = hashlib.md5(tok.encode()).digest()
        v[1 + h[0] % (dim - 1)] += 1.0 if h[1] % 2 else -1.0
    return v
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, code, obj):
        body = json.dumps(obj).encode()
        self.send_response(code); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self):
        if self.path == "/stats": self.send(200, state)
        elif self.path.startswith("/v1/models"): self.send(200, {"object": "list", "data": [{"id": opts.get("model", "fake-embed"), "object": "model"}]})
        else: self.send(200, {"status": "ok"})
    def do_POST(self):
        data = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        inputs = data["input"] if isinstance(data["input"], list) else [data["input"]]
        with lock:
            state["requests"] += 1
            n = state["requests"]
        if opts.get("die_after") and n > opts["die_after"]:
            os._exit(3)
        if opts.get("delay"): time.sleep(opts["delay"])
        limit = opts.get("max_chars")
        if limit and any(len(t) > limit for t in inputs):
            self.send(500, {"error": {"code": 500, "message": "input is too large to process. increase the physical batch size", "type": "server_error"}})
            return
        with lock:
            state["inputs"] += len(inputs)
            if opts.get("stats_file"):
                with open(opts["stats_file"], "w") as f: json.dump(state, f)
        self.send(200, {"object": "list", "model": data.get("model"), "data": [{"object": "embedding", "index": i, "embedding": vec(t)} for i, t in enumerate(inputs)]})
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
print("PORT %d" % srv.server_address[1], flush=True)
srv.serve_forever()
"""#

    /// Starts the server with `options` (dim, die_after, delay, max_chars) and waits for its port line.
    init(_ options: [String: Any] = [:]) throws {
        statsFile = FileManager.default.temporaryDirectory.appendingPathComponent("recall-fake-embed-\(UUID().uuidString).json")
        var options = options
        options["stats_file"] = statsFile.path
        let opts = String(decoding: try JSONSerialization.data(withJSONObject: options), as: UTF8.self)
        (process, url) = try PythonServer.start(Self.script, arguments: [opts], what: "the stand-in embedding server")
    }

    /// How many inputs the server has embedded.
    func embeddedInputs() -> Int {
        guard let data = FileManager.default.contents(atPath: statsFile.path) else { return 0 }
        guard let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return -1 }
        return obj["inputs"] as? Int ?? -1
    }

    /// Stops the server (the process this object started).
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: statsFile)
    }
}
