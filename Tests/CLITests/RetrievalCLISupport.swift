import Foundation
import XCTest

/// Runs the built `recall` binary for the retrieval CLI tests, in a private temp folder with its own database
/// and an empty config home, pointed at an embedding server by environment variables.
final class RetrievalCLI {
    /// Exit status and captured output of one run.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        /// stdout split into JSON objects, one per line.
        var jsonLines: [[String: Any]] {
            stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        /// stdout parsed as one JSON document.
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) }
    }

    /// The executable next to the test bundle (or `$RECALL_BIN`).
    static var binary: URL {
        if let explicit = ProcessInfo.processInfo.environment["RECALL_BIN"] { return URL(fileURLWithPath: explicit) }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("recall")
        }
        return Bundle.main.bundleURL.appendingPathComponent("recall")
    }

    /// The repository root (for sample notebooks and fixtures).
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The labelled sample-notebook dataset.
    static let fixture = repoRoot.appendingPathComponent("Tests/RetrievalTests/Fixtures/samples-beir")

    let dir: URL
    var env: [String: String]

    /// A fresh folder, database path and config home.
    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("recall-retrieval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("config/recall"), withIntermediateDirectories: true)
        env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": dir.path,
               "XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "LANG": "C.UTF-8",
               "RECALL_DB": dir.appendingPathComponent("recall.db").path]
    }

    /// Points the embedding settings at a server and model.
    func useEmbeddings(url: String, model: String) {
        env["RECALL_PROVIDER"] = "openai"
        env["RECALL_BASE_URL"] = url
        env["RECALL_EMBED_BASE_URL"] = url
        env["RECALL_EMBED_MODEL"] = model
    }

    /// Removes the folder.
    func cleanUp() { try? FileManager.default.removeItem(at: dir) }

    /// Writes a markdown notebook file under `dir/notes/PROJECT/NAME.md`.
    @discardableResult
    func writeNotebook(project: String = "Notes", name: String, _ text: String) throws -> URL {
        let folder = dir.appendingPathComponent("notes/\(project)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(name).md")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Runs `recall args…` to completion (killed after `deadline` seconds).
    @discardableResult
    func run(_ args: [String], extraEnv: [String: String] = [:], deadline: Double = 120) throws -> Outcome {
        let running = try start(args, extraEnv: extraEnv)
        return try running.wait(deadline: deadline)
    }

    /// Starts `recall args…`; stdout lines can be awaited while it runs.
    func start(_ args: [String], extraEnv: [String: String] = [:]) throws -> Running {
        try Running(binary: Self.binary, args: args, env: env.merging(extraEnv) { $1 })
    }

    /// A run that passed its deadline: a hang is a failure, never a skip.
    struct TimedOut: Error, CustomStringConvertible {
        /// The arguments of the run.
        let arguments: [String]
        /// The deadline it passed, in seconds.
        let deadline: Double
        var description: String { "recall \(arguments.joined(separator: " ")) did not finish within \(deadline) s (killed)" }
    }

    /// A running process with its output collected on background threads.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var out = Data(), err = Data()
        private var waiters: [(String, DispatchSemaphore)] = []
        private let done = DispatchGroup()

        init(binary: URL, args: [String], env: [String: String]) throws {
            process.executableURL = binary
            process.arguments = args
            process.environment = env
            let o = Pipe(), e = Pipe()
            process.standardOutput = o
            process.standardError = e
            process.standardInput = FileHandle.nullDevice
            try process.run()
            for (pipe, isOut) in [(o, true), (e, false)] {
                done.enter()
                Thread.detachNewThread { [self] in
                    while true {
                        let chunk = pipe.fileHandleForReading.availableData
                        if chunk.isEmpty { break }
                        lock.lock()
                        if isOut { out.append(chunk) } else { err.append(chunk) }
                        let text = String(decoding: out, as: UTF8.self)
                        waiters.removeAll { needle, sem in
                            if text.contains(needle) { sem.signal(); return true }
                            return false
                        }
                        lock.unlock()
                    }
                    done.leave()
                }
            }
        }

        /// Blocks until stdout contains `needle` (true) or the deadline passes (false).
        func waitForOutput(containing needle: String, deadline: Double) -> Bool {
            let sem = DispatchSemaphore(value: 0)
            lock.lock()
            if String(decoding: out, as: UTF8.self).contains(needle) { lock.unlock(); return true }
            waiters.append((needle, sem))
            lock.unlock()
            return sem.wait(timeout: .now() + deadline) == .success
        }

        /// Sends a signal to the process.
        func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

        /// Waits for exit and the end of its output.
        func wait(deadline: Double) throws -> Outcome {
            if done.wait(timeout: .now() + deadline) == .timedOut {
                process.terminate()
                throw TimedOut(arguments: process.arguments ?? [], deadline: deadline)
            }
            process.waitUntilExit()
            lock.lock(); defer { lock.unlock() }
            return Outcome(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
        }
    }
}

/// A stand-in OpenAI-compatible embedding server (python3 on loopback): hashed bag-of-words vectors, with
/// switches to misbehave — die after N requests, delay each request, refuse long inputs like llama-server,
/// return an all-zero vector for texts containing ZEROVEC, change the dimension.
final class FakeEmbeddingServer {
    let process = Process()
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
        if TestRequirement.executable("python3") == nil {
            try TestRequirement.missing("python3 (for the stand-in embedding server)", install: "install it with `apt-get install python3` (scripts/setup does)")
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        statsFile = FileManager.default.temporaryDirectory.appendingPathComponent("recall-fake-embed-\(UUID().uuidString).json")
        var options = options
        options["stats_file"] = statsFile.path
        let opts = String(decoding: try JSONSerialization.data(withJSONObject: options), as: UTF8.self)
        process.arguments = ["python3", "-c", Self.script, opts]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait for "PORT n" (a blocking read on a background thread, bounded by a deadline).
        let sem = DispatchSemaphore(value: 0)
        let box = LineBox()
        Thread.detachNewThread {
            var buffer = Data()
            while !buffer.contains(0x0A) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
            }
            box.line = String(decoding: buffer, as: UTF8.self)
            sem.signal()
        }
        guard sem.wait(timeout: .now() + 20) == .success, let line = box.line,
              let port = line.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            process.terminate()
            throw ServerDidNotStart()
        }
        url = "http://127.0.0.1:\(port)"
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

    private final class LineBox: @unchecked Sendable { var line: String? }

    /// python3 ran but the server never printed its port: a failure, not a skip.
    struct ServerDidNotStart: Error, CustomStringConvertible {
        var description: String { "the stand-in embedding server did not print its port within 20 s" }
    }
}
