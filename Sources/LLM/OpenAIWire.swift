import Foundation

/// One `chat.completion.chunk` of an OpenAI-compatible stream, or a whole `chat.completion`.
struct OpenAIChatChunk: Decodable {
    struct Choice: Decodable {
        struct Delta: Decodable {
            var content: String?
            var reasoning_content: String?
            var reasoning: String?
        }
        var delta: Delta?
        var message: Delta?
        var finish_reason: String?
    }
    struct Usage: Decodable {
        var prompt_tokens: Int?
        var completion_tokens: Int?
    }
    var model: String?
    var created: Double?
    var choices: [Choice]?
    var usage: Usage?
    var error: JSONValue?
}

/// The `/v1/embeddings` answer.
struct OpenAIEmbeddingResponse: Decodable {
    struct Item: Decodable {
        var embedding: [Double]
        var index: Int?
    }
    var data: [Item]?
    var model: String?
}

/// The `/v1/models` answer (llama-server adds `meta`).
struct OpenAIModelsResponse: Decodable {
    struct Model: Decodable {
        struct Meta: Decodable {
            var n_ctx_train: Int?
            var n_embd: Int?
            var n_params: Int?
            var size: Int?
        }
        var id: String
        var created: Double?
        var owned_by: String?
        var meta: Meta?
    }
    var data: [Model]?
}

/// llama-server's `/props` (only the fields used).
struct LlamaServerProps: Decodable {
    struct Settings: Decodable {
        var n_ctx: Int?
    }
    var default_generation_settings: Settings?
    var build_info: String?
    var model_path: String?
}

/// The text of an OpenAI-style `error` value: a string or `{"message": ...}`.
func openAIErrorMessage(_ value: JSONValue) -> String {
    value.stringValue ?? value["message"]?.stringValue ?? "unknown error"
}
