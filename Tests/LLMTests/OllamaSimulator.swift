import Foundation
import TestSupport

/// A protocol-faithful stand-in for the Ollama daemon (see shared/reference/ollama-protocol.md §5): real status
/// codes and content types, NDJSON over chunked encoding with varied write boundaries, Go-style timestamps and
/// JSON escaping, omitted zero metrics, errors before and during a stream, slow model loads, silent prompt
/// truncation, 404 models, 503 busy. Answers are generated from the request like a (very dull) model would.
final class OllamaSimulator: @unchecked Sendable {
    /// How the NDJSON bytes are cut into writes.
    enum Framing: Sendable {
        /// One line per write.
        case perLine
        /// Fixed-size writes that cut lines (and multi-byte characters) anywhere.
        case split(every: Int)
        /// Everything in one write.
        case coalesced
    }

    struct Model {
        var name: String
        var arch: String
        var contextLength: Int
        var embeddingLength: Int
        var capabilities: [String]
        var size: Int
        var parameterSize: String
        var quantization: String
    }

    /// Knobs a test sets before sending a request.
    struct Behaviour {
        var framing: Framing = .perLine
        /// Seconds the first chat/embed request per model waits before sending anything (model load).
        var loadDelay: Double = 0
        /// Seconds between streamed lines.
        var tokenDelay: Double = 0.004
        /// After this many content lines, send `{"error":...}` and end the (200) stream.
        var midStreamErrorAfter: Int?
        /// End the stream without the `done:true` line.
        var omitDone = false
        /// Answer this many requests with 503 before serving.
        var busyResponses = 0
        /// Put a content chunk with invalid UTF-8 bytes in the stream.
        var invalidUTF8 = false
        /// After this many content lines, stop writing and hold the connection open.
        var stallAfter: Int?
        /// Return one embedding fewer than inputs.
        var dropOneEmbedding = false
        /// Put content on the final done:true line too.
        var contentOnDoneLine = true
        /// Content lines of a streamed answer beyond the generated text (for long streams).
        var extraTokens = 0
        /// The model's answer for a conversation, when a test scripts it (nil: the dull generated answer).
        var script: (@Sendable (_ messages: [[String: Any]]) -> String?)?
    }

    private let lock = NSLock()
    private var models: [String: Model]
    private var loaded: Set<String> = []
    private var _behaviour = Behaviour()
    private var _requests: [TestRequest] = []
    private var _disconnects = 0
    private(set) var server: TestHTTPServer!

    var baseURL: String { server.baseURL }
    var behaviour: Behaviour {
        get { lock.withLock { _behaviour } }
        set { lock.withLock { _behaviour = newValue } }
    }
    /// Every request received, in order.
    var requests: [TestRequest] { lock.withLock { _requests } }
    /// How many streams ended because the client went away.
    var disconnects: Int { lock.withLock { _disconnects } }

    init() throws {
        let list = [
            Model(name: "llama3.2:latest", arch: "llama", contextLength: 131_072, embeddingLength: 3072,
                  capabilities: ["completion", "tools"], size: 2_019_393_189, parameterSize: "3.2B", quantization: "Q4_K_M"),
            Model(name: "nomic-embed-text:latest", arch: "nomic-bert", contextLength: 2048, embeddingLength: 768,
                  capabilities: ["embedding"], size: 274_302_450, parameterSize: "137M", quantization: "F16"),
            Model(name: "qwen3:latest", arch: "qwen3", contextLength: 40_960, embeddingLength: 4096,
                  capabilities: ["completion", "tools", "thinking"], size: 5_225_388_164, parameterSize: "8.2B", quantization: "Q4_K_M"),
        ]
        models = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
        server = try TestHTTPServer { [unowned self] request, writer in self.handle(request, writer) }
    }

    func stop() { server.stop() }

    // MARK: routing

    private func handle(_ request: TestRequest, _ w: ResponseWriter) {
        lock.withLock { _requests.append(request) }
        switch (request.method, request.path) {
        case ("GET", "/"), ("HEAD", "/"):
            w.respond(status: 200, contentType: "text/plain; charset=utf-8", body: Data("Ollama is running".utf8))
        case ("GET", "/api/version"):
            w.json(200, #"{"version":"0.12.3"}"#)
        case ("GET", "/api/tags"):
            tags(w)
        case ("POST", "/api/show"):
            show(request, w)
        case ("POST", "/api/chat"):
            chat(request, w)
        case ("POST", "/api/embed"):
            embed(request, w)
        case ("POST", "/api/embeddings"):
            legacyEmbed(request, w)
        case ("POST", "/api/pull"):
            pull(request, w)
        case (_, let path) where path.hasPrefix("/api/"):
            w.respond(status: 405, contentType: "text/plain", body: Data("405 method not allowed".utf8))
        default:
            w.respond(status: 404, contentType: "text/plain", body: Data("404 page not found".utf8))
        }
    }

    private func model(named name: String) -> Model? {
        let canonical = name.contains(":") ? name : name + ":latest"
        return lock.withLock { models[canonical] }
    }

    /// 503 while the busy counter lasts.
    private func refuseIfBusy(_ w: ResponseWriter) -> Bool {
        let busy = lock.withLock { () -> Bool in
            if _behaviour.busyResponses > 0 {
                _behaviour.busyResponses -= 1
                return true
            }
            return false
        }
        if busy { w.json(503, #"{"error":"server busy, please try again.  maximum pending requests exceeded"}"#) }
        return busy
    }

    /// Sleeps for the model load the first time a model is used; returns the load duration in ns.
    private func loadIfNeeded(_ name: String) -> Int64 {
        let (first, delay) = lock.withLock { () -> (Bool, Double) in
            let first = !loaded.contains(name)
            loaded.insert(name)
            return (first, _behaviour.loadDelay)
        }
        guard first else { return 1_334_875 }
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        return Int64(max(delay, 0.5) * 1e9)
    }

    // MARK: endpoints

    private func tags(_ w: ResponseWriter) {
        let list = lock.withLock { models.values.sorted { $0.name < $1.name } }
        let entries: [[String: Any]] = list.map { m in
            ["name": m.name, "model": m.name, "modified_at": "2025-05-04T17:37:44.706015396-07:00", "size": m.size,
             "digest": String(repeating: "a8", count: 32),
             "details": ["parent_model": "", "format": "gguf", "family": m.arch, "families": [m.arch],
                         "parameter_size": m.parameterSize, "quantization_level": m.quantization] as [String: Any]]
        }
        w.json(200, Self.goJSON(["models": entries]))
    }

    private func show(_ request: TestRequest, _ w: ResponseWriter) {
        guard let body = request.json else { return w.json(400, #"{"error":"missing request body"}"#) }
        let name = (body["model"] as? String) ?? (body["name"] as? String) ?? ""
        guard let m = model(named: name) else { return w.json(404, Self.goJSON(["error": "model '\(name)' not found"])) }
        let info: [String: Any] = ["general.architecture": m.arch, "\(m.arch).context_length": m.contextLength,
                                   "\(m.arch).embedding_length": m.embeddingLength, "general.parameter_count": 3_212_749_888]
        let answer: [String: Any] = [
            "modelfile": "# Modelfile generated by \"ollama show\"\nFROM \(m.name)", "parameters": "num_keep 24\nstop \"<|eot_id|>\"",
            "template": "{{ .Prompt }}",
            "details": ["parent_model": "", "format": "gguf", "family": m.arch, "families": [m.arch],
                        "parameter_size": m.parameterSize, "quantization_level": m.quantization] as [String: Any],
            "model_info": info, "capabilities": m.capabilities, "modified_at": "2025-05-04T17:37:44.706015396-07:00",
        ]
        w.json(200, Self.goJSON(answer))
    }

    private func chat(_ request: TestRequest, _ w: ResponseWriter) {
        guard !request.body.isEmpty, let body = request.json else { return w.json(400, #"{"error":"missing request body"}"#) }
        guard let name = body["model"] as? String, !name.isEmpty else { return w.json(400, #"{"error":"model is required"}"#) }
        if refuseIfBusy(w) { return }
        guard let m = model(named: name) else { return w.json(404, Self.goJSON(["error": "model '\(name)' not found"])) }
        guard m.capabilities.contains("completion") else {
            return w.json(400, Self.goJSON(["error": "\"\(name)\" does not support chat"]))
        }
        if body["think"] as? Bool == true, !m.capabilities.contains("thinking") {
            return w.json(400, Self.goJSON(["error": "\"\(name)\" does not support thinking"]))
        }
        let messages = (body["messages"] as? [[String: Any]]) ?? []
        let options = (body["options"] as? [String: Any]) ?? [:]
        let numCtx = (options["num_ctx"] as? Int) ?? 4096
        // Tokens as Ollama's tokenizer would roughly count them: ~4 bytes each plus template overhead.
        let promptTokens = messages.reduce(3) { $0 + (((($1["content"] as? String) ?? "").utf8.count + 3) / 4) + 4 }
        // Silent truncation (§1.9): keep about half the window, answer 200, report the smaller count.
        let evaluated = promptTokens > numCtx ? numCtx / 2 : promptTokens
        let loadNs = loadIfNeeded(m.name)
        let b = behaviour
        let answer = b.script?(messages) ?? Self.answer(for: messages, format: body["format"])
        var pieces = Self.tokens(answer) + Array(repeating: " more", count: b.extraTokens)
        let wantsThinking = body["think"] as? Bool != false && m.capabilities.contains("thinking")
        let stream = (body["stream"] as? Bool) ?? true

        if !stream {
            var final: [String: Any] = ["model": name, "created_at": Self.createdAt(7),
                                        "message": ["role": "assistant", "content": answer] as [String: Any],
                                        "done": true, "done_reason": "stop", "total_duration": 2_254_970_291 + loadNs,
                                        "load_duration": loadNs, "prompt_eval_count": evaluated,
                                        "prompt_eval_duration": 1_502_000_000, "eval_count": pieces.count, "eval_duration": 175_000_000]
            if wantsThinking { final["message"] = ["role": "assistant", "content": answer, "thinking": "Let me think."] }
            return w.json(200, Self.goJSON(final))
        }

        var lines: [Data] = []
        var index = 0
        if wantsThinking {
            for t in ["Let", " me", " think."] {
                lines.append(line(["model": name, "created_at": Self.createdAt(index),
                                   "message": ["role": "assistant", "content": "", "thinking": t] as [String: Any], "done": false]))
                index += 1
            }
        }
        let last = b.contentOnDoneLine ? pieces.popLast() ?? "" : ""
        for (n, piece) in pieces.enumerated() {
            if let k = b.midStreamErrorAfter, n == k {
                lines.append(Data(#"{"error":"an error was encountered while running the model"}"#.utf8) + Data([0x0A]))
                return send(lines, framing: b.framing, delay: b.tokenDelay, stallAfter: nil, w)
            }
            var content = Data(Self.goJSON(["model": name, "created_at": Self.createdAt(index),
                                            "message": ["role": "assistant", "content": piece] as [String: Any], "done": false]).utf8)
            if b.invalidUTF8 && n == 1 {
                // Replace the content with bytes that are not UTF-8 (a lone continuation byte and 0xFF).
                let text = String(decoding: content, as: UTF8.self)
                    .replacingOccurrences(of: "\"content\":\"\(Self.escape(piece))\"", with: "\"content\":\"\u{1}\"")
                content = Data(text.utf8)
                let marker = content.firstRange(of: Data([0x01]))!
                content.replaceSubrange(marker, with: Data([0x61, 0x80, 0xFF, 0x62]))
            }
            lines.append(content + Data([0x0A]))
            index += 1
        }
        if !b.omitDone {
            var final: [String: Any] = ["model": name, "created_at": Self.createdAt(index),
                                        "message": ["role": "assistant", "content": last] as [String: Any],
                                        "done": true, "done_reason": "stop", "total_duration": 4_883_583_458 + loadNs,
                                        "load_duration": loadNs, "prompt_eval_duration": 342_546_000,
                                        "eval_count": pieces.count + 1, "eval_duration": 4_535_599_000]
            // Metrics are omitempty: a zero count is absent.
            if evaluated > 0 { final["prompt_eval_count"] = evaluated }
            lines.append(line(final))
        }
        send(lines, framing: b.framing, delay: b.tokenDelay, stallAfter: b.stallAfter.map { $0 + (wantsThinking ? 3 : 0) }, w)
    }

    private func line(_ object: [String: Any]) -> Data { Data(Self.goJSON(object).utf8) + Data([0x0A]) }

    /// Writes NDJSON lines as a chunked stream with the chosen write boundaries.
    private func send(_ lines: [Data], framing: Framing, delay: Double, stallAfter: Int?, _ w: ResponseWriter) {
        w.startChunked(contentType: "application/x-ndjson")
        var writes: [Data]
        switch framing {
        case .perLine: writes = lines
        case .coalesced: writes = [lines.reduce(Data(), +)]
        case .split(let size):
            let all = lines.reduce(Data(), +)
            writes = stride(from: 0, to: all.count, by: size).map { all.subdata(in: $0..<min($0 + size, all.count)) }
        }
        if let stallAfter { writes = Array(writes.prefix(stallAfter)) }
        for data in writes {
            if !w.chunk(data) {
                lock.withLock { _disconnects += 1 }
                return
            }
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        }
        if stallAfter != nil {
            w.waitForClientClose(limit: 20)
            if w.clientGone { lock.withLock { _disconnects += 1 } }
            return
        }
        w.endChunked()
    }

    private func embed(_ request: TestRequest, _ w: ResponseWriter) {
        guard !request.body.isEmpty, let body = request.json else { return w.json(400, #"{"error":"missing request body"}"#) }
        guard let name = body["model"] as? String, !name.isEmpty else { return w.json(400, #"{"error":"model is required"}"#) }
        if refuseIfBusy(w) { return }
        guard let m = model(named: name) else { return w.json(404, Self.goJSON(["error": "model '\(name)' not found"])) }
        let inputs: [String]
        if let one = body["input"] as? String { inputs = one.isEmpty ? [] : [one] }
        else if let many = body["input"] as? [String] { inputs = many }
        else if body["input"] == nil { inputs = [] }
        else { return w.json(400, #"{"error":"invalid input type"}"#) }
        let loadNs = loadIfNeeded(m.name)
        guard m.capabilities.contains("embedding") else {
            // Modern Ollama loads a chat model, then its runner refuses (§1.6).
            return w.json(501, Self.goJSON(["error": "This server does not support embeddings. Start it with `--embeddings`"]))
        }
        if body["truncate"] as? Bool == false, inputs.contains(where: { $0.utf8.count / 4 > m.contextLength }) {
            return w.json(400, #"{"error":"the input length exceeds the context length"}"#)
        }
        var vectors = inputs.map { Self.vector(for: $0, dimension: m.embeddingLength) }
        if behaviour.dropOneEmbedding, !vectors.isEmpty { vectors.removeLast() }
        let object: [String: Any] = ["model": name, "embeddings": vectors, "total_duration": 14_143_917 + loadNs,
                                     "load_duration": loadNs, "prompt_eval_count": inputs.reduce(0) { $0 + $1.utf8.count / 4 + 1 }]
        w.json(200, Self.goJSON(object))
    }

    private func legacyEmbed(_ request: TestRequest, _ w: ResponseWriter) {
        guard let body = request.json, let name = body["model"] as? String else { return w.json(400, #"{"error":"model is required"}"#) }
        guard let m = model(named: name) else { return w.json(404, Self.goJSON(["error": "model '\(name)' not found"])) }
        let prompt = (body["prompt"] as? String) ?? ""
        let vector = prompt.isEmpty ? [] : Self.vector(for: prompt, dimension: m.embeddingLength).map { $0 * 3.5 }
        w.json(200, Self.goJSON(["embedding": vector]))
    }

    private func pull(_ request: TestRequest, _ w: ResponseWriter) {
        guard let body = request.json else { return w.json(400, #"{"error":"missing request body"}"#) }
        let name = (body["model"] as? String) ?? (body["name"] as? String) ?? ""
        var lines = [line(["status": "pulling manifest"])]
        guard name.hasPrefix("all-minilm") else {
            lines.append(line(["error": "pull model manifest: file does not exist"]))
            return send(lines, framing: .perLine, delay: 0.002, stallAfter: nil, w)
        }
        let digest = "sha256:" + String(repeating: "dd", count: 32)
        lines.append(line(["status": "pulling dde5aa3fc5ff", "digest": digest, "total": 45_949_216]))
        for done in [241_970, 22_000_000, 45_949_216] {
            lines.append(line(["status": "pulling dde5aa3fc5ff", "digest": digest, "total": 45_949_216, "completed": done]))
        }
        lines += ["verifying sha256 digest", "writing manifest", "success"].map { line(["status": $0]) }
        lock.withLock {
            models["all-minilm:latest"] = Model(name: "all-minilm:latest", arch: "bert", contextLength: 512, embeddingLength: 384,
                                                capabilities: ["embedding"], size: 45_949_216, parameterSize: "23M", quantization: "F16")
        }
        send(lines, framing: .perLine, delay: 0.002, stallAfter: nil, w)
    }

    // MARK: model behaviour

    /// The dull model: restates the question; with a JSON Schema `format`, emits an instance of the schema.
    static func answer(for messages: [[String: Any]], format: Any?) -> String {
        if let schema = format as? [String: Any] {
            return goJSON(instance(of: schema))
        }
        if format as? String == "json" { return #"{"answer":"ok"}"# }
        let question = (messages.last?["content"] as? String) ?? ""
        let words = question.split(whereSeparator: \.isWhitespace).prefix(6).joined(separator: " ")
        return "You asked about \(words). Rayleigh scattering makes the sky blue: 日本 café → done."
    }

    static func instance(of schema: [String: Any]) -> Any {
        switch schema["type"] as? String {
        case "object":
            var object: [String: Any] = [:]
            for (key, sub) in (schema["properties"] as? [String: Any]) ?? [:] {
                object[key] = instance(of: (sub as? [String: Any]) ?? [:])
            }
            return object
        case "array": return [instance(of: (schema["items"] as? [String: Any]) ?? [:])]
        case "integer", "number": return 1
        case "boolean": return true
        default: return "text"
        }
    }

    /// Splits the answer into word-ish tokens (leading space kept, like BPE tokens).
    static func tokens(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            if character == " ", !current.isEmpty {
                pieces.append(current)
                current = ""
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// A deterministic L2-normalised vector for a text.
    static func vector(for text: String, dimension: Int) -> [Double] {
        var state = UInt64(1469598103934665603)
        for byte in text.utf8 { state = (state ^ UInt64(byte)) &* 1099511628211 }
        var values: [Double] = []
        values.reserveCapacity(dimension)
        for _ in 0..<dimension {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(Int64(bitPattern: state >> 11) % 2000) / 1000.0 - 1.0)
        }
        let norm = sqrt(values.reduce(0) { $0 + $1 * $1 })
        return values.map { $0 / max(norm, 1e-9) }
    }

    /// Go's RFC 3339 with `n % 10` fractional digits (trailing zeros dropped, none when zero), cycling offsets.
    static func createdAt(_ n: Int) -> String {
        let digits = n % 10
        let fraction = digits == 0 ? "" : "." + String("123456789".prefix(digits))
        let zone = n % 3 == 0 ? "Z" : (n % 3 == 1 ? "-07:00" : "+05:30")
        return "2025-10-26T17:15:24\(fraction)\(zone)"
    }

    /// Compact JSON with Go's HTML escaping of <, > and &.
    static func goJSON(_ object: Any) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    static func escape(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        let s = String(decoding: data, as: UTF8.self)
        return String(s.dropFirst(2).dropLast(2))
    }
}
