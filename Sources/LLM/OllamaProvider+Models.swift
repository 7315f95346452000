import Foundation
import HTTP

extension OllamaProvider {
    /// Embeds the inputs with `/api/embed` in one request (vectors come back L2-normalised, in input order).
    public func embedBatch(_ inputs: [String], model: String) async throws -> [[Float]] {
        if inputs.isEmpty { return [] }
        var body: [String: JSONValue] = [
            "model": .string(model),
            "input": .array(inputs.map(JSONValue.string)),
            "truncate": .bool(true),
        ]
        if let keepAlive = settings.keepAlive { body["keep_alive"] = .string(keepAlive) }
        let data = try await runner.send(post("/api/embed", encodeBody(body), timeouts: settings.timeouts),
                                         purpose: .embed(model: model))
        let decoded = try decodeJSON(OllamaEmbedResponse.self, from: data)
        if let error = decoded.error { throw LLMError.streamError(message: error) }
        let vectors = decoded.embeddings ?? []
        guard vectors.count == inputs.count else {
            throw LLMError.embeddingCountMismatch(expected: inputs.count, got: vectors.count)
        }
        return vectors.map { $0.map(Float.init) }
    }

    /// Lists installed models (`/api/tags`).
    public func listModels() async throws -> [ModelSummary] {
        let request = HTTPRequest(url: url("/api/tags"), timeouts: settings.metadataTimeouts)
        let data = try await runner.send(request, purpose: .server)
        let decoded = try decodeJSON(OllamaTagsResponse.self, from: data)
        return (decoded.models ?? []).map { model in
            ModelSummary(name: model.name ?? model.model ?? "?", sizeBytes: model.size,
                         modifiedAt: model.modified_at.flatMap(RFC3339.parse), family: model.details?.family,
                         parameterSize: model.details?.parameter_size, quantization: model.details?.quantization_level,
                         capabilities: model.capabilities.map { Set($0.map(ModelCapability.init(rawValue:))) },
                         contextLength: model.details?.context_length, embeddingLength: model.details?.embedding_length)
        }
    }

    /// Reads context length, embedding dimension and capabilities from `/api/show`.
    public func modelInfo(_ model: String) async throws -> ModelInfo {
        let body = encodeBody(["model": .string(model), "name": .string(model)])
        let data = try await runner.send(post("/api/show", body, timeouts: settings.metadataTimeouts), purpose: .model(model))
        let decoded = try decodeJSON(OllamaShowResponse.self, from: data)
        let info = decoded.model_info ?? [:]
        let arch = info["general.architecture"]?.stringValue
        let context = arch.flatMap { info["\($0).context_length"]?.intValue }
        let embedding = arch.flatMap { info["\($0).embedding_length"]?.intValue }
        return ModelInfo(name: model, architecture: arch, contextLength: context, embeddingLength: embedding,
                         capabilities: Set((decoded.capabilities ?? []).map(ModelCapability.init(rawValue:))),
                         parameterSize: decoded.details?.parameter_size, quantization: decoded.details?.quantization_level)
    }

    /// Checks the daemon with `/api/version`.
    public func health() async throws -> ServerHealth {
        let start = ContinuousClock.now
        let data = try await runner.send(HTTPRequest(url: url("/api/version"), timeouts: settings.metadataTimeouts), purpose: .server)
        let elapsed = ContinuousClock.now - start
        let version = try decodeJSON(OllamaVersionResponse.self, from: data).version
        return ServerHealth(version: version, latencySeconds: elapsed.secondsDouble)
    }

    /// Downloads a model with `/api/pull`, streaming progress; ends after `success`, throws on an `error` line.
    public func pull(_ model: String) -> AsyncThrowingStream<PullProgress, any Error> {
        let body = encodeBody(["model": .string(model), "name": .string(model), "stream": .bool(true)])
        var timeouts = settings.timeouts
        timeouts.idle = max(timeouts.idle, 300)
        timeouts.total = .infinity  // a download of many GB may take hours; progress lines keep the idle timer fed
        let request = post("/api/pull", body, timeouts: timeouts)
        return StreamDriver.run(runner: runner, request: request, purpose: .model(model)) { continuation in
            return { line in
                if line.allSatisfy({ $0 == 0x20 }) { return .more }
                let decoded = try decodeJSON(OllamaPullLine.self, from: line)
                if let error = decoded.error { throw LLMError.streamError(message: error) }
                let status = decoded.status ?? ""
                continuation.yield(PullProgress(status: status, digest: decoded.digest, total: decoded.total,
                                                completed: decoded.completed))
                return status == "success" ? .finished : .more
            }
        }
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var secondsDouble: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
