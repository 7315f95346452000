import Foundation
import TestSupport

/// A stand-in for llama.cpp's `llama-server` (protocol reference §3): one model, OpenAI-compatible SSE chat
/// ending in `data: [DONE]`, first delta with `content:null`, comment pings, `/v1/embeddings` only in embeddings
/// mode (and chat refused with 501 there), OpenAI-shaped errors, context-size refusals.
final class LlamaServerSimulator: @unchecked Sendable {
    struct Behaviour {
        /// Serve embeddings (and refuse chat), as with `--embeddings`.
        var embeddingsMode = false
        /// End the stream without `data: [DONE]`.
        var omitDone = false
        /// After this many deltas, send `data: {"error":...}` and stop (new llama.cpp).
        var dataErrorAfter: Int?
        /// After this many deltas, send the legacy `error: {...}` line, then `data: [DONE]`.
        var legacyErrorAfter: Int?
        /// Refuse prompts above this many (estimated) tokens with 400 exceed_context_size_error.
        var contextSize = 2048
        /// Require this bearer token.
        var requiredKey: String?
        /// Split every write into pieces of this many bytes.
        var splitEvery: Int?
        /// Ignore `stream: true` and answer with one JSON object, as some servers do.
        var ignoreStream = false
    }

    private let lock = NSLock()
    private var _behaviour = Behaviour()
    private var _requests: [TestRequest] = []
    private(set) var server: TestHTTPServer!

    var baseURL: String { server.baseURL }
    var behaviour: Behaviour {
        get { lock.withLock { _behaviour } }
        set { lock.withLock { _behaviour = newValue } }
    }
    var requests: [TestRequest] { lock.withLock { _requests } }

    init() throws {
        server = try TestHTTPServer { [unowned self] request, writer in self.handle(request, writer) }
    }

    func stop() { server.stop() }

    private func error(_ w: ResponseWriter, _ code: Int, _ type: String, _ message: String, extra: String = "") {
        w.json(code, #"{"error":{"code":\#(code),"message":"\#(message)","type":"\#(type)"\#(extra)}}"#)
    }

    private func handle(_ request: TestRequest, _ w: ResponseWriter) {
        lock.withLock { _requests.append(request) }
        let b = behaviour
        if let key = b.requiredKey, request.path != "/health", request.headers["authorization"] != "Bearer \(key)" {
            return error(w, 401, "authentication_error", "Invalid API Key")
        }
        switch (request.method, request.path) {
        case ("GET", "/health"):
            w.json(200, #"{"status":"ok"}"#)
        case ("GET", "/props"):
            w.json(200, #"{"default_generation_settings":{"n_ctx":\#(b.contextSize)},"total_slots":1,"build_info":"b6999-sim"}"#)
        case ("GET", "/v1/models"):
            let dims = b.embeddingsMode ? 576 : 576
            w.json(200, #"{"object":"list","data":[{"id":"smollm2","object":"model","created":1735142223,"owned_by":"llamacpp","meta":{"vocab_type":2,"n_vocab":49152,"n_ctx_train":8192,"n_embd":\#(dims),"n_params":134515008,"size":98000000}}]}"#)
        case ("POST", "/v1/chat/completions"):
            chat(request, w, b)
        case ("POST", "/v1/embeddings"):
            embeddings(request, w, b)
        default:
            error(w, 404, "not_found_error", "File Not Found")
        }
    }

    private func chat(_ request: TestRequest, _ w: ResponseWriter, _ b: Behaviour) {
        if b.embeddingsMode {
            return error(w, 501, "not_supported_error", "This server does not support completions. Start it without `--embeddings`")
        }
        guard let body = request.json, let messages = body["messages"] as? [[String: Any]] else {
            return error(w, 400, "invalid_request_error", "'messages' is required")
        }
        let promptTokens = messages.reduce(3) { $0 + ((($1["content"] as? String) ?? "").utf8.count + 3) / 4 + 4 }
        if promptTokens > b.contextSize {
            return error(w, 400, "exceed_context_size_error",
                         "request (\(promptTokens) tokens) exceeds the available context size (\(b.contextSize) tokens), try increasing it",
                         extra: #","n_prompt_tokens":\#(promptTokens),"n_ctx":\#(b.contextSize)"#)
        }
        let answer = OllamaSimulator.answer(for: messages, format: (body["response_format"] as? [String: Any]).flatMap {
            (($0["json_schema"] as? [String: Any])?["schema"]) ?? ($0["type"] as? String == "json_object" ? "json" : nil)
        })
        let pieces = OllamaSimulator.tokens(answer)
        let usage = #"{"completion_tokens":\#(pieces.count),"prompt_tokens":\#(promptTokens),"total_tokens":\#(pieces.count + promptTokens)}"#
        guard body["stream"] as? Bool == true, !b.ignoreStream else {
            let content = OllamaSimulator.escape(answer)
            return w.json(200, #"{"choices":[{"finish_reason":"stop","index":0,"message":{"role":"assistant","content":"\#(content)"}}],"created":1757141666,"model":"smollm2","object":"chat.completion","usage":\#(usage),"id":"chatcmpl-1"}"#)
        }
        var events: [String] = [": ping"]
        func chunk(_ delta: String, finish: String = "null") -> String {
            #"data: {"choices":[{"finish_reason":\#(finish),"index":0,"delta":\#(delta)}],"created":1757141666,"id":"chatcmpl-1","model":"smollm2","system_fingerprint":"b6999-sim","object":"chat.completion.chunk"}"#
        }
        events.append(chunk(#"{"role":"assistant","content":null}"#))
        for (n, piece) in pieces.enumerated() {
            if let k = b.dataErrorAfter, n == k {
                events.append(#"data: {"error":{"code":500,"message":"slot crashed","type":"server_error"}}"#)
                return write(events, w, b)
            }
            if let k = b.legacyErrorAfter, n == k {
                events.append(#"error: {"code":500,"message":"legacy failure","type":"server_error"}"#)
                events.append("data: [DONE]")
                return write(events, w, b)
            }
            events.append(chunk(#"{"content":"\#(OllamaSimulator.escape(piece))"}"#))
        }
        events.append(chunk("{}", finish: #""stop""#))
        events.append(#"data: {"choices":[],"created":1757141666,"id":"chatcmpl-1","model":"smollm2","object":"chat.completion.chunk","usage":\#(usage)}"#)
        if !b.omitDone { events.append("data: [DONE]") }
        write(events, w, b)
    }

    private func write(_ events: [String], _ w: ResponseWriter, _ b: Behaviour) {
        w.startChunked(contentType: "text/event-stream")
        let all = Data(events.map { $0 + "\n\n" }.joined().utf8)
        let size = b.splitEvery ?? all.count
        for start in stride(from: 0, to: all.count, by: size) {
            if !w.chunk(all.subdata(in: start..<min(start + size, all.count))) { return }
            Thread.sleep(forTimeInterval: 0.002)
        }
        w.endChunked()
    }

    private func embeddings(_ request: TestRequest, _ w: ResponseWriter, _ b: Behaviour) {
        guard b.embeddingsMode else {
            return error(w, 501, "not_supported_error", "This server does not support embeddings. Start it with `--embeddings`")
        }
        guard let body = request.json else { return error(w, 400, "invalid_request_error", "invalid input") }
        let inputs = (body["input"] as? [String]) ?? ((body["input"] as? String).map { [$0] } ?? [])
        if inputs.contains("") { return error(w, 400, "invalid_request_error", "Input content cannot be empty") }
        // Answer in reverse order with explicit indices: the client must sort by index.
        let items = inputs.enumerated().reversed().map { index, text in
            let vector = OllamaSimulator.vector(for: text, dimension: 576).map { String($0) }.joined(separator: ",")
            return #"{"embedding":[\#(vector)],"index":\#(index),"object":"embedding"}"#
        }
        w.json(200, #"{"model":"smollm2","object":"list","usage":{"prompt_tokens":4,"total_tokens":4},"data":[\#(items.joined(separator: ","))]}"#)
    }
}
