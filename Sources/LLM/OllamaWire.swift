import Foundation

/// One line of an Ollama `/api/chat` stream, or its whole non-streamed answer; every field optional.
struct OllamaChatLine: Decodable {
    struct Message: Decodable {
        var content: String?
        var thinking: String?
    }
    var model: String?
    var created_at: String?
    var message: Message?
    var response: String?
    var thinking: String?
    var done: Bool?
    var done_reason: String?
    var total_duration: Int64?
    var load_duration: Int64?
    var prompt_eval_count: Int?
    var eval_count: Int?
    var error: String?
}

/// The `/api/embed` answer.
struct OllamaEmbedResponse: Decodable {
    var model: String?
    var embeddings: [[Double]]?
    var error: String?
}

/// The `/api/tags` answer.
struct OllamaTagsResponse: Decodable {
    struct Model: Decodable {
        struct Details: Decodable {
            var family: String?
            var parameter_size: String?
            var quantization_level: String?
            var context_length: Int?
            var embedding_length: Int?
        }
        var name: String?
        var model: String?
        var modified_at: String?
        var size: Int?
        var details: Details?
        var capabilities: [String]?
    }
    var models: [Model]?
}

/// The `/api/show` answer (abridged).
struct OllamaShowResponse: Decodable {
    struct Details: Decodable {
        var family: String?
        var parameter_size: String?
        var quantization_level: String?
    }
    var details: Details?
    var model_info: [String: JSONValue]?
    var capabilities: [String]?
}

/// One `/api/pull` progress line.
struct OllamaPullLine: Decodable {
    var status: String?
    var digest: String?
    var total: Int?
    var completed: Int?
    var error: String?
}

/// The `/api/version` answer.
struct OllamaVersionResponse: Decodable {
    var version: String?
}

extension Int64 {
    /// Nanoseconds to seconds.
    var seconds: Double { Double(self) / 1e9 }
}
